"""The tolerance policy for numeric answers, one rule for every exercise.

A number is right when it is the expected value, or the expected value **rounded to the
decimals the learner gave**, as long as it keeps at least three significant figures or
two decimals (0.74 for 0.7407, 2.46 for 2.4620, 2474 for 2473.92). With fewer digits the
verdict is "close — keep more decimals". A count (an exercise whose answer is a whole
number) must be exact. Each exercise may add a relative tolerance ``rtol`` for
computation noise (default 1e-4, e.g. two ways of summing the same column).

Wrong answers get a reason a learner can act on: NaN from an empty selection, a
percentage for a fraction (or the reverse), a count for a share, a Timedelta for days,
a value cut off instead of rounded.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _
from .kinds import CORRECT, Verdict, describe_type, is_number

#: Significant figures an answer needs (or MIN_DECIMALS decimals with two significant figures).
MIN_SIGNIFICANT = 3
MIN_DECIMALS = 2
#: Relative distance under which a wrong answer is called "close".
CLOSE_RELATIVE = 0.01


def is_count(expected: Any) -> bool:
    """True when ``expected`` is a whole-number count (a Python or numpy integer).

    >>> is_count(19565), is_count(0.4)
    (True, False)
    """
    return isinstance(expected, (int, np.integer)) and not isinstance(expected, (bool, np.bool_))


def fmt(x: float) -> str:
    """Write a number the way a person reads it: thousands separated, no exponent for counts.

    >>> fmt(19565.0), fmt(2473.9212), fmt(0.83542706), fmt(float("nan"))
    ('19,565', '2,473.92', '0.835427', 'NaN')
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return _("infinity") if x > 0 else _("minus infinity")
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:,.6g}"


def _rounding(value: float, expected: float) -> tuple[int, int] | None:
    """The most precise reading of ``value`` as ``expected`` rounded: (decimals, significant figures).

    ``None`` when ``value`` is not ``expected`` rounded to any number of decimals. A float
    cannot keep trailing zeros, so 3.4 counts as 3.40 when 3.404 rounded to two decimals is 3.40.
    """
    for decimals in range(15, -7, -1):
        unit = 10.0 ** -decimals
        digits = value / unit
        if round(digits) == 0 or abs(digits - round(digits)) > 1e-6 * max(1.0, abs(digits)):
            continue
        if abs(value - expected) <= unit / 2 * (1 + 1e-9) + 1e-12 * abs(expected):
            return decimals, len(str(abs(round(digits))).lstrip("0"))
    return None


def precise_enough(decimals: int, significant: int) -> bool:
    """True when an answer with these decimals and significant figures is precise enough.

    >>> precise_enough(2, 2), precise_enough(0, 2), precise_enough(1, 3)
    (True, False, True)
    """
    return significant >= MIN_SIGNIFICANT or (decimals >= MIN_DECIMALS and significant >= 2)


def match_number(value: float, expected: float, rtol: float, atol: float) -> str | None:
    """How ``value`` matches ``expected``: ``"exact"``, ``"rounded"``, ``"too coarse"`` or None.

    >>> match_number(0.835, 0.8354270606, 1e-4, 0), match_number(0.8, 0.8354270606, 1e-4, 0)
    ('rounded', 'too coarse')
    >>> match_number(0.83, 0.8354270606, 1e-4, 0) is None
    True
    """
    if math.isnan(value) or math.isnan(expected) or math.isinf(value) or math.isinf(expected):
        return "exact" if value == expected else None
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return "exact"
    reading = _rounding(value, expected) if value != 0 else None
    if reading is None:
        return None
    return "rounded" if precise_enough(*reading) else "too coarse"


def _scaled(value: float, expected: float, factor: float, rtol: float, atol: float) -> bool:
    """True when ``value`` is ``expected * factor`` at the precision the learner gave."""
    return match_number(value, expected * factor, rtol, atol) in {"exact", "rounded", "too coarse"}


def as_float(answer: Any) -> float | None:
    """The answer as one float, or None (a one-cell Series or DataFrame counts as its value).

    >>> as_float(pd.Series([0.25])), as_float("0.25") is None
    (0.25, True)
    """
    if is_number(answer):
        return float(answer)
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 1:
        value = answer.to_numpy().ravel()[0]
        return float(value) if is_number(value) else None
    return None


def not_a_number(answer: Any) -> Verdict:
    """Explain why ``answer`` is not a number (text, a Timedelta, an empty table, ...).

    >>> not_a_number(pd.Timedelta(days=3)).detail
    'expected a number (of days), got a Timedelta (a length of time): take its .days.'
    """
    if isinstance(answer, str):
        return Verdict("wrong_type", _("expected a number, got text: remove the quotes."))
    if isinstance(answer, (pd.Timedelta, np.timedelta64)) or type(answer).__name__ == "timedelta":
        return Verdict("wrong_type", _("expected a number (of days), got a Timedelta (a length of time): "
                                       "take its .days."))
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 0:
        return Verdict("wrong_type", _("expected a single number, got an empty {type}: the selection you took "
                                       "it from has no rows.").format(type=type(answer).__name__))
    return Verdict("wrong_type", _("expected a single number, got {kind}.").format(kind=describe_type(answer)))


def compare_number(answer: Any, expected: Any, rtol: float, atol: float) -> Verdict:
    """Judge a numeric answer by the tolerance policy of this module.

    >>> compare_number(0.74, 0.7407308, 1e-4, 1e-9).status
    'correct'
    >>> compare_number(4, 0.4, 1e-4, 1e-9).detail
    'you gave a whole number (4), but the answer is a share between 0 and 1: divide your count by the total.'
    """
    value = as_float(answer)
    if value is None and (answer is pd.NA or answer is pd.NaT):
        value = math.nan
    if value is None:
        return not_a_number(answer)
    want = float(expected)
    if math.isnan(value):
        return Verdict("wrong_value", _("your value is NaN (not a number): the table or selection you took it "
                                        "from is probably empty, so make sure your filter keeps some rows."))
    if math.isinf(value):
        return Verdict("wrong_value", _("your value is infinite: did you divide by zero (e.g. by an empty count)?"))
    if is_count(expected):
        if not value.is_integer():
            return Verdict("wrong_value", _("the answer is a count, a whole number; you gave {value}.").format(
                value=fmt(value)))
        if value == want:
            return CORRECT
        message = _("your count {value} is too high.") if value > want else _("your count {value} is too low.")
        return Verdict("wrong_value", message.format(value=fmt(value)))
    match = match_number(value, want, rtol, atol)
    if match in {"exact", "rounded"}:
        return CORRECT
    if match == "too coarse":
        return Verdict("wrong_value", _("close — keep more decimals: {value} is the answer rounded too far. Give "
                                        "at least three significant figures (or two decimals).").format(
                                            value=fmt(value)), close=True)
    if want != 0 and _scaled(value, want, 100, rtol, atol):
        return Verdict("wrong_value", _("it looks like a percentage: give it as a fraction (e.g. 0.25, not 25)."))
    if want != 0 and _scaled(value, want, 0.01, rtol, atol):
        return Verdict("wrong_value", _("it looks like a fraction: give it in percent (e.g. 25, not 0.25)."))
    if 0 < want < 1 and value.is_integer() and value >= 1:
        return Verdict("wrong_value", _("you gave a whole number ({value}), but the answer is a share between 0 "
                                        "and 1: divide your count by the total.").format(value=fmt(value)))
    if want != 0 and abs(value - want) <= CLOSE_RELATIVE * abs(want):
        return Verdict("wrong_value", _("close, but not quite: {value} is within 1 % of the answer. Round rather "
                                        "than cut off digits, or check a small step (a filter, a date).").format(
                                            value=fmt(value)), close=True)
    message = _("your value {value} is too high.") if value > want else _("your value {value} is too low.")
    return Verdict("wrong_value", message.format(value=fmt(value)))
