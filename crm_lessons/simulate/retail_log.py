"""A large, seeded retail transaction log for speed and memory benchmarks.

The bundled retailer (``company.py``) sells 48 products, far too few to show why
the textbook way of mining rules struggles at scale. This generator builds a log
shaped like a year of a mid-sized online retailer -- by default 20,000 baskets,
about 500,000 lines and 3,500 distinct products -- in well under a second, with
numpy only (no Python loop over baskets or lines).

What it plants:

* **Power-law popularity.** The product of popularity rank ``r`` is chosen for a
  line with probability proportional to ``(r + offset) ** -exponent`` (a
  Zipf-Mandelbrot law), so a few products sell in one basket in ten while most
  sell a handful of times a year.
* **Heavy-tailed basket sizes.** Lines per basket follow a log-normal law (plus
  one), so most baskets are small and a few wholesale-like baskets hold hundreds
  of lines, as in real retail logs.
* **Repeated lines.** Lines are drawn with replacement, so the same product can
  sit on two lines of one basket (a real log has them; a basket matrix must
  count the basket once).
* **Cross-selling associations.** ``n_associations`` pairs "antecedent ->
  consequent": when a basket holds the antecedent, the consequent is added with
  the pair's probability. They are returned in :attr:`RetailLog.associations`.

>>> log = retail_log(n_baskets=500, n_items=200, seed=1)
>>> list(log.lines.columns)
['order_id', 'product', 'quantity']
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RetailLog", "retail_log"]


@dataclass
class RetailLog:
    """A generated log: ``lines`` (one row per basket line) and the planted ``associations``."""

    lines: pd.DataFrame
    associations: pd.DataFrame


def _check_int(value: object, arg: str, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{arg} must be an int, got {type(value).__name__}.")
    if value < low:
        raise ValueError(f"{arg} must be at least {low}, got {value}.")
    return int(value)


def _check_float(value: object, arg: str, low: float, high: float) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{arg} must be a number, got {type(value).__name__}.")
    value = float(value)
    if not low <= value <= high:
        raise ValueError(f"{arg} must lie between {low:g} and {high:g}, got {value:g}.")
    return value


def retail_log(n_baskets: int = 20_000, n_items: int = 3_500, mean_lines: float = 25.0, *,
               exponent: float = 0.9, offset: float = 40.0, size_spread: float = 0.9,
               n_associations: int = 40, seed: int = 0) -> RetailLog:
    """Generate a large retail transaction log with power-law popularity and planted associations.

    Parameters
    ----------
    n_baskets : int
        Number of baskets (orders).
    n_items : int
        Number of distinct products in the catalogue (a few of the rarest may never sell).
    mean_lines : float
        Mean number of lines per basket, before the planted associations add a few.
    exponent, offset : float
        Popularity of the product ranked ``r`` (1 = best seller) is proportional to
        ``(r + offset) ** -exponent``.
    size_spread : float
        Standard deviation of the log of basket size: 0 gives baskets of equal size,
        about 1 gives the long tail of real retail logs.
    n_associations : int
        Number of planted "antecedent -> consequent" pairs among the 200 best sellers
        (antecedents) and the products ranked 50 to 400 (consequents).
    seed : int
        Seed of the random generator; the same arguments always give the same log.

    Returns
    -------
    RetailLog
        ``lines`` with columns ``order_id`` (``"B000001"``...), ``product``
        (``"SKU-0001"``...) and ``quantity``; ``associations`` with columns
        ``antecedent``, ``consequent`` and ``probability``.

    Examples
    --------
    >>> log = retail_log(n_baskets=1_000, n_items=300, mean_lines=10, seed=7)
    >>> log.lines["order_id"].nunique()
    1000
    >>> len(log.associations)
    40
    """
    n_baskets = _check_int(n_baskets, "n_baskets", 1)
    n_items = _check_int(n_items, "n_items", 2)
    mean_lines = _check_float(mean_lines, "mean_lines", 1.0, 10_000.0)
    exponent = _check_float(exponent, "exponent", 0.0, 5.0)
    offset = _check_float(offset, "offset", 0.0, 1e6)
    size_spread = _check_float(size_spread, "size_spread", 0.0, 3.0)
    n_associations = _check_int(n_associations, "n_associations", 0)
    seed = _check_int(seed, "seed", 0)
    rng = np.random.default_rng(seed)

    # Product codes are shuffled so that a code says nothing about popularity.
    codes = np.array([f"SKU-{i:04d}" for i in range(1, n_items + 1)], dtype=object)
    by_rank = rng.permutation(n_items)             # by_rank[r] = product index of rank r + 1
    weight = (np.arange(1, n_items + 1) + offset) ** -exponent
    weight /= weight.sum()

    # Basket sizes: 1 + log-normal with the requested mean.
    extra_mean = mean_lines - 1.0
    if extra_mean > 0:
        mu = np.log(extra_mean) - size_spread**2 / 2
        sizes = 1 + np.floor(rng.lognormal(mu, size_spread, n_baskets) + rng.random(n_baskets)).astype(np.int64)
    else:
        sizes = np.ones(n_baskets, dtype=np.int64)
    basket = np.repeat(np.arange(n_baskets), sizes)
    rank = np.searchsorted(np.cumsum(weight), rng.random(basket.size), side="right")
    item = by_rank[np.minimum(rank, n_items - 1)]

    # Planted associations: distinct antecedents among the best sellers.
    n_assoc = min(n_associations, max(0, min(200, n_items) // 2))
    top = min(200, n_items)
    antecedent_rank = rng.choice(top, size=n_assoc, replace=False)
    pool = np.setdiff1d(np.arange(min(50, n_items - 1), min(400, n_items)), antecedent_rank)
    consequent_rank = rng.choice(pool, size=n_assoc, replace=pool.size < n_assoc)
    probability = np.round(rng.uniform(0.3, 0.7, n_assoc), 2)
    antecedent, consequent = by_rank[antecedent_rank], by_rank[consequent_rank]
    added_basket, added_item = [], []
    for a, c, p in zip(antecedent, consequent, probability):
        holders = np.unique(basket[item == a])
        chosen = holders[rng.random(holders.size) < p]
        added_basket.append(chosen)
        added_item.append(np.full(chosen.size, c))
    basket = np.concatenate([basket, *added_basket])
    item = np.concatenate([item, *added_item])
    order = np.argsort(basket, kind="stable")
    basket, item = basket[order], item[order]

    lines = pd.DataFrame({
        "order_id": np.array([f"B{i:06d}" for i in range(1, n_baskets + 1)], dtype=object)[basket],
        "product": codes[item],
        "quantity": rng.geometric(0.5, basket.size),
    })
    associations = pd.DataFrame({
        "antecedent": codes[antecedent], "consequent": codes[consequent], "probability": probability,
    })
    return RetailLog(lines.astype({"order_id": "str", "product": "str"}), associations)
