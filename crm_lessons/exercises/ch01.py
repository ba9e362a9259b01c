"""Exercises of chapter 1 (background): orientations, a direct-marketing campaign, share of wallet."""
from __future__ import annotations

import pandas as pd

from .. import campaigns, datasets, marketing_history, wallet
from ..i18n import N_
from .core import exercise

#: Budget (CNY) of the targeting exercise 1.5.
TARGET_BUDGET = 6000.0


@exercise("1.1", title=N_("Four orientations in historical order"), ordered=True, accept={
    "customer": ["customer-centred", "customer centred", "customer-centric", "以客户为中心", "客户导向"],
    "production": ["生产导向"], "sales": ["selling", "销售导向"], "profit": ["利润观念"],
}, hints=[
    N_("The table has a column start_year: sort by it with table.sort_values('start_year')."),
    N_("Then take the orientation column as a list: sorted_table['orientation'].tolist()."),
], explanation=N_("Firms moved from asking how to make more, to how to sell it, to what earns most, "
                  "and finally to which customers matter and what they need."))
def _() -> list[str]:
    table = marketing_history.business_orientations()
    return table.sort_values("start_year")["orientation"].tolist()


@exercise("1.2", title=N_("Overall response rate"), hints=[
    N_("Each row of the campaign is one contacted customer; responded is 1 for a response and 0 otherwise."),
    N_("The response rate is responses / contacts, i.e. the mean of the 0/1 column: campaign['responded'].mean()."),
], explanation=N_("Direct marketing can be measured contact by contact: only a few per cent respond, "
                  "so every cent of contact cost matters."))
def _() -> float:
    return float(campaigns.campaign_summary(datasets.load("campaign")).at["all", "response_rate"])


@exercise("1.3", title=N_("Cost per response by channel"), hints=[
    N_("Group by channel: g = campaign.groupby('channel')."),
    N_("Cost per response = total contact cost / number of responses: "
       "g['contact_cost'].sum() / g['responded'].sum()."),
], explanation=N_("A cheap contact with a low response rate can still cost less per response than an "
                  "expensive contact that many answer."))
def _() -> pd.Series:
    return campaigns.campaign_summary(datasets.load("campaign"), by="channel")["cost_per_response"]


@exercise("1.4", title=N_("ROI by customer group"), hints=[
    N_("Group by customer_group and sum contact_cost and margin."),
    N_("ROI = (margin - cost) / cost, a fraction: 0.5 means the campaign earned back its cost plus 50 %."),
    N_("Build the Series: (g['margin'].sum() - g['contact_cost'].sum()) / g['contact_cost'].sum()."),
], explanation=N_("Compare the groups: the campaign did not earn back what it spent on lapsed customers, "
                  "so who is contacted matters as much as how."))
def _() -> pd.Series:
    return campaigns.campaign_summary(datasets.load("campaign"), by="customer_group")["roi"]


def _default_order_profit() -> list[float]:
    """1.5 under pandas' default (unstable) sort: customers with equal recency may swap places."""
    ranked = datasets.load("campaign").sort_values("days_since_last_order")
    kept = ranked[ranked["contact_cost"].cumsum() <= TARGET_BUDGET]
    return [float(kept["margin"].sum() - kept["contact_cost"].sum())]


@exercise("1.5", title=N_("Profit of a targeted mailing"), also=_default_order_profit, hints=[
    N_("Rank the customers by days_since_last_order, smallest first (most recent buyers first). Customers with "
       "the same number of days are a tie: keeping the table's row order (sort_values(..., kind='stable')) and "
       "pandas' default sort are both accepted."),
    N_("Walk down the ranked list and stop before the total contact cost would pass ¥6,000 "
       "(cumsum() of contact_cost <= 6000)."),
    N_("crm.campaigns.target_campaign(campaign, score='days_since_last_order', ascending=True, budget=6000) "
       "does it in one call; the answer is its 'profit'."),
], explanation=N_("Compare it with the profit of contacting everyone: ranking customers before spending "
                  "is where database marketing pays."))
def _() -> float:
    result = campaigns.target_campaign(datasets.load("campaign"), score="days_since_last_order", ascending=True,
                                       budget=TARGET_BUDGET)
    return float(result["profit"])


@exercise("1.6", title=N_("Big wallets, small share"), hints=[
    N_("Compute sow = crm.wallet.share_of_wallet(survey, orders, as_of=survey['survey_date'].max())."),
    N_("A big wallet: total_spend above its median; a small share: share_of_wallet below its median."),
    N_("Count the rows where both hold: ((sow['total_spend'] > ...) & (sow['share_of_wallet'] < ...)).sum()."),
], explanation=N_("These customers already spend a lot in the category, just mostly elsewhere: one-to-one "
                  "marketing would aim at growing their share of wallet."))
def _() -> int:
    survey = datasets.load("survey")
    sow = wallet.share_of_wallet(survey, datasets.load("orders"), as_of=survey["survey_date"].max())
    big = sow["total_spend"] > sow["total_spend"].median()
    small = sow["share_of_wallet"] < sow["share_of_wallet"].median()
    return int((big & small).sum())


# --------------------------------------------------------------------------------------------
# Decision exercises (issue 12): a choice from the campaign data plus written reasons
# --------------------------------------------------------------------------------------------
from .core import decision  # noqa: E402  (appended section; the practice checks above stay unchanged)


@decision("1.7", title=N_("Which channel gets the next test budget?"),
          options=["direct_mail", "email", "sms", "telemarketing"], hints=[
    N_("crm.campaigns.campaign_summary(campaign, by='channel') gives response rate, cost per response, profit "
       "and ROI."),
    N_("The highest response rate is not the best return: compare what each yuan of contact cost brought back (roi)."),
], rubric=[
    N_("Chooses by return on the money spent (ROI or profit per yuan), not by response rate alone."),
    N_("Quotes the chosen channel's ROI and at least one other channel's, with the numbers from the summary."),
    N_("Notices that telemarketing has the highest response rate yet loses money, because each call costs so much."),
    N_("Names a limit: one campaign's average return need not hold for the next yuan (e.g. e-mail reaches only "
       "customers with an address; a new wave should be tested against a control group)."),
], model_reasons="E-mail returned about ¥9.6 of profit per yuan of contact cost (ROI 963 %), above SMS (807 %) "
                 "and far above direct mail (16 %), while telemarketing lost money (ROI -20 %) despite the best "
                 "response rate (8.4 %), because a call costs far more than an e-mail. The next test yuan goes to "
                 "e-mail; the average return of one campaign may not hold for more contacts, so the wave is measured "
                 "against a random control group.",
          explanation=N_("Direct marketing is measurable contact by contact: the budget follows the return per yuan, "
                         "and each new wave is itself a test."))
def _() -> str:
    summary = campaigns.campaign_summary(datasets.load("campaign"), by="channel")
    return str(summary["roi"].idxmax())


@decision("1.8", title=N_("Whom to leave out of the next mailing?"), options=["active", "lapsed", "new"], hints=[
    N_("crm.campaigns.campaign_summary(campaign, by='customer_group') shows each group's responses, profit and ROI."),
    N_("Which group did not earn back what was spent on it, and by how much?"),
], rubric=[
    N_("Chooses the group whose contacts did not pay back their cost, and quotes its ROI or loss."),
    N_("Compares its response rate with the other groups' (how few responded) using the numbers."),
    N_("Links the choice to database marketing: select from the database before spending (deck step 4, plan the "
       "campaign from the model's results)."),
    N_("Considers what would justify contacting the group again (a cheaper channel, a win-back offer tested on a "
       "small sample)."),
], model_reasons="The lapsed customers cost the most and answered least: 4 responses out of 1,224 contacts, a loss of "
                 "about ¥6,643 and an ROI of -90 %, while active customers returned 139 % and new customers 54 %. "
                 "Leave the lapsed out of the next mailing and spend the saving on active customers; if the firm wants "
                 "them back, test a cheap e-mail win-back offer on a small sample first.",
          explanation=N_("Choosing whom not to contact is as much a database-marketing decision as choosing whom to "
                         "contact."))
def _() -> str:
    summary = campaigns.campaign_summary(datasets.load("campaign"), by="customer_group")
    return str(summary["roi"].idxmin())
