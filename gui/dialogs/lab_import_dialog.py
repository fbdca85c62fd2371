"""File > Import lab results... (issue 19): the file, how to read it (encoding, delimiter, date order:
detected, overridable), the column mapping (remembered per source: exchange/mappings.py), a preview of
every row to add and every row refused with why, then one commit: all accepted rows in one audited
transaction behind a progress dialog whose Cancel writes nothing; Edit > Undo voids the whole import.
The reading, checking and storing are Qt-free (exchange/importing.py); this is the view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ToxTrackError
from exchange import importing, mappings
from exchange.labcolumns import FIELDS, ColumnMapping, guess_mapping
from exchange.labimport import ImportPlan
from exchange.tables import TableError
from gui.errors import show_error
from gui.formatting import local_time
from gui.i18n import QT_TRANSLATE_NOOP
from gui.session import Session
from storage import Repository

# exchange.labcolumns.FIELD_LABELS, marked for lupdate (tests/gui/test_translations.py keeps them equal).
FIELD_TITLES = {
    "patient": QT_TRANSLATE_NOOP("LabImportDialog", "Subject id or MRN"),
    "drawn_at": QT_TRANSLATE_NOOP("LabImportDialog", "Date and time drawn"),
    "test": QT_TRANSLATE_NOOP("LabImportDialog", "Test"),
    "value": QT_TRANSLATE_NOOP("LabImportDialog", "Value"),
    "unit": QT_TRANSLATE_NOOP("LabImportDialog", "Unit"),
    "lln": QT_TRANSLATE_NOOP("LabImportDialog", "Lower limit of normal"),
    "uln": QT_TRANSLATE_NOOP("LabImportDialog", "Upper limit of normal"),
}
ENCODINGS = (
    ("", QT_TRANSLATE_NOOP("LabImportDialog", "Detect")),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252"),
    ("latin-1", "Latin-1"),
)
DELIMITERS = (
    ("", QT_TRANSLATE_NOOP("LabImportDialog", "Detect")),
    (",", QT_TRANSLATE_NOOP("LabImportDialog", "Comma")),
    (";", QT_TRANSLATE_NOOP("LabImportDialog", "Semicolon")),
    ("\t", QT_TRANSLATE_NOOP("LabImportDialog", "Tab")),
    ("|", QT_TRANSLATE_NOOP("LabImportDialog", "Bar")),
)
DATE_ORDERS = (
    ("ymd", QT_TRANSLATE_NOOP("LabImportDialog", "Year-month-day (ISO 8601)")),
    ("dmy", QT_TRANSLATE_NOOP("LabImportDialog", "Day/month/year")),
    ("mdy", QT_TRANSLATE_NOOP("LabImportDialog", "Month/day/year")),
)
KEYS = (
    ("subject_id", QT_TRANSLATE_NOOP("LabImportDialog", "Subject id")),
    ("mrn", QT_TRANSLATE_NOOP("LabImportDialog", "MRN")),
)


class PreviewModel(QAbstractTableModel):
    """Every row of the plan, refused rows first (what the user must read), then the accepted ones."""

    HEADERS = (
        QT_TRANSLATE_NOOP("LabImportDialog", "Line"),
        QT_TRANSLATE_NOOP("LabImportDialog", "Result"),
        QT_TRANSLATE_NOOP("LabImportDialog", "Subject"),
        QT_TRANSLATE_NOOP("LabImportDialog", "Test"),
        QT_TRANSLATE_NOOP("LabImportDialog", "Drawn"),
        QT_TRANSLATE_NOOP("LabImportDialog", "Value"),
        QT_TRANSLATE_NOOP("LabImportDialog", "Why"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.rows = []
        if plan is not None:
            for r in plan.refused:
                self.rows.append((str(r.line), self.tr("Refused"), "", "", "", "", r.reason))
            for a in plan.accepted:
                drawn = local_time(a.drawn_at)
                self.rows.append((str(a.line), self.tr("Add"), a.subject, a.test, drawn, f"{a.value:g}", ""))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("LabImportDialog", self.HEADERS[section])
        return None


class LabImportDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.loaded: importing.LoadedFile | None = None
        self.plan: ImportPlan | None = None
        self.written: list[tuple[str, int]] = []
        self.setWindowTitle(self.tr("Import lab results"))
        self.resize(900, 640)

        self.path = QLineEdit()
        choose = QPushButton(self.tr("Choose..."))
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)

        self.saved = QComboBox()
        self.saved.addItem(self.tr("(new mapping)"), "")
        for name in sorted(mappings.load_all(self.db)):
            self.saved.addItem(name, name)
        self.saved.currentIndexChanged.connect(self._use_saved)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("the laboratory, e.g. City hospital lab"))
        self.encoding = self._combo(ENCODINGS)
        self.delimiter = self._combo(DELIMITERS)
        self.date_order = self._combo(DATE_ORDERS)
        self.patient_key = self._combo(KEYS)
        read = QFormLayout()
        read.addRow(self.tr("File"), file_row)
        read.addRow(self.tr("Saved mapping"), self.saved)
        read.addRow(self.tr("Source (mapping name)"), self.source)
        read.addRow(self.tr("Encoding"), self.encoding)
        read.addRow(self.tr("Delimiter"), self.delimiter)
        read.addRow(self.tr("Dates written as"), self.date_order)
        read.addRow(self.tr("Patients found by"), self.patient_key)
        self.encoding.currentIndexChanged.connect(self._reload)
        self.delimiter.currentIndexChanged.connect(self._reload)

        self.columns: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, name in enumerate(FIELDS):
            box = QComboBox()
            self.columns[name] = box
            grid.addWidget(
                QLabel(QCoreApplication.translate("LabImportDialog", FIELD_TITLES[name])), i // 2, (i % 2) * 2
            )
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)

        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.clicked.connect(self.make_preview)
        self.summary = QLabel(self.tr("Choose a file, check the columns, then Preview."))
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(read)
        layout.addWidget(QLabel(self.tr("Columns")))
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    @property
    def db(self) -> Path:
        return Path(self.session.repo.path)

    @staticmethod
    def _combo(items: tuple[tuple[str, str], ...]) -> QComboBox:
        box = QComboBox()
        for data, text in items:
            box.addItem(QCoreApplication.translate("LabImportDialog", text), data)
        return box

    # --- file and mapping -------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import lab results"),
            "",
            self.tr("Lab exports (*.csv *.txt *.tsv *.xlsx);;All files (*)"),
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Read the file (detecting what is left on Detect) and offer its headers for each column."""
        self.path.setText(str(path))
        try:
            self.loaded = importing.load_file(path, self.mapping())
        except (OSError, TableError) as error:
            self.loaded = None
            self.summary.setText(self.tr("The file cannot be read: %1").replace("%1", str(error)))
            return False
        guessed = self._saved_mapping() or guess_mapping(self.loaded.table.headers)
        for name, box in self.columns.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("(not in the file)"), "")
            for header in self.loaded.table.headers:
                box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(guessed.columns.get(name, ""))))
            box.blockSignals(False)
        self._select(self.patient_key, guessed.patient_key)
        self._select(self.date_order, guessed.date_order)
        table = self.loaded.table
        how = f"{table.encoding}, " + (repr(table.delimiter) if table.delimiter else "Excel")
        self.summary.setText(
            self.tr("%1 rows read (%2). Check the columns, then Preview.")
            .replace("%1", str(len(table.rows)))
            .replace("%2", how)
        )
        self._set_plan(None)
        return True

    def _reload(self) -> None:
        if self.path.text():
            self.load(Path(self.path.text()))

    def _saved_mapping(self) -> ColumnMapping | None:
        name = self.saved.currentData()
        return mappings.load_all(self.db).get(name) if name else None

    def _use_saved(self) -> None:
        found = self._saved_mapping()
        if found is None:
            return
        self.source.setText(str(self.saved.currentData()))
        self._select(self.encoding, found.encoding)
        self._select(self.delimiter, found.delimiter)
        self._reload()

    @staticmethod
    def _select(box: QComboBox, data: str) -> None:
        index = box.findData(data)
        if index >= 0:
            box.setCurrentIndex(index)

    def mapping(self) -> ColumnMapping:
        columns = {name: str(box.currentData() or "") for name, box in self.columns.items()}
        return ColumnMapping(
            {k: v for k, v in columns.items() if v},
            str(self.patient_key.currentData()),
            str(self.date_order.currentData()),
            {},
            str(self.encoding.currentData() or ""),
            str(self.delimiter.currentData() or ""),
        )

    # --- preview and commit -----------------------------------------------------------------------
    def make_preview(self) -> bool:
        if self.loaded is None and not (self.path.text() and self.load(Path(self.path.text()))):
            return False
        assert self.loaded is not None
        mapping = self.mapping()
        missing = mapping.missing(self.loaded.table.headers)
        if missing:
            names = ", ".join(QCoreApplication.translate("LabImportDialog", FIELD_TITLES[m]) for m in missing)
            self.summary.setText(self.tr("Choose the column of: %1.").replace("%1", names))
            self._set_plan(None)
            return False
        plan = importing.preview(self.session.repo, self.loaded, mapping, self.source.text().strip())
        self._set_plan(plan)
        self.summary.setText(
            self.tr("%1 rows will be added, %2 refused (listed first, with why).")
            .replace("%1", str(len(plan.accepted)))
            .replace("%2", str(len(plan.refused)))
        )
        return True

    def _set_plan(self, plan: ImportPlan | None) -> None:
        self.plan = plan
        self.model.set_plan(plan)
        self.import_button.setEnabled(plan is not None and bool(plan.accepted) and not self.session.read_only)

    def commit(self) -> None:
        """All accepted rows in one transaction behind a progress dialog; Cancel writes nothing."""
        if self.plan is None or self.loaded is None or not self.plan.accepted:
            return
        plan, loaded = self.plan, self.loaded
        progress = QProgressDialog(
            self.tr("Importing lab results..."), self.tr("Cancel"), 0, len(plan.accepted), self
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        self.progress = progress

        def step(done: int, total: int) -> bool:
            progress.setValue(done)
            QCoreApplication.processEvents()
            return not progress.wasCanceled()

        def action(repo: Repository) -> list[tuple[str, int]]:
            self.written = importing.commit(repo, loaded, plan, step)
            return self.written

        written = self.written = []
        file_name = loaded.path.name

        def undo(repo: Repository) -> None:
            importing.undo(repo, written, file_name)

        try:
            stored = self.session.write(
                self.tr("Import lab results from %1").replace("%1", file_name), action, undo, self
            )
        finally:
            progress.close()
        if stored is None:
            return
        written[:] = stored
        source = self.source.text().strip()
        if source:
            try:
                mappings.save(self.db, source, self.mapping())
            except OSError as error:
                show_error(self, ToxTrackError(f"The column mapping was not saved: {error}"))
        self.accept()
