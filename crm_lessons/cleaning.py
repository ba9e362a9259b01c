"""Read a learner's own transaction log (CSV, Excel or DataFrame) and clean it openly.

:func:`read_transactions` maps whatever column names a file has onto the names the
rest of the package expects (``customer_id``, ``order_id``, ``order_date``,
``product``, ``quantity``, ``unit_price``, ``amount``), reads the dates day-first or
month-first (stated or detected), and removes the lines that would distort an
analysis. Nothing is dropped silently: every removed line is counted under a
reason in the cleaning report and kept in ``.removed``, and any reason can be
switched off with ``keep=``.

>>> import pandas as pd
>>> raw = pd.DataFrame({"Invoice": ["1", "1", "C2"], "Cust": ["7", "7", "7"],
...                     "When": ["2024-03-05"] * 3, "Qty": [2, 2, -1], "Price": [1.5, 1.5, 1.5]})
>>> result = read_transactions(raw, customer="Cust", order="Invoice", date="When",
...                            quantity="Qty", price="Price")
>>> result.rows_read, result.rows_kept
(3, 1)
"""
from __future__ import annotations

import datetime
import html
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .i18n import N_, gettext, tr
from .raw_exports import read_raw

__all__ = ["REASONS", "AmbiguousDateWarning", "CleanedTransactions", "read_transactions"]

# Removal reasons in precedence order: a line with several problems is counted once,
# under the first reason in this order that the caller did not ask to keep. The descriptions
# are shown in the reader's language (crm.setup(lang=...)); the reason codes are the same in both.
REASONS: dict[str, str] = {
    "missing_customer": N_("customer id is missing"),
    "missing_order_or_item": N_("order number or item is missing"),
    "bad_date": N_("date is missing, cannot be read as a date, or lies outside 1900-2100"),
    "bad_number": N_("quantity, price or amount is missing, not a number or too large to compute with "
                     "(above 1e15, or an infinite line total), or the quantity is zero"),
    "cancellation": N_("order number carries the cancellation marker (e.g. C600123)"),
    "return": N_("negative quantity (or negative amount): a return or refund line"),
    "non_positive_price": N_("unit price is zero or negative"),
    "non_product": N_("not a product: a line listed in non_product= (postage, fees, manual adjustments)"),
    "duplicate": N_("exact copy of an earlier line (every column identical)"),
}
# The report's column headers and date orders as the reader sees them (English: the names themselves).
_HEADERS = {"reason": N_("reason"), "description": N_("description"), "rows_flagged": N_("rows_flagged"),
            "rows_removed": N_("rows_removed"), "kept_on_request": N_("kept_on_request")}
_DATE_ORDERS = {"day-first": N_("day-first"), "month-first": N_("month-first"), "year-first": N_("year-first"),
                "already dates": N_("already dates"), "as Excel serial numbers": N_("as Excel serial numbers")}

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
_NOTE = N_("A line with several problems is removed once, under the first reason listed that you "
           "did not ask to keep; 'flagged' counts every line with the problem.")


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns (so Chinese headers line up)."""
    return text + " " * max(width - _width(text), 0)


class AmbiguousDateWarning(UserWarning):
    """The dates could be read day-first or month-first and the file does not say which."""


@dataclass(frozen=True, eq=False)
class CleanedTransactions:
    """What :func:`read_transactions` returns: clean lines, the report and the removed lines.

    Attributes
    ----------
    data : DataFrame
        The kept lines with standard column names (``customer_id``, ``order_id``,
        ``order_date``, and ``product``, ``quantity``, ``unit_price``, ``amount`` as
        available), followed by the file's other columns unchanged.
    report : DataFrame
        One row per reason: ``reason``, ``description``, ``rows_flagged`` (lines with
        that problem), ``rows_removed`` (lines removed for it) and ``kept_on_request``.
    removed : DataFrame
        The removed lines as read, indexed by their position in the input, with the
        ``reason`` they were removed for in the first column.
    rows_read : int
        Data lines in the input (the header is not counted).
    date_order : str
        How the dates were read: ``"day-first"``, ``"month-first"``, ``"year-first"``
        or ``"already dates"``.
    columns : dict
        Standard column name -> the input column it came from.
    source : str
        The file name, or ``"DataFrame"``.
    encoding : str or None
        The text encoding a CSV was read with (stated or detected).
    notes : list of str
        What reading had to decide: a detected encoding, currency marks removed,
        Excel serial dates, merged cells filled down, a compressed file unpacked.
    """

    data: pd.DataFrame
    report: pd.DataFrame
    removed: pd.DataFrame
    rows_read: int
    date_order: str
    columns: dict[str, str] = field(default_factory=dict)
    source: str = "DataFrame"
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rows_kept(self) -> int:
        """Number of lines kept in :attr:`data`."""
        return len(self.data)

    @property
    def rows_removed(self) -> int:
        """Number of lines removed (``rows_read - rows_kept``)."""
        return self.rows_read - self.rows_kept

    def _summary(self) -> list[str]:
        order = gettext(_DATE_ORDERS.get(self.date_order, self.date_order))
        return [tr("Cleaning report for {source} (dates read {order})", source=self.source, order=order),
                tr("rows read {read:,} · rows kept {kept:,} · rows removed {removed:,}",
                   read=self.rows_read, kept=self.rows_kept, removed=self.rows_removed),
                *(tr("note: {note}", note=note) for note in self.notes)]

    def __repr__(self) -> str:
        reason = gettext("reason")
        width = max(_width(reason), *(len(r) for r in self.report["reason"]))
        lines = self._summary() + ["", _pad(reason, width) + "  " + gettext("flagged  removed  kept  what it means")]
        for row in self.report.itertuples(index=False):
            kept = gettext("yes") if row.kept_on_request else gettext("no")
            lines.append(f"{row.reason:<{width}}  {row.rows_flagged:>7,}  {row.rows_removed:>7,}  {_pad(kept, 4)}  "
                         f"{row.description}")
        lines += ["", gettext(_NOTE)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "<br>".join(html.escape(line) for line in self._summary())
        shown = self.report.rename(columns={c: gettext(h) for c, h in _HEADERS.items()})
        table = shown.to_html(index=False, border=0)
        return f"<div><p><b>{head}</b></p>{table}<p><i>{html.escape(gettext(_NOTE))}</i></p></div>"


def read_transactions(
    path_or_frame: Any,
    customer: str = "customer_id",
    order: str = "order_id",
    date: str = "order_date",
    item: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    amount: str | None = None,
    *,
    dayfirst: bool | None = None,
    cancel_prefix: str | None = "C",
    non_product: Iterable[str] = (),
    keep: Iterable[str] = (),
    sep: str | None = None,
    decimal: str = ".",
    encoding: str | None = None,
    sheet_name: str | int = 0,
    skiprows: int = 0,
) -> CleanedTransactions:
    """Read a transaction log from CSV, Excel or a DataFrame and clean it with a report.

    Parameters
    ----------
    path_or_frame : str, Path or DataFrame
        A ``.csv``/``.txt`` file (delimiter detected unless ``sep`` is given), the
        same compressed (``.csv.gz``, or a ``.zip`` holding one CSV), an Excel
        ``.xlsx`` workbook (merged cells are filled down), or a DataFrame.
    customer, order, date : str
        The input's columns holding the customer id, the order (invoice) number and
        the order date.
    item, quantity : str, optional
        Columns holding the product (needed for basket analysis and ``non_product``)
        and the number of units; without ``quantity`` every line counts as one unit.
    price, amount : str, optional
        The unit-price column or the line-total column; give at least one. With
        ``price`` and ``quantity`` the amount is ``quantity * price``. Currency marks
        (``¥12.50``, ``12.5 元``, ``$5``) and thousands separators (``1,234.50``;
        ``1.234,50`` with ``decimal=","``) are removed, and said so in the notes.
    dayfirst : bool, optional
        ``True`` for day-first dates (31/01/2024), ``False`` for month-first
        (01/31/2024). ``None`` detects the order from the data; when the data cannot
        tell (no day above 12), day-first is assumed and an
        :class:`AmbiguousDateWarning` is issued.
    cancel_prefix : str or None, default "C"
        Order numbers starting with this text are cancellations; ``None`` turns the
        check off.
    non_product : iterable of str
        Item values that are not products (e.g. ``["POSTAGE", "Manual"]``), matched
        ignoring case and surrounding spaces.
    keep : iterable of str
        Reasons (keys of :data:`REASONS`) whose lines should be kept, e.g.
        ``keep=["return"]`` to net returns against sales.
    sep, decimal, encoding : str, optional
        CSV options: delimiter (detected from the header when ``None``), decimal
        mark (``"."`` or ``","``), text encoding (when ``None``: a byte-order mark,
        else UTF-8, else the encoding charset-normalizer detects, e.g. GB18030 or
        UTF-16 without a byte-order mark; the notes say which).
    sheet_name : str or int, default 0
        The sheet to read from an Excel workbook.
    skiprows : int, default 0
        Title lines above the header to skip (a report title, an export date). When
        the header is not found, the error says on which line it seems to be.

    Returns
    -------
    CleanedTransactions
        ``.data`` (clean lines), ``.report`` (DataFrame by reason), ``.removed`` (the
        removed lines with their reason); printing it shows the report as a table.

    Raises
    ------
    FileNotFoundError
        There is no file at the path.
    TypeError
        An argument has the wrong type (e.g. a column name that is not text).
    ValueError
        The file is empty, binary, has no data rows, lacks a required column (the
        message suggests a delimiter, a close column name or ``skiprows=``), a
        numeric column holds no numbers at all, or every line would be removed
        (:class:`NothingKeptError`, naming the reason); or an argument has a wrong
        value (an unknown ``keep`` reason, a ``cancel_prefix`` that marks most orders).

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"Invoice": ["10", "11", "12"], "Customer ID": ["5", None, "6"],
    ...                     "Date": ["13/01/2024", "14/01/2024", "15/01/2024"],
    ...                     "Item": ["Tea", "Tea", "POSTAGE"], "Total": [9.5, 4.0, 3.0]})
    >>> clean = read_transactions(raw, customer="Customer ID", order="Invoice", date="Date",
    ...                           item="Item", amount="Total", non_product=["postage"])
    >>> clean.data[["customer_id", "order_date", "amount"]].to_dict("records")
    [{'customer_id': '5', 'order_date': Timestamp('2024-01-13 00:00:00'), 'amount': 9.5}]
    >>> clean.report.set_index("reason").loc[["missing_customer", "non_product"], "rows_removed"].tolist()
    [1, 1]
    """
    mapping = _column_mapping(customer, order, date, item, quantity, price, amount)
    keep_set = _reason_set(keep, "keep")
    non_product_set = _non_product_set(non_product, item)
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise TypeError(f"dayfirst must be True, False or None, got {type(dayfirst).__name__}.")
    if cancel_prefix is not None and (not isinstance(cancel_prefix, str) or not cancel_prefix):
        raise TypeError(f"cancel_prefix must be a non-empty string or None, got {cancel_prefix!r}.")
    if decimal not in (".", ","):
        raise ValueError(f"decimal must be '.' or ',', got {decimal!r}.")

    table = read_raw(path_or_frame, mapping, sep=sep, encoding=encoding, sheet_name=sheet_name, skiprows=skiprows)
    raw, notes = table.frame, list(table.notes)
    flags, std, date_order = _flag(raw, mapping, dayfirst, cancel_prefix, non_product_set, decimal, notes)

    names = np.array(list(REASONS), dtype=object)
    flagged = np.column_stack([flags[reason] for reason in REASONS])
    active = np.flatnonzero([reason not in keep_set for reason in REASONS])
    removed_mask = flagged[:, active].any(axis=1)
    # The reason a removed line is counted under: the first flagged reason not kept (-1: line kept).
    first = np.full(len(raw), -1)
    if active.size:
        first[removed_mask] = active[flagged[removed_mask][:, active].argmax(axis=1)]

    report = pd.DataFrame({
        "reason": names,
        "description": [gettext(text) for text in REASONS.values()],
        "rows_flagged": flagged.sum(axis=0),
        "rows_removed": np.bincount(first[removed_mask], minlength=len(REASONS)),
        "kept_on_request": [reason in keep_set for reason in REASONS],
    }).astype({"reason": "str", "description": "str", "rows_flagged": "int64", "rows_removed": "int64"})
    if removed_mask.all():
        raise NothingKeptError(_nothing_kept(report, raw, mapping, table.source, flagged, decimal))
    removed = raw.loc[removed_mask].copy()
    removed.insert(0, "reason", pd.Series(names[first[removed_mask]], index=removed.index, dtype="str"))

    extras = [c for c in raw.columns if c not in set(mapping.values())]
    extra_frame = raw[extras].rename(columns={c: f"{c}_original" for c in extras if c in std})
    data = pd.concat([std, extra_frame], axis=1).loc[~removed_mask].reset_index(drop=True)
    if "quantity" in data and data["quantity"].notna().all() and (data["quantity"] % 1 == 0).all():
        data["quantity"] = data["quantity"].astype("int64")
    return CleanedTransactions(data=data, report=report, removed=removed, rows_read=len(raw),
                               date_order=date_order, columns=mapping, source=table.source,
                               encoding=table.encoding, notes=notes)


class NothingKeptError(ValueError):
    """Every line of the input would be removed; the message names the reason and what to try."""


_ADVICE = {
    "missing_customer": "check customer= names the customer column (merged cells in Excel are filled down; "
                        "title lines above the header need skiprows=)",
    "missing_order_or_item": "check order= and item= name the right columns",
    "bad_date": "dates such as 2024-03-01, 01/03/2024, 2024年3月1日 and Excel serial numbers are read; "
                "check date= names the date column, and try dayfirst=True or dayfirst=False",
    "bad_number": "check quantity=, price= and amount= name number columns; for 1.234,50 pass decimal=','",
    "cancellation": "if no order is a cancellation, pass cancel_prefix=None",
    "return": "to net returns against sales, pass keep=['return']",
    "non_positive_price": "check price= names the unit-price column",
    "non_product": "check the non_product= list",
    "duplicate": "check the file: every line repeats an earlier one",
}


def _nothing_kept(report: pd.DataFrame, raw: pd.DataFrame, mapping: dict[str, str], source: str,
                  flagged: np.ndarray, decimal: str) -> str:
    counts = report.set_index("reason")["rows_removed"]
    main = str(counts.idxmax())
    column = {"missing_customer": "customer_id", "bad_date": "order_date", "missing_order_or_item": "order_id",
              "bad_number": next((k for k in ("quantity", "unit_price", "amount") if k in mapping), "amount"),
              "cancellation": "order_id"}.get(main)
    shown = ""
    if column in mapping:
        rows = flagged[:, list(REASONS).index(main)]
        sample = raw.loc[rows, mapping[column]].astype(str).drop_duplicates().head(3).tolist()
        shown = f" (column {mapping[column]!r}, e.g. {sample})"
    parts = ", ".join(f"{n:,} {r}" for r, n in counts.items() if n)
    return (f"All {len(raw):,} lines of {source} would be removed ({parts}), so nothing is left to analyse. "
            f"Most are {main}: {REASONS[main]}{shown}. What to try: {_ADVICE[main]}.")


# --- arguments -----------------------------------------------------------------------------------

def _column_mapping(customer, order, date, item, quantity, price, amount) -> dict[str, str]:
    given = {"customer": customer, "order": order, "date": date, "item": item,
             "quantity": quantity, "price": price, "amount": amount}
    for arg, value in given.items():
        if value is Ellipsis:
            raise TypeError(f"{arg} is still `...`: pass the name of the column that holds it.")
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{arg} must be a column name (str), got {type(value).__name__}.")
    for arg in ("customer", "order", "date"):
        if given[arg] is None:
            raise ValueError(f"{arg} is required: pass the name of the column that holds it.")
    if price is None and amount is None:
        raise ValueError("Pass price= (the unit-price column) or amount= (the line-total column): "
                         "without money there is nothing to analyse.")
    standard = {"customer": "customer_id", "order": "order_id", "date": "order_date", "item": "product",
                "quantity": "quantity", "price": "unit_price", "amount": "amount"}
    mapping = {standard[a]: c for a, c in given.items() if c is not None}
    used: dict[str, str] = {}
    for arg, column in given.items():
        if column is not None and column in used:
            raise ValueError(f"{arg} and {used[column]} both name column {column!r}; each must be a different column.")
        if column is not None:
            used[column] = arg
    return mapping


def _reason_set(values: Iterable[str], arg: str) -> set[str]:
    if values is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass a list of reasons such as ['return'].")
    if isinstance(values, str):
        values = [values]
    try:
        chosen = set(values)
    except TypeError:
        raise TypeError(f"{arg} must be a list of reasons, got {type(values).__name__}.") from None
    unknown = sorted(str(v) for v in chosen - set(REASONS))
    if unknown:
        raise ValueError(f"{arg} has unknown reason(s) {unknown}. Choose from: {', '.join(REASONS)}.")
    return chosen


def _non_product_set(values: Iterable[str], item: str | None) -> set[str]:
    if values is Ellipsis:
        raise TypeError("non_product is still `...`: pass a list of item values such as ['POSTAGE'].")
    if isinstance(values, str):
        values = [values]
    try:
        values = list(values)
    except TypeError:
        raise TypeError(f"non_product must be a list of item values, got {type(values).__name__}.") from None
    if any(not isinstance(v, str) for v in values):
        raise TypeError("non_product must hold item values as text, e.g. ['POSTAGE', 'Manual'].")
    if values and item is None:
        raise ValueError("non_product needs item=: name the column that holds the product, "
                         "so that the listed non-product lines can be found.")
    return {v.strip().casefold() for v in values}


# --- flagging ------------------------------------------------------------------------------------

def _flag(raw: pd.DataFrame, mapping: dict[str, str], dayfirst: bool | None, cancel_prefix: str | None,
          non_product: set[str], decimal: str = ".",
          notes: list[str] | None = None) -> tuple[dict[str, np.ndarray], pd.DataFrame, str]:
    # Every check works once per distinct value of a column, then spreads the answer to the rows.
    coded = {column: _Coded.of(raw[column]) for column in raw.columns}
    n = len(raw)
    flags = {reason: np.zeros(n, dtype=bool) for reason in REASONS}
    std = pd.DataFrame(index=raw.index)

    ids = {k: coded[mapping[k]].as_text() for k in ("customer_id", "order_id", "product") if k in mapping}
    std["customer_id"] = ids["customer_id"].expand()
    std["order_id"] = ids["order_id"].expand()
    notes = [] if notes is None else notes
    dates, date_order = _parse_dates(coded[mapping["order_date"]], dayfirst, mapping["order_date"], notes)
    std["order_date"] = dates.expand()
    if "product" in ids:
        std["product"] = ids["product"].expand()
    flags["missing_customer"] = ids["customer_id"].test(pd.isna)
    for key in ("order_id", "product"):
        if key in ids:
            flags["missing_order_or_item"] |= ids[key].test(pd.isna)
    flags["bad_date"] = dates.test(np.isnat)

    numbers = {k: coded[mapping[k]].as_number(mapping[k], decimal, notes).expand()
               for k in ("quantity", "unit_price", "amount") if k in mapping}
    qty = numbers.get("quantity")
    if qty is not None:
        std["quantity"] = qty
    too_large = {k: ~(np.abs(v) <= MAX_NUMBER) & ~np.isnan(v) for k, v in numbers.items()}
    numbers = {k: np.where(too_large[k], np.nan, v) for k, v in numbers.items()}   # never a value in the data
    with np.errstate(over="ignore", invalid="ignore"):
        if "unit_price" in numbers:
            unit_price = numbers["unit_price"]
            line_amount = numbers.get("amount", np.round(unit_price * qty, 2) if qty is not None else unit_price)
        else:
            line_amount = numbers["amount"]
            unit_price = line_amount / np.where(qty == 0, np.nan, qty) if qty is not None else None
    overflow = ~(np.abs(line_amount) <= MAX_NUMBER) & ~np.isnan(line_amount)
    line_amount = np.where(overflow, np.nan, line_amount)
    if unit_price is not None:
        std["unit_price"] = unit_price
    std["amount"] = line_amount
    for values in numbers.values():
        flags["bad_number"] |= ~np.isfinite(values)
    flags["bad_number"] |= overflow
    if qty is not None:
        flags["bad_number"] |= qty == 0
    # Without a quantity a negative amount is a return, so only a zero amount is a "price" problem.
    with np.errstate(invalid="ignore"):
        flags["non_positive_price"] = unit_price <= 0 if unit_price is not None else line_amount == 0
    flags["return"] = (qty if qty is not None else line_amount) < 0

    if cancel_prefix is not None:
        flags["cancellation"] = ids["order_id"].test(
            lambda v: np.array([isinstance(x, str) and x.startswith(cancel_prefix) for x in v], dtype=bool))
        known = int(std["order_id"].notna().sum())
        if flags["cancellation"].sum() > 0.5 * known:
            raise ValueError(
                f"{flags['cancellation'].sum():,} of {known:,} order numbers in column {mapping['order_id']!r} "
                f"start with cancel_prefix={cancel_prefix!r}, so it cannot be the cancellation marker. Pass "
                "cancel_prefix=None (no marker) or the marker your file uses.")
    if non_product:
        flags["non_product"] = ids["product"].test(
            lambda v: np.array([isinstance(x, str) and x.casefold() in non_product for x in v], dtype=bool))
    flags["duplicate"] = _duplicated([c.codes for c in coded.values()])
    return flags, std, date_order


def _duplicated(codes: list[np.ndarray]) -> np.ndarray:
    """True for each row whose codes in every column equal those of an earlier row."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    size = 1
    for column in codes:
        width = int(column.max(initial=-1)) + 2          # codes run from -1 (missing) upwards
        if size * width >= 2**62:                         # renumber the combined key before it overflows
            key, uniques = pd.factorize(key)
            size = len(uniques)
        key = key * width + (column + 1)
        size *= width
    return pd.Series(key).duplicated(keep="first").to_numpy()


@dataclass(frozen=True, eq=False)
class _Coded:
    """A column as codes into its distinct values (code -1 = missing), to work once per value."""

    codes: np.ndarray
    values: np.ndarray
    missing: Any = None

    @classmethod
    def of(cls, series: pd.Series) -> _Coded:
        codes, uniques = pd.factorize(series)
        values = np.asarray(uniques)
        return cls(codes, values if values.dtype.kind in "biufM" else values.astype(object))

    def map(self, values: np.ndarray, missing: Any) -> _Coded:
        """The same codes over new per-value ``values``."""
        return _Coded(self.codes, values, missing)

    def expand(self) -> pd.Series | np.ndarray:
        """One value per row (a str Series for text, a numpy array otherwise)."""
        full = np.append(self.values, np.array([self.missing], dtype=self.values.dtype))
        rows = full[np.where(self.codes < 0, len(self.values), self.codes)]
        return pd.Series(rows, dtype="str") if self.values.dtype == object else rows

    def test(self, check: Any) -> np.ndarray:
        """``check`` applied to the distinct values, as one bool per row (missing rows: check(missing))."""
        full = np.append(np.asarray(check(self.values), dtype=bool), bool(check(np.array([self.missing]))[0]))
        return full[np.where(self.codes < 0, len(self.values), self.codes)]

    def as_text(self) -> _Coded:
        """Identifiers as trimmed text; blanks become missing; 17850.0 becomes '17850'."""
        values = self.values
        if values.dtype.kind == "f" and (values % 1 == 0).all():
            values = values.astype("int64")
        text = [str(v).strip() for v in values]
        if text and all(re.fullmatch(r"\d+\.0", t) for t in text if t):
            text = [t[:-2] for t in text]
        return self.map(np.array([t if t else None for t in text], dtype=object), None)

    def as_number(self, column: str, decimal: str = ".", notes: list[str] | None = None) -> _Coded:
        """Numbers per value; text that is not a number becomes NaN (an error if nothing is a number).

        Currency marks and thousands separators are removed first (said so in ``notes``).
        """
        if self.values.dtype.kind == "b":
            raise TypeError(f"Column {column!r} holds True/False values, but it should hold numbers.")
        if self.values.dtype.kind in "iuf":
            return self.map(self.values.astype(float), np.nan)
        numbers = _read_numbers(self.values, column, decimal, notes if notes is not None else [])
        if len(numbers) and np.isnan(numbers).all():
            sample = [str(v) for v in self.values[:3]]
            hint = (" They look like decimal commas: pass decimal=','."
                    if any(re.fullmatch(r"-?\d+,\d+", v.strip()) for v in sample) else "")
            raise ValueError(f"Column {column!r} should hold numbers, but none of its values is a number, "
                             f"e.g. {sample}.{hint}")
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


def _parse_dates(column: _Coded, dayfirst: bool | None, name: str,
                 notes: list[str] | None = None) -> tuple[_Coded, str]:
    """Parse a coded date column; returns the dates (NaT where unreadable) and the order used.

    Each distinct text is split into a date part and a time part, and each distinct
    date part and time part is read once, so a log of a million lines over a few
    hundred days costs little.
    """
    nat = np.datetime64("NaT", "us")
    notes = [] if notes is None else notes
    values = column.values
    if values.dtype.kind == "M":
        return column.map(_in_range(values.astype("datetime64[us]")), nat), "already dates"
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
    days = _Coded.of(pd.Series(day_part, dtype=object))
    times = _Coded.of(pd.Series(time_part, dtype=object))

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
    return column.map(_in_range(parsed), nat), order


def _in_range(stamps: np.ndarray) -> np.ndarray:
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
            f"Column {column!r} mixes day-first and month-first dates ({day_evidence} distinct values have a "
            f"number above 12 in first place, {month_evidence} in second place). Read as "
            f"{'day' if dayfirst else 'month'}-first, so the others are reported as bad dates. "
            "Pass dayfirst=True or dayfirst=False to choose.", AmbiguousDateWarning, stacklevel=5)
    elif not day_evidence and not month_evidence and ((first != second) & (first <= 12)).any():
        warnings.warn(
            f"Column {column!r} has dates such as {example!r} that read differently day-first and "
            "month-first, and no value settles it (none has a number above 12 in the first two places). "
            "Read as day-first (31/01/2024); pass dayfirst=False if they are month-first (01/31/2024), "
            "or dayfirst=True to confirm.", AmbiguousDateWarning, stacklevel=5)
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
