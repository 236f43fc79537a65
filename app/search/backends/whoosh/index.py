"""The Whoosh index on disk: atomic rebuilds (build in a new folder, then swap a pointer), incremental updates under
a lock, a few pooled searchers per process (:mod:`.pool`) reading shared in-memory segments (:mod:`.storage`), and
detection of a missing or corrupt index."""

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
from app.search.backends.whoosh.bits import IndexBits, segment_values
from app.search.backends.whoosh.pool import SearcherPool, Turns
from app.search.backends.whoosh.schema import build_schema, text_field
from app.search.backends.whoosh.storage import SharedStorage
from app.search.backends.whoosh.weighting import LengthTables, TabledBM25F
from app.search.contract import TEXT_FIELDS, SearchUnavailable
from app.search.documents import SearchDocument

POINTER = "CURRENT"
WRITE_TIMEOUT = 10.0
MAX_SEARCHES = 4  # searches running at once in one process; the others wait their turn
QUEUE_TIMEOUT = 10.0  # seconds a search waits for its turn before search answers "being updated"
MAX_SEGMENTS_KEPT = 64  # segments whose facet bitsets are kept (an index has a handful)
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


class IndexBusy(SearchUnavailable):
    """Every searcher stayed busy for :data:`QUEUE_TIMEOUT` seconds (the index is fine: nothing is rebuilt)."""


def _segment_id(reader) -> str:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


def _close(searcher: Searcher) -> None:
    try:
        searcher.close()
    except Exception as exc:
        if not is_corruption(exc):
            raise


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

    def __init__(self, root: Path, retire_after: float = 300.0, max_searches: int = MAX_SEARCHES) -> None:
        self.root = Path(root)
        self.retire_after = retire_after  # seconds an old folder is kept for searches still reading it
        # At most ``max_searches`` searches at once per process, whatever the size of the thread pool: memory
        # (searchers, their caches, the Python objects a search makes) grows with this number, not with threads.
        self._turns = Turns(max_searches)
        self._pool = SearcherPool(_close)
        self._bits_lock = threading.Lock()
        self._bits: dict[tuple, IndexBits] = {}
        self._segments: dict[str, dict[str, dict[str, int]]] = {}  # segment id -> its bitsets
        self._weighting = TabledBM25F(LengthTables())

    # -- where the live index is -----------------------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def open(self, shared: bool = False):
        """The live index: for searching (``shared``), read through :class:`.storage.SharedStorage`; for writing,
        plain files. Never memory-mapped: a file truncated under a mapping kills the process with SIGBUS (see
        :mod:`.storage`)."""
        path = self.current_dir()
        if path is None:
            raise IndexUnavailable("the search index has not been built")
        try:
            storage = SharedStorage(str(path)) if shared else FileStorage(str(path), supports_mmap=False)
            return storage.open_index()
        except Exception as exc:
            if not is_corruption(exc):
                raise
            raise IndexUnavailable(f"the search index cannot be opened: {exc!r}") from exc

    # -- reading -----------------------------------------------------------------------------------------------------
    @contextmanager
    def searching(self, wait: float = QUEUE_TIMEOUT) -> Iterator[Searcher]:
        """A searcher for this thread's exclusive use while the block runs: one of at most ``max_searches`` per
        process (:mod:`.pool`), reopened when a rebuild swapped folders or a commit changed the index. Waits up to
        ``wait`` seconds for a turn (then :class:`IndexBusy`)."""
        if not self._turns.acquire(wait):
            raise IndexBusy("every searcher is busy")
        try:
            path = self.current_dir()
            searcher, epoch = self._pool.take(path)
            if searcher is not None and not (self._up_to_date(searcher) and searcher.signpost_storage.unchanged()):
                # Not Searcher.refresh(): it reuses segment readers and so misses deletions (a withdrawn page
                # would stay findable). A fresh searcher sees them, and meets any damage done to the files.
                _close(searcher)
                searcher = None
            if searcher is None:
                opened = self.open(shared=True)
                searcher = opened.searcher(weighting=self._weighting)
                searcher.signpost_storage = opened.storage
            reuse = False
            try:
                yield searcher
                reuse = True  # a search that failed may have met a damaged file: its searcher is not reused
            finally:
                self._pool.give_back(searcher, path, epoch, reuse)
        finally:
            self._turns.release()

    def _up_to_date(self, searcher: Searcher) -> bool:
        try:
            return searcher.up_to_date()
        except Exception as exc:
            _close(searcher)
            if not is_corruption(exc):
                raise
            self.forget_searcher()
            raise IndexUnavailable(repr(exc)) from exc

    def bits(self, searcher: Searcher) -> IndexBits:
        """The facet and filter bitsets of the searcher's index generation, built once and shared by all threads."""
        reader = searcher.reader()
        # Segment ids are random per segment, so they tell folders apart; the generation tells commits apart
        # (a commit that only deletes keeps the segments).
        key = (reader.generation(), tuple(_segment_id(leaf) for leaf, _ in reader.leaf_readers()))
        with self._bits_lock:
            bits = self._bits.get(key)
            if bits is None:
                bits = IndexBits(reader, self._segment_values)
                self._bits = {key: bits}  # older generations are no longer searched
            return bits

    def _segment_values(self, leaf) -> dict[str, dict[str, int]]:
        """A segment's bitsets, kept while recent generations use the segment (called under ``_bits_lock``)."""
        segment_id = _segment_id(leaf)
        values = self._segments.pop(segment_id, None)
        if values is None:
            values = segment_values(leaf)
        self._segments[segment_id] = values  # most recently used last
        while len(self._segments) > MAX_SEGMENTS_KEPT:
            self._segments.pop(next(iter(self._segments)))
        return values

    def forget_searcher(self) -> None:
        """Close every pooled searcher (those in use are closed when their search ends), so the next search reopens
        the index. Called after a rebuild or when the index was found damaged."""
        self._pool.forget()
        with self._bits_lock:
            self._bits, self._segments = {}, {}

    def doc_count(self) -> int:
        try:
            with self.searching() as searcher:
                return searcher.doc_count()
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
