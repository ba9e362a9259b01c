"""Frequent itemsets by a depth-first vertical search over bitsets (Eclat), vectorised with NumPy.

Eclat (Zaki 2000, "Scalable algorithms for association mining") stores, for each
itemset, the set of baskets that hold it; the baskets of ``P + a + b`` are those of
``P + a`` AND those of ``P + b``. This module makes that search fast in pure
NumPy in four ways:

* **Items in ascending order of support.** The search starts from the rarest
  item, so an itemset's extensions are more popular items and every branch
  starts from the smallest set of baskets (Borgelt 2003, "Efficient
  implementations of Apriori and Eclat").
* **Bitsets local to the first item.** Below the itemsets starting with item
  ``i``, only the baskets holding ``i`` matter, so their bitsets have one bit
  per such basket instead of one per basket of the log: one 64-bit word for the
  many rare items, a few dozen words for the best sellers. The bitsets of the
  frequent pairs are set straight from the baskets found while counting the
  pairs (:mod:`crm_lessons.basket._pairs`).
* **One NumPy call for many branches.** Branches whose bitsets have the same
  width are extended together: all sibling pairs of a block of nodes are
  ANDed and counted at once, and a block's frequent children are extended
  next (depth first, so memory stays bounded by the block size times the
  depth). A candidate is only counted when its last two items are a frequent
  pair (known exactly beforehand), which prunes most of them.
* **A prefix tree, not rows.** An itemset is recorded as its parent (the
  itemset without its last item) and its last item, so the search never copies
  rows of items; the rows are assembled once per length at the end.

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

from typing import Any

import numpy as np

from ..i18n import tr
from ._common import ranges
from ._pairs import FrequentPairs, count_pairs, items_by_support

__all__ = ["TooManyItemsets", "mine_itemsets"]

_BLOCK_WORDS = 2**19          # 64-bit words of candidate bitsets ANDed per NumPy call (4 MB)
_PAIR_TABLE_CELLS = 2**26     # largest items x items table of frequent pairs (else no pair pruning)


class TooManyItemsets(ValueError):
    """Raised as soon as mining has found more than ``max_itemsets`` itemsets (``found`` so far)."""

    def __init__(self, found: int, max_itemsets: int, length: int) -> None:
        self.found, self.max_itemsets, self.length = found, max_itemsets, length
        self.finding = tr("at least {found:,} itemsets are frequent (counted up to {length} items)",
                          found=found, length=length)
        super().__init__(f"{self.finding}, more than max_itemsets={max_itemsets:,}; "
                         "raise the minimum count or lower max_len.")


def mine_itemsets(baskets: Any, min_count: int, max_len: int | None = None, *, max_itemsets: int | None = None,
                  pairs: FrequentPairs | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
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
    pairs : FrequentPairs, optional
        The frequent pairs when already counted, as
        ``count_pairs(matrix[:, items_by_support(basket_counts, min_count)], min_count)``
        gives them (:mod:`crm_lessons.basket._pairs`); saves counting them again.

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
        raise ValueError(tr("min_count must be a whole number of baskets, at least 1, got {value!r}.", value=min_count))
    if max_len is not None and max_len < 1:
        raise ValueError(tr("max_len must be at least 1 or None, got {value!r}.", value=max_len))
    search = _Search(_as_csc(baskets), int(min_count), max_len, max_itemsets)
    return search.run(pairs)


def _as_csc(baskets: Any) -> Any:
    import scipy.sparse as sp

    if sp.issparse(baskets):
        matrix = sp.csc_matrix(baskets, dtype=bool)
    else:
        dense = np.asarray(baskets)
        if dense.ndim != 2:
            raise ValueError(tr("baskets must be a 2-d table (baskets x items), got {ndim} dimension(s).",
                                ndim=dense.ndim))
        matrix = sp.csc_matrix(dense.astype(bool, copy=False))
    matrix.eliminate_zeros()
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


class _Search:
    """State of one mining run: items ranked by support, frequent pairs, the prefix tree found so far.

    Itemsets of length 1 are the item ranks; an itemset of length ``k >= 2`` is
    stored as (``parent``: its position among the itemsets of length ``k - 1``,
    ``last``: the rank of its last item, ``count``), appended block by block.
    """

    def __init__(self, matrix: Any, min_count: int, max_len: int | None, max_itemsets: int | None) -> None:
        self.matrix = matrix
        self.min_count = min_count
        self.max_len = max_len if max_len is not None else matrix.shape[1] + 1
        self.max_itemsets = max_itemsets
        self.tree: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
        self.sizes: dict[int, int] = {}                 # itemsets of each length found so far
        self.total = 0
        self.pair_ok: np.ndarray | None = None        # pair_ok[i, j]: ranks i < j are a frequent pair
        counts = np.diff(matrix.indptr)
        self.columns = items_by_support(counts, min_count)          # rank -> column position
        self.item_counts = counts[self.columns]
        self.rank_type = np.int16 if len(self.columns) <= np.iinfo(np.int16).max else np.int32

    def emit(self, length: int, parents: np.ndarray, last: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Record frequent itemsets of ``length`` items; return their positions. Stop once there are too many."""
        start = self.sizes.get(length, 0)
        self.tree.setdefault(length, []).append((parents, last, counts))
        self.sizes[length] = start + len(counts)
        self.total += len(counts)
        if self.max_itemsets is not None and self.total > self.max_itemsets:
            raise TooManyItemsets(self.total, self.max_itemsets, length)
        return np.arange(start, start + len(counts), dtype=np.int32)

    def run(self, pairs: FrequentPairs | None) -> list[tuple[np.ndarray, np.ndarray]]:
        n_items = len(self.columns)
        if n_items == 0:
            return []
        self.total = n_items
        if self.max_itemsets is not None and self.total > self.max_itemsets:
            raise TooManyItemsets(self.total, self.max_itemsets, 1)
        if self.max_len >= 2 and n_items >= 2:
            if pairs is None:
                pairs = count_pairs(self.matrix[:, self.columns], self.min_count)
            if len(pairs.counts):
                self.emit(2, pairs.first, pairs.second, pairs.counts)
            if self.max_len >= 3 and len(pairs.counts) >= 2:
                self.pair_ok = self._pair_table(pairs.first, pairs.second, n_items)
                self._extend_pairs(pairs)
        return self._rows()

    def _rows(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The prefix tree as rows of column positions (ascending) per length, with counts."""
        position_type = np.int16 if self.matrix.shape[1] <= np.iinfo(np.int16).max else np.int32
        ranks = np.arange(len(self.columns), dtype=position_type).reshape(-1, 1)
        out = [(self.columns.astype(position_type).reshape(-1, 1), self.item_counts.astype(np.int64))]
        columns = self.columns.astype(position_type)
        for length in range(2, max(self.tree, default=1) + 1):
            parents, last, counts = (np.concatenate(part) for part in zip(*self.tree.pop(length)))
            longer = np.empty((len(parents), length), dtype=position_type)
            longer[:, :-1] = ranks[parents]
            longer[:, -1] = last
            ranks = longer
            rows = columns[ranks]
            rows.sort(axis=1)
            out.append((rows, counts.astype(np.int64)))
        return out

    def _pair_table(self, first: np.ndarray, second: np.ndarray, n_items: int) -> np.ndarray | None:
        """Items x items table of the frequent pairs, unless too large (then candidates are not pruned)."""
        if n_items * n_items > _PAIR_TABLE_CELLS:
            return None
        table = np.zeros((n_items, n_items), dtype=bool)
        table[first, second] = True
        return table

    def _extend_pairs(self, pairs: FrequentPairs) -> None:
        """Extend every frequent pair {i, j}: bitsets of j over the baskets holding i, grouped by width."""
        heads, starts, sizes = np.unique(pairs.first, return_index=True, return_counts=True)
        useful = sizes >= 2                               # a head with one partner has nothing to extend
        heads, starts, sizes = heads[useful], starts[useful], sizes[useful]
        holders = self.item_counts[heads]
        widths = 1 << np.ceil(np.log2(np.maximum(-(-holders // 64), 1))).astype(np.int64)
        pair_width = np.zeros(len(pairs.first), dtype=np.int64)
        pair_width[ranges(starts, sizes)] = np.repeat(widths, sizes)
        held_width = pair_width[pairs.holder_pair]
        for width in np.unique(widths).tolist():
            group = np.flatnonzero(widths == width)
            held = held_width == width
            holder_pair, holder_position = pairs.holder_pair[held], pairs.holder_position[held]
            head_words = np.cumsum(sizes[group]) * width
            done = 0
            while done < len(group):                     # blocks of whole heads, about _BLOCK_WORDS each
                before = head_words[done - 1] if done else 0
                stop = min(max(done + 1, int(np.searchsorted(head_words, before + _BLOCK_WORDS, side="right"))),
                           len(group))
                block = ranges(starts[group[done:stop]], sizes[group[done:stop]]).astype(np.int32)
                self._expand(2, block, pairs.first[block], pairs.second[block].astype(self.rank_type),
                             _bitsets(block, holder_pair, holder_position, width))
                done = stop

    def _expand(self, length: int, nodes: np.ndarray, parents: np.ndarray, last: np.ndarray,
                bits: np.ndarray) -> None:
        """Find the frequent children of a block of sibling groups, then extend those, depth first.

        ``nodes`` are positions among the itemsets of ``length`` items, ``parents``
        their parents' positions (equal parents are adjacent: one sibling group,
        ``last`` ascending) and ``bits`` each node's baskets. Children of node ``a``
        are ``a + last(b)`` for the later siblings ``b`` of ``a``; they form one
        sibling group.
        """
        if length + 1 > self.max_len or len(nodes) < 2:
            return
        n, width = bits.shape
        group_start = np.flatnonzero(np.append(True, parents[1:] != parents[:-1]))
        group_size = np.diff(np.append(group_start, n))
        partners = np.repeat(group_start + group_size, group_size) - np.arange(n) - 1    # later siblings
        per_call = max(1, _BLOCK_WORDS // width)
        ends = np.cumsum(partners)
        start = 0
        while start < n:
            before = ends[start - 1] if start else 0
            stop = min(max(start + 1, int(np.searchsorted(ends, before + per_call, side="right"))), n)
            if ends[stop - 1] > before:
                self._children(length, nodes, last, bits, start, stop, partners)
            start = stop

    def _children(self, length: int, nodes: np.ndarray, last: np.ndarray, bits: np.ndarray, start: int,
                  stop: int, partners: np.ndarray) -> None:
        per_node = partners[start:stop]
        left = np.repeat(np.arange(start, stop), per_node)
        skip = np.cumsum(per_node) - per_node
        right = np.arange(len(left)) + np.repeat(np.arange(start + 1, stop + 1) - skip, per_node)
        if self.pair_ok is not None:                 # P + a + b needs {a, b} frequent
            ok = self.pair_ok[last[left], last[right]]
            left, right = left[ok], right[ok]
        if len(left) == 0:
            return
        joint = bits[left]
        joint &= bits[right]
        width = bits.shape[1]
        counts = np.bitwise_count(joint[:, 0]) if width == 1 else np.bitwise_count(joint).sum(axis=1, dtype=np.int32)
        hit = np.flatnonzero(counts >= self.min_count)
        if len(hit) == 0:
            return
        parents, child_last, counts = nodes[left[hit]], last[right[hit]], counts[hit]
        del left, right                              # only what the children need stays while they are extended
        joint = joint[hit]
        children = self.emit(length + 1, parents, child_last, counts)
        if len(hit) >= 2:
            self._expand(length + 1, children, parents, child_last, joint)


def _bitsets(block: np.ndarray, holder_pair: np.ndarray, holder_position: np.ndarray, width: int) -> np.ndarray:
    """Bitsets (``width`` 64-bit words each) of the pairs ``block`` (ascending) from their holders."""
    held = (holder_pair >= block[0]) & (holder_pair <= block[-1])
    row = np.searchsorted(block, holder_pair[held])
    cells = np.zeros(len(block) * width * 64, dtype=bool)
    cells[row * (width * 64) + holder_position[held]] = True
    return np.packbits(cells.reshape(len(block), width * 64), axis=1, bitorder="little").view(np.uint64)
