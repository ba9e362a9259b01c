"""Loyalty theory, measured: scale reliability, construct scores, a driver model, defection.

The satisfaction-and-loyalty pillar of CRM says that perceived value, satisfaction,
trust and switching cost each raise loyalty, and that their weight changes over the
customer lifecycle. A survey measures each of these attitudes with a few Likert
items. This module turns such a survey into evidence:

* :func:`cronbach_alpha` and :func:`reliability_table` — do the items of a scale
  measure one thing? (Cronbach 1951);
* :func:`construct_scores` — one score per construct: the mean of its items;
* :func:`intentions_by_stage` — the four loyalty intentions measured by lifecycle stage (compare them
  with the deck's table, :func:`crm_lessons.lifecycle.stage_table`);
* :func:`driver_model` and :func:`predict_intentions` — standardized regression of
  loyalty on the four drivers, overall and per lifecycle stage;
* :func:`defection_table` and :func:`defection_profile` — satisfied customers who
  still stopped buying, and what sets them apart.

The default column names match the bundled ``survey`` and ``orders`` datasets.
"""
from __future__ import annotations

from ._common import (
    ALL_STAGES,
    CONSTRUCTS,
    DRIVERS,
    INTENTIONS,
    MAX_SD_RATIO,
    MIN_ALPHA_RESPONDENTS,
    RELATIONSHIP_QUALITY,
    STAGES,
)
from .defection import defection_profile, defection_table
from .drivers import driver_model, predict_intentions
from .scales import construct_scores, cronbach_alpha, reliability_table
from .stages import intentions_by_stage

__all__ = ["CONSTRUCTS", "DRIVERS", "INTENTIONS", "STAGES", "RELATIONSHIP_QUALITY", "ALL_STAGES",
           "MAX_SD_RATIO", "MIN_ALPHA_RESPONDENTS",
           "cronbach_alpha", "reliability_table", "construct_scores",
           "intentions_by_stage", "driver_model", "predict_intentions", "defection_table",
           "defection_profile"]

