"""What a toxicity is, as data: the one description every layer reads (issue 14).

A `ToxicityDefinition` says what an assessment of the toxicity records (its `inputs`), how those
inputs are graded (a pure function returning a `Grade` with reasons), how its records form episodes,
which trial figure it is compared with (or that the trial gave none), and what a form and a chart
need to show it. Storage, flags, cohort counts, Today, the patient views, the PDFs, the CLI and the
demo generator iterate over the registry (clinical/toxicities/registry.py) instead of naming kinds,
so adding a toxicity is adding one module under clinical/toxicities/definitions/.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from clinical.grade_result import Grade

# What an input holds, and so which editor a form gives it and how storage checks it.
InputType = Literal[
    "number",  # a float within [low, high] in `unit`
    "choice",  # one of `choices` (stored value, label)
    "flag",  # a tick box (bool)
    "text",  # free text up to `max_length` characters
    "ice_items",  # the ten ICE answers (ICANS), or None when not assessed
    "grade_pick",  # the grade itself, picked from the scale's sentences (`choices`: grade, sentence)
    "dose",  # the given dose the record follows (a dose id of the same patient)
    "term",  # a CTCAE v5.0 term name from the shipped list (clinical/toxicities/ctcae.py)
    "datetime",  # a date and time, stored as UTC ISO-8601 text (an adverse event's resolution)
    "ticks",  # any of `choices`, each a tick box: the ticked values, in the choices' order
    "record",  # the id of another record of the same patient, of kind `links_kind` (a stay's adverse event)
]

# How records form episodes (clinical/episodes.py). "consecutive": from the first grade >= 1 to the
# first later grade 0, peak = highest grade; an ungradable record never opens, raises or closes one.
# "events": each record is an event with an onset (its time) and a resolution (`resolved_input`),
# named by `event_name`; the events of one name that follow on or overlap make one episode (a grade
# that changes is recorded as a new event of the same name), peak = highest grade.
EpisodeRule = Literal["consecutive", "events"]

NO_TRIAL_COMPARATOR = "no trial comparator: the trial reported no figure for this toxicity"


@dataclass(frozen=True)
class InputSpec:
    """One thing an assessment records: its field name, the label a form shows, its type and limits."""

    name: str
    label: str
    type: InputType
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label shown); grade_pick: (grade, sentence)
    required: bool = True
    max_length: int = 200
    hint: str = ""  # a short line under the field: what to enter, where the rule comes from
    column: str = ""  # the list's column header when shorter than the label ("" = the label)
    listed: bool = True  # False: no column of its own (shown inside another, e.g. the event's name)
    # Choices read from another input's value instead of `choices` (a grade picked among the
    # sentences of the term chosen in `depends_on`): the value of that input -> (stored, label).
    depends_on: str = ""
    options: Callable[[object], tuple[tuple[str, str], ...]] | None = None
    # A "record" input: the kind of the linked record (storage checks it is a non-voided record of
    # that kind of the same patient; the form offers the patient's records of that kind).
    links_kind: str = ""

    def choices_given(self, values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
        """The choices offered when the other inputs hold `values` (`choices` unless they depend
        on another input; none while that input is empty or not one the options know)."""
        if self.options is None:
            return self.choices
        return self.options(values.get(self.depends_on))

    def choice_label(self, value: object) -> str:
        """The label shown for a stored choice value (the value itself when it is not a choice)."""
        return next((label for stored, label in self.choices if stored == str(value)), str(value))


@dataclass(frozen=True)
class ChartHint:
    """What a chart of the toxicity plots: its grade over time, or a measured value with grade bands."""

    title: str
    value_field: str | None = None  # None: the effective grade is plotted
    value_label: str = "Grade"
    unit: str = ""
    # A measured value's grade bands, from the table that grades it: the scale a record was graded
    # with ("CTCAE v5.0") -> (grade, lower, upper) in the value's unit; None: no bands.
    bands: Callable[[str], tuple[tuple[int, float, float], ...]] | None = None
    limit_field: str = ""  # an input holding a per-record limit drawn as a line (e.g. the ANC's LLN)
    limit_label: str = ""  # that line's legend text
    # The value axis when the value is not read from zero (a body temperature): its usual span,
    # widened to show any value outside it; None: from 0 to above the highest value.
    span: tuple[float, float] | None = None
    # Fixed reference lines (value, legend text), each from the rule that uses it.
    lines: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class ToxicityDefinition:
    """One toxicity, everything the app needs to know about it. See the module docstring."""

    id: str  # "crs"; the toxicity as flags, episodes and cohort counts name it
    record_kind: str  # the storage kind of its records ("crs", "lab"); new kinds use `id`
    label: str  # short, as lists and table headers show it ("CRS")
    name: str  # in full ("Cytokine release syndrome")
    record_label: str  # one record in words ("CRS assessment"), for history and messages
    scale: str  # "ASTCT 2019", "CTCAE v5.0"
    source: str  # where the grading rule comes from (reference document and section)
    record_type: type  # the dataclass its records are (clinical.model or ToxicityRecord)
    time_field: str  # the record's field holding when it was assessed / drawn / began
    inputs: tuple[InputSpec, ...]
    grade: Callable[[Mapping[str, object]], Grade]  # pure: the inputs' values -> Grade with reasons
    order: int  # position in tabs, tables and lists (CRS 10, ICANS 20, neutropenia 30, ...)
    episode_rule: EpisodeRule = "consecutive"
    trial_key: str | None = None  # the toxicity's figure in clinical/data/trial.toml; None: none
    flag_from_grade: int = 3  # records at or above this effective grade raise a flag
    # A dose given while an episode at flag_from_grade or more is open asks for a protocol check
    # (clinical/flags.py); False for a count the leukaemia itself lowers (neutropenia).
    dose_check: bool = True
    # A grade before the first dose is expected (a blood count the disease lowers): shown as
    # information, not a warning, when it is not treatment-emergent (clinical/flags.py).
    baseline_expected: bool = False
    max_grade: int = 5
    overridable: bool = False  # a physician may override the computed grade (with a reason)
    links_dose: bool = False  # each record follows one given dose (e.g. injection site reaction)
    form: str = ""  # a richer form the GUI registers under this name; "" = the generic form
    chart: ChartHint | None = None
    ctcae_term: str = ""  # the CTCAE term graded, when the scale is CTCAE
    # Assessed at the bedside on the routine (cycle 1 days 1-8, within 24 h after a given dose) and,
    # while an episode is open, again at the clinic's re-assessment interval: Today lists the
    # missing checks and the open episode's next assessment (CRS, ICANS). Other toxicities reach
    # Today through their flags and not-gradable checks only.
    routine_checks: bool = False
    # False: an observation (a vital sign), recorded and read by a rule (febrile neutropenia reads
    # body temperatures) but never graded: no grade column, no episodes, flags or cohort counts,
    # never "not gradable" (clinical/toxicities/registry.py: toxicities() leaves it out).
    graded: bool = True
    # The input holding a body temperature in °C, for kinds that measure one (CRS, the temperature
    # vital sign): febrile neutropenia reads every such temperature (clinical/flags.py).
    temperature_input: str = ""
    # The header of the patient list's column showing each patient's worst effective grade of this
    # toxicity ("CRS", "Neutr."); "" = no such column (the list's Flags column counts it anyway).
    list_column: str = ""
    # What the record's time is, in words ("Onset"); "" = the time it was assessed.
    time_label: str = ""
    # Rules across inputs that no single input can check (a resolution before the onset, a
    # free-text name an "Other, specify" term needs): (values, the record's time) -> None, or
    # clinical.errors.ValidationError naming the input. Storage runs it after each input's check.
    check: Callable[[Mapping[str, object], dt.datetime], None] | None = None
    # The "events" episode rule: the input holding when an event resolved (UTC ISO text, None
    # while open) and the event's name from its values (records of one name form episodes).
    resolved_input: str = ""
    event_name: Callable[[Mapping[str, object]], str] | None = None
    # A "ticks" input whose any tick makes the record serious (ICH E2A): a flag (clinical/flags.py).
    serious_input: str = ""

    @property
    def comparator_text(self) -> str:
        """What the cohort view says when the trial gave no figure."""
        return "" if self.trial_key else NO_TRIAL_COMPARATOR

    @property
    def phrase(self) -> str:
        """The label inside a sentence: "CRS" and "ICANS" as written, "neutropenia" and "injection
        site reaction" in lower case ("Grade 3 injection site reaction at ...")."""
        acronym = len(self.label) > 1 and self.label[:2].isupper()
        return self.label if acronym else self.label[:1].lower() + self.label[1:]

    def effective_grade(self, record: object) -> int | None:
        """The grade that counts: the clinician's override when there is one, else the computed one."""
        value = getattr(record, "effective_grade", getattr(record, "grade", None))
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def record_scale(self, record: object) -> str:
        """The scale the record was graded on (the definition's when the record holds none)."""
        return str(getattr(record, "scale", "") or self.scale)

    def input(self, name: str) -> InputSpec:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.id} has no input {name!r}")

    def values(self, record: object) -> dict[str, object]:
        """The input values of one record of this toxicity, by input name."""
        stored = getattr(record, "values", None)
        if not isinstance(stored, Mapping):  # a typed record (clinical.model): inputs are fields
            return {spec.name: getattr(record, spec.name, None) for spec in self.inputs}
        # A ToxicityRecord: inputs live in `values`, except the linked dose, a column of its own
        # (its `grade` attribute is the computed grade, not a picked one: never read from there).
        return {
            spec.name: getattr(record, "dose_id", None) if spec.type == "dose" else stored.get(spec.name)
            for spec in self.inputs
        }

    def grade_record(self, record: object) -> Grade:
        """The grade its inputs give now (what a correction recomputes)."""
        return self.grade(self.values(record))

    def name_of(self, record: object) -> str:
        """What the record is of within the toxicity (an adverse event's term), "" when the
        definition names none."""
        return "" if self.event_name is None else self.event_name(self.values(record))

    def resolved(self, record: object) -> dt.datetime | None:
        """When the event the record describes resolved (`resolved_input`), None while open or when
        the definition records no resolution."""
        value = self.values(record).get(self.resolved_input) if self.resolved_input else None
        if isinstance(value, dt.datetime):
            return value
        return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None

    def serious(self, record: object) -> tuple[str, ...]:
        """The seriousness criteria ticked (`serious_input`), in their labels; () when not serious."""
        if not self.serious_input:
            return ()
        spec = self.input(self.serious_input)
        ticked = self.values(record).get(self.serious_input) or ()
        return tuple(label for stored, label in spec.choices if stored in ticked)  # type: ignore[operator]

    def at(self, record: object) -> dt.datetime:
        """When the record was assessed (its `time_field`)."""
        value = getattr(record, self.time_field)
        if not isinstance(value, dt.datetime):
            raise TypeError(f"{self.record_kind} record has no time in {self.time_field}")
        return value

    def with_grade(self, record: object, grade: Grade) -> object:
        """The record with `grade` stored in it (grade, scale, reasons), as storage saves it."""
        names = {f.name for f in dataclasses.fields(record)}  # type: ignore[arg-type]
        changes: dict[str, object] = {"grade": grade.grade, "reasons": grade.reasons}
        if "scale" in names:
            changes["scale"] = grade.scale
        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
