"""Market-basket analysis: basket matrices, frequent itemsets, association rules, recommendations.

The chain is ``transactions -> basket_matrix -> frequent_itemsets -> association_rules``:

* :func:`basket_matrix` turns a log of order lines into a True/False table with one
  row per basket and one column per item. Items below a minimum support are
  dropped *before* encoding (by downward closure they cannot be in any frequent
  itemset), and a sparse layout is used when the table is large and mostly empty.
* :func:`frequent_itemsets` finds every itemset bought in at least ``min_support``
  of the baskets. The default method is a depth-first search over bitsets of the
  baskets holding each itemset (Eclat; Zaki 2000), vectorised with NumPy, so that a
  year of a mid-sized retailer's orders is mined in about a second; ``method="fpgrowth"``
  runs mlxtend's FP-growth (Han, Pei & Yin 2000; Raschka 2018) and gives the same
  table. Before mining, the size of the result is estimated and a threshold that
  would flood memory is refused with advice.
* :func:`association_rules` turns itemsets into rules "antecedent -> consequent"
  with support, confidence, lift, leverage and conviction (Brin et al. 1997),
  one item on the right-hand side by default.
* :func:`recommend` offers the top-k items for a basket; :func:`filter_rules` and
  :func:`rules_by_segment` slice rules for exploration.

Itemsets are shown as readable strings (``"Coffee beans 1kg + Espresso machine"``,
items sorted alphabetically) and every table is sorted deterministically, so the
output never depends on hash order.

>>> tx = toy_transactions()
>>> rules = association_rules(basket_matrix(tx), min_support=0.3, min_confidence=0.9)
>>> rules[["antecedent", "consequent", "confidence", "lift"]].to_dict("records")[0]
{'antecedent': 'Espresso machine', 'consequent': 'Coffee beans 1kg', 'confidence': 1.0, 'lift': 2.0}
"""
from __future__ import annotations

from ._common import MAX_ITEMSETS, MAX_RULES, RULE_METRICS, SEPARATOR
from .matrix import basket_matrix, toy_transactions
from .mining import estimate_itemsets, frequent_itemsets
from .recommend import recommend
from .rules import association_rules, filter_rules, rule_sentence, rules_by_segment

__all__ = ["SEPARATOR", "RULE_METRICS", "MAX_ITEMSETS", "MAX_RULES", "toy_transactions", "basket_matrix",
           "estimate_itemsets",
           "frequent_itemsets", "association_rules", "rule_sentence", "filter_rules", "recommend",
           "rules_by_segment"]

