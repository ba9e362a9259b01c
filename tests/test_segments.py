"""Tests for crm_lessons.segments: k-means on RFM, budget allocation (typologies: test_typologies.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_lessons import segments
from crm_lessons.rfm import rfm_table
from crm_lessons.segments import allocate_budget, choose_k, cluster_profile, kmeans_rfm, log_rfm
from crm_lessons.typologies import reinartz_kumar


@pytest.fixture
def two_groups() -> pd.DataFrame:
    """Six heavy, recent buyers and six light, lapsed ones: k=2 must split them apart."""
    rng = np.random.default_rng(3)
    heavy = pd.DataFrame({"recency": rng.integers(1, 20, 6), "frequency": rng.integers(15, 30, 6),
                          "monetary": rng.uniform(1500, 3000, 6)})
    light = pd.DataFrame({"recency": rng.integers(250, 400, 6), "frequency": rng.integers(1, 3, 6),
                          "monetary": rng.uniform(10, 60, 6)})
    frame = pd.concat([heavy, light], ignore_index=True)
    frame.index = [f"C{i:02d}" for i in range(12)]
    return frame


# --- k-means on log RFM ---------------------------------------------------------------------------------

def test_log_rfm_is_standardised_log():
    rfm = pd.DataFrame({"recency": [0, 9, 99], "frequency": [1, 3, 7], "monetary": [0.0, 9.0, 99.0]})
    out = log_rfm(rfm)
    assert list(out.columns) == ["log_recency", "log_frequency", "log_monetary"]
    # log1p(0, 9, 99) = (0, ln 10, ln 100) = (0, 2.303, 4.605): equally spaced, so z = (-1.2247, 0, 1.2247)
    assert out["log_recency"].to_numpy() == pytest.approx([-np.sqrt(1.5), 0, np.sqrt(1.5)])
    assert out.mean().to_numpy() == pytest.approx(0, abs=1e-12)
    assert out.std(ddof=0).to_numpy() == pytest.approx(1)
    constant = log_rfm(rfm.assign(frequency=2))
    assert (constant["log_frequency"] == 0).all()


def test_kmeans_rfm_splits_obvious_groups_and_numbers_by_value(two_groups):
    labels = kmeans_rfm(two_groups, k=2)
    assert labels.name == "cluster" and labels.index.equals(two_groups.index)
    assert labels.tolist() == [1] * 6 + [2] * 6          # cluster 1 = higher mean monetary value
    assert kmeans_rfm(two_groups, k=2, random_state=7).tolist() == labels.tolist()


def test_choose_k_elbow_and_silhouette(two_groups):
    table = choose_k(two_groups, k_values=[2, 3, 4])
    assert table.index.tolist() == [2, 3, 4]
    assert table["inertia"].is_monotonic_decreasing
    assert table["silhouette"].between(-1, 1).all()
    assert table["silhouette"].idxmax() == 2              # two planted groups -> best separated at k=2


def test_cluster_profile(two_groups):
    labels = kmeans_rfm(two_groups, k=2)
    profile = cluster_profile(two_groups, labels)
    assert profile["customers"].tolist() == [6, 6]
    assert profile.loc[1, "profile"] == "recent, frequent, high spend"
    assert profile.loc[2, "profile"] == "lapsed, rare, low spend"
    assert profile["value_share"].sum() == pytest.approx(1.0)
    assert profile.loc[1, "monetary"] == pytest.approx(two_groups["monetary"].iloc[:6].mean())


def test_clustering_bad_input(two_groups):
    with pytest.raises(ValueError, match=r"k must be at least 2 and below the number of customers \(12\), got 12"):
        kmeans_rfm(two_groups, k=12)
    with pytest.raises(TypeError, match="k must be a whole number of clusters"):
        kmeans_rfm(two_groups, k=2.0)
    with pytest.raises(ValueError, match="k_values is empty"):
        choose_k(two_groups, k_values=[])
    with pytest.raises(ValueError, match="Column 'monetary' of rfm must hold values of zero or more"):
        log_rfm(two_groups.assign(monetary=-1.0))
    with pytest.raises(ValueError, match="rfm has no column for recency"):
        log_rfm(two_groups.drop(columns="recency"))
    with pytest.raises(ValueError, match="clusters must have the same index as rfm"):
        cluster_profile(two_groups, pd.Series([1, 2]))
    with pytest.raises(TypeError, match="clusters must be a pandas Series"):
        cluster_profile(two_groups, [1] * 12)


@pytest.fixture(scope="module")
def planted(simulated_company):
    """The simulated retailer's RFM (as of its last day) and the planted customer groups."""
    from crm_lessons.simulate.company import END

    sim = simulated_company
    rfm = rfm_table(sim.tables["orders"], as_of=END)
    return rfm, sim.truth["group"].reindex(rfm.index)


def test_kmeans_recovers_the_planted_groups(planted):
    """k-means (k=4) on log RFM recovers the generator's four groups far better than chance.

    Why these thresholds: the planted groups (high_value, regular, occasional, one_off) differ
    in order rate, basket size and churn, but customers joined at different times and many have
    already left, so the groups overlap in RFM space. Even a classifier that is *told* the groups
    (quadratic discriminant analysis on the same three features) reaches an ARI of only about
    0.3, so that is the ceiling for any partition of log RFM. The test asks k-means, which never
    sees the groups, for (1) an ARI at least 0.15 above a random labelling (whose ARI is about 0),
    (2) more than a 1-D split by monetary value alone -- both into quartiles and into the true
    group sizes, and (3) at least 75 % of the supervised ceiling. It also checks the meaning:
    nearly all one-off buyers share the least valuable cluster, and the most valuable cluster is
    made of high-value and regular customers.
    """
    from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis
    from sklearn.metrics import adjusted_rand_score

    rfm, truth = planted
    clusters = kmeans_rfm(rfm, k=4)
    ari = adjusted_rand_score(truth, clusters)

    rng = np.random.default_rng(0)
    random_ari = max(adjusted_rand_score(truth, rng.permutation(clusters.to_numpy())) for _ in range(20))
    quartiles = pd.qcut(rfm["monetary"].rank(method="first"), 4, labels=False)
    shares = truth.value_counts(normalize=True)[["one_off", "occasional", "regular", "high_value"]].cumsum()
    sized = pd.cut(rfm["monetary"].rank(method="first", pct=True), [0.0, *shares.to_numpy()], labels=False)
    monetary_ari = max(adjusted_rand_score(truth, quartiles), adjusted_rand_score(truth, sized))
    features = log_rfm(rfm).to_numpy()
    ceiling = adjusted_rand_score(truth, QuadraticDiscriminantAnalysis().fit(features, truth).predict(features))

    assert random_ari < 0.02
    assert ari > random_ari + 0.15
    assert ari > monetary_ari
    assert ari >= 0.75 * ceiling

    table = pd.crosstab(clusters, truth)
    lowest = clusters.max()                                       # clusters are numbered by mean value
    assert table.loc[lowest, "one_off"] >= 0.85 * table["one_off"].sum()
    top = table.loc[1]
    assert (top["high_value"] + top["regular"]) >= 0.9 * top.sum()


# --- budget allocation -------------------------------------------------------------------------------------

def test_allocate_budget_hand_worked():
    s = pd.DataFrame({"customers": [10, 40, 50, 0], "total_monetary": [6000.0, 3000.0, 1000.0, 0.0]},
                     index=["Champions", "Loyal", "Lost", "New"])
    out = allocate_budget(s, 1000, weights={"Lost": 0, "Loyal": 2})
    # weight x value: 6000, 6000, 0, 0 -> half each
    assert out["budget"].tolist() == pytest.approx([500.0, 500.0, 0.0, 0.0])
    assert out["budget_per_customer"].tolist() == pytest.approx([50.0, 12.5, 0.0, 0.0])
    assert out["basis_share"].tolist() == pytest.approx([0.6, 0.3, 0.1, 0.0])
    per_head = allocate_budget(s, 1000, basis="customers")
    assert per_head["budget_per_customer"].tolist() == pytest.approx([10.0, 10.0, 10.0, 0.0])


@given(st.lists(st.tuples(st.integers(0, 500), st.floats(0, 1e5, allow_nan=False)), min_size=1, max_size=8),
       st.floats(1, 1e6))
def test_allocate_budget_adds_up(rows, budget):
    s = pd.DataFrame(rows, columns=["customers", "total_monetary"], index=[f"S{i}" for i in range(len(rows))])
    if s["total_monetary"].sum() <= 0:
        with pytest.raises(ValueError, match="nothing to allocate by"):
            allocate_budget(s, budget)
        return
    out = allocate_budget(s, budget)
    assert out["budget"].sum() == pytest.approx(budget)
    assert (out["budget"] >= 0).all()


def test_allocate_budget_is_exact_for_tiny_values():
    # found by hypothesis: budget * 5e-324 / 5e-324 gave 2.0 instead of 1.5
    s = pd.DataFrame({"customers": [0], "total_monetary": [5e-324]}, index=["S0"])
    assert allocate_budget(s, 1.5)["budget"].sum() == 1.5


def test_allocate_budget_bad_input():
    s = pd.DataFrame({"customers": [1], "total_monetary": [10.0]}, index=["A"])
    with pytest.raises(ValueError, match="budget must be more than 0"):
        allocate_budget(s, 0)
    with pytest.raises(TypeError, match="budget must be a number"):
        allocate_budget(s, "1000")
    with pytest.raises(ValueError, match="weights names segment\\(s\\) not in summary: B"):
        allocate_budget(s, 100, weights={"B": 1})
    with pytest.raises(ValueError, match=r"weights\['A'\] must be a number of 0 or more"):
        allocate_budget(s, 100, weights={"A": -1})
    with pytest.raises(ValueError, match="summary has no column for basis='margin'"):
        allocate_budget(s, 100, basis="margin")


def test_public_names():
    assert set(segments.__all__) == {"log_rfm", "choose_k", "kmeans_rfm", "cluster_profile", "allocate_budget"}


# --- charts --------------------------------------------------------------------------------------------------

def test_charts_draw_what_they_are_given(two_groups):
    import matplotlib.pyplot as plt

    from crm_lessons import plots
    from crm_lessons.rfm import rfm_scores, rfm_segments, segment_summary

    scores = rfm_scores(two_groups)
    ax = plots.rf_heatmap(scores, title="t")
    shown = ax.images[0].get_array()
    assert shown.sum() == 12 and ax.get_title() == "t"
    assert plots.rf_heatmap(scores, value="monetary", title="t").images
    ax = plots.segment_map(title="Grid", scores=scores)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 25 and sum(int(t.rsplit("(", 1)[1].rstrip(")").replace(",", "")) for t in texts) == 12
    summary = segment_summary(rfm_segments(scores))
    ax = plots.segment_value_chart(summary, title="t")
    assert len(ax.patches) == 2 * len(summary)
    left, right = plots.elbow_silhouette_chart(choose_k(two_groups, [2, 3]), title="Elbow")
    assert right.get_title() == "Silhouette is highest at k = 2"
    labels = kmeans_rfm(two_groups, k=2)
    ax = plots.cluster_scatter(two_groups, labels, title="t")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Cluster 1 (6)", "Cluster 2 (6)"]
    plots.segment_crosstab_chart(pd.crosstab(labels, labels), title="t", xlabel="x", ylabel="y")
    typed = reinartz_kumar(pd.DataFrame({"profit": [9.0, 1.0, 5.0, 7.0], "duration": [3, 8, 1, 9]}))
    ax = plots.typology_chart(typed, title="t", xlabel="Duration (days)", ylabel="Profit (¥)")
    # medians: profit 6, duration 5.5 -> one customer in each quadrant
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["Barnacles\n1 (25%)", "Butterflies\n1 (25%)", "Strangers\n1 (25%)", "True friends\n1 (25%)"]
    allocation = allocate_budget(pd.DataFrame({"customers": [2, 8], "total_monetary": [60.0, 40.0]},
                                              index=["A", "B"]), 100)
    ax = plots.segment_budget_chart(allocation, title="t")
    assert [t.get_text() for t in ax.texts] == ["  ¥30.00 per customer", "  ¥5.00 per customer"]
    with pytest.raises(ValueError, match="typed has no typology information"):
        plots.typology_chart(pd.DataFrame({"type": ["a"]}), title="t", xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match=r"scores has no column\(s\) \['f_score'\]"):
        plots.rf_heatmap(scores.drop(columns="f_score"), title="t")
    plt.close("all")
