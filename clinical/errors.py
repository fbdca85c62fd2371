"""The expected-error tier: problems a user can act on, shown as one sentence, never as a traceback.

Every layer raises subclasses of `ToxTrackError` for expected problems (bad input, a refused file,
a locked database); anything else is a bug and reaches the crash handler (STYLE.md practice 9).
"""

from __future__ import annotations


class ToxTrackError(Exception):
    """An expected problem; `str(error)` is a complete sentence for the user."""


class ValidationError(ToxTrackError, ValueError):
    """A value outside what the record allows; names the field, the value and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        from clinical.wording import describe, field_label, shown  # only when a value is refused

        self.field = field  # the record's field name, for code that places the message
        self.value = value
        self.allowed = allowed
        self.label = field_label(field)  # the field as the form labels it, for the user
        self.shown = shown(value)  # the value as the form shows it (local time, words), never a repr
        super().__init__(describe(field, value, allowed))


class NotFoundError(ToxTrackError, LookupError):
    """A record that was asked for by id or subject id does not exist."""
