"""Reading index files: each segment's parts held in memory once per process and shared by every searcher.

Why not memory-mapping (``FileStorage(supports_mmap=True)``):

* A file truncated while mapped kills the process with SIGBUS on the next read of a page past the new end, and
  Python cannot catch that. Whoosh itself never truncates a segment file in place (it writes new segments and TOC
  files, and a merge deletes old files, which leaves a mapping intact), but anything rewriting a file in place does:
  ``cp`` of a backup over a live folder, or the fault tests, which rewrite files under a live index
  (``tests/search/test_lifecycle.py::_garble``) — a web worker must answer "being updated", not die.
* It would not save memory with this Whoosh: its mmap path wraps each part of a segment in a ``BytesIO``, which copies
  the part, so every searcher held a private copy of the whole index anyway.

Plain reads (``supports_mmap=False``) were safe but slow: every read of a posting block or field length was a seek
and a read on a shared file object through several Python layers (about half the search CPU). Here each part of a
compound segment file (postings, term dictionary, lengths, stored fields) is read once with ``os.pread`` into a
``bytes`` object the first time any searcher opens it, and every searcher of that segment — across threads and across
index generations, since a commit keeps old segments — reads the same bytes through ``BytesIO`` (which shares a
``bytes`` object rather than copying it). A part is keyed by the file's identity and size and modification time, so a
file rewritten in place is read again (and found damaged) rather than served stale, and a pooled searcher whose files
changed on disk is not reused (:meth:`SharedStorage.unchanged`): the next search reopens the index and meets the
damage, as it would with plain reads. Parts are released when the last searcher using them closes. Memory: the
index's size once per process, whatever the number of searchers.
"""

import os
import threading
import weakref

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

COMPOUND_SUFFIX = ".seg"


class _Parts:
    """The parts of one segment file read so far, by (offset, length); shared, immutable once read."""

    __slots__ = ("_lock", "_parts", "__weakref__")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: dict[tuple[int, int], bytes] = {}

    def get(self, fd: int, offset: int, length: int) -> bytes:
        with self._lock:
            data = self._parts.get((offset, length))
            if data is None:
                data = _pread_fully(fd, offset, length)
                self._parts[(offset, length)] = data
            return data


def _pread_fully(fd: int, offset: int, length: int) -> bytes:
    chunks, done = [], 0
    while done < length:
        chunk = os.pread(fd, length - done, offset + done)
        if not chunk:
            break  # a file cut short: Whoosh finds the part damaged when it decodes it
        chunks.append(chunk)
        done += len(chunk)
    return b"".join(chunks)


_SEGMENTS: "weakref.WeakValueDictionary[tuple, _Parts]" = weakref.WeakValueDictionary()
_SEGMENTS_LOCK = threading.Lock()


def _parts_for(fd: int) -> _Parts:
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    with _SEGMENTS_LOCK:
        parts = _SEGMENTS.get(key)
        if parts is None:
            parts = _Parts()
            _SEGMENTS[key] = parts
        return parts


class _CompoundFile(StructFile):
    """A compound segment file: Whoosh reads its directory from the file, then asks for each part with
    ``subset``, which answers with the shared bytes of that part."""

    def __init__(self, fileobj, name: str) -> None:
        super().__init__(fileobj, name=name)
        self._shared = _parts_for(fileobj.fileno())  # kept alive while any searcher has the segment open

    def subset(self, offset, length, name=None):
        data = self._shared.get(self.file.fileno(), offset, length)
        return _PartFile(data, self._shared, name=name or self._name)


class _PartFile(BufferFile):
    def __init__(self, data: bytes, shared: _Parts, name=None) -> None:
        super().__init__(data, name=name)  # BytesIO(bytes) shares the bytes object
        self._shared = shared


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


class SharedStorage(FileStorage):
    """A read-only view of an index folder whose segment parts are read once and shared (see the module doc). It
    remembers each file it opened, so that a searcher can tell when one was rewritten or removed since
    (:meth:`unchanged`): parts in memory would otherwise hide damage on disk until the next write."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False, readonly=True)
        self._opened: dict[str, tuple[int, int, int, int]] = {}

    def open_file(self, name, **kwargs):
        if not name.endswith(COMPOUND_SUFFIX):
            opened = super().open_file(name, **kwargs)
        else:
            opened = _CompoundFile(open(self._fpath(name), "rb"), name=name)  # noqa: SIM115 - the segment closes it
        self._opened[self._fpath(name)] = _identity(os.fstat(opened.file.fileno()))
        return opened

    def unchanged(self) -> bool:
        """Every file read from is still there, as it was read (one ``stat`` per file)."""
        for path, identity in list(self._opened.items()):
            try:
                if _identity(os.stat(path)) != identity:
                    return False
            except OSError:
                return False
        return True
