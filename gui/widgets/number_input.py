"""Clinical numbers as typed: a decimal comma or point, never a thousands separator, never a guess.

A locale's number parser reads "0,42" as 42 in English (the comma groups thousands), and a
validator that rejects a key drops it silently ("-1" becomes "1", "55" in a 30-45 field stays
"5"). Here every key reaches the field, and the text is read by one rule: digits with at most one
decimal separator, "," or "." alike. Anything else is refused with a sentence that says what to
type, and nothing is reinterpreted: "1,500" could be 1.5 or 1500, so it is refused, not guessed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QLineEdit, QWidget

_PLAIN = re.compile(r"(\d*)([.,]?)(\d*)")
# One to three digits (no leading zero), one separator, exactly three digits: "1,500", "12.000".
# Typed in a clinic this is as often a grouped thousand as a decimal; either reading may be wrong.
_GROUPED = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_MINUS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (pasted from documents)


def parse_clinical_number(text: str) -> float | None:
    """The number typed; None when empty; ValueError (a sentence for the user) otherwise."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(_MINUS):
        raise ValueError(
            QCoreApplication.translate(
                "NumberField", "a minus sign is not allowed: the value cannot be negative"
            )
        )
    match = _PLAIN.fullmatch(text)
    if match is None or not (match.group(1) or match.group(3)) or (match.group(2) and not match.group(3)):
        raise ValueError(
            QCoreApplication.translate(
                "NumberField",
                "“%1” is not a number: type digits with at most one decimal comma or point, "
                "without thousands separators or spaces",
            ).replace("%1", text)
        )
    whole, point, decimals = match.groups()
    if _GROUPED.fullmatch(text):
        as_decimal = f"{whole}.{decimals}".rstrip("0").rstrip(".")
        raise ValueError(
            QCoreApplication.translate(
                "NumberField",
                "“%1” could be %2 or %3: type %3 without a separator, or %2 with fewer decimals",
            )
            .replace("%1", text)
            .replace("%2", as_decimal)
            .replace("%3", whole + decimals)
        )
    return float(f"{whole or '0'}.{decimals or '0'}" if point else whole)


def plain_number(value: float | None, decimals: int = 3) -> str:
    """`value` as this field reads it back: the locale's decimal mark, no thousands separator
    (QLocale.toString groups thousands in most locales, and "1,500" would then be refused)."""
    if value is None:
        return ""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", "," if QLocale().decimalPoint() == "," else ".")


class NumberField(QLineEdit):
    """A line edit for one clinical number: `value()` is the number shown, or a ValueError that
    names the field (as its form labels it) and what is allowed; no key is ever swallowed."""

    def __init__(
        self,
        label: str,
        limits: tuple[float, float] | None = None,
        unit: str = "",
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.limits = limits
        self.unit = unit
        self.setPlaceholderText(placeholder)

    def allowed(self) -> str:
        """ "from 30 to 45 °C" (empty without limits)."""
        if self.limits is None:
            return ""
        text = QCoreApplication.translate("NumberField", "from %1 to %2").replace(
            "%1", plain_number(self.limits[0])
        )
        text = text.replace("%2", plain_number(self.limits[1]))
        return text + (" " + self.unit if self.unit else "")

    def value(self) -> float | None:
        """The typed number (None when empty), checked against the limits."""
        try:
            value = parse_clinical_number(self.text())
        except ValueError as exc:
            raise ValueError(f"{self.label}: {exc}.") from None
        if value is not None and self.limits is not None and not self.limits[0] <= value <= self.limits[1]:
            raise ValueError(
                QCoreApplication.translate("NumberField", "%1: %2 is outside the allowed range, %3.")
                .replace("%1", self.label)
                .replace("%2", self.text().strip() + (" " + self.unit if self.unit else ""))
                .replace("%3", self.allowed())
            )
        return value

    def setValue(self, value: float | None, decimals: int = 3) -> None:
        """Show `value` in the locale's format (empty for None)."""
        self.setText(plain_number(value, decimals))
