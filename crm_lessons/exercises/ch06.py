"""Exercises of chapter 06 (market-basket analysis): support, lift, rules, recommendations."""
from __future__ import annotations

from functools import cache

import pandas as pd

from .. import basket, datasets
from ..i18n import N_
from .core import exercise


@cache
def _bundled_baskets() -> pd.DataFrame:
    return basket.basket_matrix(datasets.load("order_lines"))


def _rules(min_support: float, min_confidence: float = 0.0) -> pd.DataFrame:
    itemsets = basket.frequent_itemsets(_bundled_baskets(), min_support)
    return basket.association_rules(itemsets, min_confidence=min_confidence)


@exercise("6.1", title=N_("Support by hand"), hints=[
    N_("Support of an itemset = the share of all baskets that hold every item of it."),
    N_("Count the toy baskets holding both an espresso machine and coffee beans, then divide by 10."),
    N_("With the package: m = crm.basket.basket_matrix(crm.basket.toy_transactions()); "
       "(m['Espresso machine'] & m['Coffee beans 1kg']).mean()."),
], explanation=N_("Four baskets in ten hold both: the pair has support 0.4."))
def _() -> float:
    m = basket.basket_matrix(basket.toy_transactions())
    return float((m["Espresso machine"] & m["Coffee beans 1kg"]).mean())


@exercise("6.2", title=N_("Lift of a rule into a popular item"), hints=[
    N_("lift(A -> C) = confidence(A -> C) / support(C), and confidence = support(A and C) / support(A)."),
    N_("In the toy baskets: support(Milk frother and Scented candle) = 0.3, support(Milk frother) = 0.4, "
       "support(Scented candle) = 0.8."),
], explanation=N_("Confidence is 75 %, yet the lift is below 1: a milk-frother basket holds a candle less often "
                  "than the average basket does. High confidence here only reflects how popular candles are."))
def _() -> float:
    m = basket.basket_matrix(basket.toy_transactions())
    both = (m["Milk frother"] & m["Scented candle"]).mean()
    return float(both / m["Milk frother"].mean() / m["Scented candle"].mean())


@exercise("6.3", title=N_("Is the candle really cross-sold?"), hints=[
    N_("Mine the bundled order lines: baskets = crm.basket.basket_matrix(crm.datasets.load('order_lines')), "
       "then crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0)."),
    N_("Keep the rules whose consequent is 'Scented candle' and take the largest value of their 'lift' column."),
], explanation=N_("Even the best rule into the candle barely beats 1: people buy candles whatever else is in "
                  "the basket, so these rules are not cross-selling opportunities."))
def _() -> float:
    rules = _rules(0.005)
    return float(rules.loc[rules["consequent"] == "Scented candle", "lift"].max())


@exercise("6.4", title=N_("What to offer with a tent"), hints=[
    N_("Use the rules of the bundled data at min_support=0.005 (any confidence)."),
    N_("Keep the rules whose antecedent is exactly 'Tent 2-person'; the answer is the consequent with the "
       "highest confidence (a product name, as text)."),
], explanation=N_("Most tent baskets already hold one: offer it to the tent buyers who have not taken it yet."))
def _() -> str:
    rules = _rules(0.005)
    tent = rules[rules["antecedent"] == "Tent 2-person"].sort_values("confidence", ascending=False, kind="stable")
    return str(tent["consequent"].iloc[0])


#: Thresholds of exercise 6.5: at 10 % confidence the lift filter removes the rules into popular items.
STRONG_RULES = dict(min_support=0.005, min_confidence=0.1, min_lift=1.0)


@exercise("6.5", title=N_("How many strong rules?"), hints=[
    N_("crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0.1, min_lift=1) on the bundled "
       "basket matrix keeps the rules that pass all three thresholds."),
    N_("The answer is the number of rows of that table (one rule per row). Did you set all three thresholds? "
       "Leaving out min_lift keeps rules into popular items that the antecedent makes no more likely."),
], explanation=N_("The lift filter matters here: at 10 % confidence, several rules only reflect how popular "
                  "coffee beans and candles are (lift below 1), and they drop out."))
def _() -> int:
    itemsets = basket.frequent_itemsets(_bundled_baskets(), STRONG_RULES["min_support"])
    return len(basket.association_rules(itemsets, min_confidence=STRONG_RULES["min_confidence"],
                                        min_lift=STRONG_RULES["min_lift"]))


@exercise("6.6", title=N_("Substitutes have lift below 1"), hints=[
    N_("Coffee drinkers and tea drinkers seldom buy both in one order, so their pair is rare: mine at "
       "min_support=0.001 to see it."),
    N_("Find the rule with antecedent 'Coffee beans 1kg' and consequent 'Loose-leaf tea' and read its lift."),
], explanation=N_("Far below 1: a coffee basket holds tea much less often than the average basket does. Do "
                  "not offer tea to coffee buyers; treat the two as substitutes."))
def _() -> float:
    rules = _rules(0.001)
    pick = rules[(rules["antecedent"] == "Coffee beans 1kg") & (rules["consequent"] == "Loose-leaf tea")]
    return float(pick["lift"].iloc[0])


@exercise("6.7", title=N_("What to offer this basket"), hints=[
    N_("Mine the bundled rules at min_support=0.005 and min_confidence=0.1."),
    N_("crm.basket.recommend(rules, ['Espresso machine', 'Tent 2-person', 'Yoga mat'], k=3) ranks the items "
       "to offer; answer with the list of their names (its 'item' column, e.g. .tolist())."),
], explanation=N_("Each offer completes one of the products already in the basket; popular items that the "
                  "basket makes no more likely (lift 1 or less) are never offered."))
def _() -> list[str]:
    rules = _rules(0.005, 0.1)
    return basket.recommend(rules, ["Espresso machine", "Tent 2-person", "Yoga mat"], k=3)["item"].tolist()


# --- decision exercises ---------------------------------------------------------------------------------------

from .core import decision  # noqa: E402  (decision exercises are appended after the practice checks)

#: The five cross-sell rules the marketing team proposes in Exercise 6.8 (antecedent, consequent).
CAMPAIGN_RULES = [("Espresso machine", "Coffee beans 1kg"), ("Tent 2-person", "Sleeping bag"),
                  ("Sleeping bag", "Tent 2-person"), ("Yoga mat", "Yoga block set"),
                  ("Pasta maker", "Italian cookbook")]
MIN_LIFT_TO_KEEP = 1.2


def _rule_label(antecedent: str, consequent: str) -> str:
    """A rule written as 'antecedent -> consequent' (how decision answers name rules)."""
    return f"{antecedent} -> {consequent}"


def _unit_margins() -> pd.Series:
    """Gross margin of one unit of each product (price x margin rate, ¥)."""
    products = datasets.load("products").set_index("product")
    return products["price"] * products["margin_rate"]


def _campaign_rule_value() -> pd.DataFrame:
    """The proposed rules with confidence, lift, leverage and extra margin per 1,000 baskets."""
    rules = _rules(0.005).set_index(["antecedent", "consequent"]).loc[CAMPAIGN_RULES].reset_index()
    rules["unit_margin"] = rules["consequent"].map(_unit_margins())
    rules["extra_margin_per_1000_baskets"] = rules["leverage"] * rules["unit_margin"] * 1000
    rules.index = [_rule_label(a, c) for a, c in CAMPAIGN_RULES]
    return rules


def _recommender_shortlist() -> pd.DataFrame:
    """Six rules a colleague proposes for the recommender (Exercise 6.9): the three most confident rules
    into the scented candle and the three least confident of the strong rules (lift >= 3, confidence >= 30 %)."""
    rules = _rules(0.005, 0.05)
    candle = rules[rules["consequent"] == "Scented candle"].nlargest(3, "confidence")
    strong = rules[(rules["lift"] >= 3) & (rules["confidence"] >= 0.3)].nsmallest(3, "confidence")
    shortlist = pd.concat([candle, strong]).sort_values("confidence", ascending=False, kind="stable")
    shortlist.index = [_rule_label(a, c) for a, c in zip(shortlist["antecedent"], shortlist["consequent"])]
    return shortlist


@decision("6.8", title=N_("Which cross-sell rule to act on?"), options=[_rule_label(a, c) for a, c in CAMPAIGN_RULES],
          hints=[
    N_("A rule is worth acting on for the *extra* sales it stands for, in margin, not for its confidence alone."),
    N_("Leverage = support(A and C) - support(A) x support(C): the share of all baskets holding the pair beyond "
       "chance. Multiply it by the consequent's unit margin (price x margin_rate in the products table)."),
    N_("Compute leverage x unit margin x 1,000 for the five rules and pick the largest."),
], rubric=[
    N_("Compares the five rules on extra margin (leverage x unit margin), with the numbers."),
    N_("Shows that the rule with the highest confidence (espresso machine -> beans) or lift (pasta maker -> "
       "cookbook) is not the most valuable, and says why (cheap consequent, few baskets)."),
    N_("Discusses the direction of the rule: sleeping-bag buyers without a tent are the ones to approach, "
       "and some may already own one."),
    N_("Says how the campaign's effect would be measured (a control group of sleeping-bag buyers not shown the "
       "offer)."),
], model_reasons="Sleeping bag -> Tent 2-person stands for about ¥7,600 of extra margin per 1,000 baskets "
                 "(leverage 0.020 x ¥389.70 per tent), twice tent -> sleeping bag (about ¥3,650) and four times "
                 "espresso machine -> beans (about ¥1,840), although that rule has the highest confidence (0.67) "
                 "and pasta maker -> cookbook the highest lift (11.7). Beans earn ¥75.60 a unit and cookbooks "
                 "¥30.80, a tent ¥389.70. I would show the tent to sleeping-bag buyers who have none, "
                 "and keep a random tenth of them without the offer to measure the extra sales.",
    explanation=N_("Confidence says how often a rule is right; leverage times margin says what acting on it is worth."))
def _() -> str:
    return str(_campaign_rule_value()["extra_margin_per_1000_baskets"].idxmax())


def _same_rules(answer, expected):
    """Compare sets of rules written 'A -> C', ignoring case, spaces and the arrow style."""
    from .compare import CORRECT, Verdict

    def norm(rule):
        return "".join(str(rule).lower().replace("→", "->").split())
    if not isinstance(answer, (set, frozenset, list, tuple)):
        return Verdict("wrong_type", "give the rules to drop as a set of strings, e.g. "
                                     "{'Milk frother -> Scented candle'}.")
    given, wanted = {norm(r) for r in answer}, {norm(r) for r in expected}
    if given == wanted:
        return CORRECT
    missing, extra = len(wanted - given), len(given - wanted)
    return Verdict("wrong_value", f"{missing} rule(s) that should go are still in, and {extra} rule(s) you dropped "
                                  "should stay. Compare each rule's lift with 1.2.")


@decision("6.9", title=N_("Which rules to drop from the recommender?"), comparer=_same_rules, hints=[
    N_("Build the colleague's shortlist as in the cell above the exercise and read the lift column."),
    N_("The shop's policy: a rule must raise the chance of the second product by at least a fifth over its base "
       "rate, i.e. lift of 1.2 or more."),
    N_("Give a set of strings 'antecedent -> consequent', e.g. {'Milk frother -> Scented candle'}."),
], rubric=[
    N_("Drops exactly the rules below the lift threshold and quotes their lift (about 1)."),
    N_("Explains why the candle rules look attractive anyway: the candle is one of our most popular products, so "
       "rules into it are many and reach many customers, but its base rate explains their confidence."),
    N_("Keeps the strong rules even though their confidence is lower, because they lift the chance 6-11 times."),
    N_("Notes what a bad rule costs: a wasted slot in the recommender and, for a discount, margin given away "
       "on a sale that would have happened anyway."),
], model_reasons="The three rules into the scented candle have lift close to 1 (about 0.96-1.02): their "
                 "confidence of about 12 % is simply the candle's share of all baskets, so the rule adds nothing, "
                 "however many customers it reaches. The three other rules lift the chance of the partner product "
                 "six to eleven times, so "
                 "they stay although their confidence is lower. A wasted recommendation slot, or a discount on "
                 "a candle that sells anyway, costs margin.",
    explanation=N_("Drop rules that do not beat chance, whatever their confidence."))
def _() -> set:
    shortlist = _recommender_shortlist()
    return set(shortlist.index[shortlist["lift"] < MIN_LIFT_TO_KEEP])
