"""Customer segmentation beyond RFM scores: clusters and budget allocation.

* k-means on log-scaled RFM (:func:`log_rfm`, :func:`choose_k`, :func:`kmeans_rfm`,
  :func:`cluster_profile`);
* :func:`allocate_budget`: share a relationship budget across segments.

The loyalty typologies (Dick & Basu, Knox, Reinartz & Kumar, Brandt, Jones & Sasser) are in
:mod:`crm_lessons.typologies`.

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({"customers": [10, 90], "total_monetary": [3000.0, 1000.0]}, index=["Champions", "Others"])
>>> allocate_budget(s, 100)["budget"].tolist()
[75.0, 25.0]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_number, is_whole_number, require_columns, require_frame, require_numeric
from .i18n import tr
from .rfm import RFM_COLUMNS, segment_summary

__all__ = ["log_rfm", "choose_k", "kmeans_rfm", "cluster_profile", "allocate_budget"]


# --- k-means on log-scaled RFM ------------------------------------------------------------------------------

def log_rfm(rfm: pd.DataFrame) -> pd.DataFrame:
    """Log-transform and standardise recency, frequency and monetary value for clustering.

    RFM values are strongly right-skewed (a few customers order 50 times), so
    k-means on raw values would be driven by those few. ``log(1 + x)`` pulls
    the long tail in; standardising (mean 0, standard deviation 1) gives the
    three measures equal weight in the distance.

    Parameters
    ----------
    rfm : DataFrame
        Output of :func:`crm_lessons.rfm.rfm_table` (non-negative numeric
        ``recency``, ``frequency``, ``monetary``).

    Returns
    -------
    DataFrame
        Same index, columns ``log_recency``, ``log_frequency``, ``log_monetary``.

    Examples
    --------
    >>> import pandas as pd
    >>> rfm = pd.DataFrame({"recency": [0, 9, 99], "frequency": [9, 1, 1], "monetary": [99.0, 9.0, 0.0]})
    >>> log_rfm(rfm).round(2)["log_frequency"].tolist()
    [1.41, -0.71, -0.71]
    """
    rfm = require_frame(rfm, "rfm")
    require_columns(rfm, {c: c for c in RFM_COLUMNS}, "rfm")
    values = {}
    for column in RFM_COLUMNS:
        series = rfm[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            raise TypeError(tr("Column {column!r} of rfm must be numeric, got {dtype}.",
                               column=column, dtype=series.dtype))
        if series.isna().any() or (series < 0).any():
            raise ValueError(tr("Column {column!r} of rfm must hold values of zero or more, without gaps.",
                                column=column))
        logged = np.log1p(series.to_numpy(float))
        spread = logged.std()
        values[f"log_{column}"] = (logged - logged.mean()) / spread if spread > 0 else np.zeros(len(logged))
    return pd.DataFrame(values, index=rfm.index)


def _check_k(k: Any, n: int, arg: str = "k") -> int:
    if not is_whole_number(k):
        raise TypeError(tr("{arg} must be a whole number of clusters, got {type_name}.",
                           arg=arg, type_name=type(k).__name__))
    if not 2 <= int(k) < n:
        raise ValueError(tr("{arg} must be at least 2 and below the number of customers ({n}), got {k}.",
                            arg=arg, n=n, k=k))
    return int(k)


def _fit(features: pd.DataFrame, k: int, random_state: int, n_init: int = 10) -> Any:
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    # One thread: on a small table, OpenMP threads competing for busy cores cost far more than they save.
    with threadpool_limits(1):
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(features.to_numpy())


def choose_k(rfm: pd.DataFrame, k_values: Iterable[int] = range(2, 9), random_state: int = 42,
             sample: int | None = 2000) -> pd.DataFrame:
    """Inertia (elbow) and silhouette score of k-means on :func:`log_rfm` for several k.

    Inertia (within-cluster sum of squares) always falls as k grows; look for the
    "elbow" where it stops falling fast. The silhouette (-1..1) compares each
    customer's distance to its own cluster with the nearest other one: higher
    means better separated clusters (Rousseeuw 1987). Each k gets three random
    starts, enough for these curves (:func:`kmeans_rfm` uses ten).

    Parameters
    ----------
    rfm : DataFrame
        Output of :func:`crm_lessons.rfm.rfm_table`.
    k_values : iterable of int
        Numbers of clusters to try (each at least 2).
    random_state : int
        Seed for k-means and for the silhouette sample.
    sample : int or None
        Compute the silhouette on at most this many customers (it costs time
        quadratic in the number of customers); ``None`` uses all.

    Returns
    -------
    DataFrame
        Indexed by ``k``: ``inertia`` and ``silhouette``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> rfm = pd.DataFrame({"recency": rng.integers(0, 300, 60), "frequency": rng.integers(1, 9, 60),
    ...                     "monetary": rng.gamma(2, 50, 60)})
    >>> choose_k(rfm, k_values=[2, 3]).index.tolist()
    [2, 3]
    """
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    features = log_rfm(rfm)
    ks = [_check_k(k, len(features), "k_values") for k in k_values]
    if not ks:
        raise ValueError(tr("k_values is empty: give at least one number of clusters, e.g. range(2, 9)."))
    size = None if sample is None or sample >= len(features) else int(sample)
    rows = []
    for k in ks:
        model = _fit(features, k, random_state, n_init=3)
        with threadpool_limits(1):
            score = silhouette_score(features.to_numpy(), model.labels_, sample_size=size,
                                     random_state=random_state)
        rows.append({"k": k, "inertia": float(model.inertia_), "silhouette": float(score)})
    return pd.DataFrame(rows).set_index("k")


def kmeans_rfm(rfm: pd.DataFrame, k: int = 4, random_state: int = 42) -> pd.Series:
    """Cluster customers with k-means on log-scaled, standardised RFM (:func:`log_rfm`).

    Clusters are numbered 1..k by mean monetary value, 1 being the most
    valuable, so the numbering does not depend on the random start.

    Parameters
    ----------
    rfm : DataFrame
        Output of :func:`crm_lessons.rfm.rfm_table`.
    k : int
        Number of clusters (default 4).
    random_state : int
        Seed for k-means (10 random starts, the best is kept).

    Returns
    -------
    Series
        Cluster number per customer (same index as ``rfm``), named ``cluster``.

    Examples
    --------
    >>> import pandas as pd
    >>> rfm = pd.DataFrame({"recency": [1, 2, 300, 310, 5, 320], "frequency": [20, 25, 1, 1, 22, 2],
    ...                     "monetary": [2000.0, 2600.0, 30.0, 20.0, 2100.0, 45.0]}, index=list("ABCDEF"))
    >>> kmeans_rfm(rfm, k=2).tolist()
    [1, 1, 2, 2, 1, 2]
    """
    features = log_rfm(rfm)
    k = _check_k(k, len(features))
    labels = _fit(features, k, random_state).labels_
    mean_value = pd.Series(rfm["monetary"].to_numpy(float)).groupby(labels).mean()
    rank = {label: pos for pos, label in enumerate(mean_value.sort_values(ascending=False, kind="stable").index, 1)}
    return pd.Series([rank[label] for label in labels], index=rfm.index, name="cluster", dtype="int64")


_PROFILE_WORDS = {"recency": ("recent", "mid recency", "lapsed"),
                  "frequency": ("rare", "occasional", "frequent"),
                  "monetary": ("low spend", "mid spend", "high spend")}


def cluster_profile(rfm: pd.DataFrame, clusters: pd.Series) -> pd.DataFrame:
    """Size, mean R/F/M, value share and a plain-words description of each cluster.

    The description places each cluster's median recency, frequency and
    monetary value in the lower, middle or upper third of all customers, e.g.
    "recent, frequent, high spend" or "lapsed, rare, low spend".

    Parameters
    ----------
    rfm : DataFrame
        Output of :func:`crm_lessons.rfm.rfm_table`.
    clusters : Series
        Cluster per customer, aligned with ``rfm`` by index (e.g. from :func:`kmeans_rfm`).

    Returns
    -------
    DataFrame
        Indexed by cluster: the columns of :func:`crm_lessons.rfm.segment_summary`
        plus ``profile`` (e.g. "recent, frequent, high spend").

    Examples
    --------
    >>> import pandas as pd
    >>> rfm = pd.DataFrame({"recency": [1, 3, 200, 300], "frequency": [9, 7, 1, 1],
    ...                     "monetary": [900.0, 700.0, 20.0, 10.0]})
    >>> cluster_profile(rfm, pd.Series([1, 1, 2, 2]))["profile"].tolist()
    ['recent, frequent, high spend', 'lapsed, rare, low spend']
    """
    rfm = require_frame(rfm, "rfm")
    require_columns(rfm, {c: c for c in RFM_COLUMNS}, "rfm")
    if not isinstance(clusters, pd.Series):
        raise TypeError(tr("clusters must be a pandas Series (one label per customer), got {type_name}.",
                           type_name=type(clusters).__name__))
    if len(clusters) != len(rfm) or not clusters.index.equals(rfm.index):
        raise ValueError(tr("clusters must have the same index as rfm (one label per customer)."))
    labelled = rfm.assign(cluster=clusters.to_numpy())
    out = segment_summary(labelled, segment="cluster")
    medians = labelled.groupby("cluster")[RFM_COLUMNS].median()
    low, high = rfm[RFM_COLUMNS].quantile(1 / 3), rfm[RFM_COLUMNS].quantile(2 / 3)
    words = []
    for _, row in medians.iterrows():
        parts = []
        for column, (small, middle, large) in _PROFILE_WORDS.items():
            value = row[column]
            parts.append(small if value <= low[column] else large if value >= high[column] else middle)
        words.append(", ".join(parts))
    out["profile"] = pd.Series(words, index=medians.index).reindex(out.index)
    return out


# --- resource allocation -------------------------------------------------------------------------------

def allocate_budget(summary: pd.DataFrame, budget: float, *, basis: str = "total_monetary",
                    weights: Mapping[str, float] | None = None, customers: str = "customers") -> pd.DataFrame:
    """Share a relationship budget across segments in proportion to ``basis`` x ``weights``.

    Each segment receives ``budget * w * basis / sum(w * basis)``: with equal
    weights, money follows the value of a segment; a weight above 1 invests
    more than its value would (e.g. to move promising customers up), 0 spends
    nothing (e.g. on lost customers).

    Parameters
    ----------
    summary : DataFrame
        One row per segment (e.g. :func:`crm_lessons.rfm.segment_summary`),
        with the ``basis`` column and a ``customers`` count.
    budget : float
        Total budget (¥), more than 0.
    basis : str
        Column to allocate by (default ``total_monetary``; ``"customers"``
        gives the same amount per customer).
    weights : mapping, optional
        Segment -> weight (0 or more; segments not named get 1).
    customers : str
        Column with the number of customers per segment.

    Returns
    -------
    DataFrame
        Indexed by segment: ``customers``, ``basis_share``, ``weight``,
        ``budget``, ``budget_share`` and ``budget_per_customer`` (0 for an
        empty segment). The budgets add up to ``budget``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"customers": [10, 40, 50], "total_monetary": [6000.0, 3000.0, 1000.0]},
    ...                  index=["Champions", "Loyal", "Lost"])
    >>> allocate_budget(s, 1000, weights={"Lost": 0})["budget"].tolist()
    [666.6666666666666, 333.3333333333333, 0.0]
    """
    summary = require_frame(summary, "summary")
    require_columns(summary, {"basis": basis, "customers": customers}, "summary")
    if not is_number(budget):
        raise TypeError(tr("budget must be a number (¥), got {type_name}.", type_name=type(budget).__name__))
    if not np.isfinite(budget) or budget <= 0:
        raise ValueError(tr("budget must be more than 0, got {budget:g}.", budget=budget))
    base = require_numeric(summary, basis, "summary")
    if (base < 0).any():
        raise ValueError(tr("Column {basis!r} of summary (basis=) must not be negative.", basis=basis))
    weights = dict(weights or {})
    unknown = sorted(set(map(str, weights)) - set(map(str, summary.index)))
    if unknown:
        raise ValueError(tr("weights names segment(s) not in summary: {unknown}. Segments: {segments}.",
                            unknown=', '.join(unknown), segments=', '.join(map(str, summary.index))))
    for name, value in weights.items():
        if not is_number(value) or value < 0:
            raise ValueError(tr("weights[{name!r}] must be a number of 0 or more, got {value!r}.",
                                name=name, value=value))
    w = pd.Series([float(weights.get(s, 1.0)) for s in summary.index], index=summary.index)
    score = w * base
    if score.sum() <= 0:
        raise ValueError(tr("Every segment has weight x basis = 0, so there is nothing to allocate by."))
    counts = require_numeric(summary, customers, "summary")
    out = pd.DataFrame({"customers": counts.astype(np.int64), "basis_share": base / base.sum(), "weight": w},
                       index=summary.index)
    out["budget"] = budget * (score / score.sum())   # shares first: exact even for tiny scores
    out["budget_share"] = out["budget"] / budget
    out["budget_per_customer"] = np.where(counts > 0, out["budget"] / counts.where(counts > 0, 1), 0.0)
    return out
