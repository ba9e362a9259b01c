"""Market-basket mining at retail scale: the common tutorial path against ``crm_lessons.basket``.

The log is shaped like a year of a mid-sized online retailer (about 500,000 lines,
20,000 baskets, 3,500 distinct products; ``crm_lessons.simulate.retail_log``).
Each measurement runs in its own child process, so that one path's memory never
pollutes the other's; the peak resident memory of a child is read with
``resource.getrusage`` (``ru_maxrss``) when it finishes.

* **Tutorial path**: mlxtend ``TransactionEncoder`` on all items (a dense
  True/False table), ``apriori``, then ``association_rules``.
* **Our path**: ``basket_matrix`` (items below the support dropped before
  encoding), ``frequent_itemsets``, ``association_rules``.

Both start from the log already in memory; the time covers encoding, mining and
rules. The tutorial child runs under an address-space limit (``--cap-gb``, by
default the memory available minus 4 GB, at most 16 GB) because the machine is
shared; hitting it is reported as "out of memory at the cap".

Run from the repository root::

    .venv/bin/python benchmarks/basket_benchmark.py

It takes a few minutes, nearly all of it the tutorial path.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_CONFIDENCE = 0.3
GB = 2**30


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # Linux reports KiB


def _log(args: argparse.Namespace):
    sys.path.insert(0, str(ROOT))
    from crm_lessons.simulate.retail_log import retail_log

    return retail_log(n_baskets=args.baskets, n_items=args.items, mean_lines=args.lines, seed=args.seed).lines


def _child(args: argparse.Namespace) -> dict:
    """Run one path in this (child) process and return its figures."""
    import warnings

    import pandas as pd

    log = _log(args)
    if args.path == "tutorial":
        with warnings.catch_warnings():
            from mlxtend.frequent_patterns import apriori, association_rules
            from mlxtend.preprocessing import TransactionEncoder
    else:
        from crm_lessons import basket
    base_mb = _peak_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        if args.path == "tutorial":
            transactions = log.groupby("order_id")["product"].apply(list).tolist()
            encoder = TransactionEncoder()
            onehot = pd.DataFrame(encoder.fit(transactions).transform(transactions), columns=encoder.columns_)
            itemsets = apriori(onehot, min_support=args.min_support, use_colnames=True)
            rules = association_rules(itemsets, num_itemsets=len(onehot), metric="confidence",
                                      min_threshold=MIN_CONFIDENCE)
            single = int((rules["consequents"].map(len) == 1).sum())
        else:
            baskets = basket.basket_matrix(log, min_support=args.min_support)
            itemsets = basket.frequent_itemsets(baskets, args.min_support)
            rules = basket.association_rules(itemsets, min_confidence=MIN_CONFIDENCE)
            single = len(rules)
    except MemoryError as err:
        return {"path": args.path, "min_support": args.min_support, "error": "out of memory",
                "detail": str(err), "seconds": time.perf_counter() - start, "peak_mb": _peak_mb(),
                "base_mb": base_mb}
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    result = {"path": args.path, "min_support": args.min_support, "seconds": seconds, "cpu_seconds": cpu,
              "peak_mb": _peak_mb(), "base_mb": base_mb, "itemsets": len(itemsets),
              "rules_one_consequent": single}
    if args.path == "ours":
        result["filter_ms"] = _filter_timing(basket, itemsets)
    return result


def _filter_timing(basket, itemsets) -> float:
    """Median time of one explorer update: filter all rules (mined once at confidence 0) in pandas."""
    everything = basket.association_rules(itemsets, min_confidence=0.0)
    item = everything["consequent"].iloc[0]
    times = []
    for lift in (1.0, 1.5, 2.0, 3.0, 1.2, 2.5, 1.1):
        start = time.perf_counter()
        basket.filter_rules(everything, min_support=0.006, min_confidence=0.2, min_lift=lift, mentions=item)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _run(args: argparse.Namespace, path: str, min_support: float, cap_bytes: int | None) -> dict:
    cmd = [sys.executable, __file__, "--child", path, "--min-support", str(min_support),
           "--baskets", str(args.baskets), "--items", str(args.items), "--lines", str(args.lines),
           "--seed", str(args.seed)]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")

    def limit() -> None:
        if cap_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    done = subprocess.run(cmd, capture_output=True, text=True, env=env, preexec_fn=limit, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        killed = "MemoryError" in done.stderr or done.returncode < 0
        return {"path": path, "min_support": min_support, "error": "out of memory" if killed else tail}
    return json.loads(lines[-1])


def _available_bytes() -> int:
    with open("/proc/meminfo") as handle:
        info = dict(line.split(":", 1) for line in handle)
    return int(info["MemAvailable"].split()[0]) * 1024


def _describe(r: dict, cap_gb: float | None) -> str:
    if "error" in r:
        where = f" at the {cap_gb:.0f} GB cap" if cap_gb and r["error"] == "out of memory" else ""
        detail = f" after {r['seconds']:.1f} s: {r['detail']}" if "detail" in r else ""
        return f"{r['path']:8s} min_support={r['min_support']:<6g} {r['error']}{where}{detail}"
    extra = f", explorer update {r['filter_ms']:.1f} ms" if "filter_ms" in r else ""
    return (f"{r['path']:8s} min_support={r['min_support']:<6g} {r['seconds']:7.2f} s (CPU {r['cpu_seconds']:.2f} s), "
            f"peak {r['peak_mb'] / 1024:6.2f} GB (log and libraries alone {r['base_mb'] / 1024:.2f} GB), "
            f"{r['itemsets']:,} itemsets, {r['rules_one_consequent']:,} one-item rules{extra}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baskets", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=3_500)
    parser.add_argument("--lines", type=float, default=25.0, help="mean lines per basket")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cap-gb", type=float, default=None, help="address-space cap of the tutorial child")
    parser.add_argument("--repeat", type=int, default=3, help="runs of our path (median reported)")
    parser.add_argument("--child", dest="path", choices=["tutorial", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--min-support", type=float, default=0.01, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.path:
        print(json.dumps(_child(args)))
        return

    log = _log(args)
    print(f"Log: {len(log):,} lines, {log['order_id'].nunique():,} baskets, {log['product'].nunique():,} "
          f"distinct items (seed {args.seed}); rules at confidence >= {MIN_CONFIDENCE}.")
    print(f"Machine: {os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start "
          "(wall times grow with the load; CPU times much less).")
    del log
    cap_gb = args.cap_gb or min(16.0, max(2.0, (_available_bytes() - 4 * GB) / GB))
    cap = int(cap_gb * GB)

    def ours(min_support: float) -> dict:
        runs = [_run(args, "ours", min_support, None) for _ in range(args.repeat)]
        ok = [r for r in runs if "error" not in r]
        if not ok:
            return runs[0]
        best = dict(ok[0])
        for key in ("seconds", "cpu_seconds", "peak_mb", "base_mb", "filter_ms"):
            best[key] = statistics.median(r[key] for r in ok)
        return best

    print(f"\nmin_support 0.01 (tutorial path capped at {cap_gb:.0f} GB of address space)")
    tutorial = _run(args, "tutorial", 0.01, cap)
    fast = ours(0.01)
    print(" ", _describe(tutorial, cap_gb))
    print(" ", _describe(fast, None), f"[median of {args.repeat}]")
    if "error" not in tutorial and "error" not in fast:
        print(f"  speed-up {tutorial['seconds'] / fast['seconds']:.0f}x "
              f"(CPU time {tutorial['cpu_seconds'] / fast['cpu_seconds']:.0f}x), "
              f"peak memory {tutorial['peak_mb'] / fast['peak_mb']:.0f}x lower "
              f"({(tutorial['peak_mb'] - tutorial['base_mb']) / max(fast['peak_mb'] - fast['base_mb'], 1):.0f}x "
              "counting only the memory above the log and libraries)")
        same = tutorial["itemsets"] == fast["itemsets"]
        print(f"  same itemsets found: {same} ({fast['itemsets']:,})")

    print("\nmin_support 0.005")
    tutorial = _run(args, "tutorial", 0.005, cap)
    fast = ours(0.005)
    print(" ", _describe(tutorial, cap_gb))
    print(" ", _describe(fast, None), f"[median of {args.repeat}]")
    if "error" not in fast:
        ok = fast["seconds"] < 5 and fast["peak_mb"] < 1024
        print(f"  target under 5 s and under 1 GB: {'met' if ok else 'NOT met'}")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
