"""The CLI's use of every core: forked workers give exactly what one process gives, errors included."""
import json
import os
import signal
import time

import pytest

from dedupe import engine, reading
from dedupe.engine import find_duplicates_in_records
from dedupe.parallel import Background, ChunkPool, chunk_map, int_pairs_from_bytes, int_pairs_to_bytes, split_evenly
from dedupe.reading import InputError, line_ranges, read_inputs
from tests.dedupe.crm_rows import company, contact, lead, requisite


def _pid_and_square(chunk):
    time.sleep(0.005)                  # slow enough that every process gets chunks
    return [os.getpid(), chunk * chunk]


def test_chunk_map_returns_every_chunk_in_order_wherever_each_was_done():
    results = chunk_map(_pid_and_square, 40, 2, pack=lambda result: result, unpack=lambda plain: plain)
    assert [square for _, square in results] == [chunk * chunk for chunk in range(40)]
    assert os.getpid() in {pid for pid, _ in results} and len({pid for pid, _ in results}) == 2
    assert chunk_map(_pid_and_square, 3, 1, pack=None, unpack=None) == [[os.getpid(), 0], [os.getpid(), 1], [os.getpid(), 4]]


def test_chunk_pool_does_every_chunk_exactly_once_over_all_processes():
    done_where = []

    def work(chunk):
        done_where.append(chunk)       # only this process's own list grows
        return _pid_and_square(chunk)

    with ChunkPool(40, 2, work, pack=lambda result: result) as pool:
        results = pool.all_results(work, unpack=lambda plain: plain)
    theirs = [chunk for chunk, (pid, _) in enumerate(results) if pid != os.getpid()]
    assert sorted(done_where + theirs) == list(range(40)) and theirs and done_where


def test_chunk_pool_raises_here_what_a_worker_raised_and_leaves_no_process():
    def work(chunk):
        if os.getpid() != parent:
            raise KeyError(f"chunk {chunk} is broken")
        time.sleep(0.01)               # leave the worker chunks to take
        return chunk

    parent = os.getpid()
    pool = ChunkPool(50, 1, work, pack=lambda result: result)
    pids = [worker.pid for worker in pool._workers]
    with pytest.raises(KeyError, match="is broken"), pool:
        pool.all_results(work, unpack=lambda plain: plain)
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_worker_that_dies_without_answering_is_an_error_here_not_a_hang_or_a_zombie(tmp_path):
    pid_file = tmp_path / "child.pid"

    def work(chunk):
        if os.getpid() != parent:
            pid_file.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.01)
        return chunk

    parent = os.getpid()
    with pytest.raises(RuntimeError, match="worker process failed"):
        chunk_map(work, 20, 2, pack=lambda result: result, unpack=lambda plain: plain)
    with pytest.raises(ChildProcessError):
        os.waitpid(int(pid_file.read_text()), os.WNOHANG)     # already reaped


@pytest.mark.parametrize("attempt", range(3))
def test_of_several_failing_chunks_the_earliest_is_raised_whichever_process_met_it(attempt):
    def work(chunk):
        time.sleep(0.002)
        if chunk in (5, 12, 25):
            raise ValueError(f"chunk {chunk}")
        return chunk

    with pytest.raises(ValueError, match=r"^chunk 5$"):
        chunk_map(work, 30, 2, pack=lambda result: result, unpack=lambda plain: plain)


def test_an_interrupted_wait_for_a_background_job_leaves_no_child_and_no_descriptor():
    def interrupt(signum, frame):
        raise TimeoutError("interrupted")

    job = Background(lambda: time.sleep(60), pack=lambda r: r, unpack=lambda p: p)
    pid, read_end = job._child
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(TimeoutError), job:
            job.result()
    finally:
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    with pytest.raises(OSError):
        os.fstat(read_end)


def test_int_pairs_cross_as_bytes_unchanged():
    pairs = {(0, 1), (5, 2**40), (7, 3)}
    assert int_pairs_from_bytes(int_pairs_to_bytes(pairs)) == pairs and int_pairs_from_bytes(b"") == set()


def test_background_work_runs_in_a_child_while_this_process_goes_on():
    with Background(lambda: [os.getpid(), 6 * 7], pack=lambda r: r, unpack=lambda p: p) as job:
        here = os.getpid()
        pid, answer = job.result()
    assert answer == 42 and pid != here
    data = [1]
    with Background(lambda: list(data), pack=lambda r: r, unpack=lambda p: p, parallel=False) as job:
        data.append(2)                 # what this process changes afterwards, a child would not see either
        assert job.result() == [1]


@pytest.mark.parametrize("parallel", [True, False])
def test_a_background_result_is_taken_once(parallel):
    with Background(lambda: 1, pack=lambda r: r, unpack=lambda p: p, parallel=parallel) as job:
        assert job.result() == 1
        with pytest.raises(RuntimeError, match="taken once"):
            job.result()


def test_a_chunk_pool_takes_no_more_chunks_than_its_pipe_holds():
    with pytest.raises(ValueError, match="at most"):
        ChunkPool(ChunkPool.MAX_CHUNKS + 1, 1, lambda chunk: chunk, pack=lambda r: r)


def test_background_raises_here_what_the_child_raised():
    def work():
        raise ValueError("bad blocks")

    with pytest.raises(ValueError, match="bad blocks"), Background(work, pack=lambda r: r, unpack=lambda p: p) as job:
        job.result()


def test_background_child_is_stopped_when_this_process_fails_first():
    job = Background(lambda: time.sleep(60), pack=lambda r: r, unpack=lambda p: p)
    pid = job._child[0]
    with pytest.raises(RuntimeError, match="failed first"), job:
        raise RuntimeError("failed first")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)                         # killed and reaped, not left running


def test_split_evenly_covers_the_range_once():
    assert split_evenly(7, 3) == [(0, 2), (2, 4), (4, 7)]
    assert split_evenly(1, 2) == [(0, 0), (0, 1)]


def test_line_ranges_cut_only_at_line_starts_and_cover_the_file(tmp_path):
    path = tmp_path / "rows.jsonl"
    lines = [json.dumps({"ID": str(n), "NAME": "Имя" * (n % 7)}, ensure_ascii=False) + "\n" for n in range(100)]
    path.write_text("".join(lines), encoding="utf-8")
    data = path.read_bytes()
    ranges = line_ranges(str(path), 4)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(left[1] == right[0] for left, right in zip(ranges, ranges[1:]))
    assert all(start == 0 or data[start - 1:start] == b"\n" for start, _ in ranges)
    ids = [row["ID"] for start, end in ranges for row in reading.read_json_lines(str(path), start, end)]
    assert ids == [str(n) for n in range(100)]


def _write(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return str(path)


@pytest.fixture
def always_parallel(monkeypatch):
    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reading, "CHUNK_BYTES", 1 << 10)            # many chunks, taken by both processes
    for threshold in ("PARALLEL_MIN_PAIRS", "PARALLEL_MIN_PEOPLE", "PARALLEL_MIN_GROUPED_PAIRS"):
        monkeypatch.setattr(engine, threshold, 0)
    monkeypatch.setattr(engine, "SCORING_CHUNK_PAIRS", 50)           # many chunks, taken by both processes


def test_two_cores_read_and_group_exactly_as_one(tmp_path, always_parallel):
    people = []
    for n in range(300):
        people.append(contact(2 * n, "Иван", f"Петров{n % 40}", phones=[f"+7916{n:07d}"], emails=[f"p{n}@firm{n % 9}.ru"],
                              company_id=str(n % 5 + 1)))
        people.append(contact(2 * n + 1, "Ваня", f"Петров{n % 40}", phones=[f"8 916 {n:07d}"]))
    contacts = _write(tmp_path / "contacts.jsonl", people)
    companies = _write(tmp_path / "companies.jsonl", [company(i, f"ООО Фирма {i}", phones=[f"+7495000000{i}"]) for i in range(1, 6)])
    requisites = _write(tmp_path / "requisites.jsonl", [requisite(1, "7707083893", "770701001"),
                                                        requisite(599, "500100732259", owner_type="3")])
    leads = _write(tmp_path / "leads.jsonl", [lead(7, "Иван", "Петров3", phones=["+79160000003"]),
                                              lead(8, "Ольга", "Смирнова", company_title="ООО Фирма 1", phones=["+74950000001"])])
    one = read_inputs(contacts, companies, leads, requisites, cores=1)
    two = read_inputs(contacts, companies, leads, requisites, cores=2)
    assert two == one and len(one) == 5 + 600 + 2
    assert next(record for record in two if record.id == "599" and record.kind == "contact").legal_ids
    read = list(one)
    clusters = find_duplicates_in_records(one, cores=1)
    assert len(clusters) > 50 and find_duplicates_in_records(two, cores=2) == clusters
    assert one == read and find_duplicates_in_records(one, cores=1) == clusters   # the input is left as it was


def test_a_bad_line_in_a_workers_range_names_its_line_in_the_whole_file(tmp_path, always_parallel):
    rows = [json.dumps(contact(n, "Иван", "Петров")) + "\n" for n in range(50)]
    rows[40] = "{oops\n"
    path = tmp_path / "contacts.jsonl"
    path.write_text("".join(rows), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_inputs(str(path), None, None, None, cores=2)
    assert raised.value.key == "bad_json" and raised.value.values["line"] == 41


def test_of_two_bad_lines_the_first_is_named_on_two_cores_as_on_one(tmp_path, always_parallel):
    rows = [json.dumps(contact(n, "Иван", "Петров")) + "\n" for n in range(60)]
    rows[2] = rows[50] = "{oops\n"
    path = tmp_path / "contacts.jsonl"
    path.write_text("".join(rows), encoding="utf-8")
    for cores in (1, 2, 2, 2):
        with pytest.raises(InputError) as raised:
            read_inputs(str(path), None, None, None, cores=cores)
        assert raised.value.values["line"] == 3


def test_only_companies_and_leads_read_on_many_cores_too(tmp_path, always_parallel):
    companies = _write(tmp_path / "companies.jsonl", [company(1, "ООО Ромашка", phones=["+74951112233"])])
    leads = _write(tmp_path / "leads.jsonl", [lead(7, "Иван", "Петров", phones=["+74951112233"])])
    assert [record.kind for record in read_inputs(None, companies, leads, None, cores=2)] == ["company", "lead"]
