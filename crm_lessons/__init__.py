"""CRM Lessons: helpers and data for a hands-on Customer Relationship Management course.

Submodules load on first use, so ``import crm_lessons`` stays fast; heavy
libraries (matplotlib, seaborn, scikit-learn, mlxtend, ipywidgets) are imported
only by the functions that need them.

>>> import crm_lessons as crm
>>> crm.glossary.term("customer loyalty").chinese
'客户忠诚'
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Top-level shortcuts: name -> submodule that defines it.
_SHORTCUTS = {"setup": "session", "check": "exercises", "hint": "exercises", "progress": "progress",
              "tr": "i18n"}


def __getattr__(name: str) -> Any:
    if name in _SHORTCUTS:
        return getattr(importlib.import_module(f".{_SHORTCUTS[name]}", __name__), name)
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"crm_lessons has no attribute or module {name!r}") from None


def __dir__() -> list[str]:
    import pkgutil
    return sorted(set(globals()) | set(_SHORTCUTS) | {m.name for m in pkgutil.iter_modules(__path__)})
