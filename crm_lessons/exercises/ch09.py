"""Exercises of chapter 09 (your own data): reading and cleaning a messy export."""
from __future__ import annotations

from typing import Any

from .. import rfm
from ..cleaning import CleanedTransactions, read_transactions
from ..i18n import N_
from ..simulate.messy import NON_PRODUCT, messy_transactions
from .core import exercise

# How the chapter reads the sample export (its own column names -> the workbook's).
SAMPLE_COLUMNS = dict(customer="Customer ID", order="Invoice", date="InvoiceDate", item="Description",
                      quantity="Quantity", price="Price")


def _cleaned(**options: Any) -> CleanedTransactions:
    return read_transactions(messy_transactions(), **SAMPLE_COLUMNS, non_product=NON_PRODUCT, **options)


@exercise("9.1", title=N_("Count the cancellations by hand"), hints=[
    N_("Read the raw file with pandas: raw = pd.read_csv(csv_path, dtype=str)."),
    N_("Cancelled invoices have numbers that start with the letter C: raw['Invoice'].str.startswith('C')."),
    N_("Summing a True/False Series counts the True values: int(mask.sum())."),
], explanation=N_("Each cancelling invoice reverses an earlier sale; the cleaning report's 'cancellation' "
                  "row counts the same lines."))
def _() -> int:
    return int(messy_transactions()["Invoice"].str.startswith("C").sum())


@exercise("9.2", title=N_("The cost of reading dates the wrong way round"), hints=[
    N_("Call read_transactions with the same arguments plus dayfirst=False."),
    N_("Look at the report: result.report.set_index('reason').loc['bad_date', 'rows_flagged']."),
    N_("Month-first, a date such as 25/03/2024 would be in month 25, which does not exist."),
], explanation=N_("Every line dated after the 12th of a month becomes impossible month-first, and the lines "
                  "that survive get the wrong dates: always state or check the date order."))
def _() -> int:
    report = _cleaned(dayfirst=False).report.set_index("reason")
    return int(report.loc["bad_date", "rows_flagged"])


@exercise("9.3", title=N_("Net revenue"), hints=[
    N_("Call read_transactions again with the same arguments plus keep=['cancellation', 'return']."),
    N_("The cancellation and return lines then stay in .data with negative amounts."),
    N_("Sum the amount column of .data: result.data['amount'].sum()."),
], explanation=N_("Keeping cancellations and returns nets them against the sales they undo: that is the "
                  "revenue the shop really kept."))
def _() -> float:
    return float(_cleaned(keep=["cancellation", "return"]).data["amount"].sum())


@exercise("9.4", title=N_("The most valuable customer after cleaning"), hints=[
    N_("Pass the cleaned lines straight to RFM: table = crm.rfm.rfm_table(result.data)."),
    N_("The monetary column holds each customer's total spend; .idxmax() gives the id of the largest."),
    N_("Customer ids are text: answer with quotes, e.g. '17001'."),
], explanation=N_("RFM runs on the cleaned export without any renaming, because read_transactions gives "
                  "the workbook's standard column names."))
def _() -> str:
    return str(rfm.rfm_table(_cleaned().data)["monetary"].idxmax())
