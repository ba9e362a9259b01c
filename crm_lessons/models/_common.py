"""Checks shared by the churn-model modules: features with their target, a model's event probability."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_binary, require_frame
from ..i18n import tr


def features_and_target(features: Any, target: Any) -> tuple[pd.DataFrame, pd.Series]:
    """Checked features and their 0/1 target, aligned on the customers of ``features``."""
    X = require_frame(features, "features")
    if isinstance(target, pd.DataFrame):
        if "churned" not in target.columns:
            raise ValueError(tr("target is a DataFrame without a 'churned' column; pass the 0/1 Series itself."))
        target = target["churned"]
    if not isinstance(target, pd.Series):
        raise TypeError(tr("target must be a Series of 0/1 labels indexed like features, got {type_name}.",
                           type_name=type(target).__name__))
    y, _ = require_binary(target, "target")
    if len(target) != len(X) or not target.index.equals(X.index):
        if set(target.index) != set(X.index) or len(target) != len(X):
            raise ValueError(tr("features and target must cover the same customers (same index); join them first, "
                                "e.g. target = labels['churned'].loc[features.index]."))
        y = pd.Series(y, index=target.index).loc[X.index].to_numpy()
    if len(np.unique(y)) < 2:
        raise ValueError(tr("target holds only one class; a model needs both churners (1) and stayers (0)."))
    return X, pd.Series(y, index=X.index, name=target.name or "target")


def event_probability(model: Any, X: pd.DataFrame) -> np.ndarray:
    """Predicted probability of the event (class 1) for each row of ``X``."""
    if not hasattr(model, "predict_proba"):
        raise TypeError(tr("model must be a fitted classifier with predict_proba, got {type_name}.",
                           type_name=type(model).__name__))
    return model.predict_proba(X)[:, 1]
