"""Exercises of chapter 05 (segmentation): RFM, segments, k-means, loyalty typologies, budgets."""
from __future__ import annotations

import pandas as pd

from .. import datasets, rfm, segments
from .core import exercise

AS_OF = "2024-12-31"          # the last day of the order data
SURVEY_DATE = "2024-01-15"


def _rfm() -> pd.DataFrame:
    return rfm.rfm_table(datasets.load("orders"), as_of=AS_OF)


def _survey() -> pd.DataFrame:
    """Survey answers per customer plus repeat patronage (orders in the year before the survey)."""
    survey = datasets.load("survey").set_index("customer_id")
    orders = datasets.load("orders")
    end = pd.Timestamp(SURVEY_DATE)
    year = orders[(orders["order_date"] >= end - pd.Timedelta(days=365)) & (orders["order_date"] < end)]
    survey["repeat_patronage"] = year.groupby("customer_id").size().reindex(survey.index, fill_value=0)
    survey["satisfaction"] = survey[["sat1", "sat2", "sat3"]].mean(axis=1)
    return survey


@exercise("5.1", title="One customer's RFM", hints=[
    "Keep the orders of customer C00003: orders[orders['customer_id'] == 'C00003'].",
    "Recency = days from the last order to 2024-12-31; frequency = number of distinct order_id; "
    "monetary = sum of amount.",
    "Check with crm.rfm.rfm_table(orders, as_of='2024-12-31').loc['C00003'].",
], explanation="Three numbers summarise the whole order history of this customer.")
def _() -> dict:
    row = _rfm().loc["C00003"]
    return {"recency": int(row["recency"]), "frequency": int(row["frequency"]), "monetary": float(row["monetary"])}


@exercise("5.2", title="Lines are not orders", hints=[
    "Join order_lines to orders on order_id to give every line its customer.",
    "Count lines per customer with groupby('customer_id').size() and compare with the frequency column "
    "of the RFM table (distinct orders).",
    "Count the customers whose line count is larger than their number of orders.",
], explanation="Counting lines would overstate the frequency of every customer who ever bought two "
               "products in one order: always count distinct orders.")
def _() -> int:
    orders = datasets.load("orders")
    lines = datasets.load("order_lines").merge(orders[["order_id", "customer_id"]], on="order_id")
    per_customer = lines.groupby("customer_id").size()
    frequency = _rfm()["frequency"].reindex(per_customer.index)
    return int((per_customer > frequency).sum())


@exercise("5.3", title="What the Champions bring", hints=[
    "Score the RFM table with crm.rfm.rfm_scores(rfm) and name segments with crm.rfm.rfm_segments(scores).",
    "crm.rfm.segment_summary(segmented) has a 'value_share' column; read the 'Champions' row.",
], explanation="A quarter of the customers bring most of the money: the Champions are the first "
               "segment to protect.")
def _() -> float:
    segmented = rfm.rfm_segments(rfm.rfm_scores(_rfm()))
    return float(rfm.segment_summary(segmented).loc["Champions", "value_share"])


@exercise("5.4", title="The most valuable cluster", hints=[
    "crm.segments.kmeans_rfm(rfm, k=4) returns one cluster number per customer (random_state=42 by default).",
    "Clusters are numbered by mean monetary value: cluster 1 is the most valuable.",
    "Count with (clusters == 1).sum() or clusters.value_counts().",
], explanation="k-means finds this small group of heavy, recent buyers without being told about it.")
def _() -> int:
    return int((segments.kmeans_rfm(_rfm(), k=4) == 1).sum())


@exercise("5.5", title="Spurious loyalty", hints=[
    "Use the survey table with repeat_patronage built in the worked example above.",
    "crm.segments.dick_basu(data, attitude_cut=5) splits patronage at its median.",
    "Count the rows whose type is 'Spurious loyalty'.",
], explanation="These customers buy often but do not prefer us: a competitor's better offer could take "
               "them away.")
def _() -> int:
    typed = segments.dick_basu(_survey(), attitude_cut=5)
    return int((typed["type"] == "Spurious loyalty").sum())


@exercise("5.6", title="Satisfied but not secure", hints=[
    "crm.segments.satisfaction_split(survey) uses the 'satisfaction' column (mean of sat1-sat3) and cuts at 5.",
    "Satisfied respondents are the types 'Secure' and 'Satisfied'.",
    "Divide the number of 'Satisfied' by the number of 'Secure' + 'Satisfied'; give a fraction.",
], explanation="About half of the satisfied customers do not commit to buying again and recommending: "
               "satisfaction alone does not secure them (Jones & Sasser 1995).")
def _() -> float:
    counts = segments.satisfaction_split(_survey())["type"].value_counts()
    return float(counts["Satisfied"] / (counts["Satisfied"] + counts["Secure"]))


@exercise("5.7", title="Budget per Champion", hints=[
    "Start from crm.rfm.segment_summary of the RFM segments (bins=5, default rules).",
    "crm.segments.allocate_budget(summary, 20_000, weights={'Lost': 0, 'Hibernating': 0}).",
    "Read budget_per_customer in the 'Champions' row.",
], explanation="Allocating by value puts most of the money where most of the value is; per head, the "
               "Champions get far more than the average customer.")
def _() -> float:
    summary = rfm.segment_summary(rfm.rfm_segments(rfm.rfm_scores(_rfm())))
    allocation = segments.allocate_budget(summary, 20_000, weights={"Lost": 0, "Hibernating": 0})
    return float(allocation.loc["Champions", "budget_per_customer"])
