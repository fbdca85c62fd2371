"""ae_search_ms (issue 15) times the app's own term field with its list on screen: the keys it types
change the list (narrow, then widen), and the probe, run as the benchmark runs it, reports keys that
left the list shown; a figure from a hidden list, or from keys that change nothing, would flatter it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks import ae_search_probe
from benchmarks.harness import ROOT
from clinical.toxicities.ctcae import ctcae_terms


def test_keys_type_a_start_of_a_search_word_then_delete_it() -> None:
    words = ae_search_probe.search_words()
    assert len(words) == 3 * len(ctcae_terms()) == 3 * 837
    keys = ae_search_probe.keystrokes(words, 40, seed=7)
    assert len(keys) == 40 and keys == ae_search_probe.keystrokes(words, 40, seed=7)
    typed = "".join(keys).split("\b")[0]
    assert 2 <= len(typed) <= 6 and any(w.startswith(typed) for w in words)
    assert keys[len(typed) : 2 * len(typed)] == ["\b"] * len(typed)


def test_probe_reports_times_with_the_list_shown() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.ae_search_probe", "--keys", "8"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["terms"] == 837
    assert len(result["times_ms"]) >= 4 and all(t > 0 for t in result["times_ms"])
    assert result["shown"] >= len(result["times_ms"]) // 2
