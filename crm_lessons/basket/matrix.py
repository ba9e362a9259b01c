"""From order lines to a basket matrix: one row per basket, one True/False column per item."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import require_columns, require_frame, require_probability
from ..i18n import tr
from ._common import min_basket_count

__all__ = ["toy_transactions", "basket_matrix"]

_SPARSE_MIN_CELLS = 2**26          # below this (64 MB) a dense table is small and faster to mine
_SPARSE_MAX_DENSITY = 0.10         # sparse storage costs ~5 bytes per True, dense 1 byte per cell

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
    >>> from crm_lessons.basket import toy_transactions
    >>> tx = toy_transactions()
    >>> tx["order_id"].nunique(), tx["product"].nunique()
    (10, 5)
    """
    rows = [(f"T{b:02d}", item) for b, basket in enumerate(_TOY_BASKETS, start=1) for item in basket]
    return pd.DataFrame(rows, columns=["order_id", "product"])


# --------------------------------------------------------------------------------------------
# Basket matrix

def basket_matrix(tx: pd.DataFrame, *, basket: str = "order_id", item: str = "product",
                  min_support: float | None = None, sparse: bool | None = None) -> pd.DataFrame:
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
    >>> from crm_lessons.basket import basket_matrix, toy_transactions
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
            raise ValueError(tr("Column {column!r} of tx ({arg}=) has {missing} missing value(s); drop those lines "
                                "first, e.g. tx.dropna(subset=[{column!r}]).", column=column, arg=arg, missing=missing))
    if min_support is not None:
        min_support = require_probability(min_support, "min_support")
    if sparse is not None and not isinstance(sparse, (bool, np.bool_)):
        raise TypeError(tr("sparse must be True, False or None, got {type_name}.", type_name=type(sparse).__name__))

    basket_codes, basket_ids = _sorted_codes(tx[basket])
    item_codes, item_names = _sorted_codes(tx[item])
    n_baskets, n_items = len(basket_ids), len(item_names)
    matrix = sp.csc_matrix((np.ones(len(tx), dtype=bool), (basket_codes, item_codes)),
                           shape=(n_baskets, n_items))
    matrix.sum_duplicates()                     # one basket counts once, whatever its lines
    counts = np.diff(matrix.indptr)
    keep = np.arange(n_items)
    if min_support is not None:
        keep = np.flatnonzero(counts >= min_basket_count(min_support, n_baskets))
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

