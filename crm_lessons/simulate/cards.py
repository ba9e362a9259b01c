"""Data cards: what each bundled file holds, rendered into ``datasets/README.md``.

Row counts and checksums are filled in from the files themselves when the cards are written.
The card texts are marked with ``N_`` for the package catalogue: ``datasets/README.md`` is
always English, and ``crm.datasets.describe`` renders the same card in Chinese after
``crm.setup(lang="zh")`` (one source for both).
"""
from __future__ import annotations

from collections.abc import Callable

from ..i18n import N_

#: The column types of the cards, marked for the catalogue (shown translated in the Chinese card).
TYPES = (N_("string"), N_("date"), N_("int"), N_("float"), N_("text"), N_("bool"), N_("int 0/1"),
         N_("int 1-5"), N_("int 1-7"), N_("int 1-10"))

SIMULATED = N_("Simulated by `crm_lessons.simulate` (seed 2024); regenerate with "
               "`python -m crm_lessons.simulate`. Licence: CC BY 4.0 (CRM Lessons).")
CDNOW = N_("Real data. CDNOW, an online music retailer: every purchase, January 1997 to June 1998, by the "
           "customers who made their first purchase in the first quarter of 1997. Converted from the "
           "`lifetimes` 0.11.3 wheel on PyPI (MIT licence) by `tools/import_cdnow.py`; only the column names "
           "and date format were changed. Cite Fader, Hardie & Lee (2005), \"'Counting Your Customers' the "
           "Easy Way: An Alternative to the Pareto/NBD Model\", Marketing Science 24(2), 275-284.")

# file -> (origin, what the file holds, [(column, type, meaning with unit)])
CARDS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "customers.csv": (SIMULATED, N_("One row per customer of a Chinese home-and-lifestyle retailer (money in "
                      "yuan, CNY); four hidden groups (high value, regular, occasional, one-off) set buying "
                      "rate, basket size and churn risk."), [
        ("customer_id", "string", N_("customer key used by sales/orders, e.g. C00042")),
        ("name", "string", N_("full name in pinyin, surname first (e.g. Wang Fang)")),
        ("email", "string", N_("e-mail address as stored by sales (lower case)")),
        ("phone", "string", N_("mobile number, 11 digits (e.g. 138 1234 5678)")),
        ("acquisition_date", "date", N_("day of the first purchase (YYYY-MM-DD), 2022-01-01 to 2024-12-31")),
        ("channel", "string", N_("acquisition channel: web, store, partner, catalogue")),
        ("region", "string", N_("sales region: East China, South China, North & Northeast China, "
                                "Central China, West China")),
        ("province", "string", N_("province or municipality, in pinyin (e.g. Zhejiang)")),
        ("city", "string", N_("city, in pinyin (e.g. Hangzhou)")),
        ("age_band", "string", "18-24 ... 65+"),
    ]),
    "products.csv": (SIMULATED, N_("The catalogue of 48 products in 8 categories, list prices in yuan (CNY). "
                     "Chinese names come from crm_lessons/reference/data_names.csv."), [
        ("product_id", "string", N_("product key, e.g. P007")),
        ("product", "string", N_("product name")),
        ("product_zh", "string", N_("product name in Chinese")),
        ("category", "string", N_("one of 8 categories")),
        ("category_zh", "string", N_("category name in Chinese")),
        ("price", "float", N_("list price, CNY")),
        ("unit_cost", "float", N_("cost per unit, CNY")),
        ("margin_rate", "float", N_("(price - cost) / price, fraction")),
    ]),
    "orders.csv": (SIMULATED, N_("One row per order, 2022-01-01 to 2024-12-31. Orders placed in response to "
                   "the April 2024 campaign have source = campaign."), [
        ("order_id", "string", N_("order key, e.g. O000123")),
        ("customer_id", "string", N_("customer key (customers.csv)")),
        ("order_date", "date", N_("day of the order")),
        ("channel", "string", N_("ordering channel: web, store, phone")),
        ("source", "string", N_("organic or campaign")),
        ("n_items", "int", N_("number of distinct products (lines)")),
        ("amount", "float", N_("order value, CNY")),
        ("margin", "float", N_("gross margin of the order, CNY")),
    ]),
    "order_lines.csv": (SIMULATED, N_("One row per product in an order. Planted cross-selling associations "
                        "(e.g. espresso machine -> coffee beans) and one substitute pair (coffee beans vs "
                        "loose-leaf tea)."), [
        ("order_id", "string", N_("order key (orders.csv)")),
        ("line_no", "int", N_("line number within the order")),
        ("product_id", "string", N_("product key (products.csv)")),
        ("product", "string", N_("product name")),
        ("category", "string", N_("product category")),
        ("quantity", "int", N_("units")),
        ("unit_price", "float", N_("price per unit, CNY")),
        ("amount", "float", N_("quantity x unit price, CNY")),
    ]),
    "survey.csv": (SIMULATED, N_("Loyalty survey of current customers on 2024-01-15. Items are 7-point "
                   "Likert scales (1 = strongly disagree, 7 = strongly agree). The weight of each attitude on "
                   "the loyalty intentions differs by lifecycle stage."), [
        ("respondent_id", "string", N_("survey key")),
        ("customer_id", "string", N_("customer key (customers.csv)")),
        ("survey_date", "date", "2024-01-15"),
        ("lifecycle_stage", "string",
         N_("identification, development, stability or decline (from tenure and recent buying)")),
        ("pv1..pv3", "int 1-7", N_("perceived value items")),
        ("sat1..sat3", "int 1-7", N_("satisfaction items")),
        ("trust1..trust3", "int 1-7", N_("trust items")),
        ("sc1..sc3", "int 1-7", N_("switching cost items")),
        ("cf1, cf2", "int 1-7", N_("commercial friendship items (relationship quality)")),
        ("bel1, bel2", "int 1-7", N_("sense of belonging items (relationship quality)")),
        ("inv1, inv2", "int 1-7", N_("involvement with the product category")),
        ("relative_attitude", "int 1-7", N_("attitude to us compared with other shops")),
        ("repurchase, price_tolerance, cross_buying, recommendation", "int 1-7",
         N_("the four loyalty intentions")),
        ("category_spend_year", "int",
         N_("stated spending on home & lifestyle goods at all shops in the last year, CNY")),
    ]),
    "campaign.csv": (SIMULATED, N_("A direct-marketing campaign on 2024-04-01 to 2,800 customers (about 2 % of those "
                     "known a week before were held back at random as a control group), channel "
                     "assigned at random. Response = an order within 30 days (also in orders.csv with source = "
                     "campaign)."), [
        ("customer_id", "string", N_("customer key")),
        ("campaign_date", "date", "2024-04-01"),
        ("channel", "string", N_("direct_mail, email, telemarketing, sms")),
        ("customer_group", "string", N_("new (< 90 days), active (ordered in last 180 days), lapsed")),
        ("days_since_last_order", "int", N_("days, at the campaign date")),
        ("prior_orders", "int", N_("orders before the campaign")),
        ("contact_cost", "float", N_("cost of contacting this customer, CNY")),
        ("responded", "int 0/1", N_("1 if the customer ordered in response")),
        ("revenue", "float", N_("value of the response order(s), CNY")),
        ("margin", "float", N_("gross margin of the response order(s), CNY")),
    ]),
    "service_tickets.csv": (SIMULATED, N_("The service department's own records: keyed by e-mail as typed by "
                            "agents (case, spaces, 'Last, First' names, some typos, some work addresses), a few "
                            "tickets from people who never bought. Unresolved tickets raise churn risk."), [
        ("ticket_id", "string", N_("ticket key")),
        ("opened_date", "date", N_("day the ticket was opened")),
        ("customer_email", "string", N_("e-mail as typed by the agent")),
        ("customer_name", "string", N_("name as typed by the agent")),
        ("phone", "string", N_("phone number, often empty")),
        ("issue", "string", N_("delivery, product_fault, billing, returns, account")),
        ("resolved", "bool", N_("whether the issue was resolved")),
        ("days_to_resolve", "int", N_("days, empty if unresolved")),
        ("csat", "int 1-5", N_("satisfaction with the service contact, often empty")),
    ]),
    "marketing_contacts.csv": (SIMULATED, N_("The marketing department's contact list: most customers, many "
                               "prospects who never bought, and people entered twice with different spelling."), [
        ("contact_id", "string", N_("marketing's own key")),
        ("full_name", "string", N_("name as entered")),
        ("email", "string", N_("e-mail as entered")),
        ("phone", "string", N_("phone, often empty")),
        ("opt_in", "bool", N_("consent to receive marketing")),
        ("source", "string", N_("purchase, newsletter, event, referral")),
        ("interest", "string", N_("product category of interest")),
        ("created_date", "date", N_("day the contact was created")),
    ]),
    "exhibitors.csv": (SIMULATED, N_("A Chinese trade-fair organiser, Shanghai Huazhan Exhibition Co., Ltd. "
                       "and its yearly industrial technology fair in Shanghai: one row per "
                       "exhibitor and annual edition 2019-2025, domestic and foreign exhibitors, money in yuan "
                       "(CNY). Renewal depends on satisfaction, leads per square metre, editions attended and "
                       "company size."), [
        ("exhibitor_id", "string", N_("exhibitor key")),
        ("company", "string", N_("company name")),
        ("industry", "string", N_("one of 8 industries")),
        ("country", "string", N_("home country (China for domestic exhibitors)")),
        ("province", "string", N_("home province of a Chinese exhibitor; empty for foreign ones")),
        ("company_size", "string", N_("small firm, mid-size firm, large firm")),
        ("edition", "int", N_("year of the edition")),
        ("first_edition", "int", N_("year of the exhibitor's first edition")),
        ("booth_sqm", "int", N_("booth size, square metres")),
        ("booth_type", "string", N_("inline, corner, island")),
        ("spend", "float", N_("booth rental, CNY")),
        ("services_spend", "float", N_("extra services (marketing packages, catering, ...), CNY")),
        ("leads", "int", N_("qualified leads scanned at the booth")),
        ("satisfaction", "int 1-10", N_("post-show satisfaction score")),
        ("renewed", "bool", N_("booked the next edition; empty for 2025")),
    ]),
    "messy_transactions.csv": (SIMULATED, N_("A raw invoice-line export as a shop system would write it: shop's "
                               "own column names, every value text, day-first dates, and planted problems in "
                               "known numbers (see crm_lessons.simulate.messy.PLANTED): a guest order without "
                               "customer id, cancellations (invoice starting with C), a return, a duplicated "
                               "line, impossible dates, a zero and a negative price, postage and a manual "
                               "adjustment. Prices in yuan (CNY). Clean it with crm.datasets.read_transactions."), [
        ("Invoice", "text", N_("invoice number; a leading C marks a cancellation")),
        ("StockCode", "text", N_("product code, or POST / ADJUST / B for non-product lines")),
        ("Description", "text", N_("product name as exported")),
        ("Quantity", "text", N_("units; negative on cancellations and returns")),
        ("InvoiceDate", "text", N_("DD/MM/YYYY HH:MM (day first)")),
        ("Price", "text", N_("unit price, CNY")),
        ("Customer ID", "text", N_("customer number; empty for guest orders")),
        ("Country", "text", N_("delivery country")),
    ]),
    "cdnow.csv": (CDNOW, N_("All 23,570 customers."), [
        ("customer_id", "int", N_("customer key")),
        ("date", "date", N_("day of the purchase")),
        ("cds", "int", N_("number of CDs bought")),
        ("amount", "float", N_("value of the purchase, USD")),
    ]),
    "cdnow_sample.csv": (CDNOW, N_("The 1/10 systematic sample (2,357 customers) on which Fader, Hardie & "
                         "Lee (2005) fitted the BG/NBD model."), [
        ("customer_id", "int", N_("sample key 1..2357")),
        ("master_id", "int", N_("the same customer's key in cdnow.csv")),
        ("date", "date", N_("day of the purchase")),
        ("cds", "int", N_("number of CDs bought")),
        ("amount", "float", N_("value of the purchase, USD")),
    ]),
}


def _english(text: str) -> str:
    return text


def render(file: str, rows: int, checksum: str, translate: Callable[[str], str] = _english) -> str:
    """Markdown data card for ``file``, in English unless ``translate`` is given.

    ``translate`` is applied to every marked text (``crm_lessons.i18n.gettext`` gives the
    card in the reader's language).

    >>> render("products.csv", 48, "0" * 64).startswith("## `products.csv`")
    True
    """
    origin, holds, columns = CARDS[file]
    lines = [f"## `{file}`", "", translate(N_("{origin} {holds}")).format(origin=translate(origin),
                                                                            holds=translate(holds)), "",
             translate(N_("- Rows: {rows:,}")).format(rows=rows), f"- SHA-256: `{checksum}`", "",
             translate(N_("| column | type | meaning (unit) |")), "|---|---|---|"]
    lines += [f"| `{c}` | {translate(t)} | {translate(m)} |" for c, t, m in columns]
    return "\n".join(lines) + "\n"
