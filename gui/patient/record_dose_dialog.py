"""Record what happened to a planned dose: given (prefilled from the plan, Enter saves) or held/missed
with a coded reason. The patient, cycle day and planned amount are in the title and header.

A given dose's delivery (issue 18: setting, who gave it, nurse or chair minutes) is a `dose_delivery`
record written in the dose's own transaction (`Repository.record_dose_with`). The setting starts at
the patient's last recorded one, so the common case (same setting as last time) is still one Enter;
with no setting chosen no delivery record is written."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinical.choices import DoseReason, DoseStatus, InjectionSite
from clinical.errors import ProtocolCheckError, ValidationError
from clinical.model import Dose, DoseId
from clinical.toxicities import ToxicityRecord
from clinical.toxicities.definitions import dose_delivery as delivery
from gui.formatting import (
    choice_label,
    local_date,
    number,
    qdatetime_from_utc,
    to_local,
    utc_from_qdatetime,
    utc_offset_label,
)
from gui.widgets.dialog_buttons import save_cancel
from gui.widgets.form_dialog import FormDialog
from gui.widgets.number_input import NumberField

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository

_RED = "color: #b00020;"
OUTCOME_KEYS = {DoseStatus.GIVEN: "G", DoseStatus.HELD: "H", DoseStatus.MISSED: "M"}


def with_mnemonic(label: str, key: str) -> str:
    """ "&Held" when the label starts with the key's letter, else "暂停 (&H)" (the Qt convention for
    a translated label), so Alt+key works in every language."""
    if label[:1].upper() == key:
        return f"&{label}"
    return f"{label} (&{key})"


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(_RED)
    return label


class RecordDoseDialog(FormDialog):
    """`exec()` returns Accepted after the outcome was saved; a refused value keeps the dialog open."""

    def __init__(self, session: Session, dose_id: DoseId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dose: Dose = session.repo.get_dose(dose_id)
        patient = session.repo.get_patient(self.dose.patient_id)
        cycle = next(
            (c.number for c in session.repo.cycles(self.dose.patient_id) if c.id == self.dose.cycle_id), 0
        )
        header = (
            self.tr("%1 · cycle %2 day %3 · planned %4 µg on %5")
            .replace("%1", patient.subject_id)
            .replace("%2", str(cycle))
            .replace("%3", str(self.dose.cycle_day))
            .replace("%4", number(self.dose.planned_ug, 1))
            .replace("%5", local_date(self.dose.planned_date))
        )
        self.setWindowTitle(self.tr("Record dose — %1").replace("%1", header))
        self.header = QLabel(f"<b>{header}</b>")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self._outcome_row())
        layout.addWidget(self._given_group())
        layout.addWidget(self._not_given_group())
        layout.addWidget(self._protocol_group())
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons, self.save_button = save_cancel(self, session.read_only, self.save)
        layout.addWidget(buttons)
        self._tab_order()
        self.set_outcome(DoseStatus.GIVEN)
        self.amount.setFocus()
        self.amount.selectAll()

    def _outcome_row(self) -> QHBoxLayout:
        """Given / Held / Missed with Alt+G, Alt+H, Alt+M, first in the tab order: recording a held
        dose by keyboard took six Shift+Tab through the time's sections (issue 13)."""
        self.outcomes = QButtonGroup(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Outcome:")))
        self.outcome_buttons: dict[DoseStatus, QRadioButton] = {}
        for status, key in OUTCOME_KEYS.items():
            button = QRadioButton(with_mnemonic(choice_label(status), key))
            button.setObjectName(str(status))
            self.outcomes.addButton(button)
            self.outcome_buttons[status] = button
            button.toggled.connect(self._outcome_changed)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _tab_order(self) -> None:
        """Outcome, then the amount (focused at open, so one Shift+Tab reaches the outcome), the
        other details of a given dose, the time last (Tab walks through its five sections, and it
        is prefilled with now), then the reason of a dose not given."""
        chain: list[QWidget] = [*self.outcome_buttons.values(), self.amount, self.site, self.setting]
        chain += [self.given_by, self.minutes, self.lot, self.premedication, self.given_at]
        chain += [self.reason, self.reason_text]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _given_group(self) -> QGroupBox:
        self.given_box = QGroupBox(self.tr("Given"))
        form = QFormLayout(self.given_box)
        self.given_at = QDateTimeEdit(qdatetime_from_utc(self.session.now()))
        self.given_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.given_at.setCalendarPopup(True)
        # A clinical number like every other (gui/widgets/number_input.py): "0,5" is 0.5 µg in
        # every locale. A spin box read it as 5 in English (the comma groups thousands) and
        # "250,5" as 2505 (issue 13). Storage states the allowed range when a value is outside it.
        self.amount = NumberField(self.tr("Amount given"), unit="µg")
        self.amount.setValue(self.dose.planned_ug, decimals=1)
        self.amount_error = _error_label()
        self.amount_error.hide()  # shown with storage's message naming the allowed range
        self.site = QComboBox()
        self.site.addItem(self.tr("(not recorded)"), None)
        for site in InjectionSite:
            self.site.addItem(choice_label(site), site)
        self._delivery_fields()
        self.lot = QLineEdit()
        self.premedication = QLineEdit()
        # No example product: the IV label's premedication does not carry over to SC dosing (reference §0.3).
        self.premedication.setPlaceholderText(self.tr("what was given before this dose, if anything"))
        offset = utc_offset_label(to_local(self.session.now()))
        form.addRow(self.tr("Time (local, %1)").replace("%1", offset), self.given_at)
        form.addRow(self.tr("Amount given (µg)"), self.amount)
        form.addRow(self.amount_error)  # the whole width: a refusal runs to two lines
        form.addRow(self.tr("Injection site"), self.site)
        form.addRow(self.tr("Setting"), self.setting)
        form.addRow(self.tr("Given by"), self.given_by)
        form.addRow(self.tr("Nurse or chair time (min)"), self.minutes)
        form.addRow(self.tr("Lot"), self.lot)
        form.addRow(self.tr("Premedication"), self.premedication)
        return self.given_box

    def _delivery_fields(self) -> None:
        """Setting (the patient's last one chosen), who gave it, minutes: the dose's delivery record."""
        self.setting = QComboBox()
        self.setting.addItem(self.tr("(not recorded)"), None)
        for stored, text in delivery.SETTINGS:
            self.setting.addItem(QCoreApplication.translate("formatting", text), stored)
        last = self.session.repo.records(delivery.DEFINITION.record_kind, self.dose.patient_id)
        if last:
            setting = delivery.DEFINITION.values(last[-1]).get(delivery.SETTING)
            self.setting.setCurrentIndex(max(self.setting.findData(setting), 0))
        self.given_by = QLineEdit()
        self.given_by.setPlaceholderText(self.tr("empty: you (%1)").replace("%1", self.session.repo.user))
        self.minutes = NumberField(self.tr("Nurse or chair time"), (0.0, 1440.0), "min")

    def delivery_record(self, given_at: object) -> list[tuple[str, ToxicityRecord]]:
        """The delivery record to write with a given dose; none when no setting is chosen."""
        setting = self.setting.currentData()
        if setting is None:
            return []
        values = {
            delivery.SETTING: setting,
            delivery.GIVEN_BY: self.given_by.text().strip() or self.session.repo.user,
            delivery.MINUTES: self.minutes.value(),
        }
        kind = delivery.DEFINITION.record_kind
        return [(kind, ToxicityRecord(kind, self.dose.patient_id, given_at, values))]  # type: ignore[arg-type]

    def _not_given_group(self) -> QGroupBox:
        self.reason_box = QGroupBox(self.tr("Not given"))
        form = QFormLayout(self.reason_box)
        self.reason = QComboBox()
        self.reason.addItem(self.tr("(choose a reason)"), None)
        for reason in DoseReason:
            self.reason.addItem(choice_label(reason), reason)
        self.reason_text = QLineEdit()
        self.reason_text.setPlaceholderText(self.tr("details (optional)"))
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Details"), self.reason_text)
        return self.reason_box

    def _protocol_group(self) -> QGroupBox:
        """Shown when storage finds the outcome outside the plan (amount, < 24 h from another dose):
        what differs, and a reason that saves it anyway (stored, audited, flagged "protocol check")."""
        self.protocol_box = QGroupBox(self.tr("Protocol check"))
        form = QFormLayout(self.protocol_box)
        self.protocol_text = QLabel()
        self.protocol_text.setWordWrap(True)
        self.deviation_reason = QLineEdit()
        self.deviation_reason.setPlaceholderText(self.tr("why this dose differs from the plan"))
        form.addRow(self.protocol_text)
        form.addRow(self.tr("Reason to save it anyway"), self.deviation_reason)
        self.protocol_box.hide()
        return self.protocol_box

    def set_outcome(self, status: DoseStatus) -> None:
        self.outcome_buttons[status].setChecked(True)

    def outcome(self) -> DoseStatus:
        for status, button in self.outcome_buttons.items():
            if button.isChecked():
                return status
        return DoseStatus.GIVEN

    def _outcome_changed(self) -> None:
        given = self.outcome() == DoseStatus.GIVEN
        self.given_box.setEnabled(given)
        self.reason_box.setEnabled(not given)
        if not given and any(b.hasFocus() for b in self.outcome_buttons.values()):
            self.reason.setFocus()  # chosen by key: the reason is what is left to give

    def _show_invalid(self, exc: ValidationError) -> bool:
        """The amount's error goes beside the amount (it names the allowed range); a protocol check
        opens the box that asks for a reason."""
        if isinstance(exc, ProtocolCheckError):
            self.protocol_text.setText(str(exc))
            self.protocol_box.show()
            self.deviation_reason.setFocus()
            return True
        if exc.field == "amount_ug":
            self._refuse_amount(str(exc))
        else:
            self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
        return True

    def _refuse_amount(self, why: str) -> None:
        """Say beside the amount why it was not saved, with room for the whole sentence."""
        self.amount_error.setText(self.tr("Not saved: %1").replace("%1", why))
        self.amount_error.show()
        self.adjustSize()  # a wrapped label's height is known only once it has text
        self.amount.setFocus()

    def save(self) -> None:
        self.error.clear()
        self.amount_error.clear()
        status = self.outcome()
        given = status == DoseStatus.GIVEN
        reason = None if given else self.reason.currentData()
        if not given and reason is None:
            self.error.setText(self.tr("A held or missed dose needs a reason."))
            self.reason.setFocus()
            return
        try:
            amount = self.amount.value() if given else None
        except ValueError as exc:  # not a number as typed: say so beside it, save nothing
            self._refuse_amount(str(exc))
            return
        given_at = utc_from_qdatetime(self.given_at.dateTime()) if given else None
        try:
            records = self.delivery_record(given_at) if given else []
        except ValueError as exc:  # the minutes are not a number as typed
            self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
            self.minutes.setFocus()
            return
        kwargs: dict[str, object] = {
            "given_at": given_at,
            "amount_ug": amount,
            "site": self.site.currentData() if given else None,
            "lot": self.lot.text().strip() if given else "",
            "premedication": self.premedication.text().strip() if given else "",
            "reason": reason,
            "reason_text": "" if given else self.reason_text.text().strip(),
            "deviation_reason": self.deviation_reason.text().strip()
            if not self.protocol_box.isHidden()
            else "",
        }
        dose_id = self.dose.id
        assert dose_id is not None
        description = self.tr("Record dose as %1").replace("%1", choice_label(status).lower())

        written: list[tuple[str, int]] = []

        def action(repo: Repository) -> object:
            dose, stored = repo.record_dose_with(dose_id, status, records, **kwargs)
            written[:] = [
                (kind, int(getattr(r, "id", 0))) for (kind, _), r in zip(records, stored, strict=True)
            ]
            return dose

        def undo(repo: Repository) -> None:
            # Back to planned, its delivery voided: what was recorded stays in the audit trail.
            blank: dict[str, object] = {"status": DoseStatus.PLANNED, "given_at": None, "amount_ug": None}
            blank.update(site=None, reason=None, lot="", premedication="", reason_text="", deviation="")
            with repo.transaction():
                for kind, record_id in written:
                    repo.void(kind, record_id, f"Undo: {description}")
                repo.correct("dose", dose_id, blank, f"Undo: {description}")

        result = self.session.write(
            description,
            action,
            undo,
            self,
            patient_id=self.dose.patient_id,
            on_invalid=self._show_invalid,
        )
        if result is not None:
            self.accept()
