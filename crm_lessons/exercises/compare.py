"""Compare a learner's answer with the expected one, kindly.

Every comparison returns ``Verdict(status, detail)`` where ``status`` is one of
``"correct"``, ``"wrong_type"`` or ``"wrong_value"`` and ``detail`` is a short,
friendly sentence. Nothing here raises on learner input. Numbers follow the one
tolerance policy of :mod:`.numbers`, text the rules of :mod:`.words`; this module
walks containers (lists, sets, dicts, Series, DataFrames) and applies them inside.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, _
from .kinds import CORRECT, Verdict, describe_type, is_number, short
from .numbers import as_float, compare_number, match_number
from .words import Accept, normalise_text, text_matches

__all__ = ["CORRECT", "Verdict", "compare", "contains_placeholder", "describe_type", "is_number",
           "normalise_text", "short"]


_SOME_VALUES_DIFFER = N_("the labels are right but some values differ.")

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


def compare(answer: Any, expected: Any, *, rtol: float = 1e-4, atol: float = 1e-9,
            ordered: bool = False, accept: Accept | None = None) -> Verdict:
    """Compare ``answer`` with ``expected``; the kind of comparison follows ``expected``.

    Numbers follow the tolerance policy (:mod:`.numbers`), text ignores case and spacing and
    takes the words in ``accept`` and the glossary's Chinese (:mod:`.words`), lists ignore
    order unless ``ordered`` (duplicates count), Series and DataFrames ignore row and column
    order (extra columns are allowed).

    >>> compare(0.3333, 1 / 3).status, compare(0.3, 1 / 3).detail[:26]
    ('correct', 'close — keep more decimals')
    >>> compare("at risk", "At Risk").status
    'correct'
    """
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(answer, (bool, np.bool_)):
            return Verdict("wrong_type", _("expected True or False, got {kind}.").format(kind=describe_type(answer)))
        return CORRECT if bool(answer) == bool(expected) else Verdict(
            "wrong_value", _("that is the opposite of what the data says."))
    if is_number(expected):
        return compare_number(answer, expected, rtol, atol)
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return Verdict("wrong_type", _("expected a piece of text (str), got {kind}.").format(
                kind=describe_type(answer)))
        return CORRECT if text_matches(answer, expected, accept) else Verdict(
            "wrong_value", _("{answer} is not the answer we are looking for.").format(answer=short(answer)))
    if isinstance(expected, pd.DataFrame):
        return _compare_frame(answer, expected, rtol, atol, accept)
    if isinstance(expected, pd.Series):
        return _compare_series(answer, expected, rtol, atol, accept)
    if isinstance(expected, (set, frozenset)) or (isinstance(expected, (list, tuple)) and not ordered):
        return _compare_collection(answer, expected, accept)
    if isinstance(expected, (list, tuple)):
        return _compare_sequence(answer, expected, rtol, atol, accept)
    if isinstance(expected, Mapping):
        return _compare_mapping(answer, expected, rtol, atol, accept)
    if isinstance(expected, np.ndarray):
        try:
            arr = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return Verdict("wrong_type", _("expected an array of numbers, got {kind}.").format(
                kind=describe_type(answer)))
        if arr.shape != expected.shape:
            return Verdict("wrong_value", _("expected shape {expected}, got {got}.").format(expected=expected.shape,
                                                                                          got=arr.shape))
        return _compare_values(pd.Series(arr.ravel()), pd.Series(expected.ravel().astype(float)), rtol, atol, None)
    return CORRECT if answer == expected else Verdict("wrong_value", _("that is not the expected answer."))


def _items(obj: Any) -> list | None:
    if isinstance(obj, (str, bytes)) or isinstance(obj, Mapping):
        return None
    if isinstance(obj, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        return list(np.ravel(obj)) if isinstance(obj, np.ndarray) else list(obj)
    return None


def _key(item: Any) -> Any:
    if isinstance(item, str):
        return normalise_text(item)
    if is_number(item):
        return round(float(item), 6)
    return item


def _canonical(item: Any, expected: list, accept: Accept | None) -> Any:
    """The expected item that ``item`` answers (text by :mod:`.words`), else its plain key."""
    if isinstance(item, str):
        for want in expected:
            if isinstance(want, str) and text_matches(item, want, accept):
                return _key(want)
    return _key(item)


def _compare_collection(answer: Any, expected: Any, accept: Accept | None) -> Verdict:
    items = _items(answer)
    if items is None:
        return Verdict("wrong_type", _("expected a list or set of items, got {kind}.").format(
            kind=describe_type(answer)))
    want_items = list(expected)
    try:
        got = Counter(_canonical(i, want_items, accept) for i in items)
        want = Counter(_key(i) for i in want_items)
    except TypeError:
        return Verdict("wrong_type", _("the items of your answer cannot be compared (are they lists?)."))
    twice = sorted(str(k) for k, n in got.items() if n > 1 and want.get(k, 0) < n)
    if twice:
        return Verdict("wrong_value", _("{item} appears more than once: list each item only once.").format(
            item=short(twice[0])))
    if got == want:
        return CORRECT
    missing, extra = len(set(want) - set(got)), len(set(got) - set(want))
    parts = []
    if missing:
        parts.append(_("{count} expected item(s) are missing").format(count=missing))
    if extra:
        parts.append(_("{count} item(s) should not be there").format(count=extra))
    return Verdict("wrong_value", _("; ").join(parts) + _("."))


def _compare_sequence(answer: Any, expected: Any, rtol: float, atol: float, accept: Accept | None) -> Verdict:
    items = _items(answer)
    if items is None:
        return Verdict("wrong_type", _("expected a list, got {kind}.").format(kind=describe_type(answer)))
    if len(items) != len(expected):
        return Verdict("wrong_value", _("expected {expected} items in order, got {got}.").format(
            expected=len(expected), got=len(items)))
    for pos, (a, e) in enumerate(zip(items, expected), start=1):
        verdict = compare(a, e, rtol=rtol, atol=atol, accept=accept)
        if verdict.status != "correct":
            return Verdict(verdict.status, _("item {position} is not right (the order matters here): {detail}").format(
                position=pos, detail=verdict.detail))
    return CORRECT


def _compare_mapping(answer: Any, expected: Mapping, rtol: float, atol: float, accept: Accept | None) -> Verdict:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        return Verdict("wrong_type", _("expected a dict, got {kind}.").format(kind=describe_type(answer)))
    try:
        keys = list(expected)
        norm = {_canonical(k, keys, accept): v for k, v in answer.items()}
    except TypeError:
        return Verdict("wrong_type", _("the keys of your dict cannot be compared (are they lists?)."))
    missing = [k for k in expected if _key(k) not in norm]
    if missing:
        keys = ", ".join(short(k) for k in missing[:5])
        return Verdict("wrong_value", _("missing key(s): {keys}.").format(keys=keys))
    verdicts = {k: compare(norm[_key(k)], v, rtol=rtol, atol=atol, accept=accept) for k, v in expected.items()}
    typed = [k for k, v in verdicts.items() if v.status == "wrong_type"]
    if typed:
        return Verdict("wrong_type", _("the value for {key}: {detail}").format(key=short(typed[0]),
                                                                             detail=verdicts[typed[0]].detail))
    wrong = [k for k, v in verdicts.items() if v.status != "correct"]
    if wrong:
        tail = f" ({verdicts[wrong[0]].detail})" if len(wrong) == 1 else ""
        return Verdict("wrong_value", _("the value for {keys} is not right.{tail}").format(
            keys=", ".join(short(w) for w in wrong[:5]), tail=tail))
    return CORRECT


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _same_label(x: Any, y: Any, accept: Accept | None) -> bool:
    if isinstance(y, str):
        return isinstance(x, str) and text_matches(x, y, accept)
    if _missing(y):
        return _missing(x)
    try:
        return bool(x == y)
    except Exception:
        return False


def _compare_values(a: pd.Series, e: pd.Series, rtol: float, atol: float, accept: Accept | None) -> Verdict:
    """Compare two aligned Series value by value, naming percentages and coarse rounding."""
    numeric = pd.api.types.is_numeric_dtype(e) and not pd.api.types.is_bool_dtype(e)
    if not numeric:
        same = all(_same_label(x, y, accept) for x, y in zip(a.to_numpy(), e.to_numpy()))
        return CORRECT if same else Verdict("wrong_value", _(_SOME_VALUES_DIFFER))
    values = [as_float(x) for x in a.to_numpy()]
    if any(v is None for v in values):
        return Verdict("wrong_type", _("expected numbers, but some of your values are not numbers."))
    want = e.to_numpy(float)
    matches = [match_number(v, w, rtol, atol) for v, w in zip(values, want)]
    if all(m in {"exact", "rounded"} for m in matches):
        return CORRECT
    if all(m is not None for m in matches):
        return Verdict("wrong_value", _("close — keep more decimals: some values are rounded too far. Give at "
                                        "least three significant figures (or two decimals)."), close=True)
    if all(w != 0 and match_number(v / 100, w, rtol, atol) is not None or v == w == 0
           for v, w in zip(values, want)):
        return Verdict("wrong_value", _("they look like percentages: give fractions (e.g. 0.25, not 25)."))
    if all(w != 0 and match_number(v * 100, w, rtol, atol) is not None or v == w == 0
           for v, w in zip(values, want)):
        return Verdict("wrong_value", _("they look like fractions: give them in percent (e.g. 25, not 0.25)."))
    return Verdict("wrong_value", _(_SOME_VALUES_DIFFER))


def _compare_series(answer: Any, expected: pd.Series, rtol: float, atol: float, accept: Accept | None) -> Verdict:
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        answer = pd.Series(answer, dtype=object if not answer else None)
    if not isinstance(answer, pd.Series):
        return Verdict("wrong_type", _("expected a Series (one value per label), got {kind}.").format(
            kind=describe_type(answer)))
    if len(answer) != len(expected):
        return Verdict("wrong_value", _("expected {expected} values, got {got}.").format(expected=len(expected),
                                                                                       got=len(answer)))
    if isinstance(expected.index, pd.RangeIndex):
        try:
            a = answer.sort_values(ignore_index=True)
        except TypeError:
            return Verdict("wrong_type", _("the values of your Series cannot be sorted: are they of mixed kinds?"))
        e = expected.sort_values(ignore_index=True)
    else:
        a_keys = answer.index.map(_key)
        e_keys = expected.index.map(_key)
        if a_keys.has_duplicates or set(a_keys) != set(e_keys):
            return Verdict("wrong_value", _("the labels (index) differ from the expected ones."))
        a = pd.Series(answer.to_numpy(), index=a_keys).reindex(e_keys)
        e = pd.Series(expected.to_numpy(), index=e_keys)
    return _compare_values(a, e, rtol, atol, accept)


def _compare_frame(answer: Any, expected: pd.DataFrame, rtol: float, atol: float, accept: Accept | None) -> Verdict:
    if not isinstance(answer, pd.DataFrame):
        return Verdict("wrong_type", _("expected a DataFrame, got {kind}.").format(kind=describe_type(answer)))
    missing = [c for c in expected.columns if c not in answer.columns]
    if missing:
        return Verdict("wrong_value", _("column(s) missing: {columns}.").format(columns=", ".join(map(short, missing))))
    if len(answer) != len(expected):
        return Verdict("wrong_value", _("expected {expected} rows, got {got}.").format(expected=len(expected),
                                                                                     got=len(answer)))
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
        if answer.index.map(_key).has_duplicates or set(answer.index.map(_key)) != set(expected.index.map(_key)):
            return Verdict("wrong_value", _("the row labels (index) differ from the expected ones."))
        a = answer[cols].copy()
        a.index = a.index.map(_key)
        e = expected.copy()
        e.index = e.index.map(_key)
        a = a.loc[e.index]
    verdicts = {c: _compare_values(a[c], e[c], rtol, atol, accept) for c in cols}
    bad = [c for c, v in verdicts.items() if v.status != "correct"]
    if bad:
        first = verdicts[bad[0]]
        tail = f" ({first.detail})" if first.detail != _(_SOME_VALUES_DIFFER) else ""
        return Verdict(first.status, _("the values in column(s) {columns} differ.{tail}").format(
            columns=", ".join(map(short, bad)), tail=tail))
    return CORRECT
