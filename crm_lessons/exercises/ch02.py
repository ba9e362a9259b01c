"""Exercises of chapter 2 (concepts): definitions, CRM vs traditional marketing, the single customer view."""
from __future__ import annotations

import functools

from .. import customer_view, datasets, marketing_history
from ..i18n import N_
from .core import exercise

#: The aspects whose CRM side is hidden in exercise 2.2.
HIDDEN_ASPECTS = ["main goal", "technique", "path", "commonality vs individuality"]


@functools.cache
def _view() -> customer_view.SingleCustomerView:
    return customer_view.build_customer_view(datasets.load("customers"), datasets.load("orders"),
                                             datasets.load("service_tickets"), datasets.load("marketing_contacts"))


#: The chapter's own words (and the deck's Chinese) for the three families of definitions in 2.1.
FAMILY_WORDS = {
    "philosophy": ["business philosophy", "strategy", "理念", "经营理念"],
    "mechanism": ["management mechanism", "process", "processes", "机制", "管理机制"],
    "system": ["technology", "information system", "IT system", "software", "技术", "系统", "信息系统"],
}


@exercise("2.1", title=N_("Which family of definitions?"), accept=FAMILY_WORDS, hints=[
    N_("Philosophy: why the firm exists and what it puts first. Mechanism: how work and processes are organised. "
       "System: software, databases and tools."),
    N_("Answer with a dict such as {'A': 'philosophy', 'B': ..., ...} covering all six statements."),
], explanation=N_("Each family sees one side of CRM; the synthesis is philosophy + mechanism + technology."))
def _() -> dict[str, str]:
    table = marketing_history.definition_examples()
    return dict(zip(table["id"], table["family"]))


@exercise("2.2", title=N_("CRM versus traditional marketing"), hints=[
    N_("Read the traditional side of each hidden row: the CRM side is its customer-centred opposite."),
    N_("Answer with a dict from aspect to option letter, e.g. {'main goal': 'B', 'technique': ..., ...}."),
], explanation=N_("Where traditional marketing wins transactions from a mass market, CRM manages the "
                  "relationship with each customer."))
def _() -> dict[str, str]:
    table = marketing_history.crm_vs_traditional().set_index("aspect")
    options = sorted(table.loc[HIDDEN_ASPECTS, "crm"])
    letter = {text: chr(ord("A") + k) for k, text in enumerate(options)}
    return {aspect: letter[table.at[aspect, "crm"]] for aspect in HIDDEN_ASPECTS}


@exercise("2.3", title=N_("What cleaning the keys gains for marketing"), hints=[
    N_("Raw: contacts['email'].isin(customers['email']).sum() counts list entries whose e-mail, as typed, "
       "is a customer's e-mail."),
    N_("Clean both sides with crm.customer_view.normalise_email(...) and count again."),
    N_("The answer is the difference: cleaned count minus raw count."),
], explanation=N_("Trimming spaces and lower-casing costs nothing, yet without it these entries would look "
                  "like strangers and the same customer would seem to be two people."))
def _() -> int:
    contacts, customers = datasets.load("marketing_contacts"), datasets.load("customers")
    raw = contacts["email"].isin(customers["email"]).sum()
    clean = customer_view.normalise_email(contacts["email"]).isin(
        customer_view.normalise_email(customers["email"])).sum()
    return int(clean - raw)


@exercise("2.4", title=N_("Customers entered twice"), hints=[
    N_("Match the contacts first: m = crm.customer_view.match_customers(contacts, customers, email='email', "
       "name='full_name')."),
    N_("Count records per matched customer: m['customer_id'].value_counts()."),
    N_("How many customers have a count above 1?"),
], explanation=N_("Duplicates make the list look bigger than it is, and the same person gets every mailing twice."))
def _() -> int:
    view = _view()
    counts = view.contacts["customer_id"].value_counts()
    return int((counts > 1).sum())


@exercise("2.5", title=N_("Revenue marketing cannot see"), hints=[
    N_("In the joined view, in_marketing says whether marketing's list has the customer."),
    N_("Divide the sales_revenue of customers with in_marketing == False by the total sales_revenue."),
], explanation=N_("Marketing alone cannot reach these customers, however valuable they are: the list must be "
                  "joined with the sales records."))
def _() -> float:
    coverage = customer_view.department_coverage(_view().table)
    return float(coverage.at["marketing", "value_missed"])


@exercise("2.6", title=N_("Valuable customers with open problems"), hints=[
    N_("The top 10 % by revenue: view['sales_revenue'] >= view['sales_revenue'].quantile(0.9)."),
    N_("An open problem: view['service_unresolved'] > 0."),
    N_("Count the customers for which both hold."),
], explanation=N_("Sales alone sees these as its best customers, service alone sees just another open ticket: "
                  "only the joined view shows valuable customers at risk."))
def _() -> int:
    table = _view().table
    top = table["sales_revenue"] >= table["sales_revenue"].quantile(0.9)
    return int((top & (table["service_unresolved"] > 0)).sum())


# --------------------------------------------------------------------------------------------
# Decision exercises (issue 12): a choice from the joined customer view plus written reasons
# --------------------------------------------------------------------------------------------
from .core import decision  # noqa: E402  (appended section; the practice checks above stay unchanged)


@decision("2.7", title=N_("One call today: which customer?"), hints=[
    N_("Start from the customers of Exercise 2.6: top 10 % by sales_revenue with service_unresolved > 0."),
    N_("Among them, which one has the most revenue at stake? sort_values('sales_revenue', ascending=False)."),
], rubric=[
    N_("Picks the customer by the revenue at stake among valuable customers with an open problem, and quotes it."),
    N_("Quotes the number of unresolved tickets and says why an open problem threatens the relationship."),
    N_("Explains that neither sales nor service alone would have found this customer: only the joined view does."),
    N_("Says what the call should achieve (solve the problem, then record the outcome in the shared record)."),
], model_reasons="Customer C00458 brought ¥72,726 in sales, the most of the 94 top-decile customers with an open "
                 "service problem, and has one ticket still unresolved. Sales sees a star customer, service sees one "
                 "more ticket: only the joined view shows the value at risk. The call should solve the ticket and be "
                 "logged in the shared record so that every department sees it.",
          explanation=N_("The single customer view turns two departments' partial facts into one priority list."))
def _() -> str:
    table = _view().table
    top = table["sales_revenue"] >= table["sales_revenue"].quantile(0.9)
    at_risk = table[top & (table["service_unresolved"] > 0)]
    return str(at_risk["sales_revenue"].idxmax())


@decision("2.8", title=N_("A vendor quotes the deck's figures: what do you ask for?"),
          options=["sales per salesperson", "customer satisfaction", "cost", "sales cycle", "profit"], hints=[
    N_("crm.marketing_history.benefit_claims() lists the figures the information deck quotes; its deck_source column "
       "says where they come from."),
    N_("Which claim could you check with data the firm already has (orders, service tickets), and how would you "
       "know the change came from the CRM system and not from something else?"),
], rubric=[
    N_("Notes that the deck gives no source, sample or period for any figure, so none can be taken as a forecast."),
    N_("Chooses one claim and names the data that would test it (e.g. orders per salesperson, ticket resolution "
       "time)."),
    N_("Asks for a comparison: before/after with a comparison group (a region or team without the system), not "
       "only a before-after change."),
    N_("Says what the figure would need to be worth the system's cost (links the claim to a business decision)."),
], model_reasons="None of the figures has a source, a sample or a period, so I would not take any as a promise. I "
                 "would "
                 "ask first about profit (+20 %), because it is what pays for the system; we can test it with our own "
                 "orders and margins by comparing a team that uses the system with one that does not yet, over the "
                 "same months, instead of a before-after change that a good season could explain.",
          explanation=N_("Any claim can be defended as the first to test; what is marked is the reasoning about "
                         "evidence."))
def _() -> None:
    return None
