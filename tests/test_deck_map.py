"""docs/deck_map.md: every deck section points at a notebook heading that exists."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "docs" / "deck_map.md"
NOTEBOOKS = ROOT / "notebooks"


def _rows(path: Path = MAP) -> list[dict[str, str]]:
    """Every table row of the map that names a notebook, as {column: cell}."""
    rows, header = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(header, cells)))
    return [r for r in rows if r.get("notebook", "").endswith(".ipynb")]


def _headings(name: str) -> set[str]:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return {line.lstrip("#").strip() for cell in nb.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if re.match(r"#{1,6} ", line)}


ROWS = _rows()


def test_the_map_lists_every_deck():
    decks = [r["deck"] for r in ROWS if "deck section" in r]
    for deck in ("000", "001", "002", "003"):
        assert decks.count(deck) >= 6, f"deck {deck} has fewer than 6 sections mapped"


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['notebook']}::{r['heading'][:40]}" for r in ROWS])
def test_every_listed_heading_exists(row):
    path = NOTEBOOKS / row["notebook"]
    assert path.is_file(), f"deck map names a notebook that does not exist: {row['notebook']}"
    assert row["heading"] in _headings(row["notebook"]), (
        f"deck map row {row} points at a heading that {row['notebook']} no longer has")


def test_key_deck_sections_are_mapped():
    sections = " ".join(r.get("deck section", "") for r in ROWS)
    for key in ("数据库营销策略的过程", "八大理念", "生命周期不同阶段", "流程管理的演进", "关系质量", "6is",
                "布拉德特", "诺克思", "钱包份额", "梳子", "效益数据"):
        assert key in sections, f"no map row for the deck section {key!r}"


def test_a_renamed_heading_is_caught(tmp_path):
    fake = tmp_path / "map.md"
    fake.write_text("| deck | deck section | notebook | heading | how |\n|---|---|---|---|---|\n"
                    "| 000 | 八大理念 | 02_concepts.ipynb | 4. The core ideas of CRM | explained |\n"
                    "| 000 | 八大理念 | 02_concepts.ipynb | 4. Core ideas (renamed) | explained |\n", encoding="utf-8")
    rows = _rows(fake)
    assert [r["heading"] in _headings(r["notebook"]) for r in rows] == [True, False]
