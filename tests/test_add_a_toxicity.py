"""Adding a toxicity is adding one definition module (issue 14, docs/architecture.md).

A child process puts a module defining CTCAE v5.0 "Tremor" (graded by picking its sentence) beside
the shipped definitions, in a folder of its own, and nothing else: no storage, flag, cohort, report,
CLI or GUI code names it. Through the real layers it is then stored and audited, flagged at grade 3
with no trial comparator, counted in the cohort, printed in the cycle PDF, and given a patient tab.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import datetime as dt, json, pathlib, sys
folder = pathlib.Path(sys.argv[1])
(folder / "defs").mkdir()
(folder / "defs" / "tremor.py").write_text(
    "from clinical.toxicities.ctcae import picked_grade_definition\n"
    "DEFINITION = picked_grade_definition('Tremor', order=50, source='CTCAE v5.0 Tremor')\n"
)
import clinical.toxicities.definitions as definitions
definitions.__path__.append(str(folder / "defs"))  # the shipped folder is left untouched

from clinical.flags import patient_flags
from clinical.model import DoseStatus, InjectionSite, Patient
from clinical.toxicities import ToxicityRecord, toxicity
from pypdf import PdfReader
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cycle_summary
from storage import Repository

now = dt.datetime(2026, 3, 6, 12, tzinfo=dt.UTC)
db = folder / "clinic.db"
seen = {"ids": [], "flags": [], "history": 0}
with Repository.open(db, user="nurse", clock=lambda: now) as repo:
    pid = repo.add_patient(Patient("044-0001", "SC 250/500", dt.date(2026, 3, 1))).id
    repo.start_cycle(pid, dt.date(2026, 3, 2))
    dose = repo.doses(pid)[0]
    repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
                     amount_ug=dose.planned_ug, site=InjectionSite.ARM_LEFT)
    saved = repo.add_record("tremor", ToxicityRecord("tremor", pid, dt.datetime(2026, 3, 4, 8, tzinfo=dt.UTC),
                                                     {"grade": "3"}))
    seen["saved_grade"] = saved.grade
    seen["history"] = len(repo.history("tremor", saved.id))
    seen["audit"] = repo.verify_audit()
    flags = patient_flags(repo.get_patient(pid), repo.doses(pid), repo.records_by_kind(pid), now.date(), now)
    seen["flags"] = [f.message for f in flags if f.toxicity == "tremor"]
    seen["cohort"] = [c.grade3plus["tremor"] for c in repo.cohort_counts(now.date()) if c.regimen == "All"]
with Repository.open(db, read_only=True) as repo:
    summary = build_cycle_summary(repo, "044-0001", 1, now=now)
write_cycle_summary(summary, folder / "cycle.pdf")
seen["pdf"] = " ".join("".join(p.extract_text() for p in PdfReader(folder / "cycle.pdf").pages).split())
seen["sentence"] = toxicity("tremor").grade({"grade": "3"}).reasons[0]
import main
seen["window"] = main.main(["--db", str(db), "--screenshot", str(folder / "tab.png"), "--view", "tremor",
                            "--patient", "044-0001"])
print(json.dumps(seen))
"""


def test_a_definition_module_alone_adds_a_toxicity_to_every_layer(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
             "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
             "TOXTRACK_NO_ENCRYPT": "1"},  # its files are unencrypted by this explicit choice (issue 17)
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["saved_grade"] == 3 and seen["history"] == 1 and seen["audit"] == []
    assert len(seen["flags"]) == 1 and "no trial comparator" in seen["flags"][0].lower()
    assert seen["cohort"] == [1]
    assert seen["sentence"].startswith("Grade 3: Severe symptoms")
    assert "Tremor" in seen["pdf"] and seen["sentence"].split(";")[0] in seen["pdf"]
    assert seen["window"] == 0 and "unknown --view" not in result.stderr
    assert (tmp_path / "tab.png").stat().st_size > 0
    assert not (ROOT / "clinical" / "toxicities" / "definitions" / "tremor.py").exists()
