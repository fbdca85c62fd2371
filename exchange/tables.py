"""Reading a lab system's export as a table (issue 19): CSV in whatever delimiter and encoding the
hospital uses (detected, and overridable), or Excel .xlsx read with python-calamine. Qt-free, no SQL."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t", "|")
# Tried in order when the file has no byte-order mark: UTF-8 decodes only UTF-8; Windows-1252 (the
# usual "ANSI" export of a Western European laboratory system) next; Latin-1 decodes any byte.
ENCODINGS = ("utf-8", "cp1252", "latin-1")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


class TableError(ValueError):
    """The file cannot be read as a table (one sentence for the user)."""


@dataclass(frozen=True)
class Table:
    """A file's header row and data rows (cells: text for CSV; text, numbers or datetimes for Excel),
    with how it was read. `first_line` is the file line (1-based) of the first data row."""

    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]
    encoding: str = ""
    delimiter: str = ""
    first_line: int = 2


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_encoding(data: bytes) -> str:
    """The file's encoding: its byte-order mark, else the first of ENCODINGS that decodes it."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of fields, the most
    fields winning; a comma when none does (a one-column file)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_fields = ",", 1
    for delimiter in DELIMITERS:
        counts = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        if len(counts) == 1 and (fields := counts.pop()) > best_fields:
            best, best_fields = delimiter, fields
    return best


def read_table(name: str, data: bytes, encoding: str = "", delimiter: str = "") -> Table:
    """The table in `data` (a file named `name`: .xlsx is Excel, anything else CSV). An empty
    `encoding`/`delimiter` is detected."""
    if name.lower().endswith(EXCEL_SUFFIXES):
        return _read_excel(data)
    encoding = encoding or detect_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise TableError(f"The file cannot be read as {encoding}: {error}.") from error
    delimiter = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[object, ...]] = []
    first = 2
    for row in reader:
        if headers is None:
            if any(cell.strip() for cell in row):
                headers = tuple(cell.strip() for cell in row)
                first = reader.line_num + 1
            continue
        rows.append(tuple(row))
    if headers is None:
        raise TableError("The file holds no header row.")
    return Table(headers, rows, encoding, delimiter, first)


def _read_excel(data: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        cells = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own errors for a damaged or encrypted file
        raise TableError(f"The Excel file cannot be read: {error}.") from error
    for index, row in enumerate(cells):
        if any(str(cell).strip() for cell in row):
            headers = tuple(str(cell).strip() for cell in row)
            return Table(headers, [tuple(r) for r in cells[index + 1 :]], "xlsx", "", index + 2)
    raise TableError("The Excel file's first sheet holds no header row.")
