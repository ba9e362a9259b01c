"""Judging churn models on held-out customers: ROC AUC, confusion table, drivers, gains."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    is_whole_number,
    require_labels_and_scores,
    require_probability,
    require_seed,
)
from ..i18n import tr
from ._common import event_probability, features_and_target

__all__ = ["model_scores", "confusion_table", "logistic_drivers", "permutation_drivers", "gains_table"]


def model_scores(models: dict[str, Any], X_test: pd.DataFrame, y_test: pd.Series) -> pd.DataFrame:
    """Compare fitted models on held-out customers: ROC AUC and top-decile lift.

    Parameters
    ----------
    models : dict
        Name -> fitted classifier (e.g. from :func:`fit_churn_models`).
    X_test, y_test : DataFrame, Series
        Held-out customers and their 0/1 labels.

    Returns
    -------
    DataFrame
        Indexed by model: ``roc_auc`` (0.5 = guessing, 1 = perfect ranking)
        and ``top_decile_lift`` (event rate in the top 10 % of scores divided
        by the overall rate).

    Examples
    --------
    >>> from crm_lessons.models import fit_churn_models
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": list(range(200))})
    >>> y = pd.Series([0] * 100 + [1] * 100)
    >>> model_scores(fit_churn_models(X, y), X, y)["roc_auc"].round(2).tolist()
    [1.0, 1.0]
    """
    from sklearn.metrics import roc_auc_score

    if not isinstance(models, dict) or not models:
        raise TypeError(tr("models must be a non-empty dict of name -> fitted model."))
    X, y = features_and_target(X_test, y_test)
    rows = {}
    for name, model in models.items():
        p = event_probability(model, X)
        rows[name] = {"roc_auc": float(roc_auc_score(y, p)),
                      "top_decile_lift": float(gains_table(y, p).iloc[0]["lift"])}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")


def confusion_table(y_true: Any, score: Any, threshold: float = 0.5) -> pd.DataFrame:
    """Confusion matrix at a chosen score threshold, with readable labels.

    A customer is *predicted* to churn when ``score >= threshold``.

    Parameters
    ----------
    y_true : Series or array-like of 0/1
        What happened (1 = churned).
    score : Series or array-like of numbers
        Model score per customer (e.g. churn probability).
    threshold : float
        Cut-off in [0, 1].

    Returns
    -------
    DataFrame
        Rows ``actual: stayed`` / ``actual: churned``, columns
        ``predicted: stay`` / ``predicted: churn``; counts of customers.
        ``attrs`` holds ``precision`` (share of predicted churners who churned)
        and ``recall`` (share of churners caught).

    Examples
    --------
    >>> confusion_table([0, 0, 1, 1], [0.1, 0.7, 0.4, 0.9], threshold=0.5).to_numpy().tolist()
    [[1, 1], [1, 1]]
    """
    y, s = require_labels_and_scores(y_true, score)
    threshold = require_probability(threshold, "threshold", low_open=False)
    pred = s >= threshold
    table = pd.DataFrame(
        [[int(((y == 0) & ~pred).sum()), int(((y == 0) & pred).sum())],
         [int(((y == 1) & ~pred).sum()), int(((y == 1) & pred).sum())]],
        index=pd.Index(["actual: stayed", "actual: churned"], name="customers"),
        columns=["predicted: stay", "predicted: churn"])
    tp, predicted, actual = table.iloc[1, 1], int(pred.sum()), int(y.sum())
    table.attrs.update({"threshold": threshold, "precision": tp / predicted if predicted else float("nan"),
                        "recall": tp / actual if actual else float("nan")})
    return table


def logistic_drivers(model: Any) -> pd.DataFrame:
    """Coefficients of a fitted logistic-regression pipeline, largest effect first.

    Numeric features were standardised, so ``coefficient`` is the change in the
    log-odds of the event per standard deviation of the feature, and the
    coefficients compare across features; one-hot columns compare a category
    with the average. ``odds_ratio`` = exp(coefficient): 1.5 means 50 % higher
    odds, 0.7 means 30 % lower. For numeric features ``odds_ratio_per_unit``
    gives the same effect per one unit of the feature as it was measured (one
    day, one order, one yuan, one ticket).

    Parameters
    ----------
    model : Pipeline
        A fitted pipeline from :func:`churn_pipeline` with ``kind="logistic"``.

    Returns
    -------
    DataFrame
        Indexed by feature: ``coefficient``, ``odds_ratio``,
        ``odds_ratio_per_unit`` (missing for one-hot columns) and ``direction``
        (``"raises risk"`` / ``"lowers risk"``), sorted by absolute coefficient.

    Examples
    --------
    >>> from crm_lessons.models import churn_pipeline
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": [1, 2, 3, 30, 40, 50] * 3})
    >>> y = pd.Series([0, 0, 1, 0, 1, 1] * 3)
    >>> logistic_drivers(churn_pipeline(X).fit(X, y))["direction"].tolist()
    ['raises risk']
    """
    steps = getattr(model, "named_steps", None)
    estimator = steps.get("model") if steps is not None else None
    if estimator is None or not hasattr(estimator, "coef_") or "prepare" not in steps:
        raise TypeError(tr("model must be a fitted logistic-regression pipeline from churn_pipeline(kind='logistic')."))
    prepare = steps["prepare"]
    names = prepare.get_feature_names_out()
    coef = estimator.coef_[0]
    scale = pd.Series(np.nan, index=names)
    if "numeric" in prepare.named_transformers_:
        scaler = prepare.named_transformers_["numeric"]
        numeric = [c for name, _t, cols in prepare.transformers_ if name == "numeric" for c in cols]
        scale[numeric] = getattr(scaler, "scale_", np.ones(len(numeric)))
    out = pd.DataFrame({"coefficient": coef, "odds_ratio": np.exp(coef),
                        "odds_ratio_per_unit": np.exp(coef / scale.to_numpy()),
                        "direction": np.where(coef > 0, "raises risk", "lowers risk")},
                       index=pd.Index(names, name="feature"))
    return out.iloc[np.argsort(-np.abs(coef), kind="stable")]


def permutation_drivers(model: Any, X: pd.DataFrame, y: pd.Series, *, n_repeats: int = 5,
                        random_state: int = 42) -> pd.DataFrame:
    """Permutation importance on held-out customers: how much ROC AUC drops when a feature is shuffled.

    Shuffling one column breaks its link with the outcome while keeping its
    distribution; the drop in AUC is what the model owes to that feature
    (Breiman 2001). Works for any model and any column type.

    Parameters
    ----------
    model : fitted classifier or pipeline
        Takes the raw feature table.
    X, y : DataFrame, Series
        Held-out customers (use data the model was not trained on).
    n_repeats : int
        Shuffles per feature (the mean is reported, with its standard deviation).
    random_state : int
        Seed for the shuffles.

    Returns
    -------
    DataFrame
        Indexed by feature: ``importance`` (mean AUC drop) and ``sd``, largest first.

    Examples
    --------
    >>> from crm_lessons.models import churn_pipeline
    >>> import pandas as pd
    >>> X = pd.DataFrame({"signal": list(range(40)), "noise": [0, 1] * 20})
    >>> y = pd.Series([0] * 20 + [1] * 20)
    >>> permutation_drivers(churn_pipeline(X).fit(X, y), X, y, n_repeats=3).index[0]
    'signal'
    """
    from sklearn.inspection import permutation_importance

    X, y = features_and_target(X, y)
    if not is_whole_number(n_repeats) or n_repeats < 1:
        raise ValueError(tr("n_repeats must be a whole number of at least 1, got {n_repeats!r}.", n_repeats=n_repeats))
    event_probability(model, X.iloc[:1])
    result = permutation_importance(model, X, y, scoring="roc_auc", n_repeats=int(n_repeats),
                                    random_state=require_seed(random_state), n_jobs=1)
    out = pd.DataFrame({"importance": result.importances_mean, "sd": result.importances_std},
                       index=pd.Index(X.columns, name="feature"))
    return out.iloc[np.argsort(-out["importance"].to_numpy(), kind="stable")]


# --------------------------------------------------------------------------------------------
# Gains and targeting
# --------------------------------------------------------------------------------------------
def gains_table(y_true: Any, score: Any, bins: int = 10) -> pd.DataFrame:
    """Gains and lift by score group: the standard table for judging and targeting with a model.

    Customers are sorted by ``score`` (highest first) and cut into ``bins``
    groups of equal size (deciles for ``bins=10``); group 1 holds the highest
    scores. Customers with the same score always share a group (a tie group
    goes where it starts), so with many ties a group can be larger and some
    groups may not appear.

    Parameters
    ----------
    y_true : Series or array-like of 0/1
        The outcome (1 = the event: churned, responded, bought).
    score : Series or array-like of numbers
        The model's score; higher = more likely to have the event.
    bins : int
        Number of groups (2 to the number of customers), default 10.

    Returns
    -------
    DataFrame
        Indexed by ``group`` (1 = top scores): ``customers``, ``events``,
        ``event_rate``, ``min_score``, ``max_score``, ``cum_customer_share``,
        ``cum_event_share`` (the *gain*: share of all events found by
        targeting down to this group), ``lift`` (group rate / overall rate)
        and ``cum_lift`` (= cum_event_share / cum_customer_share). The last
        row's ``cum_customer_share`` and ``cum_event_share`` are 1.

    Examples
    --------
    >>> gains_table([1, 1, 0, 1, 0, 0, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2], bins=4)[
    ...     ["customers", "events", "cum_event_share", "lift"]]  # doctest: +NORMALIZE_WHITESPACE
           customers  events  cum_event_share      lift
    group
    1              2       2         0.666667  2.666667
    2              2       1         1.000000  1.333333
    3              2       0         1.000000  0.000000
    4              2       0         1.000000  0.000000
    """
    y, s = require_labels_and_scores(y_true, score)
    if not is_whole_number(bins):
        raise TypeError(tr("bins must be a whole number, got {type_name}.", type_name=type(bins).__name__))
    if not 2 <= bins <= len(y):
        raise ValueError(tr("bins must be between 2 and the number of customers ({count}), got {bins}.",
                            count=len(y), bins=bins))
    total = int(y.sum())
    if total == 0:
        raise ValueError(tr("y_true has no 1s (no events), so gains and lift are undefined."))
    n = len(y)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    # position where each customer's tie group starts (0-based), then its group
    starts = np.searchsorted(-s_sorted, -s_sorted, side="left")
    group = starts * int(bins) // n + 1
    frame = pd.DataFrame({"group": group, "y": y_sorted, "score": s_sorted})
    out = frame.groupby("group").agg(customers=("y", "size"), events=("y", "sum"),
                                     min_score=("score", "min"), max_score=("score", "max"))
    out["events"] = out["events"].astype(int)
    out.insert(2, "event_rate", out["events"] / out["customers"])
    out["cum_customer_share"] = out["customers"].cumsum() / n
    out["cum_event_share"] = out["events"].cumsum() / total
    base = total / n
    out["lift"] = out["event_rate"] / base
    out["cum_lift"] = out["cum_event_share"] / out["cum_customer_share"]
    return out


