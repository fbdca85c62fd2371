"""The selected patient's workspace: a header that stays visible while data is entered (subject id,
regimen, cycle and day, open episodes) above tabs hosting the dose, CRS, ICANS, lab and flag views."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QTabWidget, QToolButton, QVBoxLayout, QWidget

from clinical.choices import PatientStatus
from clinical.errors import NotFoundError
from clinical.model import PatientId
from clinical.toxicities import all_definitions
from gui.formatting import cycle_day, local_time
from gui.patient.patient_list_model import cycle_length, status_label

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from clinical.toxicities import ToxicityDefinition
    from gui.session import Session

log = logging.getLogger("toxtrack.gui")


class PatientView(Protocol):
    def set_patient(self, patient_id: PatientId | None) -> None: ...


@dataclass(frozen=True)
class Tab:
    """One patient tab: its name (--view, show_tab), its title and how its view is made."""

    name: str
    title: str
    build: Callable[[Session, QWidget], QWidget]


def _module_view(module: str, cls: str) -> Callable[[Session, QWidget], QWidget]:
    def build(session: Session, parent: QWidget) -> QWidget:
        widget: QWidget = getattr(importlib.import_module(module), cls)(session, parent)
        return widget

    return build


def _toxicity_view(definition: ToxicityDefinition) -> Callable[[Session, QWidget], QWidget]:
    from gui.patient.toxicity_gui import view_widget

    return lambda session, parent: view_widget(session, definition, parent)


def patient_tabs() -> tuple[Tab, ...]:
    """Doses, one tab per registered toxicity in the registry's order, then Flags. The views are
    imported lazily so that a missing or broken view shows a placeholder instead of taking the
    whole window down (and, with this module's other helpers, after the window's first paint:
    the window opens on Today, benchmarks/README.md, start-up)."""
    from gui.patient.toxicity_gui import tab_name, tab_title

    doses = QCoreApplication.translate("Workspace", "Doses")
    flags = QCoreApplication.translate("Workspace", "Flags")
    # Kinds that share a tab (the lab terms are listed on the Labs tab, issue 15): the first names it.
    shown: dict[str, Tab] = {}
    for d in all_definitions():
        shown.setdefault(tab_name(d), Tab(tab_name(d), tab_title(d), _toxicity_view(d)))
    return (
        Tab("doses", doses, _module_view("gui.patient.dose_calendar", "DoseCalendarView")),
        *shown.values(),
        Tab("flags", flags, _module_view("gui.patient.flags_panel", "FlagsPanel")),
    )


class _Placeholder(QLabel):
    """Stands in for a view that could not be loaded, and says why."""

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(reason, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)

    def set_patient(self, patient_id: PatientId | None) -> None:
        """Nothing to show."""


class PatientHeader(QLabel):
    """One line of rich text: who, which regimen, which cycle day, what is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientHeader")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(
            "#patientHeader { background: #e8f0fb; border: 1px solid #b8cbe6; border-radius: 4px;"
            " padding: 6px 10px; font-size: 14px; }"
        )
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wraps, and asks for no width of its own: unwrapped, a long header (a long name, three
        # open episodes) set the window's minimum width and widened the window by itself (issue 13).
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


class Workspace(QWidget):
    """Hosts one patient's views; follows `session.patient_selected` and `session.changed`.

    Each view is built the first time its tab is shown (or asked for by `view`): the window opens
    on Today, and building five views with their models was a tenth of start-up (benchmarks)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.patient_id: PatientId | None = session.current_patient
        self.views: dict[str, PatientView] = {}
        self._holders: list[QVBoxLayout] = []
        self._parts: tuple[PatientHeader, QTabWidget, tuple[Tab, ...]] | None = None
        # Each cycle's electronic signature (issue 16), under the header; made with it (`_built`).
        self.signature_state = QLabel(self)
        self.signature_state.setObjectName("signatureState")
        self.signature_state.setTextFormat(Qt.TextFormat.RichText)
        self.signature_state.setWordWrap(True)
        self.signature_state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.signature_state.hide()
        session.patient_selected.connect(self._selected)
        session.changed.connect(self._changed)

    # The header and the tabs are made when the page is first shown or asked for (`_built`): the
    # window opens on Today, and they (with the toxicity definitions they list) took ~10 ms before
    # its first paint (benchmarks/README.md, start-up).
    @property
    def header(self) -> PatientHeader:
        return self._built()[0]

    @property
    def tabs(self) -> QTabWidget:
        return self._built()[1]

    @property
    def tab_list(self) -> tuple[Tab, ...]:
        return self._built()[2]

    def _built(self) -> tuple[PatientHeader, QTabWidget, tuple[Tab, ...]]:
        if self._parts is None:
            header, tabs, tab_list = PatientHeader(self), QTabWidget(self), patient_tabs()
            self._parts = (header, tabs, tab_list)
            for tab in tab_list:
                holder = QWidget(tabs)
                self._holders.append(QVBoxLayout(holder))
                self._holders[-1].setContentsMargins(0, 0, 0, 0)
                tabs.addTab(holder, tab.title)
            tabs.currentChanged.connect(lambda _index: self._build_current())
            # With more tabs than fit, the bar shows scroll arrows: the arrow keys already walk the
            # tabs, so the arrows take no Tab stop (issue 18's three tabs made Tab stop there).
            for arrow in tabs.tabBar().findChildren(QToolButton):
                arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout = QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(header)
            layout.addWidget(self.signature_state)
            self.signature_state.show()
            layout.addWidget(tabs, 1)
            self.update_header()
        return self._parts

    def setVisible(self, visible: bool) -> None:
        if visible:
            self._built()  # before the page shows, so its parts show with it
        super().setVisible(visible)

    def tab_names(self) -> list[str]:
        """doses, crs, icans, labs, the other toxicities' ids, flags: in the tabs' order."""
        return [tab.name for tab in self.tab_list]

    def view(self, name: str) -> QWidget:
        """The named view (see `tab_names`), built now if it was not yet."""
        if name not in self.views:
            index = self.tab_names().index(name)
            widget = self._load_view(self.tab_list[index])
            self._holders[index].addWidget(widget)
            self.views[name] = widget  # type: ignore[assignment]
            self.views[name].set_patient(self.patient_id)
        return self.views[name]  # type: ignore[return-value]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._build_current()

    def _build_current(self) -> None:
        if self.isVisible():
            self.view(self.tab_names()[self.tabs.currentIndex()])

    def _load_view(self, tab: Tab) -> QWidget:
        try:
            return tab.build(self._session, self)
        except (ImportError, AttributeError) as exc:
            log.warning("view %s not available: %s", tab.name, exc)
            return _Placeholder(self.tr("This view is not available yet ({0}).").format(exc), self)

    def show_tab(self, name: str) -> bool:
        """Bring the named tab (see `tab_names`) to the front."""
        names = self.tab_names()
        if name not in names:
            return False
        self.view(name)
        self.tabs.setCurrentIndex(names.index(name))
        return True

    def _selected(self, patient_id: object) -> None:
        self.set_patient(None if patient_id is None else PatientId(int(patient_id)))  # type: ignore[call-overload]

    def _changed(self, patient_id: object) -> None:
        if patient_id is None or patient_id == self.patient_id:
            self.update_header()

    def set_patient(self, patient_id: PatientId | None) -> None:
        self.patient_id = patient_id
        self.update_header()
        for view in self.views.values():
            view.set_patient(patient_id)

    def update_header(self) -> None:
        """Re-read the patient: a correction or a new cycle changes what the header must say."""
        if self._parts is None:
            return  # made with the patient of the moment (`_built`)
        self.signature_state.setText("")
        if self.patient_id is None:
            self.header.setText(self.tr("No patient selected: pick one in the list (Ctrl+F to search)."))
            return
        repo = self._session.repo
        try:
            patient = repo.get_patient(self.patient_id)
        except NotFoundError:
            self.header.setText(self.tr("This patient no longer exists."))
            return
        self.signature_state.setText(self._signatures_text())
        position = self._position_text(patient.regimen)
        status = "" if patient.status == PatientStatus.ON_TREATMENT else status_label(patient.status)
        parts = [
            f"<b>{_esc(patient.subject_id)} · {_esc(position)}</b>",
            _esc(patient.regimen),
            _esc(status),
            _esc(patient.name),
            self._open_episodes_text(),
        ]
        self.header.setText(" &nbsp;·&nbsp; ".join(p for p in parts if p))

    def _position_text(self, regimen: str) -> str:
        """ "cycle 1 day 8" while a cycle runs; "cycle 3 ended" after it; "no cycle started"."""
        assert self.patient_id is not None
        position = cycle_day(self._session.repo.cycles(self.patient_id), self._session.today())
        if position is None:
            return self.tr("no cycle started")
        cycle, day = position
        length = cycle_length(regimen)
        if length is not None and day > length:
            return self.tr("cycle {0} ended").format(cycle)
        return self.tr("cycle {0} day {1}").format(cycle, day)

    def _signatures_text(self) -> str:
        """One line per cycle: signed by whom and when, void after a change (in red), or not signed."""
        assert self.patient_id is not None
        repo = self._session.repo
        lines = []
        for cycle in repo.cycles(self.patient_id):
            signatures = repo.cycle_signatures(cycle.id) if cycle.id is not None else []
            last = signatures[-1] if signatures else None
            if last is None:
                state = _esc(self.tr("not signed"))
            elif last.valid:
                state = _esc(
                    self.tr("signed by {0} at {1}").format(
                        f"{last.printed_name} ({last.user_id})", local_time(last.signed_at)
                    )
                )
            else:
                void = self.tr("signature void: changed after signing - re-sign")
                state = '<span style="color:#a0001c; font-weight:bold;">' + _esc(void) + "</span>"
            lines.append(self.tr("Cycle {0}: {1}").format(cycle.number, state))
        return "<br>".join(lines)

    def _open_episodes_text(self) -> str:
        """Open episodes in red with their peak grade so far, or "no open episode"."""
        pid = self.patient_id
        assert pid is not None
        repo = self._session.repo
        from clinical.episodes import episodes_for
        from gui.patient.toxicity_wording import toxicity_label

        episodes = [e for e in episodes_for(pid, repo.records_by_kind(pid)) if e.is_open]
        if not episodes:
            return self.tr("no open episode")
        parts = [
            self.tr("{0} episode open, peak grade {1}").format(
                e.name or toxicity_label(str(e.toxicity)), e.peak_grade
            )
            for e in episodes
        ]
        return '<span style="color:#a0001c; font-weight:bold;">' + _esc("; ".join(parts)) + "</span>"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
