"""Widget of chapter 1: target a direct-marketing campaign and watch response and ROI move."""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import campaigns
from .._validation import require_columns, require_frame
from ..i18n import N_, _, tr
from ._view import Chart, Page, explorer

__all__ = ["TARGETING_SCORES", "campaign_targeting_explorer", "targeting_table"]

#: Ranking choices offered by the widget: label -> (score column, ascending).
TARGETING_SCORES = {
    N_("most prior orders first"): ("prior_orders", False),
    N_("most recent buyers first"): ("days_since_last_order", True),
}


def targeting_table(campaign: pd.DataFrame, *, label: str, budget: float, top: float) -> pd.DataFrame:
    """The widget's table: everyone contacted versus the targeted selection, side by side.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> t = targeting_table(crm.datasets.load("campaign"), label="most prior orders first", budget=500, top=1.0)
    >>> list(t.columns)
    ['everyone', 'targeted']
    """
    score, ascending = TARGETING_SCORES[label]
    everyone = campaigns.target_campaign(campaign, score=score, ascending=ascending)
    chosen = campaigns.target_campaign(campaign, score=score, ascending=ascending, budget=budget, top=top)
    return _side_by_side(everyone, chosen)


_FORMATS = {"contacts": "{:,.0f}", "responses": "{:,.0f}", "response_rate": "{:.1%}", "cost": "¥{:,.0f}",
            "cost_per_response": "¥{:,.2f}", "margin": "¥{:,.0f}", "profit": "¥{:,.0f}", "roi": "{:.0%}",
            "share_of_responses": "{:.0%}"}


def _side_by_side(everyone: pd.Series, chosen: pd.Series) -> pd.DataFrame:
    table = pd.DataFrame({"everyone": everyone[list(_FORMATS)], "targeted": chosen[list(_FORMATS)]})
    table.index.name = "measure"
    return table


def _table_html(table: pd.DataFrame) -> str:
    """The table with each measure in its own format (counts as whole numbers, money in CNY)."""
    rows = "".join(f"<tr><th>{measure}</th>" + "".join(
        f"<td>{_('n/a') if pd.isna(v) else _FORMATS[measure].format(v)}</td>" for v in row) + "</tr>"
        for measure, row in zip(table.index, table.to_numpy()))
    names = {"everyone": _("everyone"), "targeted": _("targeted")}
    corner = _("measure")
    head = f"<tr><th>{corner}</th>" + "".join(
        f"<th>{names.get(c, c)}</th>" for c in table.columns) + "</tr>"
    return f"<table>{head}{rows}</table>"


class _TargetingChart:
    """Both panels of :func:`~crm_lessons.plots.targeting_chart`, drawn once per ranking; the cut-off marker
    and the profit title move in place."""

    def __init__(self) -> None:
        # right=0.5: the profit title, centred on its panel, may run past the panel's right edge
        self.chart = Chart(10.5, 4.3, ncols=2, left=0.85, right=0.5, top=0.45, bottom=1.05, wspace=1.0)
        self.label: str | None = None
        self.markers: list[Any] = []

    def update(self, label: str, curve: pd.DataFrame, share: float, title: str) -> Chart:
        from ..plots.background import targeting_chart

        if label != self.label:
            self.chart.clear()
            targeting_chart({_(label): curve}, marker=share, title=title, axes=self.chart.axes)
            self.markers = [ax.lines[-1] for ax in self.chart.axes]        # the marker is drawn last
            self.chart.legend_below(self.chart.axes[0])
            self.chart.moving(*self.markers, self.chart.axes[1].title)
            self.label = label
        for line in self.markers:
            line.set_xdata([share, share])
        self.chart.axes[1].set_title(title)
        return self.chart


def campaign_targeting_explorer(campaign: pd.DataFrame, *, budget: float = 6000.0) -> Any:
    """Sliders for the mailing budget and the targeting cut-off; shows response, profit and ROI.

    Customers are ranked by the chosen score; the campaign contacts the best-ranked
    ones, within the top share of the list and within the budget, and the table shows
    what those contacts brought in the real campaign compared with contacting everyone.

    Parameters
    ----------
    campaign : pandas.DataFrame
        The ``campaign`` dataset (or a frame with the same columns).
    budget : float
        Starting budget (¥).

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> import crm_lessons as crm
    >>> campaign_targeting_explorer(crm.datasets.load("campaign"))  # doctest: +SKIP
    """
    import ipywidgets as w

    frame = require_frame(campaign, "campaign")
    require_columns(frame, {"score": "prior_orders", "recency": "days_since_last_order", "cost": "contact_cost"},
                    "campaign")
    total_cost = float(frame["contact_cost"].sum())
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 0 <= budget <= total_cost:
        raise ValueError(tr("budget must be a number between 0 and the full campaign cost ({total_cost:,.0f}), got "
                            "{budget!r}.", total_cost=total_cost, budget=budget))
    pick = w.Dropdown(options=[(_(k), k) for k in TARGETING_SCORES], value=next(iter(TARGETING_SCORES)),
                      description=_("Rank by"),
                      style={"description_width": "initial"})
    money = w.FloatSlider(value=float(budget), min=0.0, max=round(total_cost + 500, -3), step=500.0,
                          description=_("Budget (¥)"), readout_format=",.0f", continuous_update=False,
                          style={"description_width": "initial"}, layout=w.Layout(width="420px"))
    depth = w.IntSlider(value=100, min=5, max=100, step=5, description=_("Cut-off: top % of list"),
                        continuous_update=False, style={"description_width": "initial"},
                        layout=w.Layout(width="420px"))
    page = Page()
    curves = {label: campaigns.targeting_curve(frame, score=s, ascending=a)
              for label, (s, a) in TARGETING_SCORES.items()}
    everyone = {label: campaigns.target_campaign(frame, score=s, ascending=a)
                for label, (s, a) in TARGETING_SCORES.items()}
    chart = _TargetingChart()

    def show(*_change: Any) -> None:
        score, ascending = TARGETING_SCORES[pick.value]
        chosen = campaigns.target_campaign(frame, score=score, ascending=ascending, budget=money.value,
                                           top=depth.value / 100)
        table = _side_by_side(everyone[pick.value], chosen)
        share = float(table.at["contacts", "targeted"]) / len(frame)
        roi = table.at["roi", "targeted"]
        title = tr("Targeted: {roi} ROI on ¥{cost:,.0f} (everyone: {everyone:.0%})",
                   roi=_("n/a") if pd.isna(roi) else format(roi, ".0%"), cost=table.at["cost", "targeted"],
                   everyone=table.at["roi", "everyone"])
        page.widget.value = _table_html(table) + chart.update(pick.value, curves[pick.value], share, title).html()

    for control in (pick, money, depth):
        control.observe(show, names="value")
    show()
    return explorer([pick, w.HBox([money, depth]), page.widget], page)
