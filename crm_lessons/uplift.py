"""Campaign effects measured against a control group (uplift).

A campaign's response rate counts every contacted customer who bought — including those who
would have bought anyway. Its *effect* is the difference between the contacted customers and a
comparable group that was not contacted, the **control group** (对照组). The April 2024 campaign
of the simulated retailer contacted a random 75 % of the customers known a week before it;
the other 25 % are such a control group.

- :func:`campaign_holdout` — one row per eligible customer: contacted or not, the campaign's
  customer group, and whether (and for how much margin) they ordered in the weeks after;
- :func:`uplift_table` — buying rate of contacted and control customers, the uplift (the
  difference), its standard error and the incremental margin per contact, by group;
- :func:`uplift_margin_of_error` — how precisely a campaign of a given size, with a given control
  share, can measure its uplift (for designing the control group);
- :func:`break_even_save_rate` — the save rate a retention plan needs just to pay for itself.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validation import require_columns, require_dates, require_frame, require_timestamp
from .i18n import tr

__all__ = ["campaign_holdout", "uplift_table", "uplift_margin_of_error", "break_even_save_rate"]


def _group(days_known: pd.Series, days_since_last: pd.Series, new_days: int, active_days: int) -> pd.Series:
    """The campaign file's customer groups: new, active (ordered recently) or lapsed."""
    group = np.where(days_known < new_days, "new", np.where(days_since_last <= active_days, "active", "lapsed"))
    return pd.Series(group, index=days_known.index)


def campaign_holdout(orders: pd.DataFrame, customers: pd.DataFrame, campaign: pd.DataFrame, *,
                     customer: str = "customer_id", campaign_date: str | pd.Timestamp = "2024-04-01",
                     window_days: int = 28, known_days: int = 7, new_days: int = 90,
                     active_days: int = 180) -> pd.DataFrame:
    """Contacted and control customers of one campaign, with what they bought afterwards.

    Eligible are the customers acquired at least ``known_days`` before the ``campaign_date``
    (the population the campaign was drawn from). Each gets the campaign file's group — *new*
    (acquired less than ``new_days`` before), *active* (last order at most ``active_days``
    before) or *lapsed* — computed the same way for contacted and control customers, and the
    outcome: any order, and the margin, in the ``window_days`` from the campaign date.

    Parameters
    ----------
    orders : DataFrame
        ``customer``, ``order_date``, ``margin``.
    customers : DataFrame
        ``customer``, ``acquisition_date``.
    campaign : DataFrame
        ``customer``: the contacted customers.
    customer : str
        The customer id column in all three tables.
    campaign_date : str or Timestamp
        The campaign day (a value: ``date=`` always names a column).
    window_days, known_days, new_days, active_days : int
        Outcome window and group definitions (days).

    Returns
    -------
    DataFrame
        Indexed by customer: ``contacted`` (bool), ``group``, ``ordered`` (bool), ``margin`` (¥).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "B"], "margin": [5.0, 3.0, 4.0],
    ...                        "order_date": pd.to_datetime(["2024-01-10", "2024-01-05", "2024-04-03"])})
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"], "acquisition_date": ["2023-01-01", "2023-06-01"]})
    >>> campaign = pd.DataFrame({"customer_id": ["B"]})
    >>> campaign_holdout(orders, customers, campaign).to_dict("index")["B"]
    {'contacted': True, 'group': 'active', 'ordered': True, 'margin': 4.0}
    """
    day = require_timestamp(campaign_date, "campaign_date", example="2024-04-01")
    for name, value in (("window_days", window_days), ("known_days", known_days), ("new_days", new_days),
                        ("active_days", active_days)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(tr("{name} must be a whole number of days >= 0; got {value!r}.", name=name, value=value))
    orders = require_frame(orders, "orders")
    require_columns(orders, [customer, "order_date", "margin"], "orders")
    customers = require_frame(customers, "customers")
    require_columns(customers, [customer, "acquisition_date"], "customers")
    campaign = require_frame(campaign, "campaign")
    require_columns(campaign, [customer], "campaign")

    acquired = require_dates(customers, "acquisition_date", "customers")
    acquired.index = customers[customer]
    eligible = acquired[acquired <= day - pd.Timedelta(days=known_days)]
    order_dates = require_dates(orders, "order_date", "orders")
    before = orders[order_dates < day].assign(order_date=order_dates[order_dates < day])
    last = before.groupby(customer)["order_date"].max().reindex(eligible.index)
    days_since = (day - last).dt.days.fillna(np.inf)
    frame = pd.DataFrame({"contacted": eligible.index.isin(campaign[customer])}, index=eligible.index)
    frame["group"] = _group((day - eligible).dt.days, days_since, new_days, active_days)
    in_window = (order_dates >= day) & (order_dates < day + pd.Timedelta(days=window_days))
    after = orders[in_window].groupby(customer)["margin"].sum()
    frame["ordered"] = frame.index.isin(after.index)
    frame["margin"] = after.reindex(frame.index).fillna(0.0).astype(float)
    return frame.rename_axis(customer)


def uplift_table(holdout: pd.DataFrame, *, by: str | Sequence[str] | None = "group") -> pd.DataFrame:
    """Buying rate of contacted vs control customers, and the difference (uplift), per group.

    Parameters
    ----------
    holdout : DataFrame
        Output of :func:`campaign_holdout` (``contacted``, ``ordered``, ``margin`` and the ``by`` columns).
    by : str, list of str or None
        Group columns; ``None`` for one overall row.

    Returns
    -------
    DataFrame
        ``contacted``, ``control`` (counts), ``rate_contacted``, ``rate_control``, ``uplift``
        (difference of the rates), ``uplift_se`` (its standard error) and ``margin_uplift``
        (incremental margin per contacted customer, ¥).

    Examples
    --------
    >>> holdout = pd.DataFrame({"contacted": [True, True, False, False], "ordered": [True, False, False, False],
    ...                         "margin": [10.0, 0.0, 0.0, 0.0], "group": ["a"] * 4})
    >>> uplift_table(holdout).loc["a", ["rate_contacted", "rate_control", "uplift", "margin_uplift"]].tolist()
    [0.5, 0.0, 0.5, 5.0]
    """
    frame = require_frame(holdout, "holdout")
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    require_columns(frame, ["contacted", "ordered", "margin", *keys], "holdout")
    frame = frame.assign(_all="all", contacted=frame["contacted"].astype(bool))
    keys = keys or ["_all"]
    if frame["contacted"].nunique() < 2:
        raise ValueError(tr("holdout needs both contacted and control customers (contacted True and False)."))
    grouped = frame.groupby(keys + ["contacted"], observed=True)
    stats = grouped.agg(n=("ordered", "size"), rate=("ordered", "mean"), margin=("margin", "mean"))
    stats = stats.unstack("contacted").fillna({("n", True): 0, ("n", False): 0})
    table = pd.DataFrame({
        "contacted": stats[("n", True)], "control": stats[("n", False)],
        "rate_contacted": stats[("rate", True)], "rate_control": stats[("rate", False)],
    })
    table["uplift"] = table["rate_contacted"] - table["rate_control"]
    table["uplift_se"] = np.sqrt(table["rate_contacted"] * (1 - table["rate_contacted"]) / table["contacted"]
                                 + table["rate_control"] * (1 - table["rate_control"]) / table["control"])
    table["margin_uplift"] = stats[("margin", True)] - stats[("margin", False)]
    if keys == ["_all"]:
        table.index = pd.Index(["all"], name="group")
    return table


def uplift_margin_of_error(customers: int, control_share: float, rate: float, *, z: float = 1.96) -> float:
    """Half-width of the confidence interval of an uplift (difference of two buying rates).

    ``customers`` are split at random into a control group (``control_share``) and a contacted
    group; both buy at about ``rate``. The interval is ``uplift +/- z * SE`` with
    ``SE = sqrt(rate (1 - rate) (1 / n_contacted + 1 / n_control))``.

    Examples
    --------
    >>> round(uplift_margin_of_error(3000, 0.5, 0.2), 4)
    0.0286
    >>> uplift_margin_of_error(3000, 0.02, 0.2) > uplift_margin_of_error(3000, 0.25, 0.2)
    True
    """
    if isinstance(customers, bool) or not isinstance(customers, (int, np.integer)) or customers < 2:
        raise ValueError(tr("customers must be a whole number >= 2; got {customers!r}.", customers=customers))
    for name, value in (("control_share", control_share), ("rate", rate)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0 < value < 1:
            raise ValueError(tr("{name} must be a fraction strictly between 0 and 1 (e.g. 0.25, not 25); got "
                                "{value!r}.", name=name, value=value))
    n_control = customers * control_share
    n_contacted = customers - n_control
    if n_control < 1 or n_contacted < 1:
        raise ValueError(tr("control_share={control_share} leaves an empty group among {customers} customers.",
                            control_share=control_share, customers=customers))
    return float(z * np.sqrt(rate * (1 - rate) * (1 / n_contacted + 1 / n_control)))


def break_even_save_rate(plan: pd.DataFrame, *, contact_cost: float, offer_value: float) -> float:
    """The save rate at which the customers a retention plan contacts just pay for themselves.

    For a contacted customer with churn probability *p* and value *v*, the expected profit at
    save rate *s* is ``s p v - contact_cost - offer_value (1 - p + s p)``, linear in *s*; summed
    over the contacted customers it is zero at the returned *s*.

    Parameters
    ----------
    plan : DataFrame
        Output of ``crm.models.targeting_plan``: ``churn_prob``, ``value`` and ``contact`` (bool).
    contact_cost, offer_value : float
        The plan's assumptions (¥).

    Examples
    --------
    >>> plan = pd.DataFrame({"churn_prob": [0.5], "value": [100.0], "contact": [True]})
    >>> round(break_even_save_rate(plan, contact_cost=1.0, offer_value=10.0), 4)
    0.1333
    """
    frame = require_frame(plan, "plan")
    require_columns(frame, ["churn_prob", "value", "contact"], "plan")
    chosen = frame[frame["contact"].astype(bool)]
    if chosen.empty:
        raise ValueError(tr("plan contacts nobody, so there is no save rate to break even on."))
    p, v = chosen["churn_prob"].astype(float), chosen["value"].astype(float)
    fixed_cost = (contact_cost + offer_value * (1 - p)).sum()
    gain_per_unit_rate = (p * (v - offer_value)).sum()
    if gain_per_unit_rate <= 0:
        raise ValueError(tr("the contacted customers are worth less than the offer: no save rate makes the plan pay."))
    return float(fixed_cost / gain_per_unit_rate)
