"""No string literal reaches a user-visible Qt text setter without passing through translate()/tr():
an AST scan of gui/. A literal passed straight to setText, QLabel(...), a message box and the like
would stay English in every language, and lupdate would never offer it to a translator."""

from __future__ import annotations

import ast
import re
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "gui"

# call name -> positions of the arguments a user reads (None: every positional argument)
VISIBLE_ARGS: dict[str, tuple[int, ...] | None] = {
    **dict.fromkeys(
        [
            "setText",
            "setWindowTitle",
            "setToolTip",
            "setStatusTip",
            "setWhatsThis",
            "setPlaceholderText",
            "setHorizontalHeaderLabels",
            "setVerticalHeaderLabels",
            "setHeaderLabels",
            "setTitle",
            "setLabelText",
            "setSuffix",
            "setPrefix",
            "setSpecialValueText",
            "showMessage",
            "setInformativeText",
            "setDetailedText",
            "setTabText",
            "addMenu",
            "addItems",
            "setButtonText",
            "setNameFilter",
        ],
        None,
    ),
    "addAction": (0,),
    "addItem": (0,),  # the second argument is the item's data, which no one reads
    "addTab": (1,),
    "insertTab": (2,),
    "addRow": (0,),
    "QLabel": (0,),
    "QPushButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QAction": (0,),
    "QMenu": (0,),
    "QToolButton": (0,),
    # QMessageBox statics: (parent, title, text, ...); QFileDialog: (parent, caption, dir, filter)
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "getOpenFileName": (1, 3),
    "getSaveFileName": (1, 3),
    "getExistingDirectory": (1,),
}
VISIBLE_KEYWORDS = {"text", "title", "toolTip", "caption", "filter", "placeholderText"}
# Receivers whose "warning"/"critical"/... are not Qt's: the loggers write files no clinician reads.
NOT_SHOWN_RECEIVERS = {"log", "logger", "logging"}
MARKUP = re.compile(r"<[^>]*>|&[a-z]+;")


def _has_words(node: ast.AST) -> bool:
    """A literal (or an f-string, list or concatenation holding one) with letters a user reads;
    HTML tags and entities around a translated value ("<b>{title}</b>") carry no words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in MARKUP.sub("", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_has_words(element) for element in node.elts)
    return False


def unmarked_literals(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in VISIBLE_ARGS:
            continue
        receiver = func.value if isinstance(func, ast.Attribute) else None
        if isinstance(receiver, ast.Name) and receiver.id in NOT_SHOWN_RECEIVERS:
            continue
        positions = VISIBLE_ARGS[name]
        args = [a for i, a in enumerate(node.args) if positions is None or i in positions]
        args += [k.value for k in node.keywords if k.arg in VISIBLE_KEYWORDS]
        found += [(node.lineno, f"{name}({ast.unparse(a)})") for a in args if _has_words(a)]
    return found


def test_the_scan_finds_unmarked_literals() -> None:
    """The scan itself: literals in each kind of setter are caught, translated ones and data are not."""
    source = """
label.setText("Grade")
QLabel(f"Cycle {n}")
QMessageBox.warning(self, "Oops", self.tr("fine"))
box.addItem(self.tr("Other reason"), "other")
self.tabs.addTab(view, "Doses")
label.setText(self.tr("Grade"))
QLabel(f"<b>{title}</b>")
log.warning("not shown %s", exc)
label.setText("—")
"""
    assert [text for _, text in unmarked_literals(source)] == [
        "setText('Grade')",
        "QLabel(f'Cycle {n}')",
        "warning('Oops')",
        "addTab('Doses')",
    ]


def test_gui_passes_no_unmarked_literal_to_a_visible_setter() -> None:
    offenders = [
        f"{path.relative_to(GUI.parent)}:{line}: {call}"
        for path in sorted(GUI.rglob("*.py"))
        for line, call in unmarked_literals(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], (
        "wrap these in self.tr(...) or QCoreApplication.translate(context, ...), then run "
        "`make translations`:\n" + "\n".join(offenders)
    )


def test_translation_contexts_are_literals() -> None:
    """lupdate files a string under the context it reads in the call; a variable context (`_CTX`)
    hides the string from it altogether, so it would never be translated."""
    offenders = []
    for path in sorted(GUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("translate", "QT_TRANSLATE_NOOP") and not isinstance(node.args[0], ast.Constant):
                offenders.append(f"{path.relative_to(GUI.parent)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert offenders == []
