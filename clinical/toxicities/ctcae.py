"""CTCAE v5.0 terms from the shipped NCI list, and toxicities graded by picking a CTCAE sentence.

The list (clinical/data/ctcae-v5.0.csv, provenance in ctcae-v5.0.README.md) is read when a term
is first needed, and only that term's row is parsed: the injection site reaction's definition is
built when the registry loads, on the start-up path, and parsing all 837 rows took ~16 ms there
(issue 14); `ctcae_terms()` parses them all for the callers that want every term.

A term graded by the clinician's choice of the official sentence (most CTCAE terms: "Injection
site reaction", "Tremor") becomes a definition through `picked_grade_definition`:
the grades CTCAE does not define for the term are not offered, and the reason of the grade is the
sentence itself.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from clinical.data import packaged_text
from clinical.grade_result import Grade
from clinical.toxicities.definition import ChartHint, InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord

CTCAE_FILE = "ctcae-v5.0.csv"
CTCAE_V5 = "CTCAE v5.0"
# Grade 0 is not a CTCAE sentence: it is the absence of the event, recorded so that an episode can
# be seen to resolve (clinical/episodes.py closes an episode at the first later grade 0).
ABSENT_LABEL = "None: not present, or resolved"


@dataclass(frozen=True)
class CtcaeTerm:
    """One CTCAE v5.0 term as NCI words it."""

    meddra_code: str
    soc: str
    term: str
    grades: tuple[tuple[int, str], ...]  # (grade, official sentence), only the grades CTCAE defines
    definition: str
    navigational_note: str

    def sentence(self, grade: int) -> str:
        for number, text in self.grades:
            if number == grade:
                return text
        raise ValueError(f"CTCAE v5.0 defines no grade {grade} for {self.term}")


def _term(row: Mapping[str, str]) -> CtcaeTerm:
    grades = tuple(
        (grade, row[f"grade_{grade}"].strip())
        for grade in range(1, 6)
        if row[f"grade_{grade}"].strip() not in ("", "-")
    )
    return CtcaeTerm(
        row["meddra_code"], row["soc"], row["term"], grades, row["definition"], row["navigational_note"]
    )


@functools.cache
def ctcae_terms() -> dict[str, CtcaeTerm]:
    """Every CTCAE v5.0 term by its exact name (read once: immutable reference data)."""
    reader = csv.DictReader(io.StringIO(_ctcae_text()))
    return {row["term"]: _term(row) for row in reader}


@functools.cache
def _ctcae_text() -> str:
    return packaged_text(CTCAE_FILE)


def _line_starts(text: str, name: str) -> Iterator[int]:
    """The start of each line where `name` appears as a whole field (a plain find, then a step back
    to the line's start: a regular expression anchored at every line took ~1.4 ms over the list)."""
    for field in (f",{name},", f',"{name}",'):
        at = text.find(field)
        while at >= 0:
            yield text.rfind("\n", 0, at) + 1
            at = text.find(field, at + 1)


def _lines_from(text: str, start: int) -> Iterator[str]:
    """The text's lines from `start` on, each cut only when the csv module asks for it."""
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _row_of(name: str) -> dict[str, str] | None:
    """The CSV row of the term `name`, parsed alone: the term found as a field, its line checked to
    start a record (MedDRA code, SOC, then the term, quoted or not), and the csv module reading that
    one record. None when no such record is found or it does not read back as
    a whole row of this term (the caller then parses the whole list)."""
    text = _ctcae_text()
    header = next(csv.reader(_lines_from(text, 0)))
    spelled = re.escape(name)
    record = re.compile(rf'\d+,(?:"[^"]*"|[^,"\n]*),(?:"{spelled}"|{spelled}),')
    start = next((s for s in _line_starts(text, name) if record.match(text, s)), None)
    if start is None:
        return None
    row = next(csv.DictReader(_lines_from(text, start), fieldnames=header), None)
    if row is None or row.get("term") != name or None in row or None in row.values():
        return None
    return row


@functools.cache
def ctcae_term(name: str) -> CtcaeTerm:
    """One CTCAE v5.0 term by its exact name, its row read without parsing the other 836."""
    row = _row_of(name)
    if row is not None:
        return _term(row)
    try:
        return ctcae_terms()[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a CTCAE v5.0 term") from None


OTHER_SPECIFY = "Other, specify"


def is_other_specify(term: str) -> bool:
    """Whether a term is one of CTCAE's "<system organ class> - Other, specify" terms, which take
    a free-text name of the event."""
    return term.endswith(f"- {OTHER_SPECIFY}")


def known_term(name: object) -> CtcaeTerm | None:
    """The CTCAE v5.0 term of this exact name, None for anything else."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ctcae_term(name)
    except ValueError:
        return None


def grade_choices(name: object) -> tuple[tuple[str, str], ...]:
    """The grades CTCAE v5.0 defines for the term, each with its sentence ("2", "Grade 2: ...");
    none for a name that is not a term."""
    term = known_term(name)
    return () if term is None else tuple((str(g), f"Grade {g}: {text}") for g, text in term.grades)


def _picked(term: CtcaeTerm, values: Mapping[str, object]) -> Grade:
    raw = values.get("grade")
    if raw is None or raw == "":
        return Grade(None, CTCAE_V5, ("Not gradable: no grade was picked",))
    grade = int(str(raw))
    if grade == 0:
        return Grade(0, CTCAE_V5, (f"Grade 0: no {term.term.lower()}",))
    return Grade(grade, CTCAE_V5, (f"Grade {grade}: {term.sentence(grade)}",))


def picked_grade_definition(
    term_name: str,
    *,
    order: int,
    links_dose: bool = False,
    extra_inputs: tuple[InputSpec, ...] = (),
    source: str,
) -> ToxicityDefinition:
    """A toxicity graded by picking one of its CTCAE v5.0 sentences (grade 0: absent or resolved)."""
    term = ctcae_term(term_name)
    identifier = term.term.lower().replace(" ", "_").replace(",", "")
    choices = (("0", ABSENT_LABEL), *((str(g), f"Grade {g}: {text}") for g, text in term.grades))
    pick = InputSpec(
        "grade",
        "Grade",
        "grade_pick",
        choices=choices,
        hint=term.definition,
    )
    inputs: tuple[InputSpec, ...] = ()
    if links_dose:
        inputs += (InputSpec("dose_id", "After the dose given", "dose"),)
    inputs += (pick, *extra_inputs)
    return ToxicityDefinition(
        id=identifier,
        record_kind=identifier,
        label=term.term,
        name=term.term,
        record_label=term.term.lower(),
        scale=CTCAE_V5,
        source=source,
        record_type=ToxicityRecord,
        time_field="assessed_at",
        inputs=inputs,
        grade=lambda values: _picked(term, values),
        order=order,
        max_grade=max(g for g, _ in term.grades),
        links_dose=links_dose,
        chart=ChartHint(term.term),
        ctcae_term=term.term,
    )


@dataclass(frozen=True)
class Redirect:
    """A word a user may look for that CTCAE v5.0 does not grade as a term, or that ToxTrack records
    elsewhere: the note shown while it is typed, and the term suggested instead ("" = none here)."""

    words: tuple[str, ...]  # lower case; any of them typed (as part of the search) shows the note
    note: str
    term: str = ""


# ToxTrack's navigational notes beside CTCAE's own (each term's `navigational_note`). Sources:
# "Aphasia": no such term in CTCAE v5.0 (all 837 rows searched), map to Dysphasia or Encephalopathy
# (clinical-reference-2.md §4, Dysphasia row); ICANS is graded by ASTCT 2019 and tremor by CTCAE
# outside it (clinical-reference.md §3.2; clinical-reference-2.md §4, Tremor row); CRS by ASTCT 2019
# (clinical-reference.md §2); the ANC graded from the lab result (clinical-reference.md §4.1). Each
# of those has its own tab: recording it here as well would count it twice. A CTCAE term that a
# registered toxicity grades on its own tab (its `ctcae_term`) says so from the registry
# (gui/widgets/term_search.py), not from this list.
REDIRECTS: tuple[Redirect, ...] = (
    Redirect(
        ("aphasia",),
        "Aphasia is not a CTCAE v5.0 term: record it as Dysphasia (or as Encephalopathy).",
        "Dysphasia",
    ),
    Redirect(
        ("icans", "immune effector", "neurotox"),
        "ICANS-graded neurotoxicity is recorded as ICANS (ASTCT 2019) on the ICANS tab, not here; "
        "tremor outside ICANS is recorded here as Tremor.",
    ),
    Redirect(
        ("cytokine release", "crs"),
        "Cytokine release syndrome is graded by ASTCT 2019 on the CRS tab, not here.",
    ),
    Redirect(
        ("neutropenia",),
        "Neutropenia is graded from the ANC on the Labs tab (CTCAE v5.0), not here.",
    ),
)


PARTIAL_FROM = 4  # letters typed from which the start of a one-word key shows its note ("aphas")


def redirects_for(text: str) -> tuple[Redirect, ...]:
    """The notes whose words appear in what was typed (or in the term chosen), or whose one-word
    key starts with what was typed so far."""
    typed = text.strip().lower()
    if not typed:
        return ()

    def hit(word: str) -> bool:
        partial = " " not in word and len(typed) >= PARTIAL_FROM and word.startswith(typed)
        return word in typed or partial

    return tuple(r for r in REDIRECTS if any(hit(word) for word in r.words))
