"""A per-address limit on public forms, kept in memory only: the address is hashed and forgotten after the window,
never written anywhere. Each app process counts for itself, which is enough to stop a flood from one address."""

import hashlib
import threading
import time
from collections import deque


class SlidingWindow:
    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._seen: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        """Count one submission from ``address``; False once it has made ``limit`` within the window."""
        key = hashlib.sha256(address.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            for other in [k for k, times in self._seen.items() if times and now - times[-1] > self.seconds]:
                del self._seen[other]
            times = self._seen.setdefault(key, deque())
            while times and now - times[0] > self.seconds:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True

    def clear(self) -> None:
        """Forget every address (tests start each case with a fresh window)."""
        with self._lock:
            self._seen.clear()
