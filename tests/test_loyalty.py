"""Tests for crm_lessons.loyalty: reliability, construct scores, the driver model, defection."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import loyalty as L

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------
# Cronbach's alpha
# ---------------------------------------------------------------------------------------------
def test_alpha_hand_worked_example():
    # Cronbach (1951), "Coefficient alpha and the internal structure of tests", Psychometrika 16(3):
    # alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score).
    items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    # By hand (sample variances, n - 1 = 3):
    #   q1: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5  -> 5/3
    #   q2: mean 3,   squared deviations 1 + 1 + 1 + 1 = 4              -> 4/3
    #   q3: mean 3,   squared deviations 4 + 0 + 0 + 4 = 8              -> 8/3
    #   totals 4, 7, 10, 13: mean 8.5, squared deviations 20.25 + 2.25 + 2.25 + 20.25 = 45 -> 15
    #   alpha = 3/2 * (1 - (17/3) / 15) = 3/2 * 28/45 = 14/15
    expected = Fraction(3, 2) * (1 - Fraction(17, 3) / 15)
    assert expected == Fraction(14, 15)
    assert L.cronbach_alpha(items) == pytest.approx(float(expected), abs=1e-12)


def test_alpha_second_hand_example_with_two_items():
    # Two items, five respondents: a = [1, 2, 3, 4, 5] (variance 10/4), b = [2, 1, 4, 3, 5] (variance 10/4);
    # totals [3, 3, 7, 7, 10]: mean 6, squared deviations 9 + 9 + 1 + 1 + 16 = 36 -> variance 9.
    # alpha = 2 * (1 - 5 / 9) = 8/9.
    items = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 1, 4, 3, 5]})
    assert L.cronbach_alpha(items) == pytest.approx(8 / 9, abs=1e-12)


def test_alpha_is_one_for_identical_items_and_negative_for_contradicting_items():
    same = pd.DataFrame({"a": [1, 3, 4, 7], "b": [1, 3, 4, 7], "c": [1, 3, 4, 7]})
    assert L.cronbach_alpha(same) == pytest.approx(1.0)
    # A reverse-coded second item makes the total almost flat and alpha strongly negative:
    contra = pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 1, 1]})
    # variances 5/3 and 9/4; totals [5, 5, 4, 5] have variance 1/4 -> 2 * (1 - (47/12) / (1/4)) = -88/3
    assert L.cronbach_alpha(contra) == pytest.approx(-88 / 3)


def _cov_form_alpha(frame: pd.DataFrame) -> float:
    """Alpha from the covariance matrix: k^2 * mean off-diagonal covariance / sum of all covariances."""
    cov = frame.cov().to_numpy()
    k = cov.shape[0]
    off = (cov.sum() - np.trace(cov)) / (k * (k - 1))
    return k * k * off / cov.sum()


@st.composite
def likert_items(draw, min_items=2, max_items=5):
    """A latent trait measured by k items on a 1-7 scale (so the items share one scale)."""
    n = draw(st.integers(20, 60))
    k = draw(st.integers(min_items, max_items))
    seed = draw(st.integers(0, 2**31 - 1))
    noise = draw(st.floats(0.3, 2.0))
    rng = np.random.default_rng(seed)
    latent = rng.normal(0, 1, n)
    data = {f"q{j}": np.clip(np.rint(4 + latent + rng.normal(0, noise, n)), 1, 7).astype(int) for j in range(k)}
    frame = pd.DataFrame(data)
    sd = frame.std()
    assume((sd > 0).all() and sd.max() <= L.MAX_SD_RATIO * sd.min())
    assume(frame.sum(axis=1).var() > 0)
    return frame


@SETTINGS
@given(likert_items())
def test_alpha_matches_covariance_form_and_is_at_most_one(items):
    alpha = L.cronbach_alpha(items)
    assert alpha <= 1 + 1e-12
    assert alpha == pytest.approx(_cov_form_alpha(items), rel=1e-9, abs=1e-9)


@SETTINGS
@given(likert_items(), st.floats(-10, 10), st.floats(0.2, 5), st.randoms(use_true_random=False))
def test_alpha_invariant_to_shift_common_scale_and_order(items, shift, scale, rnd):
    alpha = L.cronbach_alpha(items)
    cols = list(items.columns)
    rnd.shuffle(cols)
    rows = list(range(len(items)))
    rnd.shuffle(rows)
    moved = (items * scale + shift)[cols].iloc[rows]
    assert L.cronbach_alpha(moved) == pytest.approx(alpha, rel=1e-9, abs=1e-9)


@SETTINGS
@given(likert_items(min_items=3))
def test_standardized_items_give_spearman_brown_alpha(items):
    # With z-scored items alpha equals k * r / (1 + (k - 1) * r), r the mean inter-item correlation.
    z = (items - items.mean()) / items.std()
    k = z.shape[1]
    corr = z.corr().to_numpy()
    r = (corr.sum() - k) / (k * (k - 1))
    assume(1 + (k - 1) * r > 1e-6)
    assert L.cronbach_alpha(z) == pytest.approx(k * r / (1 + (k - 1) * r), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("items, error, message", [
    (..., TypeError, r"still `\.\.\.`"),
    ([[1, 2], [3, 4]], TypeError, "must be a pandas DataFrame"),
    (pd.DataFrame({"q1": [1, 2, 3]}), ValueError, "at least 2 items"),
    (pd.DataFrame({"q1": [1, 2], "q2": [2, 3]}), ValueError, r"2 respondent\(s\).*at least 3"),
    (pd.DataFrame({"q1": [1, 2, 3], "q2": ["4", "5", "6"]}), TypeError, "Column 'q2' of items must be numeric"),
    (pd.DataFrame({"q1": [1, 2, 3], "q2": [True, False, True]}), TypeError, "Column 'q2' of items must be numeric"),
    (pd.DataFrame({"q1": [1, 2, 3], "q2": [4, None, 6]}), ValueError, "Column 'q2' of items has 1 missing"),
    (pd.DataFrame({"q1": [1, 2, 3], "q2": [4, 4, 4]}), ValueError, "Item 'q2' .* same value for every respondent"),
    (pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [10, 35, 60, 80, 100]}), ValueError,
     r"different scales: the standard deviation of 'q2' .* times that of 'q1'"),
    (pd.DataFrame({"q1": [1, 2, 3], "q2": [3, 2, 1]}), ValueError, "reverse-coded"),
])
def test_alpha_bad_input(items, error, message):
    with pytest.raises(error, match=message):
        L.cronbach_alpha(items)


def test_alpha_max_sd_ratio_validated_and_configurable():
    items = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [10, 35, 60, 80, 100]})
    assert L.cronbach_alpha(items, max_sd_ratio=100) == pytest.approx(_cov_form_alpha(items))
    with pytest.raises(ValueError, match="max_sd_ratio must be at least 1"):
        L.cronbach_alpha(items, max_sd_ratio=0.5)
    with pytest.raises(TypeError, match="max_sd_ratio must be a number"):
        L.cronbach_alpha(items, max_sd_ratio="4")


def test_reliability_table_on_small_survey_and_errors():
    survey = pd.DataFrame({"a1": [1, 2, 3, 4], "a2": [2, 2, 4, 4], "b1": [1, 2, 2, 1], "b2": [2, 1, 2, 1]})
    table = L.reliability_table(survey, {"a": ["a1", "a2"], "b": ["b1", "b2"]})
    assert table["construct"].tolist() == ["a", "b"]
    # a: variances 5/3 and 4/3, totals [3, 4, 7, 8] variance 17/3 -> 2 * (1 - 3 / (17/3)) = 16/17
    assert table.loc[0, "alpha"] == pytest.approx(16 / 17)
    assert table["reliable"].tolist() == [True, False]
    assert table["items"].tolist() == ["a1, a2", "b1, b2"]
    with pytest.raises(ValueError, match=r"constructs\['a'\] has 1 item\(s\); at least 2"):
        L.reliability_table(survey, {"a": ["a1"]})
    with pytest.raises(ValueError, match=r"Construct 'x': .*same value"):
        L.reliability_table(survey.assign(c=1), {"x": ["a1", "c"]})
    with pytest.raises(ValueError, match="threshold must lie in"):
        L.reliability_table(survey, {"a": ["a1", "a2"]}, threshold=70)


# ---------------------------------------------------------------------------------------------
# Construct scores and intentions by stage
# ---------------------------------------------------------------------------------------------
def test_construct_scores_are_item_means_and_keep_columns():
    survey = pd.DataFrame({"id": ["a", "b", "c"], "t1": [4, 6, 1], "t2": [5, 7, 2], "s1": [3, 3, 3]})
    scores = L.construct_scores(survey, {"trust": ["t1", "t2"], "single": ["s1"]}, keep=["id"])
    assert list(scores.columns) == ["id", "trust", "single"]
    assert scores["trust"].tolist() == [4.5, 6.5, 1.5]
    assert scores["single"].tolist() == [3.0, 3.0, 3.0]
    assert scores.index.equals(survey.index)


def test_every_listed_column_is_checked_not_only_the_last():
    survey = pd.DataFrame({"id": ["a", "b"], "t1": [4, 6], "t2": [5, 7], "y": [1.0, 2.0]})
    with pytest.raises(ValueError, match="no column for keep='region'"):
        L.construct_scores(survey, {"trust": ["t1", "t2"]}, keep=["region", "id"])
    with pytest.raises(ValueError, match="no column for drivers='value'"):
        L.driver_model(survey, ["value", "t1"], "y", stage=None)


def test_construct_scores_default_mapping_uses_every_complete_scale():
    survey = crm.datasets.load("survey")
    scores = L.construct_scores(survey)
    assert list(scores.columns) == list(L.CONSTRUCTS)
    # Independent check for one construct: the row mean of its three items.
    assert np.allclose(scores["switching_cost"], (survey["sc1"] + survey["sc2"] + survey["sc3"]) / 3)
    partial = survey.drop(columns=["pv1"])
    assert "perceived_value" not in L.construct_scores(partial).columns


@pytest.mark.parametrize("constructs, keep, error, message", [
    ({"trust": "t1"}, (), TypeError, r"constructs\['trust'\] must be a list"),
    ({"trust": ["t1", "zz"]}, (), ValueError, "survey has no column for constructs"),
    ([["t1", "t2"]], (), TypeError, "constructs must be a non-empty dict"),
    ({}, (), TypeError, "constructs must be a non-empty dict"),
    ({"trust": ["t1", "t2"]}, "id", TypeError, "keep must be a list"),
    ({"trust": ["t1", "t2"]}, ["nope"], ValueError, "survey has no column for keep='nope'"),
    ({"trust": ["t1", "big"]}, (), ValueError, "construct 'trust' seem to be on different scales"),
    ({"trust": ["t1", "word"]}, (), TypeError, "Column 'word' of survey must be numeric"),
])
def test_construct_scores_bad_input(constructs, keep, error, message):
    survey = pd.DataFrame({"id": ["a", "b", "c"], "t1": [4, 6, 1], "t2": [5, 7, 2],
                           "big": [10, 90, 50], "word": ["x", "y", "z"]})
    with pytest.raises(error, match=message):
        L.construct_scores(survey, constructs, keep=keep)


def test_construct_scores_without_known_scales_asks_for_mapping():
    with pytest.raises(ValueError, match="none of the default scales"):
        L.construct_scores(pd.DataFrame({"x": [1, 2]}))


def test_intentions_by_stage_orders_stages_along_the_lifecycle():
    survey = pd.DataFrame({"lifecycle_stage": ["decline", "stability", "identification", "stability", "other"],
                           "repurchase": [3, 6, 2, 7, 5], "recommendation": [1, 5, 2, 6, 4]})
    table = L.intentions_by_stage(survey, ["repurchase", "recommendation"])
    assert table.index.tolist() == ["identification", "stability", "decline", "other"]
    assert table.loc["stability", "repurchase"] == 6.5
    assert table.loc["decline", "recommendation"] == 1.0
    assert table["n"].tolist() == [1, 2, 1, 1]
    with pytest.raises(ValueError, match="survey has no column for stage='phase'"):
        L.intentions_by_stage(survey, ["repurchase"], stage="phase")
    with pytest.raises(ValueError, match="missing stage label"):
        L.intentions_by_stage(survey.assign(lifecycle_stage=[None, "a", "b", "c", "d"]), ["repurchase"])


def test_the_decks_lifecycle_table_against_the_simulated_survey():
    """The deck's strengths (crm.lifecycle.stage_table; it gives none for decline) rank the measured
    intentions much as the survey does; recommendation in development is where they part (see chapter 03)."""
    theory = crm.lifecycle.stage_table(numeric=True)
    assert theory.index.tolist() == L.STAGES and theory.loc["decline", L.INTENTIONS].isna().all()
    measured = L.intentions_by_stage(crm.datasets.load("survey"))
    given = theory.loc[["identification", "development", "stability"], L.INTENTIONS].stack()
    pairs = pd.DataFrame({"deck": given, "measured": measured[L.INTENTIONS].stack().reindex(given.index)})
    assert pairs["deck"].corr(pairs["measured"], method="spearman") > 0.7
    assert measured["repurchase"].idxmax() == "stability"


# ---------------------------------------------------------------------------------------------
# Driver model
# ---------------------------------------------------------------------------------------------
def _synthetic(n=20000, seed=1):
    """Independent standard-normal drivers; y = 0.6 a + 0.3 b + 0 c + noise with Var(y) = 1.

    So the population standardized effects are exactly 0.6, 0.3 and 0.
    """
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    data["y"] = 0.6 * data["a"] + 0.3 * data["b"] + np.sqrt(1 - 0.36 - 0.09) * rng.normal(size=n)
    data["stage"] = np.where(np.arange(n) % 2 == 0, "development", "identification")
    return data


def test_driver_model_recovers_known_standardized_effects():
    data = _synthetic()
    model = L.driver_model(data, ["a", "b", "c"], "y", stage="stage")
    assert model["stage"].unique().tolist() == ["all", "identification", "development"]
    for _, part in model.groupby("stage"):
        effects = part.set_index("driver")["effect"]
        assert effects["a"] == pytest.approx(0.6, abs=0.03)
        assert effects["b"] == pytest.approx(0.3, abs=0.03)
        assert effects["c"] == pytest.approx(0.0, abs=0.03)
        assert part.set_index("driver")["rank"].to_dict() == {"a": 1, "b": 2, "c": 3}
        # R^2 of the population model is 0.36 + 0.09
        assert part["r2"].iloc[0] == pytest.approx(0.45, abs=0.03)
    assert model.loc[model["stage"] == "all", "n"].iloc[0] == 20000


def test_driver_model_matches_scikit_learn_on_the_survey():
    from sklearn.linear_model import LinearRegression
    from sklearn.preprocessing import StandardScaler

    survey = crm.datasets.load("survey")
    scores = L.construct_scores(survey, keep=["lifecycle_stage"])
    model = L.driver_model(scores)
    for stage in ["all", *L.STAGES]:
        part = scores if stage == "all" else scores[scores["lifecycle_stage"] == stage]
        x = StandardScaler().fit_transform(part[L.DRIVERS])
        y = StandardScaler().fit_transform(part[["loyalty"]]).ravel()
        ref = LinearRegression().fit(x, y)
        raw = LinearRegression().fit(part[L.DRIVERS], part["loyalty"])
        got = model[model["stage"] == stage].set_index("driver").loc[L.DRIVERS]
        assert np.allclose(got["effect"], ref.coef_, atol=1e-10)
        assert np.allclose(got["coef"], raw.coef_, atol=1e-10)
        assert got["intercept"].iloc[0] == pytest.approx(raw.intercept_)
        assert got["r2"].iloc[0] == pytest.approx(ref.score(x, y))
        assert got["n"].iloc[0] == len(part)


@SETTINGS
@given(st.integers(0, 10_000), st.floats(0.1, 10), st.floats(-50, 50), st.floats(0.1, 10))
def test_driver_effects_invariant_to_units(seed, scale_x, shift, scale_y):
    data = _synthetic(n=300, seed=seed)
    base = L.driver_model(data, ["a", "b", "c"], "y", stage=None)
    moved = data.assign(a=data["a"] * scale_x + shift, y=data["y"] * scale_y - shift)
    other = L.driver_model(moved, ["a", "b", "c"], "y", stage=None)
    assert np.allclose(base["effect"], other["effect"], atol=1e-8)
    assert sorted(other["rank"]) == [1, 2, 3]
    # raw coefficient of a scales as scale_y / scale_x
    assert other["coef"].iloc[0] == pytest.approx(base["coef"].iloc[0] * scale_y / scale_x, rel=1e-6)


def test_driver_model_several_outcomes_are_fitted_separately():
    data = _synthetic(n=500).assign(y2=lambda d: -d["b"])
    model = L.driver_model(data, ["a", "b"], ["y", "y2"], stage=None)
    assert model["outcome"].tolist() == ["y", "y", "y2", "y2"]
    assert model.set_index(["outcome", "driver"]).loc[("y2", "b"), "effect"] == pytest.approx(-1.0)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"drivers": "a"}, TypeError, "drivers must be a non-empty list"),
    ({"drivers": ["a", "a"]}, ValueError, "lists a column twice"),
    ({"drivers": ["a", "y"]}, ValueError, "cannot be both a driver and the outcome"),
    ({"drivers": ["a", "zz"]}, ValueError, "data has no column for drivers='zz'"),
    ({"outcome": "zz"}, ValueError, "data has no column for outcome='zz'"),
    ({"stage": "phase"}, ValueError, "data has no column for stage='phase'"),
    ({"stage": None, "overall": False}, ValueError, "overall must be True"),
    ({"min_respondents": 2}, ValueError, "min_respondents must be at least 4"),
    ({"min_respondents": 2.5}, TypeError, "min_respondents must be a whole number"),
    ({"min_respondents": 150}, ValueError, r"Stage 'identification' has 100 respondents, fewer than the 150"),
])
def test_driver_model_bad_input(kwargs, error, message):
    data = _synthetic(n=200)
    args = {"drivers": ["a", "b"], "outcome": "y", "stage": "stage"} | kwargs
    with pytest.raises(error, match=message):
        L.driver_model(data, **args)


def test_driver_model_default_minimum_follows_green_rule():
    # 50 + 8 * 4 drivers = 82 respondents per stage
    data = _synthetic(n=162)
    data["d"] = np.random.default_rng(3).normal(size=len(data))
    with pytest.raises(ValueError, match="has 81 respondents, fewer than the 82 needed"):
        L.driver_model(data, ["a", "b", "c", "d"], "y", stage="stage")


def test_driver_model_degenerate_groups():
    data = _synthetic(n=400)
    with pytest.raises(ValueError, match="Driver 'c' does not vary in stage 'all'"):
        L.driver_model(data.assign(c=1.0), ["a", "c"], "y", stage=None)
    with pytest.raises(ValueError, match="perfectly collinear in stage 'all'"):
        L.driver_model(data.assign(c=2 * data["a"] - data["b"]), ["a", "b", "c"], "y", stage=None)
    with pytest.raises(ValueError, match="Outcome 'y' does not vary"):
        L.driver_model(data.assign(y=3.0), ["a", "b"], "y", stage=None)
    with pytest.raises(ValueError, match="label 'all', which is reserved"):
        L.driver_model(data.assign(stage="all"), ["a", "b"], "y", stage="stage")
    with pytest.raises(TypeError, match="Column 'stage' of data must be numeric"):
        L.driver_model(data, ["a", "stage"], "y", stage=None)


def test_predict_intentions_uses_coefficients_and_clips():
    data = _synthetic(n=400)
    model = L.driver_model(data, ["a", "b"], ["y"], stage="stage")
    part = model[model["stage"] == "development"].set_index("driver")
    by_hand = part.loc["a", "coef"] * 0.5 + part.loc["b", "coef"] * -1 + part["intercept"].iloc[0]
    got = L.predict_intentions(model, {"a": 0.5, "b": -1}, for_stage="development", scale=None)
    assert got.index.tolist() == ["y"] and got["y"] == pytest.approx(by_hand)
    assert L.predict_intentions(model, {"a": 100, "b": 100}, for_stage="development", scale=(1, 7))["y"] == 7
    with pytest.raises(ValueError, match="for_stage='stability' is not in the model"):
        L.predict_intentions(model, {"a": 0, "b": 0}, for_stage="stability")
    with pytest.raises(ValueError, match=r"missing \['b'\], unknown \['c'\]"):
        L.predict_intentions(model, {"a": 0, "c": 0})
    with pytest.raises(TypeError, match=r"drivers\['a'\] must be a number"):
        L.predict_intentions(model, {"a": "high", "b": 0})
    with pytest.raises(TypeError, match="drivers must be a dict"):
        L.predict_intentions(model, ...)
    with pytest.raises(ValueError, match="scale must be"):
        L.predict_intentions(model, {"a": 0, "b": 0}, scale=(7, 1))


# ---------------------------------------------------------------------------------------------
# The planted truth of the simulated company
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sim(simulated_company):
    return simulated_company


@pytest.mark.slow
def test_fitted_effects_recover_planted_driver_weights(sim):
    """The driver model recovers DRIVER_WEIGHTS[stage][construct] of the generator.

    Expected values come from the truth, not from our fit: the planted weights and the
    respondents' latent attitudes give each respondent's latent drive. Regressing that drive
    (times the items' loading) on the *observed* construct scores gives what a perfect fit would
    find through these noisy scales — measurement error in the drivers (attenuation, spill-over
    to correlated drivers) included — and dividing by the observed spread of the loyalty index
    standardizes it. What is left between fit and expectation is the intentions' own item noise
    (sd 0.6 per item plus rounding, about 0.3 on the four-item index, about 0.25 standard
    deviations of the index): with 255-320 respondents per stage that is a standard error of
    about 0.02 per effect, so +-0.1 (about five standard errors, room for the clipping at 1 and 7)
    fails only if the model is wrong — e.g. unstandardized, on the wrong columns or stages, where
    the planted effects differ by 0.2 or more.
    """
    survey = sim.tables["survey"]
    weights = sim.truth["driver_weights"]
    latent = sim.truth["attitudes"].loc[survey["customer_id"], L.DRIVERS].to_numpy()
    scores = L.construct_scores(survey, keep=["lifecycle_stage"])
    model = L.driver_model(scores)
    fitted_all, latent_all = [], []
    for stage in L.STAGES:
        mask = (survey["lifecycle_stage"] == stage).to_numpy()
        w = np.array([weights[stage][c] for c in L.DRIVERS])
        drive = latent[mask] @ w
        x = scores.loc[mask, L.DRIVERS].to_numpy()
        y = scores.loc[mask, "loyalty"].to_numpy()
        xc = x - x.mean(axis=0)
        slope = np.linalg.solve(xc.T @ xc, xc.T @ (sim.truth["likert_loading"] * (drive - drive.mean())))
        expected = slope * x.std(axis=0, ddof=1) / y.std(ddof=1)
        fitted = model[model["stage"] == stage].set_index("driver").loc[L.DRIVERS, "effect"].to_numpy()
        assert np.abs(fitted - expected).max() < 0.1, (stage, fitted.round(3), expected.round(3))
        # the top driver per stage is the one with the largest planted weight
        assert L.DRIVERS[int(np.argmax(fitted))] == max(weights[stage], key=weights[stage].get)
        fitted_all += list(fitted)
        latent_all += list(w * latent[mask].std(axis=0, ddof=1) / drive.std(ddof=1))
    # across stages and drivers, the fitted effects follow the planted standardized effects
    assert np.corrcoef(fitted_all, latent_all)[0, 1] > 0.9


@pytest.mark.slow
def test_satisfied_defectors_have_lower_switching_cost_and_value(sim):
    # Planted churn: HAZARD_COEF weighs switching cost and perceived value far above satisfaction.
    coef = sim.truth["hazard_coef"]
    assert min(abs(coef["switching_cost"]), abs(coef["perceived_value"])) > 5 * abs(coef["satisfaction"])
    table = L.defection_table(sim.tables["survey"], sim.tables["orders"])
    profile = L.defection_profile(table)
    stayed, gone = profile.loc["satisfied, stayed"], profile.loc["satisfied, defected"]
    assert gone["n"] >= 30
    assert gone["switching_cost"] < stayed["switching_cost"]
    assert gone["perceived_value"] < stayed["perceived_value"]
    # they really were satisfied
    assert table.loc[table["group"] == "satisfied, defected", "satisfaction"].min() >= 5


# ---------------------------------------------------------------------------------------------
# Defection
# ---------------------------------------------------------------------------------------------
def _small_case():
    survey = pd.DataFrame({
        "customer_id": ["a", "b", "c", "d"], "survey_date": ["2024-01-15"] * 4,
        "lifecycle_stage": ["development", "stability", "decline", "development"],
        "sat1": [6, 7, 2, 5], "sat2": [6, 6, 3, 4],
        "sc1": [2, 6, 3, 4], "sc2": [2, 6, 3, 4],
    })
    orders = pd.DataFrame({
        "customer_id": ["a", "b", "b", "c", "d", "x"],
        # a: last order before the survey; b: inside the window; c: on the day the window ends (outside);
        # d: on the survey day (inside)
        "order_date": ["2023-12-01", "2024-02-01", "2024-03-01", "2024-07-15", "2024-01-15", "2024-12-31"],
    })
    return survey, orders


def test_defection_table_by_hand():
    survey, orders = _small_case()
    constructs = {"satisfaction": ["sat1", "sat2"], "switching_cost": ["sc1", "sc2"]}
    table = L.defection_table(survey, orders, constructs=constructs)
    assert list(table.columns[:2]) == ["customer_id", "lifecycle_stage"]
    assert table["orders_after"].tolist() == [0, 2, 0, 1]
    # satisfaction: a 6.0, b 6.5, c 2.5, d 4.5 -> satisfied at >= 5: a, b
    assert table["satisfied"].tolist() == [True, True, False, False]
    assert table["group"].tolist() == ["satisfied, defected", "satisfied, stayed", "not satisfied, defected",
                                       "not satisfied, stayed"]
    profile = L.defection_profile(table)
    assert profile.index.tolist() == ["satisfied, stayed", "satisfied, defected", "not satisfied, stayed",
                                      "not satisfied, defected"]
    assert profile.loc["satisfied, defected", "switching_cost"] == 2.0
    assert profile["n"].tolist() == [1, 1, 1, 1]
    looser = L.defection_table(survey, orders, constructs=constructs, satisfied_at=4.5, stage=None)
    assert looser["satisfied"].tolist() == [True, True, False, True]
    assert "lifecycle_stage" not in looser.columns


@pytest.mark.parametrize("kwargs, error, message", [
    ({"months": 12}, ValueError, "order log ends on 2024-12-31, but a 12-month window"),
    ({"months": 0}, ValueError, "months must be at least 1"),
    ({"months": 1.5}, TypeError, "months must be a whole number"),
    ({"satisfied_at": "5"}, TypeError, "satisfied_at must be a number"),
    ({"customer": "client"}, ValueError, "survey has no column for customer='client'"),
    ({"date": "when"}, ValueError, "orders has no column for date='when'"),
    ({"constructs": {"switching_cost": ["sc1", "sc2"]}}, ValueError, "needs the satisfaction items"),
])
def test_defection_table_bad_input(kwargs, error, message):
    survey, orders = _small_case()
    args = {"constructs": {"satisfaction": ["sat1", "sat2"]}} | kwargs
    with pytest.raises(error, match=message):
        L.defection_table(survey, orders, **args)


def test_defection_table_rejects_unmatched_keys_and_bad_dates():
    survey, orders = _small_case()
    with pytest.raises(ValueError, match="None of the survey's 'customer_id' values appear"):
        L.defection_table(survey.assign(customer_id=["A", "B", "C", "D"]), orders,
                          constructs={"satisfaction": ["sat1", "sat2"]})
    with pytest.raises(ValueError, match="Column 'order_date' of orders has 1 value"):
        L.defection_table(survey, orders.assign(order_date=orders["order_date"].replace("2024-02-01", "soon")),
                          constructs={"satisfaction": ["sat1", "sat2"]})
    with pytest.raises(TypeError, match=r"orders is still `\.\.\.`"):
        L.defection_table(survey, ...)


def test_defection_profile_errors():
    table = pd.DataFrame({"group": ["x"], "trust": [4.0]})
    with pytest.raises(ValueError, match="none of the driver columns"):
        L.defection_profile(table.drop(columns="trust"))
    with pytest.raises(ValueError, match="table has no column for by='segment'"):
        L.defection_profile(table, by="segment")
    with pytest.raises(TypeError, match="columns must be a non-empty list"):
        L.defection_profile(table, "trust")


# ---------------------------------------------------------------------------------------------
# Charts and the widget
# ---------------------------------------------------------------------------------------------
@pytest.fixture()
def survey_model():
    survey = crm.datasets.load("survey")
    scores = L.construct_scores(survey, keep=["lifecycle_stage", *L.INTENTIONS])
    model = L.driver_model(scores, outcome=[*L.INTENTIONS, "loyalty"])
    return survey, scores, model


def _one_line(title: str) -> str:
    """A chart title as one line (the theme wraps long titles to the figure's width)."""
    return " ".join(title.split())


def test_charts_state_the_finding(survey_model):
    import matplotlib.pyplot as plt

    survey, scores, model = survey_model
    means = L.intentions_by_stage(survey)
    finding = "Loyalty intentions peak in the stability stage"
    assert _one_line(crm.plots.intentions_stage_chart(means).get_title()) == finding
    title = crm.plots.theory_vs_measured_chart(crm.lifecycle.stage_table(numeric=True), means).get_title()
    assert title.startswith("Theory's ranking matches the survey (Spearman rho = 0.")
    ax = crm.plots.construct_heatmap(scores[[*L.DRIVERS, "loyalty"]])
    assert ax.get_xlabel() == "Construct (mean of its items)"
    finding = "The strongest driver changes from stage to stage"
    assert _one_line(crm.plots.driver_effects_chart(model).get_title()) == finding
    flat = model.assign(effect=np.where(model["driver"] == "trust", 0.9, 0.1))
    assert _one_line(crm.plots.driver_effects_chart(flat).get_title()) == "Trust is the strongest driver in every stage"
    profile = pd.DataFrame({"n": [5, 5], "trust": [4.0, 5.0]}, index=["satisfied, stayed", "satisfied, defected"])
    assert _one_line(crm.plots.defection_chart(profile).get_title()) == ("Satisfied customers who left scored no lower "
                                                              "than those who stayed")
    with pytest.raises(ValueError, match="profile has no row 'satisfied, defected'"):
        crm.plots.defection_chart(profile.iloc[:1])
    with pytest.raises(ValueError, match="model has no rows for outcome 'nps'"):
        crm.plots.driver_effects_chart(model, "nps")
    with pytest.raises(TypeError, match="predicted must be a non-empty Series"):
        crm.plots.intentions_forecast_chart([5, 6])
    plt.close("all")


def test_loyalty_explorer_redraws_for_every_control(survey_model, capsys):
    import ipywidgets as w
    import matplotlib.pyplot as plt

    survey, scores, model = survey_model
    means = L.intentions_by_stage(scores, [*L.INTENTIONS, "loyalty"])
    box = crm.widgets.loyalty_explorer(model, means)
    controls = [c for c in box.children[0].children[0].children] + [box.children[0].children[1]]
    assert [c.description for c in controls[:4]] == [d.replace("_", " ") for d in L.DRIVERS]
    assert isinstance(controls[4], w.Dropdown) and controls[4].value == "identification"
    assert [value for _label, value in controls[4].options] == ["all", *L.STAGES]        # (label, stage) pairs
    controls[0].value = 6.5
    controls[4].value = "stability"
    with pytest.raises(ValueError, match="start must lie on the 1-7 scale"):
        crm.widgets.loyalty_explorer(model, start=9)
    plt.close("all")
