"""Every QAction of the app declared in one place, with its text, shortcut, menu and whether it
writes (write actions are disabled in a read-only session)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget


@dataclass(frozen=True)
class ActionSpec:
    """Declaration of one action; `name` is also the handler the main window provides."""

    name: str
    text: str
    shortcut: str | QKeySequence.StandardKey | None
    menu: str
    writes: bool = False
    needs_patient: bool = False
    separator_after: bool = False  # a line under it in its menu, ending a group
    role_action: str | None = None  # the row of clinical.roles.MATRIX that must allow it (issue 16)


def action_specs() -> tuple[ActionSpec, ...]:
    """Declared as a function so the texts pass through tr() after the translator is installed."""
    sk = QKeySequence.StandardKey
    return (
        ActionSpec(
            "backup_now",
            QCoreApplication.translate("actions", "&Back up now"),
            None,
            "file",
            role_action="backup",
        ),
        ActionSpec(
            "restore",
            QCoreApplication.translate("actions", "&Restore..."),
            None,
            "file",
            writes=True,
            role_action="backup",
        ),
        ActionSpec(
            "encrypt_database",
            QCoreApplication.translate("actions", "&Encrypt database..."),
            None,
            "file",
            writes=True,
            role_action="backup",
        ),
        ActionSpec(
            "change_passphrase",
            QCoreApplication.translate("actions", "Change database &passphrase..."),
            None,
            "file",
            writes=True,
            separator_after=True,
            role_action="backup",
        ),
        ActionSpec(
            "new_patient",
            QCoreApplication.translate("actions", "&New patient..."),
            "Ctrl+N",
            "file",
            writes=True,
            role_action="enter",
        ),
        ActionSpec(
            "load_demo",
            QCoreApplication.translate("actions", "Load &demo cohort..."),
            None,
            "file",
            writes=True,
            separator_after=True,
            role_action="enter",
        ),
        ActionSpec(
            "users",
            QCoreApplication.translate("actions", "&Users..."),
            None,
            "file",
            writes=True,
            role_action="manage_users",
        ),
        ActionSpec(
            "lock_time",
            QCoreApplication.translate("actions", "Automatic &lock time..."),
            None,
            "file",
            writes=True,
            role_action="manage_users",
        ),
        ActionSpec(
            "change_password", QCoreApplication.translate("actions", "Change &password..."), None, "file"
        ),
        ActionSpec(
            "sign_out",
            QCoreApplication.translate("actions", "Sign &out"),
            None,
            "file",
            separator_after=True,
        ),
        ActionSpec(
            "import_labs",
            QCoreApplication.translate("actions", "&Import lab results..."),
            None,
            "file",
            writes=True,
        ),
        ActionSpec("export", QCoreApplication.translate("actions", "E&xport..."), None, "file"),
        ActionSpec("quit", QCoreApplication.translate("actions", "&Quit"), "Ctrl+Q", "file"),
        ActionSpec("undo", QCoreApplication.translate("actions", "&Undo"), sk.Undo, "edit", writes=True),
        ActionSpec("search", QCoreApplication.translate("actions", "&Find patient"), "Ctrl+F", "edit"),
        ActionSpec(
            "record_dose",
            QCoreApplication.translate("actions", "Record &dose..."),
            "Ctrl+D",
            "patient",
            True,
            True,
            role_action="enter",
        ),
        ActionSpec(
            "crs_form",
            QCoreApplication.translate("actions", "New &CRS assessment..."),
            "Ctrl+1",
            "patient",
            True,
            True,
            role_action="enter",
        ),
        ActionSpec(
            "icans_form",
            QCoreApplication.translate("actions", "New &ICANS assessment..."),
            "Ctrl+2",
            "patient",
            True,
            True,
            role_action="enter",
        ),
        ActionSpec(
            "lab_form",
            QCoreApplication.translate("actions", "New &lab result..."),
            "Ctrl+3",
            "patient",
            True,
            True,
            role_action="enter",
        ),
        ActionSpec(
            "sign_cycle",
            QCoreApplication.translate("actions", "&Sign cycle..."),
            None,
            "patient",
            True,
            True,
            role_action="sign",
        ),
        ActionSpec("show_today", QCoreApplication.translate("actions", "&Today"), "Ctrl+T", "view"),
        ActionSpec("show_patient", QCoreApplication.translate("actions", "&Patient"), "Ctrl+P", "view"),
        ActionSpec(
            "show_cohort",
            QCoreApplication.translate("actions", "&Cohort dashboard"),
            "Ctrl+K",
            "view",
            role_action="cohort",
        ),
        ActionSpec("refresh", QCoreApplication.translate("actions", "&Refresh"), "F5", "view"),
        ActionSpec("about", QCoreApplication.translate("actions", "&About ToxTrack"), None, "help"),
    )


def menu_titles() -> dict[str, str]:
    return {
        "file": QCoreApplication.translate("actions", "&File"),
        "edit": QCoreApplication.translate("actions", "&Edit"),
        "patient": QCoreApplication.translate("actions", "&Patient"),
        "view": QCoreApplication.translate("actions", "&View"),
        "help": QCoreApplication.translate("actions", "&Help"),
    }


class Actions:
    """The app's actions by name; the main window connects each to its handler of the same name."""

    def __init__(self, parent: QWidget) -> None:
        self.specs = {spec.name: spec for spec in action_specs()}
        self.by_name: dict[str, QAction] = {}
        for spec in self.specs.values():
            action = QAction(spec.text, parent)
            action.setObjectName(f"action_{spec.name}")
            if spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            parent.addAction(action)  # shortcuts work whichever child has focus
            self.by_name[spec.name] = action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def build_menus(self, bar: QMenuBar) -> None:
        titles = menu_titles()
        menus = {key: bar.addMenu(title) for key, title in titles.items()}
        for spec in self.specs.values():
            menus[spec.menu].addAction(self.by_name[spec.name])
            if spec.separator_after:
                menus[spec.menu].addSeparator()

    def update_state(
        self,
        read_only: bool,
        has_patient: bool,
        can_undo: bool,
        backing_up: bool = False,
        restoring: bool = False,
        can: Callable[[str], bool] | None = None,
    ) -> None:
        """Enable what makes sense now: no writes when read-only, patient actions need a patient.
        While a backup runs neither backup nor restore starts; while a restore swaps the file
        nothing may touch it, so every action waits. `can(role_action)`: whether the signed-in user's
        role allows an action (clinical.roles.MATRIX, the table storage refuses by)."""
        for spec in self.specs.values():
            enabled = not (spec.writes and read_only) and (has_patient or not spec.needs_patient)
            if spec.role_action is not None and can is not None:
                enabled = enabled and can(spec.role_action)
            if spec.name == "undo":
                enabled = enabled and can_undo
            if restoring or (backing_up and spec.name in ("backup_now", "restore")):
                enabled = False
            self.by_name[spec.name].setEnabled(enabled)
