"""Data-mining models for CRM: churn, targeting by score, cross-selling.

The database-marketing process runs from a customer database to a behavioural
feature set, a model, a campaign built on the model, its evaluation and its
monitoring. This module holds the steps that need care:

- :func:`churn_labels` defines churn on an order log with an *observation
  window* (the past, where features come from) and a later *outcome window*
  (the future, where the label comes from), and refuses windows that overlap;
- :func:`churn_features` builds the customer feature set from the observation
  window only: RFM, tenure, service tickets (matched on the normalised e-mail),
  campaign contact and response, and any customer attributes;
- :func:`churn_pipeline`, :func:`fit_churn_models`, :func:`split_customers`,
  :func:`model_scores`, :func:`confusion_table`, :func:`logistic_drivers` and
  :func:`permutation_drivers` train, evaluate and explain scikit-learn models;
- :func:`gains_table` is the decile gains / lift table used to judge and target
  by a score; :func:`targeting_plan` and :func:`targeting_summary` make the
  budget-constrained retention decision;
- :func:`cross_sell_frame` prepares "will this customer buy category X next?"
  and :func:`rule_scores` scores customers with association rules for comparison.

scikit-learn is imported inside the functions that need it, so importing this
module stays fast.

Examples
--------
>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B", "C"], "order_id": [1, 2, 3, 4],
...                    "order_date": ["2024-01-10", "2024-07-05", "2024-02-01", "2024-08-01"]})
>>> churn_labels(tx, observation=("2024-01-01", "2024-06-30"),
...              outcome=("2024-07-01", "2024-07-31"))["churned"].to_dict()
{'A': 0, 'B': 1}
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import require_columns, require_frame, require_probability, require_timestamp

__all__ = ["churn_labels", "churn_features", "split_customers", "churn_pipeline", "fit_churn_models",
           "model_scores", "confusion_table", "logistic_drivers", "permutation_drivers", "gains_table",
           "targeting_plan", "targeting_summary", "cross_sell_frame", "rule_scores"]

#: Names of the two models :func:`fit_churn_models` trains, in order.
MODEL_NAMES = {"logistic": "logistic regression", "forest": "random forest"}


# --------------------------------------------------------------------------------------------
# Small validators
# --------------------------------------------------------------------------------------------


def _window(value: Any, arg: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(f"{arg} must be a pair of dates (first day, last day), e.g. "
                        f"('2023-07-01', '2024-06-30'); got {value!r}.")
    start, end = require_timestamp(value[0], f"{arg}[0]", example="2024-06-30"), require_timestamp(value[1], f"{arg}[1]", example="2024-06-30")
    if end < start:
        raise ValueError(f"{arg} ends ({end.date()}) before it starts ({start.date()}): "
                         "give (first day, last day).")
    return start, end


def _windows(observation: Any, outcome: Any) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    obs_start, obs_end = _window(observation, "observation")
    out_start, out_end = _window(outcome, "outcome")
    if out_start <= obs_end:
        raise ValueError(
            f"The outcome window starts on {out_start.date()}, but the observation window runs until "
            f"{obs_end.date()}: the windows overlap, so the features would already see part of the outcome "
            "(leakage). Start the outcome window after the observation window ends, e.g. "
            f"outcome=('{(obs_end + pd.Timedelta(days=1)).date()}', ...).")
    return obs_start, obs_end, out_start, out_end


def _dates(frame: pd.DataFrame, column: str, arg: str) -> pd.Series:
    series = frame[column]
    parsed = series if pd.api.types.is_datetime64_any_dtype(series) else pd.to_datetime(
        series, errors="coerce", format="ISO8601")
    bad = parsed.isna()
    if bad.any():
        sample = series[bad].astype(str).head(3).tolist()
        raise ValueError(f"Column {column!r} of {arg} has {int(bad.sum())} missing or unreadable date(s), "
                         f"e.g. {sample}. Use ISO dates like 2024-01-31.")
    return parsed.dt.normalize()


def _column_names(**names: Any) -> None:
    for arg, name in names.items():
        if not isinstance(name, str):
            raise TypeError(f"{arg} must be a column name (str), got {type(name).__name__}.")


def _binary(values: Any, arg: str) -> tuple[np.ndarray, pd.Index | None]:
    """0/1 integer array from a Series/array/list of 0/1 or booleans."""
    if values is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass the 0/1 outcome of each customer.")
    index = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{arg} must be one column of 0/1 values (a Series or list), got a DataFrame.")
    arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    arr = arr.ravel()
    if arr.size == 0:
        raise ValueError(f"{arg} is empty.")
    if arr.dtype.kind in "biuf":
        ok = np.isin(arr, [0, 1])
    else:
        ok = np.array([isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, float, np.integer, np.floating))
                                                           and v in (0, 1)) for v in arr], dtype=bool)
    if not ok.all():
        bad = sorted({repr(v.item() if isinstance(v, np.generic) else v) for v in arr[~ok]})[:3]
        raise ValueError(f"{arg} must hold only 0/1 (or False/True) labels, but it also holds {', '.join(bad)}. "
                         "Code the outcome as 1 = event (e.g. churned, responded) and 0 = no event.")
    return arr.astype(float).astype(int), index


def _scores(values: Any, arg: str) -> tuple[np.ndarray, pd.Index | None]:
    if values is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass one model score per customer.")
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{arg} must be one column of numbers (a Series, array or list), got a DataFrame.")
    index = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, pd.Series) and (pd.api.types.is_bool_dtype(values)
                                          or not pd.api.types.is_numeric_dtype(values)):
        raise TypeError(f"{arg} must hold numbers, but it holds {values.dtype} values.")
    try:
        arr = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{arg} must be a list, array or Series of numbers.") from None
    if arr.size == 0:
        raise ValueError(f"{arg} is empty.")
    if not np.isfinite(arr).all():
        raise ValueError(f"{arg} has {int((~np.isfinite(arr)).sum())} missing or infinite value(s); "
                         "every customer needs a score.")
    return arr, index


def _paired(y_true: Any, score: Any) -> tuple[np.ndarray, np.ndarray]:
    y, y_index = _binary(y_true, "y_true")
    s, s_index = _scores(score, "score")
    if len(y) != len(s):
        raise ValueError(f"y_true and score must have the same length (one label and one score per customer), "
                         f"got {len(y)} labels and {len(s)} scores.")
    if y_index is not None and s_index is not None and not y_index.equals(s_index):
        if set(y_index) != set(s_index):
            raise ValueError("y_true and score are Series with different customers in their index; "
                             "align them first, e.g. score.loc[y_true.index].")
        s = pd.Series(s, index=s_index).loc[y_index].to_numpy()
    return y, s


def _non_negative(value: Any, arg: str) -> float:
    if value is Ellipsis or isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{arg} must be a number, got {type(value).__name__}.")
    value = float(value)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{arg} must be zero or more, got {value:g}.")
    return value


def _random_state(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"random_state must be an int (the seed that makes the result repeatable), "
                        f"got {type(value).__name__}.")
    return int(value)


# --------------------------------------------------------------------------------------------
# Churn label and features
# --------------------------------------------------------------------------------------------
def churn_labels(tx: pd.DataFrame, observation: Sequence[Any], outcome: Sequence[Any], *,
                 customer: str = "customer_id", date: str = "order_date",
                 order: str | None = "order_id") -> pd.DataFrame:
    """Label each customer active in the observation window as churned (1) or retained (0).

    A customer is in the population when they ordered at least once in the
    observation window. They *churned* when they place no order in the later
    outcome window. Features must come only from the observation window (or
    earlier); the label only from the outcome window. The two windows may not
    overlap, otherwise the model would be fed the answer (leakage).

    Parameters
    ----------
    tx : DataFrame
        Order log (one row per order or per order line).
    observation, outcome : pair of dates
        ``(first day, last day)`` of each window, both days included. The
        outcome window must start after the observation window ends; its first
        day is the *cut-off* date. It should lie within the data: a window that
        runs past the last order date makes everybody look churned.
    customer, date : str
        Columns with the customer id and the order date.
    order : str or None
        Column with the order id (orders are counted as distinct ids); ``None``
        counts rows.

    Returns
    -------
    DataFrame
        Indexed by customer: ``orders_observation``, ``orders_outcome`` and
        ``churned`` (1 = no order in the outcome window). ``attrs`` records the
        windows and ``attrs["excluded"]``, the number of customers in ``tx``
        left out because they did not order in the observation window.

    Raises
    ------
    ValueError
        If the windows overlap, a window is reversed, the outcome window ends
        after the last date in ``tx``, or a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3],
    ...                    "order_date": ["2024-03-01", "2024-07-20", "2024-04-01"]})
    >>> churn_labels(tx, ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-07-20"))
    ... # doctest: +NORMALIZE_WHITESPACE
                 orders_observation  orders_outcome  churned
    customer_id
    A                             1               1        0
    B                             1               0        1
    """
    tx = require_frame(tx, "tx")
    _column_names(customer=customer, date=date)
    cols = {"customer": customer, "date": date}
    if order is not None:
        _column_names(order=order)
        cols["order"] = order
    require_columns(tx, cols, "tx")
    obs_start, obs_end, out_start, out_end = _windows(observation, outcome)
    days = _dates(tx, date, "tx")
    if out_end > days.max():
        raise ValueError(
            f"The outcome window ends on {out_end.date()}, after the last order in tx ({days.max().date()}): "
            "customers would look churned only because the data stops. End the outcome window on or before "
            "the last date in the data.")
    ids = tx[order] if order is not None else pd.Series(np.arange(len(tx)), index=tx.index)
    frame = pd.DataFrame({"customer": tx[customer].to_numpy(), "order": ids.to_numpy(), "day": days.to_numpy()})
    if frame["customer"].isna().any():
        raise ValueError(f"Column {customer!r} of tx has {int(frame['customer'].isna().sum())} missing customer id(s).")
    in_obs = frame[(frame["day"] >= obs_start) & (frame["day"] <= obs_end)]
    in_out = frame[(frame["day"] >= out_start) & (frame["day"] <= out_end)]
    if in_obs.empty:
        raise ValueError(f"No order in tx falls in the observation window {obs_start.date()} to "
                         f"{obs_end.date()}: nobody to label.")
    n_obs = in_obs.groupby("customer")["order"].nunique()
    n_out = in_out.groupby("customer")["order"].nunique().reindex(n_obs.index, fill_value=0)
    out = pd.DataFrame({"orders_observation": n_obs.astype(int), "orders_outcome": n_out.astype(int)})
    out["churned"] = (out["orders_outcome"] == 0).astype(int)
    out.index.name = customer
    out.attrs.update({"observation": (obs_start, obs_end), "outcome": (out_start, out_end),
                      "excluded": int(frame["customer"].nunique() - len(out))})
    return out


def churn_features(tx: pd.DataFrame, observation: Sequence[Any], *, customers: pd.DataFrame | None = None,
                   tickets: pd.DataFrame | None = None, campaign: pd.DataFrame | None = None,
                   attributes: Sequence[str] = (), customer: str = "customer_id", date: str = "order_date",
                   amount: str = "amount", order: str = "order_id",
                   acquisition_date: str = "acquisition_date", email: str = "email",
                   ticket_email: str = "customer_email", ticket_date: str = "opened_date",
                   resolved: str = "resolved", campaign_date: str = "campaign_date",
                   responded: str = "responded") -> pd.DataFrame:
    """Behavioural features per customer, built only from the observation window.

    One row per customer with at least one order in the window:

    - ``recency`` (days from the last order to the window's last day),
      ``frequency`` (orders) and ``monetary`` (money spent) in the window, from
      :func:`crm_lessons.rfm.rfm_table`;
    - ``tenure`` (days since acquisition, or since the first order in ``tx``
      when ``customers`` is not given);
    - with ``tickets``: ``tickets`` and ``unresolved_tickets`` opened in the
      window, matched to customers on the normalised e-mail (trimmed, lower
      case) of ``customers``;
    - with ``campaign``: ``contacted`` and ``responded`` (0/1) for campaigns
      dated inside the window;
    - the ``attributes`` columns copied from ``customers`` (e.g. region).

    Nothing dated after the window is used. Rows that cannot be used are
    counted, not dropped silently: ``attrs["tickets_unmatched"]`` (tickets in
    the window whose e-mail matches no customer: other addresses, typos,
    prospects) and ``attrs["campaign_rows_outside"]``.

    Parameters
    ----------
    tx : DataFrame
        Order log with ``customer``, ``date``, ``amount`` and ``order`` columns.
    observation : pair of dates
        ``(first day, last day)`` of the observation window.
    customers : DataFrame, optional
        One row per customer with ``customer``, ``acquisition_date``, ``email``
        and the ``attributes`` columns. Needed for ``tickets`` and ``attributes``.
    tickets : DataFrame, optional
        Service tickets with ``ticket_email``, ``ticket_date`` and a boolean
        ``resolved`` column.
    campaign : DataFrame, optional
        Campaign contacts: ``customer``, ``campaign_date`` and 0/1 ``responded``.
    attributes : sequence of str
        Columns of ``customers`` to add as they are (categorical or numeric).
    customer, date, amount, order, acquisition_date, email, ticket_email, ticket_date, resolved, campaign_date, responded : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), numeric feature columns first, then the
        attributes.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": [1, 2, 3], "amount": [10.0, 30.0, 5.0],
    ...                    "order_date": ["2024-01-10", "2024-06-20", "2024-03-01"]})
    >>> churn_features(tx, ("2024-01-01", "2024-06-30"))  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary  tenure
    customer_id
    A                 10          2      40.0     172
    B                121          1       5.0     121
    """
    from .customer_view import normalise_email
    from .rfm import rfm_table

    tx = require_frame(tx, "tx")
    _column_names(customer=customer, date=date, amount=amount, order=order)
    require_columns(tx, {"customer": customer, "date": date, "amount": amount, "order": order}, "tx")
    obs_start, obs_end = _window(observation, "observation")
    days = _dates(tx, date, "tx")
    window = tx[(days >= obs_start) & (days <= obs_end)]
    if window.empty:
        raise ValueError(f"No order in tx falls in the observation window {obs_start.date()} to {obs_end.date()}.")
    feats = rfm_table(window, customer=customer, date=date, amount=amount, order=order, as_of=obs_end)
    attributes = list(attributes) if not isinstance(attributes, str) else [attributes]
    if (tickets is not None or attributes) and customers is None:
        raise ValueError("customers is needed to match tickets (by e-mail) and to add attributes; pass customers=.")
    if customers is not None:
        customers = require_frame(customers, "customers")
        _column_names(acquisition_date=acquisition_date, email=email)
        needed = {"customer": customer, "acquisition_date": acquisition_date}
        if tickets is not None:
            needed["email"] = email
        needed.update({f"attributes[{i}]": a for i, a in enumerate(attributes)})
        require_columns(customers, needed, "customers")
        if customers[customer].duplicated().any():
            raise ValueError(f"customers has duplicate ids in column {customer!r}; it needs one row per customer.")
        profile = customers.set_index(customer)
        missing = feats.index.difference(profile.index)
        if len(missing):
            raise ValueError(f"{len(missing)} customer(s) in tx are not in customers, e.g. {list(missing[:3])}.")
        acquired = _dates(customers, acquisition_date, "customers")
        acquired.index = profile.index
        start = acquired.reindex(feats.index)
    else:
        start = days[days <= obs_end].groupby(tx.loc[days <= obs_end, customer]).min().reindex(feats.index)
    feats["tenure"] = (obs_end - start).dt.days.astype(int)
    if (feats["tenure"] < 0).any():
        raise ValueError(f"{int((feats['tenure'] < 0).sum())} customer(s) were acquired after the observation "
                         "window ends but ordered in it; check the acquisition_date column.")
    if tickets is not None:
        tickets = require_frame(tickets, "tickets", allow_empty=True)
        _column_names(ticket_email=ticket_email, ticket_date=ticket_date, resolved=resolved)
        require_columns(tickets, {"ticket_email": ticket_email, "ticket_date": ticket_date, "resolved": resolved},
                        "tickets")
        if not pd.api.types.is_bool_dtype(tickets[resolved]) or tickets[resolved].isna().any():
            raise TypeError(f"Column {resolved!r} of tickets must hold True/False (resolved or not) with no gaps.")
        opened = _dates(tickets, ticket_date, "tickets")
        recent = tickets[(opened >= obs_start) & (opened <= obs_end)]
        key = pd.Series(profile.index, index=normalise_email(profile[email]).to_numpy())
        key = key[key.index.notna() & ~key.index.duplicated(keep=False)]
        who = normalise_email(recent[ticket_email]).map(key)
        matched = recent[who.notna().to_numpy()]
        who = who.dropna()
        counts = pd.DataFrame({"customer": who.to_numpy(), "open": (~matched[resolved]).to_numpy(dtype=int)})
        feats["tickets"] = counts.groupby("customer").size().reindex(feats.index, fill_value=0).astype(int)
        feats["unresolved_tickets"] = counts.groupby("customer")["open"].sum().reindex(
            feats.index, fill_value=0).astype(int)
        feats.attrs["tickets_unmatched"] = int(len(recent) - len(matched))
    if campaign is not None:
        campaign = require_frame(campaign, "campaign")
        _column_names(campaign_date=campaign_date, responded=responded)
        require_columns(campaign, {"customer": customer, "campaign_date": campaign_date, "responded": responded},
                        "campaign")
        flags, _ = _binary(campaign[responded], f"column {responded!r} of campaign")
        when = _dates(campaign, campaign_date, "campaign")
        inside = ((when >= obs_start) & (when <= obs_end)).to_numpy()
        frame = pd.DataFrame({"customer": campaign[customer].to_numpy()[inside], "responded": flags[inside]})
        feats["contacted"] = feats.index.isin(frame["customer"]).astype(int)
        feats["responded"] = frame.groupby("customer")["responded"].max().reindex(
            feats.index, fill_value=0).astype(int)
        feats.attrs["campaign_rows_outside"] = int((~inside).sum())
    for column in attributes:
        feats[column] = profile[column].reindex(feats.index).to_numpy()
    feats.attrs["observation"] = (obs_start, obs_end)
    feats.attrs.pop("as_of", None)
    return feats


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------
def _features_and_target(features: Any, target: Any) -> tuple[pd.DataFrame, pd.Series]:
    X = require_frame(features, "features")
    if isinstance(target, pd.DataFrame):
        if "churned" not in target.columns:
            raise ValueError("target is a DataFrame without a 'churned' column; pass the 0/1 Series itself.")
        target = target["churned"]
    if not isinstance(target, pd.Series):
        raise TypeError(f"target must be a Series of 0/1 labels indexed like features, got {type(target).__name__}.")
    y, _ = _binary(target, "target")
    if len(target) != len(X) or not target.index.equals(X.index):
        if set(target.index) != set(X.index) or len(target) != len(X):
            raise ValueError("features and target must cover the same customers (same index); "
                             "join them first, e.g. target = labels['churned'].loc[features.index].")
        y = pd.Series(y, index=target.index).loc[X.index].to_numpy()
    if len(np.unique(y)) < 2:
        raise ValueError("target holds only one class; a model needs both churners (1) and stayers (0).")
    return X, pd.Series(y, index=X.index, name=target.name or "target")


def split_customers(features: pd.DataFrame, target: pd.Series, *, test_size: float = 0.3,
                    random_state: int = 42) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Split customers into a training set and a held-out test set (stratified by the label).

    Parameters
    ----------
    features : DataFrame
        One row per customer.
    target : Series
        0/1 label per customer, same index as ``features`` (or the DataFrame
        from :func:`churn_labels`).
    test_size : float
        Share of customers held out, in (0, 1).
    random_state : int
        Seed, so the split is the same on every run.

    Returns
    -------
    tuple
        ``X_train, X_test, y_train, y_test``.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x": range(10)}, index=[f"C{i}" for i in range(10)])
    >>> y = pd.Series([0, 1] * 5, index=X.index)
    >>> [len(part) for part in split_customers(X, y, test_size=0.4)]
    [6, 4, 6, 4]
    """
    from sklearn.model_selection import train_test_split

    X, y = _features_and_target(features, target)
    test_size = require_probability(test_size, "test_size", high_open=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y,
                                                        random_state=_random_state(random_state))
    return X_train, X_test, y_train, y_test


def _column_kinds(X: pd.DataFrame) -> tuple[list[str], list[str]]:
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
    categorical = [c for c in X.columns if c not in numeric]
    return numeric, categorical


def churn_pipeline(features: pd.DataFrame, kind: str = "logistic", random_state: int = 42) -> Any:
    """An unfitted scikit-learn pipeline for the columns of ``features``.

    Numeric columns (booleans count as 0/1) are standardised for the logistic
    regression (so coefficients compare per standard deviation) and passed as
    they are to the random forest; text or categorical columns are one-hot
    encoded. Missing values are not allowed: fill them first.

    Parameters
    ----------
    features : DataFrame
        The feature table the pipeline will be fitted on (its columns decide
        the preprocessing).
    kind : {"logistic", "forest"}
        ``"logistic"``: L2-regularised logistic regression. ``"forest"``: a
        random forest of 100 trees with at least 20 customers per leaf.
    random_state : int
        Seed for the forest (and the solver), so results repeat exactly.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``"prepare"`` (a ColumnTransformer) and ``"model"``.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": [5, 50], "region": ["North", "South"]})
    >>> list(churn_pipeline(X).named_steps)
    ['prepare', 'model']
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X = require_frame(features, "features")
    if kind not in MODEL_NAMES:
        raise ValueError(f"kind must be one of {sorted(MODEL_NAMES)}, got {kind!r}.")
    seed = _random_state(random_state)
    gaps = X.columns[X.isna().any()].tolist()
    if gaps:
        raise ValueError(f"features has missing values in column(s) {gaps}; fill them first "
                         "(e.g. 0 for counts) so that no customer is dropped silently.")
    numeric, categorical = _column_kinds(X)
    steps = []
    if numeric:
        steps.append(("numeric", StandardScaler() if kind == "logistic" else "passthrough", numeric))
    if categorical:
        steps.append(("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical))
    prepare = ColumnTransformer(steps, verbose_feature_names_out=False)
    if kind == "logistic":
        model = LogisticRegression(max_iter=2000, random_state=seed)
    else:
        model = RandomForestClassifier(n_estimators=100, min_samples_leaf=20, random_state=seed, n_jobs=1)
    return Pipeline([("prepare", prepare), ("model", model)])


def fit_churn_models(X_train: pd.DataFrame, y_train: pd.Series, *, random_state: int = 42) -> dict[str, Any]:
    """Fit a logistic regression and a random forest on the same training customers.

    Parameters
    ----------
    X_train : DataFrame
        Training features (no missing values).
    y_train : Series
        0/1 labels, same index.
    random_state : int
        Seed for both models.

    Returns
    -------
    dict
        ``{"logistic regression": pipeline, "random forest": pipeline}``, fitted.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": [1, 2, 30, 40] * 5})
    >>> y = pd.Series([0, 0, 1, 1] * 5)
    >>> sorted(fit_churn_models(X, y))
    ['logistic regression', 'random forest']
    """
    X, y = _features_and_target(X_train, y_train)
    return {name: churn_pipeline(X, kind, random_state).fit(X, y) for kind, name in MODEL_NAMES.items()}


def _probability(model: Any, X: pd.DataFrame) -> np.ndarray:
    if not hasattr(model, "predict_proba"):
        raise TypeError(f"model must be a fitted classifier with predict_proba, got {type(model).__name__}.")
    return model.predict_proba(X)[:, 1]


def model_scores(models: dict[str, Any], X_test: pd.DataFrame, y_test: pd.Series) -> pd.DataFrame:
    """Compare fitted models on held-out customers: ROC AUC and top-decile lift.

    Parameters
    ----------
    models : dict
        Name -> fitted classifier (e.g. from :func:`fit_churn_models`).
    X_test, y_test : DataFrame, Series
        Held-out customers and their 0/1 labels.

    Returns
    -------
    DataFrame
        Indexed by model: ``roc_auc`` (0.5 = guessing, 1 = perfect ranking)
        and ``top_decile_lift`` (event rate in the top 10 % of scores divided
        by the overall rate).

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": list(range(200))})
    >>> y = pd.Series([0] * 100 + [1] * 100)
    >>> model_scores(fit_churn_models(X, y), X, y)["roc_auc"].round(2).tolist()
    [1.0, 1.0]
    """
    from sklearn.metrics import roc_auc_score

    if not isinstance(models, dict) or not models:
        raise TypeError("models must be a non-empty dict of name -> fitted model.")
    X, y = _features_and_target(X_test, y_test)
    rows = {}
    for name, model in models.items():
        p = _probability(model, X)
        rows[name] = {"roc_auc": float(roc_auc_score(y, p)),
                      "top_decile_lift": float(gains_table(y, p).iloc[0]["lift"])}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")


def confusion_table(y_true: Any, score: Any, threshold: float = 0.5) -> pd.DataFrame:
    """Confusion matrix at a chosen score threshold, with readable labels.

    A customer is *predicted* to churn when ``score >= threshold``.

    Parameters
    ----------
    y_true : Series or array-like of 0/1
        What happened (1 = churned).
    score : Series or array-like of numbers
        Model score per customer (e.g. churn probability).
    threshold : float
        Cut-off in [0, 1].

    Returns
    -------
    DataFrame
        Rows ``actual: stayed`` / ``actual: churned``, columns
        ``predicted: stay`` / ``predicted: churn``; counts of customers.
        ``attrs`` holds ``precision`` (share of predicted churners who churned)
        and ``recall`` (share of churners caught).

    Examples
    --------
    >>> confusion_table([0, 0, 1, 1], [0.1, 0.7, 0.4, 0.9], threshold=0.5).to_numpy().tolist()
    [[1, 1], [1, 1]]
    """
    y, s = _paired(y_true, score)
    threshold = require_probability(threshold, "threshold", low_open=False)
    pred = s >= threshold
    table = pd.DataFrame(
        [[int(((y == 0) & ~pred).sum()), int(((y == 0) & pred).sum())],
         [int(((y == 1) & ~pred).sum()), int(((y == 1) & pred).sum())]],
        index=pd.Index(["actual: stayed", "actual: churned"], name="customers"),
        columns=["predicted: stay", "predicted: churn"])
    tp, predicted, actual = table.iloc[1, 1], int(pred.sum()), int(y.sum())
    table.attrs.update({"threshold": threshold, "precision": tp / predicted if predicted else float("nan"),
                        "recall": tp / actual if actual else float("nan")})
    return table


def logistic_drivers(model: Any) -> pd.DataFrame:
    """Coefficients of a fitted logistic-regression pipeline, largest effect first.

    Numeric features were standardised, so ``coefficient`` is the change in the
    log-odds of the event per standard deviation of the feature, and the
    coefficients compare across features; one-hot columns compare a category
    with the average. ``odds_ratio`` = exp(coefficient): 1.5 means 50 % higher
    odds, 0.7 means 30 % lower. For numeric features ``odds_ratio_per_unit``
    gives the same effect per one unit of the feature as it was measured (one
    day, one order, one euro, one ticket).

    Parameters
    ----------
    model : Pipeline
        A fitted pipeline from :func:`churn_pipeline` with ``kind="logistic"``.

    Returns
    -------
    DataFrame
        Indexed by feature: ``coefficient``, ``odds_ratio``,
        ``odds_ratio_per_unit`` (missing for one-hot columns) and ``direction``
        (``"raises risk"`` / ``"lowers risk"``), sorted by absolute coefficient.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"recency": [1, 2, 3, 30, 40, 50] * 3})
    >>> y = pd.Series([0, 0, 1, 0, 1, 1] * 3)
    >>> logistic_drivers(churn_pipeline(X).fit(X, y))["direction"].tolist()
    ['raises risk']
    """
    steps = getattr(model, "named_steps", None)
    estimator = steps.get("model") if steps is not None else None
    if estimator is None or not hasattr(estimator, "coef_") or "prepare" not in steps:
        raise TypeError("model must be a fitted logistic-regression pipeline from churn_pipeline(kind='logistic').")
    prepare = steps["prepare"]
    names = prepare.get_feature_names_out()
    coef = estimator.coef_[0]
    scale = pd.Series(np.nan, index=names)
    if "numeric" in prepare.named_transformers_:
        scaler = prepare.named_transformers_["numeric"]
        numeric = [c for name, _t, cols in prepare.transformers_ if name == "numeric" for c in cols]
        scale[numeric] = getattr(scaler, "scale_", np.ones(len(numeric)))
    out = pd.DataFrame({"coefficient": coef, "odds_ratio": np.exp(coef),
                        "odds_ratio_per_unit": np.exp(coef / scale.to_numpy()),
                        "direction": np.where(coef > 0, "raises risk", "lowers risk")},
                       index=pd.Index(names, name="feature"))
    return out.iloc[np.argsort(-np.abs(coef), kind="stable")]


def permutation_drivers(model: Any, X: pd.DataFrame, y: pd.Series, *, n_repeats: int = 5,
                        random_state: int = 42) -> pd.DataFrame:
    """Permutation importance on held-out customers: how much ROC AUC drops when a feature is shuffled.

    Shuffling one column breaks its link with the outcome while keeping its
    distribution; the drop in AUC is what the model owes to that feature
    (Breiman 2001). Works for any model and any column type.

    Parameters
    ----------
    model : fitted classifier or pipeline
        Takes the raw feature table.
    X, y : DataFrame, Series
        Held-out customers (use data the model was not trained on).
    n_repeats : int
        Shuffles per feature (the mean is reported, with its standard deviation).
    random_state : int
        Seed for the shuffles.

    Returns
    -------
    DataFrame
        Indexed by feature: ``importance`` (mean AUC drop) and ``sd``, largest first.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"signal": list(range(40)), "noise": [0, 1] * 20})
    >>> y = pd.Series([0] * 20 + [1] * 20)
    >>> permutation_drivers(churn_pipeline(X).fit(X, y), X, y, n_repeats=3).index[0]
    'signal'
    """
    from sklearn.inspection import permutation_importance

    X, y = _features_and_target(X, y)
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, (int, np.integer)) or n_repeats < 1:
        raise ValueError(f"n_repeats must be a whole number of at least 1, got {n_repeats!r}.")
    _probability(model, X.iloc[:1])
    result = permutation_importance(model, X, y, scoring="roc_auc", n_repeats=int(n_repeats),
                                    random_state=_random_state(random_state), n_jobs=1)
    out = pd.DataFrame({"importance": result.importances_mean, "sd": result.importances_std},
                       index=pd.Index(X.columns, name="feature"))
    return out.iloc[np.argsort(-out["importance"].to_numpy(), kind="stable")]


# --------------------------------------------------------------------------------------------
# Gains and targeting
# --------------------------------------------------------------------------------------------
def gains_table(y_true: Any, score: Any, bins: int = 10) -> pd.DataFrame:
    """Gains and lift by score group: the standard table for judging and targeting with a model.

    Customers are sorted by ``score`` (highest first) and cut into ``bins``
    groups of equal size (deciles for ``bins=10``); group 1 holds the highest
    scores. Customers with the same score always share a group (a tie group
    goes where it starts), so with many ties a group can be larger and some
    groups may not appear.

    Parameters
    ----------
    y_true : Series or array-like of 0/1
        The outcome (1 = the event: churned, responded, bought).
    score : Series or array-like of numbers
        The model's score; higher = more likely to have the event.
    bins : int
        Number of groups (2 to the number of customers), default 10.

    Returns
    -------
    DataFrame
        Indexed by ``group`` (1 = top scores): ``customers``, ``events``,
        ``event_rate``, ``min_score``, ``max_score``, ``cum_customer_share``,
        ``cum_event_share`` (the *gain*: share of all events found by
        targeting down to this group), ``lift`` (group rate / overall rate)
        and ``cum_lift`` (= cum_event_share / cum_customer_share). The last
        row's ``cum_customer_share`` and ``cum_event_share`` are 1.

    Examples
    --------
    >>> gains_table([1, 1, 0, 1, 0, 0, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2], bins=4)[
    ...     ["customers", "events", "cum_event_share", "lift"]]  # doctest: +NORMALIZE_WHITESPACE
           customers  events  cum_event_share      lift
    group
    1              2       2         0.666667  2.666667
    2              2       1         1.000000  1.333333
    3              2       0         1.000000  0.000000
    4              2       0         1.000000  0.000000
    """
    y, s = _paired(y_true, score)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)):
        raise TypeError(f"bins must be a whole number, got {type(bins).__name__}.")
    if not 2 <= bins <= len(y):
        raise ValueError(f"bins must be between 2 and the number of customers ({len(y)}), got {bins}.")
    total = int(y.sum())
    if total == 0:
        raise ValueError("y_true has no 1s (no events), so gains and lift are undefined.")
    n = len(y)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    # position where each customer's tie group starts (0-based), then its group
    starts = np.searchsorted(-s_sorted, -s_sorted, side="left")
    group = starts * int(bins) // n + 1
    frame = pd.DataFrame({"group": group, "y": y_sorted, "score": s_sorted})
    out = frame.groupby("group").agg(customers=("y", "size"), events=("y", "sum"),
                                     min_score=("score", "min"), max_score=("score", "max"))
    out["events"] = out["events"].astype(int)
    out.insert(2, "event_rate", out["events"] / out["customers"])
    out["cum_customer_share"] = out["customers"].cumsum() / n
    out["cum_event_share"] = out["events"].cumsum() / total
    base = total / n
    out["lift"] = out["event_rate"] / base
    out["cum_lift"] = out["cum_event_share"] / out["cum_customer_share"]
    return out


def targeting_plan(churn_prob: pd.Series, value: Any, *, budget: float, contact_cost: float,
                   offer_value: float, save_rate: float = 0.1) -> pd.DataFrame:
    """Decide whom to contact in a retention campaign under a budget.

    Each contacted customer costs ``contact_cost`` and is offered an incentive
    worth ``offer_value``. A would-be churner accepts and stays with
    probability ``save_rate``; customers who stay anyway also redeem the
    offer. For a customer with churn probability p and value v (margin kept if
    they stay):

    - expected saves = p × save_rate
    - expected cost = contact_cost + offer_value × (1 − p + p × save_rate)
    - expected profit = p × save_rate × v − expected cost

    Customers are ranked by expected profit; the plan contacts them from the
    top while the expected profit is positive and the cumulative expected
    cost stays within ``budget``.

    Parameters
    ----------
    churn_prob : Series
        Churn probability per customer (index = customer id), in [0, 1].
    value : Series or number
        Value of keeping each customer (e.g. next year's margin), EUR ``>= 0``;
        a Series must have the same index as ``churn_prob``.
    budget : float
        Money available for contacts and offers, EUR ``>= 0``.
    contact_cost, offer_value : float
        Cost per contact and value of the incentive, EUR ``>= 0``.
    save_rate : float
        Share of contacted would-be churners who stay because of the offer, in [0, 1].

    Returns
    -------
    DataFrame
        One row per customer, best first: ``churn_prob``, ``value``,
        ``expected_saves``, ``expected_cost``, ``expected_profit``, ``contact``
        (bool) and ``cum_cost`` (cumulative expected cost of the contacted).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    >>> plan = targeting_plan(p, 100.0, budget=20, contact_cost=1, offer_value=5, save_rate=0.5)
    >>> plan[["expected_profit", "contact"]]
       expected_profit  contact
    A            36.00     True
    B            20.25     True
    C            -0.75    False
    """
    if not isinstance(churn_prob, pd.Series):
        raise TypeError(f"churn_prob must be a Series of probabilities indexed by customer, "
                        f"got {type(churn_prob).__name__}.")
    p, _ = _scores(churn_prob, "churn_prob")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("churn_prob must hold probabilities between 0 and 1.")
    if isinstance(value, pd.Series):
        if not value.index.equals(churn_prob.index):
            if set(value.index) != set(churn_prob.index) or len(value) != len(churn_prob):
                raise ValueError("value must have the same customers (index) as churn_prob.")
            value = value.loc[churn_prob.index]
        v, _ = _scores(value, "value")
    else:
        v = np.full(len(p), _non_negative(value, "value"))
    if (v < 0).any():
        raise ValueError("value must be zero or more for every customer.")
    budget = _non_negative(budget, "budget")
    contact_cost = _non_negative(contact_cost, "contact_cost")
    offer_value = _non_negative(offer_value, "offer_value")
    save_rate = require_probability(save_rate, "save_rate", low_open=False)
    saves = p * save_rate
    cost = contact_cost + offer_value * (1 - p + saves)
    profit = saves * v - cost
    plan = pd.DataFrame({"churn_prob": p, "value": v, "expected_saves": saves, "expected_cost": cost,
                         "expected_profit": profit}, index=churn_prob.index)
    plan = plan.iloc[np.argsort(-profit, kind="stable")]
    within = np.cumsum(plan["expected_cost"].to_numpy()) <= budget + 1e-9
    plan["contact"] = (plan["expected_profit"].to_numpy() > 0) & within
    plan["cum_cost"] = np.where(plan["contact"], np.cumsum(plan["expected_cost"].to_numpy()), np.nan)
    plan.attrs.update({"budget": budget, "contact_cost": contact_cost, "offer_value": offer_value,
                       "save_rate": save_rate})
    return plan


def targeting_summary(plan: pd.DataFrame) -> pd.Series:
    """Totals of a :func:`targeting_plan`: contacts, spend, expected saves, retained value and profit.

    Parameters
    ----------
    plan : DataFrame
        Output of :func:`targeting_plan`.

    Returns
    -------
    Series
        ``contacts``, ``expected_cost``, ``expected_saves``,
        ``expected_retained_value`` and ``expected_profit`` of the contacted
        customers, and ``budget_left``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    >>> targeting_summary(targeting_plan(p, 100.0, budget=20, contact_cost=1, offer_value=5,
    ...                                  save_rate=0.5))["contacts"].item()
    2.0
    """
    plan = require_frame(plan, "plan", allow_empty=True)
    require_columns(plan, {c: c for c in ("contact", "expected_cost", "expected_saves", "expected_profit",
                                          "value")}, "plan")
    chosen = plan[plan["contact"]]
    spend = float(chosen["expected_cost"].sum())
    return pd.Series({
        "contacts": float(len(chosen)),
        "expected_cost": spend,
        "expected_saves": float(chosen["expected_saves"].sum()),
        "expected_retained_value": float((chosen["expected_saves"] * chosen["value"]).sum()),
        "expected_profit": float(chosen["expected_profit"].sum()),
        "budget_left": float(plan.attrs.get("budget", np.nan) - spend),
    }, name="plan")


# --------------------------------------------------------------------------------------------
# Cross-selling
# --------------------------------------------------------------------------------------------
def cross_sell_frame(lines: pd.DataFrame, orders: pd.DataFrame, target: str, observation: Sequence[Any],
                     outcome: Sequence[Any], *, category: str = "category", customer: str = "customer_id",
                     order: str = "order_id", date: str = "order_date",
                     amount: str = "amount") -> pd.DataFrame:
    """Features and label for "will this customer buy category ``target`` next?".

    The population is every customer with an order in the observation window.
    Features (observation window only): the number of order lines per
    category (one column per category, named after it) and recency, frequency
    and monetary value. The label ``buys_next`` is 1 when the customer buys
    any ``target`` item in the outcome window.

    Parameters
    ----------
    lines : DataFrame
        Order lines with ``order`` and ``category`` columns.
    orders : DataFrame
        Orders with ``order``, ``customer``, ``date`` and ``amount`` columns.
    target : str
        The category to predict; must occur in ``lines``.
    observation, outcome : pair of dates
        ``(first day, last day)`` of each window; they may not overlap.
    category, customer, order, date, amount : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by customer: one count column per category, ``recency``,
        ``frequency``, ``monetary`` and the 0/1 label ``buys_next``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": ["A", "B", "A"],
    ...                        "order_date": ["2024-01-05", "2024-02-01", "2024-08-01"],
    ...                        "amount": [20.0, 5.0, 9.0]})
    >>> lines = pd.DataFrame({"order_id": [1, 2, 3], "category": ["Tea", "Books", "Books"]})
    >>> cross_sell_frame(lines, orders, "Books", ("2024-01-01", "2024-06-30"),
    ...                  ("2024-07-01", "2024-08-01"))[["Books", "Tea", "buys_next"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                 Books  Tea  buys_next
    customer_id
    A                0    1          1
    B                1    0          0
    """
    from .rfm import rfm_table

    lines = require_frame(lines, "lines")
    orders = require_frame(orders, "orders")
    _column_names(category=category, customer=customer, order=order, date=date, amount=amount)
    require_columns(lines, {"order": order, "category": category}, "lines")
    require_columns(orders, {"order": order, "customer": customer, "date": date, "amount": amount}, "orders")
    if not isinstance(target, str):
        raise TypeError(f"target must be a category name (str), got {type(target).__name__}.")
    categories = sorted(lines[category].dropna().astype(str).unique())
    if target not in categories:
        raise ValueError(f"target {target!r} is not a category in lines; choose one of {categories}.")
    obs_start, obs_end, out_start, out_end = _windows(observation, outcome)
    if orders[order].duplicated().any():
        raise ValueError(f"orders has repeated ids in column {order!r}; it needs one row per order.")
    days = _dates(orders, date, "orders")
    head = pd.DataFrame({"order": orders[order].to_numpy(), "customer": orders[customer].to_numpy(),
                         "day": days.to_numpy()})
    joined = pd.DataFrame({"order": lines[order].to_numpy(), "category": lines[category].astype(str).to_numpy()}
                          ).merge(head, on="order", how="left")
    orphan = joined["customer"].isna()
    if orphan.any():
        raise ValueError(f"{int(orphan.sum())} line(s) in lines have an order id that is not in orders, "
                         f"e.g. {joined.loc[orphan, 'order'].head(3).tolist()}.")
    past = joined[(joined["day"] >= obs_start) & (joined["day"] <= obs_end)]
    future = joined[(joined["day"] >= out_start) & (joined["day"] <= out_end)]
    in_window = orders[((days >= obs_start) & (days <= obs_end)).to_numpy()]
    if in_window.empty:
        raise ValueError(f"No order falls in the observation window {obs_start.date()} to {obs_end.date()}.")
    rfm = rfm_table(in_window, customer=customer, date=date, amount=amount, order=order, as_of=obs_end)
    counts = pd.crosstab(past["customer"], past["category"]).reindex(index=rfm.index, columns=categories,
                                                                      fill_value=0)
    frame = counts.astype(int).join(rfm)
    frame.columns.name = None
    buyers = set(future.loc[future["category"] == target, "customer"])
    frame["buys_next"] = frame.index.isin(list(buyers)).astype(int)
    frame.attrs.update({"target": target, "observation": (obs_start, obs_end), "outcome": (out_start, out_end)})
    return frame


def rule_scores(history: pd.DataFrame, rules: pd.DataFrame, target_items: Sequence[str], *,
                customer: str = "customer_id", item: str = "product", antecedent: str = "antecedent",
                consequent: str = "consequent", confidence: str = "confidence",
                separator: str = " + ") -> pd.Series:
    """Score customers with association rules: the best confidence of a rule that points to a target item.

    A rule "A + B → C" fires for a customer who has bought every antecedent
    item (A and B) in ``history``. The customer's score is the highest
    confidence among the rules that fire and whose consequent is one of
    ``target_items``; 0 when none fires. This turns basket rules into a
    targeting score that can be compared with a model.

    Parameters
    ----------
    history : DataFrame
        Past purchases: one row per (customer, item), e.g. order lines joined
        with their customer.
    rules : DataFrame
        Association rules with text columns ``antecedent`` and ``consequent``
        (items joined by ``separator``), as made by
        :func:`crm_lessons.basket.association_rules`, and a numeric ``confidence``.
    target_items : sequence of str
        Items of the category to sell.
    customer, item, antecedent, consequent, confidence, separator : str
        Column names and the separator between items in a rule side.

    Returns
    -------
    Series
        Score per customer of ``history`` (index sorted), named ``rule_score``.

    Examples
    --------
    >>> import pandas as pd
    >>> hist = pd.DataFrame({"customer_id": ["A", "B", "B"], "product": ["Tent", "Tea", "Kettle"]})
    >>> rules = pd.DataFrame({"antecedent": ["Tent", "Kettle + Tea"], "consequent": ["Sleeping bag", "Cups"],
    ...                       "confidence": [0.6, 0.5]})
    >>> rule_scores(hist, rules, ["Cups"]).to_dict()
    {'A': 0.0, 'B': 0.5}
    """
    history = require_frame(history, "history")
    rules = require_frame(rules, "rules", allow_empty=True)
    _column_names(customer=customer, item=item, antecedent=antecedent, consequent=consequent,
                  confidence=confidence, separator=separator)
    require_columns(history, {"customer": customer, "item": item}, "history")
    require_columns(rules, {"antecedent": antecedent, "consequent": consequent, "confidence": confidence},
                    "rules")
    if isinstance(target_items, (str, bytes, dict, pd.DataFrame)) or not hasattr(target_items, "__iter__"):
        raise TypeError("target_items must be a list of item names, e.g. ['Coffee beans 1kg'].")
    targets = {str(t) for t in target_items}
    owned = history.groupby(customer)[item].agg(lambda s: frozenset(s.astype(str)))
    score = pd.Series(0.0, index=owned.index.sort_values(), name="rule_score")
    for lhs, rhs, conf in zip(rules[antecedent], rules[consequent], rules[confidence]):
        if not set(str(rhs).split(separator)) & targets:
            continue
        needed = frozenset(str(lhs).split(separator))
        fires = owned.map(needed.issubset).reindex(score.index)
        score[fires.to_numpy()] = np.maximum(score[fires.to_numpy()], float(conf))
    return score
