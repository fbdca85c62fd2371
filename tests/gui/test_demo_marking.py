"""Demo data stay demo, in the real window (issue 11): the demo cohort is not offered or loaded into a
file with real patients; a file holding demo patients says so in the title, a permanent banner, the
patient list's own column and the cohort dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clinical.model import DEMO_LABEL
from gui.main_window import MainWindow
from gui.session import Session
from gui.settings import Settings
from tests.gui.words import tr


def test_demo_is_refused_into_a_file_with_real_patients(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, message_boxes: list[str]
) -> None:
    from gui.dialogs.demo_cohort import offer_demo

    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    assert not win.actions_.by_name["load_demo"].isEnabled()  # not offered: 2 real patients
    assert not win.demo_banner.isVisibleTo(win) and DEMO_LABEL not in win.windowTitle()
    before = repo.patient_ids()
    offer_demo(win, session, ask=False)  # even when asked for directly, storage refuses it
    qtbot.waitUntil(lambda: any("real patient" in m for m in message_boxes), timeout=60_000)
    assert any("new, empty database" in m for m in message_boxes)
    assert repo.patient_ids() == before and not repo.has_demo_patients()


def test_a_demo_file_says_so_everywhere(qtbot: Any, tmp_path: Path, settings_path: Path) -> None:
    from gui.dialogs.demo_cohort import DEMO_PATIENTS, offer_demo
    from storage.repository import Repository

    with Repository.open(tmp_path / "empty.db", create=True) as empty:
        win = MainWindow(Session(empty), Settings(settings_path))
        qtbot.addWidget(win)
        win.show()
        assert win.actions_.by_name["load_demo"].isEnabled()  # offered for a new, empty file
        assert not win.demo_banner.isVisible()
        offer_demo(win, win.session, ask=False)
        qtbot.waitUntil(lambda: len(empty.patient_ids()) == DEMO_PATIENTS, timeout=60_000)
        label = tr("wording", DEMO_LABEL)
        assert win.windowTitle().startswith(label)
        assert win.demo_banner.isVisible() and label in win.demo_banner.text()
        assert not win.actions_.by_name["load_demo"].isEnabled()  # the file is no longer empty
        qtbot.waitUntil(lambda: win.patient_list.model.total_count() == DEMO_PATIENTS)
        model = win.patient_list.model
        headers = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
        column = headers.index(tr("PatientListModel", "Data"))
        assert model.index(0, column).data() == tr("PatientListModel", "Demo")
        win.show_page("cohort")
        assert win.cohort is not None
        notice = win.cohort.demo  # type: ignore[attr-defined]
        qtbot.waitUntil(notice.isVisible)
        assert label in notice.text()
        win.close()


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
