"""Exercises of chapter 07 (data-mining models): churn labels, models, drivers, gains, targeting, cross-selling."""
from __future__ import annotations

import functools

import pandas as pd

from .. import datasets, models
from ..i18n import N_
from .core import exercise

OBSERVATION = ("2023-07-01", "2024-06-30")
OUTCOME = ("2024-07-01", "2024-12-31")
CURRENT = ("2024-01-01", "2024-12-31")
ATTRIBUTES = ("region", "age_band", "channel")


@functools.cache
def _churn() -> dict:
    orders = datasets.load("orders")
    customers = datasets.load("customers")
    tickets = datasets.load("service_tickets")
    campaign = datasets.load("campaign")
    labels = models.churn_labels(orders, OBSERVATION, OUTCOME)
    features = models.churn_features(orders, OBSERVATION, customers=customers, tickets=tickets, campaign=campaign,
                                     attributes=ATTRIBUTES)
    X_train, X_test, y_train, y_test = models.split_customers(features, labels)
    return {"orders": orders, "customers": customers, "tickets": tickets, "campaign": campaign,
            "labels": labels, "features": features, "X_train": X_train, "X_test": X_test,
            "y_train": y_train, "y_test": y_test}


@functools.cache
def _fitted() -> dict:
    d = _churn()
    return models.fit_churn_models(d["X_train"], d["y_train"])


@exercise("7.1", title=N_("The churn rate of the active customers"), hints=[
    N_("Label the customers with crm.models.churn_labels(orders, OBSERVATION, OUTCOME)."),
    N_("The column 'churned' is 1 for a churner and 0 otherwise, so its mean is the churn rate."),
    N_("Give a fraction between 0 and 1, e.g. 0.42 (not 42)."),
], explanation=N_("About half of the customers active in the observation year place no order in the next six "
                  "months: behavioural churn is common in retail, which is why targeting matters."))
def _() -> float:
    return float(_churn()["labels"]["churned"].mean())


@exercise("7.2", title=N_("Churn after an unresolved complaint"), hints=[
    N_("Build the features with crm.models.churn_features(...) as in the worked example (tickets= and customers=)."),
    N_("Select the customers whose 'unresolved_tickets' is at least 1 and look up their 'churned' label."),
    N_("labels.loc[features.index[features['unresolved_tickets'] >= 1], 'churned'].mean() gives the rate."),
], explanation=N_("Surprise: that is hardly above the overall churn rate of Exercise 7.1. A ticket follows an order, "
                  "so customers who complain are recent, frequent buyers, who rarely leave. Only a model that compares "
                  "customers with the same recency and frequency shows how much an unresolved ticket raises the risk "
                  "of leaving."))
def _() -> float:
    d = _churn()
    who = d["features"].index[d["features"]["unresolved_tickets"] >= 1]
    return float(d["labels"].loc[who, "churned"].mean())


@exercise("7.3", title=N_("How well does the logistic regression rank?"), hints=[
    N_("Use the split and the models of the worked example: crm.models.split_customers(features, labels) "
       "and crm.models.fit_churn_models(X_train, y_train)."),
    N_("crm.models.model_scores(models, X_test, y_test) has a 'roc_auc' column, one row per model."),
    N_("Take the value in the row 'logistic regression' as a number between 0.5 and 1."),
], explanation=N_("An AUC well above 0.5 means the model ranks a random churner above a random stayer most of "
                  "the time, on customers it never saw during training."))
def _() -> float:
    d = _churn()
    return float(models.model_scores(_fitted(), d["X_test"], d["y_test"]).loc["logistic regression", "roc_auc"])


@exercise("7.4", title=N_("Which feature drives churn most?"), hints=[
    N_("crm.models.logistic_drivers(models['logistic regression']) sorts features by the size of their "
       "standardised coefficient."),
    N_("The first row is the feature whose change of one standard deviation moves the churn odds most."),
    N_("Answer with the feature's name as text, e.g. 'tenure'."),
], explanation=N_("Time since the last order is the strongest single signal: the longer a customer has been "
                  "silent, the likelier they are already gone."))
def _() -> str:
    return str(models.logistic_drivers(_fitted()["logistic regression"]).index[0])


@exercise("7.5", title=N_("Churners found in the top 30 %"), hints=[
    N_("Score the test customers with the random forest: models['random forest'].predict_proba(X_test)[:, 1]."),
    N_("crm.models.gains_table(y_test, score) has one row per decile; 'cum_event_share' is the share of all "
       "churners found down to that decile."),
    N_("Read 'cum_event_share' in decile 3 (the top 30 %), as a fraction."),
], explanation=N_("Contacting only the top 30 % of customers by score reaches far more than 30 % of the churners: "
                  "that surplus is the model's value for targeting."))
def _() -> float:
    d = _churn()
    score = _fitted()["random forest"].predict_proba(d["X_test"])[:, 1]
    return float(models.gains_table(d["y_test"], score).loc[3, "cum_event_share"])


def _current_plan(budget: float) -> pd.DataFrame:
    d = _churn()
    current = models.churn_features(d["orders"], CURRENT, customers=d["customers"], tickets=d["tickets"],
                                    campaign=d["campaign"], attributes=ATTRIBUTES)
    risk = pd.Series(_fitted()["random forest"].predict_proba(current)[:, 1], index=current.index)
    days = d["orders"]["order_date"]
    year = d["orders"][(days >= CURRENT[0]) & (days <= CURRENT[1])]
    value = year.groupby("customer_id")["margin"].sum().reindex(current.index)
    return models.targeting_plan(risk, value, budget=budget, contact_cost=8.0, offer_value=70.0, save_rate=0.1)


@exercise("7.6", title=N_("How many customers can a ¥7,000 budget reach?"), hints=[
    N_("Repeat the worked example's targeting_plan call with budget=7000 (contact_cost=8, offer_value=70, "
       "save_rate=0.1, the same risk scores and values)."),
    N_("crm.models.targeting_summary(plan)['contacts'] counts the customers to contact."),
    N_("Give the number of customers as a whole number."),
],
    explanation=N_("With a small budget the plan spends it on the customers with the highest expected profit: "
                   "high value and a real chance of leaving."))
def _() -> int:
    return int(models.targeting_summary(_current_plan(7000.0))["contacts"])


@exercise("7.7", title=N_("Lift of the cross-sell model"), hints=[
    N_("Build the table with crm.models.cross_sell_frame(lines, orders, 'Coffee & tea', OBSERVATION, OUTCOME)."),
    N_("Split it with crm.models.split_customers(X, y) where y is the 'buys_next' column and X the rest; fit "
       "crm.models.churn_pipeline(X_train).fit(X_train, y_train) (a logistic regression)."),
    N_("Score X_test, then crm.models.gains_table(y_test, score).loc[1, 'lift'] is the top-decile lift."),
], explanation=N_("The top tenth of customers by the model's score buy coffee or tea next far more often than "
                  "the average customer: mail the offer to them first."))
def _() -> float:
    frame = models.cross_sell_frame(datasets.load("order_lines"), datasets.load("orders"), "Coffee & tea",
                                    OBSERVATION, OUTCOME)
    X, y = frame.drop(columns="buys_next"), frame["buys_next"]
    X_train, X_test, y_train, y_test = models.split_customers(X, y)
    model = models.churn_pipeline(X_train).fit(X_train, y_train)
    return float(models.gains_table(y_test, model.predict_proba(X_test)[:, 1]).loc[1, "lift"])


# --- decision exercises ---------------------------------------------------------------------------------------

from .. import campaigns, uplift  # noqa: E402  (decision exercises are appended after the practice checks)
from .core import decision  # noqa: E402

CONTROL_SHARES = [0.02, 0.10, 0.25, 0.50]
TARGET_MARGIN_OF_ERROR = 0.04
CAMPAIGN_GROUPS = ["new", "active", "lapsed"]


@functools.cache
def _holdout() -> pd.DataFrame:
    return uplift.campaign_holdout(datasets.load("orders"), datasets.load("customers"), datasets.load("campaign"))


@decision("7.8", title=N_("How large a control group?"), options=CONTROL_SHARES, hints=[
    N_("The next campaign goes to the same 2,849 customers as in April; you choose the share held back as a "
       "random control group."),
    N_("Use the four-week buying rate of all eligible customers (holdout['ordered'].mean()) and "
       "crm.uplift.uplift_margin_of_error(customers, share, rate) for each share."),
    N_("Choose the smallest share whose margin of error is at most 4 percentage points (0.04)."),
], rubric=[
    N_("Computes the margin of error for the shares with the numbers, and picks the smallest share that "
       "meets the 4-point target."),
    N_("Explains why April's 2 % control group could not show anything (an interval of about +/- 10 points)."),
    N_("Names the cost of a control group: the margin not earned from customers who are not contacted, and "
       "weighs it against knowing the campaign's real effect."),
    N_("Says the control group must be drawn at random from the same customers before the campaign, and "
       "analysed with the same outcome window."),
], model_reasons="With 2,849 customers buying at about 17 % in four weeks, a 2 % control group measures the uplift "
                 "only to about +/- 10 points and 10 % to +/- 4.6 points; 25 % gives +/- 3.2 points, the smallest "
                 "share that meets the 4-point target (50 % would give +/- 2.8). Holding back 712 customers costs "
                 "the response we would have earned from them, but without it we cannot tell whether the campaign "
                 "earns anything at all. The control group is drawn at random before the mailing and compared over "
                 "the same four weeks.",
    explanation=N_("A control group too small to measure anything is a cost without a benefit; size it for the "
                   "effect you need to see."))
def _() -> float:
    holdout = _holdout()
    rate = float(holdout["ordered"].mean())
    for share in CONTROL_SHARES:
        if uplift.uplift_margin_of_error(len(holdout), share, rate) <= TARGET_MARGIN_OF_ERROR:
            return share
    return CONTROL_SHARES[-1]


@decision("7.9", title=N_("Which campaign group to contact next time?"), options=CAMPAIGN_GROUPS, hints=[
    N_("crm.campaigns.campaign_summary(campaign, by='customer_group') gives contacts, responses, cost, margin "
       "and profit per group."),
    N_("Divide each group's profit by its contacts: the profit per contact."),
    N_("Choose the group with the highest profit per contact, then say what the number cannot tell you."),
], rubric=[
    N_("Compares profit per contact by group with the numbers (active about ¥8.2, new about ¥3.5, lapsed a loss)."),
    N_("Points out that a response counts every campaign order, including orders the customer would have placed "
       "anyway: the response is not the uplift."),
    N_("Notes that April's control group (49 customers) is too small to measure the uplift per group."),
    N_("Proposes how to find out: a random control group in each group next time (Exercise 7.8)."),
], model_reasons="Per contact, the active group earned about ¥8.18 (¥10,116 profit on 1,237 contacts), the new "
                 "group about ¥3.47 and the lapsed group lost about ¥5.43. So I would contact the active customers. "
                 "But these are responses, not uplift: active customers buy often anyway, and with only 49 "
                 "customers held back we cannot tell how many campaign orders were extra. Next time I would keep "
                 "a random control group in each group.",
    explanation=N_("Choose on the best evidence you have, and design the next campaign to give better evidence."))
def _() -> str:
    summary = campaigns.campaign_summary(datasets.load("campaign"), by="customer_group")
    return str((summary["profit"] / summary["contacts"]).idxmax())
