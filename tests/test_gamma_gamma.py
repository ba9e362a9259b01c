"""Tests for crm_lessons.gamma_gamma: the Gamma-Gamma spend model.

The key test reproduces the published estimates on the CDNOW 1/10 sample's 946
repeat buyers in the 39-week calibration period: p = 6.25, q = 3.74,
gamma = 15.44, and a correlation of 0.11 between frequency and average spend
(Fader, P. S. & Hardie, B. G. S. (2013), "The Gamma-Gamma Model of Monetary
Value", http://brucehardie.com/notes/025/). The conditional expectation is
checked against a numerical integral of the posterior, not the closed form.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

import crm_lessons as crm
from crm_lessons import gamma_gamma as gg
from crm_lessons.gamma_gamma import GammaGammaFit


@pytest.fixture(scope="module")
def spend():
    return gg.spend_summary(crm.datasets.load("cdnow_sample"), calibration_end="1997-09-30")


def test_spend_summary_of_the_cdnow_sample(spend):
    assert len(spend) == 2357
    assert int((spend["frequency"] > 0).sum()) == 946
    # customer 1: repeat purchase days 1997-01-18 ($29.73) and 1997-08-02 ($14.96) before 1997-09-30
    assert spend.loc[1, "frequency"] == 2
    assert spend.loc[1, "monetary_value"] == pytest.approx((29.73 + 14.96) / 2)


def test_fit_reproduces_fader_hardie_2013(spend):
    fit = gg.fit_gamma_gamma(spend)
    assert fit.converged and fit.n_customers == 946
    assert round(fit.p, 2) == 6.25
    assert round(fit.q, 2) == 3.74
    assert round(fit.gamma, 2) == 15.44
    # the published point is (up to rounding) the maximum: the likelihood there is no higher than ours
    assert fit.log_likelihood >= gg.gamma_gamma_log_likelihood((6.25, 3.74, 15.44), spend) - 1e-9


def test_spend_and_frequency_are_nearly_independent(spend):
    assert round(gg.spend_frequency_correlation(spend), 2) == 0.11


def test_conditional_expected_spend_matches_the_posterior_mean():
    p, q, gamma = 6.25, 3.74, 15.44
    fit = GammaGammaFit(p, q, gamma, float("nan"), 0, True)
    x, m = 3, 50.0
    # posterior of nu given the x transactions (each gamma(p, nu)) under a gamma(q, gamma) prior;
    # the customer's mean spend is p / nu.
    prior = stats.gamma(q, scale=1 / gamma)

    def like(nu):   # density of the average of x gamma(p, nu) draws
        return stats.gamma(x * p, scale=1 / (x * nu)).pdf(m)

    evidence = integrate.quad(lambda nu: prior.pdf(nu) * like(nu), 0, np.inf)[0]
    mean = integrate.quad(lambda nu: p / nu * prior.pdf(nu) * like(nu), 0, np.inf)[0] / evidence
    got = fit.conditional_expected_spend(pd.DataFrame({"frequency": [x], "monetary_value": [m]})).iloc[0]
    assert got == pytest.approx(mean, rel=1e-6)
    assert fit.population_mean_spend == pytest.approx(integrate.quad(lambda nu: p / nu * prior.pdf(nu), 0, np.inf)[0])


def test_a_customer_with_many_purchases_is_judged_by_their_own_average():
    fit = GammaGammaFit(6.25, 3.74, 15.44, float("nan"), 0, True)
    s = pd.DataFrame({"frequency": [0, 1, 1000], "monetary_value": [0.0, 100.0, 100.0]})
    spend = fit.conditional_expected_spend(s)
    assert spend.iloc[0] == pytest.approx(fit.population_mean_spend)
    assert fit.population_mean_spend < spend.iloc[1] < spend.iloc[2] < 100
    assert spend.iloc[2] == pytest.approx(100, rel=1e-3)


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({"customer_id": [1], "date": ["1997-01-01"]}), "amount="),
    (pd.DataFrame({"customer_id": [1], "date": ["1997-01-01"], "amount": ["ten"]}), "'amount'.*numeric"),
    (pd.DataFrame({"customer_id": [1], "date": ["1997-01-01"], "amount": [-5.0]}), "negative"),
    (pd.DataFrame({"customer_id": [1], "date": ["someday"], "amount": [5.0]}), "not dates"),
])
def test_spend_summary_rejects_bad_logs(frame, message):
    with pytest.raises((ValueError, TypeError), match=message):
        gg.spend_summary(frame)


def test_fit_needs_repeat_buyers_with_positive_spend():
    with pytest.raises(ValueError, match="repeat buyers"):
        gg.fit_gamma_gamma(pd.DataFrame({"frequency": [0, 0], "monetary_value": [0.0, 0.0]}))
    with pytest.raises(ValueError, match="positive"):
        gg.fit_gamma_gamma(pd.DataFrame({"frequency": [1, 2], "monetary_value": [0.0, 5.0]}))
    with pytest.raises(ValueError, match="whole numbers"):
        gg.fit_gamma_gamma(pd.DataFrame({"frequency": [1.5, 2], "monetary_value": [3.0, 5.0]}))
    with pytest.raises(TypeError, match="pandas DataFrame"):
        gg.fit_gamma_gamma(...)
    with pytest.raises(ValueError, match="three positive numbers"):
        gg.gamma_gamma_log_likelihood((1.0, -1.0, 2.0), pd.DataFrame({"frequency": [1], "monetary_value": [5.0]}))
