"""File > Load demo cohort and the offer on an empty file: the synthetic cohort is generated off the
GUI thread and written in one audited transaction. Its own module so that the main window (the menu
action) and start-up (the offer) both reach it without the main window importing gui.app, which
imports the main window (issue 14: no import cycles in gui/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.worker import run_in_background

if TYPE_CHECKING:
    from clinical.model import PatientBundle
    from gui.session import Session

DEMO_PATIENTS = 40
DEMO_SEED = 20260302


def offer_demo(parent: QWidget, session: Session, ask: bool = True) -> None:
    """Generate the synthetic cohort off the GUI thread, then write it in one audited transaction
    on the GUI thread's own connection (a second writer would be refused by the lock)."""
    if session.read_only:
        return
    if ask:
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("demo_cohort", "Load demo cohort?"),
            QCoreApplication.translate(
                "demo_cohort",
                "Load {0} synthetic patients to try ToxTrack? They are invented and marked as demo "
                "data; use a separate database file for real patients.",
            ).format(DEMO_PATIENTS),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

    today = session.today()

    def generate() -> list[PatientBundle]:
        from clinical.demo import generate_cohort

        return list(generate_cohort(DEMO_PATIENTS, seed=DEMO_SEED, today=today))

    def write(bundles: list[PatientBundle]) -> None:
        session.write(
            QCoreApplication.translate("demo_cohort", "load demo cohort"),
            lambda repo: repo.bulk_insert(bundles),
            parent=parent,
        )

    run_in_background(
        parent,
        generate,
        write,
        progress_label=QCoreApplication.translate("demo_cohort", "Generating the demo cohort…"),
    )
