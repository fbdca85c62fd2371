"""File > Import lab results... in the real window (issue 19): the file read with its detected
delimiter, the columns mapped, the preview listing refused rows with why, Import writing every
accepted row as one step that Edit > Undo takes back whole; a cancelled import writes nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QProgressDialog

from gui.main_window import MainWindow
from gui.settings import Settings

PLT = "platelet_count_decreased"


def _file(tmp_path: Path, today: dt.date, rows: int = 0) -> Path:
    day = (today - dt.timedelta(days=2)).isoformat()
    lines = [
        "Patient;Collected;Analyte;Result;Units;Ref Low",
        f"044-0012;{day} 08:00;NEUT;0,4;G/L;1,8",
        f"044-0012;{day} 08:00;PLT;20;10^9/L;150",
        f"044-9999;{day} 08:00;PLT;20;10^9/L;150",
    ]
    start = dt.datetime.combine(today - dt.timedelta(days=3), dt.time(0, 0))
    lines += [
        f"044-0012;{(start + dt.timedelta(minutes=i)):%Y-%m-%d %H:%M};NEUT;2,5;G/L;" for i in range(rows)
    ]
    path = tmp_path / "city-lab.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


def _open(qtbot: Any, session: Any, settings_path: Path) -> tuple[MainWindow, Any]:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    action = win.actions_.by_name["import_labs"]
    assert action.isEnabled() and "Import lab results" in action.text()
    action.trigger()
    dialog = win.last_dialog
    assert type(dialog).__name__ == "LabImportDialog"
    return win, dialog


def test_import_previews_commits_and_undoes_as_one_step(
    qtbot: Any,
    session: Any,
    repo: Any,
    settings_path: Path,
    tmp_path: Path,
    today: dt.date,
    first_patient: Any,
) -> None:
    win, dialog = _open(qtbot, session, settings_path)
    assert dialog.load(_file(tmp_path, today))
    assert "3 rows read" in dialog.summary.text() and "';'" in dialog.summary.text()
    dialog.columns["patient"].setCurrentIndex(dialog.columns["patient"].findData("Patient"))
    assert dialog.columns["drawn_at"].currentData() == "Collected"  # guessed from the header
    dialog.source.setText("City lab")
    assert dialog.make_preview()
    assert "2 rows will be added, 1 refused" in dialog.summary.text()
    model = dialog.model
    assert model.index(0, 1).data() == "Refused" and model.index(0, 6).data().startswith("unknown patient")
    if os.environ.get("TOXTRACK_SHOTS"):
        dialog.grab().save(str(Path(os.environ["TOXTRACK_SHOTS"]) / "lab-import.png"))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (lab,) = repo.labs(first_patient)
    assert (lab.anc, lab.lln, lab.grade) == (0.4, 1.8, 4)
    assert repo.records(PLT, first_patient)[0].grade == 4
    assert repo.import_batches()[0][1] == 2
    assert "Import lab results from city-lab.csv" in win.actions_["undo"].text()
    win.actions_["undo"].trigger()
    assert repo.labs(first_patient) == [] and repo.records(PLT, first_patient) == []
    # the mapping is remembered for the source
    _, again = _open(qtbot, session, settings_path)
    assert again.saved.findData("City lab") >= 0


def test_cancelled_import_writes_nothing(
    qtbot: Any,
    session: Any,
    repo: Any,
    settings_path: Path,
    tmp_path: Path,
    today: dt.date,
    first_patient: Any,
    message_boxes: list[str],
) -> None:
    _, dialog = _open(qtbot, session, settings_path)
    dialog.load(_file(tmp_path, today, rows=4500))
    dialog.columns["patient"].setCurrentIndex(dialog.columns["patient"].findData("Patient"))
    assert dialog.make_preview()
    head = repo.audit_head()

    original = dialog.commit

    def commit() -> None:  # Cancel pressed as the progress dialog shows its first step
        set_value = QProgressDialog.setValue

        def patched(self: QProgressDialog, value: int) -> None:
            set_value(self, value)
            if value > 0:
                self.cancel()

        QProgressDialog.setValue = patched  # type: ignore[method-assign]
        try:
            original()
        finally:
            QProgressDialog.setValue = set_value  # type: ignore[method-assign]

    commit()
    assert any("cancelled" in m for m in message_boxes)
    assert repo.labs(first_patient) == [] and repo.audit_head() == head and dialog.isVisible()
