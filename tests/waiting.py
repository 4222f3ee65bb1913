"""The one wait of the tests outside Qt: poll a condition instead of sleeping a fixed time, fast
when the machine is fast and patient when it is loaded. (Waits on a Qt widget use
qtbot.waitUntil, which keeps the event loop turning.)"""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_S = 0.01  # short against every timeout here, long enough not to starve the threads polled


def wait_for(
    condition: Callable[[], object], timeout: float = 10.0, *, what: str = "the condition"
) -> float:
    """Seconds until `condition()` held; an AssertionError naming `what` past `timeout` s."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(POLL_S)
    return time.monotonic() - start
