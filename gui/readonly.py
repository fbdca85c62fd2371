"""The read-only banner: a second workstation (or --read-only) must see at a glance that nothing it
types can be saved, and why; a large file being checked at open says so until the check has passed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class ReadOnlyBanner(QLabel):
    """A coloured strip across the top of the window; hidden when the session can write."""

    def __init__(
        self,
        read_only: bool,
        holder: str = "",
        parent: QWidget | None = None,
        notices: tuple[str, ...] = (),
        checking: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setWordWrap(True)
        self.setStyleSheet(
            "#readOnlyBanner { background: #fff3cd; color: #664d03; border-bottom: 1px solid #e0c36b;"
            " padding: 6px 10px; font-weight: bold; }"
        )
        self.show_state(read_only, holder, notices, checking)

    def show_state(
        self, read_only: bool, holder: str = "", notices: tuple[str, ...] = (), checking: bool = False
    ) -> None:
        """Say what the session can do now; called again when the checks at open finish."""
        lines = []
        if checking:
            lines.append(
                self.tr(
                    "Checking the database file: changes can be saved as soon as the check has passed "
                    "(a few seconds for a large file)."
                )
            )
        elif read_only:
            text = self.tr("Read-only: changes cannot be saved in this window.")
            if holder:
                text += " " + self.tr("The database is open for writing by {0}.").format(holder)
            lines.append(text)
        # What the checks at open found (damage, a network or cloud-sync folder, a clock jump):
        # storage words them as sentences a user can act on.
        lines.extend(notices)
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))
