"""Widgets of the start notebook: browse the bundled datasets and the glossary."""
from __future__ import annotations

from typing import Any

from .. import datasets, glossary
from ..i18n import _, tr
from ._view import Page, explorer

__all__ = ["dataset_explorer", "glossary_lookup"]


def dataset_explorer(name: str = "orders", rows: int = 5) -> Any:
    """Pick a dataset and a number of rows; see its first rows and its data card.

    Examples
    --------
    >>> import ipywidgets
    >>> box = dataset_explorer("products", rows=3)
    >>> isinstance(box, ipywidgets.VBox), "products: 48 rows" in box.children[-1].value
    (True, True)
    """
    import ipywidgets as w

    datasets.path(name)  # validates the name and the file up front
    pick = w.Dropdown(options=list(datasets.CATALOGUE), value=name, description=_("Dataset"))
    count = w.IntSlider(value=rows, min=1, max=20, description=_("Rows"))
    page = Page()

    def show(*_change: Any) -> None:
        frame = datasets.load(pick.value)
        size = tr("{name}: {rows:,} rows x {columns} columns", name=pick.value, rows=len(frame), columns=frame.shape[1])
        page.show(size, frame.head(count.value),
                  datasets.describe(pick.value))

    pick.observe(show, names="value")
    count.observe(show, names="value")
    show()
    return explorer([w.HBox([pick, count]), page.widget], page)


def glossary_lookup(chapter: int | None = None) -> Any:
    """A search box over the glossary: type part of an English or Chinese term.

    Examples
    --------
    >>> "customer loyalty" in glossary_lookup().children[-1].value
    True
    """
    import ipywidgets as w

    glossary.table(chapter)  # validates the chapter up front
    box = w.Text(value="loyal", description=_("Search"), placeholder=_("e.g. loyalty or 忠诚"))
    page = Page()

    def show(*_change: Any) -> None:
        hits = glossary.search(box.value, chapter)  # Chinese definitions and headers under lang="zh"
        page.show(hits if len(hits) else tr("No term contains “{text}”.", text=box.value.strip()))

    box.observe(show, names="value")
    show()
    return explorer([box, page.widget], page)
