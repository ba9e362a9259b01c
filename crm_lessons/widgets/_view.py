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

__all__: list[str] = []

STILL_NOTE = "A still picture of this explorer: run the notebook's cells to move its controls."


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

    if isinstance(part, str):
        return f"<p>{html.escape(part)}</p>"
    if isinstance(part, (pd.DataFrame, pd.Series)):
        frame = part.to_frame() if isinstance(part, pd.Series) else part
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
            bundle["text/plain"] = "Interactive explorer: run the cells above to use it."
            bundle["text/html"] = (f'<div>{picture()}<p style="color:#555555"><i>{STILL_NOTE}</i></p>'
                                   "</div>")
            return bundle

    return Explorer(children)
