"""Charts for chapter 05 (segmentation): RFM grids, segment value, clusters, loyalty typologies, budgets.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), takes a ``title``
that states the finding, labels the axes with units and returns the axes.
"""
from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _, data_name, tr
from .theme import (
    ANNOTATION_SIZE,
    DENSE_ANNOTATION_SIZE,
    PALETTE,
    SEQUENTIAL_CMAP,
    TEXT_SIZES,
    axes_or_new,
    finish,
    money_axis,
    percent_axis,
)

__all__ = ["rf_heatmap", "segment_map", "segment_value_chart", "elbow_silhouette_chart", "cluster_scatter",
           "segment_crosstab_chart", "typology_chart", "segment_budget_chart"]


def _frame(obj: Any, columns: list[str], arg: str) -> pd.DataFrame:
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(tr("{arg} must be a DataFrame, got {type_name}.", arg=arg, type_name=type(obj).__name__))
    missing = [c for c in columns if c not in obj.columns]
    if missing:
        raise ValueError(tr("{arg} has no column(s) {missing}; pass the table from the matching crm function.",
                            arg=arg, missing=missing))
    return obj


def _text_colour(share: float) -> str:
    """Black text on the light end of cividis, white on the dark end."""
    return "black" if share >= 0.55 else "white"


def _annotated_grid(ax: Any, grid: pd.DataFrame, fmt: str) -> Any:
    values = grid.to_numpy(dtype=float)
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    image = ax.imshow(values, cmap=SEQUENTIAL_CMAP, aspect="auto", vmin=0, vmax=top or 1.0)
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=DENSE_ANNOTATION_SIZE,
                    color=_text_colour(v / top if top else 0))
    ax.set_xticks(range(grid.shape[1]), [str(data_name(c)) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(data_name(r)) for r in grid.index])
    ax.grid(False)
    return image


def _cell_label(name: str) -> str:
    """A segment name wrapped to fit a grid cell: English at spaces; Chinese (no spaces) before "客户", or evenly.

    >>> _cell_label("Potential loyalists"), _cell_label("潜在忠诚客户"), _cell_label("近期购买经常购买")
    ('Potential\\nloyalists', '潜在忠诚\\n客户', '近期购买\\n经常购买')
    """
    if name.isascii() or len(name) <= 5:
        return "\n".join(textwrap.wrap(name, 11)) or name
    if name.endswith("客户") and len(name) <= 8:
        return f"{name[:-2]}\n客户"
    lines = -(-len(name) // 6)
    width = -(-len(name) // lines)
    return "\n".join(name[k:k + width] for k in range(0, len(name), width))


def rf_heatmap(scores: pd.DataFrame, *, title: str, value: str | None = None, ax: Any = None) -> Any:
    """Heatmap of the R score (rows, most recent on top) by the F score (columns).

    Cells show the number of customers, or the mean of column ``value`` (e.g.
    ``"monetary"``) when given. ``scores`` is the table of :func:`crm_lessons.rfm.rfm_scores`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"r_score": [1, 2, 2], "f_score": [1, 1, 2], "monetary": [5.0, 9.0, 30.0]})
    >>> ax = rf_heatmap(s, title="Recent buyers are frequent buyers")
    >>> plt.close("all")
    """
    table = _frame(scores, ["r_score", "f_score"] + ([value] if value else []), "scores")
    bins = int(table.attrs.get("bins", max(table["r_score"].max(), table["f_score"].max())))
    levels = list(range(1, bins + 1))
    if value is None:
        grid = pd.crosstab(table["r_score"], table["f_score"]).reindex(index=levels, columns=levels, fill_value=0)
        fmt, label = ",.0f", _("Customers (count)")
    else:
        grid = table.pivot_table(index="r_score", columns="f_score", values=value, aggfunc="mean",
                                 observed=False).reindex(index=levels, columns=levels)
        fmt = ",.0f"
        label = (_("Mean total spend (¥)") if value == "monetary"
                 else tr("Mean {value}", value=value))
    grid = grid.iloc[::-1]                                   # most recent (highest R) at the top
    ax = axes_or_new(ax, (6.5, 5.0))
    image = _annotated_grid(ax, grid, fmt)
    ax.figure.colorbar(image, ax=ax, label=label)
    return finish(ax, title, tr("F score (1 = fewest orders, {bins} = most)", bins=bins),
                  tr("R score (1 = longest ago, {bins} = most recent)", bins=bins))


def segment_map(rules: pd.DataFrame | None = None, *, title: str, scores: pd.DataFrame | None = None,
                ax: Any = None) -> Any:
    """The rule table drawn as a 5 x 5 grid of R and F scores, one colour per segment.

    Every cell is also labelled with its segment's name (colours repeat after eleven segments).

    With ``scores`` (from :func:`crm_lessons.rfm.rfm_scores`) each cell also shows
    how many customers fall in it (scores of other ``bins`` are mapped to 1-5).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = segment_map(title="Ten segments on one grid")
    >>> plt.close("all")
    """
    from matplotlib.colors import ListedColormap, to_rgb

    from .. import rfm

    rules = rfm.SEGMENT_RULES if rules is None else rfm.check_segment_rules(rules)
    grid = rfm.segment_grid(rules)
    names = list(dict.fromkeys(rules["segment"]))
    base = [c for c in PALETTE if c != "#000000"] + ["#999999", "#CCCCCC", "#666666"]   # every cell is also labelled
    colours = [base[k % len(base)] for k in range(len(names))]
    codes = np.vectorize(names.index)(grid)[::-1]            # R = 5 on top
    counts = None
    if scores is not None:
        table = _frame(scores, ["r_score", "f_score"], "scores")
        bins = int(table.attrs.get("bins", 5))
        r5 = rfm.scores_on_five(table["r_score"].to_numpy(np.int64), bins)
        f5 = rfm.scores_on_five(table["f_score"].to_numpy(np.int64), bins)
        counts = pd.crosstab(r5, f5).reindex(index=range(1, 6), columns=range(1, 6), fill_value=0).to_numpy()[::-1]
    ax = axes_or_new(ax, (8.0, 6.0))
    ax.imshow(codes, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(names) - 0.5, aspect="auto", alpha=0.85)
    for i in range(5):
        for j in range(5):
            label = _cell_label(str(data_name(names[codes[i, j]])))
            if counts is not None:
                label += f"\n({counts[i, j]:,})"
            red, green, blue = to_rgb(colours[codes[i, j]])
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
            ax.text(j, i, label, ha="center", va="center", fontsize=DENSE_ANNOTATION_SIZE,
                    color="white" if dark else "black")
    ax.set_xticks(range(5), [str(f) for f in range(1, 6)])
    ax.set_yticks(range(5), [str(r) for r in range(5, 0, -1)])
    ax.grid(False)
    return finish(ax, title, _("F score (1 = fewest orders, 5 = most)"),
                  _("R score (1 = longest ago, 5 = most recent)"))


def segment_value_chart(summary: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Side-by-side bars: each segment's share of customers and share of monetary value.

    ``summary`` is the table of :func:`crm_lessons.rfm.segment_summary` (or
    :func:`crm_lessons.segments.cluster_profile`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"customer_share": [0.2, 0.8], "value_share": [0.7, 0.3]}, index=["Top", "Rest"])
    >>> ax = segment_value_chart(s, title="A fifth of customers bring 70 % of sales")
    >>> plt.close("all")
    """
    table = _frame(summary, ["customer_share", "value_share"], "summary")
    ax = axes_or_new(ax, (8.0, 0.45 * len(table) + 1.6))
    y = np.arange(len(table))
    ax.barh(y - 0.2, table["customer_share"], height=0.4, color=PALETTE[5], label=_("Share of customers"))
    ax.barh(y + 0.2, table["value_share"], height=0.4, color=PALETTE[0], label=_("Share of monetary value"))
    ax.set_yticks(y, [str(data_name(s)) for s in table.index])
    ax.invert_yaxis()
    percent_axis(ax, "x")
    ax.legend(loc="lower right")
    return finish(ax, title, _("Share of all customers / of all money spent (%)"), _("Segment"))


def elbow_silhouette_chart(table: pd.DataFrame, *, title: str, axes: Any = None) -> Any:
    """Two panels: inertia (elbow) and silhouette against the number of clusters k.

    ``table`` is the output of :func:`crm_lessons.segments.choose_k`. Returns
    the two axes; ``title`` goes on the left (elbow) panel.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"inertia": [90.0, 50.0, 40.0], "silhouette": [0.5, 0.4, 0.35]}, index=[2, 3, 4])
    >>> axes = elbow_silhouette_chart(t, title="The elbow is at k = 3")
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    t = _frame(table, ["inertia", "silhouette"], "table")
    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.0))
    left, right = axes
    left.plot(t.index, t["inertia"], marker="o", color=PALETTE[0])
    right.plot(t.index, t["silhouette"], marker="o", color=PALETTE[2])
    best = t["silhouette"].idxmax()
    right.scatter([best], [t.loc[best, "silhouette"]], s=140, facecolors="none", edgecolors=PALETTE[3], zorder=3)
    for ax in axes:
        ax.set_xticks(list(t.index))
    finish(left, title, _("Number of clusters k"), _("Inertia (sum of squared distances)"))
    finish(right, tr("Silhouette is highest at k = {best}", best=best), _("Number of clusters k"),
           _("Mean silhouette (-1 to 1)"))
    return axes


def cluster_scatter(rfm: pd.DataFrame, clusters: pd.Series, *, title: str, ax: Any = None) -> Any:
    """Customers by frequency (x) and monetary value (y), log scales, coloured by cluster.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> r = pd.DataFrame({"recency": [1, 200], "frequency": [9, 1], "monetary": [900.0, 20.0]})
    >>> ax = cluster_scatter(r, pd.Series([1, 2]), title="Two clear groups")
    >>> plt.close("all")
    """
    from matplotlib.ticker import FuncFormatter

    table = _frame(rfm, ["frequency", "monetary"], "rfm")
    if not isinstance(clusters, pd.Series) or len(clusters) != len(table):
        raise ValueError(tr("clusters must be a Series with one label per row of rfm."))
    ax = axes_or_new(ax)
    rng = np.random.default_rng(0)                  # jitter: many customers share a frequency
    jitter = np.exp(rng.uniform(-0.12, 0.12, len(table)))
    labels = clusters.to_numpy()
    for colour, label in zip(PALETTE * 3, sorted(pd.unique(labels))):
        mask = labels == label
        ax.scatter(table["frequency"].to_numpy()[mask] * jitter[mask], table["monetary"].to_numpy()[mask],
                   s=9, alpha=0.5, color=colour,
                   label=tr("Cluster {label} ({count:,})", label=data_name(label), count=mask.sum()))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    money_axis(ax)
    ax.legend(loc="upper left", markerscale=2)
    return finish(ax, title, _("Frequency (distinct orders, log scale)"), _("Monetary value (¥, log scale)"))


def segment_crosstab_chart(table: pd.DataFrame, *, title: str, xlabel: str, ylabel: str,
                           ax: Any = None) -> Any:
    """Annotated heatmap of a cross-table of counts (e.g. clusters x RFM segments).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.crosstab(pd.Series([1, 1, 2]), pd.Series(["A", "B", "B"]))
    >>> ax = segment_crosstab_chart(t, title="Cluster 2 is all B", xlabel="Segment", ylabel="Cluster")
    >>> plt.close("all")
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(tr("table must be a DataFrame of counts (e.g. from pd.crosstab), got {type_name}.",
                           type_name=type(table).__name__))
    ax = axes_or_new(ax, (max(6.0, 0.9 * table.shape[1] + 2), max(3.0, 0.55 * table.shape[0] + 1.5)))
    _annotated_grid(ax, table, ",.0f")
    ax.tick_params(axis="x", labelrotation=30)
    return finish(ax, title, xlabel, ylabel)


def typology_chart(typed: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, ax: Any = None) -> Any:
    """A 2 x 2 chart of a loyalty typology: each quadrant with its type, count and share.

    ``typed`` is the output of :func:`crm_lessons.typologies.dick_basu`,
    :func:`~crm_lessons.typologies.knox`, :func:`~crm_lessons.typologies.reinartz_kumar`
    or :func:`~crm_lessons.typologies.jones_sasser`; the axis ticks show the cuts and each
    quadrant its type under the name the typology's source gives (in Chinese in the Chinese edition).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.typologies import knox
    >>> t = knox(pd.DataFrame({"involvement": [6.0, 2.0, 5.0], "brands_bought": [1, 4, 3]}), brands_cut=3)
    >>> ax = typology_chart(t, title="Few loyals", xlabel="Brands bought", ylabel="Involvement (1-7)")
    >>> sorted(text.get_text().splitlines()[0] for text in ax.texts)
    ['Brand switchers', 'Habitual buyers', 'Loyals', 'Multi-brand buyers']
    >>> plt.close("all")
    """
    from ..typologies import TYPOLOGIES

    frame = _frame(typed, ["type"], "typed")
    info = frame.attrs.get("typology")
    if not info:
        raise ValueError(tr("typed has no typology information: pass the table returned by crm.typologies.dick_basu, "
                            "knox, reinartz_kumar or jones_sasser."))
    layout = TYPOLOGIES[info["name"]]
    counts = frame["type"].value_counts()
    total = int(counts.sum())
    cells = {(int(row.y_high), int(row.x_high)): (row.type, int(counts.get(row.type, 0)))
             for row in layout.itertuples(index=False)}
    shares = np.zeros((2, 2))
    for (i, j), (_name, n) in cells.items():
        shares[i, j] = n / total
    top = max(shares.max(), 1e-9)
    ax = axes_or_new(ax, (7.0, 5.5))
    ax.imshow(shares, cmap=SEQUENTIAL_CMAP, origin="lower", vmin=0, vmax=top, aspect="auto")
    for (i, j), (name, n) in cells.items():
        ax.text(j, i, f"{data_name(name)}\n{n:,} ({n / total:.0%})", ha="center", va="center",
                fontsize=TEXT_SIZES["text"],
                fontweight="bold", color=_text_colour(shares[i, j] / top))
    ax.set_xticks([0, 1], [tr("low (< {cut:.3g})", cut=info["x_cut"]), tr("high (≥ {cut:.3g})", cut=info["x_cut"])])
    ax.set_yticks([0, 1], [tr("low (< {cut:.3g})", cut=info["y_cut"]), tr("high (≥ {cut:.3g})", cut=info["y_cut"])])
    ax.axhline(0.5, color="white", linewidth=3)
    ax.axvline(0.5, color="white", linewidth=3)
    ax.grid(False)
    return finish(ax, title, xlabel, ylabel)


def segment_budget_chart(allocation: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Bars of the budget per segment with the budget per customer written beside each bar.

    ``allocation`` is the table of :func:`crm_lessons.segments.allocate_budget`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> a = pd.DataFrame({"budget": [600.0, 400.0], "budget_per_customer": [60.0, 10.0]}, index=["A", "B"])
    >>> ax = segment_budget_chart(a, title="Champions get most")
    >>> plt.close("all")
    """
    table = _frame(allocation, ["budget", "budget_per_customer"], "allocation")
    ax = axes_or_new(ax, (8.0, 0.45 * len(table) + 1.6))
    y = np.arange(len(table))
    ax.barh(y, table["budget"], color=PALETTE[0])
    for k, (amount, per_head) in enumerate(zip(table["budget"], table["budget_per_customer"])):
        ax.text(amount, k, "  " + tr("¥{amount:,.2f} per customer", amount=per_head), va="center",
                fontsize=ANNOTATION_SIZE)
    ax.set_yticks(y, [str(data_name(s)) for s in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, table["budget"].max() * 1.45 if table["budget"].max() > 0 else 1)
    money_axis(ax, "x")
    return finish(ax, title, _("Budget (¥)"), _("Segment"))
