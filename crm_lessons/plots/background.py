"""Charts for chapter 01 (background): the theory timeline, campaign results, targeting, share of wallet.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units and returns the axes. Without a ``title`` it writes one that states
the finding, computed from the data it was given.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_table
from ..i18n import N_, _, data_name, tr
from ..money import money
from .theme import ANNOTATION_SIZE, DENSE_ANNOTATION_SIZE, PALETTE, axes_or_new, finish, money_axis, percent_axis

__all__ = ["marketing_timeline", "campaign_bars", "targeting_chart", "share_of_wallet_chart"]

_FAMILY_ORDER = ["marketing mix", "customer view", "relationship"]
_METRICS = {  # column -> (axis label, kind, higher is better)
    "response_rate": (N_("Response rate (% of contacts)"), "percent", True),
    "roi": (N_("Return on investment (% of contact cost)"), "percent", True),
    "cost_per_response": (N_("Cost per response (¥)"), "money", False),
    "profit": (N_("Profit after contact cost (¥)"), "money", True),
    "margin": (N_("Gross margin from responses (¥)"), "money", True),
    "revenue": (N_("Revenue from responses (¥)"), "money", True),
}
_MEASURES = {"response_rate": N_("response rate"), "roi": N_("return on investment"),  # for the default title
             "cost_per_response": N_("cost per response"), "profit": N_("profit after contact cost"),
             "margin": N_("gross margin from responses"), "revenue": N_("revenue from responses")}
_GROUPINGS = {"channel": N_("Channel"), "customer_group": N_("Customer group")}  # the y-axis label


def _family_label(family: str) -> str:
    """A theory family's lane label: its Chinese name under zh, else the English one capitalised."""
    shown = data_name(family)
    return family.capitalize() if shown == family else shown


def marketing_timeline(theories: pd.DataFrame | None = None, *, title: str | None = None, ax: Any = None) -> Any:
    """Timeline of marketing theories: one lane per family, one labelled point per theory.

    Parameters
    ----------
    theories : pandas.DataFrame, optional
        :func:`crm_lessons.marketing_history.marketing_theories` (the default) or a filtered copy.
    title : str, optional
        The chart title; a default states the shift the timeline shows.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = marketing_timeline(); plt.close("all")
    """
    from ..marketing_history import marketing_theories

    table = require_table(marketing_theories() if theories is None else theories,
                  ["theory", "year", "approximate", "family", "authors"], "theories")
    ax = axes_or_new(ax, (10.0, 4.2))
    families = [f for f in _FAMILY_ORDER if f in set(table["family"])] + \
        sorted(set(table["family"]) - set(_FAMILY_ORDER))
    lane = {f: i for i, f in enumerate(families)}
    for colour, family in zip(PALETTE, families):
        part = table[table["family"] == family].sort_values("year", kind="stable")
        y = np.full(len(part), lane[family], dtype=float)
        exact = ~part["approximate"].astype(bool).to_numpy()
        ax.scatter(part["year"][exact], y[exact], s=90, color=colour, zorder=3)
        ax.scatter(part["year"][~exact], y[~exact], s=90, facecolor="white", edgecolor=colour, linewidth=2,
                   zorder=3, label=_("hollow: approximate year") if (~exact).any() else None)
        for k, (_index, row) in enumerate(part.iterrows()):
            surname = str(row["authors"]).split("(")[0].split("&")[0].split()[-1]
            year = f"~{row['year']}" if row["approximate"] else str(row["year"])
            offset = 0.28 if k % 2 == 0 else -0.34
            ax.annotate(f"{row['theory']}\n{surname} {year}", (row["year"], lane[family]),
                        xytext=(row["year"], lane[family] + offset), ha="center", va="center",
                        fontsize=DENSE_ANNOTATION_SIZE)
    ax.set_yticks(range(len(families)), [_family_label(f) for f in families])
    ax.set_ylim(-0.7, len(families) - 0.3)
    lo, hi = int(table["year"].min()), int(table["year"].max())
    ax.set_xlim(lo - 4, hi + 4)
    if table["approximate"].astype(bool).any():
        ax.legend(loc="lower right")
    return finish(ax, title or _("Marketing thinking moved from the seller's mix to the customer relationship"),
                  _("Year of publication"), _("Family of ideas"))


def campaign_bars(summary: pd.DataFrame, *, metric: str = "roi", title: str | None = None, ax: Any = None) -> Any:
    """Horizontal bars of one campaign measure per group (negative values in vermillion).

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`crm_lessons.campaigns.campaign_summary` grouped by one column (an ``"all"`` row is skipped).
    metric : str
        One of ``response_rate``, ``roi``, ``cost_per_response``, ``profit``, ``margin``, ``revenue``.

    Examples
    --------
    >>> import crm_lessons as crm, matplotlib.pyplot as plt
    >>> s = crm.campaigns.campaign_summary(crm.datasets.load("campaign"), by="channel")
    >>> ax = campaign_bars(s, metric="response_rate"); plt.close("all")
    """
    if metric not in _METRICS:
        raise ValueError(tr("metric must be one of {choices}, got {metric!r}.",
                            choices=list(_METRICS), metric=metric))
    table = require_table(summary, [metric], "summary")
    values = table[metric].drop(index="all", errors="ignore").dropna().sort_values()
    if values.empty:
        raise ValueError(tr("summary has no {metric} values to draw.", metric=metric))
    label, kind, higher_better = _METRICS[metric]
    ax = axes_or_new(ax)
    names = [" / ".join(str(data_name(str(v))) for v in (i if isinstance(i, tuple) else (i,))) for i in values.index]
    colours = [PALETTE[3] if v < 0 else PALETTE[0] for v in values]
    ax.barh(names, values.to_numpy(), color=colours)
    ax.axvline(0, color="0.4", linewidth=0.8)
    if kind == "percent":
        percent_axis(ax, "x")
    else:
        money_axis(ax, "x")
    for y, v in enumerate(values):
        if kind == "percent":
            text = f"{v:.1%}" if abs(v) < 0.1 else f"{v:.0%}"
        else:
            text = money(v)
        ax.annotate(text, (max(v, 0.0), y), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                    fontsize=ANNOTATION_SIZE)
    ax.margins(x=0.15)
    best = names[-1] if higher_better else names[0]
    measure = _(_MEASURES[metric])
    default = (tr("{best} has the highest {measure}", best=best, measure=measure) if higher_better
               else tr("{best} has the lowest {measure}", best=best, measure=measure))
    default = default[0].upper() + default[1:]
    group = str(table.index.name or "group")
    group_label = _(_GROUPINGS[group]) if group in _GROUPINGS else group.replace("_", " ").capitalize()
    return finish(ax, title or default, _(label), group_label)


def targeting_chart(curves: pd.DataFrame | Mapping[str, pd.DataFrame], *, marker: float | None = None,
                    title: str | None = None, axes: Any = None) -> Any:
    """Two panels: the share of all responses captured, and the profit, against the share of the list contacted.

    Parameters
    ----------
    curves : pandas.DataFrame or mapping
        :func:`crm_lessons.campaigns.targeting_curve`, or several of them by name (e.g. one per score).
    marker : float, optional
        A share contacted (0..1) to mark with a vertical line, e.g. the current choice in a widget.
    title : str, optional
        Title of the profit panel; the default names the most profitable depth.
    axes : pair of Axes, optional
        Where to draw; a new 1 x 2 figure by default.

    Returns
    -------
    numpy.ndarray of two Axes

    Examples
    --------
    >>> import crm_lessons as crm, matplotlib.pyplot as plt
    >>> curve = crm.campaigns.targeting_curve(crm.datasets.load("campaign"), points=10)
    >>> axes = targeting_chart(curve, marker=0.3); plt.close("all")
    """
    import matplotlib.pyplot as plt

    named = {"ranked list": curves} if isinstance(curves, pd.DataFrame) else dict(curves)
    if not named:
        raise ValueError(tr("curves is empty: pass at least one targeting curve."))
    for name, curve in named.items():
        require_table(curve, ["share_contacted", "share_of_responses", "profit"], f"curves[{name!r}]")
    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(11.0, 4.2))
    gains_ax, profit_ax = axes
    best_name, best_row = None, None
    for colour, (name, curve) in zip(PALETTE, named.items()):
        x = np.r_[0.0, curve["share_contacted"].to_numpy()]
        gains_ax.plot(x, np.r_[0.0, curve["share_of_responses"].to_numpy()], marker="o", markersize=3,
                      color=colour, label=data_name(name))
        profit_ax.plot(x, np.r_[0.0, curve["profit"].to_numpy()], marker="o", markersize=3, color=colour,
                       label=data_name(name))
        top = curve.loc[curve["profit"].idxmax()]
        if best_row is None or top["profit"] > best_row["profit"]:
            best_name, best_row = name, top
    gains_ax.plot([0, 1], [0, 1], linestyle="--", color="0.5", label=_("random order"))
    profit_ax.axhline(0, color="0.5", linewidth=0.8)
    if marker is not None:
        for a in axes:
            a.axvline(marker, color=PALETTE[3], linestyle=":", linewidth=1.5)
    for a in axes:
        percent_axis(a, "x")
    percent_axis(gains_ax, "y")
    money_axis(profit_ax, "y")
    gains_ax.legend(loc="lower right")
    if len(named) > 1:  # below the panel: inside, it sat on the ¥0 line the curves start from
        profit_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=len(named))
    first_name, first = next(iter(named.items()))
    idx = (first["share_contacted"] - 0.2).abs().idxmin()
    by = tr(" by {name}", name=data_name(first_name)) if len(named) > 1 else ""
    # Each title wrapped to its own panel's width: on one line the two ran into each other.
    finish(gains_ax, textwrap.fill(tr("The best-ranked {contacted:.0%}{by} bring {responses:.0%} of responses",
                                      contacted=first.at[idx, "share_contacted"], by=by,
                                      responses=first.at[idx, "share_of_responses"]), 42),
           _("Share of the list contacted (%)"), _("Share of all responses (%)"))
    finish(profit_ax, textwrap.fill(title or tr("Profit peaks at {share:.0%} of the list ({name})",
                                                share=best_row["share_contacted"], name=data_name(best_name)), 42),
           _("Share of the list contacted (%)"), _("Profit after contact cost (¥)"))
    return axes


def share_of_wallet_chart(sow: pd.DataFrame, *, title: str | None = None, ax: Any = None) -> Any:
    """Scatter of each customer's total category spend (log scale) against our share of it.

    Dashed lines mark the medians; the lower-right corner holds big wallets of which
    we get a small share: the customers with the most room to grow.

    Parameters
    ----------
    sow : pandas.DataFrame
        :func:`crm_lessons.wallet.share_of_wallet`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> sow = pd.DataFrame({"total_spend": [100.0, 900.0, 400.0], "share_of_wallet": [0.5, 0.1, 0.3]})
    >>> ax = share_of_wallet_chart(sow); plt.close("all")
    """
    table = require_table(sow, ["total_spend", "share_of_wallet"], "sow")
    ax = axes_or_new(ax)
    total = table["total_spend"].astype(float)
    share = table["share_of_wallet"].astype(float)
    mid_total, mid_share = total.median(), share.median()
    grow = (total > mid_total) & (share < mid_share)
    ax.scatter(total[~grow], share[~grow], s=12, alpha=0.5, color=PALETTE[0], label=_("other customers"))
    ax.scatter(total[grow], share[grow], s=12, alpha=0.7, color=PALETTE[1],
               label=_("big wallet, small share (room to grow)"))
    ax.axvline(mid_total, color="0.4", linestyle="--", linewidth=1)
    ax.axhline(mid_share, color="0.4", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    money_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="upper right")
    default = tr("{count} of {total} customers spend a lot in the category but little with us",
                 count=int(grow.sum()), total=len(table))
    return finish(ax, title or default, _("Customer's total category spend per year (¥, log scale)"),
                  _("Share of wallet (% of that spend with us)"))
