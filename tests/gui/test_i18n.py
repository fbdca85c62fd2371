"""Every user-visible string must reach Qt's translation tools: run pyside6-lupdate and look."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[2] / "gui"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.fail("pyside6-lupdate is missing from the environment (PySide6-Essentials ships it)")
    ts = tmp_path_factory.mktemp("ts") / "toxtrack.ts"
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(ts)], check=True, capture_output=True)
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


@pytest.mark.parametrize(
    ("context", "text"),
    [
        ("DoseCalendarModel", "Overdue: no record"),  # a label table marked with QT_TRANSLATE_NOOP
        ("formatting", "Abdomen, left"),
        ("formatting", "Low-flow nasal cannula (≤ 6 L/min) or blow-by"),
        ("CohortModel", "consistent with the trial"),
        ("CrsView", "Temp °C"),
        ("RecordMenu", None),
        ("MainWindow", None),
        ("NewPatientDialog", None),
        ("TodayModel", None),
    ],
)
def test_strings_are_extractable(extracted: set[tuple[str, str]], context: str, text: str | None) -> None:
    if text is None:
        assert any(ctx == context for ctx, _ in extracted), f"no strings extracted for {context}"
    else:
        assert (context, text) in extracted


def test_no_translation_wrappers_hide_strings_from_lupdate() -> None:
    """lupdate only recognises tr(), translate() and QT_TRANSLATE_NOOP by name; a `_tr(text)` helper
    makes its literals invisible, so the strings would never be offered to a translator."""
    wrapper = re.compile(r"^def _tr?\(", re.M)
    offenders = [p.name for p in GUI.rglob("*.py") if wrapper.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], offenders
