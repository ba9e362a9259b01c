"""Widget of chapter 09: tick the problem lines to keep and see what the cleaned data becomes."""
from __future__ import annotations

import warnings
from typing import Any

from ..cleaning import REASONS, read_transactions
from ..i18n import tr
from ._view import Page, explorer

__all__ = ["cleaning_explorer"]


def cleaning_explorer(path_or_frame: Any, **read_args: Any) -> Any:
    """Tick the removal reasons to keep and see the report, lines, orders, customers and revenue.

    Parameters
    ----------
    path_or_frame : str, Path or DataFrame
        The raw export, as for :func:`crm_lessons.cleaning.read_transactions`.
    **read_args
        The column names and options for ``read_transactions`` (``customer=``,
        ``order=``, ``date=``, ``item=``, ``quantity=``, ``price=``, ``non_product=``,
        ...); ``keep=`` is what the boxes set.

    Returns
    -------
    ipywidgets.VBox
        One box per reason and an output area; the file is read again on each change,
        so keep it to exports of up to about 100,000 lines.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"customer_id": ["1", "2"], "order_id": ["10", "C11"],
    ...                     "order_date": ["2024-01-15", "2024-01-16"], "amount": [5.0, -5.0]})
    >>> box = cleaning_explorer(raw, amount="amount")
    >>> "kept 1 of 2 lines" in box.children[-1].value
    True
    """
    import ipywidgets as w

    if "keep" in read_args:
        raise TypeError(tr("cleaning_explorer sets keep= itself from its boxes; leave it out."))
    boxes = {reason: w.Checkbox(value=False, description=tr("keep {reason}", reason=reason), indent=False)
             for reason in REASONS}
    page = Page()

    def show(*_change: Any) -> None:
        keep = [reason for reason, box in boxes.items() if box.value]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = read_transactions(path_or_frame, keep=keep, **read_args)
        data = result.data
        notes = [f"{warning.category.__name__}: {warning.message}" for warning in caught]
        page.show(*notes, tr("kept {kept:,} of {read:,} lines · {orders:,} orders · {customers:,} customers · "
                             "revenue ¥{revenue:,.2f}", kept=result.rows_kept, read=result.rows_read,
                             orders=data["order_id"].nunique(), customers=data["customer_id"].nunique(),
                             revenue=data["amount"].sum()),
                  result.report[["reason", "rows_flagged", "rows_removed", "kept_on_request"]])

    show()   # reads once now, so that a wrong column name fails here, not on the first click
    for box in boxes.values():
        box.observe(show, names="value")
    return explorer([w.HBox(list(boxes.values())[:5]), w.HBox(list(boxes.values())[5:]), page.widget], page)
