"""Charts of the start notebook: a first look at the simulated company."""
from __future__ import annotations

from typing import Any

import pandas as pd

from .._validation import require_columns, require_dates, require_frame, require_numeric
from ..i18n import _
from .theme import date_axis, finish, money_axis

__all__ = ["monthly_revenue"]


def monthly_revenue(orders: pd.DataFrame, *, date: str = "order_date", amount: str = "amount",
                    title: str | None = None) -> Any:
    """Line chart of revenue per calendar month; returns the matplotlib Axes.

    Examples
    --------
    >>> import crm_lessons as crm, matplotlib.pyplot as plt
    >>> ax = monthly_revenue(crm.datasets.load("orders")); plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    require_frame(orders, "orders")
    require_columns(orders, {"date": date, "amount": amount}, "orders")
    when = require_dates(orders, date, "orders")
    values = require_numeric(orders, amount, "orders")
    monthly = values.groupby(when.dt.to_period("M")).sum()
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(monthly.index.to_timestamp(), monthly.to_numpy(), marker="o", markersize=3)
    money_axis(ax)
    date_axis(ax)
    finish(ax, title or _("Monthly revenue"), _("Month"), _("Revenue (¥)"))
    return ax
