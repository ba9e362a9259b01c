"""Text answers: case and spacing ignored, the chapter's own words and the glossary's Chinese accepted.

A text answer is right when, after :func:`normalise_text`, it is the expected text, one of
the words the exercise also accepts (``accept={"system": ["technology", "技术"]}``), or a
Chinese glossary term whose English term is one of these (转移成本 → switching cost).
A generic head noun may be added or left out: "key customers" and 主要客户 answer "key".
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

#: Words that name what a label is about and may be added or left out ("key" = "key customer").
GENERIC_NOUNS = frozenset({"customer", "customers", "exhibitor", "exhibitors", "account", "accounts",
                           "stage", "tier", "segment", "type", "orientation"})
_PARENTHESES = re.compile(r"\s*[(（][^)）]*[)）]")

Accept = Mapping[str, Iterable[str]]


def normalise_text(text: str) -> str:
    """Case-fold and collapse white space so that 'At  Risk ' equals 'at risk'.

    >>> normalise_text("  At  Risk "), normalise_text("switching_cost")
    ('at risk', 'switching cost')
    """
    return " ".join(str(text).casefold().replace("_", " ").replace("-", " ").split())


def _core(text: str, glossary: bool = False) -> str:
    """The normalised text without generic head nouns (and a glossary term without its parenthesis)."""
    words = normalise_text(_PARENTHESES.sub("", text) if glossary else text).split()
    kept = [w for w in words if w not in GENERIC_NOUNS]
    return " ".join(kept or words)


@functools.cache
def _glossary_english() -> dict[str, frozenset[str]]:
    """Chinese term (with and without its parenthesis) -> the English terms the glossary gives it."""
    try:
        from ..glossary import terms

        frame = terms()   # fixed column names in either language
    except Exception:   # a broken glossary must not break checking
        return {}
    mapping: dict[str, set[str]] = {}
    for english, chinese in zip(frame["term"], frame["chinese"]):
        if not isinstance(chinese, str) or not isinstance(english, str):
            continue
        for key in {chinese.strip(), _PARENTHESES.sub("", chinese).strip()}:
            if key:
                mapping.setdefault(key, set()).add(english)
    return {key: frozenset(values) for key, values in mapping.items()}


def readings(answer: str) -> set[str]:
    """The ways an answer can be read: itself, and the English of a Chinese glossary term.

    >>> sorted(readings("转移成本"))
    ['switching cost', '转移成本']
    """
    text = str(answer).strip()
    found = {_core(text)}
    for english in _glossary_english().get(text, ()):
        found.add(_core(english, glossary=True))
    return {f for f in found if f}


def accepted(expected: str, accept: Accept | None = None) -> set[str]:
    """The normalised forms that answer ``expected``: itself and the words ``accept`` lists for it.

    >>> sorted(accepted("system", {"System": ["technology", "技术"]}))
    ['system', 'technology', '技术']
    """
    forms = {_core(expected)}
    for key, words in (accept or {}).items():
        if normalise_text(key) == normalise_text(expected):
            forms.update(_core(w) for w in words)
    return {f for f in forms if f}


def text_matches(answer: str, expected: str, accept: Accept | None = None) -> bool:
    """True when the text ``answer`` answers ``expected`` (see the module docstring).

    >>> text_matches("Switching cost", "switching_cost"), text_matches("转移成本", "switching_cost")
    (True, True)
    >>> text_matches("key customers", "key"), text_matches("trust", "key")
    (True, False)
    """
    return bool(readings(answer) & accepted(expected, accept))
