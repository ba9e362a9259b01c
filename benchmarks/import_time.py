"""How much do `import crm_lessons` and the set-up cell add? (goals: import < 0.15 s above pandas;
`crm.setup()` well under a second above pandas + matplotlib)

Each measurement is a fresh interpreter; the figure is the median of several runs.

    .venv/bin/python benchmarks/import_time.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 9
TIMER = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def measure(stmt: str) -> float:
    """Median wall time of ``stmt`` in a fresh interpreter, in seconds."""
    times = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", TIMER.format(stmt=stmt)], capture_output=True,
                             text=True, check=True).stdout
        times.append(float(out))
    return statistics.median(times)


if __name__ == "__main__":
    base = measure("import pandas")
    both = measure("import pandas; import crm_lessons as crm; crm.datasets; crm.exercises; crm.glossary")
    print(f"import pandas:                    {base:.3f} s (median of {RUNS})")
    print(f"import pandas + crm_lessons:      {both:.3f} s")
    print(f"added by crm_lessons:             {both - base:.3f} s (goal < 0.150 s)")
    plotting = measure("import pandas, matplotlib.pyplot")
    setup = measure("import pandas, matplotlib.pyplot; import crm_lessons as crm; crm.setup()")
    print(f"import pandas + matplotlib:       {plotting:.3f} s")
    print(f"... + the set-up cell:            {setup:.3f} s")
    print(f"added by the set-up cell:         {setup - plotting:.3f} s (goal well under 1 s)")
