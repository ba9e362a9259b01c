"""The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987), fitted with scipy.

The model's story differs from BG/NBD (:mod:`crm_lessons.bgnbd`) in one point:
while alive, a customer buys at their own Poisson rate ``lambda`` (gamma across
customers, shape ``r``, rate ``alpha``) and, *at any moment* and not only after
a purchase, may drop out for good at their own exponential rate ``mu`` (gamma
across customers, shape ``s``, rate ``beta``). It needs the same three numbers
per customer as BG/NBD (frequency, recency, T; see
:func:`crm_lessons.bgnbd.bgnbd_summary`).

The likelihood contains a Gauss hypergeometric function; we evaluate it in log
space, in the two forms Fader & Hardie (2005, "A Note on Deriving the Pareto/NBD
Model and Related Expressions") give for ``alpha >= beta`` and ``alpha < beta``,
after Euler's transformation, so that the remaining function lies between 1 and
``1 / (1 - z)``: no overflow or underflow for frequent buyers.

Functions: :func:`fit_pareto_nbd`, :func:`pareto_nbd_log_likelihood`; on the
fitted :class:`ParetoNBDFit`: ``expected_purchases`` (new customer),
``conditional_expected_purchases``, ``probability_alive`` and
``discounted_expected_transactions`` (DERT, for lifetime value).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_columns, require_frame, require_numeric, require_periods
from .i18n import tr

__all__ = ["fit_pareto_nbd", "ParetoNBDFit", "pareto_nbd_log_likelihood"]

_PARAMS = ("r", "alpha", "s", "beta")


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
        raise ValueError(tr("Column {recency!r} of summary exceeds {T!r} for {count} customer(s): the last purchase "
                            "cannot come after the end of the calibration period.",
                            recency=recency, T=T, count=int((t_x > big_t + 1e-09).sum())))
    return x, np.minimum(t_x, big_t), big_t


def _log_tail(r: float, alpha: float, s: float, beta: float, x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """log of 2F1(r+s+x, b; r+s+x+1; z) / (max(alpha, beta) + t)^(r+s+x), the note's A_0 building block.

    With ``z = |alpha - beta| / (max(alpha, beta) + t)`` and ``b = s + 1`` if
    ``alpha >= beta``, else ``b = r + x``. Euler's transformation
    ``2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)`` leaves a
    function ``2F1(1, c - b; c; z)`` that lies between 1 and ``1 / (1 - z)``,
    so frequent buyers (large x) cannot overflow or underflow it.
    """
    from scipy.special import hyp2f1

    k = r + s + x
    high, low = (alpha, beta) if alpha >= beta else (beta, alpha)
    b = s + 1 if alpha >= beta else r + x
    z = (high - low) / (high + t)
    log_one_minus_z = np.log(low + t) - np.log(high + t)
    return (1 - b) * log_one_minus_z + np.log(hyp2f1(1.0, k + 1 - b, k + 1, z)) - k * np.log(high + t)


def _combine(params: Any, x: np.ndarray, big_t: np.ndarray, at_tx: np.ndarray,
             at_t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-customer (log L, log of the alive-at-T part, log of the dropped-before-T part) (F&H 2005, eq. 19)."""
    from scipy.special import gammaln

    r, alpha, s, beta = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = -(r + x) * np.log(alpha + big_t) - s * np.log(beta + big_t)
    with np.errstate(divide="ignore"):
        dropped = np.log(s / (r + s + x)) + at_tx + np.log(-np.expm1(np.minimum(at_t - at_tx, 0.0)))
    return common + np.logaddexp(alive, dropped), common + alive, common + dropped


def _log_parts(params: Any, x: np.ndarray, t_x: np.ndarray,
               big_t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_combine` with the hypergeometric terms computed for every customer."""
    r, alpha, s, beta = params
    return _combine(params, x, big_t, _log_tail(r, alpha, s, beta, x, t_x), _log_tail(r, alpha, s, beta, x, big_t))


def pareto_nbd_log_likelihood(params: Any, summary: pd.DataFrame, *, frequency: str = "frequency",
                              recency: str = "recency", T: str = "T") -> float:
    """Total Pareto/NBD log-likelihood of ``params = (r, alpha, s, beta)`` on ``summary``.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 5.0], "T": [10.0, 10.0]})
    >>> round(pareto_nbd_log_likelihood((1.0, 1.0, 1.0, 1.0), s), 4)
    -8.3096
    """
    values = np.asarray(params, dtype=float)
    if values.shape != (4,) or not (values > 0).all():
        raise ValueError(tr("params must be four positive numbers (r, alpha, s, beta), got {params!r}.", params=params))
    x, t_x, big_t = _arrays(summary, frequency, recency, T)
    return float(_log_parts(values, x, t_x, big_t)[0].sum())


@dataclass(frozen=True)
class ParetoNBDFit:
    """A fitted Pareto/NBD model: ``r, alpha, s, beta`` and the fit's log-likelihood."""

    r: float
    alpha: float
    s: float
    beta: float
    log_likelihood: float
    n_customers: int
    converged: bool

    @property
    def params(self) -> pd.Series:
        """The parameters as a Series ``r, alpha, s, beta``."""
        return pd.Series([self.r, self.alpha, self.s, self.beta], index=list(_PARAMS), name="estimate")

    def expected_purchases(self, t: Any) -> Any:
        """Expected repeat purchases of a new customer in their first ``t`` periods (SMC 1987; F&H 2005, eq. 17).

        Examples
        --------
        >>> fit = ParetoNBDFit(0.5534, 10.5802, 0.6061, 11.6711, float("nan"), 0, True)
        >>> round(fit.expected_purchases(39.0), 3)
        1.214
        """
        arr = require_periods(t)
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        value = r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + arr)) ** (s - 1))
        return float(value) if value.ndim == 0 else value

    def probability_alive(self, summary: pd.DataFrame, frequency: str = "frequency", recency: str = "recency",
                          T: str = "T") -> pd.Series:
        """Probability that each customer is still active at the end of calibration (F&H 2005, eq. 18).

        Examples
        --------
        >>> fit = ParetoNBDFit(0.5534, 10.5802, 0.6061, 11.6711, float("nan"), 0, True)
        >>> s = pd.DataFrame({"frequency": [0, 2, 2], "recency": [0.0, 38.0, 5.0], "T": [38.86] * 3})
        >>> fit.probability_alive(s).round(2).tolist()
        [0.3, 0.99, 0.13]
        """
        x, t_x, big_t = _arrays(summary, frequency, recency, T)
        total, alive, _ = _log_parts(self.params.to_numpy(), x, t_x, big_t)
        return pd.Series(np.exp(alive - total), index=summary.index, name="p_alive")

    def conditional_expected_purchases(self, summary: pd.DataFrame, t: float, frequency: str = "frequency",
                                       recency: str = "recency", T: str = "T") -> pd.Series:
        """Expected purchases of each customer in the next ``t`` periods, given their history (F&H 2005, eq. 21).

        Examples
        --------
        >>> fit = ParetoNBDFit(0.5534, 10.5802, 0.6061, 11.6711, float("nan"), 0, True)
        >>> s = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
        >>> round(float(fit.conditional_expected_purchases(s, 39).iloc[0]), 3)
        1.455
        """
        x, t_x, big_t = _arrays(summary, frequency, recency, T)
        t = float(require_periods(t))
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        alive = self.probability_alive(summary, frequency, recency, T).to_numpy()
        rate = (r + x) * (beta + big_t) / ((alpha + big_t) * (s - 1))
        value = alive * rate * (1 - ((beta + big_t) / (beta + big_t + t)) ** (s - 1))
        return pd.Series(value, index=summary.index, name="expected_purchases")

    def discounted_expected_transactions(self, summary: pd.DataFrame, discount_rate: float,
                                         frequency: str = "frequency", recency: str = "recency",
                                         T: str = "T") -> pd.Series:
        """Discounted expected residual transactions (DERT) of each customer (Fader, Hardie & Lee 2005b, eq. 2).

        All future purchases over an unlimited horizon, each discounted
        continuously at ``discount_rate`` per period: P(alive) times the expected
        purchase rate times the expected discounted lifetime,
        ``P(alive) * (r + x) / (alpha + T) * (beta + T)^s * delta^(s-1) * U(s, s, delta (beta + T))``
        where ``U`` is the confluent hypergeometric function of the second kind.

        Parameters
        ----------
        summary : DataFrame
            Frequency, recency and T per customer.
        discount_rate : float
            Continuously compounded discount rate per period, e.g.
            ``log(1.15) / 52`` for 15 % a year with weekly periods.

        Examples
        --------
        >>> fit = ParetoNBDFit(0.5534, 10.5802, 0.6061, 11.6711, float("nan"), 0, True)
        >>> s = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43], "T": [38.86] * 2})
        >>> fit.discounted_expected_transactions(s, 0.0027).round(2).tolist()
        [0.48, 6.48]
        """
        from scipy.special import hyperu

        if isinstance(discount_rate, (bool, np.bool_)) or not isinstance(
                discount_rate, (int, float, np.integer, np.floating)):
            raise TypeError(tr("discount_rate must be a number per period, got {type_name}.",
                               type_name=type(discount_rate).__name__))
        if not discount_rate > 0:
            raise ValueError(tr("discount_rate must be positive (e.g. 0.0027 a week for 15 % a year), got "
                                "{discount_rate:g}.", discount_rate=discount_rate))
        x, _, big_t = _arrays(summary, frequency, recency, T)
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        alive = self.probability_alive(summary, frequency, recency, T).to_numpy()
        delta = float(discount_rate)
        lifetime = (beta + big_t) ** s * delta ** (s - 1) * hyperu(s, s, delta * (beta + big_t))
        return pd.Series(alive * (r + x) / (alpha + big_t) * lifetime, index=summary.index, name="dert")


def fit_pareto_nbd(summary: pd.DataFrame, *, frequency: str = "frequency", recency: str = "recency",
                   T: str = "T") -> ParetoNBDFit:
    """Fit the Pareto/NBD model by maximum likelihood (scipy, Nelder-Mead on log-parameters).

    Customers with the same frequency share the hypergeometric terms of their
    recency and of their T, so each term is computed once per distinct
    (frequency, recency) and (frequency, T) pair: fast on large logs.

    Parameters
    ----------
    summary : DataFrame
        One row per customer with ``frequency``, ``recency`` and ``T`` (see
        :func:`crm_lessons.bgnbd.bgnbd_summary`).
    frequency, recency, T : str
        Column names.

    Returns
    -------
    ParetoNBDFit
        ``r, alpha, s, beta``, the maximised ``log_likelihood``,
        ``n_customers`` and whether the optimiser converged.

    Examples
    --------
    >>> from crm_lessons import bgnbd, datasets
    >>> summary = bgnbd.bgnbd_summary(datasets.load("cdnow_sample"), calibration_end="1997-09-30")
    >>> fit = fit_pareto_nbd(summary)
    >>> fit.params.round(2).tolist(), fit.converged
    ([0.55, 10.58, 0.61, 11.67], True)
    """
    from scipy.optimize import minimize

    x, t_x, big_t = _arrays(summary, frequency, recency, T)
    if (big_t <= 0).all():
        raise ValueError(tr("Column {T!r} of summary must be positive for at least one customer.", T=T))
    rows, counts = np.unique(np.column_stack([x, t_x, big_t]), axis=0, return_counts=True)
    w = counts.astype(float)
    scale = float(w.sum())
    # Distinct (x, t) pairs for the hypergeometric terms, looked up for every distinct customer row.
    pairs, inverse = np.unique(np.concatenate([rows[:, [0, 1]], rows[:, [0, 2]]]), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    at_tx_idx, at_t_idx = inverse[: len(rows)], inverse[len(rows):]
    ux, uT = rows[:, 0], rows[:, 2]

    def neg_ll(theta: np.ndarray) -> float:
        params = np.exp(theta)
        # Far from the optimum the optimiser may try parameters where a term underflows: reject those.
        with np.errstate(all="ignore"):
            tails = _log_tail(*params, pairs[:, 0], pairs[:, 1])
            ll = _combine(params, ux, uT, tails[at_tx_idx], tails[at_t_idx])[0]
            value = -float((w * ll).sum()) / scale
        return value if np.isfinite(value) else 1e10

    start = np.log([0.5, max(float(np.mean(big_t)) / 4, 1e-3), 0.5, max(float(np.mean(big_t)) / 4, 1e-3)])
    # Nelder-Mead needs no gradient (the hypergeometric terms have none in closed form) and copes with
    # the rejected corners of the parameter space; the tolerances give the published 4 digits.
    result = minimize(neg_ll, start, method="Nelder-Mead",
                      options={"xatol": 1e-6, "fatol": 1e-10, "maxiter": 4000, "maxfev": 4000})
    params = np.exp(result.x)
    ll = float((w * _log_parts(params, rows[:, 0], rows[:, 1], rows[:, 2])[0]).sum())
    converged = bool(result.success)
    return ParetoNBDFit(*map(float, params), ll, int(len(x)), converged)
