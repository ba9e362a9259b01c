"""Charts for chapter 08 (strategy capstone): editions and renewal, renewal by driver, value-risk map, budget split.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units, takes a ``title`` that states the finding, and returns the axes.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_table
from ..i18n import _, data_name
from .theme import ANNOTATION_SIZE, PALETTE, axes_or_new, finish, percent_axis

__all__ = ["edition_chart", "renewal_rate_chart", "value_risk_map", "budget_split_chart"]

_TIER_COLOURS = {"strategic": PALETTE[0], "key": PALETTE[2], "transactional": PALETTE[1], "small": PALETTE[3]}




def edition_chart(by_edition: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Stacked bars of returning and new exhibitors per edition, with the renewal rate as a line.

    ``by_edition`` is the table of :func:`crm_lessons.tradefair.renewal_by_edition`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"new": [10, 4], "returning": [0, 7], "renewal_rate": [0.7, np.nan]}, index=[2024, 2025])
    >>> ax = edition_chart(t, title="Most exhibitors come back")
    >>> plt.close("all")
    """
    table = require_table(by_edition, ["new", "returning", "renewal_rate"], "by_edition")
    ax = axes_or_new(ax)
    x = np.asarray(table.index)
    ax.bar(x, table["returning"], color=PALETTE[0], label=_("returning exhibitors"))
    ax.bar(x, table["new"], bottom=table["returning"], color=PALETTE[5], label=_("new exhibitors"))
    ax.set_xticks(x)
    ax.set_ylim(0, float((table["returning"] + table["new"]).max()) * 1.35)   # head-room for the two legends
    ax.legend(loc="upper left")
    right = ax.twinx()
    right.plot(x, table["renewal_rate"], color=PALETTE[3], marker="o", label=_("renewal rate (right axis)"))
    right.set_ylim(0, 1)
    right.grid(False)
    percent_axis(right)
    right.set_ylabel(_("Booked the next edition (%)"))
    right.legend(loc="upper right")
    return finish(ax, title, _("Edition (year)"), _("Exhibitors (count)"))


def renewal_rate_chart(rates: pd.DataFrame, *, title: str, xlabel: str, ax: Any = None) -> Any:
    """Bars of the renewal rate per group, labelled with the number of exhibitor-editions.

    ``rates`` is the table of :func:`crm_lessons.tradefair.renewal_rates` (one grouping column).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> r = pd.DataFrame({"exhibitor_editions": [10, 20], "renewal_rate": [0.4, 0.8]}, index=[5, 9])
    >>> ax = renewal_rate_chart(r, title="Satisfied exhibitors renew", xlabel="Satisfaction (1-10)")
    >>> plt.close("all")
    """
    table = require_table(rates, ["exhibitor_editions", "renewal_rate"], "rates")
    ax = axes_or_new(ax)
    labels = [str(data_name(i)) for i in table.index]
    bars = ax.bar(labels, table["renewal_rate"], color=PALETTE[0])
    for bar, n in zip(bars, table["exhibitor_editions"]):
        ax.annotate(f"n={int(n)}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                    va="bottom", fontsize=ANNOTATION_SIZE, color="0.3")
    ax.set_ylim(0, 1.08)
    percent_axis(ax)
    return finish(ax, title, xlabel, _("Booked the next edition (%)"))


def value_risk_map(table: pd.DataFrame, *, title: str, value: str = "value", risk: str = "leave_prob",
                   tier: str = "tier", ax: Any = None) -> Any:
    """Scatter of exhibitor value (log scale) against the probability of not renewing, coloured by tier.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"value": [1e5, 2e3], "leave_prob": [0.1, 0.6], "tier": ["strategic", "small"]})
    >>> ax = value_risk_map(t, title="Small exhibitors leave")
    >>> plt.close("all")
    """
    frame = require_table(table, [value, risk, tier], "table")
    ax = axes_or_new(ax)
    for name, colour in _TIER_COLOURS.items():
        part = frame[frame[tier].astype(str) == name]
        if len(part):
            ax.scatter(part[value], part[risk], s=18, alpha=0.7, color=colour, label=f"{data_name(name)} ({len(part)})")
    ax.set_xscale("log")
    percent_axis(ax)
    ax.legend(loc="upper right", title=_("Value tier"))
    return finish(ax, title, _("Exhibitor value: revenue over the last three editions (¥, log scale)"),
                  _("Probability of not renewing (%)"))


def budget_split_chart(summary: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Side-by-side bars per tier: share of revenue, of expected leavers and of the retention budget.

    ``summary`` is the table of :func:`crm_lessons.tradefair.budget_summary`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"revenue_share": [0.6, 0.4, 1.0], "expected_leavers": [1.0, 3.0, 4.0],
    ...                   "budget_share": [0.7, 0.3, 1.0]}, index=["key", "small", "total"])
    >>> ax = budget_split_chart(s, title="Budget follows value at risk")
    >>> plt.close("all")
    """
    table = require_table(summary, ["revenue_share", "expected_leavers", "budget_share"], "summary")
    table = table.drop(index="total", errors="ignore")
    ax = axes_or_new(ax)
    x = np.arange(len(table))
    leavers = table["expected_leavers"] / table["expected_leavers"].sum()
    for k, (values, label, colour) in enumerate([(table["revenue_share"], _("share of revenue"), PALETTE[0]),
                                                 (leavers, _("share of expected leavers"), PALETTE[3]),
                                                 (table["budget_share"], _("share of the budget"), PALETTE[2])]):
        ax.bar(x + (k - 1) * 0.27, values, width=0.27, color=colour, label=label)
    ax.set_xticks(x, [str(data_name(i)) for i in table.index])
    percent_axis(ax)
    ax.legend(loc="upper left")
    return finish(ax, title, _("Value tier"), _("Share of the total (%)"))
