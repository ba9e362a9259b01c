"""Charts for the deck's typologies: quadrant charts under the deck's labels, and type counts."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..i18n import N_, _
from .theme import PALETTE, axes_or_new, finish

__all__ = ["relabelled_typology_chart", "type_count_chart"]


def relabelled_typology_chart(typed: pd.DataFrame, labels: Mapping[str, str], *, title: str, xlabel: str,
                              ylabel: str, ax: Any = None) -> Any:
    """:func:`typology_chart` with each quadrant's type name replaced by ``labels[name]``.

    Used to show Knox's diamond with the deck's names (``crm.typologies.KNOX_DECK_LABELS``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crm_lessons.segments import knox
    >>> t = knox(pd.DataFrame({"involvement": [6.0, 2.0, 5.0], "share_of_purchases": [0.9, 0.1, 0.2]}))
    >>> ax = relabelled_typology_chart(t, {"Switchers": "Brand switchers"}, title="t", xlabel="x", ylabel="y")
    >>> any(text.get_text().startswith("Brand switchers") for text in ax.texts)
    True
    >>> plt.close("all")
    """
    from .segments import typology_chart

    if not isinstance(labels, Mapping):
        raise TypeError(f"labels must map the type names to new labels (a dict); got {type(labels).__name__}.")
    ax = typology_chart(typed, title=title, xlabel=xlabel, ylabel=ylabel, ax=ax)
    for text in ax.texts:
        name, _newline, rest = text.get_text().partition("\n")
        if name in labels:
            text.set_text(f"{labels[name]}\n{rest}")
    return ax


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
        raise ValueError("typed must be a DataFrame with a 'type' column, e.g. the output of "
                         "crm.typologies.brandt_split.")
    counts = typed["type"].value_counts(sort=False)
    if isinstance(typed["type"].dtype, pd.CategoricalDtype):
        counts = counts.reindex(typed["type"].cat.categories, fill_value=0)
    total = max(int(counts.sum()), 1)
    ax = axes_or_new(ax, (8.0, 0.5 * len(counts) + 1.6))
    positions = range(len(counts))
    ax.barh(list(positions), counts.to_numpy(), color=[PALETTE[i % len(PALETTE)] for i in positions])
    for y, n in zip(positions, counts.to_numpy()):
        ax.text(n, y, f"  {int(n):,} ({n / total:.0%})", va="center")
    ax.set_yticks(list(positions), [str(name) for name in counts.index])
    ax.invert_yaxis()
    ax.set_xlim(0, counts.max() * 1.25 + 1)
    return finish(ax, title, _(xlabel), _(ylabel))
