"""The toxicity registry (issue 14): each definition grades exactly as the reference tables do, the
injection site reaction offers CTCAE's own sentences, and the shipped CTCAE list is the reference's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clinical import grading
from clinical.choices import Hypotension, Oxygen
from clinical.model import CrsAssessment, PatientId
from clinical.toxicities import (
    NO_TRIAL_COMPARATOR,
    ToxicityRecord,
    for_record_kind,
    toxicities,
    toxicity,
)
from clinical.toxicities import registry as registry_module
from clinical.toxicities.ctcae import ctcae_term, ctcae_terms, picked_grade_definition

SHARED_CSV = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "ctcae-v5.0.csv"
SHIPPED_CSV = Path(__file__).resolve().parents[2] / "clinical" / "data" / "ctcae-v5.0.csv"

# clinical-reference-2.md §1.1, Injection site reaction, G1-G5 as the reference table gives them.
ISR_SENTENCES = {
    1: "Tenderness with or without associated symptoms (e.g., warmth, erythema, itching)",
    2: "Pain; lipodystrophy; edema; phlebitis",
    3: "Ulceration or necrosis; severe tissue damage; operative intervention indicated",
    4: "Life-threatening consequences; urgent intervention indicated",
    5: "Death",
}


def test_the_registry_lists_every_toxicity_once_in_display_order() -> None:
    ids = [d.id for d in toxicities()]
    lab_terms = [  # issue 15: the CTCAE lab terms graded from a lab value, after the ANC
        "platelet_count_decreased",
        "lymphocyte_count_decreased",
        "white_blood_cell_decreased",
        "anemia",
        "alanine_aminotransferase_increased",
        "aspartate_aminotransferase_increased",
        "blood_bilirubin_increased",
        "creatinine_increased",
    ]
    assert ids == ["crs", "icans", "neutropenia", *lab_terms, "injection_site_reaction", "adverse_event"]
    kinds = ["crs", "icans", "lab", *lab_terms, "injection_site_reaction", "adverse_event"]
    assert [d.record_kind for d in toxicities()] == kinds
    assert for_record_kind("lab").id == "neutropenia"
    with pytest.raises(ValueError, match="toxicity must be one of: crs, icans"):
        toxicity("tremor")


def test_two_definitions_with_one_id_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    crs_module = importlib.import_module("clinical.toxicities.definitions.crs")
    icans_module = importlib.import_module("clinical.toxicities.definitions.icans")
    monkeypatch.setattr(icans_module, "DEFINITION", crs_module.DEFINITION)
    registry_module.all_definitions.cache_clear()
    registry_module.toxicities.cache_clear()
    try:
        with pytest.raises(ValueError, match="share the id crs"):
            registry_module.toxicities()
    finally:
        monkeypatch.undo()
        registry_module.all_definitions.cache_clear()
        registry_module.toxicities.cache_clear()


@pytest.mark.parametrize(
    ("temperature", "hypotension", "oxygen", "masked"),
    [
        (38.0, "none", "none", False),  # reference §2: fever alone, grade 1
        (37.9, "none", "none", False),  # below 38.0: no CRS
        (39.0, "fluids", "low_flow", False),  # grade 2
        (39.0, "one_vasopressor", "none", False),  # grade 3
        (38.5, "none", "positive_pressure", False),  # grade 4
        (None, "multiple_vasopressors", "none", False),  # not measured: not gradable (issue 11)
        (36.8, "fluids", "none", True),  # fever masked by treatment: graded on the rest
    ],
)
def test_crs_definition_grades_as_the_astct_function(
    temperature: float | None, hypotension: str, oxygen: str, masked: bool
) -> None:
    values = {
        "temperature_c": temperature,
        "hypotension": hypotension,
        "oxygen": oxygen,
        "fever_masked": masked,
    }
    assert toxicity("crs").grade(values) == grading.grade_crs(temperature, hypotension, oxygen, masked)


def test_crs_definition_reads_a_stored_record() -> None:
    record = CrsAssessment(
        PatientId(1),
        dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC),
        39.2,
        Hypotension.ONE_VASOPRESSOR,
        Oxygen.NONE,
    )
    assert toxicity("crs").grade_record(record).grade == 3
    assert toxicity("crs").at(record) == record.assessed_at


@pytest.mark.parametrize(
    ("ice", "consciousness", "seizure", "expected"),
    [
        ([True] * 10, "alert", "none", 0),
        ([True] * 7 + [False] * 3, "alert", "none", 1),  # ICE 7: grade 1 (reference §3.2)
        ([True] * 3 + [False] * 7, "alert", "none", 2),  # ICE 3: grade 2
        ([False] * 10, "awakens_to_touch", "none", 3),
        (None, "alert", "life_threatening", 4),
        (None, "alert", "none", None),  # ICE not assessed, all else normal: not gradable
    ],
)
def test_icans_definition_grades_as_the_astct_function(
    ice: list[bool] | None, consciousness: str, seizure: str, expected: int | None
) -> None:
    values = {"ice_items": ice, "consciousness": consciousness, "seizure": seizure}
    assert toxicity("icans").grade(values).grade == expected


@pytest.mark.parametrize(
    ("anc", "lln", "version", "expected"),
    [
        (0.4, None, "5.0", 4),
        (0.7, None, "5.0", 3),
        (1.2, None, "5.0", 2),
        (1.7, 2.0, "5.0", 1),
        (2.5, 2.0, "5.0", 0),
        (0.05, None, "6.0", 4),
    ],
)
def test_neutropenia_definition_grades_as_the_ctcae_function(
    anc: float, lln: float | None, version: str, expected: int
) -> None:
    grade = toxicity("neutropenia").grade({"anc": anc, "lln": lln, "ctcae_version": version})
    assert grade == grading.grade_neutropenia(anc, lln, version)
    assert grade.grade == expected


def test_injection_site_reaction_offers_the_five_official_sentences_and_grades_by_them() -> None:
    isr = toxicity("injection_site_reaction")
    assert (isr.scale, isr.ctcae_term, isr.links_dose) == ("CTCAE v5.0", "Injection site reaction", True)
    offered = dict(isr.input("grade").choices)
    assert offered.pop("0").startswith("None")  # absence, so an episode can resolve
    assert offered == {str(g): f"Grade {g}: {text}" for g, text in ISR_SENTENCES.items()}
    for grade, text in ISR_SENTENCES.items():
        assert isr.grade({"grade": str(grade)}).reasons == (f"Grade {grade}: {text}",)
        assert isr.grade({"grade": str(grade)}).grade == grade
    assert isr.grade({"grade": None}).grade is None
    assert isr.trial_key is None and isr.comparator_text == NO_TRIAL_COMPARATOR


def test_a_record_of_a_data_defined_kind_keeps_its_picked_grade_and_its_dose_apart() -> None:
    isr = toxicity("injection_site_reaction")
    record = ToxicityRecord(
        isr.record_kind,
        PatientId(1),
        dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
        {"grade": "2"},
        dose_id=7,
        grade=0,
    )  # type: ignore[arg-type]
    assert isr.values(record) == {"dose_id": 7, "grade": "2"}  # not the computed grade attribute
    assert isr.grade_record(record).grade == 2
    with pytest.raises(TypeError):
        record.values["grade"] = "4"  # type: ignore[index]


def test_grades_ctcae_does_not_define_are_not_offered() -> None:
    anc = picked_grade_definition("Neutrophil count decreased", order=99, source="test")
    assert [value for value, _ in anc.input("grade").choices] == ["0", "1", "2", "3", "4"]  # no grade 5
    assert anc.max_grade == 4
    with pytest.raises(ValueError, match="defines no grade 5"):
        ctcae_term("Neutrophil count decreased").sentence(5)


def test_the_shipped_ctcae_list_is_the_reference_list() -> None:
    terms = ctcae_terms()
    assert len(terms) == 837
    assert ctcae_term("Injection site reaction").meddra_code == "10022095"
    if SHARED_CSV.exists():  # the reference folder is beside the repository on the build machine
        assert SHIPPED_CSV.read_bytes() == SHARED_CSV.read_bytes()
