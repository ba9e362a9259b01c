"""Charts for chapter 02 (concepts): matching department records, coverage, one customer's history.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units and returns the axes. Without a ``title`` it writes one that states
the finding, computed from the data it was given.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, _, data_name, tr
from .theme import ANNOTATION_SIZE, PALETTE, axes_or_new, date_axis, finish, percent_axis

__all__ = ["match_outcome_chart", "department_coverage_chart", "customer_360_timeline"]

_REASON_COLOURS = {"email": PALETTE[0], "phone": PALETTE[5], "phone_name_mismatch": PALETTE[4],
                   "phone_shared": PALETTE[6], "no_match": PALETTE[1], "no_key": PALETTE[7]}
DEPARTMENTS = [N_("sales"), N_("service"), N_("marketing")]


def _frame(obj: Any, arg: str) -> pd.DataFrame:
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(tr("{arg} must be a DataFrame, got {type_name}.", arg=arg, type_name=type(obj).__name__))
    if obj.empty:
        raise ValueError(tr("{arg} is empty: there is nothing to draw.", arg=arg))
    return obj


def _count(n: int, one: str, many: str) -> str:
    return tr(one if n == 1 else many, n=n)


def match_outcome_chart(report: pd.DataFrame, *, title: str | None = None, ax: Any = None) -> Any:
    """Stacked bars: the share of each department's records under each match reason.

    Parameters
    ----------
    report : pandas.DataFrame
        Reasons as rows, departments as columns, record counts as values, e.g.
        :meth:`crm_lessons.customer_view.SingleCustomerView.match_report`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> rep = pd.DataFrame({"service": [90, 10], "marketing": [60, 40]}, index=["email", "no_match"])
    >>> ax = match_outcome_chart(rep); plt.close("all")
    """
    table = _frame(report, "report")
    unknown = sorted(set(map(str, table.index)) - set(_REASON_COLOURS))
    if unknown:
        raise ValueError(tr("report has unknown reason(s) {unknown}; rows must be match reasons such as 'email'.",
                            unknown=unknown))
    shares = table.div(table.sum(axis=0), axis=1)
    ax = axes_or_new(ax, (9.0, 3.6))
    left = np.zeros(shares.shape[1])
    for reason, row in shares.iterrows():
        if (row > 0).any():
            ax.barh([str(data_name(d)) for d in shares.columns], row.to_numpy(), left=left,
                    color=_REASON_COLOURS[reason],
                    label=str(data_name(reason)).replace("_", " "))
            for y, (x0, w) in enumerate(zip(left, row.to_numpy())):
                if w >= 0.04:
                    ax.text(x0 + w / 2, y, f"{w:.0%}", ha="center", va="center", fontsize=ANNOTATION_SIZE,
                            color="white" if reason in ("email", "no_key") else "black")
        left += row.to_numpy()
    percent_axis(ax, "x")
    ax.set_xlim(0, 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=6)
    matched = shares.loc[[r for r in ("email", "phone") if r in shares.index]].sum()
    parts = _(" and ").join(tr("{share:.0%} of {department} records", share=matched[d], department=_(d))
                            for d in shares.columns)
    default = tr("{parts} found their customer", parts=parts)
    return finish(ax, title or default[0].upper() + default[1:], _("Share of the department's records (%)"),
                  _("Department"))


def department_coverage_chart(coverage: pd.DataFrame, *, title: str | None = None, ax: Any = None) -> Any:
    """Paired bars per department: the share of customers it does not know and the share of value they hold.

    Parameters
    ----------
    coverage : pandas.DataFrame
        :func:`crm_lessons.customer_view.department_coverage`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> cov = pd.DataFrame({"share_missed": [0.7, 0.3], "value_missed": [0.4, 0.3]}, index=["service", "marketing"])
    >>> ax = department_coverage_chart(cov); plt.close("all")
    """
    table = _frame(coverage, "coverage")
    missing = [c for c in ("share_missed", "value_missed") if c not in table.columns]
    if missing:
        raise ValueError(tr("coverage has no column(s) {missing}; pass crm.customer_view.department_coverage(...).",
                            missing=missing))
    ax = axes_or_new(ax)
    y = np.arange(len(table))
    ax.barh(y - 0.2, table["share_missed"], height=0.4, color=PALETTE[0], label=_("customers it does not know"))
    ax.barh(y + 0.2, table["value_missed"], height=0.4, color=PALETTE[1], label=_("their share of revenue"))
    for k, (a, b) in enumerate(zip(table["share_missed"], table["value_missed"])):
        ax.text(a + 0.01, k - 0.2, f"{a:.0%}", va="center", fontsize=ANNOTATION_SIZE)
        ax.text(b + 0.01, k + 0.2, f"{b:.0%}", va="center", fontsize=ANNOTATION_SIZE)
    ax.set_yticks(y, [str(data_name(i)) for i in table.index])
    ax.invert_yaxis()
    percent_axis(ax, "x")
    ax.set_xlim(0, max(1.0, float(table[["share_missed", "value_missed"]].max().max()) + 0.1))
    ax.legend(loc="lower right")
    worst = table["value_missed"].idxmax()
    default = tr("Alone, {department} would miss {customers:.0%} of customers and {revenue:.0%} of revenue",
                 department=_(str(worst)), customers=table.at[worst, "share_missed"],
                 revenue=table.at[worst, "value_missed"])
    return finish(ax, title or default, _("Share of all customers or of all revenue (%)"), _("Department"))


def customer_360_timeline(history: pd.DataFrame, *, title: str | None = None, ax: Any = None) -> Any:
    """One customer's events on one time axis, one lane per department.

    Orders are dots sized by amount, tickets are crosses (vermillion when unresolved),
    marketing list entries are diamonds.

    Parameters
    ----------
    history : pandas.DataFrame
        :func:`crm_lessons.customer_view.customer_history` (columns date, department, event, amount).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> h = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-02-01"]), "department": ["sales", "service"],
    ...                   "event": ["order", "ticket: delivery (unresolved)"], "amount": [40.0, np.nan]})
    >>> ax = customer_360_timeline(h); plt.close("all")
    """
    table = _frame(history, "history")
    missing = [c for c in ("date", "department", "event", "amount") if c not in table.columns]
    if missing:
        raise ValueError(tr("history has no column(s) {missing}; pass crm.customer_view.customer_history(...).",
                            missing=missing))
    ax = axes_or_new(ax, (10.0, 3.4))
    lanes = {d: i for i, d in enumerate(DEPARTMENTS)}
    sales = table[table["department"] == "sales"]
    if len(sales):
        size = 20 + 180 * sales["amount"].fillna(0) / max(float(sales["amount"].max()), 1.0)
        ax.scatter(sales["date"], np.full(len(sales), lanes["sales"]), s=size, color=PALETTE[0], alpha=0.8,
                   label=_("order (size = amount)"))
    service = table[table["department"] == "service"]
    if len(service):
        open_ = service["event"].str.contains("(unresolved)", regex=False).to_numpy()
        kinds = ((~open_, PALETTE[2], _("ticket, resolved")), (open_, PALETTE[3], _("ticket, unresolved")))
        for mask, colour, label in kinds:
            if mask.any():
                ax.scatter(service["date"][mask], np.full(int(mask.sum()), lanes["service"]), marker="X", s=110,
                           color=colour, label=label)
    marketing = table[table["department"] == "marketing"]
    if len(marketing):
        ax.scatter(marketing["date"], np.full(len(marketing), lanes["marketing"]), marker="D", s=60,
                   color=PALETTE[4], label=_("marketing list entry"))
    ax.set_yticks(range(len(DEPARTMENTS)), [_(d) for d in DEPARTMENTS])
    ax.set_ylim(-0.6, len(DEPARTMENTS) - 0.4)
    date_axis(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
    orders = _count(len(sales), N_("{n} order"), N_("{n} orders"))
    tickets = _count(len(service), N_("{n} ticket"), N_("{n} tickets"))
    entries = _count(len(marketing), N_("{n} list entry"), N_("{n} list entries"))
    default = tr("{orders} (¥{amount:,.0f}), {tickets} and {entries} in one view",
                 orders=orders, amount=sales["amount"].sum(), tickets=tickets, entries=entries)
    return finish(ax, title or default, _("Date"), _("Department"))
