"""The seeded data generator behind every synthetic file in ``datasets/``.

``python -m crm_lessons.simulate`` rewrites the files, their data cards and checksums.

>>> from crm_lessons import simulate
>>> sim = simulate.company(seed=1, n_customers=100)
>>> "orders" in sim.tables
True
"""
from .company import Company, company
from .retail_log import retail_log
from .tradefair import exhibitors

__all__ = ["Company", "company", "exhibitors", "retail_log"]
