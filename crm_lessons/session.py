"""``crm.setup()``: one call at the top of every notebook.

It applies the chart theme, seeds the random generators, sets pandas display
options and keeps library noise out of the notebook. When the environment
variable ``CRM_LESSONS_STRICT=1`` is set (the test harness sets it), deprecation
and runtime warnings raised from notebook cells or from this package become
errors, so a deprecated call can never slip into a stored notebook.
"""
from __future__ import annotations

import os
import random
import re
import warnings

import numpy as np
import pandas as pd

SEED = 42


def setup(seed: int = SEED) -> None:
    """Prepare a notebook session: theme, seeds, display options, warning policy.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> crm.setup()
    """
    import sklearn

    from .plots.theme import apply_theme

    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}.")
    apply_theme()
    random.seed(seed)
    np.random.seed(seed)
    pd.set_option("display.max_rows", 20)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 3)
    sklearn.set_config(display="text")
    # seaborn 0.13.2 calls a boxplot argument that matplotlib 3.11 deprecated; not ours to fix.
    warnings.filterwarnings("ignore", message=r".*vert: bool.*", module="seaborn")
    if os.environ.get("CRM_LESSONS_STRICT") == "1":
        for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning, RuntimeWarning):
            warnings.filterwarnings("error", category=category, module=r"(__main__|crm_lessons)")



def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def check_environment() -> pd.DataFrame:
    """Check that Python and every required library (from the package metadata) are new enough.

    Returns one row per requirement with the minimum version and a plain status
    ("ok", "too old: ...", "missing"); installed versions are not shown so that the
    stored notebook output does not change with every upgrade.

    Examples
    --------
    >>> check_environment()["status"].eq("ok").all()
    np.True_
    """
    import importlib.metadata
    import sys

    rows = [{"requirement": "Python", "minimum": "3.11",
             "status": "ok" if sys.version_info >= (3, 11) else f"too old: {sys.version.split()[0]}"}]
    for spec in importlib.metadata.requires("crm-lessons") or []:
        if "extra ==" in spec:
            continue
        match = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([\d.]+)", spec)
        if not match:
            continue
        dist, minimum = match.groups()
        try:
            installed = importlib.metadata.version(dist)
            ok = _version_tuple(installed) >= _version_tuple(minimum)
            status = "ok" if ok else f"too old: {installed}"
        except importlib.metadata.PackageNotFoundError:
            status = "missing: run `make lab` again, or `pip install -e .`"
        rows.append({"requirement": dist, "minimum": minimum, "status": status})
    return pd.DataFrame(rows)
