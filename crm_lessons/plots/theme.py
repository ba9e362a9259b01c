"""The workbook's chart theme: one colour-blind-safe palette and labelled axes everywhere.

The palette is Okabe & Ito's (2008, "Color Universal Design"), readable with the
common forms of colour blindness.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..money import SYMBOL, money

__all__ = ["CHINESE_FONT", "PALETTE", "SEQUENTIAL_CMAP", "DIVERGING_CMAP", "apply_theme", "axes_or_new", "finish",
           "money_axis", "percent_axis"]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
SEQUENTIAL_CMAP = "cividis"
#: The family name of the Chinese font the package brings (fonts/README.md): no system CJK font is assumed.
CHINESE_FONT = "Noto Sans CJK SC"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
DIVERGING_CMAP = "PuOr"


def apply_theme() -> None:
    """Set the matplotlib theme used by every chart (called by ``crm.setup()``).

    White grid, notebook-sized text and the Okabe-Ito colour cycle, set through
    matplotlib's own style sheets, so that set-up does not have to import seaborn.
    Latin text uses DejaVu Sans; Chinese characters fall back to the bundled
    Noto Sans CJK SC, so Chinese labels render on machines with no CJK font.

    >>> apply_theme()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][0].upper()
    '#0072B2'
    """
    import matplotlib as mpl
    import matplotlib.style
    from cycler import cycler

    matplotlib.style.use(["seaborn-v0_8-whitegrid", "seaborn-v0_8-notebook"])
    register_fonts()
    mpl.rcParams.update({
        "font.family": ["DejaVu Sans", CHINESE_FONT],
        "axes.prop_cycle": cycler(color=PALETTE), "patch.facecolor": PALETTE[0],
        "figure.figsize": (8.0, 4.5), "figure.dpi": 100, "savefig.dpi": 100,
        "axes.titlesize": 13, "axes.titleweight": "bold", "axes.labelsize": 11,
        "legend.frameon": False, "image.cmap": SEQUENTIAL_CMAP, "figure.constrained_layout.use": True,
    })


def register_fonts() -> list[str]:
    """Make the bundled fonts known to matplotlib (once); return their file names.

    >>> register_fonts()
    ['NotoSansSC-Bold-subset.otf', 'NotoSansSC-Regular-subset.otf']
    """
    from matplotlib import font_manager

    known = {Path(f.fname).name for f in font_manager.fontManager.ttflist}
    files = sorted(FONT_DIR.glob("*.otf"))
    for path in files:
        if path.name not in known:
            font_manager.fontManager.addfont(str(path))
    return [p.name for p in files]


def axes_or_new(ax: Any = None, figsize: tuple[float, float] = (8.0, 4.5)) -> Any:
    """Return ``ax``, or the Axes of a new figure of ``figsize`` inches when ``ax`` is None.

    >>> import matplotlib.pyplot as plt
    >>> ax = axes_or_new(None, (4, 3)); plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def finish(ax: Any, title: str, xlabel: str, ylabel: str, *, legend_title: str | None = None) -> Any:
    """Give ``ax`` a finding-stating title and axis labels (with units); return it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = finish(ax, "Email has the highest ROI", "Channel", "ROI (%)")
    >>> plt.close(fig)
    """
    for arg, value in {"title": title, "xlabel": xlabel, "ylabel": ylabel}.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{arg} must be a non-empty string: every chart states its finding and units.")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    legend = ax.get_legend()
    if legend is not None and legend_title is not None:
        legend.set_title(legend_title)
    return ax


def money_axis(ax: Any, axis: str = "y", currency: str = SYMBOL) -> Any:
    """Format the ``axis`` ticks of ``ax`` as money, e.g. ``¥1,200`` (``currency="$"`` for CDNOW).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = money_axis(ax); plt.close(fig)
    """
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: money(v, symbol=currency))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def percent_axis(ax: Any, axis: str = "y", decimals: int = 0) -> Any:
    """Format the ``axis`` ticks of ``ax`` (holding fractions 0..1) as percentages.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = percent_axis(ax); plt.close(fig)
    """
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=decimals))
    return ax
