"""The course deck's lifecycle table: loyalty forms and intention strengths by relationship stage.

The CRM overview deck (客户关系管理概述, 生命周期不同阶段的忠诚形式与客户行为意向强度) gives,
for the stages 识别期 (identification), 发展期 (development) and 稳定期 (stability), the form
loyalty takes and how strong four behavioural intentions are. The table is stored as data
(:mod:`crm_lessons.reference`) exactly as the deck gives it; the fourth stage, 衰退期 (decline),
is listed for the survey's stages but the deck gives no strengths for it, so its cells are
empty rather than invented.

Examples
--------
>>> stage_table().loc["development", "recommendation"]
'无或弱 (none or weak)'
"""
from __future__ import annotations

import pandas as pd

from . import reference
from .i18n import tr

__all__ = ["INTENTIONS", "stage_table", "strength_levels"]

#: The four behavioural intentions of the deck's table, in its column order.
INTENTIONS = ["repurchase", "price_tolerance", "cross_buying", "recommendation"]


def strength_levels() -> pd.DataFrame:
    """The deck's strength words with an English gloss and a number for charts.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``chinese`` (无, 无或弱, 弱, 小, 一般, 较强, 强): ``english`` and ``level``
        (0 = none … 4 = strong; 无或弱 is 0.5, between none and weak).

    Examples
    --------
    >>> float(strength_levels().loc["较强", "level"])
    3.0
    """
    return reference.table("intention_strengths").set_index("chinese").astype({"level": float})


def stage_table(numeric: bool = False) -> pd.DataFrame:
    """Loyalty form and intention strengths per lifecycle stage, as the course deck gives them.

    Parameters
    ----------
    numeric : bool
        If True, give the strengths as numbers (see :func:`strength_levels`) instead of
        the deck's words with an English gloss.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``stage`` (identification, development, stability, decline):
        ``chinese``, ``relationship``, ``loyalty_form``, ``loyalty_form_chinese`` and one
        column per intention in :data:`INTENTIONS`. The decline row's strengths are
        missing (None, or NaN when numeric): the deck does not give them.

    Examples
    --------
    >>> stage_table().loc["identification", ["chinese", "loyalty_form_chinese"]].tolist()
    ['识别期', '满意、信任']
    >>> float(stage_table(numeric=True).loc["stability", "cross_buying"])
    4.0
    """
    if not isinstance(numeric, bool):
        raise TypeError(tr("numeric must be True or False, got {type_name}.", type_name=type(numeric).__name__))
    table = reference.table("lifecycle_stages").set_index("stage")
    levels = strength_levels()
    words = {zh: f"{zh} ({en})" for zh, en in levels["english"].items()}
    for column in INTENTIONS:
        if numeric:
            table[column] = table[column].map(levels["level"]).astype(float)
        else:
            table[column] = table[column].map(words, na_action="ignore").astype(object)
            table[column] = table[column].where(table[column].notna(), None)
    return table
