"""Next-item recommendations from association rules."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._validation import is_whole_number
from ..i18n import tr
from ._common import RULE_METRICS, check_rules

__all__ = ["recommend"]


def recommend(rules: pd.DataFrame, items: str | Iterable[str], k: int = 3, *,
              by: str = "confidence") -> pd.DataFrame:
    """The top ``k`` items to offer a customer whose basket holds ``items``.

    A rule applies when all its antecedent items are in the basket; each item not yet
    in the basket is scored by the best applicable rule that recommends it. Rules with
    lift at or below 1 never count: they recommend items the basket makes no more
    likely than chance (often simply popular items).

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`association_rules`.
    items : str or iterable of str
        The items already in the basket (names, not a column: compare ``basket=``
        in :func:`basket_matrix`, which names the basket-id column).
    k : int
        How many items to return (fewer if fewer rules apply).
    by : {"confidence", "lift", "leverage", "conviction", "support"}
        The rule measure to rank by; ties go to higher lift, then item name.

    Returns
    -------
    DataFrame
        ``item``, ``score`` (the ``by`` value of the best rule), ``confidence``,
        ``lift`` and ``because`` (that rule's antecedent), best first.

    Examples
    --------
    >>> from crm_lessons.basket import association_rules, basket_matrix, recommend, toy_transactions
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.1, min_confidence=0.1)
    >>> recommend(rules, ["Espresso machine"])[["item", "confidence", "lift"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'item': 'Coffee beans 1kg', 'confidence': 1.0, 'lift': 2.0},
     {'item': 'Milk frother', 'confidence': 0.5, 'lift': 1.25}]
    """
    frame = check_rules(rules)
    if isinstance(items, str):
        items = [items]
    if items is Ellipsis or not isinstance(items, Iterable):
        raise TypeError(tr("items must be an item name or a list of item names, got {type_name}.",
                           type_name=type(items).__name__))
    held = set(items)
    if not all(isinstance(i, str) for i in held):
        raise TypeError(tr("items must hold item names (str)."))
    if not is_whole_number(k) or k < 1:
        raise ValueError(tr("k must be a positive whole number, got {k!r}.", k=k))
    if by not in RULE_METRICS:
        raise ValueError(tr("by must be one of {choices}, got {by!r}.",
                            choices=', '.join(RULE_METRICS), by=by))
    applies = np.fromiter((set(a) <= held for a in frame["antecedent_items"]), dtype=bool, count=len(frame))
    usable = frame.loc[applies & (frame["lift"].to_numpy() > 1)]
    offers = usable.assign(item=usable["consequent_items"]).explode("item")
    offers = offers.loc[~offers["item"].isin(held)]
    columns = ["item", "score", "confidence", "lift", "because"]
    if offers.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("item", "because") else float) for c in columns})
    offers = offers.assign(score=offers[by], because=offers["antecedent"])
    offers = offers.sort_values(["score", "lift", "item", "because"], ascending=[False, False, True, True],
                                kind="stable")
    best = offers.drop_duplicates("item", keep="first").head(k)
    return best[columns].astype({"item": object}).reset_index(drop=True)

