"""`toxtrack import labs`, `toxtrack import patients` and `toxtrack export FORMAT`: batch commands
without Qt (issue 19).

A problem (unreadable file, unmapped column, refused database, unsafe output path) prints one line on
stderr and exits 1 (2: refused database or arguments); the preview's refused rows are listed, each
with its line and why, before the accepted ones are committed in one audited transaction."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from clinical.errors import ToxTrackError
from exchange import importing, mappings
from exchange.labcolumns import FIELDS, ColumnMapping, guess_mapping
from exchange.tables import TableError
from storage import DatabaseRefusedError, Repository, cli_user
from storage.paths import default_db_path

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2
SHOWN_REFUSALS = 50


def _import_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toxtrack import", description="Import lab results")
    commands = parser.add_subparsers(dest="command", required=True)
    labs = commands.add_parser("labs", help="lab results from a CSV or Excel (.xlsx) export")
    labs.add_argument("--db", metavar="PATH", help="database file (default: TOXTRACK_DB or the data folder)")
    labs.add_argument("--file", type=Path, required=True, help="the lab system's export (.csv or .xlsx)")
    labs.add_argument("--mapping", default="", help="a saved column mapping; saved under this name if new")
    labs.add_argument("--encoding", default="", help="the CSV's encoding (default: detected)")
    labs.add_argument("--delimiter", default="", help="the CSV's delimiter (default: detected; 'tab')")
    labs.add_argument("--date-order", choices=("ymd", "dmy", "mdy"), default=None)
    labs.add_argument("--patient-key", choices=("subject_id", "mrn"), default=None)
    for name in FIELDS:
        labs.add_argument(
            f"--{name.replace('_', '-')}-column",
            dest=f"col_{name}",
            default=None,
            help=f"the header of the {name} column",
        )
    labs.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
    cli_user.add_user_option(labs)
    patients = commands.add_parser("patients", help="patients from a ToxTrack export's patients.csv")
    patients.add_argument(
        "--db", metavar="PATH", help="database file (default: TOXTRACK_DB or the data folder)"
    )
    patients.add_argument("--file", type=Path, required=True, help="the export's patients.csv (or .xlsx)")
    patients.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
    cli_user.add_user_option(patients)
    return parser


def _run(
    command: str,
    parser: argparse.ArgumentParser,
    body: Callable[[argparse.Namespace, Path, TextIO, TextIO], int],
    argv: Sequence[str] | None,
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    """Parse the arguments and run `body` with the database path: a refused database is one line on
    stderr and exit 2, any other ToxTrack error one line and exit 1 (the body handles its own)."""
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_REFUSED
    db = default_db_path(args.db)
    try:
        return body(args, db, out, err)
    except DatabaseRefusedError as error:
        print(f"toxtrack {command}: {error}", file=err)
        return EXIT_REFUSED
    except ToxTrackError as error:
        print(f"toxtrack {command}: {error}", file=err)
        return EXIT_FAILED


def import_main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    return _run("import", _import_parser(), _import, argv, stdout, stderr)


def _import(args: argparse.Namespace, db: Path, out: TextIO, err: TextIO) -> int:
    return (_import_patients if args.command == "patients" else _import_labs)(args, db, out, err)


def _import_patients(args: argparse.Namespace, db: Path, out: TextIO, err: TextIO) -> int:
    """The patients of an export: the first half of its round trip (exchange/patientimport.py)."""
    from exchange import patientimport

    try:
        with Repository.open(db, create=False) as repo:
            if not args.dry_run:  # entered by a signed-in user (issue 16)
                cli_user.sign_in(repo, args.user, "enter")
            plan = patientimport.preview_patients(repo, args.file)
            for refusal in plan.refused[:SHOWN_REFUSALS]:
                print(f"line {refusal.line}: refused, {refusal.reason}", file=out)
            added = [] if args.dry_run else patientimport.commit_patients(repo, plan)
        verb = "would be added (dry run: nothing written)" if args.dry_run else "added"
        print(
            f"{len(added) or len(plan.accepted)} patients {verb}, {len(plan.refused)} refused.",
            file=out,
        )
    except (OSError, ValueError) as error:
        print(f"toxtrack import: {args.file}: {error}", file=err)
        return EXIT_FAILED
    return EXIT_OK


def _import_labs(args: argparse.Namespace, db: Path, out: TextIO, err: TextIO) -> int:
    saved = mappings.load_all(db).get(args.mapping) if args.mapping else None
    try:
        loaded = importing.load_file(args.file, _overrides(saved, args, None))
        mapping = _overrides(saved or guess_mapping(loaded.table.headers), args, loaded)
        missing = mapping.missing(loaded.table.headers)
        if missing:
            print(
                f"toxtrack import: no column mapped for {', '.join(missing)} (headers: "
                f"{', '.join(loaded.table.headers)}); give --{missing[0].replace('_', '-')}-column.",
                file=err,
            )
            return EXIT_FAILED
        with Repository.open(db, create=False) as repo:
            if not args.dry_run:  # the import is entered by a signed-in user (issue 16)
                cli_user.sign_in(repo, args.user, "enter")
            plan = importing.preview(repo, loaded, mapping, args.mapping)
            for refusal in plan.refused[:SHOWN_REFUSALS]:
                print(f"line {refusal.line}: refused, {refusal.reason}", file=out)
            if len(plan.refused) > SHOWN_REFUSALS:
                print(f"... and {len(plan.refused) - SHOWN_REFUSALS} more refused rows", file=out)
            if args.dry_run:
                print(
                    f"{len(plan.accepted)} rows would be added, {len(plan.refused)} refused "
                    "(dry run: nothing written).",
                    file=out,
                )
                return EXIT_OK
            written = importing.commit(repo, loaded, plan) if plan.accepted else []
        if args.mapping:
            mappings.save(db, args.mapping, mapping)
        print(
            f"{len(written)} rows added from {args.file.name} (SHA-256 {loaded.sha256}), "
            f"{len(plan.refused)} refused.",
            file=out,
        )
    except (OSError, TableError) as error:
        print(f"toxtrack import: {args.file}: {error}", file=err)
        return EXIT_FAILED
    return EXIT_OK


def _overrides(mapping: ColumnMapping | None, args: argparse.Namespace, loaded: object) -> ColumnMapping:
    """The mapping with what the command line gives on top of it."""
    base = mapping or ColumnMapping({})
    columns = dict(base.columns)
    for name in FIELDS:
        given = getattr(args, f"col_{name}")
        if given:
            columns[name] = given
    delimiter = "\t" if args.delimiter == "tab" else args.delimiter
    return ColumnMapping(
        columns,
        args.patient_key or base.patient_key,
        args.date_order or base.date_order,
        base.tests,
        args.encoding or base.encoding,
        delimiter or base.delimiter,
    )


FORMATS = ("csv", "excel", "redcap", "sdtm", "fhir")


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toxtrack export", description="Export data with a manifest")
    parser.add_argument("format", choices=FORMATS)
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: TOXTRACK_DB or the data folder)"
    )
    parser.add_argument("--out", type=Path, required=True, help="a folder (csv, redcap, sdtm) or a file")
    parser.add_argument("--patient", action="append", default=[], help="a subject id (default: the cohort)")
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        choices=("name", "mrn", "birth_year"),
        help="an identifier to include besides the subject id (PHI: protect the export)",
    )
    return parser


def export_main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    return _run("export", _export_parser(), _export, argv, stdout, stderr)


def _export(args: argparse.Namespace, db: Path, out: TextIO, err: TextIO) -> int:
    from exchange import exports

    try:
        target = args.out
        if args.format in ("excel", "fhir"):
            exports.checked_output(target, db)
        else:
            exports.checked_output(target / "manifest.json", db)
            if target.exists() and not target.is_dir():
                raise exports.ExportRefused(f"Cannot save the export in {target}: that is not a folder.")
        with Repository.open(db, read_only=True, create=False) as repo:
            data = exports.collect(repo, args.patient, args.include, what=f"ToxTrack export ({args.format})")
        written = write_format(args.format, data, target, db)
        if data.manifest.get("warning"):
            print(f"warning: {data.manifest['warning']}", file=err)
        counts = ", ".join(f"{name} {n}" for name, n in data.manifest["rows"].items())
        print(f"{args.format} export written to {target} ({len(written)} files; {counts}).", file=out)
    except exports.ExportRefused as error:
        print(f"toxtrack export: {error}", file=err)
        return EXIT_FAILED
    except OSError as error:
        print(f"toxtrack export: {target}: {error}", file=err)
        return EXIT_FAILED
    return EXIT_OK


def write_format(fmt: str, data: object, target: Path, db: Path) -> list[Path]:
    from exchange import exports

    assert isinstance(data, exports.ExportData)
    if fmt == "csv":
        return exports.write_csv(data, target, db)
    if fmt == "excel":
        return [exports.write_excel(data, target, db)]
    from exchange import fhir, redcap, sdtm

    if fmt == "redcap":
        return redcap.write_redcap(data, target, db)
    if fmt == "sdtm":
        return sdtm.write_sdtm(data, target, db)
    return [fhir.write_fhir(data, target, db)]
