"""Loyalty typologies: each a split of customers into four types, under the names its source gives.

Every typology has one function, which returns the labels the course decks (or, where the decks do
not cover it, the original authors) use:

- :func:`dick_basu` — Dick & Basu (1994): relative attitude x repeat patronage;
- :func:`knox` — Knox's (1998) loyalty diamond as course deck 003 draws it: involvement x the
  number of brands bought (loyals 忠诚者, habitual buyers 习惯性购买者, multi-brand buyers
  多品牌购买者, brand switchers 品牌改换者);
- :func:`reinartz_kumar` — Reinartz & Kumar (2002): profitability x duration, with
  :func:`net_relationship_profit` for profit net of the cost to serve;
- :func:`brandt_split` — Brandt's (布拉德特) secure / satisfied / vulnerable / dissatisfied
  customers as deck 003's table defines them, on three criteria together;
- :func:`jones_sasser` — Jones & Sasser's (1995) loyalists, mercenaries, hostages and defectors:
  satisfaction x commitment.

The meaning and suggested strategy of each quadrant type are in :data:`TYPOLOGIES`, Brandt's table
in :data:`BRANDT_TYPES`. The Chinese names of all labels are in ``reference/data_names.csv``
(:func:`crm_lessons.i18n.data_name`).

Examples
--------
>>> data = pd.DataFrame({"profit": [900.0, 40.0, 800.0, 30.0], "duration": [700, 650, 60, 30]})
>>> reinartz_kumar(data)["type"].tolist()
['True friends', 'Barnacles', 'Butterflies', 'Strangers']
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_number, require_columns, require_dates, require_frame, require_numeric
from .i18n import tr

__all__ = ["TYPOLOGIES", "BRANDT_TYPES", "dick_basu", "knox", "reinartz_kumar", "jones_sasser", "brandt_split",
           "net_relationship_profit"]

_TYPOLOGY_COLUMNS = ["type", "x_high", "y_high", "meaning", "strategy"]


def _types(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_TYPOLOGY_COLUMNS)


#: For each quadrant typology: its four types, where each sits (x_high, y_high: is the customer
#: at or above the cut on the x and the y measure), what it means and what to do.
#: The x/y measures are: Dick & Basu -- repeat patronage (x) and relative attitude (y);
#: Knox -- number of brands bought (x; high = many) and involvement (y); Reinartz & Kumar --
#: duration (x) and profitability (y); Jones & Sasser -- satisfaction (x) and commitment
#: (y: the lower of the recommendation and repurchase intentions).
TYPOLOGIES: dict[str, pd.DataFrame] = {
    "dick_basu": _types([
        ("Loyalty", True, True, "strong relative attitude and high repeat patronage",
         "keep the advantage: reward, recognise, ask for referrals"),
        ("Latent loyalty", False, True, "like us more than the alternatives but buy little",
         "remove what stops them buying: range, access, price points, convenience"),
        ("Spurious loyalty", True, False, "buy often without a real preference (habit, convenience, no choice)",
         "build attitude before a competitor offers a reason to switch: service, personal contact, value"),
        ("No loyalty", False, False, "weak attitude and little repeat buying",
         "low-cost transactional contact; invest only if they fit the target market"),
    ]),
    "knox": _types([
        ("Loyals", False, True, "involved with the category and buy few brands, chiefly ours",
         "develop the relationship: recognition, cross-selling, dialogue"),
        ("Habitual buyers", False, False, "buy few brands out of habit, with little involvement",
         "make buying easy and keep them satisfied; raise involvement with relevant content"),
        ("Multi-brand buyers", True, True, "involved, but spread their purchases over several brands",
         "give them news and variety within our range; win a larger share of their repertoire"),
        ("Brand switchers", True, False, "little involvement, many brands, move with price and availability",
         "serve efficiently at low cost; do not invest in the relationship"),
    ]),
    "reinartz_kumar": _types([
        ("True friends", True, True, "profitable and staying",
         "communicate regularly but not too often, reward and delight to keep both loyalty and profit"),
        ("Butterflies", False, True, "profitable but short-lived",
         "enjoy the transactions while they last, aim for satisfaction, stop investing once they stop buying"),
        ("Barnacles", True, False, "stay long but bring little profit",
         "measure size and share of wallet: up-sell and cross-sell where the wallet is large, "
         "cut serving costs where it is small"),
        ("Strangers", False, False, "little profit, short relationship",
         "no relationship investment; make every transaction pay"),
    ]),
    "jones_sasser": _types([
        ("Loyalists", True, True, "satisfied and say they will both buy again and recommend us",
         "keep delivering, thank them, turn them into advocates"),
        ("Mercenaries", True, False, "satisfied, yet not committed to buy again or to recommend",
         "find out what is missing: satisfaction alone does not keep them"),
        ("Hostages", False, True, "not satisfied, but still intend to come back (for now)",
         "fix the problems quickly: switching costs or habit hold them, not liking"),
        ("Defectors", False, False, "not satisfied and not committed",
         "service recovery where it pays; learn from their complaints"),
    ]),
}

#: Brandt's four customer types as deck 003's table gives them (one row per type, best first):
#: the answers on the three criteria (the deck's words in brackets) and a suggested strategy.
BRANDT_TYPES = pd.DataFrame(
    [
        ("Secure", "very satisfied (很满意)", "definitely (肯定会)", "yes (会)",
         "keep delivering, thank them, ask them to recommend us"),
        ("Satisfied", "basically satisfied (基本满意)", "probably (可能会)", "yes (会)",
         "find what would delight them and turn them into secure customers"),
        ("Vulnerable", "not necessarily (不一定满意)", "not sure (不一定)", "not sure (不一定)",
         "ask what is missing and act before a competitor does"),
        ("Dissatisfied", "dissatisfied (不满意)", "probably or certainly not (可能或肯定不会)",
         "no (不会)", "service recovery where it pays; learn from their complaints"),
    ],
    columns=["type", "own_consumption", "recommend", "keep_buying", "strategy"],
)


# --- quadrant typologies ------------------------------------------------------------------------------------

def _measure(data: pd.DataFrame, column: str, arg: str) -> pd.Series:
    series = data[column]
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(tr("Column {column!r} of data ({arg}=) must be numeric, got {dtype}.",
                           column=column, arg=arg, dtype=series.dtype))
    if series.isna().any():
        raise ValueError(tr("Column {column!r} of data ({arg}=) has {count} missing value(s); drop or fill them "
                            "first.", column=column, arg=arg, count=int(series.isna().sum())))
    return series.astype(float)


def _cut(value: Any, series: pd.Series, arg: str) -> float:
    if value is None:
        return float(series.median())
    if not is_number(value):
        raise TypeError(tr("{arg} must be a number (or None for the median), got {type_name}.",
                           arg=arg, type_name=type(value).__name__))
    return float(value)


def _quadrants(data: Any, typology: str, x: tuple[str, str], y: tuple[str, str], x_cut: Any,
               y_cut: Any) -> pd.DataFrame:
    """Split customers into the four types of ``typology``: x / y = (argument name, column)."""
    data = require_frame(data, "data")
    require_columns(data, {x[0]: x[1], y[0]: y[1]}, "data")
    xs = _measure(data, x[1], x[0])
    ys = _measure(data, y[1], y[0])
    x_at = _cut(x_cut, xs, f"{x[0]}_cut")
    y_at = _cut(y_cut, ys, f"{y[0]}_cut")
    table = TYPOLOGIES[typology]
    lookup = {(row.x_high, row.y_high): row.type for row in table.itertuples(index=False)}
    x_high = (xs >= x_at).to_numpy()
    y_high = (ys >= y_at).to_numpy()
    names = [lookup[(bool(a), bool(b))] for a, b in zip(x_high, y_high)]
    out = pd.DataFrame({x[1]: xs, y[1]: ys}, index=data.index)
    out["type"] = pd.Categorical(names, categories=table["type"].tolist())
    out.attrs["typology"] = {"name": typology, "x": x[1], "y": y[1], "x_cut": x_at, "y_cut": y_at}
    return out


def dick_basu(data: pd.DataFrame, *, attitude: str = "relative_attitude", patronage: str = "repeat_patronage",
              attitude_cut: float | None = None, patronage_cut: float | None = None) -> pd.DataFrame:
    """Dick & Basu's (1994) loyalty types: relative attitude x repeat patronage.

    High attitude and high patronage is *loyalty*; high attitude, low patronage
    *latent loyalty*; low attitude, high patronage *spurious loyalty*; both low
    *no loyalty*. A value at or above its cut counts as high.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    attitude : str
        Column with the relative attitude (e.g. the survey item comparing us
        with the alternatives).
    patronage : str
        Column with repeat patronage from the orders (e.g. orders in the last 12 months).
    attitude_cut, patronage_cut : float, optional
        Thresholds; default the median of each column.

    Returns
    -------
    DataFrame
        The two measures and ``type`` (categorical), same index as ``data``;
        ``attrs["typology"]`` records the columns and cuts. Strategies:
        ``TYPOLOGIES["dick_basu"]``.

    Examples
    --------
    >>> d = pd.DataFrame({"relative_attitude": [6, 6, 2, 2], "repeat_patronage": [8, 1, 8, 1]})
    >>> dick_basu(d, attitude_cut=4, patronage_cut=3)["type"].tolist()
    ['Loyalty', 'Latent loyalty', 'Spurious loyalty', 'No loyalty']
    """
    return _quadrants(data, "dick_basu", ("patronage", patronage), ("attitude", attitude),
                      patronage_cut, attitude_cut)


def knox(data: pd.DataFrame, *, involvement: str = "involvement", brands: str = "brands_bought",
         involvement_cut: float | None = None, brands_cut: float | None = None) -> pd.DataFrame:
    """Knox's (1998) loyalty diamond as course deck 003 draws it: involvement x number of brands bought.

    *Loyals* (忠诚者) are involved in the category and buy few brands; *habitual buyers*
    (习惯性购买者) buy few brands with little involvement; *multi-brand buyers* (多品牌购买者)
    are involved but buy many brands; *brand switchers* (品牌改换者) have little involvement and
    buy many brands. A value at or above its cut counts as high (many brands, high involvement).

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    involvement : str
        Column with the customer's involvement in the category (e.g. mean of survey items).
    brands : str
        Column with the number of brands the customer buys in the category (or an estimate of it).
    involvement_cut, brands_cut : float, optional
        Thresholds; default the median of each column.

    Returns
    -------
    DataFrame
        The two measures and ``type``; strategies in ``TYPOLOGIES["knox"]``.

    Examples
    --------
    >>> d = pd.DataFrame({"involvement": [6, 2, 6, 2], "brands_bought": [1, 1, 4, 5]})
    >>> knox(d, involvement_cut=4, brands_cut=3)["type"].tolist()
    ['Loyals', 'Habitual buyers', 'Multi-brand buyers', 'Brand switchers']
    """
    return _quadrants(data, "knox", ("brands", brands), ("involvement", involvement), brands_cut, involvement_cut)


def reinartz_kumar(data: pd.DataFrame, *, profit: str = "profit", duration: str = "duration",
                   profit_cut: float | None = None, duration_cut: float | None = None) -> pd.DataFrame:
    """Reinartz & Kumar's (2002) customer types: profitability x expected duration.

    *True friends* are profitable and stay; *butterflies* are profitable but
    leave soon; *barnacles* stay but bring little profit; *strangers* bring
    little and leave. A value at or above its cut counts as high.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    profit : str
        Column with the customer's profitability (e.g. total margin in CNY).
    duration : str
        Column with the (expected) relationship duration (e.g. days from first to last order).
    profit_cut, duration_cut : float, optional
        Thresholds; default the median of each column.

    Returns
    -------
    DataFrame
        The two measures and ``type``; strategies in ``TYPOLOGIES["reinartz_kumar"]``.

    Examples
    --------
    >>> d = pd.DataFrame({"profit": [500.0, 20.0], "duration": [30, 900]})
    >>> reinartz_kumar(d, profit_cut=100, duration_cut=365)["type"].tolist()
    ['Butterflies', 'Barnacles']
    """
    return _quadrants(data, "reinartz_kumar", ("duration", duration), ("profit", profit), duration_cut, profit_cut)


def jones_sasser(data: pd.DataFrame, *, satisfaction: str = "satisfaction",
                 recommendation: str = "recommendation", repurchase: str = "repurchase",
                 satisfied_at: float | None = 5.0, committed_at: float | None = 5.0) -> pd.DataFrame:
    """Jones & Sasser's (1995) loyalists, mercenaries, hostages and defectors from survey answers.

    A customer is *satisfied* when the satisfaction score reaches ``satisfied_at`` and
    *committed* when both the recommendation and the repurchase answers reach
    ``committed_at`` (on a 1-7 scale, 5 = "somewhat agree"). Satisfied and committed:
    *loyalists*; satisfied only: *mercenaries*; committed only: *hostages* (held by
    switching costs or habit); neither: *defectors*. The split shows Jones & Sasser's point
    that being satisfied is not the same as staying. It is not Brandt's typology of the
    course deck (:func:`brandt_split`), which judges three criteria together.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    satisfaction : str
        Column with the satisfaction score (e.g. mean of the satisfaction items).
    recommendation, repurchase : str
        Columns with the answers on recommending us and buying again.
    satisfied_at, committed_at : float or None
        Thresholds on the answer scale (None: the median).

    Returns
    -------
    DataFrame
        ``satisfaction``, ``commitment`` (the lower of recommendation and
        repurchase) and ``type``; strategies in ``TYPOLOGIES["jones_sasser"]``.

    Examples
    --------
    >>> d = pd.DataFrame({"satisfaction": [6.3, 6.0, 3.0, 2.7], "recommendation": [7, 4, 6, 3],
    ...                   "repurchase": [6, 7, 5, 2]})
    >>> jones_sasser(d)["type"].tolist()
    ['Loyalists', 'Mercenaries', 'Hostages', 'Defectors']
    """
    data = require_frame(data, "data")
    require_columns(data, {"satisfaction": satisfaction, "recommendation": recommendation,
                           "repurchase": repurchase}, "data")
    commitment = np.minimum(_measure(data, recommendation, "recommendation"),
                            _measure(data, repurchase, "repurchase"))
    frame = pd.DataFrame({satisfaction: data[satisfaction], "commitment": commitment}, index=data.index)
    return _quadrants(frame, "jones_sasser", ("satisfaction", satisfaction), ("commitment", "commitment"),
                      satisfied_at, committed_at)


# --- Brandt (course deck 003) ---------------------------------------------------------------------------------

def brandt_split(data: pd.DataFrame, *, satisfaction: str = "satisfaction", recommendation: str = "recommendation",
                 repurchase: str = "repurchase", very: float = 6, basic: float = 5,
                 unsure: float = 4) -> pd.DataFrame:
    """Brandt's secure, satisfied, vulnerable and dissatisfied customers (deck 003) from 1-7 survey answers.

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
        The three measures and ``type`` (categorical, best first: Secure, Satisfied, Vulnerable,
        Dissatisfied); strategies in :data:`BRANDT_TYPES`.

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
        raise ValueError(tr("thresholds must satisfy unsure <= basic <= very; got unsure={unsure}, basic={basic}, "
                            "very={very}.", unsure=unsure, basic=basic, very=very))
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
            raise ValueError(tr("{name} must be a cost in CNY, a number >= 0; got {value!r}.", name=name, value=value))
    grouped = frame.assign(**{date: dates}).groupby(customer)
    out = pd.DataFrame({"gross_margin": grouped[margin].sum().astype(float)})
    tickets = pd.Series(0.0, index=out.index)
    if tickets_per_customer is not None:
        if not isinstance(tickets_per_customer, pd.Series):
            raise TypeError(tr("tickets_per_customer must be a pandas Series of ticket counts indexed by customer "
                               "id; got {type_name}.", type_name=type(tickets_per_customer).__name__))
        tickets = tickets_per_customer.reindex(out.index).fillna(0).astype(float)
    out["cost_to_serve"] = grouped.size().astype(float) * order_cost + tickets * ticket_cost
    out["profit"] = out["gross_margin"] - out["cost_to_serve"]
    out["duration"] = (grouped[date].max() - grouped[date].min()).dt.days
    return out
