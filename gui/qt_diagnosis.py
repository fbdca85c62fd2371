"""Why Qt could not start, in one sentence: gui/app.py's start_application asks once Qt has given
up on every platform plugin (a library of the plugin missing, found with ldd; no display; no such
plugin; a plugin file that does not load), main.py when PySide6 itself cannot load. Imported only
then, so start-up never pays for it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

EXIT_NO_WINDOW = 3  # main.py and gui/app.py exit with it when Qt cannot start
LEAD = "ToxTrack cannot open its window: "
REINSTALL = "reinstall PySide6 with: make clean && make run"

# The Debian 12 package of each library that Qt's xcb platform plugin (libqxcb.so and
# libQt6XcbQpa.so.6, `readelf -d`) links besides glibc and libstdc++; tools/ensure-syslibs.sh
# installs the same packages for `make run` (its "desktop" set).
DEBIAN_PACKAGES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
}


def explain(messages: Sequence[str], env: Mapping[str, str]) -> str:
    """One sentence on why Qt could not start, from its messages and a look at the plugin file."""
    text = "\n".join(messages)
    name = _platform_name(text, env)
    plugin = find_plugin(name, text, env)
    if plugin is None:
        if "could not find the qt platform plugin" in text.lower():
            return LEAD + _unknown_platform(name, text, env)
        return LEAD + f'Qt could not start its "{name}" platform plugin; {_ask_qt(messages)}.'
    missing = missing_libraries(plugin)
    if missing:
        return LEAD + libraries_sentence(f'Qt\'s "{name}" platform plugin', missing)
    problem = load_problem(plugin)
    if problem:
        return LEAD + f'Qt\'s "{name}" platform plugin {plugin} does not load ({problem}); {REINSTALL}.'
    display = display_problem(name, text, env)
    if display:
        return LEAD + display
    return LEAD + f'Qt could not start its "{name}" platform plugin; {_ask_qt(messages)}.'


def _platform_name(text: str, env: Mapping[str, str]) -> str:
    """The plugin Qt tried: named in its message, else QT_QPA_PLATFORM's first choice, else xcb."""
    found = re.search(r'platform plugin "([^"]*)"', text)
    if found:
        return found.group(1)
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0]
    return chosen or "xcb"


def find_plugin(name: str, text: str, env: Mapping[str, str]) -> Path | None:
    """libq<name>.so in the folder Qt named, QT_QPA_PLATFORM_PLUGIN_PATH, Qt's own plugin folder
    or QT_PLUGIN_PATH, in the order Qt looks."""
    named = re.search(r'platform plugin "[^"]*" in "([^"]+)"', text)
    folders = [named.group(1)] if named else []
    folders += env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep)
    from PySide6.QtCore import QLibraryInfo

    plugins = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)]
    plugins += env.get("QT_PLUGIN_PATH", "").split(os.pathsep)
    folders += [os.path.join(folder, "platforms") for folder in plugins if folder]
    for folder in folders:
        candidate = Path(folder) / f"libq{name}.so"
        if folder and candidate.is_file():
            return candidate
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """Sonames the plugin needs that the dynamic linker cannot find, directly or through another
    library: ldd's "not found" lines, else the one library dlopen names."""
    import subprocess

    try:
        listing = subprocess.run(
            ["ldd", str(plugin)], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    missing = re.findall(r"^\s*(\S+) => not found", listing, flags=re.MULTILINE)
    if not missing:
        problem = load_problem(plugin) or ""
        missing = re.findall(r"^(\S+): cannot open shared object file", problem)
    return list(dict.fromkeys(missing))


def load_problem(plugin: Path) -> str | None:
    """dlopen's complaint about the plugin file, or None when it loads."""
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return str(exc).removeprefix(f"{plugin}: ")
    return None


def libraries_sentence(what: str, missing: Sequence[str]) -> str:
    """`what` needs `missing` (sonames): Debian packages for the system libraries, a reinstall of
    PySide6 for Qt's own."""
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[lib] for lib in missing if lib in DEBIAN_PACKAGES))
    others = [lib for lib in missing if lib not in DEBIAN_PACKAGES]
    advice = []
    if packages:
        advice.append(f"on Debian or Ubuntu run: sudo apt-get install {' '.join(packages)}")
    qt_own = [lib for lib in others if lib.startswith("libQt")]
    if qt_own:
        advice.append(f"{', '.join(qt_own)} should come with PySide6, so {REINSTALL}")
    if len(qt_own) < len(others):
        rest = ", ".join(lib for lib in others if lib not in qt_own)
        advice.append(f"install the system package that provides {rest}")
    return f"{what} needs {', '.join(missing)}, which cannot be found; " + "; ".join(advice) + "."


def import_failure(exc: ImportError) -> str | None:
    """One sentence when PySide6 itself cannot load for want of a system library (a bare Debian
    lacks libglib2.0-0, libegl1, ...): all such libraries of QtWidgets by ldd, else the one the
    import names. None for any other ImportError, which stays a traceback."""
    named = re.match(r"^(\S+): cannot open shared object file", str(exc))
    if not named:
        return None
    import importlib.util

    spec = importlib.util.find_spec("PySide6.QtWidgets")
    missing = missing_libraries(Path(spec.origin)) if spec and spec.origin else []
    return "ToxTrack cannot start: " + libraries_sentence("Qt", missing or [named.group(1)])


def display_problem(name: str, text: str, env: Mapping[str, str]) -> str | None:
    """The plugin loaded but found no screen to talk to: no DISPLAY, or one that does not answer."""
    lowered = text.lower()
    if name == "xcb" and not env.get("DISPLAY"):
        return (
            "there is no X display to show it on (DISPLAY is not set); start it from a desktop "
            "session, or set DISPLAY to a running X server."
        )
    if name == "xcb" and "could not connect to display" in lowered:
        return (
            f"the X display {env.get('DISPLAY')} does not accept a connection; check that its X server "
            "is running and that this user may use it (XAUTHORITY)."
        )
    if name.startswith("wayland") and "wayland connection" in lowered:
        where = env.get("WAYLAND_DISPLAY") or "not set"
        return (
            f"there is no Wayland display to show it on (WAYLAND_DISPLAY is {where}); start it "
            "from a desktop session, or unset QT_QPA_PLATFORM to use X."
        )
    return None


def _unknown_platform(name: str, text: str, env: Mapping[str, str]) -> str:
    available = re.search(r"Available platform plugins are: ([^\n]*?)\.?\s*$", text, re.MULTILINE)
    choices = f" (Qt has: {available.group(1)})" if available else ""
    if env.get("QT_QPA_PLATFORM"):
        return (
            f'there is no Qt platform plugin "{name}", which QT_QPA_PLATFORM asks for{choices}; '
            "unset QT_QPA_PLATFORM to use the desktop."
        )
    return f'Qt\'s "{name}" platform plugin is not installed{choices}; {REINSTALL}.'


def _ask_qt(messages: Sequence[str]) -> str:
    """Qt's last word before its fatal message (which only says that no plugin started)."""
    before = [line.strip() for message in messages[:-1] for line in message.splitlines()]
    said = [line for line in before if line]
    quoted = f'Qt said "{said[-1]}"; ' if said else ""
    return quoted + "run with QT_DEBUG_PLUGINS=1 to see why"
