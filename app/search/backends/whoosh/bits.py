"""Document bitsets per index generation: facet counts and filters without sets of document numbers.

For each facet field (and the ``locale``, ``locales`` and ``active`` fields filters use) and each value, the
documents holding it, as a Python int used as a bitset (bit n = document number n): about doc_count/8 bytes per
value, a few hundred kilobytes for 20 000 documents — where a frozenset of document numbers per value took tens of
megabytes per searcher. Computed once per segment, combined once per index generation (folder and commit) and shared
by every thread; counting is an AND and a popcount per value.

Filters are applied here rather than joined to the Whoosh query: intersecting the text query's posting lists with
``locale:en`` and ``active:true`` (which hold nearly every document) cost a skip on each side for every match. A
filter is one :class:`Allowed` mask per (language, facet choices, language left out), cached; the collector checks a
document's bit before scoring it, and jumps over documents the mask leaves out.
"""

import bisect
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable

from app.search.contract import FACETS

FILTER_FIELDS = ("locale", "locales", "active")
MAX_MASKS = 32  # filter masks kept per generation (each at most a few tens of kilobytes)


class Allowed:
    """The documents a search may return: a packed bitset to test one document, and their numbers in order to
    jump to the next one."""

    __slots__ = ("packed", "docnums")

    def __init__(self, bits: int, size: int) -> None:
        self.packed = bits.to_bytes((size + 7) // 8 or 1, "little")
        self.docnums = array("I", _set_bits(self.packed))

    def __len__(self) -> int:
        return len(self.docnums)

    def __contains__(self, docnum: int) -> bool:
        return bool(self.packed[docnum >> 3] >> (docnum & 7) & 1) if docnum >> 3 < len(self.packed) else False

    def next_from(self, docnum: int) -> int | None:
        """The first allowed document number at or after ``docnum``."""
        at = bisect.bisect_left(self.docnums, docnum)
        return self.docnums[at] if at < len(self.docnums) else None


def _set_bits(packed: bytes):
    for index, byte in enumerate(packed):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    yield base + bit


def _bitset(docnums, size: int) -> int:
    buffer = bytearray((size + 7) // 8)
    for docnum in docnums:
        if 0 <= docnum < size:
            buffer[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buffer, "little")


def segment_values(reader) -> dict[str, dict[str, int]]:
    """One segment's bitsets (its own document numbers). A segment's documents never change, so these are computed
    once per segment; documents deleted later are masked out per generation (:class:`IndexBits`)."""
    size = reader.doc_count_all()
    found: dict[str, dict[str, int]] = {}
    for name in (*FACETS, *FILTER_FIELDS):
        if name not in reader.schema:
            continue
        values: dict[str, int] = {}
        for value in reader.lexicon(name):  # postings leave documents deleted so far out
            text = value.decode() if isinstance(value, bytes) else str(value)
            values[text] = _bitset(reader.postings(name, value).all_ids(), size)
        found[name] = values
    return found


class IndexBits:
    """Bitsets for one index generation: each segment's (from ``per_segment``, cached across generations, so a
    commit only computes the new segment's) shifted to the segment's place, less the documents deleted since.
    Immutable once built, apart from the small cache of filter masks."""

    def __init__(self, reader, per_segment: Callable[[object], dict[str, dict[str, int]]] = segment_values) -> None:
        self.size = reader.doc_count_all()
        live = 0
        self.values: dict[str, dict[str, int]] = {}
        for leaf, offset in reader.leaf_readers():
            count = leaf.doc_count_all()
            undeleted = _bitset(leaf.all_doc_ids(), count) if leaf.has_deletions() else (1 << count) - 1
            live |= undeleted << offset
            for name, values in per_segment(leaf).items():
                merged = self.values.setdefault(name, {})
                for value, bits in values.items():
                    merged[value] = merged.get(value, 0) | bits << offset
        for name, merged in self.values.items():
            self.values[name] = {value: kept for value, bits in merged.items() if (kept := bits & live)}
        self._active = self.values.get("active", {}).get(reader.schema["active"].to_bytes(True).decode(), 0)
        self._masks: OrderedDict[tuple, Allowed] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, locale: str, filters: dict[str, list[str]], not_available_in: str | None) -> Allowed:
        """Listed documents in ``locale`` matching the facet choices (values within a facet are alternatives, facets
        combine with AND), leaving out those that can be read in ``not_available_in``."""
        key = (locale, tuple(sorted((n, tuple(sorted(v))) for n, v in filters.items() if v)), not_available_in)
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        bits = self._active & self.values.get("locale", {}).get(locale, 0)
        for name, values in key[1]:
            either = 0
            for value in values:
                either |= self.values.get(name, {}).get(value, 0)
            bits &= either
        if not_available_in is not None:
            bits &= ~self.values.get("locales", {}).get(not_available_in, 0)
        allowed = Allowed(bits, self.size)
        with self._lock:
            self._masks[key] = allowed
            while len(self._masks) > MAX_MASKS:
                self._masks.popitem(last=False)
        return allowed

    def count(self, docnums: list[int]) -> dict[str, dict[str, int]]:
        """How many of ``docnums`` hold each facet value (values held by none left out)."""
        if not docnums:
            return {name: {} for name in FACETS if name in self.values}
        matched = _bitset(docnums, max(docnums) + 1)
        return {
            name: {value: n for value, bits in self.values[name].items() if (n := (bits & matched).bit_count())}
            for name in FACETS
            if name in self.values
        }
