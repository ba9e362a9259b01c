"""Tables in the reader's language: data names shown as "冠军客户 (Champions)" in the Chinese edition.

The data and the code keep their English keys (``summary.loc["Champions"]`` works in both
editions), so a table shown to a Chinese reader gives the Chinese name *and* the key to type.
``crm.setup(lang="zh")`` registers :func:`with_data_names` with IPython's display formatters
for pandas DataFrames and Series (HTML and plain text); ``crm.setup(lang="en")`` removes it, so
English output is exactly pandas' own. The formatter changes a copy, never the learner's object:

- index labels that are data names (every level);
- column labels that are data names, but only when the column axis has a name (a cross-table or
  pivot whose columns are values of a variable, e.g. ``segment``); plain column names such as
  ``customers`` or ``monetary`` are code identifiers and stay as they are;
- text and categorical cells that are data names. Numbers are never touched.

The Chinese names come from ``reference/data_names.csv`` through :func:`crm_lessons.i18n.data_name`.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .i18n import data_name, get_language, tr

__all__ = ["install", "label", "with_data_names"]


def label(value: object) -> object:
    """``value`` as a table shows it: "中文名 (English key)" when it is a data name with a Chinese name.

    >>> from crm_lessons.i18n import set_language
    >>> label("Champions")
    'Champions'
    >>> set_language("zh"); label("Champions"), label("customers"), label(3); set_language("en")
    ('冠军客户 (Champions)', 'customers', 3)
    """
    shown = data_name(value)
    return f"{shown} ({value})" if shown != value else value


def _named(values: Any) -> set:
    """The values among ``values`` (distinct ones) that have a name in the chosen language."""
    if get_language() == "en":
        return set()
    return {v for v in values if isinstance(v, str) and data_name(v) != v}


def _relabel_axis(axis: pd.Index, only_named_levels: bool) -> pd.Index:
    """The labels of ``axis`` through :func:`label`, level by level (a level without a name is kept when asked)."""
    if isinstance(axis, pd.MultiIndex):
        levels = [lvl if only_named_levels and name is None else _relabel_axis(lvl, False)
                  for lvl, name in zip(axis.levels, axis.names)]
        return axis.set_levels(levels, verify_integrity=False)
    if (only_named_levels and axis.name is None) or axis.dtype.kind in "biufcmM":
        return axis
    if not _named(axis.unique()):
        return axis
    mapped = [label(v) for v in axis]
    if isinstance(axis, pd.CategoricalIndex):
        return pd.CategoricalIndex(mapped, categories=[label(c) for c in axis.categories],
                                   ordered=axis.ordered, name=axis.name)
    return pd.Index(mapped, name=axis.name, dtype=object)


def _relabel_values(column: pd.Series) -> pd.Series:
    """Text or categorical cells through :func:`label`; any other column comes back as it is."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = list(column.cat.categories)
        renamed = [label(c) for c in categories]
        return column if renamed == categories else column.cat.rename_categories(renamed)
    if not (column.dtype == object or isinstance(column.dtype, pd.StringDtype)):
        return column
    names = {v: label(v) for v in _named(pd.unique(column.dropna()))}
    if not names:
        return column
    column = column.astype(object)
    return column.mask(column.isin(list(names)), column.map(names))


def with_data_names(obj: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """A copy of ``obj`` with its data names shown as "中文名 (key)" (see the module notes); ``obj`` is untouched.

    Examples
    --------
    >>> from crm_lessons.i18n import set_language
    >>> table = pd.DataFrame({"customers": [431, 497], "channel": ["web", "store"]},
    ...                      index=pd.Index(["Champions", "Hibernating"], name="segment"))
    >>> set_language("zh"); shown = with_data_names(table); set_language("en")
    >>> shown.index.tolist(), shown["channel"].tolist(), shown["customers"].tolist()
    (['冠军客户 (Champions)', '休眠客户 (Hibernating)'], ['网上商城 (web)', '门店 (store)'], [431, 497])
    >>> table.index[0]
    'Champions'
    """
    if isinstance(obj, pd.Series):
        return _relabel_values(obj).set_axis(_relabel_axis(obj.index, False))
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(tr("obj must be a pandas DataFrame or Series, got {kind}.", kind=type(obj).__name__))
    out = obj.copy(deep=False)
    out.index = _relabel_axis(obj.index, False)
    out.columns = _relabel_axis(obj.columns, True)
    for position in range(obj.shape[1]):
        column = obj.iloc[:, position]
        relabelled = _relabel_values(column)
        if relabelled is not column:
            out.isetitem(position, relabelled.to_numpy())
    return out


def _html(frame: pd.DataFrame) -> str | None:
    return with_data_names(frame)._repr_html_()


def _plain(obj: pd.DataFrame | pd.Series, printer: Any, cycle: bool) -> None:
    with pd.option_context("display.unicode.east_asian_width", True):    # columns line up under Chinese names
        printer.text(repr(with_data_names(obj)))


def install(lang: str | None = None) -> bool:
    """Register the table formatter in a running IPython when the language is Chinese; remove it otherwise.

    Called by ``crm.setup()``. Returns True when the formatter is now registered. Outside
    IPython (a script, a doctest) it does nothing and returns False.

    >>> install("en")          # English: pandas' own output, in IPython or not
    False
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks
        return False
    shell = get_ipython()
    if shell is None:
        return False
    lang = get_language() if lang is None else lang
    formatters = shell.display_formatter.formatters
    for kind, mime, printer in ((pd.DataFrame, "text/html", _html), (pd.DataFrame, "text/plain", _plain),
                                (pd.Series, "text/plain", _plain)):       # pandas shows a Series as text only
        registered = formatters[mime].type_printers.get(kind)
        if lang == "zh":
            formatters[mime].for_type(kind, printer)
        elif registered in (_html, _plain):
            formatters[mime].type_printers.pop(kind)
    return lang == "zh"
