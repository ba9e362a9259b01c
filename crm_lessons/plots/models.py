"""Charts for chapter 07 (data-mining models): ROC curves, lift and gains, drivers, targeting profit.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units, takes a ``title`` that states the finding, and returns the axes.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _, data_label, data_name, tr
from .theme import PALETTE, axes_or_new, date_axis, finish, money_axis, percent_axis

__all__ = ["churn_windows_chart", "roc_chart", "lift_chart", "gains_chart", "driver_chart",
           "targeting_profit_chart"]



def _tables(gains: Any, arg: str = "gains") -> dict[str, pd.DataFrame]:
    tables = {"model": gains} if isinstance(gains, pd.DataFrame) else gains
    if not isinstance(tables, Mapping) or not tables:
        raise TypeError(tr("{arg} must be a gains table or a dict of name -> gains table (from "
                           "crm.models.gains_table).", arg=arg))
    for name, table in tables.items():
        if not isinstance(table, pd.DataFrame) or not {"cum_lift", "cum_customer_share",
                                                         "cum_event_share", "lift"} <= set(table.columns):
            raise ValueError(tr("{arg}[{name!r}] is not a table from crm.models.gains_table.", arg=arg, name=name))
    return dict(tables)


def churn_windows_chart(tx: pd.DataFrame, observation: Any, outcome: Any, *, title: str,
                        date: str = "order_date", order: str = "order_id", ax: Any = None) -> Any:
    """Orders per month with the observation window (features) and outcome window (label) shaded.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> tx = pd.DataFrame({"order_id": [1, 2, 3], "order_date": ["2024-01-05", "2024-03-01", "2024-08-01"]})
    >>> ax = churn_windows_chart(tx, ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-31"), title="Two windows")
    >>> plt.close("all")
    """
    if not isinstance(tx, pd.DataFrame) or not {date, order} <= set(tx.columns):
        raise ValueError(tr("tx must be a DataFrame with columns {date!r} and {order!r}.", date=date, order=order))
    days = pd.to_datetime(tx[date], format="ISO8601")
    monthly = tx.groupby(days.dt.to_period("M"))[order].nunique()
    ax = axes_or_new(ax, (9.0, 4.0))
    ax.bar(monthly.index.to_timestamp(), monthly.to_numpy(), width=20, color="0.6", label=_("orders per month"))
    for (start, end), colour, name in ((observation, PALETTE[0], _("observation window: features")),
                                       (outcome, PALETTE[1], _("outcome window: churn label"))):
        ax.axvspan(pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1), color=colour, alpha=0.25,
                   label=name)
    ax.axvline(pd.Timestamp(outcome[0]), color=PALETTE[3], linestyle="--", label=tr("cut-off {date}", date=outcome[0]))
    date_axis(ax)
    ax.legend(loc="upper left")
    return finish(ax, title, _("Month"), _("Orders (count)"))


def roc_chart(y_true: Any, scores: Mapping[str, Any], *, title: str, ax: Any = None) -> Any:
    """ROC curves of several scores on the same customers, AUC in the legend.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = roc_chart([0, 1, 0, 1], {"model": [0.1, 0.8, 0.3, 0.6]}, title="The model ranks well")
    >>> plt.close("all")
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    if not isinstance(scores, Mapping) or not scores:
        raise TypeError(tr("scores must be a dict of name -> scores (one per customer)."))
    ax = axes_or_new(ax, (6.0, 5.0))
    for colour, (name, score) in zip(PALETTE, scores.items()):
        fpr, tpr, _thresholds = roc_curve(np.asarray(y_true), np.asarray(score, dtype=float))
        auc = roc_auc_score(np.asarray(y_true), np.asarray(score, dtype=float))
        ax.plot(fpr, tpr, color=colour, label=f"{data_name(name)} (AUC {auc:.2f})")
    ax.plot([0, 1], [0, 1], color="0.5", linestyle="--", label=_("guessing (AUC 0.50)"))
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return finish(ax, title, _("Stayers wrongly flagged (false-positive rate, %)"),
                  _("Churners caught (true-positive rate, %)"))


def lift_chart(gains: Any, *, title: str, cumulative: bool = True, ax: Any = None) -> Any:
    """Lift by score group (decile), one line per model; 1 = no better than random.

    ``gains`` is a table from :func:`crm_lessons.models.gains_table` or a dict
    of name -> table.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.models import gains_table
    >>> g = gains_table([1, 0, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], bins=3)
    >>> ax = lift_chart(g, title="Top third has twice the rate")
    >>> plt.close("all")
    """
    tables = _tables(gains)
    ax = axes_or_new(ax)
    column = "cum_lift" if cumulative else "lift"
    for colour, (name, table) in zip(PALETTE, tables.items()):
        ax.plot(table.index, table[column], marker="o", color=colour, label=data_name(name))
    ax.axhline(1, color="0.5", linestyle="--", label=_("random targeting"))
    first = next(iter(tables.values()))
    ax.set_xticks(list(first.index))
    ax.legend(loc="upper right")
    kind = _("Cumulative lift") if cumulative else _("Lift")
    return finish(ax, title, _("Score group (1 = highest scores; deciles when 10 groups)"),
                  tr("{kind} (× the average rate)", kind=kind))


def gains_chart(gains: Any, *, title: str, ax: Any = None) -> Any:
    """Cumulative gains: share of all events found when contacting the top x % by score.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.models import gains_table
    >>> g = gains_table([1, 0, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], bins=3)
    >>> ax = gains_chart(g, title="Top third finds all events")
    >>> plt.close("all")
    """
    tables = _tables(gains)
    ax = axes_or_new(ax, (6.0, 5.0))
    for colour, (name, table) in zip(PALETTE, tables.items()):
        ax.plot(np.r_[0, table["cum_customer_share"]], np.r_[0, table["cum_event_share"]], marker="o",
                color=colour, label=data_name(name))
    ax.plot([0, 1], [0, 1], color="0.5", linestyle="--", label=_("random targeting"))
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return finish(ax, title, _("Customers contacted, highest scores first (%)"), _("Events found (% of all)"))


def driver_chart(drivers: pd.DataFrame, *, title: str, column: str = "importance", top: int = 10,
                 xlabel: str | None = None, ax: Any = None) -> Any:
    """Horizontal bars of the strongest drivers (permutation importance or coefficients).

    Bars for coefficients are coloured by sign (orange raises risk, blue lowers it).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> d = pd.DataFrame({"importance": [0.1, 0.02]}, index=["recency", "region"])
    >>> ax = driver_chart(d, title="Recency matters most")
    >>> plt.close("all")
    """
    if not isinstance(drivers, pd.DataFrame) or column not in drivers.columns:
        raise ValueError(tr("drivers must be a DataFrame with a {column!r} column (from "
                            "crm.models.permutation_drivers or logistic_drivers).", column=column))
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(tr("top must be a whole number of at least 1, got {top!r}.", top=top))
    values = drivers[column].astype(float)
    shown = values.reindex(values.abs().sort_values(ascending=False, kind="stable").index[:int(top)])[::-1]
    ax = axes_or_new(ax, (7.5, 0.45 * len(shown) + 1.5))
    colours = [PALETTE[1] if v > 0 else PALETTE[0] for v in shown] if column == "coefficient" else PALETTE[0]
    ax.barh([data_label(i) for i in shown.index], shown.to_numpy(), color=colours)
    if "sd" in drivers.columns and column == "importance":
        ax.errorbar(shown.to_numpy(), np.arange(len(shown)), xerr=drivers["sd"].reindex(shown.index).to_numpy(),
                    fmt="none", ecolor="0.3", capsize=3)
    ax.axvline(0, color="0.5", linewidth=0.8)
    label = xlabel or (_("Drop in ROC AUC when shuffled (AUC points)") if column == "importance"
                       else _("Change in log-odds per standard deviation"))
    return finish(ax, title, label, _("Feature"))


def targeting_profit_chart(plan: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Cumulative expected profit as more customers are contacted, best first; the plan's stop marked.

    ``plan`` is the table of :func:`crm_lessons.models.targeting_plan`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.models import targeting_plan
    >>> p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    >>> ax = targeting_profit_chart(targeting_plan(p, 100.0, budget=20, contact_cost=1, offer_value=5),
    ...                             title="Two contacts pay")
    >>> plt.close("all")
    """
    if not isinstance(plan, pd.DataFrame) or not {"expected_profit", "contact"} <= set(plan.columns):
        raise ValueError(tr("plan must be the table from crm.models.targeting_plan."))
    ax = axes_or_new(ax)
    cumulative = np.r_[0.0, plan["expected_profit"].cumsum().to_numpy()]
    ax.plot(np.arange(len(cumulative)), cumulative, color=PALETTE[0], label=_("all customers, best first"))
    chosen = int(plan["contact"].sum())
    ax.axvline(chosen, color=PALETTE[3], linestyle="--", label=tr("plan: contact {count:,}", count=chosen))
    ax.axhline(0, color="0.5", linewidth=0.8)
    money_axis(ax)
    ax.legend(loc="best")       # clear of the curve and of the plan's line, wherever the plan stops
    return finish(ax, title, _("Customers contacted, highest expected profit first (count)"),
                  _("Cumulative expected profit (¥)"))
