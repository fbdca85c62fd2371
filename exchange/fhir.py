"""FHIR export (issue 19, ../shared/clinical-reference-2.md §6.2): R4-shaped AdverseEvent resources
(fhir.resources' R4B models, FHIR 4.3.0: the R4 models are not shipped by fhir.resources 8.x) in a
collection Bundle, the CTCAE grade in the HL7 AE research backport IG's ae-grade extension (a
CodeableConcept: the grade as its code and text; no code system is named, since §6.2 verified only the
value set)."""

from __future__ import annotations

import json
from pathlib import Path

from clinical.toxicities import all_definitions
from exchange.exports import (
    DEMO_MARK,
    ExportData,
    atomic_write,
    checked_output,
)

GRADE_EXTENSION = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade"
FHIR_VERSION = "4.3.0 (R4B models of fhir.resources, R4-shaped AdverseEvent)"


def fhir_bundle(data: ExportData) -> dict[str, object]:
    """A collection Bundle: a Patient per subject (its subject id as identifier) and an AdverseEvent per
    episode (event text, onset as date, the CTCAE grade in the ae-grade extension), validated by
    fhir.resources' models."""
    from fhir.resources.R4B.bundle import Bundle

    names = {d.id: d.name for d in all_definitions()}
    entries: list[dict[str, object]] = []
    for patient in data.tables["patients"]:
        subject = str(patient["subject_id"])
        entries.append(
            {
                "fullUrl": f"urn:toxtrack:patient:{subject}",
                "resource": {
                    "resourceType": "Patient",
                    "id": _fhir_id(subject),
                    "identifier": [{"system": "urn:toxtrack:subject-id", "value": subject}],
                },
            }
        )
    for n, episode in enumerate(data.tables["episodes"], start=1):
        term = str(episode["name"] or names.get(str(episode["toxicity"]), episode["toxicity"]))
        grade = str(episode["peak_grade"])
        resource: dict[str, object] = {
            "resourceType": "AdverseEvent",
            "id": f"ae-{n}",
            "extension": [
                {
                    "url": GRADE_EXTENSION,
                    "valueCodeableConcept": {
                        "coding": [{"code": grade, "display": f"Grade {grade}"}],
                        "text": f"{episode['scale'] or 'CTCAE v5.0'} grade {grade}",
                    },
                }
            ],
            "actuality": "actual",
            "event": {"text": term},
            "subject": {"reference": f"Patient/{_fhir_id(str(episode['subject_id']))}"},
            "date": str(episode["onset"]),
        }
        if data.demo:
            resource["meta"] = {"tag": [{"code": "demo", "display": DEMO_MARK}]}
        entries.append({"fullUrl": f"urn:toxtrack:adverse-event:{n}", "resource": resource})
    bundle: dict[str, object] = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if data.demo:
        bundle["meta"] = {"tag": [{"code": "demo", "display": DEMO_MARK}]}
    validated = Bundle.model_validate(bundle)
    return dict(json.loads(validated.model_dump_json()))


def _fhir_id(subject: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in subject)[:64]


def write_fhir(data: ExportData, path: Path, db: Path) -> Path:
    """The bundle as JSON; its manifest beside it (<name>.manifest.json)."""
    checked_output(path, db)
    bundle = fhir_bundle(data)
    atomic_write(path, json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8"))
    data.manifest["format"] = "fhir"
    data.manifest["fhir_version"] = FHIR_VERSION
    manifest = path.with_name(path.name + ".manifest.json")
    checked_output(manifest, db)
    atomic_write(manifest, json.dumps({**data.manifest, "files": [path.name]}, indent=2).encode("utf-8"))
    return path
