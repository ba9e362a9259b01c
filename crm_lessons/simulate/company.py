"""The simulated retailer: customers, products, orders, survey, campaign, department files.

A Chinese home-and-lifestyle retailer (prices in yuan, CNY), in one seeded pass, month by month over
2022-2024, so that every file tells the same story:
a customer's hidden group sets how often and how much they buy; hidden attitudes
(perceived value, satisfaction, trust, switching cost) and unresolved service tickets
set how soon they leave; the survey measures the attitudes; the campaign and the
service and marketing departments see the same people through their own records.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import data_names_zh
from .geography import REGION_SHARE, places
from .names import WORK_DOMAINS, people

START = pd.Timestamp("2022-01-01")
END = pd.Timestamp("2024-12-31")
MONTHS = 36
ACQUISITION_DAYS = (END - START).days + 1      # first purchases fall on any day of the period
SURVEY_DATE = pd.Timestamp("2024-01-15")
CAMPAIGN_DATE = pd.Timestamp("2024-04-01")

GROUPS = ["high_value", "regular", "occasional", "one_off"]
GROUP_SHARE = [0.12, 0.28, 0.35, 0.25]
ORDER_RATE = {"high_value": 1.1, "regular": 0.40, "occasional": 0.13, "one_off": 0.03}   # orders/month
EXTRA_ITEMS = {"high_value": 1.6, "regular": 1.0, "occasional": 0.6, "one_off": 0.3}    # Poisson mean
PREMIUM_TASTE = {"high_value": 1.6, "regular": 1.0, "occasional": 0.8, "one_off": 0.6}
BASE_HAZARD = {"high_value": 0.010, "regular": 0.022, "occasional": 0.045, "one_off": 0.30}
ATTITUDE_MEAN = {"high_value": 0.5, "regular": 0.2, "occasional": -0.1, "one_off": -0.4}
CONSTRUCTS = ["perceived_value", "satisfaction", "trust", "switching_cost"]
# Monthly churn hazard = base * exp(sum(coef * attitude) + ticket effect): the planted churn drivers.
HAZARD_COEF = {"perceived_value": -0.35, "satisfaction": -0.05, "trust": -0.10, "switching_cost": -0.45}
UNRESOLVED_TICKET_EFFECT = 0.9      # log-hazard per unresolved ticket in the last UNRESOLVED_TICKET_MONTHS (max 2)
# An unresolved complaint sours the relationship for half a year (it was three months; with so short an
# effect a year-long observation window barely sees it and the planted driver was lost in noise).
UNRESOLVED_TICKET_MONTHS = 6
STAGES = ["identification", "development", "stability", "decline"]
# Planted loyalty drivers: weight of each attitude on the loyalty intentions, by lifecycle stage.
DRIVER_WEIGHTS = {
    "identification": {"perceived_value": 0.55, "satisfaction": 0.25, "trust": 0.10, "switching_cost": 0.05},
    "development": {"perceived_value": 0.30, "satisfaction": 0.45, "trust": 0.25, "switching_cost": 0.10},
    "stability": {"perceived_value": 0.15, "satisfaction": 0.25, "trust": 0.45, "switching_cost": 0.35},
    "decline": {"perceived_value": 0.20, "satisfaction": 0.10, "trust": 0.15, "switching_cost": 0.55},
}
LIKERT_LOADING = 1.1               # a Likert item = round(4 + LIKERT_LOADING * attitude + noise), clipped to 1..7
ITEM_NOISE = {"perceived_value": 0.7, "satisfaction": 0.6, "trust": 0.7, "switching_cost": 1.0}
INTENTIONS = ["repurchase", "price_tolerance", "cross_buying", "recommendation"]
INTENTION_OFFSET = {
    "repurchase": {"identification": -0.6, "development": 0.1, "stability": 0.7, "decline": -0.6},
    "price_tolerance": {"identification": -1.0, "development": -0.3, "stability": 0.6, "decline": -0.8},
    "cross_buying": {"identification": -0.9, "development": 0.0, "stability": 0.8, "decline": -0.7},
    "recommendation": {"identification": -0.7, "development": 0.2, "stability": 0.9, "decline": -0.9},
}
CAMPAIGN_CHANNELS = {  # share of contacts, cost per contact (CNY), base response rate
    "direct_mail": (0.35, 8.00, 0.045), "email": (0.35, 0.30, 0.020),
    "telemarketing": (0.10, 30.00, 0.090), "sms": (0.20, 0.50, 0.015),
}
GROUP_RESPONSE = {"active": 1.8, "new": 1.2, "lapsed": 0.45}
CONTROL_SHARE = 0.02                # share of the campaign's customers held back as a control group

# (product, category, list price in yuan (CNY), margin rate, popularity weight, premium?)
PRODUCTS = [
    ("Espresso machine", "Kitchen appliances", 2499.0, 0.22, 1.2, True),
    ("Stand mixer", "Kitchen appliances", 1999.0, 0.24, 1.0, True),
    ("Blender", "Kitchen appliances", 599.0, 0.30, 1.6, False),
    ("Toaster", "Kitchen appliances", 299.0, 0.32, 1.8, False),
    ("Tea kettle", "Kitchen appliances", 259.0, 0.35, 2.0, False),
    ("Pasta maker", "Kitchen appliances", 459.0, 0.33, 1.0, False),
    ("Air fryer", "Kitchen appliances", 799.0, 0.27, 1.7, False),
    ("Coffee beans 1kg", "Coffee & tea", 168.0, 0.45, 3.0, False),
    ("Loose-leaf tea", "Coffee & tea", 88.0, 0.50, 2.6, False),
    ("Tea cups set", "Coffee & tea", 199.0, 0.48, 1.2, False),
    ("Milk frother", "Coffee & tea", 239.0, 0.40, 1.1, False),
    ("Coffee grinder", "Coffee & tea", 399.0, 0.36, 1.0, True),
    ("Travel mug", "Coffee & tea", 129.0, 0.52, 1.8, False),
    ("Tent 2-person", "Outdoor", 1299.0, 0.30, 0.9, True),
    ("Sleeping bag", "Outdoor", 549.0, 0.34, 1.2, False),
    ("Camping stove", "Outdoor", 369.0, 0.35, 0.9, False),
    ("Hiking backpack", "Outdoor", 699.0, 0.33, 1.1, False),
    ("Headlamp", "Outdoor", 169.0, 0.45, 1.4, False),
    ("Water bottle", "Outdoor", 99.0, 0.55, 2.0, False),
    ("Laser printer", "Office", 1399.0, 0.18, 0.8, True),
    ("Toner cartridge", "Office", 449.0, 0.50, 1.3, False),
    ("Desk lamp", "Office", 289.0, 0.38, 1.5, False),
    ("Office chair", "Office", 1599.0, 0.28, 0.8, True),
    ("Notebook pack", "Office", 59.0, 0.55, 2.2, False),
    ("Monitor stand", "Office", 239.0, 0.42, 1.0, False),
    ("Tablet", "Electronics", 2799.0, 0.15, 1.0, True),
    ("Tablet cover", "Electronics", 199.0, 0.55, 1.1, False),
    ("Wireless headphones", "Electronics", 999.0, 0.25, 1.5, True),
    ("Bluetooth speaker", "Electronics", 549.0, 0.30, 1.4, False),
    ("Phone charger", "Electronics", 129.0, 0.55, 2.4, False),
    ("Smart plug", "Electronics", 149.0, 0.45, 1.4, False),
    ("Yoga mat", "Sports", 239.0, 0.45, 1.5, False),
    ("Yoga block set", "Sports", 129.0, 0.50, 0.9, False),
    ("Running shoes", "Sports", 799.0, 0.35, 1.3, True),
    ("Sports socks 3-pack", "Sports", 99.0, 0.55, 1.6, False),
    ("Dumbbell set", "Sports", 599.0, 0.30, 0.8, False),
    ("Resistance bands", "Sports", 159.0, 0.52, 1.1, False),
    ("Scented candle", "Home decor", 109.0, 0.60, 4.0, False),
    ("Throw blanket", "Home decor", 339.0, 0.45, 1.4, False),
    ("Picture frame", "Home decor", 149.0, 0.55, 1.5, False),
    ("Table lamp", "Home decor", 459.0, 0.40, 1.0, False),
    ("Cushion cover", "Home decor", 119.0, 0.58, 1.8, False),
    ("Wall clock", "Home decor", 259.0, 0.48, 0.9, False),
    ("Italian cookbook", "Books", 88.0, 0.35, 0.9, False),
    ("Baking book", "Books", 78.0, 0.35, 1.0, False),
    ("Hiking guide", "Books", 68.0, 0.35, 0.8, False),
    ("Novel bestseller", "Books", 49.0, 0.30, 1.8, False),
    ("Mindfulness journal", "Books", 45.0, 0.40, 1.0, False),
]
# Planted cross-selling: if every antecedent is in the basket, add the consequent with this probability.
ASSOCIATIONS = [
    (("Espresso machine",), "Coffee beans 1kg", 0.65),
    (("Tent 2-person",), "Sleeping bag", 0.60),
    (("Laser printer",), "Toner cartridge", 0.65),
    (("Yoga mat",), "Yoga block set", 0.50),
    (("Tablet",), "Tablet cover", 0.55),
    (("Pasta maker",), "Italian cookbook", 0.45),
    (("Running shoes",), "Sports socks 3-pack", 0.45),
    (("Tea kettle", "Loose-leaf tea"), "Tea cups set", 0.55),
    (("Camping stove",), "Hiking guide", 0.35),
]
# Planted substitutes: baskets rarely hold both (lift below 1).
SUBSTITUTES = [("Coffee beans 1kg", "Loose-leaf tea", 0.8)]
CONSUMABLES = {"Coffee beans 1kg", "Loose-leaf tea", "Sports socks 3-pack", "Scented candle",
               "Notebook pack", "Toner cartridge", "Water bottle"}


@dataclass
class Company:
    """Every table of the simulated retailer plus the planted truth (not written to files)."""

    tables: dict[str, pd.DataFrame]
    truth: dict[str, object] = field(default_factory=dict)


def _products() -> pd.DataFrame:
    """The catalogue; the Chinese names come from ``reference/data_names.csv``, their one home."""
    chinese = data_names_zh()
    missing = sorted({n for p in PRODUCTS for n in p[:2]} - set(chinese))
    if missing:
        raise ValueError(f"reference/data_names.csv has no Chinese name for {missing}: add a row for each.")
    rows = []
    for i, (name, cat, price, margin, _w, _p) in enumerate(PRODUCTS, start=1):
        rows.append({"product_id": f"P{i:03d}", "product": name, "product_zh": chinese[name], "category": cat,
                     "category_zh": chinese[cat], "price": price,
                     "unit_cost": round(price * (1 - margin), 2), "margin_rate": margin})
    return pd.DataFrame(rows)


def _likert(rng: np.random.Generator, latent: np.ndarray, noise: float, centre: float = 4.0) -> np.ndarray:
    raw = centre + LIKERT_LOADING * latent + rng.normal(0, noise, len(latent))
    return np.clip(np.rint(raw), 1, 7).astype(int)


def draw_basket(rng: np.random.Generator, n_items: int, weights: np.ndarray, names: list[str],
                index: dict[str, int]) -> list[str]:
    """One basket: ``n_items`` products drawn by ``weights``, then the planted associations and substitutes.

    >>> names = [p[0] for p in PRODUCTS]
    >>> weights = np.full(len(names), 1 / len(names))
    >>> basket = draw_basket(np.random.default_rng(0), 3, weights, names, {n: i for i, n in enumerate(names)})
    >>> 1 <= len(basket) <= 3 + len(ASSOCIATIONS) and set(basket) <= set(names)
    True
    """
    chosen = list(rng.choice(len(names), size=min(n_items, len(names)), replace=False, p=weights))
    items = {names[i] for i in chosen}
    for antecedents, consequent, prob in ASSOCIATIONS:
        if consequent not in items and all(a in items for a in antecedents) and rng.random() < prob:
            items.add(consequent)
    for a, b, prob in SUBSTITUTES:
        if a in items and b in items and rng.random() < prob:
            items.discard(b)
    return sorted(items, key=index.__getitem__)


def company(seed: int = 2024, n_customers: int = 4000) -> Company:
    """Simulate the retailer; ``n_customers`` scales every table (for benchmarks).

    Examples
    --------
    >>> sim = company(seed=1, n_customers=200)
    >>> sorted(sim.tables)[:3]
    ['campaign', 'customers', 'marketing_contacts']
    """
    if n_customers < 50:
        raise ValueError(f"n_customers must be at least 50, got {n_customers}.")
    rng = np.random.default_rng(seed)
    products = _products()
    names = products["product"].tolist()
    index = {n: i for i, n in enumerate(names)}
    base_w = np.array([p[4] for p in PRODUCTS])
    premium = np.array([p[5] for p in PRODUCTS])
    prices = products["price"].to_numpy()
    margins = products["margin_rate"].to_numpy()
    group_weights = {}
    for g in GROUPS:
        w = base_w * np.where(premium, PREMIUM_TASTE[g], 1.0)
        group_weights[g] = w / w.sum()

    # --- customers -------------------------------------------------------------------------
    n = n_customers
    cust_ids = np.array([f"C{i:05d}" for i in range(1, n + 1)])
    group = rng.choice(GROUPS, n, p=GROUP_SHARE)
    # Acquisitions over the whole period, more customers joining later (density rising as u ** 0.85).
    acq_day = np.floor(ACQUISITION_DAYS * rng.random(n) ** 0.85).astype(int)
    acq_date = START + pd.to_timedelta(acq_day, unit="D")
    channel = rng.choice(["web", "store", "partner", "catalogue"], n, p=[0.5, 0.3, 0.12, 0.08])
    region = rng.choice(list(REGION_SHARE), n, p=list(REGION_SHARE.values()))
    age_band = rng.choice(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"], n,
                          p=[0.1, 0.24, 0.24, 0.2, 0.13, 0.09])
    cust_names, emails, phones = people(rng, n)
    # New columns draw from their own stream, so that the planted story above and below keeps its draws.
    province, city = places(np.random.default_rng([seed, 1]), region)
    common = rng.normal(0, 1, n)
    att = {c: np.array([ATTITUDE_MEAN[g] for g in group]) + 0.5 * common + np.sqrt(0.75) * rng.normal(0, 1, n)
           for c in CONSTRUCTS}
    order_channel_pref = np.where(channel == "store", 1, np.where(channel == "catalogue", 2, 0))
    customers = pd.DataFrame({
        "customer_id": cust_ids, "name": cust_names, "email": emails, "phone": phones,
        "acquisition_date": acq_date.strftime("%Y-%m-%d"), "channel": channel, "region": region,
        "province": province, "city": city, "age_band": age_band,
    })

    # --- month-by-month life: orders, tickets, churn, survey, campaign ---------------------------
    month_start = pd.date_range(START, periods=MONTHS + 1, freq="MS")
    month_day = ((month_start - START).days).to_numpy()
    alive = np.ones(n, dtype=bool)
    churn_month = np.full(n, -1)
    order_cust: list[int] = []
    order_day: list[int] = []
    order_source: list[str] = []
    tickets: list[tuple[int, int, bool]] = []          # customer, day, resolved
    unresolved_recent = np.zeros((MONTHS, n), dtype=int)
    rate = np.array([ORDER_RATE[g] for g in group])
    log_hazard = np.log([BASE_HAZARD[g] for g in group]) + sum(HAZARD_COEF[c] * att[c] for c in CONSTRUCTS)
    survey_rows = None
    campaign_rows = None

    def place(cust: np.ndarray, days: np.ndarray, source: str | np.ndarray) -> None:
        order_cust.extend(cust.tolist())
        order_day.extend(days.tolist())
        order_source.extend([source] * len(cust) if isinstance(source, str) else list(source))
        ticket = rng.random(len(cust)) < 0.07
        lag = rng.integers(2, 15, len(cust))
        resolved = rng.random(len(cust)) < 0.78
        for c, d, t, r in zip(cust, days + lag, ticket, resolved):
            if t:
                tickets.append((int(c), int(d), bool(r)))

    for m in range(MONTHS):
        lo, hi = month_day[m], month_day[m + 1]
        if m == 24:
            survey_rows = _survey_sample(rng, n, acq_day, alive, order_cust, order_day, lo + 14)
        if m == 27:
            campaign_rows = _campaign(rng, n, acq_day, alive, order_cust, order_day, lo)
            responders = campaign_rows[campaign_rows["responded"] == 1]
            # a held-back customer was not contacted: the order they were due to place is an ordinary one
            place(responders["cust"].to_numpy(), lo + rng.integers(0, 28, len(responders)),
                  np.where(responders["held_back"], "organic", "campaign"))
            campaign_rows = campaign_rows[~campaign_rows["held_back"]].reset_index(drop=True)
        new = (acq_day >= lo) & (acq_day < hi)
        place(np.flatnonzero(new), acq_day[new], "organic")
        active = alive & (acq_day < lo)
        counts = rng.poisson(rate * active)
        cust = np.repeat(np.arange(n), counts)
        place(cust, rng.integers(lo, hi, len(cust)), "organic")
        # churn at the end of the month, driven by attitudes and recent unresolved tickets
        recent = [t for t in tickets if not t[2] and lo - 60 <= t[1] < hi]
        for c, _d, _r in recent:
            unresolved_recent[m, c] += 1
        eff = np.minimum(unresolved_recent[max(0, m - UNRESOLVED_TICKET_MONTHS + 1): m + 1].sum(axis=0), 2)
        hazard = np.exp(log_hazard + UNRESOLVED_TICKET_EFFECT * eff)
        at_risk = alive & (acq_day < hi)
        leave = at_risk & (rng.random(n) < np.minimum(hazard, 0.95))
        alive &= ~leave
        churn_month[leave] = m

    # --- orders and lines ------------------------------------------------------------------------
    oc = np.array(order_cust)
    od = np.array(order_day)
    osrc = np.array(order_source)
    keep = od <= (END - START).days
    oc, od, osrc = oc[keep], od[keep], osrc[keep]
    order_frame = pd.DataFrame({"cust": oc, "day": od, "source": osrc}).sort_values(
        ["day", "cust"], kind="stable").reset_index(drop=True)
    n_orders = len(order_frame)
    order_ids = np.array([f"O{i:06d}" for i in range(1, n_orders + 1)])
    extra = rng.poisson([EXTRA_ITEMS[group[c]] for c in order_frame["cust"]])
    line_rows = []
    amounts = np.zeros(n_orders)
    margin_cny = np.zeros(n_orders)
    n_items = np.zeros(n_orders, dtype=int)
    for k, (c, x) in enumerate(zip(order_frame["cust"].to_numpy(), extra)):
        items = draw_basket(rng, 1 + int(x), group_weights[group[c]], names, index)
        for line_no, item in enumerate(items, start=1):
            j = index[item]
            qty = int(rng.integers(1, 4)) if item in CONSUMABLES else 1
            amount = round(qty * prices[j], 2)
            amounts[k] += amount
            margin_cny[k] += amount * margins[j]
            line_rows.append((order_ids[k], line_no, f"P{j + 1:03d}", item, PRODUCTS[j][1], qty, prices[j], amount))
        n_items[k] = len(items)
    channel_choice = np.array(["web", "store", "phone"])
    pref = order_channel_pref[order_frame["cust"].to_numpy()]
    switch = rng.random(n_orders) < 0.2
    ord_channel = channel_choice[np.where(switch, rng.integers(0, 3, n_orders), pref)]
    orders = pd.DataFrame({
        "order_id": order_ids, "customer_id": cust_ids[order_frame["cust"]],
        "order_date": (START + pd.to_timedelta(order_frame["day"], unit="D")).dt.strftime("%Y-%m-%d"),
        "channel": ord_channel, "source": order_frame["source"].to_numpy(), "n_items": n_items,
        "amount": np.round(amounts, 2), "margin": np.round(margin_cny, 2),
    })
    order_lines = pd.DataFrame(line_rows, columns=["order_id", "line_no", "product_id", "product", "category",
                                                   "quantity", "unit_price", "amount"])

    survey = _survey_table(rng, survey_rows, att, cust_ids, orders)
    campaign = _campaign_table(campaign_rows, cust_ids, orders)
    tickets_frame, ticket_truth = _service_tickets(rng, tickets, cust_ids, cust_names, emails, phones)
    contacts, contact_truth = _marketing_contacts(rng, cust_ids, cust_names, emails, phones, acq_date)

    truth = {
        "group": pd.Series(group, index=cust_ids, name="group"),
        "churn_month": pd.Series(churn_month, index=cust_ids, name="churn_month"),
        "attitudes": pd.DataFrame(att, index=cust_ids),
        "driver_weights": DRIVER_WEIGHTS, "hazard_coef": HAZARD_COEF,
        "likert_loading": LIKERT_LOADING, "item_noise": ITEM_NOISE,
        "unresolved_ticket_effect": UNRESOLVED_TICKET_EFFECT,
        "associations": ASSOCIATIONS, "substitutes": SUBSTITUTES,
        "ticket_customer": ticket_truth, "contact_customer": contact_truth,
    }
    tables = {"customers": customers, "products": products, "orders": orders, "order_lines": order_lines,
              "survey": survey, "campaign": campaign, "service_tickets": tickets_frame,
              "marketing_contacts": contacts}
    return Company(tables, truth)


def _history(order_cust: list[int], order_day: list[int], before: int) -> pd.DataFrame:
    frame = pd.DataFrame({"cust": order_cust, "day": order_day})
    frame = frame[frame["day"] < before]
    return frame.groupby("cust")["day"].agg(["count", "max"])


def _survey_sample(rng, n, acq_day, alive, order_cust, order_day, day) -> pd.DataFrame:
    hist = _history(order_cust, order_day, day)
    tenure = day - acq_day
    eligible = alive & (tenure >= 30)
    last = hist["max"].reindex(range(n)).to_numpy()
    counts = hist["count"].reindex(range(n), fill_value=0).to_numpy()
    frame = pd.DataFrame({"cust": np.arange(n), "tenure": tenure, "days_since": day - last, "orders": counts})
    frame = frame[eligible & ~np.isnan(last)]
    stage = np.select(
        [frame["tenure"] < 180,
         (frame["days_since"] > 120) | ((frame["tenure"] > 365) & (frame["orders"] / (frame["tenure"] / 30) < 0.08)),
         frame["tenure"] < 450],
        ["identification", "decline", "development"], "stability")
    frame["stage"] = stage
    picks = []
    for s in STAGES:
        pool = frame[frame["stage"] == s]
        take = min(len(pool), {"identification": 260, "development": 320, "stability": 360, "decline": 260}[s])
        picks.append(pool.iloc[np.sort(rng.choice(len(pool), take, replace=False))])
    out = pd.concat(picks).sort_values("cust").reset_index(drop=True)
    out["day"] = day
    return out


def _survey_table(rng, rows: pd.DataFrame, att: dict, cust_ids, orders: pd.DataFrame) -> pd.DataFrame:
    idx = rows["cust"].to_numpy()
    stage = rows["stage"].to_numpy()
    z = {c: att[c][idx] for c in CONSTRUCTS}
    survey = pd.DataFrame({
        "respondent_id": [f"S{i:04d}" for i in range(1, len(rows) + 1)],
        "customer_id": cust_ids[idx],
        "survey_date": SURVEY_DATE.strftime("%Y-%m-%d"),
        "lifecycle_stage": stage,
    })
    prefix = {"perceived_value": "pv", "satisfaction": "sat", "trust": "trust", "switching_cost": "sc"}
    for c in CONSTRUCTS:
        for k in (1, 2, 3):
            survey[f"{prefix[c]}{k}"] = _likert(rng, z[c], ITEM_NOISE[c])
    friendship = 0.6 * z["trust"] + 0.8 * rng.normal(0, 1, len(idx))
    belonging = 0.5 * z["satisfaction"] + 0.3 * z["switching_cost"] + 0.8 * rng.normal(0, 1, len(idx))
    involvement = rng.normal(0, 1, len(idx))
    for name, latent in (("cf", friendship), ("bel", belonging), ("inv", involvement)):
        for k in (1, 2):
            survey[f"{name}{k}"] = _likert(rng, latent, 0.7)
    survey["relative_attitude"] = _likert(rng, 0.5 * z["satisfaction"] + 0.5 * z["perceived_value"], 0.7)
    drive = np.array([sum(DRIVER_WEIGHTS[s][c] * z[c][i] for c in CONSTRUCTS) for i, s in enumerate(stage)])
    for intent in INTENTIONS:
        offset = np.array([INTENTION_OFFSET[intent][s] for s in stage])
        survey[intent] = _likert(rng, drive + offset, 0.6)
    # Stated yearly spend on home & lifestyle goods at all shops: our share rises with switching cost and trust.
    spend12 = (orders[(orders["order_date"] >= "2023-01-15") & (orders["order_date"] < "2024-01-15")]
               .groupby("customer_id")["amount"].sum())
    ours = spend12.reindex(survey["customer_id"], fill_value=0.0).to_numpy()
    share = 1 / (1 + np.exp(-(-0.6 + 0.5 * z["switching_cost"] + 0.4 * z["trust"] + 0.3 * rng.normal(0, 1, len(idx)))))
    total = np.where(ours > 0, ours / share, rng.lognormal(8.2, 0.5, len(idx)))     # ~3,600 CNY
    survey["category_spend_year"] = np.maximum(np.round(total / 10) * 10, np.ceil(ours / 10) * 10).astype(int)
    return survey


def _campaign(rng, n, acq_day, alive, order_cust, order_day, day) -> pd.DataFrame:
    hist = _history(order_cust, order_day, day)
    known = np.flatnonzero(acq_day < day - 7)
    take = min(len(known), max(50, int(0.75 * n)))
    chosen = np.sort(rng.choice(known, take, replace=False))
    # A random CONTROL_SHARE of them is held back (not contacted), drawn from a stream of its own so that
    # the draws of the planted story stay as they were.
    held_back = np.random.default_rng([int(day), int(take)]).random(take) < CONTROL_SHARE
    last = hist["max"].reindex(chosen).to_numpy()
    prior = hist["count"].reindex(chosen, fill_value=0).to_numpy()
    since = day - last
    new = (day - acq_day[chosen]) < 90
    group = np.where(new, "new", np.where(since <= 180, "active", "lapsed"))
    names = list(CAMPAIGN_CHANNELS)
    ch = rng.choice(names, take, p=[CAMPAIGN_CHANNELS[c][0] for c in names])
    base = np.array([CAMPAIGN_CHANNELS[c][2] for c in ch])
    mult = np.array([GROUP_RESPONSE[g] for g in group]) * np.where(alive[chosen], 1.0, 0.35)
    responded = (rng.random(take) < np.minimum(base * mult, 0.9)).astype(int)
    return pd.DataFrame({"cust": chosen, "channel": ch, "group": group, "since": since, "prior": prior,
                         "cost": [CAMPAIGN_CHANNELS[c][1] for c in ch], "responded": responded,
                         "held_back": held_back})


def _campaign_table(rows: pd.DataFrame, cust_ids, orders: pd.DataFrame) -> pd.DataFrame:
    camp_orders = orders[orders["source"] == "campaign"].groupby("customer_id")[["amount", "margin"]].sum()
    ids = cust_ids[rows["cust"].to_numpy()]
    revenue = camp_orders["amount"].reindex(ids, fill_value=0.0).to_numpy()
    margin = camp_orders["margin"].reindex(ids, fill_value=0.0).to_numpy()
    return pd.DataFrame({
        "customer_id": ids, "campaign_date": CAMPAIGN_DATE.strftime("%Y-%m-%d"),
        "channel": rows["channel"].to_numpy(), "customer_group": rows["group"].to_numpy(),
        "days_since_last_order": rows["since"].astype(int).to_numpy(), "prior_orders": rows["prior"].to_numpy(),
        "contact_cost": rows["cost"].to_numpy(), "responded": rows["responded"].to_numpy(),
        "revenue": np.round(revenue, 2), "margin": np.round(margin, 2),
    })


def _typed(rng, text: str) -> str:
    """The same text as a hurried agent types it: case and spaces vary."""
    roll = rng.random()
    if roll < 0.15:
        return text.upper()
    if roll < 0.30:
        return f" {text} "
    if roll < 0.40:
        return text.title()
    return text


def _typo(rng, email: str) -> str:
    user, domain = email.split("@")
    if len(user) < 4:
        return email
    i = int(rng.integers(0, len(user) - 1))
    return user[:i] + user[i + 1] + user[i] + user[i + 2:] + "@" + domain


def _service_tickets(rng, tickets, cust_ids, names, emails, phones):
    n = len(cust_ids)
    work = rng.random(n) < 0.05               # some customers write to service from a work address
    issues = ["delivery", "product_fault", "billing", "returns", "account"]
    rows, truth = [], []
    last_day = (END - START).days
    tickets = sorted((t for t in tickets if t[1] <= last_day), key=lambda t: (t[1], t[0]))
    for c, day, resolved in tickets:
        email = emails[c]
        if work[c]:
            email = email.split("@")[0] + "@" + WORK_DOMAINS[c % 2]
        if rng.random() < 0.04:
            email = _typo(rng, email)
        phone = phones[c] if rng.random() < 0.9 else ""     # Chinese service desks ask for the mobile number
        name = names[c]
        if rng.random() < 0.2:
            first, last = name.split(" ", 1)
            name = f"{last}, {first}"
        typed_email, typed_name = _typed(rng, email), _typed(rng, name)     # same draw order as before
        rows.append((typed_email, typed_name, phone, day, rng.choice(issues, p=[0.35, 0.25, 0.15, 0.15, 0.10]),
                     resolved))
        truth.append(cust_ids[c])
    prospects = max(5, len(rows) // 30)      # pre-sales questions from people who never bought
    p_names, p_emails, p_phones = people(np.random.default_rng(rng.integers(1 << 30)), prospects)
    for k in range(prospects):
        day = int(rng.integers(0, last_day))
        rows.append((p_emails[k].replace("@", ".p@"), p_names[k], p_phones[k] if rng.random() < 0.5 else "",
                     day, "account", True))
        truth.append(None)
    order = np.argsort([r[3] for r in rows], kind="stable")
    rows = [rows[i] for i in order]
    truth = [truth[i] for i in order]
    frame = pd.DataFrame(rows, columns=["customer_email", "customer_name", "phone", "day", "issue", "resolved"])
    frame.insert(0, "ticket_id", [f"T{i:05d}" for i in range(1, len(frame) + 1)])
    frame.insert(1, "opened_date", (START + pd.to_timedelta(frame.pop("day"), unit="D")).dt.strftime("%Y-%m-%d"))
    frame["days_to_resolve"] = np.where(frame["resolved"], rng.integers(0, 10, len(frame)), np.nan)
    csat = np.where(frame["resolved"], rng.integers(3, 6, len(frame)), rng.integers(1, 3, len(frame))).astype(float)
    csat[rng.random(len(frame)) < 0.3] = np.nan    # many customers skip the satisfaction question
    frame["csat"] = csat
    frame["days_to_resolve"] = frame["days_to_resolve"].astype("Int64")
    frame["csat"] = frame["csat"].astype("Int64")
    return frame, pd.Series(truth, index=frame["ticket_id"], name="customer_id")


def _marketing_contacts(rng, cust_ids, names, emails, phones, acq_date):
    n = len(cust_ids)
    listed = np.flatnonzero(rng.random(n) < 0.72)       # 28 % of customers never reached marketing's list
    rows, truth = [], []
    interests = ["Kitchen appliances", "Coffee & tea", "Outdoor", "Office", "Electronics", "Sports",
                 "Home decor", "Books"]
    for c in listed:
        created = acq_date[c] + pd.Timedelta(days=int(rng.integers(0, 60)))
        rows.append((names[c], emails[c], phones[c] if rng.random() < 0.6 else "", bool(rng.random() < 0.7),
                     rng.choice(["purchase", "newsletter", "event", "referral"], p=[0.6, 0.2, 0.1, 0.1]),
                     rng.choice(interests), created))
        truth.append(cust_ids[c])
    n_prospects = max(10, int(0.35 * n))
    p_names, p_emails, p_phones = people(np.random.default_rng(rng.integers(1 << 30)), n_prospects)
    for k in range(n_prospects):
        created = START + pd.Timedelta(days=int(rng.integers(0, (END - START).days)))
        rows.append((p_names[k], p_emails[k].replace("@", ".m@"), p_phones[k] if rng.random() < 0.4 else "",
                     bool(rng.random() < 0.5), rng.choice(["newsletter", "event", "referral"]),
                     rng.choice(interests), created))
        truth.append(None)
    dupes = rng.choice(len(rows), int(0.08 * len(rows)), replace=False)   # the same person entered twice
    for i in np.sort(dupes):
        name, email, phone, opt, source, interest, created = rows[i]
        rows.append((name.upper() if rng.random() < 0.5 else name, _typed(rng, email), phone, opt,
                     "event", interest, created + pd.Timedelta(days=int(rng.integers(30, 400)))))
        truth.append(truth[i])
    order = np.argsort([r[6] for r in rows], kind="stable")
    frame = pd.DataFrame([rows[i] for i in order],
                         columns=["full_name", "email", "phone", "opt_in", "source", "interest", "created_date"])
    frame = frame[frame["created_date"] <= END].reset_index(drop=True)
    truth = [truth[i] for i in order][: len(frame)]
    frame["created_date"] = pd.to_datetime(frame["created_date"]).dt.strftime("%Y-%m-%d")
    frame.insert(0, "contact_id", [f"M{i:05d}" for i in range(1, len(frame) + 1)])
    return frame, pd.Series(truth, index=frame["contact_id"], name="customer_id")
