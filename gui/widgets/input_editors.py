"""One editor per InputSpec type, for the generic toxicity form (gui/patient/toxicity_form.py).

A number is a NumberField (the range refused with a sentence, never clamped), a choice a combo of
the definition's labels, a grade a list of the scale's official sentences (a digit key picks that
grade; nothing is picked until the clinician picks: an unanswered grade is never grade 0), a linked
dose a combo of the patient's given doses with date, cycle day and injection site, the last given
dose first chosen; a CTCAE term is searched by part of its name, system organ class or MedDRA code
(gui/widgets/term_search.py), a date and time may be left empty (an event still ongoing), and ticks
are a tick box per choice. A grade whose sentences depend on another input (the chosen term) is
reloaded when that input changes (`link_choices`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, QStringListModel, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from clinical.choices import DoseStatus
from clinical.model import CycleId, Dose
from clinical.toxicities import definition_of
from gui.formatting import choice_label, local_time, number, qdatetime_from_utc, utc_from_qdatetime
from gui.widgets.number_input import NumberField
from gui.widgets.term_search import TermField

if TYPE_CHECKING:
    from clinical.model import PatientId
    from clinical.toxicities import InputSpec
    from gui.session import Session


@dataclass
class InputEditor:
    """A widget for one input: its row label, how to read its value, how to watch it change."""

    spec: InputSpec
    label: str
    widget: QWidget
    read: Callable[[], object]
    changed: Callable[[Callable[[], None]], object]
    prefilled: bool = False  # chosen for the user (the last dose): focus goes to the next input
    hint_shown: bool = True
    state: Callable[[], object] = field(default=lambda: None)
    show: Callable[[object], object] = field(default=lambda _value: None)  # a saved value (corrections)
    # new choices for an input whose choices depend on another (a grade among the term's sentences)
    reload: Callable[[tuple[tuple[str, str], ...]], object] = field(default=lambda _choices: None)

    @property
    def control(self) -> QWidget:
        """The widget that takes the keys (a grade's list inside its box with the key hint)."""
        return self.widget.focusProxy() or self.widget

    def __post_init__(self) -> None:
        # the registry's label (clinical/, English), in the user's language (gui/registry_strings.py)
        self.label = QCoreApplication.translate("ToxicityForm", self.label)

    def read_state(self) -> object:
        """What the user changed that the form's text/choice/tick snapshot does not see."""
        return self.state()

    def required_text(self) -> str:
        """Why a required input left empty stops the save, in the form's words."""
        if self.spec.type == "grade_pick":
            text = QCoreApplication.translate(
                "ToxicityForm", "%1: pick one of the sentences (a digit key picks that grade)."
            )
        elif self.spec.type == "dose":
            text = QCoreApplication.translate(
                "ToxicityForm", "%1: no given dose to link; record the dose first."
            )
        else:
            text = QCoreApplication.translate("ToxicityForm", "%1: required.")
        return text.replace("%1", self.label)


class GradePick(QListView):
    """The scale's sentences, one a line (model/view, a string list); Up/Down move, a digit picks."""

    def __init__(self, spec: InputSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = [stored for stored, _ in spec.choices]
        self.setModel(QStringListModel([text for _, text in spec.choices], self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAccessibleName(spec.label)
        self.setMinimumWidth(520)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_choices(self, choices: tuple[tuple[str, str], ...]) -> None:
        """Offer these sentences instead (the same model and selection model: watchers stay
        connected); the pick is kept when the new sentences offer it, else cleared."""
        kept = self.value()
        self.values = [stored for stored, _ in choices]
        model = self.model()
        assert isinstance(model, QStringListModel)
        model.setStringList([text for _, text in choices])
        self.setMinimumHeight(0)
        self.updateGeometries()
        if kept is None or not self.pick(kept):
            self.selectionModel().clearSelection()

    def value(self) -> str | None:
        """The grade picked ("3"), None until one is: a current row alone is not a pick."""
        picked = self.selectionModel().selectedIndexes()
        return self.values[picked[0].row()] if picked else None

    def pick(self, value: str) -> bool:
        if value not in self.values:
            return False
        index = self.model().index(self.values.index(value), 0)
        self.setCurrentIndex(index)  # SingleSelection: current and selected together
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().isdigit() and self.pick(event.text()):
            return
        super().keyPressEvent(event)

    def updateGeometries(self) -> None:
        """After each layout of the sentences (wrapped at this width): as tall as all of them, so
        none is ever hidden behind a scroll bar."""
        super().updateGeometries()
        needed = self.contentsSize().height() + 2 * self.frameWidth()
        if needed > 2 * self.frameWidth() and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), max(self.minimumHeight(), 60))

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Qt makes the first sentence current on focus, drawn as if chosen: until a pick, no
        sentence is current (Down then picks the first, a digit its grade)."""
        super().focusInEvent(event)
        if self.value() is None:
            self.selectionModel().clearCurrentIndex()


def _grade_pick(spec: InputSpec) -> InputEditor:
    pick = GradePick(spec)
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pick)
    keys = QCoreApplication.translate("ToxicityForm", "Type the grade's digit, or Up/Down.")
    hint = QCoreApplication.translate("ToxicityForm", spec.hint) if spec.hint else ""
    note = QLabel(f"{keys} {hint}".strip())
    note.setWordWrap(True)
    note.setStyleSheet("color: #555;")
    layout.addWidget(note)
    box.setFocusProxy(pick)
    return InputEditor(
        spec,
        spec.label,
        box,
        pick.value,
        lambda slot: pick.selectionModel().selectionChanged.connect(lambda *_: slot()),
        hint_shown=False,
        state=pick.value,
        show=lambda value: pick.pick(str(value)),
        reload=pick.set_choices,
    )


def dose_text(dose: Dose, cycle_numbers: Mapping[CycleId | None, int]) -> str:
    """ "Cycle 1 day 8 · 2026-03-02 09:30 (UTC+01:00) · Abdomen, left · 500 µg"."""
    where = (
        choice_label(dose.site)
        if dose.site is not None
        else QCoreApplication.translate("ToxicityForm", "site not recorded")
    )
    text = (
        QCoreApplication.translate("ToxicityForm", "Cycle %1 day %2")
        .replace("%1", str(cycle_numbers.get(dose.cycle_id, "?")))
        .replace("%2", str(dose.cycle_day))
    )
    return " · ".join((text, local_time(dose.given_at), where, f"{number(dose.amount_ug, 1)} µg"))


def given_doses(session: Session, patient_id: PatientId) -> list[Dose]:
    """The patient's given, non-voided doses, oldest first (a linked record follows one of them)."""
    doses = [
        d
        for d in session.repo.doses(patient_id)
        if d.status == DoseStatus.GIVEN and not d.voided and d.given_at is not None and d.id is not None
    ]
    return sorted(doses, key=lambda d: (d.given_at, d.id))


def _dose(spec: InputSpec, session: Session, patient_id: PatientId) -> InputEditor:
    combo = QComboBox()
    cycles = {c.id: c.number for c in session.repo.cycles(patient_id)}
    for dose in given_doses(session, patient_id):
        combo.addItem(dose_text(dose, cycles), dose.id)
    combo.setCurrentIndex(combo.count() - 1)  # the last given dose: the one a reaction follows
    return _combo_editor(spec, combo, prefilled=True)


def linked_record_text(record: object) -> str:
    """A linked record as a combo and a list name it: "Febrile neutropenia · 2026-03-01 08:00"."""
    definition = definition_of(record)
    named = definition.name_of(record) or definition.label
    return f"{named} · {local_time(definition.at(record))}"


def _record(spec: InputSpec, session: Session, patient_id: PatientId) -> InputEditor:
    """The patient's non-voided records of the linked kind, newest first; empty = none linked."""
    combo = QComboBox()
    combo.addItem("", None)
    for record in reversed(session.repo.records(spec.links_kind, patient_id)):
        combo.addItem(linked_record_text(record), getattr(record, "id", None))
    return _combo_editor(spec, combo)


def _choice(spec: InputSpec) -> InputEditor:
    combo = QComboBox()
    if not spec.required:
        combo.addItem("", None)
    for stored, text in spec.choices:
        combo.addItem(QCoreApplication.translate("formatting", text), stored)
    return _combo_editor(spec, combo, stored_as_text=True)


def _combo_editor(
    spec: InputSpec, combo: QComboBox, *, prefilled: bool = False, stored_as_text: bool = False
) -> InputEditor:
    """An input read from a combo's item data; a saved value (a correction) selects its item, compared
    as text where the choices store text (`stored_as_text`)."""

    def show(value: object) -> None:
        index = combo.findData(str(value) if stored_as_text and value is not None else value)
        if index >= 0:
            combo.setCurrentIndex(index)

    return InputEditor(
        spec,
        spec.label,
        combo,
        combo.currentData,
        lambda slot: combo.currentIndexChanged.connect(slot),
        prefilled,
        show=show,
    )


def _number(spec: InputSpec) -> InputEditor:
    limits = None if spec.low is None or spec.high is None else (spec.low, spec.high)
    line = NumberField(spec.label, limits, spec.unit)
    return InputEditor(
        spec,
        spec.label,
        line,
        line.value,
        lambda slot: line.textChanged.connect(slot),
        show=lambda value: line.setValue(None if value is None else float(str(value))),
    )


def _flag(spec: InputSpec) -> InputEditor:
    check = QCheckBox(spec.label)
    return InputEditor(
        spec,
        "",
        check,
        check.isChecked,
        lambda slot: check.toggled.connect(slot),
        show=lambda value: check.setChecked(bool(value)),
    )


def _text(spec: InputSpec) -> InputEditor:
    line = QLineEdit()
    line.setMaxLength(spec.max_length)
    return InputEditor(
        spec,
        spec.label,
        line,
        lambda: line.text().strip(),
        lambda slot: line.textChanged.connect(slot),
        show=lambda value: line.setText("" if value is None else str(value)),
    )


def _term(spec: InputSpec) -> InputEditor:
    search = TermField(spec.label, spec.hint)
    return InputEditor(
        spec,
        spec.label,
        search,
        search.value,
        lambda slot: search.changed.connect(slot),
        hint_shown=False,
        show=search.set_value,
    )


def _moment(value: object) -> dt.datetime | None:
    """A stored time (UTC ISO text) or a time, as an aware datetime; None for anything else."""
    if isinstance(value, str) and value:
        return dt.datetime.fromisoformat(value)
    return value if isinstance(value, dt.datetime) else None


def _datetime(spec: InputSpec, now: dt.datetime) -> InputEditor:
    """A tick box "recorded" and the time beside it (`now` until changed): unticked, the input is
    empty (an event still ongoing)."""
    box = QWidget()
    given = QCheckBox(QCoreApplication.translate("ToxicityForm", "Recorded"))
    given.setAccessibleName(spec.label)
    edit = QDateTimeEdit(qdatetime_from_utc(now))
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    given.toggled.connect(edit.setEnabled)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(given)
    row.addWidget(edit, 1)
    if spec.hint:
        hint = QLabel(QCoreApplication.translate("ToxicityForm", spec.hint))
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint)
    box.setFocusProxy(given)

    def read() -> str | None:
        """As storage keeps it (UTC ISO text), so a correction sees an unchanged time as unchanged."""
        return utc_from_qdatetime(edit.dateTime()).isoformat() if given.isChecked() else None

    def show(value: object) -> None:
        moment = _moment(value)
        given.setChecked(moment is not None)
        if moment is not None:
            edit.setDateTime(qdatetime_from_utc(moment))

    def changed(slot: Callable[[], None]) -> None:
        given.toggled.connect(slot)
        edit.dateTimeChanged.connect(slot)

    return InputEditor(spec, spec.label, box, read, changed, hint_shown=False, state=read, show=show)


def _ticks(spec: InputSpec) -> InputEditor:
    """A tick box per choice, two a row; none ticked reads as empty (None)."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    checks: list[tuple[str, QCheckBox]] = []
    for index, (stored, text) in enumerate(spec.choices):
        check = QCheckBox(QCoreApplication.translate("formatting", text))
        check.setObjectName(stored)
        grid.addWidget(check, index // 2, index % 2)
        checks.append((stored, check))
    if checks:
        box.setFocusProxy(checks[0][1])

    def read() -> tuple[str, ...] | None:
        return tuple(stored for stored, check in checks if check.isChecked()) or None

    def show(value: object) -> None:
        ticked = value if isinstance(value, tuple | list) else ()
        for stored, check in checks:
            check.setChecked(stored in ticked)

    def changed(slot: Callable[[], None]) -> None:
        for _, check in checks:
            check.toggled.connect(slot)

    return InputEditor(spec, spec.label, box, read, changed, show=show)


def link_choices(editors: Mapping[str, InputEditor]) -> None:
    """Each input whose choices depend on another (`InputSpec.depends_on`) gets that input's
    choices now and again whenever it changes. Call before any other watcher of the inputs, so
    those see the new choices."""
    for editor in editors.values():
        spec, source = editor.spec, editors.get(editor.spec.depends_on)
        if spec.options is None or source is None:
            continue

        def load(editor: InputEditor = editor, source: InputEditor = source) -> None:
            editor.reload(editor.spec.choices_given({editor.spec.depends_on: source.read()}))

        load()
        source.changed(load)


def _unsupported(spec: InputSpec) -> InputEditor:
    """An input only a custom form can ask (the ICE items): said so, never silently left out."""
    note = QLabel(
        QCoreApplication.translate("ToxicityForm", "This input needs its own form (not available here).")
    )
    note.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return InputEditor(spec, spec.label, note, lambda: None, lambda _slot: None)


def make_input_editor(spec: InputSpec, session: Session, patient_id: PatientId) -> InputEditor:
    if spec.type == "dose":
        return _dose(spec, session, patient_id)
    if spec.type == "datetime":
        return _datetime(spec, session.now())
    if spec.type == "record":
        return _record(spec, session, patient_id)
    builders: dict[str, Callable[[InputSpec], InputEditor]] = {
        "number": _number,
        "choice": _choice,
        "flag": _flag,
        "text": _text,
        "grade_pick": _grade_pick,
        "term": _term,
        "ticks": _ticks,
    }
    return builders.get(spec.type, _unsupported)(spec)
