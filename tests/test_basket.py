"""Market-basket analysis: hand-worked toy values, properties against brute force and mlxtend, bad input,
the planted associations of the bundled data, the large-log generator, charts and widgets."""
from __future__ import annotations

import math
import warnings
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_lessons import basket as B
from crm_lessons.basket import _levelwise
from crm_lessons.basket.rules import empty_rules
from crm_lessons.simulate.retail_log import retail_log

TOY = B.toy_transactions()
E, C, T, M, S = "Espresso machine", "Coffee beans 1kg", "Loose-leaf tea", "Milk frother", "Scented candle"


def _rule(rules: pd.DataFrame, antecedent: str, consequent: str) -> pd.Series:
    hit = rules[(rules["antecedent"] == antecedent) & (rules["consequent"] == consequent)]
    assert len(hit) == 1, f"rule {antecedent} -> {consequent} not found once"
    return hit.iloc[0]


# --------------------------------------------------------------------------------------------
# The toy example, worked by hand (see the basket list in the notebook)
# --------------------------------------------------------------------------------------------

def test_toy_matrix_counts_each_basket_once_and_sorts():
    doubled = pd.concat([TOY, TOY.iloc[[0, 0, 5]]], ignore_index=True)        # repeated lines
    m = B.basket_matrix(doubled.sample(frac=1, random_state=3))
    assert list(m.index) == [f"T{i:02d}" for i in range(1, 11)]
    assert list(m.columns) == sorted([E, C, T, M, S])
    assert m.sum().to_dict() == {C: 5, E: 4, T: 3, M: 4, S: 8}
    assert all(pd.api.types.is_bool_dtype(t) for t in m.dtypes)


def test_toy_supports_by_hand():
    fi = B.frequent_itemsets(B.basket_matrix(TOY), 0.3)
    got = dict(zip(fi["itemset"], fi["support"]))
    assert got == pytest.approx({S: 0.8, C: 0.5, E: 0.4, M: 0.4, T: 0.3,
                                 f"{C} + {E}": 0.4, f"{C} + {S}": 0.4, f"{E} + {S}": 0.3, f"{M} + {S}": 0.3,
                                 f"{C} + {E} + {S}": 0.3})
    assert fi["count"].tolist() == [round(s * 10) for s in fi["support"]]
    assert fi["support"].is_monotonic_decreasing


def test_toy_rules_by_hand():
    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.0)
    ec = _rule(rules, E, C)            # 4 of 4 espresso baskets hold beans; beans in 5 of 10
    assert (ec["support"], ec["confidence"], ec["lift"]) == pytest.approx((0.4, 1.0, 2.0))
    assert ec["leverage"] == pytest.approx(0.4 - 0.4 * 0.5) and math.isinf(ec["conviction"])
    ms = _rule(rules, M, S)            # confidence 3/4 but candles are in 8 of 10 baskets
    assert (ms["confidence"], ms["lift"]) == pytest.approx((0.75, 0.75 / 0.8))
    assert ms["conviction"] == pytest.approx((1 - 0.8) / (1 - 0.75))
    assert ms["leverage"] == pytest.approx(0.3 - 0.4 * 0.8)
    assert _rule(rules, C, M)["lift"] == pytest.approx(1.0)           # 0.2 = 0.5 * 0.4: independent
    assert _rule(rules, C, T)["lift"] == pytest.approx(0.1 / (0.5 * 0.3))
    two = _rule(rules, f"{C} + {M}", E)           # both baskets with beans and a frother hold a machine
    assert (two["confidence"], two["lift"]) == pytest.approx((1.0, 2.5))


def test_rules_are_sorted_by_lift_then_confidence_then_support():
    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.0)
    keys = list(zip(-rules["lift"].round(12), -rules["confidence"].round(12), -rules["support"].round(12),
                    rules["antecedent"], rules["consequent"]))
    assert keys == sorted(keys)
    assert list(rules.index) == list(range(len(rules)))


def test_single_and_multiple_consequents():
    fi = B.frequent_itemsets(B.basket_matrix(TOY), 0.2)
    single = B.association_rules(fi, min_confidence=0.0)
    multi = B.association_rules(fi, min_confidence=0.0, single_consequent=False)
    assert (single["consequent_items"].map(len) == 1).all()
    assert (multi["consequent_items"].map(len) > 1).any()
    key = ["antecedent", "consequent"]
    assert set(map(tuple, single[key].to_numpy())) <= set(map(tuple, multi[key].to_numpy()))
    # a 3-itemset gives 3 one-item rules and 6 rules in all
    three = fi[fi["length"] == 3]
    assert len(single) == (fi["length"] == 2).sum() * 2 + len(three) * 3
    assert len(multi) == (fi["length"] == 2).sum() * 2 + len(three) * 6


def test_thresholds_filter_rules():
    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.7, min_lift=1.5)
    assert (rules["confidence"] >= 0.7).all() and (rules["lift"] >= 1.5).all()
    assert (rules["support"] >= 0.1).all() and len(rules) > 0


def test_max_len_limits_itemsets():
    m = B.basket_matrix(TOY)
    assert B.frequent_itemsets(m, 0.1, max_len=2)["length"].max() == 2
    assert B.frequent_itemsets(m, 0.1, max_len=1)["length"].max() == 1
    assert B.frequent_itemsets(m, 0.1)["length"].max() == 4


def test_min_support_in_basket_matrix_drops_items_but_keeps_baskets():
    m = B.basket_matrix(TOY, min_support=0.35)
    assert T not in m.columns and m.shape == (10, 4)
    assert m.attrs["n_dropped_items"] == 1 and m.attrs["n_items"] == 5
    assert not m.loc["T10"].any()                              # the tea-only basket keeps its (empty) row
    assert B.frequent_itemsets(m, 0.4).equals(B.frequent_itemsets(B.basket_matrix(TOY), 0.4))
    with pytest.raises(ValueError, match="built with min_support=0.35"):
        B.frequent_itemsets(m, 0.2)


def test_sparse_and_dense_layouts_give_the_same_itemsets():
    dense = B.basket_matrix(TOY, sparse=False)
    sparse = B.basket_matrix(TOY, sparse=True)
    assert all(isinstance(t, pd.SparseDtype) for t in sparse.dtypes)
    assert not any(isinstance(t, pd.SparseDtype) for t in dense.dtypes)
    assert B.frequent_itemsets(dense, 0.1).equals(B.frequent_itemsets(sparse, 0.1))


def test_large_matrix_is_sparse_by_default():
    log = retail_log(n_baskets=30_000, n_items=3_500, seed=2).lines
    m = B.basket_matrix(log)                              # 30,000 x ~3,500 cells: over 64 MB dense
    assert all(isinstance(t, pd.SparseDtype) for t in m.dtypes)
    assert not any(isinstance(t, pd.SparseDtype) for t in B.basket_matrix(log, min_support=0.01).dtypes)


def test_fpgrowth_method_matches_eclat_on_toy():
    m = B.basket_matrix(TOY)
    assert B.frequent_itemsets(m, 0.1, method="fpgrowth").equals(B.frequent_itemsets(m, 0.1))


def test_estimate_on_toy():
    est = B.estimate_itemsets(B.basket_matrix(TOY), 0.3)
    assert (est["items"], est["pairs"]) == (5, 4)
    assert est["at_least"] <= len(B.frequent_itemsets(B.basket_matrix(TOY), 0.3))


# --------------------------------------------------------------------------------------------
# Properties on random basket matrices
# --------------------------------------------------------------------------------------------

@st.composite
def matrices(draw, max_items: int = 7):
    n = draw(st.integers(2, 30))
    k = draw(st.integers(1, max_items))
    density = draw(st.sampled_from([0.15, 0.35, 0.6]))
    seed = draw(st.integers(0, 2**31 - 1))
    values = np.random.default_rng(seed).random((n, k)) < density
    return pd.DataFrame(values, columns=[f"item {chr(65 + j)}" for j in range(k)])


SUPPORTS = st.sampled_from([0.05, 0.1, 0.2, 1 / 3, 0.5, 0.9])


def _brute_force(m: pd.DataFrame, min_support: float) -> dict[tuple[str, ...], int]:
    values = m.to_numpy()
    out = {}
    for size in range(1, m.shape[1] + 1):
        for cols in combinations(range(m.shape[1]), size):
            count = int(values[:, list(cols)].all(axis=1).sum())
            if count / len(m) >= min_support:
                out[tuple(sorted(m.columns[list(cols)]))] = count
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(), SUPPORTS)
def test_itemsets_match_brute_force_and_mlxtend(m, min_support):
    fi = B.frequent_itemsets(m, min_support)
    assert dict(zip(fi["items"], fi["count"])) == _brute_force(m, min_support)
    assert fi.equals(B.frequent_itemsets(m, min_support, method="fpgrowth"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(), SUPPORTS)
def test_confidence_is_support_ratio_and_lift_symmetric(m, min_support):
    fi = B.frequent_itemsets(m, min_support)
    if not (fi["length"] > 1).any():
        return
    rules = B.association_rules(fi, min_confidence=0.0, single_consequent=False)
    values = m.to_numpy()
    col = {c: j for j, c in enumerate(m.columns)}

    def share(items):
        return values[:, [col[i] for i in items]].all(axis=1).mean()

    for row in rules.itertuples():
        both = share(row.antecedent_items + row.consequent_items)
        assert row.support == pytest.approx(both)
        assert row.confidence == pytest.approx(both / share(row.antecedent_items))
        assert row.lift == pytest.approx(row.confidence / share(row.consequent_items))
    one_to_one = rules[(rules["antecedent_items"].map(len) == 1) & (rules["consequent_items"].map(len) == 1)]
    lift = dict(zip(zip(one_to_one["antecedent"], one_to_one["consequent"]), one_to_one["lift"]))
    for (a, c), value in lift.items():
        assert value == pytest.approx(lift[(c, a)])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(max_items=6), SUPPORTS)
def test_rules_match_mlxtend(m, min_support):
    with warnings.catch_warnings():
        from mlxtend.frequent_patterns import association_rules, fpgrowth
    fi = B.frequent_itemsets(m, min_support)
    if not (fi["length"] > 1).any():
        return
    ours = B.association_rules(fi, min_confidence=0.0, single_consequent=False)
    ref = association_rules(fpgrowth(m, min_support=min_support, use_colnames=True), num_itemsets=len(m),
                            metric="confidence", min_threshold=0.0,
                            return_metrics=["support", "confidence", "lift", "leverage"])
    ref_key = {(tuple(sorted(a)), tuple(sorted(c))): (s, cf, lf, lv)
               for a, c, s, cf, lf, lv in zip(ref["antecedents"], ref["consequents"], ref["support"],
                                             ref["confidence"], ref["lift"], ref["leverage"])}
    assert len(ref_key) == len(ours)
    for row in ours.itertuples():
        s, cf, lf, lv = ref_key[(row.antecedent_items, row.consequent_items)]
        assert (row.support, row.confidence, row.lift, row.leverage) == pytest.approx((s, cf, lf, lv))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(), st.sampled_from([0.2, 1 / 3, 0.5]), st.sampled_from([0.0, 0.4, 0.8]),
       st.sampled_from([None, 1.0, 1.5]))
def test_filtering_rules_equals_mining_at_those_thresholds(m, min_support, min_confidence, min_lift):
    base = B.frequent_itemsets(m, 0.05)
    if not (base["length"] > 1).any():
        return
    everything = B.association_rules(base, min_confidence=0.0)
    fi = B.frequent_itemsets(m, min_support)
    direct = B.association_rules(fi, min_confidence, min_lift) if (fi["length"] > 1).any() else empty_rules()
    filtered = B.filter_rules(everything, min_support, min_confidence, min_lift)
    cols = ["antecedent", "consequent", "support", "confidence", "lift"]
    assert filtered[cols].reset_index(drop=True).equals(direct[cols].reset_index(drop=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(), SUPPORTS)
def test_estimate_is_a_lower_bound(m, min_support):
    est = B.estimate_itemsets(m, min_support)
    assert est["at_least"] <= len(B.frequent_itemsets(m, min_support))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_output_does_not_depend_on_row_order(seed):
    shuffled = TOY.sample(frac=1, random_state=seed)
    a = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.0)
    b = B.association_rules(B.basket_matrix(shuffled), min_support=0.1, min_confidence=0.0)
    assert a.equals(b)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------

def test_basket_matrix_rejects_bad_input():
    with pytest.raises(TypeError, match="still `...`"):
        B.basket_matrix(...)
    with pytest.raises(TypeError, match="tx must be a pandas DataFrame"):
        B.basket_matrix([["a", "b"]])
    with pytest.raises(ValueError, match="tx is empty"):
        B.basket_matrix(TOY.iloc[:0])
    with pytest.raises(ValueError, match="no column for item='sku'"):
        B.basket_matrix(TOY, item="sku")
    holes = TOY.copy()
    holes.loc[3, "product"] = None
    with pytest.raises(ValueError, match="'product' of tx .* 1 missing value"):
        B.basket_matrix(holes)
    with pytest.raises(ValueError, match=r"min_support must lie in \(0, 1\]"):
        B.basket_matrix(TOY, min_support=0)
    with pytest.raises(TypeError, match="sparse must be True, False or None"):
        B.basket_matrix(TOY, sparse="yes")


def test_frequent_itemsets_rejects_bad_baskets():
    good = B.basket_matrix(TOY)
    with pytest.raises(ValueError, match="no rows: there are no baskets"):
        B.frequent_itemsets(good.iloc[:0], 0.1)
    with pytest.raises(ValueError, match="no columns: there are no items"):
        B.frequent_itemsets(good.iloc[:, :0], 0.1)
    with pytest.raises(ValueError, match="single basket"):
        B.frequent_itemsets(good.iloc[:1], 0.1)
    with pytest.raises(TypeError, match="must be a boolean .* 5 column"):
        B.frequent_itemsets(good.astype(int), 0.1)
    with pytest.raises(TypeError, match="baskets is still `...`"):
        B.frequent_itemsets(..., 0.1)
    nullable = good.astype("boolean")
    nullable.iloc[0, 0] = pd.NA
    with pytest.raises(ValueError, match="missing values"):
        B.frequent_itemsets(nullable, 0.1)


@pytest.mark.parametrize("bad, error, message", [
    (0, ValueError, r"lie in \(0, 1\]"), (1.5, ValueError, r"lie in \(0, 1\]"), (-0.1, ValueError, "lie in"),
    (float("nan"), ValueError, "lie in"), ("0.1", TypeError, "must be a number"), (True, TypeError, "number"),
])
def test_support_outside_zero_one_is_refused(bad, error, message):
    with pytest.raises(error, match=message):
        B.frequent_itemsets(B.basket_matrix(TOY), bad)


def test_other_bad_arguments():
    m = B.basket_matrix(TOY)
    with pytest.raises(ValueError, match="max_len must be at least 1"):
        B.frequent_itemsets(m, 0.1, max_len=0)
    with pytest.raises(TypeError, match="max_len must be a whole number"):
        B.frequent_itemsets(m, 0.1, max_len=2.5)
    with pytest.raises(ValueError, match="method must be 'eclat' or 'fpgrowth'"):
        B.frequent_itemsets(m, 0.1, method="apriori")
    with pytest.raises(ValueError, match="max_itemsets must be a positive"):
        B.frequent_itemsets(m, 0.1, max_itemsets=0)


def test_association_rules_rejects_bad_input():
    m = B.basket_matrix(TOY)
    fi = B.frequent_itemsets(m, 0.2)
    with pytest.raises(ValueError, match="pass min_support too"):
        B.association_rules(m)
    with pytest.raises(TypeError, match="must be a boolean"):
        B.association_rules(m.astype(int))
    with pytest.raises(TypeError, match="still `...`"):
        B.association_rules(...)
    with pytest.raises(TypeError, match="got list"):
        B.association_rules([1, 2])
    with pytest.raises(ValueError, match=r"min_confidence must lie in \[0, 1\]"):
        B.association_rules(fi, min_confidence=1.5)
    with pytest.raises(ValueError, match="min_lift must be zero or more"):
        B.association_rules(fi, min_lift=-1)
    with pytest.raises(TypeError, match="single_consequent must be True or False"):
        B.association_rules(fi, single_consequent="yes")
    with pytest.raises(ValueError, match="lacks the itemset 'Espresso machine'"):
        B.association_rules(fi[fi["itemset"] != E])
    with pytest.raises(ValueError, match="no itemset reached min_support"):
        B.association_rules(fi.iloc[:0])


# --------------------------------------------------------------------------------------------
# Refusing a threshold that would explode
# --------------------------------------------------------------------------------------------

def test_identical_large_baskets_are_refused_before_mining():
    rows = [[f"SKU {j:02d}" for j in range(25)] + [f"extra {i}"] for i in range(30)]
    tx = pd.DataFrame([(f"B{i}", item) for i, items in enumerate(rows) for item in items],
                      columns=["order_id", "product"])
    m = B.basket_matrix(tx)
    est = B.estimate_itemsets(m, 0.5)
    assert est["shared_by"] >= 15 and len(est["shared_items"]) == 25
    assert est["at_least"] >= 2**25 - 1                    # every combination of the 25 shared items
    with pytest.raises(ValueError, match=r"30 baskets share the same 25 items .*max_len=2"):
        B.frequent_itemsets(m, 0.5)
    assert len(B.frequent_itemsets(m, 0.5, max_len=2)) == 25 + math.comb(25, 2)


def test_too_many_items_and_pairs_are_refused_with_a_better_threshold():
    log = retail_log(n_baskets=2_000, n_items=400, mean_lines=20, seed=5).lines
    m = B.basket_matrix(log)
    with pytest.raises(ValueError, match=r"items and [\d,]+ pairs are frequent .*Raise min_support \(at 0\.\d+"):
        B.frequent_itemsets(m, 0.001, max_itemsets=5_000)


@pytest.mark.parametrize("method", ["eclat", "fpgrowth"])
def test_next_level_too_big_is_refused_from_a_sample_of_candidates(method):
    m = B.basket_matrix(retail_log(n_baskets=2_000, n_items=400, mean_lines=20, seed=5).lines)
    truth = B.frequent_itemsets(m, 0.005, max_len=3, max_itemsets=10**6)
    assert len(truth) > 40_000 > (truth["length"] < 3).sum()
    with pytest.raises(ValueError, match=r"about [\d,]+ itemsets of 3 items would be frequent \(estimated from "
                                         r"20,000 of the [\d,]+ candidates\)"):
        B.frequent_itemsets(m, 0.005, max_itemsets=40_000, method=method)


def test_eclat_stops_when_longer_itemsets_pass_the_cap():
    values = np.random.default_rng(11).random((300, 12)) < 0.6
    m = pd.DataFrame(values, columns=[f"item {j}" for j in range(12)])
    est = B.estimate_itemsets(m, 0.1)
    actual = len(B.frequent_itemsets(m, 0.1))
    assert est["at_least"] < actual
    with pytest.raises(ValueError, match="counted up to"):
        B.frequent_itemsets(m, 0.1, max_itemsets=est["at_least"])


def test_membership_fallback_for_long_itemsets():
    known = np.array([[0, 1, 2], [0, 1, 3], [1, 2, 3]])
    rows = np.array([[0, 1, 3], [0, 2, 3], [1, 2, 3]])
    expected = [True, False, True]
    assert _levelwise._is_member(rows, known, 4).tolist() == expected
    assert _levelwise._is_member(rows, known, 2**40).tolist() == expected      # keys would overflow: other route


# --------------------------------------------------------------------------------------------
# Filtering, recommendations, segments
# --------------------------------------------------------------------------------------------

def test_filter_rules_by_item_and_side():
    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.0)
    left = B.filter_rules(rules, mentions=E, side="antecedent")
    right = B.filter_rules(rules, mentions=E, side="consequent")
    anywhere = B.filter_rules(rules, mentions=E)
    assert left["antecedent_items"].map(lambda t: E in t).all()
    assert right["consequent_items"].map(lambda t: E in t).all()
    assert len(anywhere) == len(left) + len(right)
    with pytest.raises(ValueError, match="side must be"):
        B.filter_rules(rules, mentions=E, side="left")
    with pytest.raises(TypeError, match="mentions must be an item name"):
        B.filter_rules(rules, mentions=3)


def test_recommend_offers_beyond_chance_items_not_in_the_basket():
    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.1)
    offer = B.recommend(rules, E)
    assert offer["item"].tolist() == [C, M]                      # candle (lift 0.94) is never offered
    assert offer.loc[0, "because"] == E and offer.loc[0, "score"] == pytest.approx(1.0)
    assert B.recommend(rules, [E, C])["item"].tolist() == [M]    # beans already in the basket
    by_lift = B.recommend(rules, [C, M], by="lift")
    assert by_lift.loc[0, "item"] == E and by_lift.loc[0, "score"] == pytest.approx(2.5)
    assert B.recommend(rules, ["Something else"]).empty
    with pytest.raises(ValueError, match="k must be a positive"):
        B.recommend(rules, E, k=0)
    with pytest.raises(ValueError, match="by must be one of"):
        B.recommend(rules, E, by="popularity")
    with pytest.raises(TypeError, match="items must be"):
        B.recommend(rules, 5)


def test_rules_by_segment():
    tx = TOY.assign(half=np.where(TOY["order_id"] <= "T05", "first", "second"))
    out = B.rules_by_segment(tx, segment="half", min_support=0.4, min_confidence=0.5)
    second = out[out["segment"] == "second"]
    assert set(out["baskets"]) == {5}
    rule = _rule(second, M, S)        # in T06-T10 both frother baskets hold a candle; 4 of 5 hold one
    assert (rule["support"], rule["confidence"], rule["lift"]) == pytest.approx((0.4, 1.0, 1.25))
    mixed = tx.copy()
    mixed.loc[0, "half"] = "second"
    with pytest.raises(ValueError, match="1 basket.* span more than one 'half'"):
        B.rules_by_segment(mixed, segment="half", min_support=0.4)
    with pytest.raises(ValueError, match="no column for segment='tier'"):
        B.rules_by_segment(tx, segment="tier", min_support=0.4)


# --------------------------------------------------------------------------------------------
# The bundled retailer: the planted structure surfaces
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled():
    from crm_lessons import datasets

    return B.basket_matrix(datasets.load("order_lines"))


def test_planted_associations_surface(bundled):
    from crm_lessons.simulate.company import ASSOCIATIONS

    rules = B.association_rules(bundled, min_support=0.005, min_confidence=0.3)
    singles = [(a[0], c) for a, c, _ in ASSOCIATIONS if len(a) == 1]
    assert len(singles) >= 5
    for antecedent, consequent in singles:
        assert _rule(rules, antecedent, consequent)["lift"] > 3
    rare = B.association_rules(bundled, min_support=0.001, min_confidence=0.2)
    for antecedents, consequent, _ in ASSOCIATIONS:
        if len(antecedents) > 1:
            assert _rule(rare, " + ".join(sorted(antecedents)), consequent)["lift"] > 3


def test_substitutes_have_lift_below_one(bundled):
    from crm_lessons.simulate.company import SUBSTITUTES

    rules = B.association_rules(bundled, min_support=0.001, min_confidence=0.0)
    for a, b, _ in SUBSTITUTES:
        assert _rule(rules, a, b)["lift"] < 1 and _rule(rules, b, a)["lift"] < 1


def test_rules_into_the_popular_candle_are_no_better_than_chance(bundled):
    support = bundled.mean().sort_values(ascending=False)
    assert "Scented candle" in support.index[:2]
    rules = B.association_rules(bundled, min_support=0.005, min_confidence=0.0)
    into = rules[rules["consequent"] == "Scented candle"]
    assert len(into) >= 10 and into["lift"].max() < 1.2


# --------------------------------------------------------------------------------------------
# The large-log generator
# --------------------------------------------------------------------------------------------

def test_retail_log_default_shape_and_determinism():
    log = retail_log()
    lines = log.lines
    assert lines["order_id"].nunique() == 20_000
    assert 450_000 <= len(lines) <= 560_000
    assert 3_300 <= lines["product"].nunique() <= 3_500
    assert lines.equals(retail_log().lines)
    assert not lines.equals(retail_log(seed=1).lines)
    counts = lines.drop_duplicates(["order_id", "product"])["product"].value_counts()
    assert counts.iloc[0] > 20 * counts.median()              # a long tail: power-law popularity
    sizes = lines.groupby("order_id").size()
    assert sizes.max() > 8 * sizes.median()                   # a few very large baskets


def test_retail_log_plants_its_associations():
    log = retail_log(n_baskets=5_000, n_items=500, mean_lines=10, seed=4)
    m = B.basket_matrix(log.lines)
    for a, c, _p in log.associations.itertuples(index=False):
        lift = (m[a] & m[c]).mean() / (m[a].mean() * m[c].mean())
        assert lift > 2, (a, c, lift)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_baskets": 0}, ValueError, "n_baskets must be at least 1"),
    ({"n_items": "many"}, TypeError, "n_items must be an int"),
    ({"mean_lines": 0.5}, ValueError, "mean_lines must lie between 1"),
    ({"exponent": True}, TypeError, "exponent must be a number"),
])
def test_retail_log_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        retail_log(**kwargs)


# --------------------------------------------------------------------------------------------
# Charts and widgets
# --------------------------------------------------------------------------------------------

def test_lattice_marks_what_apriori_counts():
    from crm_lessons.plots.basket import _lattice_status

    status = _lattice_status(B.basket_matrix(TOY), 0.3)
    kinds = pd.Series([k for k, _ in status.values()]).value_counts().to_dict()
    assert kinds == {"pruned": 15, "infrequent": 6, "frequent": 10}
    assert status[(0, 1, 4)] == ("frequent", pytest.approx(0.3))        # beans + espresso + candle
    assert status[(0, 1, 3)][0] == "pruned"                                # beans + frother is rare


def test_charts_label_their_axes():
    import matplotlib.pyplot as plt

    from crm_lessons import plots

    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.2)
    ax = plots.rules_scatter(rules, title="Strong rules are rare", highlight=S, label_top=2)
    assert ax.get_title() and "Confidence" in ax.get_ylabel() and "support" in ax.get_xlabel()
    ax = plots.itemset_lattice(B.basket_matrix(TOY), 0.3, title="Most itemsets are never counted")
    assert " ".join(ax.get_title().split()) == "Most itemsets are never counted"
    with pytest.raises(ValueError, match="metric must be"):
        plots.segment_rules_chart(rules.assign(segment="x"), [(E, C)], title="t", metric="count")
    with pytest.raises(ValueError, match="2 to 6 items"):
        plots.itemset_lattice(pd.DataFrame({"a": [True, False]}), 0.5, title="t")
    plt.close("all")


def test_rules_explorer_filters_on_change():
    from crm_lessons import widgets

    m = B.basket_matrix(TOY)
    box = widgets.rules_explorer(m, lowest_support=0.1)
    support, confidence, lift, item, side, count, table = box.children
    every = B.association_rules(B.frequent_itemsets(m, 0.1), min_confidence=0.0)
    confidence.value, lift.value = 0.0, 0.0
    support.value = support.min
    assert count.value.startswith(f"<b>{len(every)} of {len(every)} rules</b>")
    item.value = E
    side.value = "antecedent"
    expected = B.filter_rules(every, support.value, 0.0, 0.0, mentions=E, side="antecedent")
    assert count.value.startswith(f"<b>{len(expected)} of {len(every)} rules</b>")
    assert "Coffee beans 1kg" in table.value


def test_basket_recommender_updates():
    from crm_lessons import widgets

    rules = B.association_rules(B.basket_matrix(TOY), min_support=0.1, min_confidence=0.1)
    box = widgets.basket_recommender(rules)
    chooser, by, result = box.children
    assert "Select one or more" in result.value
    chooser.value = (E,)
    assert "Coffee beans 1kg" in result.value and "Scented candle" not in result.value
    with pytest.raises(ValueError, match="appear in no rule"):
        widgets.basket_recommender(rules, start=["Piano"])


def test_association_rules_reads_the_number_of_baskets_from_the_table_not_attrs():
    fi = B.frequent_itemsets(B.basket_matrix(B.toy_transactions()), 0.3)
    plain = fi.copy()
    plain.attrs = {}
    assert B.association_rules(plain, 0.7).equals(B.association_rules(fi, 0.7))
    assert B.association_rules(plain, 0.7, n_baskets=10).equals(B.association_rules(fi, 0.7))


def test_association_rules_without_usable_support_asks_for_n_baskets():
    fi = B.frequent_itemsets(B.basket_matrix(B.toy_transactions()), 0.3)
    broken = fi.assign(support=0.0)
    broken.attrs = {}
    with pytest.raises(ValueError, match="pass n_baskets="):          # was OverflowError
        B.association_rules(broken, 0.7)
    rules = B.association_rules(broken, 0.7, n_baskets=10)
    assert rules.iloc[0][["antecedent", "consequent", "lift"]].tolist() == ["Espresso machine", "Coffee beans 1kg", 2.0]
    with pytest.raises(ValueError, match="smaller than the largest itemset count"):
        B.association_rules(fi, 0.7, n_baskets=3)
    with pytest.raises(ValueError, match="do not give one number of baskets"):
        B.association_rules(fi.assign(support=fi["support"] * np.linspace(1, 2, len(fi))), 0.7)
