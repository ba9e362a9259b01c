"""Customer lifetime value per customer: a purchase model times a spend model (Fader, Hardie & Lee 2005b).

Fader, Hardie & Lee (2005b, "RFM and CLV: Using Iso-Value Curves for Customer
Base Analysis", Journal of Marketing Research 42(4)) value each customer's
future as

    CLV = margin x expected spend per purchase x DERT,

where DERT, the *discounted expected residual transactions*, adds up all the
purchases the Pareto/NBD model expects from the customer over an unlimited
horizon, each discounted continuously (:mod:`crm_lessons.pareto_nbd`), and the
expected spend per purchase comes from the Gamma-Gamma model
(:mod:`crm_lessons.gamma_gamma`). An annual discount rate ``d`` becomes the
continuous rate ``log(1 + d) * period_days / 365.25`` per period (15 % a year
is 0.0027 a week, as in the paper).

Functions: :func:`customer_lifetime_values` (transaction log -> one row per
customer with P(alive), expected purchases, expected spend and CLV),
:func:`iso_value_grid` (CLV over recency x frequency for the iso-value chart)
and :func:`tier_changes` (how many customers move between two tierings).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_columns, require_dates, require_frame, require_probability, require_timestamp
from .bgnbd import bgnbd_summary
from .gamma_gamma import GammaGammaFit, fit_gamma_gamma, spend_summary
from .i18n import tr
from .pareto_nbd import ParetoNBDFit, fit_pareto_nbd

__all__ = ["customer_lifetime_values", "iso_value_grid", "tier_changes", "continuous_discount_rate"]


def continuous_discount_rate(annual_rate: float, period_days: float = 7.0) -> float:
    """Continuously compounded discount rate per period equivalent to ``annual_rate`` a year.

    Examples
    --------
    >>> round(continuous_discount_rate(0.15), 4)    # 15 % a year, weekly periods (FHL 2005b)
    0.0027
    """
    if isinstance(annual_rate, (bool, np.bool_)) or not isinstance(annual_rate, (int, float, np.integer, np.floating)):
        raise TypeError(tr("annual_discount must be a number such as 0.15 for 15 % a year, got {type_name}.",
                           type_name=type(annual_rate).__name__))
    if not 0 < annual_rate < 1:
        raise ValueError(tr("annual_discount must lie between 0 and 1 (0.15 for 15 % a year), got {annual_rate:g}.",
                            annual_rate=annual_rate))
    return float(np.log1p(annual_rate) * period_days / 365.25)


def customer_lifetime_values(tx: pd.DataFrame, *, customer: str = "customer_id", date: str = "date",
                             amount: str = "amount", as_of: Any = None, annual_discount: float = 0.15,
                             margin: float = 1.0, forecast_periods: float = 52.0,
                             period_days: float = 7.0) -> pd.DataFrame:
    """From a transaction log to each customer's expected future purchases, spend and lifetime value.

    Fits a Pareto/NBD purchase model and a Gamma-Gamma spend model on the log
    up to ``as_of`` and values every customer whose first purchase falls on
    or before it.

    Parameters
    ----------
    tx : DataFrame
        One row per purchase line.
    customer, date, amount : str
        Column names of the customer id, the purchase date and the amount spent.
    as_of : date-like, optional
        The valuation day: the end of the period the models learn from
        (default: the last purchase date in ``tx``).
    annual_discount : float
        Yearly discount rate, e.g. 0.15.
    margin : float
        Share of spend that is profit, in (0, 1]; the default 1.0 values
        revenue, as Fader, Hardie & Lee (2005b) do for CDNOW.
    forecast_periods : float
        Horizon of the ``expected_purchases`` column, in periods (default 52 weeks).
    period_days : float
        Length of one period in days (7 = weeks).

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency``, ``recency``, ``T`` (periods),
        ``monetary_value`` (mean repeat spend so far), ``p_alive``,
        ``expected_purchases`` (next ``forecast_periods``), ``expected_spend``
        (per purchase), ``dert`` and ``clv`` (currency of ``amount``), sorted by
        ``clv``, highest first. ``attrs["purchase_model"]`` and
        ``attrs["spend_model"]`` hold the two fits, ``attrs["discount_rate"]``
        the rate per period and ``attrs["left_out_of_spend_fit"]`` the number
        of repeat buyers whose repeat purchases were all free (spend 0), which
        the spend model cannot fit; they are valued like everyone else.

    Examples
    --------
    >>> from crm_lessons import datasets
    >>> table = customer_lifetime_values(datasets.load("cdnow_sample"), as_of="1997-09-30")
    >>> len(table), list(table.columns[4:])
    (2357, ['p_alive', 'expected_purchases', 'expected_spend', 'dert', 'clv'])
    >>> round(table.attrs["spend_model"].p, 2), round(table.attrs["purchase_model"].r, 2)
    (6.25, 0.55)
    """
    tx = require_frame(tx, "tx")
    margin = require_probability(margin, "margin")
    if as_of is None:
        require_columns(tx, {"date": date}, "tx")
        as_of = require_dates(tx, date, "tx").max()
    as_of = require_timestamp(as_of, "as_of", example="1997-09-30")
    rate = continuous_discount_rate(annual_discount, period_days)
    rfm = bgnbd_summary(tx, customer=customer, date=date, calibration_end=as_of, period_days=period_days)
    spend = spend_summary(tx, customer=customer, date=date, amount=amount, calibration_end=as_of)
    table = rfm[["frequency", "recency", "T"]].join(spend[["monetary_value"]])
    purchases = fit_pareto_nbd(table)
    # A repeat buyer whose purchases were all free (spend 0) has zero likelihood under the spend model:
    # they are left out of its fit (counted in attrs) but still valued.
    free = (table["frequency"] > 0) & (table["monetary_value"] <= 0)
    spending = fit_gamma_gamma(table[~free])
    table["p_alive"] = purchases.probability_alive(table)
    table["expected_purchases"] = purchases.conditional_expected_purchases(table, forecast_periods)
    table["expected_spend"] = spending.conditional_expected_spend(table)
    table["dert"] = purchases.discounted_expected_transactions(table, rate)
    table["clv"] = margin * table["expected_spend"] * table["dert"]
    table = table.sort_values("clv", ascending=False, kind="stable")
    table.attrs.update(purchase_model=purchases, spend_model=spending, discount_rate=rate,
                       left_out_of_spend_fit=int(free.sum()),
                       as_of=as_of, margin=margin)
    return table


def iso_value_grid(purchase_model: ParetoNBDFit, spend_model: GammaGammaFit, T: float,
                   monetary_value: float, max_frequency: int = 14, recency_step: float = 1.0, *,
                   discount_rate: float, margin: float = 1.0) -> pd.DataFrame:
    """CLV of hypothetical customers over a grid of recency and frequency (FHL 2005b's iso-value curves).

    Every grid customer has been a customer for ``T`` periods and spent
    ``monetary_value`` on average per repeat purchase.

    Parameters
    ----------
    purchase_model, spend_model : ParetoNBDFit, GammaGammaFit
        Fitted models (e.g. ``table.attrs["purchase_model"]`` of
        :func:`customer_lifetime_values`).
    T : float
        Periods since the first purchase.
    monetary_value : float
        Average spend per repeat purchase.
    max_frequency : int
        Largest number of repeat purchases in the grid.
    recency_step : float
        Spacing of recency values from 0 to ``T``.
    discount_rate : float
        Continuous discount rate per period (see :func:`continuous_discount_rate`).
    margin : float
        Share of spend that is profit.

    Returns
    -------
    DataFrame
        Rows: recency (periods); columns: frequency 0..``max_frequency``;
        values: CLV. Cells with frequency 0 and recency > 0 are NaN (a
        customer with no repeat purchase has recency 0).

    Examples
    --------
    >>> pm = ParetoNBDFit(0.5534, 10.5802, 0.6061, 11.6711, float("nan"), 0, True)
    >>> sm = GammaGammaFit(6.25, 3.74, 15.44, float("nan"), 0, True)
    >>> grid = iso_value_grid(pm, sm, T=39, monetary_value=35, max_frequency=3, recency_step=13,
    ...                       discount_rate=0.0027)
    >>> grid.shape, bool(grid.loc[39.0, 3] > grid.loc[13.0, 3])
    ((4, 4), True)
    """
    if not isinstance(purchase_model, ParetoNBDFit):
        raise TypeError(tr("purchase_model must come from fit_pareto_nbd, got {type_name}.",
                           type_name=type(purchase_model).__name__))
    if not isinstance(spend_model, GammaGammaFit):
        raise TypeError(tr("spend_model must come from fit_gamma_gamma, got {type_name}.",
                           type_name=type(spend_model).__name__))
    if not (T > 0 and recency_step > 0 and monetary_value > 0 and max_frequency >= 1):
        raise ValueError(tr("T, recency_step and monetary_value must be positive and max_frequency at least 1."))
    recency = np.arange(0.0, T + 1e-9, recency_step)
    frequency = np.arange(0, int(max_frequency) + 1)
    x, t_x = np.meshgrid(frequency, recency)
    cells = pd.DataFrame({"frequency": x.ravel(), "recency": t_x.ravel(), "T": float(T),
                          "monetary_value": np.where(x.ravel() > 0, float(monetary_value), 0.0)})
    valid = (cells["frequency"] > 0) | (cells["recency"] == 0)
    value = (margin * spend_model.conditional_expected_spend(cells)
             * purchase_model.discounted_expected_transactions(cells, discount_rate)).where(valid)
    grid = pd.DataFrame(value.to_numpy().reshape(x.shape), index=pd.Index(recency, name="recency"),
                        columns=pd.Index(frequency, name="frequency"))
    return grid


def tier_changes(before: pd.Series, after: pd.Series) -> pd.DataFrame:
    """Cross-table of two tierings of the same customers, with totals.

    Examples
    --------
    >>> a = pd.Series(["key", "small", "key"], index=[1, 2, 3])
    >>> b = pd.Series(["key", "key", "small"], index=[1, 2, 3])
    >>> t = tier_changes(a, b)
    >>> int(t.loc["all", "all"]), t.attrs["changed"]
    (3, 2)
    """
    for arg, series in (("before", before), ("after", after)):
        if not isinstance(series, pd.Series):
            raise TypeError(tr("{arg} must be a pandas Series of tiers indexed by customer, got {type_name}.",
                               arg=arg, type_name=type(series).__name__))
    if not before.index.sort_values().equals(after.index.sort_values()):
        raise ValueError(tr("before and after must tier the same customers (their indexes differ)."))
    after = after.reindex(before.index)
    table = pd.crosstab(before.rename("before"), after.rename("after"), margins=True, margins_name="all")
    table.attrs["changed"] = int((before.astype(str) != after.astype(str)).sum())
    return table
