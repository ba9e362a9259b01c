"""The single customer view: join what sales, service and marketing each know.

Every department keeps its own records, typed its own way: service agents write
``" Anna.Adams@Mail.Example "`` and ``"Adams, Anna"``, marketing enters the same
person twice, and nobody shares a customer id. The steps to one view:

1. **Normalise the keys** (:func:`normalise_email`, :func:`normalise_phone`,
   :func:`normalise_name`) so that the same value is written the same way.
2. **Match** each department record to a customer (:func:`match_customers`): by
   e-mail first, then by phone when the names agree. Every record gets a ``reason``,
   so nothing is dropped silently; :func:`match_summary` counts them.
3. **Check** the result: people entered twice (:func:`find_duplicates`) and fields
   where a department disagrees with the customer master (:func:`find_conflicts`).
4. **Summarise each department per customer** (:func:`sales_summary`,
   :func:`service_summary`, :func:`marketing_summary`) and **join** them onto the
   customer list (:func:`customer_view`): one row per customer, the "360-degree" table.
5. **Look at one customer** (:func:`profile`, :func:`customer_history`) and measure
   what each department alone would miss (:func:`department_coverage`).

:func:`build_customer_view` runs all steps on the bundled files and returns a
:class:`SingleCustomerView`.

Examples
--------
>>> import pandas as pd
>>> normalise_email(pd.Series([" Anna.Adams@Mail.Example "])).tolist()
['anna.adams@mail.example']
>>> normalise_name(pd.Series(["Adams,  ANNA"])).tolist()
['anna adams']
"""
from __future__ import annotations

from .matching import (
    REASONS,
    find_conflicts,
    find_duplicates,
    match_customers,
    match_summary,
    normalise_email,
    normalise_name,
    normalise_phone,
)
from .view import (
    SingleCustomerView,
    build_customer_view,
    customer_history,
    customer_view,
    department_coverage,
    marketing_summary,
    profile,
    sales_summary,
    service_summary,
)

__all__ = ["REASONS", "normalise_email", "normalise_phone", "normalise_name", "match_customers",
           "match_summary", "find_duplicates", "find_conflicts", "sales_summary", "service_summary",
           "marketing_summary", "customer_view", "department_coverage", "profile", "customer_history",
           "SingleCustomerView", "build_customer_view"]

