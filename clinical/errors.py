"""The expected-error tier: problems a user can act on, shown as one sentence, never as a traceback.

Every layer raises subclasses of `ToxTrackError` for expected problems (bad input, a refused file,
a locked database); anything else is a bug and reaches the crash handler (STYLE.md practice 9).
"""

from __future__ import annotations


class ToxTrackError(Exception):
    """An expected problem; `str(error)` is a complete sentence for the user."""


class ValidationError(ToxTrackError, ValueError):
    """A value outside what the record allows; names the field, the value and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str, *, label: str = "") -> None:
        from clinical.wording import describe, field_label, shown  # only when a value is refused

        self.field = field  # the record's field name, for code that places the message
        self.value = value
        self.allowed = allowed
        # the field as the form labels it, for the user: `label` when the caller knows it (a
        # toxicity definition's InputSpec.label), else the shared wording of the field name
        self.label = label or field_label(field)
        self.shown = shown(value)  # the value as the form shows it (local time, words), never a repr
        super().__init__(describe(field, value, allowed, label=self.label))


class NotFoundError(ToxTrackError, LookupError):
    """A record that was asked for by id or subject id does not exist."""


class ProtocolCheckError(ValidationError):
    """An entry outside the plan (issue 11): refused as it stands, but saved when the user confirms
    it with a reason. `checks` are the sentences saying what differs; the confirmed reason is stored,
    audited and flagged "protocol check" (informative, never an instruction)."""

    def __init__(self, field: str, value: object, checks: list[str]) -> None:
        super().__init__(field, value, "confirm it with a reason to save it anyway")
        self.checks = checks
        self.args = ("Protocol check: " + " ".join(checks) + " To save it anyway, confirm it with a reason.",)

    def __str__(self) -> str:
        return str(self.args[0])


class PermissionRefusedError(ToxTrackError, PermissionError):
    """The signed-in user's role may not do this (clinical/roles.py), or nobody is signed in to a
    database that has user accounts; the sentence says whom to ask."""


class SignInError(ToxTrackError):
    """A sign-in that failed: an unknown user id, a wrong password or a deactivated account (one
    sentence that does not say which, so it tells a guesser nothing)."""


class PasswordRejectedError(ToxTrackError, ValueError):
    """A new password that the rules refuse (clinical/passwords.py); the sentence says why."""
