"""How long does each explorer take to redraw after a learner moves one of its controls? (goal: median < 100 ms)

Runs each chapter notebook's code cells in an IPython shell (no browser, no kernel), keeps every
explorer its widget cells build, then moves each of its controls to a few other values and times
the redraw that each move triggers. Prints one line per explorer: median and worst redraw (wall
clock), the median processor time of a redraw (what the redraw costs on an idle machine, little
affected by other work on a shared one), and the number of moves.

    .venv/bin/python benchmarks/widget_updates.py [notebooks/NN_name.ipynb ...]
    .venv/bin/python benchmarks/widget_updates.py --against ../main [notebooks/NN_name.ipynb ...]

``--against DIR`` times the ``crm_lessons`` of another checkout (e.g. before a change) in the same
run, notebook by notebook in turn with this one, and prints both with the ratio. Both run this
checkout's notebooks, so DIR should hold the same notebooks' API, e.g. the branch's starting commit:
``git archive <commit> crm_lessons | tar -x -C /tmp/before``.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
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


def time_explorer(widget) -> list[tuple[float, float]]:
    """Seconds each move of each control took, the redraw included: (wall clock, processor time) per move."""
    times = []
    for control in _controls(widget):
        start_value = control.value
        for value in _other_values(control):
            if value == control.value:
                continue
            with capture_output():
                t0, c0 = time.perf_counter(), time.thread_time()
                control.value = value
                times.append((time.perf_counter() - t0, time.thread_time() - c0))
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


def measure(path: Path) -> list[dict]:
    """One record per explorer of the notebook: its label, median and worst wall ms, median processor ms, moves."""
    records = []
    for label, widget in explorers_of(path):
        times = time_explorer(widget)
        if times:
            wall = [1000 * w for w, _ in times]
            records.append({"notebook": path.stem, "explorer": label, "median": statistics.median(wall),
                            "worst": max(wall), "cpu": statistics.median(1000 * c for _, c in times),
                            "moves": len(times)})
        import matplotlib.pyplot as plt
        plt.close("all")
    return records


def _measured_elsewhere(path: Path, code: Path) -> list[dict]:
    """``measure(path)`` in a fresh interpreter that imports ``crm_lessons`` from ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code.resolve())}
    done = subprocess.run([sys.executable, __file__, "--json", str(path)], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{path.name} with the crm_lessons of {code} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(paths: list[Path], against: Path | None = None) -> None:
    os.environ.setdefault("CRM_LESSONS_PROGRESS", str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-progress.json"))
    row = "{:<24} {:<58} {:>9} {:>9} {:>8} {:>6}"
    if against is None:
        print(row.format("notebook", "explorer", "median ms", "worst ms", "cpu ms", "moves"))
        for path in paths:
            for r in measure(path):
                print(row.format(r["notebook"], r["explorer"][:58], f"{r['median']:.0f}", f"{r['worst']:.0f}",
                                 f"{r['cpu']:.0f}", r["moves"]))
        return
    print(f"before: {against.resolve()}   after: {ROOT}")
    print("{:<24} {:<44} {:>16} {:>16} {:>7} {:>7}".format("notebook", "explorer", "median ms b→a", "cpu ms b→a",
                                                           "ratio", "cpu x"))
    for path in paths:
        before, after = _measured_elsewhere(path, against), _measured_elsewhere(path, ROOT)
        for b, a in zip(before, after):
            print("{:<24} {:<44} {:>16} {:>16} {:>7} {:>7}".format(
                a["notebook"], a["explorer"][:44], f"{b['median']:.0f} → {a['median']:.0f}",
                f"{b['cpu']:.0f} → {a['cpu']:.0f}", f"{b['median'] / max(a['median'], 0.1):.1f}",
                f"{b['cpu'] / max(a['cpu'], 0.1):.1f}"))


if __name__ == "__main__":
    args = sys.argv[1:]
    as_json = "--json" in args
    against = None
    if "--against" in args:
        at = args.index("--against")
        against = Path(args[at + 1])
        del args[at:at + 2]
    args = [a for a in args if a != "--json"]
    chosen = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if as_json:
        print(json.dumps([r for path in chosen for r in measure(path)]))
    else:
        main(chosen, against)
