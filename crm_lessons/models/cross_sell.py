"""Cross-selling: "will this customer buy category X next?" and association-rule scores for comparison."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    require_column_names,
    require_columns,
    require_day_dates,
    require_frame,
    require_windows,
)
from ..i18n import tr

__all__ = ["cross_sell_frame", "rule_scores"]


# --------------------------------------------------------------------------------------------
# Cross-selling
# --------------------------------------------------------------------------------------------
def cross_sell_frame(lines: pd.DataFrame, orders: pd.DataFrame, target: str, observation: Sequence[Any],
                     outcome: Sequence[Any], *, category: str = "category", customer: str = "customer_id",
                     order: str = "order_id", date: str = "order_date",
                     amount: str = "amount") -> pd.DataFrame:
    """Features and label for "will this customer buy category ``target`` next?".

    The population is every customer with an order in the observation window.
    Features (observation window only): the number of order lines per
    category (one column per category, named after it) and recency, frequency
    and monetary value. The label ``buys_next`` is 1 when the customer buys
    any ``target`` item in the outcome window.

    Parameters
    ----------
    lines : DataFrame
        Order lines with ``order`` and ``category`` columns.
    orders : DataFrame
        Orders with ``order``, ``customer``, ``date`` and ``amount`` columns.
    target : str
        The category to predict; must occur in ``lines``.
    observation, outcome : pair of dates
        ``(first day, last day)`` of each window; they may not overlap.
    category, customer, order, date, amount : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by customer: one count column per category, ``recency``,
        ``frequency``, ``monetary`` and the 0/1 label ``buys_next``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": ["A", "B", "A"],
    ...                        "order_date": ["2024-01-05", "2024-02-01", "2024-08-01"],
    ...                        "amount": [20.0, 5.0, 9.0]})
    >>> lines = pd.DataFrame({"order_id": [1, 2, 3], "category": ["Tea", "Books", "Books"]})
    >>> cross_sell_frame(lines, orders, "Books", ("2024-01-01", "2024-06-30"),
    ...                  ("2024-07-01", "2024-08-01"))[["Books", "Tea", "buys_next"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                 Books  Tea  buys_next
    customer_id
    A                0    1          1
    B                1    0          0
    """
    from ..rfm import rfm_table

    lines = require_frame(lines, "lines")
    orders = require_frame(orders, "orders")
    require_column_names(category=category, customer=customer, order=order, date=date, amount=amount)
    require_columns(lines, {"order": order, "category": category}, "lines")
    require_columns(orders, {"order": order, "customer": customer, "date": date, "amount": amount}, "orders")
    if not isinstance(target, str):
        raise TypeError(tr("target must be a category name (str), got {type_name}.", type_name=type(target).__name__))
    categories = sorted(lines[category].dropna().astype(str).unique())
    if target not in categories:
        raise ValueError(tr("target {target!r} is not a category in lines; choose one of {categories}.",
                            target=target, categories=categories))
    obs_start, obs_end, out_start, out_end = require_windows(observation, outcome)
    if orders[order].duplicated().any():
        raise ValueError(tr("orders has repeated ids in column {order!r}; it needs one row per order.", order=order))
    days = require_day_dates(orders, date, "orders")
    head = pd.DataFrame({"order": orders[order].to_numpy(), "customer": orders[customer].to_numpy(),
                         "day": days.to_numpy()})
    joined = pd.DataFrame({"order": lines[order].to_numpy(), "category": lines[category].astype(str).to_numpy()}
                          ).merge(head, on="order", how="left")
    orphan = joined["customer"].isna()
    if orphan.any():
        raise ValueError(tr("{count} line(s) in lines have an order id that is not in orders, e.g. {examples}.",
                            count=int(orphan.sum()), examples=joined.loc[orphan, 'order'].head(3).tolist()))
    past = joined[(joined["day"] >= obs_start) & (joined["day"] <= obs_end)]
    future = joined[(joined["day"] >= out_start) & (joined["day"] <= out_end)]
    in_window = orders[((days >= obs_start) & (days <= obs_end)).to_numpy()]
    if in_window.empty:
        raise ValueError(tr("No order falls in the observation window {obs_start_date} to {obs_end_date}.",
                            obs_start_date=obs_start.date(), obs_end_date=obs_end.date()))
    rfm = rfm_table(in_window, customer=customer, date=date, amount=amount, order=order, as_of=obs_end)
    counts = pd.crosstab(past["customer"], past["category"]).reindex(index=rfm.index, columns=categories,
                                                                      fill_value=0)
    frame = counts.astype(int).join(rfm)
    frame.columns.name = None
    buyers = set(future.loc[future["category"] == target, "customer"])
    frame["buys_next"] = frame.index.isin(list(buyers)).astype(int)
    frame.attrs.update({"target": target, "observation": (obs_start, obs_end), "outcome": (out_start, out_end)})
    return frame


def rule_scores(history: pd.DataFrame, rules: pd.DataFrame, target_items: Sequence[str], *,
                customer: str = "customer_id", item: str = "product", antecedent: str = "antecedent",
                consequent: str = "consequent", confidence: str = "confidence",
                separator: str = " + ") -> pd.Series:
    """Score customers with association rules: the best confidence of a rule that points to a target item.

    A rule "A + B → C" fires for a customer who has bought every antecedent
    item (A and B) in ``history``. The customer's score is the highest
    confidence among the rules that fire and whose consequent is one of
    ``target_items``; 0 when none fires. This turns basket rules into a
    targeting score that can be compared with a model.

    Parameters
    ----------
    history : DataFrame
        Past purchases: one row per (customer, item), e.g. order lines joined
        with their customer.
    rules : DataFrame
        Association rules with text columns ``antecedent`` and ``consequent``
        (items joined by ``separator``), as made by
        :func:`crm_lessons.basket.association_rules`, and a numeric ``confidence``.
    target_items : sequence of str
        Items of the category to sell.
    customer, item, antecedent, consequent, confidence, separator : str
        Column names and the separator between items in a rule side.

    Returns
    -------
    Series
        Score per customer of ``history`` (index sorted), named ``rule_score``.

    Examples
    --------
    >>> import pandas as pd
    >>> hist = pd.DataFrame({"customer_id": ["A", "B", "B"], "product": ["Tent", "Tea", "Kettle"]})
    >>> rules = pd.DataFrame({"antecedent": ["Tent", "Kettle + Tea"], "consequent": ["Sleeping bag", "Cups"],
    ...                       "confidence": [0.6, 0.5]})
    >>> rule_scores(hist, rules, ["Cups"]).to_dict()
    {'A': 0.0, 'B': 0.5}
    """
    history = require_frame(history, "history")
    rules = require_frame(rules, "rules", allow_empty=True)
    require_column_names(customer=customer, item=item, antecedent=antecedent, consequent=consequent,
                  confidence=confidence, separator=separator)
    require_columns(history, {"customer": customer, "item": item}, "history")
    require_columns(rules, {"antecedent": antecedent, "consequent": consequent, "confidence": confidence},
                    "rules")
    if isinstance(target_items, (str, bytes, dict, pd.DataFrame)) or not hasattr(target_items, "__iter__"):
        raise TypeError(tr("target_items must be a list of item names, e.g. ['Coffee beans 1kg']."))
    targets = {str(t) for t in target_items}
    owned = history.groupby(customer)[item].agg(lambda s: frozenset(s.astype(str)))
    score = pd.Series(0.0, index=owned.index.sort_values(), name="rule_score")
    for lhs, rhs, conf in zip(rules[antecedent], rules[consequent], rules[confidence]):
        if not set(str(rhs).split(separator)) & targets:
            continue
        needed = frozenset(str(lhs).split(separator))
        fires = owned.map(needed.issubset).reindex(score.index)
        score[fires.to_numpy()] = np.maximum(score[fires.to_numpy()], float(conf))
    return score
