"""Steps 1-3 of the single customer view: normalise the keys, match records to customers, check."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_columns, require_frame
from ..i18n import tr

__all__ = ["REASONS", "normalise_email", "normalise_phone", "normalise_name", "match_customers",
           "match_summary", "find_duplicates", "find_conflicts"]

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
        raise TypeError(tr("{arg} is still `...`: pass a pandas Series of text.", arg=arg))
    if not isinstance(values, pd.Series):
        raise TypeError(tr("{arg} must be a pandas Series of text, got {type_name}.",
                           arg=arg, type_name=type(values).__name__))
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        if values.notna().any():
            raise TypeError(tr("{arg} must hold text, but it holds {dtype} values: store e-mails, phones and names "
                               "as text (numbers lose leading zeros).", arg=arg, dtype=values.dtype))
        return pd.Series(np.nan, index=values.index, dtype="str")
    if values.dtype == object:
        odd = values.map(lambda v: not (isinstance(v, str) or pd.isna(v)))
        if odd.any():
            raise TypeError(tr("{arg} must hold text; found {type_name} value(s) such as {example!r}.",
                               arg=arg, type_name=type(values[odd].iloc[0]).__name__, example=values[odd].iloc[0]))
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
        raise ValueError(tr("Column {customer!r} of customers must hold one unique id per row ({missing} missing, "
                            "{repeated} repeated).",
                            customer=customer, missing=int(ids.isna().sum()), repeated=int(ids.duplicated().sum())))
    master_email = normalise_email(master[customer_email])
    dup = master_email.dropna()[master_email.dropna().duplicated()]
    if len(dup):
        raise ValueError(tr("Column {customer_email!r} of customers gives the same e-mail to several customers after "
                            "normalising (e.g. {example!r}); an e-mail must identify one customer. Merge those "
                            "customers first.", customer_email=customer_email, example=dup.iloc[0]))
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
        raise ValueError(tr("Column 'reason' of matches must hold only {reasons}; found {found}. Pass the result of "
                            "match_customers.", reasons=list(REASONS), found=found))
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
        raise ValueError(tr("matches has no column(s) {missing}: pass the result of match_customers (or records "
                            "joined with it), and the same customer= name.", missing=missing))
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
            raise ValueError(tr("labels must be a Series with the same index as matches, e.g. contacts['contact_id']."))
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
        raise ValueError(tr("matches must have the same index as records: pass match_customers(records, ...)."))
    if not isinstance(fields, Mapping) or not fields:
        raise TypeError(tr("fields must be a non-empty dict such as {'email': ('customer_email', 'email')}."))
    if labels is not None and (not isinstance(labels, pd.Series) or not labels.index.equals(recs.index)):
        raise ValueError(tr("labels must be a Series with the same index as records, e.g. tickets['ticket_id']."))
    names = pd.Series(recs.index, index=recs.index) if labels is None else labels
    require_columns(master, {"customer": customer}, "customers")
    lookup = master.set_index(customer)
    matched = frame[cust].notna()
    rows = []
    for label, pair in fields.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(tr("fields[{label!r}] must be a pair (records column, customers column), got {pair!r}.",
                               label=label, pair=pair))
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


