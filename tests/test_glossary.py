"""crm.glossary: a bilingual term list covering every chapter."""
from __future__ import annotations

import re

import pandas as pd
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


# The Chinese edition (issue #13): every term has a Chinese definition, shown under lang="zh".
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    crm.i18n.set_language("zh")
    yield
    crm.i18n.set_language("en")


def test_every_term_has_a_chinese_definition_written_in_chinese():
    frame = pd.read_csv(crm.glossary.TERMS_FILE, dtype=str, keep_default_na=False)
    assert (frame["definition_zh"].str.strip() != "").all(), frame.loc[frame["definition_zh"] == "", "term"].tolist()
    # each is a Chinese sentence (at least 8 characters; names and citations stay in Latin letters) ...
    han = frame["definition_zh"].map(lambda s: len(HAN.findall(s)))
    assert (han >= 8).all(), frame.loc[han < 8, ["term", "definition_zh"]]
    # ... and together they are overwhelmingly Chinese
    letters = sum(c.isalpha() for c in "".join(frame["definition_zh"]))
    assert han.sum() / letters > 0.8
    assert not frame["definition_zh"].eq(frame["definition"]).any()


def test_chinese_definitions_use_the_chinese_term_of_related_entries():
    # the definitions speak the glossary's (the decks') Chinese, not ad-hoc synonyms
    assert "后项的支持度" in crm.glossary.term("lift").definition_zh
    assert "识别期、发展期、稳定期和衰退期" in crm.glossary.term("customer lifecycle").definition_zh
    assert "克朗巴哈系数" in crm.glossary.term("scale reliability").definition_zh


def test_table_and_term_show_chinese_under_zh(chinese):
    table = crm.glossary.table(chapter=6)
    assert list(table.columns) == ["英文术语", "中文术语", "章", "释义"]
    assert set(table["章"]) == {6}
    lift = table.set_index("英文术语").loc["lift", "释义"]
    assert lift.startswith("置信度除以后项的支持度")
    shown = repr(crm.glossary.term("lift"))
    assert shown.startswith("提升度（lift，第 6 章）：置信度") and "Confidence" not in shown
    assert "**提升度**" in crm.glossary.term("提升度")._repr_markdown_()


def test_english_output_is_unchanged_by_the_chinese_column():
    table = crm.glossary.table(chapter=6)
    assert list(table.columns) == ["term", "chinese", "chapter", "definition"]
    assert table.index.tolist() == list(range(len(table)))
    assert repr(crm.glossary.term("lift")) == (
        "lift — 提升度 (chapter 6): Confidence divided by the consequent's support; above 1 means the items go "
        "together more than by chance.")


def test_search_finds_english_or_chinese_names_in_the_reader_language(chinese):
    hits = crm.glossary.search("忠诚", chapter=5)
    assert "真正忠诚" in set(hits["中文术语"]) and hits["释义"].map(lambda s: bool(HAN.search(s))).all()
    crm.i18n.set_language("en")
    assert "true loyalty" in set(crm.glossary.search("LOYAL")["term"])
    with pytest.raises(TypeError, match="text must be"):
        crm.glossary.search(None)


def test_glossary_explorer_shows_chinese_definitions_under_zh(chinese):
    pytest.importorskip("ipywidgets")
    html = crm.widgets.glossary_lookup(chapter=3).children[-1].value
    assert "<th>释义</th>" in html and "作为一种偏好的忠诚" in html


def test_code_that_looks_terms_up_gets_fixed_columns_in_either_language(chinese):
    from crm_lessons.exercises import words

    assert list(crm.glossary.terms().columns) == ["term", "chinese", "chapter", "definition", "definition_zh"]
    words._glossary_english.cache_clear()   # built under zh: the Chinese headers must not break it
    try:
        assert "switching cost" in words.readings("转移成本")
    finally:
        words._glossary_english.cache_clear()


def test_search_numbers_rows_like_the_chapter_table():
    table = crm.glossary.table(chapter=5)
    hits = crm.glossary.search("loyal", chapter=5)
    pd.testing.assert_frame_equal(hits, table[table["term"].str.contains("loyal")])
