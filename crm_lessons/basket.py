"""Market-basket analysis: basket matrices, frequent itemsets, association rules, recommendations.

The chain is ``transactions -> basket_matrix -> frequent_itemsets -> association_rules``:

* :func:`basket_matrix` turns a log of order lines into a True/False table with one
  row per basket and one column per item. Items below a minimum support are
  dropped *before* encoding (by downward closure they cannot be in any frequent
  itemset), and a sparse layout is used when the table is large and mostly empty.
* :func:`frequent_itemsets` finds every itemset bought in at least ``min_support``
  of the baskets. The default method is Eclat (Zaki 2000), a depth-first search over
  bitsets of baskets, vectorised with NumPy, so that a year of a mid-sized
  retailer's orders is mined in about a second even at low support; ``method="fpgrowth"``
  runs mlxtend's FP-growth (Han, Pei & Yin 2000; Raschka 2018) and gives the same
  table. Before mining, the size of the result is estimated and a threshold that
  would flood memory is refused with advice.
* :func:`association_rules` turns itemsets into rules "antecedent -> consequent"
  with support, confidence, lift, leverage and conviction (Brin et al. 1997),
  one item on the right-hand side by default.
* :func:`recommend` offers the top-k items for a basket; :func:`filter_rules` and
  :func:`rules_by_segment` slice rules for exploration.

Itemsets are shown as readable strings (``"Coffee beans 1kg + Espresso machine"``,
items sorted alphabetically) and every table is sorted deterministically, so the
output never depends on hash order.

>>> tx = toy_transactions()
>>> rules = association_rules(basket_matrix(tx), min_support=0.3, min_confidence=0.9)
>>> rules[["antecedent", "consequent", "confidence", "lift"]].to_dict("records")[0]
{'antecedent': 'Espresso machine', 'consequent': 'Coffee beans 1kg', 'confidence': 1.0, 'lift': 2.0}
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_columns, require_frame, require_probability
from ._vertical_miner import TooManyItemsets, itemset_table, mine_itemsets

__all__ = ["SEPARATOR", "RULE_METRICS", "toy_transactions", "basket_matrix", "estimate_itemsets",
           "frequent_itemsets", "association_rules", "rule_sentence", "filter_rules", "recommend",
           "rules_by_segment"]

SEPARATOR = " + "
RULE_METRICS = ("support", "confidence", "lift", "leverage", "conviction")
MAX_ITEMSETS = 200_000
MAX_RULES = 2_000_000
_SPARSE_MIN_CELLS = 2**26          # below this (64 MB) a dense table is small and faster to mine
_SPARSE_MAX_DENSITY = 0.10         # sparse storage costs ~5 bytes per True, dense 1 byte per cell
_CHUNK_BYTES = 32 * 2**20          # bitmap bytes ANDed per step when counting (bounds memory)
_CORE_PROBES = 20                  # largest baskets probed for a shared core of items
_SAMPLE = 20_000                   # candidates counted to estimate the size of the next level

_TOY_BASKETS = [
    ["Espresso machine", "Coffee beans 1kg", "Milk frother", "Scented candle"],
    ["Espresso machine", "Coffee beans 1kg", "Milk frother"],
    ["Espresso machine", "Coffee beans 1kg", "Scented candle"],
    ["Espresso machine", "Coffee beans 1kg", "Scented candle"],
    ["Coffee beans 1kg", "Loose-leaf tea", "Scented candle"],
    ["Milk frother", "Scented candle"],
    ["Milk frother", "Scented candle"],
    ["Loose-leaf tea", "Scented candle"],
    ["Scented candle"],
    ["Loose-leaf tea"],
]


def toy_transactions() -> pd.DataFrame:
    """Ten small baskets from a coffee-and-home shop, for working support, confidence and lift by hand.

    Five items: an espresso machine that nearly always comes with coffee beans, a
    scented candle that is in 8 of the 10 baskets, loose-leaf tea that seldom meets
    coffee, and a milk frother.

    Returns
    -------
    DataFrame
        One row per basket line: ``order_id`` (``"T01"``..``"T10"``) and ``product``.

    Examples
    --------
    >>> tx = toy_transactions()
    >>> tx["order_id"].nunique(), tx["product"].nunique()
    (10, 5)
    """
    rows = [(f"T{b:02d}", item) for b, basket in enumerate(_TOY_BASKETS, start=1) for item in basket]
    return pd.DataFrame(rows, columns=["order_id", "product"])


# --------------------------------------------------------------------------------------------
# Basket matrix
# --------------------------------------------------------------------------------------------

def _min_count(min_support: float, n_baskets: int) -> int:
    """Smallest basket count c with c / n_baskets >= min_support (the float test mlxtend uses)."""
    count = max(1, math.ceil(min_support * n_baskets))
    while count > 1 and (count - 1) / n_baskets >= min_support:
        count -= 1
    while count / n_baskets < min_support:
        count += 1
    return count


def basket_matrix(tx: pd.DataFrame, basket: str = "order_id", item: str = "product",
                  min_support: float | None = None, *, sparse: bool | None = None) -> pd.DataFrame:
    """One row per basket, one True/False column per item: the input of itemset mining.

    Parameters
    ----------
    tx : DataFrame
        Transactions, one row per basket line (an item may appear on several lines).
    basket, item : str
        Columns holding the basket (order) id and the item (product) name.
    min_support : float in (0, 1], optional
        Drop items bought in fewer than this share of baskets *before* encoding. By
        downward closure such items cannot be part of any itemset at that support,
        so mining at ``min_support`` or above gives the same result with a much
        smaller table. Every basket keeps its row (possibly all False), so supports
        are still shares of all baskets.
    sparse : bool, optional
        Force a sparse (True) or dense (False) layout. By default the table is sparse
        when a dense one would take over 64 MB (one byte per cell) and at most 10 % of
        the cells are True, where sparse storage (about 5 bytes per True) saves most;
        a smaller table stays dense, which is faster to build and to mine.

    Returns
    -------
    DataFrame
        Boolean, rows indexed by basket id and columns by item, both sorted.
        ``.attrs`` records ``n_items`` (before dropping), ``n_dropped_items`` and
        ``min_support``, so that mining at a lower support than the matrix was
        built for is refused instead of silently missing itemsets.

    Examples
    --------
    >>> m = basket_matrix(toy_transactions())
    >>> m.shape, m.loc["T01", "Scented candle"]
    ((10, 5), np.True_)
    >>> basket_matrix(toy_transactions(), min_support=0.35).attrs["n_dropped_items"]
    1
    """
    import scipy.sparse as sp

    require_frame(tx, "tx")
    require_columns(tx, {"basket": basket, "item": item}, "tx")
    for arg, column in (("basket", basket), ("item", item)):
        missing = int(tx[column].isna().sum())
        if missing:
            raise ValueError(f"Column {column!r} of tx ({arg}=) has {missing} missing value(s); "
                             f"drop those lines first, e.g. tx.dropna(subset=[{column!r}]).")
    if min_support is not None:
        min_support = require_probability(min_support, "min_support")
    if sparse is not None and not isinstance(sparse, (bool, np.bool_)):
        raise TypeError(f"sparse must be True, False or None, got {type(sparse).__name__}.")

    basket_codes, basket_ids = _sorted_codes(tx[basket])
    item_codes, item_names = _sorted_codes(tx[item])
    n_baskets, n_items = len(basket_ids), len(item_names)
    matrix = sp.csc_matrix((np.ones(len(tx), dtype=bool), (basket_codes, item_codes)),
                           shape=(n_baskets, n_items))
    matrix.sum_duplicates()                     # one basket counts once, whatever its lines
    counts = np.diff(matrix.indptr)
    keep = np.arange(n_items)
    if min_support is not None:
        keep = np.flatnonzero(counts >= _min_count(min_support, n_baskets))
        matrix = matrix[:, keep]
    columns = pd.Index(item_names[keep], name=item)
    index = pd.Index(basket_ids, name=basket)
    cells = n_baskets * len(keep)
    if sparse is None:
        sparse = cells > _SPARSE_MIN_CELLS and matrix.nnz <= _SPARSE_MAX_DENSITY * cells
    if sparse:
        frame = pd.DataFrame.sparse.from_spmatrix(matrix, index=index, columns=columns)
    else:
        frame = pd.DataFrame(matrix.toarray(), index=index, columns=columns)
    frame.attrs = {"n_items": n_items, "n_dropped_items": n_items - len(keep), "min_support": min_support}
    return frame


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values`` numbered in sorted order of the distinct values."""
    codes, uniques = pd.factorize(values)
    uniques = np.asarray(uniques, dtype=object)
    try:
        order = np.argsort(uniques, kind="stable")
    except TypeError:                            # mixed types: sort by text
        order = np.argsort(uniques.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques[order]


# --------------------------------------------------------------------------------------------
# Validation of a basket matrix and the size estimate
# --------------------------------------------------------------------------------------------

def _check_baskets(baskets: Any, arg: str = "baskets") -> pd.DataFrame:
    if isinstance(baskets, pd.DataFrame) and baskets.shape[0] == 0:
        raise ValueError(f"{arg} has no rows: there are no baskets to mine.")
    if isinstance(baskets, pd.DataFrame) and baskets.shape[1] == 0:
        raise ValueError(f"{arg} has no columns: there are no items to mine "
                         "(did min_support in basket_matrix drop them all?).")
    frame = require_frame(baskets, arg)
    if frame.shape[0] == 1:
        raise ValueError(f"{arg} holds a single basket: support and confidence compare many baskets, "
                         "so pass the whole basket matrix (one row per basket).")
    dtypes = frame.dtypes
    bad = [(c, t) for c, t in zip(frame.columns, dtypes) if not pd.api.types.is_bool_dtype(t)]
    if bad:
        sample = ", ".join(repr(str(c)) for c, _ in bad[:3])
        raise TypeError(
            f"{arg} must be a boolean (True/False) basket matrix, but {len(bad)} column(s) are not, "
            f"e.g. {sample} ({bad[0][1]}). Build it with crm.basket.basket_matrix(tx), "
            "or convert a 0/1 table with baskets.astype(bool).")
    if any(isinstance(t, pd.BooleanDtype) for t in dtypes) and frame.isna().to_numpy().any():
        raise ValueError(f"{arg} has missing values; a basket either holds an item or not (True/False).")
    if not frame.columns.is_unique:
        dup = frame.columns[frame.columns.duplicated()][0]
        raise ValueError(f"{arg} has the item column {dup!r} more than once; item names must be unique.")
    return frame


def _to_csc(frame: pd.DataFrame) -> Any:
    import scipy.sparse as sp

    if all(isinstance(t, pd.SparseDtype) for t in frame.dtypes):
        plain = frame.copy(deep=False)
        plain.attrs = {}                          # pandas would copy attrs once per column
        matrix = plain.sparse.to_coo().tocsc().astype(bool)
        matrix.eliminate_zeros()
        matrix.sort_indices()
        return matrix
    cols, rows = np.nonzero(frame.to_numpy(dtype=bool).T)     # ordered by item, then basket
    indptr = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=frame.shape[1]))])
    return sp.csc_matrix((np.ones(len(rows), dtype=bool), rows, indptr), shape=frame.shape)


def _check_support(min_support: Any, baskets: pd.DataFrame) -> float:
    min_support = require_probability(min_support, "min_support")
    built = baskets.attrs.get("min_support")
    if isinstance(built, float) and min_support < built:
        raise ValueError(
            f"The basket matrix was built with min_support={built:g}, which dropped items that can be "
            f"frequent at min_support={min_support:g}. Rebuild it with basket_matrix(tx, "
            f"min_support={min_support:g}) or mine at min_support >= {built:g}.")
    return min_support


def _check_max_len(max_len: Any) -> int | None:
    if max_len is None:
        return None
    if isinstance(max_len, (bool, np.bool_)) or not isinstance(max_len, (int, np.integer)):
        raise TypeError(f"max_len must be a whole number or None, got {type(max_len).__name__}.")
    if max_len < 1:
        raise ValueError(f"max_len must be at least 1, got {max_len}.")
    return int(max_len)


@dataclass
class _Levels12:
    """Exact frequent items and pairs, found with one sparse product."""

    n_baskets: int
    min_count: int
    items: np.ndarray          # column positions of frequent items (ascending)
    item_counts: np.ndarray
    pairs: np.ndarray          # (n, 2) positions into ``items`` (i < j), lexicographic
    pair_counts: np.ndarray
    all_counts: np.ndarray     # basket count of every column
    cooccurrence: np.ndarray   # basket count of every pair of frequent items bought together at least once


def _levels12(matrix: Any, min_count: int, max_len: int | None) -> _Levels12:
    counts = np.diff(matrix.indptr)
    items = np.flatnonzero(counts >= min_count)
    pairs = np.empty((0, 2), dtype=np.int64)
    pair_counts = cooccurrence = np.empty(0, dtype=np.int64)
    if (max_len is None or max_len >= 2) and len(items) > 1:
        freq = matrix[:, items].astype(np.int32)
        gram = (freq.T @ freq).tocoo()                 # item x item: baskets holding both
        upper = gram.row < gram.col
        rows, cols, cooccurrence = gram.row[upper], gram.col[upper], gram.data[upper].astype(np.int64)
        hit = cooccurrence >= min_count
        order = np.lexsort((cols[hit], rows[hit]))
        pairs = np.column_stack([rows[hit][order], cols[hit][order]]).astype(np.int64)
        pair_counts = cooccurrence[hit][order]
    return _Levels12(matrix.shape[0], min_count, items, counts[items], pairs, pair_counts, counts, cooccurrence)


def _shared_core(matrix: Any, levels: _Levels12, max_len: int | None) -> tuple[int, list[int], int]:
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


def estimate_itemsets(baskets: pd.DataFrame, min_support: float, max_len: int | None = None) -> dict:
    """Estimate, before mining, how many frequent itemsets ``min_support`` would give.

    Counts frequent items and pairs exactly (one sparse matrix product) and adds a
    lower bound for longer itemsets: if ``c`` baskets (enough for the support) all
    hold the same ``j`` items, every combination of those items is frequent.

    Parameters
    ----------
    baskets : DataFrame
        Boolean basket matrix (see :func:`basket_matrix`).
    min_support : float in (0, 1]
        Minimum share of baskets.
    max_len : int, optional
        Longest itemset that would be mined.

    Returns
    -------
    dict
        ``items`` and ``pairs`` (exact counts), ``longer_at_least`` (lower bound on
        itemsets of 3+ items), ``at_least`` (their sum), ``shared_items`` (the core
        found, sorted) and ``shared_by`` (how many baskets hold all of it).

    Examples
    --------
    >>> est = estimate_itemsets(basket_matrix(toy_transactions()), 0.3)
    >>> est["items"], est["pairs"]
    (5, 4)
    """
    frame = _check_baskets(baskets)
    min_support = _check_support(min_support, frame)
    max_len = _check_max_len(max_len)
    matrix = _to_csc(frame)
    levels = _levels12(matrix, _min_count(min_support, matrix.shape[0]), max_len)
    return _estimate(matrix, levels, max_len, frame.columns)


def _estimate(matrix: Any, levels: _Levels12, max_len: int | None, columns: pd.Index) -> dict:
    j, core, holders = _shared_core(matrix, levels, max_len)
    longer = _combinations_at_least3(j, max_len)
    names = sorted(str(columns[levels.items[c]]) for c in core)
    n_pairs = len(levels.pair_counts)
    return {"items": len(levels.items), "pairs": n_pairs, "longer_at_least": longer,
            "at_least": len(levels.items) + n_pairs + longer, "shared_items": names, "shared_by": holders}


def _advice(levels: _Levels12, min_support: float, max_itemsets: int, found: str, *, longer: bool = True) -> str:
    """A refusal message that says why and which thresholds would work."""
    n = levels.n_baskets
    suggestion = ""
    for candidate in (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5):
        if candidate <= min_support:
            continue
        count = _min_count(candidate, n)
        small = int((levels.all_counts >= count).sum()) + int((levels.cooccurrence >= count).sum())
        if small <= max_itemsets // 4:
            suggestion = f"Raise min_support (at {candidate:g} items and pairs alone number {small:,}), "
            break
    shorter = "or limit the itemset size with max_len=2, " if longer else ""
    return (f"min_support={min_support:g} is too low for this data: {found}, more than "
            f"max_itemsets={max_itemsets:,}, so mining would take very long and could exhaust memory. "
            f"{suggestion or 'Raise min_support, '}{shorter}or pass a larger max_itemsets if you really need "
            "them all and have the memory.")


def _refuse_if_too_many(matrix: Any, levels: _Levels12, max_len: int | None, min_support: float,
                        max_itemsets: int, columns: pd.Index) -> None:
    if len(levels.items) + len(levels.pair_counts) > max_itemsets:
        found = (f"{len(levels.items):,} items and {len(levels.pair_counts):,} pairs are frequent "
                 "before counting any longer itemset")
        raise ValueError(_advice(levels, min_support, max_itemsets, found, longer=False))
    est = _estimate(matrix, levels, max_len, columns)
    if est["at_least"] > max_itemsets:
        shown = ", ".join(repr(s) for s in est["shared_items"][:4])
        more = ", ..." if len(est["shared_items"]) > 4 else ""
        found = (f"{est['shared_by']:,} baskets share the same {len(est['shared_items'])} items "
                 f"({shown}{more}), so every combination of them is frequent: at least "
                 f"{est['at_least']:,} itemsets")
        raise ValueError(_advice(levels, min_support, max_itemsets, found))


# --------------------------------------------------------------------------------------------
# Frequent itemsets
# --------------------------------------------------------------------------------------------

def frequent_itemsets(baskets: pd.DataFrame, min_support: float, max_len: int | None = None, *,
                      method: str = "eclat", max_itemsets: int = MAX_ITEMSETS) -> pd.DataFrame:
    """All itemsets bought together in at least ``min_support`` of the baskets.

    Parameters
    ----------
    baskets : DataFrame
        Boolean basket matrix, one row per basket (see :func:`basket_matrix`).
    min_support : float in (0, 1]
        Minimum share of baskets that must hold the whole itemset.
    max_len : int, optional
        Longest itemset to look for (None: no limit).
    method : {"eclat", "fpgrowth"}
        ``"eclat"``: depth-first search over the baskets of each itemset (Zaki
        2000), kept as bitsets and extended many branches per NumPy call (see
        ``crm_lessons._vertical_miner``); fast at low supports and light on
        memory. ``"fpgrowth"``: mlxtend's FP-growth (Han, Pei & Yin 2000), the
        same result by another route.
    max_itemsets : int
        Refuse (``ValueError`` with advice) when the result would have more
        itemsets than this. Before mining, frequent items and pairs are counted
        exactly, baskets sharing many items are looked for, and the size of the
        level of three items is estimated from a fixed sample of its candidates
        (see :func:`estimate_itemsets`); Eclat also stops as soon as its count
        passes the limit.

    Returns
    -------
    DataFrame
        ``itemset`` (items sorted and joined with ``" + "``), ``length``, ``count``
        (baskets holding it), ``support`` and ``items`` (the sorted tuple), sorted by
        support (highest first), then length, then name. ``.attrs["n_baskets"]``
        keeps the number of baskets.

    Examples
    --------
    >>> fi = frequent_itemsets(basket_matrix(toy_transactions()), min_support=0.3)
    >>> fi[["itemset", "support"]].head(3).to_dict("records")[0]
    {'itemset': 'Scented candle', 'support': 0.8}
    >>> fi.loc[fi["length"] == 3, "itemset"].tolist()
    ['Coffee beans 1kg + Espresso machine + Scented candle']
    """
    frame = _check_baskets(baskets)
    min_support = _check_support(min_support, frame)
    max_len = _check_max_len(max_len)
    if method not in ("eclat", "fpgrowth"):
        raise ValueError(f"method must be 'eclat' or 'fpgrowth', got {method!r}.")
    if isinstance(max_itemsets, (bool, np.bool_)) or not isinstance(max_itemsets, (int, np.integer)) \
            or max_itemsets < 1:
        raise ValueError(f"max_itemsets must be a positive whole number, got {max_itemsets!r}.")
    matrix = _to_csc(frame)
    n = matrix.shape[0]
    levels = _levels12(matrix, _min_count(min_support, n), max_len)
    _refuse_if_too_many(matrix, levels, max_len, min_support, max_itemsets, frame.columns)
    if len(levels.pair_counts) > 1 and (max_len is None or max_len >= 3):    # refuse before mining
        _refuse_if_level_too_big(_Lattice(matrix, levels), _Join(levels.pairs, len(levels.items)),
                                 len(levels.items) + len(levels.pair_counts), 3, min_support, max_itemsets)
    if method == "eclat":
        try:
            found = mine_itemsets(matrix, levels.min_count, max_len, max_itemsets=max_itemsets,
                                  pairs=(levels.items[levels.pairs], levels.pair_counts))
        except TooManyItemsets as err:
            raise ValueError(_advice(levels, min_support, max_itemsets, err.finding)) from None
    else:
        found = _fpgrowth(frame, levels, min_support, max_len)
    return itemset_table(found, frame.columns, n, min_support, SEPARATOR)


class _Lattice:
    """Bitmaps of the frequent items (one bit per basket) for counting longer itemsets.

    Only the item bitmaps are kept (items x baskets / 8 bytes); an itemset's baskets
    are the AND of its items' bitmaps, recomputed chunk by chunk, so memory does not
    grow with the number of itemsets.
    """

    def __init__(self, matrix: Any, levels: _Levels12) -> None:
        self.levels = levels
        self.words = _bitmaps(matrix, levels.items)
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

    def estimate(self, join: "_Join") -> tuple[float, float]:
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


def _refuse_if_level_too_big(lattice: _Lattice, join: "_Join", total: int, size: int, min_support: float,
                             max_itemsets: int) -> None:
    estimate, low = lattice.estimate(join)
    if total + low > max_itemsets:
        found = (f"about {estimate:,.0f} itemsets of {size} items would be frequent (estimated from "
                 f"{_SAMPLE:,} of the {join.total:,} candidates) on top of {total:,} shorter ones")
        raise ValueError(_advice(lattice.levels, min_support, max_itemsets, found))


def _bitmaps(matrix: Any, columns: np.ndarray) -> np.ndarray:
    """One row of 64-bit words per column: bit r is set when basket r holds the item."""
    sub = matrix[:, columns]
    n_bytes = -(-sub.shape[0] // 64) * 8
    cols = np.repeat(np.arange(sub.shape[1], dtype=np.int64), np.diff(sub.indptr))
    rows = sub.indices.astype(np.int64)
    flat = np.bincount(cols * n_bytes + (rows >> 3), weights=np.left_shift(1, rows & 7),
                       minlength=sub.shape[1] * n_bytes)
    return flat.astype(np.uint8).reshape(sub.shape[1], n_bytes).view(np.uint64)


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


def _fpgrowth(frame: pd.DataFrame, levels: _Levels12, min_support: float,
              max_len: int | None) -> list[tuple[np.ndarray, np.ndarray]]:
    if len(levels.items) == 0:
        return []
    with warnings.catch_warnings():          # mlxtend changes the global warning filters on import
        from mlxtend.frequent_patterns import fpgrowth

    sub = frame.iloc[:, levels.items]
    sub.columns = range(sub.shape[1])
    result = fpgrowth(sub, min_support=min_support, use_colnames=False, max_len=max_len)
    by_len: dict[int, list[tuple[list[int], int]]] = {}
    n = levels.n_baskets
    for itemset, support in zip(result["itemsets"], result["support"]):
        cols = sorted(int(levels.items[i]) for i in itemset)
        by_len.setdefault(len(cols), []).append((cols, int(round(support * n))))
    return [(np.array([c for c, _ in rows]), np.array([s for _, s in rows])) for _, rows in sorted(by_len.items())]


# --------------------------------------------------------------------------------------------
# Association rules
# --------------------------------------------------------------------------------------------

def association_rules(itemsets_or_baskets: pd.DataFrame, min_confidence: float = 0.3,
                      min_lift: float | None = None, single_consequent: bool = True, *,
                      min_support: float | None = None, max_len: int | None = None) -> pd.DataFrame:
    """Rules "if a basket holds the antecedent, it also holds the consequent", with their measures.

    For a rule A -> C over N baskets (Agrawal, Imielinski & Swami 1993; Brin et al. 1997):
    support = share of baskets holding A and C; confidence = support(A+C) / support(A);
    lift = confidence / support(C) (1 = independent, above 1 = bought together more
    than chance, below 1 = less); leverage = support(A+C) - support(A) * support(C);
    conviction = (1 - support(C)) / (1 - confidence) (infinite when confidence is 1).

    Parameters
    ----------
    itemsets_or_baskets : DataFrame
        Output of :func:`frequent_itemsets`, or a boolean basket matrix (then
        ``min_support`` is required and the itemsets are mined first).
    min_confidence : float in [0, 1]
        Keep rules with at least this confidence.
    min_lift : float, optional
        Keep rules with at least this lift.
    single_consequent : bool
        True (the textbook convention): one item on the right-hand side. False: every
        split of every frequent itemset into two non-empty parts.
    min_support, max_len : optional
        Passed to :func:`frequent_itemsets` when a basket matrix is given.

    Returns
    -------
    DataFrame
        ``antecedent``, ``consequent`` (readable), ``support``, ``confidence``, ``lift``,
        ``leverage``, ``conviction``, ``antecedent_support``, ``consequent_support``,
        ``count`` (baskets holding the whole rule), ``antecedent_items`` and
        ``consequent_items`` (sorted tuples); sorted by lift, confidence and support
        (highest first), then by name.

    Examples
    --------
    >>> fi = frequent_itemsets(basket_matrix(toy_transactions()), 0.3)
    >>> rules = association_rules(fi, min_confidence=0.7)
    >>> rules[["antecedent", "consequent", "confidence", "lift"]].head(2).to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'antecedent': 'Espresso machine', 'consequent': 'Coffee beans 1kg', 'confidence': 1.0, 'lift': 2.0},
     {'antecedent': 'Espresso machine + Scented candle', 'consequent': 'Coffee beans 1kg', 'confidence': 1.0,
      'lift': 2.0}]
    """
    itemsets = _as_itemsets(itemsets_or_baskets, min_support, max_len)
    min_confidence = require_probability(min_confidence, "min_confidence", low_open=False)
    if min_lift is not None:
        min_lift = _non_negative(min_lift, "min_lift")
    if not isinstance(single_consequent, (bool, np.bool_)):
        raise TypeError(f"single_consequent must be True or False, got {type(single_consequent).__name__}.")
    n = int(itemsets.attrs.get("n_baskets") or _infer_n(itemsets))
    lookup = dict(zip(itemsets["items"], itemsets["count"].astype(np.int64)))
    lengths = itemsets["length"].to_numpy()
    n_rules = int(lengths[lengths > 1].sum()) if single_consequent else \
        int(sum(2 ** int(k) - 2 for k in lengths[lengths > 1]))
    if n_rules > MAX_RULES:
        raise ValueError(f"These itemsets would give {n_rules:,} candidate rules (more than {MAX_RULES:,}). "
                         "Mine with a higher min_support or a smaller max_len, or use single_consequent=True.")
    ante, cons, joint = [], [], []
    for items, count in zip(itemsets["items"], itemsets["count"]):
        k = len(items)
        if k < 2:
            continue
        sizes = [k - 1] if single_consequent else range(1, k)
        for size in sizes:
            for a in combinations(items, size):
                ante.append(a)
                cons.append(tuple(i for i in items if i not in a))
                joint.append(count)
    if not ante:
        return _empty_rules()
    try:
        count_a = np.fromiter((lookup[a] for a in ante), dtype=np.int64, count=len(ante))
        count_c = np.fromiter((lookup[c] for c in cons), dtype=np.int64, count=len(cons))
    except KeyError as err:
        raise ValueError(
            f"itemsets lacks the itemset {SEPARATOR.join(err.args[0])!r}, a subset of a listed itemset; "
            "pass the whole, unfiltered output of frequent_itemsets.") from None
    count_ac = np.asarray(joint, dtype=np.int64)
    support = count_ac / n
    s_a, s_c = count_a / n, count_c / n
    confidence = count_ac / count_a
    lift = (count_ac * n) / (count_a * count_c)
    conviction = np.full(len(ante), np.inf)
    below = count_ac < count_a                      # confidence < 1; else conviction is infinite
    conviction[below] = (1 - s_c[below]) / (1 - confidence[below])
    rules = pd.DataFrame({
        "antecedent": pd.Series([SEPARATOR.join(a) for a in ante], dtype=object),
        "consequent": pd.Series([SEPARATOR.join(c) for c in cons], dtype=object),
        "support": support, "confidence": confidence, "lift": lift,
        "leverage": support - s_a * s_c, "conviction": conviction,
        "antecedent_support": s_a, "consequent_support": s_c, "count": count_ac,
        "antecedent_items": pd.Series(ante, dtype=object), "consequent_items": pd.Series(cons, dtype=object),
    })
    keep = rules["confidence"].to_numpy() >= min_confidence
    if min_lift is not None:
        keep &= rules["lift"].to_numpy() >= min_lift
    return _sort_rules(rules.loc[keep])


def _as_itemsets(obj: Any, min_support: float | None, max_len: int | None) -> pd.DataFrame:
    if obj is Ellipsis:
        raise TypeError("itemsets_or_baskets is still `...`: pass frequent_itemsets(...) or a basket matrix.")
    if isinstance(obj, pd.DataFrame) and {"items", "count", "length"} <= set(obj.columns):
        if obj.empty:
            raise ValueError("The itemsets table is empty: no itemset reached min_support, so there are "
                             "no rules. Lower min_support.")
        return obj
    if isinstance(obj, pd.DataFrame):
        if min_support is None:
            _check_baskets(obj, "itemsets_or_baskets")
            raise ValueError("A basket matrix was given, so pass min_support too "
                             "(e.g. association_rules(baskets, min_support=0.01)).")
        return frequent_itemsets(obj, min_support, max_len)
    raise TypeError("itemsets_or_baskets must be the output of frequent_itemsets or a boolean basket "
                    f"matrix (DataFrame), got {type(obj).__name__}.")


def _infer_n(itemsets: pd.DataFrame) -> int:
    row = itemsets.iloc[0]
    return int(round(row["count"] / row["support"]))


def _non_negative(value: Any, arg: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{arg} must be a number, got {type(value).__name__}.")
    if not value >= 0:
        raise ValueError(f"{arg} must be zero or more, got {value}.")
    return float(value)


def _empty_rules() -> pd.DataFrame:
    columns = {"antecedent": object, "consequent": object, "support": float, "confidence": float,
               "lift": float, "leverage": float, "conviction": float, "antecedent_support": float,
               "consequent_support": float, "count": np.int64, "antecedent_items": object,
               "consequent_items": object}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _sort_rules(rules: pd.DataFrame) -> pd.DataFrame:
    return rules.sort_values(["lift", "confidence", "support", "antecedent", "consequent"],
                             ascending=[False, False, False, True, True], kind="stable", ignore_index=True)


def _check_rules(rules: Any) -> pd.DataFrame:
    frame = require_frame(rules, "rules", allow_empty=True)
    require_columns(frame, {"rules": "antecedent_items"}, "rules")
    require_columns(frame, {m: m for m in RULE_METRICS}, "rules")
    return frame


def rule_sentence(rule: pd.Series) -> str:
    """Read one rule aloud as a business sentence.

    Parameters
    ----------
    rule : Series
        One row of :func:`association_rules` (e.g. ``rules.iloc[0]``).

    Returns
    -------
    str

    Examples
    --------
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.3, min_confidence=0.9)
    >>> print(rule_sentence(rules.iloc[0]))
    Of the baskets with Espresso machine, 100% also hold Coffee beans 1kg: 2.0 times the 50% of all baskets that do. Both are in 40% of all baskets.
    """
    if not isinstance(rule, pd.Series):
        raise TypeError(f"rule must be one row of the rules table (a Series, e.g. rules.iloc[0]), "
                        f"got {type(rule).__name__}.")
    missing = [c for c in ("antecedent", "consequent", "support", "confidence", "lift", "consequent_support")
               if c not in rule.index]
    if missing:
        raise ValueError(f"rule has no {', '.join(missing)}: pass a row of crm.basket.association_rules(...).")
    return (f"Of the baskets with {rule['antecedent']}, {_share(rule['confidence'])} also hold "
            f"{rule['consequent']}: {rule['lift']:.1f} times the {_share(rule['consequent_support'])} of all "
            f"baskets that do. Both are in {_share(rule['support'])} of all baskets.")


def _share(value: float) -> str:
    """A share as a percentage with two significant digits for small values (0.4%, not 0%)."""
    if value >= 0.1 or value == 0:
        return f"{value:.0%}"
    return f"{value:.1%}" if value >= 0.01 else f"{value:.2%}"


def filter_rules(rules: pd.DataFrame, min_support: float | None = None, min_confidence: float | None = None,
                 min_lift: float | None = None, item: str | None = None, side: str = "any") -> pd.DataFrame:
    """Keep the rules that pass the thresholds and mention ``item``: fast, for explorers.

    Rules mined once at a low support and confidence can be narrowed down here in
    milliseconds. Filtering on rule support gives exactly the rules a higher
    ``min_support`` would have mined, because every subset of a frequent itemset
    is frequent.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`association_rules`.
    min_support, min_confidence, min_lift : float, optional
        Lower bounds (inclusive).
    item : str, optional
        Keep only rules with this item on the chosen ``side``.
    side : {"any", "antecedent", "consequent"}
        Where ``item`` must appear.

    Returns
    -------
    DataFrame
        The matching rules, in the order of ``rules``, with a fresh index.

    Examples
    --------
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.1, min_confidence=0)
    >>> filter_rules(rules, min_support=0.3, item="Espresso machine", side="antecedent")["consequent"].tolist()
    ['Coffee beans 1kg', 'Coffee beans 1kg', 'Scented candle', 'Scented candle']
    """
    frame = _check_rules(rules)
    keep = np.ones(len(frame), dtype=bool)
    for arg, value, column in (("min_support", min_support, "support"),
                               ("min_confidence", min_confidence, "confidence")):
        if value is not None:
            keep &= frame[column].to_numpy() >= require_probability(value, arg, low_open=False)
    if min_lift is not None:
        keep &= frame["lift"].to_numpy() >= _non_negative(min_lift, "min_lift")
    if side not in ("any", "antecedent", "consequent"):
        raise ValueError(f"side must be 'any', 'antecedent' or 'consequent', got {side!r}.")
    if item is not None:
        if not isinstance(item, str):
            raise TypeError(f"item must be an item name (str), got {type(item).__name__}.")
        rows = np.flatnonzero(keep)                      # test membership only where thresholds pass
        mentions = np.zeros(len(rows), dtype=bool)
        for part in ("antecedent", "consequent"):
            if side in ("any", part):
                tuples = frame[f"{part}_items"].to_numpy()[rows]
                mentions |= np.fromiter((item in t for t in tuples), dtype=bool, count=len(rows))
        keep[rows[~mentions]] = False
    return frame.loc[keep].reset_index(drop=True)


def recommend(rules: pd.DataFrame, basket: str | Iterable[str], k: int = 3, *,
              by: str = "confidence") -> pd.DataFrame:
    """The top ``k`` items to offer a customer whose basket holds ``basket``.

    A rule applies when all its antecedent items are in the basket; each item not yet
    in the basket is scored by the best applicable rule that recommends it. Rules with
    lift at or below 1 never count: they recommend items the basket makes no more
    likely than chance (often simply popular items).

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`association_rules`.
    basket : str or iterable of str
        The items already in the basket.
    k : int
        How many items to return (fewer if fewer rules apply).
    by : {"confidence", "lift", "leverage", "conviction", "support"}
        The rule measure to rank by; ties go to higher lift, then item name.

    Returns
    -------
    DataFrame
        ``item``, ``score`` (the ``by`` value of the best rule), ``confidence``,
        ``lift`` and ``because`` (that rule's antecedent), best first.

    Examples
    --------
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.1, min_confidence=0.1)
    >>> recommend(rules, ["Espresso machine"])[["item", "confidence", "lift"]].to_dict("records")
    [{'item': 'Coffee beans 1kg', 'confidence': 1.0, 'lift': 2.0}, {'item': 'Milk frother', 'confidence': 0.5, 'lift': 1.25}]
    """
    frame = _check_rules(rules)
    if isinstance(basket, str):
        basket = [basket]
    if basket is Ellipsis or not isinstance(basket, Iterable):
        raise TypeError(f"basket must be an item name or a list of item names, got {type(basket).__name__}.")
    held = set(basket)
    if not all(isinstance(i, str) for i in held):
        raise TypeError("basket must hold item names (str).")
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive whole number, got {k!r}.")
    if by not in RULE_METRICS:
        raise ValueError(f"by must be one of {', '.join(RULE_METRICS)}, got {by!r}.")
    applies = np.fromiter((set(a) <= held for a in frame["antecedent_items"]), dtype=bool, count=len(frame))
    usable = frame.loc[applies & (frame["lift"].to_numpy() > 1)]
    offers = usable.assign(item=usable["consequent_items"]).explode("item")
    offers = offers.loc[~offers["item"].isin(held)]
    columns = ["item", "score", "confidence", "lift", "because"]
    if offers.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("item", "because") else float) for c in columns})
    offers = offers.assign(score=offers[by], because=offers["antecedent"])
    offers = offers.sort_values(["score", "lift", "item", "because"], ascending=[False, False, True, True],
                                kind="stable")
    best = offers.drop_duplicates("item", keep="first").head(k)
    return best[columns].astype({"item": object}).reset_index(drop=True)


def rules_by_segment(tx: pd.DataFrame, segment: str, basket: str = "order_id", item: str = "product", *,
                     min_support: float, min_confidence: float = 0.3, min_lift: float | None = None,
                     max_len: int | None = None) -> pd.DataFrame:
    """Mine rules separately within each segment of baskets (supports are shares of that segment).

    Parameters
    ----------
    tx : DataFrame
        Transactions with a ``segment`` column (constant within a basket).
    segment : str
        Column naming each line's segment (e.g. the customer's RFM segment or channel).
    basket, item : str
        Basket id and item columns.
    min_support, min_confidence, min_lift, max_len
        Thresholds applied within each segment.

    Returns
    -------
    DataFrame
        ``segment``, ``baskets`` (baskets in the segment), then the rule columns of
        :func:`association_rules`; segments in sorted order.

    Examples
    --------
    >>> tx = toy_transactions()
    >>> tx["half"] = (tx["order_id"] <= "T05").map({True: "first", False: "second"})
    >>> out = rules_by_segment(tx, "half", min_support=0.4, min_confidence=0.9)
    >>> out[["segment", "baskets", "antecedent", "consequent"]].to_dict("records")[-1]
    {'segment': 'second', 'baskets': 5, 'antecedent': 'Milk frother', 'consequent': 'Scented candle'}
    """
    require_frame(tx, "tx")
    require_columns(tx, {"segment": segment, "basket": basket, "item": item}, "tx")
    if tx[segment].isna().any():
        raise ValueError(f"Column {segment!r} of tx (segment=) has {int(tx[segment].isna().sum())} missing "
                         "value(s); give every line a segment or drop those lines first.")
    mixed = tx.groupby(basket)[segment].nunique()
    if (mixed > 1).any():
        raise ValueError(f"{int((mixed > 1).sum())} basket(s) span more than one {segment!r} value; "
                         "a basket must belong to one segment.")
    parts = []
    for value, lines in sorted(tx.groupby(segment, sort=False), key=lambda kv: str(kv[0])):
        baskets = basket_matrix(lines, basket, item, min_support=min_support)
        if baskets.shape[1] == 0 or len(baskets) < 2:
            continue                              # no item is frequent in this segment: no rules
        itemsets = frequent_itemsets(baskets, min_support, max_len)
        if not (itemsets["length"] > 1).any():
            continue
        rules = association_rules(itemsets, min_confidence=min_confidence, min_lift=min_lift)
        parts.append(rules.assign(segment=value, baskets=len(baskets)))
    columns = ["segment", "baskets", *_empty_rules().columns]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]
