"""Exports run at low priority: a show live on the same computer keeps its frame rate, the
export takes what the encoder leaves."""

from __future__ import annotations

import os
import sys

NICENESS = 10  # Unix: added to this process's niceness (threads started later inherit it)
_BELOW_NORMAL = 0x4000  # Windows' BELOW_NORMAL_PRIORITY_CLASS


def lower_priority() -> bool:
    """Lower this whole process's priority (call it in a process that only exports); False
    when the system would not."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
            return bool(kernel.SetPriorityClass(kernel.GetCurrentProcess(), _BELOW_NORMAL))
        os.nice(NICENESS)
        return True
    except (OSError, AttributeError):
        return False
