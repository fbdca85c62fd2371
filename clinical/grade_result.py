"""What every grading returns: a `Grade` with its reasons, and the check of a numeric input.

Shared by the ASTCT CRS/ICANS grading (clinical.grading) and the CTCAE lab grading
(clinical.ctcae_grading), so that neither imports the other: one result type, one "not gradable"
wording and one refusal message for a number out of range, whichever scale grades.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    """A computed grade (0 = none), the scale that produced it and why, in clinician sentences.

    `grade` is None when the inputs cannot decide a grade ("not gradable"), e.g. no temperature for
    CRS: a measurement that was not taken must never read as normal (issue 11). The first reason
    then says what is missing, in the words the app shows ("Not gradable: temperature not recorded").
    """

    grade: int | None
    scale: str
    reasons: tuple[str, ...]

    @property
    def gradable(self) -> bool:
        return self.grade is not None


NOT_GRADABLE = "Not gradable"


def not_graded_label(reasons: Sequence[str]) -> str:
    """What a list shows for an assessment without a grade: "not gradable: temperature not recorded"
    or "not graded as CRS: attributed to infection" (the first reason, without its explanation)."""
    first = reasons[0] if reasons else NOT_GRADABLE
    if first.startswith(NOT_GRADABLE) and " (" in first:
        first = first[: first.index(" (")]
    return first[:1].lower() + first[1:]


def decided(grade: Grade) -> int:
    """The grade of a scale that always decides one (CTCAE neutropenia from a stored ANC)."""
    if grade.grade is None:
        raise ValueError(f"expected a decided grade, got: {'; '.join(grade.reasons)}")
    return grade.grade


def finite_number(value: object, argument: str, low: float, high: float, unit: str) -> float:
    """Reject non-numbers, NaN and values outside [low, high] with a message naming the argument."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{argument} must be a number from {low:g} to {high:g} {unit} (got {value!r})")
    if not low <= value <= high:
        raise ValueError(f"{argument} must be from {low:g} to {high:g} {unit} (got {value!r})")
    return float(value)
