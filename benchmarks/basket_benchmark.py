"""Market-basket mining benchmarks: ``crm_lessons.basket`` against compiled C (pyfim) and mlxtend.

Two comparisons; each measurement runs in its own child process, so that one
path's memory never pollutes another's, and the peak resident memory of a child
is read with ``resource.getrusage`` (``ru_maxrss``) when it finishes.

**Miners** (the default): from the same boolean basket table (built with
``basket_matrix``, all items kept) to the frequent itemsets with their counts, at
supports from 0.02 down to 0.0007, on a simulated log with the shape of the UCI
Online Retail data set (Chen, Sain & Guo 2012): 18,532 baskets, 3,665 items,
long-tailed item popularity and basket sizes (mean about 20 items), themed
purchases and wholesale customers who re-order the same long list, which is
what makes the itemsets multiply at low support. Paths:

* ``crm``: ``frequent_itemsets(baskets, s)`` (the default method);
* ``pyfim``: Borgelt's C implementation of FP-growth (``fim.fpgrowth``,
  when installed: ``pip install pyfim``), list building included: the basket
  table is turned into one list of item names per basket first;
* ``mlxtend``: ``mlxtend.frequent_patterns.fpgrowth`` on the same table, down to
  ``--mlxtend-down-to`` (it takes minutes below).

Runs are interleaved (crm, pyfim, mlxtend, crm, ...) so that all paths meet the
same load on a shared machine, and the table shows medians of ``--repeat`` runs.
"ratio" is the crm wall time over the pyfim wall time, "CPU ratio" the same for
CPU time (steadier on a loaded machine); "peak MB" is the whole process,
"+MB" the part above the process before mining (Python, libraries, basket table).

**Tutorial** (``--tutorial``): the common tutorial path (mlxtend
``TransactionEncoder`` on all items, ``apriori``, ``association_rules``) against
``basket_matrix`` + ``frequent_itemsets`` + ``association_rules`` on the
``crm_lessons.simulate.retail_log`` log, at supports 0.01 and 0.005; the tutorial
child runs under an address-space limit (``--cap-gb``).

Run from the repository root::

    .venv/bin/python benchmarks/basket_benchmark.py              # miners, a few minutes
    .venv/bin/python benchmarks/basket_benchmark.py --tutorial   # tutorial path, a few minutes
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MIN_CONFIDENCE = 0.3
GB = 2**30
SUPPORTS = (0.02, 0.01, 0.005, 0.003, 0.002, 0.0015, 0.001, 0.0007)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # Linux reports KiB


# --------------------------------------------------------------------------------------------
# A log shaped like UCI Online Retail
# --------------------------------------------------------------------------------------------

def online_retail_like(n_baskets: int = 18_532, n_items: int = 3_665, *,
                       seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Simulated baskets with the shape of UCI Online Retail: (basket of each line, item of each line).

    Each basket mixes three sources:

    * a long-tailed background: a log-normal number of lines (mean 10), each item
      drawn with popularity proportional to ``(rank + 40) ** -0.9``;
    * themed purchases: a Poisson number (mean 1.4) of the 150 themes (popularity
      proportional to ``(rank + 10) ** -1``), and from each theme every member
      item with its own affinity (Beta(1, 2), so a few members nearly always come
      together);
    * wholesale re-orders: 60 long lists (about 22 items) each re-ordered
      2 + Poisson(15) times, every item kept with probability 0.85.

    Items are numbered so that the catalogue has ``n_items`` products; the same
    seed always gives the same log.
    """
    rng = np.random.default_rng(seed)
    popularity = (np.arange(1, n_items + 1) + 40.0) ** -0.9
    cum_items = np.cumsum(popularity) / popularity.sum()
    theme_of = rng.integers(0, 150, n_items)
    affinity = rng.beta(1.0, 2.0, n_items)
    members = [np.flatnonzero(theme_of == t) for t in range(150)]
    theme_weight = (np.arange(1, 151) + 10.0) ** -1.0
    cum_themes = np.cumsum(theme_weight) / theme_weight.sum()
    baskets: list[np.ndarray] = []
    for _ in range(60):
        size = max(2, int(rng.lognormal(np.log(22), 0.4)))
        wholesale = np.unique(np.searchsorted(cum_items, rng.random(size)))
        for _ in range(2 + rng.poisson(15)):
            baskets.append(wholesale[rng.random(len(wholesale)) < 0.85])
    sigma = 0.9
    background = np.round(rng.lognormal(np.log(10.0) - sigma**2 / 2, sigma, n_baskets - len(baskets)))
    for size in background.astype(np.int64):
        parts = [np.searchsorted(cum_items, rng.random(size))]
        for theme in np.searchsorted(cum_themes, rng.random(rng.poisson(1.4))):
            group = members[theme]
            parts.append(group[rng.random(len(group)) < affinity[group]])
        items = np.unique(np.concatenate(parts))
        baskets.append(items if len(items) else np.searchsorted(cum_items, rng.random(1)))
    baskets = [baskets[i] for i in rng.permutation(len(baskets))]
    basket_of = np.repeat(np.arange(len(baskets)), [len(b) for b in baskets])
    return basket_of, np.concatenate(baskets)


def _log_from_cache(path: str):
    import pandas as pd

    data = np.load(path)
    return pd.DataFrame({"order_id": data["basket"], "product": [f"SKU-{i:04d}" for i in data["item"]]})


# --------------------------------------------------------------------------------------------
# Miners: one path at one support, in a child process
# --------------------------------------------------------------------------------------------

def _miner_child(args: argparse.Namespace) -> dict:
    import warnings

    sys.path.insert(0, str(ROOT))
    from crm_lessons import basket

    baskets = basket.basket_matrix(_log_from_cache(args.cache))
    from crm_lessons.basket._common import min_basket_count

    min_count = min_basket_count(args.min_support, len(baskets))
    if args.path == "pyfim":
        import fim
    elif args.path == "mlxtend":
        with warnings.catch_warnings():
            from mlxtend.frequent_patterns import fpgrowth
    base_mb = _peak_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    if args.path == "crm":
        found = basket.frequent_itemsets(baskets, args.min_support, max_itemsets=10**9)
        n_itemsets, longest = len(found), int(found["length"].max())
    elif args.path == "pyfim":
        coo = baskets.sparse.to_coo().tocsr()
        names = np.array([str(c) for c in baskets.columns], dtype=object)
        items = names[coo.indices].tolist()
        bounds = coo.indptr.tolist()
        transactions = [items[lo:hi] for lo, hi in pairwise(bounds)]
        found = fim.fpgrowth(transactions, supp=-min_count, zmin=1, report="a")
        n_itemsets, longest = len(found), max(len(itemset) for itemset, _ in found)
    else:
        found = fpgrowth(baskets, min_support=args.min_support, use_colnames=True)
        n_itemsets, longest = len(found), int(found["itemsets"].map(len).max())
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {"path": args.path, "min_support": args.min_support, "seconds": seconds, "cpu_seconds": cpu,
            "peak_mb": _peak_mb(), "base_mb": base_mb, "itemsets": n_itemsets, "longest": longest}


def _spawn(args: argparse.Namespace, extra: list[str], timeout: float | None = None,
           cap_bytes: int | None = None) -> dict:
    cmd = [sys.executable, __file__, *extra]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")

    def limit() -> None:
        if cap_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, preexec_fn=limit, check=False,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        killed = "MemoryError" in done.stderr or done.returncode < 0
        return {"error": "out of memory" if killed else tail}
    return json.loads(lines[-1])


def _median(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[0]
    out = dict(ok[0])
    for key in ("seconds", "cpu_seconds", "peak_mb", "base_mb"):
        out[key] = statistics.median(r[key] for r in ok)
    out["runs"] = len(ok)
    return out


def _miners(args: argparse.Namespace) -> None:
    try:
        import fim  # noqa: F401
        paths = ["crm", "pyfim"]
    except ImportError:
        paths = ["crm"]
        print("pyfim is not installed (pip install pyfim): its column stays empty.")
    basket_of, item = online_retail_like(seed=args.seed)
    sizes = np.bincount(basket_of)
    print(f"Log: {len(item):,} basket lines, {len(sizes):,} baskets, {len(np.unique(item)):,} items, "
          f"basket size mean {sizes.mean():.1f}, median {np.median(sizes):.0f}, largest {sizes.max()} "
          f"(seed {args.seed}).")
    print(f"Machine: {os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start; "
          f"medians of {args.repeat} runs, each in its own process, paths interleaved.\n")
    with tempfile.TemporaryDirectory() as tmp:
        cache = str(Path(tmp) / "log.npz")
        np.savez(cache, basket=basket_of, item=item)
        rows = []
        for support in args.supports:
            use = paths + (["mlxtend"] if support >= args.mlxtend_down_to else [])
            runs: dict[str, list[dict]] = {p: [] for p in use}
            for _ in range(args.repeat):
                for path in use:
                    runs[path].append(_spawn(args, ["--child", path, "--min-support", str(support),
                                                    "--cache", cache], timeout=args.timeout))
            rows.append((support, {p: _median(r) for p, r in runs.items()}))
            _print_row(rows[-1], paths)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


def _cell(r: dict | None, key: str, fmt: str) -> str:
    if r is None:
        return "—"
    if "error" in r:
        return r["error"]
    return format(r[key], fmt)


_printed_header = False


def _print_row(row: tuple[float, dict], paths: list[str]) -> None:
    global _printed_header
    support, res = row
    cols = [p for p in ("crm", "pyfim", "mlxtend") if p in paths or p == "mlxtend"]
    if not _printed_header:
        head = ["min support", "itemsets", "longest"] + [f"{p} s" for p in cols] + ["ratio crm/pyfim",
                                                                                  "CPU ratio"] + \
               [f"{p} peak MB (+MB)" for p in cols]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        _printed_header = True
    crm = res.get("crm")
    counts = {p: r["itemsets"] for p, r in res.items() if "error" not in r}
    agree = len(set(counts.values())) <= 1
    itemsets = f"{next(iter(counts.values())):,}" if counts else "—"
    if not agree:
        itemsets = " / ".join(f"{p} {n:,}" for p, n in counts.items()) + " (DIFFER)"
    longest = str(crm["longest"]) if crm and "error" not in crm else "—"
    times = [_cell(res.get(p), "seconds", ".2f") for p in cols]
    pyfim = res.get("pyfim")
    both = crm and pyfim and "error" not in crm and "error" not in pyfim
    ratio = f"{crm['seconds'] / pyfim['seconds']:.2f}×" if both else "—"
    cpu_ratio = f"{crm['cpu_seconds'] / pyfim['cpu_seconds']:.2f}×" if both else "—"
    mems = []
    for p in cols:
        r = res.get(p)
        mems.append("—" if r is None else r.get("error") or f"{r['peak_mb']:.0f} (+{r['peak_mb'] - r['base_mb']:.0f})")
    print("| " + " | ".join([f"{support:g}", itemsets, longest, *times, ratio, cpu_ratio, *mems]) + " |", flush=True)


# --------------------------------------------------------------------------------------------
# Tutorial path against crm.basket (the comparison quoted in notebook 06)
# --------------------------------------------------------------------------------------------

def _tutorial_log(args: argparse.Namespace):
    sys.path.insert(0, str(ROOT))
    from crm_lessons.simulate.retail_log import retail_log

    return retail_log(n_baskets=args.baskets, n_items=args.items, mean_lines=args.lines, seed=args.seed).lines


def _tutorial_child(args: argparse.Namespace) -> dict:
    """Run one path of the tutorial comparison in this (child) process and return its figures."""
    import warnings

    import pandas as pd

    log = _tutorial_log(args)
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


def _tutorial(args: argparse.Namespace) -> None:
    log = _tutorial_log(args)
    print(f"Log: {len(log):,} lines, {log['order_id'].nunique():,} baskets, {log['product'].nunique():,} "
          f"distinct items (seed {args.seed}); rules at confidence >= {MIN_CONFIDENCE}.")
    print(f"Machine: {os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start "
          "(wall times grow with the load; CPU times much less).")
    del log
    cap_gb = args.cap_gb or min(16.0, max(2.0, (_available_bytes() - 4 * GB) / GB))
    cap = int(cap_gb * GB)
    common = ["--baskets", str(args.baskets), "--items", str(args.items), "--lines", str(args.lines),
              "--seed", str(args.seed)]

    def run(path: str, support: float, cap_bytes: int | None) -> dict:
        result = _spawn(args, ["--child", path, "--min-support", str(support), *common], cap_bytes=cap_bytes)
        return {"path": path, "min_support": support, **result}

    for support in (0.01, 0.005):
        print(f"\nmin_support {support} (tutorial path capped at {cap_gb:.0f} GB of address space)")
        tutorial = run("tutorial", support, cap)
        fast = _median([run("ours", support, None) for _ in range(args.repeat)])
        print(" ", _describe(tutorial, cap_gb))
        print(" ", _describe(fast, None), f"[median of {args.repeat}]")
        if "error" not in tutorial and "error" not in fast:
            print(f"  speed-up {tutorial['seconds'] / fast['seconds']:.0f}x "
                  f"(CPU time {tutorial['cpu_seconds'] / fast['cpu_seconds']:.0f}x), "
                  f"peak memory {tutorial['peak_mb'] / fast['peak_mb']:.0f}x lower; "
                  f"same itemsets found: {tutorial['itemsets'] == fast['itemsets']} ({fast['itemsets']:,})")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tutorial", action="store_true", help="compare with the mlxtend tutorial path instead")
    parser.add_argument("--supports", type=float, nargs="+", default=list(SUPPORTS))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path (median reported)")
    parser.add_argument("--mlxtend-down-to", type=float, default=0.003,
                        help="lowest support at which mlxtend's fpgrowth is timed")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a child is stopped")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the log; miners: 1 by default (itemset counts closest to the real log's; with "
                             "seed 0 one wholesale list makes them explode past 100 million at support 0.0007); "
                             "tutorial: 0 by default")
    parser.add_argument("--baskets", type=int, default=20_000, help="tutorial log only")
    parser.add_argument("--items", type=int, default=3_500, help="tutorial log only")
    parser.add_argument("--lines", type=float, default=25.0, help="tutorial log only: mean lines per basket")
    parser.add_argument("--cap-gb", type=float, default=None, help="address-space cap of the tutorial child")
    parser.add_argument("--child", dest="path", choices=["crm", "pyfim", "mlxtend", "tutorial", "ours"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--min-support", type=float, default=0.01, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = 0 if args.tutorial or args.path in ("tutorial", "ours") else 1
    if args.path in ("tutorial", "ours"):
        print(json.dumps(_tutorial_child(args)))
    elif args.path:
        print(json.dumps(_miner_child(args)))
    elif args.tutorial:
        _tutorial(args)
    else:
        _miners(args)


if __name__ == "__main__":
    main()
