"""Chart helpers used in the notebooks; each topic keeps its own module here.

Every helper is re-exported below by name, so ``crm.plots.lorenz_curve`` is an
ordinary attribute (go-to-definition follows it) and the full list is
``crm.plots.__all__``. To add a module: write ``plots/<topic>.py`` with an
``__all__``, then add one ``from .<topic> import ...`` line here and its names to
``__all__``; tests/test_architecture.py fails if a name is missing here or
defined by two modules.
"""
from __future__ import annotations

from .background import campaign_bars, marketing_timeline, share_of_wallet_chart, targeting_chart
from .basket import itemset_lattice, rules_scatter, segment_rules_chart
from .capstone import budget_split_chart, edition_chart, renewal_rate_chart, value_risk_map
from .clv import iso_value_chart, models_by_frequency_chart
from .concepts import customer_360_timeline, department_coverage_chart, match_outcome_chart
from .loyalty import (
    construct_heatmap,
    defection_chart,
    driver_effects_chart,
    intentions_forecast_chart,
    intentions_stage_chart,
    planted_vs_fitted_chart,
    theory_vs_measured_chart,
)
from .models import churn_windows_chart, driver_chart, gains_chart, lift_chart, roc_chart, targeting_profit_chart
from .segments import (
    cluster_scatter,
    elbow_silhouette_chart,
    rf_heatmap,
    segment_budget_chart,
    segment_crosstab_chart,
    segment_map,
    segment_value_chart,
    typology_chart,
)
from .start import monthly_revenue
from .theme import (
    ANNOTATION_SIZE,
    CHINESE_FONT,
    DENSE_ANNOTATION_SIZE,
    DIVERGING_CMAP,
    EXPLORER_TEXT_SIZES,
    MAX_CHART_HEIGHT,
    PALETTE,
    SEQUENTIAL_CMAP,
    TEXT_SIZES,
    apply_theme,
    axes_or_new,
    date_axis,
    finish,
    money_axis,
    percent_axis,
    wrap_to_width,
)
from .typologies import type_count_chart
from .value import (
    bgnbd_conditional_chart,
    bgnbd_tracking_chart,
    clv_sensitivity_chart,
    cohort_heatmap,
    lorenz_curve,
    value_tier_chart,
    whale_curve,
)

__all__ = [
    "marketing_timeline", "campaign_bars", "targeting_chart", "share_of_wallet_chart",
    "itemset_lattice", "rules_scatter", "segment_rules_chart",
    "edition_chart", "renewal_rate_chart", "value_risk_map", "budget_split_chart",
    "iso_value_chart", "models_by_frequency_chart",
    "match_outcome_chart", "department_coverage_chart", "customer_360_timeline",
    "intentions_stage_chart", "theory_vs_measured_chart", "construct_heatmap", "driver_effects_chart",
    "planted_vs_fitted_chart", "defection_chart", "intentions_forecast_chart",
    "churn_windows_chart", "roc_chart", "lift_chart", "gains_chart", "driver_chart", "targeting_profit_chart",
    "rf_heatmap", "segment_map", "segment_value_chart", "elbow_silhouette_chart", "cluster_scatter",
    "segment_crosstab_chart", "typology_chart", "segment_budget_chart",
    "monthly_revenue",
    "CHINESE_FONT", "PALETTE", "SEQUENTIAL_CMAP", "DIVERGING_CMAP", "TEXT_SIZES", "ANNOTATION_SIZE",
    "DENSE_ANNOTATION_SIZE", "EXPLORER_TEXT_SIZES", "MAX_CHART_HEIGHT", "apply_theme", "axes_or_new", "date_axis",
    "finish", "money_axis", "percent_axis", "wrap_to_width",
    "type_count_chart",
    "clv_sensitivity_chart", "cohort_heatmap", "lorenz_curve", "whale_curve", "value_tier_chart",
    "bgnbd_tracking_chart", "bgnbd_conditional_chart",
]
