"""The tests' one wait: how long it took when the condition came, whose wait it was when not."""

from __future__ import annotations

import threading
import time

import pytest
from waiting import wait_for


def test_a_condition_that_comes_is_waited_for_and_the_wait_measured() -> None:
    flag = threading.Event()
    threading.Timer(0.2, flag.set).start()
    took = wait_for(flag.is_set, 5.0, what="the flag")
    assert flag.is_set() and 0.15 < took < 5.0
    assert wait_for(lambda: True) < 0.01  # already true: no sleep at all


def test_a_condition_that_never_comes_fails_naming_it_and_the_time() -> None:
    start = time.monotonic()
    with pytest.raises(AssertionError, match=r"after 0\.3 s waiting for the green light"):
        wait_for(lambda: False, 0.3, what="the green light")
    assert 0.3 <= time.monotonic() - start < 2.0
