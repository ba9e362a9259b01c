"""Exercises of the start notebook (chapter 0): first steps with the bundled data.

Titles, hints and explanations are marked with ``N_`` for the translation catalogue and
shown in the learner's language by ``check`` and ``hint`` (:mod:`crm_lessons.i18n`).
"""
from __future__ import annotations

from .. import datasets
from ..i18n import N_
from .core import exercise


@exercise("0.1", title=N_("How many customers?"), hints=[
    N_("Load the table with crm.datasets.load('customers')."),
    N_("len(table) gives the number of rows; each row is one customer."),
], explanation=N_("Each row of the customers table is one customer, so its length is the customer count."))
def _() -> int:
    return len(datasets.load("customers"))


@exercise("0.2", title=N_("The busiest category"), hints=[
    N_("Load crm.datasets.load('order_lines'): one row per product in an order."),
    N_("Count rows per category with table['category'].value_counts()."),
    N_("value_counts() sorts from most to least frequent; .index[0] is the top category."),
], explanation=N_("Counting order lines per category shows where most purchases happen."))
def _() -> str:
    return str(datasets.load("order_lines")["category"].value_counts().index[0])
