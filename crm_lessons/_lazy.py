"""Flat namespaces over a folder of topic modules (used by ``plots`` and ``widgets``).

``crm.plots.lorenz_curve`` is found in whichever module of ``crm_lessons/plots/``
defines it, so each chapter keeps its helpers in a file of its own.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def find_in_package(package: str, path: list[str], name: str) -> Any:
    """Return attribute ``name`` from the first module of ``package`` that defines it.

    >>> find_in_package("crm_lessons.plots", __import__("crm_lessons.plots").plots.__path__, "PALETTE")[0]
    '#0072B2'
    """
    if name.startswith("_"):
        raise AttributeError(name)
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{info.name}")
        public = getattr(module, "__all__", None)
        if hasattr(module, name) and (public is None or name in public):
            return getattr(module, name)
    raise AttributeError(f"{package} has no helper named {name!r}")


def list_public(package: str, path: list[str]) -> list[str]:
    """Names listed in ``__all__`` of every module of ``package``."""
    names: set[str] = set()
    for info in pkgutil.iter_modules(path):
        module = importlib.import_module(f"{package}.{info.name}")
        names.update(getattr(module, "__all__", []))
    return sorted(names)
