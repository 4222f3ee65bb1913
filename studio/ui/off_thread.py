"""Slow work (listing devices, measuring a screenshot) off the window's thread, its result
handed back on the window's thread: one small pattern the dialogs share instead of each
carrying its own signal class and thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Carrier(QObject):
    done = Signal(object)  # emitted on the worker thread, delivered queued on the owner's


def run_off_thread(
    owner: QObject, work: Callable[[], Any], then: Callable[[Any], None], name: str = ""
) -> threading.Thread:
    """`work()` on a worker thread, then `then(result)` on `owner`'s thread; nothing is
    delivered once `owner` is gone (a dialog closed meanwhile). `work` handles its own
    failures (what a merchant is told differs by caller). Returns the started thread, which a
    test may join."""
    carrier = _Carrier(owner)
    carrier.done.connect(then)

    def run() -> None:
        result = work()
        try:
            carrier.done.emit(result)
        except RuntimeError:  # the owner, and the carrier with it, was deleted: nobody to tell
            pass

    thread = threading.Thread(target=run, name=name or "studio-off-thread", daemon=True)
    thread.start()
    return thread
