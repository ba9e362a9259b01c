"""The table of frequent itemsets, built from the miner's integer rows with a few array operations.

Millions of itemsets are common at low support, so the table is built without a
Python loop over itemsets except the two that make its objects: one tuple of
names and one joined string per itemset, each made in one C-level pass
(``zip`` and ``str.join``). Everything else (the order by support, length and
name) is computed on integer arrays.

>>> import numpy as np
>>> found = [(np.array([[0], [1]]), np.array([2, 3])), (np.array([[0, 1]]), np.array([2]))]
>>> itemset_table(found, ["tea", "cake"], 3, 0.5)[["itemset", "count"]].to_dict("records")
[{'itemset': 'cake', 'count': 3}, {'itemset': 'tea', 'count': 2}, {'itemset': 'cake + tea', 'count': 2}]
"""
from __future__ import annotations

import gc
from itertools import pairwise
from typing import Any

import numpy as np

from ._common import ranges

__all__ = ["itemset_table"]


def itemset_table(found: list[tuple[np.ndarray, np.ndarray]], names: Any, n_baskets: int,
                  min_support: float, separator: str = " + ") -> Any:
    """The itemsets as a table sorted by support (highest first), then length, then name.

    Parameters
    ----------
    found : list of (rows, counts)
        Itemsets of one length per entry, as :func:`~crm_lessons.basket._eclat.mine_itemsets`
        returns them: ``rows`` of column positions (ascending within a row), any order.
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
    >>> found = [(np.array([[0], [1], [2]]), np.array([5, 5, 4])), (np.array([[0, 2]]), np.array([4]))]
    >>> table = itemset_table(found, ["milk", "bread", "eggs"], 10, 0.4)
    >>> table[["itemset", "support"]].values.tolist()
    [['bread', 0.5], ['milk', 0.5], ['eggs', 0.4], ['eggs + milk', 0.4]]
    >>> table["items"].iloc[-1]
    ('eggs', 'milk')
    """
    import pandas as pd

    labels = np.array([str(c) for c in names], dtype=object)
    by_name = np.argsort(labels, kind="stable")
    sorted_labels = labels[by_name]
    name_rank = np.empty(len(labels), dtype=np.int16 if len(labels) <= np.iinfo(np.int16).max else np.int32)
    name_rank[by_name] = np.arange(len(labels))
    by_text = _tuple_order_is_text_order(sorted_labels)
    in_name_order = bool((np.diff(name_rank) > 0).all())        # columns sorted by name: ranks = positions
    top = max((int(c.max()) for _, c in found if len(c)), default=0)
    groups, runs = [], []           # per length: name ranks sorted by count, then text; runs of equal count
    for rows, counts in found:
        ranked = rows if in_name_order else np.sort(name_rank[rows], axis=1)
        fewer = (top - np.asarray(counts)).astype(np.min_scalar_type(top))    # small type: radix sort
        if by_text:
            order = np.lexsort((*ranked.T[::-1], fewer))
        else:                                    # some name is a prefix of another: compare the text
            text = np.array([separator.join(r) for r in sorted_labels[ranked].tolist()], dtype=object)
            order = np.lexsort((np.unique(text, return_inverse=True)[1], fewer))
        groups.append(ranked[order])
        fewer = fewer[order]
        starts = np.flatnonzero(np.append(True, fewer[1:] != fewer[:-1]))
        runs.append((fewer[starts].astype(np.int64), np.diff(np.append(starts, len(fewer)))))
    places, count, lengths = _placement(runs, [g.shape[1] for g in groups], top)
    items = np.empty(len(count), dtype=object)
    itemset = np.empty(len(count), dtype=object)
    collecting = gc.isenabled()
    gc.disable()                     # millions of new tuples, none in a cycle: skip the collector's passes
    try:
        for ranked, place in zip(groups, places):
            names_by_position = [sorted_labels[ranked[:, j]].tolist() for j in range(ranked.shape[1])]
            tuples = np.fromiter(zip(*names_by_position), dtype=object, count=len(ranked))
            items[place] = tuples
            itemset[place] = np.fromiter(map(separator.join, tuples), dtype=object, count=len(ranked))
    finally:
        if collecting:
            gc.enable()
    table = pd.DataFrame({
        "itemset": pd.Series(itemset, dtype=object, copy=False),
        "length": lengths,
        "count": count,
        "support": count / n_baskets,
        "items": pd.Series(items, dtype=object, copy=False),
    }, copy=False)
    table.attrs = {"n_baskets": n_baskets, "min_support": min_support}
    return table


def _placement(runs: list[tuple[np.ndarray, np.ndarray]], widths: list[int],
               top: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Where each itemset goes in the table: runs of equal count by count (highest first), then length.

    ``runs[g]`` describes the itemsets of length ``widths[g]`` (sorted by count, then
    text): each run's count below ``top`` and its size. Returns, per length, the table
    positions of its itemsets (ascending), and the table's ``count`` and ``length``.
    """
    if not runs:
        return [], np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    group = np.repeat(np.arange(len(runs)), [len(f) for f, _ in runs])
    fewer = np.concatenate([f for f, _ in runs])
    sizes = np.concatenate([n for _, n in runs])
    length = np.array(widths, dtype=np.int64)[group]
    order = np.lexsort((length, fewer))
    first = np.empty(len(order), dtype=np.int64)               # table position of each run's first itemset
    first[order] = np.cumsum(sizes[order]) - sizes[order]
    bounds = np.cumsum([0] + [len(f) for f, _ in runs])
    places = [ranges(first[a:b], sizes[a:b]) for a, b in pairwise(bounds)]
    return places, np.repeat(top - fewer[order], sizes[order]), np.repeat(length[order], sizes[order])


def _tuple_order_is_text_order(sorted_labels: np.ndarray) -> bool:
    """Whether comparing itemsets name by name orders them as their joined text does.

    It does unless some name is a proper prefix of another (then the separator's
    characters take part in the text comparison); in sorted order such a name is
    a prefix of the name right after it, so checking neighbours suffices.
    """
    return not any(b.startswith(a) for a, b in pairwise(sorted_labels))
