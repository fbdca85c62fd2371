"""The reports' words in the chosen language, without Qt (reports/ takes plain data; issue 20).

Decision: the PDFs and charts read the same translation source as the GUI,
`translations/toxtrack_<lang>.ts`, parsed here with the standard library's XML parser (no compiled
.qm, no generated Python copy that could fall out of step). Report code marks its words as
`lang.translate("CohortReport", "Forest plot")`: lupdate reads that call (a literal context, as in
gui/), so `make translations` keeps the report contexts in the .ts with the GUI's, and
tests/gui/test_translations.py requires each to be translated. Only finished translations are used;
anything else prints the English source, as the GUI does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "translations"
ENGLISH_CODE = "en"


@dataclass(frozen=True)
class Language:
    """A language's finished translations: (context, English source) -> translation."""

    code: str = ENGLISH_CODE
    messages: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, hash=False)

    def translate(self, context: str, text: str) -> str:
        """`text` in this language (lupdate reads the call: keep both arguments literal and alone)."""
        return self.messages.get((context, text)) or text

    @property
    def is_chinese(self) -> bool:
        return self.code.startswith("zh")


ENGLISH = Language()


def fill(text: str, *values: object) -> str:
    """A translated text with %1, %2... replaced by `values`, the way the GUI fills Qt's placeholders
    (a translation may put them in its own order); the highest first, so %1 never eats %10."""
    for number in sorted(range(1, len(values) + 1), reverse=True):
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark a report constant for lupdate under `context` (translated when drawn); `text` unchanged."""
    if not context:
        raise ValueError("a translation context is needed")
    return text


def parse_ts(path: Path) -> dict[tuple[str, str], str]:
    """The finished, singular messages of a Qt Linguist .ts file."""
    messages: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or translation.get("type"):
                continue  # unfinished, vanished or obsolete
            if message.get("numerus") == "yes" or not translation.text:
                continue
            messages[(name, source)] = translation.text
    return messages


@cache
def load(code: str) -> Language:
    """The language `code` ("zh_CN", "en"); English when it has no .ts file."""
    path = TS_DIR / f"toxtrack_{code}.ts"
    if code == ENGLISH_CODE or not path.is_file():
        return ENGLISH
    return Language(code, parse_ts(path))
