"""Steps 4-5 of the single customer view: department summaries, the joined table, one customer."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_columns, require_dates, require_frame, require_numeric
from ..i18n import tr
from .matching import match_customers, match_summary

__all__ = ["sales_summary", "service_summary", "marketing_summary", "customer_view", "department_coverage",
           "profile", "customer_history", "SingleCustomerView", "build_customer_view"]


# --- 4. per-department summaries and the joined view ---------------------------------------------

def _with_customer(frame: Any, arg: str, customer: str, columns: dict[str, str]) -> pd.DataFrame:
    data = require_frame(frame, arg, allow_empty=True)
    require_columns(data, {"customer": customer, **columns}, arg)
    return data[data[customer].notna()]


def sales_summary(orders: pd.DataFrame, *, customer: str = "customer_id", order: str = "order_id",
                  date: str = "order_date", amount: str = "amount", margin: str | None = "margin") -> pd.DataFrame:
    """What sales knows per customer: orders, revenue, margin, first and last order date.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``orders`` (distinct order ids, int), ``revenue``, ``margin``
        (when given), ``first_order`` and ``last_order``.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": [1, 2], "amount": [10.0, 5.0],
    ...                   "order_date": ["2024-01-01", "2024-02-01"], "margin": [3.0, 1.0]})
    >>> sales_summary(o)[["orders", "revenue"]].to_dict("records")
    [{'orders': 2, 'revenue': 15.0}]
    """
    cols = {"order": order, "date": date, "amount": amount} | ({"margin": margin} if margin else {})
    data = _with_customer(orders, "orders", customer, cols)
    values = pd.DataFrame({"customer": data[customer], "order": data[order],
                           "date": require_dates(data, date, "orders"),
                           "revenue": require_numeric(data, amount, "orders")})
    if margin:
        values["margin"] = require_numeric(data, margin, "orders")
    groups = values.groupby("customer", sort=True)
    out = pd.DataFrame({"orders": groups["order"].nunique().astype(int), "revenue": groups["revenue"].sum()})
    if margin:
        out["margin"] = groups["margin"].sum()
    out["first_order"] = groups["date"].min()
    out["last_order"] = groups["date"].max()
    out.index.name = customer
    return out


def service_summary(tickets: pd.DataFrame, *, customer: str = "customer_id", date: str = "opened_date",
                    resolved: str = "resolved", csat: str | None = "csat") -> pd.DataFrame:
    """What service knows per customer: tickets, unresolved tickets, last ticket, mean satisfaction.

    ``tickets`` must carry the matched customer id (e.g. ``tickets.join(matches)``);
    tickets without one (prospects, unmatched) are not counted here: their number is
    in :func:`match_summary`.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``tickets`` (int), ``unresolved`` (int), ``last_ticket`` and,
        when ``csat`` is given, ``mean_csat`` (missing when never rated).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["C1", "C1", None], "opened_date": ["2024-01-01"] * 3,
    ...                   "resolved": [True, False, True], "csat": [4, None, 5]})
    >>> service_summary(t)[["tickets", "unresolved", "mean_csat"]].to_dict("records")
    [{'tickets': 2, 'unresolved': 1, 'mean_csat': 4.0}]
    """
    data = _with_customer(tickets, "tickets", customer,
                          {"date": date, "resolved": resolved} | ({"csat": csat} if csat else {}))
    flags = data[resolved]
    if not pd.api.types.is_bool_dtype(flags) or flags.isna().any():
        raise TypeError(tr("Column {resolved!r} of tickets must hold True/False for every ticket, got {dtype}.",
                           resolved=resolved, dtype=flags.dtype))
    values = pd.DataFrame({"customer": data[customer], "date": require_dates(data, date, "tickets"),
                           "unresolved": (~flags.astype(bool)).astype(int)})
    if csat:
        values["csat"] = require_numeric(data, csat, "tickets", allow_missing=True)
    groups = values.groupby("customer", sort=True)
    out = pd.DataFrame({"tickets": groups.size().astype(int), "unresolved": groups["unresolved"].sum().astype(int),
                        "last_ticket": groups["date"].max()})
    if csat:
        out["mean_csat"] = groups["csat"].mean()
    out.index.name = customer
    return out


def marketing_summary(contacts: pd.DataFrame, *, customer: str = "customer_id", date: str = "created_date",
                      opt_in: str = "opt_in", interest: str | None = "interest") -> pd.DataFrame:
    """What marketing knows per customer: list entries, first entry, and the latest opt-in and interest.

    ``contacts`` must carry the matched customer id (e.g. ``contacts.join(matches)``).
    When a person was entered more than once, the most recent entry gives ``opt_in``
    and ``interest`` and ``records`` says how many entries there were.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``records`` (int), ``first_entry``, ``opt_in`` (bool) and ``interest``.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["C1", "C1"], "created_date": ["2023-01-01", "2024-01-01"],
    ...                   "opt_in": [True, False], "interest": ["Books", "Outdoor"]})
    >>> marketing_summary(c)[["records", "opt_in", "interest"]].to_dict("records")
    [{'records': 2, 'opt_in': False, 'interest': 'Outdoor'}]
    """
    data = _with_customer(contacts, "contacts", customer,
                          {"date": date, "opt_in": opt_in} | ({"interest": interest} if interest else {}))
    flags = data[opt_in]
    if not pd.api.types.is_bool_dtype(flags) or flags.isna().any():
        raise TypeError(tr("Column {opt_in!r} of contacts must hold True/False for every entry, got {dtype}.",
                           opt_in=opt_in, dtype=flags.dtype))
    values = pd.DataFrame({"customer": data[customer], "date": require_dates(data, date, "contacts"),
                           "opt_in": flags.astype(bool)})
    if interest:
        values["interest"] = data[interest]
    latest = values.sort_values(["customer", "date"], kind="stable").groupby("customer", sort=True).last()
    groups = values.groupby("customer", sort=True)
    out = pd.DataFrame({"records": groups.size().astype(int), "first_entry": groups["date"].min(),
                        "opt_in": latest["opt_in"].astype(bool)})
    if interest:
        out["interest"] = latest["interest"]
    out.index.name = customer
    return out


def customer_view(customers: pd.DataFrame, sections: Mapping[str, pd.DataFrame], *,
                  customer: str = "customer_id") -> pd.DataFrame:
    """One row per customer: the master data joined with every department's summary.

    Parameters
    ----------
    customers : pandas.DataFrame
        The customer master list (one row per customer).
    sections : mapping
        Department name -> per-customer summary indexed by customer id, e.g.
        ``{"sales": sales_summary(...), "service": service_summary(...)}``.
    customer : str
        Customer id column of ``customers``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id, in the order of ``customers``. Each section's columns are
        prefixed with its name (``sales_revenue``, ``service_tickets``, ...) and a boolean
        ``in_<section>`` says whether that department knows the customer. Count columns
        (integer dtype) are 0 for customers a department does not know; other columns are
        missing there.

    Raises
    ------
    ValueError
        If a section holds customer ids that are not in ``customers`` (they would
        silently vanish in the join).

    Examples
    --------
    >>> master = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Ann", "Bo"]})
    >>> service = pd.DataFrame({"tickets": [3]}, index=pd.Index(["C2"], name="customer_id"))
    >>> customer_view(master, {"service": service})[["service_tickets", "in_service"]].to_dict("list")
    {'service_tickets': [0, 3], 'in_service': [False, True]}
    """
    master = require_frame(customers, "customers")
    require_columns(master, {"customer": customer}, "customers")
    ids = master[customer]
    if ids.isna().any() or ids.duplicated().any():
        raise ValueError(tr("Column {customer!r} of customers must hold one unique id per row.", customer=customer))
    if not isinstance(sections, Mapping) or not sections:
        raise TypeError(tr("sections must be a non-empty dict such as {'sales': sales_summary(orders)}."))
    view = master.set_index(customer)
    for section, table in sections.items():
        if not isinstance(section, str) or not section.isidentifier():
            raise ValueError(tr("Section names must be simple words such as 'sales', got {section!r}.",
                                section=section))
        summary = require_frame(table, f"sections[{section!r}]", allow_empty=True)
        unknown = summary.index.difference(view.index)
        if len(unknown):
            raise ValueError(tr("sections[{section!r}] has {count} customer id(s) that are not in customers (e.g. "
                                "{examples}); add them to the master list or drop them explicitly first.",
                                section=section, count=len(unknown), examples=list(map(str, unknown[:3]))))
        if summary.index.duplicated().any():
            raise ValueError(tr("sections[{section!r}] must have one row per customer id (its index).",
                                section=section))
        prefixed = summary.add_prefix(f"{section}_").reindex(view.index)
        for col in summary.columns:
            if pd.api.types.is_integer_dtype(summary[col]) and not pd.api.types.is_bool_dtype(summary[col]):
                prefixed[f"{section}_{col}"] = prefixed[f"{section}_{col}"].fillna(0).astype(int)
        clash = set(prefixed.columns) & set(view.columns)
        if clash:
            raise ValueError(tr("Column name(s) {clash} appear twice; rename the section {section!r}.",
                                clash=sorted(clash), section=section))
        view = view.join(prefixed)
        view[f"in_{section}"] = view.index.isin(summary.index)
    return view


def department_coverage(view: pd.DataFrame, departments: Sequence[str] = ("sales", "service", "marketing"), *,
                        value: str = "sales_revenue") -> pd.DataFrame:
    """What each department alone would miss: customers it does not know and the value they hold.

    Parameters
    ----------
    view : pandas.DataFrame
        The result of :func:`customer_view` (needs ``in_<department>`` columns).
    departments : sequence of str
        Departments to compare.
    value : str
        Column measuring each customer's value (e.g. revenue, ¥).

    Returns
    -------
    pandas.DataFrame
        Indexed by department: ``customers_known``, ``customers_missed``, ``share_missed``
        (of all customers) and ``value_missed`` (share of total ``value`` held by the missed customers).

    Examples
    --------
    >>> v = pd.DataFrame({"in_service": [True, False, False], "sales_revenue": [10.0, 30.0, 60.0]})
    >>> department_coverage(v, ["service"]).loc["service"].to_dict()["value_missed"]
    0.9
    """
    frame = require_frame(view, "view")
    if isinstance(departments, str) or not isinstance(departments, Sequence) or not departments:
        raise TypeError(tr("departments must be a list of department names such as ['sales', 'service']."))
    require_columns(frame, {f"departments[{d!r}]": f"in_{d}" for d in departments}, "view")
    require_columns(frame, {"value": value}, "view")
    worth = require_numeric(frame, value, "view", allow_missing=True).fillna(0.0)
    rows = {}
    for dept in departments:
        known = frame[f"in_{dept}"].astype(bool)
        rows[dept] = {"customers_known": int(known.sum()), "customers_missed": int((~known).sum()),
                      "share_missed": float((~known).mean()),
                      "value_missed": float(worth[~known].sum() / worth.sum()) if worth.sum() > 0 else np.nan}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "department"
    return out


# --- 5. one customer -----------------------------------------------------------------------------

def profile(view: pd.DataFrame, customer_id: Any) -> pd.DataFrame:
    """The 360-degree profile of one customer: every field of the view, grouped by department.

    Parameters
    ----------
    view : pandas.DataFrame
        The result of :func:`customer_view`.
    customer_id : str
        A customer id (an index label of ``view``).

    Returns
    -------
    pandas.DataFrame
        Columns ``section`` (``"master"`` or a department), ``field`` and ``value``.

    Examples
    --------
    >>> master = pd.DataFrame({"customer_id": ["C1"], "name": ["Ann"]})
    >>> service = pd.DataFrame({"tickets": [3]}, index=pd.Index(["C1"], name="customer_id"))
    >>> profile(customer_view(master, {"service": service}), "C1")["section"].tolist()
    ['master', 'service', 'service']
    """
    frame = require_frame(view, "view")
    if customer_id is Ellipsis or customer_id not in frame.index:
        examples = ", ".join(map(str, frame.index[:3]))
        raise ValueError(tr("customer_id {customer_id!r} is not in the view; ids look like {examples}.",
                            customer_id=customer_id, examples=examples))
    sections = [c[3:] for c in frame.columns if c.startswith("in_")]
    row = frame.loc[customer_id]
    records = []
    for col in frame.columns:
        owner = next((s for s in sections if col.startswith(f"{s}_") or col == f"in_{s}"), "master")
        field = "known to this department" if col == f"in_{owner}" else col.removeprefix(f"{owner}_")
        value = row[col]
        if isinstance(value, pd.Timestamp):
            value = value.strftime("%Y-%m-%d")
        records.append((owner, field, value))
    out = pd.DataFrame(records, columns=["section", "field", "value"])
    order = {s: i for i, s in enumerate(["master", *sections])}
    return out.sort_values("section", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def customer_history(customer_id: Any, *, orders: pd.DataFrame, tickets: pd.DataFrame,
                     contacts: pd.DataFrame, customer: str = "customer_id", order_date: str = "order_date",
                     amount: str = "amount", ticket_date: str = "opened_date", ticket_label: str = "issue",
                     resolved: str = "resolved", contact_date: str = "created_date",
                     contact_label: str = "source") -> pd.DataFrame:
    """Every dated event of one customer across sales, service and marketing, oldest first.

    ``tickets`` and ``contacts`` must carry the matched customer id (``records.join(matches)``).

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``department``, ``event`` and ``amount`` (CNY for orders, missing otherwise).

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["C1"], "order_date": ["2024-02-01"], "amount": [20.0]})
    >>> t = pd.DataFrame({"customer_id": ["C1"], "opened_date": ["2024-02-05"], "issue": ["delivery"],
    ...                   "resolved": [False]})
    >>> c = pd.DataFrame({"customer_id": ["C1"], "created_date": ["2024-01-01"], "source": ["event"]})
    >>> customer_history("C1", orders=o, tickets=t, contacts=c)["event"].tolist()
    ['list entry (event)', 'order', 'ticket: delivery (unresolved)']
    """
    specs = [
        ("orders", orders, "sales", {"date": order_date, "amount": amount}),
        ("tickets", tickets, "service", {"date": ticket_date, "label": ticket_label, "resolved": resolved}),
        ("contacts", contacts, "marketing", {"date": contact_date, "label": contact_label}),
    ]
    parts = []
    for arg, frame, dept, cols in specs:
        data = require_frame(frame, arg, allow_empty=True)
        require_columns(data, {"customer": customer, **cols}, arg)
        mine = data[(data[customer] == customer_id).fillna(False).to_numpy(dtype=bool)]
        if mine.empty:
            continue
        money = pd.Series(np.nan, index=mine.index)
        if dept == "sales":
            event = pd.Series("order", index=mine.index)
            money = require_numeric(mine, amount, arg)
        elif dept == "service":
            state = pd.Series(np.where(mine[resolved].astype(bool), "resolved", "unresolved"), index=mine.index)
            event = "ticket: " + mine[ticket_label].astype(str) + " (" + state + ")"
        else:
            event = "list entry (" + mine[contact_label].astype(str) + ")"
        parts.append(pd.DataFrame({"date": require_dates(mine, cols["date"], arg).to_numpy(), "department": dept,
                                   "event": event.to_numpy(dtype=object), "amount": money.to_numpy(dtype=float)}))
    if not parts:
        raise ValueError(tr("customer_id {customer_id!r} has no orders, tickets or list entries.",
                            customer_id=customer_id))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "department"], kind="stable").reset_index(drop=True)


@dataclass
class SingleCustomerView:
    """The joined customer view with the matched department records behind it.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per customer (:func:`customer_view`).
    orders, tickets, contacts : pandas.DataFrame
        The department records; ``tickets`` and ``contacts`` joined with their matches.
    """

    table: pd.DataFrame
    orders: pd.DataFrame
    tickets: pd.DataFrame
    contacts: pd.DataFrame

    def match_report(self) -> pd.DataFrame:
        """Records per match reason for service and marketing, side by side."""
        return pd.DataFrame({"service": match_summary(self.tickets)["records"],
                             "marketing": match_summary(self.contacts)["records"]})

    def profile(self, customer_id: Any) -> pd.DataFrame:
        """The 360-degree profile of one customer (see :func:`profile`)."""
        return profile(self.table, customer_id)

    def history(self, customer_id: Any) -> pd.DataFrame:
        """Every dated event of one customer (see :func:`customer_history`)."""
        return customer_history(customer_id, orders=self.orders, tickets=self.tickets, contacts=self.contacts)


def build_customer_view(customers: pd.DataFrame, orders: pd.DataFrame, tickets: pd.DataFrame,
                        contacts: pd.DataFrame) -> SingleCustomerView:
    """Run every step on the bundled files (``customers``, ``orders``, ``service_tickets``, ``marketing_contacts``).

    Tickets match on ``customer_email``/``phone`` with the name check on
    ``customer_name``; marketing contacts on ``email``/``phone`` with ``full_name``.
    For other files, call the steps one by one.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> view = build_customer_view(*(crm.datasets.load(n) for n in
    ...        ["customers", "orders", "service_tickets", "marketing_contacts"]))
    >>> len(view.table) == len(crm.datasets.load("customers"))
    True
    """
    ticket_matches = match_customers(tickets, customers, email="customer_email", name="customer_name")
    contact_matches = match_customers(contacts, customers, email="email", name="full_name")
    tickets_ = tickets.join(ticket_matches)
    contacts_ = contacts.join(contact_matches)
    table = customer_view(customers, {"sales": sales_summary(orders), "service": service_summary(tickets_),
                                      "marketing": marketing_summary(contacts_)})
    return SingleCustomerView(table, orders, tickets_, contacts_)
