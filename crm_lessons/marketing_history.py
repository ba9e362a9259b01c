"""Reference tables for chapters 1 and 2: where CRM came from and what it is.

Every table is a small DataFrame built here, so a notebook can sort, filter and
chart it instead of showing a picture. Chapter 1 uses the theory timeline
(:func:`marketing_theories`), the business orientations, the driving forces of
CRM and the steps of direct, database and one-to-one marketing; chapter 2 uses
the families of CRM definitions, the comparison with traditional marketing and
with ERP/SCM, the functions of a CRM system and the core ideas.

Years and authors are given only where the publication is known; a row whose
year is a rough date says so in its ``approximate`` column. The wording is ours.

Examples
--------
>>> theories = marketing_theories()
>>> row = theories.set_index("theory").loc["4P"]
>>> int(row["year"]), row["authors"]
(1960, 'E. Jerome McCarthy')
"""
from __future__ import annotations

import pandas as pd

__all__ = ["marketing_theories", "business_orientations", "crm_driving_forces", "direct_marketing_forms",
           "marketing_process", "PROCESSES", "definition_families", "definition_examples", "crm_vs_traditional",
           "crm_erp_scm", "crm_functions", "core_ideas"]

_THEORY_COLUMNS = ["theory", "name", "year", "approximate", "family", "authors", "elements", "added",
                   "why", "source"]
_THEORIES = [
    ("4P", "Marketing mix (4P)", 1960, False, "marketing mix", "E. Jerome McCarthy",
     "product, price, place, promotion",
     "four controllable levers a manager sets for a target market",
     "mass production needed mass selling, and managers wanted a short checklist for planning the offer",
     "McCarthy (1960), Basic Marketing: A Managerial Approach"),
    ("7P", "Services mix (7P)", 1981, False, "marketing mix", "Bernard H. Booms & Mary J. Bitner",
     "4P + participants (people), physical evidence, process",
     "the staff and customers present, the setting and the way the service is delivered",
     "a service is intangible and made while the customer is there, so people, surroundings and process "
     "shape what is bought",
     "Booms & Bitner (1981), Marketing strategies and organization structures for service firms"),
    ("RM", "Relationship marketing", 1983, False, "relationship", "Leonard L. Berry",
     "attract, keep and enhance customer relationships",
     "keeping and growing customers, not only winning them, as the aim of marketing",
     "service firms saw that a first sale is only the start and that keeping a customer pays more "
     "than replacing one",
     "Berry (1983), Relationship marketing"),
    ("RMgmt", "Relationship management of accounts", 1985, False, "relationship", "Barbara Bund Jackson",
     "manage each account as a long-term relationship; 'lost-for-good' versus 'always-a-share' buyers",
     "managing the whole history with a customer instead of single deals",
     "industrial buyers with high switching costs stay for years, so sellers had to invest in the "
     "relationship as a whole",
     "Jackson (1985), Build customer relationships that last"),
    ("6P", "Megamarketing (6P)", 1986, False, "marketing mix", "Philip Kotler",
     "4P + political power, public opinion (public relations)",
     "winning over governments, interest groups and the public",
     "protected or blocked markets could not be entered with the 4P alone",
     "Kotler (1986), Megamarketing"),
    ("5P", "People as the fifth P (5P)", 1987, False, "marketing mix", "Vaughan C. Judd",
     "4P + people (the firm's employees)",
     "employees who meet customers as a lever of the mix",
     "when products look alike, the people who serve the customer become what sets a firm apart",
     "Judd (1987), Differentiate with the 5th P: people"),
    ("4C", "Customer's view (4C)", 1990, False, "customer view", "Robert F. Lauterborn",
     "consumer wants and needs, cost to satisfy, convenience to buy, communication",
     "the same four levers restated from the buyer's side",
     "crowded shelves and choosy buyers meant a seller-side checklist no longer sold goods",
     "Lauterborn (1990), New marketing litany: four P's passe; C-words take over"),
    ("1:1", "One-to-one marketing (IDIC)", 1993, False, "relationship", "Don Peppers & Martha Rogers",
     "identify, differentiate, interact, customise; share of customer over market share",
     "treating each customer differently, based on what the firm learns about them",
     "customer databases and interactive media made individual treatment affordable",
     "Peppers & Rogers (1993), The One to One Future"),
    ("3R/4R", "Relationship returns (3R/4R)", 2001, True, "relationship", "Don E. Schultz (as usually credited)",
     "3R: retention, related sales, referrals; 4R: relevance, reaction, relationship, reward",
     "measuring marketing by the return that lasting, two-way relationships bring",
     "when customers can switch at a click, profit comes from relevance, quick response and "
     "relationships that pay back",
     ""),
]

_ORIENTATIONS = [
    ("production", "c. 1900-1930", 1900, "How can we make more, cheaper?",
     "the factory: volume and unit cost", "assumes anything made will sell"),
    ("sales", "c. 1930-1960", 1930, "How can we sell what we have made?",
     "the sale: advertising and selling effort", "pushes products that may not fit what buyers want"),
    ("profit", "c. 1960-1990", 1960, "Which products and markets earn the most?",
     "the profit of products and markets", "optimises this year's margin, not the value of keeping customers"),
    ("customer", "c. 1990-", 1990, "Which customers matter, and what do they need from us?",
     "the customer relationship and its lifetime value",
     "needs customer data, shared across departments, and the skill to use it"),
]

_FORCES = [
    ("customer information", "contact management (who the customer is)",
     "customer care (everything the customer did with us)",
     "address lists grew into purchase, contact and service histories",
     "keep one history per customer and use it at every contact"),
    ("buyer power", "sellers' market: buyers take what is offered",
     "buyers' market: many suppliers, easy comparison, low switching cost",
     "a shopper compares prices on a phone before reaching the till",
     "earn loyalty, because a dissatisfied customer can leave at once"),
    ("internal management needs", "sales, marketing and service each keep their own records",
     "one shared view of each customer",
     "service does not know a complainer is a top buyer; marketing mails people who already left",
     "join the departments' data and processes around the customer"),
    ("information technology", "paper files and mass media",
     "call centres, customer databases, the internet and data mining",
     "basket analysis finds products bought together and suggests what to offer next",
     "automate contacts and turn customer data into decisions"),
]

_DM_FORMS = [
    ("direct mail", "a letter, leaflet or coupon posted to a named person", "printed, addressable, high attention"),
    ("catalogue", "a printed or online catalogue sent to customers",
     "shows a full range, orders by post, phone or web"),
    ("telemarketing", "outbound or inbound calls, often from a call centre", "personal dialogue, costly per contact"),
    ("direct-response TV and radio", "an advert with a number or address to reply to", "wide reach, reply is tracked"),
    ("e-mail and online", "personalised e-mails, web and app messages", "very cheap per contact, easy to test"),
    ("SMS and mobile", "short messages to a phone", "immediate, short, needs permission"),
    ("kiosks and point of sale", "terminals or counters where customers order themselves", "order at the spot"),
]

PROCESSES: dict[str, list[tuple[str, str]]] = {
    "direct": [
        ("set the objective", "decide what the campaign must achieve and how success is measured"),
        ("choose the target list", "select customers from the database, e.g. by past behaviour"),
        ("design the offer", "what is offered, at what price, with what message"),
        ("choose the channel", "mail, e-mail, phone or SMS, by cost and expected response"),
        ("test", "send variants to small samples and compare responses"),
        ("roll out", "contact the full target list with the best variant"),
        ("measure", "count responses, cost per response, revenue and return on investment"),
        ("learn", "store the responses in the database to target better next time"),
    ],
    "database": [
        ("collect data", "gather customer details and transactions from every contact"),
        ("store data", "keep them in one customer database"),
        ("process data", "clean, match and combine the records, then analyse them"),
        ("find the ideal customers", "identify who is most valuable or most likely to respond"),
        ("use the data", "target, personalise and time the marketing actions"),
        ("improve the database", "add the results of each action and keep the data up to date"),
    ],
    "one_to_one": [
        ("identify", "know each customer individually across every channel"),
        ("differentiate", "tell customers apart by their value and their needs"),
        ("interact", "hold a dialogue that teaches the firm more at each contact"),
        ("customise", "adapt the product, service or message to what was learned"),
    ],
}

_DEFINITIONS = [
    ("philosophy", "a business strategy or philosophy",
     "put the customer at the centre of the firm and manage relationships for long-term value",
     "explains why the firm does CRM", "says little about how to do it day to day"),
    ("mechanism", "a management mechanism",
     "redesign the processes of sales, marketing and service around the customer",
     "explains how the work and the organisation change", "can ignore the data and tools it needs"),
    ("system", "an information system (software)",
     "software that records contacts, automates sales, marketing and service and analyses customer data",
     "explains what tools make it possible", "mistakes buying software for having CRM"),
]

_DEFINITION_EXAMPLES = [
    ("A", "CRM is a business strategy that puts the customer, not the product, at the centre of the firm.",
     "philosophy"),
    ("B", "CRM is software that stores every contact with a customer and automates sales, marketing and service.",
     "system"),
    ("C", "CRM is the way a firm reorganises its sales, marketing and service processes around the customer.",
     "mechanism"),
    ("D", "CRM means treating customers as assets whose long-term value the whole firm works to raise.",
     "philosophy"),
    ("E", "CRM is a set of databases and analysis tools that turn customer data into customer intelligence.",
     "system"),
    ("F", "CRM is a management method that coordinates every department's contacts with the customer.",
     "mechanism"),
]

_CRM_VS_TRADITIONAL = [
    ("focus", "the product and the single transaction", "the customer and the ongoing relationship"),
    ("main goal", "market share: win as many sales as possible",
     "share of wallet and customer lifetime value"),
    ("technique", "mass marketing: the same offer for everyone",
     "database and data mining to target each customer"),
    ("means", "the 4P marketing mix", "interaction across every contact channel"),
    ("path", "one-way: the firm speaks, the market listens",
     "two-way dialogue: the firm listens, learns and adapts"),
    ("commonality vs individuality", "what customers have in common (averages, segments)",
     "what makes each customer different (individual needs and value)"),
]

_SYSTEMS = [
    ("CRM", "outside: the firm's customers", "sales, marketing and service staff",
     "customers, contacts, orders, campaigns, service tickets", "win, keep and grow profitable customers"),
    ("ERP", "inside: the firm's own resources", "finance, production, purchasing and HR staff",
     "accounts, inventory, production orders, payroll", "run internal processes efficiently"),
    ("SCM", "outside: the firm's suppliers and logistics partners", "purchasing and logistics staff",
     "supplier orders, shipments, stock levels, forecasts", "deliver the right goods at the lowest total cost"),
]

_FUNCTIONS = [
    ("sales force automation", "operational", "leads, accounts, opportunities, quotes and sales forecasts",
     "a rep sees every open deal and the customer's past orders"),
    ("marketing automation", "operational", "plan, run and measure campaigns; manage lists and responses",
     "an e-mail campaign goes only to opted-in customers and responses are counted"),
    ("service automation", "operational", "tickets, call handling, knowledge base and service levels",
     "an agent sees the customer's orders and earlier complaints"),
    ("channel integration", "collaborative", "one history across store, web, phone, e-mail and call centre",
     "a web question and a store visit land in the same customer record"),
    ("analysis", "analytical", "segment, score and predict: turn customer data into customer intelligence",
     "a churn score tells service which customers to call first"),
]

_CORE_IDEAS = [
    ("customers are the key asset", "the firm's value is the future profit of its customers",
     "measure and manage customer value, not only product sales", "04 customer value"),
    ("customer-centred is the top principle", "every department works from the customer's point of view",
     "share one view of the customer across departments", "02 concepts"),
    ("loyalty is the goal", "loyal customers buy more, cost less to serve and recommend the firm",
     "track loyalty and its drivers, not only satisfaction", "03 loyalty theory"),
    ("relationships have a lifecycle", "a relationship is built, grows, matures and may decline",
     "treat customers differently by lifecycle stage", "03 loyalty theory"),
    ("identify valuable customers", "first basic task: know which customers matter most",
     "score and segment customers by value", "05 segmentation"),
    ("keep valuable customers", "second basic task: stop the valuable ones from leaving",
     "predict churn and act before customers leave", "07 data-mining models"),
]


def marketing_theories() -> pd.DataFrame:
    """The evolution of marketing thinking, one row per theory, sorted by year.

    Returns
    -------
    pandas.DataFrame
        Columns ``theory`` (short code such as ``"4P"``), ``name``, ``year`` (int),
        ``approximate`` (True when the year is a rough date), ``family`` (``"marketing mix"``,
        ``"relationship"`` or ``"customer view"``), ``authors``, ``elements``, ``added``
        (what it added), ``why`` (why it appeared) and ``source`` (short citation; empty
        when no single publication can be named).

    Examples
    --------
    >>> marketing_theories()["year"].is_monotonic_increasing
    True
    """
    frame = pd.DataFrame(_THEORIES, columns=_THEORY_COLUMNS)
    return frame.sort_values(["year", "theory"], kind="stable").reset_index(drop=True)


def business_orientations() -> pd.DataFrame:
    """The four business orientations, from production-centred to customer-centred.

    Periods are rough: they describe the typical order in industrial economies, and
    firms and countries moved at different speeds.

    Returns
    -------
    pandas.DataFrame
        Columns ``orientation``, ``period``, ``start_year`` (int, approximate),
        ``question`` (what management asks), ``focus`` and ``weakness``, in historical order.

    Examples
    --------
    >>> business_orientations()["orientation"].tolist()
    ['production', 'sales', 'profit', 'customer']
    """
    return pd.DataFrame(_ORIENTATIONS, columns=["orientation", "period", "start_year", "question", "focus",
                                                "weakness"])


def crm_driving_forces() -> pd.DataFrame:
    """The four forces that pushed firms towards CRM.

    Returns
    -------
    pandas.DataFrame
        Columns ``force``, ``from_`` (the old situation), ``to`` (the new one), ``example``
        and ``response`` (what it asks of the firm).

    Examples
    --------
    >>> len(crm_driving_forces())
    4
    """
    return pd.DataFrame(_FORCES, columns=["force", "from_", "to", "example", "response"])


def direct_marketing_forms() -> pd.DataFrame:
    """The common forms (media) of direct marketing.

    Returns
    -------
    pandas.DataFrame
        Columns ``form``, ``what`` and ``traits``.

    Examples
    --------
    >>> "direct mail" in set(direct_marketing_forms()["form"])
    True
    """
    return pd.DataFrame(_DM_FORMS, columns=["form", "what", "traits"])


def marketing_process(kind: str) -> pd.DataFrame:
    """The steps of direct (``"direct"``), database (``"database"``) or one-to-one (``"one_to_one"``) marketing.

    Parameters
    ----------
    kind : str
        One of the keys of :data:`PROCESSES`.

    Returns
    -------
    pandas.DataFrame
        Columns ``step`` (1, 2, ...), ``name`` and ``what``.

    Examples
    --------
    >>> marketing_process("one_to_one")["name"].tolist()
    ['identify', 'differentiate', 'interact', 'customise']
    """
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string such as 'database', got {type(kind).__name__}.")
    if kind not in PROCESSES:
        raise ValueError(f"kind must be one of {sorted(PROCESSES)}, got {kind!r}.")
    steps = PROCESSES[kind]
    return pd.DataFrame({"step": range(1, len(steps) + 1), "name": [s[0] for s in steps],
                         "what": [s[1] for s in steps]})


def definition_families() -> pd.DataFrame:
    """The three families of CRM definitions and what each one stresses.

    Returns
    -------
    pandas.DataFrame
        Columns ``family`` (``"philosophy"``, ``"mechanism"``, ``"system"``), ``sees_crm_as``,
        ``typical_wording``, ``strength`` and ``blind_spot``.

    Examples
    --------
    >>> definition_families()["family"].tolist()
    ['philosophy', 'mechanism', 'system']
    """
    return pd.DataFrame(_DEFINITIONS, columns=["family", "sees_crm_as", "typical_wording", "strength",
                                               "blind_spot"])


def definition_examples() -> pd.DataFrame:
    """Six short definitions of CRM in our own words, each belonging to one family.

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (``"A"`` to ``"F"``), ``statement`` and ``family``
        (as in :func:`definition_families`).

    Examples
    --------
    >>> sorted(set(definition_examples()["family"]))
    ['mechanism', 'philosophy', 'system']
    """
    return pd.DataFrame(_DEFINITION_EXAMPLES, columns=["id", "statement", "family"])


def crm_vs_traditional() -> pd.DataFrame:
    """CRM compared with traditional (transaction) marketing, aspect by aspect.

    Returns
    -------
    pandas.DataFrame
        Columns ``aspect``, ``traditional`` and ``crm``; six aspects (focus, main goal,
        technique, means, path, commonality vs individuality).

    Examples
    --------
    >>> crm_vs_traditional().set_index("aspect").loc["main goal", "traditional"][:12]
    'market share'
    """
    return pd.DataFrame(_CRM_VS_TRADITIONAL, columns=["aspect", "traditional", "crm"])


def crm_erp_scm() -> pd.DataFrame:
    """CRM, ERP and SCM side by side: whom each faces, who uses it, what data, what goal.

    Returns
    -------
    pandas.DataFrame
        Columns ``system``, ``faces``, ``users``, ``core_data`` and ``goal``.

    Examples
    --------
    >>> crm_erp_scm()["system"].tolist()
    ['CRM', 'ERP', 'SCM']
    """
    return pd.DataFrame(_SYSTEMS, columns=["system", "faces", "users", "core_data", "goal"])


def crm_functions() -> pd.DataFrame:
    """The functions of a CRM system, with the usual operational/collaborative/analytical label.

    Returns
    -------
    pandas.DataFrame
        Columns ``function``, ``kind``, ``what`` and ``example``.

    Examples
    --------
    >>> crm_functions()["kind"].unique().tolist()
    ['operational', 'collaborative', 'analytical']
    """
    return pd.DataFrame(_FUNCTIONS, columns=["function", "kind", "what", "example"])


def core_ideas() -> pd.DataFrame:
    """The core ideas of CRM, what each means in practice and the chapter that works on it.

    Returns
    -------
    pandas.DataFrame
        Columns ``idea``, ``meaning``, ``in_practice`` and ``chapter``.

    Examples
    --------
    >>> int(core_ideas()["idea"].str.startswith(("identify", "keep")).sum())
    2
    """
    return pd.DataFrame(_CORE_IDEAS, columns=["idea", "meaning", "in_practice", "chapter"])
