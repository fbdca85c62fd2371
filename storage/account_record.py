"""The signed-in user as the app sees it, apart from storage.accounts so that the repository can name
it without importing argon2 (and `secrets`), which load at the first sign-in, not at start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """A user as the app sees it (the hash is never part of it)."""

    id: int
    user_id: str
    printed_name: str
    role: str
    active: bool
    must_change: bool = False

    @property
    def label(self) -> str:
        """How an audit entry's user is shown: printed name and user id."""
        return f"{self.printed_name} ({self.user_id})"
