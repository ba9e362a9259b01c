"""Widgets of chapters 07 and 08: a retention-campaign planner and a retention-budget split planner."""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import models
from ..i18n import _, data_name, tr
from ._view import Chart, Page, explorer

__all__ = ["retention_planner", "budget_split_planner"]


def retention_planner(churn_prob: pd.Series, value: Any, *, budget: float = 14000.0, contact_cost: float = 8.0,
                      offer_value: float = 70.0, save_rate: float = 0.1) -> Any:
    """Sliders for budget, contact cost, offer value and save rate; see whom to contact and what it earns.

    Each change re-runs :func:`crm_lessons.models.targeting_plan` and shows the
    number of contacts, expected saves, spend and expected profit, with the
    cumulative-profit curve of :func:`crm_lessons.plots.targeting_profit_chart`.

    Parameters
    ----------
    churn_prob : Series
        Churn probability per customer (index = customer id).
    value : Series or number
        Value of keeping each customer (¥).
    budget, contact_cost, offer_value : float
        Starting values (¥): budget 0..140,000, contact cost 0..70, offer 0..350.
    save_rate : float
        Starting share of contacted would-be churners who stay (0..1).

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> import pandas as pd
    >>> box = retention_planner(pd.Series([0.8, 0.2], index=["A", "B"]), 100.0)  # doctest: +SKIP
    """
    import ipywidgets as w
    import numpy as np

    from ..plots.models import targeting_profit_chart

    models.targeting_plan(churn_prob, value, budget=budget, contact_cost=contact_cost,
                          offer_value=offer_value, save_rate=save_rate)        # validates the inputs
    if not (budget <= 140000 and contact_cost <= 70 and offer_value <= 350):
        raise ValueError(tr("Starting values must fit the sliders: budget 0..140,000, contact_cost 0..70, "
                            "offer_value 0..350 (¥)."))
    style = {"description_width": "160px"}
    layout = w.Layout(width="480px")
    b = w.FloatSlider(value=budget, min=0, max=140000, step=2000, readout_format=",.0f", description=_("Budget (¥)"),
                      style=style, layout=layout)
    c = w.FloatSlider(value=contact_cost, min=0, max=70, step=0.5, readout_format=".1f",
                      description=_("Contact cost (¥)"), style=style,
                      layout=layout)
    o = w.FloatSlider(value=offer_value, min=0, max=350, step=5, readout_format=".0f", description=_("Offer value (¥)"),
                      style=style, layout=layout)
    s = w.FloatSlider(value=save_rate, min=0, max=1, step=0.05, description=_("Save rate (churners kept)"),
                      style=style, layout=layout)
    text = w.HTML()
    page = Page()
    chart = Chart(7.5, 3.9, left=1.1, right=0.25, top=0.45, bottom=1.0)
    drawn: dict[str, Any] = {}

    def show(*_change: Any) -> None:
        plan = models.targeting_plan(churn_prob, value, budget=b.value, contact_cost=c.value,
                                     offer_value=o.value, save_rate=s.value)
        total = models.targeting_summary(plan)
        title = tr("Contacting {contacts:,.0f} customers earns ¥{profit:,.0f} expected profit",
                   contacts=total["contacts"], profit=total["expected_profit"])
        if not drawn:
            targeting_profit_chart(plan, ax=chart.ax, title=title)
            curve, stop, zero = chart.ax.lines[:3]
            stop.set_label(_("the plan's last contact"))       # the title gives the number: the legend stays put
            chart.legend_below()
            drawn.update(curve=curve, stop=stop)
            chart.moving(chart.ax.yaxis, zero, curve, stop, chart.ax.title)   # the money axis follows the curve
        chosen = int(plan["contact"].sum())
        cumulative = np.r_[0.0, plan["expected_profit"].cumsum().to_numpy()]
        drawn["curve"].set_data(np.arange(len(cumulative)), cumulative)
        drawn["stop"].set_xdata([chosen, chosen])
        chart.ax.relim()
        chart.ax.autoscale_view()
        chart.ax.set_title(title)
        text.value = tr("<b>Contact:</b> {contacts:,.0f} customers &nbsp;|&nbsp; <b>expected saves:</b> "
                        "{saves:,.1f} &nbsp;|&nbsp; <b>expected spend:</b> ¥{cost:,.0f} &nbsp;|&nbsp; "
                        "<b>expected profit:</b> ¥{profit:,.0f}", contacts=total["contacts"],
                        saves=total["expected_saves"], cost=total["expected_cost"], profit=total["expected_profit"])
        page.show(chart)

    for slider in (b, c, o, s):
        slider.observe(show, names="value")
    show()
    return explorer([b, c, o, s, text, page.widget], page)


def budget_split_planner(table: pd.DataFrame, *, budget: float = 140000.0, margin_rate: float = 0.5) -> Any:
    """Sliders for the retention budget, the margin rate and each tier's save rate; see the split.

    Each change re-runs :func:`crm_lessons.tradefair.budget_split` (costs per tier
    from :data:`crm_lessons.tradefair.TREATMENTS`) and shows the per-tier summary
    of :func:`crm_lessons.tradefair.budget_summary` with the chart of
    :func:`crm_lessons.plots.budget_split_chart`.

    Parameters
    ----------
    table : DataFrame
        One row per exhibitor with ``tier``, ``leave_prob`` and ``revenue_last``.
    budget : float
        Starting budget, ¥0..420,000.
    margin_rate : float
        Starting share of revenue that is margin (0.1..1).

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"tier": ["key"], "leave_prob": [0.3], "revenue_last": [5000.0]})
    >>> box = budget_split_planner(t)  # doctest: +SKIP
    """
    import ipywidgets as w
    import numpy as np

    from .. import tradefair
    from ..plots.capstone import budget_split_chart

    tradefair.budget_split(table, budget, margin_rate=margin_rate)        # validates the inputs
    if not (budget <= 420000 and margin_rate >= 0.1):
        raise ValueError(tr("Starting values must fit the sliders: budget 0..420,000 CNY, margin_rate 0.1..1."))
    style = {"description_width": "190px"}
    layout = w.Layout(width="500px")
    b = w.FloatSlider(value=budget, min=0, max=420000, step=5000, readout_format=",.0f",
                      description=_("Retention budget (¥)"), style=style,
                      layout=layout)
    m = w.FloatSlider(value=margin_rate, min=0.1, max=1.0, step=0.05, description=_("Margin rate"), style=style,
                      layout=layout)
    saves = {tier: w.FloatSlider(value=float(rate), min=0, max=1, step=0.05,
                                 description=tr("Save rate: {tier}", tier=tier),
                                 style=style, layout=layout)
             for tier, rate in tradefair.TREATMENTS["save_rate"].items()}
    page = Page()
    chart = Chart(7.5, 3.9, left=0.9, right=0.25, top=0.45, bottom=1.0)
    drawn: list[Any] = []          # the three bar series: revenue, leavers, budget shares per tier

    def show(*_change: Any) -> None:
        treatments = tradefair.TREATMENTS.assign(save_rate=[s.value for s in saves.values()])
        plan = tradefair.budget_split(table, b.value, treatments=treatments, margin_rate=m.value)
        summary = tradefair.budget_summary(plan)
        total = summary.loc["total"]
        line = tr("Spend ¥{budget:,.0f} on {treated} exhibitors: {renewals:.1f} renewals and ¥{revenue:,.0f} "
                  "revenue kept (expected)", budget=total["budget"], treated=int(total["treated"]),
                  renewals=total["expected_renewals_kept"], revenue=total["expected_revenue_kept"])
        line += ("." if pd.isna(total["roi"]) else
                 tr("; at a {rate:.0%} margin that is ¥{margin:,.0f} margin, a return of {roi:.0%} on the spend.",
                    rate=m.value, margin=m.value * total["expected_revenue_kept"], roi=total["roi"]))
        tiers = summary.drop(index="total")
        if total["budget"] > 0:
            biggest = tiers["budget_share"].idxmax()
            title = tr("The {tier} tier gets the largest share of the budget ({share:.0%})", tier=data_name(biggest),
                       share=tiers.at[biggest, "budget_share"])
        else:
            title = _("No budget: no tier is treated")
        if not drawn:
            budget_split_chart(summary, ax=chart.ax, title=title)
            drawn.extend(chart.ax.containers[:3])
            chart.legend_below()
            chart.moving(*(bar for bars in drawn for bar in bars), chart.ax.title)
        leavers = tiers["expected_leavers"] / tiers["expected_leavers"].sum()
        shares = [tiers["revenue_share"], leavers, tiers["budget_share"]]
        for bars, values in zip(drawn, shares):
            for bar, share in zip(bars, values.fillna(0.0)):
                bar.set_height(float(share))
        known = pd.concat(shares).dropna()
        highest = float(known.max()) if len(known) else 1.0
        chart.ax.set_ylim(0, min(1.0, np.ceil(max(highest, 0.1) * 10 + 0.3) / 10))   # next 10 %: rarely moves
        chart.ax.set_title(title)
        page.show(line, chart)

    for slider in (b, m, *saves.values()):
        slider.observe(show, names="value")
    show()
    return explorer([b, m, *saves.values(), page.widget], page)
