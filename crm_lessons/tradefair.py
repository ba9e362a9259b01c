"""Exhibitor analytics for a trade-fair organiser: renewal, value, risk, actions and a budget split.

A trade fair sells booth space to exhibitors edition after edition; its
"customers" are companies, and keeping them (renewal) matters as much as
winning new ones. The functions follow the capstone's steps:

- :func:`exhibitor_panel` validates the exhibitor-by-edition table and adds
  revenue, leads per square metre and editions attended so far;
- :func:`renewal_by_edition` and :func:`renewal_rates` measure retention;
- :func:`exhibitor_value` sums each current exhibitor's recent revenue (the
  input for :func:`crm_lessons.value.value_tiers`);
- :func:`renewal_frame` builds the features and the label for a non-renewal model;
- :func:`next_best_action` proposes one action per exhibitor;
- :func:`budget_split` and :func:`budget_summary` spend a retention budget
  across the value tiers and state the expected effect.

Examples
--------
>>> import pandas as pd
>>> ex = pd.DataFrame({"exhibitor_id": ["E1", "E1", "E2"], "edition": [2024, 2025, 2024],
...                    "first_edition": [2024, 2024, 2024], "booth_sqm": [20, 20, 10],
...                    "spend": [6000.0, 6200.0, 3000.0], "services_spend": [500.0, 600.0, 0.0],
...                    "leads": [40, 30, 5], "satisfaction": [8, 7, 4], "renewed": [True, None, False]})
>>> renewal_by_edition(ex)[["exhibitors", "renewed", "renewal_rate"]]  # doctest: +NORMALIZE_WHITESPACE
         exhibitors  renewed  renewal_rate
edition
2024              2        1           0.5
2025              1        0           NaN
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_number, is_whole_number, require_columns, require_frame, require_probability
from .i18n import tr
from .value import TIERS

__all__ = ["TREATMENTS", "RENEWAL_FEATURES", "exhibitor_panel", "renewal_by_edition", "renewal_rates",
           "exhibitor_value",
           "renewal_frame", "next_best_action", "budget_split", "budget_summary"]

_REQUIRED = ["exhibitor_id", "edition", "first_edition", "booth_sqm", "spend", "services_spend", "leads",
             "satisfaction", "renewed"]

#: Retention treatments per value tier (our assumptions for the capstone; change them):
#: the action, its cost per exhibitor (CNY) and the share of would-be leavers it keeps.
TREATMENTS = pd.DataFrame({
    "action": ["account review with the fair director, joint marketing plan",
               "named account manager call, priority booth choice",
               "personal rebooking offer with early-bird discount",
               "automated rebooking reminder"],
    "cost": [6000.0, 2000.0, 400.0, 30.0],
    "save_rate": [0.40, 0.30, 0.15, 0.05],
}, index=pd.Index(TIERS, name="tier"))


def _renewed(series: pd.Series) -> pd.Series:
    """The renewal flag as pandas' nullable boolean; text 'True'/'False' accepted, blanks are missing."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype("boolean")
    mapping = {True: True, False: False, "true": True, "false": False, "1": True, "0": False}

    def convert(value: Any) -> Any:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return pd.NA
        key = value.strip().lower() if isinstance(value, str) else value
        if isinstance(key, str) and key == "":
            return pd.NA
        try:
            return mapping[key]
        except (KeyError, TypeError):
            raise ValueError(tr("Column 'renewed' must hold True/False (or blank for the latest edition), found "
                                "{value!r}.", value=value)) from None

    return pd.Series([convert(v) for v in series], index=series.index, dtype="boolean")


def exhibitor_panel(ex: pd.DataFrame) -> pd.DataFrame:
    """Validate the exhibitor table and add the columns the analysis needs.

    Adds ``revenue`` (booth ``spend`` + ``services_spend``, CNY),
    ``leads_per_sqm`` (leads per square metre of booth), ``editions_attended``
    (editions so far, this one included) and ``new`` (first edition).
    ``renewed`` becomes a nullable boolean (missing for the latest edition,
    whose renewal is not known yet).

    Parameters
    ----------
    ex : DataFrame
        One row per exhibitor and edition with columns exhibitor_id, edition,
        first_edition, booth_sqm, spend, services_spend, leads, satisfaction
        (1-10) and renewed.

    Returns
    -------
    DataFrame
        A copy sorted by edition and exhibitor, with the added columns.

    Examples
    --------
    >>> import pandas as pd
    >>> ex = pd.DataFrame({"exhibitor_id": ["E1", "E1"], "edition": [2024, 2025], "first_edition": [2024, 2024],
    ...                    "booth_sqm": [20, 20], "spend": [6000.0, 6200.0], "services_spend": [500.0, 600.0],
    ...                    "leads": [40, 30], "satisfaction": [8, 7], "renewed": [True, None]})
    >>> exhibitor_panel(ex)[["revenue", "leads_per_sqm", "editions_attended", "new"]].to_dict("list")
    {'revenue': [6500.0, 6800.0], 'leads_per_sqm': [2.0, 1.5], 'editions_attended': [1, 2], 'new': [True, False]}
    """
    ex = require_frame(ex, "ex")
    require_columns(ex, {c: c for c in _REQUIRED}, "ex")
    out = ex.copy()
    for column in ["edition", "first_edition", "booth_sqm", "spend", "services_spend", "leads", "satisfaction"]:
        values = out[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values) or values.isna().any():
            raise TypeError(tr("Column {column!r} of ex must hold numbers with no gaps, got {dtype}.",
                               column=column, dtype=values.dtype))
    for column in ["booth_sqm", "spend", "services_spend", "leads"]:
        if (out[column] < 0).any():
            raise ValueError(tr("Column {column!r} of ex has {n} negative value(s).",
                                column=column, n=int((out[column] < 0).sum())))
    if (out["booth_sqm"] == 0).any():
        raise ValueError(tr("Column 'booth_sqm' of ex has booths of 0 m²: leads per square metre are undefined."))
    if not out["satisfaction"].between(1, 10).all():
        raise ValueError(tr("Column 'satisfaction' of ex must lie between 1 and 10."))
    if out.duplicated(["exhibitor_id", "edition"]).any():
        raise ValueError(tr("ex has repeated (exhibitor_id, edition) pairs; it needs one row per exhibitor and "
                            "edition."))
    if (out["first_edition"] > out["edition"]).any():
        raise ValueError(tr("ex has rows with first_edition after edition."))
    out["renewed"] = _renewed(out["renewed"])
    out = out.sort_values(["edition", "exhibitor_id"], kind="stable").reset_index(drop=True)
    out["revenue"] = out["spend"].astype(float) + out["services_spend"].astype(float)
    out["leads_per_sqm"] = out["leads"] / out["booth_sqm"]
    out["editions_attended"] = out.groupby("exhibitor_id").cumcount() + 1
    out["new"] = out["edition"] == out["first_edition"]
    return out


def renewal_by_edition(ex: pd.DataFrame) -> pd.DataFrame:
    """Exhibitors, newcomers, renewals and revenue per edition.

    ``renewal_rate`` is the share of an edition's exhibitors who booked the
    next edition (missing for the latest edition); ``retention_rate`` the
    share of the previous edition's exhibitors who are back.

    Parameters
    ----------
    ex : DataFrame
        The exhibitor table (see :func:`exhibitor_panel`).

    Returns
    -------
    DataFrame
        Indexed by edition: ``exhibitors``, ``new``, ``returning``,
        ``renewed``, ``renewal_rate``, ``retention_rate``, ``revenue`` (CNY).

    Examples
    --------
    >>> import pandas as pd
    >>> ex = pd.DataFrame({"exhibitor_id": ["E1", "E2", "E1", "E3"], "edition": [2024, 2024, 2025, 2025],
    ...                    "first_edition": [2024, 2024, 2024, 2025], "booth_sqm": [10] * 4,
    ...                    "spend": [100.0] * 4, "services_spend": [0.0] * 4, "leads": [1] * 4,
    ...                    "satisfaction": [7] * 4, "renewed": [True, False, None, None]})
    >>> renewal_by_edition(ex)[["new", "returning", "retention_rate"]].to_dict("list")
    {'new': [2, 1], 'returning': [0, 1], 'retention_rate': [nan, 0.5]}
    """
    panel = exhibitor_panel(ex)
    g = panel.groupby("edition")
    out = pd.DataFrame({
        "exhibitors": g.size(),
        "new": g["new"].sum().astype(int),
        "renewed": g["renewed"].sum().astype(int),
        "revenue": g["revenue"].sum(),
    })
    out.insert(2, "returning", out["exhibitors"] - out["new"])
    known = g["renewed"].count()
    out.insert(4, "renewal_rate", (out["renewed"] / known.where(known > 0)).astype(float))
    previous = out["exhibitors"].shift(1)
    out.insert(5, "retention_rate", (out["returning"] / previous).astype(float))
    return out


def renewal_rates(ex: pd.DataFrame, by: str | Sequence[str]) -> pd.DataFrame:
    """Renewal rate by group, over every edition whose renewal is known.

    Parameters
    ----------
    ex : DataFrame
        The exhibitor table.
    by : str or list of str
        Column(s) of the table (or of :func:`exhibitor_panel`'s added columns)
        to group by, e.g. ``"satisfaction"`` or ``["company_size", "booth_type"]``.

    Returns
    -------
    DataFrame
        Indexed by group: ``exhibitor_editions`` (rows), ``renewed`` and
        ``renewal_rate``.

    Examples
    --------
    >>> import pandas as pd
    >>> ex = pd.DataFrame({"exhibitor_id": ["E1", "E2", "E3"], "edition": [2024] * 3, "first_edition": [2024] * 3,
    ...                    "booth_sqm": [10] * 3, "spend": [100.0] * 3, "services_spend": [0.0] * 3,
    ...                    "leads": [1] * 3, "satisfaction": [9, 9, 3], "renewed": [True, False, False]})
    >>> renewal_rates(ex, "satisfaction")["renewal_rate"].to_dict()
    {3: 0.0, 9: 0.5}
    """
    panel = exhibitor_panel(ex)
    keys = [by] if isinstance(by, str) else list(by) if isinstance(by, Sequence) else None
    if not keys or not all(isinstance(k, str) for k in keys):
        raise TypeError(tr("by must be a column name or a list of column names."))
    require_columns(panel, {f"by[{i}]": k for i, k in enumerate(keys)}, "ex")
    known = panel[panel["renewed"].notna()]
    if known.empty:
        raise ValueError(tr("ex has no edition whose renewal is known yet."))
    g = known.groupby(keys if len(keys) > 1 else keys[0], observed=True)
    out = pd.DataFrame({"exhibitor_editions": g.size(), "renewed": g["renewed"].sum().astype(int)})
    out["renewal_rate"] = out["renewed"] / out["exhibitor_editions"]
    return out


def exhibitor_value(ex: pd.DataFrame, edition: int | None = None, window: int = 3) -> pd.DataFrame:
    """Recent value of each exhibitor at ``edition``: revenue over the last ``window`` editions.

    Parameters
    ----------
    ex : DataFrame
        The exhibitor table.
    edition : int, optional
        The edition whose exhibitors are valued (default: the latest).
    window : int
        Number of editions, up to and including ``edition``, whose revenue counts.

    Returns
    -------
    DataFrame
        One row per exhibitor of ``edition`` (indexed by exhibitor_id):
        ``value`` (revenue over the window, CNY), ``revenue_last`` (revenue at
        ``edition``), ``editions_attended``, ``satisfaction``,
        ``leads_per_sqm`` and the descriptive columns of ``ex`` that exist
        (company, industry, country, company_size, booth_type).

    Examples
    --------
    >>> import pandas as pd
    >>> ex = pd.DataFrame({"exhibitor_id": ["E1", "E1", "E2"], "edition": [2024, 2025, 2025],
    ...                    "first_edition": [2024, 2024, 2025], "booth_sqm": [10] * 3,
    ...                    "spend": [100.0, 120.0, 50.0], "services_spend": [0.0, 10.0, 0.0], "leads": [1] * 3,
    ...                    "satisfaction": [7] * 3, "renewed": [True, None, None]})
    >>> exhibitor_value(ex)["value"].to_dict()
    {'E1': 230.0, 'E2': 50.0}
    """
    panel = exhibitor_panel(ex)
    editions = sorted(panel["edition"].unique())
    if edition is None:
        edition = int(editions[-1])
    if not is_whole_number(edition) or edition not in editions:
        raise ValueError(tr("edition must be one of the editions in ex ({first}-{last}), got {edition!r}.",
                            first=editions[0], last=editions[-1], edition=edition))
    if not is_whole_number(window) or window < 1:
        raise ValueError(tr("window must be a whole number of editions, at least 1, got {window!r}.", window=window))
    current = panel[panel["edition"] == edition].set_index("exhibitor_id")
    recent = panel[(panel["edition"] <= edition) & (panel["edition"] > edition - window)]
    value = recent.groupby("exhibitor_id")["revenue"].sum().reindex(current.index)
    columns = [c for c in ("company", "industry", "country", "company_size", "booth_type") if c in current.columns]
    out = pd.DataFrame({"value": value, "revenue_last": current["revenue"],
                        "editions_attended": current["editions_attended"],
                        "satisfaction": current["satisfaction"], "leads_per_sqm": current["leads_per_sqm"]})
    out = out.join(current[columns])
    out.attrs.update({"edition": int(edition), "window": int(window)})
    return out.sort_index()


#: Feature columns of :func:`renewal_frame`.
RENEWAL_FEATURES = ["satisfaction", "leads_per_sqm", "editions_attended", "booth_sqm", "services_spend",
                    "company_size", "booth_type", "industry", "country"]


def renewal_frame(ex: pd.DataFrame, editions: Sequence[int]) -> pd.DataFrame:
    """Features and label for a non-renewal model, for the exhibitors of ``editions``.

    Everything in a row is known when the edition closes (satisfaction from the
    post-show survey, leads scanned, booth, services, editions so far). The
    label ``left`` is 1 when the exhibitor did *not* book the next edition, 0
    when they did, and missing for the latest edition (not known yet).

    Parameters
    ----------
    ex : DataFrame
        The exhibitor table.
    editions : sequence of int
        Editions to include, e.g. ``range(2019, 2024)``.

    Returns
    -------
    DataFrame
        Indexed by (exhibitor_id, edition): the :data:`RENEWAL_FEATURES` that
        exist in ``ex`` and the label ``left`` (nullable integer).

    Examples
    --------
    >>> import pandas as pd
    >>> ex = pd.DataFrame({"exhibitor_id": ["E1", "E2"], "edition": [2024, 2024], "first_edition": [2024, 2024],
    ...                    "booth_sqm": [10, 20], "spend": [100.0, 200.0], "services_spend": [0.0, 5.0],
    ...                    "leads": [30, 10], "satisfaction": [8, 4], "renewed": [True, False]})
    >>> renewal_frame(ex, [2024])[["satisfaction", "leads_per_sqm", "left"]]  # doctest: +NORMALIZE_WHITESPACE
                          satisfaction  leads_per_sqm  left
    exhibitor_id edition
    E1           2024                8            3.0     0
    E2           2024                4            0.5     1
    """
    panel = exhibitor_panel(ex)
    if isinstance(editions, (str, bytes)) or not hasattr(editions, "__iter__"):
        raise TypeError(tr("editions must be a list or range of edition years, e.g. range(2019, 2024)."))
    wanted = [int(e) for e in editions]
    missing = sorted(set(wanted) - set(panel["edition"]))
    if missing:
        raise ValueError(tr("edition(s) {missing} are not in ex.", missing=missing))
    rows = panel[panel["edition"].isin(wanted)]
    columns = [c for c in RENEWAL_FEATURES if c in rows.columns]
    out = rows.set_index(["exhibitor_id", "edition"])[columns].copy()
    out["left"] = (~rows["renewed"]).astype("Int64").to_numpy()
    return out


def next_best_action(table: pd.DataFrame, *, tier: str = "tier", low_satisfaction: int = 5,
                     low_leads: float | None = None) -> pd.Series:
    """One proposed action per exhibitor: fix what went wrong first, then follow the tier.

    Rules, first match wins:

    1. satisfaction at or below ``low_satisfaction`` → a service-recovery call
       (process quality: how the exhibitor was served);
    2. leads per m² below ``low_leads`` (default: the lower quartile) → a
       lead programme: visitor matchmaking and pre-show promotion (outcome
       quality: what the exhibitor got);
    3. first edition → first-timer onboarding and a debrief;
    4. otherwise the tier's action in :data:`TREATMENTS`.

    Parameters
    ----------
    table : DataFrame
        One row per exhibitor with ``satisfaction``, ``leads_per_sqm``,
        ``editions_attended`` and the ``tier`` column (e.g. from
        :func:`exhibitor_value` plus :func:`crm_lessons.value.value_tiers`).
    tier : str
        Column with the value tier.
    low_satisfaction : int
        Highest satisfaction score (1-10) that triggers a recovery call.
    low_leads : float, optional
        Leads per m² below which a lead programme is proposed.

    Returns
    -------
    Series
        The action per exhibitor, named ``action``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"satisfaction": [3, 8, 8, 8], "leads_per_sqm": [2.0, 0.1, 2.0, 2.0],
    ...                   "editions_attended": [3, 3, 1, 3], "tier": ["key", "key", "key", "small"]})
    >>> next_best_action(t, low_leads=1.0).str.split(":").str[0].tolist()
    ['service recovery', 'lead programme', 'onboarding', 'tier']
    """
    table = require_frame(table, "table")
    require_columns(table, {"satisfaction": "satisfaction", "leads_per_sqm": "leads_per_sqm",
                            "editions_attended": "editions_attended", "tier": tier}, "table")
    if low_leads is None:
        low_leads = float(table["leads_per_sqm"].quantile(0.25))
    tiers = table[tier].astype(str)
    unknown = sorted(set(tiers) - set(TREATMENTS.index))
    if unknown:
        raise ValueError(tr("Column {tier!r} of table has tiers {unknown}; expected {tiers}.",
                            tier=tier, unknown=unknown, tiers=list(TREATMENTS.index)))
    action = "tier: " + tiers.map(TREATMENTS["action"])
    action = action.mask(table["editions_attended"] == 1, "onboarding: first-timer welcome call and post-show debrief")
    action = action.mask(table["leads_per_sqm"] < low_leads,
                         "lead programme: visitor matchmaking and pre-show promotion")
    action = action.mask(table["satisfaction"] <= low_satisfaction,
                         "service recovery: call within a week, fix the complaint, offer a better slot")
    return action.rename("action")


def budget_split(table: pd.DataFrame, budget: float, *, treatments: pd.DataFrame | None = None,
                 tier: str = "tier", risk: str = "leave_prob", value: str = "revenue_last",
                 margin_rate: float = 0.5) -> pd.DataFrame:
    """Spend a retention budget on the exhibitors where it keeps the most margin per yuan.

    Each exhibitor gets its tier's treatment (cost, save rate). If treated,
    the expected number of renewals kept is (probability of leaving) × save rate, the expected
    revenue kept is that × ``value`` (next edition's revenue, taken as this
    edition's), and the expected profit is ``margin_rate`` × revenue kept −
    cost. Exhibitors are funded in order of expected profit per yuan, while
    that profit is positive and the budget lasts (a greedy knapsack).

    Parameters
    ----------
    table : DataFrame
        One row per exhibitor with the ``tier``, ``risk`` (probability of not
        renewing, 0-1; default column ``leave_prob``) and ``value`` columns.
    budget : float
        Money available, CNY ``>= 0``.
    treatments : DataFrame, optional
        Indexed by tier with columns ``cost`` (CNY) and ``save_rate`` (0-1);
        default :data:`TREATMENTS`.
    tier, risk, value : str
        Column names.
    margin_rate : float
        Share of revenue that is margin, in (0, 1].

    Returns
    -------
    DataFrame
        ``table`` plus ``cost``, ``expected_renewals``, ``expected_revenue``,
        ``expected_profit``, ``treat`` (bool), sorted by profit per yuan.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"tier": ["strategic", "small"], "leave_prob": [0.5, 0.5],
    ...                   "revenue_last": [700000.0, 14000.0]}, index=["E1", "E2"])
    >>> budget_split(t, 6000)[["cost", "expected_profit", "treat"]]
          cost  expected_profit  treat
    E1  6000.0          64000.0   True
    E2    30.0            145.0  False
    """
    table = require_frame(table, "table")
    require_columns(table, {"tier": tier, "risk": risk, "value": value}, "table")
    if not is_number(budget) \
            or not np.isfinite(budget) or budget < 0:
        raise ValueError(tr("budget must be a number of yuan, zero or more, got {budget!r}.", budget=budget))
    margin_rate = require_probability(margin_rate, "margin_rate")
    plan_t = TREATMENTS if treatments is None else require_frame(treatments, "treatments")
    require_columns(plan_t, {"cost": "cost", "save_rate": "save_rate"}, "treatments")
    tiers = table[tier].astype(str)
    unknown = sorted(set(tiers) - set(plan_t.index.astype(str)))
    if unknown:
        raise ValueError(tr("treatments has no row for tier(s) {unknown}.", unknown=unknown))
    p = table[risk].astype(float)
    if p.isna().any() or not p.between(0, 1).all():
        raise ValueError(tr("Column {risk!r} of table must hold probabilities between 0 and 1.", risk=risk))
    cost = tiers.map(plan_t["cost"].astype(float).rename(index=str))
    save = tiers.map(plan_t["save_rate"].astype(float).rename(index=str))
    if (cost <= 0).any():
        raise ValueError(tr("Every treatment needs a cost above zero."))
    out = table.copy()
    out["cost"] = cost
    out["expected_renewals"] = p * save
    out["expected_revenue"] = out["expected_renewals"] * table[value].astype(float)
    out["expected_profit"] = margin_rate * out["expected_revenue"] - cost
    ratio = (out["expected_profit"] / cost).to_numpy()
    out = out.iloc[np.argsort(-ratio, kind="stable")]
    fits = np.cumsum(out["cost"].to_numpy()) <= float(budget) + 1e-9
    out["treat"] = (out["expected_profit"].to_numpy() > 0) & fits
    out.attrs.update({"budget": float(budget), "margin_rate": margin_rate})
    return out


def budget_summary(plan: pd.DataFrame, *, tier: str = "tier", risk: str = "leave_prob",
                   value: str = "revenue_last") -> pd.DataFrame:
    """Per-tier summary of a :func:`budget_split`: the one-page table for the board.

    Parameters
    ----------
    plan : DataFrame
        Output of :func:`budget_split`.
    tier, risk, value : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by tier (strategic first) plus a ``total`` row:
        ``exhibitors``, ``revenue`` (CNY at this edition), ``revenue_share``,
        ``expected_leavers`` (sum of risk, no action), ``treated``, ``budget``,
        ``budget_share``, ``expected_renewals_kept``, ``expected_revenue_kept``
        and ``roi`` (margin kept − budget, ÷ budget). The margin kept comes from the
        plan's own ``expected_profit`` column, so the margin rate used by
        :func:`budget_split` carries over without hidden state.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"tier": ["strategic", "small"], "leave_prob": [0.5, 0.5],
    ...                   "revenue_last": [700000.0, 14000.0]}, index=["E1", "E2"])
    >>> budget_summary(budget_split(t, 6000))["budget"].tolist()
    [6000.0, 0.0, 6000.0]
    """
    plan = require_frame(plan, "plan")
    require_columns(plan, ["treat", "cost", "expected_renewals", "expected_revenue", "expected_profit"], "plan")
    require_columns(plan, {"tier": tier, "risk": risk, "value": value}, "plan")
    treated = plan[plan["treat"]]
    tiers = plan[tier].astype(str)
    order = [t for t in TREATMENTS.index if t in set(tiers)] + sorted(set(tiers) - set(TREATMENTS.index))
    g, gt = plan.groupby(tiers), treated.groupby(treated[tier].astype(str))
    out = pd.DataFrame({
        "exhibitors": g.size(),
        "revenue": g[value].sum(),
        "expected_leavers": g[risk].sum(),
        "treated": gt.size(),
        "budget": gt["cost"].sum(),
        "expected_renewals_kept": gt["expected_renewals"].sum(),
        "expected_revenue_kept": gt["expected_revenue"].sum(),
        "expected_profit": gt["expected_profit"].sum(),        # margin kept - budget, at the plan's margin rate
    }).reindex(order).fillna(0.0)
    out.loc["total"] = out.sum()
    out.index.name = tier
    out[["exhibitors", "treated"]] = out[["exhibitors", "treated"]].astype(int)
    out.insert(2, "revenue_share", out["revenue"] / out.loc["total", "revenue"])
    spent = out.loc["total", "budget"]
    out.insert(6, "budget_share", out["budget"] / spent if spent > 0 else 0.0)
    out["roi"] = out.pop("expected_profit") / out["budget"].where(out["budget"] > 0)
    return out
