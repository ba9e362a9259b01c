"""Input checks shared by every public function.

Each helper raises ``TypeError`` or ``ValueError`` with a message that names the
argument or column and says what was expected, so that a learner never meets a
bare ``KeyError`` from deep inside pandas.
"""
from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd


def require_frame(obj: Any, arg: str = "data", *, allow_empty: bool = False) -> pd.DataFrame:
    """Return ``obj`` if it is a DataFrame (non-empty unless ``allow_empty``).

    >>> require_frame(pd.DataFrame({"a": [1]}), "tx").shape
    (1, 1)
    """
    if obj is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass a pandas DataFrame.")
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(f"{arg} must be a pandas DataFrame, got {type(obj).__name__}.")
    if not allow_empty and obj.empty:
        raise ValueError(f"{arg} is empty: it has no rows, so there is nothing to analyse.")
    return obj


def require_columns(frame: pd.DataFrame, columns: Mapping[str, str] | Sequence[str], arg: str = "data") -> None:
    """Check that every column in ``columns`` exists.

    ``columns`` maps argument names to column names (the message then tells which
    argument to change), or simply lists the column names a table must have.

    >>> require_columns(pd.DataFrame({"id": [1]}), {"customer": "id"}, "tx")
    >>> require_columns(pd.DataFrame({"id": [1]}), ["id"], "rules")
    """
    have = ", ".join(repr(str(c)) for c in frame.columns[:20])
    more = " ..." if len(frame.columns) > 20 else ""
    if not isinstance(columns, Mapping):
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            raise ValueError(f"{arg} has no column(s) {', '.join(map(repr, absent))}. Available columns: "
                             f"{have}{more}. Pass the table made by the matching crm function.")
        return
    missing = [(a, c) for a, c in columns.items() if c not in frame.columns]
    if missing:
        wanted = ", ".join(f"{a}={c!r}" for a, c in missing)
        raise ValueError(
            f"{arg} has no column for {wanted}. Available columns: {have}{more}. "
            f"Pass the right column name, e.g. {missing[0][0]}='your_column'."
        )


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
            f"Column {column!r} of {arg} must be numeric, but it holds {series.dtype} "
            f"values such as {sample}."
        )
    values = series.astype(float)
    if not allow_missing and values.isna().any():
        raise ValueError(
            f"Column {column!r} of {arg} has {int(values.isna().sum())} missing value(s); "
            "fill or drop them first."
        )
    if non_negative and (values < 0).any():
        n = int((values < 0).sum())
        raise ValueError(
            f"Column {column!r} of {arg} has {n} negative value(s) (smallest {values.min():g}); "
            "amounts must be zero or more. Remove returns/cancellations first."
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
                f"Column {column!r} of {arg} has {int(bad.sum())} value(s) that are not dates, "
                f"e.g. {sample}. Use ISO dates like 2024-01-31."
            )
    if parsed.isna().any():
        raise ValueError(f"Column {column!r} of {arg} has {int(parsed.isna().sum())} missing date(s).")
    return parsed


def require_timestamp(value: Any, arg: str, *, example: str = "2024-12-31") -> pd.Timestamp:
    """Return ``value`` (a date string, date or Timestamp) as a time-zone-free Timestamp at midnight.

    >>> require_timestamp("2024-06-30", "as_of")
    Timestamp('2024-06-30 00:00:00')
    """
    if value is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass a date such as '{example}'.")
    if isinstance(value, bool) or not isinstance(value, (str, datetime.date, np.datetime64)):
        raise TypeError(f"{arg} must be a date such as '{example}', got {type(value).__name__}.")
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"{arg} must be a date such as '{example}', got {value!r}.")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def require_probability(value: Any, arg: str, *, low_open: bool = True, high_open: bool = False) -> float:
    """Check that ``value`` is a number within (0, 1] (bounds configurable).

    >>> require_probability(0.2, "min_support")
    0.2
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{arg} must be a number between 0 and 1, got {type(value).__name__}.")
    value = float(value)
    low_ok = value > 0 if low_open else value >= 0
    high_ok = value < 1 if high_open else value <= 1
    if not (low_ok and high_ok) or np.isnan(value):
        lo = "(0" if low_open else "[0"
        hi = "1)" if high_open else "1]"
        raise ValueError(f"{arg} must lie in {lo}, {hi}, got {value:g}.")
    return value
