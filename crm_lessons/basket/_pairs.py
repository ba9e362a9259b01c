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

The same pass records which baskets hold each frequent pair (as positions among
the baskets holding its first item), which is where the depth-first search of
:mod:`crm_lessons.basket._eclat` starts.

>>> import scipy.sparse as sp
>>> baskets = sp.csc_matrix(np.array([[1, 1, 1], [1, 1, 0], [0, 1, 1]], dtype=bool))
>>> found = count_pairs(baskets, min_count=2)
>>> found.first.tolist(), found.second.tolist(), found.counts.tolist()
([0, 1], [1, 2], [2, 2])
>>> pair_histogram(baskets)[1:].tolist()         # 1 pair in 1 basket, 2 pairs in 2 baskets, none in 3
[1, 2, 0]
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

__all__ = ["FrequentPairs", "count_pairs", "items_by_support", "pair_histogram"]

_BLOCK = 2**18          # pairs, and count cells, handled per block


def items_by_support(basket_counts: np.ndarray, min_count: int) -> np.ndarray:
    """Positions of the items held by ``min_count`` baskets or more, rarest first (ties by position).

    >>> items_by_support(np.array([5, 1, 3, 3]), 2).tolist()
    [2, 3, 0]
    """
    frequent = np.flatnonzero(basket_counts >= min_count)
    return frequent[np.lexsort((frequent, basket_counts[frequent]))]


@dataclass(frozen=True)
class FrequentPairs:
    """Pairs bought together in at least ``min_count`` baskets, with the baskets holding them.

    Pair ``k`` is ``(first[k], second[k])`` (item positions, ``first < second``, sorted);
    ``holder_pair[h]`` and ``holder_position[h]`` say that pair ``holder_pair[h]`` is in
    the basket at position ``holder_position[h]`` among the baskets holding its first item.
    """

    first: np.ndarray
    second: np.ndarray
    counts: np.ndarray         # baskets holding both items
    holder_pair: np.ndarray
    holder_position: np.ndarray


def count_pairs(matrix: Any, min_count: int) -> FrequentPairs:
    """Count the baskets holding each pair of columns of a CSC basket matrix (baskets x items).

    Parameters
    ----------
    matrix : scipy.sparse.csc_matrix
        True where a basket holds an item; row indices sorted within each column, no
        explicit zeros.
    min_count : int
        Pairs held by fewer baskets are left out.

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
    >>> sorted(zip(pairs.holder_pair.tolist(), pairs.holder_position.tolist()))   # item 2: baskets 0, 1, 2
    [(0, 0), (0, 1), (1, 0), (1, 2)]
    """
    n_items = matrix.shape[1]
    index_type = np.int32 if max(matrix.nnz, n_items * n_items) < 2**31 else np.int64
    position = (np.arange(matrix.nnz) - np.repeat(matrix.indptr[:-1], np.diff(matrix.indptr))).astype(index_type)
    parts: list[tuple[np.ndarray, ...]] = []
    found = 0
    for block in _blocks(matrix):
        hit = np.flatnonzero(block.cells >= min_count)
        pair_of_cell = np.full(len(block.cells), -1, dtype=index_type)
        pair_of_cell[hit] = np.arange(found, found + len(hit))
        pair = pair_of_cell[block.code]
        held = pair >= 0
        parts.append((block.start + hit // n_items, hit % n_items, block.cells[hit], pair[held],
                      np.repeat(position[block.entries], block.partners)[held]))
        found += len(hit)
    first, second, counts, holder_pair, holder_position = (
        [np.concatenate(p) for p in zip(*parts)] if parts else [np.empty(0, dtype=np.int64)] * 5)
    return FrequentPairs(first, second, counts, holder_pair, holder_position)


def pair_histogram(matrix: Any) -> np.ndarray:
    """``histogram[c]``: pairs of columns held by exactly ``c`` baskets (``c >= 1``; index 0 unused).

    >>> import scipy.sparse as sp
    >>> pair_histogram(sp.csc_matrix(np.array([[1, 1, 1], [1, 1, 0], [0, 1, 1]], dtype=bool)))[1:].tolist()
    [1, 2, 0]
    """
    histogram = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    for block in _blocks(matrix):
        seen = np.bincount(block.cells)
        histogram[:len(seen)] += seen
    return histogram


class _Block(NamedTuple):
    start: int                 # first items start .. start + cells // n_items - 1
    cells: np.ndarray          # baskets per code (first - start) * n_items + second
    code: np.ndarray           # code of every pair met in a basket
    entries: slice             # the CSC entries of the first items
    partners: np.ndarray       # pairs met per entry (later items in the same basket)


def _blocks(matrix: Any) -> Iterator[_Block]:
    """The pairs met in the baskets, counted block of first items by block."""
    n_items = matrix.shape[1]
    rows = matrix.tocsr()                                  # per basket: its items, sorted
    rows.sort_indices()
    item_of = rows.indices.astype(np.int16 if n_items <= np.iinfo(np.int16).max else np.int32)
    by_item = np.argsort(item_of, kind="stable")           # basket entries in item order (CSC order)
    later = np.repeat(rows.indptr[1:], np.diff(rows.indptr)) - np.arange(len(item_of)) - 1
    partners = later[by_item]                               # later items in the same basket, per CSC entry
    ends = np.concatenate([[0], np.cumsum(partners)])[matrix.indptr[1:]]     # pairs up to each item's end
    start = 0
    while start < n_items:
        done = int(ends[start - 1]) if start else 0
        stop = int(np.searchsorted(ends, done + _BLOCK, side="right"))
        stop = min(max(stop, start + 1), start + max(1, _BLOCK // n_items), n_items)
        entries = slice(matrix.indptr[start], matrix.indptr[stop])
        k = partners[entries]
        skip = np.cumsum(k) - k
        later_entry = np.arange(int(k.sum())) + np.repeat(by_item[entries] + 1 - skip, k)
        row_of = np.repeat(np.arange(stop - start) * n_items, np.diff(matrix.indptr[start:stop + 1]))
        code = np.repeat(row_of, k) + item_of[later_entry]
        yield _Block(start, np.bincount(code, minlength=(stop - start) * n_items), code, entries, k)
        start = stop
