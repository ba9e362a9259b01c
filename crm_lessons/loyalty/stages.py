"""The customer lifecycle: the intentions measured per stage (the deck's table is crm.lifecycle.stage_table)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .._validation import require_columns, require_frame
from ..i18n import tr
from ._common import (
    INTENTIONS,
    numeric_items,
    stage_column,
    stage_order,
)

__all__ = ["intentions_by_stage"]

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
        raise TypeError(tr("intentions must be a non-empty list of column names."))
    for c in intentions:
        require_columns(survey, {"intentions": c}, "survey")
    labels = stage_column(survey, stage, "survey")
    values = numeric_items(survey, list(intentions), "survey")
    grouped = values.groupby(labels.rename("stage"))
    table = grouped.mean()
    table["n"] = grouped.size()
    return table.loc[stage_order(labels)]


