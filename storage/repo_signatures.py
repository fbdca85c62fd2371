"""Signing a patient-cycle and keeping its signature honest (issue 16; storage/signatures.py).

`sign_cycle` re-checks the signer's password (§11.200: within a signed-in session the password
alone) and the role matrix ("sign"), stores the manifestation and the content hash, audited as
"sign". Every write transaction ends in `_after_writes`: a signature whose cycle's content no longer
hashes the same is voided in the same transaction, audited ("void", with who and what changed).
`cycle_signatures` recomputes each hash on reading, so a change made any other way also shows the
signature void, never silently valid; `signature_problems` is what `toxtrack check` reports.
"""

from __future__ import annotations

import datetime as dt

from clinical.errors import NotFoundError, PermissionRefusedError, SignInError
from clinical.model import CycleId, PatientId
from storage import audit
from storage.engine import sqlite3
from storage.repo_base import RepositoryBase
from storage.schema import CREDENTIAL_TABLE, SIGNATURE_TABLE
from storage.signatures import MEANING, Signature, content_hash, cycle_content

_COLUMNS = (
    "id, cycle_id, patient_id, user_id, printed_name, signed_at, meaning, content_hash, voided, void_reason"
)


class SignaturesMixin(RepositoryBase):
    def sign_cycle(self, cycle_id: CycleId, password: str, meaning: str = MEANING) -> Signature:
        """Sign a cycle as the signed-in user, who re-enters the password (SignInError when it is
        wrong, audited as a failed sign-in); PermissionRefusedError for a role that may not sign."""
        from storage import accounts

        self._require("sign")
        account = self.account
        if account is None:
            raise PermissionRefusedError("Nothing was signed: sign in first.")
        stored = str(self._scalar(f"SELECT hash FROM {CREDENTIAL_TABLE} WHERE id = ?", (account.id,)))
        if not accounts.verify(stored, password):
            with self.transaction():
                self._sign_entry(
                    "sign_in_failed", "sign_in", account.id, {"signature": [None, int(cycle_id)]}
                )
            raise SignInError("The password is not right; nothing was signed.")
        pid, text = self._content(cycle_id)
        values: dict[str, object] = {
            "cycle_id": int(cycle_id),
            "patient_id": int(pid),
            "signer": account.id,
            "user_id": account.user_id,
            "printed_name": account.printed_name,
            "signed_at": audit.utc_text(self.now()),
            "meaning": meaning,
            "content_hash": content_hash(text),
        }
        with self.transaction():
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cursor = self._conn.execute(
                f"INSERT INTO {SIGNATURE_TABLE} ({names}) VALUES ({marks})", list(values.values())
            )
            row_id = int(cursor.lastrowid or 0)
            changes = {
                k: [None, v] for k, v in {"id": row_id, **values, "voided": 0, "void_reason": ""}.items()
            }
            self._sign_entry("sign", SIGNATURE_TABLE, row_id, changes)
        return self.cycle_signatures(cycle_id)[-1]

    def cycle_signatures(self, cycle_id: CycleId) -> list[Signature]:
        """The cycle's signatures, oldest first, each with whether its content still matches."""
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM {SIGNATURE_TABLE} WHERE cycle_id = ? ORDER BY id", (cycle_id,)
        )
        if not rows:
            return []
        current = content_hash(self._content(cycle_id)[1])
        return [_signature(row, current) for row in rows]

    def signature_problems(self) -> list[str]:
        """Signatures not voided whose content no longer hashes as signed (`toxtrack check`)."""
        problems = []
        for row in self._rows(f"SELECT {_COLUMNS} FROM {SIGNATURE_TABLE} WHERE voided = 0 ORDER BY id"):
            now = content_hash(self._content(CycleId(int(str(row["cycle_id"]))))[1])
            if now != row["content_hash"]:
                problems.append(
                    f"signature {row['id']} of cycle row {row['cycle_id']} by {row['user_id']}: the cycle's "
                    "records changed after signing without voiding it"
                )
        return problems

    # ---- plumbing ----------------------------------------------------------------------------

    def _after_writes(self, touched: set[tuple[str, int]]) -> None:
        if self._scalar(f"SELECT 1 FROM {SIGNATURE_TABLE} WHERE voided = 0 LIMIT 1") is None:
            return
        patients = {pid for table, row_id in touched if (pid := self._patient_of(table, row_id)) is not None}
        for pid in sorted(patients):
            rows = self._rows(
                f"SELECT {_COLUMNS} FROM {SIGNATURE_TABLE} WHERE patient_id = ? AND voided = 0", (pid,)
            )
            for row in rows:
                if content_hash(self._content(CycleId(int(str(row["cycle_id"]))))[1]) == row["content_hash"]:
                    continue
                what = ", ".join(f"{t} row {r}" for t, r in sorted(touched) if t != SIGNATURE_TABLE)
                reason = f"changed after signing by {self.user}: {what}"
                self._conn.execute(
                    f"UPDATE {SIGNATURE_TABLE} SET voided = 1, void_reason = ? WHERE id = ?",
                    (reason, row["id"]),
                )
                changes: dict[str, list[object]] = {"voided": [0, 1], "void_reason": ["", reason]}
                self._sign_entry("void", SIGNATURE_TABLE, int(str(row["id"])), changes, reason)

    def _patient_of(self, table: str, row_id: int) -> int | None:
        if table == "patient":
            return row_id
        if table == SIGNATURE_TABLE:
            return None
        try:
            value = self._scalar(f"SELECT patient_id FROM {table} WHERE id = ?", (row_id,))
        except sqlite3.OperationalError:  # a table without patient_id: no cycle's content
            return None
        return None if value is None else int(str(value))

    def _content(self, cycle_id: CycleId) -> tuple[PatientId, str]:
        reader = self  # the mixins' readers (Repository): cycles, doses, records_by_kind, get_patient
        pid = self._scalar("SELECT patient_id FROM cycle WHERE id = ?", (cycle_id,))
        if pid is None:
            raise NotFoundError(f"There is no cycle with row id {cycle_id}.")
        patient_id = PatientId(int(str(pid)))
        cycles = reader.cycles(patient_id)  # type: ignore[attr-defined]
        cycle = next((c for c in cycles if c.id == cycle_id), None)
        if cycle is None:  # a voided cycle: its signature's content is gone
            return patient_id, f"cycle {int(cycle_id)} voided"
        text = cycle_content(
            reader.get_patient(patient_id),  # type: ignore[attr-defined]
            cycle,
            cycles,
            reader.doses(patient_id, include_voided=True),  # type: ignore[attr-defined]
            reader.records_by_kind(patient_id, include_voided=True),  # type: ignore[attr-defined]
        )
        return patient_id, text

    def _sign_entry(
        self, action: str, table: str, row_id: int, changes: dict[str, list[object]], reason: str = ""
    ) -> None:
        entry = audit.PendingEntry(
            audit.utc_text(self.now()), self.user, action, table, row_id, audit.canonical(changes), reason
        )
        audit.append(self._db, [entry])


def _signature(row: dict[str, object], current: str) -> Signature:
    return Signature(
        id=int(str(row["id"])),
        cycle_id=int(str(row["cycle_id"])),
        user_id=str(row["user_id"]),
        printed_name=str(row["printed_name"]),
        signed_at=dt.datetime.fromisoformat(str(row["signed_at"])),
        meaning=str(row["meaning"]),
        content_hash=str(row["content_hash"]),
        voided=bool(row["voided"]),
        void_reason=str(row["void_reason"]),
        matches=current == row["content_hash"],
    )
