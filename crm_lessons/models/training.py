"""Training churn models: the customer split, the scikit-learn pipelines, fitting both models."""
from __future__ import annotations

from typing import Any

import pandas as pd

from .._validation import (
    require_frame,
    require_probability,
    require_seed,
)
from ..i18n import tr
from ._common import features_and_target

__all__ = ["MODEL_NAMES", "split_customers", "churn_pipeline", "fit_churn_models"]

#: Names of the two models :func:`fit_churn_models` trains, in order.
MODEL_NAMES = {"logistic": "logistic regression", "forest": "random forest"}


def split_customers(features: pd.DataFrame, target: pd.Series, *, test_size: float = 0.3,
                    random_state: int = 42) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Split customers into a training set and a held-out test set (stratified by the label).

    Parameters
    ----------
    features : DataFrame
        One row per customer.
    target : Series
        0/1 label per customer, same index as ``features`` (or the DataFrame
        from :func:`churn_labels`).
    test_size : float
        Share of customers held out, in (0, 1).
    random_state : int
        Seed, so the split is the same on every run.

    Returns
    -------
    tuple
        ``X_train, X_test, y_train, y_test``.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x": range(10)}, index=[f"C{i}" for i in range(10)])
    >>> y = pd.Series([0, 1] * 5, index=X.index)
    >>> [len(part) for part in split_customers(X, y, test_size=0.4)]
    [6, 4, 6, 4]
    """
    from sklearn.model_selection import train_test_split

    X, y = features_and_target(features, target)
    test_size = require_probability(test_size, "test_size", high_open=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y,
                                                        random_state=require_seed(random_state))
    return X_train, X_test, y_train, y_test


def _column_kinds(X: pd.DataFrame) -> tuple[list[str], list[str]]:
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
    categorical = [c for c in X.columns if c not in numeric]
    return numeric, categorical


def churn_pipeline(features: pd.DataFrame, kind: str = "logistic", random_state: int = 42) -> Any:
    """An unfitted scikit-learn pipeline for the columns of ``features``.

    Numeric columns (booleans count as 0/1) are standardised for the logistic
    regression (so coefficients compare per standard deviation) and passed as
    they are to the random forest; text or categorical columns are one-hot
    encoded. Missing values are not allowed: fill them first.

    Parameters
    ----------
    features : DataFrame
        The feature table the pipeline will be fitted on (its columns decide
        the preprocessing).
    kind : {"logistic", "forest"}
        ``"logistic"``: L2-regularised logistic regression. ``"forest"``: a
        random forest of 100 trees with at least 20 customers per leaf.
    random_state : int
        Seed for the forest (and the solver), so results repeat exactly.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``"prepare"`` (a ColumnTransformer) and ``"model"``.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": [5, 50], "region": ["North", "South"]})
    >>> list(churn_pipeline(X).named_steps)
    ['prepare', 'model']
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X = require_frame(features, "features")
    if kind not in MODEL_NAMES:
        raise ValueError(tr("kind must be one of {choices}, got {kind!r}.",
                            choices=sorted(MODEL_NAMES), kind=kind))
    seed = require_seed(random_state)
    gaps = X.columns[X.isna().any()].tolist()
    if gaps:
        raise ValueError(tr("features has missing values in column(s) {gaps}; fill them first (e.g. 0 for counts) so "
                            "that no customer is dropped silently.", gaps=gaps))
    numeric, categorical = _column_kinds(X)
    steps = []
    if numeric:
        steps.append(("numeric", StandardScaler() if kind == "logistic" else "passthrough", numeric))
    if categorical:
        steps.append(("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical))
    prepare = ColumnTransformer(steps, verbose_feature_names_out=False)
    if kind == "logistic":
        model = LogisticRegression(max_iter=2000, random_state=seed)
    else:
        model = RandomForestClassifier(n_estimators=100, min_samples_leaf=20, random_state=seed, n_jobs=1)
    return Pipeline([("prepare", prepare), ("model", model)])


def fit_churn_models(X_train: pd.DataFrame, y_train: pd.Series, *, random_state: int = 42) -> dict[str, Any]:
    """Fit a logistic regression and a random forest on the same training customers.

    Parameters
    ----------
    X_train : DataFrame
        Training features (no missing values).
    y_train : Series
        0/1 labels, same index.
    random_state : int
        Seed for both models.

    Returns
    -------
    dict
        ``{"logistic regression": pipeline, "random forest": pipeline}``, fitted.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": [1, 2, 30, 40] * 5})
    >>> y = pd.Series([0, 0, 1, 1] * 5)
    >>> sorted(fit_churn_models(X, y))
    ['logistic regression', 'random forest']
    """
    X, y = features_and_target(X_train, y_train)
    return {name: churn_pipeline(X, kind, random_state).fit(X, y) for kind, name in MODEL_NAMES.items()}


