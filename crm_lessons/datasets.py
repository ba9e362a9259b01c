"""The bundled datasets: list, load and describe them, offline, from any folder.

Every file in ``datasets/`` has a data card in ``datasets/README.md`` and a
SHA-256 checksum in ``datasets/checksums.sha256`` that :func:`load` verifies, so
a changed or truncated file is reported by name instead of giving silently
wrong results.

>>> import crm_lessons as crm
>>> crm.datasets.load("products").shape[1] >= 5
True
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .cleaning import read_transactions  # a learner's own file: read and cleaned with a report
from .i18n import N_, get_language, gettext, tr

__all__ = ["CATALOGUE", "DatasetError", "DatasetInfo", "DataCard", "available", "data_dir", "describe",
           "expected_checksums", "load", "path", "read_transactions", "sha256"]

SYNTHETIC_SOURCE = N_("Simulated by crm_lessons.simulate (seeded); see datasets/README.md")
SYNTHETIC_LICENCE = "CC BY 4.0 (CRM Lessons)"
CDNOW_SOURCE = N_("CDNOW transaction log (Fader & Hardie), as shipped in the lifetimes 0.11.3 wheel; "
                  "cite Fader, Hardie & Lee (2005)")
CDNOW_LICENCE = "MIT (lifetimes package)"


@dataclass(frozen=True)
class DatasetInfo:
    """Where a dataset lives and how to read it."""

    name: str
    file: str
    description: str
    source: str
    licence: str
    dates: tuple[str, ...] = ()
    as_text: bool = False


CATALOGUE: dict[str, DatasetInfo] = {d.name: d for d in [
    DatasetInfo("customers", "customers.csv",
                N_("Simulated retailer: one row per customer with acquisition date and channel, region, age band, "
                   "contact details."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, ("acquisition_date",)),
    DatasetInfo("products", "products.csv",
                N_("Simulated retailer: product catalogue with category, price, unit cost and margin rate."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE),
    DatasetInfo("orders", "orders.csv",
                N_("Simulated retailer: one row per order (customer, date, channel, amount, margin), 2022-2024."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, ("order_date",)),
    DatasetInfo("order_lines", "order_lines.csv",
                N_("Simulated retailer: one row per product in an order (for market-basket analysis)."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE),
    DatasetInfo("survey", "survey.csv",
                N_("Simulated retailer: loyalty survey (Likert items for perceived value, satisfaction, trust, "
                   "switching cost, loyalty intentions) with lifecycle stage."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, ("survey_date",)),
    DatasetInfo("campaign", "campaign.csv",
                N_("Simulated retailer: a direct-marketing campaign, one row per contacted customer with channel, "
                   "cost and response."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, ("campaign_date",)),
    DatasetInfo("service_tickets", "service_tickets.csv",
                N_("Simulated retailer: the service department's tickets, keyed by e-mail as typed by agents."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, ("opened_date",)),
    DatasetInfo("marketing_contacts", "marketing_contacts.csv",
                N_("Simulated retailer: the marketing department's contact list, with duplicates, prospects and gaps."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, ("created_date",)),
    DatasetInfo("exhibitors", "exhibitors.csv",
                N_("Simulated trade-fair organiser: one row per exhibitor and annual edition (booth, spend, "
                   "satisfaction, renewal)."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE),
    DatasetInfo("messy_transactions", "messy_transactions.csv",
                N_("Simulated raw shop export with planted problems (cancellations, returns, missing ids, "
                   "duplicates, bad dates, postage lines) for practising cleaning; loaded as text."),
                SYNTHETIC_SOURCE, SYNTHETIC_LICENCE, as_text=True),
    DatasetInfo("cdnow", "cdnow.csv",
                N_("Real: CDNOW music retailer, all purchases of 23,570 customers who first bought in Q1 1997, until "
                   "June 1998."),
                CDNOW_SOURCE, CDNOW_LICENCE, ("date",)),
    DatasetInfo("cdnow_sample", "cdnow_sample.csv",
                N_("Real: the 1/10 sample of CDNOW (2,357 customers) used by Fader, Hardie & Lee (2005) for the "
                   "BG/NBD model."),
                CDNOW_SOURCE, CDNOW_LICENCE, ("date",)),
]}


class DatasetError(ValueError):
    """A bundled data file is missing, altered or unknown."""


def data_dir() -> Path:
    """Folder that holds the bundled data files.

    Looks at ``$CRM_LESSONS_DATA``, then the copy inside an installed wheel, then
    ``datasets/`` of a source checkout (editable install).

    >>> (data_dir() / "checksums.sha256").exists()
    True
    """
    here = Path(__file__).resolve().parent
    configured = os.environ.get("CRM_LESSONS_DATA", "").strip()
    if configured:
        folder = Path(configured).expanduser()
        if not (folder / "checksums.sha256").is_file():
            raise DatasetError(
                tr("CRM_LESSONS_DATA is set to {configured!r}, but that folder has no checksums.sha256, so its files "
                   "cannot be verified (the bundled data is not used instead, so nothing is read from the wrong "
                   "place). Point CRM_LESSONS_DATA at a copy of the datasets/ folder, or unset it to use the bundled "
                   "data.", configured=configured))
        return folder
    candidates = [here / "bundled_datasets", here.parent / "datasets"]
    for folder in candidates:
        if (folder / "checksums.sha256").is_file():
            return folder
    raise DatasetError(
        tr("Cannot find the bundled data folder (looked in: {folders}). Reinstall the package with "
           "`pip install -e .` from the workbook folder.", folders=", ".join(str(c) for c in candidates))
    )


def _info(name: object) -> DatasetInfo:
    if not isinstance(name, str):
        raise TypeError(tr("name must be a dataset name (str), got {kind}.", kind=type(name).__name__))
    if name not in CATALOGUE:
        raise DatasetError(tr("There is no dataset {name!r}. Available datasets: {names}.",
                              name=name, names=', '.join(CATALOGUE)))
    return CATALOGUE[name]


def expected_checksums() -> dict[str, str]:
    """File name -> SHA-256 as recorded in ``checksums.sha256``.

    >>> len(expected_checksums()["orders.csv"])
    64
    """
    file = data_dir() / "checksums.sha256"
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise DatasetError(tr("{file} is not a text file of checksums; {advice}",
                              file=file, advice=_restore_advice("checksums.sha256"))) from None
    sums = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _CHECKSUM_LINE.fullmatch(line.strip())
        if match is None:
            raise DatasetError(tr("{file}, line {number}, is not '<64 hex digits>  <file name>': {line!r}. {advice}",
                                  file=file, number=number, line=line[:80],
                                  advice=_restore_advice("checksums.sha256")))
        sums[match.group(2)] = match.group(1).lower()
    return sums


def sha256(path: Path) -> str:
    """SHA-256 hex digest of a file.

    >>> len(sha256(path("products")))
    64
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


_CHECKSUM_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *]?(\S.*)")
_RESTORE_ADVICE = N_("Restore it with `git -c core.autocrlf=false checkout -- datasets/{file}` (the setting "
                     "keeps Git from changing line endings), or regenerate the synthetic files with "
                     "`python -m crm_lessons.simulate`, then restart the kernel.")


def _restore_advice(file: str) -> str:
    """How to get a damaged or missing data file back, in the reader's language."""
    return tr(_RESTORE_ADVICE, file=file)


@functools.cache
def _verified(path: Path, mtime: float, size: int) -> bool:
    """True when ``path`` matches its recorded checksum, with LF or with CRLF (Windows) line endings."""
    expected = expected_checksums().get(path.name)
    if expected is None:
        raise DatasetError(tr("{name} has no checksum in checksums.sha256; the data folder is incomplete. {advice}",
                              name=path.name, advice=_restore_advice("checksums.sha256")))
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() == expected:
        return True
    if b"\r\n" in data and hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest() == expected:
        return True  # the same data with Windows line endings (a checkout with core.autocrlf=true): reads the same
    raise DatasetError(
        tr("Dataset file {name} has been altered (its checksum does not match, also with its line endings ignored). "
           "{advice}", name=path.name, advice=_restore_advice(path.name))
    )


def path(name: str) -> Path:
    """Path of the verified file behind dataset ``name``.

    >>> path("orders").name
    'orders.csv'
    """
    info = _info(name)
    file = data_dir() / info.file
    if not file.is_file():
        raise DatasetError(tr("Dataset {name!r} should be at {file}, but the file is missing. {advice}",
                              name=name, file=file, advice=_restore_advice(info.file)))
    stat = file.stat()
    _verified(file, stat.st_mtime, stat.st_size)
    return file


@functools.cache
def _read(name: str, mtime: float) -> pd.DataFrame:
    info = CATALOGUE[name]
    if info.as_text:
        return pd.read_csv(path(name), dtype=str, keep_default_na=False)
    return pd.read_csv(path(name), parse_dates=list(info.dates) or False, date_format="ISO8601")


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a DataFrame (dates parsed), after verifying its checksum.

    Each call returns a fresh copy, so changing it never changes the next load. Raw
    exports meant for cleaning practice (``messy_transactions``) load as text, exactly
    as in the file; clean them with :func:`read_transactions`.

    Examples
    --------
    >>> orders = load("orders")
    >>> list(orders.columns[:3])
    ['order_id', 'customer_id', 'order_date']
    """
    info = _info(name)
    file = path(name)
    return _read(info.name, file.stat().st_mtime).copy()


def _rows(file: Path) -> int:
    with file.open("rb") as handle:
        return sum(1 for _ in handle) - 1


def available() -> pd.DataFrame:
    """Table of the bundled datasets: name, rows, description, source, licence.

    The description and source are in the reader's language (``crm.setup(lang="zh")``);
    the column names are the same in both, so code using them runs in either edition.

    >>> "cdnow" in set(available()["name"])
    True
    """
    folder = data_dir()
    rows = []
    for info in CATALOGUE.values():
        file = folder / info.file
        rows.append({"name": info.name, "rows": _rows(file) if file.is_file() else pd.NA,
                     "description": gettext(info.description), "source": gettext(info.source), "licence": info.licence})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class DataCard:
    """A data card from ``datasets/README.md``; shows as Markdown in a notebook."""

    name: str
    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


def describe(name: str) -> DataCard:
    """The data card of dataset ``name``: columns, units, rows, origin, licence, checksum.

    The card is the one in ``datasets/README.md``; after ``crm.setup(lang="zh")`` the same
    card is rendered in Chinese from its source (``crm_lessons.simulate.cards``), with the
    row count and checksum of the English card.

    >>> "order_id" in describe("orders").text
    True
    """
    info = _info(name)
    try:
        readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        raise DatasetError(tr("The data cards (datasets/README.md in {folder}) are missing or damaged. {advice}",
                              folder=data_dir(), advice=_restore_advice("README.md"))) from None
    match = re.search(rf"^## `{re.escape(info.file)}`.*?(?=^## |\Z)", readme, flags=re.M | re.S)
    if match is None:
        raise DatasetError(tr("datasets/README.md has no data card for {file} (a section headed '## `{file}`'). "
                              "{advice}", file=info.file, advice=_restore_advice("README.md")))
    card = match.group(0).strip()
    if get_language() != "en":
        card = _translated_card(info.file, card)
    return DataCard(name, card)


def _translated_card(file: str, card: str) -> str:
    """``card`` (English, from the README) rendered in the reader's language from the same source."""
    from .simulate.cards import render

    rows = re.search(r"^- Rows: ([\d,]+)$", card, flags=re.M)
    checksum = re.search(r"^- SHA-256: `([0-9a-f]{64})`$", card, flags=re.M)
    if rows is None or checksum is None:
        raise DatasetError(tr("The data card of {file} in datasets/README.md has no '- Rows:' or '- SHA-256:' line. "
                              "{advice}", file=file, advice=_restore_advice("README.md")))
    return render(file, int(rows.group(1).replace(",", "")), checksum.group(1), translate=gettext).strip()
