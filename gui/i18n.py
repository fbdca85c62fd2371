"""Translation markers that pyside6-lupdate recognises by name and mypy can type.

PySide6 types its own QT_TRANSLATE_NOOP as returning `object`; this one returns the text unchanged as
`str`. Tables of labels mark their strings with it so lupdate extracts them, and the code translates
them when shown with `QCoreApplication.translate(context, text)`.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for extraction under `context`; return it untranslated."""
    del context
    return text
