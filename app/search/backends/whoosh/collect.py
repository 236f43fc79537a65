"""Running a query against an index generation: the best matches by score, an honest count, and facet counts.

Why not Whoosh's collectors: its ``TimeLimitCollector`` cannot wrap a filtering collector, its ``TopCollector``
caps what the count sees at the number of hits kept, and facet counting per searcher kept a set of document numbers
per facet value (tens of megabytes per searcher, one searcher per thread). Here:

* a document matches when at least ``need`` of the query's clauses (one per concept) match it: the contract's
  "at least half the concepts", which Whoosh's ``Or(minmatch=...)`` accepts but does not implement (it matched any
  concept, so a three-word query matched most of the index);
* every match is counted (so ``total`` is true without a timeout), and the best ``keep`` are kept by score in a
  bounded heap, so only those are ever sorted;
* when the time limit runs out, the answer is the best found so far BY SCORE, and the total an estimate: the matches
  so far scaled by the share of the allowed documents the posting lists have been read past (Whoosh reads postings
  in document order);
* filters are a bitset mask checked before a match is scored, and facets are counted over the best
  :data:`FACET_SAMPLE` matches, both with the bitsets of :mod:`.bits`.
"""

import bisect
import heapq
import time
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import query as q

from app.search.backends.whoosh.bits import Allowed

MIN_HITS_BEFORE_STOPPING = 20  # a busy machine still gets a first screen of results
FACET_SAMPLE = 2000  # facets are counted over at most this many of the best matches
CLOCK_EVERY = 8  # matches between looks at the clock
PRUNE_EVERY = 64  # matches between prunings of exhausted branches from a matcher tree (as Whoosh's collectors do)


@dataclass
class Collected:
    best: list[tuple[float, int]]  # (score, document number), best first; at most ``keep``
    count: int  # matches seen: every one unless ``timed_out``
    total: int  # ``count``, or an estimate of all matches when timed out
    timed_out: bool = False


def collect(searcher, clauses: list[q.Query], need: int, allowed: Allowed, keep: int, deadline: float) -> Collected:
    """The ``keep`` best of the ``allowed`` documents matching at least ``need`` of the ``clauses``, by score (the
    sum of the matching clauses' scores), and how many matched, stopping at ``deadline`` (``time.monotonic()``) once
    :data:`MIN_HITS_BEFORE_STOPPING` have matched. Ties keep index order. No clauses: every allowed document, in
    index order."""
    if not clauses:
        best = [(1.0, docnum) for docnum in allowed.docnums[:keep]]
        return Collected(best, len(allowed), len(allowed))
    if len(clauses) < need:
        return Collected([], 0, 0)
    heap: list[tuple[float, int]] = []  # (score, -docnum): the smallest is the worst kept
    count = 0
    context = searcher.context(needs_current=True)
    for subsearcher, offset in searcher.leaf_searchers():
        matchers = [clause.matcher(subsearcher, context) for clause in clauses]
        found = _one(matchers[0], allowed, offset) if len(matchers) == 1 else _some(matchers, need, allowed, offset)
        for docnum, score in found:
            item = (score, -docnum)
            if len(heap) < keep:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
            count += 1
            if not count % CLOCK_EVERY and count >= MIN_HITS_BEFORE_STOPPING and time.monotonic() > deadline:
                passed = bisect.bisect_right(allowed.docnums, docnum)  # allowed documents the postings are past
                estimate = max(count, round(count * len(allowed) / max(1, passed)))
                return Collected(_best_first(heap), count, estimate, timed_out=True)
    return Collected(_best_first(heap), count, count)


def _one(matcher, allowed: Allowed, offset: int) -> Iterator[tuple[int, float]]:
    """(document number, score) of each allowed match, skipping over the documents ``allowed`` leaves out."""
    steps = 0
    while matcher.is_active():
        current = matcher.id()
        docnum = offset + current
        if docnum in allowed:
            yield docnum, matcher.score()
            matcher.next()
            steps += 1
            if not steps % PRUNE_EVERY:
                matcher = matcher.replace()  # drops branches whose postings have run out
            continue
        following = allowed.next_from(docnum + 1)
        if following is None:
            return
        if following - offset > current + 1:
            matcher.skip_to(following - offset)  # jumps whole posting blocks
        else:
            matcher.next()


def _some(matchers: list, need: int, allowed: Allowed, offset: int) -> Iterator[tuple[int, float]]:
    """Allowed documents matched by at least ``need`` of ``matchers``: the need-th smallest current document is the
    first that can qualify, so the matchers behind it skip straight to it (whole posting blocks at a time)."""
    live = [m for m in matchers if m.is_active()]
    steps = 0
    while len(live) >= need:
        ids = [m.id() for m in live]
        pivot = sorted(ids)[need - 1]
        docnum = offset + pivot
        if docnum not in allowed:
            following = allowed.next_from(docnum + 1)
            if following is None:
                return
            target = following - offset
        elif min(ids) < pivot:
            target = pivot
        else:
            on = [m for m, at in zip(live, ids, strict=True) if at == pivot]
            yield docnum, sum(m.score() for m in on)
            for m in on:
                m.next()
            steps += 1
            if not steps % PRUNE_EVERY:
                live = [m.replace() for m in live]  # drops branches whose postings have run out
            live = [m for m in live if m.is_active()]
            continue
        for m, at in zip(live, ids, strict=True):
            if at < target:
                m.skip_to(target)
        live = [m for m in live if m.is_active()]


def _best_first(heap: list[tuple[float, int]]) -> list[tuple[float, int]]:
    return [(score, -negated) for score, negated in sorted(heap, reverse=True)]
