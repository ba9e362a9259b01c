"""Exercises of chapter 06 (market-basket analysis): support, lift, rules, recommendations."""
from __future__ import annotations

from functools import cache

import pandas as pd

from .. import basket, datasets
from .core import exercise


@cache
def _bundled_baskets() -> pd.DataFrame:
    return basket.basket_matrix(datasets.load("order_lines"))


def _rules(min_support: float, min_confidence: float = 0.0) -> pd.DataFrame:
    itemsets = basket.frequent_itemsets(_bundled_baskets(), min_support)
    return basket.association_rules(itemsets, min_confidence=min_confidence)


@exercise("6.1", title="Support by hand", hints=[
    "Support of an itemset = the share of all baskets that hold every item of it.",
    "Count the toy baskets holding both an espresso machine and coffee beans, then divide by 10.",
    "With the package: m = crm.basket.basket_matrix(crm.basket.toy_transactions()); "
    "(m['Espresso machine'] & m['Coffee beans 1kg']).mean().",
], explanation="Four baskets in ten hold both: the pair has support 0.4.")
def _() -> float:
    m = basket.basket_matrix(basket.toy_transactions())
    return float((m["Espresso machine"] & m["Coffee beans 1kg"]).mean())


@exercise("6.2", title="Lift of a rule into a popular item", hints=[
    "lift(A -> C) = confidence(A -> C) / support(C), and confidence = support(A and C) / support(A).",
    "In the toy baskets: support(Milk frother and Scented candle) = 0.3, support(Milk frother) = 0.4, "
    "support(Scented candle) = 0.8.",
], explanation="Confidence is 75 %, yet the lift is below 1: a milk-frother basket holds a candle less often "
               "than the average basket does. High confidence here only reflects how popular candles are.")
def _() -> float:
    m = basket.basket_matrix(basket.toy_transactions())
    both = (m["Milk frother"] & m["Scented candle"]).mean()
    return float(both / m["Milk frother"].mean() / m["Scented candle"].mean())


@exercise("6.3", title="Is the candle really cross-sold?", hints=[
    "Mine the bundled order lines: baskets = crm.basket.basket_matrix(crm.datasets.load('order_lines')), "
    "then crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0).",
    "Keep the rules whose consequent is 'Scented candle' and take the largest value of their 'lift' column.",
], explanation="Even the best rule into the candle barely beats 1: people buy candles whatever else is in "
               "the basket, so these rules are not cross-selling opportunities.")
def _() -> float:
    rules = _rules(0.005)
    return float(rules.loc[rules["consequent"] == "Scented candle", "lift"].max())


@exercise("6.4", title="What to offer with a tent", hints=[
    "Use the rules of the bundled data at min_support=0.005 (any confidence).",
    "Keep the rules whose antecedent is exactly 'Tent 2-person'; the answer is the consequent with the "
    "highest confidence (a product name, as text).",
], explanation="Most tent baskets already hold one: offer it to the tent buyers who have not taken it yet.")
def _() -> str:
    rules = _rules(0.005)
    tent = rules[rules["antecedent"] == "Tent 2-person"].sort_values("confidence", ascending=False, kind="stable")
    return str(tent["consequent"].iloc[0])


#: Thresholds of exercise 6.5: at 10 % confidence the lift filter removes the rules into popular items.
STRONG_RULES = dict(min_support=0.005, min_confidence=0.1, min_lift=1.0)


@exercise("6.5", title="How many strong rules?", hints=[
    "crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0.1, min_lift=1) on the bundled "
    "basket matrix keeps the rules that pass all three thresholds.",
    "The answer is the number of rows of that table (one rule per row). Did you set all three thresholds? "
    "Leaving out min_lift keeps rules into popular items that the antecedent makes no more likely.",
], explanation="The lift filter matters here: at 10 % confidence, several rules only reflect how popular "
               "coffee beans and candles are (lift below 1), and they drop out.")
def _() -> int:
    itemsets = basket.frequent_itemsets(_bundled_baskets(), STRONG_RULES["min_support"])
    return len(basket.association_rules(itemsets, min_confidence=STRONG_RULES["min_confidence"],
                                        min_lift=STRONG_RULES["min_lift"]))


@exercise("6.6", title="Substitutes have lift below 1", hints=[
    "Coffee drinkers and tea drinkers seldom buy both in one order, so their pair is rare: mine at "
    "min_support=0.001 to see it.",
    "Find the rule with antecedent 'Coffee beans 1kg' and consequent 'Loose-leaf tea' and read its lift.",
], explanation="Far below 1: a coffee basket holds tea much less often than the average basket does. Do "
               "not offer tea to coffee buyers; treat the two as substitutes.")
def _() -> float:
    rules = _rules(0.001)
    pick = rules[(rules["antecedent"] == "Coffee beans 1kg") & (rules["consequent"] == "Loose-leaf tea")]
    return float(pick["lift"].iloc[0])


@exercise("6.7", title="What to offer this basket", hints=[
    "Mine the bundled rules at min_support=0.005 and min_confidence=0.1.",
    "crm.basket.recommend(rules, ['Espresso machine', 'Tent 2-person', 'Yoga mat'], k=3) ranks the items "
    "to offer; answer with the list of their names (its 'item' column, e.g. .tolist()).",
], explanation="Each offer completes one of the products already in the basket; popular items that the "
               "basket makes no more likely (lift 1 or less) are never offered.")
def _() -> list[str]:
    rules = _rules(0.005, 0.1)
    return basket.recommend(rules, ["Espresso machine", "Tent 2-person", "Yoga mat"], k=3)["item"].tolist()
