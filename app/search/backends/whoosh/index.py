"""The Whoosh index on disk: atomic rebuilds (build in a new folder, then swap a pointer), incremental updates under
a lock, one searcher per thread, and detection of a missing or corrupt index."""

import fcntl
import os
import pickle
import shutil
import struct
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.writing import LockError

from app.i18n import locales
from app.search.backends.whoosh.schema import build_schema, text_field
from app.search.contract import TEXT_FIELDS, SearchUnavailable
from app.search.documents import SearchDocument

POINTER = "CURRENT"
WRITE_TIMEOUT = 10.0
# What reading a damaged index raises. A garbled length field makes Whoosh ask for an absurd buffer: MemoryError
# and OverflowError are corruption here too, not a server out of memory.
CORRUPTION = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    LockError,
    whoosh_index.IndexError,
    UnicodeDecodeError,
    struct.error,
    zlib.error,
    MemoryError,
    OverflowError,
)


def is_corruption(exc: BaseException) -> bool:
    """Whether reading the index failed because its files are damaged. Whoosh's codecs also raise a bare
    ``Exception`` on a garbled block ("Block tag error b''"): that exact class counts too, never a subclass of it."""
    return isinstance(exc, CORRUPTION) or type(exc) is Exception


class IndexUnavailable(SearchUnavailable):
    """The index is missing, corrupt or being rebuilt; search answers with a friendly page meanwhile."""


def _fields(document: SearchDocument) -> dict:
    locale = locales.get_locale(document.locale) or locales.SOURCE_LOCALE
    fields = {
        "id": document.id,
        "page": document.page,
        "locale": document.locale,
        "kind": document.kind,
        "slug": document.slug,
        "locales": ",".join(document.locales),
        "topics": ",".join(document.topics),
        "service_types": ",".join(document.service_types),
        "areas": ",".join(document.areas),
        "languages": ",".join(document.languages),
        "accessibility": ",".join(document.accessibility),
        "weekdays": ",".join(document.weekdays),
        "free": {True: "yes", False: "no", None: "unknown"}[document.free],
        "active": document.active,
    }
    for name in TEXT_FIELDS:
        fields[text_field(name, locale)] = getattr(document, name) or ""
    for name in ("min_age", "max_age", "updated"):
        if getattr(document, name) is not None:
            value = getattr(document, name)
            fields[name] = value.replace(tzinfo=None) if name == "updated" else value
    return fields


class SearchIndex:
    """All index folders live under ``root``; ``root/CURRENT`` names the one readers use."""

    def __init__(self, root: Path, retire_after: float = 300.0) -> None:
        self.root = Path(root)
        self.retire_after = retire_after  # seconds an old folder is kept for searches still reading it
        self._local = threading.local()

    # -- where the live index is -----------------------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def open(self):
        path = self.current_dir()
        if path is None:
            raise IndexUnavailable("the search index has not been built")
        try:
            # No memory-mapping: a file truncated under a mapping kills the whole process with SIGBUS, where
            # plain reads raise an error we can answer with a rebuild.
            return FileStorage(str(path), supports_mmap=False).open_index()
        except Exception as exc:
            if not is_corruption(exc):
                raise
            raise IndexUnavailable(f"the search index cannot be opened: {exc!r}") from exc

    # -- reading -----------------------------------------------------------------------------------------------------
    def searcher(self) -> Searcher:
        """This thread's searcher, reopened when a rebuild swapped folders or a commit changed the index."""
        path = self.current_dir()
        cached = getattr(self._local, "searcher", None)
        if cached is not None and self._local.path == path:
            try:
                if cached.up_to_date():
                    return cached
            except Exception as exc:
                if not is_corruption(exc):
                    raise
                self.forget_searcher()
                raise IndexUnavailable(repr(exc)) from exc
            # Not Searcher.refresh(): it reuses segment readers and so misses deletions (a withdrawn page
            # would stay findable). A fresh searcher sees them.
        self.forget_searcher()
        searcher = self.open().searcher()
        self._local.searcher, self._local.path = searcher, path
        return searcher

    def forget_searcher(self) -> None:
        cached = getattr(self._local, "searcher", None)
        if cached is not None:
            try:
                cached.close()
            except Exception as exc:
                if not is_corruption(exc):
                    raise
        self._local.searcher = self._local.path = None

    def doc_count(self) -> int:
        try:
            return self.searcher().doc_count()
        except Exception as exc:
            if not is_corruption(exc):
                raise
            raise IndexUnavailable(repr(exc)) from exc

    # -- writing -----------------------------------------------------------------------------------------------------
    @contextmanager
    def _lock(self) -> Iterator[None]:
        """One writer at a time across threads and processes (an flock on ``root/write.lock``)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "a+") as handle:
            deadline = time.monotonic() + WRITE_TIMEOUT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexUnavailable("another process is writing the search index") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuild(self, documents: Iterable[SearchDocument], progress=lambda: None) -> int:
        """Build a complete new index in a fresh folder, then point readers at it. Returns the document count."""
        with self._lock():
            name = f"index-{time.time_ns()}"
            path = self.root / name
            path.mkdir(parents=True)
            ix = whoosh_index.create_in(str(path), build_schema())
            writer = ix.writer(limitmb=128, procs=1)
            count = 0
            try:
                for document in documents:
                    writer.add_document(**_fields(document))
                    count += 1
                    progress()
                writer.commit(optimize=True)
            except BaseException:
                writer.cancel()
                shutil.rmtree(path, ignore_errors=True)
                raise
            ix.close()
            pointer = self.root / f"{POINTER}.tmp"
            pointer.write_text(name, encoding="utf-8")
            with open(pointer, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(pointer, self.root / POINTER)
            self._remove_old(keep={name})
        return count

    def _remove_old(self, keep: set[str]) -> None:
        """Delete old index folders once no search can still be reading them: never the live one or the one before
        it, and none retired less than ``retire_after`` seconds ago (folder names carry their build time)."""
        folders = sorted((p for p in self.root.glob("index-*") if p.is_dir()), key=lambda p: p.name)
        retired_before = time.time_ns() - int(self.retire_after * 1e9)
        for older, newer in zip(folders[:-2], folders[1:-1], strict=True):
            if older.name not in keep and int(newer.name.removeprefix("index-")) < retired_before:
                shutil.rmtree(older, ignore_errors=True)

    def update(self, *, add: Iterable[SearchDocument] = (), delete_pages: Iterable[str] = ()) -> None:
        """Replace or remove documents in the live index (a publish calls this)."""
        with self._lock():
            writer = self.open().writer(timeout=WRITE_TIMEOUT)
            try:
                for page in delete_pages:
                    writer.delete_by_term("page", page)
                for document in add:
                    writer.delete_by_term("id", document.id)
                    writer.add_document(**_fields(document))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
