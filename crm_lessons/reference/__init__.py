"""Reference tables (theories, processes, the course decks' tables), stored as data, read by one loader.

The tables live in ``course_tables.json`` next to this file, one entry per table with
its ``columns`` and ``rows``; the modules that teach them (:mod:`crm_lessons.marketing_history`,
:mod:`crm_lessons.lifecycle`) turn them into DataFrames. Editing a table means editing the data
file, not code.

Examples
--------
>>> "theories" in table_names()
True
>>> table("process_database")["chinese"].iloc[0]
'建立完整的客户信息数据库'
"""
from __future__ import annotations

import functools
import json
from importlib import resources

import pandas as pd

from ..i18n import tr

__all__ = ["table", "table_names"]

_FILE = "course_tables.json"


@functools.cache
def _raw() -> dict[str, dict[str, list]]:
    text = resources.files(__name__).joinpath(_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    for name, entry in data.items():
        width = len(entry["columns"])
        bad = [i for i, row in enumerate(entry["rows"]) if len(row) != width]
        if bad:
            raise ValueError(tr("{FILE}: table {name!r} has rows of the wrong length (rows {bad}); each row needs "
                                "{width} values.", FILE=_FILE, name=name, bad=bad, width=width))
    return data


def table_names() -> list[str]:
    """The names of the stored reference tables, sorted.

    Examples
    --------
    >>> "core_ideas" in table_names()
    True
    """
    return sorted(_raw())


def table(name: str) -> pd.DataFrame:
    """One reference table as a new DataFrame (a fresh copy on every call).

    Parameters
    ----------
    name : str
        One of :func:`table_names`.

    Returns
    -------
    pandas.DataFrame
        The stored columns in their stored order.

    Examples
    --------
    >>> table("crm_process_features")["feature"].tolist()
    ['customer-facing', 'strategic', 'integrated']
    """
    if not isinstance(name, str):
        raise TypeError(tr("name must be a table name (a string), got {kind}.", kind=type(name).__name__))
    data = _raw()
    if name not in data:
        raise ValueError(tr("No reference table {name!r}; the tables are: {names}.",
                            name=name, names=', '.join(sorted(data))))
    entry = data[name]
    return pd.DataFrame([list(row) for row in entry["rows"]], columns=list(entry["columns"]))
