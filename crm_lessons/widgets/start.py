"""Widgets of the start notebook: browse the bundled datasets and the glossary."""
from __future__ import annotations

from typing import Any

from .. import datasets, glossary

__all__ = ["dataset_explorer", "glossary_lookup"]


def dataset_explorer(name: str = "orders", rows: int = 5) -> Any:
    """Pick a dataset and a number of rows; see its first rows and its data card.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):    # outside Jupyter the first view is printed
    ...     box = dataset_explorer("products", rows=3)
    >>> type(box).__name__
    'VBox'
    """
    import ipywidgets as w
    from IPython.display import display

    datasets.path(name)  # validates the name and the file up front
    pick = w.Dropdown(options=list(datasets.CATALOGUE), value=name, description="Dataset")
    count = w.IntSlider(value=rows, min=1, max=20, description="Rows")
    out = w.Output()

    def show(*_: Any) -> None:
        with out:
            out.clear_output(wait=True)
            frame = datasets.load(pick.value)
            print(f"{pick.value}: {len(frame):,} rows x {frame.shape[1]} columns")
            display(frame.head(count.value))
            display(datasets.describe(pick.value))

    pick.observe(show, names="value")
    count.observe(show, names="value")
    show()
    return w.VBox([w.HBox([pick, count]), out])


def glossary_lookup(chapter: int | None = None) -> Any:
    """A search box over the glossary: type part of an English or Chinese term.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):    # outside Jupyter the first view is printed
    ...     box = glossary_lookup()
    >>> type(box).__name__
    'VBox'
    """
    import ipywidgets as w
    from IPython.display import display

    table = glossary.table(chapter)
    box = w.Text(value="loyal", description="Search", placeholder="e.g. loyalty or 忠诚")
    out = w.Output()

    def show(*_: Any) -> None:
        with out:
            out.clear_output(wait=True)
            text = box.value.strip().casefold()
            hits = table[table["term"].str.casefold().str.contains(text, regex=False)
                         | table["chinese"].str.contains(box.value.strip(), regex=False)]
            display(hits if len(hits) else f"No term contains {box.value!r}.")

    box.observe(show, names="value")
    show()
    return w.VBox([box, out])
