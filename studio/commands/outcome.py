"""How a command ends: its exit codes, the one-line error a user can fix, and Ctrl-C or SIGTERM
as a clean stop. The commands and the command line's dispatcher (studio.cli) both use them, so
they live below both."""

from __future__ import annotations

import signal
import threading

EXIT_OK, EXIT_DESTINATION_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_FAILED = 1  # the work could not be done (e.g. a model cannot be loaded)


class UserError(Exception):
    """A problem the user can fix; printed as one line, never a traceback. `exit_code` is what
    the command returns (a usage error unless told otherwise)."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def install_stop_signals(stop: threading.Event) -> None:
    """Ctrl-C and SIGTERM end the run cleanly (the recording is closed, not cut)."""

    def handler(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, handler)
