"""The workbook as a learner meets it: JupyterLab in a real browser (headless Chromium + Playwright).

A JupyterLab server on 127.0.0.1 serves a temporary copy of the notebooks (autosave never
touches the repository). For the start notebook and one chapter the test clears the
stored outputs, runs every cell, and checks that no cell shows an error or a warning;
in the start notebook it also moves a widget's slider and waits for the widget's output
to change (a round trip through the kernel), then saves the learner's work with
``crm.progress.export()`` and downloads it through the link it shows. Every request that would leave this machine
is blocked and reported: nothing at run time may need the network. Screenshots go to
``build/browser/``.

Needs ``/usr/bin/chromium`` (``make browser-deps`` installs it) and the ``playwright``
Python package (the ``test`` extra); without them the tests are skipped with the reason.
"""
from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import _jupyterlab
import pytest
from _jupyterlab import KERNEL_IDLE as _READY

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "browser"
START = "00_start_here.ipynb"
CHAPTER = "01_background.ipynb"

pytestmark = pytest.mark.slow


def test_a_missing_browser_is_a_reported_skip_not_a_pass(monkeypatch):
    monkeypatch.setattr(_jupyterlab, "CHROMIUM", Path("/nonexistent/chromium"))
    reason = _jupyterlab.missing()
    assert reason and "make browser-deps" in reason and "/nonexistent/chromium" in reason


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    reason = _jupyterlab.missing()
    if reason:
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("lab")
    work = home / "notebooks"
    work.mkdir()
    for name in (START, CHAPTER):
        if (ROOT / "notebooks" / name).exists():
            shutil.copy2(ROOT / "notebooks" / name, work / name)
    with _jupyterlab.jupyterlab(home, work, _jupyterlab.isolated_environment(home)) as (base, token):
        yield base, token, work


@pytest.fixture(scope="module")
def browser_page(lab):
    with _jupyterlab.chromium_page(lab[0]) as (page, outside):
        yield page, outside


_SHOW_FIRST_FIGURE = """async () => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const i = nb.widgets.findIndex(c => c.model.type === 'code'
    && c.model.outputs.toJSON().some(o => o.data && o.data['image/png']));
  if (i >= 0) { nb.activeCellIndex = i; await nb.scrollToItem(i, 'start'); }
  return i;
}"""


def _open_and_run_all(page, lab, name: str) -> float:
    return _jupyterlab.open_and_run_all(page, lab[0], lab[1], name)


def _assert_clean(page, name: str) -> None:
    _jupyterlab.assert_clean(page, name)


def test_start_notebook_runs_clean_and_its_widget_responds(lab, browser_page):
    page, outside = browser_page
    _open_and_run_all(page, lab, START)
    _assert_clean(page, START)

    cell = page.locator(".jp-CodeCell", has=page.locator(".widget-slider")).first
    cell.scroll_into_view_if_needed()
    rows = cell.locator(".widget-html table.dataframe").first.locator("tbody tr")   # the explorer's page
    rows.first.wait_for(timeout=20_000)  # the widget has rendered its table
    before_rows, before_readout = rows.count(), cell.locator(".widget-readout").first.inner_text()
    assert before_rows > 0, "the widget's table did not render"
    cell.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 20
    while rows.count() == before_rows and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    after_rows, after_readout = rows.count(), cell.locator(".widget-readout").first.inner_text()
    assert after_readout != before_readout, "the slider did not move"
    assert after_rows == before_rows + 1, \
        f"the widget's output did not follow the slider ({before_rows} -> {after_rows} rows)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "00_start_here.png"))
    assert not outside, f"requests that left the machine: {outside}"


def test_a_chapter_runs_clean(lab, browser_page):
    page, outside = browser_page
    if not (lab[2] / CHAPTER).exists():
        pytest.skip(f"{CHAPTER} is not in notebooks/ yet: only the start notebook was run in the browser")
    _open_and_run_all(page, lab, CHAPTER)
    _assert_clean(page, CHAPTER)
    page.evaluate(_SHOW_FIRST_FIGURE)
    page.wait_for_timeout(500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / CHAPTER.replace(".ipynb", ".png")))
    assert not outside, f"requests that left the machine: {outside}"


# Run the chapter's own "Save my work" cell (its stored output cleared first), as a learner would.
_EXPORT_CELL = """async () => {
  const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
  const index = nb.widgets.findIndex(c => c.model.type === 'code'
                                     && c.model.sharedModel.getSource().includes('crm.progress.export()'));
  if (index < 0) { throw new Error('no Save my work cell'); }
  nb.activeCellIndex = index;
  nb.activeCell.model.outputs.clear();
  await nb.scrollToItem(index, 'center');
  await app.commands.execute('notebook:run-cell');
  await nb.scrollToItem(index, 'center');
}"""


def test_saved_work_downloads_as_one_file(lab, browser_page):
    """``crm.progress.export()`` in JupyterLab shows a link that downloads the zip (notebooks + progress)."""
    page, outside = browser_page
    if not page.url.startswith(lab[0]):
        _open_and_run_all(page, lab, START)
    # Wait for the start notebook to be the active tab: otherwise the export cell lands in the tab that
    # was active before, which JupyterLab then hides.
    page.evaluate("async name => { await window.jupyterapp.commands.execute('docmanager:open', {path: name}); }",
                  START)
    page.wait_for_function("name => { const w = window.jupyterapp.shell.currentWidget;"
                           " return !!(w && w.context && w.context.path.endsWith(name)); }", arg=START,
                           timeout=60_000)
    page.wait_for_function(_READY, timeout=60_000)
    page.evaluate(_EXPORT_CELL)
    link = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output "
                        "a[download='crm-lessons-my-work.zip']").last      # in the start notebook's tab
    # The save cell is near the end of a long notebook; _EXPORT_CELL scrolls to it, as a learner would.
    link.wait_for(state="visible", timeout=30_000)
    page.wait_for_function("a => a.href.includes('/files/')", arg=link.element_handle(), timeout=10_000)
    response = page.request.get(link.evaluate("a => a.href"))  # the browser's own session cookie
    assert response.ok and response.body()[:2] == b"PK", "the link does not deliver the zip"
    with zipfile.ZipFile(io.BytesIO(response.body())) as zf:
        names = zf.namelist()
    assert "progress.json" in names and f"notebooks/{START}" in names
    assert not outside, f"requests that left the machine: {outside}"


# For each code cell: is it a solution, its collapse flags in JupyterLab, and the text a reader sees
# in its output area. Every cell is scrolled into view
# first, since JupyterLab renders only the cells near the viewport.
_CELL_VIEW = """async () => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const seen = [];
  for (let i = 0; i < nb.widgets.length; i++) {
    const cell = nb.widgets[i];
    if (cell.model.type !== 'code') continue;
    await nb.scrollToItem(i, 'center');
    await new Promise(r => setTimeout(r, 30));
    // innerText of an element that is not rendered (display: none) falls back to its raw text,
    // so only rendered areas count as seen.
    const shown = el => (el && el.checkVisibility() && el.getBoundingClientRect().height > 0) ? el : null;
    const out = shown(cell.node.querySelector('.jp-OutputArea'));
    const input = shown(cell.node.querySelector('.jp-InputArea-editor'));
    seen.push({index: i, solution: (cell.model.getMetadata('tags') || []).includes('solution'),
               source: cell.model.sharedModel.getSource(), outputHidden: cell.outputHidden,
               inputHidden: cell.inputHidden, outputText: out ? out.innerText : '',
               inputText: input ? input.innerText : '',
               stored: cell.model.outputs.length});
  }
  return seen;
}"""


def test_solutions_are_collapsed_with_their_outputs(lab, browser_page):
    """Issue 14: in JupyterLab a solution shows neither its code nor its printed answer until opened."""
    page, outside = browser_page
    if not (lab[2] / CHAPTER).exists():
        pytest.skip(f"{CHAPTER} is not in notebooks/ yet")
    name = "solutions_" + CHAPTER  # a fresh copy with its stored outputs (the other tests cleared theirs)
    shutil.copy2(ROOT / "notebooks" / CHAPTER, lab[2] / name)
    base, token, _ = lab
    if page.url.startswith(base):
        page.evaluate("async name => { await window.jupyterapp.commands.execute('docmanager:open', {path: name}); }",
                      name)
    else:
        page.goto(f"{base}/lab/tree/{name}?token={token}")
    page.wait_for_function("name => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
                           " return !!(w && w.context && w.context.path.endsWith(name) && w.context.isReady"
                           " && w.content && w.content.widgets.length > 1"
                           " && w.content.widgets.length === w.context.model.cells.length); }",
                           arg=name, timeout=60_000)
    cells = page.evaluate(_CELL_VIEW)
    solutions = [c for c in cells if c["solution"]]
    assert len(solutions) >= 3 and all(c["stored"] for c in solutions), "the chapter's solutions have stored outputs"
    for cell in solutions:
        assert cell["inputHidden"] and cell["outputHidden"], f"cell {cell['index']} is not collapsed"
        assert "correct, well done" not in cell["outputText"], f"cell {cell['index']} shows its answer"
        assert cell["source"].splitlines()[1] not in cell["inputText"], f"cell {cell['index']} shows its code"
    # The same measure sees what is on the page: the stub checks and ordinary outputs are visible.
    visible = [c for c in cells if not c["solution"] and c["stored"]]
    assert any("not attempted" in c["outputText"] for c in visible)
    assert sum(bool(c["outputText"].strip()) for c in visible) >= len(visible) // 2
    page.evaluate("async () => { const nb = window.jupyterapp.shell.currentWidget.content;"
                  " const i = nb.widgets.findIndex(c => (c.model.getMetadata('tags') || []).includes('solution'));"
                  " nb.activeCellIndex = i; await nb.scrollToItem(i, 'center'); }")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "solution_collapsed.png"))
    assert not outside, f"requests that left the machine: {outside}"
