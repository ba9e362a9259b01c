"""Customer value: lifetime value, Pareto concentration, value tiers, customer profit.

The yardstick of customer value identification is the profit a customer brings
over the whole relationship, not the size of the last order. This module gives
the pieces a chapter on customer value needs:

* :func:`clv` — the simple lifetime-value formula of Gupta & Lehmann (2003),
  ``m * r / (1 + d - r)``, and its finite-horizon sum;
* :func:`clv_sensitivity` — how much value moves when margin, retention or the
  discount rate improve by the same percentage (Gupta, Lehmann & Stuart 2004);
* :func:`pareto` and :func:`top_share` — the cumulative-share (Lorenz) table and
  the share of value held by the top customers; with profits that include losses
  the same table traces the "whale curve";
* :func:`value_tiers`, :func:`tier_summary` and :func:`tier_policy` — strategic,
  key, transactional and small customers and how to treat each tier (risk customers,
  风险客户, cannot be told from value alone: see :func:`value_tiers`);
* :func:`customer_value` — a customer-level revenue, margin and profit table
  from an order log.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    is_number,
    is_whole_number,
    require_columns,
    require_dates,
    require_finite_totals,
    require_frame,
    require_numbers,
    require_numeric,
)
from .i18n import tr

__all__ = ["TIERS", "clv", "clv_sensitivity", "pareto", "top_share", "value_tiers", "tier_summary",
           "tier_policy", "customer_value"]

#: The value tiers, most valuable first: the course deck's 战略客户 / 主要客户 / 交易客户, then the
#: small customers (小客户). Chinese names in ``reference/data_names.csv``.
TIERS = ["strategic", "key", "transactional", "small"]


# --------------------------------------------------------------------------------------------
# Lifetime value
# --------------------------------------------------------------------------------------------
def clv(margin: Any, retention: Any, discount: Any, periods: int | None = None) -> Any:
    """Customer lifetime value from margin, retention and discount rate.

    With ``periods=None`` this is the infinite-horizon formula of Gupta &
    Lehmann (2003), ``m * r / (1 + d - r)``: the customer yields margin ``m`` at
    the end of every period they are still a customer, stays from one period to
    the next with probability ``r``, and money one period later is worth
    ``1 / (1 + d)`` today. With an integer ``periods = T`` the sum stops after
    ``T`` periods: ``sum_{t=1..T} m * (r / (1 + d))**t``.

    Parameters
    ----------
    margin : float, array-like or Series
        Margin per period while the customer stays (money; may be negative).
    retention : float, array-like or Series
        Probability of staying from one period to the next, in ``[0, 1)``
        (``[0, 1]`` with a finite horizon).
    discount : float, array-like or Series
        Discount rate per period, ``>= 0`` (e.g. 0.10 for 10 % a year).
    periods : int, optional
        Number of future periods; ``None`` (default) for an infinite horizon.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        One type per kind of input:

        * every input a number -> ``float``;
        * any input a Series -> ``Series`` named ``clv`` on that Series' index (every
          Series input must have the same index, every list/array input its length);
        * otherwise (lists or arrays, maybe with numbers) -> ``numpy.ndarray`` of the
          broadcast shape.

    Examples
    --------
    >>> round(clv(100, 0.8, 0.1), 2)
    266.67
    >>> round(clv(100, 0.8, 0.1, periods=1), 2)   # one period: 100 * 0.8 / 1.1
    72.73
    >>> clv(100, [0.6, 0.8], 0.1).round(1).tolist()
    [120.0, 266.7]
    >>> clv(pd.Series([100.0, 50.0], index=["A", "B"]), 0.8, 0.1).round(1).to_dict()
    {'A': 266.7, 'B': 133.3}
    """
    m, m_idx = require_numbers(margin, "margin")
    r, r_idx = require_numbers(retention, "retention")
    d, d_idx = require_numbers(discount, "discount")
    if periods is not None:
        if not is_whole_number(periods):
            raise TypeError(tr("periods must be a whole number of periods or None, got {kind}.",
                               kind=type(periods).__name__))
        if periods < 1:
            raise ValueError(tr("periods must be at least 1 (or None for an infinite horizon), got {periods}.",
                                periods=periods))
    if (r < 0).any() or (r > 1).any() or (periods is None and (r >= 1).any()):
        bad = r[(r < 0) | (r > 1) | ((r >= 1) & (periods is None))][0]
        why = tr(" (at 1 customers never leave and the infinite sum has no limit)") if periods is None else ""
        interval = "[0, 1)" if periods is None else "[0, 1]"
        raise ValueError(tr("retention must lie in {interval}{why}, got {bad:g}.", interval=interval, why=why, bad=bad))
    if (d < 0).any():
        raise ValueError(tr("discount must be zero or more (a rate per period such as 0.1), got {d:g}.", d=d[d < 0][0]))
    try:
        m, r, d = np.broadcast_arrays(m, r, d)
    except ValueError:
        raise ValueError(tr("margin, retention and discount must be scalars or arrays of the same length.")) from None
    q = r / (1 + d)
    if periods is None:
        value = m * r / (1 + d - r)
    else:
        # q * (1 - q**T) / (1 - q), written to stay exact when q == 1 (r = 1, d = 0).
        value = m * np.where(np.isclose(q, 1.0), float(periods),
                             q * (1 - q ** periods) / np.where(np.isclose(q, 1.0), 1.0, 1 - q))
    indexes = [i for i in (m_idx, r_idx, d_idx) if i is not None]
    if indexes:
        index = indexes[0]
        if any(not other.equals(index) for other in indexes[1:]):
            raise ValueError(tr("margin, retention and discount are Series with different indexes; align them first, "
                                "e.g. retention.loc[margin.index]."))
        if value.shape != (len(index),):
            raise ValueError(tr("A Series input gives one CLV per row of its index ({n} rows), so every list or "
                                "array input must have that length too; the inputs broadcast to {shape}.",
                                n=len(index), shape=value.shape))
        return pd.Series(value, index=index, name="clv")
    if value.ndim == 0:
        return float(value)
    return value


def clv_sensitivity(margin: float, retention: float, discount: float, *,
                    changes: Sequence[float] = (0.01,), periods: int | None = None) -> pd.DataFrame:
    """Percentage change in CLV when one driver improves by a given percentage.

    Each driver is improved on its own, the others held fixed: margin and
    retention are raised by ``change`` (relative), the discount rate is lowered
    by ``change`` (relative), since a lower rate is the improvement. Retention is
    capped just below 1. Gupta, Lehmann & Stuart (2004) report that for five
    firms a 1 % better retention raised value by about 5 %, a 1 % better margin
    by about 1 %, and that retention mattered about five times more than the
    discount rate.

    Parameters
    ----------
    margin, retention, discount : float
        The base case (see :func:`clv`).
    changes : sequence of float
        Relative improvements to try, e.g. ``(0.01, 0.05, 0.10)``; each in ``(0, 1)``.
    periods : int, optional
        Finite horizon passed to :func:`clv`.

    Returns
    -------
    DataFrame
        One row per driver and change: ``driver``, ``change``, ``base_clv``,
        ``new_clv``, ``clv_change`` (relative, 0.05 = +5 %).

    Examples
    --------
    >>> s = clv_sensitivity(100, 0.8, 0.1)
    >>> s.set_index("driver")["clv_change"].round(4).to_dict()
    {'margin': 0.01, 'retention': 0.0377, 'discount': 0.0033}
    """
    for arg, value in {"margin": margin, "retention": retention, "discount": discount}.items():
        if not is_number(value):
            raise TypeError(tr("{arg} must be a single number, got {kind}.", arg=arg, kind=type(value).__name__))
    changes = list(changes) if not isinstance(changes, (int, float)) else [changes]
    for c in changes:
        if not is_number(c) or not 0 < c < 1:
            raise ValueError(tr("changes must hold relative improvements in (0, 1), e.g. 0.01 for 1 %, got {c!r}.",
                                c=c))
    base = clv(margin, retention, discount, periods)
    if base == 0:
        raise ValueError(tr("the base CLV is zero (margin or retention is 0), so a percentage change is undefined."))
    rows = []
    cap = np.nextafter(1.0, 0.0) if periods is None else 1.0
    for c in changes:
        for driver, new in (("margin", clv(margin * (1 + c), retention, discount, periods)),
                            ("retention", clv(margin, min(retention * (1 + c), cap), discount, periods)),
                            ("discount", clv(margin, retention, discount * (1 - c), periods))):
            rows.append({"driver": driver, "change": float(c), "base_clv": base, "new_clv": new,
                         "clv_change": new / base - 1})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Concentration: Pareto / Lorenz / whale curve
# --------------------------------------------------------------------------------------------
def _values_series(values: Any, arg: str = "values") -> pd.Series:
    """Validate per-customer values: a Series (index = customer) or array-like of numbers."""
    if values is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass one number per customer (a Series or a list).", arg=arg))
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise TypeError(tr("{arg} must be one column of values per customer (a Series), got a DataFrame with "
                               "{shape} columns; pick one, e.g. df['amount'].", arg=arg, shape=values.shape[1]))
        values = values.iloc[:, 0]
    wrong = TypeError(tr("{arg} must be a Series or list of numbers (one per customer), got {kind}.",
                         arg=arg, kind=type(values).__name__))
    if values is None or isinstance(values, (str, bytes, dict)) or np.isscalar(values):
        raise wrong
    try:
        series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(list(values)))
    except TypeError:
        raise wrong from None
    if len(series) == 0:
        raise ValueError(tr("{arg} is empty: there are no customers to rank.", arg=arg))
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(tr("{arg} must hold numbers, but it holds {dtype} values such as {sample}.",
                           arg=arg, dtype=series.dtype, sample=series.astype(str).head(3).tolist()))
    series = series.astype(float)
    if series.isna().any():
        raise ValueError(tr("{arg} has {n} missing value(s); fill them (e.g. with 0) or drop them first.",
                            arg=arg, n=int(series.isna().sum())))
    if np.isinf(series.to_numpy()).any():
        raise ValueError(tr("{arg} holds infinite values.", arg=arg))
    return series


def _rank_order(series: pd.Series) -> np.ndarray:
    """Positions sorted by value, highest first; ties keep their original order."""
    return np.argsort(-series.to_numpy(), kind="stable")


def pareto(values: Any) -> pd.DataFrame:
    """Cumulative-share table of customer value, for a Lorenz (or whale) curve.

    Customers are sorted from most to least valuable (ties keep their input
    order). For each rank the table gives the share of customers so far and
    the share of total value they hold. With non-negative values (revenue) the
    value share rises to 1 — the Pareto/Lorenz curve. With profits that include
    losses it climbs above 1 and falls back to 1 at the end: the "whale curve",
    whose peak says how much more profit the firm would make without its
    loss-making customers (before any fixed costs they help carry).

    Parameters
    ----------
    values : Series or array-like of numbers
        One value per customer (index = customer id when a Series). The total
        must be positive.

    Returns
    -------
    DataFrame
        Columns ``rank`` (1 = most valuable), ``customer`` (the index label),
        ``value``, ``customer_share`` and ``value_share`` (both cumulative,
        ending at 1).

    Examples
    --------
    >>> t = pareto([50, 10, 30, 10])
    >>> t[["value", "customer_share", "value_share"]].to_numpy().tolist()
    [[50.0, 0.25, 0.5], [30.0, 0.5, 0.8], [10.0, 0.75, 0.9], [10.0, 1.0, 1.0]]
    """
    series = _values_series(values)
    total = series.sum()
    if total <= 0:
        raise ValueError(tr("values must add up to more than zero to give shares of the total, got a total of "
                            "{total:g}.", total=total))
    order = _rank_order(series)
    sorted_values = series.to_numpy()[order]
    n = len(series)
    share = np.cumsum(sorted_values) / total
    share[-1] = 1.0       # remove rounding drift so the curve ends exactly at 1
    return pd.DataFrame({
        "rank": np.arange(1, n + 1),
        "customer": series.index[order],
        "value": sorted_values,
        "customer_share": np.arange(1, n + 1) / n,
        "value_share": share,
    })


def top_share(values: Any, fraction: float = 0.2) -> float:
    """Share of total value held by the top ``fraction`` of customers.

    Read off the Lorenz curve of :func:`pareto`, joining its points by straight
    lines, so that fractional customers count in part: with 7 customers the
    top 20 % is the best customer plus 0.4 of the second best. With the classic
    Pareto "20/80" pattern, ``top_share(values, 0.2)`` is about 0.8.

    Parameters
    ----------
    values : Series or array-like of numbers
        One value per customer; the total must be positive.
    fraction : float
        Share of customers, in (0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> top_share([50, 10, 30, 10], 0.25)
    0.5
    >>> top_share([40, 30, 20, 5, 5, 0, 0, 0, 0, 0], 0.2)
    0.7
    """
    if not is_number(fraction):
        raise TypeError(tr("fraction must be a number in (0, 1], e.g. 0.2 for the top 20 %, got {kind}.",
                           kind=type(fraction).__name__))
    if not 0 < fraction <= 1:
        raise ValueError(tr("fraction must lie in (0, 1], e.g. 0.2 for the top 20 %, got {fraction:g}.",
                            fraction=fraction))
    table = pareto(values)
    x = np.concatenate([[0.0], table["customer_share"].to_numpy()])
    y = np.concatenate([[0.0], table["value_share"].to_numpy()])
    return float(np.interp(fraction, x, y))


# --------------------------------------------------------------------------------------------
# Value tiers
# --------------------------------------------------------------------------------------------
def _tier_counts(n: int, shares: Sequence[float]) -> np.ndarray:
    """Number of customers in the first three tiers, by cumulative rounding (half up)."""
    cum = np.cumsum(shares)
    bounds = np.floor(n * cum + 0.5 + 1e-9).astype(int)
    return np.minimum(bounds, n)


def value_tiers(values: Any, shares: Sequence[float] = (0.05, 0.15, 0.50)) -> pd.Series:
    """Assign each customer a value tier: strategic, key, transactional or small.

    Customers are ranked by value, highest first. The top ``shares[0]`` of
    customers are *strategic* (战略客户), the next ``shares[1]`` *key* (主要客户),
    the next ``shares[2]`` *transactional* (交易客户) and the rest *small* (小客户).
    Counts are rounded half up on the cumulative shares (with 100 customers and
    the default shares: 5, 15, 50 and 30). A customer whose value is zero or
    negative is always *small*, wherever the ranking would put them. Ties are
    broken by the input order, so the result is the same on every run.

    Nobody is labelled a *risk customer* (风险客户). In the course decks a risk
    customer is one whose business carries risk — bad debt, broken promises, a
    cost to serve the margin never covers — and deck 002 warns that small
    customers are not to be cut for being small (对小客户的裁减要具体问题具体分析).
    One value per customer cannot show that risk: find risk customers in payment
    and cost-to-serve records, among customers of any tier.

    Parameters
    ----------
    values : Series or array-like of numbers
        One value per customer (CLV, profit, revenue, ...). A Series keeps its
        index in the result.
    shares : tuple of three floats
        Shares of customers in the strategic, key and transactional tiers;
        each ``>= 0`` and together at most 1; the small tier takes the rest.

    Returns
    -------
    Series
        Ordered categorical (``strategic > key > transactional > small`` in
        value) named ``tier``, with the index of ``values``.

    Examples
    --------
    >>> v = pd.Series([900, 50, 0, 300, 120, -20, 80, 60, 40, 10],
    ...               index=[f"C{i}" for i in range(10)])
    >>> value_tiers(v, shares=(0.1, 0.2, 0.4)).astype(str).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'C0': 'strategic', 'C1': 'transactional', 'C2': 'small', 'C3': 'key', 'C4': 'key',
     'C5': 'small', 'C6': 'transactional', 'C7': 'transactional', 'C8': 'transactional', 'C9': 'small'}
    """
    series = _values_series(values)
    if isinstance(shares, (str, bytes)) or not isinstance(shares, Sequence) or len(shares) != 3:
        raise TypeError(tr("shares must be three numbers: the shares of strategic, key and transactional customers, "
                           "e.g. (0.05, 0.15, 0.50); got {shares!r}.", shares=shares))
    for s in shares:
        if not is_number(s):
            raise TypeError(tr("shares must be numbers, got {s!r}.", s=s))
    if any(s < 0 for s in shares) or sum(shares) > 1 + 1e-9:
        raise ValueError(tr("shares must be zero or more and add up to at most 1, got {shares} (sum {total:g}).",
                            shares=tuple(shares), total=sum(shares)))
    n = len(series)
    bounds = _tier_counts(n, shares)
    position = np.empty(n, dtype=int)
    position[_rank_order(series)] = np.arange(n)
    code = np.searchsorted(bounds, position, side="right")      # 0..3
    code[series.to_numpy() <= 0] = 3
    dtype = pd.CategoricalDtype(TIERS[::-1], ordered=True)
    labels = np.array(TIERS)[code]
    return pd.Series(pd.Categorical(labels, dtype=dtype), index=series.index, name="tier")


def tier_summary(values: Any, tiers: pd.Series) -> pd.DataFrame:
    """Customers and value per tier: counts, totals and shares.

    Parameters
    ----------
    values : Series
        One value per customer (same index as ``tiers``).
    tiers : Series
        Output of :func:`value_tiers` (or any labels per customer).

    Returns
    -------
    DataFrame
        Indexed by tier (strategic first): ``customers``, ``customer_share``,
        ``value``, ``value_share``, ``mean_value``.

    Examples
    --------
    >>> v = pd.Series([100.0, 50.0, 30.0, 20.0])
    >>> tier_summary(v, value_tiers(v, (0.25, 0.25, 0.25)))["value_share"].tolist()
    [0.5, 0.25, 0.15, 0.1]
    """
    series = _values_series(values)
    if not isinstance(tiers, pd.Series):
        raise TypeError(tr("tiers must be a Series of tiers per customer (from value_tiers), got {kind}.",
                           kind=type(tiers).__name__))
    if len(tiers) != len(series) or not tiers.index.equals(series.index):
        raise ValueError(tr("values and tiers must have the same index (one tier per customer in values)."))
    if tiers.isna().any():
        raise ValueError(tr("tiers has {n} missing label(s).", n=int(tiers.isna().sum())))
    frame = pd.DataFrame({"tier": tiers, "value": series})
    out = frame.groupby("tier", observed=False, sort=False)["value"].agg(customers="size", value="sum")
    order = [t for t in TIERS if t in out.index] + [t for t in out.index if t not in TIERS]
    out = out.loc[order]
    out.index = pd.Index([str(i) for i in out.index], name="tier")
    out["customers"] = out["customers"].astype(int)
    out.insert(1, "customer_share", out["customers"] / len(series))
    total = series.sum()
    out["value_share"] = out["value"] / total if total != 0 else np.nan
    out["mean_value"] = (out["value"] / out["customers"].where(out["customers"] > 0)).astype(float)
    return out


def tier_policy() -> pd.DataFrame:
    """How to treat each value tier: relationship, resources and main goal.

    A teaching summary of the value-tier approach in the course: the more a
    customer is worth, the closer the relationship and the larger the share of
    service and marketing resources. Small customers are served at low cost and
    judged case by case (deck 002), never cut for their size alone, nor for
    being demanding or strict: such customers make us better. The deck's risk
    customers (风险客户: refuse service, end contact, invest cautiously) are not a
    value tier; :func:`value_tiers` explains why.

    Returns
    -------
    DataFrame
        Indexed by tier: ``relationship``, ``resources``, ``goal``.

    Examples
    --------
    >>> tier_policy().index.tolist()
    ['strategic', 'key', 'transactional', 'small']
    """
    rows = {
        "strategic": ("Partnership: dedicated account manager, joint planning, early access to new offers",
                      "Highest per customer: personal service, customised offers, retention first",
                      "Keep and deepen: protect against competitors, grow share of wallet"),
        "key": ("Close relationship: named contact, loyalty programme, regular check-ins",
                "High: priority service, cross-selling and up-selling offers",
                "Move up to strategic: raise purchase frequency and basket value"),
        "transactional": ("Efficient, mostly self-service: web shop, newsletters, standard offers",
                          "Moderate and automated: low cost per contact",
                          "Keep profitable at low cost; spot those with potential to move up"),
        "small": ("Standard terms, no tailored offers; look at each case before ending anything",
                  "Low: lowest-cost channels, fees or minimum order sizes where service costs exceed margin",
                  "Keep those that pay or can grow; never drop a customer only for being small, demanding or strict"),
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["relationship", "resources", "goal"])
    return table.rename_axis("tier")


# --------------------------------------------------------------------------------------------
# Customer-level value from orders
# --------------------------------------------------------------------------------------------
def customer_value(tx: pd.DataFrame, *, customer: str = "customer_id", order: str | None = "order_id",
                   date: str = "order_date", amount: str = "amount", margin: str | None = "margin",
                   cost_per_order: float = 0.0, cost_per_customer: float | pd.Series = 0.0,
                   as_of: Any = None) -> pd.DataFrame:
    """Revenue, margin, cost to serve and profit per customer from an order log.

    Parameters
    ----------
    tx : DataFrame
        One row per order (or order line; orders are then counted as distinct
        ``order`` ids).
    customer, order, date, amount, margin : str
        Column names. ``order=None`` counts each row as one order;
        ``margin=None`` means the log has no margin column, and margin is then
        taken to be the whole amount.
    cost_per_order : float
        Cost to serve one order (picking, shipping, payment...), money ``>= 0``.
    cost_per_customer : float or Series
        One-off cost of each customer, such as the cost of acquiring them,
        money ``>= 0``; a Series indexed by customer id gives each customer
        their own (customers missing from it are an error).
        Profit = margin - ``cost_per_order`` x orders - ``cost_per_customer``.
    as_of : date-like, optional
        Keep orders up to and including this date (default: all). The number of
        later orders left out is stored in ``result.attrs["dropped_after_as_of"]``.

    Returns
    -------
    DataFrame
        Indexed by customer: ``first_order``, ``last_order``, ``orders``,
        ``revenue``, ``margin``, ``cost_to_serve`` (orders and customer
        costs together), ``profit``, sorted by profit (highest first).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 2, 3],
    ...                    "order_date": ["2024-01-05", "2024-03-01", "2024-02-10"],
    ...                    "amount": [100.0, 40.0, 15.0], "margin": [30.0, 12.0, 4.0]})
    >>> customer_value(tx, cost_per_order=5)[["orders", "margin", "profit"]].to_dict("index")
    {'a': {'orders': 2, 'margin': 42.0, 'profit': 32.0}, 'b': {'orders': 1, 'margin': 4.0, 'profit': -1.0}}
    >>> customer_value(tx, cost_per_customer=pd.Series({"a": 10.0, "b": 2.0}))["profit"].to_dict()
    {'a': 32.0, 'b': 2.0}
    """
    tx = require_frame(tx, "tx")
    cols = {"customer": customer, "date": date, "amount": amount}
    if order is not None:
        cols["order"] = order
    if margin is not None:
        cols["margin"] = margin
    require_columns(tx, cols, "tx")
    if not is_number(cost_per_order):
        raise TypeError(tr("cost_per_order must be a number (money per order), got {kind}.",
                           kind=type(cost_per_order).__name__))
    if cost_per_order < 0 or not np.isfinite(cost_per_order):
        raise ValueError(tr("cost_per_order must be zero or more, got {cost_per_order:g}.",
                            cost_per_order=cost_per_order))
    if isinstance(cost_per_customer, pd.Series):
        if not pd.api.types.is_numeric_dtype(cost_per_customer) or pd.api.types.is_bool_dtype(cost_per_customer):
            raise TypeError(tr("cost_per_customer must hold numbers (money per customer)."))
        if (cost_per_customer < 0).any() or cost_per_customer.isna().any():
            raise ValueError(tr("cost_per_customer must be zero or more for every customer (no missing values)."))
    elif not is_number(cost_per_customer):
        raise TypeError(tr("cost_per_customer must be a number or a Series indexed by customer id, got {kind}.",
                           kind=type(cost_per_customer).__name__))
    elif cost_per_customer < 0 or not np.isfinite(cost_per_customer):
        raise ValueError(tr("cost_per_customer must be zero or more, got {cost_per_customer:g}.",
                            cost_per_customer=cost_per_customer))
    if tx[customer].isna().any():
        raise ValueError(tr("Column {customer!r} of tx has {n} missing customer id(s).",
                            customer=customer, n=int(tx[customer].isna().sum())))
    dates = require_dates(tx, date, "tx")
    revenue = require_numeric(tx, amount, "tx")
    margins = require_numeric(tx, margin, "tx") if margin is not None else revenue
    work = pd.DataFrame({"customer": tx[customer].to_numpy(), "date": dates.to_numpy(),
                         "revenue": revenue.to_numpy(), "margin": margins.to_numpy(),
                         "order": tx[order].to_numpy() if order is not None else np.arange(len(tx))})
    dropped = 0
    if as_of is not None:
        cutoff = pd.Timestamp(as_of)
        keep = work["date"] <= cutoff
        dropped = int((~keep).sum())
        work = work[keep]
        if work.empty:
            raise ValueError(tr("tx has no orders on or before as_of={date}.", date=cutoff.date()))
    grouped = work.groupby("customer", sort=True)
    with np.errstate(over="ignore"):          # an overflowing total is reported by name below
        out = pd.DataFrame({
            "first_order": grouped["date"].min(),
            "last_order": grouped["date"].max(),
            "orders": grouped["order"].nunique().astype(int),
            "revenue": grouped["revenue"].sum(),
            "margin": grouped["margin"].sum(),
        })
    if isinstance(cost_per_customer, pd.Series):
        missing = out.index.difference(cost_per_customer.index)
        if len(missing):
            raise ValueError(tr("cost_per_customer has no value for {n} customer(s) of tx, e.g. {examples}.",
                                n=len(missing), examples=list(missing[:3])))
        per_customer = cost_per_customer.reindex(out.index).astype(float)
    else:
        per_customer = float(cost_per_customer)
    out["cost_to_serve"] = out["orders"] * float(cost_per_order) + per_customer
    with np.errstate(over="ignore", invalid="ignore"):
        out["profit"] = out["margin"] - out["cost_to_serve"]
    require_finite_totals(out["revenue"], "revenue", amount)
    require_finite_totals(out["profit"], "profit", amount if margin is None else margin)
    out.index.name = customer
    out = out.sort_values("profit", ascending=False, kind="stable")
    out.attrs["dropped_after_as_of"] = dropped
    return out
