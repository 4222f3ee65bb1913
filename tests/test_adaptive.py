"""Adaptive bitrate: the per-destination controller (pure logic) and the encoder's live rate."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from studio.broadcast.adaptive import DETAIL_STEPS, AdaptiveBitrate, AdaptiveState, DetailSteps
from studio.broadcast.encoder import Encoder, EncoderConfig


class Link:
    """A toy link: the encoder produces `rate` kbps, the link carries `capacity` kbps, the
    difference piles up (or drains) in the send queue, measured in media seconds."""

    def __init__(self, capacity: float) -> None:
        self.capacity = capacity
        self.backlog_kbit = 0.0

    def step(self, rate: float) -> tuple[float, float]:
        offered = self.backlog_kbit + rate
        sent = min(offered, self.capacity)
        self.backlog_kbit = offered - sent
        return self.backlog_kbit / rate, sent  # queued seconds, send kbps


def run(abr: AdaptiveBitrate, link: Link, seconds: int, start: float = 0.0) -> list[tuple]:
    history = []
    for i in range(seconds):
        now = start + i
        queued, sent = link.step(abr.target_kbps)
        target = abr.update(now, queued, sent, abr.target_kbps)
        history.append((now, queued, sent, target))
    return history


def test_drops_within_seconds_on_a_growing_queue() -> None:
    abr = AdaptiveBitrate(2500, min_kbps=500)
    link = Link(1500)
    history = run(abr, link, 10)
    first_below = next(t for t, _, _, target in history if target < 1500)
    assert first_below <= 3, history
    assert all(q < 1.5 for _, q, _, _ in history), history
    assert abr.adapting


def test_settles_below_the_link_and_keeps_the_queue_short() -> None:
    abr = AdaptiveBitrate(2500, min_kbps=500)
    link = Link(1500)
    history = run(abr, link, 60)
    late = history[10:]
    assert all(target <= 1500 for *_, target in history[5:20]), history
    # Later it probes above the link now and then (it cannot tell a steady link from a cleared
    # one otherwise), briefly: at most an eighth of the time, the queue staying short.
    assert sum(1 for *_, target in late if target > 1500) <= len(late) // 8, history
    assert all(q <= 1.0 for _, q, _, _ in late), history
    # No sawing: a few +10 % steps per probe, a probe about every 25 s.
    rises = sum(1 for a, b in itertools.pairwise(late) if b[3] > a[3])
    assert rises <= 8, history
    assert min(target for *_, target in late) >= 900, history  # not pushed needlessly low


def test_floor_is_respected() -> None:
    abr = AdaptiveBitrate(2500, min_kbps=800)
    link = Link(200)
    history = run(abr, link, 20)
    assert min(target for *_, target in history) == 800
    assert abr.target_kbps == 800


def test_nothing_sent_halves() -> None:
    abr = AdaptiveBitrate(2000, min_kbps=300)
    abr.update(0, 0.0, 2000)
    assert abr.update(1, 0.6, 0.0) == 1000


def test_gradual_recovery_when_the_link_clears() -> None:
    abr = AdaptiveBitrate(2500, min_kbps=500)
    link = Link(1000)
    run(abr, link, 20)
    low = abr.target_kbps
    assert low <= 1000
    link.capacity = 20000
    history = run(abr, link, 80, start=20)
    targets = [target for *_, target in history]
    steps = [b / a for a, b in itertools.pairwise(targets) if b > a]
    assert steps and all(s <= 1.11 for s in steps), targets  # +10 % at a time
    times = [history[i + 1][0] for i in range(len(history) - 1) if targets[i + 1] > targets[i]]
    assert all(b - a >= 4 for a, b in itertools.pairwise(times)), times
    assert targets[-1] == 2500, targets


def test_steady_link_that_carries_the_rate_never_moves() -> None:
    abr = AdaptiveBitrate(2500)
    link = Link(3000)
    history = run(abr, link, 60)
    assert {target for *_, target in history} == {2500}
    assert not abr.adapting


def test_a_short_burst_of_queue_that_drains_is_not_congestion() -> None:
    abr = AdaptiveBitrate(2500)
    for now, queued in enumerate([0.0, 0.15, 0.1, 0.0, 0.05, 0.0]):
        abr.update(now, queued, 2500)
    assert abr.target_kbps == 2500


def _measured_kbps(enc: Encoder, frames: list[np.ndarray], start: int, count: int) -> float:
    size = 0
    for i in range(start, start + count):
        for p in enc.encode_video(frames[i % len(frames)], i, i / 30):
            size += len(p.data)
    return size * 8 / 1000 / (count / 30)


@pytest.fixture(scope="module")
def noisy_frames() -> list[np.ndarray]:
    """Random noise: x264 needs far more than the bitrate for it, so the rate control is what
    sets the size (a flat test pattern would come out far below any bitrate)."""
    rng = np.random.default_rng(1)
    return [rng.integers(0, 256, (240 * 3 // 2, 320), dtype=np.uint8) for _ in range(8)]


def test_set_bitrate_changes_what_x264_produces(noisy_frames: list[np.ndarray]) -> None:
    enc = Encoder(EncoderConfig(320, 240, 30, bitrate_kbps=2000, video_encoder="libx264"))
    try:
        assert enc.can_adapt
        before = _measured_kbps(enc, noisy_frames, 0, 90)
        assert enc.set_bitrate(500)
        assert enc.bitrate_kbps == 500
        _measured_kbps(enc, noisy_frames, 90, 15)  # the VBV drains
        after = _measured_kbps(enc, noisy_frames, 105, 90)
        assert enc.set_bitrate(5000)  # above the configured: clamped to the ceiling
        assert enc.bitrate_kbps == 2000
        _measured_kbps(enc, noisy_frames, 195, 15)
        again = _measured_kbps(enc, noisy_frames, 210, 90)
    finally:
        enc.close()
    assert 1500 < before < 2600, before
    assert after < 750, (before, after)
    assert again > 2 * after, (before, after, again)  # x264 climbs back over a few seconds


def test_strict_cbr_encoder_reports_adaptive_unavailable() -> None:
    enc = Encoder(EncoderConfig(320, 240, 30, video_encoder="libx264", adaptive=False))
    try:
        assert not enc.can_adapt
        assert not enc.set_bitrate(500)
        assert enc.bitrate_kbps == 2500
    finally:
        enc.close()


# --- resolution steps ("detail") below the floor ---


def _link(target: int, congested: bool, floor: int = 500) -> AdaptiveState:
    return AdaptiveState(target, target < 2500, congested, floor)


def _feed(steps: DetailSteps, links: list[AdaptiveState], start: float, seconds: int) -> list:
    return [steps.update(start + i, links) for i in range(seconds)]


def test_detail_steps_down_only_after_sustained_congestion_at_the_floor() -> None:
    steps = DetailSteps()
    starved = [_link(500, True), _link(2500, False)]  # one link starved, the other fine
    # Three seconds at the floor and congested: not yet.
    assert _feed(steps, starved, 0, 4) == [1.0] * 4
    assert steps.update(4, starved) == 0.75  # ~4 s: one step
    # Still starved: the next step waits for the 6 s interval.
    assert _feed(steps, starved, 5, 5) == [0.75] * 5
    assert steps.update(10, starved) == 0.5
    # Never lower than 0.5, however long it lasts.
    assert set(_feed(steps, starved, 11, 60)) == {0.5}
    assert steps.steps_down == 2


def test_detail_congestion_above_the_floor_or_short_is_not_enough() -> None:
    steps = DetailSteps()
    # Congested but the bitrate can still drop: adaptive bitrate's job, not the detail's.
    assert set(_feed(steps, [_link(800, True)], 0, 20)) == {1.0}
    # At the floor and congested for 3 s, then clear for a few: the timer starts again.
    for start in range(20, 100, 8):
        _feed(steps, [_link(500, True)], start, 3)
        _feed(steps, [_link(500, False)], start + 3, 5)
    assert steps.detail == 1.0
    # One clean sample inside a long congestion (a GOP dropped) does not restart the timer.
    steps = DetailSteps()
    _feed(steps, [_link(500, True)], 0, 2)
    steps.update(2, [_link(500, False)])
    assert steps.update(3, [_link(500, True)]) == 1.0
    assert steps.update(4, [_link(500, True)]) == 0.75


def test_detail_steps_up_only_after_a_sustained_clear_link() -> None:
    steps = DetailSteps()
    _feed(steps, [_link(500, True)], 0, 11)
    assert steps.detail == 0.5
    # Clear but still at the floor, or just above it: holds.
    assert set(_feed(steps, [_link(500, False)], 11, 30)) == {0.5}
    assert set(_feed(steps, [_link(700, False)], 41, 30)) == {0.5}
    # Comfortably above the floor on every link: one step per 10 s, after 10 s.
    comfy = [_link(800, False), _link(2500, False)]
    assert _feed(steps, comfy, 71, 10) == [0.5] * 10
    assert steps.update(81, comfy) == 0.75
    assert _feed(steps, comfy, 82, 9) == [0.75] * 9
    assert steps.update(91, comfy) == 1.0
    # One link that is not comfortable keeps the detail down.
    steps = DetailSteps()
    _feed(steps, [_link(500, True)], 0, 5)
    assert steps.detail == 0.75
    assert set(_feed(steps, [_link(2500, False), _link(600, False)], 5, 40)) == {0.75}


def test_detail_holds_on_a_steady_link_at_the_floor() -> None:
    """No oscillation: a link that carries the floor (not congested) keeps whatever step it has."""
    steps = DetailSteps()
    _feed(steps, [_link(500, True)], 0, 5)
    history = _feed(steps, [_link(500, False)], 5, 300)
    assert set(history) == {0.75}
    # And the same with the controller: a weak link a little above the floor's needs.
    abr = AdaptiveBitrate(2500, min_kbps=500)
    link = Link(capacity=560)
    steps = DetailSteps()
    details = []
    for i in range(300):
        queued, sent = link.step(abr.target_kbps)
        abr.update(i, queued, sent, abr.target_kbps)
        details.append(steps.update(i, [abr.state()]))
    assert set(details[60:]) == {details[60]}, "detail moved on a steady link"


def test_detail_without_links_holds_and_reset_restores_full_detail() -> None:
    steps = DetailSteps()
    _feed(steps, [_link(500, True)], 0, 5)
    assert steps.detail == 0.75
    assert set(_feed(steps, [], 5, 60)) == {0.75}  # reconnecting: no verdict
    steps.reset()
    assert steps.detail == 1.0
    assert DETAIL_STEPS[-1] == 0.5
