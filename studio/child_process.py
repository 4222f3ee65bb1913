"""How the studio starts a process of its own (a stream relay, a catalog reader).

Installed as a package, a child is `python -m MODULE`; in the PyInstaller bundle there is no
separate Python, so the app binary runs it through a hidden command of its command line
(`studio _relay`, `studio _import_catalog`). Either way the child never gets a console window
flashing over the studio on Windows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Windows: a console child must not flash a console window over the studio.
NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def studio_command(hidden_command: str, module: str, *args: str) -> list[str]:
    """The command line that runs `module` (its `main`) as a child of this install."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the app binary runs it
        app = Path(sys.executable)
        # On Windows the window's binary has no console streams; its console twin runs it.
        console = app.with_name("studio.exe")
        binary = console if sys.platform == "win32" and console.is_file() else app
        return [str(binary), hidden_command, *args]
    return [sys.executable, "-m", module, *args]
