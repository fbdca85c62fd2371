"""Entry point: `toxtrack` opens the desktop app; `toxtrack COMMAND ...` runs headless work.

Subcommands are looked up in `COMMANDS` and imported only when used, so that the GUI starts
without loading matplotlib, reportlab or scipy, and batch commands start without Qt.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

# name -> "module:function"; each function takes the remaining argv and returns an exit code.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("storage.commands:check_main", "verify integrity, foreign keys and the audit chain"),
    "demo": ("storage.demo:main", "write a synthetic demo cohort"),
    "report": ("reports.cli:main", "make PDF cycle summaries and the cohort report"),
    "backup": ("storage.backup_cli:backup_main", "make a verified online backup"),
    "restore": ("storage.backup_cli:restore_main", "restore a backup (the current file is kept aside)"),
    "import": ("exchange.cli:import_main", "import lab results from a CSV or Excel export"),
    "export": ("exchange.cli:export_main", "export data as CSV/Excel, REDCap, CDISC SDTM or FHIR"),
    "encrypt": ("storage.cipher_cli:encrypt_main", "encrypt an existing database (passphrase never on argv)"),
    "rekey": ("storage.cipher_cli:rekey_main", "change the passphrase of an encrypted database"),
}


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, func_name = target.split(":")
    func: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return func


def gui_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Options of the desktop app itself."""
    plain = plain_start(argv)
    if plain is not None:
        return plain
    return _gui_parser().parse_args(list(argv))


def plain_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of the everyday start, `toxtrack` or `toxtrack --db FILE`, as the parser would
    give them, or None for anything else (which the parser reads). Building the parser translates
    its help texts through gettext, which imports `locale`: ~5 ms of every start-up
    (benchmarks/README.md, start-up); tests/test_main_arguments.py keeps the two in step."""
    args = list(argv)
    if args[:1] == ["--db"] and len(args) == 2 and args[1] and not args[1].startswith("-"):
        db: str | None = args[1]
    elif len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        db = args[0][len("--db=") :]
    elif not args:
        db = None
    else:
        return None
    return argparse.Namespace(db=db, read_only=False, screenshot=None, view="", patient="")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toxtrack",
        description="ToxTrack desktop app. Commands: "
        + "; ".join(f"{name}: {help_}" for name, (_, help_) in COMMANDS.items()),
    )
    parser.add_argument("--db", help="database file (default: TOXTRACK_DB or the user data folder)")
    parser.add_argument("--read-only", action="store_true", help="open without writing anything")
    parser.add_argument(
        "--screenshot", metavar="PNG", help="open, select the first patient, save a screenshot, exit"
    )
    parser.add_argument("--view", default="", help="with --screenshot: which view to show")
    parser.add_argument(
        "--patient", default="", help="with --screenshot: subject id to select (default: first)"
    )
    return parser


def preload_core() -> None:
    """Start the desktop app's imports: the Qt-free layers before Qt, since once PySide6 is imported
    its import hook reads and parses the source of every module imported after it (shibokensupport's
    __feature__ check), about 0.1 s of start-up (benchmarks/README.md).

    Automatic garbage collection goes off first: the GUI switches it off anyway and collects on its
    own thread (gui/gc_guard.py), and the ~50 collections that imports would trigger (~20 ms) free
    nothing, since modules, classes and functions live as long as the process."""
    gc.disable()
    import storage.repository  # noqa: F401


def undecodable_argument(args: Sequence[str]) -> str | None:
    """One sentence about the first argument that is not valid UTF-8 text, or None.

    Python hands such bytes over as lone surrogates, which no file name printed to a clinician,
    no subject id sent to SQLite and no PDF can carry (issue 12: `--patient $'\\xff'` ended in a
    UnicodeEncodeError traceback), so they are refused before any command runs."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
            return f"toxtrack: the argument {shown} is not valid UTF-8 text; retype it or rename the file."
    return None


NO_ENCRYPT = "--no-encrypt"


def main(argv: Sequence[str] | None = None) -> int:
    from storage.private import make_private

    make_private()  # before any file exists: every file 0600, every folder 0700 (issue 17)
    args = list(sys.argv[1:] if argv is None else argv)
    if NO_ENCRYPT in args:  # the explicit choice of an unencrypted new database (issue 17), any command
        args = [arg for arg in args if arg != NO_ENCRYPT]
        os.environ["TOXTRACK_NO_ENCRYPT"] = "1"  # storage.cipher.plain_chosen, not imported at start-up
    refusal = undecodable_argument(args)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    if args and args[0] in COMMANDS:
        from storage.cipher_cli import install_prompt

        install_prompt()  # an encrypted database's passphrase is asked at the terminal, never on argv
        return _load(COMMANDS[args[0]][0])(args[1:])
    options = gui_arguments(args)
    preload_core()
    try:
        from gui.app import run_app
    except ImportError as exc:  # PySide6 present, a system library it loads missing (bare Debian)
        return _no_qt(exc)
    return run_app(options)


def _no_qt(exc: ImportError) -> int:
    """One sentence naming what to install instead of a traceback; other import errors re-raise."""
    from gui.qt_diagnosis import EXIT_NO_WINDOW, import_failure

    sentence = import_failure(exc)
    if sentence is None:
        raise exc
    print(sentence, file=sys.stderr)
    return EXIT_NO_WINDOW


if __name__ == "__main__":
    sys.exit(main())
