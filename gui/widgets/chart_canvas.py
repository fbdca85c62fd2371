"""matplotlib inside Qt: a `FigureCanvasQTAgg` that draws with the reports/charts.py functions.

Import this module only when a chart is first shown: it loads matplotlib (about 0.7 s), which
must not delay the main window. Big histories are rendered to pixels on the background helper
with plain Agg (`render_rgba`, no Qt in the worker) and then shown here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QSizePolicy, QWidget

from reports.fonts import FontMissingError, configure_matplotlib

log = logging.getLogger("toxtrack.gui")

Draw = Callable[[Axes], None]
DPI = 100


@dataclass(frozen=True)
class RenderedChart:
    """Pixels of a chart drawn off the GUI thread: RGBA bytes, row-major."""

    rgba: bytes
    width: int
    height: int


def render_rgba(draw: Draw, width_px: int, height_px: int, dpi: int = DPI) -> RenderedChart:
    """Draw a chart with Agg only (safe on a worker thread: no Qt, no pyplot, its own Figure)."""
    figure = Figure(
        figsize=(max(width_px, 200) / dpi, max(height_px, 150) / dpi), dpi=dpi, layout="constrained"
    )
    canvas = FigureCanvasAgg(figure)
    draw(figure.add_subplot())
    canvas.draw()
    buffer = canvas.buffer_rgba()
    height, width = buffer.shape[0], buffer.shape[1]
    return RenderedChart(bytes(buffer), width, height)


class ChartCanvas(FigureCanvasQTAgg):
    """One chart area; `show_chart` redraws it with a chart function, `show_rendered` shows pixels."""

    def __init__(self, parent: QWidget | None = None, width: float = 7.0, height: float = 3.0) -> None:
        try:
            configure_matplotlib()
        except FontMissingError as exc:
            # On screen, Latin text still renders with matplotlib's default font; PDFs refuse instead.
            log.warning("chart fonts: %s", exc)
        super().__init__(Figure(figsize=(width, height), dpi=DPI, layout="constrained"))
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)

    def show_chart(self, draw: Draw) -> None:
        self.figure.clear()
        self.figure.set_layout_engine("constrained")
        draw(self.figure.add_subplot())
        self.draw()  # now, not draw_idle: no timer left pointing at a closed view

    def show_rendered(self, chart: RenderedChart) -> None:
        pixels = np.frombuffer(chart.rgba, dtype=np.uint8).reshape(chart.height, chart.width, 4)
        self.figure.clear()
        self.figure.set_layout_engine("none")  # the picture fills the figure; nothing to lay out
        ax = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.imshow(pixels, interpolation="antialiased")
        ax.set_axis_off()
        self.draw()  # now, not draw_idle: no timer left pointing at a closed view
