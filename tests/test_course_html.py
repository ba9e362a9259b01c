"""The static HTML course: every chapter, navigation between them, offline, under 30 MB."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from crm_lessons.publish import _export, course_html

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VENDOR = ROOT / "build" / "vendor"
LIMIT = 30_000_000
v4 = nbformat.v4
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _chapter(number: int, title: str, nxt: str | None) -> nbformat.NotebookNode:
    nav = "[Contents](../README.md#chapters)" + (f" · [next →]({nxt})" if nxt else "")
    return v4.new_notebook(cells=[
        v4.new_markdown_cell(f"# {number:02d} · {title}\n\n{nav}\n\n"
                             "[![Open in Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/a/b/HEAD)"),
        v4.new_markdown_cell("## Learning objectives\n\n- read a `table`;\n- draw a chart.\n\n"
                             "**Estimated time:** 30 minutes.\n\n## Key terms\n\n- term — 术语"),
        v4.new_code_cell("plt.show()", execution_count=1,
                         outputs=[v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"})]),
        v4.new_markdown_cell(f"*Figure {number}.1. Sales per month, in euros.*"),
        v4.new_markdown_cell(f"### Exercise {number}.1 — Count\n\nSee [the data card](../datasets/README.md)."),
        v4.new_code_cell(f"answer_{number}_1 = 2\ncrm.check('{number}.1', answer_{number}_1)", execution_count=2,
                         metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}}),
    ])


def _fake_vendor(folder: Path) -> Path:
    for pattern in _export.PAGE_ASSETS:
        path = folder / pattern.replace("*", "asset.woff2")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* stand-in */")
    return folder


def _ids(page: str) -> set[str]:
    return {unquote(html.unescape(i)) for i in re.findall(r'\bid="([^"]+)"', page)}


def _hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page)]


def _remote_loads(page: str) -> list[str]:
    tags = re.findall(r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(https?:[^\"]+)\"", page)
    links = re.findall(r"<link\b[^>]*\bhref=\"(https?:[^\"]+)\"", page)
    imports = re.findall(r"import\s*(?:\(\s*)?['\"](https?:[^'\"]+)['\"]", page)
    return tags + links + imports


def _broken_links(folder: Path) -> list[str]:
    """Relative links between the pages that miss their file or their #anchor."""
    broken = []
    for page in sorted(folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for href in _hrefs(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                continue
            path, _, anchor = href.partition("#")
            target = page if not path else folder / unquote(path)
            if not target.exists():
                broken.append(f"{page.name}: {href} (no such file)")
            elif anchor and unquote(anchor) not in _ids(target.read_text(encoding="utf-8")):
                broken.append(f"{page.name}: {href} (no such anchor)")
    return broken


def _link_to(text: str, href: str, rel: str) -> bool:
    return any(f'href="{href}"' in a and f'rel="{rel}"' in a for a in re.findall(r"<a\b[^>]*>", text))


def test_page_links_map_notebooks_to_pages():
    assert course_html.page_link("../README.md#chapters") == "index.html#chapters"
    assert course_html.page_link("../README.md") == "index.html"
    assert course_html.page_link("06_market_basket.ipynb") == "06_market_basket.html"
    assert course_html.page_link("06_market_basket.ipynb#2.-Support") == "06_market_basket.html#2.-Support"
    assert course_html.page_link("../datasets/README.md") == (
        "https://github.com/crm-lessons/crm-lessons/blob/HEAD/datasets/README.md")
    assert course_html.page_link("#local") == "#local"
    assert course_html.page_link("https://example.org/a.ipynb") == "https://example.org/a.ipynb"


def test_chapter_title_needs_a_title_cell():
    assert course_html.chapter_title(_chapter(3, "Loyalty", None)) == "03 · Loyalty"
    with pytest.raises(ValueError, match="first cell must be a markdown title"):
        course_html.chapter_title(v4.new_notebook(cells=[v4.new_code_cell("x = 1")]))


def test_small_course(tmp_path):
    source = tmp_path / "nb"
    source.mkdir()
    nbformat.write(_chapter(1, "First", "02_second.ipynb"), source / "01_first.ipynb")
    nbformat.write(_chapter(2, "Second", None), source / "02_second.ipynb")
    written = course_html.build(source, tmp_path / "site", vendor=_fake_vendor(tmp_path / "vendor"))
    assert [p.name for p in written] == ["index.html", "01_first.html", "02_second.html"]
    assert _broken_links(tmp_path / "site") == []
    index = (tmp_path / "site" / "index.html").read_text()
    assert 'href="01_first.html">01 · First</a>' in index and "Estimated time: 30 minutes." in index
    assert "<code>table</code>" in index, "objectives are rendered from markdown"
    first = (tmp_path / "site" / "01_first.html").read_text()
    nav = re.findall(r'<nav\b[^>]*class="crm-nav[^"]*"[^>]*>(.*?)</nav>', first, re.S)
    assert len(nav) == 2 and all(_link_to(n, "02_second.html", "next") and "Contents" in n for n in nav)
    assert 'rel="prev"' not in nav[0], "the first chapter has no previous page"
    second = (tmp_path / "site" / "02_second.html").read_text()
    assert _link_to(second, "01_first.html", "prev") and 'rel="next"' not in second
    assert '<details class="crm-solution"><summary>' in first and "answer_1_1" in first.split("<details", 1)[1]
    assert 'alt="Figure 1.1. Sales per month, in euros."' in first
    assert not _remote_loads(first) and "mybinder.org/badge_logo.svg" not in first
    assert "https://github.com/crm-lessons/crm-lessons/blob/HEAD/datasets/README.md" in first


def test_pages_bring_the_chinese_font_for_machines_without_one(tmp_path):
    source = tmp_path / "nb"
    source.mkdir()
    nbformat.write(_chapter(1, "First", None), source / "01_first.ipynb")
    course_html.build(source, tmp_path / "site", vendor=_fake_vendor(tmp_path / "vendor"))
    fonts = tmp_path / "site" / "vendor" / "fonts"
    assert sorted(p.name for p in fonts.iterdir()) == sorted(
        ["NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf", "OFL.txt"]), "font and licence ship"
    page = (tmp_path / "site" / "01_first.html").read_text()
    faces = re.findall(r'@font-face \{ font-family: "Noto Sans CJK SC";.*?src: url\("([^"]+)"\)', page, re.S)
    assert faces == ["vendor/fonts/NotoSansSC-Regular-subset.otf", "vendor/fonts/NotoSansSC-Bold-subset.otf"]
    assert all((tmp_path / "site" / f).exists() for f in faces)
    assert re.search(r'--jp-content-font-family:[^;]*"Noto Sans CJK SC"', page)


def test_build_explains_missing_assets(tmp_path):
    source = tmp_path / "nb"
    source.mkdir()
    nbformat.write(_chapter(1, "First", None), source / "01_first.ipynb")
    with pytest.raises(FileNotFoundError, match="make vendor"):
        course_html.build(source, tmp_path / "site", vendor=tmp_path / "nothing")


@pytest.mark.slow
def test_whole_course_is_small_linked_and_offline(tmp_path):
    if not (VENDOR / ".complete").exists():
        pytest.skip("offline assets missing: run `make vendor` (needs the npm registry)")
    source = tmp_path / "nb"
    source.mkdir()
    for path in NOTEBOOKS:
        shutil.copy2(path, source / path.name)
    site = tmp_path / "html"
    written = course_html.build(source, site, vendor=VENDOR)
    assert [p.name for p in written] == ["index.html"] + [p.stem + ".html" for p in NOTEBOOKS]
    size = course_html.folder_size(site)
    assert size < LIMIT, f"the HTML course is {size / 1e6:.1f} MB (limit {LIMIT / 1e6:.0f} MB)"
    index = (site / "index.html").read_text()
    for path in NOTEBOOKS:
        assert f'href="{path.stem}.html"' in index
    assert _broken_links(site) == []
    for page in written:
        text = page.read_text()
        assert not _remote_loads(text), f"{page.name} loads from the web: {_remote_loads(text)}"
        images = re.findall(r"<img\b[^>]*>", text)
        # (a widget's picture sits in the stored widget state, a JSON string: its quotes are escaped)
        assert all(re.search(r'\balt=\\?"[^"\\]+', img) for img in images), f"{page.name}: a picture without alt text"
