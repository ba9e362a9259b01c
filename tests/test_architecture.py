"""Checks on the package's architecture: private names stay private, signatures follow one contract."""
from __future__ import annotations

import ast
import importlib
import inspect
import pathlib

import pytest

import crm_lessons

PACKAGE = pathlib.Path(crm_lessons.__file__).parent


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


#: gettext's conventional names, imported by every module that shows text: ``from ..i18n import _, N_``.
GETTEXT_NAMES = {"_", "N_"}


def _is_gettext(node: ast.ImportFrom, name: str) -> bool:
    """Whether this imports gettext's ``_``/``N_`` from the package's language module, ``crm_lessons.i18n``."""
    return name in GETTEXT_NAMES and node.module == ("i18n" if node.level else "crm_lessons.i18n")


def _private_uses(path: pathlib.Path) -> list[str]:
    """`from m import _x` and `m._x` where ``m`` is a module imported by this file (gettext's ``_`` aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _is_private(alias.name) and not _is_module(path, node, alias.name) \
                        and not _is_gettext(node, alias.name):
                    found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import {alias.name}")
                elif _is_module(path, node, alias.name):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr) and isinstance(node.value, ast.Name) \
                and node.value.id in modules:
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def _is_module(path: pathlib.Path, node: ast.ImportFrom, name: str) -> bool:
    """Whether ``from <node.module> import name`` imports a module of this package."""
    base = path.parent
    for _ in range(max(node.level - 1, 0)):
        base = base.parent
    if node.level == 0:
        if not (node.module or "").startswith("crm_lessons"):
            return False
        base = PACKAGE.parent
    folder = base.joinpath(*(node.module or "").split(".")) if node.module else base
    return (folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists()


def test_no_module_uses_another_modules_private_names():
    offenders = {str(p.relative_to(PACKAGE)): uses for p in sorted(PACKAGE.rglob("*.py"))
                 if (uses := _private_uses(p))}
    assert offenders == {}


def test_the_private_name_check_catches_both_forms(tmp_path):
    (tmp_path / "plots").mkdir()
    (tmp_path / "rfm.py").write_text("", encoding="utf-8")
    (tmp_path / "_validation.py").write_text("", encoding="utf-8")
    sample = tmp_path / "plots" / "probe.py"
    sample.write_text("from .. import rfm, _validation\nfrom ..rfm import _secret\nrfm._hidden()\n"
                      "_validation.require_frame\nfrom ..i18n import _, N_\nfrom ..rfm import _\n", encoding="utf-8")
    assert _private_uses(sample) == ["line 2: from ..rfm import _secret", "line 6: from ..rfm import _",
                                     "line 3: rfm._hidden"]


# --------------------------------------------------------------------------------------------
# One argument contract for every public analytics function
# --------------------------------------------------------------------------------------------

#: Every learner module is checked except these (teaching, data and reference modules); a new analytics
#: module listed in crm_lessons.LEARNER_MODULES is checked automatically.
NOT_ANALYTICS = {"datasets", "exercises", "marketing_history", "plots", "progress", "simulate", "widgets"}
ANALYTICS = sorted(set(crm_lessons.LEARNER_MODULES) - NOT_ANALYTICS)
#: Argument names that always name a column of the data (never a value), in this order when several appear.
COLUMNS = ["segment", "customer", "order", "basket", "date", "amount", "item"]
#: String-default arguments that may stay positional, and why.
POSITIONAL_OK = {
    ("driver_model", "outcome"): "the model's dependent variable, given together with its drivers",
    ("churn_pipeline", "kind"): "a choice of model, not a column",
}


def _public_functions():
    for module in ANALYTICS:
        mod = importlib.import_module(f"crm_lessons.{module}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                yield f"{module}.{name}", obj


@pytest.mark.parametrize("qualname, func", list(_public_functions()), ids=lambda v: v if isinstance(v, str) else "")
def test_column_arguments_are_keyword_only_with_one_meaning(qualname, func):
    params = inspect.signature(func).parameters
    name = qualname.split(".")[-1]
    for p in params.values():
        if isinstance(p.default, str) and (name, p.name) not in POSITIONAL_OK:
            assert p.kind is p.KEYWORD_ONLY, f"{qualname}: {p.name}={p.default!r} names a column; make it keyword-only"
        if p.name in COLUMNS:
            assert p.kind is p.KEYWORD_ONLY, f"{qualname}: column argument {p.name}= must be keyword-only"
            assert p.default is p.empty or p.default is None or isinstance(p.default, str), \
                f"{qualname}: {p.name}= always names a column, so its default must be a column name"
    order = [p for p in params if p in COLUMNS]
    assert order == sorted(order, key=COLUMNS.index), f"{qualname}: put the column arguments in the order {COLUMNS}"


def test_the_signature_check_sees_a_positional_column():
    def bad(tx, customer="customer_id"):
        return tx

    assert inspect.signature(bad).parameters["customer"].kind is not inspect.Parameter.KEYWORD_ONLY
    with pytest.raises(AssertionError, match="keyword-only"):
        test_column_arguments_are_keyword_only_with_one_meaning("demo.bad", bad)


# --------------------------------------------------------------------------------------------
# What a learner sees: dir(crm), crm.plots.X, crm.widgets.X
# --------------------------------------------------------------------------------------------

def test_dir_shows_only_what_a_learner_uses():
    shown = set(dir(crm_lessons))
    assert {"rfm", "basket", "plots", "widgets", "setup", "check", "hint", "progress"} <= shown
    assert not shown & {"Any", "annotations", "importlib", "slides", "course_html", "handouts", "session"}
    assert not [name for name in shown if name.startswith("_") and name != "__version__"]


def test_every_public_module_is_either_listed_for_learners_or_tooling():
    import pkgutil

    public = {m.name for m in pkgutil.iter_modules(crm_lessons.__path__) if not m.name.startswith("_")}
    unlisted = public - set(crm_lessons.LEARNER_MODULES) - crm_lessons._TOOLING
    assert not unlisted, f"add {sorted(unlisted)} to LEARNER_MODULES (or _TOOLING) in crm_lessons/__init__.py"
    assert set(crm_lessons.LEARNER_MODULES) <= public | {"progress"}


@pytest.mark.parametrize("package", ["plots", "widgets"])
def test_flat_helpers_are_explicit_and_unique(package):
    import pkgutil

    pkg = importlib.import_module(f"crm_lessons.{package}")
    owner: dict[str, str] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"crm_lessons.{package}.{info.name}")
        for name in module.__all__:
            assert name not in owner, f"{package}.{name} is defined in both {owner[name]} and {info.name}"
            owner[name] = info.name
            assert getattr(pkg, name, None) is getattr(module, name), \
                f"crm.{package}.{name} is not re-exported from {info.name} in {package}/__init__.py"
    assert sorted(pkg.__all__) == sorted(owner)
    assert len(pkg.__all__) == len(set(pkg.__all__))
    # imported by name, not found by scanning: the package source names every helper
    source = pathlib.Path(pkg.__file__).read_text(encoding="utf-8")
    assert "iter_modules" not in source and "__getattr__" not in source


def test_numpy_minimum_matches_the_code():
    import re
    import tomllib

    root = PACKAGE.parent
    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (numpy,) = [d for d in deps if re.match(r"numpy\b", d)]
    minimum = tuple(int(p) for p in re.search(r">=\s*([\d.]+)", numpy).group(1).split(".")[:2])
    uses_numpy2 = any("np.bitwise_count" in p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert not uses_numpy2 or minimum >= (2, 0), "np.bitwise_count needs NumPy >= 2.0: raise the minimum"
