"""Churn defined on an order log: the label from an outcome window, the features from an earlier observation window."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    require_binary,
    require_column_names,
    require_columns,
    require_day_dates,
    require_frame,
    require_window,
    require_windows,
)
from ..i18n import tr

__all__ = ["churn_labels", "churn_features"]


def churn_labels(tx: pd.DataFrame, observation: Sequence[Any], outcome: Sequence[Any], *,
                 customer: str = "customer_id", order: str | None = "order_id",
                 date: str = "order_date") -> pd.DataFrame:
    """Label each customer active in the observation window as churned (1) or retained (0).

    A customer is in the population when they ordered at least once in the
    observation window. They *churned* when they place no order in the later
    outcome window. Features must come only from the observation window (or
    earlier); the label only from the outcome window. The two windows may not
    overlap, otherwise the model would be fed the answer (leakage).

    Parameters
    ----------
    tx : DataFrame
        Order log (one row per order or per order line).
    observation, outcome : pair of dates
        ``(first day, last day)`` of each window, both days included. The
        outcome window must start after the observation window ends; its first
        day is the *cut-off* date. It should lie within the data: a window that
        runs past the last order date makes everybody look churned.
    customer, date : str
        Columns with the customer id and the order date.
    order : str or None
        Column with the order id (orders are counted as distinct ids); ``None``
        counts rows.

    Returns
    -------
    DataFrame
        Indexed by customer: ``orders_observation``, ``orders_outcome`` and
        ``churned`` (1 = no order in the outcome window). ``attrs`` records the
        windows and ``attrs["excluded"]``, the number of customers in ``tx``
        left out because they did not order in the observation window.

    Raises
    ------
    ValueError
        If the windows overlap, a window is reversed, the outcome window ends
        after the last date in ``tx``, or a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3],
    ...                    "order_date": ["2024-03-01", "2024-07-20", "2024-04-01"]})
    >>> churn_labels(tx, ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-07-20"))
    ... # doctest: +NORMALIZE_WHITESPACE
                 orders_observation  orders_outcome  churned
    customer_id
    A                             1               1        0
    B                             1               0        1
    """
    tx = require_frame(tx, "tx")
    require_column_names(customer=customer, date=date)
    cols = {"customer": customer, "date": date}
    if order is not None:
        require_column_names(order=order)
        cols["order"] = order
    require_columns(tx, cols, "tx")
    obs_start, obs_end, out_start, out_end = require_windows(observation, outcome)
    days = require_day_dates(tx, date, "tx")
    if out_end > days.max():
        raise ValueError(
            tr("The outcome window ends on {out_end_date}, after the last order in tx ({last_order_date}): customers "
               "would look churned only because the data stops. End the outcome window on or before the last date "
               "in the data.", out_end_date=out_end.date(), last_order_date=days.max().date()))
    ids = tx[order] if order is not None else pd.Series(np.arange(len(tx)), index=tx.index)
    frame = pd.DataFrame({"customer": tx[customer].to_numpy(), "order": ids.to_numpy(), "day": days.to_numpy()})
    if frame["customer"].isna().any():
        raise ValueError(tr("Column {customer!r} of tx has {count} missing customer id(s).",
                            customer=customer, count=int(frame['customer'].isna().sum())))
    in_obs = frame[(frame["day"] >= obs_start) & (frame["day"] <= obs_end)]
    in_out = frame[(frame["day"] >= out_start) & (frame["day"] <= out_end)]
    if in_obs.empty:
        raise ValueError(tr("No order in tx falls in the observation window {obs_start_date} to {obs_end_date}: "
                            "nobody to label.", obs_start_date=obs_start.date(), obs_end_date=obs_end.date()))
    n_obs = in_obs.groupby("customer")["order"].nunique()
    n_out = in_out.groupby("customer")["order"].nunique().reindex(n_obs.index, fill_value=0)
    out = pd.DataFrame({"orders_observation": n_obs.astype(int), "orders_outcome": n_out.astype(int)})
    out["churned"] = (out["orders_outcome"] == 0).astype(int)
    out.index.name = customer
    out.attrs.update({"observation": (obs_start, obs_end), "outcome": (out_start, out_end),
                      "excluded": int(frame["customer"].nunique() - len(out))})
    return out


def churn_features(tx: pd.DataFrame, observation: Sequence[Any], *, customers: pd.DataFrame | None = None,
                   tickets: pd.DataFrame | None = None, campaign: pd.DataFrame | None = None,
                   attributes: Sequence[str] = (), customer: str = "customer_id", order: str = "order_id",
                   date: str = "order_date", amount: str = "amount",
                   acquisition_date: str = "acquisition_date", email: str = "email",
                   ticket_email: str = "customer_email", ticket_date: str = "opened_date",
                   resolved: str = "resolved", campaign_date: str = "campaign_date",
                   responded: str = "responded") -> pd.DataFrame:
    """Behavioural features per customer, built only from the observation window.

    One row per customer with at least one order in the window:

    - ``recency`` (days from the last order to the window's last day),
      ``frequency`` (orders) and ``monetary`` (money spent) in the window, from
      :func:`crm_lessons.rfm.rfm_table`;
    - ``tenure`` (days since acquisition, or since the first order in ``tx``
      when ``customers`` is not given);
    - with ``tickets``: ``tickets`` and ``unresolved_tickets`` opened in the
      window, matched to customers on the normalised e-mail (trimmed, lower
      case) of ``customers``;
    - with ``campaign``: ``contacted`` and ``responded`` (0/1) for campaigns
      dated inside the window;
    - the ``attributes`` columns copied from ``customers`` (e.g. region).

    Nothing dated after the window is used. Rows that cannot be used are
    counted, not dropped silently: ``attrs["tickets_unmatched"]`` (tickets in
    the window whose e-mail matches no customer: other addresses, typos,
    prospects) and ``attrs["campaign_rows_outside"]``.

    Parameters
    ----------
    tx : DataFrame
        Order log with ``customer``, ``date``, ``amount`` and ``order`` columns.
    observation : pair of dates
        ``(first day, last day)`` of the observation window.
    customers : DataFrame, optional
        One row per customer with ``customer``, ``acquisition_date``, ``email``
        and the ``attributes`` columns. Needed for ``tickets`` and ``attributes``.
    tickets : DataFrame, optional
        Service tickets with ``ticket_email``, ``ticket_date`` and a boolean
        ``resolved`` column.
    campaign : DataFrame, optional
        Campaign contacts: ``customer``, ``campaign_date`` and 0/1 ``responded``.
    attributes : sequence of str
        Columns of ``customers`` to add as they are (categorical or numeric).
    customer, order, date, amount : str
        Columns of ``tx``.
    acquisition_date, email, ticket_email, ticket_date, resolved, campaign_date, responded : str
        Columns of ``customers``, ``tickets`` and ``campaign``.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), numeric feature columns first, then the
        attributes.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3], "amount": [10.0, 30.0, 5.0],
    ...                    "order_date": ["2024-01-10", "2024-06-20", "2024-03-01"]})
    >>> churn_features(tx, ("2024-01-01", "2024-06-30"))  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary  tenure
    customer_id
    A                 10          2      40.0     172
    B                121          1       5.0     121
    """
    from ..customer_view import normalise_email
    from ..rfm import rfm_table

    tx = require_frame(tx, "tx")
    require_column_names(customer=customer, date=date, amount=amount, order=order)
    require_columns(tx, {"customer": customer, "date": date, "amount": amount, "order": order}, "tx")
    obs_start, obs_end = require_window(observation, "observation")
    days = require_day_dates(tx, date, "tx")
    window = tx[(days >= obs_start) & (days <= obs_end)]
    if window.empty:
        raise ValueError(tr("No order in tx falls in the observation window {obs_start_date} to {obs_end_date}.",
                            obs_start_date=obs_start.date(), obs_end_date=obs_end.date()))
    feats = rfm_table(window, customer=customer, date=date, amount=amount, order=order, as_of=obs_end)
    attributes = list(attributes) if not isinstance(attributes, str) else [attributes]
    if (tickets is not None or attributes) and customers is None:
        raise ValueError(tr("customers is needed to match tickets (by e-mail) and to add attributes; pass customers=."))
    if customers is not None:
        customers = require_frame(customers, "customers")
        require_column_names(acquisition_date=acquisition_date, email=email)
        needed = {"customer": customer, "acquisition_date": acquisition_date}
        if tickets is not None:
            needed["email"] = email
        needed.update({f"attributes[{i}]": a for i, a in enumerate(attributes)})
        require_columns(customers, needed, "customers")
        if customers[customer].duplicated().any():
            raise ValueError(tr("customers has duplicate ids in column {customer!r}; it needs one row per customer.",
                                customer=customer))
        profile = customers.set_index(customer)
        missing = feats.index.difference(profile.index)
        if len(missing):
            raise ValueError(tr("{count} customer(s) in tx are not in customers, e.g. {missing}.",
                                count=len(missing), missing=list(missing[:3])))
        acquired = require_day_dates(customers, acquisition_date, "customers")
        acquired.index = profile.index
        start = acquired.reindex(feats.index)
    else:
        start = days[days <= obs_end].groupby(tx.loc[days <= obs_end, customer]).min().reindex(feats.index)
    feats["tenure"] = (obs_end - start).dt.days.astype(int)
    if (feats["tenure"] < 0).any():
        raise ValueError(tr("{count} customer(s) were acquired after the observation window ends but ordered in it; "
                            "check the acquisition_date column.", count=int((feats['tenure'] < 0).sum())))
    if tickets is not None:
        tickets = require_frame(tickets, "tickets", allow_empty=True)
        require_column_names(ticket_email=ticket_email, ticket_date=ticket_date, resolved=resolved)
        require_columns(tickets, {"ticket_email": ticket_email, "ticket_date": ticket_date, "resolved": resolved},
                        "tickets")
        if not pd.api.types.is_bool_dtype(tickets[resolved]) or tickets[resolved].isna().any():
            raise TypeError(tr("Column {resolved!r} of tickets must hold True/False (resolved or not) with no gaps.",
                               resolved=resolved))
        opened = require_day_dates(tickets, ticket_date, "tickets")
        recent = tickets[(opened >= obs_start) & (opened <= obs_end)]
        key = pd.Series(profile.index, index=normalise_email(profile[email]).to_numpy())
        key = key[key.index.notna() & ~key.index.duplicated(keep=False)]
        who = normalise_email(recent[ticket_email]).map(key)
        matched = recent[who.notna().to_numpy()]
        who = who.dropna()
        counts = pd.DataFrame({"customer": who.to_numpy(), "open": (~matched[resolved]).to_numpy(dtype=int)})
        feats["tickets"] = counts.groupby("customer").size().reindex(feats.index, fill_value=0).astype(int)
        feats["unresolved_tickets"] = counts.groupby("customer")["open"].sum().reindex(
            feats.index, fill_value=0).astype(int)
        feats.attrs["tickets_unmatched"] = int(len(recent) - len(matched))
    if campaign is not None:
        campaign = require_frame(campaign, "campaign")
        require_column_names(campaign_date=campaign_date, responded=responded)
        require_columns(campaign, {"customer": customer, "campaign_date": campaign_date, "responded": responded},
                        "campaign")
        flags, _ = require_binary(campaign[responded], f"column {responded!r} of campaign")
        when = require_day_dates(campaign, campaign_date, "campaign")
        inside = ((when >= obs_start) & (when <= obs_end)).to_numpy()
        frame = pd.DataFrame({"customer": campaign[customer].to_numpy()[inside], "responded": flags[inside]})
        feats["contacted"] = feats.index.isin(frame["customer"]).astype(int)
        feats["responded"] = frame.groupby("customer")["responded"].max().reindex(
            feats.index, fill_value=0).astype(int)
        feats.attrs["campaign_rows_outside"] = int((~inside).sum())
    for column in attributes:
        feats[column] = profile[column].reindex(feats.index).to_numpy()
    feats.attrs["observation"] = (obs_start, obs_end)
    feats.attrs.pop("as_of", None)
    return feats


