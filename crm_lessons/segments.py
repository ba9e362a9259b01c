"""Customer segmentation beyond RFM scores: clusters, loyalty typologies, budget allocation.

* k-means on log-scaled RFM (:func:`log_rfm`, :func:`choose_k`, :func:`kmeans_rfm`,
  :func:`cluster_profile`);
* four loyalty typologies, each a 2 x 2 split of customers by two measures:
  :func:`dick_basu` (Dick & Basu 1994), :func:`knox` (Knox 1998),
  :func:`reinartz_kumar` (Reinartz & Kumar 2002) and :func:`satisfaction_split`
  (secure / satisfied / vulnerable / dissatisfied, after Jones & Sasser 1995);
  their meaning and suggested strategy are in :data:`TYPOLOGIES`;
* :func:`allocate_budget`: share a relationship budget across segments.

Examples
--------
>>> import pandas as pd
>>> data = pd.DataFrame({"profit": [900.0, 40.0, 800.0, 30.0], "duration": [700, 650, 60, 30]})
>>> reinartz_kumar(data)["type"].tolist()
['True friends', 'Barnacles', 'Butterflies', 'Strangers']
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._validation import is_number, is_whole_number, require_columns, require_frame
from .rfm import RFM_COLUMNS, segment_summary

__all__ = ["TYPOLOGIES", "log_rfm", "choose_k", "kmeans_rfm", "cluster_profile", "dick_basu", "knox",
           "reinartz_kumar", "satisfaction_split", "allocate_budget"]

_TYPOLOGY_COLUMNS = ["type", "x_high", "y_high", "meaning", "strategy"]


def _types(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_TYPOLOGY_COLUMNS)


#: For each typology: its four types, where each sits (x_high, y_high: is the customer
#: at or above the cut on the x and the y measure), what it means and what to do.
#: The x/y measures are: Dick & Basu -- repeat patronage (x) and relative attitude (y);
#: Knox -- share of purchases (x) and involvement (y); Reinartz & Kumar -- expected
#: duration (x) and profitability (y); satisfaction -- satisfaction (x) and loyalty
#: intentions (y: both recommendation and repurchase high).
TYPOLOGIES: dict[str, pd.DataFrame] = {
    "dick_basu": _types([
        ("Loyalty", True, True, "strong relative attitude and high repeat patronage",
         "keep the advantage: reward, recognise, ask for referrals"),
        ("Latent loyalty", False, True, "like us more than the alternatives but buy little",
         "remove what stops them buying: range, access, price points, convenience"),
        ("Spurious loyalty", True, False, "buy often without a real preference (habit, convenience, no choice)",
         "build attitude before a competitor offers a reason to switch: service, personal contact, value"),
        ("No loyalty", False, False, "weak attitude and little repeat buying",
         "low-cost transactional contact; invest only if they fit the target market"),
    ]),
    "knox": _types([
        ("Loyals", True, True, "involved with the category and concentrate their purchases with us",
         "develop the relationship: recognition, cross-selling, dialogue"),
        ("Habituals", True, False, "concentrate their purchases with us out of habit, with little involvement",
         "make buying easy and keep them satisfied; raise involvement with relevant content"),
        ("Variety seekers", False, True, "involved, but spread purchases over several suppliers",
         "give them news and variety within our range; win a larger share of their repertoire"),
        ("Switchers", False, False, "little involvement, small share, move with price and availability",
         "serve efficiently at low cost; do not invest in the relationship"),
    ]),
    "reinartz_kumar": _types([
        ("True friends", True, True, "profitable and staying",
         "communicate regularly but not too often, reward and delight to keep both loyalty and profit"),
        ("Butterflies", False, True, "profitable but short-lived",
         "enjoy the transactions while they last, aim for satisfaction, stop investing once they stop buying"),
        ("Barnacles", True, False, "stay long but bring little profit",
         "measure size and share of wallet: up-sell and cross-sell where the wallet is large, "
         "cut serving costs where it is small"),
        ("Strangers", False, False, "little profit, short relationship",
         "no relationship investment; make every transaction pay"),
    ]),
    "satisfaction": _types([
        ("Secure", True, True, "satisfied and say they will both buy again and recommend us",
         "keep delivering, thank them, turn them into advocates"),
        ("Satisfied", True, False, "satisfied, yet not committed to buy again or to recommend",
         "find out what is missing: satisfaction alone does not keep them (Jones & Sasser 1995)"),
        ("Vulnerable", False, True, "not satisfied, but still intend to come back (for now)",
         "fix the problems quickly: switching costs or habit hold them, not liking"),
        ("Dissatisfied", False, False, "not satisfied and not committed",
         "service recovery where it pays; learn from their complaints"),
    ]),
}


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
            raise TypeError(f"Column {column!r} of rfm must be numeric, got {series.dtype}.")
        if series.isna().any() or (series < 0).any():
            raise ValueError(f"Column {column!r} of rfm must hold values of zero or more, without gaps.")
        logged = np.log1p(series.to_numpy(float))
        spread = logged.std()
        values[f"log_{column}"] = (logged - logged.mean()) / spread if spread > 0 else np.zeros(len(logged))
    return pd.DataFrame(values, index=rfm.index)


def _check_k(k: Any, n: int, arg: str = "k") -> int:
    if not is_whole_number(k):
        raise TypeError(f"{arg} must be a whole number of clusters, got {type(k).__name__}.")
    if not 2 <= int(k) < n:
        raise ValueError(f"{arg} must be at least 2 and below the number of customers ({n}), got {k}.")
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
        raise ValueError("k_values is empty: give at least one number of clusters, e.g. range(2, 9).")
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
        raise TypeError(f"clusters must be a pandas Series (one label per customer), got {type(clusters).__name__}.")
    if len(clusters) != len(rfm) or not clusters.index.equals(rfm.index):
        raise ValueError("clusters must have the same index as rfm (one label per customer).")
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


# --- loyalty typologies ----------------------------------------------------------------------------------

def _measure(data: pd.DataFrame, column: str, arg: str) -> pd.Series:
    series = data[column]
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(f"Column {column!r} of data ({arg}=) must be numeric, got {series.dtype}.")
    if series.isna().any():
        raise ValueError(f"Column {column!r} of data ({arg}=) has {int(series.isna().sum())} missing value(s); "
                         "drop or fill them first.")
    return series.astype(float)


def _cut(value: Any, series: pd.Series, arg: str) -> float:
    if value is None:
        return float(series.median())
    if not is_number(value):
        raise TypeError(f"{arg} must be a number (or None for the median), got {type(value).__name__}.")
    return float(value)


def _quadrants(data: Any, typology: str, x: tuple[str, str], y: tuple[str, str], x_cut: Any,
               y_cut: Any) -> pd.DataFrame:
    """Split customers into the four types of ``typology``: x / y = (argument name, column)."""
    data = require_frame(data, "data")
    require_columns(data, {x[0]: x[1], y[0]: y[1]}, "data")
    xs = _measure(data, x[1], x[0])
    ys = _measure(data, y[1], y[0])
    x_at = _cut(x_cut, xs, f"{x[0]}_cut")
    y_at = _cut(y_cut, ys, f"{y[0]}_cut")
    table = TYPOLOGIES[typology]
    lookup = {(row.x_high, row.y_high): row.type for row in table.itertuples(index=False)}
    x_high = (xs >= x_at).to_numpy()
    y_high = (ys >= y_at).to_numpy()
    names = [lookup[(bool(a), bool(b))] for a, b in zip(x_high, y_high)]
    out = pd.DataFrame({x[1]: xs, y[1]: ys}, index=data.index)
    out["type"] = pd.Categorical(names, categories=table["type"].tolist())
    out.attrs["typology"] = {"name": typology, "x": x[1], "y": y[1], "x_cut": x_at, "y_cut": y_at}
    return out


def dick_basu(data: pd.DataFrame, *, attitude: str = "relative_attitude", patronage: str = "repeat_patronage",
              attitude_cut: float | None = None, patronage_cut: float | None = None) -> pd.DataFrame:
    """Dick & Basu's (1994) loyalty types: relative attitude x repeat patronage.

    High attitude and high patronage is *loyalty*; high attitude, low patronage
    *latent loyalty*; low attitude, high patronage *spurious loyalty*; both low
    *no loyalty*. A value at or above its cut counts as high.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    attitude : str
        Column with the relative attitude (e.g. the survey item comparing us
        with the alternatives).
    patronage : str
        Column with repeat patronage from the orders (e.g. orders in the last 12 months).
    attitude_cut, patronage_cut : float, optional
        Thresholds; default the median of each column.

    Returns
    -------
    DataFrame
        The two measures and ``type`` (categorical), same index as ``data``;
        ``attrs["typology"]`` records the columns and cuts. Strategies:
        ``TYPOLOGIES["dick_basu"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"relative_attitude": [6, 6, 2, 2], "repeat_patronage": [8, 1, 8, 1]})
    >>> dick_basu(d, attitude_cut=4, patronage_cut=3)["type"].tolist()
    ['Loyalty', 'Latent loyalty', 'Spurious loyalty', 'No loyalty']
    """
    return _quadrants(data, "dick_basu", ("patronage", patronage), ("attitude", attitude),
                      patronage_cut, attitude_cut)


def knox(data: pd.DataFrame, *, involvement: str = "involvement", share: str = "share_of_purchases",
         involvement_cut: float | None = None, share_cut: float | None = None) -> pd.DataFrame:
    """Knox's (1998) loyalty diamond: involvement x share of purchases.

    *Loyals* are involved and give us a high share of their purchases;
    *habituals* give a high share with little involvement; *variety seekers*
    are involved but spread their purchases; *switchers* are neither. A value
    at or above its cut counts as high.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    involvement : str
        Column with the customer's involvement in the category (e.g. mean of survey items).
    share : str
        Column with our share of the customer's category purchases (0..1).
    involvement_cut, share_cut : float, optional
        Thresholds; default the median of each column.

    Returns
    -------
    DataFrame
        The two measures and ``type``; strategies in ``TYPOLOGIES["knox"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"involvement": [6, 2, 6, 2], "share_of_purchases": [0.8, 0.7, 0.1, 0.2]})
    >>> knox(d, involvement_cut=4, share_cut=0.5)["type"].tolist()
    ['Loyals', 'Habituals', 'Variety seekers', 'Switchers']
    """
    return _quadrants(data, "knox", ("share", share), ("involvement", involvement), share_cut, involvement_cut)


def reinartz_kumar(data: pd.DataFrame, *, profit: str = "profit", duration: str = "duration",
                   profit_cut: float | None = None, duration_cut: float | None = None) -> pd.DataFrame:
    """Reinartz & Kumar's (2002) customer types: profitability x expected duration.

    *True friends* are profitable and stay; *butterflies* are profitable but
    leave soon; *barnacles* stay but bring little profit; *strangers* bring
    little and leave. A value at or above its cut counts as high.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    profit : str
        Column with the customer's profitability (e.g. total margin in CNY).
    duration : str
        Column with the (expected) relationship duration (e.g. days from first to last order).
    profit_cut, duration_cut : float, optional
        Thresholds; default the median of each column.

    Returns
    -------
    DataFrame
        The two measures and ``type``; strategies in ``TYPOLOGIES["reinartz_kumar"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"profit": [500.0, 20.0], "duration": [30, 900]})
    >>> reinartz_kumar(d, profit_cut=100, duration_cut=365)["type"].tolist()
    ['Butterflies', 'Barnacles']
    """
    return _quadrants(data, "reinartz_kumar", ("duration", duration), ("profit", profit), duration_cut, profit_cut)


def satisfaction_split(data: pd.DataFrame, *, satisfaction: str = "satisfaction",
                       recommendation: str = "recommendation", repurchase: str = "repurchase",
                       satisfied_at: float | None = 5.0, committed_at: float | None = 5.0) -> pd.DataFrame:
    """Secure, satisfied, vulnerable and dissatisfied customers from survey answers.

    A customer is *satisfied* when the satisfaction score reaches
    ``satisfied_at`` and *committed* when both the recommendation and the
    repurchase answers reach ``committed_at`` (on a 1-7 scale, 5 = "somewhat
    agree"). Satisfied and committed: *secure*; satisfied only: *satisfied*;
    committed only: *vulnerable*; neither: *dissatisfied*. The split shows Jones &
    Sasser's (1995) point that being satisfied is not the same as staying.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    satisfaction : str
        Column with the satisfaction score (e.g. mean of the satisfaction items).
    recommendation, repurchase : str
        Columns with the answers on recommending us and buying again.
    satisfied_at, committed_at : float or None
        Thresholds on the answer scale (None: the median).

    Returns
    -------
    DataFrame
        ``satisfaction``, ``commitment`` (the lower of recommendation and
        repurchase) and ``type``; strategies in ``TYPOLOGIES["satisfaction"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"satisfaction": [6.3, 6.0, 3.0, 2.7], "recommendation": [7, 4, 6, 3],
    ...                   "repurchase": [6, 7, 5, 2]})
    >>> satisfaction_split(d)["type"].tolist()
    ['Secure', 'Satisfied', 'Vulnerable', 'Dissatisfied']
    """
    data = require_frame(data, "data")
    require_columns(data, {"satisfaction": satisfaction, "recommendation": recommendation,
                           "repurchase": repurchase}, "data")
    commitment = np.minimum(_measure(data, recommendation, "recommendation"),
                            _measure(data, repurchase, "repurchase"))
    frame = pd.DataFrame({satisfaction: data[satisfaction], "commitment": commitment}, index=data.index)
    return _quadrants(frame, "satisfaction", ("satisfaction", satisfaction), ("commitment", "commitment"),
                      satisfied_at, committed_at)


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
        raise TypeError(f"budget must be a number (¥), got {type(budget).__name__}.")
    if not np.isfinite(budget) or budget <= 0:
        raise ValueError(f"budget must be more than 0, got {budget:g}.")
    base = _measure(summary, basis, "basis")
    if (base < 0).any():
        raise ValueError(f"Column {basis!r} of summary (basis=) must not be negative.")
    weights = dict(weights or {})
    unknown = sorted(set(map(str, weights)) - set(map(str, summary.index)))
    if unknown:
        raise ValueError(f"weights names segment(s) not in summary: {', '.join(unknown)}. "
                         f"Segments: {', '.join(map(str, summary.index))}.")
    for name, value in weights.items():
        if not is_number(value) or value < 0:
            raise ValueError(f"weights[{name!r}] must be a number of 0 or more, got {value!r}.")
    w = pd.Series([float(weights.get(s, 1.0)) for s in summary.index], index=summary.index)
    score = w * base
    if score.sum() <= 0:
        raise ValueError("Every segment has weight x basis = 0, so there is nothing to allocate by.")
    counts = _measure(summary, customers, "customers")
    out = pd.DataFrame({"customers": counts.astype(np.int64), "basis_share": base / base.sum(), "weight": w},
                       index=summary.index)
    out["budget"] = budget * (score / score.sum())   # shares first: exact even for tiny scores
    out["budget_share"] = out["budget"] / budget
    out["budget_per_customer"] = np.where(counts > 0, out["budget"] / counts.where(counts > 0, 1), 0.0)
    return out
