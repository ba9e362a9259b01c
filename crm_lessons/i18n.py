"""The language switch: one setting for every message, chart text and widget label a learner reads.

``crm.setup(lang="zh")`` calls :func:`set_language`; English (``"en"``) is the default.
Package strings are written in English and marked for translation:

- ``_("text")`` translates where the text is used (a message built while checking an answer);
- ``N_("text")`` only marks a text registered at import time (an exercise's hints and title),
  which is translated with ``_()`` where it is shown, so the language may change after import;
- ``tr("template {name}", name=value)`` translates a template, then fills it in; notebooks call
  it as ``crm.tr(...)`` for the text of a chart drawn in a code cell (code cells are the same
  in both editions).

The translations live in the gettext catalogue ``crm_lessons/locale/zh_CN/LC_MESSAGES/crm_lessons.po``
(compiled to ``.mo`` and read with the standard library, so nothing is needed at run time);
a text without a translation falls back to English. ``python -m crm_lessons.publish.editions``
extracts, builds and reports the catalogues (CONTRIBUTING.md, "Translating").
"""
from __future__ import annotations

import functools
import gettext as _gettext
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "data_label", "data_name", "data_names", "data_names_zh", "get_language", "gettext",
           "itemset_name", "set_language", "tr"]

#: Language code accepted by ``crm.setup(lang=...)`` -> gettext locale of its catalogue.
LANGUAGES = {"en": "en", "zh": "zh_CN"}
_ALIASES = {"zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "cn": "zh", "en-us": "en", "en-gb": "en"}
DOMAIN = "crm_lessons"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_STATE = {"lang": "en"}


def set_language(lang: str) -> None:
    """Choose the language of messages, chart text and widget labels: ``"en"`` or ``"zh"``.

    Raises ``TypeError`` for a non-string and ``ValueError`` for a language without a catalogue.

    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en")
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'en', 'zh' (got 'fr').
    """
    if not isinstance(lang, str):
        raise TypeError(tr("lang must be a language code such as 'en' or 'zh', got {kind}.", kind=type(lang).__name__))
    code = _ALIASES.get(lang.strip().lower(), lang.strip().lower())
    if code not in LANGUAGES:
        raise ValueError(tr("lang must be one of {codes} (got {lang!r}).", codes=", ".join(map(repr, LANGUAGES)),
                            lang=lang))
    _STATE["lang"] = code


def get_language() -> str:
    """The language chosen with :func:`set_language` (``"en"`` until then).

    >>> get_language()
    'en'
    """
    return _STATE["lang"]


@functools.cache
def _catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (an empty one for English or a missing file)."""
    return _gettext.translation(DOMAIN, LOCALE_DIR, [LANGUAGES[lang]], fallback=True)


def gettext(message: str) -> str:
    """``message`` in the chosen language; the English text when there is no translation.

    >>> set_language("zh"); gettext("Hint {number} of {total} for Exercise {id}: {text}{tail}")[:2]
    '提示'
    >>> gettext("a text nobody translated"); set_language("en")
    'a text nobody translated'
    """
    if _STATE["lang"] == "en" or not message:
        return message
    return _catalogue(_STATE["lang"]).gettext(message)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (it is translated where shown).

    >>> N_("Load the table.")
    'Load the table.'
    """
    return message


def tr(message: str, /, **fields: object) -> str:
    """Translate the template ``message``, then fill in ``fields`` (``str.format`` placeholders).

    The template, not the filled-in text, is the catalogue entry, so one translation serves
    every value.

    >>> tr("Revenue grew {growth:.1f}-fold", growth=2.345)
    'Revenue grew 2.3-fold'
    """
    text = gettext(message)
    return text.format(**fields) if fields else text


@functools.cache
def _data_names() -> dict[str, str]:
    """English data value -> Chinese name, from ``reference/data_names.csv`` (one home for them)."""
    import csv
    from importlib import resources

    text = resources.files("crm_lessons.reference").joinpath("data_names.csv").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        if row["en"] in names and names[row["en"]] != row["zh"]:
            raise ValueError(tr("data_names.csv gives {name!r} two Chinese names; keep one.", name=row["en"]))
        names[row["en"]] = row["zh"]
    return names


def data_names_zh() -> dict[str, str]:
    """Every English data value with its Chinese name, whatever the chosen language (for the data generator).

    >>> data_names_zh()["Champions"]
    '冠军客户'
    """
    return dict(_data_names())


def data_name(value: object) -> object:
    """A name that comes from the data (a segment, stage, channel, product …) in the chosen language.

    The data and the code keep the English key (``.loc["Champions"]`` works in both editions);
    charts and tables show this name. The Chinese names live in ``reference/data_names.csv``.
    Values that are not names (numbers, unknown strings) come back unchanged.

    >>> data_name("Champions")
    'Champions'
    >>> set_language("zh"); data_name("Champions"), data_name(42), data_name("no such name")
    ('冠军客户', 42, 'no such name')
    >>> set_language("en")
    """
    if _STATE["lang"] == "en" or not isinstance(value, str):
        return value
    return _data_names().get(value, value)


def data_names(values: object) -> list:
    """:func:`data_name` of every value in an iterable (a list, an index, a column).

    >>> set_language("zh"); data_names(["web", "store"]); set_language("en")
    ['网上商城', '门店']
    """
    return [data_name(v) for v in values]


def data_label(value: object) -> str:
    """A data name for a chart label: its name in the chosen language, else the key with ``_`` as spaces.

    >>> data_label("perceived_value")
    'perceived value'
    >>> set_language("zh"); data_label("perceived_value"), data_label("n_items"); set_language("en")
    ('感知价值', 'n items')
    """
    shown = data_name(str(value))
    return shown if shown != str(value) else str(value).replace("_", " ")


def itemset_name(text: object) -> str:
    """An item or an itemset written "A + B" (as in rule tables), each item through :func:`data_name`.

    >>> set_language("zh"); itemset_name("web + store"); set_language("en")
    '网上商城 + 门店'
    """
    return " + ".join(str(data_name(part)) for part in str(text).split(" + "))
