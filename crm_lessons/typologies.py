"""Loyalty typologies as the course deck (会展客户关系管理 ch. 2) states them.

:mod:`crm_lessons.segments` computes the quadrant typologies; this module adds what the
deck teaches differently or in addition:

- :func:`brandt_split` — Brandt's (布拉德特) secure / satisfied / vulnerable / dissatisfied
  customers, judged on three criteria: satisfaction with their own consumption, willingness to
  recommend and intention to keep buying;
- :data:`KNOX_DECK_LABELS` — the deck's names for Knox's loyalty diamond, whose horizontal axis
  is the number of brands bought (购买品牌的数量);
- :data:`JONES_SASSER_NAMES` — the names Jones & Sasser (1995) gave to the satisfaction x
  commitment quadrants of :func:`crm_lessons.segments.satisfaction_split`;
- :func:`net_relationship_profit` — Reinartz & Kumar's profitability net of the cost to serve.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ._validation import require_columns, require_dates, require_frame, require_numeric

__all__ = ["BRANDT_TYPES", "KNOX_DECK_LABELS", "JONES_SASSER_NAMES", "brandt_split", "net_relationship_profit"]

#: Brandt's four customer types as the deck's table gives them (one row per type, best first).
BRANDT_TYPES = pd.DataFrame(
    [
        ("Secure", "安全的客户", "very satisfied (很满意)", "definitely (肯定会)", "yes (会)",
         "keep delivering, thank them, ask them to recommend us"),
        ("Satisfied", "满意的客户", "basically satisfied (基本满意)", "probably (可能会)", "yes (会)",
         "find what would delight them and turn them into secure customers"),
        ("Vulnerable", "脆弱的客户", "not necessarily (不一定满意)", "not sure (不一定)", "not sure (不一定)",
         "ask what is missing and act before a competitor does"),
        ("Dissatisfied", "不满意的客户", "dissatisfied (不满意)", "probably or certainly not (可能或肯定不会)",
         "no (不会)", "service recovery where it pays; learn from their complaints"),
    ],
    columns=["type", "type_zh", "own_consumption", "recommend", "keep_buying", "strategy"],
)

#: The deck's labels for Knox's loyalty diamond (English; the deck's Chinese: 忠诚者, 习惯性购买者,
#: 多品牌购买者, 品牌改换者), keyed by the names crm.segments.knox returns.
KNOX_DECK_LABELS = {
    "Loyals": "Loyals",
    "Habituals": "Habitual buyers",
    "Variety seekers": "Multi-brand buyers",
    "Switchers": "Brand switchers",
}

#: Jones & Sasser's (1995) names for the satisfaction x commitment quadrants of
#: crm.segments.satisfaction_split (keyed by the names that function returns).
JONES_SASSER_NAMES = {
    "Secure": "Loyalists",
    "Satisfied": "Mercenaries",
    "Vulnerable": "Hostages",
    "Dissatisfied": "Defectors",
}


def brandt_split(data: pd.DataFrame, *, satisfaction: str = "satisfaction", recommendation: str = "recommendation",
                 repurchase: str = "repurchase", very: float = 6, basic: float = 5,
                 unsure: float = 4) -> pd.DataFrame:
    """Brandt's secure, satisfied, vulnerable and dissatisfied customers from 1-7 survey answers.

    The deck's table judges three criteria together. On a 1-7 scale we read an answer of
    ``very`` or more as "very satisfied / definitely", ``basic`` or more as "basically satisfied /
    probably / yes", and below ``unsure`` as "dissatisfied / no". Types are tried best first:

    - **Secure**: satisfaction >= ``very``, recommendation >= ``very``, repurchase >= ``basic``;
    - **Satisfied**: all three >= ``basic`` (and not secure);
    - **Dissatisfied**: all three below ``unsure``;
    - **Vulnerable**: everyone else — the firm cannot be sure of them on the three criteria.

    Parameters
    ----------
    data : DataFrame
        One row per customer with the three measures (1-7).
    satisfaction, recommendation, repurchase : str
        Column names of the three criteria.
    very, basic, unsure : float
        Thresholds, ``unsure <= basic <= very``.

    Returns
    -------
    DataFrame
        The three measures and ``type`` (categorical, best first); strategies in :data:`BRANDT_TYPES`.

    Examples
    --------
    >>> answers = pd.DataFrame({"satisfaction": [6.5, 5, 4, 2], "recommendation": [7, 5, 6, 3],
    ...                         "repurchase": [6, 5, 3, 2]})
    >>> brandt_split(answers)["type"].tolist()
    ['Secure', 'Satisfied', 'Vulnerable', 'Dissatisfied']
    """
    frame = require_frame(data, "data")
    columns = {"satisfaction": satisfaction, "recommendation": recommendation, "repurchase": repurchase}
    require_columns(frame, columns, "data")
    for column in columns.values():
        require_numeric(frame, column, "data")
    if not unsure <= basic <= very:
        raise ValueError(f"thresholds must satisfy unsure <= basic <= very; got unsure={unsure}, "
                         f"basic={basic}, very={very}.")
    sat, rec, rep = (frame[c].astype(float) for c in (satisfaction, recommendation, repurchase))
    secure = (sat >= very) & (rec >= very) & (rep >= basic)
    satisfied = ~secure & (sat >= basic) & (rec >= basic) & (rep >= basic)
    dissatisfied = (sat < unsure) & (rec < unsure) & (rep < unsure)
    kind = pd.Series("Vulnerable", index=frame.index)
    kind[secure], kind[satisfied], kind[dissatisfied] = "Secure", "Satisfied", "Dissatisfied"
    out = frame[[satisfaction, recommendation, repurchase]].copy()
    out["type"] = pd.Categorical(kind, categories=BRANDT_TYPES["type"].tolist())
    return out


def net_relationship_profit(orders: pd.DataFrame, *, order_cost: float, tickets_per_customer: Any = None,
                            ticket_cost: float = 0.0, customer: str = "customer_id", date: str = "order_date",
                            margin: str = "margin") -> pd.DataFrame:
    """Profit net of the cost to serve, and duration, per customer (Reinartz & Kumar 2002).

    Reinartz & Kumar measured a customer's profitability after the costs of serving them,
    not the gross margin: an order that must be picked, packed and paid for, and a complaint
    that must be handled, cost money whatever the margin.

    Parameters
    ----------
    orders : DataFrame
        One row per order with ``customer``, ``date`` and ``margin`` (gross margin, ¥).
    order_cost : float
        Cost of handling one order (¥, >= 0).
    tickets_per_customer : Series, optional
        Service tickets per customer id (missing customers count as 0).
    ticket_cost : float
        Cost of handling one ticket (¥, >= 0).
    customer, date, margin : str
        Column names.

    Returns
    -------
    DataFrame
        ``gross_margin``, ``cost_to_serve``, ``profit`` (= gross - cost) and ``duration`` (days from the
        first to the last order), one row per customer.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"], "margin": [30.0, 10.0, 8.0],
    ...                        "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"])})
    >>> table = net_relationship_profit(orders, order_cost=5, tickets_per_customer=pd.Series({"B": 1}),
    ...                                 ticket_cost=10)
    >>> table["profit"].tolist(), table["duration"].tolist()
    ([30.0, -7.0], [60, 0])
    """
    frame = require_frame(orders, "orders")
    require_columns(frame, {"customer": customer, "date": date, "margin": margin}, "orders")
    require_numeric(frame, margin, "orders")
    dates = require_dates(frame, date, "orders")
    for name, value in (("order_cost", order_cost), ("ticket_cost", ticket_cost)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            raise ValueError(f"{name} must be a cost in CNY, a number >= 0; got {value!r}.")
    grouped = frame.assign(**{date: dates}).groupby(customer)
    out = pd.DataFrame({"gross_margin": grouped[margin].sum().astype(float)})
    tickets = pd.Series(0.0, index=out.index)
    if tickets_per_customer is not None:
        if not isinstance(tickets_per_customer, pd.Series):
            raise TypeError("tickets_per_customer must be a pandas Series of ticket counts indexed by customer id; "
                            f"got {type(tickets_per_customer).__name__}.")
        tickets = tickets_per_customer.reindex(out.index).fillna(0).astype(float)
    out["cost_to_serve"] = grouped.size().astype(float) * order_cost + tickets * ticket_cost
    out["profit"] = out["gross_margin"] - out["cost_to_serve"]
    out["duration"] = (grouped[date].max() - grouped[date].min()).dt.days
    return out
