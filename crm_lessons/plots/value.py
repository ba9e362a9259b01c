"""Charts for chapter 04 (customer value): CLV sensitivity, cohorts, Lorenz and whale curves, tiers, BG/NBD.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units, takes a ``title`` that states the finding, and returns the axes.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_table
from ..i18n import N_, _, data_name, tr
from .theme import ANNOTATION_SIZE, DENSE_ANNOTATION_SIZE, PALETTE, SEQUENTIAL_CMAP, axes_or_new, finish, percent_axis

__all__ = ["clv_sensitivity_chart", "cohort_heatmap", "lorenz_curve", "whale_curve", "value_tier_chart",
           "bgnbd_tracking_chart", "bgnbd_conditional_chart"]



def clv_sensitivity_chart(sensitivity: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Lines of the CLV change against the size of the improvement, one per driver.

    ``sensitivity`` is the table of :func:`crm_lessons.value.clv_sensitivity`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.value import clv_sensitivity
    >>> ax = clv_sensitivity_chart(clv_sensitivity(100, 0.8, 0.1, changes=(0.01, 0.05)), title="Retention wins")
    >>> plt.close("all")
    """
    table = require_table(sensitivity, ["driver", "change", "clv_change"], "sensitivity")
    ax = axes_or_new(ax)
    names = {"retention": _("Retention rate (raised)"), "margin": _("Margin (raised)"),
             "discount": _("Discount rate (lowered)")}
    for colour, driver in zip(PALETTE, ["retention", "margin", "discount"]):
        part = table[table["driver"] == driver].sort_values("change")
        if part.empty:
            continue
        ax.plot(part["change"], part["clv_change"], marker="o", color=colour, label=names[driver])
    ax.axhline(0, color="0.6", linewidth=0.8)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="upper left")
    return finish(ax, title, _("Improvement in the driver (% of its value)"), _("Change in CLV (%)"))


def cohort_heatmap(shares: pd.DataFrame, *, title: str, ax: Any = None, annotate: bool = True,
                   period_label: str = N_("quarters")) -> Any:
    """Heatmap of the share of each acquisition cohort active in each later period.

    ``shares`` is the table of :func:`crm_lessons.cohorts.cohort_retention`.
    Column 0 (always 100 %) is left out so the colour scale shows the later periods.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({0: [1.0, 1.0], 1: [0.4, 0.5], 2: [0.3, np.nan]}, index=["2024Q1", "2024Q2"])
    >>> ax = cohort_heatmap(t, title="Retention")
    >>> plt.close("all")
    """
    import seaborn as sns

    if not isinstance(shares, pd.DataFrame) or 0 not in shares.columns:
        raise ValueError(tr("shares must be the table from crm.cohorts.cohort_retention (columns 0, 1, 2, ...)."))
    data = shares.drop(columns=0).dropna(how="all")     # the newest cohort has no complete later period
    if data.empty:
        raise ValueError(tr("shares has no periods after period 0 to show."))
    ax = axes_or_new(ax, (9.0, max(3.0, 0.38 * len(data) + 1.5)))
    sns.heatmap(data, ax=ax, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=float(np.nanmax(data.to_numpy())),
                annot=annotate, fmt=".0%", annot_kws={"size": DENSE_ANNOTATION_SIZE},
                cbar_kws={"label": _("Share of cohort active"), "format": "{x:.0%}"})
    ax.set_yticklabels(ax.get_yticklabels(), rotation=0)
    ax.grid(False)
    return finish(ax, title, tr("Periods since first purchase ({period})", period=_(period_label)),
                  _("Acquisition cohort"))


def lorenz_curve(curves: Mapping[str, pd.DataFrame] | pd.DataFrame, *, title: str, ax: Any = None,
                 mark: float | None = 0.2) -> Any:
    """Cumulative share of value against cumulative share of customers (best first).

    ``curves`` is one table of :func:`crm_lessons.value.pareto` or a dict of
    them (label -> table) to compare. The diagonal is what equal customers
    would give; ``mark`` draws a line at that share of customers (the "top 20 %")
    and adds the share of value it holds to each curve's legend label.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.value import pareto
    >>> ax = lorenz_curve({"Revenue": pareto([5, 3, 1, 1])}, title="Concentrated")
    >>> plt.close("all")
    """
    if isinstance(curves, pd.DataFrame):
        curves = {_("Value"): curves}
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(tr("curves must be a pareto() table or a dict of label -> pareto() table."))
    ax = axes_or_new(ax)
    for colour, (label, table) in zip(PALETTE, curves.items()):
        table = require_table(table, ["customer_share", "value_share"], f"curves[{label!r}]")
        x = np.concatenate([[0.0], table["customer_share"].to_numpy()])
        y = np.concatenate([[0.0], table["value_share"].to_numpy()])
        if mark is not None:
            top = float(np.interp(mark, x, y))
            label = tr("{label} (top {mark:.0%}: {top:.0%})", label=data_name(label), mark=mark, top=top)
            ax.plot([mark], [top], marker="o", color=colour)
        ax.plot(x, y, color=colour, linewidth=2, label=data_name(label))
    ax.plot([0, 1], [0, 1], linestyle="--", color="0.5", linewidth=1, label=_("All customers equal"))
    if mark is not None:
        ax.axvline(mark, color="0.7", linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(1.02, ax.get_ylim()[1]))
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return finish(ax, title, _("Customers, ranked from most to least valuable (cumulative %)"),
                  _("Share of total value (cumulative %)"))


def whale_curve(table: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """The whale curve: cumulative share of total profit, customers ranked by profit.

    ``table`` is :func:`crm_lessons.value.pareto` of profits that include
    losses; the curve climbs above 100 % and falls back as loss-making customers
    are added. The peak is marked.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.value import pareto
    >>> ax = whale_curve(pareto([80, 40, 10, -30]), title="Whale")
    >>> plt.close("all")
    """
    table = require_table(table, ["customer_share", "value_share"], "table")
    ax = axes_or_new(ax)
    x = np.concatenate([[0.0], table["customer_share"].to_numpy()])
    y = np.concatenate([[0.0], table["value_share"].to_numpy()])
    ax.plot(x, y, color=PALETTE[0], linewidth=2, label=_("Cumulative profit"))
    peak = int(np.argmax(y))
    ax.axhline(1.0, color="0.5", linestyle="--", linewidth=1, label=_("Actual total profit (100 %)"))
    ax.plot([x[peak]], [y[peak]], marker="o", color=PALETTE[3])
    ax.annotate(tr("Peak {peak:.1%} after {share:.0%} of customers", peak=y[peak], share=x[peak]), (x[peak], y[peak]),
                textcoords="offset points", xytext=(-150, -28), color=PALETTE[3],
                arrowprops={"arrowstyle": "->", "color": PALETTE[3]})
    ax.set_xlim(0, 1)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return finish(ax, title, _("Customers, ranked from most to least profitable (cumulative %)"),
                  _("Share of total profit (cumulative %)"))


def value_tier_chart(summary: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Side-by-side bars: share of customers and share of value in each tier.

    ``summary`` is the table of :func:`crm_lessons.value.tier_summary`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.value import tier_summary, value_tiers
    >>> v = pd.Series([9.0, 5.0, 3.0, 1.0])
    >>> ax = value_tier_chart(tier_summary(v, value_tiers(v, (0.25, 0.25, 0.25))), title="Tiers")
    >>> plt.close("all")
    """
    table = require_table(summary, ["customer_share", "value_share"], "summary")
    ax = axes_or_new(ax)
    pos = np.arange(len(table))
    width = 0.38
    ax.bar(pos - width / 2, table["customer_share"], width, color=PALETTE[5], label=_("Share of customers"))
    ax.bar(pos + width / 2, table["value_share"], width, color=PALETTE[0], label=_("Share of value"))
    for p, c, v in zip(pos, table["customer_share"], table["value_share"]):
        ax.annotate(f"{c:.0%}", (p - width / 2, c), ha="center", va="bottom", fontsize=ANNOTATION_SIZE)
        ax.annotate(f"{v:.0%}", (p + width / 2, v), ha="center", va="bottom", fontsize=ANNOTATION_SIZE)
    ax.set_xticks(pos, [str(data_name(i)).capitalize() for i in table.index])
    percent_axis(ax, "y")
    ax.legend(loc="upper right")
    return finish(ax, title, _("Value tier"), _("Share of the total (%)"))


def bgnbd_tracking_chart(tracking: pd.DataFrame, *, title: str, calibration_periods: float | None = None,
                         ax: Any = None, period_label: str = N_("weeks")) -> Any:
    """Cumulative repeat purchases, actual against BG/NBD expected, period by period.

    ``tracking`` is the table of :func:`crm_lessons.bgnbd.repeat_tracking`;
    ``calibration_periods`` draws a line where the holdout period starts.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"period": [1, 2, 3], "actual": [1, 3, 4], "expected": [1.2, 2.5, 3.9]})
    >>> ax = bgnbd_tracking_chart(t, title="Close", calibration_periods=2)
    >>> plt.close("all")
    """
    table = require_table(tracking, ["period", "actual", "expected"], "tracking")
    ax = axes_or_new(ax)
    ax.plot(table["period"], table["actual"], color=PALETTE[7], linewidth=2, label=_("Actual"))
    ax.plot(table["period"], table["expected"], color=PALETTE[1], linewidth=2, linestyle="--",
            label=_("BG/NBD expected"))
    if calibration_periods is not None:
        ax.axvline(calibration_periods, color="0.5", linestyle=":", linewidth=1.2)
        ax.annotate(_("calibration | holdout"), (calibration_periods, 0.05), xycoords=("data", "axes fraction"),
                    ha="center", fontsize=ANNOTATION_SIZE, color="0.35",
                    bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.8"})
    ax.legend(loc="upper left")
    return finish(ax, title, tr("Time since the cohort's first day ({period})", period=_(period_label)),
                  _("Cumulative repeat purchases (count)"))


def bgnbd_conditional_chart(table: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Mean purchases in the holdout period, actual and predicted, by calibration frequency.

    ``table`` is :func:`crm_lessons.bgnbd.conditional_by_frequency`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"actual": [0.2, 0.7], "expected": [0.25, 0.6]}, index=["0", "1+"])
    >>> ax = bgnbd_conditional_chart(t, title="Close")
    >>> plt.close("all")
    """
    table = require_table(table, ["actual", "expected"], "table")
    ax = axes_or_new(ax)
    pos = np.arange(len(table))
    ax.plot(pos, table["actual"], color=PALETTE[7], marker="o", linewidth=2, label=_("Actual"))
    ax.plot(pos, table["expected"], color=PALETTE[1], marker="s", linewidth=2, linestyle="--",
            label=_("BG/NBD expected"))
    ax.set_xticks(pos, [str(data_name(i)) for i in table.index])
    ax.legend(loc="upper left")
    return finish(ax, title, _("Repeat purchases in the calibration period (count)"),
                  _("Holdout purchases per customer (mean)"))
