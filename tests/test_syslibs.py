"""tools/ensure-syslibs.sh as `make run` and `make test` call it: the desktop set (what Qt's xcb
plugin needs to open a window) for run, the offscreen set for test; as root it installs what is
missing with apt-get, otherwise it names it in one line and fails.

dpkg-query, id and apt-get are stand-ins on PATH, so the test neither depends on nor changes what
this machine has installed."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "ensure-syslibs.sh"

FAKE_DPKG_QUERY = """#!/bin/bash
# Prints "<package> installed" for each asked-for package listed in $FAKE_INSTALLED.
for p in "$@"; do
  case "$p" in -*) continue ;; esac
  [[ " $FAKE_INSTALLED " == *" $p "* ]] && echo "$p installed"
done
exit 0
"""
FAKE_ID = '#!/bin/bash\necho "$FAKE_UID"\n'
FAKE_APT_GET = '#!/bin/bash\necho "$*" >> "$FAKE_APT_LOG"\n'


def package_set(name: str) -> list[str]:
    found = re.search(rf"^{name}=\(([^)]*)\)", SCRIPT.read_text(), flags=re.MULTILINE)
    assert found, name
    return found.group(1).split()


def run_script(
    tmp_path: Path, kind: str, installed: list[str], uid: int = 1000
) -> tuple[int, list[str], list[str]]:
    """The script with stand-ins on PATH: (exit code, stdout lines, apt-get calls)."""
    stubs = tmp_path / "bin"
    stubs.mkdir(exist_ok=True)
    for name, text in {"dpkg-query": FAKE_DPKG_QUERY, "id": FAKE_ID, "apt-get": FAKE_APT_GET}.items():
        (stubs / name).write_text(text)
        (stubs / name).chmod(0o755)
    log = tmp_path / "apt.log"
    log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PATH": f"{stubs}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "FAKE_INSTALLED": " ".join(installed),
        "FAKE_UID": str(uid),
        "FAKE_APT_LOG": str(log),
    }
    done = subprocess.run(["bash", str(SCRIPT), kind], env=env, capture_output=True, text=True, timeout=60)
    calls = log.read_text().splitlines() if log.exists() else []
    return done.returncode, done.stdout.splitlines(), calls


def test_the_desktop_set_names_what_the_window_lacks_in_one_line(tmp_path: Path) -> None:
    """A bare Debian 12 with an X server has the offscreen set but not libxcb-cursor0 and friends:
    `make run` as a user stops with one line that says what to install."""
    lacking = ["libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0"]
    present = [p for p in package_set("offscreen") + package_set("xcb") if p not in lacking]
    code, out, calls = run_script(tmp_path, "desktop", present)
    assert code == 1
    assert len(out) == 1, out
    assert out[0].endswith(
        "sudo apt-get install libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 (or sudo make desktop-syslibs)"
    )
    assert calls == []


def test_the_offscreen_set_is_what_make_test_checked_before(tmp_path: Path) -> None:
    """`make test` still needs only the offscreen libraries: the xcb ones missing is fine."""
    code, out, calls = run_script(tmp_path, "offscreen", package_set("offscreen"))
    assert (code, out, calls) == (0, [], [])
    code, out, calls = run_script(tmp_path, "offscreen", package_set("offscreen")[1:])
    assert code == 1 and out[0].endswith(
        "install them with: sudo apt-get install libgl1 (or run this make target as root)"
    )


def test_as_root_the_missing_desktop_packages_are_installed(tmp_path: Path) -> None:
    present = package_set("offscreen") + [p for p in package_set("xcb") if p != "libxcb-keysyms1"]
    code, out, calls = run_script(tmp_path, "desktop", present, uid=0)
    assert code == 0
    assert out == ["syslibs: installing what the app's window needs: libxcb-keysyms1"]
    assert calls[0] == "update -qq"
    assert calls[1].endswith("install -y -qq --no-install-recommends libxcb-keysyms1")


def test_nothing_to_do_when_everything_is_there(tmp_path: Path) -> None:
    code, out, calls = run_script(tmp_path, "desktop", package_set("offscreen") + package_set("xcb"), uid=0)
    assert (code, out, calls) == (0, [], [])


def test_make_run_checks_the_desktop_set_before_starting_the_app() -> None:
    run = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "ensure-syslibs.sh desktop" in run
    assert run.index("ensure-syslibs.sh desktop") < run.index("main.py")
    test = subprocess.run(["make", "-n", "pytest"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "ensure-syslibs.sh offscreen" in test.stdout
