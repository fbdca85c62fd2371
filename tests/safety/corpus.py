"""A corpus of damaged database files, generated from a sound one (reliability goal D5).

Each entry is a (name, builder) pair; the builder writes the damaged file (and any -wal beside it)
at the path it is given. The damage is what happens in clinics: a sync client or a bad copy
truncates the file or separates it from its WAL, a disk returns garbage, a user opens the wrong file.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from storage.engine import sqlite3

Builder = Callable[[Path], object]
PAGE_FLIP_SEEDS = range(10)


def page_size(path: Path) -> int:
    raw = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if raw == 1 else raw


def _write(data: bytes) -> Builder:
    return lambda target: target.write_bytes(data)


def _edit(sound: Path, change: Callable[[bytearray], bytes | bytearray]) -> Builder:
    return lambda target: target.write_bytes(bytes(change(bytearray(sound.read_bytes()))))


def _btree_pages(data: bytes | bytearray, size: int) -> list[int]:
    """Pages (0-based, page 1 excluded) that are b-tree pages: flips in free pages or unused space
    damage nothing, so the corpus aims at bytes SQLite will read."""
    return [n for n in range(1, len(data) // size) if data[n * size] in (0x02, 0x05, 0x0A, 0x0D)]


def _flip_page(sound: Path, seed: int) -> Builder:
    """XOR 8 random bytes in the cell content area of one random b-tree page."""

    def change(data: bytearray) -> bytearray:
        rng = random.Random(seed)
        size = page_size(sound)
        page = rng.choice(_btree_pages(data, size)) * size
        content_start = int.from_bytes(data[page + 5 : page + 7], "big") or 65536
        for _ in range(8):
            data[page + rng.randrange(min(content_start, size - 1), size)] ^= rng.randrange(1, 256)
        return data

    return _edit(sound, change)


def _flip_schema(data: bytearray) -> bytearray:
    """Damage page 1's cell content (the schema table: CREATE statements and root pages)."""
    rng = random.Random(99)
    content_start = int.from_bytes(data[105:107], "big")
    size = int.from_bytes(data[16:18], "big")
    for _ in range(8):
        data[rng.randrange(content_start, size)] ^= 0xFF
    return data


def _with_wal(sound: Path, later: Path, wal: Path) -> Builder:
    """An older database file next to the -wal of a later version of it (the restored-file-plus-
    leftover-WAL accident of howtocorrupt.html)."""

    def build(target: Path) -> None:
        shutil.copyfile(sound, target)
        shutil.copyfile(wal, Path(f"{target}-wal"))

    return build


def _truncated_to_nothing(target: Path) -> None:
    """A database ToxTrack had used (its lock file stays beside it), truncated to 0 bytes."""
    target.write_bytes(b"")
    Path(f"{target}.lock").write_text("nurse@ward-pc pid 4242 since 2026-11-20T08:00:00+00:00")


def _wal_only(wal: Path) -> Builder:
    return lambda target: shutil.copyfile(wal, Path(f"{target}-wal"))


def _foreign_sqlite(target: Path) -> None:
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('A. Nurse', '555-0100')")
    conn.commit()
    conn.close()


def _newer(sound: Path) -> Builder:
    def build(target: Path) -> None:
        shutil.copyfile(sound, target)
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()

    return build


def corpus(sound: Path, later: Path, later_wal: Path) -> list[tuple[str, Builder]]:
    """The damaged variants of `sound` (a closed ToxTrack file); `later_wal` is a WAL written on
    top of `later`, a later state of the same database."""
    size = sound.stat().st_size
    psize = page_size(sound)
    entries: list[tuple[str, Builder]] = [
        ("zero_length", _truncated_to_nothing),
        ("text_file", _write(b"subject,dose\n044-0012,500\n" * 200)),
        ("random_bytes", _write(random.Random(1).randbytes(3 * 4096))),
        ("pdf_named_db", _write(b"%PDF-1.7\n" + random.Random(2).randbytes(5000) + b"\n%%EOF\n")),
        ("header_zeroed", _edit(sound, lambda d: bytes(100) + d[100:])),
        ("magic_damaged", _edit(sound, lambda d: b"SQLite format 2\x00" + d[16:])),
        ("page_size_damaged", _edit(sound, lambda d: d[:16] + b"\x03\x00" + d[18:])),
        ("truncated_half", _edit(sound, lambda d: d[: (size // 2 // psize) * psize])),
        ("truncated_mid_page", _edit(sound, lambda d: d[: size - psize // 3])),
        ("truncated_to_one_page", _edit(sound, lambda d: d[:psize])),
        ("truncated_to_header", _edit(sound, lambda d: d[:100])),
        ("garbage_appended", _edit(sound, lambda d: d + random.Random(3).randbytes(777))),
        ("schema_page_flipped", _edit(sound, _flip_schema)),
        *[(f"page_flipped_{seed}", _flip_page(sound, seed)) for seed in PAGE_FLIP_SEEDS],
        ("stale_wal", _with_wal(sound, later, later_wal)),
        ("wal_without_database", _wal_only(later_wal)),
        ("other_programs_database", _foreign_sqlite),
        ("newer_schema_version", _newer(sound)),
    ]
    return entries
