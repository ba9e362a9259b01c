"""Prepare matplotlib once during set-up, so that a learner's first chart does not wait for it.

On its first import on a machine, matplotlib scans the system fonts and writes a font
cache (half a minute on a fresh machine); the first chart then also loads the fonts it
draws with. Run during set-up (``make lab`` / ``make setup``)::

    python -m crm_lessons.warm_up

It says what it does and how long each step took.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["warm_up"]


def _step(message: str, action: Callable[[], Any], say: Callable[[str], None]) -> Any:
    say(f"{message} ...")
    start = time.perf_counter()
    result = action()
    say(f"  done in {time.perf_counter() - start:.1f} s")
    return result


def _draw_one_figure() -> int:
    """Draw a small chart with Latin and Chinese text (the fonts every notebook uses); return its PNG size."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .plots.theme import apply_theme

    apply_theme()
    figure = Figure(figsize=(4, 3))
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    ax.bar(["loyalty", "忠诚"], [3, 4])
    ax.set_title("Fonts ready: 字体已就绪")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return len(buffer.getvalue())


def warm_up(say: Callable[[str], None] = print) -> None:
    """Build matplotlib's font cache, register the bundled Chinese font and draw one figure.

    Parameters
    ----------
    say : callable
        Where the progress lines go (``print`` by default).

    Examples
    --------
    >>> lines = []
    >>> warm_up(lines.append)
    >>> lines[0]
    'Importing matplotlib (the first time on a machine it builds its font cache: up to a minute) ...'
    >>> lines[-1]
    'matplotlib is ready: the notebooks will not wait for it.'
    """
    def import_matplotlib() -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.font_manager  # noqa: F401  (this import builds the cache)

    _step("Importing matplotlib (the first time on a machine it builds its font cache: up to a minute)",
          import_matplotlib, say)

    def register() -> list[str]:
        from .plots.theme import register_fonts

        return register_fonts()

    fonts = _step("Registering the bundled Chinese font", register, say)
    say(f"  fonts: {', '.join(fonts)}")
    _step("Drawing one test figure (loads the fonts the charts use)", _draw_one_figure, say)
    say("matplotlib is ready: the notebooks will not wait for it.")


if __name__ == "__main__":
    warm_up()
