"""Frequent itemsets by a depth-first vertical search over bitsets (Eclat), vectorised with NumPy.

Eclat (Zaki 2000, "Scalable algorithms for association mining") stores, for each
itemset, the set of baskets that hold it; the baskets of ``P + a + b`` are those of
``P + a`` AND those of ``P + b``. This module makes that search fast in pure
NumPy in three ways:

* **Items in ascending order of support.** The search starts from the rarest
  item, so an itemset's extensions are more popular items and every branch
  starts from the smallest set of baskets (Borgelt 2003, "Efficient
  implementations of Apriori and Eclat").
* **Bitsets local to the first item.** Below the itemsets starting with item
  ``i``, only the baskets holding ``i`` matter, so their bitsets have one bit
  per such basket instead of one per basket of the log: one 64-bit word for the
  many rare items, a few dozen words for the best sellers.
* **One NumPy call for many branches.** Branches whose bitsets have the same
  width are extended together: all sibling pairs of a block of nodes are
  ANDed and counted at once, and a block's frequent children are extended
  next (depth first, so memory stays bounded by the block size times the
  depth). A candidate is only counted when its last two items are a frequent
  pair (known exactly from one sparse product), which prunes most of them.

The entry point is :func:`mine_itemsets`; it returns, per itemset length, the
itemsets (rows of column positions) and their counts.

>>> import numpy as np
>>> baskets = np.array([[1, 1, 0], [1, 1, 1], [0, 1, 1], [1, 1, 1]], dtype=bool)
>>> for rows, counts in mine_itemsets(baskets, min_count=2):
...     print(sorted(zip(map(tuple, rows.tolist()), counts.tolist())))
[((0,), 3), ((1,), 4), ((2,), 3)]
[((0, 1), 3), ((0, 2), 2), ((1, 2), 3)]
[((0, 1, 2), 2)]
"""
from __future__ import annotations

import gc
from itertools import pairwise
from typing import Any

import numpy as np

__all__ = ["TooManyItemsets", "itemset_table", "mine_itemsets"]

_BLOCK_WORDS = 2**21          # 64-bit words of candidate bitsets ANDed per NumPy call (16 MB)
_DENSE_CELLS = 2**28          # largest items x baskets table kept as bytes to cut local bitsets from
_PAIR_TABLE_CELLS = 2**26     # largest items x items table of frequent pairs (else no pair pruning)


class TooManyItemsets(ValueError):
    """Raised as soon as mining has found more than ``max_itemsets`` itemsets (``found`` so far)."""

    def __init__(self, found: int, max_itemsets: int, length: int) -> None:
        self.found, self.max_itemsets, self.length = found, max_itemsets, length
        self.finding = f"at least {found:,} itemsets are frequent (counted up to {length} items)"
        super().__init__(f"{self.finding}, more than max_itemsets={max_itemsets:,}; "
                         "raise the minimum count or lower max_len.")


def mine_itemsets(baskets: Any, min_count: int, max_len: int | None = None, *, max_itemsets: int | None = None,
                  pairs: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every itemset held by at least ``min_count`` baskets, with its count.

    Parameters
    ----------
    baskets : scipy sparse matrix or array-like of bool, shape (baskets, items)
        True where a basket holds an item (any non-zero counts as True).
    min_count : int
        Minimum number of baskets that must hold the whole itemset (at least 1).
    max_len : int, optional
        Longest itemset to find (None: no limit).
    max_itemsets : int, optional
        Stop with :class:`TooManyItemsets` as soon as more itemsets than this
        have been found (None: no limit).
    pairs : (columns, counts), optional
        Every frequent pair, when already counted: an integer array (pairs x 2)
        of column positions and their basket counts. Saves the one sparse
        product that counts them; must be complete and exact.

    Returns
    -------
    list of (rows, counts)
        One entry per itemset length, shortest first, empty lengths left out:
        ``rows`` is an integer array (itemsets x length) of column positions,
        each row in ascending order, and ``counts`` the number of baskets
        holding each itemset. The order of the itemsets within a length is not
        specified.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> m = sp.csc_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1]], dtype=bool))
    >>> [(rows.tolist(), counts.tolist()) for rows, counts in mine_itemsets(m, 2, max_len=2)]
    [([[0], [2]], [2, 3]), ([[0, 2]], [2])]
    """
    if isinstance(min_count, (bool, np.bool_)) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a whole number of baskets, at least 1, got {min_count!r}.")
    if max_len is not None and max_len < 1:
        raise ValueError(f"max_len must be at least 1 or None, got {max_len!r}.")
    search = _Search(_as_csc(baskets), int(min_count), max_len, max_itemsets, pairs)
    return search.run()


def _as_csc(baskets: Any) -> Any:
    import scipy.sparse as sp

    if sp.issparse(baskets):
        matrix = sp.csc_matrix(baskets, dtype=bool)
    else:
        dense = np.asarray(baskets)
        if dense.ndim != 2:
            raise ValueError(f"baskets must be a 2-d table (baskets x items), got {dense.ndim} dimension(s).")
        matrix = sp.csc_matrix(dense.astype(bool, copy=False))
    matrix.eliminate_zeros()
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


class _Search:
    """State of one mining run: items ranked by support, frequent pairs, the itemsets found."""

    def __init__(self, matrix: Any, min_count: int, max_len: int | None, max_itemsets: int | None,
                 known_pairs: tuple[np.ndarray, np.ndarray] | None) -> None:
        self.matrix = matrix
        self.known_pairs = known_pairs
        self.min_count = min_count
        self.max_len = max_len if max_len is not None else matrix.shape[1] + 1
        self.max_itemsets = max_itemsets
        self.found: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
        self.total = 0
        self.pair_ok: np.ndarray | None = None        # pair_ok[i, j]: ranks i < j are a frequent pair
        counts = np.diff(matrix.indptr)
        frequent = np.flatnonzero(counts >= min_count)
        rank_order = np.lexsort((frequent, counts[frequent]))      # ascending support, then column
        self.columns = frequent[rank_order]                          # rank -> column position
        self.item_counts = counts[self.columns]
        self.position_type = np.int16 if matrix.shape[1] <= np.iinfo(np.int16).max else np.int32

    def emit(self, ranks: np.ndarray, counts: np.ndarray) -> None:
        """Record frequent itemsets (rows of item ranks) and stop once there are too many."""
        if len(counts) == 0:
            return
        length = ranks.shape[1]
        columns = self.columns.astype(self.position_type)[ranks]
        columns.sort(axis=1)
        self.found.setdefault(length, []).append((columns, np.asarray(counts, dtype=np.int64)))
        self.total += len(counts)
        if self.max_itemsets is not None and self.total > self.max_itemsets:
            raise TooManyItemsets(self.total, self.max_itemsets, length)

    def run(self) -> list[tuple[np.ndarray, np.ndarray]]:
        n_items = len(self.columns)
        self.emit(np.arange(n_items).reshape(-1, 1), self.item_counts)
        if self.max_len >= 2 and n_items >= 2:
            first, second, pair_counts = self._pairs(self.known_pairs)
            self.emit(np.column_stack([first, second]), pair_counts)
            if self.max_len >= 3 and len(pair_counts) >= 2:
                self.pair_ok = self._pair_table(first, second, n_items)
                self._extend_pairs(first, second)
        return [(np.concatenate([r for r, _ in parts]), np.concatenate([c for _, c in parts]))
                for _, parts in sorted(self.found.items())]

    def _pairs(self, known: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Frequent pairs as ranks (i < j) sorted by (i, j), with counts: given, or one sparse product."""
        if known is None:
            ranked = self.matrix[:, self.columns].astype(np.int32)
            gram = (ranked.T @ ranked).tocsr()                  # rank x rank: baskets holding both
            keep = np.flatnonzero(gram.data >= self.min_count)
            first = np.searchsorted(gram.indptr, keep, side="right") - 1
            second, counts = gram.indices[keep].astype(np.int64), gram.data[keep].astype(np.int64)
            first, second, counts = first[first < second], second[first < second], counts[first < second]
        else:
            rank = np.full(self.matrix.shape[1], -1, dtype=np.int64)
            rank[self.columns] = np.arange(len(self.columns))
            columns, counts = known
            first, second = rank[np.asarray(columns)[:, 0]], rank[np.asarray(columns)[:, 1]]
            counts = np.asarray(counts, dtype=np.int64)
        first, second = np.minimum(first, second), np.maximum(first, second)
        upper = first < second
        first, second, counts = first[upper], second[upper], counts[upper]
        order = np.lexsort((second, first))
        return first[order], second[order], counts[order]

    def _pair_table(self, first: np.ndarray, second: np.ndarray, n_items: int) -> np.ndarray | None:
        """Items x items table of the frequent pairs, unless too large (then candidates are not pruned)."""
        if n_items * n_items > _PAIR_TABLE_CELLS:
            return None
        table = np.zeros((n_items, n_items), dtype=bool)
        table[first, second] = True
        return table

    def _extend_pairs(self, first: np.ndarray, second: np.ndarray) -> None:
        """Extend every frequent pair {i, j}: bitsets of j over the baskets holding i, grouped by width."""
        heads, starts = np.unique(first, return_index=True)
        ends = np.append(starts[1:], len(first))
        useful = ends - starts >= 2                       # a head with one partner has nothing to extend
        heads, starts, ends = heads[useful], starts[useful], ends[useful]
        if len(heads) == 0:
            return
        holders = self.item_counts[heads]
        widths = 1 << np.ceil(np.log2(np.maximum(-(-holders // 64), 1))).astype(np.int64)
        cells = len(self.columns) * self.matrix.shape[0]
        table = self._item_rows() if cells <= _DENSE_CELLS else None
        for width in np.unique(widths):
            batch_rows, batch_bits, words = [], [], 0
            for h in np.flatnonzero(widths == width):
                partners = second[starts[h]:ends[h]]
                batch_rows.append(np.column_stack([np.full(len(partners), heads[h]), partners]))
                batch_bits.append(self._local_bits(heads[h], partners, int(width), table))
                words += len(partners) * int(width)
                if words >= _BLOCK_WORDS:
                    self._expand(np.concatenate(batch_rows), np.concatenate(batch_bits))
                    batch_rows, batch_bits, words = [], [], 0
            if batch_rows:
                self._expand(np.concatenate(batch_rows), np.concatenate(batch_bits))

    def _item_rows(self) -> np.ndarray:
        """Items (by rank) x baskets as bytes, to cut local bitsets from by fancy indexing."""
        sub = self.matrix[:, self.columns]
        table = np.zeros((sub.shape[1], sub.shape[0]), dtype=bool)
        table[np.repeat(np.arange(sub.shape[1]), np.diff(sub.indptr)), sub.indices] = True
        return table

    def _local_bits(self, head: int, partners: np.ndarray, width: int, table: np.ndarray | None) -> np.ndarray:
        """Bitsets of ``partners`` over the baskets holding ``head`` (one bit per such basket)."""
        column = self.columns[head]
        baskets = self.matrix.indices[self.matrix.indptr[column]:self.matrix.indptr[column + 1]]
        if table is not None:
            cells = table[np.ix_(partners, baskets)]
        else:
            cells = self.matrix[baskets][:, self.columns[partners]].toarray().T
        packed = np.zeros((len(partners), width * 8), dtype=np.uint8)
        bytes_used = -(-len(baskets) // 8)
        packed[:, :bytes_used] = np.packbits(cells, axis=1, bitorder="little")
        return packed.view(np.uint64)

    def _expand(self, rows: np.ndarray, bits: np.ndarray) -> None:
        """Find the frequent children of a block of sibling groups, then extend those, depth first.

        ``rows`` (nodes x length, item ranks) is sorted so that nodes with the same
        prefix (all items but the last) are adjacent, last item ascending; ``bits``
        holds each node's baskets. Children of node ``a`` are ``a + last(b)`` for the
        later siblings ``b`` of ``a``; they form one sibling group.
        """
        length = rows.shape[1] + 1
        if length > self.max_len or len(rows) < 2:
            return
        n, width = bits.shape
        prefix_change = np.ones(n, dtype=bool)
        if rows.shape[1] > 1:
            prefix_change[1:] = (rows[1:, :-1] != rows[:-1, :-1]).any(axis=1)
        group_start = np.flatnonzero(prefix_change)
        group_end = np.repeat(np.append(group_start[1:], n), np.diff(np.append(group_start, n)))
        partners = group_end - np.arange(n) - 1
        last = rows[:, -1]
        per_call = max(1, _BLOCK_WORDS // width)
        start = 0
        ends = np.cumsum(partners)
        while start < n:
            before = ends[start - 1] if start else 0
            stop = max(start + 1, int(np.searchsorted(ends, before + per_call, side="right")))
            stop = min(stop, n)
            count = int(ends[stop - 1] - before)
            if count:
                self._children(rows, bits, last, start, stop, partners, count)
            start = stop

    def _children(self, rows: np.ndarray, bits: np.ndarray, last: np.ndarray, start: int, stop: int,
                  partners: np.ndarray, count: int) -> None:
        left = np.repeat(np.arange(start, stop), partners[start:stop])
        first_of = np.cumsum(partners[start:stop]) - partners[start:stop]
        right = left + 1 + (np.arange(count) - np.repeat(first_of, partners[start:stop]))
        if self.pair_ok is not None:                 # P + a + b needs {a, b} frequent
            ok = self.pair_ok[last[left], last[right]]
            left, right = left[ok], right[ok]
        if len(left) == 0:
            return
        joint = bits[left]
        joint &= bits[right]
        counts = np.bitwise_count(joint).sum(axis=1, dtype=np.int64)
        hit = counts >= self.min_count
        if not hit.any():
            return
        child_rows = np.column_stack([rows[left[hit]], last[right[hit]]])
        self.emit(child_rows, counts[hit])
        if int(hit.sum()) >= 2:
            self._expand(child_rows, joint[hit])


def itemset_table(found: list[tuple[np.ndarray, np.ndarray]], names: Any, n_baskets: int,
                  min_support: float, separator: str = " + ") -> Any:
    """The itemsets as a sorted table, built with array operations (fast for millions of itemsets).

    Parameters
    ----------
    found : list of (rows, counts)
        Output of :func:`mine_itemsets` (rows of column positions, any order).
    names : sequence
        Item name of each column (shown with ``str``).
    n_baskets : int
        Number of baskets (support = count / n_baskets).
    min_support : float
        Recorded in ``.attrs``.
    separator : str
        Joins the item names of an itemset.

    Returns
    -------
    DataFrame
        ``itemset`` (names sorted and joined), ``length``, ``count``, ``support``
        and ``items`` (the sorted tuple of names), sorted by support (highest
        first), then length, then itemset; ``.attrs`` holds ``n_baskets`` and
        ``min_support``.

    Examples
    --------
    >>> found = mine_itemsets(np.array([[1, 1], [1, 1], [0, 1]], dtype=bool), 2)
    >>> itemset_table(found, ["tea", "cake"], 3, 0.5)[["itemset", "count"]].to_dict("records")
    [{'itemset': 'cake', 'count': 3}, {'itemset': 'tea', 'count': 2}, {'itemset': 'cake + tea', 'count': 2}]
    """
    import pandas as pd

    labels = np.array([str(c) for c in names], dtype=object)
    by_name = np.argsort(labels, kind="stable")
    sorted_labels = labels[by_name]
    name_rank = np.empty(len(labels), dtype=np.int16 if len(labels) <= np.iinfo(np.int16).max else np.int32)
    name_rank[by_name] = np.arange(len(labels))
    by_text = _tuple_order_is_text_order(sorted_labels)
    groups, text_rank = [], []                          # per length: rows of name ranks, rank of the text
    names_in_column_order = bool((np.diff(name_rank) > 0).all())
    for rows, _ in found:
        ranked = name_rank[rows]
        if not (names_in_column_order and (rows[:, :-1] < rows[:, 1:]).all()):
            ranked = np.sort(ranked, axis=1)             # each row in name order
        if by_text:
            order = np.lexsort(ranked.T[::-1])
        else:                                            # some name is a prefix of another: compare the text
            text = np.array([separator.join(r) for r in sorted_labels[ranked].tolist()], dtype=object)
            order = np.argsort(np.unique(text, return_inverse=True)[1], kind="stable")
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        groups.append(ranked)
        text_rank.append(position)
    lengths = np.concatenate([np.full(len(g), g.shape[1], dtype=np.int64) for g in groups]) if groups else \
        np.empty(0, dtype=np.int64)
    count = np.concatenate([np.asarray(c, dtype=np.int64) for _, c in found]) if found else \
        np.empty(0, dtype=np.int64)
    order = _table_order(count, lengths, np.concatenate(text_rank) if text_rank else lengths)
    final = np.empty(len(order), dtype=np.int64)
    final[order] = np.arange(len(order))
    items = np.empty(len(order), dtype=object)
    start = 0
    collecting = gc.isenabled()
    gc.disable()                     # millions of new tuples, none in a cycle: skip the collector's passes
    try:
        for ranked in groups:
            columns = [sorted_labels[ranked[:, j]] for j in range(ranked.shape[1])]
            items[final[start:start + len(ranked)]] = np.fromiter(zip(*columns), dtype=object, count=len(ranked))
            start += len(ranked)
    finally:
        if collecting:
            gc.enable()
    lengths, count = lengths[order], count[order]
    itemset = np.fromiter(map(separator.join, items), dtype=object, count=len(items))
    table = pd.DataFrame({
        "itemset": pd.Series(itemset, dtype=object),
        "length": lengths,
        "count": count,
        "support": count / n_baskets,
        "items": pd.Series(items, dtype=object),
    }, copy=False)                                   # fresh arrays: no need to copy millions of objects
    table.attrs = {"n_baskets": n_baskets, "min_support": min_support}
    return table


def _table_order(count: np.ndarray, lengths: np.ndarray, text_rank: np.ndarray) -> np.ndarray:
    """Order by count (highest first), then length, then text; one sort of a combined key when it fits."""
    if len(count) == 0:
        return np.empty(0, dtype=np.int64)
    spans = (int(count.max() - count.min()) + 1, int(lengths.max()) + 1, len(count))
    if float(spans[0]) * spans[1] * spans[2] >= 2.0**62:
        return np.lexsort((text_rank, lengths, -count))
    key = ((count.max() - count) * spans[1] + lengths) * spans[2] + text_rank      # unique per itemset
    return np.argsort(key)


def _tuple_order_is_text_order(sorted_labels: np.ndarray) -> bool:
    """Whether comparing itemsets name by name orders them as their joined text does.

    It does unless some name is a proper prefix of another (then the separator's
    characters take part in the text comparison); in sorted order such a name is
    a prefix of the name right after it, so checking neighbours suffices.
    """
    return not any(b.startswith(a) for a, b in pairwise(sorted_labels))
