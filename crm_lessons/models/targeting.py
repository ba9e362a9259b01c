"""The budget-constrained retention decision: whom to contact, and what the plan is expected to give."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    require_columns,
    require_frame,
    require_non_negative,
    require_probability,
    require_scores,
)
from ..i18n import tr

__all__ = ["targeting_plan", "targeting_summary"]


def targeting_plan(churn_prob: pd.Series, value: Any, *, budget: float, contact_cost: float,
                   offer_value: float, save_rate: float = 0.1) -> pd.DataFrame:
    """Decide whom to contact in a retention campaign under a budget.

    Each contacted customer costs ``contact_cost`` and is offered an incentive
    worth ``offer_value``. A would-be churner accepts and stays with
    probability ``save_rate``; customers who stay anyway also redeem the
    offer. For a customer with churn probability p and value v (margin kept if
    they stay):

    - expected saves = p × save_rate
    - expected cost = contact_cost + offer_value × (1 − p + p × save_rate)
    - expected profit = p × save_rate × v − expected cost

    Customers are ranked by expected profit; the plan contacts them from the
    top while the expected profit is positive and the cumulative expected
    cost stays within ``budget``.

    Parameters
    ----------
    churn_prob : Series
        Churn probability per customer (index = customer id), in [0, 1].
    value : Series or number
        Value of keeping each customer (e.g. next year's margin), CNY ``>= 0``;
        a Series must have the same index as ``churn_prob``.
    budget : float
        Money available for contacts and offers, CNY ``>= 0``.
    contact_cost, offer_value : float
        Cost per contact and value of the incentive, CNY ``>= 0``.
    save_rate : float
        Share of contacted would-be churners who stay because of the offer, in [0, 1].

    Returns
    -------
    DataFrame
        One row per customer, best first: ``churn_prob``, ``value``,
        ``expected_saves``, ``expected_cost``, ``expected_profit``, ``contact``
        (bool) and ``cum_cost`` (cumulative expected cost of the contacted).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    >>> plan = targeting_plan(p, 100.0, budget=20, contact_cost=1, offer_value=5, save_rate=0.5)
    >>> plan[["expected_profit", "contact"]]
       expected_profit  contact
    A            36.00     True
    B            20.25     True
    C            -0.75    False
    """
    if not isinstance(churn_prob, pd.Series):
        raise TypeError(tr("churn_prob must be a Series of probabilities indexed by customer, got {type_name}.",
                           type_name=type(churn_prob).__name__))
    p, _ = require_scores(churn_prob, "churn_prob")
    if ((p < 0) | (p > 1)).any():
        raise ValueError(tr("churn_prob must hold probabilities between 0 and 1."))
    if isinstance(value, pd.Series):
        if not value.index.equals(churn_prob.index):
            if set(value.index) != set(churn_prob.index) or len(value) != len(churn_prob):
                raise ValueError(tr("value must have the same customers (index) as churn_prob."))
            value = value.loc[churn_prob.index]
        v, _ = require_scores(value, "value")
    else:
        v = np.full(len(p), require_non_negative(value, "value"))
    if (v < 0).any():
        raise ValueError(tr("value must be zero or more for every customer."))
    budget = require_non_negative(budget, "budget")
    contact_cost = require_non_negative(contact_cost, "contact_cost")
    offer_value = require_non_negative(offer_value, "offer_value")
    save_rate = require_probability(save_rate, "save_rate", low_open=False)
    saves = p * save_rate
    cost = contact_cost + offer_value * (1 - p + saves)
    profit = saves * v - cost
    plan = pd.DataFrame({"churn_prob": p, "value": v, "expected_saves": saves, "expected_cost": cost,
                         "expected_profit": profit}, index=churn_prob.index)
    plan = plan.iloc[np.argsort(-profit, kind="stable")]
    within = np.cumsum(plan["expected_cost"].to_numpy()) <= budget + 1e-9
    plan["contact"] = (plan["expected_profit"].to_numpy() > 0) & within
    plan["cum_cost"] = np.where(plan["contact"], np.cumsum(plan["expected_cost"].to_numpy()), np.nan)
    plan.attrs.update({"budget": budget, "contact_cost": contact_cost, "offer_value": offer_value,
                       "save_rate": save_rate})
    return plan


def targeting_summary(plan: pd.DataFrame) -> pd.Series:
    """Totals of a :func:`targeting_plan`: contacts, spend, expected saves, retained value and profit.

    Parameters
    ----------
    plan : DataFrame
        Output of :func:`targeting_plan`.

    Returns
    -------
    Series
        ``contacts``, ``expected_cost``, ``expected_saves``,
        ``expected_retained_value`` and ``expected_profit`` of the contacted
        customers, and ``budget_left``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    >>> targeting_summary(targeting_plan(p, 100.0, budget=20, contact_cost=1, offer_value=5,
    ...                                  save_rate=0.5))["contacts"].item()
    2.0
    """
    plan = require_frame(plan, "plan", allow_empty=True)
    require_columns(plan, {c: c for c in ("contact", "expected_cost", "expected_saves", "expected_profit",
                                          "value")}, "plan")
    chosen = plan[plan["contact"]]
    spend = float(chosen["expected_cost"].sum())
    return pd.Series({
        "contacts": float(len(chosen)),
        "expected_cost": spend,
        "expected_saves": float(chosen["expected_saves"].sum()),
        "expected_retained_value": float((chosen["expected_saves"] * chosen["value"]).sum()),
        "expected_profit": float(chosen["expected_profit"].sum()),
        "budget_left": float(plan.attrs.get("budget", np.nan) - spend),
    }, name="plan")


