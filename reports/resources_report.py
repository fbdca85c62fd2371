"""The resource report PDF (issue 18): what SC delivery used, per cycle and for the cohort, beside
what the IV regimen would have needed, with the IV assumptions and their sources on the same pages,
and what no source gives said in words. `toxtrack report resources --db --out` and the Resources
view's PDF button make it from `reports.resources_data.ResourceSummary`."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether

from reports import pdf_common as pc
from reports.atomic import write_atomically
from reports.charts import resource_bars
from reports.i18n import ENGLISH, QT_TRANSLATE_NOOP, Language, fill
from reports.pdf_images import chart_image
from reports.resources_data import HEADER, PATIENT_HEADER, ResourceSummary, patient_rows, table_rows

TITLE = QT_TRANSLATE_NOOP(
    "ResourceReport", "Resource report: SC blinatumomab delivery against the IV regimen"
)


def chart_values(summary: ResourceSummary) -> dict[int, tuple[int, int, int, int]]:
    """Cycle -> (SC inpatient days, IV inpatient days, SC hospital visits, IV bag-change visits)."""
    return {
        n: (t.sc.inpatient_days, t.iv.inpatient_days, t.sc.hospital_visits, t.iv.visits)
        for n, t in summary.per_cycle.items()
    }


def write_resource_report(summary: ResourceSummary, path: Path | str, lang: Language = ENGLISH) -> None:
    """Render the report and save it atomically at `path` (ExportError if it cannot be)."""
    write_atomically(Path(path), render_resource_report(summary, lang))


def _header(summary: ResourceSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    cohort = summary.cohort
    rows = [
        [lang.translate("Reports", "Generated"), pc.local_time(summary.generated_at, with_offset=True)],
        [lang.translate("Reports", "App version"), f"ToxTrack {summary.app_version}"],
        [lang.translate("ResourceReport", "Patients, cycles counted"), f"{cohort.patients}, {cohort.cycles}"],
        [
            lang.translate("ResourceReport", "IV bag length assumed"),
            fill(
                lang.translate("ResourceReport", "%1 h (%2 bags a cycle)"),
                summary.iv.bag_hours,
                summary.iv.bags,
            ),
        ],
    ]
    title = lang.translate("ResourceReport", TITLE)
    return [pc.para(title, styles.title), pc.table(rows, styles, [5.0 * cm, pc.FRAME_WIDTH - 5.0 * cm])]


def render_resource_report(summary: ResourceSummary, lang: Language = ENGLISH) -> bytes:
    """In `lang`: title, headings and labels; the table columns and notes stay English for now."""
    styles = pc.make_styles()
    decor = pc.PageDecor(
        header=lang.translate("ResourceReport", "ToxTrack resource report"),
        audit_count=summary.audit_count,
        audit_hash=summary.audit_hash,
        problem=summary.problem,
        demo=summary.demo,
        lang=lang,
    )
    per_cycle = table_rows(summary.per_cycle, summary.cohort)
    # the first columns are short numbers: narrower, so the other headers wrap between words
    width = (pc.FRAME_WIDTH - 2.2 * cm) / (len(HEADER) - 1)
    widths = [2.2 * cm] + [width] * (len(HEADER) - 1)
    story: list[Flowable] = [*_header(summary, styles, lang)]
    story.append(
        pc.para(lang.translate("ResourceReport", "IV vs SC per cycle (all patients)"), styles.heading)
    )
    if per_cycle:
        story.append(pc.table([list(HEADER), *per_cycle], styles, widths))
        plot = chart_image(
            lambda ax: resource_bars(ax, chart_values(summary), lang), 17.0, 7.5, margins=None
        )  # fits its text: the Chinese axis label was cut
        story.append(KeepTogether([pc.para(lang.translate("ResourceReport", "Chart"), styles.heading), plot]))
        patient_width = (pc.FRAME_WIDTH - 3.6 * cm) / (len(PATIENT_HEADER) - 2)
        patient_widths = [2.2 * cm, 1.4 * cm] + [patient_width] * (len(PATIENT_HEADER) - 2)
        story.append(pc.para(lang.translate("ResourceReport", "Per patient and cycle"), styles.heading))
        cells = [list(PATIENT_HEADER), *patient_rows(summary.rows)]
        story.append(pc.table(cells, styles, patient_widths))
    else:
        story.append(
            pc.para(
                lang.translate("ResourceReport", "No cycle has started yet: nothing to count."), styles.body
            )
        )
    heading = lang.translate("ResourceReport", "Assumptions, sources and what is not published")
    story.append(pc.para(heading, styles.heading))
    story += [pc.para(f"- {note}", styles.small) for note in summary.notes]
    return pc.render(story, decor, title=decor.header)
