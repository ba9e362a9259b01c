"""Process management with data: defects of a customer-facing process and its sigma level.

Six sigma (6σ管理法, the last stage of process management in the CRM overview deck) judges
a process by how often it fails the customer: the defect rate, defects per million
opportunities (DPMO) and the *sigma level*, the number of standard deviations between the
process mean and the nearest limit, conventionally with a 1.5-sigma allowance for drift
(Harry & Schroeder 2000). Six sigma means at most 3.4 defects per million.

Examples
--------
>>> round(sigma_level(3.4e-6), 1)
6.0
"""
from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from ._validation import require_columns, require_frame, require_numeric
from .i18n import tr

__all__ = ["SIGMA_SHIFT", "sigma_level", "service_defects"]

#: The conventional long-term drift allowance added to the short-term sigma level.
SIGMA_SHIFT = 1.5


def sigma_level(defect_rate: float, *, shift: float = SIGMA_SHIFT) -> float:
    """The sigma level of a process with the given share of defective outcomes.

    Parameters
    ----------
    defect_rate : float
        Share of opportunities that end in a defect, between 0 and 1.
    shift : float
        Drift allowance added to the normal quantile (1.5 by convention; 0 for none).

    Returns
    -------
    float
        ``NormalDist().inv_cdf(1 - defect_rate) + shift``; ``inf`` for a defect rate of 0.

    Examples
    --------
    >>> round(sigma_level(0.3085), 2)
    2.0
    """
    if isinstance(defect_rate, bool) or not isinstance(defect_rate, (int, float)):
        raise TypeError(tr("defect_rate must be a number between 0 and 1, got {type_name}.",
                           type_name=type(defect_rate).__name__))
    if not 0 <= defect_rate <= 1 or math.isnan(defect_rate):
        raise ValueError(tr("defect_rate must be between 0 and 1 (a share, not a percentage), got {defect_rate}.",
                            defect_rate=defect_rate))
    if defect_rate == 0:
        return math.inf
    if defect_rate == 1:
        return -math.inf
    return NormalDist().inv_cdf(1 - defect_rate) + shift


def service_defects(tickets: pd.DataFrame, *, by: str = "issue", resolved: str = "resolved",
                    days: str = "days_to_resolve", within_days: float = 7) -> pd.DataFrame:
    """Defects of the service process per group: a ticket is defective if unresolved or resolved late.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per service ticket (the bundled ``service_tickets``).
    by : str
        Column to group by (``"issue"``).
    resolved : str
        Boolean column: was the ticket resolved?
    days : str
        Days taken to resolve (missing for unresolved tickets).
    within_days : float
        The service promise: a resolved ticket taking longer than this is a defect.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``by``, plus an ``"all"`` row: ``tickets``, ``defects``, ``defect_rate``,
        ``dpmo`` (defects per million opportunities) and ``sigma_level``; sorted by
        ``sigma_level``, worst first.

    Examples
    --------
    >>> t = pd.DataFrame({"issue": ["a", "a", "b", "b"], "resolved": [True, False, True, True],
    ...                   "days_to_resolve": [2.0, None, 9.0, 1.0]})
    >>> service_defects(t)["defects"].to_dict()
    {'a': 1, 'b': 1, 'all': 2}
    """
    tickets = require_frame(tickets, "tickets")
    require_columns(tickets, {"by": by, "resolved": resolved, "days": days}, "tickets")
    if not pd.api.types.is_bool_dtype(tickets[resolved]):
        raise TypeError(tr("Column {resolved!r} of tickets must be True/False, got {dtype}.",
                           resolved=resolved, dtype=tickets[resolved].dtype))
    taken = require_numeric(tickets, days, "tickets", non_negative=True, allow_missing=True)
    if isinstance(within_days, bool) or not isinstance(within_days, (int, float)) or within_days < 0:
        raise ValueError(tr("within_days must be a number of days, zero or more; got {within_days!r}.",
                            within_days=within_days))
    if tickets[by].isna().any():
        raise ValueError(tr("Column {by!r} of tickets has {count} missing value(s); label or drop those tickets "
                            "first.", by=by, count=int(tickets[by].isna().sum())))
    unresolved_with_days = (~tickets[resolved]) & taken.notna()
    if unresolved_with_days.any():
        raise ValueError(tr("{count} unresolved ticket(s) have a {days!r} value; check the resolved column.",
                            count=int(unresolved_with_days.sum()), days=days))
    defect = (~tickets[resolved]) | (taken > within_days)
    groups = defect.groupby(tickets[by])
    table = pd.DataFrame({"tickets": groups.size(), "defects": groups.sum().astype(int)})
    table.loc["all"] = [len(defect), int(defect.sum())]
    table.index.name = by
    table["defect_rate"] = table["defects"] / table["tickets"]
    table["dpmo"] = table["defect_rate"] * 1_000_000
    table["sigma_level"] = [sigma_level(float(r)) for r in table["defect_rate"]]
    return table.sort_values("sigma_level", kind="stable")
