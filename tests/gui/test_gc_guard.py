"""Automatic garbage collection is off in the app; the GUI thread collects on a timer."""

from __future__ import annotations

import gc
from typing import Any

from PySide6.QtCore import QObject

from gui.gc_guard import GarbageCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collector_turns_automatic_collection_off_and_frees_cycles_itself(qtbot: Any) -> None:
    owner = QObject()
    try:
        collector = GarbageCollector(owner)
        assert not gc.isenabled() and collector.timer.isActive()
        gc.collect()
        threshold = gc.get_threshold()[0]
        for _ in range(threshold + 10):  # unreachable cycles that only a collection frees
            _Cycle()
        assert gc.get_count()[0] > threshold  # nothing collected them automatically
        assert collector.check() >= threshold
        assert collector.check() == 0  # below every threshold now
    finally:
        gc.enable()
