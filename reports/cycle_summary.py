"""The cycle summary PDF: one patient's cycle as a haematologist signs it and a monitor reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from matplotlib.axes import Axes
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from clinical.choices import DoseStatus
from clinical.findings import Flag
from clinical.model import Dose
from clinical.regimens import INFERENCE_NOTE
from clinical.toxicities import ToxicityDefinition, all_definitions, toxicity
from reports import pdf_common as pc
from reports.ae_report import cycle_events_story
from reports.atomic import write_atomically
from reports.charts import grade_series, grade_timeline, value_chart
from reports.i18n import ENGLISH, Language, fill
from reports.pdf_images import chart_image
from reports.summary_data import ComparisonRow, CycleSummary, ToxicityRow
from storage.signatures import VOID_TEXT

CHART_WIDTH_CM = 17.0
CHART_HEIGHT_CM = 7.0


def write_cycle_summary(summary: CycleSummary, path: Path | str, lang: Language = ENGLISH) -> None:
    """Render the summary and save it atomically at `path` (ExportError if it cannot be saved)."""
    write_atomically(Path(path), render_cycle_summary(summary, lang))


def render_cycle_summary(summary: CycleSummary, lang: Language = ENGLISH) -> bytes:
    """The PDF bytes, laid out in one pass; each chart is drawn once. In `lang`: the title, headings,
    field labels and page text; sentences built from data stay English (docs/translations.md)."""
    styles = pc.make_styles()
    first, *others = _charts(summary, styles)
    subject = summary.patient.subject_id
    decor = pc.PageDecor(
        header=fill(
            lang.translate("CycleSummary", "ToxTrack cycle summary - %1 - cycle %2"),
            subject,
            summary.cycle.number,
        ),
        audit_count=summary.audit_count,
        audit_hash=summary.audit_hash,
        problem=summary.problem,
        demo=summary.demo,
        lang=lang,
    )
    story = [
        *_header(summary, styles, lang),
        *_dosing(summary, styles, lang),
        *_delivery(summary, styles, lang),
        *_toxicity(summary, styles, lang),
        *cycle_events_story(summary.adverse_events, styles),
        KeepTogether([pc.para(lang.translate("CycleSummary", "Charts"), styles.heading), first]),
        *[item for chart in others for item in (Spacer(1, 0.3 * cm), chart)],
        *_flags(summary, styles, lang),
        _review_block(summary, styles),
    ]
    return pc.render(story, decor, title=decor.header)


def _charts(summary: CycleSummary, styles: pc.Styles) -> list[Flowable]:
    """One chart per measured value a definition charts (ANC with its grade bands; body temperature
    when the cycle has any), then one of every grade-charted toxicity's grades by cycle day
    (clinical.toxicities chart hints)."""
    charts: list[Flowable] = []
    for definition in all_definitions():
        hint = definition.chart
        if hint is None or hint.value_field is None:
            continue
        if not definition.graded and not summary.records.get(definition.record_kind):
            continue  # an observation's chart (body temperature) only when the cycle has some
        scale = next((row.scale for row in summary.toxicity if row.toxicity == definition.id), "")
        image = chart_image(_value_drawer(summary, definition, scale), CHART_WIDTH_CM, CHART_HEIGHT_CM)
        charts.append(
            _captioned(f"{hint.title}: {hint.value_label} over time ({definition.name})", image, styles)
        )
    series = grade_series(summary.records)
    image = chart_image(
        lambda ax: grade_timeline(ax, series, start=summary.cycle.start_date),
        CHART_WIDTH_CM,
        CHART_HEIGHT_CM,
    )
    charts.append(_captioned("Grades by cycle day", image, styles))
    return charts


def _captioned(caption: str, image: Flowable, styles: pc.Styles) -> Flowable:
    """A chart with its title as text above it (the picture's own title cannot be searched or read
    back), kept on one page."""
    return KeepTogether([pc.para(caption, styles.small), image])


def _value_drawer(
    summary: CycleSummary, definition: ToxicityDefinition, scale: str
) -> Callable[[Axes], None]:
    records = summary.records.get(definition.record_kind, ())
    return lambda ax: value_chart(ax, definition, records, summary.dose_dates, scale)


def _header(summary: CycleSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    patient, cycle = summary.patient, summary.cycle
    unknown = lang.translate("CycleSummary", "(not recorded)")
    rows = [[lang.translate("CycleSummary", "Subject"), patient.subject_id]]
    if summary.include_phi:
        rows += [
            [lang.translate("CycleSummary", "Name"), patient.name or unknown],
            [lang.translate("CycleSummary", "MRN"), patient.mrn or unknown],
        ]
    length = (summary.cycle_end - cycle.start_date).days + 1
    start, end = cycle.start_date.isoformat(), summary.cycle_end.isoformat()
    rows += [
        [lang.translate("Reports", "Regimen"), patient.regimen],
        [lang.translate("CycleSummary", "Cycle"), str(cycle.number)],
        [
            lang.translate("CycleSummary", "Cycle dates"),
            fill(lang.translate("CycleSummary", "%1 to %2 (%3 days)"), start, end, length),
        ],
        [
            lang.translate("CycleSummary", "Days of treatment so far"),
            fill(lang.translate("CycleSummary", "%1 of %2"), summary.days_of_treatment, length),
        ],
        [lang.translate("Reports", "Generated"), pc.local_time(summary.generated_at, with_offset=True)],
        [lang.translate("Reports", "App version"), f"ToxTrack {summary.app_version}"],
    ]
    info = pc.table(rows, styles, [5 * cm, pc.FRAME_WIDTH - 5 * cm])
    title = fill(
        lang.translate("CycleSummary", "Cycle summary: %1, cycle %2"), patient.subject_id, cycle.number
    )
    return [pc.para(title, styles.title), info]


def _dose_outcome(dose: Dose, summary: CycleSummary) -> tuple[str, str]:
    """(what happened, details) in words, for one dose row."""
    if dose.status is DoseStatus.GIVEN:
        details = [
            pc.local_time(dose.given_at),
            f"{dose.amount_ug:g} µg" if dose.amount_ug is not None else "",
        ]
        details += [
            dose.site.value.replace("_", " ") if dose.site else "",
            f"lot {dose.lot}" if dose.lot else "",
            f"premedication: {dose.premedication}" if dose.premedication else "",
        ]
        text = ", ".join(part for part in details if part)
        return "Given", text + (f"\nProtocol check: {dose.deviation}" if dose.deviation else "")
    if dose.status in (DoseStatus.HELD, DoseStatus.MISSED):
        reason = dose.reason.value.replace("_", " ") if dose.reason else "no reason recorded"
        return dose.status.value.capitalize(), reason + (f": {dose.reason_text}" if dose.reason_text else "")
    if dose.planned_date < summary.today:
        return "Not recorded", "planned date has passed"
    return "Planned", ""


def _doses(count: int) -> str:
    return f"{count} dose" if count == 1 else f"{count} doses"


def _dosing(summary: CycleSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    rows = [["Day", "Planned date", "Planned", "Outcome", "Given at, amount, site / reason"]]
    highlight = []
    for dose in summary.doses:
        outcome, details = _dose_outcome(dose, summary)
        if outcome not in ("Given", "Planned") or dose.deviation:
            highlight.append(len(rows))
        rows.append(
            [str(dose.cycle_day), dose.planned_date.isoformat(), f"{dose.planned_ug:g} µg", outcome, details]
        )
    due, given = summary.doses_due, summary.doses_given
    share = f" ({pc.percent(given / due)})" if due else ""
    widths = [1.2 * cm, 2.4 * cm, 1.9 * cm, 2.4 * cm, pc.FRAME_WIDTH - 7.9 * cm]
    early = (
        [pc.para(f"Protocol check: {summary.cycle.deviation}", styles.body)]
        if summary.cycle.deviation
        else []
    )
    return [
        pc.para(lang.translate("CycleSummary", "Dosing"), styles.heading),
        pc.para(f"Adherence: {_doses(given)} given / {_doses(due)} due{share}.", styles.body),
        *early,
        pc.table(rows, styles, widths, highlight=highlight)
        if summary.doses
        else pc.para("No doses are planned in this cycle.", styles.body),
        pc.para(f"Planned dates: {INFERENCE_NOTE}", styles.small),
    ]


def _premedication_text(record: object) -> str:
    """ "Paracetamol 1000 mg oral at 2026-03-02 08:30" (issue 18)."""
    from clinical.toxicities.definitions import premedication

    definition = premedication.DEFINITION
    values = definition.values(record)
    unit = definition.input("premed_unit").choice_label(values.get("premed_unit"))
    route = definition.input("route").choice_label(values.get("route")).lower()
    amount = values.get("premed_amount")
    dose = f"{amount:g} {unit}" if isinstance(amount, int | float) else ""
    at = pc.local_time(definition.at(record))
    return " ".join(part for part in (str(values.get("drug") or ""), dose, route, f"at {at}") if part)


def _stay_text(record: object) -> str:
    from clinical.toxicities.definitions import hospital_stay

    definition = hospital_stay.DEFINITION
    values = definition.values(record)
    out = values.get(hospital_stay.DISCHARGED)
    discharged = pc.local_time(dt.datetime.fromisoformat(out)) if isinstance(out, str) and out else "still in"
    reason = definition.input("stay_reason").choice_label(values.get("stay_reason"))
    details = f": {values['stay_reason_text']}" if values.get("stay_reason_text") else ""
    icu = ", intensive care" if values.get("icu") else ""
    admitted = pc.local_time(definition.at(record))
    return f"Admitted {admitted}, discharged {discharged} ({reason}{details}{icu})"


def _delivery(summary: CycleSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    """Where and by whom each dose was given, its premedication, and the cycle's hospital stays
    (issue 18; a section of its own). Nothing when none was recorded."""
    from clinical.toxicities.definitions import dose_delivery

    setting = dose_delivery.DEFINITION.input(dose_delivery.SETTING)
    deliveries = {getattr(r, "dose_id", None): r for r in summary.records.get("dose_delivery", ())}
    premeds: dict[object, list[str]] = {}
    for record in summary.records.get("premedication", ()):
        premeds.setdefault(getattr(record, "dose_id", None), []).append(_premedication_text(record))
    rows = [["Day", "Setting", "Given by", "Nurse min", "Premedication"]]
    for dose in summary.doses:
        delivery = deliveries.get(dose.id)
        if delivery is None and dose.id not in premeds:
            continue
        values = dose_delivery.DEFINITION.values(delivery) if delivery is not None else {}
        minutes = values.get(dose_delivery.MINUTES)
        rows.append(
            [
                str(dose.cycle_day),
                setting.choice_label(values[dose_delivery.SETTING]) if values else "",
                str(values.get(dose_delivery.GIVEN_BY) or ""),
                f"{minutes:g}" if isinstance(minutes, int | float) else "",
                "; ".join(premeds.get(dose.id, [])),
            ]
        )
    stays = [_stay_text(r) for r in summary.records.get("hospital_stay", ())]
    if len(rows) == 1 and not stays:
        return []
    widths = [1.2 * cm, 3.4 * cm, 3.4 * cm, 1.8 * cm, pc.FRAME_WIDTH - 9.8 * cm]
    heading = lang.translate("CycleSummary", "Delivery, premedication and hospital stays")
    found: list[Flowable] = [pc.para(heading, styles.heading)]
    if len(rows) > 1:
        found.append(pc.table(rows, styles, widths))
    found += [pc.para(f"Hospital stay: {text}", styles.body) for text in stays]
    return found


def _toxicity_cells(row: ToxicityRow) -> list[str]:
    if row.assessments == 0 and row.baseline:
        return [row.label, f"Only a {row.baseline}, before the first dose", "", "", "", ""]
    if row.assessments == 0:
        return [row.label, "Not assessed in this cycle", "", "", "", ""]
    if row.peak_grade is None:  # every record in the cycle was not gradable (listed below the table)
        return [row.label, "Not gradable", "", "", "; ".join(row.treatments) or "none recorded", ""]
    peak = f"Grade {row.peak_grade} ({row.scale})" if row.scale else f"Grade {row.peak_grade}"
    if row.baseline:  # shown, never counted as a toxicity of treatment (clinical.treatment_window)
        peak += f"; {row.baseline}, before the first dose"
    resolution = "ongoing" if row.ongoing else pc.local_time(row.resolved)
    return [
        row.label,
        peak,
        pc.local_time(row.onset),
        resolution,
        "; ".join(row.treatments) or "none recorded",
        "; ".join(row.overrides) or "none",
    ]


def _toxicity(summary: CycleSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    rows = [["Toxicity", "Peak grade (scale)", "Onset", "Resolved", "Treatments", "Clinician overrides"]]
    rows += [_toxicity_cells(row) for row in summary.toxicity]
    highlight = [i + 1 for i, row in enumerate(summary.toxicity) if (row.peak_grade or 0) >= 3]
    widths = [2.5 * cm, 3.2 * cm, 2.4 * cm, 2.4 * cm, 2.9 * cm, pc.FRAME_WIDTH - 13.4 * cm]
    note = (
        "Peak grade is the highest effective grade (the clinician's override where there is one) recorded "
        "in the cycle; onset and resolution are those of the episode (from the first grade >= 1 to the "
        "first later grade 0), which may start before the cycle. Counts drawn before the first dose are "
        "baseline values, shown apart and not counted as toxicity of treatment."
    )
    not_graded: list[Flowable] = [
        pc.para(f"{row.label} not graded: {line}", styles.body)
        for row in summary.toxicity
        for line in row.not_graded
    ]
    details: list[Flowable] = [
        pc.para(f"{row.label}, {line}", styles.body) for row in summary.toxicity for line in row.details
    ]
    return [
        pc.para(lang.translate("Reports", "Toxicity"), styles.heading),
        pc.table(rows, styles, widths, highlight=highlight),
        *details,
        *not_graded,
        pc.para(note, styles.small),
    ]


def comparison_sentence(row: ComparisonRow) -> str:
    """The trial comparison in one line: trial rate, the clinic's rate with exact CI and n, verdict."""
    label = toxicity(row.toxicity).label
    trial = "no trial comparator" if row.trial_rate is None else f"trial {pc.percent(row.trial_rate)}"
    return (
        f"{label}, {row.regimen}: {trial}; "
        f"this clinic {row.events}/{row.patients} = {pc.percent(row.rate)} "
        f"({pc.level(row)} exact CI {pc.percent(row.ci_low)} to {pc.percent(row.ci_high)}, "
        f"n = {row.patients}); {pc.verdict_text(row.verdict)}."
    )


def _flag_paragraphs(flag: Flag, summary: CycleSummary, styles: pc.Styles) -> list[Flowable]:
    """The flag's sentence, then the trial comparison for its toxicity when it compares against one."""
    result: list[Flowable] = [
        pc.para(f"[{flag.severity.value.upper()}] {pc.local_time(flag.at)}: {flag.message}", styles.body)
    ]
    if flag.toxicity is not None and flag.trial_rate is not None:
        result += [
            pc.para("Trial comparison: " + comparison_sentence(row), styles.indented)
            for row in _own_comparisons(summary)
            if row.toxicity == flag.toxicity
        ]
    return result


def _flags(summary: CycleSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    result: list[Flowable] = [pc.para(lang.translate("CycleSummary", "Flags for this cycle"), styles.heading)]
    if not summary.flags:
        result.append(pc.para("No flags were raised for this cycle.", styles.body))
    for flag in summary.flags:
        result += _flag_paragraphs(flag, summary, styles)
    result.append(
        pc.para(
            lang.translate("CycleSummary", "Flags inform; they are never a dosing instruction."), styles.small
        )
    )
    heading = fill(
        lang.translate("CycleSummary", "This clinic compared with %1 (grade 3-4)"), summary.trial.name
    )
    result.append(pc.para(heading, styles.heading))
    rows = _own_comparisons(summary)
    if rows:
        result.append(pc.comparison_table(rows, styles, lang=lang))
    else:
        result.append(pc.para("No cohort figures are available yet.", styles.body))
    result.append(pc.para(pc.trial_basis_sentence(summary.trial), styles.small))
    result.append(pc.para(f"Trial source: {summary.trial.source}", styles.small))
    return result


def _own_comparisons(summary: CycleSummary) -> list[ComparisonRow]:
    """The comparisons for this patient's regimen and the pooled cohort."""
    return [row for row in summary.comparisons if row.regimen in (summary.patient.regimen, "All")]


def _review_block(summary: CycleSummary, styles: pc.Styles) -> Flowable:
    """The signature manifestation (§11.50: printed name, date and time, meaning) of the cycle's
    electronic signature, void when the records changed after it; else "not signed" and blank fields
    for a reviewer."""
    signed = summary.signature
    if signed is not None:
        state = "valid: the cycle's records are as signed" if signed.valid else VOID_TEXT
        rows = [
            ["Review", "Electronic signature"],
            ["Signed by (printed name)", f"{signed.printed_name} ({signed.user_id})"],
            ["Date and time", signed.signed_at.strftime("%Y-%m-%d %H:%M UTC")],
            ["Meaning of signature", signed.meaning],
            ["Signature", state],
        ]
        return KeepTogether([Spacer(1, 0.5 * cm), pc.table(rows, styles, [5 * cm, pc.FRAME_WIDTH - 5 * cm])])
    line = "_" * 48
    rows = [
        ["Review", "not signed"],
        ["Reviewed by (printed name)", line],
        ["Date and time", line],
        ["Meaning of signature", "Reviewed: this cycle's doses, toxicity grades and flags"],
        ["Signature", line],
    ]
    return KeepTogether([Spacer(1, 0.5 * cm), pc.table(rows, styles, [5 * cm, pc.FRAME_WIDTH - 5 * cm])])
