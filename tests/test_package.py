"""Package-wide promises: a light import, documented public functions, a working setup()."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import warnings

import pytest

import crm_lessons

HEAVY = ["sklearn", "mlxtend", "ipywidgets", "matplotlib", "seaborn", "scipy"]


def test_import_does_not_load_heavy_libraries():
    code = ("import sys, crm_lessons as crm; crm.datasets; crm.exercises; crm.glossary;"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _modules():
    for info in pkgutil.walk_packages(crm_lessons.__path__, "crm_lessons."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]) and not info.name.endswith("__main__"):
            yield info.name


@pytest.mark.parametrize("name", sorted(_modules()))
def test_public_functions_have_docstrings_with_examples(name):
    module = importlib.import_module(name)
    missing = []
    for attr, obj in vars(module).items():
        if attr.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != name:
            continue
        doc = inspect.getdoc(obj) or ""
        if not doc or (">>>" not in doc and "Examples" not in doc):
            missing.append(attr)
    assert not missing, f"{name}: public functions without a docstring example: {missing}"


def test_unknown_attribute_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match="no attribute or module 'nope'"):
        crm_lessons.nope  # noqa: B018


def test_setup_applies_theme_and_rejects_bad_seed(monkeypatch):
    import matplotlib
    import numpy as np

    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)
    with warnings.catch_warnings():
        crm_lessons.setup(seed=7)
        first = np.random.rand()
        crm_lessons.setup(seed=7)
        assert np.random.rand() == first
    first_colour = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0]
    assert matplotlib.colors.to_hex(first_colour).lower() == crm_lessons.plots.PALETTE[0].lower()
    with pytest.raises(TypeError, match="seed must be an int"):
        crm_lessons.setup(seed="7")
