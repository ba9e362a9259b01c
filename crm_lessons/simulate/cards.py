"""Data cards: what each bundled file holds, rendered into ``datasets/README.md``.

Row counts and checksums are filled in from the files themselves when the cards are written.
"""
from __future__ import annotations

SIMULATED = ("Simulated by `crm_lessons.simulate` (seed 2024); regenerate with "
             "`python -m crm_lessons.simulate`. Licence: CC BY 4.0 (CRM Lessons).")
CDNOW = ("Real data. CDNOW, an online music retailer: every purchase, January 1997 to June 1998, by the "
         "customers who made their first purchase in the first quarter of 1997. Converted from the "
         "`lifetimes` 0.11.3 wheel on PyPI (MIT licence) by `tools/import_cdnow.py`; only the column names "
         "and date format were changed. Cite Fader, Hardie & Lee (2005), \"'Counting Your Customers' the "
         "Easy Way: An Alternative to the Pareto/NBD Model\", Marketing Science 24(2), 275-284.")

# file -> (how it was made, [(column, type, meaning with unit)])
CARDS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "customers.csv": (SIMULATED + " One row per customer; four hidden groups (high value, regular, "
                      "occasional, one-off) set buying rate, basket size and churn risk.", [
        ("customer_id", "string", "customer key used by sales/orders, e.g. C00042"),
        ("name", "string", "full name"),
        ("email", "string", "e-mail address as stored by sales (lower case)"),
        ("phone", "string", "phone number"),
        ("acquisition_date", "date", "day of the first purchase (YYYY-MM-DD)"),
        ("channel", "string", "acquisition channel: web, store, partner, catalogue"),
        ("region", "string", "North, South, East, West, Central"),
        ("age_band", "string", "18-24 ... 65+"),
    ]),
    "products.csv": (SIMULATED + " The catalogue of 48 products in 8 categories.", [
        ("product_id", "string", "product key, e.g. P007"),
        ("product", "string", "product name"),
        ("category", "string", "one of 8 categories"),
        ("price", "float", "list price, EUR"),
        ("unit_cost", "float", "cost per unit, EUR"),
        ("margin_rate", "float", "(price - cost) / price, fraction"),
    ]),
    "orders.csv": (SIMULATED + " One row per order, 2022-01-01 to 2024-12-31. Orders placed in response to "
                   "the April 2024 campaign have source = campaign.", [
        ("order_id", "string", "order key, e.g. O000123"),
        ("customer_id", "string", "customer key (customers.csv)"),
        ("order_date", "date", "day of the order"),
        ("channel", "string", "ordering channel: web, store, phone"),
        ("source", "string", "organic or campaign"),
        ("n_items", "int", "number of distinct products (lines)"),
        ("amount", "float", "order value, EUR"),
        ("margin", "float", "gross margin of the order, EUR"),
    ]),
    "order_lines.csv": (SIMULATED + " One row per product in an order. Planted cross-selling associations "
                        "(e.g. espresso machine -> coffee beans) and one substitute pair (coffee beans vs "
                        "loose-leaf tea).", [
        ("order_id", "string", "order key (orders.csv)"),
        ("line_no", "int", "line number within the order"),
        ("product_id", "string", "product key (products.csv)"),
        ("product", "string", "product name"),
        ("category", "string", "product category"),
        ("quantity", "int", "units"),
        ("unit_price", "float", "price per unit, EUR"),
        ("amount", "float", "quantity x unit price, EUR"),
    ]),
    "survey.csv": (SIMULATED + " Loyalty survey of current customers on 2024-01-15. Items are 7-point "
                   "Likert scales (1 = strongly disagree, 7 = strongly agree). The weight of each attitude on "
                   "the loyalty intentions differs by lifecycle stage.", [
        ("respondent_id", "string", "survey key"),
        ("customer_id", "string", "customer key (customers.csv)"),
        ("survey_date", "date", "2024-01-15"),
        ("lifecycle_stage", "string",
         "identification, development, stability or decline (from tenure and recent buying)"),
        ("pv1..pv3", "int 1-7", "perceived value items"),
        ("sat1..sat3", "int 1-7", "satisfaction items"),
        ("trust1..trust3", "int 1-7", "trust items"),
        ("sc1..sc3", "int 1-7", "switching cost items"),
        ("cf1, cf2", "int 1-7", "commercial friendship items (relationship quality)"),
        ("bel1, bel2", "int 1-7", "sense of belonging items (relationship quality)"),
        ("inv1, inv2", "int 1-7", "involvement with the product category"),
        ("relative_attitude", "int 1-7", "attitude to us compared with other shops"),
        ("repurchase, price_tolerance, cross_buying, recommendation", "int 1-7", "the four loyalty intentions"),
        ("category_spend_year", "int", "stated spending on home & lifestyle goods at all shops in the last year, EUR"),
    ]),
    "campaign.csv": (SIMULATED + " A direct-marketing campaign on 2024-04-01: 3,000 customers, channel "
                     "assigned at random. Response = an order within 30 days (also in orders.csv with source = "
                     "campaign).", [
        ("customer_id", "string", "customer key"),
        ("campaign_date", "date", "2024-04-01"),
        ("channel", "string", "direct_mail, email, telemarketing, sms"),
        ("customer_group", "string", "new (< 90 days), active (ordered in last 180 days), lapsed"),
        ("days_since_last_order", "int", "days, at the campaign date"),
        ("prior_orders", "int", "orders before the campaign"),
        ("contact_cost", "float", "cost of contacting this customer, EUR"),
        ("responded", "int 0/1", "1 if the customer ordered in response"),
        ("revenue", "float", "value of the response order(s), EUR"),
        ("margin", "float", "gross margin of the response order(s), EUR"),
    ]),
    "service_tickets.csv": (SIMULATED + " The service department's own records: keyed by e-mail as typed by "
                            "agents (case, spaces, 'Last, First' names, some typos, some work addresses), a few "
                            "tickets from people who never bought. Unresolved tickets raise churn risk.", [
        ("ticket_id", "string", "ticket key"),
        ("opened_date", "date", "day the ticket was opened"),
        ("customer_email", "string", "e-mail as typed by the agent"),
        ("customer_name", "string", "name as typed by the agent"),
        ("phone", "string", "phone number, often empty"),
        ("issue", "string", "delivery, product_fault, billing, returns, account"),
        ("resolved", "bool", "whether the issue was resolved"),
        ("days_to_resolve", "int", "days, empty if unresolved"),
        ("csat", "int 1-5", "satisfaction with the service contact, often empty"),
    ]),
    "marketing_contacts.csv": (SIMULATED + " The marketing department's contact list: most customers, many "
                               "prospects who never bought, and people entered twice with different spelling.", [
        ("contact_id", "string", "marketing's own key"),
        ("full_name", "string", "name as entered"),
        ("email", "string", "e-mail as entered"),
        ("phone", "string", "phone, often empty"),
        ("opt_in", "bool", "consent to receive marketing"),
        ("source", "string", "purchase, newsletter, event, referral"),
        ("interest", "string", "product category of interest"),
        ("created_date", "date", "day the contact was created"),
    ]),
    "exhibitors.csv": (SIMULATED + " A trade-fair organiser: one row per exhibitor and annual edition "
                       "2019-2025. Renewal depends on satisfaction, leads per square metre, editions attended "
                       "and company size.", [
        ("exhibitor_id", "string", "exhibitor key"),
        ("company", "string", "company name"),
        ("industry", "string", "one of 8 industries"),
        ("country", "string", "home country"),
        ("company_size", "string", "small, medium, large"),
        ("edition", "int", "year of the edition"),
        ("first_edition", "int", "year of the exhibitor's first edition"),
        ("booth_sqm", "int", "booth size, square metres"),
        ("booth_type", "string", "inline, corner, island"),
        ("spend", "float", "booth rental, EUR"),
        ("services_spend", "float", "extra services (marketing packages, catering, ...), EUR"),
        ("leads", "int", "qualified leads scanned at the booth"),
        ("satisfaction", "int 1-10", "post-show satisfaction score"),
        ("renewed", "bool", "booked the next edition; empty for 2025"),
    ]),
    "messy_transactions.csv": (SIMULATED + " A raw invoice-line export as a shop system would write it: shop's "
                               "own column names, every value text, day-first dates, and planted problems in "
                               "known numbers (see crm_lessons.simulate.messy.PLANTED): a guest order without "
                               "customer id, cancellations (invoice starting with C), a return, a duplicated "
                               "line, impossible dates, a zero and a negative price, postage and a manual "
                               "adjustment. Clean it with crm.datasets.read_transactions.", [
        ("Invoice", "text", "invoice number; a leading C marks a cancellation"),
        ("StockCode", "text", "product code, or POST / ADJUST / B for non-product lines"),
        ("Description", "text", "product name as exported"),
        ("Quantity", "text", "units; negative on cancellations and returns"),
        ("InvoiceDate", "text", "DD/MM/YYYY HH:MM (day first)"),
        ("Price", "text", "unit price, EUR"),
        ("Customer ID", "text", "customer number; empty for guest orders"),
        ("Country", "text", "delivery country"),
    ]),
    "cdnow.csv": (CDNOW + " All 23,570 customers.", [
        ("customer_id", "int", "customer key"),
        ("date", "date", "day of the purchase"),
        ("cds", "int", "number of CDs bought"),
        ("amount", "float", "value of the purchase, USD"),
    ]),
    "cdnow_sample.csv": (CDNOW + " The 1/10 systematic sample (2,357 customers) on which Fader, Hardie & "
                         "Lee (2005) fitted the BG/NBD model.", [
        ("customer_id", "int", "sample key 1..2357"),
        ("master_id", "int", "the same customer's key in cdnow.csv"),
        ("date", "date", "day of the purchase"),
        ("cds", "int", "number of CDs bought"),
        ("amount", "float", "value of the purchase, USD"),
    ]),
}


def render(file: str, rows: int, checksum: str) -> str:
    """Markdown data card for ``file``.

    >>> render("products.csv", 48, "0" * 64).startswith("## `products.csv`")
    True
    """
    how, columns = CARDS[file]
    lines = [f"## `{file}`", "", how, "", f"- Rows: {rows:,}", f"- SHA-256: `{checksum}`", "",
             "| column | type | meaning (unit) |", "|---|---|---|"]
    lines += [f"| `{c}` | {t} | {m} |" for c, t, m in columns]
    return "\n".join(lines) + "\n"
