"""CTCAE lab terms graded from a lab value (issue 15): one definition per term, built here.

Each term (platelet count decreased, ALT increased, ...) is a toxicity of the registry whose records
are `ToxicityRecord`s with the inputs of one lab value: the value itself, the lab's lower (a
"decreased" term) or upper (an "increased" term) limit of normal for that sample, the patient's
baseline for the "increased" terms (the last value before the first given dose,
`baseline_value`), and the lab that measured it ("lab source", whose last limits the lab form offers
again). The grade is `clinical.grading.grade_lab` of those inputs, so the record, its corrections and
its audit replay grade the same way; the thresholds are data (clinical/data/ctcae-labs.toml).

None of these terms has a figure in the trial's report (clinical/data/trial.toml): each is counted
and flagged from grade 3 with "no trial comparator". A low count before the first dose is the
leukaemia's, so the "decreased" terms are `baseline_expected` as neutropenia is; no term asks for a
protocol check when a dose is given (`dose_check=False`): the clinical reference gives no dosing rule
tied to a lab grade, and a flag informs, it never instructs a dose.

The lab form (gui/patient/lab_form.py) saves one sample as its ANC record (kind "lab") and one record
per other term filled in, all in one storage transaction (`Repository.add_records`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clinical.grade_result import Grade
from clinical.grading import grade_lab
from clinical.lab_grades import lab_criteria
from clinical.toxicities.ctcae import CTCAE_V5, ctcae_term
from clinical.toxicities.definition import ChartHint, InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord
from clinical.treatment_window import TreatmentWindow

PER_L = "×10⁹/L"
# The form that takes every lab value of a sample (gui/patient/toxicity_gui.py): the Labs tab.
LAB_FORM = "lab"
SOURCE = "lab_source"  # the one input every lab term shares, with one label


@dataclass(frozen=True)
class LabFields:
    """The input names of one lab term's records. Each term names its own ("platelets",
    "platelets_lln"): an input name has one label across the app (clinical/wording.field_label),
    and the three a lab result held before issue 15 (wbc, platelets, haemoglobin_g_l) keep theirs."""

    value: str
    limit: str  # "<value>_lln" (a decreased term) or "<value>_uln" (an increased one)
    baseline: str  # "" for a decreased term (its grade has no baseline rule)

    @property
    def limit_is_lower(self) -> bool:
        return self.limit.endswith("_lln")


def fields_of(definition: ToxicityDefinition) -> LabFields:
    """The input names of a lab term's definition (built by `lab_term_definition`)."""
    value, limit = definition.inputs[0].name, definition.inputs[1].name
    baseline = next((s.name for s in definition.inputs if s.name == f"{value}_baseline"), "")
    return LabFields(value, limit, baseline)


def _number(values: Mapping[str, object], name: str) -> float | None:
    value = values.get(name) if name else None
    return None if value is None or value == "" else float(str(value))


def grade_inputs(term: str, fields: LabFields, values: Mapping[str, object]) -> Grade:
    """The CTCAE v5.0 grade of one lab-term record's inputs (`grade_lab`)."""
    value = _number(values, fields.value)
    if value is None:
        return Grade(None, CTCAE_V5, ("Not gradable: no value recorded",))
    limit = _number(values, fields.limit)
    lower = fields.limit_is_lower
    return grade_lab(
        term,
        value,
        lln=limit if lower else None,
        uln=None if lower else limit,
        baseline=_number(values, fields.baseline),
    )


def _absolute_bands(term: str) -> tuple[tuple[int, float, float], ...]:
    """(grade, lower, upper) bands of a "decreased" term, from the table that grades it."""
    bands, lower = [], 0.0
    for band in lab_criteria()[("5.0", term)].bands:
        bands.append((band.grade, lower, band.bound))
        lower = band.bound
    return tuple(bands)


def lab_term_definition(
    term: str,
    *,
    field: str,
    label: str,
    value_label: str,
    record_label: str,
    order: int,
    chart_title: str = "",
) -> ToxicityDefinition:
    """The definition of the CTCAE v5.0 lab term `term` (a term of data/ctcae-labs.toml).

    `field` names its value's input ("platelets"), `label` is its short name ("Platelet count decreased",
    "ALT increased"), `value_label` what the value is
    ("Platelets", "ALT"), `chart_title` non-empty to chart its values (the Labs tab and the cycle PDF)."""
    criteria = lab_criteria()[("5.0", term)]
    decreased = criteria.direction == "decreased"
    unit = PER_L if criteria.unit == "x10^9/L" else criteria.unit
    shown = f"{value_label} ({unit})" if unit else f"{value_label} (the lab's unit)"
    fields = LabFields(
        field, f"{field}_{'lln' if decreased else 'uln'}", "" if decreased else f"{field}_baseline"
    )
    value = InputSpec(field, shown, "number", unit=unit, low=criteria.low, high=criteria.high)
    limit = InputSpec(
        fields.limit,
        f"{value_label} {'lower' if decreased else 'upper'} limit of normal",
        "number",
        unit=unit,
        low=criteria.low,
        high=criteria.high,
        required=False,
        hint="the lab's limit for this sample",
    )
    inputs = [value, limit]
    if not decreased:
        inputs.append(
            InputSpec(
                fields.baseline,
                f"{value_label} baseline (last before the first dose)",
                "number",
                unit=unit,
                low=criteria.low,
                high=criteria.high,
                required=False,
            )
        )
    inputs.append(InputSpec(SOURCE, "Lab source", "text", required=False, max_length=100))
    ctcae = ctcae_term(term)
    identifier = term.lower().replace(" ", "_")
    chart = None
    if chart_title:
        chart = ChartHint(
            chart_title,
            value_field=field,
            value_label=shown,
            unit=unit,
            bands=(lambda _scale: _absolute_bands(term)) if decreased else None,
            limit_field=fields.limit,
            limit_label=f"{'LLN (grade 1 below)' if decreased else 'ULN (grade 1 above)'}",
        )
    return ToxicityDefinition(
        id=identifier,
        record_kind=identifier,
        label=label,
        name=term,
        record_label=record_label,
        scale=CTCAE_V5,
        # Users read this in the cohort report, without the internal reference after the colon.
        source=f"CTCAE v5.0 {term} from the lab value, its limit of normal and the baseline (ctcae-v5.0.csv)"
        ": clinical-additions.md §5",
        record_type=ToxicityRecord,
        time_field="assessed_at",
        inputs=tuple(inputs),
        grade=lambda values: grade_inputs(term, fields, values),
        order=order,
        dose_check=False,
        baseline_expected=decreased,
        max_grade=max(g for g, _ in ctcae.grades),
        form=LAB_FORM,
        chart=chart,
        ctcae_term=term,
    )


def lab_term_definitions(definitions: Iterable[ToxicityDefinition]) -> tuple[ToxicityDefinition, ...]:
    """The lab-term definitions among `definitions` (those graded from a lab value by this module)."""
    return tuple(
        d for d in definitions if d.record_type is ToxicityRecord and d.form == LAB_FORM and d.ctcae_term
    )


def baseline_value(
    records: Iterable[object], definition: ToxicityDefinition, window: TreatmentWindow, before: dt.datetime
) -> tuple[float, dt.datetime] | None:
    """The patient's baseline of a lab term: the value of the last non-voided record drawn before the
    first given dose (and before `before`, the sample being graded), with when it was drawn; None when
    there is none. With no dose given yet, every earlier value is before treatment."""
    found: tuple[float, dt.datetime] | None = None
    for record in records:
        at = definition.at(record)
        value = definition.values(record).get(fields_of(definition).value)
        if getattr(record, "voided", False) or value is None or at >= before or not window.is_baseline(at):
            continue
        if found is None or at >= found[1]:
            found = (float(str(value)), at)
    return found
