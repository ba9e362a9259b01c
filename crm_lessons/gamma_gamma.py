"""The Gamma-Gamma model of average spend per transaction (Colombo & Jiang 1999; Fader & Hardie 2013).

The purchase models (BG/NBD, Pareto/NBD) say *how often* a customer will buy;
this model says *how much* they spend each time. Its story:

* each transaction of a customer is worth a random amount that scatters around
  the customer's own mean; the scatter is gamma with shape ``p`` and rate ``nu``;
* customers' ``nu`` differ, following a gamma distribution with shape ``q`` and
  rate ``gamma``.

The customer's observed average spend ``m_x`` over ``x`` transactions is then
a noisy reading of their true mean. The model's best guess of the true mean
(:meth:`GammaGammaFit.conditional_expected_spend`) is a weighted average of the
population mean ``p * gamma / (q - 1)`` and ``m_x``; the more transactions, the
more weight on the customer's own average.

The model assumes spend is independent of purchase frequency: check the
correlation of ``frequency`` and ``monetary_value`` first
(:func:`spend_frequency_correlation`).

Functions: :func:`spend_summary` (log -> frequency and average repeat spend),
:func:`fit_gamma_gamma` (maximum likelihood), :func:`gamma_gamma_log_likelihood`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_columns, require_dates, require_frame, require_numeric, require_timestamp
from .i18n import tr

__all__ = ["spend_summary", "fit_gamma_gamma", "GammaGammaFit", "gamma_gamma_log_likelihood",
           "spend_frequency_correlation"]


def spend_summary(tx: pd.DataFrame, *, customer: str = "customer_id", date: str = "date", amount: str = "amount",
                  calibration_end: Any = None) -> pd.DataFrame:
    """Repeat purchases and average spend per repeat purchase of each customer.

    Lines on the same day are added up into one transaction, as in
    :func:`crm_lessons.bgnbd.bgnbd_summary`. The first day of purchases is left
    out of the average (Fader & Hardie 2013 use the repeat transactions only);
    customers without a repeat purchase get ``monetary_value`` 0.

    Parameters
    ----------
    tx : DataFrame
        One row per purchase line.
    customer, date, amount : str
        Column names of the customer id, the purchase date and the amount spent.
    calibration_end : date-like, optional
        Last day (inclusive) of the period to summarise; default: the whole log.

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency`` (repeat purchase days) and
        ``monetary_value`` (mean spend per repeat purchase day).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2], "amount": [10.0, 5.0, 20.0, 40.0, 8.0],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-05", "2024-01-08"]})
    >>> spend_summary(tx).to_dict("list")
    {'frequency': [2, 0], 'monetary_value': [30.0, 0.0]}
    """
    tx = require_frame(tx, "tx")
    require_columns(tx, {"customer": customer, "date": date, "amount": amount}, "tx")
    spend = require_numeric(tx, amount, "tx", non_negative=True)
    if tx[customer].isna().any():
        raise ValueError(tr("Column {customer!r} of tx has {count} missing customer id(s).",
                            customer=customer, count=int(tx[customer].isna().sum())))
    days = require_dates(tx, date, "tx").dt.normalize()
    lines = pd.DataFrame({"customer": tx[customer].to_numpy(), "day": days.to_numpy(), "amount": spend.to_numpy()})
    if calibration_end is not None:
        cal_end = require_timestamp(calibration_end, "calibration_end", example="1997-09-30")
        lines = lines[lines["day"] <= cal_end]
        if lines.empty:
            raise ValueError(tr("tx has no purchase on or before calibration_end={cal_end_date}.",
                                cal_end_date=cal_end.date()))
    daily = lines.groupby(["customer", "day"], sort=True)["amount"].sum().reset_index()
    repeat = daily[daily.duplicated("customer")]          # every purchase day after the first
    customers = daily["customer"].unique()
    stats = repeat.groupby("customer")["amount"].agg(["size", "mean"]).reindex(customers)
    out = pd.DataFrame({"frequency": stats["size"].fillna(0).astype(int),
                        "monetary_value": stats["mean"].fillna(0.0)}, index=pd.Index(customers, name=customer))
    return out


def _arrays(summary: pd.DataFrame, frequency: str, monetary_value: str) -> tuple[np.ndarray, np.ndarray]:
    summary = require_frame(summary, "summary")
    require_columns(summary, {"frequency": frequency, "monetary_value": monetary_value}, "summary")
    x = require_numeric(summary, frequency, "summary", non_negative=True).to_numpy()
    m = require_numeric(summary, monetary_value, "summary", non_negative=True).to_numpy()
    if (x != np.round(x)).any():
        raise ValueError(tr("Column {frequency!r} of summary must hold whole numbers of repeat purchases.",
                            frequency=frequency))
    return x, m


def _repeaters(x: np.ndarray, m: np.ndarray, frequency: str, monetary_value: str) -> tuple[np.ndarray, np.ndarray]:
    keep = x > 0
    if not keep.any():
        raise ValueError(tr("No customer has {frequency!r} > 0: the spend model needs repeat buyers.",
                            frequency=frequency))
    if (m[keep] <= 0).any():
        raise ValueError(tr("Column {monetary_value!r} of summary must be positive for customers with repeat "
                            "purchases; {count} have zero spend.",
                            monetary_value=monetary_value, count=int((m[keep] <= 0).sum())))
    return x[keep], m[keep]


def _log_lik_terms(p: float, q: float, gamma: float, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of the average spend ``m`` over ``x`` transactions (F&H 2013, eq. 4)."""
    from scipy.special import gammaln

    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma) + (px - 1) * np.log(m)
            + px * np.log(x) - (px + q) * np.log(gamma + m * x))


def gamma_gamma_log_likelihood(params: Any, summary: pd.DataFrame, *, frequency: str = "frequency",
                               monetary_value: str = "monetary_value") -> float:
    """Total Gamma-Gamma log-likelihood of ``params = (p, q, gamma)`` over the repeat buyers of ``summary``.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [1, 3, 0], "monetary_value": [20.0, 35.0, 0.0]})
    >>> round(gamma_gamma_log_likelihood((6.25, 3.74, 15.44), s), 4)
    -7.6582
    """
    values = np.asarray(params, dtype=float)
    if values.shape != (3,) or not (values > 0).all():
        raise ValueError(tr("params must be three positive numbers (p, q, gamma), got {params!r}.", params=params))
    x, m = _repeaters(*_arrays(summary, frequency, monetary_value), frequency, monetary_value)
    return float(_log_lik_terms(*values, x, m).sum())


@dataclass(frozen=True)
class GammaGammaFit:
    """A fitted Gamma-Gamma spend model: ``p``, ``q``, ``gamma`` and the fit's log-likelihood."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int
    converged: bool

    @property
    def params(self) -> pd.Series:
        """The parameters as a Series ``p, q, gamma``."""
        return pd.Series([self.p, self.q, self.gamma], index=["p", "q", "gamma"], name="estimate")

    @property
    def population_mean_spend(self) -> float:
        """Mean spend per transaction across customers, ``p * gamma / (q - 1)`` (infinite if q <= 1).

        Examples
        --------
        >>> round(GammaGammaFit(6.25, 3.74, 15.44, float("nan"), 0, True).population_mean_spend, 2)
        35.22
        """
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("inf")

    def conditional_expected_spend(self, summary: pd.DataFrame, frequency: str = "frequency",
                                   monetary_value: str = "monetary_value") -> pd.Series:
        """Each customer's expected spend per transaction, given their history (F&H 2013, eq. 5).

        ``(gamma + m_x * x) * p / (p * x + q - 1)``: the population mean for a
        customer with no repeat purchase, moving towards their own average
        ``m_x`` as ``x`` grows.

        Examples
        --------
        >>> fit = GammaGammaFit(6.25, 3.74, 15.44, float("nan"), 0, True)
        >>> s = pd.DataFrame({"frequency": [0, 1, 10], "monetary_value": [0.0, 20.0, 20.0]})
        >>> fit.conditional_expected_spend(s).round(2).tolist()
        [35.22, 24.64, 20.64]
        """
        if self.q <= 1:
            raise ValueError(tr("q = {q:g} <= 1: the model's mean spend is infinite, so no expectation exists.",
                                q=self.q))
        x, m = _arrays(summary, frequency, monetary_value)
        value = (self.gamma + m * x) * self.p / (self.p * x + self.q - 1)
        return pd.Series(value, index=summary.index, name="expected_spend")


def fit_gamma_gamma(summary: pd.DataFrame, *, frequency: str = "frequency",
                    monetary_value: str = "monetary_value") -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood on the repeat buyers.

    Customers with ``frequency`` 0 are left out of the fit (they have no
    repeat spend to learn from); ``n_customers`` counts those used.

    Parameters
    ----------
    summary : DataFrame
        One row per customer with ``frequency`` (repeat purchases) and
        ``monetary_value`` (mean spend per repeat purchase), see :func:`spend_summary`.
    frequency, monetary_value : str
        Column names.

    Returns
    -------
    GammaGammaFit
        ``p, q, gamma``, the maximised ``log_likelihood``, ``n_customers`` and
        whether the optimiser converged.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> s = pd.DataFrame({"frequency": rng.integers(1, 6, 400)})
    >>> s["monetary_value"] = rng.gamma(4.0, 10.0, 400)
    >>> fit = fit_gamma_gamma(s)
    >>> fit.converged, fit.n_customers
    (True, 400)
    """
    from scipy.optimize import minimize
    from scipy.special import digamma

    x, m = _repeaters(*_arrays(summary, frequency, monetary_value), frequency, monetary_value)
    rows, counts = np.unique(np.column_stack([x, m]), axis=0, return_counts=True)
    ux, um, w = rows[:, 0], rows[:, 1], counts.astype(float)
    scale = float(w.sum())

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, gamma = np.exp(theta)
        px = p * ux
        ll = _log_lik_terms(p, q, gamma, ux, um)
        common = digamma(px + q)
        log_total = np.log(gamma + um * ux)
        g_p = ux * (common - digamma(px) + np.log(um) + np.log(ux) - log_total)
        g_q = common - digamma(q) + np.log(gamma) - log_total
        g_gamma = q / gamma - (px + q) / (gamma + um * ux)
        grad = np.array([(w * g).sum() for g in (g_p, g_q, g_gamma)]) * np.exp(theta)
        return -float((w * ll).sum()) / scale, -grad / scale

    start = np.log([1.0, 2.0, max(float(np.mean(m)), 1e-3)])
    # BFGS, not L-BFGS-B: for three parameters it is as fast and avoids L-BFGS-B's BLAS threads,
    # which slow it down a hundredfold on a busy machine.
    result = minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 2000})
    p, q, gamma = np.exp(result.x)
    ll = float((w * _log_lik_terms(p, q, gamma, ux, um)).sum())
    converged = bool(result.success) or float(np.max(np.abs(result.jac))) < 1e-5
    return GammaGammaFit(float(p), float(q), float(gamma), ll, int(len(x)), converged)


def spend_frequency_correlation(summary: pd.DataFrame, *, frequency: str = "frequency",
                                monetary_value: str = "monetary_value") -> float:
    """Pearson correlation of purchase frequency and average spend among repeat buyers.

    The Gamma-Gamma model assumes the two are independent; a correlation near
    zero (Fader & Hardie 2013 find 0.11 on the CDNOW sample) supports using it.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [1, 2, 3, 0], "monetary_value": [10.0, 10.5, 9.5, 0.0]})
    >>> round(spend_frequency_correlation(s), 3)
    -0.5
    """
    x, m = _repeaters(*_arrays(summary, frequency, monetary_value), frequency, monetary_value)
    if len(x) < 3:
        raise ValueError(tr("At least three repeat buyers are needed for a correlation."))
    return float(np.corrcoef(x, m)[0, 1])
