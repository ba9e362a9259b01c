"""Rewrite the links in notebook markdown for copies that live elsewhere (handouts, slides, HTML).

A notebook links to its neighbours (``05_segmentation.ipynb``), to files of the
repository (``../README.md#chapters``) and to the web. A copy outside the
repository keeps the first kind, points the second kind at the repository on
GitHub (or at a page of its own) and turns remote images into plain links so that
nothing is fetched when the copy is opened offline.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

REPOSITORY = "https://github.com/crm-lessons/crm-lessons"

# ``](target)`` of a markdown link or image, and href/src attributes of inline HTML.
_MD_TARGET = re.compile(r"(\]\()([^)\s]+)(?=[)\s])")
_HTML_TARGET = re.compile(r"""(\b(?:href|src)=")([^"]+)(?=")""")
# A remote image inside a link, e.g. a badge: [![alt](https://...svg)](url) -> [alt](url).
_LINKED_REMOTE_IMAGE = re.compile(r"\[!\[([^\]]*)\]\(https?://[^)\s]+\)\]\(([^)\s]+)\)")
_REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\((https?://[^)\s]+)\)")


def is_relative(target: str) -> bool:
    """True for a link into the workbook's own files (not a URL, not a pure ``#anchor``).

    >>> is_relative("../README.md#chapters"), is_relative("https://x.org"), is_relative("#top")
    (True, False, False)
    """
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith(("#", "/"))


def rewrite(markdown: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to every link target in ``markdown`` (markdown links, images, HTML href/src).

    >>> rewrite("[next](02_x.ipynb)", lambda t: t.replace(".ipynb", ".html"))
    '[next](02_x.html)'
    """
    text = _MD_TARGET.sub(lambda m: m.group(1) + fn(m.group(2)), markdown)
    return _HTML_TARGET.sub(lambda m: m.group(1) + fn(m.group(2)), text)


def without_remote_images(markdown: str) -> str:
    """Turn remote images into links (a linked badge becomes a text link) so nothing loads from the web.

    >>> without_remote_images("[![Open in Binder](https://b.org/b.svg)](https://b.org/v2)")
    '[Open in Binder](https://b.org/v2)'
    """
    text = _LINKED_REMOTE_IMAGE.sub(lambda m: f"[{m.group(1)}]({m.group(2)})", markdown)
    return _REMOTE_IMAGE.sub(lambda m: f"[{m.group(1) or 'image'}]({m.group(2)})", text)


def to_repository(target: str, folder: str = "notebooks") -> str:
    """Point a link that leaves ``folder`` (``../...``) at the repository on GitHub.

    ``folder`` is where the notebook lives, relative to the repository root.

    >>> to_repository("../README.md#chapters")
    'https://github.com/crm-lessons/crm-lessons/blob/HEAD/README.md#chapters'
    >>> to_repository("../../README.zh-CN.md", folder="notebooks/zh")
    'https://github.com/crm-lessons/crm-lessons/blob/HEAD/README.zh-CN.md'
    >>> to_repository("../01_background.ipynb", folder="notebooks/zh")
    'https://github.com/crm-lessons/crm-lessons/blob/HEAD/notebooks/01_background.ipynb'
    >>> to_repository("05_segmentation.ipynb")
    '05_segmentation.ipynb'
    """
    if is_relative(target) and target.startswith("../"):
        return f"{REPOSITORY}/blob/HEAD/{posixpath.normpath(posixpath.join(folder, target))}"
    return target
