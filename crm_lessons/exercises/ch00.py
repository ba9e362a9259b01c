"""Exercises of the start notebook (chapter 0): first steps with the bundled data."""
from __future__ import annotations

from .. import datasets
from .core import exercise


@exercise("0.1", title="How many customers?", hints=[
    "Load the table with crm.datasets.load('customers').",
    "len(table) gives the number of rows; each row is one customer.",
], explanation="Each row of the customers table is one customer, so its length is the customer count.")
def _() -> int:
    return len(datasets.load("customers"))


@exercise("0.2", title="The busiest category", hints=[
    "Load crm.datasets.load('order_lines'): one row per product in an order.",
    "Count rows per category with table['category'].value_counts().",
    "value_counts() sorts from most to least frequent; .index[0] is the top category.",
], explanation="Counting order lines per category shows where most purchases happen.")
def _() -> str:
    return str(datasets.load("order_lines")["category"].value_counts().index[0])
