"""The desktop app's options: the everyday start (`toxtrack`, `toxtrack --db FILE`) is read without
building the argparse parser (~5 ms of start-up, issue 14), and must read exactly as the parser would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[1]

PLAIN = [
    [],
    ["--db", "clinic.db"],
    ["--db", "folder with spaces/clinic.db"],
    ["--db=clinic.db"],
    ["--db=--odd-name.db"],
    ["--db", "é.db"],
]
NOT_PLAIN = [
    ["--read-only"],
    ["--db", "clinic.db", "--read-only"],
    ["--read-only", "--db", "clinic.db"],
    ["--db", "clinic.db", "--screenshot", "out.png", "--view", "patient"],
    ["--d", "clinic.db"],  # an abbreviation argparse accepts
    ["--db"],
    ["--db", "-"],
    ["--db", ""],
    ["--db="],
    ["--help"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=repr)
def test_the_everyday_start_reads_as_the_parser_reads_it(argv: list[str]) -> None:
    assert main.plain_start(argv) == main._gui_parser().parse_args(argv)
    assert main.gui_arguments(argv) == main._gui_parser().parse_args(argv)


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=repr)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert main.plain_start(argv) is None


def test_other_options_still_parse() -> None:
    options = main.gui_arguments(["--read-only", "--db", "clinic.db"])
    assert options.read_only and options.db == "clinic.db"
    with pytest.raises(SystemExit):
        main.gui_arguments(["--db"])  # argparse's own message: the option needs a file


def test_the_everyday_start_builds_no_parser() -> None:
    """Building the parser translates its help through gettext, which imports `locale`; the plain
    start does neither (checked in a fresh interpreter: pytest has imported locale already)."""
    code = (
        "import sys, main\n"
        "main.gui_arguments(['--db', 'clinic.db'])\n"
        "plain = 'locale' in sys.modules\n"
        "main.gui_arguments(['--read-only'])\n"
        "print(plain, 'locale' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "True"]
