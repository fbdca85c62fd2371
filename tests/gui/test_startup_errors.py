"""When Qt cannot open a window, `toxtrack` says in one sentence what is missing and exits 3, instead
of Qt's abort (exit 134, a core dump, a paragraph blaming xcb-cursor0 whatever is missing; issue 13).

The app is started as a user starts it (main.py in a subprocess). A plugin whose library is missing
is made deterministic on any machine: a copy of Qt's xcb plugin, its key renamed so only the copy
answers to it, with one needed library renamed to one that does not exist."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo

from gui.qt_diagnosis import (
    DEBIAN_PACKAGES,
    EXIT_NO_WINDOW,
    display_problem,
    explain,
    libraries_sentence,
    missing_libraries,
)

ROOT = Path(__file__).resolve().parents[2]
QT_PLUGINS = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
XCB_PLUGIN = QT_PLUGINS / "platforms" / "libqxcb.so"
LEAD = "ToxTrack cannot open its window: "

pytestmark = pytest.mark.skipif(not XCB_PLUGIN.is_file(), reason="Qt's xcb plugin is Linux-only")


def start_app(tmp_path: Path, **env: str) -> tuple[int, str, Path]:
    """Run `python main.py --db tmp/clinic.db` with no display unless given: (exit code, stderr, db)."""
    db = tmp_path / "clinic.db"
    full = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    full.pop("QT_DEBUG_PLUGINS", None)
    full.update(env)
    done = subprocess.run(
        [sys.executable, "main.py", "--db", str(db)],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stderr, db


def assert_one_sentence(code: int, stderr: str, db: Path) -> str:
    """Exit 3 (not Qt's abort), one line that starts with the app's lead, nothing opened."""
    assert code == EXIT_NO_WINDOW, (code, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(LEAD) and lines[0].endswith("."), lines[0]
    assert "failed to start because" not in stderr  # Qt's paragraph
    assert not db.exists(), "the database is not touched when there is no window"
    return lines[0]


def patched_plugin(tmp_path: Path, key: bytes, needed: tuple[bytes, bytes]) -> Path:
    """A copy of Qt's xcb plugin answering to `key` (3 letters) with one DT_NEEDED name replaced
    (same length); its RUNPATH $ORIGIN/../../lib points at Qt's own libraries through a link."""
    data = XCB_PLUGIN.read_bytes()
    old_key = b"\x64Keys\x81\x63xcb"  # CBOR in .note.qt.metadata: "Keys": ["xcb"]
    assert data.count(old_key) == 1 and data.count(needed[0] + b"\0") == 1
    assert len(key) == 3 and len(needed[0]) == len(needed[1])
    data = data.replace(old_key, old_key[:-3] + key).replace(needed[0] + b"\0", needed[1] + b"\0")
    folder = tmp_path / "plugins" / "platforms"
    folder.mkdir(parents=True)
    (tmp_path / "lib").symlink_to(QT_PLUGINS.parent / "lib")
    plugin = folder / f"libq{key.decode()}.so"
    plugin.write_bytes(data)
    return plugin


def test_a_missing_library_of_the_platform_plugin_is_named(tmp_path: Path) -> None:
    plugin = patched_plugin(tmp_path, b"xcz", (b"libxcb-cursor.so.0", b"libxcb-cursor.so.9"))
    code, stderr, db = start_app(
        tmp_path, QT_QPA_PLATFORM="xcz", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugin.parent)
    )
    line = assert_one_sentence(code, stderr, db)
    # Where the desktop's xcb libraries are not installed (a fresh machine after `make test`, which
    # installs only offscreen Qt's), the sentence names those too: the renamed one must be among them.
    needs = line.split('"xcz" platform plugin needs ', 1)[1].split(";")[0]
    assert "libxcb-cursor.so.9" in needs.replace(",", " ").split(), line
    assert "provides libxcb-cursor.so.9" in line


def test_a_plugin_missing_its_qt_library_asks_for_a_reinstall(tmp_path: Path) -> None:
    plugin = patched_plugin(tmp_path, b"xcy", (b"libQt6XcbQpa.so.6", b"libQt6XcbQpa.so.0"))
    code, stderr, db = start_app(
        tmp_path, QT_QPA_PLATFORM="xcy", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugin.parent)
    )
    line = assert_one_sentence(code, stderr, db)
    assert "libQt6XcbQpa.so.0 should come with PySide6" in line
    assert "make clean && make run" in line


def test_an_unknown_platform_names_the_setting(tmp_path: Path) -> None:
    code, stderr, db = start_app(tmp_path, QT_QPA_PLATFORM="nonesuch")
    line = assert_one_sentence(code, stderr, db)
    assert 'no Qt platform plugin "nonesuch", which QT_QPA_PLATFORM asks for' in line
    assert "xcb" in line  # what Qt has instead


def test_the_desktop_plugin_without_its_libraries_or_a_display(tmp_path: Path) -> None:
    """What `make run` meets over ssh or on a desktop lacking libxcb-*: the real xcb plugin, no
    DISPLAY. Its missing libraries come first (Qt fails on them first), else the display."""
    code, stderr, db = start_app(tmp_path, QT_QPA_PLATFORM="")
    line = assert_one_sentence(code, stderr, db)
    missing = missing_libraries(XCB_PLUGIN)
    if missing:
        assert f'"xcb" platform plugin needs {", ".join(missing)}' in line
        packages = " ".join(dict.fromkeys(DEBIAN_PACKAGES[lib] for lib in missing))
        assert f"sudo apt-get install {packages}" in line
    else:
        assert "there is no X display to show it on (DISPLAY is not set)" in line


def test_a_display_that_does_not_answer(tmp_path: Path) -> None:
    if missing_libraries(XCB_PLUGIN):
        pytest.skip("the xcb plugin's libraries are missing here; the test above covers that")
    code, stderr, db = start_app(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":4093")
    line = assert_one_sentence(code, stderr, db)
    assert "the X display :4093 does not accept a connection" in line


# Runs main.py as `python main.py` would, with PySide6.QtCore failing to load as it does on a
# bare Debian 12 (no libglib2.0-0) or with any other ImportError.
FAILING_IMPORT = """
import runpy, sys
ERROR = sys.argv.pop()
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6.QtCore":
            raise ImportError(ERROR)
sys.meta_path.insert(0, Refuse())
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def start_with_failing_qt(tmp_path: Path, error: str) -> tuple[int, str, Path]:
    db = tmp_path / "clinic.db"
    done = subprocess.run(
        [sys.executable, "-c", FAILING_IMPORT, "--db", str(db), error],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stderr, db


def test_qt_itself_missing_a_system_library_names_the_package(tmp_path: Path) -> None:
    error = "libglib-2.0.so.0: cannot open shared object file: No such file or directory"
    code, stderr, db = start_with_failing_qt(tmp_path, error)
    assert code == EXIT_NO_WINDOW, stderr
    assert stderr.strip().splitlines() == [
        "ToxTrack cannot start: Qt needs libglib-2.0.so.0, which cannot be found; on Debian or "
        "Ubuntu run: sudo apt-get install libglib2.0-0."
    ]
    assert not db.exists()


def test_any_other_import_error_stays_a_traceback(tmp_path: Path) -> None:
    code, stderr, _ = start_with_failing_qt(tmp_path, "No module named 'PySide6.QtCore'")
    assert code == 1
    assert "Traceback" in stderr and "No module named 'PySide6.QtCore'" in stderr


def test_a_damaged_plugin_file_is_named_with_what_dlopen_says(tmp_path: Path) -> None:
    """A plugin file Qt found but cannot load although nothing it links is missing (here: not an
    ELF file at all, as after an interrupted copy), from Qt's own words."""
    (tmp_path / "libqjunk.so").write_bytes(b"\x7fELF" + b"\0" * 60)
    qt_says = [
        f'qt.qpa.plugin: Could not load the Qt platform plugin "junk" in "{tmp_path}" even though it '
        "was found.",
        "This application failed to start because no Qt platform plugin could be initialized.",
    ]
    line = explain(qt_says, {"QT_QPA_PLATFORM": "junk"})
    assert line.startswith(f'{LEAD}Qt\'s "junk" platform plugin {tmp_path / "libqjunk.so"} does not load (')
    assert line.endswith("; reinstall PySide6 with: make clean && make run.")


def test_display_problems_in_words() -> None:
    """The display sentences from Qt's own messages, for machines where the plugin cannot load."""
    qt_says = "qt.qpa.xcb: could not connect to display :5"
    assert "DISPLAY is not set" in (display_problem("xcb", qt_says, {}) or "")
    assert ":5 does not accept" in (display_problem("xcb", qt_says, {"DISPLAY": ":5"}) or "")
    wayland = display_problem("wayland", "Failed to create wayland connection.", {})
    assert wayland is not None and "WAYLAND_DISPLAY is not set" in wayland
    assert display_problem("xcb", "something else", {"DISPLAY": ":0"}) is None


def test_system_libraries_become_debian_packages() -> None:
    line = libraries_sentence(
        'Qt\'s "xcb" platform plugin', ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"]
    )
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0" in line
    assert line.endswith("libxcb-cursor0.")
    assert "reinstall" not in line


def dt_needed(library: Path) -> list[str]:
    """DT_NEEDED names of a 64-bit little-endian ELF file (what `readelf -d` lists as NEEDED)."""
    data = library.read_bytes()
    shoff, shentsize, shnum = (
        struct.unpack_from("<Q", data, 0x28)[0],
        *struct.unpack_from("<HH", data, 0x3A),
    )
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    dynamic = next(s for s in sections if s[1] == 6)  # SHT_DYNAMIC; its sh_link is .dynstr
    strtab = sections[dynamic[6]][4]
    names = []
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 1:  # DT_NEEDED
            end = data.index(b"\0", strtab + value)
            names.append(data[strtab + value : end].decode())
    return names


def test_every_system_library_of_the_xcb_plugin_has_a_package_make_run_installs() -> None:
    """The map behind the sentence and tools/ensure-syslibs.sh's desktop set cover every library
    that libqxcb.so and libQt6XcbQpa.so.6 link, except glibc, libstdc++ and Qt's own."""
    qpa = QT_PLUGINS.parent / "lib" / "libQt6XcbQpa.so.6"
    needed = set(dt_needed(XCB_PLUGIN)) | set(dt_needed(qpa))
    base = re.compile(r"^(libc|libm|libgcc_s|libstdc\+\+|libQt6\w+)\.so")
    assert "libxcb-cursor.so.0" in needed
    assert {lib for lib in needed if not base.match(lib)} <= set(DEBIAN_PACKAGES)
    script = (ROOT / "tools" / "ensure-syslibs.sh").read_text()
    arrays = re.findall(r"^(?:offscreen|xcb)=\(([^)]*)\)", script, flags=re.MULTILINE)
    assert len(arrays) == 2
    assert set(DEBIAN_PACKAGES.values()) <= set(" ".join(arrays).split())
