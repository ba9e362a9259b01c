"""``crm.setup()``: one call at the top of every notebook.

It applies the chart theme, seeds the random generators, sets pandas display
options and keeps library noise out of the notebook. When the environment
variable ``CRM_LESSONS_STRICT=1`` is set (the test harness sets it), deprecation
and runtime warnings raised from notebook cells or from this package become
errors, so a deprecated call can never slip into a stored notebook.
"""
from __future__ import annotations

import importlib.abc
import os
import random
import re
import sys
import warnings

import numpy as np
import pandas as pd

from .i18n import tr

SEED = 42
_STATE = {"setup_done": False}


def setup_done() -> bool:
    """True once ``crm.setup()`` has run in this Python session.

    >>> setup(); setup_done()
    True
    """
    return _STATE["setup_done"]


def _text_display_for_sklearn(module: object) -> None:
    """Show scikit-learn estimators as short text: the HTML repr is ~45 KB and changes on every run."""
    module.set_config(display="text")


class _AfterImport(importlib.abc.MetaPathFinder):
    """Run ``action(module)`` right after ``name`` is first imported (so set-up need not import it)."""

    def __init__(self, name: str, action) -> None:
        self.name, self.action = name, action

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        from importlib.util import find_spec

        spec = find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, action = spec.loader, self.action

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                module.__spec__.loader = module.__loader__ = loader   # leave no trace of the wrapper
                loader.exec_module(module)
                action(module)

        spec.loader = _Loader()
        return spec


def _when_imported(name: str, action) -> None:
    """Call ``action(module)`` now if ``name`` is imported, else right after its first import."""
    if name in sys.modules:
        action(sys.modules[name])
    elif not any(isinstance(f, _AfterImport) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport(name, action))


def setup(seed: int = SEED, lang: str = "en") -> None:
    """Prepare a notebook session: language, theme, seeds, display options, warning policy.

    ``lang="zh"`` switches messages, chart text and widget labels to Chinese (the Chinese
    edition's set-up cell); see :mod:`crm_lessons.i18n`. Tables then show data names as
    "冠军客户 (Champions)": Chinese name and the English key to type (:mod:`crm_lessons.named_tables`).

    Imports nothing heavy: scikit-learn's display option is set when scikit-learn is first
    imported, and the chart theme needs matplotlib only.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> crm.setup()
    """
    from ._notebook_errors import install
    from .i18n import get_language, set_language
    from .named_tables import install as show_data_names
    from .plots.theme import apply_theme

    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(tr("seed must be an int, got {kind}.", kind=type(seed).__name__))
    set_language(lang)
    apply_theme()
    _sharp_inline_charts()
    random.seed(seed)
    np.random.seed(seed)
    pd.set_option("display.max_rows", 20)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 3)
    _when_imported("sklearn", _text_display_for_sklearn)
    # seaborn 0.13.2 calls a boxplot argument that matplotlib 3.11 deprecated; not ours to fix.
    warnings.filterwarnings("ignore", message=r".*vert: bool.*", module="seaborn")
    if os.environ.get("CRM_LESSONS_STRICT") == "1":
        for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning, RuntimeWarning):
            warnings.filterwarnings("error", category=category, module=r"(__main__|crm_lessons)")
    install()
    show_data_names(get_language())
    _STATE["setup_done"] = True


def _sharp_inline_charts() -> None:
    """Store inline charts at twice their pixel size ('retina'), so they stay sharp on a 1080p projector.

    The notebook shows them at the same size as before; only in a running IPython kernel.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def check_environment() -> pd.DataFrame:
    """Check that Python and every required library (from the package metadata) are new enough.

    Returns one row per requirement with the minimum version and a plain status
    ("ok", "too old: ...", "missing"); installed versions are not shown so that the
    stored notebook output does not change with every upgrade. After
    ``crm.setup(lang="zh")`` the headers and statuses are in Chinese.

    Examples
    --------
    >>> check_environment()["status"].eq("ok").all()
    np.True_
    """
    import importlib.metadata
    import sys

    from .i18n import N_, gettext, tr

    headers = {"requirement": N_("requirement"), "minimum": N_("minimum"), "status": N_("status")}
    rows = [{"requirement": "Python", "minimum": "3.11",
             "status": gettext("ok") if sys.version_info >= (3, 11) else
             tr("too old: {version}", version=sys.version.split()[0])}]
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
            status = gettext("ok") if ok else tr("too old: {version}", version=installed)
        except importlib.metadata.PackageNotFoundError:
            status = gettext("missing: run `make lab` again, or `pip install -e .`")
        rows.append({"requirement": dist, "minimum": minimum, "status": status})
    return pd.DataFrame(rows).rename(columns={key: gettext(text) for key, text in headers.items()})
