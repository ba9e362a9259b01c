"""Slides: boundaries stored in every notebook, and decks that work offline."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_lessons.publish import _export, slides

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VENDOR = ROOT / "build" / "vendor"
v4 = nbformat.v4
# A tiny PNG (1x1) stands in for a stored chart.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _chapter() -> nbformat.NotebookNode:
    chart = v4.new_code_cell("ax = draw()\nplt.show()", execution_count=3,
                             outputs=[v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"})])
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# 05 · Test chapter\n\n[← previous](04_x.ipynb) · [Contents](../README.md#chapters)\n\n"
                             "[![Open in Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/a/b/HEAD)"),
        v4.new_markdown_cell("## Learning objectives\n\n- one\n\n## Key terms\n\n- RFM"),
        v4.new_code_cell("import crm_lessons as crm\ncrm.setup()", execution_count=1),
        v4.new_markdown_cell("Some words before the first section.\n\n```python\n# not a heading\n```\n\n## 1. Scores"),
        v4.new_code_cell("table = crm.rfm.rfm_table(tx)", execution_count=2),
        chart,
        v4.new_markdown_cell("*Figure 5.1. A chart, with units.*\n\nWhat it means."),
        v4.new_markdown_cell("### Exercise 5.1 — Count\n\nHow many?"),
        v4.new_code_cell("answer_5_1 = ...", execution_count=4),
        v4.new_code_cell('crm.check("5.1", answer_5_1)', execution_count=5),
        v4.new_code_cell('answer_5_1 = 3\ncrm.check("5.1", answer_5_1)', execution_count=6,
                         metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}}),
        v4.new_code_cell("crm.hint('5.1')", execution_count=7),
        v4.new_markdown_cell("## Key takeaways\n\n- done"),
    ])


def test_split_at_headings_keeps_code_fences_and_text():
    assert slides.split_at_headings("Intro.\n\n## A\ntext\n### B\nmore") == ["Intro.\n\n", "## A\ntext\n",
                                                                               "### B\nmore"]
    fenced = "Text\n```\n# a comment\n## another\n```\nend"
    assert slides.split_at_headings(fenced) == [fenced]
    assert slides.split_at_headings("## Only a heading") == ["## Only a heading"]
    assert slides.split_at_headings("#hashtag is not a heading") == ["#hashtag is not a heading"]


@given(st.lists(st.sampled_from(["text", "", "## H2", "### H3", "# H1", "```", "- item", "#### H4"]), max_size=12))
def test_split_pieces_join_back_to_the_source(lines):
    source = "\n".join(lines)
    pieces = slides.split_at_headings(source)
    assert "".join(pieces) == source
    assert all(piece for piece in pieces[1:])


def test_slide_types_follow_the_rules():
    nb = slides.annotate(_chapter())
    got = [(c.cell_type, c.source.split("\n")[0][:20], c.metadata.slideshow.slide_type) for c in nb.cells]
    assert got == [
        ("markdown", "# 05 · Test chapter", "slide"),
        ("markdown", "## Learning objectiv", "slide"),
        ("markdown", "## Key terms", "slide"),
        ("code", "import crm_lessons a", "skip"),
        ("markdown", "Some words before th", "-"),
        ("markdown", "## 1. Scores", "slide"),
        ("code", "table = crm.rfm.rfm_", "-"),
        ("code", "ax = draw()", "subslide"),
        ("markdown", "*Figure 5.1. A chart", "-"),
        ("markdown", "### Exercise 5.1 — C", "subslide"),
        ("code", "answer_5_1 = ...", "-"),
        ("code", 'crm.check("5.1", ans', "-"),
        ("code", "# model answer", "fragment"),
        ("code", "crm.hint('5.1')", "subslide"),
        ("markdown", "## Key takeaways", "slide"),
    ]
    markdown = "\n\n".join(c.source for c in _chapter().cells if c.cell_type == "markdown")
    assert "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown") == markdown, "text is unchanged"


def test_speaker_notes_from_a_cell_tag_reach_the_speaker_view_not_the_slide():
    nb = _chapter()
    nb.cells.insert(2, v4.new_markdown_cell("Ask the class who owns a loyalty card.", metadata={"tags": ["notes"]}))
    annotated = slides.annotate(nb)
    (note,) = [c for c in annotated.cells if "notes" in c.metadata.get("tags", [])]
    assert note.metadata.slideshow.slide_type == "notes"
    from nbconvert import SlidesExporter

    body, _ = SlidesExporter().from_notebook_node(slides.deck_notebook(annotated))
    aside = body.split('<aside class="notes">', 1)[1].split("</aside>", 1)[0]
    assert "Ask the class who owns a loyalty card." in aside


def test_annotate_collapses_solutions_with_their_outputs():
    nb = slides.annotate(_chapter())
    (solution,) = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert solution.metadata.jupyter == {"source_hidden": True, "outputs_hidden": True}
    assert solution.source == '# model answer\nanswer_5_1 = 3\ncrm.check("5.1", answer_5_1)'
    others = [c for c in nb.cells if c is not solution]
    assert not any("jupyter" in c.metadata for c in others), "only solution cells are collapsed"


def test_annotate_is_idempotent_and_keeps_ids_valid():
    once = slides.annotate(_chapter())
    assert slides.annotate(once) == once
    ids = [c.id for c in once.cells]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", i) for i in ids)
    nbformat.validate(once)


def test_annotate_files_writes_only_what_changed(tmp_path):
    path = tmp_path / "05_test.ipynb"
    nbformat.write(_chapter(), path)
    assert slides.annotate_files([path]) == [path]
    assert slides.annotate_files([path]) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_carries_its_slide_metadata(path):
    nb = nbformat.read(path, as_version=4)
    missing = [i for i, c in enumerate(nb.cells)
               if c.metadata.get("slideshow", {}).get("slide_type") not in slides.SLIDE_TYPES]
    assert not missing, f"cells {missing[:8]} have no slide type: run `make slide-metadata`"
    assert nb.cells[0].metadata.slideshow.slide_type == "slide"
    assert slides.annotate(nb) == nb, "slide metadata is out of date with the notebook: run `make slide-metadata`"


def _fake_vendor(folder: Path) -> Path:
    for pattern in _export.SLIDE_ASSETS:
        path = folder / pattern.replace("*", "asset.woff2")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* stand-in */")
    return folder


def _remote_loads(html: str) -> list[str]:
    """URLs the page would load by itself: scripts, stylesheets, images, frames, module imports."""
    tags = re.findall(r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(https?:[^\"]+)\"", html)
    links = re.findall(r"<link\b[^>]*\bhref=\"(https?:[^\"]+)\"", html)
    imports = re.findall(r"import\s*(?:\(\s*)?['\"](https?:[^'\"]+)['\"]", html)
    return tags + links + imports


def test_deck_structure(tmp_path):
    source = tmp_path / "nb"
    source.mkdir()
    nbformat.write(slides.annotate(_chapter()), source / "05_test.ipynb")
    (written,) = slides.build(source, tmp_path / "out", vendor=_fake_vendor(tmp_path / "vendor"))
    html = written.read_text()
    assert written.name == "05_test.slides.html"
    assert not _remote_loads(html), _remote_loads(html)
    assert 'src="vendor/requirejs/require.js"' in html and "vendor/reveal.js/dist/reveal.js" in html
    assert "mybinder.org/badge_logo.svg" not in html and ">Open in Binder</a>" in html
    assert 'href="04_x.slides.html"' in html
    assert 'href="https://github.com/crm-lessons/crm-lessons/blob/HEAD/README.md#chapters"' in html
    fragment = html.split('class="fragment"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "answer_5_1" in fragment, "the solution is a fragment, hidden until revealed"
    assert "draw()" not in html, "a chart's code is left out: the chart gets the slide"
    assert 'alt="Figure 5.1. A chart, with units."' in html
    assert html.count("<section") >= 6
    assert (tmp_path / "out" / "vendor" / "reveal.js" / "dist" / "reveal.js").exists()


def test_deck_build_explains_missing_metadata_and_assets(tmp_path):
    source = tmp_path / "nb"
    source.mkdir()
    nbformat.write(_chapter(), source / "05_test.ipynb")
    with pytest.raises(ValueError, match="make slide-metadata"):
        slides.build(source, tmp_path / "out", vendor=_fake_vendor(tmp_path / "vendor"))
    with pytest.raises(FileNotFoundError, match="make vendor"):
        slides.build(source, tmp_path / "out2", vendor=tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="No chapter notebooks"):
        slides.build(tmp_path / "empty", tmp_path / "out3")


@pytest.mark.slow
def test_real_decks_open_offline_in_a_browser(tmp_path):
    """Every chapter becomes a deck; one deck runs in Chromium with the network blocked."""
    if not (VENDOR / ".complete").exists():
        pytest.skip("offline assets missing: run `make vendor` (needs the npm registry)")
    source = tmp_path / "nb"
    source.mkdir()
    for path in NOTEBOOKS:
        shutil.copy2(path, source / path.name)
    slides.annotate_files(sorted(source.glob("*.ipynb")))  # the metadata itself is tested above
    decks = slides.build(source, tmp_path / "slides", vendor=VENDOR)
    assert [d.name for d in decks] == [p.stem + ".slides.html" for p in NOTEBOOKS]
    for deck in decks:
        assert not _remote_loads(deck.read_text()), f"{deck.name} loads from the web"
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium missing (make browser-deps): decks built but not opened in a browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        outside, errors = [], []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                   else (outside.append(r.request.url), r.abort()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for deck in decks:         # the first deck with a solution revealed in place (long ones get a slide below)
            page.goto(deck.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
            assert page.evaluate("Reveal.getTotalSlides()") > 5
            if page.locator(".fragment .celltag_solution").count():
                break
        else:
            pytest.fail("no deck reveals a solution in place")
        solution = page.locator(".fragment .celltag_solution").first
        page.evaluate("s => { const i = Reveal.getIndices(s.closest('section')); Reveal.slide(i.h, i.v, -1); }",
                      solution.element_handle())
        current = page.locator("section.present:not(.stack) .fragment").first
        assert "visible" not in current.get_attribute("class"), "the solution shows before it is revealed"
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert "visible" in current.get_attribute("class"), "a key press reveals the solution"
        browser.close()
    assert not outside and not errors, (outside, errors)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_chapter_has_talking_points_in_the_speaker_view_and_not_on_a_slide(path):
    """One notes cell per numbered section (issue 14), each 2-4 bullet points, shown only in the speaker view."""
    from nbconvert import SlidesExporter

    nb = nbformat.read(path, as_version=4)
    notes = [c for c in nb.cells if "notes" in c.metadata.get("tags", [])]
    sections = [c for c in nb.cells if c.cell_type == "markdown" and re.match(r"## \d+\. ", c.source)]
    assert len(notes) >= len(sections) > 0
    for cell in notes:
        assert cell.id.startswith("notes-") and cell.metadata.slideshow.slide_type == "notes"
        assert 2 <= sum(line.startswith("- ") for line in cell.source.splitlines()) <= 4, cell.id
    body, _ = SlidesExporter().from_notebook_node(slides.deck_notebook(nb))
    asides = re.findall(r'<aside class="notes">(.*?)</aside>', body, re.S)
    outside = re.sub(r'<aside class="notes">.*?</aside>', "", body, flags=re.S)
    for cell in notes:
        first = cell.source.splitlines()[0][2:42].replace("'", "&#39;").replace('"', "&quot;")
        first_plain = cell.source.splitlines()[0][2:42]
        assert any(first in a or first_plain in a for a in asides), (cell.id, first)
        assert first not in outside and first_plain not in outside, f"{cell.id} shows on a slide"


def test_charts_are_stored_at_twice_their_size_for_a_sharp_1080p_projector():
    """crm.setup() in a kernel stores inline charts 'retina': 2x the pixels, shown at the same size."""
    import base64
    import struct

    from IPython.testing.globalipapp import start_ipython

    shell = start_ipython()
    shell.run_cell("import matplotlib\nmatplotlib.use('module://matplotlib_inline.backend_inline')\n"
                   "import crm_lessons as crm\ncrm.setup()\nimport matplotlib.pyplot as plt\n"
                   "fig, ax = plt.subplots(figsize=(8, 4.5))")
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.enabled = True  # a terminal shell switches picture output off; a kernel has it on
    data, metadata = formatter(shell.user_ns["fig"])
    png = base64.b64decode(data) if isinstance(data, str) else data
    width, height = struct.unpack(">II", png[16:24])
    assert width > 1550 and height > 870, "twice the 800 x 450 px of an 8 x 4.5 in figure at 100 dpi"
    assert metadata["width"] == width // 2, "shown at the same size as before"
    # The re-executed chapter stores its charts that way (the others follow when `make notebooks` runs).
    chapter = nbformat.read(ROOT / "notebooks" / "01_background.ipynb", as_version=4)
    stored = [o for c in chapter.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert stored and all(abs(o.metadata["image/png"]["width"] * 2 - struct.unpack(
        ">I", base64.b64decode(o.data["image/png"][:32])[16:20])[0]) <= 1 for o in stored)
