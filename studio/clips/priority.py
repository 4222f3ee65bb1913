"""Exports run at low priority: a show live on the same computer keeps its frame rate, the
export takes what the encoder leaves, for the processor and for the disk."""

from __future__ import annotations

import logging
import os
import sys

NICENESS = 10  # Unix: added to this process's niceness (threads started later inherit it)
BACKGROUND_NICENESS = 19  # the window's export process: only what the show leaves idle
_BELOW_NORMAL = 0x4000  # Windows' BELOW_NORMAL_PRIORITY_CLASS

log = logging.getLogger(__name__)


def lower_priority(niceness: int = NICENESS) -> bool:
    """Lower this whole process's priority for the processor and the disk (call it in a
    process that only exports); False when the system would not lower the processor's."""
    _lower_io()
    try:
        if sys.platform == "win32":
            import ctypes

            kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
            return bool(kernel.SetPriorityClass(kernel.GetCurrentProcess(), _BELOW_NORMAL))
        os.nice(niceness)
        return True
    except (OSError, AttributeError):
        return False


def _lower_io() -> None:
    """The disk's idle class on Linux (reads and writes wait while the recording writes),
    low I/O priority on Windows; elsewhere the processor's priority is all there is."""
    try:
        import psutil

        me = psutil.Process()
        if sys.platform.startswith("linux"):
            me.ionice(psutil.IOPRIO_CLASS_IDLE)
        elif sys.platform == "win32":
            me.ionice(psutil.IOPRIO_LOW)  # type: ignore[attr-defined]
    except Exception as exc:  # psutil.AccessDenied, a system without I/O classes
        log.info("clips: the disk priority stays as it is: %s", exc)
