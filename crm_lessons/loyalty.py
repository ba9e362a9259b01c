"""Loyalty theory, measured: scale reliability, construct scores, a driver model, defection.

The satisfaction-and-loyalty pillar of CRM says that perceived value, satisfaction,
trust and switching cost each raise loyalty, and that their weight changes over the
customer lifecycle. A survey measures each of these attitudes with a few Likert
items. This module turns such a survey into evidence:

* :func:`cronbach_alpha` and :func:`reliability_table` — do the items of a scale
  measure one thing? (Cronbach 1951);
* :func:`construct_scores` — one score per construct: the mean of its items;
* :func:`intentions_by_stage` and :func:`lifecycle_table` — the four loyalty
  intentions measured by lifecycle stage, next to what lifecycle theory predicts;
* :func:`driver_model` and :func:`predict_intentions` — standardized regression of
  loyalty on the four drivers, overall and per lifecycle stage;
* :func:`defection_table` and :func:`defection_profile` — satisfied customers who
  still stopped buying, and what sets them apart.

The default column names match the bundled ``survey`` and ``orders`` datasets.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_number, is_whole_number, require_columns, require_dates, require_frame, require_numeric

__all__ = ["CONSTRUCTS", "DRIVERS", "INTENTIONS", "STAGES", "RELATIONSHIP_QUALITY", "ALL_STAGES",
           "lifecycle_table", "cronbach_alpha", "reliability_table", "construct_scores",
           "intentions_by_stage", "driver_model", "predict_intentions", "defection_table",
           "defection_profile"]

INTENTIONS = ["repurchase", "price_tolerance", "cross_buying", "recommendation"]
DRIVERS = ["perceived_value", "satisfaction", "trust", "switching_cost"]
STAGES = ["identification", "development", "stability", "decline"]
RELATIONSHIP_QUALITY = ["commercial_friendship", "trust", "satisfaction", "belonging"]
ALL_STAGES = "all"
CONSTRUCTS: dict[str, list[str]] = {
    "perceived_value": ["pv1", "pv2", "pv3"],
    "satisfaction": ["sat1", "sat2", "sat3"],
    "trust": ["trust1", "trust2", "trust3"],
    "switching_cost": ["sc1", "sc2", "sc3"],
    "commercial_friendship": ["cf1", "cf2"],
    "belonging": ["bel1", "bel2"],
    "involvement": ["inv1", "inv2"],
    "loyalty": list(INTENTIONS),
}
MIN_ALPHA_RESPONDENTS = 3
MAX_SD_RATIO = 4.0
_LEVELS = {1: "very low", 2: "low", 3: "medium", 4: "high"}


# --------------------------------------------------------------------------------------------
# Lifecycle theory
# --------------------------------------------------------------------------------------------
def lifecycle_table(numeric: bool = False) -> pd.DataFrame:
    """What lifecycle theory expects of loyalty in each relationship stage.

    One row per stage (identification/exploration, development, stability,
    decline): its Chinese name, what the relationship looks like, the form loyalty
    takes, and the expected strength of the four behavioural intentions. The
    expectations are the theory's, written down before looking at any data, so
    that measured intentions (see :func:`intentions_by_stage`) can test them.

    Parameters
    ----------
    numeric : bool
        If True, give the intention strengths as numbers 1 (very low) to 4 (high)
        instead of words.

    Returns
    -------
    DataFrame
        Indexed by ``stage``: ``chinese``, ``relationship``, ``loyalty_form`` and
        one column per intention in :data:`INTENTIONS`.

    Examples
    --------
    >>> lifecycle_table().loc["stability", "loyalty_form"]
    'behavioural and attitudinal, lasting'
    >>> int(lifecycle_table(numeric=True).loc["identification", "price_tolerance"])
    1
    """
    if not isinstance(numeric, (bool, np.bool_)):
        raise TypeError(f"numeric must be True or False, got {type(numeric).__name__}.")
    rows = [
        ("identification", "考察期", "trial purchases; the customer tests the firm and compares offers",
         "none yet: at most a trial", (2, 1, 1, 2)),
        ("development", "形成期", "spending and contact grow as the customer gains confidence",
         "satisfaction and trust: loyalty is forming", (3, 2, 3, 3)),
        ("stability", "稳定期", "committed, broad and profitable relationship",
         "behavioural and attitudinal, lasting", (4, 4, 4, 4)),
        ("decline", "退化期", "spending falls; the customer drifts towards other suppliers",
         "eroding: at most behavioural, kept by habit or switching barriers", (2, 2, 2, 1)),
    ]
    table = pd.DataFrame(
        [{"stage": s, "chinese": zh, "relationship": rel, "loyalty_form": form,
          **dict(zip(INTENTIONS, levels))} for s, zh, rel, form, levels in rows]).set_index("stage")
    if not numeric:
        for col in INTENTIONS:
            table[col] = table[col].map(_LEVELS)
    return table


# --------------------------------------------------------------------------------------------
# Items, scales and reliability
# --------------------------------------------------------------------------------------------
def _numeric_items(frame: pd.DataFrame, columns: Sequence[str], arg: str) -> pd.DataFrame:
    """The item columns as floats; TypeError/ValueError naming a non-numeric or incomplete item."""
    return pd.DataFrame({c: require_numeric(frame, c, arg) for c in columns}, index=frame.index)


def _same_scale(items: pd.DataFrame, subject: str, max_sd_ratio: float) -> None:
    """Raise if the items' spreads differ so much that they cannot share one response scale."""
    sd = items.std(ddof=1)
    sd = sd[sd > 0]
    if len(sd) < 2:
        return
    wide, narrow = sd.idxmax(), sd.idxmin()
    if sd[wide] > max_sd_ratio * sd[narrow]:
        raise ValueError(
            f"{subject} seem to be on different scales: the standard deviation of {wide!r} "
            f"({sd[wide]:.3g}) is {sd[wide] / sd[narrow]:.1f} times that of {narrow!r} ({sd[narrow]:.3g}), "
            f"more than the {max_sd_ratio:g} allowed. Put every item on the same response scale "
            "(e.g. recode all to 1-7) or standardize them (z-scores) first."
        )


def _check_ratio(max_sd_ratio: Any) -> float:
    if not is_number(max_sd_ratio):
        raise TypeError(f"max_sd_ratio must be a number, got {type(max_sd_ratio).__name__}.")
    if not max_sd_ratio >= 1:
        raise ValueError(f"max_sd_ratio must be at least 1, got {max_sd_ratio:g}.")
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
            f"items has {k} column(s); Cronbach's alpha needs at least 2 items that measure the same "
            "construct (one column per item)."
        )
    if len(items) < MIN_ALPHA_RESPONDENTS:
        raise ValueError(
            f"items has {len(items)} respondent(s) (rows); Cronbach's alpha needs at least "
            f"{MIN_ALPHA_RESPONDENTS}, and a stable estimate needs many more (a hundred or so)."
        )
    values = _numeric_items(items, list(items.columns), "items")
    variances = values.var(ddof=1)
    constant = variances[variances == 0]
    if len(constant):
        raise ValueError(
            f"Item {constant.index[0]!r} of items has the same value for every respondent, so it "
            "cannot measure differences between them; drop it before computing alpha."
        )
    _same_scale(values, "The columns of items", max_sd_ratio)
    total_var = values.sum(axis=1).var(ddof=1)
    if np.isclose(total_var, 0.0):
        raise ValueError(
            "The respondents' total scores over the items never vary: the items cancel each other out. "
            "Is one of them reverse-coded (e.g. 8 - x on a 1-7 scale)?"
        )
    return float(k / (k - 1) * (1 - variances.sum() / total_var))


def _constructs(constructs: Any, frame: pd.DataFrame, arg: str, *, min_items: int = 1) -> dict[str, list[str]]:
    """Validate a mapping construct -> item columns against ``frame``."""
    if constructs is None:
        constructs = {c: items for c, items in CONSTRUCTS.items()
                      if all(i in frame.columns for i in items)}
        if not constructs:
            raise ValueError(
                f"{arg} holds none of the default scales ({', '.join(CONSTRUCTS)}); pass "
                "constructs={'name': ['item1', 'item2', ...]}."
            )
        return constructs
    if constructs is Ellipsis:
        raise TypeError("constructs is still `...`: pass a dict such as {'trust': ['trust1', 'trust2']}.")
    if not isinstance(constructs, Mapping) or not constructs:
        raise TypeError(
            "constructs must be a non-empty dict mapping each construct name to its item columns, "
            f"e.g. {{'trust': ['trust1', 'trust2']}}; got {type(constructs).__name__}."
        )
    out: dict[str, list[str]] = {}
    for name, items in constructs.items():
        if isinstance(items, str) or not isinstance(items, Sequence):
            raise TypeError(
                f"constructs[{name!r}] must be a list of item column names, got {type(items).__name__} "
                f"({items!r}); write e.g. [{items!r}] for a single item."
            )
        if len(items) < min_items:
            raise ValueError(f"constructs[{name!r}] has {len(items)} item(s); at least {min_items} are needed.")
        require_columns(frame, {f"constructs[{name!r}]": i for i in items}, arg)
        out[str(name)] = list(items)
    return out


def _check_threshold(threshold: Any) -> float:
    if not is_number(threshold):
        raise TypeError(f"threshold must be a number such as 0.7, got {type(threshold).__name__}.")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must lie in (0, 1], got {threshold:g}.")
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
    mapping = _constructs(constructs, survey, "survey", min_items=2)
    rows = []
    for name, items in mapping.items():
        try:
            alpha = cronbach_alpha(survey[items], max_sd_ratio=max_sd_ratio)
        except (TypeError, ValueError) as err:
            raise type(err)(f"Construct {name!r}: {err}") from None
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
    mapping = _constructs(constructs, survey, "survey")
    if isinstance(keep, str) or not isinstance(keep, Sequence):
        raise TypeError(f"keep must be a list of column names, got {type(keep).__name__}.")
    for k in keep:
        require_columns(survey, {"keep": k}, "survey")
    clash = [k for k in keep if k in mapping]
    if clash:
        raise ValueError(f"keep column(s) {clash} have the same name as a construct; rename one of them.")
    out = survey[list(keep)].copy()
    for name, items in mapping.items():
        values = _numeric_items(survey, items, "survey")
        _same_scale(values, f"The items of construct {name!r}", max_sd_ratio)
        out[name] = values.mean(axis=1)
    return out


def _stage_order(labels: pd.Series) -> list[str]:
    """Stages in lifecycle order, then any other labels alphabetically."""
    present = set(labels.astype(str))
    return [s for s in STAGES if s in present] + sorted(present - set(STAGES))


def _stage_column(frame: pd.DataFrame, stage: str, arg: str) -> pd.Series:
    require_columns(frame, {"stage": stage}, arg)
    labels = frame[stage]
    if labels.isna().any():
        raise ValueError(f"Column {stage!r} of {arg} has {int(labels.isna().sum())} missing stage label(s).")
    return labels.astype(str)


def intentions_by_stage(survey: pd.DataFrame, intentions: Sequence[str] = tuple(INTENTIONS), *,
                        stage: str = "lifecycle_stage") -> pd.DataFrame:
    """Mean of each loyalty intention per lifecycle stage.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent with a stage column and numeric intention items.
    intentions : sequence of str
        The intention columns (default :data:`INTENTIONS`).
    stage : str
        Column holding the lifecycle stage.

    Returns
    -------
    DataFrame
        Index ``stage`` in lifecycle order (identification, development, stability,
        decline, then any other labels), one column per intention, plus ``n``
        (respondents in the stage).

    Examples
    --------
    >>> survey = pd.DataFrame({"lifecycle_stage": ["stability", "identification", "stability"],
    ...                        "repurchase": [6, 2, 7]})
    >>> intentions_by_stage(survey, ["repurchase"])["repurchase"].tolist()
    [2.0, 6.5]
    """
    survey = require_frame(survey, "survey")
    if isinstance(intentions, str) or not isinstance(intentions, Sequence) or not intentions:
        raise TypeError("intentions must be a non-empty list of column names.")
    for c in intentions:
        require_columns(survey, {"intentions": c}, "survey")
    labels = _stage_column(survey, stage, "survey")
    values = _numeric_items(survey, list(intentions), "survey")
    grouped = values.groupby(labels.rename("stage"))
    table = grouped.mean()
    table["n"] = grouped.size()
    return table.loc[_stage_order(labels)]


# --------------------------------------------------------------------------------------------
# Driver model
# --------------------------------------------------------------------------------------------
def _fit_standardized(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Standardized OLS slopes of ``y`` on the columns of ``x`` and the R^2 of the fit."""
    zx = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    zy = (y - y.mean()) / y.std(ddof=1)
    beta, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    resid = zy - zx @ beta
    return beta, float(1 - resid @ resid / (zy @ zy))


def driver_model(data: pd.DataFrame, drivers: Sequence[str] = tuple(DRIVERS),
                 outcome: str | Sequence[str] = "loyalty", *, stage: str | None = "lifecycle_stage",
                 overall: bool = True, min_respondents: int | None = None) -> pd.DataFrame:
    """Standardized regression of loyalty on its drivers, overall and per lifecycle stage.

    In each group (all respondents, then each stage) every driver and the outcome
    are turned into z-scores and the outcome is regressed on the drivers by least
    squares. A standardized effect of 0.4 means: one standard deviation more of the
    driver, other drivers held equal, goes with 0.4 standard deviations more of the
    outcome — comparable across drivers measured on different spreads. The same fit
    in the original units (``coef``, ``intercept``) lets :func:`predict_intentions`
    turn driver scores into predicted outcomes.

    Parameters
    ----------
    data : DataFrame
        One row per respondent: driver scores, outcome column(s), and the stage
        column (e.g. from :func:`construct_scores` with ``keep=[...]``).
    drivers : sequence of str
        Predictor columns (default :data:`DRIVERS`).
    outcome : str or sequence of str
        Outcome column(s), fitted one at a time (default ``"loyalty"``, the mean of
        the four intentions).
    stage : str or None
        Column with the lifecycle stage; ``None`` fits only the overall model.
    overall : bool
        Also fit all respondents together (stage label :data:`ALL_STAGES`).
    min_respondents : int, optional
        Fewest respondents a group may have; default ``50 + 8 * len(drivers)``,
        Green's (1991) rule of thumb for testing a regression as a whole.

    Returns
    -------
    DataFrame
        Tidy: one row per stage, outcome and driver with ``effect`` (standardized),
        ``rank`` (1 = largest absolute effect within the stage and outcome), ``coef``
        (outcome points per driver point), ``intercept``, ``r2`` and ``n``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame(rng.normal(size=(200, 2)), columns=["a", "b"])
    >>> data["y"] = 2 * data["a"] + data["b"] + rng.normal(size=200)
    >>> m = driver_model(data, ["a", "b"], "y", stage=None)
    >>> m.loc[m["rank"] == 1, "driver"].item()
    'a'
    """
    data = require_frame(data, "data")
    if isinstance(drivers, str) or not isinstance(drivers, Sequence) or not drivers:
        raise TypeError("drivers must be a non-empty list of column names.")
    outcomes = [outcome] if isinstance(outcome, str) else outcome
    if not isinstance(outcomes, Sequence) or not outcomes:
        raise TypeError("outcome must be a column name or a non-empty list of column names.")
    if len(set(drivers)) != len(drivers):
        raise ValueError(f"drivers lists a column twice: {list(drivers)}.")
    both = set(drivers) & set(outcomes)
    if both:
        raise ValueError(f"{sorted(both)} cannot be both a driver and the outcome.")
    for d in drivers:
        require_columns(data, {"drivers": d}, "data")
    for o in outcomes:
        require_columns(data, {"outcome": o}, "data")
    if not isinstance(overall, (bool, np.bool_)):
        raise TypeError(f"overall must be True or False, got {type(overall).__name__}.")
    if stage is None and not overall:
        raise ValueError("With stage=None there are no stage groups, so overall must be True.")
    needed = 50 + 8 * len(drivers) if min_respondents is None else min_respondents
    if not is_whole_number(needed):
        raise TypeError(f"min_respondents must be a whole number, got {type(needed).__name__}.")
    if needed < len(drivers) + 2:
        raise ValueError(f"min_respondents must be at least {len(drivers) + 2} (drivers + 2) to fit and "
                         f"judge a regression, got {needed}.")
    x_all = _numeric_items(data, list(drivers), "data").to_numpy()
    y_all = _numeric_items(data, list(outcomes), "data")

    groups: list[tuple[str, np.ndarray]] = []
    if overall:
        groups.append((ALL_STAGES, np.ones(len(data), dtype=bool)))
    if stage is not None:
        labels = _stage_column(data, stage, "data")
        if ALL_STAGES in set(labels):
            raise ValueError(f"Column {stage!r} of data uses the label {ALL_STAGES!r}, which is reserved "
                             "for the model fitted on all respondents; rename that stage.")
        groups += [(s, (labels == s).to_numpy()) for s in _stage_order(labels)]

    rows = []
    for name, mask in groups:
        n = int(mask.sum())
        if n < needed:
            raise ValueError(
                f"Stage {name!r} has {n} respondents, fewer than the {needed} needed for a stable "
                f"regression on {len(drivers)} drivers. Merge it with a neighbouring stage, or pass "
                "min_respondents=... if you accept a noisy estimate."
            )
        x = x_all[mask]
        sd_x = x.std(axis=0, ddof=1)
        flat = [d for d, s in zip(drivers, sd_x) if s == 0]
        if flat:
            raise ValueError(f"Driver {flat[0]!r} does not vary in stage {name!r}, so its effect cannot be estimated.")
        if np.linalg.matrix_rank(x - x.mean(axis=0)) < len(drivers):
            raise ValueError(f"The drivers are perfectly collinear in stage {name!r} (one is a combination of "
                             "the others); drop one of them.")
        for out in outcomes:
            y = y_all[out].to_numpy()[mask]
            sd_y = y.std(ddof=1)
            if sd_y == 0:
                raise ValueError(f"Outcome {out!r} does not vary in stage {name!r}; there is nothing to explain.")
            beta, r2 = _fit_standardized(x, y)
            coef = beta * sd_y / sd_x
            intercept = float(y.mean() - coef @ x.mean(axis=0))
            order = np.argsort(-np.abs(beta), kind="stable")
            rank = np.empty(len(beta), dtype=int)
            rank[order] = np.arange(1, len(beta) + 1)
            for j, d in enumerate(drivers):
                rows.append({"stage": name, "outcome": out, "driver": d, "effect": float(beta[j]),
                             "rank": int(rank[j]), "coef": float(coef[j]), "intercept": intercept,
                             "r2": r2, "n": n})
    return pd.DataFrame(rows)


def predict_intentions(model: pd.DataFrame, drivers: Mapping[str, float], *, for_stage: str = ALL_STAGES,
                       scale: tuple[float, float] | None = (1, 7)) -> pd.Series:
    """Predicted outcomes for one customer profile from a fitted :func:`driver_model`.

    Parameters
    ----------
    model : DataFrame
        The table returned by :func:`driver_model`.
    drivers : dict
        Driver name -> score on the items' scale, one entry per driver of the model.
    for_stage : str
        Which stage's model to use (:data:`ALL_STAGES` for the overall model).
    scale : (low, high) or None
        Clip predictions to the response scale (a linear model can overshoot it);
        ``None`` leaves them unclipped.

    Returns
    -------
    Series
        One predicted value per outcome, in the model's outcome order.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame(rng.normal(4, 1, size=(200, 2)), columns=["a", "b"])
    >>> data["y"] = 1 + 0.5 * data["a"] + 0.25 * data["b"]
    >>> m = driver_model(data, ["a", "b"], "y", stage=None)
    >>> round(float(predict_intentions(m, {"a": 4, "b": 2})["y"]), 3)
    3.5
    """
    model = require_frame(model, "model")
    require_columns(model, {c: c for c in ("stage", "outcome", "driver", "coef", "intercept")}, "model")
    if drivers is Ellipsis or not isinstance(drivers, Mapping):
        raise TypeError(f"drivers must be a dict of driver -> score, got {type(drivers).__name__}.")
    stages = list(dict.fromkeys(model["stage"]))
    if for_stage not in stages:
        raise ValueError(f"for_stage={for_stage!r} is not in the model; fitted stages: {', '.join(map(str, stages))}.")
    part = model[model["stage"] == for_stage]
    wanted = list(dict.fromkeys(part["driver"]))
    missing = [d for d in wanted if d not in drivers]
    extra = [d for d in drivers if d not in wanted]
    if missing or extra:
        raise ValueError(f"drivers must give exactly the model's drivers {wanted}; "
                         f"missing {missing}, unknown {extra}.")
    for d in wanted:
        v = drivers[d]
        if not is_number(v) or np.isnan(v):
            raise TypeError(f"drivers[{d!r}] must be a number, got {v!r}.")
    if scale is not None:
        if not isinstance(scale, (tuple, list)) or len(scale) != 2 or not scale[0] < scale[1]:
            raise ValueError(f"scale must be (low, high) with low < high, got {scale!r}.")
    values = part["driver"].map({d: float(drivers[d]) for d in wanted})
    pred = (part["coef"] * values).groupby(part["outcome"], sort=False).sum()
    pred = pred + part.groupby("outcome", sort=False)["intercept"].first()
    if scale is not None:
        pred = pred.clip(scale[0], scale[1])
    pred.name = "predicted"
    return pred


# --------------------------------------------------------------------------------------------
# Satisfied, yet gone
# --------------------------------------------------------------------------------------------
def defection_table(survey: pd.DataFrame, orders: pd.DataFrame, *, months: int = 6,
                    satisfied_at: float = 5.0, constructs: Mapping[str, Sequence[str]] | None = None,
                    customer: str = "customer_id", date: str = "order_date",
                    survey_date: str = "survey_date", stage: str | None = "lifecycle_stage") -> pd.DataFrame:
    """Which survey respondents were satisfied, and which of them stopped buying.

    A respondent is *satisfied* when their satisfaction score (mean of the
    satisfaction items) is at least ``satisfied_at``, and has *defected* when the
    order log shows no order from them in the ``months`` months starting on their
    survey date. No order in a window is a proxy: a rare buyer can look defected
    while still a customer, so choose ``months`` longer than the usual gap between
    orders.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent: customer id, survey date, the items of the four
        drivers (see ``constructs``), optionally a stage column.
    orders : DataFrame
        The order log: customer id and order date.
    months : int
        Length of the window after the survey date, in months.
    satisfied_at : float
        Satisfaction score from which a respondent counts as satisfied (5 =
        "somewhat agree" on a 1-7 scale).
    constructs : dict, optional
        Construct -> items for the four :data:`DRIVERS` (default from :data:`CONSTRUCTS`).
    customer, date : str
        Customer-id column (in both tables) and order-date column of ``orders``.
    survey_date : str
        Survey-date column of ``survey``.
    stage : str or None
        Stage column of ``survey`` to carry along (``None`` for none).

    Returns
    -------
    DataFrame
        One row per respondent, same index as ``survey``: customer id, stage, the four
        driver scores, ``orders_after`` (orders in the window), ``satisfied``,
        ``defected`` and ``group`` ("satisfied, stayed", "satisfied, defected",
        "not satisfied, stayed", "not satisfied, defected").

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": ["a", "b"], "survey_date": ["2024-01-15"] * 2,
    ...                        "sat1": [6, 6], "sat2": [7, 6]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...                        "order_date": ["2024-03-01", "2023-05-01", "2024-12-31"]})
    >>> defection_table(survey, orders, constructs={"satisfaction": ["sat1", "sat2"]},
    ...                 stage=None)["group"].tolist()
    ['satisfied, stayed', 'satisfied, defected']
    """
    survey = require_frame(survey, "survey")
    orders = require_frame(orders, "orders")
    if not is_whole_number(months):
        raise TypeError(f"months must be a whole number of months, got {type(months).__name__}.")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}.")
    if not is_number(satisfied_at):
        raise TypeError(f"satisfied_at must be a number on the satisfaction scale, got {type(satisfied_at).__name__}.")
    require_columns(survey, {"customer": customer, "survey_date": survey_date}, "survey")
    require_columns(orders, {"customer": customer, "date": date}, "orders")
    if constructs is None:
        mapping = {d: CONSTRUCTS[d] for d in DRIVERS if all(i in survey.columns for i in CONSTRUCTS[d])}
    else:
        mapping = _constructs(constructs, survey, "survey")
    if "satisfaction" not in mapping:
        raise ValueError("survey needs the satisfaction items (sat1, sat2, sat3), or pass "
                         "constructs={'satisfaction': [...], ...} naming them.")
    keep = [customer] + ([stage] if stage is not None else [])
    if stage is not None:
        _stage_column(survey, stage, "survey")
    table = construct_scores(survey, mapping, keep=keep)
    asked = require_dates(survey, survey_date, "survey")
    when = require_dates(orders, date, "orders")
    window_end = asked + pd.DateOffset(months=months)
    last = when.max()
    if window_end.max() > last + pd.Timedelta(days=1):
        raise ValueError(
            f"The order log ends on {last:%Y-%m-%d}, but a {months}-month window after the latest survey "
            f"date runs to {window_end.max():%Y-%m-%d}; a customer could not be seen buying after the log ends. "
            "Use a shorter window (months=...)."
        )
    ids = survey[customer]
    if not ids.isin(orders[customer]).any():
        raise ValueError(f"None of the survey's {customer!r} values appear in orders[{customer!r}]: "
                         "are the two tables keyed the same way?")
    log = pd.DataFrame({"row": np.arange(len(survey)), customer: ids.to_numpy(),
                        "start": asked.to_numpy(), "end": window_end.to_numpy()})
    hits = log.merge(pd.DataFrame({customer: orders[customer].to_numpy(), "when": when.to_numpy()}), on=customer)
    inside = hits[(hits["when"] >= hits["start"]) & (hits["when"] < hits["end"])]
    counts = inside.groupby("row").size().reindex(np.arange(len(survey)), fill_value=0)
    table["orders_after"] = counts.to_numpy()
    table["satisfied"] = table["satisfaction"] >= satisfied_at
    table["defected"] = table["orders_after"] == 0
    table["group"] = [f"{'satisfied' if s else 'not satisfied'}, {'defected' if d else 'stayed'}"
                      for s, d in zip(table["satisfied"], table["defected"])]
    return table


def defection_profile(table: pd.DataFrame, columns: Sequence[str] | None = None, *,
                      by: str = "group") -> pd.DataFrame:
    """Mean driver scores per defection group, with the group sizes.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`defection_table` (or any frame with ``by`` and ``columns``).
    columns : sequence of str, optional
        Columns to average; default the :data:`DRIVERS` present in ``table``.
    by : str
        Grouping column.

    Returns
    -------
    DataFrame
        Index: the groups (satisfied groups first); columns ``n`` and the mean of each
        column.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["x", "x", "y"], "trust": [4.0, 6.0, 3.0]})
    >>> defection_profile(t, ["trust"])["trust"].to_dict()
    {'x': 5.0, 'y': 3.0}
    """
    table = require_frame(table, "table")
    require_columns(table, {"by": by}, "table")
    if columns is None:
        columns = [d for d in DRIVERS if d in table.columns]
        if not columns:
            raise ValueError("table holds none of the driver columns; pass columns=[...].")
    if isinstance(columns, str) or not isinstance(columns, Sequence) or not columns:
        raise TypeError("columns must be a non-empty list of column names.")
    for c in columns:
        require_columns(table, {"columns": c}, "table")
    values = _numeric_items(table, list(columns), "table")
    grouped = values.groupby(table[by].astype(str).rename(by))
    profile = grouped.mean()
    profile.insert(0, "n", grouped.size())
    order = ["satisfied, stayed", "satisfied, defected", "not satisfied, stayed", "not satisfied, defected"]
    index = [g for g in order if g in profile.index] + sorted(set(profile.index) - set(order))
    return profile.loc[index]
