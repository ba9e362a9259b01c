"""The reference texts a learner reads through the package, in Chinese under lang="zh" (issue #13).

Data cards and the dataset list, the cleaning report, the environment check, and the titles,
hints, explanations and rubrics of every exercise: each has its Chinese text in the package
catalogue, is shown in Chinese after ``crm.setup(lang="zh")``, and is unchanged in English.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import datasets, i18n
from crm_lessons.cleaning import REASONS
from crm_lessons.exercises.core import get, known_ids
from crm_lessons.session import check_environment
from crm_lessons.simulate.cards import CARDS, TYPES, render

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _chinese(text: str) -> str:
    """``text`` as the catalogue gives it in Chinese (the language is restored afterwards)."""
    before = i18n.get_language()
    i18n.set_language("zh")
    try:
        return i18n.gettext(text)
    finally:
        i18n.set_language(before)


def _untranslated(texts: dict[str, str]) -> list[str]:
    """The labels of the texts with words but no Chinese translation."""
    return [label for label, text in texts.items()
            if LATIN_WORD.search(text) and not HAN.search(_chinese(text))]


@pytest.fixture
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


# --- data cards and the dataset list ------------------------------------------------------------

def test_every_card_text_column_meaning_and_type_has_its_chinese_text():
    texts = {}
    for file, (origin, holds, columns) in CARDS.items():
        texts[f"{file}: origin"] = origin
        texts[f"{file}: description"] = holds
        texts.update({f"{file}: column {column}": meaning for column, _type, meaning in columns})
    texts.update({f"type {t}": t for t in TYPES})
    assert len(texts) > 120
    assert _untranslated(texts) == []


def test_every_card_has_a_type_the_catalogue_knows():
    used = {t for _o, _h, columns in CARDS.values() for _c, t, _m in columns}
    assert used <= set(TYPES)


def test_the_english_cards_are_still_the_readme_word_for_word():
    for name, info in datasets.CATALOGUE.items():
        card = datasets.describe(name).text
        rows = int(re.search(r"^- Rows: ([\d,]+)$", card, flags=re.M).group(1).replace(",", ""))
        checksum = re.search(r"SHA-256: `(\w+)`", card).group(1)
        assert render(info.file, rows, checksum).strip() == card, name


def test_describe_shows_the_chinese_card_with_the_same_rows_columns_and_checksum(chinese):
    zh = datasets.describe("orders").text
    i18n.set_language("en")
    en = datasets.describe("orders").text
    assert "| 列 | 类型 | 含义（单位） |" in zh and "- 行数：18,938" in zh and "- Rows: 18,938" in en
    assert re.findall(r"SHA-256: `\w+`", zh) == re.findall(r"SHA-256: `\w+`", en)
    assert re.findall(r"^\| `(\w+)`", zh, flags=re.M) == re.findall(r"^\| `(\w+)`", en, flags=re.M)
    assert "| `amount` | 浮点数 | 订单金额，元 |" in zh
    assert "order value" not in zh and "One row per order" not in zh


def test_every_dataset_card_is_chinese_under_zh(chinese):
    for name in datasets.CATALOGUE:
        card = datasets.describe(name).text
        prose = re.sub(r"`[^`]*`|https?://\S+", "", card)
        assert len(HAN.findall(prose)) > 40, name


def test_available_lists_chinese_descriptions_under_the_same_columns(chinese):
    table = datasets.available()
    assert list(table.columns) == ["name", "rows", "description", "source", "licence"]
    assert "cdnow" in set(table["name"])
    assert table["description"].map(lambda s: bool(HAN.search(s))).all()
    assert table["source"].map(lambda s: bool(HAN.search(s))).all()
    i18n.set_language("en")
    assert datasets.available().at[0, "description"].startswith("Simulated retailer: one row per customer")


# --- the cleaning report --------------------------------------------------------------------------

MESSY = {"customer": "Customer ID", "order": "Invoice", "date": "InvoiceDate", "item": "StockCode",
         "quantity": "Quantity", "price": "Price", "non_product": ["POST", "ADJUST", "B"]}


def test_every_cleaning_reason_has_its_chinese_description():
    assert _untranslated({reason: text for reason, text in REASONS.items()}) == []


def test_the_cleaning_report_reads_in_chinese_with_the_same_codes_and_counts(chinese):
    zh = datasets.read_transactions(datasets.path("messy_transactions"), **MESSY)
    i18n.set_language("en")
    en = datasets.read_transactions(datasets.path("messy_transactions"), **MESSY)
    assert list(zh.report.columns) == list(en.report.columns)
    pd.testing.assert_frame_equal(zh.report.drop(columns="description"), en.report.drop(columns="description"))
    assert en.report["description"].tolist() == list(REASONS.values())
    assert zh.report.set_index("reason").at["missing_customer", "description"] == "缺少客户编号"
    i18n.set_language("zh")
    shown = repr(zh)
    assert shown.startswith("messy_transactions.csv 的清洗报告（日期读法：日在前）")
    assert "读入 295 行" in shown and "Cleaning report" not in shown
    assert "<th>删除行数</th>" in zh._repr_html_()


def test_reading_notes_are_chinese_under_zh(chinese):
    frame = pd.DataFrame({"customer_id": ["1", "2"], "order_id": ["A", "B"], "order_date": ["2024-03-01"] * 2,
                          "amount": ["¥12.50", "¥1,234.00"]})
    notes = datasets.read_transactions(frame, amount="amount").notes
    assert any(note.startswith("列 'amount'：读取数字前已去掉货币符号 ¥") for note in notes), notes
    assert any("千位分隔符" in note for note in notes), notes


# --- the environment check and the progress table ---------------------------------------------------

def test_check_environment_is_chinese_under_zh_and_unchanged_in_english(chinese):
    table = check_environment()
    assert list(table.columns) == ["要求", "最低版本", "状态"]
    assert set(table["状态"]) == {"正常"}
    i18n.set_language("en")
    assert list(check_environment().columns) == ["requirement", "minimum", "status"]


def test_progress_shows_chinese_titles_under_zh(chinese, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "progress.json"))
    table = crm.progress(6)
    assert list(table.columns) == ["title", "passed", "first_passed"]
    assert table.at["6.1", "title"] == "手工计算支持度"
    assert table["title"].map(lambda s: bool(HAN.search(s))).all()


# --- exercises ------------------------------------------------------------------------------------

def _exercise_texts() -> dict[str, str]:
    texts = {}
    for ex_id in known_ids():
        if not re.fullmatch(r"\d+\.\d+", ex_id):
            continue                              # test fixtures register ids such as 0.98
        ex = get(ex_id)
        texts[f"{ex_id} title"] = ex.title
        texts[f"{ex_id} explanation"] = ex.explanation
        texts.update({f"{ex_id} hint {n}": hint for n, hint in enumerate(ex.hints, 1)})
        if ex.decision is not None:
            texts.update({f"{ex_id} rubric {n}": c for n, c in enumerate(ex.decision.rubric, 1)})
    return texts


def test_every_exercise_title_hint_explanation_and_rubric_has_its_chinese_text():
    texts = _exercise_texts()
    assert len({label.split()[0] for label in texts}) >= 70 and len(texts) > 400
    assert _untranslated(texts) == []


def test_hints_and_feedback_of_a_later_chapter_are_chinese(chinese):
    assert str(crm.hint("6.1", 1)).startswith("💡 提示 1/")
    assert "项集的支持度" in str(crm.hint("6.1", 1))
    feedback = crm.check("4.1", get("4.1").expected())
    assert "保留率为75%时" in feedback.message
