"""Names that come from the data (segments, stages, channels, models …) read in Chinese in the Chinese edition.

- reference/data_names.csv, their one home, is well formed and names every value of the kinds the
  package produces (all RFM segments of both rule tables, all stages, channels, models …);
- every chart of every chapter, drawn by running the Chinese notebook's own code cells (explorers
  included), shows no English data value that has a Chinese name, outside the "中文 (English)"
  brackets a translation may add; a chart drawn with a raw English name is caught;
- tables under ``crm.setup(lang="zh")`` show "冠军客户 (Champions)"; under English they are
  exactly pandas' own output.
"""
from __future__ import annotations

import csv
import itertools
import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crm_lessons as crm  # noqa: E402
from crm_lessons import i18n, named_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NAMES_CSV = ROOT / "crm_lessons" / "reference" / "data_names.csv"
CHINESE_EDITION = sorted((ROOT / "notebooks" / "zh").glob("0*.ipynb"))
HAN = re.compile(r"[\u4e00-\u9fff]")
BRACKETED = re.compile(r"[（(][^（）()]*[)）]")


@pytest.fixture
def english_afterwards():
    yield
    crm.setup(lang="en")


def _rows() -> list[dict[str, str]]:
    with NAMES_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------------------------
# The table of names
# --------------------------------------------------------------------------------------------

def test_the_names_table_is_well_formed_and_gives_each_value_one_chinese_name():
    rows = _rows()
    assert rows and list(rows[0]) == ["kind", "en", "zh"]
    for row in rows:
        assert row["kind"] and row["en"] == row["en"].strip() and row["en"], row
        assert HAN.search(row["zh"]) and row["zh"] == row["zh"].strip(), f"{row}: the Chinese name is missing"
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        # a value may belong to two kinds (Shanghai is a province-level city) but has one Chinese name
        earlier = seen.setdefault(row["en"], row)
        assert earlier["zh"] == row["zh"], f"{row['en']!r} has two Chinese names: {earlier} and {row}; keep one"
        assert (earlier is row) or earlier["kind"] != row["kind"], f"{row['en']!r} is listed twice as {row['kind']}"
    blocks = [kind for kind, _group in itertools.groupby(row["kind"] for row in rows)]
    assert len(blocks) == len(set(blocks)), f"keep the rows of each kind together: {blocks}"
    i18n._data_names.cache_clear()
    assert i18n._data_names() == {row["en"]: row["zh"] for row in rows}, "data_name reads every row"


def _produced_values() -> dict[str, set[str]]:
    """The values of each kind the package and the bundled data can put in a chart or a table."""
    from crm_lessons import cleaning, lifecycle, loyalty, rfm
    from crm_lessons.models.training import MODEL_NAMES
    from crm_lessons.plots.concepts import _REASON_COLOURS
    from crm_lessons.segments import _PROFILE_WORDS

    load = crm.datasets.load
    campaign = load("campaign")
    return {
        "RFM segment (both rule tables)": set(rfm.SEGMENT_RULES["segment"]) | set(rfm.SIMPLE_RULES["segment"]),
        "lifecycle stage": set(lifecycle.stage_table().index) | set(loyalty.STAGES) | {loyalty.ALL_STAGES},
        "order and acquisition channel": set(load("orders")["channel"]) | set(load("customers")["channel"]),
        "order source": set(load("orders")["source"]),
        "campaign channel": set(campaign["channel"]),
        "campaign group": set(campaign["customer_group"]),
        "loyalty construct and intention": set(loyalty.CONSTRUCTS) | set(loyalty.INTENTIONS),
        "model": set(MODEL_NAMES.values()),
        "k-means cluster profile": {", ".join(words) for words in itertools.product(*_PROFILE_WORDS.values())},
        "cleaning reason": set(cleaning.REASONS),
        "match reason": set(_REASON_COLOURS),
        "service ticket issue": set(load("service_tickets")["issue"]),
        "marketing contact source": set(load("marketing_contacts")["source"]),
    }


@pytest.mark.parametrize("kind", list(_produced_values()))
def test_every_value_the_package_produces_has_a_chinese_name(kind):
    named = {row["en"] for row in _rows()}
    missing = sorted(_produced_values()[kind] - named)
    assert not missing, f"add {kind} rows to reference/data_names.csv for: {missing}"


# --------------------------------------------------------------------------------------------
# Charts: run the Chinese edition's code cells and read every text on every chart
# --------------------------------------------------------------------------------------------

def _english_names() -> re.Pattern:
    """A pattern for any English key that has a Chinese name, standing alone: not a word of a longer
    English phrase ("loyalty" in "Spurious loyalty" is another value, which may have its own row)."""
    keys = sorted((row["en"] for row in _rows()), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z_'])(?<![A-Za-z_'] )(" + "|".join(map(re.escape, keys))
                      + r")(?![A-Za-z_'])(?! [A-Za-z_'])")


def english_data_names(texts: set[str]) -> list[tuple[str, str]]:
    """(name, text) for each English data name left in ``texts`` outside brackets such as "（At risk）"."""
    pattern = _english_names()
    found = []
    for text in texts:
        for match in pattern.finditer(BRACKETED.sub("", " ".join(text.split()))):
            found.append((match.group(1), text))
    return sorted(set(found))


def _texts(figure) -> set[str]:
    return {t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text().strip()}


@pytest.fixture
def chart_texts(monkeypatch):
    """Collect the text of every chart: those a cell shows and those an explorer renders."""
    from crm_lessons.widgets import _view

    seen: set[str] = set()
    render_explorer_chart, render_figure = _view.Chart.png, _view.figure_html

    def png(self):
        seen.update(_texts(self.figure))
        return render_explorer_chart(self)

    def figure_html(fig):
        seen.update(_texts(fig))
        return render_figure(fig)

    def show(*_args, **_kwargs):
        for number in plt.get_fignums():
            seen.update(_texts(plt.figure(number)))
        plt.close("all")

    monkeypatch.setattr(_view.Chart, "png", png)
    monkeypatch.setattr(_view, "figure_html", figure_html)
    monkeypatch.setattr(plt, "show", show)
    return seen


def _run_code_cells(path: Path, workdir: Path, show) -> None:
    """Run the notebook's code cells in order in one IPython shell, as the kernel would."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    here = Path.cwd()
    os.chdir(workdir)                        # a cell that saves work writes here, not in the repository
    try:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            result = shell.run_cell(cell.source)
            show()
            if "raises-exception" not in cell.metadata.get("tags", []):
                assert result.error_in_exec is None, f"{path.name} cell {cell.id}: {result.error_in_exec!r}"
    finally:
        os.chdir(here)
        shell.reset()
        InteractiveShell.clear_instance()   # other tests start their own (terminal) shell


@pytest.mark.slow
@pytest.mark.parametrize("path", CHINESE_EDITION, ids=lambda p: p.stem)
def test_the_charts_of_the_chinese_edition_show_no_english_data_name(path, chart_texts, tmp_path, monkeypatch,
                                                                     english_afterwards):
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)
    copy = tmp_path / path.name                   # the cell that saves work packs the notebooks of its folder
    copy.write_bytes(path.read_bytes())
    _run_code_cells(copy, tmp_path, plt.show)
    assert i18n.get_language() == "zh", "the Chinese notebook sets up in Chinese"
    assert any(HAN.search(t) for t in chart_texts), f"{path.name}: expected Chinese chart text"
    left = english_data_names(chart_texts)
    assert not left, (f"{path.name}: pass these through crm.i18n.data_name where the chart draws them: "
                      + "; ".join(f"{name!r} in {text!r}" for name, text in left))


def test_a_chart_drawn_with_a_raw_english_name_is_caught(english_afterwards):
    """The check above can fail: a tick label written without data_name is found; the package chart is not."""
    crm.setup(lang="zh")
    summary = pd.DataFrame({"customer_share": [0.25, 0.75], "value_share": [0.6, 0.4]},
                           index=["Champions", "Hibernating"])
    fig, ax = plt.subplots()
    ax.barh(list(summary.index), summary["value_share"])          # raw English keys on the ticks
    ax.set_title(crm.tr("Champions are a quarter of the customers but bring most of the money"))
    fig.canvas.draw()
    assert [name for name, _text in english_data_names(_texts(fig))] == ["Champions", "Hibernating"]
    plt.close(fig)
    ax = crm.plots.segment_value_chart(summary, title="冠军客户贡献了大部分金额")
    ax.figure.canvas.draw()
    texts = _texts(ax.figure)
    plt.close("all")
    assert {"冠军客户", "休眠客户"} <= texts and not english_data_names(texts)
    assert english_data_names({"许多忠诚客户（Loyal）滑落为有流失风险的客户（At risk）", "Customers (count)"}) == []
    assert english_data_names({"email的投资回报率最高"}) == [("email", "email的投资回报率最高")]


def test_chart_titles_from_templates_carry_the_chinese_name(english_afterwards):
    crm.setup(lang="zh")
    summary = pd.DataFrame({"customers": [10, 30], "customer_share": [0.25, 0.75], "value_share": [0.7, 0.3],
                            "monetary": [500.0, 40.0]}, index=["At risk", "Lost"])
    from crm_lessons.widgets.rfm import _chart_title

    assert "有流失风险的客户" in _chart_title(summary, "2024-12-31")
    crm.setup(lang="en")
    assert "At risk" in _chart_title(summary, "2024-12-31")


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell
    crm.setup(lang="en")
    InteractiveShell.clear_instance()   # other tests start their own (terminal) shell


def _table() -> pd.DataFrame:
    frame = pd.DataFrame({"customers": [431, 497], "monetary": [2031.5, 96.0], "channel": ["web", "store"],
                          "tier": pd.Categorical(["Loyal", "Lost"])},
                         index=pd.Index(["Champions", "Hibernating"], name="segment"))
    return frame


def test_chinese_tables_show_the_chinese_name_with_the_english_key(shell):
    crm.setup(lang="zh")
    table = _table()
    shown, _meta = shell.display_formatter.format(table)
    for mime in ("text/plain", "text/html"):
        assert "冠军客户 (Champions)" in shown[mime] and "网上商城 (web)" in shown[mime], mime
        assert "忠诚客户 (Loyal)" in shown[mime] and "497" in shown[mime], mime
        assert "customers" in shown[mime] and "monetary" in shown[mime], "column identifiers stay as they are"
    assert table.index[0] == "Champions" and table.loc["Champions", "channel"] == "web", "the learner's table is kept"
    series, _meta = shell.display_formatter.format(table["channel"])
    assert "冠军客户 (Champions)" in series["text/plain"] and "门店 (store)" in series["text/plain"]


def test_named_column_axes_are_relabelled_plain_column_names_are_not(english_afterwards):
    crm.setup(lang="zh")
    counts = pd.crosstab(pd.Series([1, 1, 2], name="cluster"),
                         pd.Series(["Champions", "Lost", "Lost"], name="segment"))
    shown = named_tables.with_data_names(counts)
    assert list(shown.columns) == ["冠军客户 (Champions)", "已流失客户 (Lost)"] and list(shown.index) == [1, 2]
    plain = named_tables.with_data_names(pd.DataFrame({"email": ["x@y.example"], "loyalty": [5.0]}))
    assert list(plain.columns) == ["email", "loyalty"], "field names are code identifiers"


def test_english_tables_are_exactly_pandas_own_output(shell):
    crm.setup(lang="zh")
    crm.setup(lang="en")
    table = _table()
    shown, _meta = shell.display_formatter.format(table)
    assert shown["text/plain"] == repr(table)
    assert shown["text/html"] == table._repr_html_()
    series, _meta = shell.display_formatter.format(table["channel"])
    assert series["text/plain"] == repr(table["channel"]) and "text/html" not in series


def test_the_table_formatter_refuses_what_is_not_a_table():
    with pytest.raises(TypeError, match="obj must be a pandas DataFrame or Series"):
        named_tables.with_data_names([1, 2])
