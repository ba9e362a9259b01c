"""Raw, messy transaction exports for the "bring your own data" chapter and its benchmark.

:func:`messy_transactions` returns a small export (a few hundred lines) shaped like
a shop system's invoice-line download: every value is text, the column names are
the shop's own, dates are written day-first (``05/03/2024 14:32``), and known
problems are planted in known numbers (:data:`PLANTED`) so that a cleaning step
can be checked line by line:

* ``missing_customer`` -- a guest order of three lines and one more line without a customer id;
* ``missing_order_or_item`` -- one line whose product description is blank;
* ``bad_date`` -- an impossible date (31 February) and a ``00/00/0000`` placeholder;
* ``bad_number`` -- one quantity typed as a word;
* ``cancellation`` -- two cancelling invoices (``C`` + number, negative quantities), 3 lines;
* ``return`` -- one returns invoice of 2 lines with negative quantities (no ``C``);
* ``non_positive_price`` -- a free sample at 0.00 and a bad-debt write-off at a negative price;
* ``non_product`` -- five postage lines and one manual adjustment (see :data:`NON_PRODUCT`);
* ``duplicate`` -- two lines exported twice.

Each planted line has exactly one of these problems, apart from the cancellation
lines, which also carry negative quantities as cancellations do.

:func:`write_large_messy_csv` writes a log of any size (one million lines by
default) with the same layout and the same kinds of problems, for the benchmark.

>>> raw = messy_transactions()
>>> list(raw.columns[:4])
['Invoice', 'StockCode', 'Description', 'Quantity']
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .company import CONSUMABLES, PRODUCTS, draw_basket

__all__ = ["COLUMNS", "NON_PRODUCT", "PLANTED", "messy_transactions", "write_large_messy_csv"]

COLUMNS = ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"]
DATE_FORMAT = "%d/%m/%Y %H:%M"
# Descriptions of the lines that are not products: pass them as non_product= when cleaning.
NON_PRODUCT = ["POSTAGE", "MANUAL ADJUSTMENT"]
# Lines planted for each problem (keys are the reasons of crm_lessons.cleaning.REASONS).
PLANTED = {"missing_customer": 4, "missing_order_or_item": 1, "bad_date": 2, "bad_number": 1,
           "cancellation": 3, "return": 2, "non_positive_price": 2, "non_product": 6, "duplicate": 2}
N_CUSTOMERS = 45
N_INVOICES = 110
# The shop is Chinese and ships a little abroad; prices are in yuan (CNY).
COUNTRIES = (["China", "Singapore", "Malaysia", "Japan"], [0.7, 0.12, 0.1, 0.08])
POSTAGE = ("POST", "POSTAGE", "12.00")
ADJUSTMENT = ("ADJUST", "MANUAL ADJUSTMENT", "50.00")
BAD_DEBT = ("B", "ADJUST BAD DEBT", "-168.00")
BAD_DATES = ["31/02/2024 11:20", "00/00/0000 00:00"]


def _catalogue() -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    names = [p[0] for p in PRODUCTS]
    codes = [f"P{i:03d}" for i in range(1, len(PRODUCTS) + 1)]
    prices = np.array([p[2] for p in PRODUCTS])
    weights = np.array([p[4] for p in PRODUCTS])
    return names, codes, prices, weights / weights.sum()


def messy_transactions(seed: int = 2024) -> pd.DataFrame:
    """A small raw invoice-line export with planted problems, every value as text.

    Parameters
    ----------
    seed : int, default 2024
        Seed of the random generator; the same seed gives the same export.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` (``Invoice``, ``StockCode``, ``Description``,
        ``Quantity``, ``InvoiceDate``, ``Price``, ``Customer ID``, ``Country``), all
        text; a missing value is an empty string, as in a CSV file. Dates are
        day-first (``DD/MM/YYYY HH:MM``). The planted problems and their numbers of
        lines are listed in :data:`PLANTED`.

    Examples
    --------
    >>> raw = messy_transactions()
    >>> int(raw["Invoice"].str.startswith("C").sum()) == PLANTED["cancellation"]
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}.")
    rng = np.random.default_rng(seed)
    names, codes, prices, weights = _catalogue()
    index = {n: i for i, n in enumerate(names)}
    customers = [str(17000 + c) for c in np.sort(rng.choice(900, N_CUSTOMERS, replace=False))]
    country = dict(zip(customers, rng.choice(COUNTRIES[0], N_CUSTOMERS, p=COUNTRIES[1]).tolist()))
    activity = rng.lognormal(0, 0.8, N_CUSTOMERS)

    def line(j: int, qty: int) -> list[str]:
        return [codes[j], names[j], str(qty), f"{prices[j]:.2f}"]

    def quantity(j: int) -> int:
        return int(rng.integers(1, 7)) if names[j] in CONSUMABLES else int(rng.integers(1, 3))

    # Each invoice: (minute of 2024 it was placed, customer, lines [code, description, qty, price], kind).
    invoices: list[dict] = []
    for _ in range(N_INVOICES):
        items = draw_basket(rng, 1 + int(rng.poisson(1.3)), weights, names, index)
        invoices.append({"minute": _minute(rng), "customer": str(rng.choice(customers, p=activity / activity.sum())),
                         "lines": [line(index[i], quantity(index[i])) for i in items], "kind": "sale"})
    invoices.sort(key=lambda inv: inv["minute"])
    multi = [inv for inv in invoices if len(inv["lines"]) >= 3]
    single = [inv for inv in invoices if len(inv["lines"]) == 1]
    picked = rng.choice(len(multi), 5, replace=False)
    cancel_two, cancel_one, returned, sample_gift, blank_item = (multi[i] for i in picked)

    # Cancellations and a return undo earlier lines of the same customer, a day or two later.
    for source, count, kind in ((cancel_two, 2, "cancellation"), (cancel_one, 1, "cancellation"),
                                (returned, 2, "return")):
        undone = [[c, d, str(-int(q)), p] for c, d, q, p in source["lines"][:count]]
        invoices.append({"minute": source["minute"] + 1440 * int(rng.integers(1, 4)) + int(rng.integers(0, 90)),
                         "customer": source["customer"], "lines": undone, "kind": kind})
    # A free sample at 0.00 inside a sale, and a product line whose description was lost.
    gift = int(rng.choice([j for j in range(len(names)) if names[j] not in {r[1] for r in sample_gift["lines"]}]))
    sample_gift["lines"].append([codes[gift], names[gift], "1", "0.00"])
    blank_item["lines"][-1][1] = ""
    # Postage on five sales that have no other problem, a manual adjustment and a bad-debt write-off.
    picked_ids = {id(inv) for inv in (cancel_two, cancel_one, returned, sample_gift, blank_item)}
    plain = [inv for inv in invoices if inv["kind"] == "sale" and id(inv) not in picked_ids]
    for k in rng.choice(len(plain), 5, replace=False):
        plain[k]["lines"].append(list(POSTAGE[:2]) + ["1", POSTAGE[2]])
    for code, description, price in (ADJUSTMENT, BAD_DEBT):
        invoices.append({"minute": _minute(rng), "customer": str(rng.choice(customers)),
                         "lines": [[code, description, "1", price]], "kind": "sale"})
    # Guest orders (no customer id): one of three lines and one of a single line.
    for size in (3, 1):
        items = rng.choice(len(names), size, replace=False)
        invoices.append({"minute": _minute(rng), "customer": "",
                         "lines": [line(int(j), quantity(int(j))) for j in items], "kind": "guest"})
    # Two one-line sales with an unreadable date, and one with a quantity typed as a word.
    for bad_date in BAD_DATES:
        j = int(rng.integers(len(names)))
        invoices.append({"minute": _minute(rng), "customer": str(rng.choice(customers)),
                         "lines": [line(j, 1)], "kind": "sale", "date": bad_date})
    j = int(rng.integers(len(names)))
    invoices.append({"minute": _minute(rng), "customer": str(rng.choice(customers)),
                     "lines": [[codes[j], names[j], "two", f"{prices[j]:.2f}"]], "kind": "sale"})

    invoices.sort(key=lambda inv: inv["minute"])
    rows, plain_lines = [], []
    start = pd.Timestamp("2024-01-01")
    for number, inv in enumerate(invoices, start=600001):
        invoice = f"C{number}" if inv["kind"] == "cancellation" else str(number)
        when = inv.get("date") or (start + pd.Timedelta(minutes=inv["minute"])).strftime(DATE_FORMAT)
        place = country.get(inv["customer"], "China")
        for code, description, qty, price in inv["lines"]:
            if any(inv is s for s in single) and description in index:
                plain_lines.append(len(rows))
            rows.append([invoice, code, description, qty, when, price, inv["customer"], place])
    # Two product lines of one-line sales exported twice (the copy right after the original).
    for i in sorted(rng.choice(plain_lines, PLANTED["duplicate"], replace=False), reverse=True):
        rows.insert(i + 1, list(rows[i]))
    return pd.DataFrame(rows, columns=COLUMNS, dtype="str")


def _minute(rng: np.random.Generator) -> int:
    """A shop-hours minute of 2024, up to mid-December (so corrections still fall in 2024)."""
    day = int(rng.integers(0, 350))
    return day * 1440 + int(rng.integers(9 * 60, 20 * 60))


def write_large_messy_csv(path: str | Path, n_lines: int = 1_000_000, seed: int = 2024) -> Path:
    """Write a large raw export like :func:`messy_transactions` (same columns and kinds of problems).

    About 2.5 lines per invoice, 20,000 customers, two years of day-first dates, with
    (as shares of lines) ~10 % without a customer id, ~1.5 % cancellations, ~0.5 %
    returns, ~0.3 % zero prices, ~2 % postage, ~0.05 % unreadable dates, ~0.01 %
    quantities typed as words and ~0.5 % lines exported twice. Used by
    ``benchmarks/cleaning_benchmark.py``.

    Parameters
    ----------
    path : str or Path
        Where to write the CSV file.
    n_lines : int, default 1_000_000
        Number of data lines (duplicates included).
    seed : int, default 2024
        Seed of the random generator.

    Returns
    -------
    Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = write_large_messy_csv(pathlib.Path(tempfile.mkdtemp()) / "big.csv", n_lines=1000)
    >>> len(out.read_text(encoding="utf-8").splitlines()) - 1
    1000
    """
    if isinstance(n_lines, bool) or not isinstance(n_lines, (int, np.integer)) or n_lines < 10:
        raise ValueError(f"n_lines must be an int of at least 10, got {n_lines!r}.")
    rng = np.random.default_rng(seed)
    names, codes, prices, weights = _catalogue()
    n_dup = int(0.005 * n_lines)
    n = n_lines - n_dup
    per_invoice = 1 + rng.poisson(1.5, n)          # more invoices than needed, then cut at n lines
    invoice_of_line = np.repeat(np.arange(n), per_invoice)[:n]
    n_inv = int(invoice_of_line[-1]) + 1

    # Text is built from small pools of formatted values: formatting a million values one by one is slow.
    days = pd.date_range("2023-01-01", periods=2 * 365, freq="D").strftime("%d/%m/%Y ").to_numpy(dtype=object)
    clock = np.array([f"{m // 60:02d}:{m % 60:02d}" for m in range(1440)], dtype=object)
    minute = np.sort(rng.integers(0, len(days) * 1440, n_inv))
    inv_date = days[minute // 1440] + clock[minute % 1440]
    inv_date[rng.random(n_inv) < 0.0005] = BAD_DATES[0]
    cancelled = rng.random(n_inv) < 0.015
    serial = np.arange(500000, 500000 + n_inv).astype(str).astype(object)
    inv_number = np.where(cancelled, "C", "").astype(object) + serial
    inv_customer = np.arange(10000, 30000).astype(str).astype(object)[rng.integers(0, 20000, n_inv)]
    inv_customer[rng.random(n_inv) < 0.10] = ""

    product = rng.choice(len(names), n, p=weights)
    postage = rng.random(n) < 0.02
    code = np.append(np.asarray(codes, dtype=object), POSTAGE[0])
    description = np.append(np.asarray(names, dtype=object), POSTAGE[1])
    price_text = np.append(np.array([f"{p:.2f}" for p in prices], dtype=object), POSTAGE[2])
    product[postage] = len(names)
    price = price_text[product]
    price[rng.random(n) < 0.003] = "0.00"
    qty = rng.integers(1, 7, n)
    qty[cancelled[invoice_of_line] | (rng.random(n) < 0.005)] *= -1
    qty_text = np.array([str(q) for q in range(-6, 7)], dtype=object)[qty + 6]
    qty_text[rng.random(n) < 0.0001] = "two"

    columns = [inv_number[invoice_of_line], code[product], description[product], qty_text,
               inv_date[invoice_of_line], price, inv_customer[invoice_of_line], np.full(n, "China", dtype=object)]
    lines = columns[0]
    for values in columns[1:]:
        lines = lines + "," + values          # no field holds a comma or a quote, so no quoting is needed
    copies = np.sort(rng.choice(n, n_dup, replace=False))
    order = np.concatenate([np.arange(n), copies + 0.5]).argsort(kind="stable")
    lines = np.concatenate([lines, lines[copies]])[order]
    path = Path(path)
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
