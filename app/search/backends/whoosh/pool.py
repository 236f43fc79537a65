"""Searchers shared by a process's threads: at most a few searches at once, first come first served.

A web worker runs requests on a thread pool that grows to 40 threads. With a searcher per thread, memory grew with
the pool: each searcher has its own open files, caches and (before :mod:`.bits`) facet sets, and a search's temporary
objects multiply with concurrent searches, which on two cores only queue for the interpreter lock anyway. Here a
search takes a turn (:class:`Turns`: at most ``size`` at once, waiters served in arrival order) and borrows an idle
searcher for it; a Whoosh searcher reads through file positions of its own, so one search uses it at a time.
Searchers are reopened when a rebuild swaps folders or a commit changes the index, and dropped when the index was
found damaged.
"""

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from whoosh.searching import Searcher


class Turns:
    """A semaphore that serves waiters in arrival order (``threading.Semaphore`` lets a newcomer overtake)."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def acquire(self, timeout: float) -> bool:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed over as the wait ran out
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # the turn passes straight to the longest waiter
            else:
                self._free += 1


class SearcherPool:
    """Idle searchers by folder; ``forget`` closes them all (and those in use when they come back)."""

    def __init__(self, close: Callable[[Searcher], None]) -> None:
        self._close = close
        self._lock = threading.Lock()
        self._idle: list[tuple[Searcher, Path, int]] = []
        self._epoch = 0

    def take(self, path: Path | None) -> tuple[Searcher | None, int]:
        """An idle searcher of ``path`` (None when there is none) and the epoch to give back with it."""
        with self._lock:
            epoch, idle, self._idle = self._epoch, self._idle, []
            keep = [entry for entry in idle if entry[1] == path]
            found = keep.pop()[0] if keep else None
            self._idle = keep
        for searcher, folder, _ in idle:
            if folder != path:
                self._close(searcher)
        return found, epoch

    def give_back(self, searcher: Searcher, path: Path | None, epoch: int, reuse: bool) -> None:
        with self._lock:
            if reuse and path is not None and epoch == self._epoch:
                self._idle.append((searcher, path, epoch))
                return
        self._close(searcher)

    def forget(self) -> None:
        with self._lock:
            self._epoch += 1
            idle, self._idle = self._idle, []
        for searcher, _, _ in idle:
            self._close(searcher)
