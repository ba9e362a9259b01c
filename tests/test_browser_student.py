"""A learner's first minutes with a stored notebook, in a real browser (headless Chromium + Playwright).

The notebook is executed and stored as ``make notebooks`` stores it (nbclient, outputs and widget
state saved), then opened in JupyterLab without running anything, the way a learner finds it:

- where an explorer was, its still picture shows (the ``text/html`` part of the stored output,
  an ``<img>``), not the raw ``VBox(children=...)`` text or an "Error displaying widget";
- typing an answer into an exercise cell and running only its check cell, in a kernel where
  nothing has run yet, gives the kind "not defined in this session yet ... run the cells above"
  message of ``crm_lessons._notebook_errors``, not a traceback.

JupyterLab and Chromium are started by ``tests/_jupyterlab.py`` (a server on 127.0.0.1 over a
temporary folder, no request may leave the machine). Needs ``/usr/bin/chromium`` and the
``playwright`` package; without them the tests are skipped with the reason.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import _jupyterlab
import pytest
from _jupyterlab import KERNEL_IDLE as _KERNEL_IDLE

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "browser"
NOTEBOOK = "04_customer_value.ipynb"
EXPLORER_CALL = "crm.widgets.clv_calculator("
ANSWER_CELL, CHECK_CELL = "answer_4_1 = ...", 'crm.check("4.1", answer_4_1)'

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A folder holding the chapter executed and saved as ``make notebooks`` saves it."""
    reason = _jupyterlab.missing()
    if reason:
        pytest.skip(reason)
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path_factory.mktemp("stored") / "notebooks"
    work.mkdir()
    shutil.copy2(ROOT / "notebooks" / NOTEBOOK, work / NOTEBOOK)
    nb = nbformat.read(work / NOTEBOOK, as_version=4)
    progress = work.parent / "progress.json"
    old = os.environ.get("CRM_LESSONS_PROGRESS")
    os.environ["CRM_LESSONS_PROGRESS"] = str(progress)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    finally:
        if old is None:
            os.environ.pop("CRM_LESSONS_PROGRESS", None)
        else:
            os.environ["CRM_LESSONS_PROGRESS"] = old
    nbformat.write(nb, work / NOTEBOOK)
    explorer = next(c for c in nb.cells if c.cell_type == "code" and EXPLORER_CALL in c.source)
    assert any("text/html" in o.get("data", {}) for o in explorer.outputs), "the explorer stored no still picture"
    return work


@pytest.fixture(scope="module")
def lab(stored, tmp_path_factory):
    home = tmp_path_factory.mktemp("lab")
    env = _jupyterlab.isolated_environment(home, {"CRM_LESSONS_PROGRESS": str(home / "progress.json")})
    with _jupyterlab.jupyterlab(home, stored, env) as (base, token):
        yield base, token


@pytest.fixture(scope="module")
def page(lab):
    """The stored notebook opened in JupyterLab; its kernel has started and run nothing."""
    base, token = lab
    with _jupyterlab.chromium_page(base) as (tab, outside):
        tab.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        tab.wait_for_function(_KERNEL_IDLE, timeout=90_000)
        yield tab
    assert not outside, f"requests that left the machine: {outside}"


_CELL_INDEX = """text => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(
  c => c.model.sharedModel.getSource().trim() === text || c.model.sharedModel.getSource().startsWith(text))"""
_SHOW_CELL = """async i => { const nb = window.jupyterapp.shell.currentWidget.content;
  nb.activeCellIndex = i; await nb.scrollToItem(i, 'center');
  nb.widgets[i].node.setAttribute('data-probe', String(i)); }"""


def _cell(tab, text: str):
    index = tab.evaluate(_CELL_INDEX, text)
    assert index >= 0, f"no cell starting with {text!r} in {NOTEBOOK}"
    tab.evaluate(_SHOW_CELL, index)
    return index, tab.locator(f".jp-Cell[data-probe='{index}']")


def test_a_cold_notebook_shows_the_explorer_still_picture(page):
    _, cell = _cell(page, EXPLORER_CALL)
    output = cell.locator(".jp-OutputArea-output")
    picture = output.locator("img[src^='data:image/png']").first
    picture.wait_for(state="visible", timeout=30_000)
    box = picture.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, f"the still picture is not drawn: {box}"
    assert "CLV reaches" in (picture.get_attribute("alt") or "")
    text = output.inner_text()
    assert "still picture of this explorer" in text
    assert "VBox(children" not in text and "Error displaying widget" not in text
    executed = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets"
                             ".filter(c => c.model.type === 'code').map(c => c.model.executionCount)")
    assert any(n is not None for n in executed), "the notebook was not opened with its stored outputs"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "student_cold_still_picture.png"))


def test_checking_an_answer_in_a_cold_kernel_says_to_run_the_cells_above(page):
    index, answer = _cell(page, ANSWER_CELL)
    answer.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("answer_4_1 = 327")            # typed, but the learner runs only the check cell
    check_index, check = _cell(page, CHECK_CELL)
    assert check_index == index + 1
    check.locator(".cm-content").click()
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
    output = check.locator(".jp-OutputArea-output")
    output.filter(has_text="not defined").first.wait_for(timeout=60_000)
    text = output.inner_text()
    assert "not defined in this session yet" in text and "run them first" in text.lower().replace("\n", " ")
    assert "Traceback" not in text and "most recent call last" not in text
    assert page.evaluate("i => window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel"
                         ".getSource()", index) == "answer_4_1 = 327"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "student_cold_check.png"))
