"""The adverse event parts of the PDFs (issue 15): the trial-style table and the serious adverse event
list of the cohort report, and the cycle's adverse events in the cycle summary. Plain data in
(clinical.ae_table), flowables out."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from clinical.ae_table import ALL, AeTableRow, EventLine, n_percent
from clinical.treatment_window import WINDOW_TEXT
from reports import pdf_common as pc

AE_TABLE_TITLE = "Adverse events by term (treatment-emergent), patients n (%)"
AE_TABLE_NOTE = (
    "Each treated patient counts once per term, at their worst grade from the first given dose to 30 days "
    "after the last ({window}), when worse than what they brought to treatment; % of the group's treated "
    "patients, not of events. Grade >= 3 includes grade 5. The trial column is the trial's pooled grade 3-4 "
    "figure where it reported one (each regimen is compared with the pooled figure); 'no trial comparator' "
    "where it reported none. CRS and ICANS are graded by ASTCT 2019, every other term by CTCAE v5.0."
).replace("{window}", WINDOW_TEXT)
SERIOUS_TITLE = "Serious adverse events (ICH E2A)"
CYCLE_TITLE = "Adverse events in this cycle"


def group_title(regimen: str, patients: int) -> str:
    name = "All regimens (pooled)" if regimen == ALL else regimen
    return f"{name}: {patients} treated patient{'' if patients == 1 else 's'}"


def ae_table_story(rows: Sequence[AeTableRow], styles: pc.Styles) -> list[Flowable]:
    """One table per group (pooled first, then each regimen), terms by frequency."""
    story: list[Flowable] = [pc.para(AE_TABLE_TITLE, styles.heading)]
    groups = list(dict.fromkeys(r.regimen for r in rows))
    groups.sort(key=lambda g: g != ALL)  # pooled first, then the regimens in their order
    widths = [5.2 * cm, 4.2 * cm, 2.3 * cm, 2.3 * cm]
    widths.append(pc.FRAME_WIDTH - sum(widths))
    for group in groups:
        members = [r for r in rows if r.regimen == group]
        story.append(pc.para(group_title(group, members[0].patients), styles.body))
        cells = [["Term", "System organ class", "Any grade", "Grade >= 3", "Trial (grade 3-4)"]]
        cells += [
            [
                r.term,
                r.soc,
                n_percent(r.any_grade, r.patients),
                n_percent(r.grade3plus, r.patients),
                r.trial_text,
            ]
            for r in members
        ]
        story.append(pc.table(cells, styles, widths))
    if not rows:
        story.append(pc.para("No patients have been treated yet.", styles.body))
    story.append(pc.para(AE_TABLE_NOTE, styles.small))
    return story


def _grade(line: EventLine) -> str:
    return "not gradable" if line.grade is None else str(line.grade)


def _dates(line: EventLine) -> str:
    resolved = pc.local_time(line.resolved) if line.resolved else "ongoing"
    return f"{pc.local_time(line.onset)} to {resolved}"


def serious_story(lines: Sequence[EventLine], styles: pc.Styles) -> list[Flowable]:
    """Every live adverse event ticked serious, whether or not treatment-emergent (said per line)."""
    story: list[Flowable] = [pc.para(SERIOUS_TITLE, styles.heading)]
    if not lines:
        return [*story, pc.para("No serious adverse event has been recorded.", styles.body)]
    cells = [["Subject", "Term (grade)", "Onset to resolution", "Criteria", "Related", "Action", "Outcome"]]
    cells += [
        [
            line.subject_id,
            f"{line.term} ({_grade(line)})" + ("" if line.emergent else "; outside the treatment window"),
            _dates(line),
            "; ".join(line.criteria),
            line.relatedness or "not recorded",
            line.action or "not recorded",
            line.outcome or "not recorded",
        ]
        for line in lines
    ]
    widths = [2.0 * cm, 3.0 * cm, 2.9 * cm, 3.2 * cm, 2.1 * cm, 1.8 * cm]
    widths.append(pc.FRAME_WIDTH - sum(widths))
    return [*story, pc.table(cells, styles, widths)]


def cycle_events_story(lines: Sequence[EventLine], styles: pc.Styles) -> list[Flowable]:
    """The adverse-event log's events that began in the cycle or were open in it."""
    story: list[Flowable] = [pc.para(CYCLE_TITLE, styles.heading)]
    if not lines:
        return [*story, pc.para("No adverse event recorded in this cycle.", styles.body)]
    cells = [["Term", "Grade", "Onset to resolution", "Serious", "Related", "Outcome"]]
    cells += [
        [
            line.term,
            _grade(line),
            _dates(line),
            "; ".join(line.criteria) if line.criteria else "No",
            line.relatedness or "not recorded",
            line.outcome or "not recorded",
        ]
        for line in lines
    ]
    widths = [4.6 * cm, 1.4 * cm, 3.4 * cm, 3.4 * cm, 2.3 * cm]
    widths.append(pc.FRAME_WIDTH - sum(widths))
    return [*story, pc.table(cells, styles, widths)]
