"""Widget of chapter 05 (segmentation): an RFM explorer."""
from __future__ import annotations

import html
import io
from typing import Any

import pandas as pd

from .. import rfm
from ._view import explorer, png_html

__all__ = ["rfm_explorer"]

RULE_SETS = {"Detailed (10 segments)": rfm.SEGMENT_RULES, "Simple (4 segments)": rfm.SIMPLE_RULES}


def _as_of_choices(dates: pd.Series) -> list[str]:
    """Quarter ends from three months after the first order to the last, plus the last order day."""
    first, last = dates.min().normalize(), dates.max().normalize()
    ends = pd.date_range(first + pd.DateOffset(months=3), last, freq="QE")
    return [d.strftime("%Y-%m-%d") for d in ends if d < last] + [last.strftime("%Y-%m-%d")]


def _summary_html(summary: pd.DataFrame, rules: pd.DataFrame) -> str:
    actions = rules.drop_duplicates("segment").set_index("segment")["action"]
    rows = []
    for segment, row in summary.iterrows():
        rows.append(
            f"<tr><td><b>{html.escape(str(segment))}</b></td><td>{row['customers']:,}</td>"
            f"<td>{row['customer_share']:.0%}</td>"
            f"<td>{'' if row['customers'] == 0 else format(row['monetary'], ',.0f')}</td>"
            f"<td>{row['value_share']:.0%}</td>"
            f"<td style='text-align:left'>{html.escape(str(actions.get(segment, '')))}</td></tr>")
    head = ("<tr><th>Segment</th><th>Customers</th><th>Share</th><th>Mean spend (€)</th>"
            "<th>Share of spend</th><th style='text-align:left'>What they should receive</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _chart_png(summary: pd.DataFrame, as_of: str) -> bytes:
    import matplotlib.pyplot as plt

    from ..plots.segments import segment_value_chart

    shown = summary[summary["customers"] > 0]
    top = shown["value_share"].idxmax()
    fig, ax = plt.subplots(figsize=(8.0, 0.42 * len(shown) + 1.8))
    segment_value_chart(shown, ax=ax, title=f"On {as_of}, {top} bring {shown.loc[top, 'value_share']:.0%} "
                                            "of all spend")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


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
        raise ValueError(f"rules must be one of {list(RULE_SETS)}, got {rules!r}.")
    rfm.check_bins(bins)
    dates = rfm.parse_dates(tx[date])
    choices = _as_of_choices(dates)
    style = {"description_width": "110px"}
    layout = w.Layout(width="520px")
    bins_slider = w.IntSlider(value=bins, min=2, max=9, description="Score bins", style=style, layout=layout)
    rules_menu = w.Dropdown(options=list(RULE_SETS), value=rules, description="Segment rules", style=style,
                            layout=layout)
    as_of = w.SelectionSlider(options=choices, value=choices[-1], description="As of", style=style, layout=layout)
    line = w.HTML()
    table = w.HTML()
    chart = w.Image(format="png")

    def show(*_: Any) -> None:
        day = pd.Timestamp(as_of.value)
        keep = (dates < day + pd.Timedelta(days=1)).to_numpy()
        table_rfm = rfm.rfm_table(tx[keep], customer=customer, date=date, amount=amount, order=order, as_of=day)
        chosen = RULE_SETS[rules_menu.value]
        segmented = rfm.rfm_segments(rfm.rfm_scores(table_rfm, bins=bins_slider.value), rules=chosen)
        summary = rfm.segment_summary(segmented)
        later = int((~keep).sum())
        line.value = (f"<b>{len(table_rfm):,} of {len(full):,} customers</b> had ordered by {as_of.value}; "
                      f"{later:,} later row(s) of the log are not used. Scores 1-{bins_slider.value}, "
                      f"{rules_menu.value.lower()}.")
        table.value = _summary_html(summary, chosen)
        chart.value = _chart_png(summary, as_of.value)

    for control in (bins_slider, rules_menu, as_of):
        control.observe(show, names="value")
    show()
    return explorer([bins_slider, rules_menu, as_of, line, table, chart],
                    lambda: line.value + table.value + png_html(chart.value, "RFM segments chart"))
