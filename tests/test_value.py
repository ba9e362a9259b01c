"""Tests for crm_lessons.value: CLV, Pareto/Lorenz, value tiers, customer profit."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lessons import value

money = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
positive = st.floats(min_value=0.0, max_value=1e5, allow_nan=False)
retention = st.floats(min_value=0.0, max_value=0.99, allow_nan=False)
discount = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# --- clv ---------------------------------------------------------------------------------------
def test_clv_infinite_hand_worked():
    # m r / (1 + d - r) = 100 * 0.8 / 0.3
    assert value.clv(100, 0.8, 0.1) == pytest.approx(800 / 3)
    assert value.clv(50, 0.0, 0.1) == 0.0
    assert isinstance(value.clv(100, 0.8, 0.1), float)


def test_clv_finite_horizon_is_the_explicit_sum():
    # Three periods: 100 * (0.8/1.1 + (0.8/1.1)**2 + (0.8/1.1)**3)
    q = 0.8 / 1.1
    assert value.clv(100, 0.8, 0.1, periods=3) == pytest.approx(100 * (q + q**2 + q**3))
    # r = 1, d = 0: every period is worth the full margin
    assert value.clv(10, 1.0, 0.0, periods=4) == pytest.approx(40.0)


def test_clv_finite_approaches_infinite():
    assert value.clv(100, 0.8, 0.1, periods=400) == pytest.approx(value.clv(100, 0.8, 0.1), rel=1e-9)


def test_clv_arrays_and_series():
    out = value.clv(100, np.array([0.5, 0.8]), 0.1)
    assert out.shape == (2,)
    assert out[0] == pytest.approx(50 / 0.6)
    s = pd.Series([100.0, 200.0], index=["a", "b"])
    res = value.clv(s, 0.5, 0.1)
    assert isinstance(res, pd.Series) and list(res.index) == ["a", "b"]
    assert res["b"] == pytest.approx(2 * res["a"])


@given(m=st.floats(min_value=1, max_value=1e4), r1=retention, r2=retention, d=discount)
def test_clv_increases_with_retention(m, r1, r2, d):
    lo, hi = sorted([r1, r2])
    assert value.clv(m, lo, d) <= value.clv(m, hi, d) + 1e-9


@given(m=st.floats(min_value=1, max_value=1e4), r=retention, d1=discount, d2=discount,
       periods=st.one_of(st.none(), st.integers(1, 50)))
def test_clv_decreases_with_discount(m, r, d1, d2, periods):
    lo, hi = sorted([d1, d2])
    assert value.clv(m, r, hi, periods) <= value.clv(m, r, lo, periods) + 1e-9


@given(m=st.floats(min_value=1, max_value=1e4), r=retention, d=discount, t=st.integers(1, 60))
def test_clv_finite_below_infinite_and_increasing_in_horizon(m, r, d, t):
    assert value.clv(m, r, d, t) <= value.clv(m, r, d, t + 1) + 1e-9
    assert value.clv(m, r, d, t) <= value.clv(m, r, d) * (1 + 1e-9) + 1e-9


@pytest.mark.parametrize("kwargs, err, msg", [
    (dict(margin=100, retention=1.0, discount=0.1), ValueError, r"retention must lie in \[0, 1\)"),
    (dict(margin=100, retention=-0.1, discount=0.1), ValueError, "retention"),
    (dict(margin=100, retention=1.2, discount=0.1, periods=3), ValueError, r"\[0, 1\]"),
    (dict(margin=100, retention=0.8, discount=-0.05), ValueError, "discount must be zero or more"),
    (dict(margin=..., retention=0.8, discount=0.1), TypeError, "margin is still `...`"),
    (dict(margin="100", retention=0.8, discount=0.1), TypeError, "margin must be a number"),
    (dict(margin=100, retention=0.8, discount=0.1, periods=0), ValueError, "periods must be at least 1"),
    (dict(margin=100, retention=0.8, discount=0.1, periods=2.5), TypeError, "periods must be a whole number"),
    (dict(margin=float("nan"), retention=0.8, discount=0.1), ValueError, "finite"),
    (dict(margin=[1, 2, 3], retention=[0.5, 0.6], discount=0.1), ValueError, "same length"),
])
def test_clv_bad_input(kwargs, err, msg):
    with pytest.raises(err, match=msg):
        value.clv(**kwargs)


def test_clv_sensitivity_retention_dominates():
    s = value.clv_sensitivity(100, 0.8, 0.1, changes=(0.01, 0.05))
    one = s[s["change"] == 0.01].set_index("driver")["clv_change"]
    # margin is linear: +1 % margin -> +1 % CLV exactly
    assert one["margin"] == pytest.approx(0.01)
    # retention 0.808: 80.8 / 0.292 versus 80 / 0.3
    assert one["retention"] == pytest.approx((80.8 / 0.292) / (80 / 0.3) - 1)
    # discount 0.099: 80 / 0.299 versus 80 / 0.3
    assert one["discount"] == pytest.approx(0.3 / 0.299 - 1)
    assert one["retention"] > one["margin"] > one["discount"] > 0
    assert len(s) == 6


def test_clv_sensitivity_bad_input():
    with pytest.raises(ValueError, match="changes must hold relative improvements"):
        value.clv_sensitivity(100, 0.8, 0.1, changes=(1.5,))
    with pytest.raises(TypeError, match="retention must be a single number"):
        value.clv_sensitivity(100, [0.8], 0.1)
    with pytest.raises(ValueError, match="base CLV is zero"):
        value.clv_sensitivity(0, 0.8, 0.1)


# --- pareto / top_share ------------------------------------------------------------------------
def test_pareto_hand_worked():
    t = value.pareto(pd.Series([10.0, 50.0, 30.0, 10.0], index=["a", "b", "c", "d"]))
    assert t["customer"].tolist() == ["b", "c", "a", "d"]       # ties keep input order
    assert t["value_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 1.0])
    assert t["customer_share"].tolist() == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert t["rank"].tolist() == [1, 2, 3, 4]


def test_pareto_whale_curve_with_losses():
    t = value.pareto([120.0, 30.0, -50.0])
    # total 100: 1.2, 1.5, 1.0
    assert t["value_share"].tolist() == pytest.approx([1.2, 1.5, 1.0])


@settings(max_examples=60)
@given(st.lists(positive, min_size=1, max_size=60).filter(lambda v: sum(v) > 0))
def test_pareto_shares_monotone_and_end_at_one(values):
    t = value.pareto(values)
    share = t["value_share"].to_numpy()
    assert (np.diff(share) >= -1e-12).all()
    assert share[-1] == 1.0
    assert t["customer_share"].iloc[-1] == pytest.approx(1.0)
    # Lorenz curve of a descending ranking lies on or above the diagonal
    assert (share >= t["customer_share"].to_numpy() - 1e-9).all()


def test_top_share_hand_worked():
    # 10 customers, the top 2 hold 40 + 30 of 100
    assert value.top_share([40, 30, 20, 5, 5, 0, 0, 0, 0, 0], 0.2) == pytest.approx(0.7)
    # 7 customers: top 20 % = 1.4 customers = 60 + 0.4 * 20 of 100
    assert value.top_share([60, 20, 10, 4, 3, 2, 1], 0.2) == pytest.approx(0.68)
    # everybody equal: top 20 % hold 20 %
    assert value.top_share([5.0] * 10, 0.2) == pytest.approx(0.2)
    assert value.top_share([3.0, 1.0], 1.0) == pytest.approx(1.0)


@given(st.lists(positive, min_size=1, max_size=40).filter(lambda v: sum(v) > 0),
       st.floats(min_value=0.01, max_value=1.0))
def test_top_share_at_least_the_fraction(values, fraction):
    assert value.top_share(values, fraction) >= fraction - 1e-9


@pytest.mark.parametrize("values, err, msg", [
    (..., TypeError, "values is still `...`"),
    ("abc", TypeError, "must be a Series or list of numbers"),
    ([], ValueError, "values is empty"),
    (["a", "b"], TypeError, "must hold numbers"),
    ([1.0, np.nan], ValueError, "1 missing value"),
    ([0.0, 0.0], ValueError, "add up to more than zero"),
    (pd.DataFrame({"a": [1], "b": [2]}), TypeError, "2 columns"),
])
def test_pareto_bad_input(values, err, msg):
    with pytest.raises(err, match=msg):
        value.pareto(values)


def test_top_share_bad_fraction():
    with pytest.raises(ValueError, match=r"fraction must lie in \(0, 1\]"):
        value.top_share([1, 2, 3], 20)
    with pytest.raises(TypeError, match="fraction must be a number"):
        value.top_share([1, 2, 3], "0.2")


# --- value tiers -------------------------------------------------------------------------------
def test_value_tiers_default_shares_on_100_customers():
    v = pd.Series(np.arange(100, 0, -1, dtype=float), index=[f"C{i:03d}" for i in range(100)])
    tiers = value.value_tiers(v)
    counts = tiers.value_counts()
    assert counts.to_dict() == {"strategic": 5, "key": 15, "transactional": 50, "small": 30}
    assert tiers.index.equals(v.index)
    assert tiers.name == "tier"
    assert tiers.cat.ordered and list(tiers.cat.categories) == ["small", "transactional", "key", "strategic"]
    assert (tiers.iloc[:5] == "strategic").all() and tiers.iloc[5] == "key"
    assert tiers.iloc[19] == "key" and tiers.iloc[20] == "transactional"
    assert tiers.iloc[69] == "transactional" and tiers.iloc[70] == "small"
    # ordered categories: strategic and key rank above transactional
    assert (tiers.iloc[:20] > "transactional").all() and not (tiers.iloc[20:] > "transactional").any()


def test_value_tiers_zero_and_negative_always_small():
    # shares would put 3 customers in the top tiers; the zero and negative ones stay in the bottom tier
    v = pd.Series([0.0, -5.0, 10.0, 0.0])
    tiers = value.value_tiers(v, shares=(0.25, 0.25, 0.5))
    assert tiers.astype(str).tolist() == ["small", "small", "strategic", "small"]


def test_value_tiers_never_call_anybody_a_risk_customer():
    # deck 002: 风险客户 are not 小客户; one value per customer cannot show risk (bad debt, cost to serve)
    tiers = value.value_tiers(pd.Series(np.linspace(-50, 100, 40)))
    assert "risk" not in set(tiers.cat.categories) and "risk" not in value.TIERS
    assert value.TIERS == ["strategic", "key", "transactional", "small"]
    assert "风险客户" in value.value_tiers.__doc__ and "risk" not in value.tier_policy().index


def test_value_tiers_ties_are_deterministic_by_input_order():
    v = pd.Series([5.0] * 10, index=list("jihgfedcba"))
    tiers = value.value_tiers(v, shares=(0.1, 0.2, 0.3))
    assert tiers.astype(str).tolist() == ["strategic", "key", "key", "transactional", "transactional",
                                          "transactional", "small", "small", "small", "small"]
    assert value.value_tiers(v, shares=(0.1, 0.2, 0.3)).equals(tiers)


def test_value_tiers_accepts_lists_and_small_groups():
    tiers = value.value_tiers([3.0, 2.0, 1.0])
    # 3 customers: strategic round(0.15)=0, key round(0.6)=1, transactional round(2.1)=2
    assert tiers.astype(str).tolist() == ["key", "transactional", "small"]
    assert isinstance(tiers.index, pd.RangeIndex)


@settings(max_examples=60)
@given(st.lists(money, min_size=1, max_size=80),
       st.tuples(st.floats(0, 0.3), st.floats(0, 0.3), st.floats(0, 0.4)))
def test_value_tiers_properties(values, shares):
    s = pd.Series(values)
    tiers = value.value_tiers(s, shares)
    assert len(tiers) == len(s) and tiers.notna().all()
    assert (tiers[s <= 0] == "small").all()
    # a higher tier never holds a lower value than a lower tier (monotone in value)
    codes = tiers.cat.codes.to_numpy()
    vals = s.to_numpy()
    for hi in range(4):
        for lo in range(hi):
            if (codes == hi).any() and (codes == lo).any():
                assert vals[codes == hi].min() >= vals[codes == lo].max()
    # at most the requested number of customers in the top tier
    assert (tiers == "strategic").sum() <= math.floor(len(s) * shares[0] + 0.5 + 1e-9)


@pytest.mark.parametrize("shares, err, msg", [
    ((0.5, 0.5, 0.5), ValueError, "add up to at most 1"),
    ((0.1, -0.1, 0.5), ValueError, "zero or more"),
    ((0.1, 0.2), TypeError, "three numbers"),
    ("abc", TypeError, "three numbers"),
    ((0.1, "x", 0.2), TypeError, "shares must be numbers"),
])
def test_value_tiers_bad_shares(shares, err, msg):
    with pytest.raises(err, match=msg):
        value.value_tiers([1.0, 2.0], shares)


def test_tier_summary_hand_worked():
    v = pd.Series([100.0, 50.0, 30.0, 20.0], index=list("abcd"))
    tiers = value.value_tiers(v, (0.25, 0.25, 0.25))
    out = value.tier_summary(v, tiers)
    assert out.index.tolist() == ["strategic", "key", "transactional", "small"]
    assert out["customers"].tolist() == [1, 1, 1, 1]
    assert out["value_share"].tolist() == pytest.approx([0.5, 0.25, 0.15, 0.1])
    assert out["customer_share"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same index"):
        value.tier_summary(v, tiers.iloc[:3])


def test_tier_policy_covers_every_tier():
    policy = value.tier_policy()
    assert policy.index.tolist() == value.TIERS
    assert {"relationship", "resources", "goal"} <= set(policy.columns)
    assert "demanding" in policy.loc["small", "goal"] and "small" in policy.loc["small", "goal"]


def test_tier_charts_show_the_decks_chinese_tier_names():
    import matplotlib.pyplot as plt

    from crm_lessons import i18n, plots, value

    v = pd.Series([100.0, 50.0, 30.0, 20.0])
    table = value.tier_summary(v, value.value_tiers(v, (0.25, 0.25, 0.25)))
    i18n.set_language("zh")
    try:
        ax = plots.value_tier_chart(table, title="t")
        assert [t.get_text() for t in ax.get_xticklabels()] == ["战略客户", "主要客户", "交易客户", "小客户"]
    finally:
        i18n.set_language("en")
        plt.close("all")


# --- customer_value ---------------------------------------------------------------------------
@pytest.fixture
def orders():
    return pd.DataFrame({
        "cust": ["a", "a", "b", "c", "a"],
        "oid": [1, 2, 3, 4, 2],                    # order 2 has two lines
        "day": ["2024-01-05", "2024-02-01", "2024-02-10", "2024-03-01", "2024-02-01"],
        "amt": [100.0, 40.0, 15.0, 60.0, 10.0],
        "mrg": [30.0, 12.0, 4.0, 20.0, 3.0],
    })


def test_customer_value_hand_worked(orders):
    cv = value.customer_value(orders, customer="cust", order="oid", date="day", amount="amt", margin="mrg",
                              cost_per_order=5.0, cost_per_customer=pd.Series({"a": 10.0, "b": 1.0, "c": 0.0}))
    assert cv.loc["a", "orders"] == 2                # distinct orders, not lines
    assert cv.loc["a", "revenue"] == pytest.approx(150.0)
    assert cv.loc["a", "margin"] == pytest.approx(45.0)
    assert cv.loc["a", "cost_to_serve"] == pytest.approx(2 * 5 + 10)
    assert cv.loc["a", "profit"] == pytest.approx(25.0)
    assert cv.loc["b", "profit"] == pytest.approx(4 - 5 - 1)
    assert cv.index.tolist() == ["a", "c", "b"]      # sorted by profit
    assert cv.loc["a", "first_order"] == pd.Timestamp("2024-01-05")


def test_customer_value_as_of_reports_dropped(orders):
    cv = value.customer_value(orders, customer="cust", order="oid", date="day", amount="amt", margin=None,
                              as_of="2024-02-05")
    assert cv.attrs["dropped_after_as_of"] == 2
    assert set(cv.index) == {"a"}
    assert cv.loc["a", "margin"] == pytest.approx(150.0)    # margin=None: margin is the amount


def test_customer_value_bad_input(orders):
    with pytest.raises(ValueError, match="no column for customer='customer_id'"):
        value.customer_value(orders)
    with pytest.raises(TypeError, match="tx is still `...`"):
        value.customer_value(...)
    kw = dict(customer="cust", order="oid", date="day", amount="amt", margin="mrg")
    with pytest.raises(ValueError, match="cost_per_order must be zero or more"):
        value.customer_value(orders, cost_per_order=-1, **kw)
    with pytest.raises(ValueError, match="no value for 1 customer"):
        value.customer_value(orders, cost_per_customer=pd.Series({"a": 1.0, "b": 1.0}), **kw)
    bad = orders.assign(day=["2024-01-05", "yesterday", "2024-02-10", "2024-03-01", "2024-02-01"])
    with pytest.raises(ValueError, match="not dates"):
        value.customer_value(bad, **kw)
    with pytest.raises(ValueError, match="missing customer id"):
        value.customer_value(orders.assign(cust=["a", None, "b", "c", "a"]), **kw)


# --- the CLV calculator widget ------------------------------------------------------------------
def test_clv_calculator_updates_with_the_sliders():
    import matplotlib

    matplotlib.use("Agg")
    from crm_lessons.widgets.value import clv_calculator

    box = clv_calculator(margin=120, retention=0.75, discount=0.10, horizon=5)
    margin, retention, discount, horizon, text, _out = box.children
    # 120 * 0.75 / (1.1 - 0.75) = 257.14
    assert "¥257" in text.value and "over 5 periods" in text.value
    retention.value = 0.5
    assert "¥100" in text.value                      # 120 * 0.5 / 0.6
    assert "2.0 periods" in text.value               # expected lifetime 1 / (1 - r)
    with pytest.raises(ValueError, match="fit the sliders"):
        clv_calculator(margin=5000)
    with pytest.raises(ValueError, match="retention must lie"):
        clv_calculator(retention=1.0)


def test_clv_returns_one_type_per_kind_of_input():
    # numbers -> float; lists/arrays -> ndarray; any Series -> Series on its index
    assert type(value.clv(100, 0.8, 0.1)) is float
    assert isinstance(value.clv(100, [0.6, 0.8], 0.1), np.ndarray)
    margins = pd.Series([100.0, 50.0], index=["A", "B"])
    out = value.clv(margins, [0.8, 0.6], 0.1)
    assert isinstance(out, pd.Series) and out.index.tolist() == ["A", "B"] and out.name == "clv"
    assert out["B"] == pytest.approx(50 * 0.6 / (1.1 - 0.6))
    one = value.clv(pd.Series([100.0], index=["A"]), 0.8, 0.1)
    assert isinstance(one, pd.Series) and one.index.tolist() == ["A"]


def test_clv_refuses_series_it_cannot_keep():
    margins = pd.Series([100.0], index=["A"])
    with pytest.raises(ValueError, match="every list or array input must have that length"):
        value.clv(margins, [0.6, 0.7, 0.8], 0.1)                  # would silently drop the index before
    with pytest.raises(ValueError, match="different indexes"):
        value.clv(pd.Series([100.0, 90.0], index=["A", "B"]), pd.Series([0.8, 0.7], index=["B", "C"]), 0.1)


def test_customer_value_refuses_duplicate_columns_and_overflowing_totals():
    tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3],
                       "order_date": ["2024-01-10", "2024-03-05", "2024-02-01"], "amount": [1e308, 1e308, 1.0]})
    with pytest.raises(ValueError, match="more than one column named 'customer_id'"):
        value.customer_value(pd.concat([tx, tx[["customer_id"]]], axis=1), margin=None)
    with pytest.raises(ValueError, match="revenue total of 1 customer.*too large"):
        value.customer_value(tx, margin=None)
