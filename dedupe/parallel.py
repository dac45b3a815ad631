"""Work split over forked processes: how `poryadok dedupe find` uses every core of the machine.

Fork only from a single-threaded process that owns its work, like the CLI: forking a process that
runs other threads (a web server, a task queue) can copy a lock some thread holds. So the engine forks
only when its caller passes cores > 1, and the library default is one core.

A child sends its result back through a pipe as marshal data — builtin tuples, lists and strings —
because pickling the engine's NamedTuples cost more than the second core saved; `pack` and `unpack`
turn a result into such data and back.
"""
from __future__ import annotations

import contextlib
import marshal
import multiprocessing
import os
import pickle
import signal
import struct
import tempfile
from array import array
from collections.abc import Callable, Collection
from itertools import chain
from typing import TypeVar

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
    raises here what the child raised. Without `parallel` (or without os.fork) work runs here, when its
    result is first asked for.

        with Background(work, pack, unpack, parallel=True) as job:
            other_work()
            value = job.result()
    """

    def __init__(self, work: Callable[[], Result], pack: Callable[[Result], object],
                 unpack: Callable[[object], Result], parallel: bool = True):
        self._work, self._unpack = work, unpack
        self._child = _start_child(work, pack) if parallel and hasattr(os, "fork") else None

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def result(self) -> Result:
        if self._child is None:
            return self._work()
        child, self._child = self._child, None          # _collect reaps it, whatever happens
        return self._unpack(_collect(*child))

    def close(self) -> None:
        """Stop and reap the child if its result was never taken (this process failed first)."""
        if self._child is not None:
            child, self._child = self._child, None
            _stop_child(*child)


def _start_child(work: Callable[[], object], pack: Callable) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid:
        os.close(write_end)
        return pid, read_end
    status = 1
    try:                                        # the child: never returns into the caller's code
        os.close(read_end)
        try:
            payload = marshal.dumps((True, pack(work())))
        except BaseException as error:          # noqa: BLE001 — every failure goes back to the parent
            payload = marshal.dumps((False, _pickled(error)))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0                              # only a child that wrote its whole answer exits 0
    finally:
        os._exit(status)


def _stop_child(pid: int, read_end: int) -> None:
    with contextlib.suppress(ProcessLookupError, ChildProcessError, OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(read_end)


def _pickled(error: BaseException) -> bytes:
    """The exception as it will be raised in the parent; one that cannot travel both ways goes as text."""
    try:
        data = pickle.dumps(error)
        pickle.loads(data)
        return data
    except Exception:                           # noqa: BLE001 — an exception that cannot travel
        return pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))


def _collect(pid: int, read_end: int) -> object:
    with os.fdopen(read_end, "rb", closefd=False) as pipe:   # read to the end before waiting: the pipe is small
        data = pipe.read()
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
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


class ChunkPool:
    """Chunks 0 … count-1 of one job shared by this process and `workers` forked children: each process
    takes the next chunk nobody has taken, so a process slowed down (by other work, or by the machine)
    simply takes fewer and all finish together. A child writes each result to a file of its own and
    announces it on a pipe; this process takes the finished ones in whenever it calls `finished`, so
    turning results back into objects overlaps the children's work instead of following it.

        with ChunkPool(count, workers, work, pack) as pool:
            other_work_of_this_process()
            results = pool.all_results(work, unpack)      # in chunk order, wherever each was done

    Only from a single-threaded process (see the module docstring); an exception in a child is raised here.
    """

    _NOTICE = struct.Struct("qqq")          # chunk (or _FAILED, _DONE), offset, length: shorter than PIPE_BUF

    def __init__(self, count: int, workers: int, work: Callable[[int], Result], pack: Callable[[Result], object]):
        self.count = count
        self._next = multiprocessing.get_context("fork").Value("q", 0)
        self._children: list[tuple[int, int, int]] = []        # pid, notice pipe, result file
        try:
            for _ in range(workers):
                self._children.append(self._start(work, pack))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> ChunkPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def take(self) -> int | None:
        with self._next.get_lock():
            chunk = self._next.value
            self._next.value = chunk + 1
        return chunk if chunk < self.count else None

    def all_results(self, work: Callable[[int], Result], unpack: Callable[[object], Result]) -> list[Result]:
        """Takes chunks here too until none is left; then every chunk's result, in chunk order."""
        results: dict[int, Result] = {}
        while (chunk := self.take()) is not None:
            results[chunk] = work(chunk)
            results.update(self.finished(unpack))
        results.update(self.finished(unpack, wait=True))
        return [results[chunk] for chunk in range(self.count)]

    def finished(self, unpack: Callable[[object], Result], wait: bool = False) -> list[tuple[int, Result]]:
        """(chunk, result) for each chunk a child has finished since the last call; with `wait`, every
        one still to come, once all children are done."""
        results = []
        for pid, notices, results_file in list(self._children):
            while True:
                os.set_blocking(notices, wait)
                try:
                    data = os.read(notices, self._NOTICE.size)
                except BlockingIOError:
                    break
                if len(data) < self._NOTICE.size:          # the child exited without its final notice
                    self._reap(pid, notices, results_file)
                    raise RuntimeError("a worker process failed before sending its whole result")
                chunk, offset, length = self._NOTICE.unpack(data)
                if chunk == self._DONE:
                    self._reap(pid, notices, results_file)
                    break
                payload = os.pread(results_file, length, offset)
                if chunk == self._FAILED:
                    self.close()
                    raise pickle.loads(payload)
                results.append((chunk, unpack(marshal.loads(payload))))
        return results

    _FAILED, _DONE = -1, -2

    def _start(self, work: Callable, pack: Callable) -> tuple[int, int, int]:
        notices, notify = os.pipe()
        results_file = _anonymous_file()
        try:
            pid = os.fork()
        except OSError:
            for fd in (notices, notify, results_file):
                os.close(fd)
            raise
        if pid:
            os.close(notify)
            return pid, notices, results_file
        status = 1
        try:                                    # the child: never returns into the caller's code
            os.close(notices)
            offset = 0

            def send(chunk: int, payload: bytes) -> None:
                nonlocal offset
                os.pwrite(results_file, payload, offset)
                os.write(notify, self._NOTICE.pack(chunk, offset, len(payload)))
                offset += len(payload)

            try:
                while (chunk := self.take()) is not None:
                    send(chunk, marshal.dumps(pack(work(chunk))))
            except BaseException as error:      # noqa: BLE001 — every failure goes back to the parent
                send(self._FAILED, _pickled(error))
            else:
                os.write(notify, self._NOTICE.pack(self._DONE, 0, 0))
            status = 0
        finally:
            os._exit(status)

    def _reap(self, pid: int, notices: int, results_file: int) -> None:
        self._children.remove((pid, notices, results_file))
        for fd in (notices, results_file):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def close(self) -> None:
        """Stop and reap every child still running (this process failed first, or was interrupted)."""
        for pid, notices, results_file in list(self._children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._reap(pid, notices, results_file)


def _anonymous_file() -> int:
    """A file only this process and its children can reach, gone when the last descriptor closes."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("poryadok-chunks", os.MFD_CLOEXEC)
    handle = tempfile.TemporaryFile()
    return os.dup(handle.fileno())
