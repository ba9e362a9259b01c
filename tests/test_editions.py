"""The Chinese edition is generated from the English one and stays complete, current and Chinese.

What these tests hold (see crm_lessons/publish/editions.py and CONTRIBUTING.md, "Translating"):
- the code of the two editions is identical apart from the set-up call's language;
- every markdown cell of a notebook with a Chinese edition is translated (missing -> fail) and
  its translation was made from the current English (stale -> fail), naming notebook and cell;
- Chinese is at least 90 % of the letters of the Chinese edition's prose (measure:
  ``editions.prose_letters``: code, maths, URLs, link targets and reference lists aside);
- the catalogues parse, the compiled ``.mo`` matches its ``.po``, every text the package marks is
  in the catalogue and translated, with the same ``{placeholders}``;
- the learner meets Chinese feedback, hints and chart text after ``crm.setup(lang="zh")``.
"""
from __future__ import annotations

import copy
import gettext
import io
import json
import re
from pathlib import Path

import json5
import nbformat
import pytest
from test_fonts import _chinese_strings
from test_links import _problems

import crm_lessons as crm
from crm_lessons import i18n
from crm_lessons.publish import editions, handouts

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = editions.edition_notebooks()
IDS = [p.stem for p in EDITIONS]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MIN_CHINESE_SHARE = 0.90


def _pair(english: Path):
    chinese = editions.EDITION_DIR / english.name
    assert chinese.exists(), (f"{chinese.relative_to(ROOT)} is missing: run "
                              "`python -m crm_lessons.publish.editions build`, then `make notebooks`")
    return nbformat.read(english, as_version=4), nbformat.read(chinese, as_version=4)


@pytest.fixture
def english_language():
    yield
    i18n.set_language("en")


# --- the editions ------------------------------------------------------------------------------

def test_notebook_00_has_a_chinese_edition_and_nothing_else_is_in_the_folder():
    assert "00_start_here" in IDS
    built = sorted(p.name for p in editions.EDITION_DIR.glob("*.ipynb"))
    assert built == [p.name for p in EDITIONS], "notebooks/zh/ holds only notebooks built from a catalogue"


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_the_code_of_the_two_editions_is_identical_apart_from_the_language(english):
    en, zh = _pair(english)
    assert [(c.cell_type, c.get("id")) for c in zh.cells] == [(c.cell_type, c.get("id")) for c in en.cells], (
        "the Chinese edition must have the English cells, in order, with the same ids")
    setup_cells = 0
    for e, z in zip(en.cells, zh.cells):
        kept = {k: v for k, v in e.metadata.items() if k != "execution"}
        assert {k: v for k, v in z.metadata.items() if k != "execution"} == kept, f"cell {e.id}: metadata differs"
        if e.cell_type != "code":
            continue
        if z.source != e.source:
            assert z.source == editions.localise_code(e.source) and 'crm.setup(lang="zh"' in z.source, (
                f"{english.name} cell {e.id}: the code differs from the English edition:\n{z.source}")
            setup_cells += 1
    assert setup_cells == 1, "exactly one code cell (the set-up call) chooses the language"


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_solution_cells_stay_collapsed_and_ignored_outputs_stay_ignored(english):
    en, zh = _pair(english)
    for e, z in zip(en.cells, zh.cells):
        assert z.metadata.get("tags", []) == e.metadata.get("tags", [])
        if "solution" in e.metadata.get("tags", []):
            assert z.metadata["jupyter"]["source_hidden"] is True


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_every_markdown_cell_is_translated(english):
    states = editions.cell_states(nbformat.read(english, as_version=4),
                                  editions.read_catalogue(editions.catalogue_path(english)), english.stem)
    missing = [str(s) for s in states if s.state == "missing"]
    assert not missing, "translate these cells (locale/zh_CN/notebooks/):\n" + "\n".join(missing)


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_no_translation_is_stale(english):
    states = editions.cell_states(nbformat.read(english, as_version=4),
                                  editions.read_catalogue(editions.catalogue_path(english)), english.stem)
    stale = [str(s) for s in states if s.state == "stale"]
    assert not stale, ("the English of these cells changed after they were translated: run "
                       "`python -m crm_lessons.publish.editions extract`, update the fuzzy entries:\n"
                       + "\n".join(stale))


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_the_chinese_notebook_is_the_one_the_catalogue_builds(english):
    en, zh = _pair(english)
    catalogue = editions.read_catalogue(editions.catalogue_path(english))
    expected = editions.translate_notebook(en, catalogue, english.stem, {p.name for p in EDITIONS})
    for want, got in zip(expected.cells, zh.cells):
        if want.cell_type == "markdown":
            assert got.source == want.source, (f"{english.stem} cell {want.id} differs from its catalogue: edit "
                                               "the .po, never notebooks/zh/, then build")


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_chinese_is_at_least_90_percent_of_the_prose(english):
    _en, zh = _pair(english)
    share = editions.chinese_share(zh)
    assert share >= MIN_CHINESE_SHARE, f"{english.stem}: Chinese is {share:.1%} of the prose's letters"


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_the_chinese_notebook_is_executed_top_to_bottom(english):
    _en, zh = _pair(english)
    counts = [c.execution_count for c in zh.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run `make notebooks` to execute the Chinese edition"


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_links_of_the_chinese_edition_resolve(english):
    path = editions.EDITION_DIR / english.name
    markdown = "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    problems = _problems(path, markdown)
    assert not problems, "\n".join(problems)
    assert f"urlpath=lab/tree/notebooks/zh/{english.name}" in markdown, "the Binder link opens the Chinese notebook"


def test_the_student_version_of_the_chinese_edition_has_no_solutions():
    zh = nbformat.read(editions.EDITION_DIR / "00_start_here.ipynb", as_version=4)
    student = handouts.student_version(zh)
    assert any("solution" in c.metadata.get("tags", []) for c in zh.cells)
    assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)


# --- the tool reports what changed ----------------------------------------------------------

def test_a_changed_english_cell_is_stale_and_a_new_one_missing_and_build_refuses(tmp_path):
    english = editions.NOTEBOOK_DIR / "00_start_here.ipynb"
    nb = nbformat.read(english, as_version=4)
    old = editions.read_catalogue(editions.catalogue_path(english))
    changed = copy.deepcopy(nb)
    target = next(c for c in changed.cells if c.get("id") == "f7a69788")
    target.source += " (Edited.)"
    new_cell = nbformat.v4.new_markdown_cell("A brand-new paragraph.")
    changed.cells.insert(3, new_cell)
    merged = editions.merge_notebook(changed, old, "00_start_here")
    states = {s.cell_id: s.state for s in editions.cell_states(changed, merged, "00_start_here")}
    assert states["f7a69788"] == "stale" and states[new_cell.id] == "missing"
    assert sum(v == "translated" for v in states.values()) == len(states) - 2
    entry = merged.get(target.source, context="f7a69788")
    assert entry.fuzzy and entry.previous_id == [nb.cells[[c.get("id") for c in nb.cells].index("f7a69788")].source]
    assert entry.string == old.get(entry.previous_id[0], context="f7a69788").string, "the old translation is kept"
    with pytest.raises(editions.IncompleteTranslation, match=r"f7a69788.*stale"):
        editions.translate_notebook(changed, merged, "00_start_here", {"00_start_here.ipynb"})
    # written and extracted again (a second `extract`), the entry stays stale and keeps the old English
    scratch = tmp_path / "00_start_here.po"
    editions._write_catalogue(merged, scratch)
    again = editions.merge_notebook(changed, editions.read_catalogue(scratch), "00_start_here")
    editions._write_catalogue(again, scratch)
    reread = editions.read_catalogue(scratch).get(target.source, context="f7a69788")
    assert reread.fuzzy and reread.previous_id == entry.previous_id


def test_the_share_measure_counts_letters_of_prose_only():
    assert editions.prose_letters("客户 `crm.check()` https://x.org/abc [RFM](a.md) $x$") == (2, 5)
    assert editions.prose_letters("## References\n\n- Fader (2005)") == (0, 0)


# --- package catalogue ----------------------------------------------------------------------

def _all_catalogues() -> list[Path]:
    return sorted([*(ROOT / "locale").rglob("*.po"), *editions.LOCALE_DIR.rglob("*.po"), editions.PACKAGE_TEMPLATE])


@pytest.mark.parametrize("path", _all_catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_catalogues_parse(path):
    catalogue = editions.read_catalogue(path)
    assert len([m for m in catalogue if m.id]) > 0


def test_the_package_catalogue_holds_every_marked_text_translated_with_its_placeholders():
    catalogue = editions.read_catalogue(editions.PACKAGE_CATALOGUE)
    entries = {m.id: m for m in catalogue if m.id}
    absent = [m for m in editions.package_messages() if m not in entries]
    assert not absent, ("run `python -m crm_lessons.publish.editions extract`; not in the catalogue:\n"
                        + "\n".join(absent))
    open_ = [m.id for m in entries.values() if not m.string or m.fuzzy]
    assert not open_, "missing or stale translations:\n" + "\n".join(open_)
    for message in entries.values():
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), message.id


def test_the_compiled_catalogue_matches_its_source():
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, editions.read_catalogue(editions.PACKAGE_CATALOGUE), use_fuzzy=False)
    fresh = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    with open(editions.PACKAGE_COMPILED, "rb") as handle:
        stored = gettext.GNUTranslations(handle)
    assert stored._catalog == fresh._catalog, "crm_lessons.mo is out of date: run the build (or extract) command"


def test_the_glyph_test_sees_the_chart_text_of_the_catalogue():
    drawn = set(_chinese_strings())
    catalogue = editions.read_catalogue(editions.PACKAGE_CATALOGUE)
    runs = {run for m in catalogue if m.id for run in re.findall(r"[\u3400-\u9fff]+", m.string)}
    assert runs and runs <= {r for s in drawn for r in re.findall(r"[\u3400-\u9fff]+", s)}


# --- the learner's side -----------------------------------------------------------------------

def test_setup_switches_feedback_hints_and_chart_text_to_chinese(english_language):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    crm.setup(lang="zh")
    assert i18n.get_language() == "zh"
    assert str(crm.check("0.1", ...)).startswith("✏️ 练习 0.1：尚未作答。")
    assert "偏大" in str(crm.check("0.1", 10**9))
    assert "应为一个数值" in str(crm.check("0.1", "many"))
    assert str(crm.hint("0.1", 1)).startswith("💡 提示 1/2（练习 0.1）：用 crm.datasets.load")
    ax = crm.plots.monthly_revenue(crm.datasets.load("orders"))
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("月度销售收入", "月份", "销售收入（元）")
    plt.close(ax.figure)
    assert crm.tr("Revenue grew {growth:.1f}-fold from 2022 to 2024 as the customer base grew",
                  growth=4.06).endswith("增长到 4.1 倍")
    crm.setup()
    assert str(crm.check("0.1", ...)).startswith("✏️ Exercise 0.1: not attempted yet.")


def test_the_rubric_box_and_decision_feedback_are_translated(english_language):
    from crm_lessons.exercises.decisions import DecisionSpec, Rubric, judge

    i18n.set_language("zh")
    assert "练习 5.8 的评分标准" in Rubric("5.8", ("Uses the margin.",))._repr_html_()
    spec = DecisionSpec(options=("keep", "prune"), rubric=("x",), model_reasons="")
    assert judge({"choice": "keep", "why": "太短"}, "keep", spec, rtol=1e-4, atol=0, comparer=None).detail.startswith(
        "你的选择已记录，但理由太短（1 个词）")
    assert judge("prune", "keep", spec, rtol=1e-4, atol=0, comparer=None).detail.startswith("决策题的答案")


@pytest.mark.parametrize("bad, error", [("fr", ValueError), (None, TypeError), (1, TypeError)])
def test_an_unknown_language_is_a_clear_error(bad, error, english_language):
    with pytest.raises(error, match="lang"):
        crm.setup(lang=bad)


# --- JupyterLab in Chinese, README ----------------------------------------------------------

LAB_ZH_SETTINGS = ROOT / "config" / "lab-zh" / "lab" / "user-settings"


def test_make_lab_zh_opens_the_chinese_start_notebook_with_the_chinese_ui():
    """make lab-zh starts JupyterLab through tools/lab_zh.py on the config folder config/lab-zh."""
    settings = json5.loads((LAB_ZH_SETTINGS / "@jupyterlab" / "translation-extension"
                            / "plugin.jupyterlab-settings").read_text())
    assert settings == {"locale": "zh_CN"}
    server = json.loads((ROOT / "config" / "lab-zh" / "jupyter_server_config.json").read_text())
    assert server["LabApp"] == {"custom_css": True, "default_url": "/lab/tree/notebooks/zh/00_start_here.ipynb"}
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nlab-zh:", 1)[1].split("\n\n", 1)[0]
    assert "tools/lab_zh.py build/lab-zh/config" in recipe
    from jupyterlab_server.translation_utils import get_language_packs

    packs, _messages = get_language_packs()
    assert "zh_CN" in packs, "jupyterlab-language-pack-zh-CN is not installed"


def test_the_chinese_readme_has_the_two_commands_and_a_binder_badge_for_the_chinese_start():
    text = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "make lab-zh" in text and "make test" in text
    assert "?urlpath=lab/tree/notebooks/zh/00_start_here.ipynb" in text
    assert not _problems(ROOT / "README.zh-CN.md", text)


def test_the_language_pack_is_a_dependency_in_both_environment_files():
    import tomllib

    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(d.lower().startswith("jupyterlab-language-pack-zh-cn") for d in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = json.dumps(env["dependencies"]).lower()
    assert "jupyterlab-language-pack-zh-cn" in listed


@pytest.mark.slow
def test_the_lab_zh_settings_make_a_jupyterlab_server_speak_chinese(tmp_path):
    """Start JupyterLab as `make lab-zh` does; its settings API reports the zh_CN locale, in Chinese.

    ``tests/test_browser_zh.py`` opens the same JupyterLab in a browser.
    """
    import importlib.util
    import secrets
    import socket
    import subprocess
    import time
    import urllib.request

    spec = importlib.util.spec_from_file_location("lab_zh", ROOT / "tools" / "lab_zh.py")
    lab_zh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lab_zh)
    config = lab_zh.prepare(tmp_path / "config")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = secrets.token_hex(8)
    server = subprocess.Popen(lab_zh.command("--no-browser", f"--ServerApp.port={port}",
                                             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
                                             "--ServerApp.allow_root=True"),
                              env=lab_zh.environment(config), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}"
    try:
        for _attempt in range(120):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    plugin = json.load(response)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within a minute")
        with urllib.request.urlopen(f"{base}/custom/custom.css?token={token}", timeout=10) as response:
            css = response.read().decode()
        with urllib.request.urlopen(f"{base}/custom/NotoSansSC-Regular-subset.otf?token={token}", timeout=10) as font:
            served = font.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert json5.loads(plugin["raw"])["locale"] == "zh_CN"
    assert plugin["schema"]["title"] == "语言", "the language pack translates JupyterLab's own texts"
    assert '@font-face' in css and 'url("NotoSansSC-Regular-subset.otf")' in css
    assert served == (ROOT / "crm_lessons" / "plots" / "fonts" / "NotoSansSC-Regular-subset.otf").read_bytes()


@pytest.mark.parametrize("english", EDITIONS, ids=IDS)
def test_bold_and_italics_render_in_chinese_prose(english):
    """``**数据集：**无`` stays literal in CommonMark (a closing ``**`` after punctuation needs a space or
    punctuation after it): write ``**数据集**：无``. No ``*`` may survive rendering outside code."""
    import mistune

    render = mistune.create_markdown(renderer="html", plugins=["table", "strikethrough"])
    _en, zh = _pair(english)
    for cell in zh.cells:
        if cell.cell_type == "markdown":
            html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", render(cell.source), flags=re.S)
            assert "*" not in html, f"{english.stem} cell {cell.id}: emphasis that does not render:\n{cell.source}"


def test_the_status_command_reports_everything_translated(capsys):
    assert editions._main(["status"]) == 0
    assert "all translated and up to date." in capsys.readouterr().out
