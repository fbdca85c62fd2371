"""The desktop app (PySide6 only here): main window, item models, views, dialogs, actions."""
