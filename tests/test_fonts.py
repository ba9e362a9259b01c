"""Chinese renders in charts from the font the package brings, on a machine with no CJK font."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

import crm_lessons as crm  # noqa: E402
from crm_lessons.plots import theme  # noqa: E402

PACKAGE = Path(crm.__file__).resolve().parent
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]+")


def _chinese_strings() -> list[str]:
    """Every run of Chinese characters in the package's text files (code, tables, catalogues)."""
    runs: set[str] = set()
    for path in PACKAGE.rglob("*"):
        if path.suffix in {".py", ".csv", ".json", ".po", ".txt"} and path.is_file():
            runs.update(HAN.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return sorted(runs)


def test_the_chinese_font_is_the_bundled_file():
    crm.setup()
    found = font_manager.findfont(font_manager.FontProperties(family=theme.CHINESE_FONT), fallback_to_default=False)
    assert Path(found).resolve().parent == theme.FONT_DIR
    for weight in ("normal", "bold"):
        path = font_manager.findfont(font_manager.FontProperties(family=theme.CHINESE_FONT, weight=weight))
        assert Path(path).parent == theme.FONT_DIR


def test_every_chinese_string_of_the_package_draws_without_a_missing_glyph():
    crm.setup()
    strings = _chinese_strings()
    assert len("".join(strings)) > 500, "expected the glossary and deck terms to hold Chinese text"
    fig, ax = plt.subplots()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=r"Glyph .* missing")
            for start in range(0, len(strings), 40):
                ax.set_title(" ".join(strings[start:start + 40]))       # bold, like every chart title
                ax.set_xlabel(" ".join(strings[start:start + 40]))      # regular
                fig.canvas.draw()
    finally:
        plt.close(fig)


def test_a_character_outside_the_subset_is_reported():
    """The test above can fail: a rare character outside GB 2312 is missing from the subset."""
    crm.setup()
    fig, ax = plt.subplots()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ax.set_title("𠀀")          # U+20000, CJK Extension B
            fig.canvas.draw()
    finally:
        plt.close(fig)
    assert any("missing" in str(w.message) for w in caught)
