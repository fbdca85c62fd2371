"""What every ToxTrack PDF shares: A4 page template, styles, header and footer, charts as images.

Every page carries "Page x of y", the patient-data notice and the audit chain's head hash, so a
loose page can be matched to its document and its database (reliability reference E1, R3).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from clinical.model import DEMO_LABEL
from clinical.toxicities import toxicity
from reports import fonts
from reports.comparisons import NO_COMPARATOR, TrialInfo
from reports.i18n import ENGLISH, QT_TRANSLATE_NOOP, Language, fill
from reports.summary_data import ComparisonRow

PHI_NOTICE = QT_TRANSLATE_NOOP("Reports", "Contains patient data - handle per local policy.")
MARGIN = 1.8 * cm
PAGE_WIDTH, PAGE_HEIGHT = A4
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    indented: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def make_styles() -> Styles:
    """Paragraph styles in the embedded fonts (registered here, so callers cannot forget)."""
    fonts.register_pdf_fonts()
    body = ParagraphStyle("body", fontName=fonts.PDF_REGULAR, fontSize=9, leading=12, spaceAfter=4)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=fonts.PDF_BOLD, fontSize=15, leading=19),
        # keepWithNext: a heading never ends a page with its table or text on the next one.
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.PDF_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            keepWithNext=1,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        indented=ParagraphStyle("indented", parent=body, fontSize=8, leading=10, leftIndent=0.6 * cm),
        cell=ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=fonts.PDF_BOLD, fontSize=8, leading=10),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain (user or app) text: escaped, with CJK runs in the CJK font."""
    return Paragraph(fonts.markup(text), style)


def table(
    rows: Sequence[Sequence[str]],
    styles: Styles,
    widths: Sequence[float],
    highlight: Sequence[int] = (),
) -> Table:
    """A ruled table with a bold header row that repeats on each page; long cells wrap."""
    cells = []
    for r, row in enumerate(rows):
        style = styles.cell_bold if r == 0 else styles.cell
        cells.append([_cell(text, style, width) for text, width in zip(row, widths, strict=True)])
    result = Table(cells, colWidths=list(widths), repeatRows=1)
    cell, bold = styles.cell, styles.cell_bold
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, 0), bold.fontName, bold.fontSize, bold.leading),
        ("FONT", (0, 1), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9a9a9a")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#fde2dc")) for r in highlight]
    result.setStyle(TableStyle(commands))
    return result


CELL_PADDING = 6  # reportlab's left and right padding inside a table cell, in points


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Short Latin text that fits the column on one line stays a plain string, drawn directly in the
    table's font (laying out a Paragraph costs several times more, and most cells are dates and
    numbers); anything that must wrap or needs the CJK font becomes a Paragraph."""
    if "\n" in text or fonts.has_cjk(text):
        return para(text, style)
    if stringWidth(text, style.fontName, style.fontSize) > width - 2 * CELL_PADDING:
        return para(text, style)
    return text


def percent(fraction: float) -> str:
    return f"{fraction * 100:.1f} %"


VERDICTS = {
    NO_COMPARATOR: "no trial comparator (not compared)",
    "too_few": "too few patients to compare",
    "above": "ABOVE the trial's rate",
    "below": "below the trial's rate",
    "consistent": "consistent with the trial",
}


def verdict_text(verdict: str, min_patients: int = 10) -> str:
    text = VERDICTS.get(verdict, verdict)
    return f"{text} (n < {min_patients})" if verdict == "too_few" else text


def level(row: ComparisonRow) -> str:
    """The confidence level as printed, e.g. "95 %"."""
    return f"{row.confidence * 100:g} %"


def comparison_table(
    rows: Sequence[ComparisonRow], styles: Styles, min_patients: int = 10, lang: Language = ENGLISH
) -> Flowable:
    """Grade 3-4 incidence per group against the trial (the trial counted grade 3-4); grade 5 (death)
    in its own column, outside the comparison. Rows above the trial are highlighted. The trial reported
    pooled rates only (reference §0.1), so every regimen row meets the pooled one."""
    header = [
        lang.translate("Reports", "Toxicity"),
        lang.translate("Reports", "Group"),
        lang.translate("Reports", "Patients with grade 3-4"),
        lang.translate("Reports", "Rate (exact CI)"),
        lang.translate("Reports", "Trial rate (pooled, grade 3-4)"),
        lang.translate("Reports", "Grade 5 (death), not compared"),
        lang.translate("Reports", "Verdict"),
    ]
    cells = [header] + [
        [
            toxicity(row.toxicity).label,
            row.regimen,
            f"{row.events} / {row.patients}",
            f"{percent(row.rate)} ({level(row)} CI {percent(row.ci_low)} to {percent(row.ci_high)})",
            "none" if row.trial_rate is None else percent(row.trial_rate),
            f"{row.grade5} / {row.patients}",
            verdict_text(row.verdict, min_patients),
        ]
        for row in rows
    ]
    highlight = [i + 1 for i, row in enumerate(rows) if row.verdict == "above" or row.grade5 > 0]
    widths = [2.3 * cm, 2.1 * cm, 1.9 * cm, 3.8 * cm, 1.9 * cm, 2.4 * cm, FRAME_WIDTH - 14.4 * cm]
    return table(cells, styles, widths, highlight=highlight)


def trial_basis_sentence(trial: TrialInfo) -> str:
    """What the trial rates in a comparison table are, printed under every such table (issue 11)."""
    return (
        f"Trial rates: {trial.basis}. The trial reported pooled rates only, so each regimen is "
        "compared with the pooled rate."
    )


def local_time(moment: dt.datetime | None, with_offset: bool = False) -> str:
    """A stored (UTC) time in the clinic's local time; the UTC offset is spelled out when asked."""
    if moment is None:
        return ""
    local = moment.astimezone()
    text = local.strftime("%Y-%m-%d %H:%M")
    if with_offset:
        offset = local.utcoffset() or dt.timedelta(0)
        sign = "-" if offset < dt.timedelta(0) else "+"
        minutes = abs(int(offset.total_seconds())) // 60
        text += f" (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"
    return text


@dataclass(frozen=True)
class PageDecor:
    """Text printed on every page: a running header, "Page x of y" and the audit anchor."""

    header: str
    audit_count: int
    audit_hash: str
    notice: str = PHI_NOTICE
    problem: str = ""  # the database failed its checks: said on every page, in red, under the header
    demo: bool = False  # synthetic demo data: a header line and a watermark on every page
    lang: Language = ENGLISH  # the notice, audit line and page numbers (the header comes translated)

    def draw(self, canvas: Canvas) -> None:
        """Everything but the page numbers, drawn as each page begins."""
        if self.demo:
            _demo_watermark(canvas, self.demo_label())
        canvas.saveState()
        canvas.setFont(fonts.PDF_REGULAR, 7.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        fonts.draw_mixed(canvas, MARGIN, _HEADER_Y, self.header_text(), fonts.PDF_REGULAR, 7.5)
        canvas.line(MARGIN, _HEADER_Y - 0.15 * cm, PAGE_WIDTH - MARGIN, _HEADER_Y - 0.15 * cm)
        canvas.line(MARGIN, _FOOTER_Y + 0.35 * cm, PAGE_WIDTH - MARGIN, _FOOTER_Y + 0.35 * cm)
        notice = self.lang.translate("Reports", self.notice)
        fonts.draw_mixed(canvas, MARGIN, _FOOTER_Y, notice, fonts.PDF_REGULAR, 7.5)
        audit = fill(
            self.lang.translate("Reports", "Audit chain: %1 entries, head SHA-256 %2"),
            self.audit_count,
            self.audit_hash or "(empty)",
        )
        fonts.draw_mixed(canvas, MARGIN, _FOOTER_Y - 0.35 * cm, audit, fonts.PDF_REGULAR, 6.5)
        if self.problem:
            canvas.setFont(fonts.PDF_BOLD, 7)
            canvas.setFillColor(colors.HexColor("#B00020"))
            canvas.drawString(MARGIN, _PROBLEM_Y, fit_text(self.problem, fonts.PDF_BOLD, 7, FRAME_WIDTH))
        canvas.restoreState()

    def header_text(self) -> str:
        """The running header, clear of "Page x of y" on its right. With the demo label in front a
        long subject id ran under the page number: the label is shortened first (the watermark
        still says it in full), and only then is the header cut, so the subject id stays whole
        whenever it can."""
        room = FRAME_WIDTH - stringWidth(_WIDEST_PAGE_LABEL, fonts.PDF_REGULAR, 7.5) - 0.3 * cm
        demo = self.demo_label()
        labels = (demo, demo.split(" - ")[0]) if self.demo else ("",)
        for label in labels:
            header = f"{label} - {self.header}" if label else self.header
            if fonts.mixed_width(header, fonts.PDF_REGULAR, 7.5) <= room:
                return header
        return fit_text(header, fonts.PDF_REGULAR, 7.5, room)

    def demo_label(self) -> str:
        """The demo label in the report's language (the GUI's translation: context "wording")."""
        return self.lang.translate("wording", DEMO_LABEL)

    def draw_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        """ "Page x of y" at the top and the bottom, drawn once the page count is known."""
        canvas.saveState()
        canvas.setFont(fonts.PDF_REGULAR, 7.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        label = fill(self.lang.translate("Reports", "Page %1 of %2"), page, total)
        width = fonts.mixed_width(label, fonts.PDF_REGULAR, 7.5)
        for y in (_HEADER_Y, _FOOTER_Y):
            fonts.draw_mixed(canvas, PAGE_WIDTH - MARGIN - width, y, label, fonts.PDF_REGULAR, 7.5)
        canvas.restoreState()


def _demo_watermark(canvas: Canvas, label: str) -> None:
    """The demo label across the page in pale red, under the content (drawn before it)."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.85, 0.2, 0.2, alpha=0.18))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(50)
    for line, text in enumerate(label.split(" - ")):
        size = 44 if line == 0 else 30
        width = fonts.mixed_width(text, fonts.PDF_BOLD, size)
        fonts.draw_mixed(canvas, -width / 2, -line * 1.6 * cm, text, fonts.PDF_BOLD, size)
    canvas.restoreState()


_HEADER_Y = PAGE_HEIGHT - MARGIN + 0.6 * cm
_WIDEST_PAGE_LABEL = "Page 999 of 999"  # the room kept for draw_page_number at the header's right
_PROBLEM_Y = PAGE_HEIGHT - MARGIN + 0.05 * cm  # between the header rule and the first line of text


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """`text`, cut with an ellipsis to fit `width` points on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "..."


_FOOTER_Y = MARGIN - 0.6 * cm


class _NumberedCanvas(Canvas):
    """A canvas that holds each finished page until the document is saved, then writes "Page x of y".

    The usual reportlab recipe for a page total in one layout pass: `showPage` keeps the page's
    state instead of emitting it, and `save` replays every page with its number and the total.
    """

    def __init__(self, decor: PageDecor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab calls it by this name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decor.draw_page_number(self, number, total)
            super().showPage()
        super().save()


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Store the PDF's streams (chart pixels, font subsets, page text) binary, Flate-compressed.

    reportlab's default wraps each stream in ASCII85 with a pure-Python encoder (its C accelerator
    is not installed), a large part of a summary's time for nothing a viewer needs. The setting is
    reportlab's process-wide `rl_config.useA85`, so it is changed only while a document is built
    and then put back: other reportlab users in the process keep their defaults.
    """
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def render(story: list[Flowable], decor: PageDecor, title: str) -> bytes:
    """Lay the story out once on A4 with the page decoration; returns the PDF bytes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 0.3 * cm,
        bottomMargin=MARGIN + 0.3 * cm,
        title=title,
        author="ToxTrack",
        creator="ToxTrack",
    )

    def on_page(canvas: Canvas, _document: object) -> None:
        decor.draw(canvas)

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(decor, *args, **kwargs)

    with _binary_streams():
        document.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvas_maker)
    return buffer.getvalue()
