"""The bilingual glossary: every key term in English and 中文 with a one-line definition.

Terms live in ``glossary_terms.csv`` next to this module (columns term, chinese,
chapter, definition), so a chapter adds its terms without touching code.

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

__all__ = ["TERMS_FILE", "Term", "table", "term"]

TERMS_FILE = Path(__file__).with_name("glossary_terms.csv")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    chinese: str
    chapter: int
    definition: str

    def __repr__(self) -> str:
        return f"{self.term} — {self.chinese} (chapter {self.chapter}): {self.definition}"

    def _repr_markdown_(self) -> str:
        return f"**{self.term}** — {self.chinese} *(chapter {self.chapter})*: {self.definition}"


@functools.cache
def _terms() -> pd.DataFrame:
    frame = pd.read_csv(TERMS_FILE, dtype={"term": str, "chinese": str, "definition": str, "chapter": int})
    return frame.sort_values(["chapter", "term"], kind="stable").reset_index(drop=True)


def table(chapter: int | None = None) -> pd.DataFrame:
    """All terms (or one chapter's) as a DataFrame: term, chinese, chapter, definition.

    Examples
    --------
    >>> bool(table(chapter=6)["term"].str.contains("lift").any())
    True
    """
    frame = _terms()
    if chapter is not None:
        if not is_whole_number(chapter):
            raise TypeError(f"chapter must be an int such as 5, got {type(chapter).__name__}.")
        if chapter not in set(frame["chapter"]):
            raise ValueError(f"No terms for chapter {chapter}; chapters with terms: {sorted(set(frame['chapter']))}.")
        frame = frame[frame["chapter"] == chapter]
    return frame.reset_index(drop=True).copy()


def term(name: str) -> Term:
    """Look up ``name`` (English or Chinese, case-insensitive).

    Examples
    --------
    >>> term("Customer Lifetime Value").chinese
    '客户终身价值'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a term as text, got {type(name).__name__}.")
    frame = _terms()
    key = name.strip().casefold()
    hit = frame[(frame["term"].str.casefold() == key) | (frame["chinese"] == name.strip())]
    if hit.empty:
        close = difflib.get_close_matches(key, frame["term"].str.casefold().tolist(), n=3, cutoff=0.6)
        tip = f" Did you mean: {', '.join(close)}?" if close else " See crm.glossary.table() for all terms."
        raise ValueError(f"{name!r} is not in the glossary.{tip}")
    row = hit.iloc[0]
    return Term(row["term"], row["chinese"], int(row["chapter"]), row["definition"])
