"""Input checks shared by every public function: the one home of each validation rule.

Each helper raises ``TypeError`` or ``ValueError`` with a message that names the
argument or column and says what was expected, so that a learner never meets a
bare ``KeyError`` from deep inside pandas. One rule, one helper: a module that
needs "a number, not a bool" or "zero or more" calls the helper here instead of
writing the test again, so every function answers the same input the same way.
"""
from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .i18n import tr


def require_frame(obj: Any, arg: str = "data", *, allow_empty: bool = False) -> pd.DataFrame:
    """Return ``obj`` if it is a DataFrame (non-empty unless ``allow_empty``).

    >>> require_frame(pd.DataFrame({"a": [1]}), "tx").shape
    (1, 1)
    """
    if obj is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a pandas DataFrame.", arg=arg))
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(tr("{arg} must be a pandas DataFrame, got {kind}.", arg=arg, kind=type(obj).__name__))
    if not allow_empty and obj.empty:
        raise ValueError(tr("{arg} is empty: it has no rows, so there is nothing to analyse.", arg=arg))
    return obj


def require_columns(frame: pd.DataFrame, columns: Mapping[str, str] | Sequence[str], arg: str = "data") -> None:
    """Check that every column in ``columns`` exists.

    ``columns`` maps argument names to column names (the message then tells which
    argument to change), or simply lists the column names a table must have.

    >>> require_columns(pd.DataFrame({"id": [1]}), {"customer": "id"}, "tx")
    >>> require_columns(pd.DataFrame({"id": [1]}), ["id"], "rules")
    >>> require_columns(pd.DataFrame([[1, 2]], columns=["id", "id"]), {"customer": "id"}, "tx")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: tx has more than one column named 'id'; rename or drop the copies first, ...
    """
    have = ", ".join(repr(str(c)) for c in frame.columns[:20])
    more = " ..." if len(frame.columns) > 20 else ""
    if not isinstance(columns, Mapping):
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            raise ValueError(tr("{arg} has no column(s) {names}. Available columns: {have}{more}. Pass the table "
                                "made by the matching crm function.",
                                arg=arg, names=', '.join(map(repr, absent)), have=have, more=more))
        _require_single(frame, list(columns), arg)
        return
    missing = [(a, c) for a, c in columns.items() if c not in frame.columns]
    if missing:
        wanted = ", ".join(f"{a}={c!r}" for a, c in missing)
        raise ValueError(
            tr("{arg} has no column for {wanted}. Available columns: {have}{more}. Pass the right column name, e.g. "
               "{missing}='your_column'.", arg=arg, wanted=wanted, have=have, more=more, missing=missing[0][0])
        )
    _require_single(frame, list(columns.values()), arg)


def _require_single(frame: pd.DataFrame, names: list[Any], arg: str) -> None:
    """A column that is used must exist once: with two of the same name pandas returns a table, not a column."""
    if frame.columns.is_unique:
        return
    twice = [c for c in dict.fromkeys(names) if (frame.columns == c).sum() > 1]
    if twice:
        raise ValueError(tr("{arg} has more than one column named {names}; rename or drop the copies first, e.g. "
                            "{arg}.loc[:, ~{arg}.columns.duplicated()].", arg=arg, names=', '.join(map(repr, twice))))


def require_table(obj: Any, columns: Sequence[str], arg: str = "data") -> pd.DataFrame:
    """Return ``obj`` if it is a non-empty DataFrame holding every column in ``columns``.

    >>> require_table(pd.DataFrame({"lift": [1.2]}), ["lift"], "rules").shape
    (1, 1)
    """
    require_columns(require_frame(obj, arg), columns, arg)
    return obj


def require_numeric(frame: pd.DataFrame, column: str, arg: str = "data", *,
                    non_negative: bool = False, allow_missing: bool = False) -> pd.Series:
    """Return ``frame[column]`` as floats, or raise naming the bad column.

    >>> require_numeric(pd.DataFrame({"x": [1, 2]}), "x").tolist()
    [1.0, 2.0]
    """
    series = frame[column]
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        sample = series.dropna().astype(str).head(3).tolist()
        raise TypeError(
            tr("Column {column!r} of {arg} must be numeric, but it holds {dtype} values such as {sample}.",
               column=column, arg=arg, dtype=series.dtype, sample=sample)
        )
    values = series.astype(float)
    if not allow_missing and values.isna().any():
        raise ValueError(
            tr("Column {column!r} of {arg} has {n} missing value(s); fill or drop them first.",
               column=column, arg=arg, n=int(values.isna().sum()))
        )
    if non_negative and (values < 0).any():
        n = int((values < 0).sum())
        raise ValueError(
            tr("Column {column!r} of {arg} has {n} negative value(s) (smallest {smallest:g}); amounts must be zero or "
               "more. Remove returns/cancellations first.", column=column, arg=arg, n=n, smallest=values.min())
        )
    return values


def require_dates(frame: pd.DataFrame, column: str, arg: str = "data") -> pd.Series:
    """Return ``frame[column]`` parsed as datetimes, or raise naming the bad values.

    >>> require_dates(pd.DataFrame({"d": ["2024-01-31"]}), "d").dt.year.tolist()
    [2024]
    """
    series = frame[column]
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
        bad = parsed.isna() & series.notna()
        if bad.any():
            sample = series[bad].astype(str).head(3).tolist()
            raise ValueError(
                tr("Column {column!r} of {arg} has {n} value(s) that are not dates, e.g. {sample}. Use ISO dates "
                   "like 2024-01-31.", column=column, arg=arg, n=int(bad.sum()), sample=sample)
            )
    if parsed.isna().any():
        raise ValueError(tr("Column {column!r} of {arg} has {n} missing date(s).",
                            column=column, arg=arg, n=int(parsed.isna().sum())))
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):      # local calendar dates, as printed on the receipt
        parsed = parsed.dt.tz_localize(None)
    return parsed


def require_day_dates(frame: pd.DataFrame, column: str, arg: str = "data") -> pd.Series:
    """:func:`require_dates` at day resolution (midnight), time zone dropped.

    >>> stamps = pd.DataFrame({"d": pd.to_datetime(["2024-01-31 23:30"]).tz_localize("Asia/Shanghai")})
    >>> require_day_dates(stamps, "d").tolist()
    [Timestamp('2024-01-31 00:00:00')]
    """
    return require_dates(frame, column, arg).dt.normalize()


def require_timestamp(value: Any, arg: str, *, example: str = "2024-12-31") -> pd.Timestamp:
    """Return ``value`` (a date string, date or Timestamp) as a time-zone-free Timestamp at midnight.

    >>> require_timestamp("2024-06-30", "as_of")
    Timestamp('2024-06-30 00:00:00')
    """
    if value is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a date such as '{example}'.", arg=arg, example=example))
    if isinstance(value, bool) or not isinstance(value, (str, datetime.date, np.datetime64)):
        raise TypeError(tr("{arg} must be a date such as '{example}', got {kind}.",
                           arg=arg, example=example, kind=type(value).__name__))
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(tr("{arg} must be a date such as '{example}', got {value!r}.",
                            arg=arg, example=example, value=value))
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def require_probability(value: Any, arg: str, *, low_open: bool = True, high_open: bool = False) -> float:
    """Check that ``value`` is a number within (0, 1] (bounds configurable).

    >>> require_probability(0.2, "min_support")
    0.2
    """
    if not is_number(value):
        raise TypeError(tr("{arg} must be a number between 0 and 1, got {kind}.", arg=arg, kind=type(value).__name__))
    value = float(value)
    low_ok = value > 0 if low_open else value >= 0
    high_ok = value < 1 if high_open else value <= 1
    if not (low_ok and high_ok) or np.isnan(value):
        lo = "(0" if low_open else "[0"
        hi = "1)" if high_open else "1]"
        raise ValueError(tr("{arg} must lie in {lo}, {hi}, got {value:g}.", arg=arg, lo=lo, hi=hi, value=value))
    return value


def is_number(value: Any) -> bool:
    """True for a real number (Python or NumPy int/float), False for a bool, a string or anything else.

    >>> is_number(3), is_number(2.5), is_number(True), is_number("3")
    (True, True, False, False)
    """
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, float, np.integer, np.floating))


def is_whole_number(value: Any) -> bool:
    """True for a Python or NumPy integer that is not a bool.

    >>> is_whole_number(3), is_whole_number(3.0), is_whole_number(False)
    (True, False, False)
    """
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, np.integer))


def require_flag(value: Any, arg: str) -> bool:
    """Return ``value`` as a bool if it is True or False (NumPy's too), else a TypeError naming ``arg``.

    >>> require_flag(True, "ascending")
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(tr("{arg} must be True or False, got {kind}.", arg=arg, kind=type(value).__name__))
    return bool(value)


def require_number(value: Any, arg: str, *, minimum: float | None = None, positive: bool = False,
                   allow_inf: bool = False) -> float:
    """Return ``value`` as a float: a real number (not a bool), not NaN, finite unless ``allow_inf``.

    ``minimum`` is an inclusive lower bound; ``positive=True`` asks for more than zero.

    >>> require_number(2, "period_days", positive=True)
    2.0
    >>> require_number(float("inf"), "period_days", positive=True)
    Traceback (most recent call last):
    ValueError: period_days must be a finite number, got inf.
    """
    if value is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a number.", arg=arg))
    if not is_number(value):
        raise TypeError(tr("{arg} must be a number, got {kind}.", arg=arg, kind=type(value).__name__))
    number = float(value)
    if np.isnan(number) or (np.isinf(number) and not allow_inf):
        raise ValueError(tr("{arg} must be a finite number, got {number:g}.", arg=arg, number=number))
    if positive and not number > 0:
        raise ValueError(tr("{arg} must be more than zero, got {number:g}.", arg=arg, number=number))
    if minimum is not None and number < minimum:
        raise ValueError(tr("{arg} must be at least {minimum:g}, got {number:g}.",
                            arg=arg, minimum=minimum, number=number))
    return number


def require_non_negative(value: Any, arg: str) -> float:
    """Return ``value`` as a float if it is a finite number, zero or more.

    >>> require_non_negative(0, "budget")
    0.0
    """
    if value is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a number, zero or more.", arg=arg))
    if not is_number(value):
        raise TypeError(tr("{arg} must be a number, got {kind}.", arg=arg, kind=type(value).__name__))
    number = float(value)
    if not np.isfinite(number) or number < 0:
        raise ValueError(tr("{arg} must be zero or more (and finite), got {number:g}.", arg=arg, number=number))
    return number


def require_periods(t: Any, arg: str = "t") -> np.ndarray:
    """Return ``t`` (a number or array of time spans in model periods) as floats, each zero or more.

    >>> require_periods([0, 2.5]).tolist()
    [0.0, 2.5]
    """
    if t is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a number of periods, zero or more.", arg=arg))
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(tr("{arg} must be a number of periods (or an array of them), got {kind}.",
                           arg=arg, kind=type(t).__name__)) from None
    if np.isnan(arr).any() or (arr < 0).any():
        raise ValueError(tr("{arg} must be zero or more periods.", arg=arg))
    return arr


def require_whole_number(value: Any, arg: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is a whole number (not a bool) of at least ``minimum``.

    >>> require_whole_number(3, "k")
    3
    """
    if value is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a whole number.", arg=arg))
    if not is_whole_number(value):
        raise TypeError(tr("{arg} must be a whole number, got {kind}.", arg=arg, kind=type(value).__name__))
    if value < minimum:
        raise ValueError(tr("{arg} must be at least {minimum}, got {value}.", arg=arg, minimum=minimum, value=value))
    return int(value)


def require_column_names(**names: Any) -> None:
    """Check that every keyword names a column (a string).

    >>> require_column_names(customer="customer_id", date="order_date")
    """
    for arg, name in names.items():
        if not isinstance(name, str):
            raise TypeError(tr("{arg} must be a column name (str), got {kind}.", arg=arg, kind=type(name).__name__))


def require_seed(value: Any) -> int:
    """The ``random_state`` seed: a whole number (not a bool).

    >>> require_seed(42)
    42
    """
    if not is_whole_number(value):
        raise TypeError(tr("random_state must be an int (the seed that makes the result repeatable), got {kind}.",
                           kind=type(value).__name__))
    return int(value)


def require_window(value: Any, arg: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A (first day, last day) pair of dates, the last not before the first.

    >>> require_window(("2024-01-01", "2024-06-30"), "observation")[1]
    Timestamp('2024-06-30 00:00:00')
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(tr("{arg} must be a pair of dates (first day, last day), e.g. ('2023-07-01', '2024-06-30'); "
                           "got {value!r}.", arg=arg, value=value))
    start = require_timestamp(value[0], f"{arg}[0]", example="2024-06-30")
    end = require_timestamp(value[1], f"{arg}[1]", example="2024-06-30")
    if end < start:
        raise ValueError(tr("{arg} ends ({date}) before it starts ({date2}): give (first day, last day).",
                            arg=arg, date=end.date(), date2=start.date()))
    return start, end


def require_windows(observation: Any, outcome: Any) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """An observation window and a later outcome window that does not overlap it (no leakage).

    >>> [d.day for d in require_windows(("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-07-31"))]
    [1, 30, 1, 31]
    """
    obs_start, obs_end = require_window(observation, "observation")
    out_start, out_end = require_window(outcome, "outcome")
    if out_start <= obs_end:
        raise ValueError(
            tr("The outcome window starts on {date}, but the observation window runs until {date2}: the windows "
               "overlap, so the features would already see part of the outcome (leakage). Start the outcome window "
               "after the observation window ends, e.g. outcome=('{date3}', ...).",
               date=out_start.date(), date2=obs_end.date(), date3=(obs_end + pd.Timedelta(days=1)).date()))
    return obs_start, obs_end, out_start, out_end


def require_binary(values: Any, arg: str) -> tuple[np.ndarray, pd.Index | None]:
    """0/1 integer array from a Series/array/list of 0/1 or booleans, with the Series index if any.

    >>> require_binary([True, False, 1], "y_true")[0].tolist()
    [1, 0, 1]
    """
    if values is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass the 0/1 outcome of each customer.", arg=arg))
    index = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, pd.DataFrame):
        raise TypeError(tr("{arg} must be one column of 0/1 values (a Series or list), got a DataFrame.", arg=arg))
    arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    arr = arr.ravel()
    if arr.size == 0:
        raise ValueError(tr("{arg} is empty.", arg=arg))
    if arr.dtype.kind in "biuf":
        ok = np.isin(arr, [0, 1])
    else:
        ok = np.array([isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, float, np.integer, np.floating))
                                                           and v in (0, 1)) for v in arr], dtype=bool)
    if not ok.all():
        bad = sorted({repr(v.item() if isinstance(v, np.generic) else v) for v in arr[~ok]})[:3]
        raise ValueError(tr("{arg} must hold only 0/1 (or False/True) labels, but it also holds {names}. Code the "
                            "outcome as 1 = event (e.g. churned, responded) and 0 = no event.",
                            arg=arg, names=', '.join(bad)))
    return arr.astype(float).astype(int), index


def require_numbers(values: Any, arg: str) -> tuple[np.ndarray, pd.Index | None]:
    """A number, or a list/array/Series of numbers, as a float array (with the Series index, if any).

    Bools, text and NaN or infinity are refused, naming ``arg``.

    >>> require_numbers(pd.Series([1, 2], index=["a", "b"]), "margin")[0].tolist()
    [1.0, 2.0]
    >>> require_numbers([0.5, float("nan")], "retention")
    Traceback (most recent call last):
    ValueError: retention must be finite numbers, but it holds 1 missing or infinite value(s).
    """
    if values is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a number (or an array of numbers).", arg=arg))
    if values is None or isinstance(values, (str, bytes, bool, np.bool_)):
        raise TypeError(tr("{arg} must be a number (or an array of numbers), got {kind}.",
                           arg=arg, kind=type(values).__name__))
    if isinstance(values, pd.DataFrame):
        raise TypeError(tr("{arg} must be a number, a list/array of numbers or a Series, not a DataFrame.", arg=arg))
    index = values.index if isinstance(values, pd.Series) else None
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        raise TypeError(tr("{arg} must be a number (or an array of numbers), got {kind}.",
                           arg=arg, kind=type(values).__name__)) from None
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(tr("{arg} must hold numbers, got values of type {dtype}.", arg=arg, dtype=arr.dtype))
    arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(tr("{arg} must be finite numbers, but it holds {n} missing or infinite value(s).",
                            arg=arg, n=int(bad.sum())))
    return arr, index


def require_scores(values: Any, arg: str) -> tuple[np.ndarray, pd.Index | None]:
    """One finite number per customer (a Series, array or list) as a 1-D float array, with the Series index.

    >>> require_scores([0.2, 0.9], "score")[0].tolist()
    [0.2, 0.9]
    """
    if values is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass one model score per customer.", arg=arg))
    arr, index = require_numbers(values, arg)
    arr = arr.ravel()
    if arr.size == 0:
        raise ValueError(tr("{arg} is empty.", arg=arg))
    return arr, index

def require_labels_and_scores(y_true: Any, score: Any) -> tuple[np.ndarray, np.ndarray]:
    """0/1 labels and one score per label, aligned on their index when both are Series.

    >>> [a.tolist() for a in require_labels_and_scores([0, 1], [0.3, 0.8])]
    [[0, 1], [0.3, 0.8]]
    """
    y, y_index = require_binary(y_true, "y_true")
    s, s_index = require_scores(score, "score")
    if len(y) != len(s):
        raise ValueError(tr("y_true and score must have the same length (one label and one score per customer), got "
                            "{n} labels and {n2} scores.", n=len(y), n2=len(s)))
    if y_index is not None and s_index is not None and not y_index.equals(s_index):
        if set(y_index) != set(s_index):
            raise ValueError(tr("y_true and score are Series with different customers in their index; align them "
                                "first, e.g. score.loc[y_true.index]."))
        s = pd.Series(s, index=s_index).loc[y_index].to_numpy()
    return y, s


def require_finite_totals(totals: Any, what: str, column: str, arg: str = "tx") -> None:
    """Refuse sums that overflowed to infinity (amounts near 1e308), naming the column to check.

    >>> require_finite_totals(np.array([np.inf]), "monetary", "amount")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: The monetary total of 1 customer(s) is too large to represent (over 1.8e308): ...
    """
    values = np.asarray(totals, dtype=float)
    overflow = np.isinf(values)
    if overflow.any():
        raise ValueError(tr("The {what} total of {n} customer(s) is too large to represent (over 1.8e308): check the "
                            "units of column {column!r} of {arg}.",
                            what=what, n=int(overflow.sum()), column=column, arg=arg))
