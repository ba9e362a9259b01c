"""The driver model: standardized regression of loyalty on its drivers, overall and per stage."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._validation import is_number, is_whole_number, require_columns, require_flag, require_frame
from ..i18n import tr
from ._common import (
    ALL_STAGES,
    DRIVERS,
    numeric_items,
    stage_column,
    stage_order,
)

__all__ = ["driver_model", "predict_intentions"]


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
        raise TypeError(tr("drivers must be a non-empty list of column names."))
    outcomes = [outcome] if isinstance(outcome, str) else outcome
    if not isinstance(outcomes, Sequence) or not outcomes:
        raise TypeError(tr("outcome must be a column name or a non-empty list of column names."))
    if len(set(drivers)) != len(drivers):
        raise ValueError(tr("drivers lists a column twice: {columns}.", columns=list(drivers)))
    both = set(drivers) & set(outcomes)
    if both:
        raise ValueError(tr("{both} cannot be both a driver and the outcome.", both=sorted(both)))
    for d in drivers:
        require_columns(data, {"drivers": d}, "data")
    for o in outcomes:
        require_columns(data, {"outcome": o}, "data")
    require_flag(overall, "overall")
    if stage is None and not overall:
        raise ValueError(tr("With stage=None there are no stage groups, so overall must be True."))
    needed = 50 + 8 * len(drivers) if min_respondents is None else min_respondents
    if not is_whole_number(needed):
        raise TypeError(tr("min_respondents must be a whole number, got {kind}.", kind=type(needed).__name__))
    if needed < len(drivers) + 2:
        raise ValueError(tr("min_respondents must be at least {value} (drivers + 2) to fit and judge a regression, "
                            "got {needed}.", value=len(drivers) + 2, needed=needed))
    x_all = numeric_items(data, list(drivers), "data").to_numpy()
    y_all = numeric_items(data, list(outcomes), "data")

    groups: list[tuple[str, np.ndarray]] = []
    if overall:
        groups.append((ALL_STAGES, np.ones(len(data), dtype=bool)))
    if stage is not None:
        labels = stage_column(data, stage, "data")
        if ALL_STAGES in set(labels):
            raise ValueError(tr("Column {stage!r} of data uses the label {ALL_STAGES!r}, which is reserved for the "
                                "model fitted on all respondents; rename that stage.",
                                stage=stage, ALL_STAGES=ALL_STAGES))
        groups += [(s, (labels == s).to_numpy()) for s in stage_order(labels)]

    rows = []
    for name, mask in groups:
        n = int(mask.sum())
        if n < needed:
            raise ValueError(
                tr("Stage {name!r} has {n} respondents, fewer than the {needed} needed for a stable regression on "
                   "{n2} drivers. Merge it with a neighbouring stage, or pass min_respondents=... if you accept a "
                   "noisy estimate.", name=name, n=n, needed=needed, n2=len(drivers))
            )
        x = x_all[mask]
        sd_x = x.std(axis=0, ddof=1)
        flat = [d for d, s in zip(drivers, sd_x) if s == 0]
        if flat:
            raise ValueError(tr("Driver {flat!r} does not vary in stage {name!r}, so its effect cannot be estimated.",
                                flat=flat[0], name=name))
        if np.linalg.matrix_rank(x - x.mean(axis=0)) < len(drivers):
            raise ValueError(tr("The drivers are perfectly collinear in stage {name!r} (one is a combination of the "
                                "others); drop one of them.", name=name))
        for out in outcomes:
            y = y_all[out].to_numpy()[mask]
            sd_y = y.std(ddof=1)
            if sd_y == 0:
                raise ValueError(tr("Outcome {out!r} does not vary in stage {name!r}; there is nothing to explain.",
                                    out=out, name=name))
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
        raise TypeError(tr("drivers must be a dict of driver -> score, got {kind}.", kind=type(drivers).__name__))
    stages = list(dict.fromkeys(model["stage"]))
    if for_stage not in stages:
        raise ValueError(tr("for_stage={for_stage!r} is not in the model; fitted stages: {names}.",
                            for_stage=for_stage, names=', '.join(map(str, stages))))
    part = model[model["stage"] == for_stage]
    wanted = list(dict.fromkeys(part["driver"]))
    missing = [d for d in wanted if d not in drivers]
    extra = [d for d in drivers if d not in wanted]
    if missing or extra:
        raise ValueError(tr("drivers must give exactly the model's drivers {wanted}; missing {missing}, unknown "
                            "{extra}.", wanted=wanted, missing=missing, extra=extra))
    for d in wanted:
        v = drivers[d]
        if not is_number(v) or np.isnan(v):
            raise TypeError(tr("drivers[{d!r}] must be a number, got {v!r}.", d=d, v=v))
    if scale is not None:
        if not isinstance(scale, (tuple, list)) or len(scale) != 2 or not scale[0] < scale[1]:
            raise ValueError(tr("scale must be (low, high) with low < high, got {scale!r}.", scale=scale))
    values = part["driver"].map({d: float(drivers[d]) for d in wanted})
    pred = (part["coef"] * values).groupby(part["outcome"], sort=False).sum()
    pred = pred + part.groupby("outcome", sort=False)["intercept"].first()
    if scale is not None:
        pred = pred.clip(scale[0], scale[1])
    pred.name = "predicted"
    return pred


