"""Widget of chapter 05 (segmentation): an RFM explorer."""
from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from .. import rfm
from ..i18n import N_, _, data_name, tr
from ._view import Chart, explorer, png_html

__all__ = ["rfm_explorer"]

RULE_SETS = {N_("Detailed (10 segments)"): rfm.SEGMENT_RULES, N_("Simple (4 segments)"): rfm.SIMPLE_RULES}


def _as_of_choices(dates: pd.Series) -> list[str]:
    """Quarter ends from three months after the first order to the last, plus the last order day."""
    first, last = dates.min().normalize(), dates.max().normalize()
    ends = pd.date_range(first + pd.DateOffset(months=3), last, freq="QE")
    return [d.strftime("%Y-%m-%d") for d in ends if d < last] + [last.strftime("%Y-%m-%d")]


def _summary_html(summary: pd.DataFrame, rules: pd.DataFrame) -> str:
    actions = rules.drop_duplicates("segment").set_index("segment")["action"]
    rows = []
    for segment, row in summary.iterrows():
        customers = int(row["customers"])          # iterrows makes the row float: counts are whole numbers
        rows.append(
            f"<tr><td><b>{html.escape(str(data_name(segment)))}</b></td><td>{customers:,}</td>"
            f"<td>{row['customer_share']:.0%}</td>"
            f"<td>{'' if customers == 0 else format(row['monetary'], ',.0f')}</td>"
            f"<td>{row['value_share']:.0%}</td>"
            f"<td style='text-align:left'>{html.escape(str(actions.get(segment, '')))}</td></tr>")
    last = _("What they should receive")
    names = [_("Segment"), _("Customers"), _("Share"), _("Mean spend (¥)"), _("Share of spend")]
    head = ("<tr>" + "".join(f"<th>{name}</th>" for name in names)
            + f"<th style='text-align:left'>{last}</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _chart_title(summary: pd.DataFrame, as_of: str) -> str:
    top = summary["value_share"].idxmax()
    return tr("On {as_of}, {top} bring {share:.0%} of all spend", as_of=as_of, top=data_name(top),
              share=summary.loc[top, "value_share"])


class _SegmentChart:
    """The explorer's bar chart for one rule table: drawn once, then bar lengths and title updated in place.

    Every segment of the rule table keeps its bar (an empty segment shows bars of length 0),
    so a move of a control never changes the chart's layout.
    """

    def __init__(self, summary: pd.DataFrame, as_of: str) -> None:
        from ..plots.segments import segment_value_chart

        self.chart = Chart(8.0, 0.26 * len(summary) + 1.7, left=1.95, right=0.3, top=0.4, bottom=1.0)
        segment_value_chart(summary, ax=self.chart.ax, title=_chart_title(summary, as_of))
        self.chart.legend_below()
        self.customers, self.value = self.chart.ax.containers[:2]
        self.chart.moving(*self.customers, *self.value, self.chart.ax.title)

    def update(self, summary: pd.DataFrame, as_of: str) -> Chart:
        ax = self.chart.ax
        for bars, column in ((self.customers, "customer_share"), (self.value, "value_share")):
            for bar, share in zip(bars, summary[column].fillna(0.0)):
                bar.set_width(float(share))
        longest = float(summary[["customer_share", "value_share"]].max().max())
        ax.set_xlim(0, min(1.0, np.ceil(longest * 10 + 0.3) / 10))     # next 10 %: the axis rarely moves
        ax.set_title(_chart_title(summary, as_of))
        return self.chart


def rfm_explorer(tx: pd.DataFrame, *, customer: str = "customer_id", date: str = "order_date",
                 amount: str = "amount", order: str | None = "order_id", bins: int = 5,
                 rules: str = "Detailed (10 segments)") -> Any:
    """Explore RFM segments: choose the number of score bins, the rule table and the as-of date.

    For the chosen as-of date the explorer keeps the orders up to that day,
    computes :func:`crm_lessons.rfm.rfm_table`, scores with
    :func:`~crm_lessons.rfm.rfm_scores`, names segments with
    :func:`~crm_lessons.rfm.rfm_segments` and shows each segment's size, value
    and suggested treatment, with a chart of customer share against spend share.

    Parameters
    ----------
    tx : DataFrame
        Transaction log (one row per order or order line).
    customer, date, amount, order : str
        Column names, as in :func:`crm_lessons.rfm.rfm_table`.
    bins : int
        Starting number of score levels (2..9).
    rules : str
        Starting rule table: ``"Detailed (10 segments)"`` or ``"Simple (4 segments)"``.

    Returns
    -------
    ipywidgets.VBox
        Children: bins slider, rules menu, as-of slider, a summary line, the table
        (HTML) and the chart (PNG image).

    Examples
    --------
    >>> import crm_lessons as crm
    >>> box = rfm_explorer(crm.datasets.load("orders"))        # doctest: +SKIP
    >>> box.children[3].value[:3]                             # doctest: +SKIP
    '<b>'
    """
    import ipywidgets as w

    full = rfm.rfm_table(tx, customer=customer, date=date, amount=amount, order=order)   # validates everything
    if rules not in RULE_SETS:
        raise ValueError(tr("rules must be one of {choices}, got {rules!r}.", choices=list(RULE_SETS), rules=rules))
    rfm.check_bins(bins)
    dates = rfm.parse_dates(tx[date])
    choices = _as_of_choices(dates)
    style = {"description_width": "110px"}
    layout = w.Layout(width="520px")
    bins_slider = w.IntSlider(value=bins, min=2, max=9, description=_("Score bins"), style=style, layout=layout)
    rules_menu = w.Dropdown(options=[(_(k), k) for k in RULE_SETS], value=rules,
                            description=_("Segment rules"), style=style, layout=layout)
    as_of = w.SelectionSlider(options=choices, value=choices[-1], description=_("As of"), style=style, layout=layout)
    line = w.HTML()
    table = w.HTML()
    chart_image = w.Image(format="png")
    tables: dict[str, pd.DataFrame] = {}            # RFM table per as-of date: the slowest step, done once
    later_rows: dict[str, int] = {}
    summaries: dict[tuple[str, int, str], pd.DataFrame] = {}
    charts: dict[str, _SegmentChart] = {}           # one chart per rule table

    def summary_for(day: str, n_bins: int, rule_name: str) -> pd.DataFrame:
        if day not in tables:
            keep = (dates < pd.Timestamp(day) + pd.Timedelta(days=1)).to_numpy()
            tables[day] = rfm.rfm_table(tx[keep], customer=customer, date=date, amount=amount, order=order,
                                        as_of=pd.Timestamp(day))
            later_rows[day] = int((~keep).sum())
        key = (day, n_bins, rule_name)
        if key not in summaries:
            scored = rfm.rfm_scores(tables[day], bins=n_bins)
            summaries[key] = rfm.segment_summary(rfm.rfm_segments(scored, rules=RULE_SETS[rule_name]))
        return summaries[key]

    def show(*_change: Any) -> None:
        summary = summary_for(as_of.value, bins_slider.value, rules_menu.value)
        customers = len(tables[as_of.value])
        if rules_menu.value not in charts:
            charts[rules_menu.value] = _SegmentChart(summary, as_of.value)
        chart = charts[rules_menu.value].update(summary, as_of.value)
        line.value = tr("<b>{customers:,} of {total:,} customers</b> had ordered by {as_of}; {later:,} later "
                        "row(s) of the log are not used. Scores 1-{bins}, {rules}.", customers=customers,
                        total=len(full), as_of=as_of.value, later=later_rows[as_of.value], bins=bins_slider.value,
                        rules=_(rules_menu.value).lower())
        table.value = _summary_html(summary, RULE_SETS[rules_menu.value])
        chart_image.value = chart.png()

    for control in (bins_slider, rules_menu, as_of):
        control.observe(show, names="value")
    show()
    side_by_side = w.Layout(flex_flow="row wrap", align_items="flex-start")     # compact on a slide, wraps when narrow
    return explorer([w.HBox([bins_slider, rules_menu], layout=side_by_side), as_of, line,
                     w.HBox([table, chart_image], layout=side_by_side)],
                    lambda: line.value + '<div style="display:flex;flex-wrap:wrap;align-items:flex-start;gap:1em">'
                    + table.value + png_html(chart_image.value, charts[rules_menu.value].chart.ax.get_title())
                    + "</div>")
