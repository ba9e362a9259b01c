"""Chart helpers used in the notebooks; each topic keeps its own module here.

Access any helper flatly, e.g. ``crm.plots.<name>``; the modules are searched in
alphabetical order and only names in their ``__all__`` are exposed.
"""
from __future__ import annotations

from typing import Any

from .._lazy import find_in_package, list_public


def __getattr__(name: str) -> Any:
    return find_in_package(__name__, __path__, name)


def __dir__() -> list[str]:
    return list_public(__name__, __path__)
