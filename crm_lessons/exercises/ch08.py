"""Exercises of chapter 08 (strategy capstone): the trade-fair organiser's renewal, value, risk and budget."""
from __future__ import annotations

import functools

import pandas as pd

from .. import datasets, models, tradefair, value
from ..i18n import N_
from .core import exercise

TRAIN_EDITIONS = range(2019, 2024)
TEST_EDITION = 2024
CURRENT_EDITION = 2025
BUDGET = 150000


@functools.cache
def _case() -> dict:
    ex = datasets.load("exhibitors")
    train = tradefair.renewal_frame(ex, TRAIN_EDITIONS)
    test = tradefair.renewal_frame(ex, [TEST_EDITION])
    now = tradefair.renewal_frame(ex, [CURRENT_EDITION]).drop(columns="left").droplevel("edition")
    X_train, y_train = train.drop(columns="left"), train["left"].astype(int)
    model = models.churn_pipeline(X_train).fit(X_train, y_train)
    table = tradefair.exhibitor_value(ex, CURRENT_EDITION)
    table["tier"] = value.value_tiers(table["value"])
    table["leave_prob"] = pd.Series(model.predict_proba(now)[:, 1], index=now.index)
    plan = tradefair.budget_split(table, BUDGET)
    return {"ex": ex, "test": test, "model": model, "table": table, "summary": tradefair.budget_summary(plan)}


@exercise("8.1", title=N_("Renewal rate of the 2024 edition"), hints=[
    N_("crm.tradefair.renewal_by_edition(ex) has one row per edition."),
    N_("Read the column 'renewal_rate' in the row 2024: the share of 2024's exhibitors who booked 2025."),
    N_("Give a fraction between 0 and 1."),
], explanation=N_("Roughly four in five exhibitors of 2024 came back: in a B2B fair, most revenue comes from "
                  "renewals, so retention is the first lever."))
def _() -> float:
    return float(tradefair.renewal_by_edition(_case()["ex"]).loc[TEST_EDITION, "renewal_rate"])


@exercise("8.2", title=N_("How many of the first exhibitors are still there?"), hints=[
    N_("Take the set of exhibitor_id values of edition 2019 and the set of edition 2025."),
    N_("Divide the number of ids in both sets by the number of 2019 exhibitors."),
    N_("Or read the cohort table: crm.cohorts.cohort_retention(...) row 2019, six editions later."),
], explanation=N_("Only a minority of the first edition's exhibitors survive six editions of yearly renewals: "
                  "small yearly losses compound."))
def _() -> float:
    ex = _case()["ex"]
    first = set(ex.loc[ex["edition"] == 2019, "exhibitor_id"])
    last = set(ex.loc[ex["edition"] == CURRENT_EDITION, "exhibitor_id"])
    return len(first & last) / len(first)


@exercise("8.3", title=N_("Which company size renews most?"),
          accept={"large firm": ["large", "大型", "大型企业", "大企业"]}, hints=[
    N_("crm.tradefair.renewal_rates(ex, 'company_size') gives the renewal rate per size."),
    N_("Sort by 'renewal_rate' or use .idxmax() on that column."),
    N_("Answer with the size as text: small firm, mid-size firm or large firm."),
], explanation=N_("Large exhibitors renew most often: they plan their fair calendar years ahead, so they are "
                  "the backbone of the floor plan."))
def _() -> str:
    return str(tradefair.renewal_rates(_case()["ex"], "company_size")["renewal_rate"].idxmax())


@exercise("8.4", title=N_("Revenue share of the strategic and key exhibitors"), hints=[
    N_("Value the 2025 exhibitors with crm.tradefair.exhibitor_value(ex) and tier them with "
       "crm.value.value_tiers(table['value'])."),
    N_("crm.value.tier_summary(table['value'], tiers) has a 'value_share' column per tier."),
    N_("Add the shares of 'strategic' and 'key' and give a fraction."),
], explanation=N_("A fifth of the exhibitors bring more than half of the recent revenue: the Pareto pattern of "
                  "chapter 04 holds for business customers too."))
def _() -> float:
    table = _case()["table"]
    shares = value.tier_summary(table["value"], table["tier"])["value_share"]
    return float(shares["strategic"] + shares["key"])


@exercise("8.5", title=N_("How well does the renewal model predict the next edition?"), hints=[
    N_("Train crm.models.churn_pipeline(X_train) on crm.tradefair.renewal_frame(ex, range(2019, 2024)) "
       "(X = all columns but 'left', y = 'left')."),
    N_("Score the 2024 edition: crm.tradefair.renewal_frame(ex, [2024]), and compute "
       "sklearn.metrics.roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])."),
    N_("Give the AUC as a number between 0.5 and 1."),
], explanation=N_("Trained only on earlier editions, the model ranks the 2024 leavers well above the stayers: "
                  "it can be trusted to flag 2025's likely leavers."))
def _() -> float:
    from sklearn.metrics import roc_auc_score

    case = _case()
    X_test, y_test = case["test"].drop(columns="left"), case["test"]["left"].astype(int)
    return float(roc_auc_score(y_test, case["model"].predict_proba(X_test)[:, 1]))


@exercise("8.6", title=N_("Renewals kept by the ¥150,000 plan"), hints=[
    N_("Run crm.tradefair.budget_split(table, 150000) on the table with 'tier', 'leave_prob' and 'revenue_last'."),
    N_("crm.tradefair.budget_summary(plan) ends with a 'total' row."),
    N_("Read 'expected_renewals_kept' in the 'total' row (a number with decimals)."),
], explanation=N_("The budget buys a handful of extra renewals — each worth a whole booth, services included, "
                  "which is why it pays several times over."))
def _() -> float:
    return float(_case()["summary"].loc["total", "expected_renewals_kept"])


@exercise("8.7", title=N_("Where does the money go?"), accept={"key": ["key account", "主要客户", "重要客户"],
                                                           "strategic": ["战略客户"]}, hints=[
    N_("Use the budget summary of Exercise 8.6."),
    N_("Leave out the 'total' row and find the tier with the largest 'budget_share' (.idxmax())."),
    N_("Answer with the tier's name as text."),
], explanation=N_("The key tier gets the largest share: valuable enough that a save is worth a lot, and at "
                  "more risk than the strategic exhibitors, who rarely leave."))
def _() -> str:
    return str(_case()["summary"].drop(index="total")["budget_share"].idxmax())


# --- decision exercises ---------------------------------------------------------------------------------------

from .core import decision  # noqa: E402  (decision exercises are appended after the practice checks)

TIERS = value.TIERS
EXTRA_BUDGET = 75000


def _extra_budget_by_tier() -> pd.Series:
    """How the extra ¥75,000 (a ¥225,000 instead of a ¥150,000 plan) is shared among the value tiers (¥)."""
    case = _case()
    larger = tradefair.budget_summary(tradefair.budget_split(case["table"], BUDGET + EXTRA_BUDGET))
    return (larger["budget"] - case["summary"]["budget"]).drop(index="total")


@decision("8.8", title=N_("Where does an extra ¥75,000 go?"), options=TIERS, hints=[
    N_("Run crm.tradefair.budget_split(table, 225000, margin_rate=0.5) and its budget_summary, and subtract the "
       "¥150,000 plan's budget per tier."),
    N_("The plan funds exhibitors in order of expected profit per yuan, so the extra money shows where the next "
       "best uses are."),
    N_("Answer with the tier that receives the largest part of the extra ¥75,000."),
], rubric=[
    N_("Quotes how the extra money splits over the tiers, from the two plans."),
    N_("Compares the result with the deck's resource allocation: strategic customers get sufficient resources, "
       "main (key) customers more, transactional not too many (small customers are judged case by case)."),
    N_("Explains why the key tier gains most: many valuable exhibitors with a real chance of leaving, at a "
       "treatment cost the expected revenue kept easily repays."),
    N_("Names the assumption the answer rests on (the save rates per tier) and how step 7 will measure it."),
], model_reasons="Of the extra ¥75,000, about ¥34,000 goes to key exhibitors, ¥24,000 to strategic, ¥13,600 to "
                 "transactional and almost nothing to the small tier. The key tier has many valuable exhibitors "
                 "with a real chance of leaving, and a ¥2,000 account-manager call keeps enough of their revenue to "
                 "pay several times over; that matches the deck's advice to give main customers more resources "
                 "and strategic ones sufficient resources. The split rests on assumed save rates; the control "
                 "group of step 7 will tell whether the key-account calls really work.",
    explanation=N_("A larger budget follows the next best expected profit per yuan: here the key accounts."))
def _() -> str:
    return str(_extra_budget_by_tier().idxmax())


def _small_tier_reminder_profit() -> float:
    """Expected profit (¥) of the automated reminders the ¥150,000 plan sends to the small tier."""
    plan = tradefair.budget_split(_case()["table"], BUDGET)
    chosen = plan[(plan["tier"] == "small") & plan["treat"]]
    return float(chosen["expected_profit"].sum())


@decision("8.9", title=N_("Stop serving the small tier?"), options=["stop", "keep"], hints=[
    N_("The deck's relationship strategy for 风险客户 (risk customers) is to refuse service and end contact. "
       "Our 'small' tier is simply the 30 % of exhibitors with the lowest value."),
    N_("In the ¥150,000 plan, sum expected_profit over the small-tier exhibitors who are treated (plan['treat'])."),
    N_("If the cheap reminder earns more than it costs, ending contact throws that away: 'keep'; otherwise 'stop'."),
], rubric=[
    N_("Uses the data: the small tier's reminders cost about ¥4,980 and are expected to earn far more (quotes the "
       "numbers)."),
    N_("Distinguishes small from risky: the deck's 风险客户 are customers the firm cannot make money with or "
       "cannot trust, while our lowest value tier is small, not necessarily risky (deck 002: judge small "
       "customers case by case)."),
    N_("Names who would really be a 风险客户 at a fair (unpaid invoices, broken contracts, no future in the "
       "industry) and what to do with them."),
    N_("Considers the relationship's development: some small exhibitors grow into transactional or key ones."),
], model_reasons="Keep them. The automated reminders to 166 small-tier exhibitors cost ¥4,980 and are expected to "
                 "earn about ¥93,200 of profit, so ending contact would throw money away. Our 'small' tier is the "
                 "30 % with the lowest value, which the deck's 风险客户 are not: those are exhibitors we cannot "
                 "make money with or cannot trust (unpaid invoices, broken contracts), and only those I would stop "
                 "serving. Small exhibitors can grow, so the cheap reminder also keeps the path to the next tier open.",
    explanation=N_("Low value is not the same as risk: prune on evidence of loss or bad faith, not on size."))
def _() -> str:
    return "keep" if _small_tier_reminder_profit() > 0 else "stop"
