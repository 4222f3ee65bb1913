"""How the stream is doing, in a few plain verdicts the window can show.

Compares engine figures over the last seconds: frames the render loop could not make in time
(the machine is overloaded) and frames a destination had to drop or reconnects (the network).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

from studio.engine import EngineStats

WARNING_PCT = 1.0
PROBLEM_PCT = 5.0
WINDOW_S = 10.0  # judge the last seconds, not the whole evening
# ...and at least this many of the engine's (a stream from a just-opened engine, as after the
# set-up): two frames dropped as the first connection opens are 2 % of its first three seconds,
# and no sign of a bad network. Going live later, the window holds the preview's seconds too.
MIN_SPAN_S = 5.0


@dataclass(frozen=True)
class Verdict:
    severity: str  # "warning" | "problem"
    code: str  # "cpu_overloaded" | "network_unstable" | "reconnecting"
    percent: float = 0.0


@dataclass(frozen=True)
class _Sample:
    t: float
    frames: int
    repeated: int
    dropped: int


class HealthMonitor:
    def __init__(self, window_s: float = WINDOW_S) -> None:
        self._samples: collections.deque[_Sample] = collections.deque()
        self._window = window_s
        self.lagged_pct = 0.0
        self.dropped_pct = 0.0

    def update(self, stats: EngineStats) -> list[Verdict]:
        dropped = sum(d.frames_dropped for d in stats.destinations)
        if self._samples and stats.elapsed < self._samples[-1].t:
            # A new engine (a canvas change) counts from 0: the old one's figures are no
            # baseline, and kept they would hide every verdict until its clock caught up.
            self._samples.clear()
        self._samples.append(_Sample(stats.elapsed, stats.frames, stats.frames_repeated, dropped))
        while self._samples and stats.elapsed - self._samples[0].t > self._window:
            self._samples.popleft()
        first, last = self._samples[0], self._samples[-1]
        made = last.frames - first.frames
        too_soon = last.t - first.t < MIN_SPAN_S
        if too_soon or made <= 0 or last.frames < first.frames:  # or outputs restarted
            self.lagged_pct = self.dropped_pct = 0.0
        else:
            self.lagged_pct = 100 * max(0, last.repeated - first.repeated) / made
            self.dropped_pct = 100 * max(0, last.dropped - first.dropped) / made
        verdicts = []
        for pct, code in (
            (self.lagged_pct, "cpu_overloaded"),
            (self.dropped_pct, "network_unstable"),
        ):
            if pct >= PROBLEM_PCT:
                verdicts.append(Verdict("problem", code, pct))
            elif pct >= WARNING_PCT:
                verdicts.append(Verdict("warning", code, pct))
        if any(d.state == "reconnecting" for d in stats.destinations):
            verdicts.append(Verdict("problem", "reconnecting"))
        return verdicts
