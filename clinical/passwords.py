"""Password rules (issue 16; reliability-reference A3.1, NIST SP 800-63B rev. 4): a length, no
composition rules, no forced rotation, and a screen against a shipped list of common passwords.
Pure: hashing and verification live in storage/accounts.py."""

from __future__ import annotations

import functools

from clinical.data import packaged_text

MIN_LENGTH = 12  # the minimum (NIST asks 15 for single-factor passwords: a deliberate choice)
MAX_LENGTH = 1024  # the issue asks for no upper limit below 128; this bounds the hashing work only
COMMON_FILE = "common-passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (clinical/data/common-passwords.txt, its source in its header), lower case."""
    lines = packaged_text(COMMON_FILE).splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, user_id: str = "") -> str | None:
    """Why `password` is refused, as a sentence, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"A password needs at least {MIN_LENGTH} characters; this one has {len(password)}."
    if len(password) > MAX_LENGTH:
        return f"A password may have at most {MAX_LENGTH} characters; this one has {len(password)}."
    if password.lower() in common_passwords():
        return "This password is on the list of common passwords; choose another."
    if user_id and password.lower() == user_id.lower():
        return "A password cannot be the user id; choose another."
    if len(set(password)) == 1:
        return "A password cannot be one character repeated; choose another."
    return None
