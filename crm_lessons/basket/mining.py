"""Frequent itemsets: every set of items bought together in at least a minimum share of baskets."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._validation import is_whole_number
from ..i18n import tr
from . import _levelwise
from ._common import MAX_ITEMSETS, SEPARATOR, check_baskets, check_max_len, check_support, to_csc
from ._table import itemset_table

__all__ = ["estimate_itemsets", "frequent_itemsets"]


def estimate_itemsets(baskets: pd.DataFrame, min_support: float, max_len: int | None = None) -> dict:
    """Estimate, before mining, how many frequent itemsets ``min_support`` would give.

    Counts frequent items and pairs exactly (one pass over the baskets) and adds a
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
    >>> from crm_lessons.basket import basket_matrix, estimate_itemsets, toy_transactions
    >>> est = estimate_itemsets(basket_matrix(toy_transactions()), 0.3)
    >>> est["items"], est["pairs"]
    (5, 4)
    """
    frame = check_baskets(baskets)
    min_support = check_support(min_support, frame)
    max_len = check_max_len(max_len)
    matrix = to_csc(frame)
    return _levelwise.estimate(matrix, frame.columns, min_support, max_len)


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
        ``"eclat"``: depth-first search over bitsets of the baskets holding each
        prefix (Zaki 2000), items taken rarest first and candidates kept only when
        their last two items form a frequent pair; about as fast as compiled C
        (pyfim) down to low supports, with the table included
        (benchmarks/basket_benchmark.py). ``"fpgrowth"``: mlxtend's
        FP-growth (Han, Pei & Yin 2000), the same result by another route.
    max_itemsets : int
        Refuse (``ValueError`` with advice) when the result would have more
        itemsets than this. Before mining, frequent items and pairs are counted
        exactly, baskets sharing many items are looked for, and the next level's
        size is estimated from a fixed sample of its candidates (see
        :func:`estimate_itemsets`); Eclat also stops as soon as its count passes the
        limit.

    Returns
    -------
    DataFrame
        ``itemset`` (items sorted and joined with ``" + "``), ``length``, ``count``
        (baskets holding it), ``support`` and ``items`` (the sorted tuple), sorted by
        support (highest first), then length, then name. ``.attrs["n_baskets"]``
        keeps the number of baskets.

    Examples
    --------
    >>> from crm_lessons.basket import basket_matrix, frequent_itemsets, toy_transactions
    >>> fi = frequent_itemsets(basket_matrix(toy_transactions()), min_support=0.3)
    >>> fi[["itemset", "support"]].head(3).to_dict("records")[0]
    {'itemset': 'Scented candle', 'support': 0.8}
    >>> fi.loc[fi["length"] == 3, "itemset"].tolist()
    ['Coffee beans 1kg + Espresso machine + Scented candle']
    """
    frame = check_baskets(baskets)
    min_support = check_support(min_support, frame)
    max_len = check_max_len(max_len)
    if method not in ("eclat", "fpgrowth"):
        raise ValueError(tr("method must be 'eclat' or 'fpgrowth', got {method!r}.", method=method))
    if not is_whole_number(max_itemsets) or max_itemsets < 1:
        raise ValueError(tr("max_itemsets must be a positive whole number, got {value!r}.", value=max_itemsets))
    matrix = to_csc(frame)
    if method == "eclat":
        found = _levelwise.eclat(matrix, frame.columns, min_support, max_len, max_itemsets)
    else:
        levels = _levelwise.checked_levels(matrix, frame.columns, min_support, max_len, max_itemsets,
                                           whole_result=True)
        found = _fpgrowth(frame, levels, min_support, max_len)
    return itemset_table(found, frame.columns, matrix.shape[0], min_support, SEPARATOR)


def _fpgrowth(frame: pd.DataFrame, levels: _levelwise.FirstLevels, min_support: float,
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
