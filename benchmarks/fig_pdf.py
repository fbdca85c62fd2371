"""pdf_ratio: one cycle summary PDF, warm, against a bare reportlab page with the same charts."""

from __future__ import annotations

import io
from pathlib import Path

from benchmarks.harness import Figure, Settings, paired_seconds
from storage.engine import sqlite3

CHART_DPI = 100


def chart_sizes(pdf: Path) -> list[tuple[int, int]]:
    """Pixel size of every raster image in the PDF: the app's charts, as the baseline must reproduce them."""
    from pypdf import PdfReader

    sizes = []
    for page in PdfReader(pdf).pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in xobjects.get_object().values() if xobjects else []:
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


def bare_page(out: Path, sizes: list[tuple[int, int]]) -> None:
    """One reportlab page holding len(sizes) matplotlib line charts (Figure + Agg, 30 points each, the
    same pixel sizes), rendered to PNG in memory: the usual way to put a chart on a reportlab page (the
    app itself hands reportlab the Agg pixels as RGB, without the PNG round trip)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(out), pagesize=A4)
    y = A4[1] - 36
    for width, height in sizes:
        figure = MplFigure(figsize=(width / CHART_DPI, height / CHART_DPI), dpi=CHART_DPI)
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        ax.plot(range(30), [(i * 7) % 11 for i in range(30)], marker="o")
        ax.set_title("chart")
        png = io.BytesIO()
        figure.savefig(png, format="png", dpi=CHART_DPI)
        png.seek(0)
        scale = min(1.0, (A4[0] - 72) / (width * 72 / CHART_DPI))  # fit the page width
        shown_w, shown_h = width * 72 / CHART_DPI * scale, height * 72 / CHART_DPI * scale
        y -= shown_h
        canvas.drawImage(ImageReader(png), 36, y, shown_w, shown_h)
    canvas.showPage()
    canvas.save()


def busiest_cycle(db: Path) -> tuple[str, int]:
    """The patient-cycle with the most assessments and labs in its first 35 days: the heaviest summary."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute(
            """SELECT p.subject_id, c.number,
                 (SELECT count(*) FROM assessment a WHERE a.kind IN ('crs', 'lab')
                    AND a.patient_id = c.patient_id
                    AND a.assessed_at BETWEEN c.start_date AND date(c.start_date, '+35 days')) AS n
               FROM cycle c JOIN patient p ON p.id = c.patient_id
               WHERE c.patient_id IN (SELECT id FROM patient ORDER BY subject_id LIMIT 200)
               ORDER BY n DESC LIMIT 1"""
        ).fetchone()
    finally:
        conn.close()
    return str(row[0]), int(row[1])


def measure(settings: Settings, db: Path) -> Figure:
    """App: build_cycle_summary (reads through the repository) + write_cycle_summary to a file, on the
    network database, timed warm (one untimed run first). Baseline: `bare_page` with the charts found
    in the app's PDF (so the app runs once before the pairs). `repeats` pairs back to back, the figure
    being the median of the per-pair ratios (harness.paired_seconds)."""
    from reports.cycle_summary import write_cycle_summary
    from reports.summary_data import build_cycle_summary
    from storage import Repository

    out = settings.cache / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    subject, cycle = busiest_cycle(db)
    with Repository.open(db, read_only=True, create=False) as repo:

        def app() -> None:
            write_cycle_summary(build_cycle_summary(repo, subject, cycle), out / "app.pdf")

        app()
        sizes = chart_sizes(out / "app.pdf")
        ratio, app_s, raw_s = paired_seconds(
            app, lambda: bare_page(out / "bare.pdf", sizes), settings.repeats
        )
    return Figure(
        "pdf_ratio",
        ratio,
        "<= 1.3",
        f"cycle summary {app_s * 1000:.0f} ms ({subject} cycle {cycle})",
        f"bare page, {len(sizes)} charts {raw_s * 1000:.0f} ms",
        note="median of per-pair ratios",
    )
