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

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .export_values import MAX_NUMBER, AmbiguousDateWarning, CodedColumn, parse_dates
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

_NOTE = N_("A line with several problems is removed once, under the first reason listed that you "
           "did not ask to keep; 'flagged' counts every line with the problem.")


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns (so Chinese headers line up)."""
    return text + " " * max(width - _width(text), 0)



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
    *,
    customer: str = "customer_id",
    order: str = "order_id",
    date: str = "order_date",
    amount: str | None = None,
    item: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
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
        raise TypeError(tr("dayfirst must be True, False or None, got {kind}.", kind=type(dayfirst).__name__))
    if cancel_prefix is not None and (not isinstance(cancel_prefix, str) or not cancel_prefix):
        raise TypeError(tr("cancel_prefix must be a non-empty string or None, got {cancel_prefix!r}.",
                           cancel_prefix=cancel_prefix))
    if decimal not in (".", ","):
        raise ValueError(tr("decimal must be '.' or ',', got {decimal!r}.", decimal=decimal))

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
    "missing_customer": N_("check customer= names the customer column (merged cells in Excel are filled down; "
                           "title lines above the header need skiprows=)"),
    "missing_order_or_item": N_("check order= and item= name the right columns"),
    "bad_date": N_("dates such as 2024-03-01, 01/03/2024, 2024年3月1日 and Excel serial numbers are read; "
                   "check date= names the date column, and try dayfirst=True or dayfirst=False"),
    "bad_number": N_("check quantity=, price= and amount= name number columns; for 1.234,50 pass decimal=','"),
    "cancellation": N_("if no order is a cancellation, pass cancel_prefix=None"),
    "return": N_("to net returns against sales, pass keep=['return']"),
    "non_positive_price": N_("check price= names the unit-price column"),
    "non_product": N_("check the non_product= list"),
    "duplicate": N_("check the file: every line repeats an earlier one"),
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
        shown = tr(" (column {column!r}, e.g. {sample})", column=mapping[column], sample=sample)
    parts = ", ".join(f"{n:,} {r}" for r, n in counts.items() if n)
    return tr("All {n:,} lines of {source} would be removed ({parts}), so nothing is left to analyse. Most are "
              "{main}: {reason}{shown}. What to try: {advice}.", n=len(raw), source=source, parts=parts, main=main,
              reason=gettext(REASONS[main]), shown=shown, advice=gettext(_ADVICE[main]))


# --- arguments -----------------------------------------------------------------------------------

def _column_mapping(customer, order, date, item, quantity, price, amount) -> dict[str, str]:
    given = {"customer": customer, "order": order, "date": date, "item": item,
             "quantity": quantity, "price": price, "amount": amount}
    for arg, value in given.items():
        if value is Ellipsis:
            raise TypeError(tr("{arg} is still `...`: pass the name of the column that holds it.", arg=arg))
        if value is not None and not isinstance(value, str):
            raise TypeError(tr("{arg} must be a column name (str), got {kind}.", arg=arg, kind=type(value).__name__))
    for arg in ("customer", "order", "date"):
        if given[arg] is None:
            raise ValueError(tr("{arg} is required: pass the name of the column that holds it.", arg=arg))
    if price is None and amount is None:
        raise ValueError(tr("Pass price= (the unit-price column) or amount= (the line-total column): without money "
                            "there is nothing to analyse."))
    standard = {"customer": "customer_id", "order": "order_id", "date": "order_date", "item": "product",
                "quantity": "quantity", "price": "unit_price", "amount": "amount"}
    mapping = {standard[a]: c for a, c in given.items() if c is not None}
    used: dict[str, str] = {}
    for arg, column in given.items():
        if column is not None and column in used:
            raise ValueError(tr("{arg} and {used} both name column {column!r}; each must be a different column.",
                                arg=arg, used=used[column], column=column))
        if column is not None:
            used[column] = arg
    return mapping


def _reason_set(values: Iterable[str], arg: str) -> set[str]:
    if values is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a list of reasons such as ['return'].", arg=arg))
    if isinstance(values, str):
        values = [values]
    try:
        chosen = set(values)
    except TypeError:
        raise TypeError(tr("{arg} must be a list of reasons, got {kind}.",
                           arg=arg, kind=type(values).__name__)) from None
    unknown = sorted(str(v) for v in chosen - set(REASONS))
    if unknown:
        raise ValueError(tr("{arg} has unknown reason(s) {unknown}. Choose from: {names}.",
                            arg=arg, unknown=unknown, names=', '.join(REASONS)))
    return chosen


def _non_product_set(values: Iterable[str], item: str | None) -> set[str]:
    if values is Ellipsis:
        raise TypeError(tr("non_product is still `...`: pass a list of item values such as ['POSTAGE']."))
    if isinstance(values, str):
        values = [values]
    try:
        values = list(values)
    except TypeError:
        raise TypeError(tr("non_product must be a list of item values, got {kind}.",
                           kind=type(values).__name__)) from None
    if any(not isinstance(v, str) for v in values):
        raise TypeError(tr("non_product must hold item values as text, e.g. ['POSTAGE', 'Manual']."))
    if values and item is None:
        raise ValueError(tr("non_product needs item=: name the column that holds the product, so that the listed "
                            "non-product lines can be found."))
    return {v.strip().casefold() for v in values}


# --- flagging ------------------------------------------------------------------------------------

def _flag(raw: pd.DataFrame, mapping: dict[str, str], dayfirst: bool | None, cancel_prefix: str | None,
          non_product: set[str], decimal: str = ".",
          notes: list[str] | None = None) -> tuple[dict[str, np.ndarray], pd.DataFrame, str]:
    # Every check works once per distinct value of a column, then spreads the answer to the rows.
    coded = {column: CodedColumn.of(raw[column]) for column in raw.columns}
    n = len(raw)
    flags = {reason: np.zeros(n, dtype=bool) for reason in REASONS}
    std = pd.DataFrame(index=raw.index)

    ids = {k: coded[mapping[k]].as_text() for k in ("customer_id", "order_id", "product") if k in mapping}
    std["customer_id"] = ids["customer_id"].expand()
    std["order_id"] = ids["order_id"].expand()
    notes = [] if notes is None else notes
    dates, date_order = parse_dates(coded[mapping["order_date"]], dayfirst, mapping["order_date"], notes)
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
                tr("{n_cancel:,} of {known:,} order numbers in column {mapping!r} start with "
                   "cancel_prefix={cancel_prefix!r}, so it cannot be the cancellation marker. Pass "
                   "cancel_prefix=None (no marker) or the marker your file uses.",
                   n_cancel=flags['cancellation'].sum(), known=known, mapping=mapping['order_id'],
                   cancel_prefix=cancel_prefix))
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

