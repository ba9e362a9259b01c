"""Slides: slide boundaries stored in the notebooks, and offline reveal.js decks built from them.

Every cell carries ``metadata.slideshow.slide_type``, set by :func:`annotate` with
fixed rules, so the deck and a live presentation in JupyterLab follow the same
boundaries:

- a markdown cell that starts with a ``#`` or ``##`` heading starts a **slide**;
- a ``###`` heading, a chart (a code cell that ends in ``plt.show()`` or stored a
  picture) and the first cell after a solution start a **subslide** (below the
  current slide: the down arrow), so a chart gets the screen to itself and its caption;
- a markdown cell tagged ``notes`` holds **speaker notes** (``notes``): shown in reveal.js's
  speaker view (key S), not on the slide;
- a solution cell is a **fragment**: hidden until the presenter reveals it (and collapsed in
  JupyterLab, outputs included, under a first line ``# model answer``: :func:`hide_solution`);
- the set-up cell (the first code cell, ``import crm_lessons``) is left out (``skip``);
- everything else continues the current slide (``-``), unless the estimated content
  (:func:`estimated_height`) would overflow the screen: then it starts a **subslide**.

Before that, markdown cells are split at their headings (the text is kept as it
is), so every section starts in a cell of its own. Run :func:`annotate` again after
editing a notebook (``make slide-metadata``); ``tests/test_slides.py`` checks that
the stored metadata matches the rules.

Command line::

    python -m crm_lessons.publish.slides annotate notebooks/05_segmentation.ipynb ...
    python -m crm_lessons.publish.slides build [SOURCE_DIR] [TARGET_DIR] --vendor build/vendor [--overwrite]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from . import _export, _staging
from ._links import to_repository

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
_HEADING = re.compile(r"^(#{1,6})\s")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _heading_level(line: str) -> int:
    match = _HEADING.match(line)
    return len(match.group(1)) if match else 0


def split_at_headings(source: str) -> list[str]:
    """Split markdown at each heading line (outside code fences); the pieces join back to ``source``.

    >>> split_at_headings("Intro text.\\n\\n## Section\\nBody")
    ['Intro text.\\n\\n', '## Section\\nBody']
    """
    pieces, current, fenced = [], [], False
    for line in source.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and _heading_level(line) and "".join(current).strip():
            pieces.append("".join(current))
            current = []
        current.append(line)
    pieces.append("".join(current))
    return pieces


def _with_split_markdown(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = []
    for cell in notebook.cells:
        pieces = split_at_headings(cell.source) if cell.cell_type == "markdown" else [cell.source]
        if len(pieces) == 1:
            cells.append(cell)
            continue
        for k, piece in enumerate(pieces):
            part = nbformat.from_dict(cell)
            part.source = piece if k == len(pieces) - 1 else piece.rstrip("\n")
            if "id" in part:
                part.id = cell.id if k == 0 else f"{cell.id}-{k}"[:64]
            cells.append(part)
    notebook.cells = cells
    return notebook


def _is_chart(cell: dict) -> bool:
    if cell.get("cell_type") != "code":
        return False
    shows = re.search(r"^\s*plt\.show\(\)\s*$", cell.get("source", ""), re.M) is not None
    stored = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
    return shows or stored


def slide_type(cell: dict, after_solution: bool = False) -> str:
    """The slide type the rules give ``cell`` (see the module docstring).

    Examples
    --------
    >>> slide_type({"cell_type": "markdown", "source": "## Key takeaways", "metadata": {}})
    'slide'
    >>> slide_type({"cell_type": "code", "source": "x = 1", "metadata": {"tags": ["solution"]}})
    'fragment'
    >>> slide_type({"cell_type": "markdown", "source": "Ask who has a loyalty card.", "metadata": {"tags": ["notes"]}})
    'notes'
    """
    if "solution" in _tags(cell):
        return "fragment"
    if "notes" in _tags(cell) and cell.get("cell_type") == "markdown":
        return "notes"
    if cell.get("cell_type") == "markdown":
        level = _heading_level(cell.get("source", "").lstrip("\n").split("\n", 1)[0])
        if level in (1, 2):
            return "slide"
        if level == 3:
            return "subslide"
    if _is_chart(cell) or after_solution:
        return "subslide"
    return "-"


MODEL_ANSWER = "# model answer"


def hide_solution(cell: dict) -> None:
    """Collapse a solution cell in JupyterLab, code and outputs, under a first line ``# model answer``.

    JupyterLab (4.x) reads ``metadata.jupyter.source_hidden`` and ``outputs_hidden``; a
    collapsed cell still shows its first source line, so that line says what the cell is.

    >>> cell = nbformat.v4.new_code_cell("answer_1_1 = 2", metadata={"tags": ["solution"]})
    >>> hide_solution(cell)
    >>> cell.source.splitlines()[0], dict(cell.metadata.jupyter)
    ('# model answer', {'source_hidden': True, 'outputs_hidden': True})
    """
    cell["metadata"]["jupyter"] = {**cell["metadata"].get("jupyter", {}), "source_hidden": True,
                                   "outputs_hidden": True}
    if cell["source"].lstrip("\n").split("\n", 1)[0].strip() != MODEL_ANSWER:
        cell["source"] = f"{MODEL_ANSWER}\n{cell['source']}"


def annotate(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` with markdown split at headings and every cell's slide type set.

    Solution cells are also collapsed, outputs included (:func:`hide_solution`), so that
    ``make notebooks`` cannot forget it.

    Idempotent: annotating an annotated notebook changes nothing.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\\n## Part")])
    >>> [c.metadata.slideshow.slide_type for c in annotate(nb).cells]
    ['slide', 'slide']
    """
    copy = _with_split_markdown(nbformat.from_dict(notebook))
    after_solution = False
    for cell in copy.cells:
        kind = slide_type(cell, after_solution)
        cell.metadata["slideshow"] = {"slide_type": kind}
        if "solution" in _tags(cell):
            hide_solution(cell)
        after_solution = kind == "fragment"
    _skip_setup(copy.cells)
    _break_overflow(copy.cells)
    return copy


def annotate_files(paths: list[Path]) -> list[Path]:
    """Annotate notebook files in place; return the ones that changed.

    >>> annotate_files([Path("notebooks/00_start_here.ipynb")])  # doctest: +SKIP
    []
    """
    changed = []
    for path in map(Path, paths):
        before = nbformat.read(path, as_version=4)
        after = annotate(before)
        if after != before:
            nbformat.write(after, path)
            changed.append(path)
    return changed


def _deck_link(target: str) -> str:
    """A chapter link goes to that chapter's deck; a link out of the notebooks folder to GitHub."""
    return _export.CHAPTER_LINK.sub(r"\1.slides.html", to_repository(target))


# Estimated heights on a 1280 x 720 slide (CSS px), to start a new slide below before one overflows.
SLIDE_BUDGET = 600
_CAPTION = re.compile(r"^\s*[*_]Figure\s")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
# The deck's CSS (templates/crm_reveal): 28 px text, 24 px tables, 22 px code, on a 1240-px-wide line.
LINE_TEXT, LINE_HEADING, ROW_TABLE, LINE_CODE = 42, 92, 46, 31
CHARS_PER_LINE = 84  # Latin characters of 28-px text on one line; a Chinese character counts as two
CODE_CHARS_PER_LINE = 90  # characters of 22-px code on one line


def _display_width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


def _wrapped_lines(code: str) -> int:
    """Lines of code on a slide: the deck wraps lines longer than :data:`CODE_CHARS_PER_LINE`."""
    return sum(1 + _display_width(line) // CODE_CHARS_PER_LINE for line in code.splitlines())


def _row_height(row: str) -> int:
    """A table row's height: long cell texts wrap (about 100 characters of 24-px text across the slide)."""
    text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return ROW_TABLE * (1 + len(text) // 100)


def estimated_height(cell: dict) -> int:
    """A rough height in px of ``cell`` on a deck slide (the deck's CSS: 28 px text, 22 px code).

    >>> estimated_height({"cell_type": "markdown", "source": "## Title"})
    92
    """
    source = cell.get("source", "")
    if cell.get("cell_type") == "markdown":
        height = 0
        for line in source.splitlines():
            if _heading_level(line):
                height += LINE_HEADING
            elif line.lstrip().startswith("|"):
                height += ROW_TABLE
            else:
                height += 14 if not line.strip() else LINE_TEXT * (1 + _display_width(line) // CHARS_PER_LINE)
        return height
    removed = cell.get("metadata", {}).get("transient", {}).get("remove_source")
    height = 0 if removed else 30 + LINE_CODE * _wrapped_lines(source)
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            height += 600
        elif "application/vnd.jupyter.widget-view+json" in data:
            height += 420
        elif "text/html" in data:
            markup = str(data["text/html"])
            words = len(re.sub(r"<[^>]+>", " ", markup).split())
            lines = markup.count("<li") + markup.count("<p") + markup.count("<br") + words * 6 // CHARS_PER_LINE
            rows = sum(_row_height(row) for row in re.findall(r"<tr\b.*?</tr>", markup, re.S))
            height += 50 + max(rows, LINE_TEXT * lines)
        else:
            text = str(output.get("text", "")) + str(data.get("text/plain", ""))
            height += 20 + LINE_CODE * _wrapped_lines(text)
    return height


def _split_caption(cell: dict) -> list[dict]:
    """A figure caption followed by more text becomes two cells: the caption stays with its chart."""
    caption, _, rest = cell["source"].partition("\n\n")
    if cell.get("cell_type") != "markdown" or not _CAPTION.match(caption) or not rest.strip():
        return [cell]
    first, second = nbformat.from_dict(cell), nbformat.from_dict(cell)
    first.source, second.source = caption, rest
    second.metadata["slideshow"] = {"slide_type": "subslide"}
    if "id" in second:
        second.id = f"{cell['id']}-text"[:64]
    return [first, second]


def _blocks(markdown: str) -> list[str]:
    """Paragraphs and list items of ``markdown`` (a table or code block stays whole); they join back to it."""
    blocks, current, fenced = [], [], False
    for line in markdown.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        starts = re.match(r"^(\s*$|[-*] |\d+\. )", line) and not fenced
        if starts and current and "".join(current).strip() and not current[-1].lstrip().startswith("|"):
            blocks.append("".join(current))
            current = []
        current.append(line)
    blocks.append("".join(current))
    return blocks


def _split_long_markdown(cell: dict) -> list[dict]:
    """A markdown cell taller than a slide becomes several, cut between paragraphs or list items (deck only)."""
    if cell.get("cell_type") != "markdown" or estimated_height(cell) <= SLIDE_BUDGET:
        return [cell]
    parts, current = [], ""
    for block in _blocks(cell["source"]):
        candidate = current + block
        if current.strip() and estimated_height({"cell_type": "markdown", "source": candidate}) > SLIDE_BUDGET:
            parts.append(current)
            current = block
        else:
            current = candidate
    parts.append(current)
    if len(parts) == 1:
        return [cell]
    cells = []
    for k, text in enumerate(parts):
        part = nbformat.from_dict(cell)
        part.source = text.strip("\n")
        if k:
            part.metadata["slideshow"] = {"slide_type": "subslide"}
            if "id" in part:
                part.id = f"{cell['id']}-part{k}"[:64]
        cells.append(part)
    return cells


_TABLE_BODY = re.compile(r"(<tbody>)(.*?)(</tbody>)", re.S)


def _split_table(output: dict) -> list[dict]:
    """A table output taller than a slide becomes several, each with the header and the rows that fit."""
    markup = str(output.get("data", {}).get("text/html", ""))
    match = _TABLE_BODY.search(markup)
    rows = re.findall(r"<tr\b.*?</tr>", match.group(2), re.S) if match else []
    if len(rows) < 2 or markup.count("<tbody>") != 1:
        return [output]
    header = 50 + sum(_row_height(r) for r in re.findall(r"<tr\b.*?</tr>", markup[:match.start()], re.S))
    chunks, used = [[]], header
    for row in rows:
        if chunks[-1] and used + _row_height(row) > SLIDE_BUDGET:
            chunks.append([])
            used = header
        chunks[-1].append(row)
        used += _row_height(row)
    if len(chunks) == 1:
        return [output]
    pieces = []
    for chunk in chunks:
        piece = nbformat.from_dict(output)
        piece.data = {"text/html": markup[:match.start(2)] + "\n".join(chunk) + markup[match.end(2):]}
        pieces.append(piece)
    return pieces


def _split_outputs(cell: dict) -> list[dict]:
    """A code cell taller than a slide shows its code, then its outputs on the slide below (deck only)."""
    if cell.get("cell_type") != "code" or not cell.get("outputs") or estimated_height(cell) <= SLIDE_BUDGET:
        return [cell]
    code, outputs = nbformat.from_dict(cell), nbformat.from_dict(cell)
    code.outputs = []
    if estimated_height(code) == 0:
        return [cell]
    outputs.metadata.setdefault("transient", {})["remove_source"] = True
    outputs.metadata["slideshow"] = {"slide_type": "subslide"}
    if "id" in outputs:
        outputs.id = f"{cell['id']}-out"[:64]
    parts = [code]
    for output in outputs.outputs:  # a long table: its rows over several slides below
        for piece in _split_table(output):
            grown = {**parts[-1], "outputs": parts[-1].outputs + [piece]}
            if len(parts) > 1 and estimated_height(grown) <= SLIDE_BUDGET:
                parts[-1].outputs.append(piece)
                continue
            part = nbformat.from_dict(outputs)
            part.outputs = [piece]
            if "id" in part:
                part.id = f"{cell['id']}-out{len(parts)}"[:64]
            parts.append(part)
    return parts


def _skip_setup(cells: list) -> None:
    """Leave the set-up cell (the first code cell, when it imports the package) off the slides."""
    setup = next((c for c in cells if c.cell_type == "code"), None)
    if setup is not None and "import crm_lessons" in setup.source:
        setup.metadata["slideshow"] = {"slide_type": "skip"}


def _break_overflow(cells: list) -> None:
    """Start a subslide where the estimated content of the current slide would pass :data:`SLIDE_BUDGET`.

    A figure caption stays with its chart (the chart is scaled to make room); a solution that
    does not fit below its exercise moves to the slide below instead of being revealed in place.
    """
    used = 0
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        height = estimated_height(cell)
        caption = cell.cell_type == "markdown" and _CAPTION.match(cell.source)
        if kind == "-" and used and used + height > SLIDE_BUDGET and not caption:
            kind = cell.metadata["slideshow"]["slide_type"] = "subslide"
        elif kind == "fragment" and used and used + height > SLIDE_BUDGET:
            # A solution too long to reveal in place gets the slide below (under its "Solution" banner).
            kind = cell.metadata["slideshow"]["slide_type"] = "subslide"
        if kind in ("slide", "subslide"):
            used = height
        elif kind in ("-", "fragment"):
            used += height


def _deck_boundaries(notebook: nbformat.NotebookNode) -> None:
    """Deck-only rules on top of the stored boundaries: captions alone, long text and outputs split, no overflow."""
    cells = [piece for cell in notebook.cells for part in _split_caption(cell)
             for piece in (_split_long_markdown(part) if part.cell_type == "markdown" else _split_outputs(part))]
    _skip_setup(cells)
    _break_overflow(cells)
    notebook.cells = cells


def deck_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The copy of ``notebook`` that a deck is made from.

    Charts show without their code (the chart gets the slide), remote images
    become links, chapter links point at the other decks, links out of the
    notebooks folder at the repository, and each picture gets its caption as alt text.
    On top of the stored boundaries the deck leaves out the set-up cell, gives a chart
    and its caption a slide of their own (text after the caption moves below), and
    starts a new slide below where the estimated content would overflow the screen
    (:func:`estimated_height`); a slide that is still too tall is scaled to fit by the
    deck's script.

    >>> deck_notebook(annotate(nbformat.v4.new_notebook())).cells
    []
    """
    copy = _export.offline_copy(notebook, _deck_link)
    for cell in copy.cells:
        if _is_chart(cell) and "solution" not in _tags(cell):
            cell.metadata.setdefault("transient", {})["remove_source"] = True
    _deck_boundaries(copy)
    return copy


def build(source: Path = Path("notebooks"), target: Path = Path("build/slides"), *,
          vendor: Path = Path("build/vendor"), overwrite: bool = False) -> list[Path]:
    """Write one offline reveal.js deck per chapter notebook: ``target/NN_topic.slides.html``.

    The decks share ``target/vendor/`` (reveal.js, jQuery, require.js, MathJax and the
    widget renderer, copied from ``vendor``), so copy the whole folder to present
    from another computer. Nothing is loaded from the web. The build is safe
    (:mod:`~crm_lessons.publish._staging`): a failure leaves ``target`` as it was, and
    files the build did not make are replaced only with ``overwrite`` (kept as a backup).

    >>> build(Path("notebooks"), Path("build/slides"))  # doctest: +SKIP
    """
    from nbconvert import SlidesExporter

    source = Path(source)
    notebooks = _export.chapter_notebooks(source)

    def write(folder: Path) -> list[Path]:
        _export.copy_assets(Path(vendor), folder / _export.VENDOR_DIR, slides=True)
        exporter = SlidesExporter(config=_export.exporter_config(slides=True))
        written = []
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            missing = [i for i, c in enumerate(nb.cells) if "slideshow" not in c.metadata]
            if missing:
                raise ValueError(f"{path.name}: cells {missing[:5]} have no slide metadata; run `make "
                                 "slide-metadata` (python -m crm_lessons.publish.slides annotate) first.")
            body, _ = exporter.from_notebook_node(deck_notebook(nb), resources={"metadata": {"name": path.stem}})
            out = folder / f"{path.stem}.slides.html"
            out.write_text(body, encoding="utf-8")
            written.append(out)
        return written

    written, backup = _staging.staged_build(source, Path(target), write, overwrite=overwrite)
    if backup is not None:
        print(f"kept the previous {target} as {backup}")
    return written


def _main(argv: list[str]) -> None:
    if argv[:1] == ["annotate"]:
        paths = [Path(a) for a in argv[1:]]
        if not paths:
            raise SystemExit("usage: python -m crm_lessons.publish.slides annotate NOTEBOOK.ipynb ...")
        changed = annotate_files(paths)
        for path in paths:
            print(f"{'annotated' if path in changed else 'unchanged'} {path}")
        return
    if argv[:1] == ["build"]:
        args = [a for a in argv[1:] if not a.startswith("--")]
        vendor = Path(argv[argv.index("--vendor") + 1]) if "--vendor" in argv else Path("build/vendor")
        args = [a for a in args if Path(a) != vendor]
        source = Path(args[0]) if args else Path("notebooks")
        target = Path(args[1]) if len(args) > 1 else Path("build/slides")
        for path in build(source, target, vendor=vendor, overwrite="--overwrite" in argv):
            print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
        return
    raise SystemExit("usage: python -m crm_lessons.publish.slides annotate NOTEBOOK ... "
                     "| build [SOURCE] [TARGET] --vendor DIR [--overwrite]")


if __name__ == "__main__":
    try:
        _main(sys.argv[1:])
    except (_staging.UnsafeTargetError, FileNotFoundError) as err:
        raise SystemExit(f"error: {err}") from None
