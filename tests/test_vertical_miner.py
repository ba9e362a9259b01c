"""The vertical (Eclat) miner behind crm.basket.frequent_itemsets: brute force, mlxtend, edge cases, limits."""
from __future__ import annotations

import time
import warnings
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_lessons import basket as B
from crm_lessons.basket import _eclat as V
from crm_lessons.basket import _pairs as P
from crm_lessons.basket import _table


def _brute_force(values: np.ndarray, min_count: int, max_len: int | None = None) -> dict[tuple[int, ...], int]:
    """Count every combination of columns directly."""
    out = {}
    top = values.shape[1] if max_len is None else min(max_len, values.shape[1])
    for size in range(1, top + 1):
        for cols in combinations(range(values.shape[1]), size):
            count = int(values[:, list(cols)].all(axis=1).sum())
            if count >= min_count:
                out[cols] = count
    return out


def _as_dict(found: list[tuple[np.ndarray, np.ndarray]]) -> dict[tuple[int, ...], int]:
    """Itemsets -> counts, checking the promised shape on the way: no repeats, rows ascending, lengths grouped."""
    out = {}
    lengths = [rows.shape[1] for rows, _ in found]
    assert lengths == sorted(set(lengths))
    for rows, counts in found:
        assert len(rows) == len(counts) > 0
        assert (np.diff(rows, axis=1) > 0).all()
        for row, count in zip(rows.tolist(), counts.tolist()):
            assert tuple(row) not in out, f"itemset {row} reported twice"
            out[tuple(row)] = count
    return out


@st.composite
def tables(draw, max_baskets: int = 40, max_items: int = 8):
    n = draw(st.integers(1, max_baskets))
    k = draw(st.integers(1, max_items))
    density = draw(st.sampled_from([0.1, 0.3, 0.6, 0.9]))
    seed = draw(st.integers(0, 2**31 - 1))
    return np.random.default_rng(seed).random((n, k)) < density


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(1, 12), st.sampled_from([None, 1, 2, 3, 4]), st.booleans())
def test_miner_matches_brute_force(values, min_count, max_len, sparse):
    baskets = sp.csc_matrix(values) if sparse else values
    assert _as_dict(V.mine_itemsets(baskets, min_count, max_len)) == _brute_force(values, min_count, max_len)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_baskets=400, max_items=9), st.integers(2, 30))
def test_miner_matches_brute_force_when_bitsets_span_several_words(values, min_count):
    # hundreds of baskets: the baskets holding an item need 2, 4 or 8 64-bit words
    assert _as_dict(V.mine_itemsets(values, min_count)) == _brute_force(values, min_count)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_baskets=200), st.integers(1, 10))
def test_given_pairs_and_fallback_routes_give_the_same_itemsets(values, min_count):
    expected = _brute_force(values, min_count)
    matrix = sp.csc_matrix(values)
    ranked = P.items_by_support(np.diff(matrix.indptr), min_count)
    pairs = P.count_pairs(matrix[:, ranked], min_count)
    assert _as_dict(V.mine_itemsets(values, min_count, pairs=pairs)) == expected
    with pytest.MonkeyPatch.context() as patch:          # no pair table, tiny blocks: the other routes
        patch.setattr(V, "_PAIR_TABLE_CELLS", 0)
        patch.setattr(V, "_BLOCK_WORDS", 3)
        patch.setattr(P, "_BLOCK", 2)
        assert _as_dict(V.mine_itemsets(values, min_count)) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_baskets=80, max_items=10), st.integers(1, 8), st.sampled_from([1, 3, 2**20]))
def test_pairs_match_a_dense_product_in_any_block_size(values, min_count, block):
    matrix = sp.csc_matrix(values)
    both = values.T.astype(np.int64) @ values.astype(np.int64)            # baskets holding both items
    first, second = np.triu_indices(values.shape[1], 1)
    frequent = both[first, second] >= min_count
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(P, "_BLOCK", block)
        pairs = P.count_pairs(matrix, min_count)
        histogram = P.pair_histogram(matrix)
    assert pairs.first.tolist() == first[frequent].tolist() and pairs.second.tolist() == second[frequent].tolist()
    assert pairs.counts.tolist() == both[first, second][frequent].tolist()
    assert histogram[1:].tolist() == np.bincount(both[first, second], minlength=len(values) + 1)[1:].tolist()
    holders = {(k, pos) for k, pos in zip(pairs.holder_pair.tolist(), pairs.holder_position.tolist())}
    expected = set()
    for k, (a, b) in enumerate(zip(pairs.first.tolist(), pairs.second.tolist())):
        baskets_of_a = np.flatnonzero(values[:, a])
        expected |= {(k, pos) for pos, r in enumerate(baskets_of_a) if values[r, b]}
    assert holders == expected and len(holders) == len(pairs.holder_pair)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_baskets=60, max_items=7), st.sampled_from([0.05, 0.1, 0.2, 1 / 3, 0.5]),
       st.sampled_from([None, 1, 2, 3]))
def test_frequent_itemsets_match_mlxtend_fpgrowth(values, min_support, max_len):
    with warnings.catch_warnings():
        from mlxtend.frequent_patterns import fpgrowth
    if len(values) < 2:
        return                                           # frequent_itemsets asks for two baskets or more
    m = pd.DataFrame(values, columns=[f"item {chr(65 + j)}" for j in range(values.shape[1])])
    ours = B.frequent_itemsets(m, min_support, max_len)
    ref = fpgrowth(m, min_support=min_support, use_colnames=True, max_len=max_len)
    expected = {tuple(sorted(s)): round(sup * len(m)) for s, sup in zip(ref["itemsets"], ref["support"])}
    assert dict(zip(ours["items"], ours["count"])) == expected
    assert ours["support"].tolist() == pytest.approx((ours["count"] / len(m)).tolist())


# --------------------------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------------------------

def test_no_frequent_item_gives_nothing():
    values = np.eye(5, dtype=bool)                       # every item in one basket
    assert V.mine_itemsets(values, 2) == []
    table = _table.itemset_table([], [f"i{j}" for j in range(5)], 5, 0.4)
    assert table.empty and list(table.columns) == ["itemset", "length", "count", "support", "items"]


def test_one_basket_gives_every_subset_once():
    values = np.array([[True, False, True, True]])
    found = _as_dict(V.mine_itemsets(values, 1))
    assert found == {c: 1 for k in (1, 2, 3) for c in combinations((0, 2, 3), k)}
    assert V.mine_itemsets(values, 2) == []


def test_identical_baskets_give_every_combination_with_full_count():
    values = np.ones((7, 6), dtype=bool)
    found = _as_dict(V.mine_itemsets(values, 7))
    assert len(found) == 2**6 - 1 and set(found.values()) == {7}
    assert len(_as_dict(V.mine_itemsets(values, 7, max_len=2))) == 6 + 15


def test_max_len_one_counts_items_only():
    values = np.array([[1, 1, 0], [1, 1, 1], [1, 0, 1]], dtype=bool)
    assert _as_dict(V.mine_itemsets(values, 2, max_len=1)) == {(0,): 3, (1,): 2, (2,): 2}


def test_miner_rejects_bad_arguments():
    with pytest.raises(ValueError, match="min_count must be a whole number of baskets, at least 1"):
        V.mine_itemsets(np.ones((2, 2), dtype=bool), 0)
    with pytest.raises(ValueError, match="min_count must be"):
        V.mine_itemsets(np.ones((2, 2), dtype=bool), 1.5)
    with pytest.raises(ValueError, match="max_len must be at least 1"):
        V.mine_itemsets(np.ones((2, 2), dtype=bool), 1, max_len=0)
    with pytest.raises(ValueError, match="2-d table"):
        V.mine_itemsets(np.ones(3, dtype=bool), 1)


# --------------------------------------------------------------------------------------------
# Too many itemsets: stopped early, with a named message
# --------------------------------------------------------------------------------------------

def test_miner_stops_as_soon_as_the_limit_is_passed():
    values = np.ones((20, 40), dtype=bool)               # 2**40 itemsets: would never finish
    start = time.perf_counter()
    with pytest.raises(V.TooManyItemsets, match=r"at least [\d,]+ itemsets are frequent .* max_itemsets=5,000") as err:
        V.mine_itemsets(values, 20, max_itemsets=5_000)
    assert time.perf_counter() - start < 10
    assert 5_000 < err.value.found < 2**40 and isinstance(err.value, ValueError)


def test_frequent_itemsets_refuses_with_advice_before_counting_everything():
    # 30 baskets share 14 items on top of noise: about 16,000 itemsets, more than the limit below
    rng = np.random.default_rng(4)
    values = rng.random((600, 30)) < 0.05
    values[:30, :14] = True
    m = pd.DataFrame(values, columns=[f"item {j:02d}" for j in range(30)])
    with pytest.raises(ValueError, match=r"min_support=0\.05 is too low for this data: .*max_itemsets=1,000.*"
                                         r"Raise min_support"):
        B.frequent_itemsets(m, 0.05, max_itemsets=1_000)
    found = B.frequent_itemsets(m, 0.05, max_itemsets=20_000)
    assert (found["count"] >= 30).all() and len(found) >= 2**14 - 1


# --------------------------------------------------------------------------------------------
# The itemset table
# --------------------------------------------------------------------------------------------

def _reference_table(found, names, n, min_support) -> pd.DataFrame:
    """The table built the plain way: one Python tuple at a time, sorted by pandas."""
    labels = np.array([str(c) for c in names], dtype=object)
    items = [tuple(sorted(r)) for rows, _ in found for r in labels[rows].tolist()]
    count = np.concatenate([c for _, c in found]).astype(np.int64) if found else np.empty(0, dtype=np.int64)
    table = pd.DataFrame({"itemset": pd.Series([" + ".join(t) for t in items], dtype=object),
                          "length": np.array([len(t) for t in items], dtype=np.int64), "count": count,
                          "support": count / n, "items": pd.Series(items, dtype=object)})
    return table.sort_values(["support", "length", "itemset"], ascending=[False, True, True], kind="stable",
                             ignore_index=True)


NAME_POOL = ["a", "ab", "ab c", "a\tb", "ab!", "b", "B", "é", "x + y", "x", "zz", 9, 10]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_baskets=30, max_items=7), st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_itemset_table_matches_the_plain_construction(values, min_count, seed):
    # names that are prefixes of others ("a", "ab", "ab c") and numbers make text order differ from item order
    names = list(np.random.default_rng(seed).permutation(np.array(NAME_POOL, dtype=object))[:values.shape[1]])
    found = V.mine_itemsets(values, min_count)
    got = _table.itemset_table(found, names, len(values), 0.1)
    assert got.equals(_reference_table(found, names, len(values), 0.1))
    assert got.attrs == {"n_baskets": len(values), "min_support": 0.1}


# --------------------------------------------------------------------------------------------
# Messages in the learner's language
# --------------------------------------------------------------------------------------------

def test_refusals_and_bad_arguments_speak_chinese_under_lang_zh():
    from crm_lessons import i18n

    values = np.zeros((30, 26), dtype=bool)
    values[:, :25] = True                                # the 15 baskets with item 25 share 26 items
    values[::2, 25] = True
    m = pd.DataFrame(values, columns=[f"SKU {j:02d}" for j in range(26)])
    i18n.set_language("zh")
    try:
        with pytest.raises(ValueError, match=r"min_support=0\.5 对这份数据太低：15 个购物篮都包含同样的 26 个商品.*"
                                             r"或用 max_len=2 限制项集大小"):
            B.frequent_itemsets(m, 0.5)
        with pytest.raises(ValueError, match="method 必须是 'eclat' 或 'fpgrowth'"):
            B.frequent_itemsets(m, 0.5, method="apriori")
        with pytest.raises(TypeError, match="max_len 必须是整数或 None"):
            B.frequent_itemsets(m, 0.5, max_len=2.5)
        with pytest.raises(TypeError, match="baskets 必须是布尔"):
            B.frequent_itemsets(m.astype(int), 0.5)
    finally:
        i18n.set_language("en")
    with pytest.raises(ValueError, match="method must be 'eclat' or 'fpgrowth'"):
        B.frequent_itemsets(m, 0.5, method="apriori")
