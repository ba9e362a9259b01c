"""Share of wallet: how much of a customer's spending in our category comes to us.

Market share asks "what part of all sales in the market is ours?"; share of wallet
(share of customer) asks the same question one customer at a time (Peppers &
Rogers 1993, *The One to One Future*):

    share of wallet = our spend / the customer's total spend in the category

The total usually comes from a survey ("how much do you spend a year on ...?"),
our spend from the order history over the same period. :func:`spend_in_window`
sums the orders, :func:`share_of_wallet` divides, and :func:`wallet_summary`
puts market share and the average share of wallet side by side.

Examples
--------
>>> import pandas as pd
>>> survey = pd.DataFrame({"customer_id": ["A", "B"], "category_spend_year": [1000, 400]})
>>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"], "amount": [100.0, 150.0, 300.0],
...                        "order_date": ["2023-06-01", "2023-11-30", "2023-03-01"]})
>>> sow = share_of_wallet(survey, orders, as_of="2024-01-01")
>>> sow["share_of_wallet"].tolist()
[0.25, 0.75]
"""
from __future__ import annotations

import pandas as pd

from ._validation import (
    is_whole_number,
    require_columns,
    require_dates,
    require_flag,
    require_frame,
    require_numeric,
    require_timestamp,
)
from .i18n import tr

__all__ = ["spend_in_window", "share_of_wallet", "wallet_summary"]




def spend_in_window(orders: pd.DataFrame, *, as_of: object, days: int = 365, customer: str = "customer_id",
                    date: str = "order_date", amount: str = "amount") -> pd.Series:
    """Each customer's spend with us in the ``days`` days before ``as_of`` (``as_of`` itself excluded).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    as_of : str or Timestamp
        End of the window (exclusive), e.g. the survey date.
    days : int
        Length of the window; 365 covers the year before ``as_of``.
    customer, date, amount : str
        Columns with the customer id, the order date and the order amount (¥, >= 0).

    Returns
    -------
    pandas.Series
        Spend per customer who ordered in the window, indexed by customer, named ``"our_spend"``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2023-01-01", "2023-12-31"],
    ...                        "amount": [50.0, 20.0]})
    >>> spend_in_window(orders, as_of="2024-01-01", days=30).to_dict()
    {'A': 20.0}
    """
    frame = require_frame(orders, "orders", allow_empty=True)
    require_columns(frame, {"customer": customer, "date": date, "amount": amount}, "orders")
    if not is_whole_number(days):
        raise TypeError(tr("days must be a whole number of days, got {type_name}.", type_name=type(days).__name__))
    if days < 1:
        raise ValueError(tr("days must be at least 1, got {days}.", days=days))
    end = require_timestamp(as_of, "as_of", example="2024-01-15")
    start = end - pd.Timedelta(days=int(days))
    dates = require_dates(frame, date, "orders")
    values = require_numeric(frame, amount, "orders", non_negative=True)
    inside = ((dates >= start) & (dates < end)).to_numpy()
    spend = values[inside].groupby(frame.loc[inside, customer].to_numpy()).sum()
    spend.index.name = customer
    return spend.rename("our_spend")


def share_of_wallet(data: pd.DataFrame, orders: pd.DataFrame | None = None, *, as_of: object = None,
                    days: int = 365, customer: str = "customer_id", total_spend: str = "category_spend_year",
                    our_spend: str = "our_spend", date: str = "order_date", amount: str = "amount",
                    cap: bool = False) -> pd.DataFrame:
    """Share of wallet per customer: our spend divided by the customer's total category spend.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with the total category spend (e.g. the survey) and, when
        ``orders`` is not given, our spend in column ``our_spend``.
    orders : pandas.DataFrame, optional
        Order history; when given, our spend is summed from it over the ``days`` days
        before ``as_of`` (see :func:`spend_in_window`). Customers without orders there spent 0.
    as_of : str or Timestamp
        Required with ``orders``: the end of the period the total refers to (the survey date).
    days : int
        Length of that period in days.
    customer, total_spend, our_spend : str
        Columns of ``data``: customer id, total category spend (¥), our spend (¥).
    date, amount : str
        Columns of ``orders``.
    cap : bool
        Our spend can exceed a stated total when customers under-report. By default that
        raises an error; with ``cap=True`` the share is capped at 1 and such rows are
        marked in a ``capped`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (in the order of ``data``): ``our_spend``, ``total_spend``,
        ``share_of_wallet`` (0..1) and, with ``cap=True``, ``capped``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"customer_id": ["A"], "our_spend": [30.0], "category_spend_year": [120]})
    >>> float(share_of_wallet(frame).loc["A", "share_of_wallet"])
    0.25
    """
    frame = require_frame(data, "data")
    require_columns(frame, {"customer": customer, "total_spend": total_spend}, "data")
    require_flag(cap, "cap")
    ids = frame[customer]
    if ids.isna().any():
        raise ValueError(tr("Column {customer!r} of data has {count} missing customer id(s).",
                            customer=customer, count=int(ids.isna().sum())))
    if ids.duplicated().any():
        dup = ids[ids.duplicated()].astype(str).head(3).tolist()
        raise ValueError(tr("Column {customer!r} of data must list each customer once; repeated: {dup}.",
                            customer=customer, dup=dup))
    total = require_numeric(frame, total_spend, "data")
    if (total <= 0).any():
        raise ValueError(tr("Column {total_spend!r} of data must be above 0 for every customer (a share of nothing "
                            "is undefined); {count} row(s) are not. Drop them first.",
                            total_spend=total_spend, count=int((total <= 0).sum())))
    if orders is None:
        if as_of is not None:
            raise ValueError(tr("as_of is only used with orders; pass orders=... or leave as_of out."))
        require_columns(frame, {"our_spend": our_spend}, "data")
        ours = require_numeric(frame, our_spend, "data", non_negative=True)
    else:
        if as_of is None:
            raise ValueError(tr("as_of is required with orders: the date the total spend refers back from, e.g. the "
                                "survey date '2024-01-15'."))
        window = spend_in_window(orders, as_of=as_of, days=days, customer=customer, date=date, amount=amount)
        ours = pd.Series(window.reindex(ids.to_numpy(), fill_value=0.0).to_numpy(), index=frame.index)
    out = pd.DataFrame({"our_spend": ours.to_numpy(), "total_spend": total.to_numpy()},
                       index=pd.Index(ids.to_numpy(), name=customer))
    share = out["our_spend"] / out["total_spend"]
    over = share > 1
    if over.any() and not cap:
        sample = out.index[over.to_numpy()].astype(str)[:3].tolist()
        raise ValueError(tr("{count} customer(s) spent more with us than their stated total {total_spend!r} (e.g. "
                            "{sample}). Check the period, or pass cap=True to cap their share at 1 and mark them.",
                            count=int(over.sum()), total_spend=total_spend, sample=sample))
    out["share_of_wallet"] = share.clip(upper=1.0)
    if cap:
        out["capped"] = over.to_numpy()
    return out


def wallet_summary(sow: pd.DataFrame) -> pd.Series:
    """Market share among these customers next to their average share of wallet.

    Parameters
    ----------
    sow : pandas.DataFrame
        The result of :func:`share_of_wallet`.

    Returns
    -------
    pandas.Series
        ``customers``, ``our_spend``, ``total_spend``, ``market_share`` (our spend / total
        spend, pooled: big spenders weigh more), ``mean_share_of_wallet`` and
        ``median_share_of_wallet`` (each customer counts once).

    Examples
    --------
    >>> import pandas as pd
    >>> sow = pd.DataFrame({"our_spend": [90.0, 10.0], "total_spend": [100.0, 1000.0],
    ...                     "share_of_wallet": [0.9, 0.01]})
    >>> round(float(wallet_summary(sow)["market_share"]), 4)
    0.0909
    """
    frame = require_frame(sow, "sow")
    require_columns(frame, {"our_spend": "our_spend", "total_spend": "total_spend",
                            "share_of_wallet": "share_of_wallet"}, "sow")
    ours = require_numeric(frame, "our_spend", "sow", non_negative=True)
    total = require_numeric(frame, "total_spend", "sow", non_negative=True)
    share = require_numeric(frame, "share_of_wallet", "sow")
    return pd.Series({"customers": float(len(frame)), "our_spend": ours.sum(), "total_spend": total.sum(),
                      "market_share": ours.sum() / total.sum(), "mean_share_of_wallet": share.mean(),
                      "median_share_of_wallet": share.median()}, name="wallet")
