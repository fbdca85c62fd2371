"""Charts in PDFs: each drawn once with Agg at fixed margins and embedded as opaque RGB pixels.

A chart costs most of a cycle summary's time, so it is drawn exactly once: no `tight_layout`
(which draws the whole figure a second time only to measure its text), no PNG round trip (encode
in matplotlib, decode again in reportlab), and no alpha channel (reportlab would embed it as a
second image, a soft mask, although every pixel of a chart is opaque).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from reports import fonts

CHART_DPI = 150


@dataclass(frozen=True)
class Margins:
    """Space around the axes in cm: tick labels, axis labels, the title and any labels beside the axes.

    The defaults hold the cycle charts' two-digit y ticks with a y label, dates rotated 30 degrees
    or an x label below, a 9 pt title above and the CTCAE band labels (G2-G4) on the right.
    """

    left: float = 1.45
    right: float = 0.85
    top: float = 0.85
    bottom: float = 1.45


class ChartImage(Flowable):
    """A rendered chart at a fixed size on the page; its pixels are stored in the PDF once."""

    def __init__(self, pixels: PILImage.Image, width_cm: float, height_cm: float) -> None:
        super().__init__()
        self.pixels = pixels
        self._reader = ImageReader(pixels)
        self.width = width_cm * cm
        self.height = height_cm * cm
        self.hAlign = "CENTER"

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self._reader, 0, 0, self.width, self.height, mask=None)


def draw_figure(
    draw: Callable[[Axes], None],
    width_cm: float,
    height_cm: float,
    margins: Margins | None = Margins(),
) -> Figure:
    """Draw one chart function on a fresh Agg figure (no pyplot, no global state), rendered once.

    `margins=None` lays the axes out to fit their text (`tight_layout`, one extra draw), for
    charts whose labels vary in length with the data, such as the forest plot's group names.
    """
    fonts.configure_matplotlib()
    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=CHART_DPI)
    canvas = FigureCanvasAgg(figure)
    draw(figure.add_subplot())
    if margins is None:
        figure.tight_layout()
    else:
        figure.subplots_adjust(
            left=margins.left / width_cm,
            right=1 - margins.right / width_cm,
            bottom=margins.bottom / height_cm,
            top=1 - margins.top / height_cm,
        )
    canvas.draw()
    return figure


def chart_image(
    draw: Callable[[Axes], None],
    width_cm: float,
    height_cm: float,
    margins: Margins | None = Margins(),
) -> ChartImage:
    """The chart as a flowable of `width_cm` x `height_cm` holding its pixels (see `draw_figure`)."""
    canvas = draw_figure(draw, width_cm, height_cm, margins).canvas
    assert isinstance(canvas, FigureCanvasAgg)
    rgba = PILImage.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return ChartImage(rgba.convert("RGB"), width_cm, height_cm)
