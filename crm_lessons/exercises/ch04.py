"""Exercises of chapter 04 (customer value): CLV, cohorts, Pareto, value tiers, CDNOW, BG/NBD, pruning, CLV models."""
from __future__ import annotations

import pandas as pd

from .. import bgnbd, clv, cohorts, customer_view, datasets, gamma_gamma, value, wallet
from ..i18n import N_
from .core import decision, exercise

#: The costs chapter 04 assumes for the simulated retailer (section 1).
COST_PER_ORDER = 56.0                 # yuan per order (assumed; the notebook's worked example uses the same)
ACQUISITION_COST = {"web": 175.0, "store": 105.0, "partner": 280.0, "catalogue": 315.0}   # yuan (assumed)


@exercise("4.1", title=N_("Lifetime value of a customer"), hints=[
    N_("Use the infinite-horizon formula CLV = m * r / (1 + d - r)."),
    N_("Here m = 120, r = 0.75 and d = 0.08; crm.value.clv(margin, retention, discount) does it for you."),
], explanation=N_("With 75 % retention a customer stays 4 years on average, but discounting and the chance "
                  "of leaving make their future margin worth a little over two years of margin today."))
def _() -> float:
    return value.clv(120, 0.75, 0.08)


@exercise("4.2", title=N_("What five points of retention are worth"), hints=[
    N_("Compute the CLV twice: with retention 0.75 and with retention 0.80 (margin 120, discount 0.08)."),
    N_("The relative change is new / old - 1; give it as a fraction (0.10 for +10 %)."),
], explanation=N_("Five points more retention raise lifetime value by about a quarter: retention is the "
                  "strongest lever in the formula."))
def _() -> float:
    return value.clv(120, 0.80, 0.08) / value.clv(120, 0.75, 0.08) - 1


@exercise("4.3", title=N_("A cohort one year on"), hints=[
    N_("crm.cohorts.cohort_retention(orders, freq='Q') gives one row per acquisition quarter."),
    N_("Column k is the share of the cohort that bought in the k-th quarter after joining; "
       "one year on is column 4."),
    N_("Read the cell with .loc['2022Q1', 4]."),
], explanation=N_("Only part of a cohort is still buying a year after joining, and the steepest drop is "
                  "right after the first purchase."))
def _() -> float:
    orders = datasets.load("orders")
    return float(cohorts.cohort_retention(orders, freq="Q").loc["2022Q1", 4])


@exercise("4.4", title=N_("How concentrated is margin?"), hints=[
    N_("crm.value.customer_value(orders) gives each customer's total margin in column 'margin'."),
    N_("crm.value.top_share(values, 0.1) returns the share held by the top 10 % of customers."),
], explanation=N_("A tenth of the customers brings a large part of the gross margin: losing one of them "
                  "costs as much as losing many ordinary customers."))
def _() -> float:
    orders = datasets.load("orders")
    return value.top_share(value.customer_value(orders)["margin"], 0.1)


@exercise("4.5", title=N_("What the strategic tier brings in"), hints=[
    N_("Rank customers by revenue: crm.value.customer_value(orders)['revenue']."),
    N_("crm.value.value_tiers(revenue) gives each customer a tier (default shares 5 / 15 / 50 / 30 %)."),
    N_("crm.value.tier_summary(revenue, tiers) has a 'value_share' column; read the 'strategic' row."),
], explanation=N_("Five per cent of the customers bring this share of revenue: they deserve a partnership, "
                  "not a newsletter."))
def _() -> float:
    revenue = value.customer_value(datasets.load("orders"))["revenue"]
    summary = value.tier_summary(revenue, value.value_tiers(revenue))
    return float(summary.loc["strategic", "value_share"])


@exercise("4.6", title=N_("CDNOW's one-time buyers"), hints=[
    N_("Load crm.datasets.load('cdnow'); a customer can have several rows on the same day."),
    N_("Count each customer's distinct purchase days, e.g. cdnow.groupby('customer_id')['date'].nunique()."),
    N_("The share of customers with exactly one purchase day is (days == 1).mean(); give it as a fraction."),
], explanation=N_("Most of CDNOW's new customers never came back after their first day of buying: the "
                  "first repeat purchase is where most of the value is won or lost."))
def _() -> float:
    cdnow = datasets.load("cdnow")
    days = cdnow.groupby("customer_id")["date"].nunique()
    return float((days == 1).mean())


@exercise("4.7", title=N_("The model's forecast for the holdout period"), hints=[
    N_("Summarise the sample with crm.bgnbd.bgnbd_summary(sample, calibration_end='1997-09-30', "
       "observation_end='1998-06-30') and fit it with crm.bgnbd.fit_bgnbd(summary)."),
    N_("fit.conditional_expected_purchases(summary, 39) gives each customer's expected purchases in the "
       "39 holdout weeks."),
    N_("Add them up with .sum()."),
], explanation=N_("Summed over the cohort, the model's individual forecasts give the firm a sales forecast "
                  "for the coming period; compare it with the actual holdout purchases."))
def _() -> float:
    sample = datasets.load("cdnow_sample")
    summary = bgnbd.bgnbd_summary(sample, calibration_end="1997-09-30", observation_end="1998-06-30")
    fit = bgnbd.fit_bgnbd(summary)
    return float(fit.conditional_expected_purchases(summary, 39).sum())


@exercise("4.8", title=N_("How much of the best customers' wallet we hold"), rtol=1e-3, hints=[
    N_("Tier the customers by profit: crm.value.value_tiers(value_table['profit']), as in section 5."),
    N_("Join the tiers to the share-of-wallet table `sow` and keep the strategic and key respondents."),
    N_("Divide the sum of their our_spend by the sum of their total_spend; give a fraction."),
], explanation=N_("Deck 002 asks for at least two thirds of a key customer's wallet: only then does the supplier "
                  "have a voice in the customer's decisions. Taken together, our best customers give us well under "
                  "half, which is where the cheapest growth is."))
def _() -> float:
    orders, customers = datasets.load("orders"), datasets.load("customers")
    value_table = value.customer_value(orders, cost_per_order=COST_PER_ORDER,
                                       cost_per_customer=customers.set_index("customer_id")["channel"].map(
                                           ACQUISITION_COST))
    sow = wallet.share_of_wallet(datasets.load("survey"), orders, as_of="2024-01-15")
    tiered = sow.join(value.value_tiers(value_table["profit"]))
    best = tiered[tiered["tier"].isin(["strategic", "key"])]
    return float(best["our_spend"].sum() / best["total_spend"].sum())


def pruning_candidates() -> pd.DataFrame:
    """The four loss-making customers of Exercise 4.9 (section 6 of chapter 04).

    Examples
    --------
    >>> pruning_candidates().index.tolist()
    ['C01580', 'C02220', 'C02822', 'C02978']
    """
    orders, customers = datasets.load("orders"), datasets.load("customers")
    value_table = value.customer_value(orders, cost_per_order=COST_PER_ORDER,
                                       cost_per_customer=customers.set_index("customer_id")["channel"].map(
                                           ACQUISITION_COST))
    tickets = datasets.load("service_tickets")
    matches = customer_view.match_customers(tickets, customers, email="customer_email", phone="phone",
                                            name="customer_name")
    per_customer = tickets.join(matches[["customer_id"]]).groupby("customer_id").agg(
        tickets=("ticket_id", "size"), low_ratings=("csat", lambda s: int((s <= 2).sum())))
    return candidates_from(value_table, per_customer)


def candidates_from(value_table: pd.DataFrame, per_customer: pd.DataFrame) -> pd.DataFrame:
    """Profiles of the loss-makers and, for each of four profiles, the loss-maker with the most revenue.

    The profiles: new (first order in H2 2024) but neither demanding nor strict;
    demanding (raised a service ticket) but neither new nor strict; strict (rated service 1-2);
    lapsed (no order in 2024) with none of the three reasons to keep them.

    Examples
    --------
    >>> value_table = pd.DataFrame({"orders": [1, 2], "revenue": [10.0, 50.0], "profit": [-5.0, -1.0],
    ...                             "first_order": pd.to_datetime(["2022-01-01", "2024-08-01"]),
    ...                             "last_order": pd.to_datetime(["2022-01-01", "2024-09-01"])}, index=["A", "B"])
    >>> no_tickets = pd.DataFrame({"tickets": [], "low_ratings": []})
    >>> candidates_from(value_table, no_tickets)[["new", "lapsed"]].to_dict("index")
    {'A': {'new': False, 'lapsed': True}, 'B': {'new': True, 'lapsed': False}}
    """
    profile = value_table[["orders", "revenue", "profit", "last_order"]].assign(
        new=value_table["first_order"] >= pd.Timestamp("2024-07-01"),
        demanding=per_customer["tickets"].reindex(value_table.index, fill_value=0) > 0,
        strict=per_customer["low_ratings"].reindex(value_table.index, fill_value=0) > 0,
        lapsed=value_table["last_order"] < pd.Timestamp("2024-01-01"))
    loss = profile[profile["profit"] < 0]
    shields = loss[["new", "demanding", "strict"]].any(axis=1)
    kinds = [loss["new"] & ~loss["demanding"] & ~loss["strict"], loss["demanding"] & ~loss["new"] & ~loss["strict"],
             loss["strict"], loss["lapsed"] & ~shields]     # four disjoint profiles: four different customers
    return pd.concat([loss[k].sort_values(["revenue", "profit"], ascending=False).head(1) for k in kinds]).sort_index()


@decision("4.9", title=N_("Which customer would you prune?"), hints=[
    N_("All four candidates lose money; look at the other columns: new, demanding, strict, lapsed."),
    N_("Deck 002: never prune demanding or strict customers, and judge small or new customers case by case."),
    N_("Deck 002 does prune customers with no future: who has not bought for a year or more?"),
], rubric=[N_("Names the customer's loss and how long ago they last bought."),
           N_("Explains why each of the other three is kept (new: no judgement yet; demanding and strict: "
              "their complaints show what to improve)."),
           N_("Says what pruning means in practice (a cheaper channel, a minimum order or a fee) rather than "
              "only 'drop them'."),
           N_("Notes what the data cannot show (e.g. payment behaviour, the deck's 不守信用).")],
    model_reasons="The lapsed customer loses money and has not ordered for over a year, so there is no future "
                  "relationship to protect (deck 002's 'no future' kind). The new customer has had no time to "
                  "grow, and the demanding and strict customers tell us how to improve: the deck says never to "
                  "prune them. Pruning here means no more paid contact and a minimum order, not a ban.",
    options=None, explanation=N_("Pruning is for customers with no future and no lesson to teach; complaints and "
                                 "newness are reasons to keep a loss-maker for now."))
def _() -> str:
    candidates = pruning_candidates()
    shields = candidates[["new", "demanding", "strict"]].any(axis=1)
    return str(candidates.index[candidates["lapsed"] & ~shields][0])


def _cdnow_values() -> pd.DataFrame:
    return clv.customer_lifetime_values(datasets.load("cdnow_sample"), as_of="1997-09-30")


@exercise("4.10", title=N_("What a new customer spends per purchase"), rtol=1e-3, hints=[
    N_("Fit the spend model: crm.gamma_gamma.fit_gamma_gamma(spend), with spend from crm.gamma_gamma.spend_summary."),
    N_("For a customer with no repeat purchase the model's best guess is the population mean p * gamma / (q - 1)."),
    N_("The fitted model has it as spend_fit.population_mean_spend."),
], explanation=N_("With no history of their own, a customer is expected to spend the average of the whole base; "
                  "each repeat purchase moves the estimate towards the customer's own average."))
def _() -> float:
    spend = gamma_gamma.spend_summary(datasets.load("cdnow_sample"), calibration_end="1997-09-30")
    return gamma_gamma.fit_gamma_gamma(spend).population_mean_spend


@exercise("4.11", title=N_("How many customers are still active?"), rtol=1e-3, hints=[
    N_("crm.clv.customer_lifetime_values(sample, as_of='1997-09-30') has a p_alive column."),
    N_("The expected number of active customers is the sum of the probabilities."),
], explanation=N_("Adding up P(alive) counts the customers the firm can still reach: fewer than half of the "
                  "2,357, though all of them are still on the customer list."))
def _() -> float:
    return float(_cdnow_values()["p_alive"].sum())


@decision("4.12", title=N_("How much to spend to keep a customer"), rtol=0.05, hints=[
    N_("Look up customer 1560 in clv_table: the clv column is revenue, in US dollars."),
    N_("Only the margin on that revenue is money the firm keeps: multiply by the 30 % margin."),
    N_("If the offer surely keeps a customer who would otherwise leave, its value is the margin on their CLV; "
       "spending more than that loses money."),
], rubric=[N_("Uses the customer's CLV from the table, not past spend."),
           N_("Turns revenue into margin (30 %) before comparing with a cost."),
           N_("Says this is a ceiling (break-even): a real offer should cost well below it, because it may not "
              "work and the customer may stay anyway (P(alive) is not 1)."),
           N_("Mentions the model's uncertainty (estimates from one cohort, 39 weeks).")],
    model_reasons="Customer 1560 is expected to bring about $3,000 of discounted future revenue, so about $900 "
                  "of margin at 30 %. That is the most an offer that surely keeps them could cost before it "
                  "loses money; since no offer works for sure and P(alive) is below 1, I would spend a "
                  "fraction of it, e.g. a personal call and a gift worth well under $300.",
    explanation=N_("CLV sets the ceiling for retention spending on one customer: margin times discounted expected "
                   "future revenue."))
def _() -> float:
    return float(0.3 * _cdnow_values().loc[1560, "clv"])
