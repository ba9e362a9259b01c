"""Exercises of chapter 05 (segmentation): RFM, segments, k-means, loyalty typologies, budgets."""
from __future__ import annotations

import pandas as pd

from .. import datasets, rfm, segments, typologies
from ..i18n import N_
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


@exercise("5.1", title=N_("One customer's RFM"), hints=[
    N_("Keep the orders of customer C00003: orders[orders['customer_id'] == 'C00003']."),
    N_("Recency = days from the last order to 2024-12-31; frequency = number of distinct order_id; "
       "monetary = sum of amount."),
    N_("Check with crm.rfm.rfm_table(orders, as_of='2024-12-31').loc['C00003']."),
], explanation=N_("Three numbers summarise the whole order history of this customer."))
def _() -> dict:
    row = _rfm().loc["C00003"]
    return {"recency": int(row["recency"]), "frequency": int(row["frequency"]), "monetary": float(row["monetary"])}


@exercise("5.2", title=N_("Lines are not orders"), hints=[
    N_("Join order_lines to orders on order_id to give every line its customer."),
    N_("Count lines per customer with groupby('customer_id').size() and compare with the frequency column "
       "of the RFM table (distinct orders)."),
    N_("Count the customers whose line count is larger than their number of orders."),
], explanation=N_("Counting lines would overstate the frequency of every customer who ever bought two "
                  "products in one order: always count distinct orders."))
def _() -> int:
    orders = datasets.load("orders")
    lines = datasets.load("order_lines").merge(orders[["order_id", "customer_id"]], on="order_id")
    per_customer = lines.groupby("customer_id").size()
    frequency = _rfm()["frequency"].reindex(per_customer.index)
    return int((per_customer > frequency).sum())


@exercise("5.3", title=N_("What the Champions bring"), hints=[
    N_("Score the RFM table with crm.rfm.rfm_scores(rfm) and name segments with crm.rfm.rfm_segments(scores)."),
    N_("crm.rfm.segment_summary(segmented) has a 'value_share' column; read the 'Champions' row."),
], explanation=N_("A quarter of the customers bring most of the money: the Champions are the first "
                  "segment to protect."))
def _() -> float:
    segmented = rfm.rfm_segments(rfm.rfm_scores(_rfm()))
    return float(rfm.segment_summary(segmented).loc["Champions", "value_share"])


@exercise("5.4", title=N_("The most valuable cluster"), hints=[
    N_("crm.segments.kmeans_rfm(rfm, k=4) returns one cluster number per customer (random_state=42 by default)."),
    N_("Clusters are numbered by mean monetary value: cluster 1 is the most valuable."),
    N_("Count with (clusters == 1).sum() or clusters.value_counts()."),
], explanation=N_("k-means finds this small group of heavy, recent buyers without being told about it."))
def _() -> int:
    return int((segments.kmeans_rfm(_rfm(), k=4) == 1).sum())


@exercise("5.5", title=N_("Spurious loyalty"), hints=[
    N_("Use the survey table with repeat_patronage built in the worked example above."),
    N_("crm.typologies.dick_basu(data, attitude_cut=5) splits patronage at its median."),
    N_("Count the rows whose type is 'Spurious loyalty'."),
], explanation=N_("These customers buy often but do not prefer us: a competitor's better offer could take "
                  "them away."))
def _() -> int:
    typed = typologies.dick_basu(_survey(), attitude_cut=5)
    return int((typed["type"] == "Spurious loyalty").sum())


@exercise("5.6", title=N_("Satisfied but not committed"), hints=[
    N_("crm.typologies.jones_sasser(survey) uses the 'satisfaction' column (mean of sat1-sat3) and cuts at 5."),
    N_("Satisfied respondents are the types 'Loyalists' and 'Mercenaries'."),
    N_("Divide the number of 'Mercenaries' by the number of 'Loyalists' + 'Mercenaries'; give a fraction."),
], explanation=N_("About half of the satisfied customers do not commit to buying again and recommending: "
                  "satisfaction alone does not keep them (Jones & Sasser 1995)."))
def _() -> float:
    counts = typologies.jones_sasser(_survey())["type"].value_counts()
    return float(counts["Mercenaries"] / (counts["Mercenaries"] + counts["Loyalists"]))


@exercise("5.7", title=N_("Budget per Champion"), hints=[
    N_("Start from crm.rfm.segment_summary of the RFM segments (bins=5, default rules)."),
    N_("crm.segments.allocate_budget(summary, 140_000, weights={'Lost': 0, 'Hibernating': 0})."),
    N_("Read budget_per_customer in the 'Champions' row."),
], explanation=N_("Allocating by value puts most of the money where most of the value is; per head, the "
                  "Champions get far more than the average customer."))
def _() -> float:
    summary = rfm.segment_summary(rfm.rfm_segments(rfm.rfm_scores(_rfm())))
    allocation = segments.allocate_budget(summary, 140_000, weights={"Lost": 0, "Hibernating": 0})
    return float(allocation.loc["Champions", "budget_per_customer"])


# --- decision exercises ---------------------------------------------------------------------------------------

from .core import decision  # noqa: E402  (decision exercises are appended after the practice checks)

NOT_LOYAL_CELLS = ["Latent loyalty", "Spurious loyalty", "No loyalty"]
WIN_BACK_OPTIONS = ["Can't lose them", "At risk", "Hibernating"]
WIN_BACK_BUDGET, WIN_BACK_CALL_COST, WIN_BACK_RATE, DATA_YEARS = 20000, 40.0, 0.10, 3


def _spend_before_survey() -> pd.Series:
    """Spend (¥) of each survey respondent in the 12 months before the survey."""
    orders = datasets.load("orders")
    end = pd.Timestamp(SURVEY_DATE)
    year = orders[(orders["order_date"] >= end - pd.Timedelta(days=365)) & (orders["order_date"] < end)]
    return year.groupby("customer_id")["amount"].sum()


@decision("5.8", title=N_("Which Dick & Basu cell gets the attitude campaign?"), options=NOT_LOYAL_CELLS, hints=[
    N_("An attitude campaign (service, personal contact, a reason to prefer us) changes how customers feel, "
       "not how often they can buy. Where is the most money held only by habit?"),
    N_("Type the respondents with crm.typologies.dick_basu(respondents, attitude_cut=5), add each respondent's "
       "spend in the 12 months before the survey, and sum it by type."),
    N_("Compare the three cells that are not yet loyal; the money at stake decides."),
], rubric=[
    N_("Chooses the cell from the data: quotes the spend (or share of spend) of the not-yet-loyal cells."),
    N_("Explains why attitude is the lever there: they buy often but do not prefer us, so a rival's "
       "better offer can take them (Dick & Basu 1994)."),
    N_("Says why not the other cells: latent loyals already like us (their problem is access or range), "
       "the no-loyalty cell holds little money."),
    N_("Names a concrete attitude-building action and how to see whether it worked (attitude in the next "
       "survey, patronage kept)."),
], model_reasons="Spurious loyals spent about ¥2,235,000 in the year before the survey, three quarters of what the "
                 "truly loyal spent, while the latent and non-loyal cells spent about ¥187,000 and ¥376,000. "
                 "That money is held by habit, not preference: a competitor's better offer takes it. "
                 "Attitude-building (personal service, recognition, clear value) protects it; latent loyals need "
                 "access or range, not persuasion. Success shows as a higher relative attitude in the next survey "
                 "with patronage kept.",
    explanation=N_("Attitude campaigns belong where the buying is high and the preference weak: spurious loyalty."))
def _() -> str:
    typed = typologies.dick_basu(_survey(), attitude_cut=5)
    spend = _spend_before_survey().reindex(typed.index).fillna(0.0)
    by_cell = spend.groupby(typed["type"], observed=False).sum()
    return str(by_cell[NOT_LOYAL_CELLS].idxmax())


def _win_back_value() -> pd.DataFrame:
    """Expected net value of a personal win-back call campaign in each candidate RFM segment.

    The budget buys ``WIN_BACK_BUDGET / WIN_BACK_CALL_COST`` calls; a called customer comes back with
    probability ``WIN_BACK_RATE`` and then spends a year's average of what they spent in the data.
    """
    summary = rfm.segment_summary(rfm.rfm_segments(rfm.rfm_scores(_rfm())))
    table = summary.loc[WIN_BACK_OPTIONS, ["customers", "monetary"]].copy()
    table["calls"] = table["customers"].clip(upper=WIN_BACK_BUDGET // WIN_BACK_CALL_COST)
    table["expected_spend_back"] = table["calls"] * WIN_BACK_RATE * table["monetary"] / DATA_YEARS
    table["call_cost"] = table["calls"] * WIN_BACK_CALL_COST
    table["net"] = table["expected_spend_back"] - table["call_cost"]
    return table


@decision("5.9", title=N_("Where the win-back budget goes"), options=WIN_BACK_OPTIONS, hints=[
    N_("¥20,000 pays for 500 personal calls at ¥40 each. Assume 10 % of the customers called come back and then "
       "spend, in a year, a third of what they spent in the three years of data (their mean monetary / 3)."),
    N_("For each segment: calls = min(customers, 500); expected spend back = calls x 0.10 x mean monetary / 3; "
       "net = expected spend back - calls x 40. Use `summary` (the segment summary of section 4)."),
    N_("The segment with the largest net wins — it is not the one with the largest spend per head."),
], rubric=[
    N_("Computes the net value of each candidate segment with the stated assumptions and quotes the numbers."),
    N_("Sees the trade-off between value per head (Can't lose them) and the number of customers the budget can "
       "reach (At risk)."),
    N_("Notes what is left unspent or could be added (the 58 Can't-lose-them customers cost only ¥2,320 to call "
       "and are worth calling too)."),
    N_("Questions the assumption of one 10 % win-back rate for every segment and says how to measure it "
       "(a control group, chapter 07)."),
], model_reasons="With 500 calls, At risk nets about ¥22,300 (481 calls, ¥19,240 cost, about ¥41,500 spend "
                 "back), Can't lose them about ¥21,800 (only 58 customers, so ¥2,320 of calls) and Hibernating loses "
                 "money. "
                 "At risk wins, but only by about ¥420: with a win-back rate below about 9.8 % instead of 10 %, "
                 "Can't lose them would come first. The Can't-lose-them customers are so valuable per head that "
                 "calling them too costs little; in practice I would call both. The 10 % rate is an assumption: "
                 "a random control group would show the real rate in each segment.",
    explanation=N_("Value per head is not value per yuan: a budget goes where it can reach enough valuable customers."))
def _() -> str:
    return str(_win_back_value()["net"].idxmax())
