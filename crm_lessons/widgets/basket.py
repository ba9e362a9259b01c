"""Widgets of chapter 06 (market-basket analysis): a rules explorer and a basket recommender."""
from __future__ import annotations

import html
from typing import Any

import pandas as pd

from .. import basket
from ..i18n import N_, _, data_name, itemset_name, tr
from ._view import explorer

__all__ = ["rules_explorer", "basket_recommender"]

_SHOWN = ["antecedent", "consequent", "support", "confidence", "lift", "leverage", "conviction"]
_ANY = N_("(any item)")


def _table_html(rules: pd.DataFrame, top: int) -> str:
    shown = rules[_SHOWN].head(top).copy()
    for column in ("support", "confidence"):
        shown[column] = shown[column].map(lambda v: f"{v:.1%}")
    for column in ("lift", "conviction"):
        shown[column] = shown[column].map(lambda v: "∞" if v == float("inf") else f"{v:.2f}")
    shown["leverage"] = shown["leverage"].map(lambda v: f"{v:+.4f}")
    for column in ("antecedent", "consequent"):
        shown[column] = shown[column].map(itemset_name)
    return shown.to_html(index=False, border=0)


def _percent_format(step: float) -> str:
    """A readout format in percent with as many decimals as ``step`` needs (0.0005 -> ``'.2%'``: 0.05%).

    >>> _percent_format(0.0005), _percent_format(0.01), _percent_format(0.05)
    ('.2%', '.0%', '.0%')
    """
    decimals = next(d for d in range(10) if abs(round(step * 100, d) - step * 100) < 1e-9)
    return f".{decimals}%"


def rules_explorer(baskets: pd.DataFrame, lowest_support: float = 0.002, *, top: int = 12) -> Any:
    """Sliders for minimum support, confidence and lift plus an item filter over all rules.

    Itemsets and rules are mined once, at ``lowest_support`` and confidence 0; each
    change of a control only filters that table with
    :func:`crm_lessons.basket.filter_rules`, so the view updates in milliseconds.
    Filtering on support gives exactly what mining at that support would give,
    because every subset of a frequent itemset is frequent.

    Parameters
    ----------
    baskets : DataFrame
        Boolean basket matrix (see :func:`crm_lessons.basket.basket_matrix`).
    lowest_support : float in (0, 1]
        The lowest support the slider offers (and the one mined).
    top : int
        How many rules to list (sorted by lift).

    Returns
    -------
    ipywidgets.VBox
        The controls, a line counting the matching rules and the table.

    Examples
    --------
    >>> from crm_lessons.basket import basket_matrix, toy_transactions
    >>> box = rules_explorer(basket_matrix(toy_transactions()), lowest_support=0.1)
    >>> box.children[-2].value.startswith("<b>")
    True
    """
    import ipywidgets as w

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(tr("top must be a positive whole number, got {top!r}.", top=top))
    itemsets = basket.frequent_itemsets(baskets, lowest_support)
    every_rule = basket.association_rules(itemsets, min_confidence=0.0)
    items = sorted({i for t in every_rule["antecedent_items"] for i in t}
                   | {i for t in every_rule["consequent_items"] for i in t})
    style = {"description_width": "130px"}
    layout = w.Layout(width="430px")
    high = max(lowest_support, min(1.0, float(itemsets["support"].max())))
    support = w.FloatSlider(value=min(high, max(lowest_support, 0.005)), min=lowest_support, max=high,
                            step=lowest_support / 2, readout_format=_percent_format(lowest_support / 2),
                            description=_("Min support"),
                            style=style, layout=layout)
    confidence = w.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, description=_("Min confidence"),
                               style=style, layout=layout)
    top_lift = float(every_rule["lift"].max()) if len(every_rule) else 1.0
    lift = w.FloatSlider(value=1.0, min=0.0, max=max(1.0, round(top_lift + 0.5, 1)), step=0.1, readout_format=".1f",
                         description=_("Min lift"), style=style, layout=layout)
    item = w.Dropdown(options=[(_(_ANY), _ANY), *((str(data_name(i)), i) for i in items)], value=_ANY,
                      description=_("Item"), style=style, layout=layout)
    side = w.ToggleButtons(options=[(_("anywhere"), "any"), (_("if bought"), "antecedent"),
                                    (_("to offer"), "consequent")],
                           value="any", description=_("Item is"), style=style)
    count = w.HTML()
    table = w.HTML()

    def show(*_change: Any) -> None:
        side.disabled = item.value == _ANY          # where the item sits only matters once an item is picked
        chosen = basket.filter_rules(every_rule, min_support=support.value, min_confidence=confidence.value,
                                     min_lift=lift.value, mentions=None if item.value == _ANY else item.value,
                                     side=side.value)
        count.value = (tr("<b>{count:,} of {total:,} rules</b> match", count=len(chosen), total=len(every_rule))
                       + (tr("; the {top} with the highest lift:", top=min(top, len(chosen))) if len(chosen)
                          else "."))
        table.value = _table_html(chosen, top) if len(chosen) else ""

    for control in (support, confidence, lift, item, side):
        control.observe(show, names="value")
    show()
    return explorer([support, confidence, lift, item, side, count, table], lambda: count.value + table.value)


def basket_recommender(rules: pd.DataFrame, k: int = 3, *, start: list[str] | None = None) -> Any:
    """Pick the items in a basket; see the top ``k`` items to offer and the rule behind each.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`crm_lessons.basket.association_rules`.
    k : int
        How many items to offer.
    start : list of str, optional
        Items selected at the start.

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> from crm_lessons.basket import association_rules, basket_matrix, toy_transactions
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.1, min_confidence=0.1)
    >>> box = basket_recommender(rules, start=["Espresso machine"])
    >>> "Coffee beans 1kg" in box.children[-1].value
    True
    """
    import ipywidgets as w

    items = sorted({i for t in rules["antecedent_items"] for i in t}
                   | {i for t in rules["consequent_items"] for i in t})
    start = list(start or [])
    unknown = [s for s in start if s not in items]
    if unknown:
        raise ValueError(tr("start holds item(s) that appear in no rule: {unknown}.", unknown=unknown))
    basket.recommend(rules, start or items[:1], k=k)          # validates rules and k up front
    chooser = w.SelectMultiple(options=[(str(data_name(i)), i) for i in items], value=tuple(start),
                               rows=min(12, len(items)),
                               description=_("Basket"), layout=w.Layout(width="430px"))
    by = w.ToggleButtons(options=[(_("confidence"), "confidence"), (_("lift"), "lift")], value="confidence",
                         description=_("Rank by"))
    result = w.HTML()

    def show(*_change: Any) -> None:
        if not chooser.value:
            result.value = _("<i>Select one or more items (Ctrl/Cmd-click for several).</i>")
            return
        offers = basket.recommend(rules, list(chooser.value), k=k, by=by.value)
        if offers.empty:
            result.value = _("<i>No rule with lift above 1 applies to this basket: nothing to offer.</i>")
            return
        lines = ["<li>" + tr("<b>{item}</b>: confidence {confidence:.0%}, lift {lift:.1f} (because the basket "
                             "holds {because})", item=html.escape(itemset_name(row.item)),
                             confidence=row.confidence, lift=row.lift,
                             because=html.escape(itemset_name(row.because))) + "</li>"
                 for row in offers.itertuples()]
        result.value = "<ol>" + "".join(lines) + "</ol>"

    chooser.observe(show, names="value")
    by.observe(show, names="value")
    show()
    return explorer([chooser, by, result], lambda: result.value)
