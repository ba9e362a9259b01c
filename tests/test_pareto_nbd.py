"""Tests for crm_lessons.pareto_nbd: the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987).

The key test reproduces the maximum-likelihood estimates on the CDNOW 1/10
sample published by Fader, P. S. & Hardie, B. G. S. (2005), "A Note on Deriving
the Pareto/NBD Model and Related Expressions" (http://brucehardie.com/notes/009/):
r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67, log-likelihood -9595.0. The
closed forms (likelihood in both the alpha >= beta and alpha < beta cases,
P(alive), conditional expectation, DERT) are checked against two-dimensional
numerical integrals over the gamma-distributed purchase and dropout rates.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate
from scipy.special import gammaincinv

import crm_lessons as crm
from crm_lessons import bgnbd, pareto_nbd
from crm_lessons.pareto_nbd import ParetoNBDFit

PUBLISHED = (0.5534, 10.5802, 0.6061, 11.6711)


@pytest.fixture(scope="module")
def cdnow_summary():
    tx = crm.datasets.load("cdnow_sample")
    return bgnbd.bgnbd_summary(tx, calibration_end="1997-09-30", observation_end="1998-06-30")


def by_integration(params, x, t_x, T, what, t=None, delta=None):
    """The model's expressions as integrals over lambda ~ gamma(r, alpha) and mu ~ gamma(s, beta)."""
    r, alpha, s, beta = params
    def lam_q(u):   # quantile functions of the two gamma distributions
        return gammaincinv(r, u) / alpha

    def mu_q(v):
        return gammaincinv(s, v) / beta

    def alive(lam, mu):   # bought x times and is still alive at T
        return lam ** x * np.exp(-(lam + mu) * T)

    def likelihood(lam, mu):
        return (lam ** x * mu / (lam + mu) * np.exp(-(lam + mu) * t_x)
                + lam ** (x + 1) / (lam + mu) * np.exp(-(lam + mu) * T))

    def over_priors(f):
        return integrate.dblquad(lambda v, u: f(lam_q(u), mu_q(v)), 0, 1, 0, 1, epsabs=0, epsrel=1e-8)[0]

    total = over_priors(likelihood)
    return {"ll": lambda: np.log(total),
            "alive": lambda: over_priors(alive) / total,
            "expected": lambda: over_priors(lambda lam, mu: alive(lam, mu) * lam / mu * (1 - np.exp(-mu * t))) / total,
            "dert": lambda: over_priors(lambda lam, mu: alive(lam, mu) * lam / (mu + delta)) / total}[what]()


def test_fit_reproduces_fader_hardie_note(cdnow_summary):
    fit = pareto_nbd.fit_pareto_nbd(cdnow_summary)
    assert fit.converged and fit.n_customers == 2357
    assert [round(v, 2) for v in fit.params] == [0.55, 10.58, 0.61, 11.67]
    assert round(fit.log_likelihood, 1) == -9595.0
    # the published point is the maximum up to its rounding
    published_ll = pareto_nbd.pareto_nbd_log_likelihood(PUBLISHED, cdnow_summary)
    assert fit.log_likelihood == pytest.approx(published_ll, abs=1e-3)
    assert fit.log_likelihood >= published_ll - 1e-9


@pytest.mark.parametrize("params", [PUBLISHED, (0.8, 12.0, 0.5, 5.0), (1.0, 4.0, 1.0, 4.0)],
                         ids=["alpha<beta", "alpha>beta", "alpha=beta"])
def test_likelihood_matches_the_integral_in_each_case(params):
    rows = [(0, 0.0, 30.0), (3, 20.0, 30.0), (7, 9.0, 30.0), (2, 30.0, 30.0)]
    summary = pd.DataFrame(rows, columns=["frequency", "recency", "T"])
    expected = sum(by_integration(params, *row, "ll") for row in rows)
    assert pareto_nbd.pareto_nbd_log_likelihood(params, summary) == pytest.approx(expected, rel=1e-7)


def test_likelihood_stays_finite_for_very_frequent_buyers():
    summary = pd.DataFrame({"frequency": [400, 2000], "recency": [50.0, 77.0], "T": [78.0, 78.0]})
    for params in (PUBLISHED, (0.8, 40.0, 0.5, 2.0)):
        assert np.isfinite(pareto_nbd.pareto_nbd_log_likelihood(params, summary))


def test_p_alive_conditional_expectation_and_dert_match_the_integrals():
    fit = ParetoNBDFit(*PUBLISHED, float("nan"), 0, True)
    rows = [(0, 0.0, 38.86), (2, 38.0, 38.86), (2, 5.0, 38.86), (6, 30.43, 38.86)]
    summary = pd.DataFrame(rows, columns=["frequency", "recency", "T"])
    alive = fit.probability_alive(summary)
    expected = fit.conditional_expected_purchases(summary, 39)
    dert = fit.discounted_expected_transactions(summary, 0.0027)
    for i, row in enumerate(rows):
        assert alive.iloc[i] == pytest.approx(by_integration(PUBLISHED, *row, "alive"), rel=1e-6)
        assert expected.iloc[i] == pytest.approx(by_integration(PUBLISHED, *row, "expected", t=39), rel=1e-6)
        assert dert.iloc[i] == pytest.approx(by_integration(PUBLISHED, *row, "dert", delta=0.0027), rel=1e-6)


def test_new_customer_expectation_is_the_conditional_one_at_time_zero():
    fit = ParetoNBDFit(*PUBLISHED, float("nan"), 0, True)
    fresh = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
    assert fit.conditional_expected_purchases(fresh, 52).iloc[0] == pytest.approx(fit.expected_purchases(52.0))
    assert fit.expected_purchases(39.0) == pytest.approx(by_integration(PUBLISHED, 0, 0.0, 0.0, "expected", t=39))


def test_holdout_forecast_is_close_to_what_happened(cdnow_summary):
    fit = pareto_nbd.fit_pareto_nbd(cdnow_summary)
    forecast = fit.conditional_expected_purchases(cdnow_summary, 39).sum()
    actual = cdnow_summary["holdout"].sum()          # 1,882 repeat purchases in weeks 40-78
    assert 0.85 * actual < forecast < actual


def test_bad_input_is_named():
    good = pd.DataFrame({"frequency": [1], "recency": [2.0], "T": [5.0]})
    with pytest.raises(ValueError, match="recency"):
        pareto_nbd.fit_pareto_nbd(pd.DataFrame({"frequency": [1], "recency": [9.0], "T": [5.0]}))
    with pytest.raises(ValueError, match="T="):
        pareto_nbd.fit_pareto_nbd(good.drop(columns="T"))
    with pytest.raises(ValueError, match="four positive"):
        pareto_nbd.pareto_nbd_log_likelihood((1, 1, 1), good)
    fit = ParetoNBDFit(*PUBLISHED, float("nan"), 0, True)
    with pytest.raises(ValueError, match="discount_rate must be positive"):
        fit.discounted_expected_transactions(good, 0.0)
    with pytest.raises(TypeError, match="discount_rate"):
        fit.discounted_expected_transactions(good, "15%")
    with pytest.raises(ValueError, match="t must be"):
        fit.conditional_expected_purchases(good, -1)


@pytest.mark.parametrize("model", ["pareto_nbd", "bgnbd"])
def test_both_models_check_t_with_the_one_shared_rule(model):
    fit = ParetoNBDFit(*PUBLISHED, float("nan"), 0, True) if model == "pareto_nbd" else \
        bgnbd.BGNBDFit(0.243, 4.414, 0.793, 2.426, float("nan"), 0, True)
    summary = pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [10.0]})
    for call in (fit.expected_purchases, lambda t: fit.conditional_expected_purchases(summary, t)):
        with pytest.raises(ValueError, match="t must be zero or more periods"):
            call(-1)
        with pytest.raises(ValueError, match="t must be zero or more periods"):
            call(float("nan"))
        with pytest.raises(TypeError, match="t must be a number of periods"):
            call("a year")
        with pytest.raises(TypeError, match="t is still `...`"):
            call(...)
