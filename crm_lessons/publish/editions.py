"""The Chinese edition from one source: catalogues of the English text, and notebooks built from them.

Two kinds of gettext catalogue (``.po``, edited with any PO editor):

- **notebook prose** (the sphinx-intl model): ``locale/zh_CN/notebooks/NN_topic.po``, one entry
  per markdown cell of ``notebooks/NN_topic.ipynb``; ``msgctxt`` is the cell id, ``msgid`` its
  English source. When the English cell changes, the entry is kept but marked *fuzzy* with the
  old English as ``#| msgid`` (its translation is **stale**); a new cell gets an empty entry
  (**missing**).
- **package strings**: ``crm_lessons/locale/zh_CN/LC_MESSAGES/crm_lessons.po``, from the texts
  the package marks with ``_()``, ``N_()`` or ``tr()`` and the ``crm.tr("...")`` templates of the
  notebooks' code cells; compiled to ``crm_lessons.mo`` (committed) for :mod:`crm_lessons.i18n`.

The Chinese notebook ``notebooks/zh/NN_topic.ipynb`` is the English one with every markdown cell
replaced by its translation and the set-up call ``crm.setup()`` turned into
``crm.setup(lang="zh")``; every other code cell, cell id, tag and metadata is kept. Links are
written in the catalogue as in the English notebook (relative to ``notebooks/``) and are
adjusted for the ``zh/`` folder: a chapter with a Chinese edition is linked in Chinese, any
other chapter in English, and a Binder link opens the Chinese notebook.

Commands (from the repository root)::

    python -m crm_lessons.publish.editions extract [NN_topic ...]   # update catalogues (new ones for NN_topic)
    python -m crm_lessons.publish.editions status                   # missing / stale, per cell; exit 1 if any
    python -m crm_lessons.publish.editions build                    # write notebooks/zh/*.ipynb (outputs cleared)

Babel (a test/tooling dependency) is needed by these commands, not by the workbook at run time.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..i18n import DOMAIN, LOCALE_DIR
from . import _links

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
EDITION = "zh"
LOCALE = "zh_CN"
CATALOGUE_DIR = ROOT / "locale" / LOCALE / "notebooks"
EDITION_DIR = NOTEBOOK_DIR / EDITION
PACKAGE_TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
PACKAGE_CATALOGUE = LOCALE_DIR / LOCALE / "LC_MESSAGES" / f"{DOMAIN}.po"
PACKAGE_COMPILED = PACKAGE_CATALOGUE.with_suffix(".mo")
#: Functions whose string arguments go into the package catalogue (``crm.tr`` in notebook code too).
KEYWORDS = {"_": None, "N_": None, "tr": None, "gettext": None}

_SETUP = re.compile(r"\bcrm\.setup\((\s*\))?")
_BINDER = re.compile(r"(urlpath=lab/tree/notebooks/)(\d\d_\w+\.ipynb)")
_CHAPTER = re.compile(r"^(\d\d_\w+\.ipynb)(#.*)?$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_FENCED = re.compile(r"```.*?```", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_HTML_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
#: Headings of the cells the Chinese share leaves out: reference lists stay as published.
REFERENCE_HEADINGS = re.compile(r"^#+\s*(References|参考文献)\s*$", re.M)


# --- the code of the two editions ---------------------------------------------------------

def localise_code(source: str, lang: str = EDITION) -> str:
    """The Chinese edition of a code cell: the set-up call chooses the language; nothing else changes.

    >>> localise_code("import crm_lessons as crm\\n\\ncrm.setup()")
    'import crm_lessons as crm\\n\\ncrm.setup(lang="zh")'
    >>> localise_code("crm.setup(seed=7)"), localise_code("x = 1")
    ('crm.setup(lang="zh", seed=7)', 'x = 1')
    """
    return _SETUP.sub(lambda m: f'crm.setup(lang="{lang}")' if m.group(1) else f'crm.setup(lang="{lang}", ',
                      source)


# --- links ---------------------------------------------------------------------------------

def localise_link(target: str, translated: set[str]) -> str:
    """A link target written for ``notebooks/`` rewritten for ``notebooks/zh/``.

    ``translated`` holds the file names of the chapters that have a Chinese edition.

    >>> done = {"00_start_here.ipynb"}
    >>> localise_link("00_start_here.ipynb#3", done), localise_link("01_background.ipynb", done)
    ('00_start_here.ipynb#3', '../01_background.ipynb')
    >>> localise_link("../README.zh-CN.md#章节", done), localise_link("https://x.org", done)
    ('../../README.zh-CN.md#章节', 'https://x.org')
    """
    binder = _BINDER.search(target)
    if binder and binder.group(2) in translated:
        return _BINDER.sub(lambda m: f"{m.group(1)}{EDITION}/{m.group(2)}", target)
    if not _links.is_relative(target):
        return target
    chapter = _CHAPTER.match(target)
    if chapter and chapter.group(1) in translated:
        return target
    return f"../{target}"


def localise_markdown(markdown: str, translated: set[str]) -> str:
    """Apply :func:`localise_link` to every link, image and HTML href/src of ``markdown``.

    >>> localise_markdown("[next](01_background.ipynb) <img src='fig.png'>", set())
    "[next](../01_background.ipynb) <img src='fig.png'>"
    """
    return _links.rewrite(markdown, lambda target: localise_link(target, translated))


# --- notebook catalogues -------------------------------------------------------------------

@dataclass(frozen=True)
class CellState:
    """The translation state of one markdown cell: ``translated``, ``missing`` or ``stale``."""

    notebook: str
    cell_id: str
    state: str
    first_line: str

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.cell_id} ({self.first_line!r}): {self.state}"


def catalogue_path(notebook: Path) -> Path:
    """The prose catalogue of an English notebook: ``locale/zh_CN/notebooks/NN_topic.po``.

    >>> catalogue_path(Path("notebooks/00_start_here.ipynb")).relative_to(ROOT).as_posix()
    'locale/zh_CN/notebooks/00_start_here.po'
    """
    return CATALOGUE_DIR / f"{Path(notebook).stem}.po"


def edition_notebooks() -> list[Path]:
    """The English notebooks that have a Chinese edition (a prose catalogue), in chapter order.

    >>> edition_notebooks()[0].name
    '00_start_here.ipynb'
    """
    return [NOTEBOOK_DIR / f"{po.stem}.ipynb" for po in sorted(CATALOGUE_DIR.glob("[0-9][0-9]_*.po"))]


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _previous_ids(path: Path) -> dict[str, str]:
    """msgctxt -> the old English of a stale entry (Babel writes ``#| msgid`` but does not read it back)."""
    from babel.messages.pofile import unescape

    found = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.split("\n")
        previous = " ".join(line[3:] for line in lines if line.startswith("#| "))
        context = next((line[len("msgctxt "):] for line in lines if line.startswith("msgctxt ")), None)
        if previous.startswith("msgid ") and context:
            found[unescape(context)] = "".join(unescape(f'"{part}"') for part in _QUOTED.findall(previous))
    return found


def read_catalogue(path: Path):
    """Read a ``.po`` file with Babel (a clear error names the file if it does not parse).

    >>> read_catalogue(PACKAGE_CATALOGUE).locale.language
    'zh'
    """
    from babel.messages.pofile import read_po

    try:
        with open(path, "rb") as handle:
            catalogue = read_po(handle, locale=LOCALE, abort_invalid=True)
        previous = _previous_ids(path)
    except Exception as err:
        raise ValueError(f"{path}: not a readable PO catalogue ({type(err).__name__}: {err}).") from err
    for message in catalogue:
        if message.context in previous and message.fuzzy:
            message.previous_id = [previous[message.context]]
    return catalogue


def _write_catalogue(catalogue, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, ignore_obsolete=True, include_previous=True)
    path.write_bytes(buffer.getvalue())


def _markdown_cells(nb) -> list:
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    for cell in cells:
        if not cell.get("id"):
            raise ValueError("a markdown cell has no id: save the notebook with nbformat 4.5 or newer "
                             "(nbformat.validator.normalize adds ids) before extracting.")
    return cells


def merge_notebook(nb, old, name: str):
    """The catalogue of ``nb``'s markdown cells, keeping the translations of ``old`` (a Catalog or None).

    A cell whose English changed keeps its old translation marked fuzzy (stale), with the old
    English as ``previous_id`` so that a translator sees what changed.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello", id="c1")])
    >>> [(m.context, m.id, m.string) for m in merge_notebook(nb, None, "demo") if m.id]
    [('c1', 'Hello', '')]
    """
    from babel.messages.catalog import Catalog

    dates = {"creation_date": old.creation_date, "revision_date": old.revision_date} if old is not None else {}
    new = Catalog(locale=LOCALE, project=f"CRM Lessons: {name}", fuzzy=False, **dates)
    for index, cell in enumerate(_markdown_cells(nb)):
        previous = old.get(cell.source, context=cell.id) if old is not None else None
        kept = previous or _by_context(old, cell.id)
        if kept is None:
            new.add(cell.source, "", locations=[(f"notebooks/{name}.ipynb", index)], context=cell.id)
            continue
        stale = kept.id != cell.source or kept.fuzzy
        flags = {"fuzzy"} if stale else set()
        previous_id = (kept.previous_id or [kept.id]) if kept.id != cell.source else kept.previous_id
        new.add(cell.source, kept.string, locations=[(f"notebooks/{name}.ipynb", index)], flags=flags,
                context=cell.id, previous_id=previous_id if stale else (), user_comments=kept.user_comments)
    return new


def _by_context(catalogue, context: str):
    if catalogue is None:
        return None
    return next((m for m in catalogue if m.id and m.context == context), None)


def cell_states(nb, catalogue, name: str) -> list[CellState]:
    """The state of every markdown cell of the English notebook ``nb`` against its catalogue.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello", id="c1")])
    >>> [s.state for s in cell_states(nb, merge_notebook(nb, None, "demo"), "demo")]
    ['missing']
    """
    states = []
    for cell in _markdown_cells(nb):
        entry = _by_context(catalogue, cell.id)
        if entry is None or not entry.string:
            state = "missing"
        elif entry.id != cell.source or entry.fuzzy:
            state = "stale"
        else:
            state = "translated"
        states.append(CellState(name, cell.id, state, cell.source.split("\n", 1)[0][:60]))
    return states


class IncompleteTranslation(ValueError):
    """A notebook cannot be built because some of its cells are missing or stale."""


def translate_notebook(nb, catalogue, name: str, translated: set[str]):
    """The Chinese edition of the English notebook ``nb`` (outputs cleared, to be executed).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello", id="c1"),
    ...                                      nbformat.v4.new_code_cell("crm.setup()", id="c2")])
    >>> catalogue = merge_notebook(nb, None, "demo")
    >>> catalogue.get("Hello", context="c1").string = "你好"
    >>> [c.source for c in translate_notebook(nb, catalogue, "demo", set()).cells]
    ['你好', 'crm.setup(lang="zh")']
    """
    problems = [s for s in cell_states(nb, catalogue, name) if s.state != "translated"]
    if problems:
        raise IncompleteTranslation(f"{name}: {len(problems)} cell(s) not translated:\n"
                                    + "\n".join(f"  {p}" for p in problems))
    out = nbformat.from_dict(nb)
    out.metadata.pop("widgets", None)
    out.metadata["crm_lessons"] = {"edition": EDITION, "source": f"../{name}.ipynb"}
    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = localise_markdown(_by_context(catalogue, cell.id).string, translated)
        elif cell.cell_type == "code":
            cell.source = localise_code(cell.source)
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    return out


# --- the Chinese share of the prose ----------------------------------------------------------

def prose_letters(markdown: str) -> tuple[int, int]:
    """(Chinese characters, all letters) of ``markdown``'s prose, as counted for the 90 % goal.

    Left out: fenced and inline code, maths, HTML tags, link targets and bare URLs (link text
    counts), and a reference list (a cell headed "References" / "参考文献"). A letter is any
    character ``str.isalpha()`` accepts (Latin, Greek, Han ...); digits and punctuation do not count.

    >>> prose_letters("客户价值 uses `crm.value.clv()` ([CLV](https://x.org))")
    (4, 11)
    """
    if REFERENCE_HEADINGS.search(markdown):
        return 0, 0
    text = _FENCED.sub(" ", markdown)
    for pattern in (_INLINE_CODE, _MATH, _HTML_TAG, _LINK_TARGET, _URL):
        text = pattern.sub(" ", text)
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if _HAN.match(ch)), len(letters)


def chinese_share(nb) -> float:
    """Share of Chinese characters among the letters of the notebook's prose (see :func:`prose_letters`).

    >>> chinese_share(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("客户 CRM")]))
    0.4
    """
    han = letters = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            h, n = prose_letters(cell.source)
            han, letters = han + h, letters + n
    return han / letters if letters else 0.0


# --- package strings -------------------------------------------------------------------------

def package_messages() -> dict[str, list[tuple[str, int]]]:
    """Every marked text of the package and every ``crm.tr`` template of the notebooks -> locations.

    >>> package_messages()["Exercise {id}"][0][0]
    'crm_lessons/exercises/core.py'
    """
    from babel.messages.extract import extract

    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted((ROOT / "crm_lessons").rglob("*.py")):
        with open(path, "rb") as handle:
            for lineno, message, _comments, _context in extract("python", handle, keywords=KEYWORDS):
                if isinstance(message, str) and message:
                    found.setdefault(message, []).append((str(path.relative_to(ROOT)), lineno))
    for notebook in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        for index, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
            if cell.cell_type != "code" or "tr(" not in cell.source:
                continue
            for _lineno, message, _c, _ctx in extract("python", io.BytesIO(cell.source.encode()),
                                                      keywords={"crm.tr": None, "tr": None}):
                if isinstance(message, str) and message:
                    found.setdefault(message, []).append((f"notebooks/{notebook.name}", index))
    return found


def update_package_catalogue() -> list[str]:
    """Bring the package template and catalogue up to date; return the texts that need a translator.

    >>> update_package_catalogue()   # doctest: +SKIP
    []
    """
    from babel.messages.catalog import Catalog

    dates = {"creation_date": read_catalogue(PACKAGE_TEMPLATE).creation_date} if PACKAGE_TEMPLATE.exists() else {}
    template = Catalog(project="CRM Lessons", fuzzy=False, **dates)
    for message, locations in package_messages().items():
        flags = {"python-brace-format"} if re.search(r"\{[^{}]*\}", message) else set()
        template.add(message, locations=locations, flags=flags)
    _write_catalogue(template, PACKAGE_TEMPLATE)
    catalogue = read_catalogue(PACKAGE_CATALOGUE) if PACKAGE_CATALOGUE.exists() else Catalog(locale=LOCALE)
    catalogue.update(template, no_fuzzy_matching=False)
    _write_catalogue(catalogue, PACKAGE_CATALOGUE)
    compile_package_catalogue()
    return [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]


def compile_package_catalogue() -> Path:
    """Write ``crm_lessons.mo`` from the ``.po`` (fuzzy entries left out, as gettext does).

    >>> compile_package_catalogue().name   # doctest: +SKIP
    'crm_lessons.mo'
    """
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(PACKAGE_CATALOGUE), use_fuzzy=False)
    PACKAGE_COMPILED.write_bytes(buffer.getvalue())
    return PACKAGE_COMPILED


# --- commands --------------------------------------------------------------------------------

def _english(name: str) -> Path:
    path = NOTEBOOK_DIR / f"{Path(name).stem}.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"No English notebook {path.relative_to(ROOT)}: name a chapter such as "
                                "03_loyalty_theory.")
    return path


def extract(new: Iterable[str] = ()) -> list[CellState]:
    """Update every prose catalogue (and start one for each notebook in ``new``) and the package catalogue.

    >>> states = extract(["03_loyalty_theory"])   # doctest: +SKIP
    """
    notebooks = sorted({*edition_notebooks(), *(_english(n) for n in new)})
    states = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        po = catalogue_path(path)
        catalogue = merge_notebook(nb, read_catalogue(po) if po.exists() else None, path.stem)
        _write_catalogue(catalogue, po)
        states += cell_states(nb, catalogue, path.stem)
    update_package_catalogue()
    return states


def status() -> tuple[list[CellState], list[str]]:
    """Cells not translated (missing, stale) per notebook and package texts without a translation.

    >>> status()
    ([], [])
    """
    cells = []
    for path in edition_notebooks():
        cells += [s for s in cell_states(nbformat.read(path, as_version=4), read_catalogue(catalogue_path(path)),
                                         path.stem) if s.state != "translated"]
    catalogue = read_catalogue(PACKAGE_CATALOGUE)
    known = {m.id for m in catalogue if m.id}
    texts = [f"missing: {m!r}" for m in package_messages() if m not in known]
    texts += [f"{'stale' if m.fuzzy else 'missing'}: {m.id!r}" for m in catalogue
              if m.id and (not m.string or m.fuzzy)]
    return cells, texts


def build() -> list[Path]:
    """Write the Chinese edition of every notebook that has a catalogue into ``notebooks/zh/``.

    >>> [p.name for p in build()]   # doctest: +SKIP
    ['00_start_here.ipynb']
    """
    notebooks = edition_notebooks()
    translated = {p.name for p in notebooks}
    EDITION_DIR.mkdir(exist_ok=True)
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        out = translate_notebook(nb, read_catalogue(catalogue_path(path)), path.stem, translated)
        target = EDITION_DIR / path.name
        nbformat.write(out, target)
        written.append(target)
    compile_package_catalogue()
    return written


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm_lessons.publish.editions",
                                     description="Catalogues and notebooks of the Chinese edition.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="update the catalogues from the English sources")
    ex.add_argument("new", nargs="*", help="chapters to start a catalogue for, e.g. 03_loyalty_theory")
    sub.add_parser("status", help="list missing and stale translations (exit 1 if any)")
    sub.add_parser("build", help="write notebooks/zh/ from the catalogues (refuses incomplete ones)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        states = extract(args.new)
        open_cells = [s for s in states if s.state != "translated"]
        print(f"{len(states) - len(open_cells)} of {len(states)} cells translated.")
        cells, texts = status()
        for line in [*map(str, cells), *texts]:
            print(line)
        return 0
    if args.command == "status":
        cells, texts = status()
        for line in [*map(str, cells), *texts]:
            print(line)
        print("all translated and up to date." if not cells and not texts
              else f"{len(cells)} cell(s) and {len(texts)} package text(s) to translate.")
        return 1 if cells or texts else 0
    try:
        for path in build():
            print(f"wrote {path.relative_to(ROOT)}")
    except IncompleteTranslation as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
