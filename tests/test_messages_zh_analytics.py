"""The errors a learner meets in the analytics modules come out in Chinese after ``crm.setup(lang="zh")``.

Each case is a typical bad input (wrong type for a column, a learner's ``...``, an argument out of
range, empty or one-class data, a model fitted on data it cannot use). Under Chinese the message must
be Chinese prose (no English sentence left) and still name the argument or column the learner has to
fix; under English it must be exactly the message the package has always given (the doctests and
the other tests match it).
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable

import pandas as pd
import pytest

from crm_lessons import clv, cohorts, gamma_gamma, i18n, rfm, segments
from crm_lessons.basket import association_rules, basket_matrix, recommend, toy_transactions
from crm_lessons.customer_view import matching
from crm_lessons.models._common import features_and_target
from crm_lessons.rfm import DroppedRowsWarning

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words that only an English sentence would leave in a message (code and names never use them).
_ENGLISH_WORDS = re.compile(r"\b(must|the|got|pass|has|have|is|are|be|first|with|or|and|to|of|no|from)\b")


def _tx() -> pd.DataFrame:
    """Four orders of three customers, columns named as in the bundled data."""
    return pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "order_id": [1, 2, 3, 4],
                         "order_date": ["2024-01-02", "2024-02-03", "2024-01-10", "2024-03-01"],
                         "amount": [10.0, 20.0, 5.0, 7.0]})


def _baskets() -> pd.DataFrame:
    return basket_matrix(toy_transactions())


# (case, call, exception, names the message must keep in both languages, the English message)
CASES: list[tuple[str, Callable[[], object], type[Exception], list[str], str]] = [
    ("rfm_table amount column holds text",
     lambda: rfm.rfm_table(_tx().assign(amount=["10", "x", "5", "7"])), TypeError, ["'amount'", "amount="],
     "Column 'amount' of tx (amount=) must be numeric, but it holds str values such as ['10', 'x', '5']."),
    ("rfm_table column name that is not a string",
     lambda: rfm.rfm_table(_tx(), amount=3), TypeError, ["amount"],
     "amount must be a column name (str), got int."),
    ("rfm_table negative amount",
     lambda: rfm.rfm_table(_tx().assign(amount=[10.0, -2.0, 5.0, 7.0])), ValueError,
     ["'amount'", "amount=", "-2", "on_invalid='drop'"],
     "Column 'amount' of tx (amount=) has 1 negative value(s) (smallest -2); amounts must be zero or more. "
     "Remove returns and cancellations first. Fix or remove those rows, or call rfm_table(..., "
     "on_invalid='drop') to drop them with a report."),
    ("rfm_scores bins out of range",
     lambda: rfm.rfm_scores(rfm.rfm_table(_tx()), bins=12), ValueError, ["bins", "12"],
     "bins must be between 2 and 9 (one digit per score in the RFM code), got 12."),
    ("association_rules on baskets without min_support",
     lambda: association_rules(_baskets()), ValueError, ["min_support", "association_rules(baskets, min_support=0.01)"],
     "A basket matrix was given, so pass min_support too (e.g. association_rules(baskets, min_support=0.01))."),
    ("association_rules on a learner's ...",
     lambda: association_rules(...), TypeError, ["itemsets_or_baskets", "`...`", "frequent_itemsets(...)"],
     "itemsets_or_baskets is still `...`: pass frequent_itemsets(...) or a basket matrix."),
    ("association_rules on an empty itemsets table",
     lambda: association_rules(pd.DataFrame(columns=["items", "count", "length", "support"])), ValueError,
     ["min_support"],
     "The itemsets table is empty: no itemset reached min_support, so there are no rules. Lower min_support."),
    ("basket_matrix with a missing product",
     lambda: basket_matrix(toy_transactions().assign(product=lambda t: t["product"].where(t.index > 0))),
     ValueError, ["'product'", "item=", "tx.dropna(subset=['product'])"],
     "Column 'product' of tx (item=) has 1 missing value(s); drop those lines first, "
     "e.g. tx.dropna(subset=['product'])."),
    ("recommend k of zero",
     lambda: recommend(association_rules(_baskets(), min_support=0.1), "Milk", k=0), ValueError, ["k", "0"],
     "k must be a positive whole number, got 0."),
    ("churn model target of the wrong type",
     lambda: features_and_target(pd.DataFrame({"x": [1, 2]}), [0, 1]), TypeError, ["target", "features", "list"],
     "target must be a Series of 0/1 labels indexed like features, got list."),
    ("churn model target with one class",
     lambda: features_and_target(pd.DataFrame({"x": [1, 2]}), pd.Series([0, 0])), ValueError, ["target", "1", "0"],
     "target holds only one class; a model needs both churners (1) and stayers (0)."),
    ("CLV discount given as a percentage",
     lambda: clv.continuous_discount_rate(15), ValueError, ["annual_discount", "0.15", "15"],
     "annual_discount must lie between 0 and 1 (0.15 for 15 % a year), got 15."),
    ("spend model fitted without repeat buyers",
     lambda: gamma_gamma.fit_gamma_gamma(pd.DataFrame({"frequency": [0, 0], "monetary_value": [0.0, 0.0]})),
     ValueError, ["'frequency'", "> 0"],
     "No customer has 'frequency' > 0: the spend model needs repeat buyers."),
    ("k-means with one cluster",
     lambda: segments.kmeans_rfm(rfm.rfm_table(_tx()), k=1), ValueError, ["k", "3", "1"],
     "k must be at least 2 and below the number of customers (3), got 1."),
    ("cohorts by week",
     lambda: cohorts.cohort_counts(_tx(), freq="W"), ValueError, ["freq", "'M'", "'Q'", "'Y'", "'W'"],
     "freq must be 'M' (month), 'Q' (quarter) or 'Y' (year), got 'W'."),
    ("e-mail matching on a learner's ...",
     lambda: matching.normalise_email(...), TypeError, ["values", "`...`", "Series"],
     "values is still `...`: pass a pandas Series of text."),
]


@pytest.fixture
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def _assert_chinese(message: str, names: list[str]) -> None:
    assert len(_HAN.findall(message)) >= 5, f"not Chinese: {message!r}"
    leftover = _ENGLISH_WORDS.findall(message)
    assert not leftover, f"English words {leftover} left in {message!r}"
    for name in names:
        assert name in message, f"{name!r} missing from {message!r}"


@pytest.mark.parametrize("case, call, error, names, english", CASES, ids=[c[0] for c in CASES])
def test_message_in_chinese_names_the_argument(chinese, case, call, error, names, english):
    with pytest.raises(error) as raised:
        call()
    _assert_chinese(str(raised.value), names)


@pytest.mark.parametrize("case, call, error, names, english", CASES, ids=[c[0] for c in CASES])
def test_message_in_english_unchanged(case, call, error, names, english):
    assert i18n.get_language() == "en"
    with pytest.raises(error) as raised:
        call()
    assert str(raised.value) == english
    for name in names:
        assert name in english


def test_dropped_rows_warning_in_chinese(chinese):
    """The report of rfm_table(on_invalid="drop") names each reason in Chinese, with its count."""
    tx = _tx().assign(amount=[10.0, -2.0, 5.0, None])
    with pytest.warns(DroppedRowsWarning) as caught:
        rfm.rfm_table(tx, on_invalid="drop")
    message = str(caught[0].message)
    _assert_chinese(message, ["rfm_table", "4", "2"])
    assert "金额为负 1" in message and "缺失金额 1" in message


def test_dropped_rows_warning_in_english():
    tx = _tx().assign(amount=[10.0, -2.0, 5.0, None])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.rfm_table(tx, on_invalid="drop")
    assert [str(w.message) for w in caught if w.category is DroppedRowsWarning] == [
        "rfm_table dropped 2 of 4 row(s): 1 missing amount, 1 negative amount."]
