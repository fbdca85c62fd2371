"""Run a command and write its peak RSS (ru_maxrss) to a file, from a small parent process.

A child forked straight from the harness starts as a copy of the harness (1.5 GB after the bulk write
figure) and ru_maxrss keeps that high-water mark even after exec; forked from this small process the
figure is the command's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    out, command = Path(argv[0]), argv[1:]
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    out.write_text(str(usage.ru_maxrss))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
