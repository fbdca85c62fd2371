"""Stories 12 and 15 of ../shared/USER-STORIES.md (issue 16) through the real main window: each user
signs in through the sign-in dialog, typed into; the nurse's dose names her; the window locks when she
walks away and her password unlocks it; File > Sign out lets the physician sign in on the same
machine; the physician signs cycle 1 in the Sign cycle dialog; the cycle PDF (read back) prints her
name, time and meaning; the nurse's next change voids the signature, and the PDF says so. Every audit
row names the user who was signed in, never the operating-system login ("oslogin")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.choices import DoseStatus
from gui.lock_screen import IdleLock
from gui.main_window import MainWindow
from gui.settings import Settings
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cycle_summary
from tests.gui.story_sign_in import STAFF, add_staff, sign_in_by_keys, type_sign_in, written_by
from tests.reports.pdftext import all_text

pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


def _window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    session.select_patient(session.repo.find_patient("044-0012").id)
    win.show_page("patient")
    return win


def _record_due_dose(qtbot: Any, win: MainWindow) -> Any:
    """Ctrl+D's dialog: the first injection site, Enter (story 2)."""
    win.actions_["record_dose"].trigger()
    dialog = win.last_dialog
    assert dialog is not None
    qtbot.keyClick(dialog.site, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.site, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return dialog.dose  # type: ignore[attr-defined]


def _switch_user(qtbot: Any, win: MainWindow, role: str) -> None:
    """File > Sign out; the next user types into the sign-in dialog; the window shows again."""
    seen = type_sign_in(qtbot, role)
    win.actions_["sign_out"].trigger()
    assert seen == ["SignInDialog"] and win.isVisible()
    assert win.session.repo.account.user_id == STAFF[role][0]


def _cycle_pdf(repo: Any, out: Path) -> str:
    write_cycle_summary(build_cycle_summary(repo, "044-0012", 1), out)
    return " ".join(all_text(out).split())


def test_story_12_sign_in_lock_and_the_next_user(
    qtbot: Any, session: Any, repo: Any, settings_path: Path
) -> None:
    add_staff(repo)
    since = sign_in_by_keys(qtbot, repo, "nurse")
    win = _window(qtbot, session, settings_path)
    lock = IdleLock(win)
    dose = _record_due_dose(qtbot, win)
    assert repo.get_dose(dose.id).status == DoseStatus.GIVEN
    assert [(e.user, e.action) for e in repo.history("dose", dose.id)][-1] == ("nina", "record")
    lock.timer.setInterval(50)  # she walks away
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    assert lock.screen is not None and "Nina Nurse (nina)" in lock.screen.who.text()
    qtbot.keyClicks(lock.screen.password, STAFF["nurse"][2])
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert not lock.locked
    _switch_user(qtbot, win, "physician")
    assert written_by(repo, since) == {
        "nina": ["sign_in", "record", "lock", "unlock", "sign_out"],
        "phil": ["sign_in"],
    }


def test_story_15_the_physician_signs_and_a_later_change_voids_it(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, tmp_path: Path
) -> None:
    add_staff(repo)
    since = sign_in_by_keys(qtbot, repo, "physician")
    win = _window(qtbot, session, settings_path)
    assert "Review not signed" in _cycle_pdf(repo, tmp_path / "unsigned.pdf")
    win.actions_["sign_cycle"].trigger()
    dialog: Any = win.last_dialog
    assert dialog is not None and dialog.signer.text() == "Phil Physician (phil)"
    qtbot.keyClicks(dialog.password, STAFF["physician"][2])
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    cycle = repo.cycles(repo.find_patient("044-0012").id)[0]
    signature = repo.cycle_signatures(cycle.id)[-1]
    assert signature.valid and signature.user_id == "phil"
    signed = _cycle_pdf(repo, tmp_path / "signed.pdf")
    assert "Signed by (printed name) Phil Physician (phil)" in signed
    assert signature.signed_at.strftime("%Y-%m-%d %H:%M UTC") in signed
    assert "Reviewed and approved: doses, toxicity grades and flags of this cycle" in signed
    _switch_user(qtbot, win, "nurse")  # the next morning
    _record_due_dose(qtbot, win)
    assert not repo.cycle_signatures(cycle.id)[-1].valid
    void = _cycle_pdf(repo, tmp_path / "void.pdf")
    assert "signature void: changed after signing - re-sign" in void and "valid:" not in void
    rows = written_by(repo, since)
    assert set(rows) == {"phil", "nina"}, rows  # nobody else, and never the OS login
    assert rows["phil"][:2] == ["sign_in", "sign"] and rows["nina"][:2] == ["sign_in", "record"]
