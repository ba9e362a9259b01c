"""Where every explorer draws: one HTML area, and a still picture for notebooks that are not running.

The explorers render tables, text and charts (as PNG images) into one ``ipywidgets.HTML``
area instead of capturing output into an ``ipywidgets.Output`` widget. Capturing output
while a cell runs makes nbclient (``jupyter nbconvert --execute``) send widget messages
back to the kernel on the channel it is waiting on, which can stall the cell for the whole
execution timeout; setting an HTML value sends nothing back. The same HTML is the still
picture a stored notebook shows before its kernel runs.
"""
from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from typing import Any

from ..i18n import N_, _, get_language
from ..named_tables import with_data_names

__all__: list[str] = []

STILL_NOTE = N_("A still picture of this explorer: run the notebook's cells to move its controls.")
#: Resolution of explorer charts: enough for a notebook page, and a redraw stays well under 100 ms.
CHART_DPI = 80


def figure_html(fig: Any) -> str:
    """A matplotlib figure as an inline PNG ``<img>``; the figure is closed.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set_title("Sales rose")
    >>> figure_html(fig).startswith('<img alt="Sales rose" src="data:image/png;base64,')
    True
    """
    import matplotlib.pyplot as plt

    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return png_html(buffer.getvalue(), "; ".join(titles) or "chart")


def to_html(part: Any) -> str:
    """HTML for one part of an explorer's view: a table, a chart, text or anything with an HTML form.

    >>> import pandas as pd
    >>> to_html("3 < 4")
    '<p>3 &lt; 4</p>'
    >>> "<table" in to_html(pd.DataFrame({"a": [1]}))
    True
    """
    import pandas as pd

    if isinstance(part, Chart):
        return part.html()
    if isinstance(part, str):
        return f"<p>{html.escape(part)}</p>"
    if isinstance(part, (pd.DataFrame, pd.Series)):
        frame = part.to_frame() if isinstance(part, pd.Series) else part
        if get_language() != "en":
            frame = with_data_names(frame)         # "冠军客户 (Champions)", as in the notebook's tables
        return frame.to_html(max_rows=30, border=0)
    figure = getattr(part, "figure", None) if hasattr(part, "get_title") else part
    if type(figure).__name__ == "Figure":
        return figure_html(figure)
    if hasattr(part, "_repr_html_"):
        return part._repr_html_()
    return f"<pre>{html.escape(repr(part))}</pre>"


class Page:
    """The drawing area of an explorer: ``page.show(table, figure, "text")`` replaces what it shows."""

    def __init__(self) -> None:
        import ipywidgets as w

        self.widget = w.HTML()

    def show(self, *parts: Any) -> None:
        """Replace the content with ``parts``, drawn top to bottom."""
        self.widget.value = "".join(to_html(p) for p in parts)


class Chart:
    """A figure an explorer draws once and then redraws in place after each move of a control.

    Most of a redraw used to go into making a new figure, laying it out (constrained
    layout) and rendering every text again. A ``Chart`` keeps one figure outside pyplot,
    with fixed margins (in inches) and a modest resolution. The explorer updates its
    artists (bar sizes, line data, titles); those it marks with :meth:`moving` are drawn
    over a stored picture of the rest, which is drawn again only when an axis range
    changes or the explorer calls :meth:`restyle`; an axis marked as moving (e.g.
    ``chart.ax.yaxis``, with its ticks, grid and label) is redrawn with them instead. A legend inside the axes would be
    drawn over by what moves: :meth:`legend_below` puts it under the chart instead.

    Parameters
    ----------
    width, height : float
        Figure size in inches.
    ncols : int
        Number of side-by-side axes (``chart.axes`` is then a list).
    left, right, top, bottom, wspace : float
        Margins and the gap between axes, in inches (room for tick labels, axis
        labels, titles and legends).

    Examples
    --------
    >>> chart = Chart(6, 3)
    >>> bars = chart.ax.bar([1, 2], [3, 4])
    >>> _ = chart.ax.set_title("Two bars")
    >>> chart.moving(*bars, chart.ax.title)
    >>> chart.html().startswith('<img alt="Two bars"')
    True
    """

    def __init__(self, width: float, height: float, *, ncols: int = 1, left: float = 0.9, right: float = 0.25,
                 top: float = 0.45, bottom: float = 0.65, wspace: float = 0.9) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(width, height), dpi=CHART_DPI, layout="none")
        FigureCanvasAgg(self.figure)
        axes = self.figure.subplots(1, ncols, squeeze=False)[0]
        panel = (width - left - right - wspace * (ncols - 1)) / ncols
        self.figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                                    top=1 - top / height, wspace=wspace / panel)
        self.axes = list(axes)
        self.ax = self.axes[0]
        self._frame_below()
        self._moving: list[Any] = []
        self._background: Any = None
        self._ranges: tuple = ()

    def _frame_below(self) -> None:
        """Draw the axes frame under the data, so a bar redrawn in place covers it exactly as in a full drawing."""
        for ax in self.axes:
            for spine in ax.spines.values():
                spine.set_zorder(0.5)

    def moving(self, *artists: Any) -> None:
        """Mark ``artists`` as the ones the explorer changes: they are drawn over the stored picture."""
        for artist in artists:
            artist.set_animated(True)
            self._moving.append(artist)

    def clear(self) -> None:
        """Empty every axes, to draw them afresh (e.g. when the explorer shows other data)."""
        for ax in self.axes:
            ax.clear()
        self._frame_below()
        for legend in list(self.figure.legends):
            legend.remove()
        self._moving, self._background = [], None

    def legend_below(self, ax: Any = None) -> None:
        """Move the legend of ``ax`` (the first axes by default) to the bottom of the figure, in one row.

        Leave room for it with the ``bottom`` margin (about 0.35 inch more).
        """
        ax = self.ax if ax is None else ax
        handles, labels = ax.get_legend_handles_labels()
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        self.figure.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False,
                           bbox_to_anchor=(0.5, 0.0))

    def restyle(self) -> None:
        """Draw everything again on the next render (call after changing a legend, ticks or labels)."""
        self._background = None

    def _compact_text(self) -> None:
        """Give the text the sizes the fixed margins were made for (``plots.theme.EXPLORER_TEXT_SIZES``).

        The plot functions draw with the theme's larger room sizes, which these fixed margins would clip.
        """
        from ..plots.theme import EXPLORER_TEXT_SIZES as size

        legends = list(self.figure.legends)
        for ax in self.figure.axes:
            ax.title.set(fontsize=size["title"], wrap=False)
            for label in (ax.xaxis.label, ax.yaxis.label):
                label.set(fontsize=size["axis_label"], wrap=False)
            ax.tick_params(labelsize=size["tick"])
            for text in ax.texts:
                text.set_fontsize(size["annotation"])
            legends += [ax.get_legend()] if ax.get_legend() is not None else []
        for legend in legends:
            for text in [*legend.get_texts(), legend.get_title()]:
                text.set_fontsize(size["legend"])

    def png(self) -> bytes:
        """The figure as it stands now, as PNG bytes."""
        from PIL import Image

        canvas = self.figure.canvas
        ranges = tuple((None if ax.xaxis in self._moving else ax.get_xlim(),     # an axis that moves itself
                        None if ax.yaxis in self._moving else ax.get_ylim()) for ax in self.axes)
        self._compact_text()    # every frame: set_title and friends bring back the theme's sizes
        if self._background is None or ranges != self._ranges:
            canvas.draw()
            self._background, self._ranges = canvas.copy_from_bbox(self.figure.bbox), ranges
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in sorted(self._moving, key=lambda a: a.get_zorder()):     # as a full drawing stacks them
            if artist.get_visible():
                artist.draw(renderer)
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def html(self) -> str:
        """The figure as an inline ``<img>`` whose alt text is its titles."""
        titles = [ax.get_title() for ax in self.figure.axes if ax.get_title()]
        return png_html(self.png(), "; ".join(titles) or "chart")


def png_html(data: bytes, alt: str = "chart") -> str:
    """PNG bytes as an inline ``<img>``.

    >>> png_html(b"x", "a chart")
    '<img alt="a chart" src="data:image/png;base64,eA==" style="max-width:100%">'
    """
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{encoded}" style="max-width:100%">'


def explorer(children: list[Any], still: Page | Callable[[], str]) -> Any:
    """A ``VBox`` of ``children`` whose saved form shows a still picture of its current content.

    ``still`` is the explorer's :class:`Page`, or a function returning the HTML to show.

    >>> page = Page(); page.show("Hello")
    >>> box = explorer([page.widget], page)
    >>> box._repr_mimebundle_()["text/html"].startswith("<div")
    True
    """
    import ipywidgets as w

    picture = (lambda: still.widget.value) if isinstance(still, Page) else still

    class Explorer(w.VBox):
        def _repr_mimebundle_(self, **kwargs: Any) -> dict:
            bundle = super()._repr_mimebundle_(**kwargs) or {}
            bundle["text/plain"] = _("Interactive explorer: run the cells above to use it.")
            bundle["text/html"] = (f'<div>{picture()}<p style="color:#555555"><i>{_(STILL_NOTE)}</i></p>'
                                   "</div>")
            return bundle

    return Explorer(children)
