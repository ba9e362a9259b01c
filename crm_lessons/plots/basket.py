"""Charts for chapter 06 (market-basket analysis): the itemset lattice, rule maps, rules by segment.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units, takes a ``title`` that states the finding, and returns the axes.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_table
from ..i18n import N_, _, data_name, itemset_name, tr
from .theme import ANNOTATION_SIZE, DENSE_ANNOTATION_SIZE, PALETTE, SEQUENTIAL_CMAP, axes_or_new, finish, percent_axis

__all__ = ["itemset_lattice", "rules_scatter", "segment_rules_chart"]

_STATUS_STYLE = {  # Okabe-Ito colours: frequent, counted but rare, never counted
    "frequent": (PALETTE[0], N_("Frequent (counted, support ≥ threshold)")),
    "infrequent": (PALETTE[1], N_("Counted, support below threshold")),
    "pruned": ("#BBBBBB", N_("Never counted: a subset is already infrequent")),
}


def _lattice_status(baskets: pd.DataFrame, min_support: float) -> dict[tuple[int, ...], tuple[str, float]]:
    """Status and support of every itemset as Apriori would treat it, level by level."""
    values = baskets.to_numpy(dtype=bool)
    n_items = values.shape[1]
    status: dict[tuple[int, ...], tuple[str, float]] = {}
    frequent: set[tuple[int, ...]] = set()
    for size in range(1, n_items + 1):
        for itemset in combinations(range(n_items), size):
            support = float(values[:, list(itemset)].all(axis=1).mean())
            if size > 1 and any(sub not in frequent for sub in combinations(itemset, size - 1)):
                status[itemset] = ("pruned", support)
            elif support >= min_support:
                status[itemset] = ("frequent", support)
                frequent.add(itemset)
            else:
                status[itemset] = ("infrequent", support)
    return status


def itemset_lattice(baskets: pd.DataFrame, min_support: float, *, title: str, ax: Any = None) -> Any:
    """Every itemset of a small basket matrix, coloured by what Apriori does with it.

    Level k holds the itemsets of k items. Apriori counts all single items, then
    only candidates whose every subset was frequent (downward closure); the grey
    boxes are itemsets it never needs to count. Items are shown by letter (A, B, ...
    in column order), with a key in the legend.

    Parameters
    ----------
    baskets : DataFrame
        Boolean basket matrix with at most 6 items.
    min_support : float in (0, 1]
        The support threshold.
    title : str
        The finding the chart shows.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.basket import basket_matrix, toy_transactions
    >>> ax = itemset_lattice(basket_matrix(toy_transactions()), 0.3, title="Most itemsets are never counted")
    >>> plt.close("all")
    """
    from matplotlib.patches import Patch

    from .._validation import require_probability

    if not isinstance(baskets, pd.DataFrame) or not all(pd.api.types.is_bool_dtype(t) for t in baskets.dtypes):
        raise TypeError(tr("baskets must be a boolean basket matrix (DataFrame), e.g. crm.basket.basket_matrix(tx)."))
    if not 2 <= baskets.shape[1] <= 6 or len(baskets) == 0:
        raise ValueError(tr("itemset_lattice draws 2 to 6 items of at least one basket; baskets has {n_items} items "
                            "and {count} baskets.", n_items=baskets.shape[1], count=len(baskets)))
    min_support = require_probability(min_support, "min_support")
    status = _lattice_status(baskets, min_support)
    n_items = baskets.shape[1]
    letters = [chr(ord("A") + i) for i in range(n_items)]
    ax = axes_or_new(ax, (11.0, 5.0))
    widest = max(len(list(combinations(range(n_items), k))) for k in range(1, n_items + 1))
    position: dict[tuple[int, ...], tuple[float, float]] = {}
    for size in range(1, n_items + 1):
        level = list(combinations(range(n_items), size))
        xs = np.linspace(0, widest - 1, len(level) + 2)[1:-1] if len(level) > 1 else [(widest - 1) / 2]
        for x, itemset in zip(xs, level):
            position[itemset] = (float(x), float(size))
    for itemset, (x, y) in position.items():
        for sub in combinations(itemset, len(itemset) - 1) if len(itemset) > 1 else []:
            sx, sy = position[sub]
            ax.plot([sx, x], [sy, y], color="0.85", linewidth=0.7, zorder=1)
    for itemset, (x, y) in position.items():
        kind, support = status[itemset]
        colour = _STATUS_STYLE[kind][0]
        text_colour = "white" if kind == "frequent" else "black"
        ax.text(x, y, f"{''.join(letters[i] for i in itemset)}\n{support:.0%}", ha="center", va="center",
                fontsize=DENSE_ANNOTATION_SIZE, color=text_colour, zorder=3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": colour, "edgecolor": "white"})
    ax.set_xlim(-0.8, widest - 0.2)
    ax.set_ylim(n_items + 0.6, 0.4)
    ax.set_yticks(range(1, n_items + 1))
    ax.set_xticks([])
    ax.grid(False)
    handles = [Patch(facecolor=c, label=_(label)) for c, label in _STATUS_STYLE.values()]
    handles += [Patch(facecolor="white", edgecolor="white", label=f"{letter} = {data_name(name)}")
                for letter, name in zip(letters, baskets.columns)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return finish(ax, title, tr("Itemsets of each size (box: letters and support; threshold {threshold:.0%})",
                                threshold=min_support),
                  _("Items in the itemset"))


def rules_scatter(rules: pd.DataFrame, *, title: str, highlight: str | None = None, label_top: int = 0,
                  ax: Any = None) -> Any:
    """Support against confidence, one dot per rule, coloured by lift.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`crm_lessons.basket.association_rules`.
    title : str
        The finding the chart shows.
    highlight : str, optional
        Circle the rules whose consequent is this item (e.g. a very popular one).
    label_top : int
        Write "antecedent → consequent" next to this many rules with the highest lift.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.basket import association_rules, basket_matrix, toy_transactions
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.1, min_confidence=0.2)
    >>> ax = rules_scatter(rules, title="Strong rules are rare", highlight="Scented candle")
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    table = require_table(rules, ["antecedent", "consequent", "support", "confidence", "lift"], "rules")
    if table.empty:
        raise ValueError(tr("rules is empty: lower the thresholds to get some rules to plot."))
    ax = axes_or_new(ax, (8.5, 5.0))
    order = table.sort_values("lift", kind="stable")
    dots = ax.scatter(order["support"], order["confidence"], c=order["lift"], cmap=SEQUENTIAL_CMAP, s=38,
                      edgecolors="none", zorder=2)
    colourbar = plt.colorbar(dots, ax=ax, pad=0.02)
    colourbar.set_label(_("Lift (× the chance level; 1 = no association)"))
    if highlight is not None:
        mask = order["consequent"] == highlight
        ax.scatter(order.loc[mask, "support"], order.loc[mask, "confidence"], s=110, facecolors="none",
                   edgecolors=PALETTE[3], linewidths=1.4, zorder=3,
                   label=tr("Rules into {item!r}", item=itemset_name(highlight)))
        if mask.any():
            ax.legend(loc="lower right")
    top_rules = table.sort_values(["lift", "support"], ascending=False, kind="stable").head(label_top)
    for _index, row in top_rules.iterrows():
        ax.annotate(f"{itemset_name(row['antecedent'])} → {itemset_name(row['consequent'])}",
                    (row["support"], row["confidence"]),
                    xytext=(6, 2), textcoords="offset points", fontsize=ANNOTATION_SIZE)
    percent_axis(ax, "x", decimals=1)
    percent_axis(ax, "y")
    return finish(ax, title, _("Rule support (% of all baskets holding both sides)"),
                  _("Confidence (% of antecedent baskets with the consequent)"))


def segment_rules_chart(by_segment: pd.DataFrame, rules: list[tuple[str, str]], *, title: str,
                        metric: str = "confidence", ax: Any = None) -> Any:
    """Grouped bars: one measure of chosen rules, side by side for each segment.

    Parameters
    ----------
    by_segment : DataFrame
        Output of :func:`crm_lessons.basket.rules_by_segment`.
    rules : list of (antecedent, consequent)
        The rules to compare, as shown in the rule tables.
    title : str
        The finding the chart shows.
    metric : {"support", "confidence", "lift"}
        The measure on the bars. A rule missing in a segment shows no bar there.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.basket import rules_by_segment, toy_transactions
    >>> tx = toy_transactions()
    >>> tx["half"] = (tx["order_id"] <= "T05").map({True: "first", False: "second"})
    >>> seg = rules_by_segment(tx, segment="half", min_support=0.2, min_confidence=0.5)
    >>> ax = segment_rules_chart(seg, [("Milk frother", "Scented candle")], title="Varies by half")
    >>> plt.close("all")
    """
    if metric not in ("support", "confidence", "lift"):
        raise ValueError(tr("metric must be 'support', 'confidence' or 'lift', got {metric!r}.", metric=metric))
    table = require_table(by_segment, ["segment", "antecedent", "consequent", metric], "by_segment")
    if not rules or not all(isinstance(r, tuple) and len(r) == 2 for r in rules):
        raise ValueError(tr("rules must be a non-empty list of (antecedent, consequent) pairs."))
    segments = list(dict.fromkeys(table["segment"]))
    labels = [f"{itemset_name(a)} → {itemset_name(c)}" for a, c in rules]
    ax = axes_or_new(ax, (9.0, 4.8))
    width = 0.8 / max(len(segments), 1)
    for k, (segment, colour) in enumerate(zip(segments, PALETTE * 3)):
        part = table[table["segment"] == segment].set_index(["antecedent", "consequent"])[metric]
        heights = [float(part.get(r, np.nan)) for r in rules]
        ax.bar(np.arange(len(rules)) + (k - (len(segments) - 1) / 2) * width, heights, width=width,
               color=colour, label=str(data_name(segment)))
    ax.set_xticks(np.arange(len(rules)))
    ax.set_xticklabels(labels, rotation=20, ha="right")
    ax.legend(title=_("Segment"), loc="upper right")
    units = {"support": _("Support (% of the segment's baskets)"), "confidence": _("Confidence (%)"),
             "lift": _("Lift (× chance)")}
    if metric != "lift":
        percent_axis(ax, "y", decimals=1 if metric == "support" else 0)
    return finish(ax, title, _("Rule (antecedent → consequent)"), units[metric])
