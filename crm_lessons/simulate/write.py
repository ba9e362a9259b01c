"""Write the synthetic files, their checksums and data cards into ``datasets/``.

>>> sorted(synthetic_tables(seed=1, n_customers=100))[:2]
['campaign.csv', 'customers.csv']
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .cards import CARDS, render
from .company import Company, company
from .messy import messy_transactions
from .tradefair import exhibitors

MARKER = "<!-- CARDS -->"


def synthetic_tables(seed: int = 2024, n_customers: int = 4000, *,
                     sim: Company | None = None) -> dict[str, pd.DataFrame]:
    """Every synthetic table, keyed by its file name in ``datasets/``.

    ``sim`` reuses an already simulated retailer made with the same ``seed``.

    >>> "orders.csv" in synthetic_tables(seed=1, n_customers=100)
    True
    """
    sim = sim if sim is not None else company(seed, n_customers)
    tables = {f"{name}.csv": frame for name, frame in sim.tables.items()}
    tables["exhibitors.csv"] = exhibitors(seed)[0]
    tables["messy_transactions.csv"] = messy_transactions(seed)
    return tables


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    r"""The exact bytes written for ``frame`` (so tests can compare without touching disk).

    >>> to_csv_bytes(pd.DataFrame({"a": [1]}))
    b'a\n1\n'
    """
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_all(folder: Path, seed: int = 2024) -> list[str]:
    """Rewrite the synthetic files in ``folder``, then its checksums and data cards.

    >>> write_all(Path("datasets"))  # doctest: +SKIP
    """
    folder = Path(folder)
    written = []
    for file, frame in synthetic_tables(seed).items():
        (folder / file).write_bytes(to_csv_bytes(frame))
        written.append(file)
    files = [f for f in CARDS if (folder / f).is_file()]
    digests = {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in files}
    (folder / "checksums.sha256").write_text("".join(f"{digests[f]}  {f}\n" for f in files), encoding="utf-8")
    readme = folder / "README.md"
    intro = readme.read_text(encoding="utf-8").split(MARKER)[0]
    cards = []
    for f in files:
        with (folder / f).open("rb") as handle:
            rows = sum(1 for _ in handle) - 1
        cards.append(render(f, rows, digests[f]))
    readme.write_text(intro + MARKER + "\n\n" + "\n".join(cards), encoding="utf-8")
    return written
