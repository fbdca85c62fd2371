"""PySide6 6.12.0 drops a reference to True at every `Signal.emit()` made from Python: after as many
emits as True has references (a few thousand in a working session) the interpreter aborts with
"Fatal Python error: bool_dealloc", losing whatever the user had typed. The GUI test run hit it at
exit. constraints.txt pins a release without the bug; this test fails on one that has it."""

from __future__ import annotations

import gc
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(int)
    toggled = Signal(bool)


def test_emitting_a_signal_keeps_the_interpreter_s_booleans_alive(qtbot: Any) -> None:
    emitter, seen = _Emitter(), []
    emitter.changed.connect(seen.append)
    emitter.toggled.connect(seen.append)
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(500):
        emitter.changed.emit(number)
        emitter.toggled.emit(number % 2 == 0)
    seen.clear()
    gc.collect()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] >= before[0] - 10 and after[1] >= before[1] - 10, (before, after)
