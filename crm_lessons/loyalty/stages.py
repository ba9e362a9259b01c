"""The customer lifecycle: what theory predicts per stage, and the intentions measured per stage."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .._validation import require_columns, require_flag, require_frame
from ._common import (
    INTENTIONS,
    numeric_items,
    stage_column,
    stage_order,
)

__all__ = ["lifecycle_table", "intentions_by_stage"]

_LEVELS = {1: "very low", 2: "low", 3: "medium", 4: "high"}


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
    require_flag(numeric, "numeric")
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
    labels = stage_column(survey, stage, "survey")
    values = numeric_items(survey, list(intentions), "survey")
    grouped = values.groupby(labels.rename("stage"))
    table = grouped.mean()
    table["n"] = grouped.size()
    return table.loc[stage_order(labels)]


