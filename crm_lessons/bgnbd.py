"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005), fitted with scipy.

The story behind the model: while a customer is "alive" they buy at their own
steady rate (Poisson with rate ``lambda``); after each purchase they may drop out
for good with their own probability ``p``. Across customers ``lambda`` follows a
gamma distribution (shape ``r``, rate ``alpha``) and ``p`` a beta distribution
(``a``, ``b``). Only three numbers per customer are needed to fit it:

* ``frequency`` (x): repeat purchases in the calibration period — purchases on
  distinct days after the first one;
* ``recency`` (t_x): time of the last purchase, counted from the first;
* ``T``: time from the first purchase to the end of the calibration period.

Time is measured in weeks by default, as in Fader, Hardie & Lee (2005).

Functions: :func:`bgnbd_summary` (log -> x, t_x, T and holdout purchases),
:func:`fit_bgnbd` (maximum likelihood), and on the fitted :class:`BGNBDFit`:
``expected_purchases`` (new customer, first ``t`` periods),
``conditional_expected_purchases`` (each customer, next ``t`` periods),
``probability_alive``; :func:`repeat_tracking` compares expected and actual
cumulative repeat purchases week by week.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    is_number,
    is_whole_number,
    require_columns,
    require_dates,
    require_frame,
    require_number,
    require_numeric,
    require_periods,
)
from .i18n import tr

__all__ = ["MIN_CUSTOMERS", "bgnbd_summary", "fit_bgnbd", "BGNBDFit", "bgnbd_log_likelihood", "repeat_tracking",
           "conditional_by_frequency"]

_PARAMS = ("r", "alpha", "a", "b")
_LOG_BOUND = 12.0          # the optimiser searches log-parameters in [-12, 12] (parameters e^-12 .. e^12)
#: Fewest customers :func:`fit_bgnbd` accepts: a four-parameter model of differences between customers.
MIN_CUSTOMERS = 20


def _period_days(period_days: Any) -> float:
    if not is_number(period_days):
        raise TypeError(tr("period_days must be a number of days, e.g. 7 for weeks, got {kind}.",
                           kind=type(period_days).__name__))
    return require_number(period_days, "period_days", positive=True)


def bgnbd_summary(tx: pd.DataFrame, *, customer: str = "customer_id", date: str = "date",
                  calibration_end: Any = None, observation_end: Any = None,
                  period_days: float = 7.0) -> pd.DataFrame:
    """Summarise a transaction log into BG/NBD inputs: frequency, recency, T.

    Purchases on the same day count once. Only customers whose first purchase
    falls on or before ``calibration_end`` are kept (the others are counted in
    ``result.attrs["customers_after_calibration"]``).

    Parameters
    ----------
    tx : DataFrame
        One row per purchase (or purchase line).
    customer, date : str
        Column names of the customer id and the purchase date.
    calibration_end : date-like
        Last day of the calibration period (inclusive).
    observation_end : date-like, optional
        Last day of the holdout period; if given, the result also has
        ``holdout`` (purchases on distinct days after ``calibration_end`` up to
        this day).
    period_days : float
        Length of one period in days (7 = weeks).

    Returns
    -------
    DataFrame
        Indexed by customer: ``first_purchase``, ``frequency``, ``recency``,
        ``T`` (and ``holdout``).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-05", "2024-01-08"]})
    >>> s = bgnbd_summary(tx, calibration_end="2024-01-29", observation_end="2024-02-26")
    >>> s[["frequency", "recency", "T", "holdout"]].to_dict("list")
    {'frequency': [1, 0], 'recency': [2.0, 0.0], 'T': [4.0, 3.0], 'holdout': [1, 0]}
    """
    tx = require_frame(tx, "tx")
    require_columns(tx, {"customer": customer, "date": date}, "tx")
    if calibration_end is None:
        raise ValueError(tr("calibration_end is required: the last day of the calibration period, e.g. '1997-09-30'."))
    step = _period_days(period_days)
    if tx[customer].isna().any():
        raise ValueError(tr("Column {customer!r} of tx has {n} missing customer id(s).",
                            customer=customer, n=int(tx[customer].isna().sum())))
    days = require_dates(tx, date, "tx").dt.normalize()
    cal_end = pd.Timestamp(calibration_end)
    obs_end = pd.Timestamp(observation_end) if observation_end is not None else None
    if obs_end is not None and obs_end <= cal_end:
        raise ValueError(tr("observation_end ({date}) must come after calibration_end ({date2}).",
                            date=obs_end.date(), date2=cal_end.date()))
    visits = pd.DataFrame({"customer": tx[customer].to_numpy(), "day": days.to_numpy()}).drop_duplicates()
    first = visits.groupby("customer")["day"].min()
    late = first > cal_end
    first = first[~late]
    if first.empty:
        raise ValueError(tr("No customer made a first purchase on or before calibration_end={date}.",
                            date=cal_end.date()))
    visits = visits[visits["customer"].isin(first.index)]
    cal = visits[visits["day"] <= cal_end]
    per_day = pd.Timedelta(days=1)
    last = cal.groupby("customer")["day"].max().reindex(first.index)
    out = pd.DataFrame({
        "first_purchase": first,
        "frequency": (cal.groupby("customer").size().reindex(first.index) - 1).astype(int),
        "recency": (last - first) / per_day / step,
        "T": (cal_end - first) / per_day / step,
    })
    if obs_end is not None:
        hold = visits[(visits["day"] > cal_end) & (visits["day"] <= obs_end)]
        out["holdout"] = hold.groupby("customer").size().reindex(first.index, fill_value=0).astype(int)
    out.index.name = customer
    out.attrs["customers_after_calibration"] = int(late.sum())
    out.attrs["period_days"] = step
    return out


def _arrays(summary: pd.DataFrame, frequency: str, recency: str, T: str) -> tuple[np.ndarray, ...]:
    summary = require_frame(summary, "summary")
    require_columns(summary, {"frequency": frequency, "recency": recency, "T": T}, "summary")
    x = require_numeric(summary, frequency, "summary", non_negative=True).to_numpy()
    t_x = require_numeric(summary, recency, "summary", non_negative=True).to_numpy()
    big_t = require_numeric(summary, T, "summary", non_negative=True).to_numpy()
    if (x != np.round(x)).any():
        raise ValueError(tr("Column {frequency!r} of summary must hold whole numbers of repeat purchases.",
                            frequency=frequency))
    if (t_x > big_t + 1e-9).any():
        raise ValueError(tr("Column {recency!r} of summary exceeds {T!r} for {n} customer(s): the last purchase "
                            "cannot come after the end of the calibration period.",
                            recency=recency, T=T, n=int((t_x > big_t + 1e-9).sum())))
    if ((x > 0) & (t_x <= 0)).any():
        raise ValueError(tr("Customers with repeat purchases must have {recency!r} > 0.", recency=recency))
    return x, t_x, big_t


def _log_lik_terms(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood (Fader, Hardie & Lee 2005, eq. 6)."""
    from scipy.special import gammaln

    r, alpha, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    return common + np.logaddexp(_stay(r, alpha, a, b, x, big_t), _drop(r, alpha, a, b, x, t_x))


def _stay(r: float, alpha: float, a: float, b: float, x: np.ndarray, big_t: np.ndarray) -> np.ndarray:
    """Log of the part of the likelihood where the customer is still active at T."""
    from scipy.special import betaln

    return betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + big_t)


def _drop(r: float, alpha: float, a: float, b: float, x: np.ndarray, t_x: np.ndarray) -> np.ndarray:
    """Log of the part where the customer dropped out right after the last purchase (-inf if x = 0)."""
    from scipy.special import betaln

    repeat = x > 0
    out = np.full(x.shape, -np.inf)
    out[repeat] = betaln(a + 1, b + x[repeat] - 1) - betaln(a, b) - (r + x[repeat]) * np.log(alpha + t_x[repeat])
    return out


def bgnbd_log_likelihood(params: Any, summary: pd.DataFrame, *, frequency: str = "frequency",
                         recency: str = "recency", T: str = "T") -> float:
    """Total BG/NBD log-likelihood of ``params = (r, alpha, a, b)`` on ``summary``.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 5.0], "T": [10.0, 10.0]})
    >>> round(bgnbd_log_likelihood((1.0, 1.0, 1.0, 1.0), s), 4)
    -8.5907
    """
    p = np.asarray(params, dtype=float)
    if p.shape != (4,) or not (p > 0).all():
        raise ValueError(tr("params must be four positive numbers (r, alpha, a, b), got {params!r}.", params=params))
    x, t_x, big_t = _arrays(summary, frequency, recency, T)
    return float(_log_lik_terms(p, x, t_x, big_t).sum())


@dataclass(frozen=True)
class BGNBDFit:
    """A fitted BG/NBD model: the four parameters and the fit's log-likelihood."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int
    converged: bool

    @property
    def params(self) -> pd.Series:
        """The parameters as a Series ``r, alpha, a, b``."""
        return pd.Series([self.r, self.alpha, self.a, self.b], index=list(_PARAMS), name="estimate")

    def expected_purchases(self, t: Any) -> Any:
        """Expected repeat purchases of a new customer in their first ``t`` periods (FHL eq. 7).

        Examples
        --------
        >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, float("nan"), 0, True)
        >>> round(fit.expected_purchases(39.0), 3)
        1.197
        """
        from scipy.special import hyp2f1

        arr = require_periods(t)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        value = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + arr)) ** r
                                         * hyp2f1(r, b, a + b - 1, arr / (alpha + arr)))
        return float(value) if value.ndim == 0 else value

    def conditional_expected_purchases(self, summary: pd.DataFrame, t: float, frequency: str = "frequency",
                                       recency: str = "recency", T: str = "T") -> pd.Series:
        """Expected purchases of each customer in the next ``t`` periods, given their history (FHL eq. 10).

        Examples
        --------
        >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, float("nan"), 0, True)
        >>> s = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
        >>> round(float(fit.conditional_expected_purchases(s, 39).iloc[0]), 3)
        1.226
        """
        from scipy.special import hyp2f1

        x, t_x, big_t = _arrays(summary, frequency, recency, T)
        t = float(require_periods(t))
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        head = (a + b + x - 1) / (a - 1)
        body = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
        return pd.Series(head * body / self._alive_denominator(x, t_x, big_t), index=summary.index,
                         name="expected_purchases")

    def _alive_denominator(self, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray) -> np.ndarray:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        ratio = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300), 0.0)
        return 1 + ratio * ((alpha + big_t) / (alpha + t_x)) ** (r + x)

    def probability_alive(self, summary: pd.DataFrame, frequency: str = "frequency",
                          recency: str = "recency", T: str = "T") -> pd.Series:
        """Probability that each customer is still active at the end of calibration (FHL eq. 11).

        A customer with no repeat purchase is assumed alive (in this model they
        can only drop out right after a purchase).

        Examples
        --------
        >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, float("nan"), 0, True)
        >>> s = pd.DataFrame({"frequency": [0, 2, 2], "recency": [0.0, 38.0, 5.0], "T": [38.86] * 3})
        >>> fit.probability_alive(s).round(2).tolist()
        [1.0, 0.81, 0.12]
        """
        x, t_x, big_t = _arrays(summary, frequency, recency, T)
        return pd.Series(1 / self._alive_denominator(x, t_x, big_t), index=summary.index, name="p_alive")


def fit_bgnbd(summary: pd.DataFrame, *, frequency: str = "frequency", recency: str = "recency",
              T: str = "T") -> BGNBDFit:
    """Fit the BG/NBD model by maximum likelihood (scipy, L-BFGS-B on log-parameters).

    Parameters
    ----------
    summary : DataFrame
        One row per customer with repeat-purchase ``frequency``, ``recency`` and
        ``T`` (see :func:`bgnbd_summary`).
    frequency, recency, T : str
        Column names.

    Returns
    -------
    BGNBDFit
        ``r, alpha, a, b``, the maximised ``log_likelihood``, ``n_customers``
        and whether the optimiser converged to an interior maximum (``False`` when
        a parameter ended on the search bound, e^±12).

    Raises
    ------
    ValueError
        Fewer than :data:`MIN_CUSTOMERS` customers, or no repeat purchase at all.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> s = pd.DataFrame({"frequency": rng.poisson(2, 300)})
    >>> s["T"] = 30.0
    >>> s["recency"] = np.where(s["frequency"] > 0, rng.uniform(1, 30, 300), 0.0)
    >>> fit = fit_bgnbd(s)
    >>> fit.converged, fit.n_customers
    (True, 300)
    """
    from scipy.optimize import minimize
    from scipy.special import digamma, gammaln

    x, t_x, big_t = _arrays(summary, frequency, recency, T)
    if (big_t <= 0).all():
        raise ValueError(tr("Column {T!r} of summary must be positive for at least one customer.", T=T))
    if len(x) < MIN_CUSTOMERS:
        raise ValueError(tr("BG/NBD cannot be fitted on {n} customer(s): its four parameters describe how customers "
                            "differ, so it needs at least {MIN_CUSTOMERS} (the CDNOW example has 2,357).",
                            n=len(x), MIN_CUSTOMERS=MIN_CUSTOMERS))
    if not (x > 0).any():
        raise ValueError(tr("BG/NBD cannot be fitted: no customer made a repeat purchase (every frequency is 0), so "
                            "the data say nothing about purchase rates. Use a longer calibration period."))
    # Customers with identical (x, t_x, T) contribute identically: fit on the distinct rows, weighted.
    rows, counts = np.unique(np.column_stack([x, t_x, big_t]), axis=0, return_counts=True)
    ux, ut, uT = rows[:, 0], rows[:, 1], rows[:, 2]
    w = counts.astype(float)
    scale = max(float(w.sum()), 1.0)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = np.exp(theta)
        stay = _stay(r, alpha, a, b, ux, uT)
        drop = _drop(r, alpha, a, b, ux, ut)
        both = np.logaddexp(stay, drop)
        ll = gammaln(r + ux) - gammaln(r) + r * np.log(alpha) + both
        # Gradient: each part's derivative weighted by its share of the customer's likelihood.
        share_drop = np.exp(drop - both)
        share_stay = 1 - share_drop
        repeat = ux > 0
        d_common_r = digamma(r + ux) - digamma(r) + np.log(alpha)
        g_r = d_common_r - share_stay * np.log(alpha + uT) - share_drop * np.log(alpha + ut)
        g_alpha = r / alpha - share_stay * (r + ux) / (alpha + uT) - share_drop * (r + ux) / (alpha + ut)
        dab = digamma(a + b)
        g_a_stay = digamma(a) - digamma(a + b + ux) - (digamma(a) - dab)
        g_b_stay = digamma(b + ux) - digamma(a + b + ux) - (digamma(b) - dab)
        bx1 = np.where(repeat, b + ux - 1, 1.0)
        g_a_drop = digamma(a + 1) - digamma(a + bx1 + 1) - (digamma(a) - dab)
        g_b_drop = digamma(bx1) - digamma(a + bx1 + 1) - (digamma(b) - dab)
        g_a = share_stay * g_a_stay + share_drop * g_a_drop
        g_b = share_stay * g_b_stay + share_drop * g_b_drop
        grad = np.array([(w * g).sum() for g in (g_r, g_alpha, g_a, g_b)]) * np.exp(theta)
        return -float((w * ll).sum()) / scale, -grad / scale

    start = np.log([1.0, max(float(np.mean(big_t)), 1e-3), 1.0, 1.0])
    result = minimize(objective, start, jac=True, method="L-BFGS-B",
                      bounds=[(-_LOG_BOUND, _LOG_BOUND)] * 4, options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 2000})
    r, alpha, a, b = np.exp(result.x)
    ll = float((w * _log_lik_terms(np.exp(result.x), ux, ut, uT)).sum())
    # L-BFGS-B can stop on a line-search failure at a flat optimum; a vanishing gradient still counts.
    converged = bool(result.success) or float(np.max(np.abs(result.jac))) < 1e-5
    converged &= bool(np.all(np.abs(result.x) < _LOG_BOUND - 0.01))   # at a bound it is no maximum
    return BGNBDFit(float(r), float(alpha), float(a), float(b), ll, int(len(x)), converged)


def repeat_tracking(tx: pd.DataFrame, fit: BGNBDFit, *, customer: str = "customer_id", date: str = "date",
                    start: Any = None, end: Any = None, period_days: float = 7.0) -> pd.DataFrame:
    """Expected versus actual cumulative repeat purchases of a cohort, period by period.

    Each customer's expected repeat purchases by calendar time ``t`` are
    ``fit.expected_purchases(t - first_purchase)``; summed over the cohort this
    is the tracking curve Fader, Hardie & Lee (2005) compare with the real
    repeat purchases (purchases on distinct days after each customer's first).

    Parameters
    ----------
    tx : DataFrame
        The transaction log of the cohort.
    fit : BGNBDFit
        A fitted model (from :func:`fit_bgnbd`).
    customer, date : str
        Column names.
    start : date-like, optional
        Day 0 of the clock (default: the first purchase date in ``tx``).
    end : date-like, optional
        Last day to track (default: the last purchase date in ``tx``).
    period_days : float
        Length of one period in days (7 = weeks).

    Returns
    -------
    DataFrame
        One row per period ``1..n``: ``period``, ``period_end`` (date),
        ``actual`` and ``expected`` cumulative repeat purchases.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-01", "2024-01-10", "2024-01-03"]})
    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, float("nan"), 0, True)
    >>> repeat_tracking(tx, fit, end="2024-01-14")["actual"].tolist()
    [0, 1]
    """
    tx = require_frame(tx, "tx")
    require_columns(tx, {"customer": customer, "date": date}, "tx")
    if not isinstance(fit, BGNBDFit):
        raise TypeError(tr("fit must be the result of fit_bgnbd, got {kind}.", kind=type(fit).__name__))
    step = _period_days(period_days)
    days = require_dates(tx, date, "tx").dt.normalize()
    visits = pd.DataFrame({"customer": tx[customer].to_numpy(), "day": days.to_numpy()}).drop_duplicates()
    first = visits.groupby("customer")["day"].transform("min")
    clock0 = pd.Timestamp(start) if start is not None else visits["day"].min()
    last_day = pd.Timestamp(end) if end is not None else visits["day"].max()
    n_periods = int(np.floor(((last_day - clock0).days + 1) / step))
    if n_periods < 1:
        raise ValueError(tr("end must be at least one period after start."))
    period_end = clock0 + pd.to_timedelta(np.arange(1, n_periods + 1) * step - 1, unit="D")
    repeats = visits.loc[visits["day"] > first, "day"]
    actual = np.searchsorted(np.sort(repeats.to_numpy()), period_end.to_numpy(), side="right")
    births = visits.groupby("customer")["day"].min()
    birth_day = ((births - clock0) / pd.Timedelta(days=1)).to_numpy()
    # Time since each customer's first purchase at the end of each period (0 before it), in periods.
    end_day = np.arange(1, n_periods + 1) * step - 1
    elapsed = np.clip(end_day[:, None] - birth_day[None, :], 0, None) / step
    # Many customers share a first-purchase day: evaluate the model once per distinct elapsed time.
    distinct, position = np.unique(elapsed, return_inverse=True)
    expected = fit.expected_purchases(distinct)[position.reshape(elapsed.shape)].sum(axis=1)
    return pd.DataFrame({"period": np.arange(1, n_periods + 1), "period_end": period_end,
                         "actual": actual.astype(int), "expected": expected})


def conditional_by_frequency(summary: pd.DataFrame, fit: BGNBDFit, *, t: float, max_frequency: int = 7,
                             frequency: str = "frequency", recency: str = "recency", T: str = "T",
                             holdout: str = "holdout") -> pd.DataFrame:
    """Average predicted and actual holdout purchases by number of calibration repeat purchases.

    Customers with ``max_frequency`` or more repeat purchases are pooled into
    one group labelled ``"7+"`` (for the default), as in Fader, Hardie & Lee (2005).

    Parameters
    ----------
    summary : DataFrame
        Output of :func:`bgnbd_summary` with an ``observation_end`` (so it has
        a ``holdout`` column).
    fit : BGNBDFit
        The fitted model.
    t : float
        Length of the holdout period in periods: (``observation_end`` −
        ``calibration_end``) in days ÷ ``period_days``, e.g. 39 for 39 weeks.
    max_frequency : int
        Pool customers with this many repeat purchases or more.

    Returns
    -------
    DataFrame
        Indexed by ``frequency`` group (strings ``"0"``, ``"1"``, ...,
        ``"7+"``): ``customers``, ``actual``, ``expected`` (mean holdout
        purchases per customer).

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [0, 0, 1], "recency": [0.0, 0.0, 3.0], "T": [5.0] * 3,
    ...                   "holdout": [0, 1, 2]})
    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, float("nan"), 0, True)
    >>> conditional_by_frequency(s, fit, t=5, max_frequency=1)["actual"].tolist()
    [0.5, 2.0]
    """
    if not isinstance(fit, BGNBDFit):
        raise TypeError(tr("fit must be the result of fit_bgnbd, got {kind}.", kind=type(fit).__name__))
    summary = require_frame(summary, "summary")
    require_columns(summary, {"holdout": holdout}, "summary")
    t = require_number(t, "t", positive=True)
    if not is_whole_number(max_frequency) \
            or max_frequency < 1:
        raise ValueError(tr("max_frequency must be a whole number of at least 1, got {max_frequency!r}.",
                            max_frequency=max_frequency))
    actual = require_numeric(summary, holdout, "summary", non_negative=True)
    expected = fit.conditional_expected_purchases(summary, t, frequency, recency, T)
    x = summary[frequency].astype(int).clip(upper=max_frequency)
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    group = pd.Categorical.from_codes(x.to_numpy(), categories=labels)
    frame = pd.DataFrame({"frequency": group, "actual": actual.to_numpy(), "expected": expected.to_numpy()})
    out = frame.groupby("frequency", observed=True).agg(customers=("actual", "size"), actual=("actual", "mean"),
                                                       expected=("expected", "mean"))
    out.index = pd.Index([str(i) for i in out.index], name="frequency")
    return out
