"""Dates and numbers as shop systems and spreadsheets write them, read once per distinct value.

Used by :func:`crm_lessons.cleaning.read_transactions`: day-first or month-first dates (and a
warning when the file cannot tell), Chinese dates (2024年3月1日), Excel serial dates, currency marks
and thousands separators, and the limits beyond which a value is a reason in the cleaning report,
never a value in the data.
"""
from __future__ import annotations

import datetime
import re
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .i18n import gettext, tr

__all__ = ["DATE_RANGE", "MAX_NUMBER", "AmbiguousDateWarning", "CodedColumn", "parse_dates", "_read_numbers"]

# Date parts (the text before a space or "T") and time parts, read once per distinct value.
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$")
_LETTERS = re.compile(r"[A-Za-z]")
# Dates outside these years are typing or export errors (0001-01-01 is a common "no date" filler).
DATE_RANGE = (np.datetime64("1900-01-01", "us"), np.datetime64("2101-01-01", "us"))
# Larger numbers lose cents in floating point and overflow whole-number columns.
MAX_NUMBER = 1e15
# Excel stores dates as days since 1899-12-30; 20000..80000 covers 1954-2119.
_EXCEL_EPOCH = np.datetime64("1899-12-30", "us")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
# Currency marks and codes a price may carry (¥12.50, 12.5 元, $5, RMB 8); removed before reading the number.
_CURRENCY = re.compile(r"[¥￥$€£]|\b(?:RMB|CNY|USD|EUR|GBP|HKD)\b|元|块", re.IGNORECASE)
_THOUSANDS = {".": re.compile(r"^[+-]?\d{1,3}(?:[, \u00a0\u202f']\d{3})+(?:\.\d*)?$"),
              ",": re.compile(r"^[+-]?\d{1,3}(?:[. \u00a0\u202f']\d{3})+(?:,\d*)?$")}


class AmbiguousDateWarning(UserWarning):
    """The dates could be read day-first or month-first and the file does not say which."""



@dataclass(frozen=True, eq=False)
class CodedColumn:
    """A column as codes into its distinct values (code -1 = missing), to work once per value."""

    codes: np.ndarray
    values: np.ndarray
    missing: Any = None

    @classmethod
    def of(cls, series: pd.Series) -> CodedColumn:
        codes, uniques = pd.factorize(series)
        values = np.asarray(uniques)
        return cls(codes, values if values.dtype.kind in "biufM" else values.astype(object))

    def map(self, values: np.ndarray, missing: Any) -> CodedColumn:
        """The same codes over new per-value ``values``."""
        return CodedColumn(self.codes, values, missing)

    def expand(self) -> pd.Series | np.ndarray:
        """One value per row (a str Series for text, a numpy array otherwise)."""
        full = np.append(self.values, np.array([self.missing], dtype=self.values.dtype))
        rows = full[np.where(self.codes < 0, len(self.values), self.codes)]
        return pd.Series(rows, dtype="str") if self.values.dtype == object else rows

    def test(self, check: Any) -> np.ndarray:
        """``check`` applied to the distinct values, as one bool per row (missing rows: check(missing))."""
        full = np.append(np.asarray(check(self.values), dtype=bool), bool(check(np.array([self.missing]))[0]))
        return full[np.where(self.codes < 0, len(self.values), self.codes)]

    def as_text(self) -> CodedColumn:
        """Identifiers as trimmed text; blanks become missing; 17850.0 becomes '17850'."""
        values = self.values
        if values.dtype.kind == "f" and (values % 1 == 0).all():
            values = values.astype("int64")
        text = [str(v).strip() for v in values]
        if text and all(re.fullmatch(r"\d+\.0", t) for t in text if t):
            text = [t[:-2] for t in text]
        return self.map(np.array([t if t else None for t in text], dtype=object), None)

    def as_number(self, column: str, decimal: str = ".", notes: list[str] | None = None) -> CodedColumn:
        """Numbers per value; text that is not a number becomes NaN (an error if nothing is a number).

        Currency marks and thousands separators are removed first (said so in ``notes``).
        """
        if self.values.dtype.kind == "b":
            raise TypeError(tr("Column {column!r} holds True/False values, but it should hold numbers.", column=column))
        if self.values.dtype.kind in "iuf":
            return self.map(self.values.astype(float), np.nan)
        numbers = _read_numbers(self.values, column, decimal, notes if notes is not None else [])
        if len(numbers) and np.isnan(numbers).all():
            sample = [str(v) for v in self.values[:3]]
            hint = (tr(" They look like decimal commas: pass decimal=','.")
                    if any(re.fullmatch(r"-?\d+,\d+", v.strip()) for v in sample) else "")
            raise ValueError(tr("Column {column!r} should hold numbers, but none of its values is a number, e.g. "
                                "{sample}.{hint}", column=column, sample=sample, hint=hint))
        return self.map(numbers, np.nan)


def _read_numbers(values: np.ndarray, column: str, decimal: str, notes: list[str]) -> np.ndarray:
    """Distinct values as floats: currency marks and thousands separators removed, ``decimal`` honoured."""
    text = pd.Series([v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v) for v in values],
                     dtype=object).str.strip()
    currencies = sorted(set(text.str.findall(_CURRENCY).explode().dropna().str.upper()))
    bare = text.str.replace(_CURRENCY, "", regex=True).str.strip()
    grouped = bare.str.fullmatch(_THOUSANDS[decimal]).fillna(False).to_numpy(dtype=bool)
    bare = bare.where(~grouped, bare.str.replace(r"[ \u00a0\u202f']" + ("|," if decimal == "." else "|\\."), "",
                                                 regex=True))
    if decimal == ",":
        bare = bare.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(bare, errors="coerce").to_numpy(dtype=float)
    if currencies:
        several = gettext(" (several currencies: the amounts are used as they are, check the column)") \
            if len({c for c in currencies if c not in ("元", "块", "RMB", "CNY", "¥", "￥")}) + \
            any(c in ("元", "块", "RMB", "CNY", "¥", "￥") for c in currencies) > 1 else ""
        notes.append(tr("Column {column!r}: currency marks {marks} removed before reading the numbers{several}.",
                        column=column, marks=", ".join(currencies), several=several))
    if grouped.any():
        notes.append(tr("Column {column!r}: thousands separators removed from {count:,} distinct value(s) "
                        "(e.g. 1,234.50 read as 1234.5).", column=column, count=int(grouped.sum())))
    return numbers


def parse_dates(column: CodedColumn, dayfirst: bool | None, name: str,
                 notes: list[str] | None = None) -> tuple[CodedColumn, str]:
    """Parse a coded date column; returns the dates (NaT where unreadable) and the order used.

    Each distinct text is split into a date part and a time part, and each distinct
    date part and time part is read once, so a log of a million lines over a few
    hundred days costs little.

    >>> notes = []
    >>> dates, order = parse_dates(CodedColumn.of(pd.Series(["2024年3月1日", "45352", "0001-01-01"])), None,
    ...                            "order_date", notes)
    >>> [str(d)[:10] for d in dates.expand()]
    ['2024-03-01', '2024-03-01', 'NaT']
    """
    nat = np.datetime64("NaT", "us")
    notes = [] if notes is None else notes
    values = column.values
    if values.dtype.kind == "M":
        return column.map(_in_date_range(values.astype("datetime64[us]")), nat), "already dates"
    if values.dtype.kind in "iuf":
        values = column.as_text().values
    values = np.array([_number_text(v) for v in values], dtype=object)
    parsed = np.full(len(values), nat, dtype="datetime64[us]")
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    for position in np.flatnonzero(~is_text):
        parsed[position] = _to_timestamp(values[position])
    positions = np.flatnonzero(is_text)
    split = [v.strip().partition(" ") for v in values[positions]]
    split = [(_CHINESE_DATE.sub(r"\1-\2-\3", d), sep, t) for d, sep, t in split]
    day_part = [d if s or "T" not in d else d.partition("T")[0] for d, s, _ in split]
    time_part = [t.strip() if s or "T" not in d else d.partition("T")[2] for d, s, t in split]
    days = CodedColumn.of(pd.Series(day_part, dtype=object))
    times = CodedColumn.of(pd.Series(time_part, dtype=object))

    days_text = pd.Series(days.values, dtype="str")
    dmy_text = days_text.str.extract(_DMY)
    dmy = dmy_text.astype(float)
    is_dmy = dmy[0].notna().to_numpy()
    order = "year-first"
    day_values = np.full(len(days.values), nat, dtype="datetime64[us]")
    if is_dmy.any():
        if dayfirst is None:
            dayfirst = _detect_dayfirst(dmy.loc[is_dmy, 0], dmy.loc[is_dmy, 1], days.values[is_dmy][0], name)
        order = "day-first" if dayfirst else "month-first"
        day, month = (dmy[0], dmy[1]) if dayfirst else (dmy[1], dmy[0])
        two_digit = (dmy_text[2].str.len() == 2).to_numpy()
        day_values[is_dmy] = _from_parts(pd.DataFrame({"year": dmy[2], "month": month, "day": day})[is_dmy],
                                         two_digit[is_dmy])
    for pattern in (_YMD, _COMPACT):
        found = days_text[np.isnat(day_values) & ~is_dmy].str.extract(pattern).dropna().astype(float)
        if len(found):
            day_values[found.index] = _from_parts(found.set_axis(["year", "month", "day"], axis=1))
    serial = np.isnat(day_values) & days_text.str.fullmatch(_EXCEL_SERIAL).to_numpy(dtype=bool)
    if serial.any():
        day_values[serial] = _EXCEL_EPOCH + (days_text[serial].astype(float).to_numpy() * 86_400e6).astype(
            "timedelta64[us]")
        notes.append(tr("Column {column!r}: numbers such as {example} are Excel serial dates (days since "
                        "1899-12-30; 45352 is 2024-03-01) and were read as dates.",
                        column=name, example=days_text[serial].iloc[0]))
        if not is_dmy.any() and not (~np.isnat(day_values) & ~serial).any():
            order = "as Excel serial numbers"
    if days_text.str.contains("年").any():
        notes.append(tr("Column {column!r}: Chinese dates (2024年3月1日) read as year-month-day.", column=name))
    clock = pd.Series(times.values, dtype="str").str.extract(_TIME).astype(float)
    valid = ((clock[0] < 24) & (clock[1] < 60) & (clock[2].fillna(0) < 60)).to_numpy()
    seconds = np.where(valid, (clock[0] * 3600 + clock[1] * 60 + clock[2].fillna(0)).to_numpy(), np.nan)
    seconds[times.values == ""] = 0.0
    offsets = pd.to_timedelta(seconds, unit="s").to_numpy()
    parsed[positions] = day_values[days.codes] + offsets[times.codes]

    # Dates written with month names ("5 Jan 2024", "January 5, 2024") or "10:00 PM": one by one.
    worded = [p for p in positions[np.isnat(parsed[positions])] if _LETTERS.search(values[p])]
    if worded:
        parsed[worded] = pd.to_datetime(pd.Series(values[worded], dtype="str"), format="mixed",
                                        dayfirst=bool(dayfirst), errors="coerce").to_numpy(dtype="datetime64[us]")
    return column.map(_in_date_range(parsed), nat), order


def _in_date_range(stamps: np.ndarray) -> np.ndarray:
    """Dates outside :data:`DATE_RANGE` (0001-01-01 fillers, year 9999) become NaT: a bad date, never a value."""
    outside = (stamps < DATE_RANGE[0]) | (stamps >= DATE_RANGE[1])
    return np.where(outside, np.datetime64("NaT", "us"), stamps)


def _number_text(value: Any) -> Any:
    """A number in a date column (an Excel serial date in a spreadsheet cell) as text; other values as they are."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
            and np.isfinite(value):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return value


def _detect_dayfirst(first: pd.Series, second: pd.Series, example: str, column: str) -> bool:
    """Day-first unless the data show month-first; warn when they cannot tell or disagree."""
    day_evidence = int(((first > 12) & (second <= 12)).sum())
    month_evidence = int(((second > 12) & (first <= 12)).sum())
    dayfirst = day_evidence >= month_evidence
    if day_evidence and month_evidence:
        warnings.warn(
            tr("Column {column!r} mixes day-first and month-first dates ({day_evidence} distinct values have a "
               "number above 12 in first place, {month_evidence} in second place). Read as {order}, so the "
               "others are reported as bad dates. Pass dayfirst=True or dayfirst=False to choose.",
               column=column, day_evidence=day_evidence, month_evidence=month_evidence,
               order=tr("day-first") if dayfirst else tr("month-first")), AmbiguousDateWarning, stacklevel=5)
    elif not day_evidence and not month_evidence and ((first != second) & (first <= 12)).any():
        warnings.warn(
            tr("Column {column!r} has dates such as {example!r} that read differently day-first and "
               "month-first, and no value settles it (none has a number above 12 in the first two places). "
               "Read as day-first (31/01/2024); pass dayfirst=False if they are month-first (01/31/2024), "
               "or dayfirst=True to confirm.", column=column, example=example), AmbiguousDateWarning, stacklevel=5)
    return dayfirst


def _from_parts(parts: pd.DataFrame, two_digit_year: np.ndarray | None = None) -> np.ndarray:
    """Timestamps from year/month/day columns (floats); impossible dates become NaT.

    Years written with two digits (``two_digit_year``) are 1969-2068; ``0001`` stays year 1.
    """
    numbers = parts.astype(int)
    if two_digit_year is not None and two_digit_year.any():
        short = pd.Series(two_digit_year, index=numbers.index)
        numbers.loc[short, "year"] += np.where(numbers.loc[short, "year"] <= 68, 2000, 1900)
    return pd.to_datetime(numbers, errors="coerce").to_numpy(dtype="datetime64[us]")


def _to_timestamp(value: Any) -> pd.Timestamp:
    """A date-like cell (e.g. from Excel) as a naive timestamp; anything else is not a date."""
    if not isinstance(value, (datetime.date, np.datetime64)):
        return pd.NaT
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, OverflowError):
        return pd.NaT
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
