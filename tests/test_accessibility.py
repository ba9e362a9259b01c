"""Accessibility: headings in order, pictures with alt text, a palette that survives colour blindness.

Captions: every stored figure is followed by a ``*Figure N.M.`` caption cell, checked in
``tests/test_notebook_conventions.py::test_every_figure_has_a_caption``; the HTML export
turns that caption into the image's alt text (``tests/test_course_html.py``).

Colour blindness is simulated with the matrices of Machado, Oliveira & Fernandes (2009,
"A physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6))
at full severity, applied to linear RGB; distances are CIE 1976 ΔE*ab in CIELAB (D65).
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib
import mistune
import nbformat
import numpy as np
import pytest

from crm_lessons.plots import theme

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = [p for p in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))] if p.exists()]
CHART_CODE = [*sorted((ROOT / "crm_lessons" / "plots").glob("*.py")),
              *sorted((ROOT / "crm_lessons" / "widgets").glob("*.py"))]
_PARSE = mistune.create_markdown(renderer=None, plugins=["table"])

CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
# Smallest CIELAB distance between two palette colours, for every vision type. 15 leaves a clear
# margin above the ~10 at which categorical colours start to be confused, and it rejects the
# classic red/green pair (ΔE about 7 with deuteranopia, see the control test below).
MIN_DELTA_E = 15.0
_SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array(matplotlib.colors.to_rgb(hex_colour))
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = _SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str | None = None) -> float:
    """CIELAB distance between two colours as seen with ``vision`` (None: typical colour vision)."""
    matrix = np.eye(3) if vision is None else CVD[vision]
    return float(np.linalg.norm(_lab(matrix @ _linear(a)) - _lab(matrix @ _linear(b))))


def _headings(markdown: str) -> list[tuple[int, str]]:
    found = []
    for token in _PARSE(markdown):
        if token["type"] == "heading":
            text = "".join(c.get("raw", "") for c in token.get("children", []))
            found.append((token["attrs"]["level"], text))
    return found


def _markdown(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def test_colour_helpers_on_known_values():
    assert delta_e("#000000", "#FFFFFF") == pytest.approx(100.0, abs=0.01)
    assert delta_e("#0072B2", "#0072B2", "deuteranopia") == 0.0
    # Control: red and green that everyone with typical vision tells apart merge under deuteranopia.
    assert delta_e("#D62728", "#2CA02C") > 100
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < MIN_DELTA_E


def test_the_theme_palette_is_okabe_ito():
    assert [c.upper() for c in theme.PALETTE] == ["#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                  "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


@pytest.mark.parametrize("vision", [None, *CVD])
def test_palette_colours_stay_apart_with_colour_blindness(vision):
    closest = min((delta_e(a, b, vision), a, b) for a, b in itertools.combinations(theme.PALETTE, 2))
    assert closest[0] >= MIN_DELTA_E, f"{closest[1]} and {closest[2]} look alike ({vision}): ΔE {closest[0]:.1f}"


@pytest.mark.parametrize("name", [theme.SEQUENTIAL_CMAP, theme.DIVERGING_CMAP])
def test_colour_maps_read_by_lightness(name):
    """Sequential: lightness rises steadily. Diverging: its two ends stay apart for every vision type."""
    cmap = matplotlib.colormaps[name]
    samples = [matplotlib.colors.to_hex(cmap(x)) for x in np.linspace(0, 1, 11)]
    lightness = [_lab(_linear(c))[0] for c in samples]
    if name == theme.SEQUENTIAL_CMAP:
        assert all(b > a for a, b in zip(lightness, lightness[1:])), f"{name}: lightness is not monotonic"
    else:
        middle = int(np.argmax(lightness))
        assert 3 <= middle <= 7, f"{name}: the light centre is off-centre"
        for vision in [None, *CVD]:
            assert delta_e(samples[0], samples[-1], vision) >= MIN_DELTA_E, f"{name}: ends merge ({vision})"


def _hard_coded_colours(text: str) -> set[str]:
    return {c.upper() for c in re.findall(r"['\"](#[0-9A-Fa-f]{6})['\"]", text)}


def _is_grey(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return r == g == b


@pytest.mark.parametrize("path", CHART_CODE + NOTEBOOKS, ids=[p.name for p in CHART_CODE + NOTEBOOKS])
def test_charts_use_only_palette_colours_or_greys(path):
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    else:
        text = path.read_text(encoding="utf-8")
    palette = {c.upper() for c in theme.PALETTE}
    stray = sorted(c for c in _hard_coded_colours(text) if c not in palette and not _is_grey(c))
    assert not stray, f"{path.name}: colours outside the colour-blind-safe palette: {stray}"
    named = re.findall(r"""colou?rs?\s*=\s*['"](red|green|lime|darkgreen|darkred|crimson)['"]""", text)
    assert not named, f"{path.name}: red/green named colours {named}; use crm.plots.PALETTE"


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=[p.name for p in NOTEBOOKS + PAGES])
def test_headings_are_in_order(path):
    headings = _headings(_markdown(path))
    assert headings, "no headings"
    assert headings[0][0] == 1, f"the first heading must be a title (#), got {headings[0]}"
    assert sum(level == 1 for level, _ in headings) == 1, "exactly one title (#) per page"
    for (before, _), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, f"heading {text!r} jumps from level {before} to {level}"


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=[p.name for p in NOTEBOOKS + PAGES])
def test_pictures_in_text_have_alt_text(path):
    markdown = _markdown(path)
    empty = re.findall(r"!\[\s*\]\(([^)]+)\)", markdown)
    html_images = re.findall(r"<img\b[^>]*>", markdown)
    assert not empty, f"images without alt text: {empty}"
    assert all(re.search(r'\balt="[^"]+"', tag) for tag in html_images), f"<img> without alt: {html_images}"
