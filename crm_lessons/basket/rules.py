"""Association rules from frequent itemsets, read aloud, filtered and mined per segment."""
from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    require_columns,
    require_flag,
    require_frame,
    require_non_negative,
    require_numeric,
    require_probability,
    require_whole_number,
)
from ..i18n import tr
from ._common import MAX_RULES, SEPARATOR, check_baskets, check_rules, empty_rules
from .matrix import basket_matrix
from .mining import frequent_itemsets

__all__ = ["association_rules", "rule_sentence", "filter_rules", "rules_by_segment"]


def association_rules(itemsets_or_baskets: pd.DataFrame, min_confidence: float = 0.3,
                      min_lift: float | None = None, single_consequent: bool = True, *,
                      min_support: float | None = None, max_len: int | None = None,
                      n_baskets: int | None = None) -> pd.DataFrame:
    """Rules "if a basket holds the antecedent, it also holds the consequent", with their measures.

    For a rule A -> C over N baskets (Agrawal, Imielinski & Swami 1993; Brin et al. 1997):
    support = share of baskets holding A and C; confidence = support(A+C) / support(A);
    lift = confidence / support(C) (1 = independent, above 1 = bought together more
    than chance, below 1 = less); leverage = support(A+C) - support(A) * support(C);
    conviction = (1 - support(C)) / (1 - confidence) (infinite when confidence is 1).

    Parameters
    ----------
    itemsets_or_baskets : DataFrame
        Output of :func:`frequent_itemsets`, or a boolean basket matrix (then
        ``min_support`` is required and the itemsets are mined first).
    min_confidence : float in [0, 1]
        Keep rules with at least this confidence.
    min_lift : float, optional
        Keep rules with at least this lift.
    single_consequent : bool
        True (the textbook convention): one item on the right-hand side. False: every
        split of every frequent itemset into two non-empty parts.
    min_support, max_len : optional
        Passed to :func:`frequent_itemsets` when a basket matrix is given.
    n_baskets : int, optional
        Number of baskets the itemsets were counted on. By default it is read off
        the itemsets' own ``count`` and ``support`` columns (count ÷ support), which
        every table from :func:`frequent_itemsets` has; pass it for a table whose
        supports are missing or zero.

    Returns
    -------
    DataFrame
        ``antecedent``, ``consequent`` (readable), ``support``, ``confidence``, ``lift``,
        ``leverage``, ``conviction``, ``antecedent_support``, ``consequent_support``,
        ``count`` (baskets holding the whole rule), ``antecedent_items`` and
        ``consequent_items`` (sorted tuples); sorted by lift, confidence and support
        (highest first), then by name.

    Examples
    --------
    >>> from crm_lessons.basket import association_rules, basket_matrix, frequent_itemsets, toy_transactions
    >>> fi = frequent_itemsets(basket_matrix(toy_transactions()), 0.3)
    >>> rules = association_rules(fi, min_confidence=0.7)
    >>> rules[["antecedent", "consequent", "confidence", "lift"]].head(2).to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'antecedent': 'Espresso machine', 'consequent': 'Coffee beans 1kg', 'confidence': 1.0, 'lift': 2.0},
     {'antecedent': 'Espresso machine + Scented candle', 'consequent': 'Coffee beans 1kg', 'confidence': 1.0,
      'lift': 2.0}]
    """
    itemsets = _as_itemsets(itemsets_or_baskets, min_support, max_len)
    min_confidence = require_probability(min_confidence, "min_confidence", low_open=False)
    if min_lift is not None:
        min_lift = require_non_negative(min_lift, "min_lift")
    require_flag(single_consequent, "single_consequent")
    n = _n_baskets(itemsets, n_baskets)
    lookup = dict(zip(itemsets["items"], itemsets["count"].astype(np.int64)))
    lengths = itemsets["length"].to_numpy()
    n_rules = int(lengths[lengths > 1].sum()) if single_consequent else \
        int(sum(2 ** int(k) - 2 for k in lengths[lengths > 1]))
    if n_rules > MAX_RULES:
        raise ValueError(tr("These itemsets would give {n_rules:,} candidate rules (more than {MAX_RULES:,}). Mine "
                            "with a higher min_support or a smaller max_len, or use single_consequent=True.",
                            n_rules=n_rules, MAX_RULES=MAX_RULES))
    ante, cons, joint = [], [], []
    for items, count in zip(itemsets["items"], itemsets["count"]):
        k = len(items)
        if k < 2:
            continue
        sizes = [k - 1] if single_consequent else range(1, k)
        for size in sizes:
            for a in combinations(items, size):
                ante.append(a)
                cons.append(tuple(i for i in items if i not in a))
                joint.append(count)
    if not ante:
        return empty_rules()
    try:
        count_a = np.fromiter((lookup[a] for a in ante), dtype=np.int64, count=len(ante))
        count_c = np.fromiter((lookup[c] for c in cons), dtype=np.int64, count=len(cons))
    except KeyError as err:
        raise ValueError(
            tr("itemsets lacks the itemset {itemset!r}, a subset of a listed itemset; pass the whole, unfiltered "
               "output of frequent_itemsets.", itemset=SEPARATOR.join(err.args[0]))) from None
    count_ac = np.asarray(joint, dtype=np.int64)
    support = count_ac / n
    s_a, s_c = count_a / n, count_c / n
    confidence = count_ac / count_a
    lift = (count_ac * n) / (count_a * count_c)
    conviction = np.full(len(ante), np.inf)
    below = count_ac < count_a                      # confidence < 1; else conviction is infinite
    conviction[below] = (1 - s_c[below]) / (1 - confidence[below])
    rules = pd.DataFrame({
        "antecedent": pd.Series([SEPARATOR.join(a) for a in ante], dtype=object),
        "consequent": pd.Series([SEPARATOR.join(c) for c in cons], dtype=object),
        "support": support, "confidence": confidence, "lift": lift,
        "leverage": support - s_a * s_c, "conviction": conviction,
        "antecedent_support": s_a, "consequent_support": s_c, "count": count_ac,
        "antecedent_items": pd.Series(ante, dtype=object), "consequent_items": pd.Series(cons, dtype=object),
    })
    keep = rules["confidence"].to_numpy() >= min_confidence
    if min_lift is not None:
        keep &= rules["lift"].to_numpy() >= min_lift
    return _sort_rules(rules.loc[keep])


def _as_itemsets(obj: Any, min_support: float | None, max_len: int | None) -> pd.DataFrame:
    if obj is Ellipsis:
        raise TypeError(tr("itemsets_or_baskets is still `...`: pass frequent_itemsets(...) or a basket matrix."))
    if isinstance(obj, pd.DataFrame) and {"items", "count", "length"} <= set(obj.columns):
        if obj.empty:
            raise ValueError(tr("The itemsets table is empty: no itemset reached min_support, so there are no rules. "
                                "Lower min_support."))
        return obj
    if isinstance(obj, pd.DataFrame):
        if min_support is None:
            check_baskets(obj, "itemsets_or_baskets")
            raise ValueError(tr("A basket matrix was given, so pass min_support too (e.g. association_rules(baskets, "
                                "min_support=0.01))."))
        return frequent_itemsets(obj, min_support, max_len)
    raise TypeError(tr("itemsets_or_baskets must be the output of frequent_itemsets or a boolean basket matrix "
                       "(DataFrame), got {type_name}.", type_name=type(obj).__name__))


def _n_baskets(itemsets: pd.DataFrame, n_baskets: Any) -> int:
    """The number of baskets: given, or count / support of the itemsets (which must agree)."""
    counts = require_numeric(itemsets, "count", "itemsets", non_negative=True).to_numpy()
    if n_baskets is not None:
        n = require_whole_number(n_baskets, "n_baskets")
        if (counts > n).any():
            raise ValueError(tr("n_baskets={n} is smaller than the largest itemset count ({largest:g}); pass the "
                                "number of baskets the itemsets were counted on.", n=n, largest=counts.max()))
        return n
    if "support" not in itemsets.columns:
        raise ValueError(tr("itemsets has no 'support' column, so the number of baskets is unknown; pass n_baskets= "
                            "(e.g. len(baskets))."))
    support = require_numeric(itemsets, "support", "itemsets", non_negative=True).to_numpy()
    usable = (support > 0) & (counts > 0)
    if not usable.any():
        raise ValueError(tr("itemsets has no row with a positive count and support, so the number of baskets cannot "
                            "be read off it; pass n_baskets= (e.g. len(baskets))."))
    implied = np.round(counts[usable] / support[usable])
    if implied.min() != implied.max() or not np.isfinite(implied[0]):
        raise ValueError(tr("The itemsets' count / support do not give one number of baskets (the table was edited "
                            "or combined from several minings); pass n_baskets= explicitly."))
    return int(implied[0])


def _sort_rules(rules: pd.DataFrame) -> pd.DataFrame:
    return rules.sort_values(["lift", "confidence", "support", "antecedent", "consequent"],
                             ascending=[False, False, False, True, True], kind="stable", ignore_index=True)


def rule_sentence(rule: pd.Series) -> str:
    """Read one rule aloud as a business sentence.

    Parameters
    ----------
    rule : Series
        One row of :func:`association_rules` (e.g. ``rules.iloc[0]``).

    Returns
    -------
    str

    Examples
    --------
    >>> from crm_lessons.basket import association_rules, basket_matrix, rule_sentence, toy_transactions
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.3, min_confidence=0.9)
    >>> print(rule_sentence(rules.iloc[0]))  # doctest: +NORMALIZE_WHITESPACE
    Of the baskets with Espresso machine, 100% also hold Coffee beans 1kg: 2.0 times the 50% of all baskets
    that do. Both are in 40% of all baskets.
    """
    if not isinstance(rule, pd.Series):
        raise TypeError(tr("rule must be one row of the rules table (a Series, e.g. rules.iloc[0]), got {type_name}.",
                           type_name=type(rule).__name__))
    missing = [c for c in ("antecedent", "consequent", "support", "confidence", "lift", "consequent_support")
               if c not in rule.index]
    if missing:
        raise ValueError(tr("rule has no {missing}: pass a row of crm.basket.association_rules(...).",
                            missing=', '.join(missing)))
    return (f"Of the baskets with {rule['antecedent']}, {_share(rule['confidence'])} also hold "
            f"{rule['consequent']}: {rule['lift']:.1f} times the {_share(rule['consequent_support'])} of all "
            f"baskets that do. Both are in {_share(rule['support'])} of all baskets.")


def _share(value: float) -> str:
    """A share as a percentage with two significant digits for small values (0.4%, not 0%)."""
    if value >= 0.1 or value == 0:
        return f"{value:.0%}"
    return f"{value:.1%}" if value >= 0.01 else f"{value:.2%}"


def filter_rules(rules: pd.DataFrame, min_support: float | None = None, min_confidence: float | None = None,
                 min_lift: float | None = None, *, mentions: str | None = None, side: str = "any") -> pd.DataFrame:
    """Keep the rules that pass the thresholds and mention an item: fast, for explorers.

    Rules mined once at a low support and confidence can be narrowed down here in
    milliseconds. Filtering on rule support gives exactly the rules a higher
    ``min_support`` would have mined, because every subset of a frequent itemset
    is frequent.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`association_rules`.
    min_support, min_confidence, min_lift : float, optional
        Lower bounds (inclusive).
    mentions : str, optional
        An item name: keep only rules with this item on the chosen ``side``.
    side : {"any", "antecedent", "consequent"}
        Where ``mentions`` must appear.

    Returns
    -------
    DataFrame
        The matching rules, in the order of ``rules``, with a fresh index.

    Examples
    --------
    >>> from crm_lessons.basket import association_rules, basket_matrix, filter_rules, toy_transactions
    >>> rules = association_rules(basket_matrix(toy_transactions()), min_support=0.1, min_confidence=0)
    >>> filter_rules(rules, min_support=0.3, mentions="Espresso machine", side="antecedent")["consequent"].tolist()
    ['Coffee beans 1kg', 'Coffee beans 1kg', 'Scented candle', 'Scented candle']
    """
    frame = check_rules(rules)
    keep = np.ones(len(frame), dtype=bool)
    for arg, value, column in (("min_support", min_support, "support"),
                               ("min_confidence", min_confidence, "confidence")):
        if value is not None:
            keep &= frame[column].to_numpy() >= require_probability(value, arg, low_open=False)
    if min_lift is not None:
        keep &= frame["lift"].to_numpy() >= require_non_negative(min_lift, "min_lift")
    if side not in ("any", "antecedent", "consequent"):
        raise ValueError(tr("side must be 'any', 'antecedent' or 'consequent', got {side!r}.", side=side))
    if mentions is not None:
        if not isinstance(mentions, str):
            raise TypeError(tr("mentions must be an item name (str), got {type_name}.",
                               type_name=type(mentions).__name__))
        rows = np.flatnonzero(keep)                      # test membership only where thresholds pass
        found = np.zeros(len(rows), dtype=bool)
        for part in ("antecedent", "consequent"):
            if side in ("any", part):
                tuples = frame[f"{part}_items"].to_numpy()[rows]
                found |= np.fromiter((mentions in t for t in tuples), dtype=bool, count=len(rows))
        keep[rows[~found]] = False
    return frame.loc[keep].reset_index(drop=True)



def rules_by_segment(tx: pd.DataFrame, *, segment: str, basket: str = "order_id", item: str = "product",
                     min_support: float, min_confidence: float = 0.3, min_lift: float | None = None,
                     max_len: int | None = None) -> pd.DataFrame:
    """Mine rules separately within each segment of baskets (supports are shares of that segment).

    Parameters
    ----------
    tx : DataFrame
        Transactions with a ``segment`` column (constant within a basket).
    segment : str
        Column naming each line's segment (e.g. the customer's RFM segment or channel).
    basket, item : str
        Basket id and item columns.
    min_support, min_confidence, min_lift, max_len
        Thresholds applied within each segment.

    Returns
    -------
    DataFrame
        ``segment``, ``baskets`` (baskets in the segment), then the rule columns of
        :func:`association_rules`; segments in sorted order.

    Examples
    --------
    >>> from crm_lessons.basket import rules_by_segment, toy_transactions
    >>> tx = toy_transactions()
    >>> tx["half"] = (tx["order_id"] <= "T05").map({True: "first", False: "second"})
    >>> out = rules_by_segment(tx, segment="half", min_support=0.4, min_confidence=0.9)
    >>> out[["segment", "baskets", "antecedent", "consequent"]].to_dict("records")[-1]
    {'segment': 'second', 'baskets': 5, 'antecedent': 'Milk frother', 'consequent': 'Scented candle'}
    """
    require_frame(tx, "tx")
    require_columns(tx, {"segment": segment, "basket": basket, "item": item}, "tx")
    if tx[segment].isna().any():
        raise ValueError(tr("Column {segment!r} of tx (segment=) has {count} missing value(s); give every line a "
                            "segment or drop those lines first.", segment=segment, count=int(tx[segment].isna().sum())))
    mixed = tx.groupby(basket)[segment].nunique()
    if (mixed > 1).any():
        raise ValueError(tr("{count} basket(s) span more than one {segment!r} value; a basket must belong to one "
                            "segment.", count=int((mixed > 1).sum()), segment=segment))
    parts = []
    for value, lines in sorted(tx.groupby(segment, sort=False), key=lambda kv: str(kv[0])):
        baskets = basket_matrix(lines, basket=basket, item=item, min_support=min_support)
        if baskets.shape[1] == 0 or len(baskets) < 2:
            continue                              # no item is frequent in this segment: no rules
        itemsets = frequent_itemsets(baskets, min_support, max_len)
        if not (itemsets["length"] > 1).any():
            continue
        rules = association_rules(itemsets, min_confidence=min_confidence, min_lift=min_lift)
        parts.append(rules.assign(segment=value, baskets=len(baskets)))
    columns = ["segment", "baskets", *empty_rules().columns]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]
