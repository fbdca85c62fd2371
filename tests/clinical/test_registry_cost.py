"""The toxicity registry is cheap to reach at start-up (issue 14, start-up <= 1.5x a bare window).

Storage and the GUI import clinical.wording at start-up; its label tables used to be built at import,
which loaded every definition, and the injection site reaction's definition parsed all 837 rows of
the CTCAE list (~16 ms) to read one. Each check runs in a fresh interpreter, as the app starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from clinical.toxicities.ctcae import _row_of, _term, ctcae_term, ctcae_terms

ROOT = Path(__file__).resolve().parents[2]


def _fresh(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    loaded: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_wording_and_storage_loads_no_toxicity_definition() -> None:
    seen = _fresh(
        "import json, sys, main\n"
        "main.preload_core()\n"  # the app's Qt-free start-up imports (storage, hence clinical.wording)
        "import clinical.wording\n"
        "prefix = 'clinical.toxicities.definitions.'\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(prefix))))"
    )
    assert seen == []


def test_labels_are_still_the_registry_s_when_first_read() -> None:
    seen = _fresh(
        "import json\n"
        "from clinical.wording import FIELD_LABELS, KIND_LABELS, field_label\n"
        "print(json.dumps([KIND_LABELS['injection_site_reaction'], KIND_LABELS.get('crs'),"
        " field_label('dose_id'), 'grade' in FIELD_LABELS, dict(KIND_LABELS)['dose']]))"
    )
    assert seen == ["injection site reaction", "CRS assessment", "After the dose given", True, "dose"]


def test_one_ctcae_term_is_read_without_parsing_the_whole_list() -> None:
    seen = _fresh(
        "import json\n"
        "from clinical.toxicities import ctcae\n"
        "term = ctcae.ctcae_term('Injection site reaction')\n"
        "print(json.dumps([term.meddra_code, ctcae.ctcae_terms.cache_info().currsize]))"
    )
    assert seen == ["10022095", 0]


def test_every_term_read_alone_equals_the_whole_list_s() -> None:
    terms = ctcae_terms()
    assert len(terms) == 837
    for name, term in terms.items():  # quoted names ("..., Other, specify"), multi-line definitions
        row = _row_of(name)
        assert row is not None, name
        assert _term(row) == term == ctcae_term(name)
