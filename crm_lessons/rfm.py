"""RFM analysis: recency, frequency and monetary value from a transaction log.

RFM describes each customer by three numbers taken from the order history
(Hughes 1994, *Strategic Database Marketing*): how many days since the last
order (recency), how many distinct orders (frequency) and how much money in
total (monetary). :func:`rfm_table` computes them, :func:`rfm_scores` turns them
into scores 1..bins (recent = high), and :func:`rfm_segments` names segments
with the rule table :data:`SEGMENT_RULES` (or :data:`SIMPLE_RULES`, or your own).

Examples
--------
>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3],
...                    "order_date": ["2024-01-01", "2024-03-01", "2024-02-01"],
...                    "amount": [10.0, 30.0, 5.0]})
>>> rfm_table(tx, as_of="2024-03-31")  # doctest: +NORMALIZE_WHITESPACE
             recency  frequency  monetary
customer_id
A                 30          2      40.0
B                 59          1       5.0
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_whole_number, require_columns, require_finite_totals, require_frame, require_timestamp
from .i18n import N_, _, tr

__all__ = ["DroppedRowsWarning", "SEGMENT_RULES", "SIMPLE_RULES", "rfm_table", "rfm_scores",
           "rfm_segments", "segment_summary"]

RFM_COLUMNS = ["recency", "frequency", "monetary"]
_RULE_COLUMNS = ["segment", "r_min", "r_max", "f_min", "f_max", "description", "action"]


class DroppedRowsWarning(UserWarning):
    """Warning from :func:`rfm_table` with ``on_invalid="drop"``: how many rows were dropped, and why."""


def _rule_table(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_RULE_COLUMNS)


#: The detailed rule table used by :func:`rfm_segments`. Scores are read on a 1-5
#: scale (R = recency score, F = frequency score); rows are tried from the top and the
#: first whose ranges hold both scores wins. Every (R, F) cell is covered exactly once.
SEGMENT_RULES = _rule_table([
    ("Champions", 4, 5, 4, 5, "bought recently and buy often",
     "reward and thank them, early access to new products, ask for reviews and referrals; no discounts needed"),
    ("Loyal", 3, 5, 3, 5, "buy regularly, last order not long ago",
     "loyalty programme, cross-sell and up-sell, personal recommendations"),
    ("Potential loyalists", 4, 5, 2, 2, "recent customers with a second order",
     "membership offer, onboarding series, a reason to make the third order"),
    ("New customers", 5, 5, 1, 1, "first order very recently",
     "welcome series, good first delivery and service, ask how it went"),
    ("Promising", 4, 4, 1, 1, "one order, fairly recent",
     "light-touch offers that build the habit, brand story"),
    ("Need attention", 3, 3, 1, 2, "few orders, neither recent nor lapsed",
     "time-limited offer based on what they bought, reminder e-mails"),
    ("Can't lose them", 1, 2, 5, 5, "used to buy very often, now silent",
     "personal win-back contact, find out what went wrong, a strong offer"),
    ("At risk", 1, 2, 3, 4, "bought often before, no order for a long time",
     "reactivation campaign, personalised offer, service check-in"),
    ("Hibernating", 2, 2, 1, 2, "few orders, a long time ago",
     "low-cost reminders (e-mail), seasonal offers; do not spend much"),
    ("Lost", 1, 1, 1, 2, "few orders, longest time since the last one",
     "at most a cheap automated win-back, then stop spending"),
])

#: A four-segment rule table (recent = R 3-5, frequent = F 3-5), same format as
#: :data:`SEGMENT_RULES`.
SIMPLE_RULES = _rule_table([
    ("Champions", 3, 5, 3, 5, "recent and frequent",
     "reward, cross-sell, referrals"),
    ("Promising", 3, 5, 1, 2, "recent but not (yet) frequent",
     "onboarding and offers that build the habit"),
    ("At risk", 1, 2, 3, 5, "frequent before, lapsed now",
     "personal win-back before they are gone"),
    ("Hibernating", 1, 2, 1, 2, "infrequent and lapsed",
     "cheap automated reminders only"),
])




def parse_dates(series: pd.Series) -> pd.Series:
    """Dates as time-zone-free datetimes (local wall-clock time kept); unreadable values become NaT.

    Lenient on purpose: :func:`rfm_table` reports the unreadable rows itself.

    >>> parse_dates(pd.Series(["2024-01-31", "soon"])).tolist()
    [Timestamp('2024-01-31 00:00:00'), NaT]
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed


def _amounts(series: pd.Series, column: str) -> pd.Series:
    numbers_as_objects = series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in (
        "integer", "floating", "mixed-integer-float", "decimal")
    if not numbers_as_objects and (pd.api.types.is_bool_dtype(series)
                                   or not pd.api.types.is_numeric_dtype(series)):
        sample = series.dropna().astype(str).head(3).tolist()
        raise TypeError(tr("Column {column!r} of tx (amount=) must be numeric, but it holds {dtype} values such as "
                           "{sample}.", column=column, dtype=series.dtype, sample=sample))
    return series.astype("float64")


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer code per row (-1 = missing) and the distinct values, sorted when they can be."""
    codes, uniques = pd.factorize(values)
    uniques = pd.Index(uniques)
    if len(uniques) == 0:    # every value missing: all codes are -1, reported as missing ids
        return codes, uniques
    try:
        order = uniques.argsort()
    except TypeError:        # ids of mixed types cannot be sorted: keep first-seen order
        return codes, uniques
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return np.where(codes < 0, -1, rank[codes]), uniques[order]


def _problems(raw_dates: pd.Series, dates: pd.Series, money: pd.Series, cust_codes: np.ndarray,
              order_codes: np.ndarray | None, cutoff: pd.Timestamp) -> dict[str, np.ndarray]:
    """Boolean masks of invalid rows, one per reason, in the order they are reported."""
    missing_date = raw_dates.isna().to_numpy()
    parsed = dates.notna().to_numpy()
    return {
        "missing customer id": cust_codes < 0,
        "missing order id": order_codes < 0 if order_codes is not None else np.zeros(len(dates), bool),
        "missing date": missing_date,
        "unparseable date": ~parsed & ~missing_date,
        "future-dated (after as_of)": (dates > cutoff).to_numpy(),
        "missing amount": money.isna().to_numpy(),
        "negative amount": (money < 0).to_numpy(),
    }


_REASON_ARG = {N_("missing customer id"): "customer", N_("missing order id"): "order", N_("missing date"): "date",
               N_("unparseable date"): "date", N_("future-dated (after as_of)"): "date",
               N_("missing amount"): "amount", N_("negative amount"): "amount"}


def _raise_for(reason: str, mask: np.ndarray, tx: pd.DataFrame, cols: dict[str, str], dates: pd.Series,
               as_of: pd.Timestamp) -> None:
    arg = _REASON_ARG[reason]
    name = cols[arg]
    n = int(mask.sum())
    if reason == "unparseable date":
        sample = tx[name][mask].astype(str).head(3).tolist()
        detail = tr("{count} value(s) that are not dates, e.g. {sample}. Use ISO dates like 2024-01-31.",
                    count=n, sample=sample)
    elif reason.startswith("future"):
        detail = tr("{count} order(s) dated after as_of={as_of} (latest {latest}): recency would be negative. "
                    "Pass a later as_of, or keep only the orders up to it, e.g. tx[tx[{name!r}] <= as_of].",
                    count=n, as_of=as_of.date(), latest=dates[mask].max().date(), name=name)
    elif reason == "negative amount":
        detail = tr("{count} negative value(s) (smallest {smallest:g}); amounts must be zero or more. "
                    "Remove returns and cancellations first.", count=n, smallest=tx[name].min())
    else:
        detail = tr("{count} missing value(s), e.g. in rows {rows}.", count=n, rows=tx.index[mask][:3].tolist())
    raise ValueError(tr("Column {name!r} of tx ({arg}=) has {detail} Fix or remove those rows, or call "
                        "rfm_table(..., on_invalid='drop') to drop them with a report.",
                        name=name, arg=arg, detail=detail))


def rfm_table(tx: pd.DataFrame, *, customer: str = "customer_id", order: str | None = "order_id",
              date: str = "order_date", amount: str = "amount", as_of: Any = None,
              on_invalid: str = "raise") -> pd.DataFrame:
    """Recency, frequency and monetary value per customer from a transaction log.

    Parameters
    ----------
    tx : DataFrame
        One row per order or per order line (any column names).
    customer, date, amount : str
        Columns holding the customer id, the order date (datetime or ISO text) and
        the amount of money (zero or more) of the row.
    order : str or None
        Column holding the order id. Frequency counts *distinct* orders, so a
        log with several lines per order is counted correctly. ``None`` treats
        each distinct (customer, calendar day) as one order.
    as_of : date-like, optional
        The day on which recency is measured. Default: the latest order date in
        ``tx`` (or today, if the log holds orders dated after today). Orders
        dated after ``as_of`` are invalid: recency cannot be negative.
    on_invalid : {"raise", "drop"}
        What to do with invalid rows (missing customer id, order id, date or
        amount; unparseable date; order after ``as_of``; negative amount).
        ``"raise"`` (default) stops with a message naming the column;
        ``"drop"`` removes them, emits a :class:`DroppedRowsWarning` saying how
        many were dropped for which reason, and records the counts in
        ``result.attrs["dropped"]``.

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted), columns ``recency`` (whole days from
        the last order to ``as_of``, int), ``frequency`` (distinct orders, int)
        and ``monetary`` (total amount, float). ``attrs["as_of"]`` holds the
        date used.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"cust": ["A", "A", "A"], "ord": ["o1", "o1", "o2"],
    ...                       "day": ["2024-05-01", "2024-05-01", "2024-05-20"],
    ...                       "eur": [20.0, 5.0, 10.0]})
    >>> columns = dict(customer="cust", date="day", amount="eur", order="ord")
    >>> rfm_table(lines, **columns, as_of="2024-05-31")  # doctest: +NORMALIZE_WHITESPACE
          recency  frequency  monetary
    cust
    A          11          2      35.0
    """
    tx = require_frame(tx, "tx")
    if on_invalid not in ("raise", "drop"):
        raise ValueError(tr("on_invalid must be 'raise' or 'drop', got {on_invalid!r}.", on_invalid=on_invalid))
    cols = {"customer": customer, "date": date, "amount": amount}
    if order is not None:
        cols["order"] = order
    for arg, name in cols.items():
        if not isinstance(name, str):
            raise TypeError(tr("{arg} must be a column name (str), got {type_name}.",
                               arg=arg, type_name=type(name).__name__))
    require_columns(tx, cols, "tx")
    money = _amounts(tx[amount], amount)
    dates = parse_dates(tx[date])
    if as_of is None:
        latest = dates.max()
        if pd.isna(latest):
            raise ValueError(tr("Column {date!r} of tx (date=) holds no valid dates.", date=date))
        today = pd.Timestamp.today().normalize()
        stamp = min(latest.normalize(), today)
    else:
        stamp = require_timestamp(as_of, "as_of", example="2024-12-31")
    # Orders on the as_of day itself are allowed (recency 0), whatever their time of day.
    cutoff = stamp + pd.Timedelta(days=1) - pd.Timedelta(1, unit="ns")
    cust_codes, customers = _codes(tx[customer])
    order_codes = pd.factorize(tx[order])[0] if order is not None else None
    problems = _problems(tx[date], dates, money, cust_codes, order_codes, cutoff)
    dropped = {reason: int(mask.sum()) for reason, mask in problems.items() if mask.any()}
    if dropped:
        if on_invalid == "raise":
            reason = next(iter(dropped))
            _raise_for(reason, problems[reason], tx, cols, dates, stamp)
        keep = ~np.logical_or.reduce(list(problems.values()))
        parts = ", ".join(tr("{count} {reason}", count=n, reason=_(reason)) for reason, n in dropped.items())
        warnings.warn(tr("rfm_table dropped {dropped} of {total} row(s): {parts}.",
                         dropped=len(tx) - int(keep.sum()), total=len(tx), parts=parts),
                      DroppedRowsWarning, stacklevel=2)
        if not keep.any():
            raise ValueError(tr("tx has no valid rows left after dropping the invalid ones ({parts}); nothing to "
                                "analyse.", parts=parts))
        dates, money, cust_codes = dates[keep], money[keep], cust_codes[keep]
        order_codes = order_codes[keep] if order_codes is not None else None
        present = np.bincount(cust_codes, minlength=len(customers)) > 0   # customers left with no valid row
        customers = customers[present]
        cust_codes = (np.cumsum(present) - 1)[cust_codes]

    n_cust = len(customers)
    cust_codes = cust_codes.astype(np.int64)
    day = dates.to_numpy("datetime64[D]").astype(np.int64)
    last_day = np.full(n_cust, np.iinfo(np.int64).min)
    np.maximum.at(last_day, cust_codes, day)
    # Frequency: distinct (customer, order) pairs, each pair encoded as one integer.
    order_codes = day - day.min() if order_codes is None else order_codes.astype(np.int64)
    width = int(order_codes.max()) + 1
    pairs = pd.unique(cust_codes * width + order_codes)
    frequency = np.bincount(pairs // width, minlength=n_cust)
    monetary = np.bincount(cust_codes, weights=money.to_numpy(), minlength=n_cust)
    require_finite_totals(monetary, "monetary", amount)
    as_of_day = np.datetime64(stamp.date(), "D").astype(np.int64)
    out = pd.DataFrame({"recency": as_of_day - last_day, "frequency": frequency.astype(np.int64),
                        "monetary": monetary}, index=pd.Index(customers, name=customer))
    out.attrs["as_of"] = stamp
    if dropped:
        out.attrs["dropped"] = dropped
    return out


def check_bins(bins: Any) -> int:
    """The number of score bins: a whole number from 2 to 9 (one digit per score in the RFM code).

    >>> check_bins(5)
    5
    """
    if not is_whole_number(bins):
        raise TypeError(tr("bins must be a whole number between 2 and 9, got {type_name}.",
                           type_name=type(bins).__name__))
    if not 2 <= int(bins) <= 9:
        raise ValueError(tr("bins must be between 2 and 9 (one digit per score in the RFM code), got {bins}.",
                            bins=bins))
    return int(bins)


def _rank_score(values: pd.Series, bins: int) -> np.ndarray:
    """Score 1..bins by position: the equal-size bin where a value's tie group starts.

    With n customers, the value whose tie group starts at rank a (1 = lowest)
    scores floor((a - 1) * bins / n) + 1. Equal values always share a score, the
    lowest value always scores 1, and without ties each bin holds n / bins
    customers (give or take one). A large tie group (say, 40 % who ordered once)
    keeps the score where it starts, so the levels it spans go unused.
    """
    first_rank = values.rank(method="min").to_numpy().astype(np.int64)
    return ((first_rank - 1) * bins) // len(values) + 1


def rfm_scores(rfm: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Score recency, frequency and monetary value 1..``bins`` by quantile (recent = high).

    Each customer gets the quantile bin of their value among all customers:
    ``bins=5`` gives quintile scores, 5 being the most recent, most frequent or
    highest spending fifth. Tied values always get the same score (a tie group
    takes the score of the bin where it starts), so with few distinct values
    (e.g. 40 % of customers ordered once, all scoring 1) some levels are simply
    not used; scores never leave 1..bins.

    Parameters
    ----------
    rfm : DataFrame
        Output of :func:`rfm_table`: numeric columns ``recency``, ``frequency``
        and ``monetary``, one row per customer.
    bins : int
        Number of score levels, 2 to 9 (default 5).

    Returns
    -------
    DataFrame
        ``rfm`` plus integer columns ``r_score``, ``f_score``, ``m_score`` and
        the text ``rfm_code`` (e.g. ``"545"``); ``attrs["bins"]`` records ``bins``.

    Examples
    --------
    >>> import pandas as pd
    >>> rfm = pd.DataFrame({"recency": [5, 40, 300, 90], "frequency": [6, 3, 1, 1],
    ...                     "monetary": [900.0, 150.0, 20.0, 60.0]}, index=["A", "B", "C", "D"])
    >>> rfm_scores(rfm, bins=4)[["r_score", "f_score", "m_score", "rfm_code"]]
       r_score  f_score  m_score rfm_code
    A        4        4        4      444
    B        3        3        3      333
    C        1        1        1      111
    D        2        1        2      212
    """
    rfm = require_frame(rfm, "rfm")
    bins = check_bins(bins)
    require_columns(rfm, {c: c for c in RFM_COLUMNS}, "rfm")
    for column in RFM_COLUMNS:
        series = rfm[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            raise TypeError(tr("Column {column!r} of rfm must be numeric, got {dtype}; build rfm with rfm_table().",
                               column=column, dtype=series.dtype))
        if series.isna().any():
            raise ValueError(tr("Column {column!r} of rfm has {count} missing value(s).",
                                column=column, count=int(series.isna().sum())))
    out = rfm.copy()
    out["r_score"] = _rank_score(-rfm["recency"], bins)
    out["f_score"] = _rank_score(rfm["frequency"], bins)
    out["m_score"] = _rank_score(rfm["monetary"], bins)
    out["rfm_code"] = (out["r_score"].astype(str) + out["f_score"].astype(str)
                       + out["m_score"].astype(str)).astype(object)
    out.attrs["bins"] = bins
    return out


def check_segment_rules(rules: Any) -> pd.DataFrame:
    """A segment rule table (like :data:`SEGMENT_RULES`): score ranges on the 1-5 scale, minimum <= maximum.

    >>> len(check_segment_rules(SIMPLE_RULES))
    4
    """
    rules = require_frame(rules, "rules")
    require_columns(rules, {c: c for c in _RULE_COLUMNS[:5]}, "rules")
    for column in _RULE_COLUMNS[1:5]:
        values = rules[column]
        if not pd.api.types.is_integer_dtype(values) or not values.between(1, 5).all():
            raise ValueError(tr("Column {column!r} of rules must hold whole numbers from 1 to 5 (scores are read on "
                                "a 1-5 scale).", column=column))
    if (rules["r_min"] > rules["r_max"]).any() or (rules["f_min"] > rules["f_max"]).any():
        raise ValueError(tr("rules has a row whose minimum is above its maximum (r_min > r_max or f_min > f_max)."))
    return rules


def segment_grid(rules: pd.DataFrame) -> np.ndarray:
    """5 x 5 array of segment names: [r - 1, f - 1] -> first rule that matches.

    >>> segment_grid(SIMPLE_RULES)[4, 4]
    'Champions'
    """
    grid = np.full((5, 5), None, dtype=object)
    for row in rules.itertuples(index=False):
        block = grid[row.r_min - 1: row.r_max, row.f_min - 1: row.f_max]
        block[block == None] = row.segment  # noqa: E711 (element-wise test for empty cells)
    empty = [f"R{r + 1}F{f + 1}" for r, f in zip(*np.nonzero(grid == None))]  # noqa: E711
    if empty:
        raise ValueError(tr("rules leave {count} (R, F) cell(s) without a segment: {empty}. Add a rule that covers "
                            "them.", count=len(empty), empty=', '.join(empty)))
    return grid


def scores_on_five(scores: np.ndarray, bins: int) -> np.ndarray:
    """Map scores 1..bins onto 1..5 (nearest level, halves rounded up); identity for bins=5.

    >>> scores_on_five(np.array([1, 2, 3]), bins=3).tolist()
    [1, 3, 5]
    """
    return (8 * (scores - 1) + (bins - 1)) // (2 * (bins - 1)) + 1


def rfm_segments(scores: pd.DataFrame, rules: pd.DataFrame | None = None, bins: int | None = None) -> pd.DataFrame:
    """Name a segment for every customer from their recency and frequency scores.

    The rule table says, for ranges of the R score and the F score (on a 1-5
    scale), which segment a customer belongs to; rows are tried from the top
    and the first match wins. The default, :data:`SEGMENT_RULES`, has ten
    segments (Champions, Loyal, Potential loyalists, New customers, Promising,
    Need attention, Can't lose them, At risk, Hibernating, Lost) and an
    ``action`` column saying what each should receive. Monetary value is left
    out of the rule because it moves with frequency; it measures what each
    segment is worth (see :func:`segment_summary`). Scores from other ``bins``
    are first mapped onto 1-5 (nearest level).

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`rfm_scores` (integer ``r_score`` and ``f_score``).
    rules : DataFrame, optional
        Columns ``segment, r_min, r_max, f_min, f_max`` (whole numbers 1-5);
        every (R, F) cell must be covered. Default :data:`SEGMENT_RULES`.
    bins : int, optional
        Number of score levels; default ``scores.attrs["bins"]``, else 5.

    Returns
    -------
    DataFrame
        ``scores`` plus ``segment``, an ordered categorical in rule-table order.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"r_score": [5, 1, 2], "f_score": [5, 4, 1]}, index=["A", "B", "C"])
    >>> rfm_segments(scores)["segment"].tolist()
    ['Champions', 'At risk', 'Hibernating']
    """
    scores = require_frame(scores, "scores")
    rules = SEGMENT_RULES if rules is None else check_segment_rules(rules)
    grid = segment_grid(rules)
    bins = check_bins(scores.attrs.get("bins", 5) if bins is None else bins)
    require_columns(scores, {"r_score": "r_score", "f_score": "f_score"}, "scores")
    levels = {}
    for column in ("r_score", "f_score"):
        values = scores[column]
        if not pd.api.types.is_integer_dtype(values) or not values.between(1, bins).all():
            raise ValueError(tr("Column {column!r} of scores must hold whole numbers from 1 to {bins} (bins={bins}); "
                                "build scores with rfm_scores(rfm, bins={bins}) or pass bins=.",
                                column=column, bins=bins))
        levels[column] = scores_on_five(values.to_numpy(np.int64), bins)
    names = grid[levels["r_score"] - 1, levels["f_score"] - 1]
    order = list(dict.fromkeys(rules["segment"]))
    out = scores.copy()
    out["segment"] = pd.Categorical(names, categories=order, ordered=True)
    return out


def segment_summary(segmented: pd.DataFrame, *, segment: str = "segment") -> pd.DataFrame:
    """Size and value of each segment: customers, shares, mean R/F/M, total monetary value.

    Parameters
    ----------
    segmented : DataFrame
        One row per customer with ``recency``, ``frequency``, ``monetary`` and a
        segment column (e.g. the output of :func:`rfm_segments`).
    segment : str
        Name of the segment column. Empty categories are kept with 0 customers.

    Returns
    -------
    DataFrame
        Indexed by segment: ``customers``, ``customer_share``, ``recency``,
        ``frequency``, ``monetary`` (means), ``total_monetary``, ``value_share``.

    Examples
    --------
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"recency": [1, 3, 100], "frequency": [4, 2, 1],
    ...                     "monetary": [300.0, 100.0, 100.0], "segment": ["Top", "Top", "Low"]})
    >>> segment_summary(seg)[["customers", "total_monetary", "value_share"]]  # doctest: +NORMALIZE_WHITESPACE
             customers  total_monetary  value_share
    segment
    Low              1           100.0          0.2
    Top              2           400.0          0.8
    """
    segmented = require_frame(segmented, "segmented")
    require_columns(segmented, {**{c: c for c in RFM_COLUMNS}, "segment": segment}, "segmented")
    groups = segmented.groupby(segment, observed=False, sort=True)
    out = groups[RFM_COLUMNS].mean()
    out.insert(0, "customers", groups.size().astype(np.int64))
    out.insert(1, "customer_share", out["customers"] / len(segmented))
    out["total_monetary"] = groups["monetary"].sum()
    total = segmented["monetary"].sum()
    out["value_share"] = out["total_monetary"] / total if total > 0 else np.nan
    return out
