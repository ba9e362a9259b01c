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
import difflib
import html
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_frame

__all__ = ["REASONS", "AmbiguousDateWarning", "CleanedTransactions", "read_transactions"]

# Removal reasons in precedence order: a line with several problems is counted once,
# under the first reason in this order that the caller did not ask to keep.
REASONS: dict[str, str] = {
    "missing_customer": "customer id is missing",
    "missing_order_or_item": "order number or item is missing",
    "bad_date": "date is missing or cannot be read as a date",
    "bad_number": "quantity, price or amount is missing or not a number, or the quantity is zero",
    "cancellation": "order number carries the cancellation marker (e.g. C600123)",
    "return": "negative quantity (or negative amount): a return or refund line",
    "non_positive_price": "unit price is zero or negative",
    "non_product": "not a product: a line listed in non_product= (postage, fees, manual adjustments)",
    "duplicate": "exact copy of an earlier line (every column identical)",
}

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = [",", ";", "\t", "|"]
_MAGIC = [  # (leading bytes, what the file is)
    (b"\xd0\xcf\x11\xe0", "an old-style Excel (.xls) or other Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
]
# Date parts (the text before a space or "T") and time parts, read once per distinct value.
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$")
_LETTERS = re.compile(r"[A-Za-z]")
_NOTE = ("A line with several problems is removed once, under the first reason listed that you "
         "did not ask to keep; 'flagged' counts every line with the problem.")


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
    """

    data: pd.DataFrame
    report: pd.DataFrame
    removed: pd.DataFrame
    rows_read: int
    date_order: str
    columns: dict[str, str] = field(default_factory=dict)
    source: str = "DataFrame"

    @property
    def rows_kept(self) -> int:
        """Number of lines kept in :attr:`data`."""
        return len(self.data)

    @property
    def rows_removed(self) -> int:
        """Number of lines removed (``rows_read - rows_kept``)."""
        return self.rows_read - self.rows_kept

    def _summary(self) -> list[str]:
        return [f"Cleaning report for {self.source} (dates read {self.date_order})",
                f"rows read {self.rows_read:,} · rows kept {self.rows_kept:,} · rows removed {self.rows_removed:,}"]

    def __repr__(self) -> str:
        width = max(len("reason"), *(len(r) for r in self.report["reason"]))
        lines = self._summary() + ["", f"{'reason':<{width}}  flagged  removed  kept  what it means"]
        for row in self.report.itertuples(index=False):
            kept = "yes" if row.kept_on_request else "no"
            lines.append(f"{row.reason:<{width}}  {row.rows_flagged:>7,}  {row.rows_removed:>7,}  {kept:<4}  "
                         f"{row.description}")
        lines += ["", _NOTE]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "<br>".join(html.escape(line) for line in self._summary())
        table = self.report.to_html(index=False, border=0)
        return f"<div><p><b>{head}</b></p>{table}<p><i>{html.escape(_NOTE)}</i></p></div>"


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
) -> CleanedTransactions:
    """Read a transaction log from CSV, Excel or a DataFrame and clean it with a report.

    Parameters
    ----------
    path_or_frame : str, Path or DataFrame
        A ``.csv``/``.txt`` file (delimiter detected unless ``sep`` is given), an
        Excel ``.xlsx`` workbook, or a DataFrame.
    customer, order, date : str
        The input's columns holding the customer id, the order (invoice) number and
        the order date.
    item, quantity : str, optional
        Columns holding the product (needed for basket analysis and ``non_product``)
        and the number of units; without ``quantity`` every line counts as one unit.
    price, amount : str, optional
        The unit-price column or the line-total column; give at least one. With
        ``price`` and ``quantity`` the amount is ``quantity * price``.
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
        mark, text encoding (tries UTF-8, then Windows-1252, then Latin-1 when ``None``).
    sheet_name : str or int, default 0
        The sheet to read from an Excel workbook.

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
        message suggests a delimiter or a close column name), or a numeric column
        holds no numbers at all; or an argument has a wrong value (an unknown
        ``keep`` reason, a ``cancel_prefix`` that marks most orders).

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

    raw, source = _read_raw(path_or_frame, mapping, sep=sep, decimal=decimal,
                            encoding=encoding, sheet_name=sheet_name)
    flags, std, date_order = _flag(raw, mapping, dayfirst, cancel_prefix, non_product_set)

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
        "description": list(REASONS.values()),
        "rows_flagged": flagged.sum(axis=0),
        "rows_removed": np.bincount(first[removed_mask], minlength=len(REASONS)),
        "kept_on_request": [reason in keep_set for reason in REASONS],
    }).astype({"reason": "str", "description": "str", "rows_flagged": "int64", "rows_removed": "int64"})
    removed = raw.loc[removed_mask].copy()
    removed.insert(0, "reason", pd.Series(names[first[removed_mask]], index=removed.index, dtype="str"))

    extras = [c for c in raw.columns if c not in set(mapping.values())]
    extra_frame = raw[extras].rename(columns={c: f"{c}_original" for c in extras if c in std})
    data = pd.concat([std, extra_frame], axis=1).loc[~removed_mask].reset_index(drop=True)
    if "quantity" in data and data["quantity"].notna().all() and (data["quantity"] % 1 == 0).all():
        data["quantity"] = data["quantity"].astype("int64")
    return CleanedTransactions(data=data, report=report, removed=removed, rows_read=len(raw),
                               date_order=date_order, columns=mapping, source=source)


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


# --- reading -------------------------------------------------------------------------------------

def _read_raw(path_or_frame: Any, mapping: dict[str, str], *, sep: str | None, decimal: str,
              encoding: str | None, sheet_name: str | int) -> tuple[pd.DataFrame, str]:
    if isinstance(path_or_frame, pd.DataFrame):
        raw = require_frame(path_or_frame, "path_or_frame")
        _require_mapped(raw, mapping, "The DataFrame", None)
        return raw.reset_index(drop=True), "DataFrame"
    if path_or_frame is Ellipsis:
        raise TypeError("path_or_frame is still `...`: pass a file path or a DataFrame.")
    if not isinstance(path_or_frame, (str, Path)):
        raise TypeError(f"path_or_frame must be a file path or a DataFrame, got {type(path_or_frame).__name__}.")
    file = Path(path_or_frame)
    if not file.is_file():
        raise FileNotFoundError(f"No file at {str(file)!r}: check the name and the folder "
                                f"(the notebook runs in {str(Path.cwd())!r}).")
    with file.open("rb") as handle:
        head = handle.read(8192)
    label = f"File {file.name!r}"
    if not head.strip():
        raise ValueError(f"{label} is empty: it has no header and no rows. Export the data again.")
    if head.startswith(b"PK\x03\x04") or file.suffix.lower() in EXCEL_SUFFIXES:
        raw = _read_excel(file, label, sheet_name, mapping)
    else:
        raw = _read_csv(file, head, label, mapping, sep=sep, decimal=decimal, encoding=encoding)
    return raw, file.name


def _read_excel(file: Path, label: str, sheet_name: str | int, mapping: dict[str, str]) -> pd.DataFrame:
    text_columns = {mapping[k]: str for k in ("customer_id", "order_id", "product") if k in mapping}
    try:
        raw = pd.read_excel(file, sheet_name=sheet_name, dtype=text_columns, engine="openpyxl")
    except Exception as err:  # openpyxl and zipfile raise many kinds; each means "not a workbook"
        raise ValueError(f"{label} is not a readable Excel .xlsx workbook ({type(err).__name__}: {err}). "
                         "Open it in a spreadsheet program and save it as .xlsx or CSV.") from None
    if raw.empty:
        raise ValueError(f"{label} (sheet {sheet_name!r}) has no data rows.")
    _require_mapped(raw, mapping, label, None)
    return raw


def _read_csv(file: Path, head: bytes, label: str, mapping: dict[str, str], *, sep: str | None,
              decimal: str, encoding: str | None) -> pd.DataFrame:
    if encoding is None and head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    if encoding is None:
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                raise ValueError(f"{label} is {kind}, not a CSV text file. Export the data as CSV "
                                 "(comma- or semicolon-separated text) or as an .xlsx workbook.")
        if b"\x00" in head:
            raise ValueError(f"{label} is a binary file, not a CSV text file (it contains NUL bytes). "
                             "Export the data as CSV or as an .xlsx workbook.")
    if encoding is not None:
        try:
            return _read_csv_as(file, label, mapping, sep=sep, decimal=decimal, encoding=encoding)
        except UnicodeDecodeError:
            raise ValueError(f"{label} cannot be decoded as {encoding} text; pass another encoding= "
                             "(e.g. encoding='utf-8' or 'gbk').") from None
    for guess in ("utf-8-sig", "cp1252"):
        try:
            return _read_csv_as(file, label, mapping, sep=sep, decimal=decimal, encoding=guess)
        except UnicodeDecodeError:
            continue
    return _read_csv_as(file, label, mapping, sep=sep, decimal=decimal, encoding="latin-1")  # reads any bytes


def _read_csv_as(file: Path, label: str, mapping: dict[str, str], *, sep: str | None, decimal: str,
                 encoding: str) -> pd.DataFrame:
    with file.open("r", encoding=encoding, newline="") as handle:
        first_line = handle.readline()
    chosen = sep if sep is not None else _sniff_delimiter(first_line)
    try:
        header = pd.read_csv(file, sep=chosen, nrows=0, encoding=encoding)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{label} is empty: it has no header and no rows. Export the data again.") from None
    _require_mapped(header, mapping, label, first_line)
    text_columns = {mapping[k]: str for k in ("customer_id", "order_id", "order_date", "product") if k in mapping}
    try:
        raw = pd.read_csv(file, sep=chosen, encoding=encoding, decimal=decimal, dtype=text_columns,
                          low_memory=False)
    except pd.errors.ParserError as err:
        raise ValueError(f"{label} could not be split into columns with delimiter {chosen!r} ({err}). "
                         "Check the delimiter (sep=) and stray quote characters.") from None
    if raw.empty:
        raise ValueError(f"{label} has column names but no data rows.")
    return raw


def _sniff_delimiter(line: str) -> str:
    outside_quotes = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside_quotes.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _require_mapped(frame: pd.DataFrame, mapping: dict[str, str], label: str, first_line: str | None) -> None:
    columns = [str(c) for c in frame.columns]
    arg_of = {"customer_id": "customer", "order_id": "order", "order_date": "date", "product": "item",
              "quantity": "quantity", "unit_price": "price", "amount": "amount"}
    missing = [(arg_of[std], col) for std, col in mapping.items() if col not in frame.columns]
    if not missing:
        return
    arg, col = missing[0]
    wanted = ", ".join(f"{a}={c!r}" for a, c in missing)
    have = ", ".join(repr(c) for c in columns[:20]) + (" ..." if len(columns) > 20 else "")
    message = f"{label} has no column for {wanted}. Its columns are: {have}."
    if first_line is not None and len(columns) == 1:
        others = [d for d in DELIMITERS if d in columns[0]]
        if others:
            shown = "tab" if others[0] == "\t" else repr(others[0])
            message += (f" Only one column was found, and its name contains {shown}: wrong delimiter, "
                        f"the file is separated by {shown}. Pass sep={others[0]!r}.")
    close = difflib.get_close_matches(col, columns, n=1, cutoff=0.6) or [
        c for c in columns if c.strip().casefold() == col.strip().casefold()]
    if close:
        message += f" Did you mean {arg}={close[0]!r}?"
    raise ValueError(message)


# --- flagging ------------------------------------------------------------------------------------

def _flag(raw: pd.DataFrame, mapping: dict[str, str], dayfirst: bool | None, cancel_prefix: str | None,
          non_product: set[str]) -> tuple[dict[str, np.ndarray], pd.DataFrame, str]:
    # Every check works once per distinct value of a column, then spreads the answer to the rows.
    coded = {column: _Coded.of(raw[column]) for column in raw.columns}
    n = len(raw)
    flags = {reason: np.zeros(n, dtype=bool) for reason in REASONS}
    std = pd.DataFrame(index=raw.index)

    ids = {k: coded[mapping[k]].as_text() for k in ("customer_id", "order_id", "product") if k in mapping}
    std["customer_id"] = ids["customer_id"].expand()
    std["order_id"] = ids["order_id"].expand()
    dates, date_order = _parse_dates(coded[mapping["order_date"]], dayfirst, mapping["order_date"])
    std["order_date"] = dates.expand()
    if "product" in ids:
        std["product"] = ids["product"].expand()
    flags["missing_customer"] = ids["customer_id"].test(pd.isna)
    for key in ("order_id", "product"):
        if key in ids:
            flags["missing_order_or_item"] |= ids[key].test(pd.isna)
    flags["bad_date"] = dates.test(np.isnat)

    numbers = {k: coded[mapping[k]].as_number(mapping[k]).expand()
               for k in ("quantity", "unit_price", "amount") if k in mapping}
    qty = numbers.get("quantity")
    if qty is not None:
        std["quantity"] = qty
    if "unit_price" in numbers:
        unit_price = numbers["unit_price"]
        line_amount = numbers.get("amount", np.round(unit_price * qty, 2) if qty is not None else unit_price)
    else:
        line_amount = numbers["amount"]
        unit_price = line_amount / np.where(qty == 0, np.nan, qty) if qty is not None else None
    if unit_price is not None:
        std["unit_price"] = unit_price
    std["amount"] = line_amount
    for values in numbers.values():
        flags["bad_number"] |= ~np.isfinite(values)
    if qty is not None:
        flags["bad_number"] |= qty == 0
    # Without a quantity a negative amount is a return, so only a zero amount is a "price" problem.
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
    def of(cls, series: pd.Series) -> "_Coded":
        codes, uniques = pd.factorize(series)
        values = np.asarray(uniques)
        return cls(codes, values if values.dtype.kind in "biufM" else values.astype(object))

    def map(self, values: np.ndarray, missing: Any) -> "_Coded":
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

    def as_text(self) -> "_Coded":
        """Identifiers as trimmed text; blanks become missing; 17850.0 becomes '17850'."""
        values = self.values
        if values.dtype.kind == "f" and (values % 1 == 0).all():
            values = values.astype("int64")
        text = [str(v).strip() for v in values]
        if text and all(re.fullmatch(r"\d+\.0", t) for t in text if t):
            text = [t[:-2] for t in text]
        return self.map(np.array([t if t else None for t in text], dtype=object), None)

    def as_number(self, column: str) -> "_Coded":
        """Numbers per value; text that is not a number becomes NaN (an error if nothing is a number)."""
        if self.values.dtype.kind == "b":
            raise TypeError(f"Column {column!r} holds True/False values, but it should hold numbers.")
        if self.values.dtype.kind in "iuf":
            return self.map(self.values.astype(float), np.nan)
        numbers = pd.to_numeric(pd.Series([str(v).strip() for v in self.values], dtype=object),
                                errors="coerce").to_numpy(dtype=float)
        if len(numbers) and np.isnan(numbers).all():
            sample = [str(v) for v in self.values[:3]]
            hint = (" They look like decimal commas: pass decimal=','."
                    if any(re.fullmatch(r"-?\d+,\d+", v.strip()) for v in sample) else "")
            raise ValueError(f"Column {column!r} should hold numbers, but none of its values is a number, "
                             f"e.g. {sample}.{hint}")
        return self.map(numbers, np.nan)


def _parse_dates(column: _Coded, dayfirst: bool | None, name: str) -> tuple[_Coded, str]:
    """Parse a coded date column; returns the dates (NaT where unreadable) and the order used.

    Each distinct text is split into a date part and a time part, and each distinct
    date part and time part is read once, so a log of a million lines over a few
    hundred days costs little.
    """
    nat = np.datetime64("NaT", "us")
    values = column.values
    if values.dtype.kind == "M":
        return column.map(values.astype("datetime64[us]"), nat), "already dates"
    if values.dtype.kind in "iuf":
        values = column.as_text().values
    parsed = np.full(len(values), nat, dtype="datetime64[us]")
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    for position in np.flatnonzero(~is_text):
        parsed[position] = _to_timestamp(values[position])
    positions = np.flatnonzero(is_text)
    split = [v.strip().partition(" ") for v in values[positions]]
    day_part = [d if s or "T" not in d else d.partition("T")[0] for d, s, _ in split]
    time_part = [t.strip() if s or "T" not in d else d.partition("T")[2] for d, s, t in split]
    days = _Coded.of(pd.Series(day_part, dtype=object))
    times = _Coded.of(pd.Series(time_part, dtype=object))

    days_text = pd.Series(days.values, dtype="str")
    dmy = days_text.str.extract(_DMY).astype(float)
    is_dmy = dmy[0].notna().to_numpy()
    order = "year-first"
    day_values = np.full(len(days.values), nat, dtype="datetime64[us]")
    if is_dmy.any():
        if dayfirst is None:
            dayfirst = _detect_dayfirst(dmy.loc[is_dmy, 0], dmy.loc[is_dmy, 1], days.values[is_dmy][0], name)
        order = "day-first" if dayfirst else "month-first"
        day, month = (dmy[0], dmy[1]) if dayfirst else (dmy[1], dmy[0])
        day_values[is_dmy] = _from_parts(pd.DataFrame({"year": dmy[2], "month": month, "day": day})[is_dmy])
    for pattern in (_YMD, _COMPACT):
        found = days_text[np.isnat(day_values) & ~is_dmy].str.extract(pattern).dropna().astype(float)
        if len(found):
            day_values[found.index] = _from_parts(found.set_axis(["year", "month", "day"], axis=1))
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
    return column.map(parsed, nat), order


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


def _from_parts(parts: pd.DataFrame) -> np.ndarray:
    """Timestamps from year/month/day columns (floats); impossible dates become NaT."""
    numbers = parts.astype(int)
    short = numbers["year"] < 100
    numbers.loc[short, "year"] += np.where(numbers.loc[short, "year"] <= 68, 2000, 1900)
    return pd.to_datetime(numbers, errors="coerce").to_numpy(dtype="datetime64[us]")


def _to_timestamp(value: Any) -> pd.Timestamp:
    """A date-like cell (e.g. from Excel) as a naive timestamp; anything else is not a date."""
    if not isinstance(value, (datetime.date, np.datetime64)):
        return pd.NaT
    stamp = pd.Timestamp(value)
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
