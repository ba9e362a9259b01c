"""Tests for crm_lessons.cohorts: cohort tables and implied retention."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lessons import cohorts


@pytest.fixture
def tx():
    # Jan cohort: a (Jan, Feb, Apr), b (Jan only); Feb cohort: c (Feb, Mar); Mar cohort: d (Mar, Mar)
    return pd.DataFrame({
        "who": ["a", "a", "a", "b", "c", "c", "d", "d", "a"],
        "when": ["2024-01-05", "2024-02-10", "2024-04-02", "2024-01-20", "2024-02-03", "2024-03-30",
                 "2024-03-01", "2024-03-15", "2024-01-06"],
    })


def test_cohort_counts_hand_worked(tx):
    counts = cohorts.cohort_counts(tx, customer="who", date="when", freq="M", as_of="2024-04-30")
    assert counts.index.tolist() == ["2024-01", "2024-02", "2024-03"]
    assert counts.loc["2024-01"].tolist() == [2, 1, 0, 1]
    assert counts.loc["2024-02", [0, 1, 2]].tolist() == [1, 1, 0]
    assert np.isnan(counts.loc["2024-02", 3])          # May is not observed yet
    assert counts.loc["2024-03", [0, 1]].tolist() == [1, 0]
    assert counts.attrs["dropped_after_as_of"] == 0


def test_incomplete_last_period_is_not_shown(tx):
    # as_of in the middle of April: April is incomplete, so no cohort has an April cell
    counts = cohorts.cohort_counts(tx, customer="who", date="when", freq="M", as_of="2024-04-15")
    assert counts.columns.tolist() == [0, 1, 2]
    assert np.isnan(counts.loc["2024-02", 2])          # the Feb cohort's period 2 is April: not complete
    assert counts.attrs["dropped_after_as_of"] == 0
    early = cohorts.cohort_counts(tx, customer="who", date="when", freq="M", as_of="2024-02-29")
    assert early.attrs["dropped_after_as_of"] == 4
    assert early.index.tolist() == ["2024-01", "2024-02"]


def test_cohort_retention_shares(tx):
    shares = cohorts.cohort_retention(tx, customer="who", date="when", freq="M", as_of="2024-04-30")
    assert shares.loc["2024-01"].tolist() == [1.0, 0.5, 0.0, 0.5]
    assert (shares[0] == 1.0).all()
    assert shares.attrs["sizes"] == {"2024-01": 2, "2024-02": 1, "2024-03": 1}


def test_quarters_and_years():
    tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b"],
                       "order_date": pd.to_datetime(["2023-02-01", "2023-11-01", "2023-05-01", "2024-02-01"])})
    q = cohorts.cohort_counts(tx, freq="Q", as_of="2024-03-31")
    assert q.index.tolist() == ["2023Q1", "2023Q2"]
    assert q.loc["2023Q1"].tolist() == [1, 0, 0, 1, 0]
    y = cohorts.cohort_counts(tx, freq="Y", as_of="2024-12-31")
    assert y.loc["2023"].tolist() == [2, 1]


def test_period_and_implied_retention_hand_worked():
    counts = pd.DataFrame({0: [100.0, 80.0], 1: [40.0, 30.0], 2: [30.0, np.nan]}, index=["c1", "c2"])
    steps = cohorts.period_retention(counts)
    assert steps["retention"].tolist() == pytest.approx([70 / 180, 30 / 40])
    assert steps["cohorts"].tolist() == [2, 1]
    assert cohorts.implied_retention(counts) == pytest.approx(100 / 220)
    assert cohorts.implied_retention(counts, start=1) == pytest.approx(0.75)


def test_constant_retention_is_recovered():
    # every cohort keeps exactly half its active customers each quarter
    rows = []
    for cohort, size in (("2022-01-15", 64), ("2022-04-15", 32)):
        start = pd.Timestamp(cohort)
        active = size
        for k in range(5):
            day = start + pd.DateOffset(months=3 * k)
            rows += [(f"{cohort}-{i}", day) for i in range(active)]
            active //= 2
    tx = pd.DataFrame(rows, columns=["customer_id", "order_date"])
    counts = cohorts.cohort_counts(tx, freq="Q", as_of="2023-03-31")
    assert cohorts.implied_retention(counts) == pytest.approx(0.5)
    assert cohorts.period_retention(counts)["retention"].tolist() == pytest.approx([0.5] * 4)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 700)), min_size=1, max_size=60))
def test_cohort_invariants(pairs):
    tx = pd.DataFrame({"customer_id": [p[0] for p in pairs],
                       "order_date": pd.Timestamp("2022-01-01") + pd.to_timedelta([p[1] for p in pairs], unit="D")})
    counts = cohorts.cohort_counts(tx, freq="Q", as_of="2023-12-31")
    assert counts[0].sum() == tx["customer_id"].nunique()          # each customer in exactly one cohort
    later = counts.drop(columns=0)
    assert ((later.le(counts[0], axis=0)) | later.isna()).all().all()   # never more active than joined
    shares = cohorts.cohort_retention(tx, freq="Q", as_of="2023-12-31")
    assert ((shares >= 0) & (shares <= 1) | shares.isna()).all().all()


@pytest.mark.parametrize("kwargs, err, msg", [
    (dict(freq="W"), ValueError, "freq must be 'M'"),
    (dict(customer="client"), ValueError, "no column for customer='client'"),
    (dict(as_of="2000-01-01"), ValueError, "no orders on or before"),
])
def test_cohort_counts_bad_input(tx, kwargs, err, msg):
    base = dict(customer="who", date="when")
    base.update(kwargs)
    with pytest.raises(err, match=msg):
        cohorts.cohort_counts(tx, **base)


def test_cohort_counts_bad_values(tx):
    with pytest.raises(TypeError, match="tx is still `...`"):
        cohorts.cohort_counts(...)
    with pytest.raises(ValueError, match="not dates"):
        cohorts.cohort_counts(tx.assign(when="soon"), customer="who", date="when")
    with pytest.raises(ValueError, match="missing customer id"):
        cohorts.cohort_counts(tx.assign(who=None), customer="who", date="when")


def test_retention_needs_counts_not_shares(tx):
    shares = cohorts.cohort_retention(tx, customer="who", date="when", freq="M", as_of="2024-04-30")
    counts = cohorts.cohort_counts(tx, customer="who", date="when", freq="M", as_of="2024-04-30")
    # steps 0->1: 2 of 4; 1->2 (Jan, Feb): 0 of 2; 2->3 (Jan): 1 of 0
    assert cohorts.implied_retention(counts) == pytest.approx(3 / 6)
    with pytest.raises(ValueError, match="columns 0, 1, 2"):
        cohorts.period_retention(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="at least two periods"):
        cohorts.period_retention(counts[[0]])
    with pytest.raises(ValueError, match="start must lie between"):
        cohorts.implied_retention(counts, start=9)
    assert shares[0].eq(1).all()


def _local_orders():
    return pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
                         "order_date": ["2024-01-31 23:30", "2024-04-02 10:00", "2024-02-01 08:00",
                                        "2024-04-30 23:59"]})


def test_time_zone_aware_dates_count_on_their_local_calendar_day():
    naive = _local_orders()
    aware = naive.assign(order_date=pd.to_datetime(naive["order_date"]).dt.tz_localize("Asia/Shanghai"))
    expected = cohorts.cohort_counts(naive.assign(order_date=pd.to_datetime(naive["order_date"])), freq="M")
    # 23:30 on 31 January in Shanghai is a January order, whatever the time in UTC
    assert cohorts.cohort_counts(aware, freq="M").equals(expected)
    assert expected.index.tolist() == ["2024-01", "2024-02", "2024-04"]


def test_duplicate_column_names_are_a_named_error():
    tx = _local_orders()
    doubled = pd.concat([tx, tx[["order_date"]]], axis=1)
    with pytest.raises(ValueError, match="more than one column named 'order_date'"):
        cohorts.cohort_counts(doubled)
    with pytest.raises(ValueError, match="more than one column named 'customer_id'"):
        cohorts.cohort_retention(pd.concat([tx, tx[["customer_id"]]], axis=1))
