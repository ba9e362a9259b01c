"""crm.glossary: a bilingual term list covering every chapter."""
from __future__ import annotations

import re

import pytest

import crm_lessons as crm


def test_at_least_sixty_unique_bilingual_terms_covering_the_chapters():
    table = crm.glossary.table()
    assert len(table) >= 60
    assert table["term"].str.casefold().is_unique
    assert table["chinese"].map(lambda s: bool(re.search(r"[\u4e00-\u9fff]", s))).all()
    assert (table["definition"].str.len() > 15).all()
    assert set(range(1, 9)) <= set(table["chapter"])


def test_term_lookup_is_case_insensitive_and_works_in_chinese():
    assert crm.glossary.term("Customer Loyalty").chinese == "客户忠诚"
    assert crm.glossary.term("客户忠诚").term == "customer loyalty"
    assert "提升度" in repr(crm.glossary.term("lift"))


def test_unknown_term_suggests_close_matches():
    with pytest.raises(ValueError, match="Did you mean: customer loyalty"):
        crm.glossary.term("customer loyalty x")
    with pytest.raises(TypeError, match="name must be a term"):
        crm.glossary.term(5)


def test_table_by_chapter():
    assert set(crm.glossary.table(chapter=6)["chapter"]) == {6}
    with pytest.raises(ValueError, match="No terms for chapter 42"):
        crm.glossary.table(chapter=42)
