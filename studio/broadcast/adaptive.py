"""Adaptive bitrate for one destination: pure decision logic, no threads, no I/O.

Fed about once a second with what the destination measured (media time waiting in its send queue,
the throughput the relay achieved) it decides the video bitrate that destination can carry. The
engine encodes once for every output, so it applies the lowest target of all adaptive
destinations to the encoder.

Policy (after OBS Studio's dynamic bitrate): congestion is a send queue over 200 ms that is not
shrinking, or a queue over a second whatever it does. Then the target drops at once to 80 % of the
measured throughput (less while the queue keeps growing), never below the platform's floor. When
the queue stays near empty the target climbs back by 10 % every 4 s, up to the configured bitrate.
A drop also blocks climbing for a while, and the throughput measured when congestion struck caps
the climb for 20 s, so a steady weak link does not make the target saw up and down.

Below the floor the bitrate stays put and the picture loses detail instead (`DetailSteps`): the
engine scales the canvas down and back up before encoding, so the declared resolution never
changes mid-stream (many platforms' players break on that) while x264 gets a softer picture that
looks far better at the same low bitrate.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MIN_KBPS = 500  # floor when the platform names none (720p stays watchable)
TRIGGER_QUEUE_S = 0.2  # queued media that starts congestion checks
SEVERE_QUEUE_S = 1.0  # queued media that lowers the bitrate even while it shrinks
CLEAR_QUEUE_S = 0.1  # at or below this the link is clear enough to climb
DROP_FACTOR = 0.8  # new target = measured throughput x this
MIN_DROP_INTERVAL_S = 2.0  # let a drop take effect (the queue drains) before the next one
RECOVER_STEP = 1.10  # +10 % ...
RECOVER_INTERVAL_S = 4.0  # ... every 4 s of clear link
HOLD_AFTER_DROP_S = 8.0  # no climbing this long after a drop
CEILING_MARGIN = 0.9  # climb to this share of the throughput measured at the last congestion...
CEILING_HOLD_S = 20.0  # ... for this long; then probe higher again

# Resolution steps ("detail"), once the bitrate sits at the floor.
DETAIL_STEPS = (1.0, 0.75, 0.5)  # share of the canvas size the picture is softened to
DETAIL_DOWN_AFTER_S = 4.0  # a link at its floor and congested this long: one step down
DETAIL_DOWN_INTERVAL_S = 6.0  # at most one step down this often
DETAIL_UP_AFTER_S = 10.0  # every link comfortable this long: one step up ...
DETAIL_UP_INTERVAL_S = 10.0  # ... at most this often
DETAIL_UP_MARGIN = 1.5  # comfortable: target at least this many times the floor
DETAIL_GRACE_S = 2.0  # one clean sample (a GOP dropped, the queue shrank) keeps the down timer


@dataclass(frozen=True)
class AdaptiveState:
    target_kbps: int
    adapting: bool  # the target is below the configured bitrate
    congested: bool  # the last sample showed congestion
    min_kbps: int = DEFAULT_MIN_KBPS  # the floor

    @property
    def starved(self) -> bool:
        """At the floor and still congested: lowering the bitrate cannot help any more."""
        return self.congested and self.target_kbps <= self.min_kbps

    @property
    def comfortable(self) -> bool:
        """Clearly above the floor and not congested: room for more detail."""
        return not self.congested and self.target_kbps >= self.min_kbps * DETAIL_UP_MARGIN


class AdaptiveBitrate:
    """Per-destination controller. Call `update(now, queued_s, send_kbps)` about once a second;
    it returns the target bitrate (kbps) the destination can carry."""

    def __init__(self, max_kbps: int, min_kbps: int = DEFAULT_MIN_KBPS) -> None:
        if max_kbps <= 0:
            raise ValueError("max_kbps must be positive")
        self.max_kbps = int(max_kbps)
        self.min_kbps = max(1, min(int(min_kbps), self.max_kbps))
        self.target_kbps = self.max_kbps
        self.congested = False
        self._last_queue: float | None = None
        self._last_drop = float("-inf")
        self._clear_since: float | None = None
        self._last_step = float("-inf")
        self._ceiling: float | None = None  # throughput seen at the last congestion (kbps)
        self.drops = 0

    @property
    def adapting(self) -> bool:
        return self.target_kbps < self.max_kbps

    def state(self) -> AdaptiveState:
        return AdaptiveState(self.target_kbps, self.adapting, self.congested, self.min_kbps)

    def reset(self) -> None:
        """A new connection: start again from the configured bitrate's history, keep the target
        (the link that just failed is probably still weak)."""
        self._last_queue = None
        self._clear_since = None

    def update(
        self, now: float, queued_s: float, send_kbps: float, current_kbps: float | None = None
    ) -> int:
        """`current_kbps`: what the encoder produces now (defaults to the target)."""
        current = float(current_kbps) if current_kbps else float(self.target_kbps)
        previous = self._last_queue
        self._last_queue = queued_s
        growing = previous is not None and queued_s > previous + 0.02
        shrinking = previous is not None and queued_s < previous - 0.05
        congested = (queued_s > TRIGGER_QUEUE_S and not shrinking) or queued_s > SEVERE_QUEUE_S
        self.congested = congested
        if congested:
            self._clear_since = None
            if now - self._last_drop >= MIN_DROP_INTERVAL_S or (
                growing and queued_s > SEVERE_QUEUE_S and now - self._last_drop >= 1.0
            ):
                self._drop(now, queued_s, send_kbps, current)
            return self.target_kbps
        if queued_s > CLEAR_QUEUE_S:
            self._clear_since = None
            return self.target_kbps
        if self._clear_since is None:
            self._clear_since = now
        if (
            self.target_kbps < self.max_kbps
            and now - self._last_drop >= HOLD_AFTER_DROP_S
            and now - self._clear_since >= RECOVER_INTERVAL_S
            and now - self._last_step >= RECOVER_INTERVAL_S
        ):
            limit = float(self.max_kbps)
            if self._ceiling is not None and now - self._last_drop < CEILING_HOLD_S:
                limit = min(limit, max(self.min_kbps, self._ceiling * CEILING_MARGIN))
            step = max(self.target_kbps + 1, round(self.target_kbps * RECOVER_STEP))
            new = int(min(limit, step))
            if new > self.target_kbps:
                self.target_kbps = new
                self._last_step = now
        return self.target_kbps

    def _drop(self, now: float, queued_s: float, send_kbps: float, current: float) -> None:
        if send_kbps > 0:
            self._ceiling = send_kbps
            wanted = send_kbps * DROP_FACTOR
            if queued_s > SEVERE_QUEUE_S:
                # Also drain what waits: aim to empty the backlog over about 4 s.
                wanted -= current * (queued_s - TRIGGER_QUEUE_S) / 4.0 * DROP_FACTOR
        else:
            wanted = current * 0.5  # nothing got through: halve
        wanted = min(wanted, self.target_kbps * 0.9)  # a drop always lowers
        new = max(self.min_kbps, int(wanted))
        if new < self.target_kbps:
            self.target_kbps = new
            self.drops += 1
        self._last_drop = now
        self._last_step = now


class DetailSteps:
    """Resolution steps for the one encode: pure logic, fed about once a second with the state
    of every live adaptive destination. `detail` is the share of the canvas size the picture is
    softened to (1.0, 0.75, 0.5; never lower).

    Steps down when some link has sat at its floor and congested for `DETAIL_DOWN_AFTER_S`
    (at most one step per `DETAIL_DOWN_INTERVAL_S`); steps back up when every link has been
    comfortably above its floor and clear for `DETAIL_UP_AFTER_S` (one step per
    `DETAIL_UP_INTERVAL_S`). Anything in between (a link at the floor that carries it) holds,
    so a steady link at the floor never makes the detail oscillate."""

    def __init__(self) -> None:
        self._index = 0
        self._starved_since: float | None = None
        self._last_starved = float("-inf")
        self._comfortable_since: float | None = None
        self._last_change = float("-inf")
        self.steps_down = 0

    @property
    def detail(self) -> float:
        return DETAIL_STEPS[self._index]

    def reset(self) -> None:
        """No adaptive link left to protect: full detail at once."""
        self._index = 0
        self._starved_since = None
        self._comfortable_since = None

    def hold(self) -> None:
        """No verdict this time (links reconnecting): keep the detail, restart both timers."""
        self._starved_since = None
        self._comfortable_since = None

    def update(self, now: float, links: list[AdaptiveState]) -> float:
        if not links:
            self.hold()
            return self.detail
        if any(link.starved for link in links):
            self._comfortable_since = None
            if self._starved_since is None or now - self._last_starved > DETAIL_GRACE_S:
                self._starved_since = now
            self._last_starved = now
            if (
                self._index < len(DETAIL_STEPS) - 1
                and now - self._starved_since >= DETAIL_DOWN_AFTER_S
                and now - self._last_change >= DETAIL_DOWN_INTERVAL_S
            ):
                self._index += 1
                self._last_change = now
                self.steps_down += 1
        elif all(link.comfortable for link in links):
            if self._comfortable_since is None:
                self._comfortable_since = now
            if (
                self._index > 0
                and now - self._comfortable_since >= DETAIL_UP_AFTER_S
                and now - self._last_change >= DETAIL_UP_INTERVAL_S
            ):
                self._index -= 1
                self._last_change = now
        else:
            self._comfortable_since = None
        return self.detail
