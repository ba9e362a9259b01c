"""Charts for typologies that are not quadrants: customers per type (e.g. Brandt's four types)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..i18n import N_, _, data_names, tr
from .theme import PALETTE, axes_or_new, finish

__all__ = ["type_count_chart"]


def type_count_chart(typed: pd.DataFrame, *, title: str, xlabel: str = N_("Customers (count)"),
                     ylabel: str = N_("Type"), ax: Any = None) -> Any:
    """Horizontal bars: customers per ``type`` (categories in their own order), with shares.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"type": pd.Categorical(["A", "B", "B"], categories=["A", "B", "C"])})
    >>> ax = type_count_chart(t, title="Most are B")
    >>> [round(bar.get_width()) for bar in ax.patches]
    [1, 2, 0]
    >>> plt.close("all")
    """
    if not isinstance(typed, pd.DataFrame) or "type" not in typed.columns:
        raise ValueError(tr("typed must be a DataFrame with a 'type' column, e.g. the output of "
                            "crm.typologies.brandt_split."))
    counts = typed["type"].value_counts(sort=False)
    if isinstance(typed["type"].dtype, pd.CategoricalDtype):
        counts = counts.reindex(typed["type"].cat.categories, fill_value=0)
    total = max(int(counts.sum()), 1)
    ax = axes_or_new(ax, (8.0, 0.5 * len(counts) + 1.6))
    positions = range(len(counts))
    ax.barh(list(positions), counts.to_numpy(), color=[PALETTE[i % len(PALETTE)] for i in positions])
    for y, n in zip(positions, counts.to_numpy()):
        ax.text(n, y, f"  {int(n):,} ({n / total:.0%})", va="center")
    ax.set_yticks(list(positions), [str(name) for name in data_names(counts.index)])
    ax.invert_yaxis()
    ax.set_xlim(0, counts.max() * 1.25 + 1)
    return finish(ax, title, _(xlabel), _(ylabel))
