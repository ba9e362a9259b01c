"""The single customer view: keys, matching (against the planted truth), checks, summaries, profile, charts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import customer_view as cv


@pytest.fixture()
def master():
    return pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
                         "name": ["Ann Lee", "Bo Kim", "Cy Park", "Di Park"],
                         "email": ["ann@x.example", "bo@x.example", "cy@x.example", "di@x.example"],
                         "phone": ["0711 111", "0722 222", "0733 333", "0733-333"]})   # C3 and C4 share a phone


@pytest.fixture()
def records():
    return pd.DataFrame({
        "email": [" ANN@X.example ", "bo@work.example", "eve@x.example", "zed@x.example", None, "cy@x.example",
                  "di.p@home.example"],
        "phone": [None, "07 22 222", "0722222", None, "", "0733333", "0733 333"],
        "who": ["Lee, Ann", "bo kim", "Eve Stone", "Zed", "Nobody", "Cy Park", "Di Park"],
    }, index=[f"R{i}" for i in range(1, 8)])


# --- keys ----------------------------------------------------------------------------------------
def test_normalisers_hand_worked():
    emails = pd.Series(["  Anna.Adams@Mail.Example ", "", None, "b@c.example"])
    assert cv.normalise_email(emails).tolist()[0] == "anna.adams@mail.example"
    assert cv.normalise_email(emails).isna().tolist() == [False, True, True, False]
    assert cv.normalise_phone(pd.Series(["078436 7840", "(0784) 36-7840"])).tolist() == ["0784367840"] * 2
    assert cv.normalise_phone(pd.Series([" - "])).isna().all()
    names = pd.Series(["Lopez, Sofia", "  SOFIA   LOPEZ ", "Sofia Lopez", "O'Neil,  Kim", ""])
    assert cv.normalise_name(names).tolist()[:4] == ["sofia lopez"] * 3 + ["kim o'neil"]
    assert pd.isna(cv.normalise_name(names).iloc[4])


@pytest.mark.parametrize("bad, error, message", [
    (..., TypeError, "values is still `...`: pass a pandas Series of text"),
    (["a@b"], TypeError, "values must be a pandas Series of text, got list"),
    (pd.Series([7123456789]), TypeError, "values must hold text, but it holds int64 values"),
    (pd.Series(["a@b", 5], dtype=object), TypeError, "values must hold text; found int value"),
])
def test_normalisers_reject_non_text(bad, error, message):
    for fn in (cv.normalise_email, cv.normalise_phone, cv.normalise_name):
        with pytest.raises(error, match=message):
            fn(bad)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abcXYZ .@-", min_size=1, max_size=20))
def test_normalising_twice_changes_nothing(text):
    for fn in (cv.normalise_email, cv.normalise_phone, cv.normalise_name):
        once = fn(pd.Series([text]))
        assert once.equals(fn(once)) or (once.isna().all() and fn(once).isna().all())


# --- matching ------------------------------------------------------------------------------------
def test_every_reason_on_a_hand_made_example(master, records):
    m = cv.match_customers(records, master, name="who")
    assert list(m.index) == list(records.index)
    assert m["reason"].tolist() == ["email", "phone", "phone_name_mismatch", "no_match", "no_key", "email",
                                    "phone_shared"]
    assert m["customer_id"].tolist()[:2] == ["C1", "C2"] and m.at["R6", "customer_id"] == "C3"
    assert m.loc[["R3", "R4", "R5", "R7"], "customer_id"].isna().all()
    assert m["matched_by"].tolist()[:2] == ["email", "phone"] and m["matched_by"].isna().sum() == 4
    # without the name check, the phone alone joins Eve to Bo
    loose = cv.match_customers(records, master)
    assert loose.at["R3", "customer_id"] == "C2" and loose.at["R3", "reason"] == "phone"
    # e-mail only
    assert cv.match_customers(records, master, phone=None)["reason"].value_counts().to_dict() == {
        "no_match": 4, "email": 2, "no_key": 1}


def test_records_join_back_on_the_index(master, records):
    joined = records.join(cv.match_customers(records, master, name="who"))
    assert joined.loc["R2", "customer_id"] == "C2" and joined.loc["R2", "who"] == "bo kim"


def test_match_summary_counts_every_reason(master, records):
    summary = cv.match_summary(cv.match_customers(records, master, name="who"))
    assert list(summary.index) == list(cv.REASONS)
    assert summary["records"].to_dict() == {"email": 2, "phone": 1, "phone_name_mismatch": 1, "phone_shared": 1,
                                            "no_match": 1, "no_key": 1}
    assert summary["records"].sum() == len(records) and summary["share"].sum() == pytest.approx(1)
    assert summary["matched"].tolist() == [True, True, False, False, False, False]
    with pytest.raises(ValueError, match=r"must hold only .*found \['maybe'\]"):
        cv.match_summary(pd.DataFrame({"reason": ["email", "maybe"]}))


@pytest.mark.parametrize("change, kwargs, error, message", [
    ("dup_email", {}, ValueError, "gives the same e-mail to several customers after normalising"),
    ("dup_id", {}, ValueError, "Column 'customer_id' of customers must hold one unique id per row"),
    (None, {"email": "mail"}, ValueError, "records has no column for email='mail'"),
    (None, {"name": "full_name"}, ValueError, "records has no column for name='full_name'"),
    (None, {"customer_phone": "tel"}, ValueError, "customers has no column for customer_phone='tel'"),
])
def test_match_rejects_bad_input(master, records, change, kwargs, error, message):
    if change == "dup_email":
        master = master.assign(email=["ann@x.example", " ANN@x.example", "c@x", "d@x"])
    if change == "dup_id":
        master = master.assign(customer_id=["C1", "C1", "C3", "C4"])
    with pytest.raises(error, match=message):
        cv.match_customers(records, master, **kwargs)


def test_match_rejects_non_frames(master):
    with pytest.raises(TypeError, match="records is still `...`"):
        cv.match_customers(..., master)
    with pytest.raises(TypeError, match="customers must be a pandas DataFrame, got dict"):
        cv.match_customers(pd.DataFrame({"email": []}), {"a": 1})


def _precision_recall(joined: pd.DataFrame, truth: pd.Series, record_id: str) -> tuple[float, float]:
    expected = truth.reindex(joined[record_id]).to_numpy()
    got = joined["customer_id"].to_numpy()
    hit = np.array([isinstance(g, str) and g == e for g, e in zip(got, expected)])
    predicted = np.array([isinstance(g, str) for g in got])
    actual = np.array([isinstance(e, str) for e in expected])
    return hit.sum() / predicted.sum(), hit.sum() / actual.sum()


def _check_against_truth(sim):
    t = sim.tables
    view = cv.build_customer_view(t["customers"], t["orders"], t["service_tickets"], t["marketing_contacts"])
    ticket_p, ticket_r = _precision_recall(view.tickets, sim.truth["ticket_customer"], "ticket_id")
    contact_p, contact_r = _precision_recall(view.contacts, sim.truth["contact_customer"], "contact_id")
    assert ticket_p == 1.0 and ticket_r >= 0.96            # the rest: typo or work e-mail and no phone
    assert contact_p == 1.0 and contact_r == 1.0
    # the raw e-mails, as typed, would have found far fewer tickets
    raw = t["service_tickets"]["customer_email"].isin(t["customers"]["email"]).mean()
    assert raw < ticket_r - 0.2
    return view


@pytest.mark.parametrize("seed, n", [(11, 800), (3, 600)])
def test_matching_recovers_the_planted_owners(seed, n):
    sim = crm.simulate.company(seed=seed, n_customers=n)
    view = _check_against_truth(sim)
    # duplicates found in the marketing list are exactly the customers the generator entered twice
    truth = sim.truth["contact_customer"].dropna()
    twice = set(truth[truth.duplicated()])
    found = cv.find_duplicates(view.contacts, labels=view.contacts["contact_id"])
    assert set(found["customer_id"].dropna()) == twice


def test_matching_on_the_bundled_files_against_the_truth(simulated_company):
    view = _check_against_truth(simulated_company)      # the same seed and size as the files in datasets/
    bundled = crm.datasets.load("service_tickets")
    assert view.tickets["ticket_id"].tolist() == bundled["ticket_id"].tolist()


# --- checks --------------------------------------------------------------------------------------
def test_find_duplicates_groups_customers_then_keys():
    m = pd.DataFrame({"email_key": ["a@x", "a@x", "p@x", "p@x", None, None, "q@x"],
                      "phone_key": [None, None, None, None, "0799", "0799", None],
                      "customer_id": ["C1", "C1", None, None, None, None, None],
                      "matched_by": ["email", "email", None, None, None, None, None],
                      "reason": ["email", "email", "no_match", "no_match", "no_match", "no_match", "no_match"]},
                     index=["M3", "M1", "M2", "M5", "M4", "M6", "M7"])
    dup = cv.find_duplicates(m)
    assert dup["person"].tolist() == ["C1", "email:p@x", "phone:0799"]
    assert dup["record_ids"].tolist() == ["M1, M3", "M2, M5", "M4, M6"]
    assert dup["records"].tolist() == [2, 2, 2] and dup["customer_id"].isna().tolist() == [False, True, True]
    labelled = cv.find_duplicates(m, labels=pd.Series(list("gabcdef"), index=m.index))
    assert labelled["record_ids"].iloc[0] == "a, g"
    single = cv.find_duplicates(m.loc[["M3", "M2", "M4", "M7"]])
    assert single.empty and single.columns.tolist() == ["person", "customer_id", "records", "record_ids"]
    with pytest.raises(ValueError, match="labels must be a Series with the same index as matches"):
        cv.find_duplicates(m, labels=pd.Series(["x"]))
    with pytest.raises(ValueError, match=r"matches has no column\(s\) \['email_key'\]"):
        cv.find_duplicates(m.drop(columns="email_key"))


def test_find_conflicts_lists_only_real_differences(master, records):
    m = cv.match_customers(records, master, name="who")
    conflicts = cv.find_conflicts(records, m, master, {"email": ("email", "email"), "name": ("who", "name"),
                                                       "phone": ("phone", "phone")})
    # R1: same e-mail after cleaning, same name; R2 (Bo) wrote from work: one e-mail conflict; R6 agrees
    assert conflicts.to_dict("records") == [{"record": "R2", "customer_id": "C2", "field": "email",
                                             "record_value": "bo@work.example", "master_value": "bo@x.example"}]
    labelled = cv.find_conflicts(records, m, master, {"email": ("email", "email")},
                                 labels=pd.Series(list("abcdefg"), index=records.index))
    assert labelled["record"].tolist() == ["b"]
    with pytest.raises(ValueError, match="labels must be a Series with the same index as records"):
        cv.find_conflicts(records, m, master, {"email": ("email", "email")}, labels=["b"])
    with pytest.raises(TypeError, match=r"fields\['email'\] must be a pair"):
        cv.find_conflicts(records, m, master, {"email": "email"})
    with pytest.raises(ValueError, match="matches must have the same index as records"):
        cv.find_conflicts(records.iloc[:2], m, master, {"email": ("email", "email")})
    with pytest.raises(TypeError, match="fields must be a non-empty dict"):
        cv.find_conflicts(records, m, master, {})


# --- summaries and the view ----------------------------------------------------------------------
@pytest.fixture()
def departments():
    orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O2", "O3"],
                           "order_date": ["2024-01-05", "2024-03-01", "2024-02-01"],
                           "amount": [100.0, 50.0, 20.0], "margin": [30.0, 10.0, 5.0]})
    tickets = pd.DataFrame({"customer_id": ["C2", "C2", None],
                            "opened_date": ["2024-02-03", "2024-04-01", "2024-01-01"],
                            "resolved": [True, False, True], "csat": [4.0, np.nan, 5.0],
                            "issue": ["delivery", "billing", "account"]})
    contacts = pd.DataFrame({"customer_id": ["C1", "C1", "C3"],
                             "created_date": ["2023-01-01", "2024-06-01", "2024-01-01"],
                             "opt_in": [True, False, True], "interest": ["Books", "Outdoor", "Office"],
                             "source": ["purchase", "event", "newsletter"]})
    return orders, tickets, contacts


def test_department_summaries_hand_worked(departments):
    orders, tickets, contacts = departments
    sales = cv.sales_summary(orders)
    assert sales.loc["C1", ["revenue", "margin"]].tolist() == [150.0, 40.0]
    assert sales.at["C1", "orders"] == 2 and sales.at["C1", "last_order"] == pd.Timestamp("2024-03-01")
    service = cv.service_summary(tickets)
    assert list(service.index) == ["C2"]                       # the unmatched ticket is not counted here
    assert service.loc["C2", ["tickets", "unresolved"]].tolist() == [2, 1] and service.at["C2", "mean_csat"] == 4.0
    marketing = cv.marketing_summary(contacts)
    assert marketing.at["C1", "records"] == 2
    assert not marketing.at["C1", "opt_in"] and marketing.at["C1", "interest"] == "Outdoor"   # latest entry wins
    assert marketing.at["C1", "first_entry"] == pd.Timestamp("2023-01-01")
    with pytest.raises(TypeError, match="Column 'resolved' of tickets must hold True/False"):
        cv.service_summary(tickets.assign(resolved=["yes", "no", "yes"]))
    with pytest.raises(TypeError, match="Column 'opt_in' of contacts must hold True/False"):
        cv.marketing_summary(contacts.assign(opt_in=[1, 0, None]))
    with pytest.raises(ValueError, match="orders has no column for amount='amount'"):
        cv.sales_summary(orders.drop(columns="amount"))


def test_customer_view_joins_prefixes_and_fills_counts(master, departments):
    orders, tickets, contacts = departments
    sections = {"sales": cv.sales_summary(orders), "service": cv.service_summary(tickets),
                "marketing": cv.marketing_summary(contacts)}
    view = cv.customer_view(master, sections)
    assert list(view.index) == ["C1", "C2", "C3", "C4"]
    assert view["service_tickets"].tolist() == [0, 2, 0, 0] and view["service_tickets"].dtype.kind == "i"
    assert view["in_sales"].tolist() == [True, True, False, False]
    assert view["in_marketing"].tolist() == [True, False, True, False]
    assert pd.isna(view.at["C3", "sales_revenue"]) and view.at["C1", "sales_revenue"] == 150.0
    coverage = cv.department_coverage(view)
    # revenue: C1 150, C2 20 -> service misses C1 (150 of 170), marketing misses C2 (20 of 170)
    assert coverage.loc["service", ["customers_known", "customers_missed"]].tolist() == [1, 3]
    assert coverage.at["service", "value_missed"] == pytest.approx(150 / 170)
    assert coverage.at["marketing", "value_missed"] == pytest.approx(20 / 170)
    assert coverage.at["sales", "share_missed"] == 0.5


def test_customer_view_refuses_to_lose_rows(master, departments):
    orders, _tickets, _contacts = departments
    stranger = cv.sales_summary(orders.assign(customer_id=["C1", "C1", "C9"]))
    with pytest.raises(ValueError, match=r"sections\['sales'\] has 1 customer id\(s\) that are not in customers"):
        cv.customer_view(master, {"sales": stranger})
    with pytest.raises(ValueError, match="Section names must be simple words"):
        cv.customer_view(master, {"the sales": cv.sales_summary(orders)})
    with pytest.raises(TypeError, match="sections must be a non-empty dict"):
        cv.customer_view(master, [])
    with pytest.raises(TypeError, match="departments must be a list of department names"):
        cv.department_coverage(cv.customer_view(master, {"sales": cv.sales_summary(orders)}), "sales")
    with pytest.raises(ValueError, match=r"view has no column for departments\['service'\]='in_service'"):
        cv.department_coverage(cv.customer_view(master, {"sales": cv.sales_summary(orders)}), ["service"])


def test_profile_and_history_of_one_customer(master, departments):
    orders, tickets, contacts = departments
    view = cv.customer_view(master, {"sales": cv.sales_summary(orders), "service": cv.service_summary(tickets)})
    prof = cv.profile(view, "C1")
    assert prof["section"].unique().tolist() == ["master", "sales", "service"]
    as_dict = prof.set_index(["section", "field"])["value"]
    assert as_dict[("sales", "revenue")] == 150.0 and as_dict[("sales", "last_order")] == "2024-03-01"
    assert as_dict[("service", "known to this department")] == False   # noqa: E712  (numpy bool)
    with pytest.raises(ValueError, match="customer_id 'C99' is not in the view; ids look like C1, C2, C3"):
        cv.profile(view, "C99")
    history = cv.customer_history("C2", orders=orders, tickets=tickets, contacts=contacts)
    assert history["event"].tolist() == ["order", "ticket: delivery (resolved)", "ticket: billing (unresolved)"]
    assert history["amount"].iloc[0] == 20.0 and history["amount"].iloc[1:].isna().all()
    assert cv.customer_history("C3", orders=orders, tickets=tickets, contacts=contacts)["department"].tolist() == [
        "marketing"]
    with pytest.raises(ValueError, match="customer_id 'C4' has no orders, tickets or list entries"):
        cv.customer_history("C4", orders=orders, tickets=tickets, contacts=contacts)


# --- the bundled files, charts and the widget ----------------------------------------------------
@pytest.fixture(scope="module")
def bundled_view():
    load = crm.datasets.load
    return cv.build_customer_view(load("customers"), load("orders"), load("service_tickets"),
                                  load("marketing_contacts"))


def test_bundled_view_accounts_for_every_record(bundled_view):
    report = bundled_view.match_report()
    assert report["service"].sum() == len(crm.datasets.load("service_tickets"))
    assert report["marketing"].sum() == len(crm.datasets.load("marketing_contacts"))
    table = bundled_view.table
    assert len(table) == len(crm.datasets.load("customers")) and table.index.is_unique
    orders = crm.datasets.load("orders")
    assert table["sales_revenue"].sum() == pytest.approx(orders["amount"].sum())
    matched = bundled_view.tickets["customer_id"].notna().sum()
    assert table["service_tickets"].sum() == matched == report.loc[["email", "phone"], "service"].sum()


def test_concept_charts_and_widget(bundled_view):
    import matplotlib.pyplot as plt

    report = bundled_view.match_report()
    ax = crm.plots.match_outcome_chart(report)
    share = report.loc[["email", "phone"]].sum() / report.sum()
    found = f"{share['service']:.0%} of service records and {share['marketing']:.0%} of marketing records"
    assert " ".join(ax.get_title().split()) == f"{found} found their customer"
    coverage = cv.department_coverage(bundled_view.table)
    ax = crm.plots.department_coverage_chart(coverage)
    worst = coverage["value_missed"].idxmax()
    missed = f"Alone, {worst} would miss {coverage.at[worst, 'share_missed']:.0%}"
    assert " ".join(ax.get_title().split()).startswith(missed)
    ids = crm.widgets.showcase_customers(bundled_view, 3)
    assert len(ids) == 3 and bundled_view.table.loc[ids, ["in_service", "in_marketing"]].all().all()
    revenue = bundled_view.table.loc[ids, "sales_revenue"]
    assert revenue.is_monotonic_decreasing
    history = bundled_view.history(ids[0])
    ax = crm.plots.customer_360_timeline(history)
    assert " ".join(ax.get_title().split()).startswith(f"{(history['department'] == 'sales').sum()} orders")
    box = crm.widgets.customer_360_explorer(bundled_view, ids)
    box.children[0].value = ids[1]
    with pytest.raises(ValueError, match="customer_ids must be customer ids of the view"):
        crm.widgets.customer_360_explorer(bundled_view, ["nobody"])
    with pytest.raises(TypeError, match="view must come from crm.customer_view.build_customer_view"):
        crm.widgets.showcase_customers(bundled_view.table)
    with pytest.raises(ValueError, match="report has unknown reason"):
        crm.plots.match_outcome_chart(pd.DataFrame({"service": [1]}, index=["maybe"]))
    plt.close("all")
