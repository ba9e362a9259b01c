"""Widget of chapter 2: pick a customer, see the 360-degree profile joined from every department."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..customer_view import SingleCustomerView
from ._view import Chart, Page, explorer

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
        raise TypeError(f"view must come from crm.customer_view.build_customer_view(...), got {type(view).__name__}.")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, got {n!r}.")
    table = view.table
    everywhere = table[table["in_sales"] & table["in_service"] & table["in_marketing"]]
    ranked = everywhere.sort_values(["sales_revenue"], ascending=False, kind="stable")
    return [str(c) for c in ranked.index[:n]]


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

    from ..plots.concepts import customer_360_timeline

    ids = showcase_customers(view) if customer_ids is None else [str(c) for c in customer_ids]
    unknown = [c for c in ids if c not in view.table.index]
    if not ids or unknown:
        raise ValueError(f"customer_ids must be customer ids of the view; unknown: {unknown[:3]}.")
    pick = w.Dropdown(options=ids, value=ids[0], description="Customer")
    page = Page()
    chart = Chart(10.0, 3.4, left=1.1, right=0.25, top=0.45, bottom=1.1)

    def show(*_: Any) -> None:
        name = view.table.at[pick.value, "name"] if "name" in view.table.columns else pick.value
        chart.clear()                          # each customer has other events: the lanes are drawn afresh
        customer_360_timeline(view.history(pick.value), title=f"{name} ({pick.value}) seen by all departments",
                              ax=chart.ax)
        page.show(chart, view.profile(pick.value).set_index(["section", "field"]))

    pick.observe(show, names="value")
    show()
    return explorer([pick, page.widget], page)
