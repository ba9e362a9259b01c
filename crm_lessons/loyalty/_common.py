"""Constants and checks shared by the loyalty modules: scales, stages, drivers, defection."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .._validation import require_columns, require_numeric
from ..i18n import tr

INTENTIONS = ["repurchase", "price_tolerance", "cross_buying", "recommendation"]
DRIVERS = ["perceived_value", "satisfaction", "trust", "switching_cost"]
STAGES = ["identification", "development", "stability", "decline"]
RELATIONSHIP_QUALITY = ["commercial_friendship", "trust", "satisfaction", "belonging"]
ALL_STAGES = "all"
CONSTRUCTS: dict[str, list[str]] = {
    "perceived_value": ["pv1", "pv2", "pv3"],
    "satisfaction": ["sat1", "sat2", "sat3"],
    "trust": ["trust1", "trust2", "trust3"],
    "switching_cost": ["sc1", "sc2", "sc3"],
    "commercial_friendship": ["cf1", "cf2"],
    "belonging": ["bel1", "bel2"],
    "involvement": ["inv1", "inv2"],
    "loyalty": list(INTENTIONS),
}
MIN_ALPHA_RESPONDENTS = 3
MAX_SD_RATIO = 4.0
_LEVELS = {1: "very low", 2: "low", 3: "medium", 4: "high"}



def numeric_items(frame: pd.DataFrame, columns: Sequence[str], arg: str) -> pd.DataFrame:
    """The item columns as floats; TypeError/ValueError naming a non-numeric or incomplete item."""
    return pd.DataFrame({c: require_numeric(frame, c, arg) for c in columns}, index=frame.index)




def resolve_constructs(constructs: Any, frame: pd.DataFrame, arg: str, *, min_items: int = 1) -> dict[str, list[str]]:
    """Validate a mapping construct -> item columns against ``frame``."""
    if constructs is None:
        constructs = {c: items for c, items in CONSTRUCTS.items()
                      if all(i in frame.columns for i in items)}
        if not constructs:
            raise ValueError(
                tr("{arg} holds none of the default scales ({names}); pass constructs={{'name': ['item1', 'item2', "
                   "...]}}.", arg=arg, names=', '.join(CONSTRUCTS))
            )
        return constructs
    if constructs is Ellipsis:
        raise TypeError(tr("constructs is still `...`: pass a dict such as {'trust': ['trust1', 'trust2']}."))
    if not isinstance(constructs, Mapping) or not constructs:
        raise TypeError(
            tr("constructs must be a non-empty dict mapping each construct name to its item columns, e.g. {{'trust': "
               "['trust1', 'trust2']}}; got {kind}.", kind=type(constructs).__name__)
        )
    out: dict[str, list[str]] = {}
    for name, items in constructs.items():
        if isinstance(items, str) or not isinstance(items, Sequence):
            raise TypeError(
                tr("constructs[{name!r}] must be a list of item column names, got {kind} ({items!r}); write e.g. "
                   "[{items!r}] for a single item.", name=name, kind=type(items).__name__, items=items)
            )
        if len(items) < min_items:
            raise ValueError(tr("constructs[{name!r}] has {n} item(s); at least {min_items} are needed.",
                                name=name, n=len(items), min_items=min_items))
        require_columns(frame, {f"constructs[{name!r}]": i for i in items}, arg)
        out[str(name)] = list(items)
    return out



def stage_order(labels: pd.Series) -> list[str]:
    """Stages in lifecycle order, then any other labels alphabetically."""
    present = set(labels.astype(str))
    return [s for s in STAGES if s in present] + sorted(present - set(STAGES))


def stage_column(frame: pd.DataFrame, stage: str, arg: str) -> pd.Series:
    require_columns(frame, {"stage": stage}, arg)
    labels = frame[stage]
    if labels.isna().any():
        raise ValueError(tr("Column {stage!r} of {arg} has {n} missing stage label(s).",
                            stage=stage, arg=arg, n=int(labels.isna().sum())))
    return labels.astype(str)


