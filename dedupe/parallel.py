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
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                      # not Linux
        return os.cpu_count() or 1


def split_evenly(size: int, parts: int) -> list[tuple[int, int]]:
    """[start, end) slices of range(size), as equal as can be."""
    return [(size * n // parts, size * (n + 1) // parts) for n in range(parts)]


def fork_map(work: Callable[[Part], Result], parts: Sequence[Part], pack: Callable[[Result], object],
             unpack: Callable[[object], Result]) -> list[Result]:
    """[work(part) for part in parts]: the first part in this process, each other one in a forked child
    at the same time. Results come back in the order of `parts`; an exception in a child is raised here."""
    if len(parts) < 2 or not hasattr(os, "fork"):
        return [work(part) for part in parts]
    children: list[tuple[int, int]] = []
    try:
        for part in parts[1:]:
            children.append(_start_child(work, part, pack))
        results = [work(parts[0])]
        while children:
            results.append(unpack(_collect(*children[0])))
            children.pop(0)                     # reaped: the clean-up below must not wait for it again
        return results
    finally:
        for pid, read_end in children:          # this process failed first (or was interrupted): stop the rest
            with contextlib.suppress(ProcessLookupError, ChildProcessError, OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(read_end)


def _start_child(work: Callable, part: object, pack: Callable) -> tuple[int, int]:
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
            payload = marshal.dumps((True, pack(work(part))))
        except BaseException as error:          # noqa: BLE001 — every failure goes back to the parent
            payload = marshal.dumps((False, _pickled(error)))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0                              # only a child that wrote its whole answer exits 0
    finally:
        os._exit(status)


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
