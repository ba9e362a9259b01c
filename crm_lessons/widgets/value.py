"""Widgets of chapter 04 (customer value): a customer lifetime value calculator."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import value
from ..i18n import _, tr
from ._view import Chart, Page, explorer

__all__ = ["clv_calculator"]


#: Bars after the chosen horizon: a light grey, apart from the palette's colours.
_BEYOND = "#C8C8C8"


def _round_up(amount: float) -> float:
    """The next round amount above ``amount`` (1, 1.5, 2, 3, 5 or 7.5 times a power of ten): the axis moves seldom.

    >>> _round_up(327.0), _round_up(1000.0), _round_up(2.1)
    (500.0, 1000.0, 3.0)
    """
    power = 10.0 ** np.floor(np.log10(amount))
    return float(next(step * power for step in (1, 1.5, 2, 3, 5, 7.5, 10) if step * power >= amount))


def clv_calculator(margin: float = 100.0, retention: float = 0.8, discount: float = 0.10,
                   horizon: int = 10) -> Any:
    """Sliders for margin, retention, discount rate and horizon; see the CLV move.

    The text gives the infinite-horizon CLV, ``m * r / (1 + d - r)`` (Gupta &
    Lehmann 2003), the value over the chosen horizon and the expected customer
    lifetime ``1 / (1 - r)``. The chart shows how the discounted value builds
    up period by period towards the infinite-horizon limit, the periods within
    the chosen horizon in colour and the later ones in grey.

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
    '<b>CLV, infinite horizon:</b> ¥327 &nbsp; | '
    """
    import ipywidgets as w

    from ..plots.theme import PALETTE, finish, money_axis

    value.clv(margin, retention, discount, horizon)       # validates the starting values
    value.clv(margin, retention, discount)
    if not 0 <= margin <= 1000 or retention > 0.98 or discount > 0.30 or not 1 <= horizon <= 40:
        raise ValueError(tr("Starting values must fit the sliders: margin 0..1000, retention 0..0.98, discount "
                            "0..0.30, horizon 1..40."))
    style = {"description_width": "150px"}
    layout = w.Layout(width="460px")
    m = w.FloatSlider(value=margin, min=0, max=1000, step=10, readout_format=",.0f",
                      description=_("Margin per period (¥)"),
                      style=style, layout=layout)
    r = w.FloatSlider(value=retention, min=0.0, max=0.98, step=0.01, description=_("Retention rate"),
                      style=style, layout=layout)
    d = w.FloatSlider(value=discount, min=0.0, max=0.30, step=0.01, description=_("Discount rate"),
                      style=style, layout=layout)
    t = w.IntSlider(value=horizon, min=1, max=40, description=_("Horizon (periods)"), style=style, layout=layout)
    text = w.HTML()
    page = Page()
    chart = Chart(7.5, 3.9, left=1.0, right=0.25, top=0.45, bottom=1.0)
    ax = chart.ax
    every_period = np.arange(1, t.max + 1)          # all periods the slider offers: the axes never move with it
    bars = ax.bar(every_period, np.zeros(len(every_period)), color=PALETTE[0], label=_("Value within the horizon"))
    ax.bar([np.nan], [np.nan], color=_BEYOND, label=_("Value after the horizon"))      # its legend entry
    limit = ax.axhline(0.0, color=PALETTE[3], linestyle="--", label=_("Infinite-horizon CLV"))
    ax.set_xlim(0.4, t.max + 0.6)
    money_axis(ax)
    chart.legend_below()
    finish(ax, "CLV", _("Periods from now (count)"), _("Cumulative discounted margin (¥)"))
    chart.moving(ax.yaxis, *bars, limit, ax.title)        # the money axis follows the values

    def show(*_change: Any) -> None:
        infinite = value.clv(m.value, r.value, d.value)
        finite = value.clv(m.value, r.value, d.value, periods=t.value)
        share = finite / infinite if infinite else 1.0
        text.value = tr("<b>CLV, infinite horizon:</b> ¥{infinite:,.0f} &nbsp; | &nbsp; <b>over {periods} "
                        "periods:</b> ¥{finite:,.0f} ({share:.0%} of it) &nbsp; | &nbsp; <b>expected lifetime:</b> "
                        "{lifetime:.1f} periods", infinite=infinite, periods=t.value, finite=finite, share=share,
                        lifetime=1 / (1 - r.value))
        # value.clv(m, r, d, periods=k) for every k at once: sum over t = 1..k of m * (r / (1 + d))**t
        so_far = np.cumsum(m.value * (r.value / (1 + d.value)) ** every_period)
        for k, bar, height in zip(every_period, bars, so_far):
            bar.set_height(height)
            bar.set_color(PALETTE[0] if k <= t.value else _BEYOND)
        limit.set_ydata([infinite, infinite])
        ax.set_ylim(0, _round_up(max(infinite, 1.0) * 1.05))
        ax.set_title(tr("CLV reaches ¥{value:,.0f} after {periods} periods", value=finite, periods=t.value))
        page.show(chart)

    for slider in (m, r, d, t):
        slider.observe(show, names="value")
    show()
    return explorer([m, r, d, t, text, page.widget], page)
