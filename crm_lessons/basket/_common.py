"""Shared pieces of the basket modules: constants and the checks of a basket matrix."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._validation import is_whole_number, require_columns, require_frame, require_probability
from ..i18n import tr

SEPARATOR = " + "
RULE_METRICS = ("support", "confidence", "lift", "leverage", "conviction")
MAX_ITEMSETS = 200_000
MAX_RULES = 2_000_000


def min_basket_count(min_support: float, n_baskets: int) -> int:
    """Smallest basket count c with c / n_baskets >= min_support (the float test mlxtend uses)."""
    count = max(1, math.ceil(min_support * n_baskets))
    while count > 1 and (count - 1) / n_baskets >= min_support:
        count -= 1
    while count / n_baskets < min_support:
        count += 1
    return count


def ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The integers of the ranges ``start .. start + size - 1``, one range after another.

    >>> ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    skip = np.cumsum(sizes) - sizes
    return np.arange(int(np.sum(sizes))) + np.repeat(starts - skip, sizes)


def check_baskets(baskets: Any, arg: str = "baskets") -> pd.DataFrame:
    if isinstance(baskets, pd.DataFrame) and baskets.shape[0] == 0:
        raise ValueError(tr("{arg} has no rows: there are no baskets to mine.", arg=arg))
    if isinstance(baskets, pd.DataFrame) and baskets.shape[1] == 0:
        raise ValueError(tr("{arg} has no columns: there are no items to mine "
                            "(did min_support in basket_matrix drop them all?).", arg=arg))
    frame = require_frame(baskets, arg)
    if frame.shape[0] == 1:
        raise ValueError(tr("{arg} holds a single basket: support and confidence compare many baskets, "
                            "so pass the whole basket matrix (one row per basket).", arg=arg))
    dtypes = frame.dtypes
    kinds = set(dtypes)                              # thousands of columns, usually one dtype: test each once
    not_bool = {t for t in kinds if not pd.api.types.is_bool_dtype(t)}
    bad = [(c, t) for c, t in zip(frame.columns, dtypes) if t in not_bool] if not_bool else []
    if bad:
        sample = ", ".join(repr(str(c)) for c, _ in bad[:3])
        raise TypeError(tr(
            "{arg} must be a boolean (True/False) basket matrix, but {bad} column(s) are not, "
            "e.g. {sample} ({dtype}). Build it with crm.basket.basket_matrix(tx), "
            "or convert a 0/1 table with baskets.astype(bool).", arg=arg, bad=len(bad), sample=sample,
            dtype=str(bad[0][1])))
    if any(isinstance(t, pd.BooleanDtype) for t in kinds) and frame.isna().to_numpy().any():
        raise ValueError(tr("{arg} has missing values; a basket either holds an item or not (True/False).",
                            arg=arg))
    if not frame.columns.is_unique:
        dup = frame.columns[frame.columns.duplicated()][0]
        raise ValueError(tr("{arg} has the item column {column!r} more than once; item names must be unique.",
                            arg=arg, column=dup))
    return frame


def to_csc(frame: pd.DataFrame) -> Any:
    """The basket matrix as a boolean scipy CSC matrix (row indices sorted, no stored False)."""
    import scipy.sparse as sp

    columns = [column.array for _, column in frame.items()]
    if columns and all(isinstance(a, pd.arrays.SparseArray) and a.sp_values.dtype == bool
                       and isinstance(a.fill_value, (bool, np.bool_)) and not a.fill_value for a in columns):
        rows = [a.sp_index.indices[a.sp_values] for a in columns]          # stored cells that are True
        indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
        indices = np.concatenate(rows)
    else:
        cols, indices = np.nonzero(frame.to_numpy(dtype=bool).T)           # ordered by item, then basket
        indptr = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=frame.shape[1]))])
    return sp.csc_matrix((np.ones(len(indices), dtype=bool), indices, indptr), shape=frame.shape)


def check_support(min_support: Any, baskets: pd.DataFrame) -> float:
    min_support = require_probability(min_support, "min_support")
    built = baskets.attrs.get("min_support")
    if isinstance(built, float) and min_support < built:
        raise ValueError(tr(
            "The basket matrix was built with min_support={built:g}, which dropped items that can be "
            "frequent at min_support={min_support:g}. Rebuild it with basket_matrix(tx, "
            "min_support={min_support:g}) or mine at min_support >= {built:g}.", built=built, min_support=min_support))
    return min_support


def check_max_len(max_len: Any) -> int | None:
    if max_len is None:
        return None
    if not is_whole_number(max_len):
        raise TypeError(tr("max_len must be a whole number or None, got {kind}.", kind=type(max_len).__name__))
    if max_len < 1:
        raise ValueError(tr("max_len must be at least 1, got {value}.", value=max_len))
    return int(max_len)


def empty_rules() -> pd.DataFrame:
    """A rules table with no rows and the columns and types of :func:`association_rules`."""
    columns = {"antecedent": object, "consequent": object, "support": float, "confidence": float,
               "lift": float, "leverage": float, "conviction": float, "antecedent_support": float,
               "consequent_support": float, "count": np.int64, "antecedent_items": object,
               "consequent_items": object}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def check_rules(rules: Any) -> pd.DataFrame:
    """``rules`` if it is a rules table (output of ``association_rules``), else a named error."""
    frame = require_frame(rules, "rules", allow_empty=True)
    require_columns(frame, {"rules": "antecedent_items"}, "rules")
    require_columns(frame, {m: m for m in RULE_METRICS}, "rules")
    return frame
