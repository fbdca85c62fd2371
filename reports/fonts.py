"""Fonts for charts and PDFs: DejaVu Sans for Latin text, WenQuanYi Micro Hei for Chinese.

Both matplotlib and reportlab need to be told explicitly (PLATFORM.md): matplotlib only falls back
per glyph through an explicit `font.family` list, and reportlab only embeds TrueType fonts that
were registered. We embed TrueType fonts (never reportlab's CID fonts) so that a printed report
looks the same on every viewer, whether or not it has a CJK font installed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from matplotlib import font_manager, rcParams
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from clinical.errors import ToxTrackError

LATIN_FAMILY = "DejaVu Sans"
CJK_FAMILY = "WenQuanYi Micro Hei"
MATPLOTLIB_FAMILIES = [LATIN_FAMILY, CJK_FAMILY]

# reportlab names under which the fonts are registered.
PDF_REGULAR = "ToxTrackSans"
PDF_BOLD = "ToxTrackSans-Bold"
PDF_CJK = "ToxTrackCJK"

# CJK punctuation, kana, unified ideographs (+ extension A), Hangul, compatibility ideographs,
# full-width forms, and the supplementary ideograph planes.
_CJK_RUN = re.compile(
    "[\u2e80-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
)


class FontMissingError(ToxTrackError):
    """A font needed for reports is not installed."""


@dataclass(frozen=True)
class FontPaths:
    regular: Path
    bold: Path
    cjk: Path


def _find(family: str, weight: str = "normal") -> Path:
    """Locate a font file through matplotlib's font list (the same list fontconfig would give)."""
    prop = font_manager.FontProperties(family=family, weight=weight)
    try:
        found = font_manager.findfont(prop, fallback_to_default=False)
    except ValueError:
        hint = " (install the fonts-wqy-microhei package)" if family == CJK_FAMILY else ""
        raise FontMissingError(
            f"The font {family!r} is not installed, so reports cannot show all text{hint}."
        ) from None
    return Path(found)


def font_paths() -> FontPaths:
    """Paths of the three fonts reports use; raises FontMissingError naming the missing one."""
    return FontPaths(
        regular=_find(LATIN_FAMILY),
        bold=_find(LATIN_FAMILY, "bold"),
        cjk=_find(CJK_FAMILY),
    )


def configure_matplotlib() -> None:
    """Make matplotlib render Latin and Chinese text (call before drawing any chart).

    A generic `sans-serif` fallback list does not reach the CJK font; the explicit family list
    does (PLATFORM.md). Raises FontMissingError when the CJK font is absent, rather than drawing
    empty boxes in a document that leaves the clinic.
    """
    _find(CJK_FAMILY)
    rcParams["font.family"] = list(MATPLOTLIB_FAMILIES)


def register_pdf_fonts() -> None:
    """Register the embedded TrueType fonts with reportlab (idempotent)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    if {PDF_REGULAR, PDF_BOLD, PDF_CJK} <= registered:
        return
    paths = font_paths()
    pdfmetrics.registerFont(TTFont(PDF_REGULAR, str(paths.regular)))
    pdfmetrics.registerFont(TTFont(PDF_BOLD, str(paths.bold)))
    pdfmetrics.registerFont(TTFont(PDF_CJK, str(paths.cjk), subfontIndex=0))
    pdfmetrics.registerFontFamily(
        PDF_REGULAR, normal=PDF_REGULAR, bold=PDF_BOLD, italic=PDF_REGULAR, boldItalic=PDF_BOLD
    )


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


def markup(text: str) -> str:
    """Escape `text` for a platypus Paragraph and switch runs of CJK characters to the CJK font.

    DejaVu Sans has no Chinese glyphs and the CJK font's Latin is plainer, so mixed text such as
    "王小明 (Zoë)" is set run by run in the font that has the glyphs.
    """
    parts: list[str] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        parts.append(f'<font name="{PDF_CJK}">{html.escape(match.group(), quote=False)}</font>')
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` cut into (piece, font) runs: CJK runs in the CJK font, the rest in `font`."""
    result: list[tuple[str, str]] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        if match.start() > position:
            result.append((text[position : match.start()], font))
        result.append((match.group(), PDF_CJK))
        position = match.end()
    if position < len(text) or not result:
        result.append((text[position:], font))
    return result


def mixed_width(text: str, font: str, size: float) -> float:
    """The width of `text` drawn run by run (draw_mixed), in points."""
    return sum(pdfmetrics.stringWidth(piece, name, size) for piece, name in runs(text, font))


def draw_mixed(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw one line of text on a page (headers, footers) with each CJK run in the CJK font: the
    Latin font has no Chinese glyphs, so a translated header drawn in it alone showed empty boxes."""
    for piece, name in runs(text, font):
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)
    canvas.setFont(font, size)
