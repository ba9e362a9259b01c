"""Interactive explorers and calculators (ipywidgets) used in the notebooks; each topic keeps its own module here.

Every helper is re-exported below by name, so ``crm.widgets.rfm_explorer`` is an
ordinary attribute (go-to-definition follows it) and the full list is
``crm.widgets.__all__``. ipywidgets is imported inside the functions, so
importing this package stays light. To add a module: write
``widgets/<topic>.py`` with an ``__all__``, then add one ``from .<topic> import
...`` line here and its names to ``__all__``; tests/test_architecture.py fails if
a name is missing here or defined by two modules.
"""
from __future__ import annotations

from .background import TARGETING_SCORES, campaign_targeting_explorer, targeting_table
from .basket import basket_recommender, rules_explorer
from .cleaning import cleaning_explorer
from .concepts import customer_360_explorer, showcase_customers
from .loyalty import loyalty_explorer
from .models import budget_split_planner, retention_planner
from .rfm import rfm_explorer
from .start import dataset_explorer, glossary_lookup
from .value import clv_calculator

__all__ = [
    "TARGETING_SCORES", "campaign_targeting_explorer", "targeting_table",
    "rules_explorer", "basket_recommender",
    "cleaning_explorer",
    "customer_360_explorer", "showcase_customers",
    "loyalty_explorer",
    "retention_planner", "budget_split_planner",
    "rfm_explorer",
    "dataset_explorer", "glossary_lookup",
    "clv_calculator",
]
