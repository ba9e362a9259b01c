"""The whole course as static HTML, to read without a kernel: ``make html`` -> ``build/html/``.

``index.html`` lists the chapters (title, learning objectives, time); each chapter
page ``NN_topic.html`` keeps its stored outputs, has a navigation bar (previous ·
contents · next) at the top and bottom, folds solutions away behind a "Solution"
button, and shows widgets as static copies. Links between notebooks become links
between pages. Every script loads from ``vendor/`` beside the pages, so the folder
works offline and can be zipped or put on any web server as it is.

Command line::

    python -m crm_lessons.publish.course_html [SOURCE_DIR] [TARGET_DIR] --vendor build/vendor [--overwrite]
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import nbformat

from . import _export, _staging
from ._links import is_relative, to_repository

INDEX = "index.html"
TITLE = "CRM Lessons"


def chapter_title(notebook: nbformat.NotebookNode) -> str:
    """The title of a chapter: the first ``#`` heading of its first cell.

    >>> chapter_title(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 05 · Segmentation\\ntext")]))
    '05 · Segmentation'
    """
    for cell in notebook.cells[:1]:
        match = re.search(r"^#\s+(.+)$", cell.source, re.M)
        if cell.cell_type == "markdown" and match:
            return match.group(1).strip()
    raise ValueError("the notebook's first cell must be a markdown title ('# NN · Title').")


def page_link(target: str) -> str:
    """Where a notebook link points on the HTML pages.

    >>> page_link("../README.md#chapters"), page_link("05_segmentation.ipynb#RFM")
    ('index.html#chapters', '05_segmentation.html#RFM')
    """
    if is_relative(target) and re.match(r"^\.\./README\.md(?=$|#)", target):
        anchor = target.partition("#")[2]
        return INDEX + (f"#{anchor}" if anchor else "")
    return _export.CHAPTER_LINK.sub(r"\1.html", to_repository(target))


def _nav(pages: list[tuple[str, str]], i: int, where: str) -> str:
    def link(k: int, arrow_left: bool) -> str:
        if not 0 <= k < len(pages):
            return "<span></span>"
        name, title = pages[k]
        label = f"← {title}" if arrow_left else f"{title} →"
        rel = "prev" if arrow_left else "next"
        return f'<a href="{html.escape(name)}" rel="{rel}">{html.escape(label)}</a>'

    return (f'<nav class="crm-nav crm-{where}" aria-label="Chapters">{link(i - 1, True)}'
            f'<a href="{INDEX}#chapters">Contents</a>{link(i + 1, False)}</nav>')


def _header_facts(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The learning objectives (markdown bullets) and the estimated time of a chapter."""
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    objectives = text.split("## Learning objectives", 1)[1] if "## Learning objectives" in text else ""
    bullets = "\n".join(line for line in objectives.split("\n#", 1)[0].splitlines()
                        if line.startswith(("- ", "  ")))
    time = re.search(r"\*\*Estimated time:\*\*\s*(.+)", text)
    return bullets, time.group(1).strip() if time else ""


def _index_page(chapters: list[tuple[str, str, str, str]]) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    items = []
    for name, title, bullets, time in chapters:
        objectives = markdown2html_mistune(bullets) if bullets else ""
        when = f'<p class="time">Estimated time: {html.escape(time)}</p>' if time else ""
        items.append(f'<li><h3><a href="{html.escape(name)}">{html.escape(title)}</a></h3>{when}{objectives}</li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{TITLE}: all chapters</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  max-width: 900px; margin: 0 auto; padding: 1em; line-height: 1.5; }}
a {{ color: #0072B2; }}
ol.chapters {{ list-style: none; padding: 0; }}
ol.chapters > li {{ border-left: 6px solid #0072B2; padding: 0.2em 1em; margin: 1em 0; }}
ol.chapters h3 {{ margin: 0.3em 0; }}
p.time {{ color: #555555; margin: 0.2em 0; }}
</style>
</head>
<body>
<main>
<h1>{TITLE}</h1>
<p>A hands-on workbook for a course in Customer Relationship Management, as static pages: read every
chapter with its stored results, charts and (folded) solutions. To run the code, change inputs or use the
widgets, open the notebooks in JupyterLab (<code>make lab</code>) or on Binder.</p>
<h2 id="chapters">Chapters</h2>
<ol class="chapters">
{chr(10).join(items)}
</ol>
</main>
</body>
</html>
"""


def build(source: Path = Path("notebooks"), target: Path = Path("build/html"), *,
          vendor: Path = Path("build/vendor"), overwrite: bool = False) -> list[Path]:
    """Write ``target/index.html`` and one page per chapter notebook in ``source``; return the paths.

    Safe (:mod:`~crm_lessons.publish._staging`): the pages are written to a temporary folder
    that replaces ``target`` only when all of them are done; files the build did not make are
    replaced only with ``overwrite``, and then kept as a backup.

    >>> build(Path("notebooks"), Path("build/html"))  # doctest: +SKIP
    """
    from nbconvert import HTMLExporter

    source = Path(source)
    notebooks = [(path, nbformat.read(path, as_version=4)) for path in _export.chapter_notebooks(source)]

    def write(folder: Path) -> list[Path]:
        _export.copy_assets(Path(vendor), folder / _export.VENDOR_DIR, slides=False)
        pages = [(f"{path.stem}.html", chapter_title(nb)) for path, nb in notebooks]
        exporter = HTMLExporter(config=_export.exporter_config(slides=False))
        written, chapters = [], []
        for i, (_path, nb) in enumerate(notebooks):
            name, title = pages[i]
            resources = {"metadata": {"name": title}, "crm_nav_top": _nav(pages, i, "top"),
                         "crm_nav_bottom": _nav(pages, i, "bottom")}
            body, _ = exporter.from_notebook_node(_export.offline_copy(nb, page_link), resources=resources)
            out = folder / name
            out.write_text(body, encoding="utf-8")
            written.append(out)
            chapters.append((name, title, *_header_facts(nb)))
        index = folder / INDEX
        index.write_text(_index_page(chapters), encoding="utf-8")
        return [index, *written]

    written, backup = _staging.staged_build(source, Path(target), write, overwrite=overwrite)
    if backup is not None:
        print(f"kept the previous {target} as {backup}")
    return written


def folder_size(folder: Path) -> int:
    """Total size in bytes of the files under ``folder``.

    >>> folder_size(Path("build/html")) < 30e6  # doctest: +SKIP
    True
    """
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def _main(argv: list[str]) -> None:
    vendor = Path(argv[argv.index("--vendor") + 1]) if "--vendor" in argv else Path("build/vendor")
    args = [a for a in argv if not a.startswith("--") and Path(a) != vendor]
    source = Path(args[0]) if args else Path("notebooks")
    target = Path(args[1]) if len(args) > 1 else Path("build/html")
    for path in build(source, target, vendor=vendor, overwrite="--overwrite" in argv):
        print(f"wrote {path}")
    print(f"{target}: {folder_size(target) / 1e6:.1f} MB in all")


if __name__ == "__main__":
    try:
        _main(sys.argv[1:])
    except (_staging.UnsafeTargetError, FileNotFoundError) as err:
        raise SystemExit(f"error: {err}") from None
