"""Exercises of chapter 1 (background): orientations, a direct-marketing campaign, share of wallet."""
from __future__ import annotations

import pandas as pd

from .. import campaigns, datasets, marketing_history, wallet
from .core import exercise

#: Budget (EUR) of the targeting exercise 1.5.
TARGET_BUDGET = 1000.0


@exercise("1.1", title="Four orientations in historical order", ordered=True, accept={
    "customer": ["customer-centred", "customer centred", "customer-centric", "以客户为中心", "客户导向"],
    "production": ["生产导向"], "sales": ["selling", "销售导向"], "profit": ["利润观念"],
}, hints=[
    "The table has a column start_year: sort by it with table.sort_values('start_year').",
    "Then take the orientation column as a list: sorted_table['orientation'].tolist().",
], explanation="Firms moved from asking how to make more, to how to sell it, to what earns most, "
               "and finally to which customers matter and what they need.")
def _() -> list[str]:
    table = marketing_history.business_orientations()
    return table.sort_values("start_year")["orientation"].tolist()


@exercise("1.2", title="Overall response rate", hints=[
    "Each row of the campaign is one contacted customer; responded is 1 for a response and 0 otherwise.",
    "The response rate is responses / contacts, i.e. the mean of the 0/1 column: campaign['responded'].mean().",
], explanation="Direct marketing can be measured contact by contact: only a few per cent respond, "
               "so every cent of contact cost matters.")
def _() -> float:
    return float(campaigns.campaign_summary(datasets.load("campaign")).at["all", "response_rate"])


@exercise("1.3", title="Cost per response by channel", hints=[
    "Group by channel: g = campaign.groupby('channel').",
    "Cost per response = total contact cost / number of responses: "
    "g['contact_cost'].sum() / g['responded'].sum().",
], explanation="A cheap contact with a low response rate can still cost less per response than an "
               "expensive contact that many answer.")
def _() -> pd.Series:
    return campaigns.campaign_summary(datasets.load("campaign"), by="channel")["cost_per_response"]


@exercise("1.4", title="ROI by customer group", hints=[
    "Group by customer_group and sum contact_cost and margin.",
    "ROI = (margin - cost) / cost, a fraction: 0.5 means the campaign earned back its cost plus 50 %.",
    "Build the Series: (g['margin'].sum() - g['contact_cost'].sum()) / g['contact_cost'].sum().",
], explanation="Compare the groups: the campaign did not earn back what it spent on lapsed customers, "
               "so who is contacted matters as much as how.")
def _() -> pd.Series:
    return campaigns.campaign_summary(datasets.load("campaign"), by="customer_group")["roi"]


def _default_order_profit() -> list[float]:
    """1.5 under pandas' default (unstable) sort: customers with equal recency may swap places."""
    ranked = datasets.load("campaign").sort_values("days_since_last_order")
    kept = ranked[ranked["contact_cost"].cumsum() <= TARGET_BUDGET]
    return [float(kept["margin"].sum() - kept["contact_cost"].sum())]


@exercise("1.5", title="Profit of a targeted mailing", also=_default_order_profit, hints=[
    "Rank the customers by days_since_last_order, smallest first (most recent buyers first). Customers with "
    "the same number of days are a tie: keeping the table's row order (sort_values(..., kind='stable')) and "
    "pandas' default sort are both accepted.",
    "Walk down the ranked list and stop before the total contact cost would pass EUR 1,000 "
    "(cumsum() of contact_cost <= 1000).",
    "crm.campaigns.target_campaign(campaign, score='days_since_last_order', ascending=True, budget=1000) "
    "does it in one call; the answer is its 'profit'.",
], explanation="Compare it with the profit of contacting everyone: ranking customers before spending "
               "is where database marketing pays.")
def _() -> float:
    result = campaigns.target_campaign(datasets.load("campaign"), score="days_since_last_order", ascending=True,
                                       budget=TARGET_BUDGET)
    return float(result["profit"])


@exercise("1.6", title="Big wallets, small share", hints=[
    "Compute sow = crm.wallet.share_of_wallet(survey, orders, as_of=survey['survey_date'].max()).",
    "A big wallet: total_spend above its median; a small share: share_of_wallet below its median.",
    "Count the rows where both hold: ((sow['total_spend'] > ...) & (sow['share_of_wallet'] < ...)).sum().",
], explanation="These customers already spend a lot in the category, just mostly elsewhere: one-to-one "
               "marketing would aim at growing their share of wallet.")
def _() -> int:
    survey = datasets.load("survey")
    sow = wallet.share_of_wallet(survey, datasets.load("orders"), as_of=survey["survey_date"].max())
    big = sow["total_spend"] > sow["total_spend"].median()
    small = sow["share_of_wallet"] < sow["share_of_wallet"].median()
    return int((big & small).sum())
