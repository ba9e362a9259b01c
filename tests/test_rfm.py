"""Tests for crm_lessons.rfm: RFM table, scores and named segments."""
from __future__ import annotations

import datetime
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_lessons import rfm
from crm_lessons.rfm import DroppedRowsWarning, rfm_scores, rfm_segments, rfm_table, segment_summary


@pytest.fixture
def lines() -> pd.DataFrame:
    """A small line-level log worked by hand.

    Customer A: order o1 (2 lines, 2024-03-01, 20 + 5), order o2 (2024-03-20, 10)
    -> last order 2024-03-20, 2 orders, 35 yuan. Customer B: order o3 (3 lines, 2024-01-10,
    1 + 2 + 3) -> 1 order, 6 yuan. Customer C: o4 (2024-03-31, 0 yuan, a free sample).
    """
    return pd.DataFrame({
        "customer_id": ["A", "A", "A", "B", "B", "B", "C"],
        "order_id": ["o1", "o1", "o2", "o3", "o3", "o3", "o4"],
        "order_date": ["2024-03-01", "2024-03-01", "2024-03-20", "2024-01-10", "2024-01-10", "2024-01-10",
                       "2024-03-31"],
        "amount": [20.0, 5.0, 10.0, 1.0, 2.0, 3.0, 0.0],
    })


# --- rfm_table ------------------------------------------------------------------------------------------

def test_rfm_table_hand_worked(lines):
    table = rfm_table(lines, as_of="2024-03-31")
    assert list(table.columns) == ["recency", "frequency", "monetary"]
    assert table.index.name == "customer_id"
    assert table.index.tolist() == ["A", "B", "C"]
    # 2024-03-31 - 2024-03-20 = 11 days; 2024-03-31 - 2024-01-10 = 21 (Jan) + 29 (Feb, leap) + 31 = 81 days
    assert table["recency"].tolist() == [11, 81, 0]
    assert table["frequency"].tolist() == [2, 1, 1]          # distinct orders, not the 3 lines
    assert table["monetary"].tolist() == [35.0, 6.0, 0.0]
    assert table["recency"].dtype == np.int64 and table["frequency"].dtype == np.int64
    assert table.attrs["as_of"] == pd.Timestamp("2024-03-31")


def test_rfm_table_any_column_names(lines):
    renamed = lines.rename(columns={"customer_id": "client", "order_id": "ticket", "order_date": "day",
                                    "amount": "eur"})
    table = rfm_table(renamed, customer="client", order="ticket", date="day", amount="eur", as_of="2024-03-31")
    assert table.index.name == "client"
    assert table.to_numpy().tolist() == rfm_table(lines, as_of="2024-03-31").to_numpy().tolist()


def test_rfm_table_default_as_of_is_latest_order(lines):
    table = rfm_table(lines)
    assert table.attrs["as_of"] == pd.Timestamp("2024-03-31")
    assert table.loc["C", "recency"] == 0


def test_rfm_table_as_of_accepts_dates_and_timestamps(lines):
    expected = rfm_table(lines, as_of="2024-04-30")["recency"].tolist()
    assert expected == [41, 111, 30]
    for as_of in (pd.Timestamp("2024-04-30"), datetime.date(2024, 4, 30), np.datetime64("2024-04-30"),
                  datetime.datetime(2024, 4, 30, 18, 30)):
        assert rfm_table(lines, as_of=as_of)["recency"].tolist() == expected


def test_rfm_table_parsed_and_text_dates_agree(lines):
    parsed = lines.assign(order_date=pd.to_datetime(lines["order_date"]))
    pd.testing.assert_frame_equal(rfm_table(parsed, as_of="2024-03-31"), rfm_table(lines, as_of="2024-03-31"))


def test_rfm_table_time_of_day_and_time_zone(lines):
    stamped = lines.assign(order_date=pd.to_datetime(lines["order_date"]) + pd.Timedelta(hours=23))
    aware = stamped.assign(order_date=stamped["order_date"].dt.tz_localize("Europe/Berlin"))
    for frame in (stamped, aware):
        table = rfm_table(frame, as_of="2024-03-31")           # an order at 23:00 on as_of is not in the future
        assert table["recency"].tolist() == [11, 81, 0]


def test_rfm_table_without_order_ids_counts_days():
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2],
                       "order_date": ["2024-01-01", "2024-01-01", "2024-01-05", "2024-01-03"],
                       "amount": [1.0, 2.0, 3.0, 4.0]})
    table = rfm_table(tx, order=None, as_of="2024-01-10")
    assert table["frequency"].tolist() == [2, 1]
    assert table["recency"].tolist() == [5, 7]


def test_rfm_table_same_order_id_for_two_customers_counts_once_each():
    tx = pd.DataFrame({"customer_id": ["A", "B"], "order_id": [7, 7], "order_date": ["2024-01-01"] * 2,
                       "amount": [1.0, 1.0]})
    assert rfm_table(tx)["frequency"].tolist() == [1, 1]


@pytest.mark.parametrize("column, value, message", [
    ("amount", -5.0, r"Column 'amount' of tx \(amount=\) has 1 negative value\(s\) \(smallest -5\)"),
    ("order_date", "31/02/2024", r"Column 'order_date' of tx \(date=\) has 1 value\(s\) that are not dates"),
    ("order_date", None, r"Column 'order_date' of tx \(date=\) has 1 missing value"),
    ("customer_id", None, r"Column 'customer_id' of tx \(customer=\) has 1 missing value"),
    ("order_id", None, r"Column 'order_id' of tx \(order=\) has 1 missing value"),
    ("amount", np.nan, r"Column 'amount' of tx \(amount=\) has 1 missing value"),
    ("order_date", "2024-04-02", r"1 order\(s\) dated after as_of=2024-03-31 \(latest 2024-04-02\)"),
])
def test_rfm_table_rejects_invalid_rows(lines, column, value, message):
    bad = lines.copy()
    bad[column] = bad[column].astype(object)
    bad.loc[2, column] = value
    with pytest.raises(ValueError, match=message):
        rfm_table(bad, as_of="2024-03-31")
    with pytest.raises(ValueError, match="on_invalid='drop'"):
        rfm_table(bad, as_of="2024-03-31")


def test_rfm_table_default_as_of_rejects_orders_after_today(lines):
    future = lines.copy()
    future.loc[0, "order_date"] = (pd.Timestamp.today() + pd.Timedelta(days=400)).strftime("%Y-%m-%d")
    with pytest.raises(ValueError, match=r"1 order\(s\) dated after as_of"):
        rfm_table(future)


def test_rfm_table_drop_reports_counts(lines):
    bad = lines.astype({"amount": float, "customer_id": object, "order_date": object}).copy()
    bad.loc[0, "amount"] = -1.0            # A's first line: negative
    bad.loc[3, "customer_id"] = None       # B, missing id
    bad.loc[4, "order_date"] = "not a date"
    bad.loc[6, "order_date"] = "2030-01-01"  # C's only order is in the future: C disappears
    with pytest.warns(DroppedRowsWarning, match=r"dropped 4 of 7 row\(s\): 1 missing customer id, "
                                                r"1 unparseable date, 1 future-dated \(after as_of\), "
                                                r"1 negative amount"):
        table = rfm_table(bad, as_of="2024-03-31", on_invalid="drop")
    assert table.attrs["dropped"] == {"missing customer id": 1, "unparseable date": 1,
                                      "future-dated (after as_of)": 1, "negative amount": 1}
    assert table.index.tolist() == ["A", "B"]
    assert table["frequency"].tolist() == [2, 1]          # o1 still has its second line
    assert table["monetary"].tolist() == [15.0, 3.0]


def test_rfm_table_drop_everything_is_an_error(lines):
    with pytest.warns(DroppedRowsWarning), pytest.raises(ValueError, match="no valid rows left"):
        rfm_table(lines, as_of="2023-01-01", on_invalid="drop")


def test_rfm_table_clean_log_has_no_drop_report(lines):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = rfm_table(lines, on_invalid="drop")
    assert "dropped" not in table.attrs


def test_rfm_table_bad_arguments(lines):
    with pytest.raises(TypeError, match=r"tx is still `...`"):
        rfm_table(...)
    with pytest.raises(TypeError, match="tx must be a pandas DataFrame, got list"):
        rfm_table([1, 2])
    with pytest.raises(ValueError, match="tx is empty"):
        rfm_table(lines.iloc[:0])
    with pytest.raises(ValueError, match=r"tx has no column for amount='spend'"):
        rfm_table(lines, amount="spend")
    with pytest.raises(TypeError, match=r"Column 'customer_id' of tx \(amount=\) must be numeric"):
        rfm_table(lines, amount="customer_id")
    with pytest.raises(TypeError, match="customer must be a column name"):
        rfm_table(lines, customer=3)
    with pytest.raises(ValueError, match="on_invalid must be 'raise' or 'drop'"):
        rfm_table(lines, on_invalid="ignore")
    with pytest.raises(ValueError, match="as_of must be a date such as '2024-12-31', got 'soon'"):
        rfm_table(lines, as_of="soon")
    with pytest.raises(TypeError, match="as_of must be a date"):
        rfm_table(lines, as_of=20240331)
    with pytest.raises(TypeError, match="as_of is still `...`"):
        rfm_table(lines, as_of=...)


@st.composite
def logs(draw):
    """Random line-level logs: lines of random orders, several lines per order, all up to as_of."""
    n_orders = draw(st.integers(1, 25))
    owner = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=n_orders, max_size=n_orders))
    day = draw(st.lists(st.integers(0, 60), min_size=n_orders, max_size=n_orders))
    rows = []
    for k in range(n_orders):
        for _ in range(draw(st.integers(1, 3))):
            rows.append((owner[k], f"o{k}", pd.Timestamp("2024-01-01") + pd.Timedelta(days=day[k]),
                         draw(st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2)))))
    return pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date", "amount"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs(), st.integers(0, 30))
def test_rfm_table_properties(tx, extra_days):
    as_of = pd.Timestamp("2024-03-01") + pd.Timedelta(days=extra_days)
    table = rfm_table(tx, as_of=as_of)
    # computed independently, row by row, in plain Python
    orders, spend, last = {}, {}, {}
    for c, o, d, a in tx.itertuples(index=False):
        orders.setdefault(c, set()).add(o)
        spend[c] = spend.get(c, 0.0) + a
        last[c] = max(last.get(c, d), d)
    assert sorted(orders) == table.index.tolist()
    assert (table["recency"] >= 0).all()
    for c in orders:
        assert table.loc[c, "frequency"] == len(orders[c])
        assert table.loc[c, "recency"] == (as_of - last[c]).days
        assert table.loc[c, "monetary"] == pytest.approx(spend[c])
    assert table["frequency"].sum() == tx["order_id"].nunique()


# --- rfm_scores -----------------------------------------------------------------------------------------

def test_rfm_scores_hand_worked():
    table = pd.DataFrame({"recency": [5, 40, 300, 90, 10], "frequency": [6, 3, 1, 1, 2],
                          "monetary": [900.0, 150.0, 20.0, 60.0, 75.0]}, index=list("ABCDE"))
    scores = rfm_scores(table, bins=5)
    # five customers, five bins: one per bin unless tied. Recency: lowest (most recent) = 5.
    assert scores["r_score"].tolist() == [5, 3, 1, 2, 4]
    # frequency 1 is shared by C and D: both take the bin where the tie starts (1); 2 -> 3rd place
    assert scores["f_score"].tolist() == [5, 4, 1, 1, 3]
    assert scores["m_score"].tolist() == [5, 4, 1, 2, 3]
    assert scores["rfm_code"].tolist() == ["555", "344", "111", "212", "433"]
    assert scores.attrs["bins"] == 5
    assert scores[["recency", "frequency", "monetary"]].equals(table)


def test_rfm_scores_fewer_distinct_values_than_bins():
    table = pd.DataFrame({"recency": [3] * 6, "frequency": [1, 1, 1, 1, 2, 2], "monetary": [10.0] * 6})
    scores = rfm_scores(table, bins=5)
    assert set(scores["r_score"]) == {1}
    # 1 is shared by the first 4 of 6 (bin 1); 2 starts at position 5: floor(4 * 5 / 6) + 1 = 4
    assert scores["f_score"].tolist() == [1, 1, 1, 1, 4, 4]


def test_rfm_scores_bad_input():
    good = pd.DataFrame({"recency": [1, 2], "frequency": [1, 2], "monetary": [1.0, 2.0]})
    with pytest.raises(ValueError, match="bins must be between 2 and 9"):
        rfm_scores(good, bins=10)
    with pytest.raises(TypeError, match="bins must be a whole number"):
        rfm_scores(good, bins=2.5)
    with pytest.raises(ValueError, match="rfm has no column for frequency='frequency'"):
        rfm_scores(good.drop(columns="frequency"))
    with pytest.raises(TypeError, match="Column 'monetary' of rfm must be numeric"):
        rfm_scores(good.assign(monetary=["x", "y"]))
    with pytest.raises(ValueError, match="Column 'recency' of rfm has 1 missing value"):
        rfm_scores(good.assign(recency=[1.0, np.nan]))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 8), st.floats(0, 1e4, allow_nan=False)),
                min_size=1, max_size=60),
       st.integers(2, 9))
def test_rfm_scores_properties(rows, bins):
    table = pd.DataFrame(rows, columns=["recency", "frequency", "monetary"])
    scores = rfm_scores(table, bins=bins)
    for value, score, sign in (("recency", "r_score", -1), ("frequency", "f_score", 1), ("monetary", "m_score", 1)):
        s = scores[score]
        assert s.between(1, bins).all()
        key = sign * table[value]
        # equal values share a score; a larger value never gets a lower score
        assert (scores.groupby(key)[score].nunique() == 1).all()
        by_value = scores.assign(key=key).sort_values("key")
        assert by_value[score].is_monotonic_increasing
        assert s[key == key.min()].eq(1).all()          # the lowest value always scores 1
    assert scores["rfm_code"].str.len().eq(3).all()


@given(st.integers(1, 12), st.integers(2, 9))
def test_rfm_scores_balanced_without_ties(per_bin, bins):
    n = per_bin * bins
    table = pd.DataFrame({"recency": np.arange(n), "frequency": np.arange(n) + 1, "monetary": np.arange(n) * 1.5})
    scores = rfm_scores(table, bins=bins)
    for score in ("r_score", "f_score", "m_score"):
        assert scores[score].value_counts().tolist() == [per_bin] * bins


# --- rfm_segments ---------------------------------------------------------------------------------------

def test_segment_rules_cover_the_grid_once_each():
    grid = rfm.segment_grid(rfm.SEGMENT_RULES)
    assert grid.shape == (5, 5)
    assert grid[4, 4] == "Champions" and grid[0, 0] == "Lost" and grid[4, 0] == "New customers"
    assert grid[1, 4] == "Can't lose them" and grid[0, 3] == "At risk" and grid[1, 1] == "Hibernating"
    assert set(grid.ravel()) == set(rfm.SEGMENT_RULES["segment"])     # every rule is reachable
    assert set(rfm.segment_grid(rfm.SIMPLE_RULES).ravel()) == {"Champions", "Promising", "At risk", "Hibernating"}
    assert rfm.SEGMENT_RULES["action"].str.len().gt(10).all()


def test_rfm_segments_hand_worked():
    scores = pd.DataFrame({"r_score": [5, 4, 3, 5, 1, 2, 2, 1, 3],
                           "f_score": [5, 3, 3, 1, 5, 4, 2, 1, 2]}, index=list("ABCDEFGHI"))
    seg = rfm_segments(scores)
    assert seg["segment"].tolist() == ["Champions", "Loyal", "Loyal", "New customers", "Can't lose them",
                                       "At risk", "Hibernating", "Lost", "Need attention"]
    assert list(seg["segment"].cat.categories) == rfm.SEGMENT_RULES["segment"].tolist()
    simple = rfm_segments(scores, rules=rfm.SIMPLE_RULES)
    assert simple["segment"].tolist() == ["Champions", "Champions", "Champions", "Promising", "At risk",
                                          "At risk", "Hibernating", "Hibernating", "Promising"]


def test_rfm_segments_other_bins_map_to_five_levels():
    # bins=3: 1 -> 1, 2 -> 3, 3 -> 5; bins=4: 1 -> 1, 2 -> 2 (2.33), 3 -> 4 (3.67), 4 -> 5
    three = pd.DataFrame({"r_score": [3, 2, 1], "f_score": [3, 2, 1]})
    assert rfm_segments(three, bins=3)["segment"].tolist() == ["Champions", "Loyal", "Lost"]
    four = pd.DataFrame({"r_score": [3, 2], "f_score": [3, 1]})
    four.attrs["bins"] = 4
    assert rfm_segments(four)["segment"].tolist() == ["Champions", "Hibernating"]


def test_rfm_segments_bad_input():
    scores = pd.DataFrame({"r_score": [5, 6], "f_score": [1, 1]})
    with pytest.raises(ValueError, match=r"Column 'r_score' of scores must hold whole numbers from 1 to 5"):
        rfm_segments(scores)
    gap = rfm.SIMPLE_RULES.iloc[:3]
    with pytest.raises(ValueError, match=r"rules leave 4 \(R, F\) cell\(s\) without a segment: R1F1, R1F2, R2F1"):
        rfm_segments(scores.assign(r_score=[1, 2]), rules=gap)
    with pytest.raises(ValueError, match="Column 'f_max' of rules must hold whole numbers from 1 to 5"):
        rfm_segments(scores, rules=rfm.SIMPLE_RULES.assign(f_max=6))
    with pytest.raises(ValueError, match="minimum is above its maximum"):
        rfm_segments(scores, rules=rfm.SIMPLE_RULES.assign(r_min=5))
    with pytest.raises(TypeError, match="scores is still `...`"):
        rfm_segments(...)


def test_segment_summary_shares(lines):
    seg = rfm_segments(rfm_scores(rfm_table(lines, as_of="2024-03-31"), bins=3))
    summary = segment_summary(seg)
    assert summary["customers"].sum() == 3
    assert summary["customer_share"].sum() == pytest.approx(1.0)
    assert summary["value_share"].sum() == pytest.approx(1.0)
    assert summary["total_monetary"].sum() == pytest.approx(41.0)
    assert summary.index.tolist() == rfm.SEGMENT_RULES["segment"].tolist()   # empty segments kept


# --- widget ------------------------------------------------------------------------------------------------

def test_rfm_explorer_updates_with_its_controls():
    from crm_lessons import widgets

    rng = np.random.default_rng(5)
    n = 400
    tx = pd.DataFrame({"customer_id": [f"C{i % 60:02d}" for i in range(n)],
                       "order_id": np.arange(n) // 2,
                       "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D"),
                       "amount": rng.gamma(2.0, 30.0, n).round(2)})
    box = widgets.rfm_explorer(tx)
    (bins, rules), as_of, line, (table, chart) = box.children[0].children, *box.children[1:3], box.children[3].children
    assert as_of.value == tx["order_date"].max().strftime("%Y-%m-%d")
    assert line.value.startswith("<b>60 of 60 customers</b>")
    assert "Champions" in table.value and "What they should receive" in table.value
    assert chart.value[:4] == b"\x89PNG"
    rules.value = "Simple (4 segments)"
    assert "Hibernating" in table.value and "Need attention" not in table.value
    as_of.value = as_of.options[0]
    day = pd.Timestamp(as_of.value)
    early = tx[tx["order_date"] <= day]
    assert line.value.startswith(f"<b>{early['customer_id'].nunique()} of 60 customers</b>")
    assert f"{len(tx) - len(early):,} later row(s)" in line.value
    bins.value = 3
    assert "Scores 1-3" in line.value


def test_rfm_explorer_rejects_bad_input(lines):
    from crm_lessons import widgets

    with pytest.raises(ValueError, match="rules must be one of"):
        widgets.rfm_explorer(lines, rules="Fancy")
    with pytest.raises(ValueError, match="negative value"):
        widgets.rfm_explorer(lines.assign(amount=-1.0))


def _three_orders():
    return pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3],
                         "order_date": ["2024-01-10", "2024-03-05", "2024-02-01"], "amount": [10.0, 20.0, 5.0]})


def test_duplicate_column_names_are_a_named_error():
    tx = _three_orders()
    with pytest.raises(ValueError, match="more than one column named 'amount'"):
        rfm_table(pd.concat([tx, tx[["amount"]]], axis=1))


def test_every_customer_id_missing_is_a_named_error():
    tx = _three_orders().assign(customer_id=np.nan)
    with pytest.raises(ValueError, match=r"Column 'customer_id' of tx \(customer=\) has 3 missing value"):
        rfm_table(tx)
    with pytest.warns(DroppedRowsWarning), pytest.raises(ValueError, match="no valid rows left"):
        rfm_table(tx, on_invalid="drop")


def test_amounts_whose_total_overflows_are_refused():
    tx = _three_orders().assign(amount=[1e308, 1e308, 1.0])      # A's total would be inf
    with pytest.raises(ValueError, match="monetary total of 1 customer.*too large.*column 'amount'"):
        rfm_table(tx)
    assert rfm_table(tx.assign(amount=[1e307, 1e307, 1.0]))["monetary"]["A"] == pytest.approx(2e307)
