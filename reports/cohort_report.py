"""The cohort report PDF: grade 3-4 incidence per regimen and pooled, against the trial's rates;
grade 5 (death) reported on its own line, never folded into grade 3-4."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether

from clinical.toxicities import NO_TRIAL_COMPARATOR, toxicities, toxicity
from clinical.treatment_window import WINDOW_TEXT
from reports import pdf_common as pc
from reports.ae_report import ae_table_story, serious_story
from reports.atomic import write_atomically
from reports.charts import forest_plot
from reports.i18n import ENGLISH, QT_TRANSLATE_NOOP, Language, fill
from reports.pdf_images import chart_image
from reports.summary_data import CohortSummary

# The serious adverse event list names each event's patient by subject id (issue 15); never by name or MRN.
AGGREGATE_NOTICE = QT_TRANSLATE_NOOP(
    "Reports", "Aggregate clinic data; serious adverse events by subject ID only - handle per local policy."
)
PLOT_WIDTH_CM = 17.0

_INTERNAL_REFERENCE = re.compile(r": [\w.-]+\.md §[\d.]+$")  # "...: clinical-reference.md §2", not for users


# What the numbers mean: one line per registered toxicity (its scale and the source of its grading
# rule, from its definition), then the counting rules of clinical.episodes and storage/cohort.py.
def toxicity_definitions() -> tuple[str, ...]:
    """Each registered toxicity's grading in one line, and whether the trial gave a comparator."""
    return tuple(
        f"{d.label}: {d.scale} '{d.name}', graded by {_INTERNAL_REFERENCE.sub('', d.source)}."
        + ("" if d.trial_key else f" {NO_TRIAL_COMPARATOR[0].upper()}{NO_TRIAL_COMPARATOR[1:]}.")
        for d in toxicities()
    )


DEFINITIONS = (
    "Effective grade: the clinician's override, with its recorded reason, where there is one; otherwise "
    "the computed grade. Voided (entered-in-error) records are excluded.",
    "Episode: consecutive graded assessments of one toxicity in one patient, from onset (first grade >= 1) "
    "to resolution (the first later assessment graded 0); an episode without resolution is open.",
    "A patient counts once per toxicity, at their worst effective grade within the treatment-emergent "
    f"window ({WINDOW_TEXT}), when it is worse than the grade the patient brought to treatment: grade 3-4 "
    "is compared with the trial's grade 3-4 rate; grade 5 (death from the toxicity) is reported separately "
    "and is not part of the comparison. Values before the first dose are baseline values and are not "
    "counted. Denominator: patients with at least one dose given (treated).",
    "Not gradable: an assessment with a measurement missing (no temperature for CRS, no ICE score for "
    "ICANS with every other domain normal), or CRS signs the clinician attributed to another cause, has "
    "no grade and counts in no rate.",
    "Rate intervals are exact (Clopper-Pearson); the verdict is 'above' when the whole interval lies "
    "above the trial's rate, 'below' when it lies below, otherwise 'consistent'; groups with fewer "
    "patients than the minimum are not compared.",
)


def write_cohort_report(summary: CohortSummary, path: Path | str, lang: Language = ENGLISH) -> None:
    """Render the cohort report and save it atomically at `path` (ExportError if it cannot be)."""
    write_atomically(Path(path), render_cohort_report(summary, lang))


def render_cohort_report(summary: CohortSummary, lang: Language = ENGLISH) -> bytes:
    """The PDF in `lang`: headings, labels, table headers and page text are translated; the
    sentences built from data (signals, definitions, trial text) stay English (docs/translations.md)."""
    styles = pc.make_styles()
    rows = [
        (
            f"{toxicity(row.toxicity).label} - {row.regimen} (n={row.patients})"
            + ("" if row.trial_rate is not None else ", no trial comparator"),
            row.rate,
            row.ci_low,
            row.ci_high,
            row.trial_rate,
        )
        for row in summary.comparisons
        # Only rows compared with a trial figure: the others are counts (the table above lists them
        # all), and a row per toxicity without a comparator made the plot taller than a page once the
        # CTCAE lab terms were registered (issue 15).
        if row.trial_rate is not None
    ]
    height = 3.0 + 0.7 * len(rows)
    # The group names beside the plot vary in length, so this chart is laid out to fit its text.
    plot = chart_image(lambda ax: forest_plot(ax, rows, lang), PLOT_WIDTH_CM, height, margins=None)
    decor = pc.PageDecor(
        header=lang.translate("CohortReport", "ToxTrack cohort report"),
        audit_count=summary.audit_count,
        audit_hash=summary.audit_hash,
        notice=AGGREGATE_NOTICE,
        problem=summary.problem,
        demo=summary.demo,
        lang=lang,
    )

    story = [
        *_header(summary, styles, lang),
        *_activity(summary, styles, lang),
        pc.para(
            fill(lang.translate("CohortReport", "Grade 3-4 toxicity compared with %1"), summary.trial.name),
            styles.heading,
        ),
        pc.comparison_table(summary.comparisons, styles, min_patients=summary.min_patients, lang=lang)
        if summary.comparisons
        else pc.para(lang.translate("CohortReport", "No patients have been treated yet."), styles.body),
        pc.para(pc.trial_basis_sentence(summary.trial), styles.small),
        *_signals(summary, styles, lang),
        pc.para(grade5_sentence(summary), styles.body),
        KeepTogether([pc.para(lang.translate("CohortReport", "Forest plot"), styles.heading), plot]),
        *ae_table_story(summary.ae_rows, styles),
        *serious_story(summary.serious, styles),
        *_definitions(summary, styles, lang),
        *_trial(summary, styles, lang),
    ]

    return pc.render(story, decor, title=decor.header)


def grade5_sentence(summary: CohortSummary) -> str:
    """Grade 5 (death) per toxicity, pooled, on its own line: a death is never folded into grade 3-4."""
    pooled = next((count for count in summary.counts if count.regimen == "All"), None)
    if pooled is None:
        return "Grade 5 (death from the toxicity): no patients treated yet."
    parts = [f"{d.label} {pooled.grade5[d.id]}" for d in toxicities()]
    return (
        f"Grade 5 (death from the toxicity), reported separately and not compared with the trial: "
        f"{', '.join(parts)} of {pooled.patients_treated} treated patients (all regimens)."
    )


def _header(summary: CohortSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    rows = [
        [lang.translate("Reports", "Generated"), pc.local_time(summary.generated_at, with_offset=True)],
        [lang.translate("Reports", "App version"), f"ToxTrack {summary.app_version}"],
        [lang.translate("CohortReport", "Compared with"), f"{summary.trial.name}: {summary.trial.source}"],
        [
            lang.translate("CohortReport", "Minimum group size for a verdict"),
            fill(lang.translate("CohortReport", "%1 patients"), summary.min_patients),
        ],
    ]
    return [
        pc.para(
            lang.translate("CohortReport", "Cohort report: toxicity of SC blinatumomab in this clinic"),
            styles.title,
        ),
        pc.table(rows, styles, [5.5 * cm, pc.FRAME_WIDTH - 5.5 * cm]),
    ]


def _activity(summary: CohortSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    cells = [
        [
            lang.translate("Reports", "Regimen"),
            lang.translate("CohortReport", "Patients treated"),
            lang.translate("CohortReport", "Cycles"),
            lang.translate("CohortReport", "Doses given / due"),
            lang.translate("CohortReport", "Adherence"),
        ]
    ]
    for count in summary.counts:
        given, due = count.doses_given, count.doses_due  # None: counts read without their dose totals
        share = pc.percent(given / due) if given is not None and due else "-"
        name = (
            lang.translate("CohortReport", "All regimens (pooled)")
            if count.regimen == "All"
            else count.regimen
        )
        cells.append(
            [
                name,
                str(count.patients_treated),
                _shown(count.cycles),
                f"{_shown(given)} / {_shown(due)}",
                share,
            ]
        )
    widths = [4.5 * cm, 3.0 * cm, 2.5 * cm, 3.5 * cm, pc.FRAME_WIDTH - 13.5 * cm]
    return [
        pc.para(lang.translate("CohortReport", "Treatment"), styles.heading),
        pc.table(cells, styles, widths),
    ]


def _shown(value: int | None) -> str:
    return "-" if value is None else str(value)


def _signals(summary: CohortSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    """The cohort flag rule's result (clinical.cohort_flags.cohort_flags): informative, never a dose."""
    texts = summary.signals or ("No regimen's grade >= 3 rate is above the trial's (whole 95 % interval).",)
    return [pc.para(lang.translate("CohortReport", "Signals"), styles.heading)] + [
        pc.para(f"- {text}", styles.body) for text in texts
    ]


def _definitions(summary: CohortSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    return [pc.para(lang.translate("CohortReport", "Definitions"), styles.heading)] + [
        pc.para(f"- {text}", styles.small) for text in (*toxicity_definitions(), *DEFINITIONS)
    ]


def _trial(summary: CohortSummary, styles: pc.Styles, lang: Language) -> list[Flowable]:
    trial = summary.trial
    rates = ", ".join(f"{_trial_label(key)} {rate * 100:g} %" for key, rate in trial.rates)
    result: list[Flowable] = [
        pc.para(fill(lang.translate("CohortReport", "Trial reference: %1"), trial.name), styles.heading),
        pc.para(f"Incidence ({trial.basis}): {rates}.", styles.body),
        pc.para(f"Source: {trial.source}", styles.small),
    ]
    if trial.caveats:
        result.append(pc.para("Caveats:", styles.body))
        result += [pc.para(f"- {caveat}", styles.small) for caveat in trial.caveats]
    return result


def _trial_label(key: str) -> str:
    """The registered toxicity a trial figure belongs to (its `trial_key`), by its label."""
    return next((d.label for d in toxicities() if d.trial_key == key), key)
