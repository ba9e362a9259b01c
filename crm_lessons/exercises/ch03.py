"""Exercises of chapter 3 (loyalty theory): reliability, stages, drivers, satisfied defectors."""
from __future__ import annotations

from .. import datasets, loyalty
from .core import exercise


def _scores():
    survey = datasets.load("survey")
    return loyalty.construct_scores(survey, keep=["customer_id", "lifecycle_stage"])


@exercise("3.1", title="Loyalty across the lifecycle", hints=[
    "A respondent's loyalty index is the mean of their four intentions: "
    "survey[['repurchase', 'price_tolerance', 'cross_buying', 'recommendation']].mean(axis=1).",
    "Group that Series by the stage: index.groupby(survey['lifecycle_stage']).mean() gives one mean per stage.",
    "Shortcut: crm.loyalty.construct_scores(survey, keep=['lifecycle_stage']) already holds the index "
    "in its column 'loyalty'.",
], explanation="Loyalty is lowest at the start and the end of the relationship and highest in the stability "
               "stage, as the lifecycle table predicts.")
def _():
    scores = _scores()
    return scores.groupby("lifecycle_stage")["loyalty"].mean()


@exercise("3.2", title="Is the switching-cost scale reliable?", hints=[
    "The switching-cost items are the columns sc1, sc2 and sc3 of the survey.",
    "crm.loyalty.cronbach_alpha takes a DataFrame with one column per item: survey[['sc1', 'sc2', 'sc3']].",
    "By hand: k / (k - 1) * (1 - sum of the item variances / variance of the row totals), with k = 3.",
], explanation="Alpha is above 0.70, so the three items measure one thing well enough to average them, "
               "though less tightly than the other scales: switching cost is the noisiest construct.")
def _() -> float:
    return loyalty.cronbach_alpha(datasets.load("survey")[loyalty.CONSTRUCTS["switching_cost"]])


@exercise("3.3", title="The least reliable scale", hints=[
    "crm.loyalty.reliability_table(survey) gives one row per construct with its alpha.",
    "Sort by the alpha column, or use .loc[table['alpha'].idxmin(), 'construct'].",
], explanation="Its items agree least with each other, so its score carries the most measurement error "
               "and its effect in a regression is blurred (attenuated) the most.")
def _() -> str:
    table = loyalty.reliability_table(datasets.load("survey"))
    return str(table.loc[table["alpha"].idxmin(), "construct"])


@exercise("3.4", title="The strongest driver in each stage", hints=[
    "Fit crm.loyalty.driver_model(scores) on construct scores that keep the lifecycle_stage column.",
    "Keep the rows with rank == 1 and outcome == 'loyalty', leave out the stage 'all'.",
    "Turn them into a dict: dict(zip(top['stage'], top['driver'])).",
], explanation="The top driver moves from perceived value (trial) to satisfaction (development), trust "
               "(stability) and switching cost (decline): what keeps a customer depends on the stage.")
def _() -> dict:
    model = loyalty.driver_model(_scores())
    top = model[(model["rank"] == 1) & (model["outcome"] == "loyalty") & (model["stage"] != loyalty.ALL_STAGES)]
    return dict(zip(top["stage"], top["driver"]))


def _defection():
    return loyalty.defection_table(datasets.load("survey"), datasets.load("orders"), months=6, satisfied_at=5.0)


@exercise("3.5", title="Satisfied, yet gone", hints=[
    "crm.loyalty.defection_table(survey, orders, months=6, satisfied_at=5.0) flags every respondent.",
    "Count the rows where both 'satisfied' and 'defected' are True: (table['satisfied'] & table['defected']).sum().",
], explanation="These customers said they were satisfied, yet placed no order in the six months after the "
               "survey: satisfaction alone did not keep them.")
def _() -> int:
    table = _defection()
    return int((table["satisfied"] & table["defected"]).sum())


@exercise("3.6", title="The perceived-value gap", hints=[
    "crm.loyalty.defection_profile(table) gives the mean driver scores per group.",
    "Take profile.loc['satisfied, defected', 'perceived_value'] minus "
    "profile.loc['satisfied, stayed', 'perceived_value'].",
], explanation="The gap is negative: satisfied customers who left saw less value for money than satisfied "
               "customers who stayed; value and switching barriers, not satisfaction, kept customers here.")
def _() -> float:
    profile = loyalty.defection_profile(_defection())
    return float(profile.loc["satisfied, defected", "perceived_value"]
                 - profile.loc["satisfied, stayed", "perceived_value"])
