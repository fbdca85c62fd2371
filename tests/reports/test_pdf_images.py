"""Charts in PDFs: fixed margins keep every label inside the image, pixels are stored once, binary."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab import rl_config
from reportlab.platypus import Flowable, Paragraph, Spacer

from clinical.model import LabResult
from clinical.toxicities import toxicities
from reports import pdf_common as pc
from reports.charts import anc_chart, grade_series, grade_timeline, no_data
from reports.cohort_report import write_cohort_report
from reports.cycle_summary import CHART_HEIGHT_CM, CHART_WIDTH_CM, write_cycle_summary
from reports.pdf_images import CHART_DPI, chart_image, draw_figure
from reports.summary_data import CycleSummary

from .conftest import PID, START, at, cohort_summary, empty_summary, full_summary
from .pdftext import page_texts


def _charts(summary: CycleSummary) -> dict[str, Callable[[Axes], None]]:
    labs = summary.records["lab"]
    return {
        "anc": lambda ax: anc_chart(ax, labs, summary.dose_dates),  # type: ignore[arg-type]
        "anc v6": lambda ax: anc_chart(ax, labs, summary.dose_dates, "6.0"),  # type: ignore[arg-type]
        "timeline": lambda ax: grade_timeline(ax, grade_series(summary.records), start=START),
        "timeline by date": lambda ax: grade_timeline(ax, grade_series(summary.records)),
        "no data": lambda ax: no_data(ax, "No ANC results in this period"),
    }


def _high_anc_summary() -> CycleSummary:
    """Counts up to 48 x10^9/L over a whole month: the widest y tick labels and the most date ticks."""
    labs = tuple(LabResult(PID, at(day), anc=1.5 * day + 0.25, lln=1.8, grade=0) for day in range(1, 33))
    full = full_summary()
    return replace(full, records={**full.records, "lab": labs})


def _overflow(figure: Figure) -> list[str]:
    """Sides on which what was drawn (titles, labels, tick labels, legend, band labels) leaves the image."""
    drawn = figure.get_tightbbox(figure.canvas.get_renderer())  # type: ignore[attr-defined]
    page = figure.bbox_inches
    sides = {
        "left": drawn.x0 < page.x0,
        "bottom": drawn.y0 < page.y0,
        "right": drawn.x1 > page.x1,
        "top": drawn.y1 > page.y1,
    }
    return [side for side, out in sides.items() if out]


@pytest.mark.parametrize("make", [full_summary, empty_summary, _high_anc_summary])
def test_fixed_margins_keep_every_label_inside_the_chart(make: Callable[[], CycleSummary]) -> None:
    for name, draw in _charts(make()).items():
        figure = draw_figure(draw, CHART_WIDTH_CM, CHART_HEIGHT_CM)
        assert _overflow(figure) == [], name


def test_chart_pixels_are_opaque_rgb_at_the_chart_resolution() -> None:
    summary = full_summary()
    image = chart_image(_charts(summary)["anc"], CHART_WIDTH_CM, CHART_HEIGHT_CM)
    assert image.pixels.mode == "RGB"  # no alpha channel, so no soft-mask image in the PDF
    expected = (CHART_WIDTH_CM / 2.54 * CHART_DPI, CHART_HEIGHT_CM / 2.54 * CHART_DPI)
    assert image.pixels.size == pytest.approx(expected, abs=1)
    assert image.wrap(1000, 1000) == pytest.approx((CHART_WIDTH_CM * 72 / 2.54, CHART_HEIGHT_CM * 72 / 2.54))
    colours = image.pixels.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 10  # something was drawn, not a blank image


def _images(path: Path) -> list[dict[str, object]]:
    """Every image XObject the pages draw, with its filters and whether it has a soft mask."""
    found: list[dict[str, object]] = []
    for page in PdfReader(path).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        xobjects = resources.get("/XObject")
        for ref in xobjects.get_object().values() if xobjects is not None else []:
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                filters = obj.get("/Filter")
                names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
                found.append({"filters": names, "smask": "/SMask" in obj})
    return found


def test_cycle_summary_stores_each_chart_once_as_binary_flate(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    write_cycle_summary(full_summary(), out)
    images = _images(out)
    # a chart per charted measured value (ANC; platelets, ALT and AST since issue 15) and the timeline
    charted = [d for d in toxicities() if d.chart is not None and d.chart.value_field is not None]
    assert len(charted) == 4 and len(images) == len(charted) + 1
    for image in images:
        assert image["filters"] == ["/FlateDecode"] and not image["smask"], image
    assert b"ASCII85Decode" not in out.read_bytes()


def test_chart_pixels_in_the_pdf_are_the_chart_exactly_placed_at_its_size(tmp_path: Path) -> None:
    """Each chart's pixels, read back from the PDF and decoded, equal the rendered chart's, and
    the page draws the image at the chart's size (17 x 7 cm); the same chart drawn twice is stored
    once (issue 14: the image XObject is made directly, not through drawImage)."""
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    chart = chart_image(_charts(full_summary())["anc"], CHART_WIDTH_CM, CHART_HEIGHT_CM)
    again = chart_image(_charts(full_summary())["anc"], CHART_WIDTH_CM, CHART_HEIGHT_CM)
    assert again.name == chart.name  # named by content
    out = tmp_path / "chart.pdf"
    SimpleDocTemplate(str(out)).build([chart, Spacer(1, 10), again])
    page = PdfReader(out).pages[0]
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    images = [ref.get_object() for ref in resources["/XObject"].get_object().values()]
    assert len(images) == 1  # stored once, drawn twice
    [image] = images
    assert (image["/Width"], image["/Height"]) == chart.pixels.size
    assert image["/ColorSpace"] == "/DeviceRGB" and image["/BitsPerComponent"] == 8
    assert image.get_data() == chart.pixels.tobytes()  # lossless: the very pixels
    content = page.get_contents()
    assert content is not None
    text = content.get_data().decode("latin-1")
    assert text.count(" Do") == 2
    width, height = CHART_WIDTH_CM * cm, CHART_HEIGHT_CM * cm
    scales = re.findall(r"([\d.]+) 0 0 ([\d.]+) 0 0 cm\n/FormXob\.\w+ Do", text)
    assert len(scales) == 2
    for shown_width, shown_height in scales:  # the unit-square image scaled to the chart's size
        assert (float(shown_width), float(shown_height)) == pytest.approx((width, height), abs=0.01)


def test_cohort_report_plot_is_stored_once(tmp_path: Path) -> None:
    out = tmp_path / "cohort.pdf"
    write_cohort_report(cohort_summary(), out)
    images = _images(out)
    assert len(images) == 1 and images[0]["filters"] == ["/FlateDecode"]


def _decor() -> pc.PageDecor:
    return pc.PageDecor(header="Test document", audit_count=3, audit_hash="ab" * 32)


def test_long_document_numbers_every_page_in_one_pass(tmp_path: Path) -> None:
    styles = pc.make_styles()
    story: list[Flowable] = [pc.para(f"Paragraph {i} " + "text " * 60, styles.body) for i in range(120)]
    out = tmp_path / "long.pdf"
    out.write_bytes(pc.render(story, _decor(), title="long"))
    pages = page_texts(out)
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert text.count(f"Page {number} of {len(pages)}") == 2, number  # header and footer
        assert "Audit chain: 3 entries" in text and "Test document" in text
    assert "Paragraph 119" in pages[-1]


class _Broken(Spacer):
    def draw(self) -> None:
        raise RuntimeError("drawing failed")


@pytest.mark.parametrize("fails", [False, True])
def test_render_puts_reportlabs_stream_setting_back(fails: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "useA85", 1)
    story: list[Flowable] = [Paragraph("x"), _Broken(10, 10)] if fails else [Paragraph("x")]
    if fails:
        with pytest.raises(RuntimeError, match="drawing failed"):
            pc.render(story, _decor(), title="t")
    else:
        assert b"ASCII85Decode" not in pc.render(story, _decor(), title="t")
    assert rl_config.useA85 == 1
