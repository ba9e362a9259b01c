"""The Chinese edition in a Chinese JupyterLab, in a real browser (headless Chromium + Playwright).

JupyterLab is started exactly as ``make lab-zh`` starts it: ``tools/lab_zh.py`` prepares the same
config folder (``config/lab-zh``: interface language zh_CN, the custom CSS with the bundled Chinese
font, the start notebook as the default page) and gives the same command line and environment;
only the port, the token and the root folder (a temporary copy of ``notebooks/zh/00_start_here.ipynb``
at the same relative path, so the repository is never touched) are the test's own.

The test opens the server's front page (which ``make lab-zh``'s default URL turns into the Chinese
start notebook) and checks:

1. the interface is Chinese: the menu bar reads 文件, 编辑, 运行 ... (the language pack);
2. the interface draws that Chinese with the bundled font: Chromium's own record of the fonts
   it used for a menu label (DevTools ``CSS.getPlatformFontsForNode``) names the web font from
   ``custom.css`` (Noto Sans CJK SC), so the menus are not empty boxes on a machine without a
   CJK font (this one has none);
3. all cells run (cleared first, then Run All, as ``tests/test_browser.py`` does) with no error or
   warning output;
4. the live revenue chart carries Chinese text, proven from its pixels: the PNG of the chart
   output is taken from the page (the ``<img>`` data URI the kernel just produced, not the stored
   output, which was cleared). The test process draws the same chart by running the same cells of
   the notebook (``crm.setup(lang="zh")``, the data, the chart call), checks that this figure's
   title and axis labels contain Chinese and that every Chinese character is in the bundled font
   (both weights), and renders it as the kernel does (IPython's ``print_figure``, retina, tight
   bounding box). The live PNG matches it pixel for pixel (up to a tiny tolerance for
   anti-aliasing). Negative control: the English edition's same chart, drawn the same way, does
   not match, so the comparison can tell the languages apart.

Screenshots (menus open, the chart) go to ``build/browser/``. Needs ``/usr/bin/chromium`` and the
``playwright`` package; without them the test is skipped with the reason.
"""
from __future__ import annotations

import base64
import importlib.util
import io
import re
import shutil
from pathlib import Path

import _jupyterlab
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "browser"
START = "notebooks/zh/00_start_here.ipynb"
ENGLISH_START = "notebooks/00_start_here.ipynb"
CHART_CALL = "crm.plots.monthly_revenue("
MENUS = ("文件", "编辑", "运行")
HAN = re.compile(r"[\u3400-\u9fff]")
# Pixels whose channels differ by more than this count as different; at most this share may.
CHANNEL_TOLERANCE, SHARE_TOLERANCE = 32, 0.002

_spec = importlib.util.spec_from_file_location("lab_zh", ROOT / "tools" / "lab_zh.py")
lab_zh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_zh)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    reason = _jupyterlab.missing()
    if reason:
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("lab-zh")
    root = home / "root"
    (root / START).parent.mkdir(parents=True)
    shutil.copy2(ROOT / START, root / START)
    config = lab_zh.prepare(home / "config")
    env = lab_zh.environment(config)
    env.update(JUPYTER_RUNTIME_DIR=str(home / "runtime"), CRM_LESSONS_PROGRESS=str(home / "progress.json"))
    with _jupyterlab.jupyterlab(home, root, env, command=lab_zh.command()) as (base, token):
        yield base, token, root


@pytest.fixture(scope="module")
def page(lab):
    base, token, _ = lab
    with _jupyterlab.chromium_page(base) as (tab, outside):
        tab.goto(f"{base}/?token={token}")           # make lab-zh's default URL opens the start notebook
        tab.wait_for_function(_jupyterlab.KERNEL_IDLE, timeout=120_000)
        yield tab
        assert not outside, f"requests that left the machine: {outside}"


def _fonts_used_for(page, selector: str) -> list[dict]:
    """The fonts Chromium drew the text of the first ``selector`` node with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument", {"depth": -1})
        node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
        assert node["nodeId"], f"no node {selector!r}"
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        cdp.detach()


def _chart_png_on_the_page(page) -> bytes:
    src = page.evaluate("""call => {
      const nb = window.jupyterapp.shell.currentWidget.content;
      const cell = nb.widgets.find(c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(call));
      if (!cell) return null;
      const img = cell.node.querySelector('.jp-OutputArea-output img');
      return img ? img.src : '';
    }""", CHART_CALL)
    assert src is not None, f"no cell calls {CHART_CALL} in {START}"
    assert src.startswith("data:image/png;base64,"), f"the chart cell shows no PNG picture: {src[:80]!r}"
    return base64.b64decode(src.split(",", 1)[1])


def _draw_in_this_process(notebook: Path, monkeypatch):
    """Run ``notebook``'s set-up, data and chart cells here; return the chart's figure and its PNG.

    The PNG is made as the notebook kernel makes it: ``crm.setup`` asks for 'retina' inline charts,
    which IPython's ``print_figure(fig, fmt="retina", bbox_inches="tight")`` draws.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure

    from crm_lessons.i18n import set_language

    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)   # the cell ends with plt.show()
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    chart = next(i for i, source in enumerate(cells) if CHART_CALL in source)
    namespace: dict = {}
    plt.close("all")
    try:
        for source in cells[:chart + 1]:   # the set-up cell, the data, the chart (nothing after it)
            exec(compile(source, str(notebook), "exec"), namespace)
        figure = namespace["ax"].figure
        return figure, print_figure(figure, fmt="retina", bbox_inches="tight")
    finally:
        plt.close("all")
        set_language("en")   # the package's default, for the tests that follow


def _pixels(png: bytes):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def _share_different(live, drawn) -> float:
    """The share of pixels that differ (1.0 when the pictures are not the same size)."""
    if live.shape != drawn.shape:
        return 1.0
    return float((abs(live - drawn).max(axis=2) > CHANNEL_TOLERANCE).mean())


def _texts(figure) -> list[str]:
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontname"))]
    return [t for t in texts if t.strip()]


def test_the_chinese_start_notebook_runs_in_a_chinese_jupyterlab_and_draws_a_chinese_chart(lab, page,
                                                                                             monkeypatch):
    base, token, root = lab
    # -- the page make lab-zh opens: the Chinese start notebook, in a Chinese interface
    opened = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
    assert opened == START
    labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert set(MENUS) <= set(labels), f"the menu bar is not Chinese: {labels}"

    # -- drawn with the bundled font, not empty boxes
    page.locator(".lm-MenuBar-itemLabel", has_text=MENUS[0]).first.click()       # open 文件
    page.locator(".lm-Menu-itemLabel").first.wait_for(timeout=10_000)
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "zh_menus.png"))
    for selector in (".lm-MenuBar-itemLabel", ".lm-Menu-itemLabel"):
        fonts = _fonts_used_for(page, selector)
        assert any(f["familyName"] == "Noto Sans CJK SC" and f["isCustomFont"] for f in fonts), \
            f"{selector} is not drawn with the bundled Chinese font: {fonts}"
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("CRM Lessons Noto Sans SC" in family for family in loaded), loaded
    page.keyboard.press("Escape")

    # -- every cell runs, with no error or warning
    seconds = _jupyterlab.open_and_run_all(page, base, token, START)
    _jupyterlab.assert_clean(page, START)

    # -- the live chart is the Chinese chart
    live = _pixels(_chart_png_on_the_page(page))
    figure, png = _draw_in_this_process(root / START, monkeypatch)
    texts = _texts(figure)
    title, xlabel, ylabel = (figure.axes[0].get_title(), figure.axes[0].get_xlabel(), figure.axes[0].get_ylabel())
    assert all(HAN.search(text) for text in (title, xlabel, ylabel)), (title, xlabel, ylabel)
    from fontTools.ttLib import TTFont

    from crm_lessons.plots import theme

    for font_file in sorted(theme.FONT_DIR.glob("*.otf")):
        cmap = TTFont(font_file).getBestCmap()
        absent = {ch for text in texts for ch in text if HAN.match(ch) and ord(ch) not in cmap}
        assert not absent, f"{font_file.name} lacks {sorted(absent)}"
    drawn = _pixels(png)
    share = _share_different(live, drawn)
    assert share <= SHARE_TOLERANCE, \
        f"the live chart is not the Chinese chart: {share:.2%} of its pixels differ ({live.shape} vs {drawn.shape})"
    _, english_png = _draw_in_this_process(ROOT / ENGLISH_START, monkeypatch)
    english_share = _share_different(live, _pixels(english_png))
    assert english_share > 20 * SHARE_TOLERANCE, \
        f"the English chart matches the live chart as well ({english_share:.2%} differ): the check proves nothing"

    page.evaluate("""async call => { const nb = window.jupyterapp.shell.currentWidget.content;
      const i = nb.widgets.findIndex(c => c.model.sharedModel.getSource().includes(call));
      nb.activeCellIndex = i; await nb.scrollToItem(i, 'center'); }""", CHART_CALL)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "zh_chart.png"))
    print(f"run all: {seconds:.0f} s; live vs Chinese: {share:.3%} of pixels differ; "
          f"live vs English: {english_share:.1%}; chart title: {title}")
