"""Exercises of chapter 04 (customer value): CLV, cohorts, Pareto, value tiers, CDNOW, BG/NBD."""
from __future__ import annotations

from .. import bgnbd, cohorts, datasets, value
from .core import exercise


@exercise("4.1", title="Lifetime value of a customer", hints=[
    "Use the infinite-horizon formula CLV = m * r / (1 + d - r).",
    "Here m = 120, r = 0.75 and d = 0.08; crm.value.clv(margin, retention, discount) does it for you.",
], explanation="With 75 % retention a customer stays 4 years on average, but discounting and the chance "
               "of leaving make their future margin worth a little over two years of margin today.")
def _() -> float:
    return value.clv(120, 0.75, 0.08)


@exercise("4.2", title="What five points of retention are worth", hints=[
    "Compute the CLV twice: with retention 0.75 and with retention 0.80 (margin 120, discount 0.08).",
    "The relative change is new / old - 1; give it as a fraction (0.10 for +10 %).",
], explanation="Five points more retention raise lifetime value by about a quarter: retention is the "
               "strongest lever in the formula.")
def _() -> float:
    return value.clv(120, 0.80, 0.08) / value.clv(120, 0.75, 0.08) - 1


@exercise("4.3", title="A cohort one year on", hints=[
    "crm.cohorts.cohort_retention(orders, freq='Q') gives one row per acquisition quarter.",
    "Column k is the share of the cohort that bought in the k-th quarter after joining; "
    "one year on is column 4.",
    "Read the cell with .loc['2022Q1', 4].",
], explanation="Only part of a cohort is still buying a year after joining, and the steepest drop is "
               "right after the first purchase.")
def _() -> float:
    orders = datasets.load("orders")
    return float(cohorts.cohort_retention(orders, freq="Q").loc["2022Q1", 4])


@exercise("4.4", title="How concentrated is margin?", hints=[
    "crm.value.customer_value(orders) gives each customer's total margin in column 'margin'.",
    "crm.value.top_share(values, 0.1) returns the share held by the top 10 % of customers.",
], explanation="A tenth of the customers brings a large part of the gross margin: losing one of them "
               "costs as much as losing many ordinary customers.")
def _() -> float:
    orders = datasets.load("orders")
    return value.top_share(value.customer_value(orders)["margin"], 0.1)


@exercise("4.5", title="What the strategic tier brings in", hints=[
    "Rank customers by revenue: crm.value.customer_value(orders)['revenue'].",
    "crm.value.value_tiers(revenue) gives each customer a tier (default shares 5 / 15 / 50 / 30 %).",
    "crm.value.tier_summary(revenue, tiers) has a 'value_share' column; read the 'strategic' row.",
], explanation="Five per cent of the customers bring this share of revenue: they deserve a partnership, "
               "not a newsletter.")
def _() -> float:
    revenue = value.customer_value(datasets.load("orders"))["revenue"]
    summary = value.tier_summary(revenue, value.value_tiers(revenue))
    return float(summary.loc["strategic", "value_share"])


@exercise("4.6", title="CDNOW's one-time buyers", hints=[
    "Load crm.datasets.load('cdnow'); a customer can have several rows on the same day.",
    "Count each customer's distinct purchase days, e.g. cdnow.groupby('customer_id')['date'].nunique().",
    "The share of customers with exactly one purchase day is (days == 1).mean(); give it as a fraction.",
], explanation="Most of CDNOW's new customers never came back after their first day of buying: the "
               "first repeat purchase is where most of the value is won or lost.")
def _() -> float:
    cdnow = datasets.load("cdnow")
    days = cdnow.groupby("customer_id")["date"].nunique()
    return float((days == 1).mean())


@exercise("4.7", title="The model's forecast for the holdout period", hints=[
    "Summarise the sample with crm.bgnbd.bgnbd_summary(sample, calibration_end='1997-09-30', "
    "observation_end='1998-06-30') and fit it with crm.bgnbd.fit_bgnbd(summary).",
    "fit.conditional_expected_purchases(summary, 39) gives each customer's expected purchases in the "
    "39 holdout weeks.",
    "Add them up with .sum().",
], explanation="Summed over the cohort, the model's individual forecasts give the firm a sales forecast "
               "for the coming period; compare it with the actual holdout purchases.")
def _() -> float:
    sample = datasets.load("cdnow_sample")
    summary = bgnbd.bgnbd_summary(sample, calibration_end="1997-09-30", observation_end="1998-06-30")
    fit = bgnbd.fit_bgnbd(summary)
    return float(fit.conditional_expected_purchases(summary, 39).sum())
