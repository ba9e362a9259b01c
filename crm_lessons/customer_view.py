"""The single customer view: join what sales, service and marketing each know.

Every department keeps its own records, typed its own way: service agents write
``" Anna.Adams@Mail.Example "`` and ``"Adams, Anna"``, marketing enters the same
person twice, and nobody shares a customer id. The steps to one view:

1. **Normalise the keys** (:func:`normalise_email`, :func:`normalise_phone`,
   :func:`normalise_name`) so that the same value is written the same way.
2. **Match** each department record to a customer (:func:`match_customers`): by
   e-mail first, then by phone when the names agree. Every record gets a ``reason``,
   so nothing is dropped silently; :func:`match_summary` counts them.
3. **Check** the result: people entered twice (:func:`find_duplicates`) and fields
   where a department disagrees with the customer master (:func:`find_conflicts`).
4. **Summarise each department per customer** (:func:`sales_summary`,
   :func:`service_summary`, :func:`marketing_summary`) and **join** them onto the
   customer list (:func:`customer_view`): one row per customer, the "360-degree" table.
5. **Look at one customer** (:func:`profile`, :func:`customer_history`) and measure
   what each department alone would miss (:func:`department_coverage`).

:func:`build_customer_view` runs all steps on the bundled files and returns a
:class:`SingleCustomerView`.

Examples
--------
>>> normalise_email(pd.Series([" Anna.Adams@Mail.Example "])).tolist()
['anna.adams@mail.example']
>>> normalise_name(pd.Series(["Adams,  ANNA"])).tolist()
['anna adams']
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_columns, require_dates, require_frame, require_numeric

__all__ = ["REASONS", "normalise_email", "normalise_phone", "normalise_name", "match_customers",
           "match_summary", "find_duplicates", "find_conflicts", "sales_summary", "service_summary",
           "marketing_summary", "customer_view", "department_coverage", "profile", "customer_history",
           "SingleCustomerView", "build_customer_view"]

#: Every outcome of :func:`match_customers`, in the order :func:`match_summary` lists them.
REASONS: dict[str, str] = {
    "email": "matched by e-mail",
    "phone": "no e-mail match; matched by phone and the name agrees",
    "phone_name_mismatch": "the phone belongs to a customer with another name: left for review",
    "phone_shared": "the phone belongs to several customers: left for review",
    "no_match": "has an e-mail or phone, but no customer has it",
    "no_key": "has neither e-mail nor phone",
}
_MATCHED = ("email", "phone")


# --- 1. keys -------------------------------------------------------------------------------------

def _text(values: Any, arg: str) -> pd.Series:
    """``values`` as a Series of text with missing values as NaN; rejects numbers."""
    if values is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass a pandas Series of text.")
    if not isinstance(values, pd.Series):
        raise TypeError(f"{arg} must be a pandas Series of text, got {type(values).__name__}.")
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        if values.notna().any():
            raise TypeError(f"{arg} must hold text, but it holds {values.dtype} values: store e-mails, "
                            "phones and names as text (numbers lose leading zeros).")
        return pd.Series(np.nan, index=values.index, dtype="str")
    if values.dtype == object:
        odd = values.map(lambda v: not (isinstance(v, str) or pd.isna(v)))
        if odd.any():
            raise TypeError(f"{arg} must hold text; found {type(values[odd].iloc[0]).__name__} "
                            f"value(s) such as {values[odd].iloc[0]!r}.")
    return values.astype("str")


def _blank_to_na(values: pd.Series) -> pd.Series:
    return values.where(values.str.len() > 0)


def normalise_email(values: pd.Series) -> pd.Series:
    """E-mail addresses as one canonical key: spaces trimmed, lower case; blanks become missing.

    Parameters
    ----------
    values : pandas.Series
        E-mail addresses as typed.

    Returns
    -------
    pandas.Series
        Same index; missing where no address was given.

    Examples
    --------
    >>> normalise_email(pd.Series([" Li.Wang@Web.Example", ""])).tolist()
    ['li.wang@web.example', nan]
    """
    text = _text(values, "values")
    return _blank_to_na(text.str.strip().str.lower())


def normalise_phone(values: pd.Series) -> pd.Series:
    """Phone numbers as digits only (``"0712 345 6780"`` -> ``"07123456780"``); blanks become missing.

    Examples
    --------
    >>> normalise_phone(pd.Series(["0712-345 6780", " "])).tolist()
    ['07123456780', nan]
    """
    text = _text(values, "values")
    return _blank_to_na(text.str.replace(r"\D", "", regex=True))


def _canonical_name(name: str) -> str:
    if "," in name:
        last, first = name.split(",", 1)
        name = f"{first} {last}"
    name = re.sub(r"[^\w' -]", " ", name.casefold())
    return " ".join(name.split())


def normalise_name(values: pd.Series) -> pd.Series:
    """Person names as one key: case-folded, "Last, First" turned into "first last", spaces collapsed.

    Examples
    --------
    >>> normalise_name(pd.Series(["Lopez, Sofia", "  SOFIA   LOPEZ "])).tolist()
    ['sofia lopez', 'sofia lopez']
    """
    text = _text(values, "values")
    return _blank_to_na(text.map(_canonical_name, na_action="ignore").astype("str"))


# --- 2. matching ---------------------------------------------------------------------------------

def _unique_lookup(keys: pd.Series, ids: pd.Series) -> tuple[dict[str, Any], set[str]]:
    """Key -> customer for keys held by one customer; and the set of keys held by several."""
    pairs = pd.DataFrame({"key": keys.to_numpy(), "id": ids.to_numpy()}).dropna(subset=["key"])
    owners = pairs.drop_duplicates().groupby("key")["id"]
    counts = owners.nunique()
    shared = set(counts.index[counts > 1])
    single = owners.first()[counts == 1]
    return dict(zip(single.index, single.to_numpy())), shared


def match_customers(records: pd.DataFrame, customers: pd.DataFrame, *, email: str = "email",
                    phone: str | None = "phone", name: str | None = None, customer: str = "customer_id",
                    customer_email: str = "email", customer_phone: str = "phone",
                    customer_name: str = "name") -> pd.DataFrame:
    """Match each department record to a customer: by e-mail, then by phone.

    Both sides are normalised first. A record whose e-mail belongs to a customer is
    matched by e-mail. Otherwise, if its phone belongs to exactly one customer, it is
    matched by phone, provided the names agree when ``name`` is given (a shared or
    recycled phone number would otherwise join two different people). Each record gets
    one ``reason`` from :data:`REASONS`.

    Parameters
    ----------
    records : pandas.DataFrame
        A department's records (service tickets, marketing contacts, ...).
    customers : pandas.DataFrame
        The customer master list, one row per customer.
    email, phone, name : str
        Columns of ``records``; ``phone=None`` matches on e-mail only and ``name=None``
        skips the name check on phone matches.
    customer, customer_email, customer_phone, customer_name : str
        Columns of ``customers``.

    Returns
    -------
    pandas.DataFrame
        Same index as ``records`` (so ``records.join(result)`` works), columns
        ``email_key``, ``phone_key``, ``customer`` (the matched id or missing),
        ``matched_by`` (``"email"``, ``"phone"`` or missing) and ``reason``.

    Examples
    --------
    >>> master = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Ann Lee", "Bo Kim"],
    ...                        "email": ["ann@x.example", "bo@x.example"], "phone": ["0711", "0722"]})
    >>> tickets = pd.DataFrame({"email": [" ANN@x.example", "bo@work.example", ""],
    ...                         "phone": [None, "07 22", None], "who": ["Lee, Ann", "Bo Kim", "Cy"]})
    >>> match_customers(tickets, master, name="who")[["customer_id", "reason"]].to_dict("list")
    {'customer_id': ['C1', 'C2', nan], 'reason': ['email', 'phone', 'no_key']}
    """
    recs = require_frame(records, "records", allow_empty=True)
    master = require_frame(customers, "customers")
    rec_cols = {"email": email} | ({"phone": phone} if phone is not None else {}) \
        | ({"name": name} if name is not None else {})
    require_columns(recs, rec_cols, "records")
    master_cols = {"customer": customer, "customer_email": customer_email}
    if phone is not None:
        master_cols["customer_phone"] = customer_phone
    if name is not None:
        master_cols["customer_name"] = customer_name
    require_columns(master, master_cols, "customers")
    ids = master[customer]
    if ids.isna().any() or ids.duplicated().any():
        raise ValueError(f"Column {customer!r} of customers must hold one unique id per row "
                         f"({int(ids.isna().sum())} missing, {int(ids.duplicated().sum())} repeated).")
    master_email = normalise_email(master[customer_email])
    dup = master_email.dropna()[master_email.dropna().duplicated()]
    if len(dup):
        raise ValueError(f"Column {customer_email!r} of customers gives the same e-mail to several customers "
                         f"after normalising (e.g. {dup.iloc[0]!r}); an e-mail must identify one customer. "
                         "Merge those customers first.")
    by_email, _ = _unique_lookup(master_email, ids)
    email_key = normalise_email(recs[email])
    found = email_key.map(by_email)
    reason = pd.Series(np.where(found.notna(), "email", "no_match"), index=recs.index, dtype=object)
    phone_key = normalise_phone(recs[phone]) if phone is not None else pd.Series(np.nan, index=recs.index,
                                                                                    dtype="str")
    if phone is not None:
        by_phone, shared = _unique_lookup(normalise_phone(master[customer_phone]), ids)
        todo = found.isna() & phone_key.notna()
        reason[todo & phone_key.isin(shared)] = "phone_shared"
        phone_hit = phone_key.where(todo).map(by_phone)
        if name is not None:
            master_names = pd.Series(normalise_name(master[customer_name]).to_numpy(), index=ids.to_numpy())
            record_names = normalise_name(recs[name])
            agree = (phone_hit.map(master_names) == record_names).fillna(False).astype(bool)
            reason[phone_hit.notna() & ~agree] = "phone_name_mismatch"
            phone_hit = phone_hit.where(agree)
        reason[phone_hit.notna()] = "phone"
        found = found.fillna(phone_hit)
    reason[email_key.isna() & phone_key.isna()] = "no_key"
    matched_by = reason.where(reason.isin(_MATCHED))
    return pd.DataFrame({"email_key": email_key, "phone_key": phone_key, customer: found.astype(object),
                         "matched_by": matched_by, "reason": reason}, index=recs.index)


def match_summary(matches: pd.DataFrame) -> pd.DataFrame:
    """How many records ended under each reason of :data:`REASONS` (zeros included).

    Returns
    -------
    pandas.DataFrame
        Indexed by reason: ``records``, ``share`` (of all records), ``matched`` (bool) and ``meaning``.

    Examples
    --------
    >>> m = pd.DataFrame({"reason": ["email", "email", "no_key"]})
    >>> match_summary(m)["records"].tolist()
    [2, 0, 0, 0, 0, 1]
    """
    frame = require_frame(matches, "matches", allow_empty=True)
    require_columns(frame, {"reason": "reason"}, "matches")
    unknown = sorted(set(frame["reason"].dropna()) - set(REASONS))
    if unknown or frame["reason"].isna().any():
        found = unknown or "missing values"
        raise ValueError(f"Column 'reason' of matches must hold only {list(REASONS)}; found {found}. "
                         "Pass the result of match_customers.")
    counts = frame["reason"].value_counts().reindex(list(REASONS), fill_value=0).astype(int)
    out = pd.DataFrame({"records": counts,
                        "share": counts / len(frame) if len(frame) else np.nan,
                        "matched": [r in _MATCHED for r in REASONS],
                        "meaning": list(REASONS.values())})
    out.index.name = "reason"
    return out


# --- 3. checks -----------------------------------------------------------------------------------

def _require_matches(matches: Any, customer: str) -> pd.DataFrame:
    frame = require_frame(matches, "matches", allow_empty=True)
    missing = [c for c in ("email_key", "phone_key", customer, "reason") if c not in frame.columns]
    if missing:
        raise ValueError(f"matches has no column(s) {missing}: pass the result of match_customers "
                         "(or records joined with it), and the same customer= name.")
    return frame


def find_duplicates(matches: pd.DataFrame, *, labels: pd.Series | None = None,
                    customer: str = "customer_id") -> pd.DataFrame:
    """People entered more than once in one department's records.

    Records are grouped by the customer they matched; unmatched records by their
    e-mail key, or their phone key when there is no e-mail. Records with neither key
    cannot be compared and are left out (they are counted as ``no_key`` in
    :func:`match_summary`).

    Parameters
    ----------
    matches : pandas.DataFrame
        The result of :func:`match_customers` (or the records joined with it).
    labels : pandas.Series, optional
        Record labels to list (e.g. ``contacts["contact_id"]``), aligned with ``matches``;
        the index labels by default.
    customer : str
        The customer id column of ``matches``.

    Returns
    -------
    pandas.DataFrame
        One row per person with two or more records: ``person`` (customer id, or
        ``email:...``/``phone:...`` for non-customers), ``customer`` (id or missing),
        ``records`` (count) and ``record_ids`` (comma-separated), most records first.

    Examples
    --------
    >>> m = pd.DataFrame({"email_key": ["a@x", "a@x", "b@x"], "phone_key": [None] * 3,
    ...                   "customer_id": ["C1", "C1", None], "matched_by": ["email", "email", None],
    ...                   "reason": ["email", "email", "no_match"]}, index=["M1", "M2", "M3"])
    >>> find_duplicates(m)[["person", "records", "record_ids"]].to_dict("records")
    [{'person': 'C1', 'records': 2, 'record_ids': 'M1, M2'}]
    """
    frame = _require_matches(matches, customer)
    cust = customer
    if labels is None:
        names = pd.Series(frame.index.astype(str), index=frame.index)
    else:
        if not isinstance(labels, pd.Series) or not labels.index.equals(frame.index):
            raise ValueError("labels must be a Series with the same index as matches, e.g. contacts['contact_id'].")
        names = labels.astype(str)
    by_email = ("email:" + frame["email_key"].astype("str")).astype(object)
    by_phone = ("phone:" + frame["phone_key"].astype("str")).astype(object)
    person = frame[cust].astype(object).where(frame[cust].notna(), by_email)
    person = person.where(person.notna(), by_phone)
    table = pd.DataFrame({"person": person, "customer": frame[cust], "label": names}).dropna(subset=["person"])
    table = table[table["person"].duplicated(keep=False)].sort_values(["person", "label"], kind="stable")
    groups = table.groupby("person", sort=True)
    out = pd.DataFrame({"customer": groups["customer"].first(), "records": groups.size(),
                        "record_ids": groups["label"].agg(", ".join)})
    out = out.reset_index().rename(columns={"customer": cust})
    out["records"] = out["records"].astype(int)
    return out.sort_values(["records", "person"], ascending=[False, True], kind="stable").reset_index(drop=True)


_NORMALISERS = {"email": normalise_email, "phone": normalise_phone, "name": normalise_name}


def find_conflicts(records: pd.DataFrame, matches: pd.DataFrame, customers: pd.DataFrame,
                   fields: Mapping[str, tuple[str, str]], *, customer: str = "customer_id",
                   labels: pd.Series | None = None) -> pd.DataFrame:
    """Fields where a matched record disagrees with the customer master.

    Parameters
    ----------
    records : pandas.DataFrame
        The department's records.
    matches : pandas.DataFrame
        :func:`match_customers` on those records.
    customers : pandas.DataFrame
        The customer master list.
    fields : mapping
        Label -> (column in records, column in customers). Labels ``"email"``,
        ``"phone"`` and ``"name"`` compare with the matching normaliser; other labels
        compare trimmed, case-folded text. A missing value on either side is a gap, not
        a conflict, and is not listed.
    customer : str
        Customer id column of ``customers`` and of ``matches``.
    labels : pandas.Series, optional
        Record labels to show (e.g. ``tickets["ticket_id"]``), aligned with ``records``;
        the index labels by default.

    Returns
    -------
    pandas.DataFrame
        One row per conflict: ``record`` (label), ``customer``, ``field``,
        ``record_value`` and ``master_value``.

    Examples
    --------
    >>> master = pd.DataFrame({"customer_id": ["C1"], "email": ["ann@x.example"], "phone": ["0711"],
    ...                        "name": ["Ann Lee"]})
    >>> recs = pd.DataFrame({"email": ["ann@work.example"], "phone": ["0711"]})
    >>> m = match_customers(recs, master)
    >>> find_conflicts(recs, m, master, {"email": ("email", "email")})[["field", "record_value"]].to_dict("list")
    {'field': ['email'], 'record_value': ['ann@work.example']}
    """
    recs = require_frame(records, "records", allow_empty=True)
    frame = _require_matches(matches, customer)
    master = require_frame(customers, "customers")
    cust = customer
    if not frame.index.equals(recs.index):
        raise ValueError("matches must have the same index as records: pass match_customers(records, ...).")
    if not isinstance(fields, Mapping) or not fields:
        raise TypeError("fields must be a non-empty dict such as {'email': ('customer_email', 'email')}.")
    if labels is not None and (not isinstance(labels, pd.Series) or not labels.index.equals(recs.index)):
        raise ValueError("labels must be a Series with the same index as records, e.g. tickets['ticket_id'].")
    names = pd.Series(recs.index, index=recs.index) if labels is None else labels
    require_columns(master, {"customer": customer}, "customers")
    lookup = master.set_index(customer)
    matched = frame[cust].notna()
    rows = []
    for label, pair in fields.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"fields[{label!r}] must be a pair (records column, customers column), got {pair!r}.")
        rec_col, master_col = pair
        require_columns(recs, {f"fields[{label!r}]": rec_col}, "records")
        require_columns(master, {f"fields[{label!r}]": master_col}, "customers")
        norm = _NORMALISERS.get(label, lambda s: _blank_to_na(_text(s, "values").str.strip().str.casefold()))
        mine = norm(recs.loc[matched, rec_col])
        theirs = norm(lookup[master_col]).reindex(frame.loc[matched, cust].to_numpy())
        theirs.index = mine.index
        differ = mine.notna() & theirs.notna() & (mine != theirs)
        for idx in mine.index[differ.to_numpy()]:
            rows.append({"record": names[idx], cust: frame.at[idx, cust], "field": label,
                         "record_value": recs.at[idx, rec_col],
                         "master_value": lookup.at[frame.at[idx, cust], master_col]})
    return pd.DataFrame(rows, columns=["record", cust, "field", "record_value", "master_value"])


# --- 4. per-department summaries and the joined view ---------------------------------------------

def _with_customer(frame: Any, arg: str, customer: str, columns: dict[str, str]) -> pd.DataFrame:
    data = require_frame(frame, arg, allow_empty=True)
    require_columns(data, {"customer": customer, **columns}, arg)
    return data[data[customer].notna()]


def sales_summary(orders: pd.DataFrame, *, customer: str = "customer_id", order: str = "order_id",
                  date: str = "order_date", amount: str = "amount", margin: str | None = "margin") -> pd.DataFrame:
    """What sales knows per customer: orders, revenue, margin, first and last order date.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``orders`` (distinct order ids, int), ``revenue``, ``margin``
        (when given), ``first_order`` and ``last_order``.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": [1, 2], "amount": [10.0, 5.0],
    ...                   "order_date": ["2024-01-01", "2024-02-01"], "margin": [3.0, 1.0]})
    >>> sales_summary(o)[["orders", "revenue"]].to_dict("records")
    [{'orders': 2, 'revenue': 15.0}]
    """
    cols = {"order": order, "date": date, "amount": amount} | ({"margin": margin} if margin else {})
    data = _with_customer(orders, "orders", customer, cols)
    values = pd.DataFrame({"customer": data[customer], "order": data[order],
                           "date": require_dates(data, date, "orders"),
                           "revenue": require_numeric(data, amount, "orders")})
    if margin:
        values["margin"] = require_numeric(data, margin, "orders")
    groups = values.groupby("customer", sort=True)
    out = pd.DataFrame({"orders": groups["order"].nunique().astype(int), "revenue": groups["revenue"].sum()})
    if margin:
        out["margin"] = groups["margin"].sum()
    out["first_order"] = groups["date"].min()
    out["last_order"] = groups["date"].max()
    out.index.name = customer
    return out


def service_summary(tickets: pd.DataFrame, *, customer: str = "customer_id", date: str = "opened_date",
                    resolved: str = "resolved", csat: str | None = "csat") -> pd.DataFrame:
    """What service knows per customer: tickets, unresolved tickets, last ticket, mean satisfaction.

    ``tickets`` must carry the matched customer id (e.g. ``tickets.join(matches)``);
    tickets without one (prospects, unmatched) are not counted here: their number is
    in :func:`match_summary`.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``tickets`` (int), ``unresolved`` (int), ``last_ticket`` and,
        when ``csat`` is given, ``mean_csat`` (missing when never rated).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["C1", "C1", None], "opened_date": ["2024-01-01"] * 3,
    ...                   "resolved": [True, False, True], "csat": [4, None, 5]})
    >>> service_summary(t)[["tickets", "unresolved", "mean_csat"]].to_dict("records")
    [{'tickets': 2, 'unresolved': 1, 'mean_csat': 4.0}]
    """
    data = _with_customer(tickets, "tickets", customer,
                          {"date": date, "resolved": resolved} | ({"csat": csat} if csat else {}))
    flags = data[resolved]
    if not pd.api.types.is_bool_dtype(flags) or flags.isna().any():
        raise TypeError(f"Column {resolved!r} of tickets must hold True/False for every ticket, got {flags.dtype}.")
    values = pd.DataFrame({"customer": data[customer], "date": require_dates(data, date, "tickets"),
                           "unresolved": (~flags.astype(bool)).astype(int)})
    if csat:
        values["csat"] = require_numeric(data, csat, "tickets", allow_missing=True)
    groups = values.groupby("customer", sort=True)
    out = pd.DataFrame({"tickets": groups.size().astype(int), "unresolved": groups["unresolved"].sum().astype(int),
                        "last_ticket": groups["date"].max()})
    if csat:
        out["mean_csat"] = groups["csat"].mean()
    out.index.name = customer
    return out


def marketing_summary(contacts: pd.DataFrame, *, customer: str = "customer_id", date: str = "created_date",
                      opt_in: str = "opt_in", interest: str | None = "interest") -> pd.DataFrame:
    """What marketing knows per customer: list entries, first entry, and the latest opt-in and interest.

    ``contacts`` must carry the matched customer id (e.g. ``contacts.join(matches)``).
    When a person was entered more than once, the most recent entry gives ``opt_in``
    and ``interest`` and ``records`` says how many entries there were.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``records`` (int), ``first_entry``, ``opt_in`` (bool) and ``interest``.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["C1", "C1"], "created_date": ["2023-01-01", "2024-01-01"],
    ...                   "opt_in": [True, False], "interest": ["Books", "Outdoor"]})
    >>> marketing_summary(c)[["records", "opt_in", "interest"]].to_dict("records")
    [{'records': 2, 'opt_in': False, 'interest': 'Outdoor'}]
    """
    data = _with_customer(contacts, "contacts", customer,
                          {"date": date, "opt_in": opt_in} | ({"interest": interest} if interest else {}))
    flags = data[opt_in]
    if not pd.api.types.is_bool_dtype(flags) or flags.isna().any():
        raise TypeError(f"Column {opt_in!r} of contacts must hold True/False for every entry, got {flags.dtype}.")
    values = pd.DataFrame({"customer": data[customer], "date": require_dates(data, date, "contacts"),
                           "opt_in": flags.astype(bool)})
    if interest:
        values["interest"] = data[interest]
    latest = values.sort_values(["customer", "date"], kind="stable").groupby("customer", sort=True).last()
    groups = values.groupby("customer", sort=True)
    out = pd.DataFrame({"records": groups.size().astype(int), "first_entry": groups["date"].min(),
                        "opt_in": latest["opt_in"].astype(bool)})
    if interest:
        out["interest"] = latest["interest"]
    out.index.name = customer
    return out


def customer_view(customers: pd.DataFrame, sections: Mapping[str, pd.DataFrame], *,
                  customer: str = "customer_id") -> pd.DataFrame:
    """One row per customer: the master data joined with every department's summary.

    Parameters
    ----------
    customers : pandas.DataFrame
        The customer master list (one row per customer).
    sections : mapping
        Department name -> per-customer summary indexed by customer id, e.g.
        ``{"sales": sales_summary(...), "service": service_summary(...)}``.
    customer : str
        Customer id column of ``customers``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id, in the order of ``customers``. Each section's columns are
        prefixed with its name (``sales_revenue``, ``service_tickets``, ...) and a boolean
        ``in_<section>`` says whether that department knows the customer. Count columns
        (integer dtype) are 0 for customers a department does not know; other columns are
        missing there.

    Raises
    ------
    ValueError
        If a section holds customer ids that are not in ``customers`` (they would
        silently vanish in the join).

    Examples
    --------
    >>> master = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Ann", "Bo"]})
    >>> service = pd.DataFrame({"tickets": [3]}, index=pd.Index(["C2"], name="customer_id"))
    >>> customer_view(master, {"service": service})[["service_tickets", "in_service"]].to_dict("list")
    {'service_tickets': [0, 3], 'in_service': [False, True]}
    """
    master = require_frame(customers, "customers")
    require_columns(master, {"customer": customer}, "customers")
    ids = master[customer]
    if ids.isna().any() or ids.duplicated().any():
        raise ValueError(f"Column {customer!r} of customers must hold one unique id per row.")
    if not isinstance(sections, Mapping) or not sections:
        raise TypeError("sections must be a non-empty dict such as {'sales': sales_summary(orders)}.")
    view = master.set_index(customer)
    for section, table in sections.items():
        if not isinstance(section, str) or not section.isidentifier():
            raise ValueError(f"Section names must be simple words such as 'sales', got {section!r}.")
        summary = require_frame(table, f"sections[{section!r}]", allow_empty=True)
        unknown = summary.index.difference(view.index)
        if len(unknown):
            raise ValueError(f"sections[{section!r}] has {len(unknown)} customer id(s) that are not in customers "
                             f"(e.g. {list(map(str, unknown[:3]))}); add them to the master list or drop them "
                             "explicitly first.")
        if summary.index.duplicated().any():
            raise ValueError(f"sections[{section!r}] must have one row per customer id (its index).")
        prefixed = summary.add_prefix(f"{section}_").reindex(view.index)
        for col in summary.columns:
            if pd.api.types.is_integer_dtype(summary[col]) and not pd.api.types.is_bool_dtype(summary[col]):
                prefixed[f"{section}_{col}"] = prefixed[f"{section}_{col}"].fillna(0).astype(int)
        clash = set(prefixed.columns) & set(view.columns)
        if clash:
            raise ValueError(f"Column name(s) {sorted(clash)} appear twice; rename the section {section!r}.")
        view = view.join(prefixed)
        view[f"in_{section}"] = view.index.isin(summary.index)
    return view


def department_coverage(view: pd.DataFrame, departments: Sequence[str] = ("sales", "service", "marketing"), *,
                        value: str = "sales_revenue") -> pd.DataFrame:
    """What each department alone would miss: customers it does not know and the value they hold.

    Parameters
    ----------
    view : pandas.DataFrame
        The result of :func:`customer_view` (needs ``in_<department>`` columns).
    departments : sequence of str
        Departments to compare.
    value : str
        Column measuring each customer's value (e.g. revenue, EUR).

    Returns
    -------
    pandas.DataFrame
        Indexed by department: ``customers_known``, ``customers_missed``, ``share_missed``
        (of all customers) and ``value_missed`` (share of total ``value`` held by the missed customers).

    Examples
    --------
    >>> v = pd.DataFrame({"in_service": [True, False, False], "sales_revenue": [10.0, 30.0, 60.0]})
    >>> department_coverage(v, ["service"]).loc["service"].to_dict()["value_missed"]
    0.9
    """
    frame = require_frame(view, "view")
    if isinstance(departments, str) or not isinstance(departments, Sequence) or not departments:
        raise TypeError("departments must be a list of department names such as ['sales', 'service'].")
    require_columns(frame, {f"departments[{d!r}]": f"in_{d}" for d in departments}, "view")
    require_columns(frame, {"value": value}, "view")
    worth = require_numeric(frame, value, "view", allow_missing=True).fillna(0.0)
    rows = {}
    for dept in departments:
        known = frame[f"in_{dept}"].astype(bool)
        rows[dept] = {"customers_known": int(known.sum()), "customers_missed": int((~known).sum()),
                      "share_missed": float((~known).mean()),
                      "value_missed": float(worth[~known].sum() / worth.sum()) if worth.sum() > 0 else np.nan}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "department"
    return out


# --- 5. one customer -----------------------------------------------------------------------------

def profile(view: pd.DataFrame, customer_id: Any) -> pd.DataFrame:
    """The 360-degree profile of one customer: every field of the view, grouped by department.

    Parameters
    ----------
    view : pandas.DataFrame
        The result of :func:`customer_view`.
    customer_id : str
        A customer id (an index label of ``view``).

    Returns
    -------
    pandas.DataFrame
        Columns ``section`` (``"master"`` or a department), ``field`` and ``value``.

    Examples
    --------
    >>> master = pd.DataFrame({"customer_id": ["C1"], "name": ["Ann"]})
    >>> service = pd.DataFrame({"tickets": [3]}, index=pd.Index(["C1"], name="customer_id"))
    >>> profile(customer_view(master, {"service": service}), "C1")["section"].tolist()
    ['master', 'service', 'service']
    """
    frame = require_frame(view, "view")
    if customer_id is Ellipsis or customer_id not in frame.index:
        examples = ", ".join(map(str, frame.index[:3]))
        raise ValueError(f"customer_id {customer_id!r} is not in the view; ids look like {examples}.")
    sections = [c[3:] for c in frame.columns if c.startswith("in_")]
    row = frame.loc[customer_id]
    records = []
    for col in frame.columns:
        owner = next((s for s in sections if col.startswith(f"{s}_") or col == f"in_{s}"), "master")
        field = "known to this department" if col == f"in_{owner}" else col.removeprefix(f"{owner}_")
        value = row[col]
        if isinstance(value, pd.Timestamp):
            value = value.strftime("%Y-%m-%d")
        records.append((owner, field, value))
    out = pd.DataFrame(records, columns=["section", "field", "value"])
    order = {s: i for i, s in enumerate(["master", *sections])}
    return out.sort_values("section", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def customer_history(customer_id: Any, *, orders: pd.DataFrame, tickets: pd.DataFrame,
                     contacts: pd.DataFrame, customer: str = "customer_id", order_date: str = "order_date",
                     amount: str = "amount", ticket_date: str = "opened_date", ticket_label: str = "issue",
                     resolved: str = "resolved", contact_date: str = "created_date",
                     contact_label: str = "source") -> pd.DataFrame:
    """Every dated event of one customer across sales, service and marketing, oldest first.

    ``tickets`` and ``contacts`` must carry the matched customer id (``records.join(matches)``).

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``department``, ``event`` and ``amount`` (EUR for orders, missing otherwise).

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["C1"], "order_date": ["2024-02-01"], "amount": [20.0]})
    >>> t = pd.DataFrame({"customer_id": ["C1"], "opened_date": ["2024-02-05"], "issue": ["delivery"],
    ...                   "resolved": [False]})
    >>> c = pd.DataFrame({"customer_id": ["C1"], "created_date": ["2024-01-01"], "source": ["event"]})
    >>> customer_history("C1", orders=o, tickets=t, contacts=c)["event"].tolist()
    ['list entry (event)', 'order', 'ticket: delivery (unresolved)']
    """
    specs = [
        ("orders", orders, "sales", {"date": order_date, "amount": amount}),
        ("tickets", tickets, "service", {"date": ticket_date, "label": ticket_label, "resolved": resolved}),
        ("contacts", contacts, "marketing", {"date": contact_date, "label": contact_label}),
    ]
    parts = []
    for arg, frame, dept, cols in specs:
        data = require_frame(frame, arg, allow_empty=True)
        require_columns(data, {"customer": customer, **cols}, arg)
        mine = data[(data[customer] == customer_id).fillna(False).to_numpy(dtype=bool)]
        if mine.empty:
            continue
        money = pd.Series(np.nan, index=mine.index)
        if dept == "sales":
            event = pd.Series("order", index=mine.index)
            money = require_numeric(mine, amount, arg)
        elif dept == "service":
            state = pd.Series(np.where(mine[resolved].astype(bool), "resolved", "unresolved"), index=mine.index)
            event = "ticket: " + mine[ticket_label].astype(str) + " (" + state + ")"
        else:
            event = "list entry (" + mine[contact_label].astype(str) + ")"
        parts.append(pd.DataFrame({"date": require_dates(mine, cols["date"], arg).to_numpy(), "department": dept,
                                   "event": event.to_numpy(dtype=object), "amount": money.to_numpy(dtype=float)}))
    if not parts:
        raise ValueError(f"customer_id {customer_id!r} has no orders, tickets or list entries.")
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "department"], kind="stable").reset_index(drop=True)


@dataclass
class SingleCustomerView:
    """The joined customer view with the matched department records behind it.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per customer (:func:`customer_view`).
    orders, tickets, contacts : pandas.DataFrame
        The department records; ``tickets`` and ``contacts`` joined with their matches.
    """

    table: pd.DataFrame
    orders: pd.DataFrame
    tickets: pd.DataFrame
    contacts: pd.DataFrame

    def match_report(self) -> pd.DataFrame:
        """Records per match reason for service and marketing, side by side."""
        return pd.DataFrame({"service": match_summary(self.tickets)["records"],
                             "marketing": match_summary(self.contacts)["records"]})

    def profile(self, customer_id: Any) -> pd.DataFrame:
        """The 360-degree profile of one customer (see :func:`profile`)."""
        return profile(self.table, customer_id)

    def history(self, customer_id: Any) -> pd.DataFrame:
        """Every dated event of one customer (see :func:`customer_history`)."""
        return customer_history(customer_id, orders=self.orders, tickets=self.tickets, contacts=self.contacts)


def build_customer_view(customers: pd.DataFrame, orders: pd.DataFrame, tickets: pd.DataFrame,
                        contacts: pd.DataFrame) -> SingleCustomerView:
    """Run every step on the bundled files (``customers``, ``orders``, ``service_tickets``, ``marketing_contacts``).

    Tickets match on ``customer_email``/``phone`` with the name check on
    ``customer_name``; marketing contacts on ``email``/``phone`` with ``full_name``.
    For other files, call the steps one by one.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> view = build_customer_view(*(crm.datasets.load(n) for n in
    ...        ["customers", "orders", "service_tickets", "marketing_contacts"]))
    >>> len(view.table) == len(crm.datasets.load("customers"))
    True
    """
    ticket_matches = match_customers(tickets, customers, email="customer_email", name="customer_name")
    contact_matches = match_customers(contacts, customers, email="email", name="full_name")
    tickets_ = tickets.join(ticket_matches)
    contacts_ = contacts.join(contact_matches)
    table = customer_view(customers, {"sales": sales_summary(orders), "service": service_summary(tickets_),
                                      "marketing": marketing_summary(contacts_)})
    return SingleCustomerView(table, orders, tickets_, contacts_)
