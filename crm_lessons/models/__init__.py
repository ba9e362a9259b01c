"""Data-mining models for CRM: churn, targeting by score, cross-selling.

The database-marketing process runs from a customer database to a behavioural
feature set, a model, a campaign built on the model, its evaluation and its
monitoring. This module holds the steps that need care:

- :func:`churn_labels` defines churn on an order log with an *observation
  window* (the past, where features come from) and a later *outcome window*
  (the future, where the label comes from), and refuses windows that overlap;
- :func:`churn_features` builds the customer feature set from the observation
  window only: RFM, tenure, service tickets (matched on the normalised e-mail),
  campaign contact and response, and any customer attributes;
- :func:`churn_pipeline`, :func:`fit_churn_models`, :func:`split_customers`,
  :func:`model_scores`, :func:`confusion_table`, :func:`logistic_drivers` and
  :func:`permutation_drivers` train, evaluate and explain scikit-learn models;
- :func:`gains_table` is the decile gains / lift table used to judge and target
  by a score; :func:`targeting_plan` and :func:`targeting_summary` make the
  budget-constrained retention decision;
- :func:`cross_sell_frame` prepares "will this customer buy category X next?"
  and :func:`rule_scores` scores customers with association rules for comparison.

scikit-learn is imported inside the functions that need it, so importing this
module stays fast.

Examples
--------
>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B", "C"], "order_id": [1, 2, 3, 4],
...                    "order_date": ["2024-01-10", "2024-07-05", "2024-02-01", "2024-08-01"]})
>>> churn_labels(tx, observation=("2024-01-01", "2024-06-30"),
...              outcome=("2024-07-01", "2024-07-31"))["churned"].to_dict()
{'A': 0, 'B': 1}
"""
from __future__ import annotations

from .churn import churn_features, churn_labels
from .cross_sell import cross_sell_frame, rule_scores
from .evaluation import confusion_table, gains_table, logistic_drivers, model_scores, permutation_drivers
from .targeting import targeting_plan, targeting_summary
from .training import MODEL_NAMES, churn_pipeline, fit_churn_models, split_customers

__all__ = ["churn_labels", "churn_features", "split_customers", "churn_pipeline", "fit_churn_models",
           "model_scores", "confusion_table", "logistic_drivers", "permutation_drivers", "gains_table",
           "targeting_plan", "targeting_summary", "cross_sell_frame", "rule_scores", "MODEL_NAMES"]

