"""Charts for per-customer lifetime value (chapter 04): iso-value curves and two purchase models side by side.

Each helper draws on ``ax`` (a new figure when ``ax`` is None), labels the axes
with units, takes a ``title`` that states the finding, and returns the axes.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import require_frame
from ..i18n import N_, _, data_name, tr
from .theme import DENSE_ANNOTATION_SIZE, PALETTE, SEQUENTIAL_CMAP, axes_or_new, finish

__all__ = ["iso_value_chart", "models_by_frequency_chart"]


def iso_value_chart(grid: pd.DataFrame, *, title: str, levels: Any = None, currency: str = "$",
                    ax: Any = None) -> Any:
    """Iso-value curves: lines of equal CLV over recency (x) and frequency (y) (Fader, Hardie & Lee 2005b).

    ``grid`` is the table of :func:`crm_lessons.clv.iso_value_grid` (rows:
    recency, columns: frequency, values: CLV).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> g = pd.DataFrame([[10.0, 20.0, 30.0], [np.nan, 40.0, 80.0]], index=[0.0, 10.0], columns=[0, 1, 2])
    >>> ax = iso_value_chart(g, title="Recent frequent buyers are worth most", levels=[25, 50])
    >>> plt.close("all")
    """
    grid = require_frame(grid, "grid")
    ax = axes_or_new(ax)
    recency = grid.index.to_numpy(dtype=float)
    frequency = grid.columns.to_numpy(dtype=float)
    values = np.ma.masked_invalid(grid.to_numpy(dtype=float).T)
    if levels is None:
        top = float(np.nanmax(grid.to_numpy()))
        levels = np.unique(np.round(np.geomspace(max(top / 40, 1.0), top * 0.9, 7), -1 if top > 200 else 0))
    import matplotlib

    # The light end of the sequential map is invisible on white: use its darker 85 %.
    shades = matplotlib.colormaps[SEQUENTIAL_CMAP](np.linspace(0.0, 0.85, len(np.atleast_1d(levels))))
    lines = ax.contour(recency, frequency, values, levels=levels, colors=shades)
    ax.clabel(lines, fmt=lambda v: f"{currency}{v:,.0f}", fontsize=DENSE_ANNOTATION_SIZE)
    ax.set_xlim(recency.min(), recency.max())
    return finish(ax, title, _("Recency: week of the last repeat purchase"), _("Frequency: repeat purchases"))


def models_by_frequency_chart(table: pd.DataFrame, *, title: str, actual: str = "actual",
                              period_label: str = N_("holdout weeks"), ax: Any = None) -> Any:
    """Mean actual purchases (bars) and each model's expectation (lines) by calibration frequency.

    ``table`` is indexed by frequency group and has the ``actual`` column plus
    one column per model.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"actual": [0.2, 1.0], "BG/NBD": [0.25, 0.9], "Pareto/NBD": [0.22, 0.95]},
    ...                  index=["0", "1+"])
    >>> ax = models_by_frequency_chart(t, title="Both models track the actual purchases")
    >>> plt.close("all")
    """
    table = require_frame(table, "table")
    if actual not in table.columns or len(table.columns) < 2:
        raise ValueError(tr("table needs the column {actual!r} and at least one model column; it has {columns}.",
                            actual=actual, columns=list(table.columns)))
    ax = axes_or_new(ax)
    position = np.arange(len(table))
    ax.bar(position, table[actual], color="0.8", label=_("Actual"))
    markers = ["o", "s", "^", "D"]
    for i, column in enumerate(c for c in table.columns if c != actual):
        ax.plot(position, table[column], marker=markers[i % len(markers)], color=PALETTE[i % len(PALETTE)],
                label=str(data_name(column)))
    ax.set_xticks(position, [str(data_name(v)) for v in table.index])
    ax.legend(loc="upper left")
    return finish(ax, title, _("Repeat purchases in the calibration period"),
                  tr("Mean purchases per customer ({period})", period=_(period_label)))
