"""CRM Lessons: helpers and data for a hands-on Customer Relationship Management course.

Submodules load on first use, so ``import crm_lessons`` stays fast; heavy
libraries (matplotlib, seaborn, scikit-learn, mlxtend, ipywidgets) are imported
only by the functions that need them. ``dir(crm)`` lists what a learner uses:
the topic modules below and the shortcuts ``setup``, ``check``, ``hint``,
``progress``, ``tr`` and ``data_name`` (a data value's name in the chosen language, for a
chart title written in a notebook cell).

>>> import crm_lessons as crm
>>> crm.glossary.term("customer loyalty").chinese
'客户忠诚'
>>> "rfm" in dir(crm) and "importlib" not in dir(crm)
True
"""
import importlib as _importlib

__version__ = "0.1.0"

#: The modules a learner uses, as ``crm.<name>``. A new topic module is added here
#: (tests/test_architecture.py fails when a public module is neither here nor in _TOOLING).
LEARNER_MODULES = (
    "basket", "bgnbd", "campaigns", "cleaning", "clv", "cohorts", "customer_view", "datasets", "exercises",
    "gamma_gamma", "glossary", "lifecycle", "loyalty", "marketing_history", "models", "pareto_nbd", "plots",
    "process", "progress", "rfm", "segments", "simulate", "tradefair", "typologies", "uplift", "value", "wallet",
    "widgets",
)
#: Modules for building and running the course (Makefile, notebook set-up) and the modules behind
#: learner modules and shortcuts (reference tables, raw-file reading, saved work, the language switch
#: behind ``crm.tr``): importable but not listed.
_TOOLING = frozenset({"money", "session", "publish", "reference", "raw_exports", "export_values", "saved_work",
                      "i18n", "warm_up", "named_tables"})

# Top-level shortcuts: name -> submodule that defines it.
_SHORTCUTS = {"setup": "session", "check": "exercises", "hint": "exercises", "progress": "progress",
              "tr": "i18n", "data_name": "i18n"}


def __getattr__(name: str) -> object:
    if name in _SHORTCUTS:
        return getattr(_importlib.import_module(f".{_SHORTCUTS[name]}", __name__), name)
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return _importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{name}":
            raise
        from .i18n import tr

        raise AttributeError(tr("crm_lessons has no attribute or module {name!r}", name=name)) from None


def __dir__() -> list[str]:
    return sorted({"__version__", *LEARNER_MODULES, *_SHORTCUTS})
