"""Repository role: patients (add, get, find, update)."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from clinical.errors import NotFoundError, ValidationError
from clinical.model import Patient, PatientId
from storage import validation
from storage.repo_edit import EditMixin


class PatientsMixin(EditMixin):
    def add_patient(self, p: Patient) -> Patient:
        """Store a new patient (p.id must be None); the subject id must be unused."""
        self._require("enter")
        if p.id is not None:
            raise ValidationError("id", p.id, "none for a new patient")
        checked = validation.patient(p, self.today())
        with self.transaction():
            if self._scalar("SELECT 1 FROM patient WHERE subject_id = ?", (checked.subject_id,)):
                raise ValidationError("subject_id", checked.subject_id, "a subject id not already used")
            new_id = self._insert("patient", checked)
        return replace(checked, id=PatientId(new_id))

    def has_demo_patients(self) -> bool:
        """Whether the file holds synthetic demo patients: then every window title, banner, PDF page,
        the cohort dashboard and `toxtrack check` say so, so no one takes them for patient records."""
        return bool(self._scalar("SELECT EXISTS (SELECT 1 FROM patient WHERE demo = 1 AND voided = 0)"))

    def real_patient_count(self) -> int:
        """Patients that are not demo data, voided ones included (a voided record is still real data)."""
        return int(cast(int, self._scalar("SELECT count(*) FROM patient WHERE demo = 0")))

    def get_patient(self, pid: PatientId) -> Patient:
        return cast(Patient, self.record("patient", pid))

    def find_patient(self, subject_id: str) -> Patient:
        found = self._scalar("SELECT id FROM patient WHERE subject_id = ?", (subject_id,))
        if found is None:
            raise NotFoundError(f"There is no patient with subject id {subject_id!r}.")
        return self.get_patient(PatientId(cast(int, found)))

    def update_patient(self, pid: PatientId, changes: dict[str, object], reason: str) -> Patient:
        """A correction of the patient's details (reason required, audited field by field)."""
        return cast(Patient, self.correct("patient", pid, changes, reason))
