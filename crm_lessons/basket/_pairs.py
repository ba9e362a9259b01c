"""Every pair of items bought together, counted exactly in blocks of first items (no matrix product).

A pair ``{a, b}`` (``a < b``) is counted once for each basket holding both. Within a
basket the items are sorted, so the entry of ``a`` pairs with every later entry of the
same basket. Taking the entries item by item (the column order of a CSC matrix), the
pairs whose first item lies in a block ``first .. last`` get the codes
``(a - first) * n_items + b``, a short range that one ``np.bincount`` counts; the
frequent pairs then come out sorted by ``(a, b)`` without a sort. Blocks hold at most
``_BLOCK`` pairs and ``_BLOCK`` count cells, so memory stays a few tens of MB
however large the data (a sparse product ``X.T @ X`` would build all the
co-occurrences at once, both triangles, and is two to three times slower here).

>>> import scipy.sparse as sp
>>> baskets = sp.csc_matrix(np.array([[1, 1, 1], [1, 1, 0], [0, 1, 1]], dtype=bool))
>>> found = count_pairs(baskets, min_count=2)
>>> found.first.tolist(), found.second.tolist(), found.counts.tolist()
([0, 1], [1, 2], [2, 2])
>>> found.histogram[1:].tolist()                # 1 pair in 1 basket, 2 pairs in 2 baskets, none in 3
[1, 2, 0]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["FrequentPairs", "count_pairs"]

_BLOCK = 2**20          # pairs, and count cells, handled per block


@dataclass(frozen=True)
class FrequentPairs:
    """Pairs bought together in at least ``min_count`` baskets, and how often every pair co-occurs."""

    first: np.ndarray          # item positions, first < second, sorted by (first, second)
    second: np.ndarray
    counts: np.ndarray         # baskets holding both items
    histogram: np.ndarray      # histogram[c]: pairs held by exactly c baskets (index 0 unused)


def count_pairs(matrix: Any, min_count: int) -> FrequentPairs:
    """Count the baskets holding each pair of columns of a CSC basket matrix (baskets x items).

    Parameters
    ----------
    matrix : scipy.sparse.csc_matrix
        True where a basket holds an item; row indices sorted within each column, no
        explicit zeros.
    min_count : int
        Pairs held by fewer baskets are counted in the histogram only.

    Returns
    -------
    FrequentPairs

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> m = sp.csc_matrix(np.array([[1, 0, 1, 1], [1, 0, 1, 0], [0, 1, 1, 1]], dtype=bool))
    >>> pairs = count_pairs(m, 2)
    >>> list(zip(pairs.first.tolist(), pairs.second.tolist(), pairs.counts.tolist()))
    [(0, 2, 2), (2, 3, 2)]
    """
    n_baskets, n_items = matrix.shape
    rows = matrix.tocsr()                                  # per basket: its items, sorted
    rows.sort_indices()
    item_of = rows.indices.astype(np.int16 if n_items <= np.iinfo(np.int16).max else np.int32)
    by_item = np.argsort(item_of, kind="stable")           # basket entries in item order (CSC order)
    later = np.repeat(rows.indptr[1:], np.diff(rows.indptr)) - np.arange(len(item_of)) - 1
    partners = later[by_item]                               # later items in the same basket, per CSC entry
    ends = np.concatenate([[0], np.cumsum(partners)])[matrix.indptr[1:]]     # pairs up to each item's end
    histogram = np.zeros(n_baskets + 1, dtype=np.int64)
    first, second, counts = [], [], []
    start = 0
    while start < n_items:
        done = int(ends[start - 1]) if start else 0
        stop = int(np.searchsorted(ends, done + _BLOCK, side="right"))
        stop = min(max(stop, start + 1), start + max(1, _BLOCK // n_items), n_items)
        lo, hi = matrix.indptr[start], matrix.indptr[stop]
        k = partners[lo:hi]
        skip = np.cumsum(k) - k
        later_entry = np.arange(int(k.sum())) + np.repeat(by_item[lo:hi] + 1 - skip, k)
        row_of = np.repeat(np.arange(stop - start) * n_items, np.diff(matrix.indptr[start:stop + 1]))
        cells = np.bincount(np.repeat(row_of, k) + item_of[later_entry], minlength=(stop - start) * n_items)
        seen = np.bincount(cells)
        histogram[:len(seen)] += seen
        hit = np.flatnonzero(cells >= min_count)
        first.append(start + hit // n_items)
        second.append(hit % n_items)
        counts.append(cells[hit])
        start = stop
    empty = np.empty(0, dtype=np.int64)
    return FrequentPairs(np.concatenate(first) if first else empty, np.concatenate(second) if second else empty,
                         np.concatenate(counts) if counts else empty, histogram)
