"""BM25F with each segment's field lengths read once, not once per scored posting.

Whoosh's BM25F asks for a document's field length for every posting it scores, through five Python calls down to a
one-byte read from the lengths column — about a seventh of the search CPU once the reads were in memory. Lengths of a
segment never change (a deletion leaves them, a commit writes new segments), so each (segment, field) is decoded once
into an array shared by every searcher and thread, and the scorer indexes it. Scores are identical.
"""

import threading
from array import array
from collections import OrderedDict

from whoosh import scoring

MAX_TABLES = 256  # (segment, field) length tables kept: 4 bytes per document each


class LengthTables:
    def __init__(self) -> None:
        self._tables: OrderedDict[tuple[str, str], array] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader, fieldname: str) -> array | None:
        segment = reader.segment() if reader.is_atomic() else None
        if segment is None:
            return None
        key = (segment.segment_id(), fieldname)
        with self._lock:
            table = self._tables.get(key)
            if table is None:
                length = reader.doc_field_length
                table = array("I", (length(docnum, fieldname, 1) or 1 for docnum in range(reader.doc_count_all())))
                self._tables[key] = table
                while len(self._tables) > MAX_TABLES:
                    self._tables.popitem(last=False)
            else:
                self._tables.move_to_end(key)
            return table


class TabledBM25F(scoring.BM25F):
    """``scoring.BM25F`` (same parameters, same scores) reading field lengths from :class:`LengthTables`."""

    def __init__(self, tables: LengthTables, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tables = tables

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            table = self.tables.get(searcher.reader(), fieldname)
            if table is not None:
                scorer.dfl = table.__getitem__
        return scorer
