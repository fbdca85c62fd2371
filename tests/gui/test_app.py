"""The application shell: main window, actions, read-only mode, undo, geometry, start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from gui.actions import action_specs
from gui.dialogs.new_patient_dialog import NewPatientDialog
from gui.main_window import MainWindow
from gui.session import Session
from gui.settings import Settings
from tests.gui.words import tr
from tests.signed_in import TESTER, TESTER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    return win


def test_standard_shortcuts_are_declared_once(qapp: Any) -> None:
    specs = {s.name: s for s in action_specs()}
    expected = {
        "new_patient": "Ctrl+N",
        "search": "Ctrl+F",
        "refresh": "F5",
        "record_dose": "Ctrl+D",
        "crs_form": "Ctrl+1",
        "icans_form": "Ctrl+2",
        "lab_form": "Ctrl+3",
        "quit": "Ctrl+Q",
    }
    for name, keys in expected.items():
        assert QKeySequence(specs[name].shortcut) == QKeySequence(keys), name
    assert QKeySequence(specs["undo"].shortcut).matches(QKeySequence("Ctrl+Z"))
    shortcuts = [QKeySequence(s.shortcut).toString() for s in specs.values() if s.shortcut]
    assert len(shortcuts) == len(set(shortcuts))


def test_menus_hold_every_action(window: MainWindow) -> None:
    from PySide6.QtCore import QCoreApplication

    titles = [a.text() for a in window.menuBar().actions()]
    actions = ["&File", "&Edit", "&Patient", "&View"]
    expected = [QCoreApplication.translate("actions", t) for t in actions]
    expected += [QCoreApplication.translate("translation", "&Settings")]
    expected += [QCoreApplication.translate("actions", "&Help")]
    assert titles == expected
    in_menus = {a for m in window.menuBar().actions() for a in m.menu().actions()}
    assert set(window.actions_.by_name.values()) <= in_menus


def test_patient_actions_need_a_selected_patient(
    window: MainWindow, session: Any, first_patient: Any
) -> None:
    assert not window.actions_["crs_form"].isEnabled()
    session.select_patient(first_patient)
    assert window.actions_["crs_form"].isEnabled() and window.actions_["record_dose"].isEnabled()
    assert window.workspace.patient_id == first_patient
    header = window.workspace.header.text()
    assert "044-0012" in header and tr("Workspace", "cycle {0} day {1}").format(1, 5) in header


def test_ctrl_n_creates_a_patient_and_ctrl_z_undoes_it(qtbot: Any, window: MainWindow, repo: Any) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.last_dialog
    assert isinstance(dialog, NewPatientDialog)
    qtbot.keyClicks(dialog.subject_id, "044-0077")
    qtbot.keyClick(dialog.subject_id, Qt.Key.Key_Return)  # OK is the default button
    qtbot.waitUntil(lambda: window.patient_list.model.total_count() == 3)
    created = repo.find_patient("044-0077")
    assert window.session.current_patient == created.id
    assert window.actions_["undo"].isEnabled() and "044-0077" in window.actions_["undo"].text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.patient_list.model.total_count() == 2)
    assert not window.actions_["undo"].isEnabled()
    actions = [e.action for e in repo.history("patient", created.id)]
    assert actions[0] == "insert" and actions[-1] == "void"  # undone as a new audited change


def test_read_only_session_disables_writes_and_shows_banner(
    qtbot: Any, repo: Any, db_path: Path, settings_path: Path
) -> None:
    from storage.repository import Repository

    with Repository.open(db_path, read_only=True) as second:
        win = MainWindow(Session(second), Settings(settings_path), holder="nurse@ward pid 12")
        qtbot.addWidget(win)
        win.show()
        assert win.banner.isVisible() and "nurse@ward" in win.banner.text()
        assert tr("MainWindow", " (read-only)") in win.windowTitle()
        write_actions = [s.name for s in action_specs() if s.writes]
        assert write_actions and not any(win.actions_[n].isEnabled() for n in write_actions)
        assert win.actions_["search"].isEnabled() and win.actions_["refresh"].isEnabled()
        win.close()


def test_notices_from_the_checks_at_open_show_in_the_banner(
    qtbot: Any, tmp_path: Path, settings_path: Path
) -> None:
    """A writable session in a cloud-sync folder is warned on screen, not only in a log."""
    from storage.repository import Repository

    synced = tmp_path / "OneDrive" / "clinic"
    synced.mkdir(parents=True)
    with Repository.open(synced / "toxtrack.db") as repo:
        assert repo.notices and not repo.read_only
        win = MainWindow(Session(repo), Settings(settings_path))
        qtbot.addWidget(win)
        win.show()
        assert win.banner.isVisible()
        assert repo.notices[0] in win.banner.text()
        assert "Read-only" not in win.banner.text()
        win.close()


def test_writable_session_hides_banner(window: MainWindow) -> None:
    assert not window.banner.isVisible()
    assert window.actions_["new_patient"].isEnabled()


def test_views_switch_pages_and_tabs(window: MainWindow, session: Any, first_patient: Any) -> None:
    session.select_patient(first_patient)
    assert window.show_view("crs")
    assert window.pages.currentWidget() is window.workspace
    assert window.workspace.tabs.tabText(window.workspace.tabs.currentIndex()) == "CRS"
    assert window.show_view("today") and window.pages.currentWidget() is window.today
    assert not window.show_view("nonsense")


def test_geometry_is_remembered(qtbot: Any, session: Any, settings_path: Path) -> None:
    first = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(first)
    first.resize(700, 520)
    first.show()
    first.close()
    second = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TOXTRACK_DB": str(tmp_path / "unused.db")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # never the user's real data folder
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["TOXTRACK_USER"], env["TOXTRACK_PASSWORD"] = TESTER, TESTER_PASSWORD  # --screenshot signs in
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("view", ["", "crs"])
def test_screenshot_writes_a_png(repo: Any, db_path: Path, tmp_path: Path, view: str) -> None:
    repo.close()  # the subprocess opens it for writing, as a user would
    out = tmp_path / f"shot{view}.png"
    args = ["main.py", "--db", str(db_path), "--screenshot", str(out)]
    result = _run([*args, "--view", view] if view else args, tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000


def test_screenshot_of_an_unknown_patient_says_so_in_one_line(
    repo: Any, db_path: Path, tmp_path: Path
) -> None:
    repo.close()
    out = tmp_path / "shot.png"
    result = _run(
        ["main.py", "--db", str(db_path), "--screenshot", str(out), "--patient", "999-9999"], tmp_path
    )
    assert result.returncode == 2
    ours = [
        line for line in result.stderr.splitlines() if "propagateSizeHints" not in line
    ]  # Qt's offscreen note
    assert ours == ["toxtrack: There is no patient with subject id '999-9999'."]
    assert not out.exists()


def test_refused_file_exits_with_code_2(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database", encoding="utf-8")
    result = _run(["main.py", "--db", str(bogus), "--screenshot", str(tmp_path / "x.png")], tmp_path)
    assert result.returncode == 2 and result.stderr.strip()


def test_window_appears_before_chart_libraries_load(repo: Any, db_path: Path, tmp_path: Path) -> None:
    repo.close()
    code = (
        "import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from storage.repository import Repository; from gui.session import Session;"
        "from gui.settings import Settings; from gui.main_window import MainWindow;"
        f"repo = Repository.open({str(db_path)!r});"
        f"w = MainWindow(Session(repo), Settings(__import__('pathlib').Path({str(tmp_path / 's.ini')!r})));"
        "w.show(); app.processEvents();"
        "print(sorted(m for m in ('matplotlib', 'numpy', 'reportlab', 'scipy') if m in sys.modules))"
    )
    result = _run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_numpy_masked_only_while_sqlite_utils_imports(tmp_path: Path) -> None:
    """storage keeps sqlite-utils out of start-up until a file must be created or written, and numpy
    out even then; yet numpy (for the charts) still imports afterwards."""
    db = tmp_path / "new.db"
    code = (
        "import sys, storage; print('sqlite_utils' in sys.modules, 'numpy' in sys.modules);"
        f"storage.Repository.open({str(db)!r}).close();"
        "print('sqlite_utils' in sys.modules, 'numpy' in sys.modules);"
        "import numpy, matplotlib; print(type(numpy.float64(1.5) * 2).__name__)"
    )
    result = _run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "False", "float64"]
    reopen = (
        f"import sys, storage; storage.Repository.open({str(db)!r}).close();"
        "print('sqlite_utils' in sys.modules)"
    )
    result = _run(["-c", reopen], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]  # a current file opened for writing needs no migration


def test_ctrl_d_opens_the_oldest_unrecorded_dose(
    qtbot: Any, window: MainWindow, session: Any, repo: Any, first_patient: Any
) -> None:
    dialog_module = pytest.importorskip("gui.patient.record_dose_dialog")
    session.select_patient(first_patient)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = window.last_dialog
    assert isinstance(dialog, dialog_module.RecordDoseDialog)
    oldest = min(repo.doses(first_patient), key=lambda d: d.planned_date)
    assert dialog.dose.id == oldest.id
    dialog.reject()


@pytest.mark.parametrize(
    ("key", "module", "name"),
    [
        (Qt.Key.Key_1, "gui.patient.crs_form", "CrsFormDialog"),
        (Qt.Key.Key_2, "gui.patient.icans_form", "IcansFormDialog"),
        (Qt.Key.Key_3, "gui.patient.lab_form", "LabFormDialog"),
    ],
)
def test_form_shortcuts_open_the_forms_for_the_selected_patient(
    qtbot: Any, window: MainWindow, session: Any, first_patient: Any, key: Qt.Key, module: str, name: str
) -> None:
    dialog_class = getattr(pytest.importorskip(module), name)
    session.select_patient(first_patient)
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.last_dialog, dialog_class)
    assert window.last_dialog.patient_id == first_patient
    window.last_dialog.reject()


def test_missing_view_gets_a_placeholder(qtbot: Any, session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.patient import workspace

    missing = workspace.Tab("doses", "Doses", workspace._module_view("gui.no_such_view", "Nothing"))
    monkeypatch.setattr(workspace, "patient_tabs", lambda: (missing,))
    ws = workspace.Workspace(session)
    qtbot.addWidget(ws)
    placeholder = ws.view("doses")  # built on demand, inside the first tab
    assert ws.tabs.widget(0).isAncestorOf(placeholder)  # type: ignore[union-attr]
    not_available = tr("Workspace", "This view is not available yet ({0}).")
    assert placeholder.text() == not_available.format("No module named 'gui.no_such_view'")  # type: ignore[attr-defined]
    ws.set_patient(None)  # the placeholder accepts a patient like a real view


def test_demo_cohort_loads_in_the_background(
    qtbot: Any, tmp_path: Path, settings_path: Path, message_boxes: list[str]
) -> None:
    from gui.dialogs.demo_cohort import DEMO_PATIENTS, offer_demo
    from storage.repository import Repository

    with Repository.open(tmp_path / "empty.db", create=True) as empty:
        win = MainWindow(Session(empty), Settings(settings_path))
        qtbot.addWidget(win)
        offer_demo(win, win.session, ask=True)
        assert message_boxes and message_boxes[0].startswith(
            tr("demo_cohort", "Load demo cohort?")
        )  # asked first
        qtbot.waitUntil(lambda: len(empty.patient_ids()) == DEMO_PATIENTS, timeout=60_000)
        qtbot.waitUntil(lambda: win.patient_list.model.total_count() == DEMO_PATIENTS)
        win.close()


def test_second_instance_screenshot_opens_read_only(repo: Any, db_path: Path, tmp_path: Path) -> None:
    """The fixture still holds the write lock: an unattended start must fall back to read-only."""
    out = tmp_path / "second.png"
    result = _run(["main.py", "--db", str(db_path), "--screenshot", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    assert [p.subject_id for p in map(repo.get_patient, repo.patient_ids())] == ["044-0012", "044-0020"]


def test_keyboard_only_find_and_open_a_patient(
    qtbot: Any, window: MainWindow, session: Any, repo: Any
) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.patient_list.search.hasFocus()
    qtbot.keyClicks(window.patient_list.search, "0020")
    qtbot.keyClick(window.patient_list.search, Qt.Key.Key_Return)
    assert session.current_patient == repo.find_patient("044-0020").id
    assert window.pages.currentWidget() is window.workspace
    assert "044-0020" in window.workspace.header.text()


def test_f5_rereads_changes_made_elsewhere(qtbot: Any, window: MainWindow, repo: Any, today: Any) -> None:
    from clinical.model import Patient

    repo.add_patient(Patient(subject_id="044-0050", regimen="SC 250/500", enrolment_date=today))
    assert window.patient_list.model.total_count() == 2
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.patient_list.model.total_count() == 3


@pytest.mark.parametrize("accept", [True, False])
def test_second_instance_is_offered_read_only(
    repo: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch, accept: bool
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from gui import app

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Open if accept else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    second, holder, code = app.open_repository(db_path, read_only=False, unattended=False)
    assert len(asked) == 1 and "open for writing" in asked[0]  # says who holds it
    if accept:
        assert second is not None and second.read_only and holder and code == 0
        second.close()
    else:
        assert second is None and code == app.EXIT_DECLINED


def test_refused_file_is_explained_in_one_dialog(tmp_path: Path, message_boxes: list[str]) -> None:
    from gui import app

    bogus = tmp_path / "photo.db"
    bogus.write_bytes(b"\x89PNG not a database at all")
    repo, _holder, code = app.open_repository(bogus, read_only=False, unattended=False)
    assert repo is None and code == app.EXIT_REFUSED
    assert len(message_boxes) == 1 and "photo.db" in message_boxes[0]


def test_workspace_hosts_the_real_patient_views(window: MainWindow) -> None:
    tabs = window.workspace.tabs
    assert window.workspace.views == {}  # built when first shown: the window opens on Today
    window.show_page("patient")
    assert list(window.workspace.views) == ["doses"]  # the tab in front
    hosted = []
    names = window.workspace.tab_names()  # doses, one tab per registered toxicity, flags
    for i, name in enumerate(names):
        assert window.show_view(name)
        view = window.workspace.views[name]
        assert tabs.widget(i).isAncestorOf(view)  # type: ignore[union-attr]
        hosted.append(type(view).__name__)
    assert names == [
        "doses",
        "crs",
        "icans",
        "labs",
        "injection_site_reaction",
        "temperature",
        "adverse_event",
        "dose_delivery",
        "premedication",
        "hospital_stay",
        "flags",
    ]
    # injection site reaction, temperature (a vital sign), adverse events, and issue 18's delivery,
    # premedication and hospital stays
    generic = ["ToxicityView"] * 6
    assert hosted == ["DoseCalendarView", "CrsView", "IcansView", "LabsView", *generic, "FlagsPanel"]
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == [
        tr("Workspace", "Doses"),
        *(
            tr("toxicities", t)
            for t in (
                "CRS",
                "ICANS",
                "Labs",
                "Injection site reaction",
                "Temperature",
                "Adverse event",
                "Delivery",
                "Premedication",
                "Hospital stays",
            )
        ),
        tr("Workspace", "Flags"),
    ]


def test_interactive_run_wires_backups_and_backs_up_at_close(
    qtbot: Any, qapp: Any, session: Any, db_path: Path, settings_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui import app
    from storage.paths import backup_dir

    def close_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                assert widget.findChild(QLabel, "lastBackupLabel") is not None
                widget.close()

    QTimer.singleShot(300, close_window)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(qapp.quit)  # never hang the suite if the window did not close
    safety.start(20_000)
    try:
        assert app._run_interactive(qapp, session, "", Settings(settings_path)) == 0
    finally:
        safety.stop()
    assert list(backup_dir(db_path).glob("*.db"))
