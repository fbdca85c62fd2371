"""The desktop app (PySide6 only here): main window, item models, views, dialogs, actions.

Importing the package first swaps PySide6's per-module source check for a faster one with the same
answers (gui/pyside_import_check.py), before any of the window's modules is imported.
"""

import PySide6  # noqa: F401  (its bootstrap defines the check that install() replaces)

from gui import pyside_import_check

pyside_import_check.install()
