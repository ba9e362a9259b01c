"""Benchmark: read and clean a 1-million-line CSV export with ``read_transactions``.

Goal (issue 9): reading and cleaning a one-million-line CSV takes under 10 s and
under 2 GB peak memory.

The file is written first (not timed) by
``crm_lessons.simulate.messy.write_large_messy_csv``: the layout of the chapter 09
sample (invoice lines, text dates day-first, ``C`` cancellations, returns, missing
customer ids, zero prices, postage lines, unreadable dates, quantities typed as
words, lines exported twice), about 400,000 invoices and 20,000 customers, ~64 MB.

Each measurement runs in a fresh child process: the time covers
``read_transactions`` only (the imports are done before the clock starts), and
the peak resident memory of the child (``ru_maxrss``, which includes the Python
interpreter and pandas) is read when it finishes. A plain ``pandas.read_csv`` of
the same file is measured the same way for reference. Wall time suffers when
other work shares the CPUs, so the CPU time of the child is printed too.

Run from the repository root::

    .venv/bin/python benchmarks/cleaning_benchmark.py              # 1,000,000 lines, 3 rounds
    .venv/bin/python benchmarks/cleaning_benchmark.py --lines 200000 --repeat 1
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 10.0
GOAL_GB = 2.0

CHILD = r"""
import json, resource, sys, time
import pandas as pd
from crm_lessons.cleaning import read_transactions
from crm_lessons.simulate.messy import NON_PRODUCT

path, what = sys.argv[1], sys.argv[2]
start_wall, start_cpu = time.perf_counter(), time.process_time()
if what == "clean":
    result = read_transactions(path, customer="Customer ID", order="Invoice", date="InvoiceDate",
                               item="Description", quantity="Quantity", price="Price", non_product=NON_PRODUCT)
    rows, kept, summary = result.rows_read, result.rows_kept, repr(result)
else:
    frame = pd.read_csv(path, low_memory=False)
    rows, kept, summary = len(frame), len(frame), ""
wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak_mb, "rows": rows, "kept": kept, "summary": summary}))
"""


def run_child(path: Path, what: str) -> dict:
    """Run one measurement in a fresh interpreter and return its figures."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), what], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from crm_lessons.simulate.messy import write_large_messy_csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large_export.csv"
        start = time.perf_counter()
        write_large_messy_csv(path, n_lines=args.lines)
        print(f"wrote {args.lines:,} lines ({path.stat().st_size / 2**20:.0f} MB) in "
              f"{time.perf_counter() - start:.1f} s (not timed below)")
        plain = [run_child(path, "read_csv") for _ in range(args.repeat)]
        clean = [run_child(path, "clean") for _ in range(args.repeat)]

    print()
    print(clean[0]["summary"])
    print()
    for label, runs in (("pandas.read_csv only (reference)", plain), ("read_transactions (read + clean)", clean)):
        best = min(runs, key=lambda r: r["wall"])
        walls = ", ".join(f"{r['wall']:.2f}" for r in runs)
        print(f"{label:34s} best wall {best['wall']:6.2f} s · cpu {best['cpu']:6.2f} s · "
              f"peak memory {max(r['peak_mb'] for r in runs):6.0f} MB  ({len(runs)} runs, "
              f"walls: {walls})")
    wall = min(r["wall"] for r in clean)
    peak_gb = max(r["peak_mb"] for r in clean) / 1024
    verdict = "OK" if wall < GOAL_SECONDS and peak_gb < GOAL_GB else "MISSED"
    print(f"goal: under {GOAL_SECONDS:.0f} s and under {GOAL_GB:.0f} GB -> {wall:.2f} s, {peak_gb:.2f} GB: {verdict}")


if __name__ == "__main__":
    main()
