"""Acquisition cohorts: who is still buying one, two, three periods after their first purchase.

A cohort is the group of customers whose first purchase fell in the same
calendar period (month, quarter or year). :func:`cohort_counts` counts, for each
cohort, how many of its customers bought in each later period;
:func:`cohort_retention` turns that into shares (the usual cohort heatmap);
:func:`period_retention` and :func:`implied_retention` read off the
period-to-period retention rate that the CLV formula needs.

Only complete periods are shown: a cell whose calendar period ends after
``as_of`` is left empty (NaN), so the last, half-observed period never looks
like a sudden drop.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_whole_number, require_columns, require_dates, require_frame
from .i18n import tr

__all__ = ["cohort_counts", "cohort_retention", "period_retention", "implied_retention"]

_FREQS = {"M": "M", "Q": "Q", "Y": "Y"}


def _ordinal(dates: pd.Series, freq: str) -> np.ndarray:
    """Period number of each date, counted like pandas Period ordinals (1970 = 0)."""
    years = dates.dt.year.to_numpy() - 1970
    if freq == "Y":
        return years
    if freq == "Q":
        return years * 4 + dates.dt.quarter.to_numpy() - 1
    return years * 12 + dates.dt.month.to_numpy() - 1


def cohort_counts(tx: pd.DataFrame, *, customer: str = "customer_id", date: str = "order_date",
                  freq: str = "Q", as_of: Any = None) -> pd.DataFrame:
    """Active customers per acquisition cohort and period since acquisition.

    Parameters
    ----------
    tx : DataFrame
        Transaction log, one row per order (or line).
    customer, date : str
        Column names of the customer id and the order date.
    freq : {"M", "Q", "Y"}
        Period length: month, quarter or year.
    as_of : date-like, optional
        Analysis date (default: the last order date). Orders after it are
        ignored (their number is in ``result.attrs["dropped_after_as_of"]``)
        and periods that end after it are left as NaN.

    Returns
    -------
    DataFrame
        Index: cohort (a period label such as ``"2022Q1"``); columns ``0, 1, 2,
        ...``: periods since the first purchase. Column 0 is the cohort size
        (every customer is active in the period they joined); column ``k``
        counts the cohort's customers with at least one order in period ``k``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...                    "order_date": ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-03-30"]})
    >>> cohort_counts(tx, freq="M", as_of="2024-03-31").to_dict("index")
    {'2024-01': {0: 2.0, 1: 1.0, 2: 0.0}, '2024-02': {0: 1.0, 1: 1.0, 2: nan}}
    """
    tx = require_frame(tx, "tx")
    require_columns(tx, {"customer": customer, "date": date}, "tx")
    if not isinstance(freq, str) or freq.upper() not in _FREQS:
        raise ValueError(tr("freq must be 'M' (month), 'Q' (quarter) or 'Y' (year), got {freq!r}.", freq=freq))
    freq = _FREQS[freq.upper()]
    if tx[customer].isna().any():
        raise ValueError(tr("Column {customer!r} of tx has {count} missing customer id(s).",
                            customer=customer, count=int(tx[customer].isna().sum())))
    dates = require_dates(tx, date, "tx")
    cutoff = pd.Timestamp(as_of) if as_of is not None else dates.max()
    keep = (dates <= cutoff).to_numpy()
    if not keep.any():
        raise ValueError(tr("tx has no orders on or before as_of={cutoff_date}.", cutoff_date=cutoff.date()))
    work = pd.DataFrame({"customer": tx[customer].to_numpy()[keep],
                         "period": _ordinal(dates[keep], freq)}).drop_duplicates()
    first = work.groupby("customer")["period"].transform("min")
    work = work.assign(cohort=first, k=work["period"] - first)
    counts = work.groupby(["cohort", "k"]).size().unstack("k", fill_value=0).astype(float)
    # A cell is observed only when its calendar period has ended by the cut-off.
    last_complete = pd.Period(cutoff, freq).ordinal
    if cutoff < pd.Period(cutoff, freq).end_time.normalize():
        last_complete -= 1
    span = max(int(last_complete - counts.index.min()), int(counts.columns.max()), 0)
    counts = counts.reindex(columns=range(span + 1), fill_value=0.0)
    cohort_ord = counts.index.to_numpy()[:, None]
    observed = cohort_ord + counts.columns.to_numpy()[None, :] <= last_complete
    observed[:, 0] = True
    counts = counts.where(observed)
    counts = counts.loc[:, counts.notna().any()]        # periods no cohort has completed yet
    counts.index = pd.Index([str(pd.Period(ordinal=int(o), freq=freq)) for o in counts.index], name="cohort")
    counts.columns = pd.Index([int(c) for c in counts.columns], name="periods_since_first")
    counts.attrs["dropped_after_as_of"] = int((~keep).sum())
    counts.attrs["freq"] = freq
    return counts


def cohort_retention(tx: pd.DataFrame, *, customer: str = "customer_id", date: str = "order_date",
                     freq: str = "Q", as_of: Any = None) -> pd.DataFrame:
    """Share of each acquisition cohort that bought again in each later period.

    The same table as :func:`cohort_counts`, divided by the cohort size, so
    column 0 is 1.0 and column ``k`` is the share of the cohort active ``k``
    periods after joining. The cohort sizes are kept in ``attrs["sizes"]``
    rather than in a column, so the table can go straight into a heatmap.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...                    "order_date": ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-03-30"]})
    >>> cohort_retention(tx, freq="M", as_of="2024-03-31").loc["2024-01"].tolist()
    [1.0, 0.5, 0.0]
    """
    counts = cohort_counts(tx, customer=customer, date=date, freq=freq, as_of=as_of)
    shares = counts.div(counts[0], axis=0)
    shares.attrs = {**counts.attrs, "sizes": counts[0].astype(int).to_dict()}
    return shares


def _require_counts(counts: Any) -> pd.DataFrame:
    counts = require_frame(counts, "counts")
    if 0 not in counts.columns or not all(isinstance(c, (int, np.integer)) for c in counts.columns):
        raise ValueError(tr("counts must be the table from cohort_counts: columns 0, 1, 2, ... (periods since the "
                            "first purchase) with the cohort sizes in column 0."))
    if (counts[0] <= 0).any() or counts[0].isna().any():
        raise ValueError(tr("counts column 0 must hold the (positive) cohort sizes; pass cohort_counts(...), not "
                            "cohort_retention(...)."))
    if counts.shape[1] < 2:
        raise ValueError(tr("counts has only period 0: at least two periods are needed to measure retention."))
    return counts


def period_retention(counts: pd.DataFrame) -> pd.DataFrame:
    """Pooled retention from period ``k`` to ``k + 1`` since acquisition.

    For each step, the customers active in period ``k + 1`` divided by those
    active in period ``k``, summed over the cohorts where both periods are
    observed. (Active means "bought in that period", so a customer who skips a
    period and comes back counts again: this is the repeat-buying view of
    retention.)

    Parameters
    ----------
    counts : DataFrame
        Output of :func:`cohort_counts`.

    Returns
    -------
    DataFrame
        One row per step: ``from_period``, ``to_period``, ``active_before``,
        ``active_after``, ``retention``, ``cohorts``.

    Examples
    --------
    >>> counts = pd.DataFrame({0: [100.0, 80.0], 1: [40.0, 30.0], 2: [30.0, np.nan]})
    >>> period_retention(counts)["retention"].round(3).tolist()
    [0.389, 0.75]
    """
    counts = _require_counts(counts)
    rows = []
    for k in counts.columns[:-1]:
        both = counts[[k, k + 1]].dropna()
        before, after = float(both[k].sum()), float(both[k + 1].sum())
        rows.append({"from_period": int(k), "to_period": int(k + 1), "active_before": before,
                     "active_after": after, "retention": after / before if before > 0 else np.nan,
                     "cohorts": len(both)})
    return pd.DataFrame(rows)


def implied_retention(counts: pd.DataFrame, start: int = 0) -> float:
    """One retention rate per period implied by the cohort table.

    The pooled ratio of active customers one period later to active customers
    now, over every step from period ``start`` on and every cohort that has
    both periods observed. With ``start=0`` it includes the first, usually
    steepest, step after acquisition (one-off buyers leave there); ``start=1``
    measures retention among customers who already came back once.

    Parameters
    ----------
    counts : DataFrame
        Output of :func:`cohort_counts`.
    start : int
        First period (since acquisition) whose step is counted.

    Returns
    -------
    float
        A rate in ``[0, 1]`` (it can exceed 1 only if customers return in
        later periods more than they buy in earlier ones).

    Examples
    --------
    >>> counts = pd.DataFrame({0: [100.0, 80.0], 1: [40.0, 30.0], 2: [30.0, np.nan]})
    >>> round(implied_retention(counts), 4)     # (40 + 30 + 30) / (100 + 80 + 40)
    0.4545
    """
    steps = period_retention(counts)
    if not is_whole_number(start):
        raise TypeError(tr("start must be a whole number of periods, got {type_name}.", type_name=type(start).__name__))
    if not 0 <= start < len(steps):
        raise ValueError(tr("start must lie between 0 and {last} (the last step of the table), got {start}.",
                            last=len(steps) - 1, start=start))
    use = steps[steps["from_period"] >= start]
    before = use["active_before"].sum()
    if before <= 0:
        raise ValueError(tr("no active customers in the periods used: cannot compute retention."))
    return float(use["active_after"].sum() / before)
