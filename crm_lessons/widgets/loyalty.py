"""Widget of chapter 3: move the four loyalty drivers and the stage, see the predicted intentions."""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import loyalty
from .._validation import require_columns, require_frame
from ..i18n import _, data_label, tr
from ._view import Chart, Page, explorer

__all__ = ["loyalty_explorer"]


def loyalty_explorer(model: pd.DataFrame, means: pd.DataFrame | None = None, *,
                     start: float = 4.0) -> Any:
    """Sliders for the drivers and a stage picker; shows the predicted loyalty intentions.

    The prediction comes from the fitted driver model of the chosen stage (raw
    coefficients, clipped to the 1-7 scale), so the same profile can be tried in
    every stage: the stage's weights decide which slider moves loyalty most.

    Parameters
    ----------
    model : DataFrame
        From :func:`crm_lessons.loyalty.driver_model`, fitted per stage, ideally with
        several outcomes (the four intentions and ``loyalty``).
    means : DataFrame, optional
        Average outcomes per stage (index = stage, columns = outcomes), e.g. from
        :func:`crm_lessons.loyalty.intentions_by_stage`; drawn as a tick on each bar.
    start : float
        Starting value of every slider (1-7).

    Returns
    -------
    ipywidgets.VBox

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame(rng.integers(1, 8, size=(120, 2)), columns=["trust", "satisfaction"])
    >>> data["loyalty"] = (data["trust"] + data["satisfaction"]) / 2
    >>> model = loyalty.driver_model(data, ["trust", "satisfaction"], stage=None)
    >>> box = loyalty_explorer(model)  # doctest: +SKIP
    """
    import ipywidgets as w

    from ..plots.loyalty import intentions_forecast_chart

    model = require_frame(model, "model")
    require_columns(model, {c: c for c in ("stage", "outcome", "driver", "coef", "intercept")}, "model")
    if means is not None:
        means = require_frame(means, "means")
    if isinstance(start, bool) or not isinstance(start, (int, float)):
        raise TypeError(tr("start must be a number on the 1-7 scale, got {type_name}.", type_name=type(start).__name__))
    if not 1 <= start <= 7:
        raise ValueError(tr("start must lie on the 1-7 scale, got {start!r}.", start=start))
    stages = list(dict.fromkeys(model["stage"]))
    drivers = list(dict.fromkeys(model["driver"]))
    default_stage = next((s for s in stages if s != loyalty.ALL_STAGES), stages[0])
    sliders = {d: w.FloatSlider(value=start, min=1, max=7, step=0.1, readout_format=".1f",
                                description=data_label(d),
                                continuous_update=False, style={"description_width": "110px"},
                                layout=w.Layout(width="360px"))
               for d in drivers}
    stage = w.Dropdown(options=[(data_label(s), s) for s in stages], value=default_stage, description=_("Stage"),
                       style={"description_width": "110px"})
    page = Page()
    chart = Chart(7.5, 3.6, left=1.75, right=1.25, top=0.45, bottom=0.65)
    drawn = {"stage": None, "bars": [], "labels": []}

    def draw(*_change: Any) -> None:
        profile = {d: s.value for d, s in sliders.items()}
        pred = loyalty.predict_intentions(model, profile, for_stage=stage.value)
        title = tr("Predicted intentions, {stage} model", stage=data_label(stage.value))
        if drawn["stage"] != stage.value:          # a new stage: its reference ticks and title, drawn afresh
            reference = None
            if means is not None and stage.value in means.index:
                row = means.loc[stage.value].reindex(pred.index)
                reference = None if row.isna().all() else row
            chart.clear()
            intentions_forecast_chart(pred, reference=reference, title=title, ax=chart.ax)
            drawn.update(stage=stage.value, bars=list(chart.ax.containers[0]), labels=list(chart.ax.texts))
            chart.moving(*drawn["bars"], *drawn["labels"])
        for bar, label, level in zip(drawn["bars"], drawn["labels"], pred.to_numpy(float)):
            bar.set_width(level)
            label.set_text(f"{level:.2f}")           # bar_label places its text relative to the bar: it follows
        page.show(chart)

    for control in [*sliders.values(), stage]:
        control.observe(draw, names="value")
    draw()
    return explorer([w.HBox([w.VBox(list(sliders.values())), stage]), page.widget], page)
