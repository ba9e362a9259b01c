"""How long does each explorer take to redraw after a learner moves one of its controls? (goal: median < 100 ms)

Runs each chapter notebook's code cells in an IPython shell (no browser, no kernel), keeps every
explorer its widget cells build, then moves each of its controls to a few other values and times
the redraw that each move triggers. Prints one line per explorer: median and worst redraw, moves.

    .venv/bin/python benchmarks/widget_updates.py [notebooks/NN_name.ipynb ...]
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MOVES_PER_CONTROL = 4


def _controls(widget):
    """Every value-carrying control inside ``widget`` (sliders, dropdowns, toggles, text boxes)."""
    import ipywidgets as w

    found = []
    stack = [widget]
    while stack:
        node = stack.pop()
        if isinstance(node, w.Box):
            stack.extend(reversed(node.children))
        elif isinstance(node, (w.widgets.widget_int._Int, w.widgets.widget_float._Float, w.Dropdown,
                               w.SelectionSlider, w.ToggleButtons, w.Checkbox, w.SelectMultiple, w.Text)):
            found.append(node)
    return found


def _other_values(control):
    """A few values the control can take other than its current one."""
    import ipywidgets as w

    if isinstance(control, w.Checkbox):
        return [not control.value, control.value] * (MOVES_PER_CONTROL // 2)
    if isinstance(control, w.Text):
        return ["value", "loyal", "客户", "retention"][:MOVES_PER_CONTROL]
    if isinstance(control, w.SelectMultiple):
        options = [o if isinstance(o, str) else o[1] for o in control.options]
        return [tuple(options[i:i + 2]) for i in range(0, 2 * MOVES_PER_CONTROL, 2) if i + 1 < len(options)]
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        values = [v for v in values if v != control.value]
        step = max(1, len(values) // MOVES_PER_CONTROL)
        return values[::step][:MOVES_PER_CONTROL]
    low, high = control.min, control.max
    span = high - low
    values = [low + span * f for f in (0.2, 0.4, 0.6, 0.8)]
    if isinstance(control.value, int):
        values = [int(round(v)) for v in values]
    else:
        step = control.step or span / 100
        values = [low + round((v - low) / step) * step for v in values]
    return values


def time_explorer(widget) -> list[float]:
    """Seconds each move of each control took, the redraw included."""
    times = []
    for control in _controls(widget):
        start_value = control.value
        for value in _other_values(control):
            if value == control.value:
                continue
            with capture_output():
                t0 = time.perf_counter()
                control.value = value
                times.append(time.perf_counter() - t0)
        control.value = start_value
    return times


def explorers_of(path: Path) -> list[tuple[str, object]]:
    """Run the notebook's code cells (solutions included) and return the explorers its widget cells build."""
    import ipywidgets as w

    shell = InteractiveShell.instance()
    os.chdir(path.parent)
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        with capture_output():                     # the notebook's own printing is not the benchmark's
            result = shell.run_cell(cell.source, store_history=False)
        if result.error_in_exec is not None:
            raise RuntimeError(f"{path.name}: a cell failed: {result.error_in_exec!r}\n{cell.source[:200]}")
        if "crm.widgets." in cell.source and isinstance(result.result, w.Box):
            found.append((cell.source.strip().splitlines()[-1][:60], result.result))
    shell.reset()
    return found


def main(paths: list[Path]) -> None:
    os.environ.setdefault("CRM_LESSONS_PROGRESS", str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-progress.json"))
    print(f"{'notebook':<28} {'explorer':<62} {'median ms':>9} {'worst ms':>9} {'moves':>6}")
    for path in paths:
        for label, widget in explorers_of(path):
            times = time_explorer(widget)
            if not times:
                continue
            print(f"{path.stem:<28} {label:<62} {1000 * statistics.median(times):9.0f} "
                  f"{1000 * max(times):9.0f} {len(times):6d}")
            import matplotlib.pyplot as plt
            plt.close("all")


if __name__ == "__main__":
    chosen = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    main(chosen)
