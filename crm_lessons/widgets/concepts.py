"""Widget of chapter 2: pick a customer, see the 360-degree profile joined from every department."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..customer_view import SingleCustomerView
from ..i18n import _, data_name, tr
from ._view import Chart, Page, explorer, to_html

__all__ = ["customer_360_explorer", "showcase_customers"]


def showcase_customers(view: SingleCustomerView, n: int = 12) -> list[str]:
    """Customers worth looking at: known to all three departments, highest revenue first.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> from crm_lessons.customer_view import build_customer_view
    >>> v = build_customer_view(*(crm.datasets.load(d) for d in
    ...     ["customers", "orders", "service_tickets", "marketing_contacts"]))
    >>> len(showcase_customers(v, 5))
    5
    """
    if not isinstance(view, SingleCustomerView):
        raise TypeError(tr("view must come from crm.customer_view.build_customer_view(...), got {type_name}.",
                           type_name=type(view).__name__))
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(tr("n must be a whole number of at least 1, got {n!r}.", n=n))
    table = view.table
    everywhere = table[table["in_sales"] & table["in_service"] & table["in_marketing"]]
    ranked = everywhere.sort_values(["sales_revenue"], ascending=False, kind="stable")
    return [str(c) for c in ranked.index[:n]]


class _Timeline:
    """The explorer's timeline, as :func:`crm_lessons.plots.customer_360_timeline` draws it, on one time axis for
    every customer it offers: the lanes, axes and legend are drawn once, each pick moves only the markers."""

    def __init__(self, histories: dict[str, pd.DataFrame]) -> None:
        from ..plots.concepts import DEPARTMENTS
        from ..plots.theme import PALETTE, date_axis, finish

        self.chart = Chart(10.0, 2.9, left=1.1, right=0.25, top=0.4, bottom=1.05)
        ax = self.chart.ax
        self.lanes = {d: i for i, d in enumerate(DEPARTMENTS)}
        empty = np.empty((0, 2))
        self.orders = ax.scatter(empty[:, 0], empty[:, 1], color=PALETTE[0], alpha=0.8,
                                 label=_("order (size = amount)"))
        self.resolved = ax.scatter(empty[:, 0], empty[:, 1], marker="X", s=110, color=PALETTE[2],
                                   label=_("ticket, resolved"))
        self.open = ax.scatter(empty[:, 0], empty[:, 1], marker="X", s=110, color=PALETTE[3],
                               label=_("ticket, unresolved"))
        self.marketing = ax.scatter(empty[:, 0], empty[:, 1], marker="D", s=60, color=PALETTE[4],
                                    label=_("marketing list entry"))
        dates = pd.concat([h["date"] for h in histories.values()])
        pad = (dates.max() - dates.min()) * 0.03 + pd.Timedelta(days=1)
        ax.xaxis_date()
        ax.set_xlim(dates.min() - pad, dates.max() + pad)
        date_axis(ax)
        ax.set_yticks(range(len(DEPARTMENTS)), [_(d) for d in DEPARTMENTS])
        ax.set_ylim(-0.6, len(DEPARTMENTS) - 0.4)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
        finish(ax, _("Timeline"), _("Date"), _("Department"))
        self.chart.moving(self.orders, self.resolved, self.open, self.marketing, ax.title)

    def _place(self, markers: Any, events: pd.DataFrame, department: str) -> None:
        from matplotlib.dates import date2num

        x = date2num(events["date"].to_numpy()) if len(events) else np.empty(0)
        markers.set_offsets(np.column_stack([x, np.full(len(x), self.lanes[department])]))

    def update(self, history: pd.DataFrame, title: str) -> Chart:
        sales = history[history["department"] == "sales"]
        self._place(self.orders, sales, "sales")
        if len(sales):
            self.orders.set_sizes((20 + 180 * sales["amount"].fillna(0) / max(float(sales["amount"].max()), 1.0))
                                  .to_numpy())
        service = history[history["department"] == "service"]
        unresolved = service["event"].str.contains("(unresolved)", regex=False).to_numpy(bool)
        self._place(self.resolved, service[~unresolved], "service")
        self._place(self.open, service[unresolved], "service")
        self._place(self.marketing, history[history["department"] == "marketing"], "marketing")
        self.chart.ax.set_title(title)
        return self.chart


def _profile_html(profile: pd.DataFrame) -> str:
    """The profile, kept one slide high: "known to this department" only where it is not, and the
    region, province and city of the master record on one line."""
    table = profile[~((profile["field"] == "known to this department") & (profile["value"] == True))]  # noqa: E712
    place = ["region", "province", "city"]
    master = table[(table["section"] == "master") & table["field"].isin(place)]
    if len(master) == len(place):
        where = " / ".join(str(data_name(v)) for v in master.set_index("field").loc[place, "value"])
        first = master.index[0]
        table = table.drop(index=master.index[1:])
        table.loc[first, ["field", "value"]] = [" / ".join(place), where]
    return to_html(table.set_index(["section", "field"]))


def customer_360_explorer(view: SingleCustomerView, customer_ids: Sequence[str] | None = None) -> Any:
    """A customer picker that shows the profile table and the timeline of one customer.

    Parameters
    ----------
    view : SingleCustomerView
        From :func:`crm_lessons.customer_view.build_customer_view`.
    customer_ids : sequence of str, optional
        Customers offered in the picker; by default :func:`showcase_customers`.

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> customer_360_explorer(view)  # doctest: +SKIP
    """
    import ipywidgets as w

    ids = showcase_customers(view) if customer_ids is None else [str(c) for c in customer_ids]
    unknown = [c for c in ids if c not in view.table.index]
    if not ids or unknown:
        raise ValueError(tr("customer_ids must be customer ids of the view; unknown: {unknown}.", unknown=unknown[:3]))
    pick = w.Dropdown(options=ids, value=ids[0], description=_("Customer"))
    page = Page()
    histories = {c: view.history(c) for c in ids}
    profiles = {c: _profile_html(view.profile(c)) for c in ids}
    timeline = _Timeline(histories)

    def show(*_change: Any) -> None:
        name = view.table.at[pick.value, "name"] if "name" in view.table.columns else pick.value
        title = tr("{name} ({customer}) seen by all departments", name=name, customer=pick.value)
        chart = timeline.update(histories[pick.value], title)
        page.widget.value = chart.html() + profiles[pick.value]

    pick.observe(show, names="value")
    show()
    return explorer([pick, page.widget], page)
