"""Work split over forked processes: how `poryadok dedupe find` uses every core of the machine.

Fork only from a single-threaded process that owns its work, like the CLI: forking a process that
runs other threads (a web server, a task queue) can copy a lock some thread holds. So the engine forks
only when its caller passes cores > 1, and the library default is one core.

A child sends its result back as marshal data — builtin tuples, lists and strings — through a pipe
(Background) or an in-memory file whose parts it announces on a pipe (ChunkPool), because pickling
the engine's NamedTuples cost more than the second core saved; `pack` and `unpack` turn a result
into such data and back.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import select
import signal
import struct
import tempfile
from array import array
from collections.abc import Callable, Collection, Sequence
from itertools import chain
from typing import NamedTuple, TypeVar

Result = TypeVar("Result")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                      # not Linux
        return os.cpu_count() or 1


def split_evenly(size: int, parts: int) -> list[tuple[int, int]]:
    """[start, end) slices of range(size), as equal as can be."""
    return [(size * n // parts, size * (n + 1) // parts) for n in range(parts)]


def int_pairs_to_bytes(pairs: Collection[tuple[int, int]]) -> bytes:
    """Pairs of record positions as flat machine integers: marshal takes 0.6 s for a set of 200k pairs."""
    return array("q", chain.from_iterable(pairs)).tobytes()


def int_pairs_from_bytes(data: bytes) -> set[tuple[int, int]]:
    numbers = array("q")
    numbers.frombytes(data)
    numbers_left = iter(numbers)
    return set(zip(numbers_left, numbers_left))


class Background:
    """work() in a forked child while this process goes on with other work; `result()` waits for it and
    raises here what the child raised. Without `parallel` (or without os.fork) work runs here at once,
    so it sees the data as a child forked now would, whatever this process changes afterwards.

        with Background(work, pack, unpack, parallel=True) as job:
            other_work()
            value = job.result()
    """

    def __init__(self, work: Callable[[], Result], pack: Callable[[Result], object],
                 unpack: Callable[[object], Result], parallel: bool = True):
        self._unpack, self._taken = unpack, False
        self._child: tuple[int, int] | None = None
        self._error: BaseException | None = None
        if parallel and hasattr(os, "fork"):
            read_end, write_end = os.pipe()
            pid = _fork(lambda: _answer(write_end, lambda: pack(work())), parent_only=(read_end,),
                        child_only=(write_end,))
            self._child = (pid, read_end)
            return
        try:
            self._value = work()
        except Exception as error:              # noqa: BLE001 — raised by result(), as a child's would be
            self._error = error

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def result(self) -> Result:
        if self._taken:
            raise RuntimeError("the result of a background job is taken once")
        self._taken = True
        if self._child is None:
            if self._error is not None:
                raise self._error
            return self._value
        child, self._child = self._child, None          # _collect reaps it and closes its pipe, whatever happens
        return self._unpack(_collect(*child))

    def close(self) -> None:
        """Stop and reap the child if its result was never taken (this process failed first)."""
        if self._child is not None:
            child, self._child = self._child, None
            _stop(child[0], child[1:])


def _fork(child_body: Callable[[], None], parent_only: Sequence[int], child_only: Sequence[int]) -> int:
    """Fork: the child closes the descriptors only this process uses, runs child_body and exits — with
    status 0 only if child_body returned — never returning into the caller's code; this process closes
    the child's descriptors and gets its pid."""
    try:
        pid = os.fork()
    except OSError:
        for fd in (*parent_only, *child_only):
            os.close(fd)
        raise
    if pid:
        for fd in child_only:
            os.close(fd)
        return pid
    status = 1
    try:
        for fd in parent_only:
            os.close(fd)
        child_body()
        status = 0
    finally:
        os._exit(status)


def _answer(write_end: int, work: Callable[[], object]) -> None:
    """In a child: the result of work (or what it raised) as marshal data, written to the pipe."""
    try:
        payload = marshal.dumps((True, work()))
    except BaseException as error:              # noqa: BLE001 — every failure goes back to the parent
        payload = marshal.dumps((False, _pickled(error)))
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(payload)


def _stop(pid: int, fds: Sequence[int]) -> None:
    """Kill and reap a child, and close this process's descriptors for it. Call once per child: its pid
    and the descriptor numbers may be reused afterwards."""
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _pickled(error: BaseException) -> bytes:
    """The exception as it will be raised in the parent; one that cannot travel both ways goes as text."""
    try:
        data = pickle.dumps(error)
        pickle.loads(data)
        return data
    except Exception:                           # noqa: BLE001 — an exception that cannot travel
        return pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))


def _collect(pid: int, read_end: int) -> object:
    """The child's answer, read to its end; the child is reaped and the pipe closed whatever happens."""
    try:
        with os.fdopen(read_end, "rb", closefd=False) as pipe:   # read before waiting: the pipe is small
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:                       # interrupted: the child may still run
        _stop(pid, (read_end,))
        raise
    os.close(read_end)
    if status != 0:
        raise RuntimeError(f"a worker process failed (wait status {status}) before sending its whole result")
    ok, payload = marshal.loads(data)
    if not ok:
        raise pickle.loads(payload)
    return payload


def chunk_map(work: Callable[[int], Result], count: int, cores: int, pack: Callable[[Result], object],
              unpack: Callable[[object], Result]) -> list[Result]:
    """[work(chunk) for chunk in range(count)], the chunks shared by this process and cores - 1 forked
    children as each is free (ChunkPool)."""
    if cores < 2 or count < 2 or not hasattr(os, "fork"):
        return [work(chunk) for chunk in range(count)]
    with ChunkPool(count, min(cores, count) - 1, work, pack) as pool:
        return pool.all_results(work, unpack)


class _Worker(NamedTuple):
    pid: int
    notices: int              # the pipe it announces finished chunks on
    results: int              # the in-memory file it writes them to

    def stop(self) -> None:
        """Kill (if still running) and reap it, and close this process's descriptors for it."""
        _stop(self.pid, (self.notices, self.results))


class ChunkPool:
    """Chunks 0 … count-1 of one job shared by this process and `workers` forked children: each process
    takes the next chunk nobody has taken, so a process slowed down (by other work, or by the machine)
    simply takes fewer and all finish together. The chunk numbers wait in a pipe, one read each: no
    lock a dying child could leave held. A child writes each result to an in-memory file of its own and
    announces it on a pipe; this process takes the finished ones in between its own chunks, so turning
    results back into objects overlaps the children's work instead of following it.

        with ChunkPool(count, workers, work, pack) as pool:
            other_work_of_this_process()
            results = pool.all_results(work, unpack)      # in chunk order, wherever each was done

    When chunks fail, the earliest failing chunk's exception is raised (as one process would have),
    whichever process met it. Only from a single-threaded process (see the module docstring).
    """

    _NOTICE = struct.Struct("qqqq")        # kind, chunk, offset, length: shorter than PIPE_BUF, so written whole
    _RESULT, _FAILED, _DONE = 0, 1, 2
    _TOKEN = struct.Struct("i")
    MAX_CHUNKS = 65536 // _TOKEN.size        # the chunk numbers are written at once into a pipe's buffer

    def __init__(self, count: int, workers: int, work: Callable[[int], Result], pack: Callable[[Result], object]):
        if count > self.MAX_CHUNKS:
            raise ValueError(f"at most {self.MAX_CHUNKS} chunks")
        self.count = count
        self._workers: list[_Worker] = []
        self._tokens, tokens_in = os.pipe()
        try:
            os.write(tokens_in, b"".join(self._TOKEN.pack(chunk) for chunk in range(count)))
        finally:
            os.close(tokens_in)                 # the end of the numbers: take() gets None
        try:
            for _ in range(workers):
                self._workers.append(self._start(work, pack))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> ChunkPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def take(self) -> int | None:
        token = os.read(self._tokens, self._TOKEN.size)
        return self._TOKEN.unpack(token)[0] if len(token) == self._TOKEN.size else None

    def all_results(self, work: Callable[[int], Result], unpack: Callable[[object], Result]) -> list[Result]:
        """Takes chunks here too until none is left; then every chunk's result, in chunk order."""
        results: dict[int, Result] = {}
        failures: dict[int, BaseException] = {}
        while not failures and (chunk := self.take()) is not None:
            try:
                results[chunk] = work(chunk)
            except Exception as error:          # noqa: BLE001 — raised below, unless an earlier chunk failed too
                failures[chunk] = error
            self._take_in(unpack, results, failures, wait=False)
        # Every chunk before the earliest failure was taken before it: their outcome decides which to raise.
        while self._workers and any(chunk not in results and chunk not in failures
                                    for chunk in range(min(failures, default=self.count))):
            self._take_in(unpack, results, failures, wait=True)
        if failures:
            self.close()
            raise failures[min(failures)]
        return [results[chunk] for chunk in range(self.count)]

    def _take_in(self, unpack: Callable[[object], Result], results: dict[int, Result],
                 failures: dict[int, BaseException], wait: bool) -> None:
        """Each chunk the children have announced since the last call; with `wait`, at least one piece of
        news (a chunk, a child's end) first."""
        if wait:
            select.select([worker.notices for worker in self._workers], [], [])
        for worker in list(self._workers):
            os.set_blocking(worker.notices, False)
            while True:
                try:
                    data = os.read(worker.notices, self._NOTICE.size)
                except BlockingIOError:
                    break
                if len(data) < self._NOTICE.size:           # the child exited without its final notice
                    self._workers.remove(worker)
                    worker.stop()
                    raise RuntimeError("a worker process failed before sending its whole result")
                kind, chunk, offset, length = self._NOTICE.unpack(data)
                if kind == self._DONE:
                    self._workers.remove(worker)
                    worker.stop()                            # it has exited: this only reaps it
                    break
                payload = os.pread(worker.results, length, offset)
                if kind == self._FAILED:
                    failures[chunk] = pickle.loads(payload)
                else:
                    results[chunk] = unpack(marshal.loads(payload))

    def _start(self, work: Callable, pack: Callable) -> _Worker:
        notices, notify = os.pipe()
        results = _anonymous_file()
        offset = 0

        def send(kind: int, chunk: int, payload: bytes) -> None:
            nonlocal offset
            os.pwrite(results, payload, offset)
            os.write(notify, self._NOTICE.pack(kind, chunk, offset, len(payload)))
            offset += len(payload)

        def serve() -> None:                    # in the child
            while (chunk := self.take()) is not None:
                try:
                    send(self._RESULT, chunk, marshal.dumps(pack(work(chunk))))
                except BaseException as error:  # noqa: BLE001 — every failure goes back to the parent
                    send(self._FAILED, chunk, _pickled(error))
                    break
            os.write(notify, self._NOTICE.pack(self._DONE, 0, 0, 0))

        try:
            pid = _fork(serve, parent_only=(notices,), child_only=(notify,))
        except OSError:
            os.close(results)
            raise
        return _Worker(pid, notices, results)

    def close(self) -> None:
        """Stop and reap every child still running (this process failed first, or was interrupted)."""
        while self._workers:
            worker = self._workers.pop()
            worker.stop()
        if self._tokens is not None:
            os.close(self._tokens)
            self._tokens = None


def _anonymous_file() -> int:
    """A file only this process and its children can reach, gone when the last descriptor closes."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("poryadok-chunks", os.MFD_CLOEXEC)
    handle = tempfile.TemporaryFile()
    return os.dup(handle.fileno())
