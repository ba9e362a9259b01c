"""Re-make the bundled Chinese chart font (crm_lessons/plots/fonts/) from Debian's fonts-noto-cjk.

    python tools/subset_cjk_font.py

Downloads the Debian package into a temporary folder (``apt-get download``: nothing is
installed on the machine), keeps the "Noto Sans CJK SC" face of the Regular and Bold
collections, and subsets it to GB 2312 plus CJK punctuation and full-width forms.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FONT_DIR = Path(__file__).resolve().parent.parent / "crm_lessons" / "plots" / "fonts"
FACE = "Noto Sans CJK SC"


def gb2312_characters() -> set[str]:
    """Every character of GB 2312 (rows 0xA1-0xF7, cells 0xA1-0xFE), plus CJK punctuation and full-width forms."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF01, 0xFF5F)}
    return chars | set("“”‘’…—–·•¥￥")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "fonts-noto-cjk"], cwd=tmp, check=True)
        deb = next(Path(tmp).glob("fonts-noto-cjk_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(Path(tmp) / "x")], check=True)
        text = "".join(sorted(gb2312_characters()))
        for weight in ("Regular", "Bold"):
            collection = TTCollection(str(Path(tmp) / f"x/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"))
            font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FACE)
            options = subset.Options()
            options.name_IDs, options.name_languages, options.layout_features = ["*"], ["*"], ["*"]
            options.drop_tables += ["VORG", "vhea", "vmtx"]
            options.notdef_outline, options.hinting = True, False
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=text)
            subsetter.subset(font)
            font.save(str(FONT_DIR / f"NotoSansSC-{weight}-subset.otf"))
            print(f"wrote NotoSansSC-{weight}-subset.otf ({len(text):,} characters)")


if __name__ == "__main__":
    main()
