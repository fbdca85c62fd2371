"""Whether a start (or a restore) needs any of the accounts dialogs at all, answered without importing
them: gui.dialogs.accounts makes its Qt dialog classes on import, which start-up need not pay for
when nobody is asked anything (benchmarks/README.md, start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.repository import Repository


def nothing_to_ask(repo: Repository) -> bool:
    """True when the session may show patient data as it is: someone is signed in who need not change
    their password, or the file has no users and is read-only (nobody can be created in a read-only
    session: it reads as before). Otherwise gui.dialogs.accounts.ensure_signed_in asks."""
    if repo.account is not None and not repo.account.must_change:
        return True
    return repo.read_only and not repo.has_users()
