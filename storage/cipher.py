"""Database passphrases (issue 17): which key opens which file, and where a key may come from.

SQLCipher 4 stretches the passphrase with its own KDF (PBKDF2-HMAC-SHA512, 256,000 iterations, a
random salt in the file's first 16 bytes); nothing here weakens that. A passphrase given for a file is
kept in this process only (`remember`), so every connection to the file, its read-only opens, its
private copies and its backups use it; it is never written to a file. `store_in_keyring` keeps it per
workstation in the OS keyring when the user asks. A lost passphrase means the data are gone unless a
backup's passphrase is known.

Leaf module: it imports only the driver, so the connection factory and the byte-level checks can use it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from storage.engine import sqlite3

MIN_LENGTH = 12
ENV_VAR = "TOXTRACK_PASSPHRASE"
KEYRING_SERVICE = "ToxTrack database"
PLAIN_ENV_VAR = "TOXTRACK_NO_ENCRYPT"
PLAIN = "\x00plain"  # the new-database asker's "I understand: do not encrypt" (never a passphrase)
NOT_CHOSEN = (
    "A new database is encrypted: give it a passphrase (TOXTRACK_PASSPHRASE, or typed twice when "
    "asked), or choose an unencrypted one explicitly (--no-encrypt, or TOXTRACK_NO_ENCRYPT=1). "
    "No database was created."
)
SQLITE_NOTADB = 26

# The passphrase that opens each file (by resolved path), for this process only.
_known: dict[str, str] = {}
# Asks the person for a passphrase (the GUI's dialog, the CLI's prompt); None: nobody to ask.
Asker = Callable[[Path], "str | None"]
_asker: list[Asker] = []
_new_asker: list[Asker] = []


class WrongPassphraseError(Exception):
    """Raised (as the connection factory's refusal) when no known passphrase opens the file."""


def passphrase_problem(passphrase: str, confirmation: str) -> str | None:
    """One sentence about a new passphrase that cannot be used, or None."""
    if len(passphrase) < MIN_LENGTH:
        return f"The passphrase must be at least {MIN_LENGTH} characters long."
    if passphrase != confirmation:
        return "The two passphrases differ; type the same passphrase twice."
    if passphrase != passphrase.strip():
        return "The passphrase must not begin or end with a space."
    return None


def _name(path: Path) -> str:
    return str(path.resolve())


def remember(path: Path, passphrase: str | None) -> None:
    """Use `passphrase` for every connection to `path` in this process (None: forget it)."""
    if passphrase is None:
        _known.pop(_name(path), None)
    else:
        _known[_name(path)] = passphrase


def plain_chosen() -> bool:
    """Whether new databases were explicitly chosen to be plain (`--no-encrypt`, TOXTRACK_NO_ENCRYPT=1,
    the window's "do not encrypt" choice; the tests choose it in tests/conftest.py)."""
    return os.environ.get(PLAIN_ENV_VAR) == "1"


def choose_plain() -> None:
    """New databases of this process (and the processes it starts) are created unencrypted."""
    os.environ[PLAIN_ENV_VAR] = "1"


def set_new_asker(asker: Asker | None) -> None:
    """Install who is asked for the passphrase of a new database (the window's dialog, the terminal's
    prompt): it returns the passphrase, PLAIN for an explicit "do not encrypt", None when cancelled,
    or raises ValueError (a sentence) for an unusable one."""
    _new_asker.clear()
    if asker is not None:
        _new_asker.append(asker)


def for_new(path: Path, target: Path) -> None:
    """Give the file that becomes the new database `path` its passphrase (issue 17: encrypted by
    default): the one given for `path`, TOXTRACK_PASSPHRASE, or the one the new-database asker gets
    from the administrator. Unencrypted only by an explicit choice (`plain_chosen`, or the asker's
    PLAIN); with neither, nothing is created (ValueError, a sentence), never a plain file silently. A
    passphrase shorter than MIN_LENGTH is refused rather than used."""
    passphrase = known(path) or os.environ.get(ENV_VAR) or None
    if passphrase is None and not plain_chosen():
        answer = _new_asker[0](path) if _new_asker else None
        if answer is None:
            raise ValueError(NOT_CHOSEN)
        passphrase = None if answer == PLAIN else answer
    if passphrase is not None:
        problem = passphrase_problem(passphrase, passphrase)
        if problem is not None:
            raise ValueError(f"{problem} No database was created.")
    remember(target, passphrase)


def share(source: Path, target: Path) -> None:
    """Give `target` (a backup, a copy) the passphrase of `source`, or none when `source` is plain."""
    remember(target, _known.get(_name(source)))


def known(path: Path) -> str | None:
    return _known.get(_name(path))


def forget_all() -> None:
    _known.clear()
    _derived.clear()


def set_asker(asker: Asker | None) -> None:
    """Install who is asked for a passphrase that neither this process, the environment nor the
    keyring knows (the GUI's dialog, the CLI's prompt)."""
    _asker.clear()
    if asker is not None:
        _asker.append(asker)


def quoted(passphrase: str) -> str:
    """The passphrase as an SQL string literal (PRAGMA takes no parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


# SQLCipher 4's defaults (sqlcipher.c): PBKDF2-HMAC-SHA512, 256,000 iterations, a 32-byte key, the
# 16-byte salt stored as the file's first bytes. The key is derived here once per file and process and
# handed to SQLCipher raw (its documented "x'...'" key form), so each of the many connections a session
# opens (read-only checks, workers, backups) does not run the KDF again (~0.3 s each): the same key,
# the same stretching, paid once.
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
_derived: dict[tuple[str, bytes], str] = {}


def raw_key(passphrase: str, salt: bytes) -> str:
    """The hex key SQLCipher derives from `passphrase` and `salt` with its default KDF (cached)."""
    cached = _derived.get((passphrase, salt))
    if cached is None:
        digest = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)
        cached = _derived[(passphrase, salt)] = digest.hex()
    return cached


def key_literal(passphrase: str, path: Path) -> str:
    """The value of `PRAGMA key` for `path`: the raw key for the salt at the head of an existing file,
    or, for a new (missing or empty) file, the raw key and a fresh random salt together."""
    try:
        with path.open("rb") as handle:
            salt = handle.read(SALT_BYTES)
    except FileNotFoundError:
        salt = b""
    if len(salt) == SALT_BYTES:
        return f"x'{raw_key(passphrase, salt)}'"
    fresh = os.urandom(SALT_BYTES)
    return f"x'{raw_key(passphrase, fresh)}{fresh.hex()}'"


def apply_key(conn: sqlite3.Connection, key: str | None) -> None:
    """Key a fresh connection with a `key_literal`: must be its first statement. Also silences
    SQLCipher's own log, which would print a stack of lines to stderr for a wrong passphrase."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f'PRAGMA key = "{key}"')


def opens(conn: sqlite3.Connection) -> bool:
    """Whether the keyed (or unkeyed) connection can read its file; False for a wrong key."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_NOTADB:
            return False
        raise
    return True


def candidates(path: Path) -> list[str]:
    """Passphrases to try on an encrypted `path`, best first: the one given for it, the environment's,
    the keyring's. (The asker is consulted only after these fail: see `ask`.)"""
    found: list[str] = []
    for passphrase in (known(path), os.environ.get(ENV_VAR), from_keyring(path)):
        if passphrase and passphrase not in found:
            found.append(passphrase)
    return found


def may_unlock(path: Path) -> bool:
    """Whether some passphrase may open `path` (one is known, in the environment or keyring, or someone
    can be asked): its opaque first bytes are then left for the passphrase to judge."""
    return bool(_asker) or bool(candidates(path))


def ask(path: Path) -> str | None:
    return _asker[0](path) if _asker else None


def wrong_passphrase_message(path: Path) -> str:
    return (
        f"The passphrase does not open {path.name} (wrong passphrase, or the file is not a ToxTrack "
        "database); nothing was changed."
    )


# --- the OS keyring (never a plain file) ---


def _keyring() -> object | None:
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return None
    return keyring


def from_keyring(path: Path) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        value = ring.get_password(KEYRING_SERVICE, _name(path))  # type: ignore[attr-defined]
    except Exception:  # no keyring backend on this workstation (a headless session): nothing remembered
        return None
    return value if isinstance(value, str) else None


def store_in_keyring(path: Path, passphrase: str) -> str | None:
    """Remember the passphrase for `path` on this workstation; one sentence when that is impossible."""
    ring = _keyring()
    if ring is None:
        return "The passphrase cannot be remembered: the keyring package is not installed."
    try:
        ring.set_password(KEYRING_SERVICE, _name(path), passphrase)  # type: ignore[attr-defined]
    except Exception as exc:  # keyring.errors.NoKeyringError and backend failures alike
        return f"The passphrase cannot be remembered on this workstation ({exc})."
    return None


def forget_in_keyring(path: Path) -> None:
    ring = _keyring()
    if ring is None:
        return
    try:
        ring.delete_password(KEYRING_SERVICE, _name(path))  # type: ignore[attr-defined]
    except Exception:  # nothing stored, or no backend: nothing to forget
        return
