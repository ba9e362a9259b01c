"""Widgets of chapter 04 (customer value): a customer lifetime value calculator."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import value
from ._view import Chart, Page, explorer

__all__ = ["clv_calculator"]


def clv_calculator(margin: float = 100.0, retention: float = 0.8, discount: float = 0.10,
                   horizon: int = 10) -> Any:
    """Sliders for margin, retention, discount rate and horizon; see the CLV move.

    The text gives the infinite-horizon CLV, ``m * r / (1 + d - r)`` (Gupta &
    Lehmann 2003), the value over the chosen horizon and the expected customer
    lifetime ``1 / (1 - r)``. The chart shows how the discounted value builds
    up period by period towards the infinite-horizon limit.

    Parameters
    ----------
    margin : float
        Starting margin per period (money, 0..1000).
    retention : float
        Starting retention rate per period (0..0.98).
    discount : float
        Starting discount rate per period (0..0.30).
    horizon : int
        Starting horizon in periods (1..40).

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> box = clv_calculator(margin=120, retention=0.75)  # doctest: +SKIP
    >>> box.children[4].value[:45]  # doctest: +SKIP
    '<b>CLV, infinite horizon:</b> €327 &nbsp; | '
    """
    import ipywidgets as w

    from ..plots.theme import PALETTE, finish, money_axis

    value.clv(margin, retention, discount, horizon)       # validates the starting values
    value.clv(margin, retention, discount)
    if not 0 <= margin <= 1000 or retention > 0.98 or discount > 0.30 or not 1 <= horizon <= 40:
        raise ValueError("Starting values must fit the sliders: margin 0..1000, retention 0..0.98, "
                         "discount 0..0.30, horizon 1..40.")
    style = {"description_width": "150px"}
    layout = w.Layout(width="460px")
    m = w.FloatSlider(value=margin, min=0, max=1000, step=10, readout_format=",.0f",
                      description="Margin per period (€)",
                      style=style, layout=layout)
    r = w.FloatSlider(value=retention, min=0.0, max=0.98, step=0.01, description="Retention rate",
                      style=style, layout=layout)
    d = w.FloatSlider(value=discount, min=0.0, max=0.30, step=0.01, description="Discount rate",
                      style=style, layout=layout)
    t = w.IntSlider(value=horizon, min=1, max=40, description="Horizon (periods)", style=style, layout=layout)
    text = w.HTML()
    page = Page()
    chart = Chart(7.5, 3.9, left=1.0, right=0.25, top=0.45, bottom=1.0)
    ax = chart.ax
    longest = np.arange(1, t.max + 1)
    bars = ax.bar(longest, np.zeros(len(longest)), color=PALETTE[0], label="Value so far (discounted)")
    limit = ax.axhline(0.0, color=PALETTE[3], linestyle="--", label="Infinite-horizon CLV")
    money_axis(ax)
    chart.legend_below()
    finish(ax, "CLV", "Periods from now (count)", "Cumulative discounted margin (€)")
    chart.moving(*bars, limit, ax.title)

    def show(*_: Any) -> None:
        infinite = value.clv(m.value, r.value, d.value)
        finite = value.clv(m.value, r.value, d.value, periods=t.value)
        share = finite / infinite if infinite else 1.0
        text.value = (f"<b>CLV, infinite horizon:</b> €{infinite:,.0f} &nbsp; | &nbsp; "
                      f"<b>over {t.value} periods:</b> €{finite:,.0f} ({share:.0%} of it) &nbsp; | &nbsp; "
                      f"<b>expected lifetime:</b> {1 / (1 - r.value):.1f} periods")
        for k, bar in enumerate(bars, start=1):
            bar.set_visible(k <= t.value)
            if k <= t.value:
                bar.set_height(value.clv(m.value, r.value, d.value, periods=k))
        limit.set_ydata([infinite, infinite])
        ax.set_xlim(0.4, t.value + 0.6)
        ax.set_ylim(0, max(infinite, 1.0) * 1.08)
        ax.set_title(f"CLV reaches €{finite:,.0f} after {t.value} periods")
        page.show(chart)

    for slider in (m, r, d, t):
        slider.observe(show, names="value")
    show()
    return explorer([m, r, d, t, text, page.widget], page)
