"""The ``tensogram-go`` console script: runs the command-line tool bundled in the package.

The tool is a static Go binary installed beside the extension; this entry point replaces the
Python process with it, so arguments, standard streams and the exit code are the tool's own.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    exe = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tensogram-go")
    if not os.access(exe, os.X_OK):
        sys.exit(f"tensogram-go: the bundled command is missing or not executable: {exe}")
    os.execv(exe, [exe, *sys.argv[1:]])
