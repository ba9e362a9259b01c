"""Open a raw export as a table of text, whatever the shop system or spreadsheet wrote.

Used by :func:`crm_lessons.cleaning.read_transactions`. Handles CSV in any common
encoding (detected with charset-normalizer: UTF-8, GB18030/GBK, Big5, UTF-16 with or
without a byte-order mark, Windows code pages), CSV compressed as ``.csv.gz`` or as
a ``.zip`` holding one CSV, Excel ``.xlsx`` workbooks (merged cells filled down),
and title rows above the header (``skiprows=``). Everything it had to decide is
returned as a note for the cleaning report; everything it cannot read is a
``ValueError`` that names the file and says what to do.

>>> import pandas as pd
>>> table = read_raw(pd.DataFrame({"c": ["1"]}), {"customer_id": "c"})
>>> table.source, table.frame.shape
('DataFrame', (1, 1))
"""
from __future__ import annotations

import difflib
import gzip
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._validation import require_frame
from .i18n import N_, gettext, tr

__all__ = ["RawTable", "read_raw"]

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = [",", ";", "\t", "|"]
MAX_UNPACKED_BYTES = 2 * 2**30
# Encodings a sales export realistically has, in the order preferred when the detector finds several
# equally plausible (this course's exports come from Chinese shop systems and Excel first).
ENCODING_PREFERENCE = ["utf_8", "utf_16_le", "utf_16_be", "gb18030", "big5", "cp1252", "cp1250", "cp1251",
                       "shift_jis", "euc_kr"]
_MAGIC = [  # (leading bytes, what the file is)
    (b"\xd0\xcf\x11\xe0", N_("an old-style Excel (.xls) or other Office file")),
    (b"%PDF", N_("a PDF document")),
    (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"SQLite format 3", N_("an SQLite database")),
    (b"PAR1", N_("a Parquet file")),
]
_ARG_OF = {"customer_id": "customer", "order_id": "order", "order_date": "date", "product": "item",
           "quantity": "quantity", "unit_price": "price", "amount": "amount"}


@dataclass
class RawTable:
    """The input as read: ``frame`` (mapped columns as text), where it came from, and notes."""

    frame: pd.DataFrame
    source: str
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def read_raw(path_or_frame: Any, mapping: dict[str, str], *, sep: str | None = None, encoding: str | None = None,
             sheet_name: str | int = 0, skiprows: int = 0) -> RawTable:
    """Read a CSV / compressed CSV / Excel file or take a DataFrame; mapped columns come as text.

    Parameters
    ----------
    path_or_frame : str, Path or DataFrame
        The export.
    mapping : dict
        Standard column name -> the input's column name; every one must exist.
    sep, encoding : str, optional
        CSV delimiter and text encoding; detected when ``None``.
    sheet_name : str or int
        Excel sheet.
    skiprows : int
        Title lines above the header to skip.

    Examples
    --------
    >>> read_raw(pd.DataFrame({"c": [1]}), {"customer_id": "c"}).frame["c"].tolist()
    [1]
    """
    if isinstance(skiprows, bool) or not isinstance(skiprows, int) or skiprows < 0:
        raise TypeError(tr("skiprows must be a whole number of title lines above the header (0 or more), got "
                           "{skiprows!r}.", skiprows=skiprows))
    if isinstance(path_or_frame, pd.DataFrame):
        raw = require_frame(path_or_frame, "path_or_frame")
        duplicated = sorted({str(c) for c in raw.columns[raw.columns.duplicated()]})
        if duplicated:
            raise ValueError(tr("The DataFrame has several columns named {names}; give each column its own name "
                                "(e.g. frame.columns = [...]) and try again.", names=', '.join(map(repr, duplicated))))
        _require_mapped(raw, mapping, tr("The DataFrame"), None)
        return RawTable(raw.reset_index(drop=True), "DataFrame")
    if path_or_frame is Ellipsis:
        raise TypeError(tr("path_or_frame is still `...`: pass a file path or a DataFrame."))
    if not isinstance(path_or_frame, (str, Path)):
        raise TypeError(tr("path_or_frame must be a file path or a DataFrame, got {kind}.",
                           kind=type(path_or_frame).__name__))
    file = Path(path_or_frame)
    if not file.is_file():
        raise FileNotFoundError(tr("No file at {file!r}: check the name and the folder (the notebook runs in "
                                   "{cwd!r}).", file=str(file), cwd=str(Path.cwd())))
    shown = repr(file.name)  # the file as named in a note, in every language
    label = tr("File {name!r}", name=file.name)
    data = file.read_bytes()
    if not data.strip():
        raise ValueError(tr("{label} is empty: it has no header and no rows. Export the data again.", label=label))
    notes: list[str] = []
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, label)
        notes.append(tr("{file} is gzip-compressed; read the CSV inside.", file=file.name))
    if data.startswith(b"PK\x03\x04") or file.suffix.lower() in EXCEL_SUFFIXES:
        inner = _csv_inside_zip(data, label)
        if inner is None:
            frame, filled = _read_excel(data, label, sheet_name, mapping, skiprows)
            return RawTable(frame, file.name, None, notes + filled)
        member, data = inner
        notes.append(tr("{file} is a zip archive; read {member} inside it.", file=file.name, member=member))
        label, shown = f"{label} ({member})", f"{shown} ({member})"
    text, used, note = _decode(data, label, encoding, shown)
    if note:
        notes.append(note)
    frame = _read_csv(text, label, mapping, sep=sep, skiprows=skiprows)
    return RawTable(frame, file.name, used, notes)


# --- bytes -> text ---------------------------------------------------------------------------------

def _gunzip(data: bytes, label: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            inner = handle.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError) as err:
        raise ValueError(tr("{label} is a damaged gzip file ({err}); export or download it again.",
                            label=label, err=err)) from None
    if len(inner) > MAX_UNPACKED_BYTES:
        raise ValueError(tr("{label} unpacks to more than 2 GB; that is too large to read here.", label=label))
    return inner


def _csv_inside_zip(data: bytes, label: str) -> tuple[str, bytes] | None:
    """(member name, bytes) of the one CSV in a zip archive; None for an Excel workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None  # not a zip at all: the Excel reader names the problem
    with archive:
        names = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
        if any(i.filename == "[Content_Types].xml" for i in names):
            return None
        tables = [i for i in names if i.filename.lower().endswith((".csv", ".txt", ".tsv"))]
        if len(tables) != 1:
            listed = ", ".join(i.filename for i in names[:10]) or "nothing"
            raise ValueError(tr("{label} is a zip archive holding {listed}; it should hold exactly one CSV file. "
                                "Unzip it and pass the path of the CSV you mean.", label=label, listed=listed))
        with archive.open(tables[0]) as handle:
            inner = handle.read(MAX_UNPACKED_BYTES + 1)
        if len(inner) > MAX_UNPACKED_BYTES:
            raise ValueError(tr("{label}: {filename} unpacks to more than 2 GB; too large to read here.",
                                label=label, filename=tables[0].filename))
        return tables[0].filename, inner


def _decode(data: bytes, label: str, encoding: str | None, shown: str) -> tuple[str, str, str | None]:
    """The text, the encoding used, and a note (naming the file as ``shown``) when it was detected, not stated."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding, None
        except (UnicodeDecodeError, LookupError):
            raise ValueError(tr("{label} cannot be decoded as {encoding} text; pass another encoding= (e.g. "
                                "encoding='utf-8', 'gb18030' or 'utf-16'), or encoding=None to detect it.",
                                label=label, encoding=encoding)) from None
    for bom, name in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name, None
            except UnicodeDecodeError:
                break
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ValueError(tr("{label} is {kind}, not a CSV text file. Export the data as CSV (comma- or "
                                "semicolon-separated text) or as an .xlsx workbook.", label=label, kind=gettext(kind)))
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    detected = _detect(data)
    if detected is None:
        raise ValueError(tr("{label} is a binary file, not a CSV text file (no text encoding fits it). Export the "
                            "data as CSV or as an .xlsx workbook, or pass encoding= if you know it.", label=label))
    text, name = detected
    return text, name, tr("{file} is not UTF-8; read it as {encoding} (detected). If the text looks wrong, "
                          "pass encoding= (e.g. encoding='gb18030' or 'cp1252').",
                          file=shown, encoding=name.upper().replace("_", "-"))


def _detect(data: bytes) -> tuple[str, str] | None:
    """Decode with the encoding charset-normalizer finds most plausible (ties: ENCODING_PREFERENCE)."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:400_000], cp_isolation=ENCODING_PREFERENCE))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    plausible = [m for m in matches if m.chaos <= least + 0.1]

    def rank(match: Any) -> int:
        names = [match.encoding, *match.could_be_from_charset]
        return min((ENCODING_PREFERENCE.index(n) for n in names if n in ENCODING_PREFERENCE), default=99)

    for match in sorted(plausible, key=rank):
        for name in [match.encoding, *match.could_be_from_charset]:
            try:
                text = data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
            if "\x00" not in text:
                return text, name
    return None


# --- text -> table ---------------------------------------------------------------------------------

def _read_csv(text: str, label: str, mapping: dict[str, str], *, sep: str | None, skiprows: int) -> pd.DataFrame:
    limit = max(skiprows, 30) + 1  # the lines the header and the hint can be on; a large file is not split whole
    lines = [line.rstrip("\r") for line in text.split("\n", limit)[:limit]]
    while lines and not lines[-1].strip():
        lines.pop()
    if skiprows >= len(lines):
        raise ValueError(tr("{label} has {n} line(s), so skiprows={skiprows} leaves no header.",
                            label=label, n=len(lines), skiprows=skiprows))
    header_line = lines[skiprows]
    chosen = sep if sep is not None else _sniff_delimiter(header_line)
    try:
        header = pd.read_csv(io.StringIO(text), sep=chosen, nrows=0, skiprows=skiprows)
    except pd.errors.EmptyDataError:
        raise ValueError(tr("{label} is empty: it has no header and no rows. Export the data again.",
                            label=label)) from None
    except pd.errors.ParserError as err:
        raise ValueError(tr("{label} could not be split into columns with delimiter {chosen!r} ({err}). Check the "
                            "delimiter (sep=) and stray quote characters.",
                            label=label, chosen=chosen, err=err)) from None
    _require_mapped(header, mapping, label, header_line,
                    lambda: _header_hint([line.split(chosen) for line in lines[:30]], mapping, skiprows))
    try:
        raw = pd.read_csv(io.StringIO(text), sep=chosen, skiprows=skiprows, low_memory=False,
                          dtype={column: str for column in mapping.values()})
    except pd.errors.ParserError as err:
        raise ValueError(tr("{label} could not be split into columns with delimiter {chosen!r} ({err}). Check the "
                            "delimiter (sep=), stray quote characters, and title lines above the header (skiprows=).",
                            label=label, chosen=chosen, err=err)) from None
    if raw.empty:
        raise ValueError(tr("{label} has column names but no data rows.", label=label))
    return raw


def _read_excel(data: bytes, label: str, sheet_name: str | int, mapping: dict[str, str],
                skiprows: int) -> tuple[pd.DataFrame, list[str]]:
    """The sheet as a table, merged cells filled with their top-left value (reported)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        sheet = book.worksheets[sheet_name] if isinstance(sheet_name, int) else book[sheet_name]
    except (KeyError, IndexError):
        raise ValueError(tr("{label} has no sheet {sheet_name!r}; its sheets are {names}. Pass sheet_name=.",
                            label=label, sheet_name=sheet_name, names=', '.join(map(repr, book.sheetnames)))) from None
    except Exception as err:  # openpyxl and zipfile raise many kinds; each means "not a workbook"
        raise ValueError(tr("{label} is not a readable Excel .xlsx workbook ({kind}: {err}). Open it in a "
                            "spreadsheet program and save it as .xlsx or CSV.",
                            label=label, kind=type(err).__name__, err=err)) from None
    filled: dict[int, int] = {}
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    sheet.cell(row, col).value = value
                    if row > skiprows + 1:
                        filled[col] = filled.get(col, 0) + 1
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    if len(rows) <= skiprows:
        raise ValueError(tr("{label} (sheet {title!r}) has {n} row(s), so skiprows={skiprows} leaves no header.",
                            label=label, title=sheet.title, n=len(rows), skiprows=skiprows))
    names = ["" if v is None else str(v).strip() for v in rows[skiprows]]
    frame = pd.DataFrame(rows[skiprows + 1:], columns=_unique(names), dtype=object)
    _require_mapped(frame, mapping, label, None,
                    lambda: _header_hint([["" if v is None else str(v) for v in r] for r in rows[:30]],
                                         mapping, skiprows))
    if frame.empty:
        raise ValueError(tr("{label} (sheet {title!r}) has no data rows.", label=label, title=sheet.title))
    notes = [tr("{count:,} merged cell(s) in column {column!r} filled with the value above them "
                "(a merged cell shows one value for several rows).", count=count, column=names[col - 1])
             for col, count in sorted(filled.items()) if col - 1 < len(names)]
    for column in frame.columns:
        converted = pd.to_numeric(frame[column], errors="coerce")
        if column not in mapping.values() and converted.notna().sum() == frame[column].notna().sum():
            frame[column] = converted
    return frame, notes


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for index, name in enumerate(names):
        name = name or f"Unnamed: {index}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}.{seen[name] - 1}")
    return out


def _sniff_delimiter(line: str) -> str:
    outside_quotes = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside_quotes.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _header_hint(rows: list[list[str]], mapping: dict[str, str], skiprows: int) -> str:
    """Where the header seems to be, when it is not the line after ``skiprows`` title lines."""
    wanted = set(mapping.values())
    for number, cells in enumerate(rows):
        found = wanted & {c.strip().strip('"') for c in cells}
        if number != skiprows and len(found) >= min(2, len(wanted)):
            return tr(" The header seems to be on line {line} (with {found} of the column names you gave): pass "
                      "skiprows={number} to skip the {number} title line(s) above it.",
                      line=number + 1, found=len(found), number=number)
    return ""


def _require_mapped(frame: pd.DataFrame, mapping: dict[str, str], label: str, first_line: str | None,
                    header_hint: Any = None) -> None:
    columns = [str(c) for c in frame.columns]
    missing = [(_ARG_OF[std], col) for std, col in mapping.items() if col not in frame.columns]
    if not missing:
        return
    arg, col = missing[0]
    wanted = ", ".join(f"{a}={c!r}" for a, c in missing)
    have = ", ".join(repr(c) for c in columns[:20]) + (" ..." if len(columns) > 20 else "")
    message = tr("{label} has no column for {wanted}. Its columns are: {have}.", label=label, wanted=wanted, have=have)
    if header_hint is not None:
        message += header_hint()
    if first_line is not None and len(columns) == 1:
        others = [d for d in DELIMITERS if d in columns[0]]
        if others:
            shown = tr("tab") if others[0] == "\t" else repr(others[0])
            message += tr(" Only one column was found, and its name contains {shown}: wrong delimiter, the file is "
                          "separated by {shown}. Pass sep={sep!r}.", shown=shown, sep=others[0])
    close = difflib.get_close_matches(col, columns, n=1, cutoff=0.6) or [
        c for c in columns if c.strip().casefold() == col.strip().casefold()]
    if close:
        message += tr(" Did you mean {arg}={close!r}?", arg=arg, close=close[0])
    raise ValueError(message)
