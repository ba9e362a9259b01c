"""Charts of chapter 3 (loyalty theory): intentions by stage, construct correlations, drivers, defectors.

Each function takes the tables made by :mod:`crm_lessons.loyalty` and returns the
matplotlib ``Axes`` it drew on; the default titles state what the data shows.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_columns, require_frame
from ..i18n import N_, _, data_label, data_name, tr
from .theme import ANNOTATION_SIZE, DENSE_ANNOTATION_SIZE, DIVERGING_CMAP, PALETTE, axes_or_new, finish

__all__ = ["intentions_stage_chart", "theory_vs_measured_chart", "construct_heatmap", "driver_effects_chart",
           "planted_vs_fitted_chart", "defection_chart", "intentions_forecast_chart"]

SCALE_LABEL = N_("(1-7 scale)")


def _level_label(text: str) -> str:
    """A strength word (wrapped over lines or not) in the reader's language, from data_names.csv."""
    shown = data_name(" ".join(text.split()))
    return text if shown == " ".join(text.split()) else shown


def intentions_stage_chart(means: pd.DataFrame, intentions: list[str] | None = None, *,
                           title: str | None = None, ax: Any = None) -> Any:
    """Line chart: mean of each loyalty intention across the lifecycle stages.

    Parameters
    ----------
    means : DataFrame
        From :func:`crm_lessons.loyalty.intentions_by_stage` (index = stage in order).
    intentions : list of str, optional
        Columns to draw; default every column except ``n``.
    title : str, optional
        Replaces the default title (which names the stage where intentions peak).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> m = pd.DataFrame({"repurchase": [3.0, 5.0]}, index=pd.Index(["development", "stability"], name="stage"))
    >>> intentions_stage_chart(m).get_title()
    'Loyalty intentions peak in the stability stage'
    >>> plt.close("all")
    """
    means = require_frame(means, "means")
    cols = intentions if intentions is not None else [c for c in means.columns if c != "n"]
    require_columns(means, list(cols), "means")
    ax = axes_or_new(ax, (8, 4.5))
    x = np.arange(len(means))
    markers = ["o", "s", "^", "D", "v", "P"]
    for i, col in enumerate(cols):
        ax.plot(x, means[col].to_numpy(float), marker=markers[i % len(markers)], color=PALETTE[i % len(PALETTE)],
                label=data_label(col), linewidth=2)
    ax.set_xticks(x, [data_label(s) for s in means.index])
    ax.set_ylim(1, 7)
    ax.legend(loc="upper left", ncols=2)
    peak = means[cols].mean(axis=1).idxmax()
    finish(ax, title or tr("Loyalty intentions peak in the {stage} stage", stage=data_label(peak)),
           _("Lifecycle stage"),
           tr("Mean intention {scale}", scale=_(SCALE_LABEL)))
    return ax


def theory_vs_measured_chart(theory: pd.DataFrame, means: pd.DataFrame, intentions: list[str] | None = None, *,
                             level_names: dict[float, str] | None = None, title: str | None = None,
                             ax: Any = None) -> Any:
    """Scatter: the strength lifecycle theory predicts against the measured mean.

    Parameters
    ----------
    theory : DataFrame
        Predicted strength per stage (rows) and intention (columns), e.g.
        :func:`crm_lessons.lifecycle.stage_table` with ``numeric=True``; stages whose
        strengths are missing (the deck gives none for decline) are left out.
    means : DataFrame
        :func:`crm_lessons.loyalty.intentions_by_stage`.
    intentions : list of str, optional
        Intention columns present in both (default: all shared columns except ``n``).
    level_names : dict, optional
        Tick label for each strength level (default: 1-4 as very low, low, medium, high).
    title : str, optional
        Replaces the default title (which reports the rank correlation).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> idx = pd.Index(["identification", "stability"], name="stage")
    >>> ax = theory_vs_measured_chart(pd.DataFrame({"repurchase": [2, 4]}, index=idx),
    ...                               pd.DataFrame({"repurchase": [3.5, 5.4]}, index=idx))
    >>> plt.close("all")
    """
    theory = require_frame(theory, "theory")
    means = require_frame(means, "means")
    cols = intentions if intentions is not None else [c for c in theory.columns if c in means.columns and c != "n"]
    require_columns(theory, list(cols), "theory")
    require_columns(means, list(cols), "means")
    stages = [s for s in theory.index if s in means.index and theory.loc[s, cols].notna().all()]
    if not stages or not cols:
        raise ValueError(tr("theory and means share no stage (index) or no intention column to compare."))
    ax = axes_or_new(ax, (9.5, 4.5))
    pairs = []
    for i, col in enumerate(cols):
        pred = theory.loc[stages, col].to_numpy(float)
        got = means.loc[stages, col].to_numpy(float)
        offset = (i - (len(cols) - 1) / 2) * 0.06
        ax.scatter(pred + offset, got, s=60, color=PALETTE[i % len(PALETTE)], label=data_label(col), zorder=3)
        pairs += list(zip(pred, got))
    frame = pd.DataFrame(pairs, columns=["theory", "measured"])
    rho = frame["theory"].corr(frame["measured"], method="spearman")
    levels = sorted(frame["theory"].unique())
    names = level_names if level_names is not None else {1: _("very low"), 2: _("low"), 3: _("medium"), 4: _("high")}
    ax.set_xticks(levels, [_level_label(names.get(float(v), f"{v:g}")) for v in levels])
    ax.legend(loc="upper left")
    finish(ax, title or tr("Theory's ranking matches the survey (Spearman rho = {rho:.2f})", rho=rho),
           _("Strength predicted by lifecycle theory (level)"),
           tr("Measured mean intention {scale}", scale=_(SCALE_LABEL)))
    return ax


def construct_heatmap(scores: pd.DataFrame, columns: list[str] | None = None, *,
                      title: str | None = None, ax: Any = None) -> Any:
    """Heatmap of the Pearson correlations between construct scores, annotated.

    Parameters
    ----------
    scores : DataFrame
        Construct scores, e.g. from :func:`crm_lessons.loyalty.construct_scores`.
    columns : list of str, optional
        Which numeric columns to correlate (default: all numeric columns).
    title : str, optional
        Replaces the default title (which names the construct most related to loyalty).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"trust": [1.0, 2, 3, 4], "loyalty": [1.0, 3, 2, 4]})
    >>> construct_heatmap(s).get_title()
    'Trust moves most closely with loyalty'
    >>> plt.close("all")
    """
    import seaborn as sns

    scores = require_frame(scores, "scores")
    if columns is None:
        columns = [c for c in scores.columns if pd.api.types.is_numeric_dtype(scores[c])
                   and not pd.api.types.is_bool_dtype(scores[c])]
    require_columns(scores, list(columns), "scores")
    if len(columns) < 2:
        raise ValueError(tr("scores needs at least 2 numeric columns to correlate."))
    corr = scores[columns].astype(float).corr()
    closest = corr["loyalty"].drop("loyalty").abs().idxmax() if "loyalty" in columns else None
    corr.index = corr.columns = [data_label(c) for c in columns]
    ax = axes_or_new(ax, (10, 5.2))
    sns.heatmap(corr, ax=ax, cmap=DIVERGING_CMAP, vmin=-1, vmax=1, annot=True, fmt=".2f",
                cbar_kws={"label": _("Pearson correlation r")}, annot_kws={"fontsize": DENSE_ANNOTATION_SIZE})
    ax.tick_params(axis="x", labelrotation=30)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    if title is None:
        title = _("Correlations between the construct scores")
        if closest is not None:
            title = tr("{construct} moves most closely with loyalty", construct=data_label(closest).capitalize())
    finish(ax, title, _("Construct (mean of its items)"), _("Construct (mean of its items)"))
    return ax


def driver_effects_chart(model: pd.DataFrame, outcome: str = "loyalty", *, title: str | None = None,
                         ax: Any = None) -> Any:
    """Grouped bars: standardized effect of each driver, per lifecycle stage.

    Parameters
    ----------
    model : DataFrame
        From :func:`crm_lessons.loyalty.driver_model`.
    outcome : str
        Which outcome's effects to draw.
    title : str, optional
        Replaces the default title (which says whether the top driver changes across stages).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> m = pd.DataFrame({"stage": ["a", "a", "b", "b"], "outcome": "y", "driver": ["x", "z", "x", "z"],
    ...                   "effect": [0.5, 0.2, 0.1, 0.6], "rank": [1, 2, 2, 1]})
    >>> driver_effects_chart(m, "y").get_title()
    'The strongest driver changes from stage to stage'
    >>> plt.close("all")
    """
    model = require_frame(model, "model")
    require_columns(model, {c: c for c in ("stage", "outcome", "driver", "effect")}, "model")
    part = model[model["outcome"] == outcome]
    if part.empty:
        raise ValueError(tr("model has no rows for outcome {outcome!r}; it holds {outcomes}.",
                            outcome=outcome, outcomes=sorted(model['outcome'].unique())))
    table = part.pivot(index="stage", columns="driver", values="effect")
    table = table.loc[list(dict.fromkeys(part["stage"])), list(dict.fromkeys(part["driver"]))]
    ax = axes_or_new(ax, (9, 4.8))
    width = 0.8 / table.shape[1]
    x = np.arange(len(table))
    for j, driver in enumerate(table.columns):
        ax.bar(x + (j - (table.shape[1] - 1) / 2) * width, table[driver], width * 0.95,
               color=PALETTE[j % len(PALETTE)], label=data_label(driver))
    ax.set_xticks(x, [data_label(s) for s in table.index])
    ax.axhline(0, color="black", linewidth=0.8)
    low, high = min(0.0, float(table.min().min())), float(table.max().max())
    ax.set_ylim(low * 1.1, high * 1.6)   # head-room for the legend (title and a row of drivers)
    ax.legend(title=_("Driver"), loc="upper center", ncols=table.shape[1])
    tops = table.drop(index="all", errors="ignore").abs().idxmax(axis=1)
    default = (_("The strongest driver changes from stage to stage") if tops.nunique() > 1
               else tr("{driver} is the strongest driver in every stage", driver=data_label(tops.iloc[0]).capitalize()))
    finish(ax, title or default, _("Lifecycle stage"),
           tr("Standardized effect on {outcome} (SD per SD of driver)", outcome=data_label(outcome)))
    return ax


def planted_vs_fitted_chart(compare: pd.DataFrame, *, x: str = "planted", y: str = "fitted",
                            title: str | None = None,
                            xlabel: str = N_("Planted weight (share of the stage's total)"),
                            ylabel: str = N_("Fitted standardized effect (share of the stage's total)"),
                            ax: Any = None) -> Any:
    """Scatter of planted against fitted driver importance, one point per stage and driver.

    Parameters
    ----------
    compare : DataFrame
        Columns ``stage``, ``driver`` and the two value columns ``x`` and ``y``
        (e.g. each driver's share of its stage's total weight/effect).
    x, y : str
        Column names of the planted and the fitted values.
    title : str, optional
        Replaces the default title (which reports the correlation).
    xlabel, ylabel : str
        Axis labels.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> c = pd.DataFrame({"stage": ["a", "a"], "driver": ["u", "v"], "planted": [0.7, 0.3], "fitted": [0.6, 0.4]})
    >>> planted_vs_fitted_chart(c).get_title()
    'Fitted effects line up with the planted ones (r = 1.00)'
    >>> plt.close("all")
    """
    compare = require_frame(compare, "compare")
    require_columns(compare, {"stage": "stage", "driver": "driver", "x": x, "y": y}, "compare")
    ax = axes_or_new(ax, (6.5, 5))
    drivers = list(dict.fromkeys(compare["driver"]))
    markers = dict(zip(dict.fromkeys(compare["stage"]), ["o", "s", "^", "D", "v", "P"] * 3))
    for j, driver in enumerate(drivers):
        for stage, mark in markers.items():
            rows = compare[(compare["driver"] == driver) & (compare["stage"] == stage)]
            ax.scatter(rows[x], rows[y], color=PALETTE[j % len(PALETTE)], marker=mark, s=70, zorder=3)
    top = float(max(compare[x].max(), compare[y].max())) * 1.1
    ax.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label=_("fitted = planted"))
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=PALETTE[j % len(PALETTE)], marker="o", linestyle="", label=data_label(d))
               for j, d in enumerate(drivers)]
    handles += [Line2D([], [], color="black", marker=m, linestyle="", label=data_label(s)) for s, m in markers.items()]
    ax.legend(handles=handles, loc="upper left", ncols=2)
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    r = compare[x].corr(compare[y])
    finish(ax, title or tr("Fitted effects line up with the planted ones (r = {r:.2f})", r=r), _(xlabel), _(ylabel))
    return ax


def defection_chart(profile: pd.DataFrame, stayed: str = "satisfied, stayed", left: str = "satisfied, defected",
                    columns: list[str] | None = None, *, title: str | None = None, ax: Any = None) -> Any:
    """Paired bars: mean driver scores of satisfied customers who stayed and who left.

    Parameters
    ----------
    profile : DataFrame
        From :func:`crm_lessons.loyalty.defection_profile` (index = group).
    stayed, left : str
        The two groups to compare.
    columns : list of str, optional
        Driver columns (default: every column except ``n``).
    title : str, optional
        Replaces the default title (which names the two largest gaps).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> p = pd.DataFrame({"n": [50, 10], "trust": [5.0, 4.0], "satisfaction": [5.6, 5.5]},
    ...                  index=["satisfied, stayed", "satisfied, defected"])
    >>> defection_chart(p).get_title()
    'Satisfied customers who left scored lower on trust and satisfaction'
    >>> plt.close("all")
    """
    profile = require_frame(profile, "profile")
    for group in (stayed, left):
        if group not in profile.index:
            raise ValueError(tr("profile has no row {group!r}; its groups are {groups}.",
                                group=group, groups=list(profile.index)))
    cols = columns if columns is not None else [c for c in profile.columns if c != "n"]
    require_columns(profile, list(cols), "profile")
    ax = axes_or_new(ax, (8, 4.5))
    x = np.arange(len(cols))
    for k, (group, colour) in enumerate(((stayed, PALETTE[0]), (left, PALETTE[3]))):
        n = f" (n = {int(profile.loc[group, 'n'])})" if "n" in profile.columns else ""
        bars = ax.bar(x + (k - 0.5) * 0.38, profile.loc[group, cols].to_numpy(float), 0.36, color=colour,
                      label=f"{data_name(group)}{n}")
        ax.bar_label(bars, fmt="%.2f", fontsize=ANNOTATION_SIZE, padding=2)
    ax.set_xticks(x, [data_label(c) for c in cols])
    ax.set_ylim(1, 7)
    ax.legend(loc="upper right")
    gap = (profile.loc[stayed, cols] - profile.loc[left, cols]).astype(float).sort_values(ascending=False)
    lower = [data_label(c) for c in gap[gap > 0].index[:2]]
    default = (tr("Satisfied customers who left scored lower on {drivers}", drivers=_(" and ").join(lower)) if lower
               else _("Satisfied customers who left scored no lower than those who stayed"))
    finish(ax, title or default, _("Driver"), tr("Mean score {scale}", scale=_(SCALE_LABEL)))
    return ax


def intentions_forecast_chart(predicted: pd.Series, *, reference: pd.Series | None = None,
                              title: str | None = None, ax: Any = None) -> Any:
    """Horizontal bars of predicted intentions on the 1-7 scale (used by the loyalty widget).

    Parameters
    ----------
    predicted : Series
        From :func:`crm_lessons.loyalty.predict_intentions` (index = outcome).
    reference : Series, optional
        Values to mark with a tick on each bar (e.g. the stage's average respondent).
    title : str, optional
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = intentions_forecast_chart(pd.Series({"repurchase": 5.5, "recommendation": 4.0}))
    >>> plt.close("all")
    """
    if not isinstance(predicted, pd.Series) or predicted.empty:
        raise TypeError(tr("predicted must be a non-empty Series (one value per intention)."))
    ax = axes_or_new(ax, (7, 3.6))
    y = np.arange(len(predicted))[::-1]
    bars = ax.barh(y, predicted.to_numpy(float), color=[PALETTE[2] if i == "loyalty" else PALETTE[0]
                                                         for i in predicted.index], height=0.6)
    ax.bar_label(bars, fmt="%.2f", label_type="center", color="white", fontweight="bold")
    if reference is not None:
        ref = reference.reindex(predicted.index).to_numpy(float)
        ax.scatter(ref, y, marker="|", s=400, color="black", zorder=3, label=_("stage\naverage"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_yticks(y, [data_label(i) for i in predicted.index])
    ax.set_xlim(1, 7)
    finish(ax, title or _("Predicted loyalty intentions"), tr("Predicted score {scale}", scale=_(SCALE_LABEL)),
           _("Intention"))
    return ax
