"""The bilingual glossary: every key term in English and 中文 with a one-line definition in each.

Terms live in ``glossary_terms.csv`` next to this module (columns term, chinese,
chapter, definition, definition_zh), so a chapter adds its terms without touching code.
After ``crm.setup(lang="zh")`` the table and the look-up show the Chinese definition
under Chinese column headers; in English they show the English definition.

>>> term("lift").chinese
'提升度'
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._validation import is_whole_number
from .i18n import get_language, tr

__all__ = ["TERMS_FILE", "ZH_HEADERS", "Term", "search", "table", "term", "terms"]

TERMS_FILE = Path(__file__).with_name("glossary_terms.csv")
#: Column headers of :func:`table` in the Chinese edition (the English ones are the CSV's).
ZH_HEADERS = {"term": "英文术语", "chinese": "中文术语", "chapter": "章", "definition": "释义"}


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    chinese: str
    chapter: int
    definition: str
    definition_zh: str = ""

    def __repr__(self) -> str:
        if get_language() == "zh":
            return f"{self.chinese}（{self.term}，第 {self.chapter} 章）：{self.definition_zh}"
        return f"{self.term} — {self.chinese} (chapter {self.chapter}): {self.definition}"

    def _repr_markdown_(self) -> str:
        if get_language() == "zh":
            return f"**{self.chinese}**（{self.term}，*第 {self.chapter} 章*）：{self.definition_zh}"
        return f"**{self.term}** — {self.chinese} *(chapter {self.chapter})*: {self.definition}"


@functools.cache
def _terms() -> pd.DataFrame:
    frame = pd.read_csv(TERMS_FILE, dtype={"term": str, "chinese": str, "definition": str, "definition_zh": str,
                                           "chapter": int})
    return frame.sort_values(["chapter", "term"], kind="stable").reset_index(drop=True)


def _for_reader(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` as the reader sees them: English, or Chinese definitions and headers."""
    if get_language() == "zh":
        shown = frame.drop(columns="definition").rename(columns={"definition_zh": "definition"})
        return shown[list(ZH_HEADERS)].rename(columns=ZH_HEADERS)
    return frame.drop(columns="definition_zh")


def _chapter_terms(chapter: int | None) -> pd.DataFrame:
    frame = _terms()
    if chapter is not None:
        if not is_whole_number(chapter):
            raise TypeError(tr("chapter must be an int such as 5, got {kind}.", kind=type(chapter).__name__))
        if chapter not in set(frame["chapter"]):
            raise ValueError(tr("No terms for chapter {chapter}; chapters with terms: {chapters}.",
                                chapter=chapter, chapters=sorted(set(frame['chapter']))))
        frame = frame[frame["chapter"] == chapter]
    return frame


def terms() -> pd.DataFrame:
    """Every term with both definitions under fixed column names, whatever the language.

    For code that looks terms up (:func:`table` is for reading and follows the language):
    columns term, chinese, chapter, definition, definition_zh.

    Examples
    --------
    >>> list(terms().columns)
    ['term', 'chinese', 'chapter', 'definition', 'definition_zh']
    """
    return _terms().copy()


def table(chapter: int | None = None) -> pd.DataFrame:
    """All terms (or one chapter's) as a DataFrame: term, chinese, chapter, definition.

    After ``crm.setup(lang="zh")`` the definition is the Chinese one and the headers are
    Chinese (英文术语, 中文术语, 章, 释义).

    Examples
    --------
    >>> bool(table(chapter=6)["term"].str.contains("lift").any())
    True
    """
    return _for_reader(_chapter_terms(chapter)).reset_index(drop=True)


def search(text: str, chapter: int | None = None) -> pd.DataFrame:
    """The terms (of one chapter, or all) whose English or Chinese name contains ``text``.

    Shown like :func:`table`: in Chinese after ``crm.setup(lang="zh")``.

    Examples
    --------
    >>> search("忠诚", chapter=3)["term"].tolist()[:2]
    ['attitudinal loyalty', 'attitudinal loyalty (spiritual)']
    """
    if not isinstance(text, str):
        raise TypeError(tr("text must be part of a term as text, got {kind}.", kind=type(text).__name__))
    frame = _chapter_terms(chapter).reset_index(drop=True)  # numbered like table(chapter)
    key = text.strip()
    hits = frame[frame["term"].str.casefold().str.contains(key.casefold(), regex=False)
                 | frame["chinese"].str.contains(key, regex=False)]
    return _for_reader(hits)


def term(name: str) -> Term:
    """Look up ``name`` (English or Chinese, case-insensitive).

    Examples
    --------
    >>> term("Customer Lifetime Value").chinese
    '客户终身价值'
    """
    if not isinstance(name, str):
        raise TypeError(tr("name must be a term as text, got {kind}.", kind=type(name).__name__))
    frame = _terms()
    key = name.strip().casefold()
    hit = frame[(frame["term"].str.casefold() == key) | (frame["chinese"] == name.strip())]
    if hit.empty:
        close = difflib.get_close_matches(key, frame["term"].str.casefold().tolist(), n=3, cutoff=0.6)
        tip = (tr(" Did you mean: {close}?", close=", ".join(close)) if close
               else tr(" See crm.glossary.table() for all terms."))
        raise ValueError(tr("{name!r} is not in the glossary.{tip}", name=name, tip=tip))
    row = hit.iloc[0]
    return Term(row["term"], row["chinese"], int(row["chapter"]), row["definition"], row["definition_zh"])
