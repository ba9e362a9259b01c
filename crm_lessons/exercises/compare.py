"""Compare a learner's answer with the expected one, kindly.

Every comparison returns ``Verdict(status, detail)`` where ``status`` is one of
``"correct"``, ``"wrong_type"`` or ``"wrong_value"`` and ``detail`` is a short,
friendly sentence. Nothing here raises on learner input.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Verdict:
    """Outcome of one comparison: ``status`` and a friendly ``detail``."""

    status: str
    detail: str = ""


CORRECT = Verdict("correct")


def describe_type(obj: Any) -> str:
    """Name the kind of ``obj`` in learner words.

    >>> describe_type(3.5), describe_type("a"), describe_type(pd.DataFrame())
    ('a number', 'a piece of text (str)', 'a DataFrame')
    """
    if obj is None:
        return "None (did you forget to assign a value?)"
    if isinstance(obj, (bool, np.bool_)):
        return "True/False (bool)"
    if is_number(obj):
        return "a number"
    if isinstance(obj, str):
        return "a piece of text (str)"
    if isinstance(obj, pd.DataFrame):
        return "a DataFrame"
    if isinstance(obj, pd.Series):
        return "a Series"
    if isinstance(obj, (set, frozenset)):
        return "a set"
    if isinstance(obj, Mapping):
        return "a dict"
    if isinstance(obj, (list, tuple)):
        return f"a {type(obj).__name__}"
    return f"a {type(obj).__name__}"


def is_number(obj: Any) -> bool:
    """True for real numbers (not bools), including numpy scalars and 0-d arrays.

    >>> is_number(2), is_number(True), is_number("2")
    (True, False, False)
    """
    if isinstance(obj, (bool, np.bool_)):
        return False
    if isinstance(obj, np.ndarray):
        return obj.ndim == 0 and np.issubdtype(obj.dtype, np.number)
    return isinstance(obj, (int, float, np.integer, np.floating))


def contains_placeholder(obj: Any, depth: int = 0) -> bool:
    """True when ``obj`` is ``...`` or a list/tuple/dict/set that still holds ``...``.

    >>> contains_placeholder([1, ...]), contains_placeholder({"a": 1})
    (True, False)
    """
    if obj is Ellipsis:
        return True
    if depth > 3:
        return False
    if isinstance(obj, Mapping):
        return any(contains_placeholder(v, depth + 1) for v in obj.values())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return any(contains_placeholder(v, depth + 1) for v in obj)
    if isinstance(obj, pd.DataFrame):
        return bool(obj.map(lambda v: v is Ellipsis).to_numpy().any()) if obj.dtypes.eq(object).any() else False
    if isinstance(obj, pd.Series):
        return bool(obj.map(lambda v: v is Ellipsis).any()) if obj.dtype == object else False
    return False


def normalise_text(text: str) -> str:
    """Case-fold and collapse white space so that 'At  Risk ' equals 'at risk'.

    >>> normalise_text("  At  Risk ")
    'at risk'
    """
    return " ".join(str(text).casefold().replace("_", " ").replace("-", " ").split())


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def _fmt(x: float) -> str:
    return f"{x:,.4g}"


def compare(answer: Any, expected: Any, *, rtol: float = 1e-4, atol: float = 1e-9,
            ordered: bool = False) -> Verdict:
    """Compare ``answer`` with ``expected``; the kind of comparison follows ``expected``.

    Numbers use a relative tolerance, text ignores case and spacing, sets and
    unordered lists ignore order, Series and DataFrames ignore row and column
    order (extra columns are allowed).

    >>> compare(0.3333, 1 / 3, rtol=1e-3).status
    'correct'
    >>> compare("at risk", "At Risk").status
    'correct'
    """
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(answer, (bool, np.bool_)):
            return Verdict("wrong_type", f"expected True or False, got {describe_type(answer)}.")
        return CORRECT if bool(answer) == bool(expected) else Verdict(
            "wrong_value", "that is the opposite of what the data says.")
    if is_number(expected):
        return _compare_number(answer, float(expected), rtol, atol)
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return Verdict("wrong_type", f"expected a piece of text (str), got {describe_type(answer)}.")
        return CORRECT if normalise_text(answer) == normalise_text(expected) else Verdict(
            "wrong_value", f"{answer!r} is not the answer we are looking for.")
    if isinstance(expected, pd.DataFrame):
        return _compare_frame(answer, expected, rtol, atol)
    if isinstance(expected, pd.Series):
        return _compare_series(answer, expected, rtol, atol)
    if isinstance(expected, (set, frozenset)) or (isinstance(expected, (list, tuple)) and not ordered):
        return _compare_collection(answer, expected, rtol, atol)
    if isinstance(expected, (list, tuple)):
        return _compare_sequence(answer, expected, rtol, atol)
    if isinstance(expected, Mapping):
        return _compare_mapping(answer, expected, rtol, atol)
    if isinstance(expected, np.ndarray):
        try:
            arr = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return Verdict("wrong_type", f"expected an array of numbers, got {describe_type(answer)}.")
        if arr.shape != expected.shape:
            return Verdict("wrong_value", f"expected shape {expected.shape}, got {arr.shape}.")
        return CORRECT if np.allclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True) else Verdict(
            "wrong_value", "the shape is right but some values differ.")
    return CORRECT if answer == expected else Verdict("wrong_value", "that is not the expected answer.")


def _as_float(answer: Any) -> float | None:
    if is_number(answer):
        return float(answer)
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 1:
        value = answer.to_numpy().ravel()[0]
        return float(value) if is_number(value) else None
    return None


def _compare_number(answer: Any, expected: float, rtol: float, atol: float) -> Verdict:
    value = _as_float(answer)
    if value is None:
        if isinstance(answer, str):
            return Verdict("wrong_type", "expected a number, got text: remove the quotes.")
        return Verdict("wrong_type", f"expected a single number, got {describe_type(answer)}.")
    if _close(value, expected, rtol, atol):
        return CORRECT
    if expected != 0 and _close(value, expected * 100, rtol, atol):
        return Verdict("wrong_value", "it looks like a percentage: give it as a fraction (e.g. 0.25, not 25).")
    if expected != 0 and _close(value * 100, expected, rtol, atol):
        return Verdict("wrong_value", "it looks like a fraction: give it in percent (e.g. 25, not 0.25).")
    direction = "too high" if value > expected else "too low"
    return Verdict("wrong_value", f"your value {_fmt(value)} is {direction}.")


def _items(obj: Any) -> list | None:
    if isinstance(obj, (str, bytes)) or isinstance(obj, Mapping):
        return None
    if isinstance(obj, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        return list(obj)
    return None


def _key(item: Any) -> Any:
    if isinstance(item, str):
        return normalise_text(item)
    if is_number(item):
        return round(float(item), 6)
    return item


def _compare_collection(answer: Any, expected: Any, rtol: float, atol: float) -> Verdict:
    items = _items(answer)
    if items is None:
        return Verdict("wrong_type", f"expected a list or set of items, got {describe_type(answer)}.")
    try:
        got = {_key(i) for i in items}
        want = {_key(i) for i in expected}
    except TypeError:
        return Verdict("wrong_type", "the items of your answer cannot be compared (are they lists?).")
    if got == want:
        return CORRECT
    missing, extra = len(want - got), len(got - want)
    parts = []
    if missing:
        parts.append(f"{missing} expected item(s) are missing")
    if extra:
        parts.append(f"{extra} item(s) should not be there")
    return Verdict("wrong_value", "; ".join(parts) + ".")


def _compare_sequence(answer: Any, expected: Any, rtol: float, atol: float) -> Verdict:
    items = _items(answer)
    if items is None:
        return Verdict("wrong_type", f"expected a list, got {describe_type(answer)}.")
    if len(items) != len(expected):
        return Verdict("wrong_value", f"expected {len(expected)} items in order, got {len(items)}.")
    for pos, (a, e) in enumerate(zip(items, expected), start=1):
        if compare(a, e, rtol=rtol, atol=atol).status != "correct":
            return Verdict("wrong_value", f"item {pos} is not right (the order matters here).")
    return CORRECT


def _compare_mapping(answer: Any, expected: Mapping, rtol: float, atol: float) -> Verdict:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        return Verdict("wrong_type", f"expected a dict, got {describe_type(answer)}.")
    norm = {_key(k): v for k, v in answer.items()}
    missing = [k for k in expected if _key(k) not in norm]
    if missing:
        return Verdict("wrong_value", f"missing key(s): {', '.join(map(str, missing[:5]))}.")
    wrong = [k for k, v in expected.items() if compare(norm[_key(k)], v, rtol=rtol, atol=atol).status != "correct"]
    if wrong:
        return Verdict("wrong_value", f"the value for {', '.join(map(repr, wrong[:5]))} is not right.")
    return CORRECT


def _values_equal(a: pd.Series, b: pd.Series, rtol: float, atol: float) -> bool:
    if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
        if not pd.api.types.is_numeric_dtype(a) or pd.api.types.is_bool_dtype(a):
            return False
        return bool(np.allclose(a.to_numpy(float), b.to_numpy(float), rtol=rtol, atol=atol, equal_nan=True))
    left = a.map(lambda v: normalise_text(v) if isinstance(v, str) else v)
    right = b.map(lambda v: normalise_text(v) if isinstance(v, str) else v)
    return bool(((left.to_numpy() == right.to_numpy()) | (left.isna().to_numpy() & right.isna().to_numpy())).all())


def _compare_series(answer: Any, expected: pd.Series, rtol: float, atol: float) -> Verdict:
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        return Verdict("wrong_type", f"expected a Series (one value per label), got {describe_type(answer)}.")
    if len(answer) != len(expected):
        return Verdict("wrong_value", f"expected {len(expected)} values, got {len(answer)}.")
    if isinstance(expected.index, pd.RangeIndex):
        a = answer.sort_values(ignore_index=True)
        e = expected.sort_values(ignore_index=True)
    else:
        a_keys = answer.index.map(_key)
        e_keys = expected.index.map(_key)
        if set(a_keys) != set(e_keys):
            return Verdict("wrong_value", "the labels (index) differ from the expected ones.")
        a = pd.Series(answer.to_numpy(), index=a_keys).reindex(e_keys)
        e = pd.Series(expected.to_numpy(), index=e_keys)
    return CORRECT if _values_equal(a, e, rtol, atol) else Verdict(
        "wrong_value", "the labels are right but some values differ.")


def _compare_frame(answer: Any, expected: pd.DataFrame, rtol: float, atol: float) -> Verdict:
    if not isinstance(answer, pd.DataFrame):
        return Verdict("wrong_type", f"expected a DataFrame, got {describe_type(answer)}.")
    missing = [c for c in expected.columns if c not in answer.columns]
    if missing:
        return Verdict("wrong_value", f"column(s) missing: {', '.join(map(repr, missing))}.")
    if len(answer) != len(expected):
        return Verdict("wrong_value", f"expected {len(expected)} rows, got {len(answer)}.")
    cols = list(expected.columns)
    if isinstance(expected.index, pd.RangeIndex):
        a = answer[cols].reset_index(drop=True)
        e = expected.reset_index(drop=True)
        try:
            a = a.sort_values(cols, ignore_index=True)
            e = e.sort_values(cols, ignore_index=True)
        except TypeError:
            pass
    else:
        if set(answer.index.map(_key)) != set(expected.index.map(_key)):
            return Verdict("wrong_value", "the row labels (index) differ from the expected ones.")
        a = answer[cols].copy()
        a.index = a.index.map(_key)
        e = expected.copy()
        e.index = e.index.map(_key)
        a = a.loc[e.index]
    bad = [c for c in cols if not _values_equal(a[c], e[c], rtol, atol)]
    if bad:
        return Verdict("wrong_value", f"the values in column(s) {', '.join(map(repr, bad))} differ.")
    return CORRECT
