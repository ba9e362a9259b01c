"""Measuring a direct-marketing campaign: response, cost, revenue, margin and ROI.

Direct marketing is measurable: every contact has a cost and every response can be
counted, so a campaign can be judged channel by channel and customer by customer.
:func:`campaign_summary` gives the usual measures for any grouping;
:func:`select_targets` and :func:`target_campaign` replay a campaign as if only the
best-ranked customers had been contacted; :func:`targeting_curve` shows the whole
trade-off between how many are contacted and what comes back.

The measures (one row per group):

- ``response_rate`` = responses / contacts
- ``cost_per_response`` = cost / responses (missing when there is no response)
- ``profit`` = margin - cost (the gross margin of the responses minus the contact cost)
- ``roi`` = profit / cost, as a fraction (0.5 means 50 %); missing when nothing was spent.

ROI is computed on margin, not revenue: revenue counts money that pays for the goods.

Examples
--------
>>> import pandas as pd
>>> camp = pd.DataFrame({"channel": ["mail", "mail", "email", "email"],
...                      "contact_cost": [1.0, 1.0, 0.1, 0.1], "responded": [1, 0, 0, 1],
...                      "revenue": [50.0, 0.0, 0.0, 20.0], "margin": [10.0, 0.0, 0.0, 4.0]})
>>> summary = campaign_summary(camp, by="channel")
>>> summary["roi"].round(2).to_dict()
{'email': 19.0, 'mail': 4.0}
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_number, is_whole_number, require_columns, require_flag, require_frame, require_numeric
from .i18n import tr

__all__ = ["MEASURES", "campaign_summary", "select_targets", "target_campaign", "targeting_curve"]

#: The columns :func:`campaign_summary` returns, in order.
MEASURES = ["contacts", "responses", "response_rate", "cost", "cost_per_response", "revenue", "margin",
            "profit", "roi"]


def _prepared(campaign: Any, cost: str, responded: str, revenue: str, margin: str,
              extra: dict[str, str] | None = None) -> pd.DataFrame:
    """Validated numeric copy of the measure columns (plus ``extra`` columns untouched)."""
    frame = require_frame(campaign, "campaign")
    columns = {"cost": cost, "responded": responded, "revenue": revenue, "margin": margin}
    require_columns(frame, {**columns, **(extra or {})}, "campaign")
    flags = frame[responded]
    if pd.api.types.is_bool_dtype(flags) and not flags.isna().any():
        flags = flags.astype(int)
    else:
        flags = require_numeric(frame, responded, "campaign")
        bad = ~flags.isin([0.0, 1.0])
        if bad.any():
            raise ValueError(tr("Column {responded!r} of campaign must hold 0/1 (or True/False) flags; found {count} "
                                "other value(s) such as {example:g}.",
                                responded=responded, count=int(bad.sum()), example=flags[bad].iloc[0]))
    out = pd.DataFrame({
        "responses": flags.astype(int),
        "cost": require_numeric(frame, cost, "campaign", non_negative=True),
        "revenue": require_numeric(frame, revenue, "campaign", non_negative=True),
        "margin": require_numeric(frame, margin, "campaign"),
    }, index=frame.index)
    for col in (extra or {}).values():
        out[col] = frame[col]
    return out


def _measures(sums: pd.DataFrame) -> pd.DataFrame:
    """Add the ratio measures to a frame of sums (contacts, responses, cost, revenue, margin)."""
    out = sums.copy()
    out["response_rate"] = out["responses"] / out["contacts"]
    out["cost_per_response"] = (out["cost"] / out["responses"]).where(out["responses"] > 0)
    out["profit"] = out["margin"] - out["cost"]
    out["roi"] = (out["profit"] / out["cost"]).where(out["cost"] > 0)
    return out[MEASURES]


def campaign_summary(campaign: pd.DataFrame, by: str | Sequence[str] | None = None, *,
                     cost: str = "contact_cost", responded: str = "responded", revenue: str = "revenue",
                     margin: str = "margin", total: bool = False) -> pd.DataFrame:
    """Response rate, cost per response, revenue, margin, profit and ROI, overall or by group.

    Parameters
    ----------
    campaign : pandas.DataFrame
        One row per contacted customer.
    by : str, list of str or None
        Column(s) to group by, e.g. ``"channel"`` or ``["channel", "customer_group"]``;
        ``None`` gives one row labelled ``"all"``.
    cost, responded, revenue, margin : str
        Columns with the contact cost (¥), the 0/1 response flag, and the revenue and
        gross margin (¥) the response brought.
    total : bool
        Add a last row ``"all"`` with the whole campaign (only with ``by``).

    Returns
    -------
    pandas.DataFrame
        One row per group with the columns in :data:`MEASURES`.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> summary = campaign_summary(crm.datasets.load("campaign"), by="channel")
    >>> sorted(summary.index)
    ['direct_mail', 'email', 'sms', 'telemarketing']
    """
    require_flag(total, "total")
    if by is None:
        keys: list[str] = []
    elif isinstance(by, str):
        keys = [by]
    elif isinstance(by, Sequence) and all(isinstance(k, str) for k in by) and len(by) > 0:
        keys = list(by)
    else:
        raise TypeError(tr("by must be a column name, a list of column names or None, got {by!r}.", by=by))
    by_args = {"by": keys[0]} if len(keys) == 1 else {f"by[{i}]": k for i, k in enumerate(keys)}
    data = _prepared(campaign, cost, responded, revenue, margin, by_args)
    for key in keys:
        if data[key].isna().any():
            raise ValueError(tr("Column {key!r} of campaign has {count} missing value(s); fill them (e.g. with "
                                "'unknown') so that no contact is left out.",
                                key=key, count=int(data[key].isna().sum())))
    sums_cols = ["responses", "cost", "revenue", "margin"]
    overall = data[sums_cols].sum().to_frame().T
    overall.insert(0, "contacts", len(data))
    if not keys:
        overall.index = pd.Index(["all"], name="group")
        sums = overall
    else:
        grouped = data.groupby(keys if len(keys) > 1 else keys[0], sort=True, observed=True)
        sums = grouped[sums_cols].sum()
        sums.insert(0, "contacts", grouped.size())
        if total:
            label = "all" if len(keys) == 1 else tuple(["all"] * len(keys))
            overall.index = pd.Index([label]) if len(keys) == 1 else pd.MultiIndex.from_tuples([label])
            overall.index.names = sums.index.names
            sums = pd.concat([sums, overall])
    sums["contacts"] = sums["contacts"].astype(int)
    sums["responses"] = sums["responses"].astype(int)
    return _measures(sums)


def _ranked_order(score_values: pd.Series, ascending: bool) -> np.ndarray:
    values = score_values.to_numpy(dtype=float)
    return np.argsort(values if ascending else -values, kind="stable")


def select_targets(campaign: pd.DataFrame, *, score: str = "prior_orders", ascending: bool = False,
                   cutoff: float | None = None, top: float | None = None, budget: float | None = None,
                   cost: str = "contact_cost") -> pd.Series:
    """Which customers a targeted campaign would contact, best-ranked first.

    Customers are ranked by ``score`` (highest first, or lowest first with
    ``ascending=True``; ties keep their row order). Then, in this order, the rules that
    are given are applied: ``cutoff`` keeps only scores at or beyond the cut-off,
    ``top`` keeps only the best-ranked share of the whole list, and ``budget`` walks
    down what is left and stops before the total contact cost would exceed the budget.
    With no rule, everyone is contacted.

    Parameters
    ----------
    campaign : pandas.DataFrame
        One row per customer who could be contacted.
    score : str
        Numeric column to rank by, e.g. ``"prior_orders"`` or ``"days_since_last_order"``.
    ascending : bool
        ``False`` (default) contacts the highest scores first; ``True`` the lowest
        (use it for recency in days).
    cutoff : float, optional
        Contact only scores ``>= cutoff`` (``<= cutoff`` when ``ascending``).
    top : float, optional
        Contact at most this share (0 < top <= 1) of the ranked list, rounded to a whole customer.
    budget : float, optional
        Money available for contact costs (¥, >= 0).
    cost : str
        Column with each contact's cost (¥).

    Returns
    -------
    pandas.Series
        Boolean, aligned with ``campaign``'s index, named ``"contact"``.

    Examples
    --------
    >>> import pandas as pd
    >>> camp = pd.DataFrame({"prior_orders": [1, 5, 3], "contact_cost": [1.0, 1.0, 1.0]})
    >>> select_targets(camp, budget=2).tolist()
    [False, True, True]
    """
    frame = require_frame(campaign, "campaign")
    require_columns(frame, {"score": score, "cost": cost}, "campaign")
    require_flag(ascending, "ascending")
    values = require_numeric(frame, score, "campaign")
    costs = require_numeric(frame, cost, "campaign", non_negative=True)
    for name, value in {"cutoff": cutoff, "top": top, "budget": budget}.items():
        if value is not None and not is_number(value):
            raise TypeError(tr("{name} must be a number or None, got {type_name}.",
                               name=name, type_name=type(value).__name__))
        if value is not None and math.isnan(float(value)):
            raise ValueError(tr("{name} must be a number, got NaN.", name=name))
    if top is not None and not 0 < top <= 1:
        raise ValueError(tr("top must be a share of the list in (0, 1], got {top:g}.", top=top))
    if budget is not None and budget < 0:
        raise ValueError(tr("budget must be zero or more (¥), got {budget:g}.", budget=budget))
    order = _ranked_order(values, bool(ascending))
    keep = np.ones(len(frame), dtype=bool)          # in ranked order
    ranked_values = values.to_numpy()[order]
    if cutoff is not None:
        keep &= ranked_values <= cutoff if ascending else ranked_values >= cutoff
    if top is not None:
        keep[int(round(top * len(frame))):] = False
    if budget is not None:
        spend = np.cumsum(np.where(keep, costs.to_numpy()[order], 0.0))
        keep &= spend <= budget + 1e-9
    contact = np.zeros(len(frame), dtype=bool)
    contact[order] = keep
    return pd.Series(contact, index=frame.index, name="contact")


def target_campaign(campaign: pd.DataFrame, *, score: str = "prior_orders", ascending: bool = False,
                    cutoff: float | None = None, top: float | None = None, budget: float | None = None,
                    cost: str = "contact_cost", responded: str = "responded", revenue: str = "revenue",
                    margin: str = "margin") -> pd.Series:
    """What a targeted campaign would have returned: the measures for the selected customers only.

    The campaign file records what every contacted customer did, so contacting fewer
    of them can be replayed: a customer left out costs nothing and brings nothing.
    Selection rules are those of :func:`select_targets`.

    Returns
    -------
    pandas.Series
        The :data:`MEASURES` for the selected customers, plus ``share_contacted`` (of all
        rows) and ``share_of_responses`` (of all responses in the file; missing when the
        file has none).

    Examples
    --------
    >>> import pandas as pd
    >>> camp = pd.DataFrame({"prior_orders": [1, 5, 3], "contact_cost": [1.0, 1.0, 1.0],
    ...                      "responded": [0, 1, 0], "revenue": [0.0, 40.0, 0.0], "margin": [0.0, 10.0, 0.0]})
    >>> float(target_campaign(camp, top=1/3)["roi"])
    9.0
    """
    chosen = select_targets(campaign, score=score, ascending=ascending, cutoff=cutoff, top=top,
                            budget=budget, cost=cost)
    data = _prepared(campaign, cost, responded, revenue, margin)
    picked = data[chosen.to_numpy()]
    sums = picked[["responses", "cost", "revenue", "margin"]].sum().to_frame().T
    sums.insert(0, "contacts", len(picked))
    result = _measures(sums).iloc[0].copy()
    result.name = "targeted"
    all_responses = data["responses"].sum()
    result["share_contacted"] = len(picked) / len(data)
    result["share_of_responses"] = result["responses"] / all_responses if all_responses > 0 else np.nan
    return result


def targeting_curve(campaign: pd.DataFrame, *, score: str = "prior_orders", ascending: bool = False,
                    points: int = 20, cost: str = "contact_cost", responded: str = "responded",
                    revenue: str = "revenue", margin: str = "margin") -> pd.DataFrame:
    """Cumulative results when contacting the best-ranked customers first, at ``points`` depths.

    Parameters
    ----------
    campaign : pandas.DataFrame
        One row per customer who could be contacted.
    score, ascending : see :func:`select_targets`.
    points : int
        Number of depths, evenly spaced from ``1/points`` of the list to the whole list.

    Returns
    -------
    pandas.DataFrame
        One row per depth: ``share_contacted``, ``contacts``, ``responses``,
        ``share_of_responses``, ``cost``, ``margin``, ``profit`` and ``roi``.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> curve = targeting_curve(crm.datasets.load("campaign"), points=4)
    >>> curve["share_contacted"].tolist()
    [0.25, 0.5, 0.75, 1.0]
    """
    if not is_whole_number(points):
        raise TypeError(tr("points must be a whole number, got {type_name}.", type_name=type(points).__name__))
    if points < 1:
        raise ValueError(tr("points must be at least 1, got {points}.", points=points))
    data = _prepared(campaign, cost, responded, revenue, margin, {"score": score})
    require_flag(ascending, "ascending")
    values = require_numeric(data, score, "campaign")
    ranked = data.iloc[_ranked_order(values, bool(ascending))]
    cum = ranked[["responses", "cost", "revenue", "margin"]].cumsum().reset_index(drop=True)
    n = len(ranked)
    depth = np.unique(np.clip(np.round(np.arange(1, points + 1) / points * n).astype(int), 1, n))
    rows = cum.iloc[depth - 1].reset_index(drop=True)
    rows.insert(0, "contacts", depth)
    out = _measures(rows)
    total_responses = data["responses"].sum()
    out.insert(0, "share_contacted", depth / n)
    out.insert(3, "share_of_responses", out["responses"] / total_responses if total_responses else np.nan)
    return out[["share_contacted", "contacts", "responses", "share_of_responses", "cost", "margin", "profit",
                "roi"]]
