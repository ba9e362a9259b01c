"""Satisfied, yet gone: satisfied customers who stopped buying, and what sets them apart."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._validation import is_number, is_whole_number, require_columns, require_dates, require_frame
from ..i18n import tr
from ._common import (
    CONSTRUCTS,
    DRIVERS,
    numeric_items,
    resolve_constructs,
    stage_column,
)
from .scales import construct_scores

__all__ = ["defection_table", "defection_profile"]


def defection_table(survey: pd.DataFrame, orders: pd.DataFrame, *, months: int = 6,
                    satisfied_at: float = 5.0, constructs: Mapping[str, Sequence[str]] | None = None,
                    customer: str = "customer_id", date: str = "order_date",
                    survey_date: str = "survey_date", stage: str | None = "lifecycle_stage") -> pd.DataFrame:
    """Which survey respondents were satisfied, and which of them stopped buying.

    A respondent is *satisfied* when their satisfaction score (mean of the
    satisfaction items) is at least ``satisfied_at``, and has *defected* when the
    order log shows no order from them in the ``months`` months starting on their
    survey date. No order in a window is a proxy: a rare buyer can look defected
    while still a customer, so choose ``months`` longer than the usual gap between
    orders.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent: customer id, survey date, the items of the four
        drivers (see ``constructs``), optionally a stage column.
    orders : DataFrame
        The order log: customer id and order date.
    months : int
        Length of the window after the survey date, in months.
    satisfied_at : float
        Satisfaction score from which a respondent counts as satisfied (5 =
        "somewhat agree" on a 1-7 scale).
    constructs : dict, optional
        Construct -> items for the four :data:`DRIVERS` (default from :data:`CONSTRUCTS`).
    customer, date : str
        Customer-id column (in both tables) and order-date column of ``orders``.
    survey_date : str
        Survey-date column of ``survey``.
    stage : str or None
        Stage column of ``survey`` to carry along (``None`` for none).

    Returns
    -------
    DataFrame
        One row per respondent, same index as ``survey``: customer id, stage, the four
        driver scores, ``orders_after`` (orders in the window), ``satisfied``,
        ``defected`` and ``group`` ("satisfied, stayed", "satisfied, defected",
        "not satisfied, stayed", "not satisfied, defected").

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": ["a", "b"], "survey_date": ["2024-01-15"] * 2,
    ...                        "sat1": [6, 6], "sat2": [7, 6]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...                        "order_date": ["2024-03-01", "2023-05-01", "2024-12-31"]})
    >>> defection_table(survey, orders, constructs={"satisfaction": ["sat1", "sat2"]},
    ...                 stage=None)["group"].tolist()
    ['satisfied, stayed', 'satisfied, defected']
    """
    survey = require_frame(survey, "survey")
    orders = require_frame(orders, "orders")
    if not is_whole_number(months):
        raise TypeError(tr("months must be a whole number of months, got {kind}.", kind=type(months).__name__))
    if months < 1:
        raise ValueError(tr("months must be at least 1, got {months}.", months=months))
    if not is_number(satisfied_at):
        raise TypeError(tr("satisfied_at must be a number on the satisfaction scale, got {kind}.",
                           kind=type(satisfied_at).__name__))
    require_columns(survey, {"customer": customer, "survey_date": survey_date}, "survey")
    require_columns(orders, {"customer": customer, "date": date}, "orders")
    if constructs is None:
        mapping = {d: CONSTRUCTS[d] for d in DRIVERS if all(i in survey.columns for i in CONSTRUCTS[d])}
    else:
        mapping = resolve_constructs(constructs, survey, "survey")
    if "satisfaction" not in mapping:
        raise ValueError(tr("survey needs the satisfaction items (sat1, sat2, sat3), or pass "
                            "constructs={'satisfaction': [...], ...} naming them."))
    keep = [customer] + ([stage] if stage is not None else [])
    if stage is not None:
        stage_column(survey, stage, "survey")
    table = construct_scores(survey, mapping, keep=keep)
    asked = require_dates(survey, survey_date, "survey")
    when = require_dates(orders, date, "orders")
    window_end = asked + pd.DateOffset(months=months)
    last = when.max()
    if window_end.max() > last + pd.Timedelta(days=1):
        raise ValueError(
            tr("The order log ends on {last:%Y-%m-%d}, but a {months}-month window after the latest survey date runs "
               "to {window_end:%Y-%m-%d}; a customer could not be seen buying after the log ends. Use a shorter window "
               "(months=...).", last=last, months=months, window_end=window_end.max())
        )
    ids = survey[customer]
    if not ids.isin(orders[customer]).any():
        raise ValueError(tr("None of the survey's {customer!r} values appear in orders[{customer!r}]: are the two "
                            "tables keyed the same way?", customer=customer))
    log = pd.DataFrame({"row": np.arange(len(survey)), customer: ids.to_numpy(),
                        "start": asked.to_numpy(), "end": window_end.to_numpy()})
    hits = log.merge(pd.DataFrame({customer: orders[customer].to_numpy(), "when": when.to_numpy()}), on=customer)
    inside = hits[(hits["when"] >= hits["start"]) & (hits["when"] < hits["end"])]
    counts = inside.groupby("row").size().reindex(np.arange(len(survey)), fill_value=0)
    table["orders_after"] = counts.to_numpy()
    table["satisfied"] = table["satisfaction"] >= satisfied_at
    table["defected"] = table["orders_after"] == 0
    table["group"] = [f"{'satisfied' if s else 'not satisfied'}, {'defected' if d else 'stayed'}"
                      for s, d in zip(table["satisfied"], table["defected"])]
    return table


def defection_profile(table: pd.DataFrame, columns: Sequence[str] | None = None, *,
                      by: str = "group") -> pd.DataFrame:
    """Mean driver scores per defection group, with the group sizes.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`defection_table` (or any frame with ``by`` and ``columns``).
    columns : sequence of str, optional
        Columns to average; default the :data:`DRIVERS` present in ``table``.
    by : str
        Grouping column.

    Returns
    -------
    DataFrame
        Index: the groups (satisfied groups first); columns ``n`` and the mean of each
        column.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["x", "x", "y"], "trust": [4.0, 6.0, 3.0]})
    >>> defection_profile(t, ["trust"])["trust"].to_dict()
    {'x': 5.0, 'y': 3.0}
    """
    table = require_frame(table, "table")
    require_columns(table, {"by": by}, "table")
    if columns is None:
        columns = [d for d in DRIVERS if d in table.columns]
        if not columns:
            raise ValueError(tr("table holds none of the driver columns; pass columns=[...]."))
    if isinstance(columns, str) or not isinstance(columns, Sequence) or not columns:
        raise TypeError(tr("columns must be a non-empty list of column names."))
    for c in columns:
        require_columns(table, {"columns": c}, "table")
    values = numeric_items(table, list(columns), "table")
    grouped = values.groupby(table[by].astype(str).rename(by))
    profile = grouped.mean()
    profile.insert(0, "n", grouped.size())
    order = ["satisfied, stayed", "satisfied, defected", "not satisfied, stayed", "not satisfied, defected"]
    index = [g for g in order if g in profile.index] + sorted(set(profile.index) - set(order))
    return profile.loc[index]
