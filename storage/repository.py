"""`Repository`: the storage API (docs/storage-api.md), composed from one mixin per role."""

from __future__ import annotations

from storage.cohort import CohortMixin
from storage.repo_accounts import AccountsMixin
from storage.repo_assess import AssessmentsMixin
from storage.repo_checks import OpenChecksMixin
from storage.repo_doses import DosesMixin
from storage.repo_import import ImportMixin
from storage.repo_patients import PatientsMixin
from storage.repo_records import RecordsMixin
from storage.repo_signatures import SignaturesMixin


class Repository(
    RecordsMixin,
    PatientsMixin,
    DosesMixin,
    AssessmentsMixin,
    CohortMixin,
    ImportMixin,
    AccountsMixin,
    SignaturesMixin,
    OpenChecksMixin,
):
    """Takes and returns `clinical.model` records; opens with `Repository.open(path, ...)`.

    One instance owns one connection and, when writable, the database's writer lock; use it
    from one thread (a worker opens its own).
    """
