"""Charts in PDFs: each drawn once with Agg at fixed margins and embedded as opaque RGB pixels.

A chart costs most of a cycle summary's time, so it is drawn exactly once: no `tight_layout`
(which draws the whole figure a second time only to measure its text), no PNG round trip (encode
in matplotlib, decode again in reportlab), and no alpha channel (reportlab would embed it as a
second image, a soft mask, although every pixel of a chart is opaque).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.platypus import Flowable

from reports import fonts

CHART_DPI = 150
# zlib level of a chart's pixels. A chart is mostly flat colour: level 1 stores it ~20 % larger than
# reportlab's default (6) in less than half the time (~3 instead of ~7 ms for a 17 x 7 cm chart).
PIXEL_COMPRESSION = 1


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
    """A rendered chart at a fixed size on the page; its pixels are stored in the PDF once.

    The pixels are compressed once, here, and drawn as an image XObject of the document: reportlab's
    `drawImage` would copy them twice, hash the 1.2 MB copy with MD5 to name them and compress them at
    zlib's default level, about a tenth of a cycle summary's time (benchmarks/README.md, pdf_ratio)."""

    def __init__(self, pixels: PILImage.Image, width_cm: float, height_cm: float) -> None:
        super().__init__()
        if pixels.mode != "RGB":
            raise ValueError(f"chart pixels must be RGB, not {pixels.mode}")
        self.pixels = pixels
        self._stream = zlib.compress(pixels.tobytes(), PIXEL_COMPRESSION)
        # Named by content, as drawImage names images: the same chart twice is stored once.
        self.name = "chart" + hashlib.blake2b(self._stream, digest_size=16).hexdigest()
        self.width = width_cm * cm
        self.height = height_cm * cm
        self.hAlign = "CENTER"

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if not canvas.hasForm(self.name):
            image = PDFImageXObject(self.name)
            image.width, image.height = self.pixels.size
            image.colorSpace, image.bitsPerComponent = "DeviceRGB", 8
            image.streamContent, image._filters = self._stream, ("FlateDecode",)
            canvas._doc.addForm(self.name, image)  # what drawImage does with the XObject it makes
        canvas._currentPageHasImages = 1  # the page then lists image operators, as drawImage does
        canvas.saveState()
        canvas.scale(self.width, self.height)  # an image XObject fills the unit square
        canvas.doForm(self.name)
        canvas.restoreState()


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
