"""The vision worker: newest frame only, results with their frame's time, stale ones dropped,
a slow model refreshed every N frames instead of slowing the caller."""

from __future__ import annotations

import time

import numpy as np
from waiting import wait_for

from studio.vision.worker import VisionWorker


def test_results_carry_the_time_of_their_frame():
    worker = VisionWorker(lambda image: float(image.mean()))
    worker.start()
    try:
        worker.submit(np.full((4, 4), 7, np.uint8), frame_time=10.0)
        wait_for(lambda: worker.latest(10.1) is not None, 5.0)
        result = worker.latest(10.1)
        assert result.value == 7.0 and result.frame_time == 10.0 and result.seq == 1
        assert worker.latest(10.0 + worker.max_age + 0.01) is None  # stale: dropped
    finally:
        worker.stop()


def test_a_slow_model_is_refreshed_every_n_frames_and_submit_never_waits():
    def slow(image: np.ndarray) -> int:
        # 50 ms of processor time, as a model computes (~20 analyses a second against 100
        # frames a second); cost_ms counts processor time, not time spent waiting.
        start = time.thread_time()
        while time.thread_time() - start < 0.05:
            pass
        return int(image[0, 0])

    worker = VisionWorker(slow)
    worker.start()
    try:
        worst = 0.0
        for i in range(100):
            t = time.perf_counter()
            worker.submit(np.full((2, 2), i % 256, np.uint8), frame_time=float(i))
            worst = max(worst, time.perf_counter() - t)
            time.sleep(0.01)
        wait_for(lambda: worker.latest(99.0) is not None and worker.latest(99.0).seq == 100, 5.0)
        assert worst < 0.01  # the caller never waited for the model
        assert worker.every_n > 2.0  # ran on some frames only
        assert worker.latest(99.0).value == 99  # and ends on the newest one
        assert 40 <= worker.cost_ms <= 150
    finally:
        worker.stop()


def test_one_off_work_such_as_loading_a_model_is_not_counted_as_analysis_cost():
    def burn(seconds: float) -> None:
        start = time.thread_time()
        while time.thread_time() - start < seconds:
            pass

    def analyse(image: np.ndarray) -> int:
        if worker.analysed == 0:  # the first analysis loads the model
            worker.skip_cost()
            burn(0.2)
        burn(0.01)
        return 0

    worker = VisionWorker(analyse)
    worker.skip_cost()  # not on the worker's thread: nothing happens
    worker.start()
    try:
        for i in range(3):
            worker.submit(np.zeros((2, 2), np.uint8), frame_time=float(i))
            wait_for(lambda i=i: worker.analysed == i + 1, 5.0)
        # The first analysis (which loaded the model, 200 ms) is left out; counted, the mean of
        # the three would be over 70 ms.
        assert 5 <= worker.cost_ms <= 40
    finally:
        worker.stop()


def test_a_failing_model_is_reported_and_the_worker_goes_on():
    calls = []

    def flaky(image: np.ndarray) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("bad input")
        return 1

    worker = VisionWorker(flaky)
    worker.start()
    try:
        worker.submit(np.zeros((2, 2), np.uint8), 0.0)
        wait_for(lambda: worker.failures == 1, 5.0)
        assert worker.error == "RuntimeError: bad input" and worker.latest(0.0) is None
        worker.submit(np.zeros((2, 2), np.uint8), 0.1)
        wait_for(lambda: worker.latest(0.1) is not None, 5.0)
        assert worker.error is None
    finally:
        worker.stop()


def test_a_confirmed_result_counts_as_made_when_confirmed():
    """The caller saw the picture unchanged: the result of the frame it names is kept fresh;
    a result of another frame is not confirmed."""
    worker = VisionWorker(lambda image: float(image.mean()))
    worker.start()
    try:
        worker.submit(np.full((4, 4), 3, np.uint8), frame_time=1.0)
        wait_for(lambda: worker.newest is not None, 5.0)
        assert not worker.confirm(2, 5.0)  # frame 2 was never analysed
        assert worker.latest(5.0) is None  # still stale
        assert worker.confirm(1, 5.0)
        result = worker.latest(5.2)
        assert result is not None and result.value == 3.0 and result.frame_time == 5.0
        assert result.seq == 1  # the same result, not a new one
    finally:
        worker.stop()
