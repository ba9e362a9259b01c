"""Likert scales: reliability (Cronbach's alpha) and one score per construct."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import is_number, require_columns, require_frame
from ..i18n import tr
from ._common import (
    MAX_SD_RATIO,
    MIN_ALPHA_RESPONDENTS,
    numeric_items,
    resolve_constructs,
)

__all__ = ["cronbach_alpha", "reliability_table", "construct_scores"]


def _same_scale(items: pd.DataFrame, subject: str, max_sd_ratio: float) -> None:
    """Raise if the items' spreads differ so much that they cannot share one response scale."""
    sd = items.std(ddof=1)
    sd = sd[sd > 0]
    if len(sd) < 2:
        return
    wide, narrow = sd.idxmax(), sd.idxmin()
    if sd[wide] > max_sd_ratio * sd[narrow]:
        raise ValueError(
            tr("{subject} seem to be on different scales: the standard deviation of {wide!r} ({sd:.3g}) is "
               "{ratio:.1f} times that of {narrow!r} ({sd2:.3g}), more than the {max_sd_ratio:g} allowed. Put every "
               "item on the same response scale (e.g. recode all to 1-7) or standardize them (z-scores) first.",
               subject=subject, wide=wide, sd=sd[wide], ratio=sd[wide] / sd[narrow], narrow=narrow, sd2=sd[narrow],
               max_sd_ratio=max_sd_ratio)
        )


def _check_ratio(max_sd_ratio: Any) -> float:
    if not is_number(max_sd_ratio):
        raise TypeError(tr("max_sd_ratio must be a number, got {kind}.", kind=type(max_sd_ratio).__name__))
    if not max_sd_ratio >= 1:
        raise ValueError(tr("max_sd_ratio must be at least 1, got {max_sd_ratio:g}.", max_sd_ratio=max_sd_ratio))
    return float(max_sd_ratio)


def cronbach_alpha(items: pd.DataFrame, *, max_sd_ratio: float = MAX_SD_RATIO) -> float:
    """Cronbach's alpha: how consistently a set of items measures one construct.

    With ``k`` items, item variances ``s_i^2`` and the variance ``s_T^2`` of the
    respondents' total scores (sample variances, ``ddof=1``),
    ``alpha = k / (k - 1) * (1 - sum(s_i^2) / s_T^2)`` (Cronbach 1951). It rises
    when the items co-vary strongly; values of 0.70 or more are the usual bar for a
    research scale (Nunnally 1978). It can be negative when items contradict each
    other, which usually means an item must be reverse-coded.

    Parameters
    ----------
    items : DataFrame
        One row per respondent, one numeric column per item, all on the same
        response scale, no missing values.
    max_sd_ratio : float
        Largest allowed ratio between the biggest and the smallest item standard
        deviation; above it the items are taken to be on different scales.

    Returns
    -------
    float
        Cronbach's alpha (at most 1).

    Raises
    ------
    TypeError
        If ``items`` is not a DataFrame or an item is not numeric.
    ValueError
        With fewer than 2 items or 3 respondents, missing values, an item that never
        varies, items on different scales, or a total score that never varies.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(items), 4)   # 3/2 * (1 - (5/3 + 4/3 + 8/3) / 15)
    0.9333
    """
    items = require_frame(items, "items")
    max_sd_ratio = _check_ratio(max_sd_ratio)
    k = items.shape[1]
    if k < 2:
        raise ValueError(
            tr("items has {k} column(s); Cronbach's alpha needs at least 2 items that measure the same construct "
               "(one column per item).", k=k)
        )
    if len(items) < MIN_ALPHA_RESPONDENTS:
        raise ValueError(
            tr("items has {n} respondent(s) (rows); Cronbach's alpha needs at least {MIN_ALPHA_RESPONDENTS}, and a "
               "stable estimate needs many more (a hundred or so).",
               n=len(items), MIN_ALPHA_RESPONDENTS=MIN_ALPHA_RESPONDENTS)
        )
    values = numeric_items(items, list(items.columns), "items")
    variances = values.var(ddof=1)
    constant = variances[variances == 0]
    if len(constant):
        raise ValueError(
            tr("Item {index!r} of items has the same value for every respondent, so it cannot measure differences "
               "between them; drop it before computing alpha.", index=constant.index[0])
        )
    _same_scale(values, tr("The columns of items"), max_sd_ratio)
    total_var = values.sum(axis=1).var(ddof=1)
    if np.isclose(total_var, 0.0):
        raise ValueError(
            tr("The respondents' total scores over the items never vary: the items cancel each other out. Is one of "
               "them reverse-coded (e.g. 8 - x on a 1-7 scale)?")
        )
    return float(k / (k - 1) * (1 - variances.sum() / total_var))



def _check_threshold(threshold: Any) -> float:
    if not is_number(threshold):
        raise TypeError(tr("threshold must be a number such as 0.7, got {kind}.", kind=type(threshold).__name__))
    if not 0 < threshold <= 1:
        raise ValueError(tr("threshold must lie in (0, 1], got {threshold:g}.", threshold=threshold))
    return float(threshold)


def reliability_table(survey: pd.DataFrame, constructs: Mapping[str, Sequence[str]] | None = None, *,
                      threshold: float = 0.70, max_sd_ratio: float = MAX_SD_RATIO) -> pd.DataFrame:
    """Cronbach's alpha of every construct in a survey.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent with the item columns.
    constructs : dict, optional
        Construct name -> list of item columns (at least 2 each). Default: every
        scale of :data:`CONSTRUCTS` whose items are all in ``survey``.
    threshold : float
        Alpha at or above which a scale counts as reliable (0.70 after Nunnally 1978).
    max_sd_ratio : float
        Passed to :func:`cronbach_alpha`.

    Returns
    -------
    DataFrame
        One row per construct: ``construct``, ``n_items``, ``items`` (comma-separated),
        ``alpha``, ``reliable`` (alpha >= threshold).

    Examples
    --------
    >>> survey = pd.DataFrame({"a1": [1, 2, 3, 4], "a2": [2, 2, 4, 4], "b1": [1, 2, 2, 1], "b2": [2, 1, 2, 1]})
    >>> reliability_table(survey, {"a": ["a1", "a2"], "b": ["b1", "b2"]})["reliable"].tolist()
    [True, False]
    """
    survey = require_frame(survey, "survey")
    threshold = _check_threshold(threshold)
    mapping = resolve_constructs(constructs, survey, "survey", min_items=2)
    rows = []
    for name, items in mapping.items():
        try:
            alpha = cronbach_alpha(survey[items], max_sd_ratio=max_sd_ratio)
        except (TypeError, ValueError) as err:
            raise type(err)(tr("Construct {name!r}: {err}", name=name, err=err)) from None
        rows.append({"construct": name, "n_items": len(items), "items": ", ".join(items),
                     "alpha": alpha, "reliable": bool(alpha >= threshold)})
    return pd.DataFrame(rows)


def construct_scores(survey: pd.DataFrame, constructs: Mapping[str, Sequence[str]] | None = None, *,
                     keep: Sequence[str] = (), max_sd_ratio: float = MAX_SD_RATIO) -> pd.DataFrame:
    """One score per respondent and construct: the mean of the construct's items.

    A mean keeps the score on the items' response scale (1-7 for the bundled
    survey), so "5.3 on trust" reads like an answer.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent with numeric item columns (no missing values).
    constructs : dict, optional
        Construct name -> list of item columns. Default: every scale of
        :data:`CONSTRUCTS` whose items are all in ``survey``.
    keep : sequence of str
        Columns of ``survey`` to copy in front of the scores (ids, stage, ...).
    max_sd_ratio : float
        Items of one construct whose standard deviations differ by more than this
        factor are taken to be on different scales (error).

    Returns
    -------
    DataFrame
        Same index as ``survey``: the ``keep`` columns, then one column per construct.

    Examples
    --------
    >>> survey = pd.DataFrame({"id": ["a", "b"], "t1": [4, 6], "t2": [5, 7]})
    >>> construct_scores(survey, {"trust": ["t1", "t2"]}, keep=["id"])
      id  trust
    0  a    4.5
    1  b    6.5
    """
    survey = require_frame(survey, "survey")
    max_sd_ratio = _check_ratio(max_sd_ratio)
    mapping = resolve_constructs(constructs, survey, "survey")
    if isinstance(keep, str) or not isinstance(keep, Sequence):
        raise TypeError(tr("keep must be a list of column names, got {kind}.", kind=type(keep).__name__))
    for k in keep:
        require_columns(survey, {"keep": k}, "survey")
    clash = [k for k in keep if k in mapping]
    if clash:
        raise ValueError(tr("keep column(s) {clash} have the same name as a construct; rename one of them.",
                            clash=clash))
    out = survey[list(keep)].copy()
    for name, items in mapping.items():
        values = numeric_items(survey, items, "survey")
        _same_scale(values, tr("The items of construct {name!r}", name=name), max_sd_ratio)
        out[name] = values.mean(axis=1)
    return out


