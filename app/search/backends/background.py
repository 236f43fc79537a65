"""A rebuild in a background thread, one at a time: what every backend does when its index is missing, corrupt or
too far behind, while search answers "being updated"."""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("signpost.search")


class BackgroundRebuild:
    def __init__(self, rebuild: Callable[[], object]) -> None:
        self._rebuild = rebuild
        self._running = threading.Lock()

    def start(self) -> bool:
        """Start a rebuild unless one is running; False when one already is."""
        if not self._running.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                self._rebuild()
            except Exception:  # noqa: BLE001 - logged; the next check or search tries again
                log.exception("search rebuild failed")
            finally:
                self._running.release()

        threading.Thread(target=run, name="search-rebuild", daemon=True).start()
        return True

    @property
    def running(self) -> bool:
        return self._running.locked()
