"""The workbook's chart theme: one colour-blind-safe palette and labelled axes everywhere.

The palette is Okabe & Ito's (2008, "Color Universal Design"), readable with the
common forms of colour blindness.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import tr
from ..money import SYMBOL, money

__all__ = ["CHINESE_FONT", "PALETTE", "SEQUENTIAL_CMAP", "DIVERGING_CMAP", "TEXT_SIZES", "ANNOTATION_SIZE",
           "DENSE_ANNOTATION_SIZE", "EXPLORER_TEXT_SIZES", "MAX_CHART_HEIGHT", "apply_theme", "axes_or_new",
           "date_axis", "finish", "money_axis", "percent_axis", "wrap_to_width"]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
SEQUENTIAL_CMAP = "cividis"
#: The family name of the Chinese font the package brings (fonts/README.md): no system CJK font is assumed.
CHINESE_FONT = "Noto Sans CJK SC"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
DIVERGING_CMAP = "PuOr"
#: Text sizes in points, the one home for every chart's text (issue 14). An 8 x 4.5 in chart fills a
#: slide's 580-px-high image area, so its tick labels show at about 13 / 72 * 580 / 4.6 = 23 px on a
#: 720-px slide (tests/test_slide_fit.py asks for at least 16 px) and at 18 px in the notebook.
TEXT_SIZES = {"title": 15, "axis_label": 14, "tick": 13, "legend": 12, "text": 13}
#: The explorers' (crm.widgets) compact text: their charts redraw fast inside fixed margins made for these sizes.
EXPLORER_TEXT_SIZES = {"title": 13, "axis_label": 11, "tick": 10, "legend": 9, "annotation": 9}
#: Tallest chart in inches: 13-pt ticks still show at 13 / 72 * 580 / 5.3 = 20 px on a slide.
MAX_CHART_HEIGHT = 5.2
#: Values and names written on a chart (bar values, point labels, notes).
ANNOTATION_SIZE = 12
#: Text packed into many small cells (heatmap values, lattice nodes): the smallest text a chart may draw.
DENSE_ANNOTATION_SIZE = 11


def apply_theme() -> None:
    """Set the matplotlib theme used by every chart (called by ``crm.setup()``).

    White grid, text sized for a projector (:data:`TEXT_SIZES`) and the Okabe-Ito colour cycle, set through
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
        "font.size": TEXT_SIZES["text"], "axes.titlesize": TEXT_SIZES["title"], "axes.titleweight": "bold",
        "figure.titlesize": TEXT_SIZES["title"], "figure.titleweight": "bold",
        "axes.labelsize": TEXT_SIZES["axis_label"], "xtick.labelsize": TEXT_SIZES["tick"],
        "ytick.labelsize": TEXT_SIZES["tick"], "legend.fontsize": TEXT_SIZES["legend"],
        "legend.title_fontsize": TEXT_SIZES["legend"],
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

    The height is capped at :data:`MAX_CHART_HEIGHT`: a slide shows a chart at most 580 px high,
    so a taller figure would shrink its text below what a room can read.

    >>> import matplotlib.pyplot as plt
    >>> ax = axes_or_new(None, (4, 9)); ax.figure.get_size_inches().tolist()
    [4.0, 5.2]
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    if ax is None:
        width, height = figsize
        _fig, ax = plt.subplots(figsize=(width, min(height, MAX_CHART_HEIGHT)))
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
            raise ValueError(tr("{arg} must be a non-empty string: every chart states its finding and units.", arg=arg))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ax.figure.get_layout_engine() is not None:      # explorers (crm.widgets) lay out their own fixed margins
        fig_width, fig_height = ax.figure.get_size_inches() * ax.figure.dpi
        box = ax.get_position()
        for text, room in ((ax.title, min(0.95 * fig_width, 1.3 * box.width * fig_width)),
                           (ax.xaxis.label, box.width * fig_width), (ax.yaxis.label, 1.15 * box.height * fig_height)):
            text.set_text(wrap_to_width(ax.figure, text.get_text(), text.get_fontproperties(), room))
    legend = ax.get_legend()
    if legend is not None and legend_title is not None:
        legend.set_title(legend_title)
    return ax


def wrap_to_width(fig: Any, text: str, font: Any, width: float) -> str:
    r"""Break ``text`` into lines no wider than ``width`` pixels of ``fig`` in ``font``.

    A long title or label wraps instead of widening the picture (which would shrink the whole chart on a
    slide). Lines break between words, or between any two Chinese characters, which need no spaces.

    >>> import matplotlib.pyplot as plt
    >>> from matplotlib.font_manager import FontProperties
    >>> apply_theme(); fig = plt.figure()
    >>> wrap_to_width(fig, "Email has the highest return on investment", FontProperties(size=15), 250)
    'Email has the highest\nreturn on investment'
    >>> wrap_to_width(fig, "客户关系管理的核心是客户价值", FontProperties(size=15), 160)
    '客户关系管理的\n核心是客户价值'
    >>> plt.close(fig)
    """
    import re

    renderer = fig.canvas.get_renderer()
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for token in re.findall(_BREAKABLE, paragraph):
            longer = (line + token).rstrip()
            if line.strip() and renderer.get_text_width_height_descent(longer, font, ismath=False)[0] > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "\n".join(lines)


#: A Chinese character (or full-width punctuation) alone, or a word with the spaces after it, or spaces.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_BREAKABLE = rf"[{_CJK}]|[^\s{_CJK}]+\s*|\s+"


def money_axis(ax: Any, axis: str = "y", currency: str = SYMBOL) -> Any:
    """Format the ``axis`` ticks of ``ax`` as money, e.g. ``¥1,200`` (``currency="$"`` for CDNOW).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = money_axis(ax); plt.close(fig)
    """
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: money(v, symbol=currency))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def date_axis(ax: Any, axis: str = "x", max_ticks: int = 7) -> Any:
    """Label the ``axis`` of ``ax`` (holding dates) as ``2024-01``, with at most ``max_ticks`` ticks.

    Year-month labels at the theme's tick size need about an inch each: more ticks would touch.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> fig, ax = plt.subplots(); _ = ax.plot(pd.date_range("2022-01-01", "2024-12-01", freq="MS"), range(36))
    >>> _ = date_axis(ax); fig.canvas.draw()
    >>> labels = [t.get_text() for t in ax.get_xticklabels()]
    >>> len(labels) <= 7, labels[1]
    (True, '2022-01')
    >>> plt.close(fig)
    """
    import matplotlib.dates as mdates

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=max_ticks))
    target.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    return ax


def percent_axis(ax: Any, axis: str = "y", decimals: int = 0) -> Any:
    """Format the ``axis`` ticks of ``ax`` (holding fractions 0..1) as percentages.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = percent_axis(ax); plt.close(fig)
    """
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=decimals))
    return ax
