"""File > Export... (issue 19): the format (CSV, Excel, REDCap, CDISC SDTM, FHIR), the current patient or
the cohort, the identifiers to include besides the subject id (with a warning), and where. The export
runs off the GUI thread on its own read-only connection (exchange/exports.py and the
format modules);
the output path follows the refusal rules of every output (storage/outputs.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ToxTrackError
from gui.i18n import QT_TRANSLATE_NOOP
from gui.session import Session
from gui.worker import run_in_background

FORMATS = (
    ("csv", QT_TRANSLATE_NOOP("ExportDialog", "CSV files (a folder)"), "folder"),
    ("excel", QT_TRANSLATE_NOOP("ExportDialog", "Excel workbook (.xlsx)"), ".xlsx"),
    ("redcap", QT_TRANSLATE_NOOP("ExportDialog", "REDCap data dictionary and records (a folder)"), "folder"),
    (
        "sdtm",
        QT_TRANSLATE_NOOP("ExportDialog", "CDISC SDTM-like AE, EX, LB: CSV and XPT (a folder)"),
        "folder",
    ),
    ("fhir", QT_TRANSLATE_NOOP("ExportDialog", "FHIR AdverseEvent bundle (.json)"), ".json"),
)


def export_to(db: Path, fmt: str, out: Path, subjects: list[str], identifiers: list[str]) -> list[Path]:
    """The export, on its own read-only connection (any thread)."""
    from exchange import exports
    from exchange.cli import write_format
    from storage import Repository

    with Repository.open(db, read_only=True, create=False) as repo:
        data = exports.collect(repo, subjects, identifiers, what=f"ToxTrack export ({fmt})")
    return write_format(fmt, data, out, db)


class ExportDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result_paths: list[Path] | None = None
        self.setWindowTitle(self.tr("Export"))
        self.format = QComboBox()
        for key, text, _ in FORMATS:
            self.format.addItem(self.tr(text), key)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("The cohort"), "")
        current = session.current_patient
        if current is not None:
            subject = session.repo.get_patient(current).subject_id
            self.scope.addItem(self.tr("This patient (%1)").replace("%1", subject), subject)
            self.scope.setCurrentIndex(1)
        self.identifiers = {
            "name": QCheckBox(self.tr("Name")),
            "mrn": QCheckBox(self.tr("MRN")),
            "birth_year": QCheckBox(self.tr("Birth year")),
        }
        ticks = QHBoxLayout()
        for box in self.identifiers.values():
            ticks.addWidget(box)
            box.toggled.connect(self._warn)
        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.path = QLineEdit()
        choose = QPushButton(self.tr("Choose..."))
        choose.clicked.connect(self.choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Data of"), self.scope)
        form.addRow(self.tr("Also include"), ticks)
        form.addRow("", self.warning)
        form.addRow(self.tr("Save to"), where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Only the subject id identifies a patient unless you tick more.")))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _warn(self) -> None:
        ticked = [box.text() for box in self.identifiers.values() if box.isChecked()]
        self.warning.setText(
            self.tr(
                "Warning: the export will contain %1, which identify patients. Protect it as patient data."
            ).replace("%1", ", ".join(ticked))
            if ticked
            else ""
        )

    def choose(self) -> None:
        kind = FORMATS[self.format.currentIndex()][2]
        if kind == "folder":
            name = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"))
        else:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), f"toxtrack-export{kind}")
        if name:
            self.path.setText(name)

    def export(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText(self.tr("Choose where to save the export."))
            return
        fmt = str(self.format.currentData())
        subject = str(self.scope.currentData() or "")
        chosen = [name for name, box in self.identifiers.items() if box.isChecked()]
        db = Path(self.session.repo.path)
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting..."))

        def done(paths: list[Path]) -> None:
            self.result_paths = paths
            self.status.setText(self.tr("Exported %1 files.").replace("%1", str(len(paths))))
            self.accept()

        def failed(exc: BaseException) -> None:
            from exchange.exports import ExportRefused

            self.export_button.setEnabled(True)
            if not isinstance(exc, ToxTrackError | OSError | ExportRefused):
                raise exc
            self.status.setText(self.tr("Nothing was exported: %1").replace("%1", str(exc)))

        run_in_background(
            self, lambda: export_to(db, fmt, Path(text), [subject] if subject else [], chosen), done, failed
        )
