"""A CTCAE v5.0 term found by typing part of it, its system organ class or its MedDRA code (issue 15).

The 837 terms of the shipped list (clinical/toxicities/ctcae.py) are one item model, built once; a
QCompleter filters it as the user types (contains, any case) and its popup is driven by the keyboard
(Down, Enter). Each line shows the term, its system organ class and MedDRA code; picking a line puts
the exact term in the field. ToxTrack's navigational notes for words that are not CTCAE terms are
lines of the same list ("Aphasia" suggests Dysphasia) and, with CTCAE's own note for the chosen term,
the definition of the term is shown under the field.
"""

from __future__ import annotations

import functools
import textwrap

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinical.toxicities import toxicities
from clinical.toxicities.ctcae import REDIRECTS, CtcaeTerm, ctcae_terms, known_term, redirects_for

TERM_ROLE = Qt.ItemDataRole.UserRole + 1  # the exact term a line puts in the field
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # what the typed text is matched against
NOTE_COLUMNS = 90  # the note under the field wraps at this many characters


@functools.cache
def _lines() -> tuple[tuple[str, str, str], ...]:
    """(shown, searched, term) for every term, then every redirect that suggests a term."""
    lines = [
        (f"{t.term}  ·  {t.soc}  ·  MedDRA {t.meddra_code}", f"{t.term} | {t.soc} | {t.meddra_code}", t.term)
        for t in ctcae_terms().values()
    ]
    for redirect in REDIRECTS:
        if redirect.term:
            shown = f"{redirect.words[0].capitalize()} → {redirect.term}  ·  {redirect.note}"
            lines.append((shown, " | ".join(redirect.words), redirect.term))
    return tuple(lines)


def term_model(parent: QWidget | None = None) -> QStandardItemModel:
    """An item per line of the search (model/view: the completer filters a proxy of it)."""
    model = QStandardItemModel(parent)
    for shown, searched, term in _lines():
        item = QStandardItem(shown)
        item.setData(term, TERM_ROLE)
        item.setData(searched, SEARCH_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    return model


class TermCompleter(QCompleter):
    """Matches anywhere in the term, SOC or code; the field receives the exact term picked."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(TERM_ROLE) or "")


def own_tab_note(term: CtcaeTerm) -> str:
    """For a term a registered toxicity grades on its own tab (its `ctcae_term`: neutropenia from the
    ANC, the injection site reaction after its dose): record it there, or it is counted twice."""
    own = next((d for d in toxicities() if d.ctcae_term == term.term), None)
    if own is None:
        return ""
    if own.label == term.term:
        return QCoreApplication.translate(
            "TermSearch", "%1 has its own tab: record it there, not here."
        ).replace("%1", term.term)
    text = QCoreApplication.translate("TermSearch", "%1 is recorded as %2 on its own tab, not here.")
    return text.replace("%1", term.term).replace("%2", own.label)


def term_text(term: CtcaeTerm) -> str:
    """What the field shows under it once a term is chosen: where it sits, its definition, CTCAE's
    navigational note."""
    lines = [f"{term.soc} · MedDRA {term.meddra_code}"]
    if term.definition:
        lines.append(term.definition)
    if term.navigational_note:
        note = QCoreApplication.translate("TermSearch", "Navigational note (CTCAE): %1").replace(
            "%1", term.navigational_note
        )
        lines.append(note)
    return "\n".join(lines)


class TermField(QWidget):
    """The search field, its completer and the note under it; `changed` fires as the text changes."""

    changed = Signal()

    def __init__(self, label: str, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setAccessibleName(label)
        self.line.setPlaceholderText(hint)
        self.completer = TermCompleter(term_model(self), self)
        self.completer.setCompletionRole(SEARCH_ROLE)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.line.setCompleter(self.completer)
        self.note = QLabel()
        self.note.setObjectName("termNote")
        self.note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.note)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._changed)
        self._changed()

    def value(self) -> str | None:
        """The chosen term, spelled as CTCAE spells it (typed in any case); the text itself when it
        is no term (storage then refuses it, naming the field); None when empty."""
        text = self.line.text().strip()
        if not text:
            return None
        term = known_term(text)
        if term is not None:
            return term.term
        lowered = text.lower()
        return next((name for name in ctcae_terms() if name.lower() == lowered), text)

    def note_text(self) -> str:
        """The note under the field as one line of words (its wrapping undone)."""
        return " ".join(self.note.text().split())

    def set_value(self, value: object) -> None:
        self.line.setText("" if value is None else str(value))

    def _changed(self) -> None:
        text = self.line.text()
        term = known_term(self.value())
        parts = [term_text(term), own_tab_note(term)] if term is not None else []
        parts += [r.note for r in redirects_for(text if term is None else f"{text} {term.term}")]
        if not parts and text.strip():
            parts.append(
                QCoreApplication.translate("TermSearch", "Not a CTCAE v5.0 term yet: pick one from the list.")
            )
        # Wrapped here, not by the label: a form row does not give a word-wrapped label the height
        # its lines need at its width, and the definition was cut to its first line.
        lines = (line for part in parts if part for line in part.split("\n"))
        self.note.setText("\n".join(textwrap.fill(line, NOTE_COLUMNS) for line in lines))
        self.updateGeometry()  # the form's row follows the note's new height
        self.changed.emit()
