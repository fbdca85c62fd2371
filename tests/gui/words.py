"""The app's words in the language the GUI tests run in (English, or Chinese under TOXTRACK_LANG=zh_CN):
tests that read a text the app translates compare it with the translation of the same source text,
so each assertion holds in both runs without being loosened."""

from __future__ import annotations


def tr(context: str, text: str, n: int = -1) -> str:
    """`text` as the app shows it in `context` with the translators the GUI conftest installed
    (`n`: the count of a %n plural)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text, None, n)


def graded(grade: int, scale: str = "") -> str:
    """A form's grade line, "Grade 3 (ASTCT 2019)"; without a scale only what precedes it ("Grade 3 (")."""
    text = tr("AssessmentFormDialog", "Grade %1 (%2)").replace("%1", str(grade))
    return text.replace("%2", scale) if scale else text.split("%2")[0]


def report_tr(context: str, text: str, *values: object) -> str:
    """A PDF's or chart's text (reports/i18n.py, read from the same .ts) in the language the GUI
    tests run in: the GUI makes its reports and charts in its own language (issue 20)."""
    from gui.translation import active_language
    from reports.i18n import fill, load

    return fill(load(active_language()).translate(context, text), *values)
