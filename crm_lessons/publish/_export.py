"""What the slide decks and the HTML course share: offline assets, templates, the notebook copy.

The JavaScript libraries come from the npm registry once (``make vendor`` packs
them into ``build/vendor/<package>/``); :func:`copy_assets` copies the few files a
page loads next to the pages, and :func:`exporter_config` points nbconvert at
them and at our templates (``crm_lessons/publish/templates``), so no page reaches the web.
The decks need reveal.js and require.js; both page types need MathJax and the
widget renderer (static copies of the stored widget state), and the Chinese font the
package brings (``crm_lessons/plots/fonts``, copied to ``vendor/fonts/``), so Chinese text
is drawn on a computer that has no CJK font.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from . import _links

TEMPLATES = Path(__file__).with_name("templates")
VENDOR_DIR = "vendor"
# A link to a chapter notebook (``05_segmentation.ipynb`` or ``05_segmentation.ipynb#anchor``).
CHAPTER_LINK = re.compile(r"^(\d\d_[\w-]+)\.ipynb(?=$|#)")
# Files each page type loads, relative to the vendor folder (globs allowed).
PAGE_ASSETS = [
    "requirejs/require.js",
    "mathjax/es5/tex-svg-full.js",
    "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "@jupyter-widgets/html-manager/dist/*.woff2",
    "@jupyter-widgets/html-manager/dist/*.woff",
]
SLIDE_ASSETS = PAGE_ASSETS + [
    "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css",
    "reveal.js/dist/theme/white.css",
    "reveal.js/dist/theme/fonts/source-sans-pro/*",
    "reveal.js/plugin/notes/notes.js",
]
#: The bundled Chinese font (OFL), copied next to the pages with its licence.
FONT_DIR = Path(__file__).resolve().parent.parent / "plots" / "fonts"
FONT_FILES = ["NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf", "OFL.txt"]
_LICENSES = ["requirejs/LICENSE", "mathjax/LICENSE", "@jupyter-widgets/html-manager/LICENSE",
             "reveal.js/LICENSE"]


def chapter_notebooks(source: Path) -> list[Path]:
    """The chapter notebooks ``NN_topic.ipynb`` in ``source``, in chapter order.

    >>> [p.name for p in chapter_notebooks(Path("notebooks"))][:1]  # doctest: +SKIP
    ['00_start_here.ipynb']
    """
    notebooks = sorted(Path(source).glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"No chapter notebooks (NN_name.ipynb) found in {Path(source).resolve()}.")
    return notebooks


def copy_assets(vendor: Path, target: Path, *, slides: bool) -> Path:
    """Copy the JavaScript the pages load from ``vendor`` into ``target``; return ``target``.

    >>> copy_assets(Path("build/vendor"), Path("build/html/vendor"), slides=False)  # doctest: +SKIP
    """
    vendor = Path(vendor)
    patterns = SLIDE_ASSETS if slides else PAGE_ASSETS
    missing = [p for p in patterns if not any(vendor.glob(p))]
    if missing:
        raise FileNotFoundError(
            f"Offline assets missing in {vendor}: {', '.join(missing)}. Run `make vendor` "
            "(it packs reveal.js, jQuery, require.js, MathJax and the widget renderer from the npm registry).")
    if target.exists():
        shutil.rmtree(target)
    for pattern in patterns + [lic for lic in _LICENSES if (vendor / lic).exists()]:
        for path in vendor.glob(pattern):
            out = target / path.relative_to(vendor)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        shutil.copy2(FONT_DIR / name, target / "fonts" / name)
    return target


def exporter_config(*, slides: bool, prefix: str = VENDOR_DIR) -> Any:
    """nbconvert settings: our template, and every script loaded from ``prefix`` (a relative folder).

    >>> exporter_config(slides=False).HTMLExporter.template_name
    'crm_lab'
    """
    from traitlets.config import Config

    config = Config()
    cls = config.SlidesExporter if slides else config.HTMLExporter
    cls.template_name = "crm_reveal" if slides else "crm_lab"
    cls.extra_template_basedirs = [str(TEMPLATES)]
    cls.extra_template_paths = [str(TEMPLATES / "shared")]
    cls.require_js_url = f"{prefix}/requirejs/require.js"
    cls.mathjax_url = f"{prefix}/mathjax/es5/tex-svg-full.js"
    cls.widget_renderer_url = f"{prefix}/@jupyter-widgets/html-manager/dist/embed-amd.js"
    if slides:
        cls.reveal_url_prefix = f"{prefix}/reveal.js"
        cls.reveal_theme = "white"
        cls.reveal_transition = "slide"
        cls.reveal_number = "c/t"
        cls.reveal_width = "1280"
        cls.reveal_height = "720"
    return config


def _caption(cell: dict) -> str:
    text = cell.get("source", "").strip().split("\n\n", 1)[0]
    return " ".join(text.strip("*_ ").split())


def offline_copy(notebook: nbformat.NotebookNode, link: Callable[[str], str]) -> nbformat.NotebookNode:
    """A copy of ``notebook`` for a page: links mapped by ``link``, no remote images, alt text on charts.

    Cells tagged ``local-only`` (the "Save my work" cell) keep their code but lose their output.

    Each code cell that stored a picture gets ``metadata.crm_alt``: the caption in
    the markdown cell right after it (our templates put it in the image's ``alt``).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("[next](01_a.ipynb)")])
    >>> offline_copy(nb, lambda t: t.replace(".ipynb", ".html")).cells[0].source
    '[next](01_a.html)'
    """
    copy = nbformat.from_dict(notebook)
    for i, cell in enumerate(copy.cells):
        if "local-only" in cell.get("metadata", {}).get("tags", []):
            cell.outputs = []    # what it printed (a link to a file in the learner's folder) means nothing here
        if cell.cell_type == "markdown":
            cell.source = _links.rewrite(_links.without_remote_images(cell.source), link)
        elif any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            nxt = copy.cells[i + 1] if i + 1 < len(copy.cells) else None
            caption = _caption(nxt) if nxt is not None and nxt.cell_type == "markdown" else ""
            cell.metadata["crm_alt"] = caption if caption.startswith("Figure") else "Chart produced by the code above."
    return copy
