"""Child process of fig_ae_search: types into the app's own CTCAE term search (the adverse event form's
type-ahead over the 837 terms, gui.widgets.term_search.TermField), offscreen, and prints the time from
each keystroke to the completion list repainted, as JSON on stdout."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QVBoxLayout, QWidget

from benchmarks.filter_probe import NO_CHANGE_S, Watcher


def keystroke_ms(
    app: QApplication, line: QLineEdit, popup: QAbstractItemView, watcher: Watcher, key: str
) -> float | None:
    """Milliseconds from the key press to the completion model's change signal, the queued events it
    caused and the popup list's first paint after it (a synchronous repaint if none was due); None when
    nothing changed within NO_CHANGE_S (that keystroke is not counted)."""
    watcher.arm()
    start = time.perf_counter()
    if key == "\b":
        QTest.keyClick(line, Qt.Key.Key_Backspace)
    else:
        QTest.keyClicks(line, key)
    while not watcher.fired:
        if time.perf_counter() - start > NO_CHANGE_S:
            return None
        QTest.qWait(1)
    app.processEvents()
    if not watcher.painted:
        popup.viewport().repaint()
    return (time.perf_counter() - start) * 1000


def keystrokes(words: Sequence[str], count: int, seed: int) -> list[str]:
    """Type the first 2-6 characters of a random search word (a term, its system organ class or its
    MedDRA code) one by one, then delete them one by one: each key narrows or widens the list."""
    rng = random.Random(seed)
    keys: list[str] = []
    while len(keys) < count:
        head = rng.choice(list(words))[: rng.randint(2, 6)]
        keys += list(head) + ["\b"] * len(head)
    return keys[:count]


def search_words() -> list[str]:
    from clinical.toxicities.ctcae import ctcae_terms

    words = []
    for term in ctcae_terms().values():
        words += [term.term.lower(), term.soc.lower(), term.meddra_code]
    return words


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=48)
    options = parser.parse_args(argv)
    from clinical.toxicities.ctcae import ctcae_terms
    from gui.gc_guard import GarbageCollector
    from gui.widgets.term_search import TermField

    app = QApplication([])
    GarbageCollector(app)  # the app's garbage collection regime (gui/app.py run_app)
    window = QWidget()
    field = TermField("CTCAE v5.0 term")
    QVBoxLayout(window).addWidget(field)
    window.resize(700, 400)
    window.show()
    window.activateWindow()
    field.line.setFocus()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(200)
    popup = field.completer.popup()
    watcher = Watcher(field.completer.completionModel(), popup.viewport())
    times = []
    shown = 0  # counted keys after which the list was on screen (not an empty result or an empty field)
    for key in keystrokes(search_words(), options.keys, seed=7):
        ms = keystroke_ms(app, field.line, popup, watcher, key)
        if ms is not None:
            times.append(ms)
            shown += popup.isVisible()
        QTest.qWait(20)
    print(json.dumps({"times_ms": times, "shown": shown, "terms": len(ctcae_terms())}), flush=True)
    # As filter_probe: leave without interpreter teardown (a shiboken refcount abort at finalization).
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
