"""The first levels (frequent items and pairs), the size estimate and the refusal, and the miner's entry.

Entry points, used by :mod:`crm_lessons.basket.mining`:

* :func:`eclat` - every frequent itemset: refuse a too-large result first, then mine
  depth-first over bitsets (:mod:`crm_lessons.basket._eclat`; Zaki 2000);
* :func:`checked_levels` - exact frequent items and pairs, after refusing a threshold
  whose result would not fit in ``max_itemsets`` (FP-growth uses it too);
* :func:`estimate` - the size estimate behind :func:`~crm_lessons.basket.estimate_itemsets`.

The level-3 estimate samples candidates of the Apriori join (Agrawal & Srikant 1994).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import tr
from ._common import min_basket_count
from ._eclat import TooManyItemsets, mine_itemsets
from ._pairs import FrequentPairs, count_pairs, items_by_support, pair_histogram

_CHUNK_BYTES = 8 * 2**20           # bitmap bytes ANDed per step when counting (bounds memory)
_CORE_PROBES = 20                  # largest baskets probed for a shared core of items
_SAMPLE = 20_000                   # candidates counted to estimate the size of the next level


@dataclass
class FirstLevels:
    """Exact frequent items and pairs (:func:`~crm_lessons.basket._pairs.count_pairs`)."""

    n_baskets: int
    min_count: int
    items: np.ndarray          # column positions of frequent items, rarest first
    item_counts: np.ndarray
    pairs: FrequentPairs       # frequent pairs, as positions into ``items``
    all_counts: np.ndarray     # basket count of every column


def _levels12(matrix: Any, min_count: int, max_len: int | None) -> FirstLevels:
    counts = np.diff(matrix.indptr)
    items = items_by_support(counts, min_count)
    paired = items if (max_len is None or max_len >= 2) and len(items) > 1 else items[:0]
    pairs = count_pairs(matrix[:, paired], min_count)
    return FirstLevels(matrix.shape[0], min_count, items, counts[items], pairs, counts)


def _shared_core(matrix: Any, levels: FirstLevels, max_len: int | None) -> tuple[int, list[int], int]:
    """Largest set of frequent items found that ``min_count`` baskets all contain.

    Every combination of such a core is frequent, which gives a lower bound on the
    number of frequent itemsets that costs only a few sparse products.
    """
    if (max_len is not None and max_len < 3) or len(levels.items) < 3:
        return 0, [], 0
    freq = matrix[:, levels.items].astype(np.int32).tocsr()
    sizes = np.diff(freq.indptr)
    k = min(_CORE_PROBES, freq.shape[0])
    probes = np.argpartition(-sizes, k - 1)[:k]
    overlap = (freq[probes] @ freq.T).toarray()
    best: tuple[int, list[int], int] = (0, [], 0)
    need = levels.min_count
    for row, probe in zip(overlap, probes):
        if sizes[probe] <= best[0]:
            continue
        group = np.argpartition(-row, need - 1)[:need] if need < len(row) else np.arange(len(row))
        shared = np.asarray(freq[group].sum(axis=0)).ravel() == len(group)
        core = np.flatnonzero(shared)
        if len(core) > best[0]:
            holders = int((np.asarray(freq[:, core].sum(axis=1)).ravel() == len(core)).sum())
            best = (len(core), core.tolist(), holders)
    return best


def _combinations_at_least3(j: int, max_len: int | None) -> int:
    top = j if max_len is None else min(j, max_len)
    return sum(math.comb(j, k) for k in range(3, top + 1))


def _estimate(matrix: Any, levels: FirstLevels, max_len: int | None, columns: pd.Index) -> dict:
    j, core, holders = _shared_core(matrix, levels, max_len)
    longer = _combinations_at_least3(j, max_len)
    names = sorted(str(columns[levels.items[c]]) for c in core)
    n_pairs = len(levels.pairs.counts)
    return {"items": len(levels.items), "pairs": n_pairs, "longer_at_least": longer,
            "at_least": len(levels.items) + n_pairs + longer, "shared_items": names, "shared_by": holders}


def _advice(matrix: Any, levels: FirstLevels, min_support: float, max_itemsets: int, found: str, *,
            longer: bool = True) -> str:
    """A refusal message that says why and which thresholds would work."""
    n = levels.n_baskets
    histogram = pair_histogram(matrix[:, levels.items])          # pairs of frequent items by basket count
    suggestion = ""
    for candidate in (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5):
        if candidate <= min_support:
            continue
        count = min_basket_count(candidate, n)
        small = int((levels.all_counts >= count).sum()) + int(histogram[count:].sum())
        if small <= max_itemsets // 4:
            suggestion = tr("Raise min_support (at {support:g} items and pairs alone number {count:,}), ",
                            support=candidate, count=small)
            break
    remedy = (suggestion or tr("Raise min_support, ")) + (tr("or limit the itemset size with max_len=2, ")
                                                          if longer else "")
    return tr("min_support={min_support:g} is too low for this data: {found}, more than "
              "max_itemsets={max_itemsets:,}, so mining would take very long and could exhaust memory. "
              "{remedy}or pass a larger max_itemsets if you really need them all and have the memory.",
              min_support=min_support, found=found, max_itemsets=max_itemsets, remedy=remedy)


def _refuse_if_too_many(matrix: Any, levels: FirstLevels, max_len: int | None, min_support: float,
                        max_itemsets: int, columns: pd.Index) -> None:
    if len(levels.items) + len(levels.pairs.counts) > max_itemsets:
        found = tr("{items:,} items and {pairs:,} pairs are frequent before counting any longer itemset",
                   items=len(levels.items), pairs=len(levels.pairs.counts))
        raise ValueError(_advice(matrix, levels, min_support, max_itemsets, found, longer=False))
    est = _estimate(matrix, levels, max_len, columns)
    if est["at_least"] > max_itemsets:
        shown = ", ".join(repr(s) for s in est["shared_items"][:4])
        more = ", ..." if len(est["shared_items"]) > 4 else ""
        found = tr("{baskets:,} baskets share the same {size} items ({shown}), so every combination of them "
                   "is frequent: at least {total:,} itemsets", baskets=est["shared_by"],
                   size=len(est["shared_items"]), shown=shown + more, total=est["at_least"])
        raise ValueError(_advice(matrix, levels, min_support, max_itemsets, found))


# --------------------------------------------------------------------------------------------
# Frequent itemsets


class _Lattice:
    """Bitmaps of the frequent items (one bit per basket) for counting longer itemsets.

    Only the item bitmaps are kept (items x baskets / 8 bytes); an itemset's baskets
    are the AND of its items' bitmaps, recomputed chunk by chunk, so memory does not
    grow with the number of itemsets.
    """

    def __init__(self, matrix: Any, levels: FirstLevels, columns: np.ndarray) -> None:
        self.levels = levels
        self.words = _bitmaps(matrix, columns)
        self.step = max(1, _CHUNK_BYTES // (8 * self.words.shape[1]))

    def count(self, itemsets: np.ndarray) -> np.ndarray:
        """Number of baskets holding every item of each row (item positions)."""
        counts = np.empty(len(itemsets), dtype=np.int64)
        for start in range(0, len(itemsets), self.step):
            block = itemsets[start:start + self.step]
            joint = self.words[block[:, 0]]
            for j in range(1, block.shape[1]):
                joint &= self.words[block[:, j]]
            counts[start:start + self.step] = np.bitwise_count(joint).sum(axis=1, dtype=np.int64)
        return counts

    def estimate(self, join: _Join) -> tuple[float, float]:
        """Estimated number of frequent itemsets one item longer, and a cautious lower value.

        Counts a fixed random sample of the candidates (seeded, so the estimate is
        reproducible) and scales the share found frequent up to all candidates.
        """
        if join.total <= _SAMPLE:
            return math.nan, 0.0
        picks = np.sort(np.random.default_rng(0).choice(join.total, size=_SAMPLE, replace=False))
        parents, extra = join.prune(*join.decode(picks))
        counts = self.count(np.column_stack([join.current[parents], extra]))
        share = float((counts >= self.levels.min_count).sum()) / _SAMPLE
        spread = 3 * math.sqrt(share * (1 - share) / _SAMPLE)
        return join.total * share, join.total * max(0.0, share - spread)


class _Join:
    """Apriori's candidates of one level, enumerated lazily.

    Two frequent k-itemsets (rows of item positions, sorted lexicographically) that
    share their first k-1 items join into a (k+1)-candidate. Candidates are numbered
    0..total-1 and decoded chunk by chunk, so memory stays bounded however many there are.
    """

    def __init__(self, current: np.ndarray, n_items: int) -> None:
        n = len(current)
        prefix = current[:, :-1]
        new_group = np.ones(n, dtype=bool)
        new_group[1:] = (prefix[1:] != prefix[:-1]).any(axis=1)
        group_start = np.flatnonzero(new_group)
        group_end = np.append(group_start[1:], n)
        end = np.repeat(group_end, np.diff(np.append(group_start, n)))
        self.current = current
        self.n_items = n_items
        self.partners = end - np.arange(n) - 1             # later rows with the same prefix
        self.ends = np.cumsum(self.partners)
        self.total = int(self.ends[-1]) if n else 0

    def decode(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Candidate numbers -> (row of the first parent, extra item)."""
        parents = np.searchsorted(self.ends, index, side="right")
        first = self.ends[parents] - self.partners[parents]
        partner = parents + 1 + (index - first)
        return parents, self.current[partner, -1]

    def prune(self, parents: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Keep the candidates whose every k-subset is frequent (downward closure)."""
        k = self.current.shape[1]
        keep = np.ones(len(parents), dtype=bool)
        for drop in range(k - 1):                      # dropping either of the last two gives a parent
            rows = self.current[parents[keep]]
            subset = np.column_stack([np.delete(rows, drop, axis=1), extra[keep]])
            keep[keep] = _is_member(subset, self.current, self.n_items)
        return parents[keep], extra[keep]



def _refuse_if_level_too_big(matrix: Any, lattice: _Lattice, join: _Join, total: int, size: int, min_support: float,
                             max_itemsets: int) -> None:
    estimate, low = lattice.estimate(join)
    if total + low > max_itemsets:
        found = tr("about {estimate:,.0f} itemsets of {size} items would be frequent (estimated from "
                   "{sample:,} of the {candidates:,} candidates) on top of {shorter:,} shorter ones",
                   estimate=estimate, size=size, sample=_SAMPLE, candidates=join.total, shorter=total)
        raise ValueError(_advice(matrix, lattice.levels, min_support, max_itemsets, found))


def _bitmaps(matrix: Any, columns: np.ndarray) -> np.ndarray:
    """One row of 64-bit words per column: bit r is set when basket r holds the item."""
    sub = matrix[:, columns]
    n_bytes = -(-sub.shape[0] // 64) * 8
    cols = np.repeat(np.arange(sub.shape[1], dtype=np.int64), np.diff(sub.indptr))
    rows = sub.indices.astype(np.int64)
    byte = cols * n_bytes + (rows >> 3)                      # ascending: rows are sorted within a column
    first = np.flatnonzero(np.append(True, byte[1:] != byte[:-1]))
    flat = np.zeros(sub.shape[1] * n_bytes, dtype=np.uint8)
    if len(byte):                                            # distinct bits of one byte: their sum is their OR
        flat[byte[first]] = np.add.reduceat(np.left_shift(1, rows & 7).astype(np.uint8), first)
    return flat.reshape(sub.shape[1], n_bytes).view(np.uint64)


def _is_member(rows: np.ndarray, known: np.ndarray, base: int) -> np.ndarray:
    """Whether each row of ``rows`` is a row of ``known`` (lexicographically sorted, values < base)."""
    k = known.shape[1]
    if float(base) ** k < 2.0**62:                    # one int64 key per row: fast sorted search
        weights = np.array([base ** (k - 1 - j) for j in range(k)], dtype=np.int64)
        known_keys, keys = known.astype(np.int64) @ weights, rows.astype(np.int64) @ weights
        pos = np.minimum(np.searchsorted(known_keys, keys), len(known_keys) - 1)
        return known_keys[pos] == keys
    void = np.dtype((np.void, 8 * k))
    as_void = lambda a: np.ascontiguousarray(a, dtype=np.int64).view(void).ravel()  # noqa: E731
    return np.isin(as_void(rows), as_void(known))



def checked_levels(matrix: Any, columns: pd.Index, min_support: float, max_len: int | None, max_itemsets: int,
                   *, whole_result: bool) -> FirstLevels:
    """Exact frequent items and pairs, after refusing (``ValueError`` with advice) a result too large.

    ``whole_result=True`` also estimates and checks the size of the third level before
    any mining starts.
    """
    levels = _levels12(matrix, min_basket_count(min_support, matrix.shape[0]), max_len)
    _refuse_if_too_many(matrix, levels, max_len, min_support, max_itemsets, columns)
    if whole_result and len(levels.pairs.counts) > 1 and (max_len is None or max_len >= 3):
        columns, pairs = _in_column_order(levels)
        _refuse_if_level_too_big(matrix, _Lattice(matrix, levels, columns), _Join(pairs, len(columns)),
                                 len(levels.items) + len(levels.pairs.counts), 3, min_support, max_itemsets)
    return levels


def _in_column_order(levels: FirstLevels) -> tuple[np.ndarray, np.ndarray]:
    """The frequent items by column, and the frequent pairs as rows of positions into them, sorted.

    The sample behind the estimate numbers the candidates in this order, so the
    estimate does not depend on how the miner ranks the items.
    """
    by_column = np.argsort(levels.items)
    position = np.empty_like(by_column)
    position[by_column] = np.arange(len(by_column))
    a, b = position[levels.pairs.first], position[levels.pairs.second]
    first, second = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((second, first))
    return levels.items[by_column], np.column_stack([first[order], second[order]])


def eclat(matrix: Any, columns: pd.Index, min_support: float, max_len: int | None,
          max_itemsets: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every frequent itemset of a CSC basket matrix: (rows of column positions, counts) per length.

    Refuses a result that would be too large before mining (the third level is estimated),
    then mines depth-first (:mod:`crm_lessons.basket._eclat`), which stops as soon as its
    count passes ``max_itemsets``.
    """
    levels = checked_levels(matrix, columns, min_support, max_len, max_itemsets, whole_result=True)
    try:
        return mine_itemsets(matrix, levels.min_count, max_len, max_itemsets=max_itemsets,
                             pairs=levels.pairs)
    except TooManyItemsets as err:
        raise ValueError(_advice(matrix, levels, min_support, max_itemsets, err.finding)) from None


def estimate(matrix: Any, columns: pd.Index, min_support: float, max_len: int | None) -> dict:
    """The size estimate of :func:`crm_lessons.basket.estimate_itemsets` (see there)."""
    levels = _levels12(matrix, min_basket_count(min_support, matrix.shape[0]), max_len)
    return _estimate(matrix, levels, max_len, columns)
