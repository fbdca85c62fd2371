"""Which form and which list view the window gives each toxicity of the registry (issue 14).

A definition with `form` "" gets the generic ones, built from its inputs (gui/patient/toxicity_form.py,
gui/patient/toxicity_view.py); CRS, ICANS and labs keep their richer dialogs and views, named here by the
definition's `form`: this is the one table in gui/ that knows a toxicity by name. Everything else
(tabs, Today, the correction and history dialogs) asks the registry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from clinical.toxicities import ToxicityDefinition, all_definitions
from gui.i18n import QT_TRANSLATE_NOOP
from gui.patient.toxicity_wording import label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from clinical.model import PatientId
    from gui.session import Session


@dataclass(frozen=True)
class CustomGui:
    """A richer form and list view than the generic ones, and the tab's name and title."""

    form: tuple[str, str]  # (module, QDialog class taking (session, patient_id, parent))
    view: tuple[str, str]  # (module, view class taking (session, parent))
    tab: str  # the tab's name (--view, the View menu), and its title
    title: str  # marked for translation, translated when shown


# The definition's `form` -> its custom GUI. Titles are marked for translation here (lupdate reads
# gui/ only); a generic toxicity's tab is titled with its label (CTCAE terms stay in English).
CUSTOM_GUI: dict[str, CustomGui] = {
    "crs": CustomGui(
        ("gui.patient.crs_form", "CrsFormDialog"),
        ("gui.patient.crs_view", "CrsView"),
        "crs",
        QT_TRANSLATE_NOOP("toxicities", "CRS"),
    ),
    "icans": CustomGui(
        ("gui.patient.icans_form", "IcansFormDialog"),
        ("gui.patient.icans_view", "IcansView"),
        "icans",
        QT_TRANSLATE_NOOP("toxicities", "ICANS"),
    ),
    "lab": CustomGui(
        ("gui.patient.lab_form", "LabFormDialog"),
        ("gui.patient.labs_view", "LabsView"),
        "labs",
        QT_TRANSLATE_NOOP("toxicities", "Labs"),
    ),
}
GENERIC_VIEW = ("gui.patient.toxicity_view", "ToxicityView")


def custom(definition: ToxicityDefinition) -> CustomGui | None:
    return CUSTOM_GUI.get(definition.form) if definition.form else None


def tab_name(definition: ToxicityDefinition) -> str:
    """The patient tab showing the toxicity's records ("crs", "labs", "injection_site_reaction")."""
    gui = custom(definition)
    return gui.tab if gui is not None else definition.id


def tab_title(definition: ToxicityDefinition) -> str:
    gui = custom(definition)
    return QCoreApplication.translate("toxicities", gui.title) if gui is not None else label(definition)


def for_tab(name: str) -> ToxicityDefinition | None:
    """The definition whose records a tab shows (None for Doses, Flags)."""
    return next((d for d in all_definitions() if tab_name(d) == name), None)


def form_dialog(
    session: Session, definition: ToxicityDefinition, patient_id: PatientId, parent: QWidget | None = None
) -> QDialog:
    """A new-record dialog for the toxicity: its custom form, or the generic one from its inputs."""
    gui = custom(definition)
    if gui is None:
        from gui.patient.toxicity_form import ToxicityFormDialog

        return ToxicityFormDialog(session, definition, patient_id, parent)
    module, cls = gui.form
    dialog: QDialog = getattr(importlib.import_module(module), cls)(session, patient_id, parent)
    return dialog


def view_widget(session: Session, definition: ToxicityDefinition, parent: QWidget | None = None) -> QWidget:
    """The patient tab's widget listing the toxicity's records."""
    gui = custom(definition)
    module, cls = GENERIC_VIEW if gui is None else gui.view
    view_class = getattr(importlib.import_module(module), cls)
    widget: QWidget = (
        view_class(session, parent) if gui is not None else view_class(session, definition, parent)
    )
    return widget
