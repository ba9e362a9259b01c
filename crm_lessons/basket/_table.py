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
    tuples, texts, runs = [], [], []         # per length: tuples, joined names, runs of equal count
    collecting = gc.isenabled()
    gc.disable()                     # millions of new tuples, none in a cycle: skip the collector's passes
    try:
        for rows, counts in found:
            ranked = rows if in_name_order else np.sort(name_rank[rows], axis=1)
            fewer = (top - np.asarray(counts)).astype(np.min_scalar_type(top))    # small type: radix sort
            if by_text:
                order = np.lexsort((*ranked.T[::-1], fewer))
            else:                                # some name is a prefix of another: compare the text
                text = np.array([separator.join(r) for r in sorted_labels[ranked].tolist()], dtype=object)
                order = np.lexsort((np.unique(text, return_inverse=True)[1], fewer))
            ranked, fewer = ranked[order], fewer[order]
            tuples.append(np.fromiter(zip(*[sorted_labels[ranked[:, j]].tolist() for j in range(ranked.shape[1])]),
                                      dtype=object, count=len(ranked)))
            texts.append(np.fromiter(map(separator.join, tuples[-1]), dtype=object, count=len(ranked)))
            bounds = np.flatnonzero(np.diff(fewer)) + 1
            runs.append((ranked.shape[1], fewer[np.append(0, bounds)].astype(np.int64), np.append(0, bounds),
                         np.append(bounds, len(fewer))))
        items, itemset, count, lengths = _merge_runs(tuples, texts, runs, top)
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


def _merge_runs(tuples: list[np.ndarray], texts: list[np.ndarray],
                runs: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]],
                top: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Concatenate the runs of equal count of every length: by count (highest first), then length.

    ``runs[g]`` describes ``tuples[g]`` (itemsets of one length, sorted by count, then
    text): the length, and each run's count below ``top``, start and end.
    """
    if not runs:
        return np.empty(0, dtype=object), np.empty(0, dtype=object), np.empty(0, dtype=np.int64), \
            np.empty(0, dtype=np.int64)
    group = np.repeat(np.arange(len(runs)), [len(f) for _, f, _, _ in runs])
    length = np.array([n for n, _, _, _ in runs], dtype=np.int64)[group]
    fewer, starts, ends = (np.concatenate(part) for part in list(zip(*runs))[1:])
    order = np.lexsort((length, fewer))
    pieces = list(zip(group[order].tolist(), starts[order].tolist(), ends[order].tolist()))
    items = np.concatenate([tuples[g][a:b] for g, a, b in pieces])
    itemset = np.concatenate([texts[g][a:b] for g, a, b in pieces])
    sizes = (ends - starts)[order]
    return items, itemset, np.repeat(top - fewer[order], sizes), np.repeat(length[order], sizes)


def _tuple_order_is_text_order(sorted_labels: np.ndarray) -> bool:
    """Whether comparing itemsets name by name orders them as their joined text does.

    It does unless some name is a proper prefix of another (then the separator's
    characters take part in the text comparison); in sorted order such a name is
    a prefix of the name right after it, so checking neighbours suffices.
    """
    return not any(b.startswith(a) for a, b in pairwise(sorted_labels))
