"""Links in the notebooks and the Markdown pages resolve: files exist, #anchors exist, nav lines are in order.

Markdown is parsed with mistune (the parser nbconvert uses), independently of the link
rewriting in ``crm_lessons``. Anchors are accepted in both styles a reader meets:
JupyterLab's (heading text, spaces -> ``-``) and GitHub's (lower case, punctuation dropped).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import mistune
import nbformat
import pytest

from crm_lessons.publish import handouts

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = [p for p in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "datasets" / "README.md",
                     *sorted((ROOT / "docs").glob("*.md"))] if p.exists()]
FILES = NOTEBOOKS + PAGES
_PARSE = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])
_HTML_HREF = re.compile(r"""\b(?:href|src)=["']([^"']+)["']""")
_HTML_ID = re.compile(r"""\b(?:id|name)=["']([^"']+)["']""")


def _markdown(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.get("children", []))


def _text(token) -> str:
    if "raw" in token and token["type"] in ("text", "codespan"):
        return token["raw"]
    return "".join(_text(child) for child in token.get("children", []))


def links(markdown: str) -> list[tuple[str, str]]:
    """(text, url) of every link and image, including href/src of inline HTML."""
    found = []
    for token in _walk(_PARSE(markdown)):
        if token["type"] in ("link", "image"):
            found.append((_text(token), token["attrs"]["url"]))
        elif token["type"] in ("inline_html", "block_html"):
            found += [("", url) for url in _HTML_HREF.findall(token.get("raw", ""))]
    return found


def anchors(markdown: str) -> set[str]:
    """Every id a heading (or an explicit id/name attribute) gives this page."""
    ids: set[str] = set(_HTML_ID.findall(markdown))
    seen: dict[str, int] = {}
    for token in _walk(_PARSE(markdown)):
        if token["type"] != "heading":
            continue
        text = _text(token).strip()
        ids.add(text.replace(" ", "-"))  # JupyterLab
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")  # GitHub
        ids.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return ids


def _is_local(url: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) and not url.startswith("//")


def _problems(path: Path, markdown: str) -> list[str]:
    problems = []
    for text, url in links(markdown):
        if not _is_local(url):
            continue
        target, _, anchor = url.partition("#")
        file = path if not target else (path.parent / unquote(target)).resolve()
        if not file.exists():
            problems.append(f"[{text}]({url}): no file {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}")
        elif anchor and file.suffix in (".md", ".ipynb") and unquote(anchor) not in anchors(_markdown(file)):
            problems.append(f"[{text}]({url}): no heading or id {anchor!r} in {file.name}")
    return problems


def test_the_helpers_find_links_and_anchors():
    sample = "# 1. Start here\n\n[a](b.md#x) ![pic](p.png) <a href='c.html'>c</a>\n\n## Key terms\n\n## Key terms"
    assert links(sample) == [("a", "b.md#x"), ("pic", "p.png"), ("", "c.html")]
    assert {"1.-Start-here", "1-start-here", "Key-terms", "key-terms", "key-terms-1"} <= anchors(sample)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_relative_links_resolve(path):
    problems = _problems(path, _markdown(path))
    assert not problems, f"{path.relative_to(ROOT)} has broken links:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_nav_line_points_to_the_neighbouring_chapters(path):
    title = nbformat.read(path, as_version=4).cells[0].source
    chapter_links = [(text, url) for text, url in links(title) if re.match(r"^\d\d_\w+\.ipynb$", url)]
    i = NOTEBOOKS.index(path)
    previous = [url for text, url in chapter_links if "←" in text]
    following = [url for text, url in chapter_links if "→" in text]
    assert previous == ([NOTEBOOKS[i - 1].name] if i > 0 else []), \
        f"'← previous' should lead to the chapter before {path.name}"
    assert following == ([NOTEBOOKS[i + 1].name] if i + 1 < len(NOTEBOOKS) else []), (
        f"'next →' should lead to the chapter after {path.name}")
    assert any("Contents" in text for text, _ in links(title)), "the nav line needs a Contents link"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_handout_links_stay_inside_the_handout(path):
    """Handouts hold only the notebooks: a link out of the folder must point at the repository instead."""
    student = handouts.student_version(nbformat.read(path, as_version=4))
    markdown = "\n\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    leaving = [url for _, url in links(markdown) if _is_local(url) and url.startswith("../")]
    assert not leaving, f"student {path.name} links outside its folder: {leaving}"
    assert not _problems(path, markdown), _problems(path, markdown)
