"""User accounts, sign-in and the role refusals' data (issue 16; docs/storage-api.md "Accounts").

Every account change is audited in its own transaction: a user's insert, role change and
deactivation on `app_user` (replayed like a clinical row); sign-in, sign-out and failed sign-in on
the pseudo-table `sign_in` (row id = the user's row, 0 for an unknown user id, whose typed id is
kept); password changes and resets on `credential` (the must-change flag, never a hash).
"""

from __future__ import annotations

from clinical import roles
from clinical.errors import NotFoundError, PasswordRejectedError, PermissionRefusedError, SignInError
from clinical.model import AuditEntry
from clinical.passwords import password_problem
from storage import audit
from storage.account_record import Account
from storage.migrations import ACCOUNTS_FROM_KEY
from storage.repo_base import RepositoryBase
from storage.schema import ACCOUNT_ACTIONS, CREDENTIAL_TABLE, USER_TABLE

SIGN_IN_TABLE = "sign_in"
SETTINGS_TABLE = "settings"  # pseudo-table of audited per-database settings
LOCK_KEY = "lock_minutes"
LOCK_DEFAULT_MINUTES = 10
LOCK_RANGE = (1, 30)
_FAILED = "The user id or password is not right, or the account is deactivated; nothing was signed in."


class AccountsMixin(RepositoryBase):
    # ---- reading -----------------------------------------------------------------------------

    def has_users(self) -> bool:
        """Whether the database has any account (False: its first administrator is still to create)."""
        return self._scalar(f"SELECT 1 FROM {USER_TABLE} LIMIT 1") is not None

    def users(self) -> list[Account]:
        """Every account, deactivated ones included, by user id."""
        rows = self._rows(
            f"SELECT u.id, u.user_id, u.printed_name, u.role, u.active, coalesce(c.must_change, 0) AS must "
            f"FROM {USER_TABLE} u LEFT JOIN {CREDENTIAL_TABLE} c ON c.id = u.id ORDER BY u.user_id"
        )
        return [_account(row) for row in rows]

    def get_user(self, user_id: str) -> Account:
        """One account by user id (case-insensitive); NotFoundError when there is none."""
        for account in self.users():
            if account.user_id.lower() == user_id.lower():
                return account
        raise NotFoundError(f"There is no user with the id {user_id!r}.")

    def can(self, action: str) -> bool:
        """Whether the signed-in user may do `action` (clinical.roles.MATRIX); what the window enables."""
        account = self.account
        if account is None:
            return not self._accounts_exist()
        return not account.must_change and roles.allowed(account.role, action)

    def account_events(self, since_id: int = 0) -> list[AuditEntry]:
        """The audit entries of account events (sign-in and out, failures, role changes, password
        resets and changes, signatures, locks; storage.schema.ACCOUNT_ACTIONS) after `since_id`."""
        marks = ", ".join("?" for _ in ACCOUNT_ACTIONS)
        return audit.entries_where(self._db, f"id > ? AND action IN ({marks})", (since_id, *ACCOUNT_ACTIONS))

    def os_login_entries_before(self) -> int:
        """Audit entries with an id below this name the operating-system login that made them (they
        were written before schema 9 brought user accounts); entries from it on name user ids."""
        value = self._scalar("SELECT value FROM meta WHERE key = ?", (ACCOUNTS_FROM_KEY,))
        return int(str(value)) if value is not None else 1

    # ---- creating and managing (administrator) -----------------------------------------------

    def create_first_administrator(self, user_id: str, printed_name: str, password: str) -> Account:
        """The first account of a database (a new file, or the first open after the upgrade to schema
        9): an administrator, signed in at once. Refused once the database has any account."""
        if self.has_users():
            raise PermissionRefusedError("This database already has users: an administrator adds new ones.")
        account = self._new_user(user_id, printed_name, "administrator", password, must_change=False)
        self._has_accounts = True
        self.account, self.user = account, account.user_id
        self._event("sign_in", SIGN_IN_TABLE, account.id, _who(account), "first administrator created")
        return account

    def add_user(self, user_id: str, printed_name: str, role: str, one_time_password: str) -> Account:
        """A new account (administrator only) whose password must be changed at its first sign-in."""
        self._require("manage_users")
        return self._new_user(user_id, printed_name, role, one_time_password, must_change=True)

    def set_role(self, user_id: str, role: str, reason: str) -> Account:
        """Change a user's role (administrator only), audited with the reason."""
        self._require("manage_users")
        _check_role(role)
        target = self.get_user(user_id)
        if target.role != role:
            self._guard_last_administrator(target)
            with self.transaction():
                self._conn.execute(f"UPDATE {USER_TABLE} SET role = ? WHERE id = ?", (role, target.id))
                self._entry("role_change", USER_TABLE, target.id, {"role": [target.role, role]}, reason)
        return self.get_user(user_id)

    def deactivate(self, user_id: str, reason: str) -> Account:
        """Deactivate a user (administrator only): it can no longer sign in; its id is never reused."""
        self._require("manage_users")
        target = self.get_user(user_id)
        if target.active:
            self._guard_last_administrator(target)
            with self.transaction():
                self._conn.execute(f"UPDATE {USER_TABLE} SET active = 0 WHERE id = ?", (target.id,))
                self._entry("deactivate", USER_TABLE, target.id, {"active": [1, 0]}, reason)
        return self.get_user(user_id)

    def reset_password(self, user_id: str, reason: str = "password reset by an administrator") -> str:
        """Issue a one-time password (administrator only) that the user must change at the next
        sign-in; returns it to be handed over. Audited; the failed-attempt count starts again."""
        from storage import accounts

        self._require("manage_users")
        target = self.get_user(user_id)
        password = accounts.one_time_password()
        with self.transaction():
            self._conn.execute(
                f"UPDATE {CREDENTIAL_TABLE} SET hash = ?, must_change = 1, failed_attempts = 0 WHERE id = ?",
                (accounts.hash_password(password), target.id),
            )
            self._entry(
                "password_reset",
                CREDENTIAL_TABLE,
                target.id,
                {"must_change": [int(target.must_change), 1]},
                reason,
            )
        return password

    # ---- signing in and out ------------------------------------------------------------------

    def sign_in(self, user_id: str, password: str) -> Account:
        """Sign a user in: every later change names them. After failed attempts in a row the check
        waits 1 s, 2 s, 4 s ... (capped; storage.accounts.backoff_seconds); each failure is audited.
        A hash made with older parameters is re-made. `Account.must_change`: a one-time password,
        to be changed (`change_password`) before anything can be saved. SignInError otherwise."""
        from storage import accounts

        found = self._rows(
            f"SELECT u.id, u.user_id, u.printed_name, u.role, u.active, c.must_change AS must, c.hash, "
            f"c.failed_attempts FROM {USER_TABLE} u JOIN {CREDENTIAL_TABLE} c ON c.id = u.id "
            "WHERE u.user_id = ? COLLATE NOCASE",
            (user_id,),
        )
        if not found:
            accounts.verify(accounts.hash_password("not a password of anyone"), password)  # same time
            self._failed(0, {"user_id": [None, user_id]})
            raise SignInError(_FAILED)
        row = found[0]
        failures = int(str(row["failed_attempts"]))
        accounts.sleep(accounts.backoff_seconds(failures))
        account = _account(row)
        stored = str(row["hash"])
        if not account.active or not accounts.verify(stored, password):
            self._failed(account.id, {"failed_attempts": [failures, failures + 1]}, failures + 1)
            raise SignInError(_FAILED)
        self.account, self.user = account, account.user_id
        if not self.read_only:
            with self.transaction():
                self._conn.execute(
                    f"UPDATE {CREDENTIAL_TABLE} SET failed_attempts = 0 WHERE id = ?", (account.id,)
                )
                if accounts.needs_rehash(stored):
                    self._conn.execute(
                        f"UPDATE {CREDENTIAL_TABLE} SET hash = ? WHERE id = ?",
                        (accounts.hash_password(password), account.id),
                    )
                    self._entry(
                        "password_change",
                        CREDENTIAL_TABLE,
                        account.id,
                        {"rehashed": [0, 1]},
                        "re-hashed at sign-in: the Argon2id parameters rose",
                    )
                self._entry("sign_in", SIGN_IN_TABLE, account.id, _who(account), "")
        return account

    def sign_out(self) -> None:
        """End the signed-in session (audited); later changes are refused until someone signs in."""
        account = self.account
        if account is None:
            return
        if not self.read_only:
            self._event("sign_out", SIGN_IN_TABLE, account.id, _who(account), "")
        self.account, self.user, self.locked = None, self.os_user, False

    def change_password(self, old: str, new: str) -> Account:
        """The signed-in user's new password (the old one re-entered); clears the must-change flag."""
        from storage import accounts

        account = self.account
        if account is None:
            raise PermissionRefusedError("Sign in first to change your password.")
        problem = password_problem(new, account.user_id)
        if problem is not None:
            raise PasswordRejectedError(problem)
        stored = str(self._scalar(f"SELECT hash FROM {CREDENTIAL_TABLE} WHERE id = ?", (account.id,)))
        if not accounts.verify(stored, old):
            raise SignInError("The current password is not right; the password was not changed.")
        if new == old:
            raise PasswordRejectedError("The new password must differ from the current one.")
        with self.transaction():
            self._conn.execute(
                f"UPDATE {CREDENTIAL_TABLE} SET hash = ?, must_change = 0 WHERE id = ?",
                (accounts.hash_password(new), account.id),
            )
            self._entry(
                "password_change",
                CREDENTIAL_TABLE,
                account.id,
                {"must_change": [int(account.must_change), 0]},
                "",
            )
        self.account = Account(account.id, account.user_id, account.printed_name, account.role, True, False)
        return self.account

    # ---- automatic lock (the window locks after LOCK_MINUTES idle; gui/lock_screen.py) -------

    def lock_minutes(self) -> int:
        """The idle time before the window locks, per database (default 10, 1-30)."""
        value = self._scalar("SELECT value FROM meta WHERE key = ?", (LOCK_KEY,))
        return int(str(value)) if value is not None else LOCK_DEFAULT_MINUTES

    def set_lock_minutes(self, minutes: int, reason: str = "") -> int:
        """Set the idle time (administrator only; 1-30 minutes), audited on the pseudo-table "settings"."""
        self._require("manage_users")
        if not LOCK_RANGE[0] <= minutes <= LOCK_RANGE[1]:
            raise PermissionRefusedError(
                f"The lock time is {LOCK_RANGE[0]} to {LOCK_RANGE[1]} minutes; {minutes} was not saved."
            )
        old = self.lock_minutes()
        if old != minutes:
            with self.transaction():
                self._conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (LOCK_KEY, str(minutes)),
                )
                self._entry("record", SETTINGS_TABLE, 0, {"lock_minutes": [old, minutes]}, reason)
        return minutes

    def lock(self) -> None:
        """The session locks (idle): nothing is saved until `unlock`; audited."""
        account = self.account
        if account is None or self.locked:
            return
        self.locked = True
        if not self.read_only:
            self._event("lock", SIGN_IN_TABLE, account.id, _who(account), "idle")

    def unlock(self, password: str) -> Account:
        """The same user's password ends the lock (SignInError, audited as a failed sign-in, else)."""
        from storage import accounts

        account = self.account
        if account is None:
            raise PermissionRefusedError("Nobody is signed in: sign in instead.")
        stored = str(self._scalar(f"SELECT hash FROM {CREDENTIAL_TABLE} WHERE id = ?", (account.id,)))
        if not accounts.verify(stored, password):
            self._failed(account.id, {"unlock": [None, account.user_id]})
            raise SignInError("The password is not right; the window stays locked.")
        self.locked = False
        if not self.read_only:
            self._event("unlock", SIGN_IN_TABLE, account.id, _who(account), "")
        return account

    # ---- plumbing ----------------------------------------------------------------------------

    def _new_user(
        self, user_id: str, printed_name: str, role: str, password: str, *, must_change: bool
    ) -> Account:
        from storage import accounts

        _check_role(role)
        problem = password_problem(password, user_id)
        if problem is not None:
            raise PasswordRejectedError(problem)
        if self._scalar(f"SELECT 1 FROM {USER_TABLE} WHERE user_id = ? COLLATE NOCASE", (user_id,)):
            raise PermissionRefusedError(
                f"The user id {user_id!r} is taken (ids are never reused): choose another."
            )
        name = " ".join(printed_name.split())
        if not name or len(name) > 200 or not user_id or len(user_id) > 40 or not _id_ok(user_id):
            raise PermissionRefusedError(
                "A user needs a printed name (up to 200 characters) and a user id of up to 40 letters, "
                "digits, dots, dashes or underscores."
            )
        hashed = accounts.hash_password(password)
        with self.transaction():
            cursor = self._conn.execute(
                f"INSERT INTO {USER_TABLE} (user_id, printed_name, role, active) VALUES (?, ?, ?, 1)",
                (user_id, name, role),
            )
            row_id = int(cursor.lastrowid or 0)
            self._conn.execute(
                f"INSERT INTO {CREDENTIAL_TABLE} (id, hash, must_change) VALUES (?, ?, ?)",
                (row_id, hashed, int(must_change)),
            )
            values = {"id": row_id, "user_id": user_id, "printed_name": name, "role": role, "active": 1}
            self._entry("insert", USER_TABLE, row_id, {k: [None, v] for k, v in values.items()}, "")
        return Account(row_id, user_id, name, role, True, must_change)

    def _guard_last_administrator(self, target: Account) -> None:
        if target.role != "administrator":
            return
        others = [u for u in self.users() if u.role == "administrator" and u.active and u.id != target.id]
        if not others:
            raise PermissionRefusedError(
                "The last active administrator cannot be removed: add another first."
            )

    def _failed(self, row_id: int, changes: dict[str, list[object]], count: int | None = None) -> None:
        if self.read_only:
            return
        with self.transaction():
            if count is not None:
                self._conn.execute(
                    f"UPDATE {CREDENTIAL_TABLE} SET failed_attempts = ? WHERE id = ?", (count, row_id)
                )
            self._entry("sign_in_failed", SIGN_IN_TABLE, row_id, changes, "")

    def record_passphrase_change(self) -> None:
        """Audit that the database passphrase was changed (File > Change database passphrase...): an
        administrator's act (clinical.roles: backup), named like any change; the passphrase is never
        written anywhere."""
        self._require("backup")
        changes: dict[str, list[object]] = {"database_passphrase": [None, "changed"]}
        self._event("record", SETTINGS_TABLE, 0, changes, "database passphrase changed")

    def _event(
        self, action: str, table: str, row_id: int, changes: dict[str, list[object]], reason: str
    ) -> None:
        with self.transaction():
            self._entry(action, table, row_id, changes, reason)

    def _entry(
        self, action: str, table: str, row_id: int, changes: dict[str, list[object]], reason: str
    ) -> None:
        entry = audit.PendingEntry(
            at=audit.utc_text(self.now()),
            user=self.user,
            action=action,
            table=table,
            row_id=row_id,
            changes=audit.canonical(changes),
            reason=reason,
        )
        audit.append(self._db, [entry])


def _account(row: dict[str, object]) -> Account:
    return Account(
        id=int(str(row["id"])),
        user_id=str(row["user_id"]),
        printed_name=str(row["printed_name"]),
        role=str(row["role"]),
        active=bool(row["active"]),
        must_change=bool(row["must"]),
    )


def _who(account: Account) -> dict[str, list[object]]:
    return {"user_id": [None, account.user_id], "printed_name": [None, account.printed_name]}


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise PermissionRefusedError(f"{role!r} is not a role; the roles are {', '.join(roles.ROLES)}.")


def _id_ok(user_id: str) -> bool:
    return all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in user_id)
