"""One streaming destination: a send queue, a relay subprocess and the watchdog that minds it.

Threads (per destination): the writer muxes queued packets into the relay's stdin (NUT); the
listener reads the relay's events; the supervisor (re)starts the relay and kills it when it hangs.
No call here blocks the engine: `put` only appends to a queue.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import av

from studio import redact
from studio.broadcast import relay as relay_events
from studio.broadcast import tls_hop
from studio.broadcast.adaptive import DEFAULT_MIN_KBPS, AdaptiveBitrate, AdaptiveState
from studio.broadcast.encoder import Encoder
from studio.broadcast.output import Output, OutputContext, OutputError, OutputStats
from studio.broadcast.packets import EncodedPacket, KeyframeGate
from studio.broadcast.relay import relay_command
from studio.child_process import NO_WINDOW
from studio.urls import mask_url

log = logging.getLogger(__name__)

CONNECTING, LIVE, RECONNECTING, FAILED, STOPPED = (
    "connecting",
    "live",
    "reconnecting",
    "failed",
    "stopped",
)
CONNECT_TIMEOUT = 10.0  # a server that accepts but never answers the handshake
STALL_TIMEOUT = 10.0  # live, data waiting, nothing sent for this long: the relay is hung
MAX_QUEUE_SECONDS = 3.0  # beyond this much waiting media, drop video a GOP at a time
RETRY_WAITS = (0.0, 1.0, 2.0, 3.0)  # then 3 s between tries: platforms close rooms in 1-2 min
NO_ANSWER = "no_answer"  # our own reason: the relay's connect never finished

# What the user reads when a destination cannot start (the relay's reason -> words).
FAILURE_TEXT = {
    relay_events.REFUSED: "nothing is listening at the server address (connection refused)",
    relay_events.REJECTED: "the server refused the stream key or the app name",
    relay_events.ALREADY_LIVE: "this stream key is already live from another encoder",
    relay_events.UNREACHABLE: "the server cannot be reached (check the address and network)",
    relay_events.FAILED: "the stream could not be started",
    NO_ANSWER: "the server accepted the connection but did not answer within 10 s",
    # rtmps: the relay checked the certificate and sent nothing (the stream key stayed here)
    tls_hop.CERT_UNTRUSTED: "the server's certificate is not trusted (self-signed or from an "
    "unknown authority); the stream key was not sent",
    tls_hop.CERT_EXPIRED: "the server's certificate has expired; the stream key was not sent",
    tls_hop.CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the PC's "
    "clock); the stream key was not sent",
    tls_hop.CERT_WRONG_NAME: "the server's certificate is for another server name; the stream "
    "key was not sent",
    tls_hop.CERT_FILE_UNREADABLE: "the trusted certificate file for this destination cannot be "
    "read; the stream key was not sent",
    tls_hop.TLS_FAILED: "the secure (TLS) connection to the server failed; the stream key was "
    "not sent",
}
# A certificate problem is never retried, not even after the destination was live: what answers
# now is not the server we trust.
NEVER_RETRIED = frozenset(tls_hop.REASONS)


@dataclass
class DestinationStats(OutputStats):
    reason: str | None  # why it failed or reconnects: a relay reason code, "lost", or None
    bitrate_kbps: float
    queue_seconds: float
    frames_dropped: int
    reconnects: int
    bytes_sent: int
    # Adaptive bitrate: "on", "off" (not wanted) or "unavailable" (the encoder cannot change
    # its rate live); the video bitrate this destination can carry now; below the configured?
    adaptive: str = "off"
    target_kbps: int | None = None
    adapting: bool = False
    # Resolution steps: the share of the canvas size the shared encode's picture keeps now (the
    # engine fills it in; below 1.0 when adaptive links sat at their floor and congested).
    detail: float = 1.0


class _PipeWriter:
    """File object for PyAV's NUT muxer that writes straight into the relay's stdin."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        return len(data)

    def flush(self) -> None:
        pass


class Destination(Output):
    """The "destination" output: one push URL. Settings: {"name", "url"; optional "adaptive"
    (True), "min_kbps", "ca_file" (rtmps: certificates trusted besides the system's)}."""

    def __init__(
        self,
        name: str,
        url: str,
        encoder: Encoder,
        masked_url: str,
        adaptive: bool = True,
        min_kbps: int = DEFAULT_MIN_KBPS,
        ca_file: str | None = None,
    ) -> None:
        self.name = name
        self._url = url  # contains the stream key: never logged or shown
        redact.remember_url(url)  # masked wherever it might turn up
        self._ca_file = ca_file  # rtmps: certificates trusted besides the system's
        self.masked_url = masked_url
        self._encoder = encoder
        self.state = CONNECTING
        self.message: str | None = None
        self.reason: str | None = None
        self.frames_dropped = 0
        self.reconnects = 0
        self._was_live = False
        self._queue: collections.deque[EncodedPacket] = collections.deque()
        self._cond = threading.Condition()
        self._stopping = False
        self._proc: subprocess.Popen | None = None
        self._bytes_base = 0  # bytes sent by earlier relays of this destination
        self._progress_at = 0.0  # monotonic time the relay's sent position last advanced
        self._sent_seconds = -1.0
        self._bytes_sent = 0
        self._rate_window: collections.deque[tuple[float, int]] = collections.deque(maxlen=8)
        self._relay_lock = threading.Lock()
        self._retry_now = threading.Event()
        self._restart_lock = threading.Lock()  # one new supervisor per "reconnect now" click
        self._abr = AdaptiveBitrate(encoder.cfg.bitrate_kbps, min_kbps) if adaptive else None
        self.adaptive_unavailable = adaptive and not encoder.can_adapt
        self._supervisor = threading.Thread(
            target=self._supervise, name=f"dest:{name}", daemon=True
        )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], context: OutputContext) -> Destination:
        url = settings.get("url")
        if not isinstance(url, str) or not url.strip():
            raise OutputError("a destination needs a push URL")
        return cls(
            str(settings.get("name", mask_url(url))),
            url,
            context.encoder,
            mask_url(url),
            adaptive=bool(settings.get("adaptive", True)),
            min_kbps=int(settings.get("min_kbps", DEFAULT_MIN_KBPS)),
            ca_file=settings.get("ca_file"),
        )

    # --- engine side ---
    def start(self) -> None:
        self._supervisor.start()

    def put(self, packet: EncodedPacket) -> None:
        with self._cond:
            if self.state in (FAILED, STOPPED):
                return
            self._queue.append(packet)
            if self.state != LIVE:
                self._keep_latest_gop()
            elif self._queued_seconds() > MAX_QUEUE_SECONDS:
                self._drop_oldest_gop()
            self._cond.notify()

    def reconnect_now(self) -> None:
        """User asked to retry at once: kill the current relay, skip the wait. A destination
        that gave up (failed) starts trying again, the others streaming on untouched."""
        with self._restart_lock:
            if self.state == FAILED and not self._stopping and not self._supervisor.is_alive():
                self.state = CONNECTING
                self.message = self.reason = None
                self.reconnects += 1
                self._supervisor = threading.Thread(
                    target=self._supervise, name=f"dest:{self.name}", daemon=True
                )
                self._supervisor.start()
                return
        self._retry_now.set()
        self._kill_relay()

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._retry_now.set()
        if self._supervisor.is_alive():
            self._supervisor.join(timeout)
        self._kill_relay()
        if self.state != FAILED:
            self.state = STOPPED

    def stats(self) -> DestinationStats:
        with self._cond:
            queued = self._queued_seconds()
        rate = 0.0
        if len(self._rate_window) >= 2:
            (t0, b0), (t1, b1) = self._rate_window[0], self._rate_window[-1]
            if t1 > t0:
                rate = (b1 - b0) * 8 / 1000 / (t1 - t0)
        return DestinationStats(
            self.name,
            self.state,
            self.message,
            self.reason,
            rate,
            queued,
            self.frames_dropped,
            self.reconnects,
            self._bytes_sent,
            adaptive="off"
            if self._abr is None
            else "unavailable"
            if self.adaptive_unavailable
            else "on",
            target_kbps=self._abr.target_kbps if self._abr else None,
            adapting=bool(self._abr and self._abr.adapting),
        )

    def send_kbps(self, window: float = 2.0) -> float:
        """Throughput the relay achieved over about the last `window` seconds (kbps, all
        streams: video and audio)."""
        points = list(self._rate_window)
        if len(points) < 2:
            return 0.0
        t1, b1 = points[-1]
        t0, b0 = next(((t, b) for t, b in points if t1 - t >= window - 0.25), points[0])
        return (b1 - b0) * 8 / 1000 / (t1 - t0) if t1 > t0 else 0.0

    def adapt(self, now: float) -> int | None:
        """Feed the adaptive controller (about once a second): the video bitrate this destination
        can carry, or None when it sets no limit (adaptive off, not connected yet)."""
        abr = self._abr
        if abr is None or self.adaptive_unavailable:
            return None
        if self.state != LIVE:
            abr.reset()
            return abr.target_kbps if self._was_live else None
        with self._cond:
            queued = self._queued_seconds()
        audio = self._encoder.cfg.audio_bitrate_kbps
        video_kbps = max(0.0, self.send_kbps() - audio)
        return abr.update(now, queued, video_kbps, self._encoder.bitrate_kbps)

    def link_state(self) -> AdaptiveState | None:
        """What adaptive bitrate made of this link at its last `adapt`, for the resolution steps:
        None when it has no say (adaptive off or unavailable, not live)."""
        abr = self._abr
        if abr is None or self.adaptive_unavailable or self.state != LIVE:
            return None
        return abr.state()

    @property
    def adaptive_wanted(self) -> bool:
        """Adaptive and still trying to be live (not failed or stopped)."""
        return (
            self._abr is not None
            and not self.adaptive_unavailable
            and self.state not in (FAILED, STOPPED)
        )

    # --- queue policy (called with self._cond held) ---
    def _queued_seconds(self) -> float:
        if not self._queue:
            return 0.0
        return max(0.0, self._queue[-1].media_time - self._queue[0].media_time)

    def _keep_latest_gop(self) -> None:
        """While not connected, frames go to the recording, not to a growing queue: keep only
        what starts at the latest keyframe so a new connection begins at once."""
        for i in range(len(self._queue) - 1, -1, -1):
            p = self._queue[i]
            if p.kind == "video" and p.keyframe:
                for _ in range(i):
                    self._queue.popleft()
                return

    def _drop_oldest_gop(self) -> None:
        """Congested: drop video up to the next keyframe (audio stays, so sound never gaps)."""
        kept: collections.deque[EncodedPacket] = collections.deque()
        dropping = True
        seen_first = False
        for p in self._queue:
            if p.kind == "video":
                if p.keyframe and seen_first:
                    dropping = False
                seen_first = True
                if dropping:
                    self.frames_dropped += 1
                    continue
            kept.append(p)
        self._queue = kept

    # --- relay lifecycle ---
    def _supervise(self) -> None:
        attempt = 0
        while not self._stopping:
            outcome = self._run_relay_once()
            if self._stopping:
                break
            if outcome in NEVER_RETRIED or (outcome in FAILURE_TEXT and not self._was_live):
                self.state = FAILED
                self.message = FAILURE_TEXT[outcome]
                self.reason = outcome
                log.warning("destination %s (%s) failed: %s", self.name, self.masked_url, outcome)
                with self._cond:
                    self._queue.clear()
                return
            self.state = RECONNECTING
            self.message = "connection lost, reconnecting"
            self.reason = "lost"
            wait = RETRY_WAITS[min(attempt, len(RETRY_WAITS) - 1)]
            attempt += 1
            self._retry_now.clear()
            self._retry_now.wait(wait)
            if not self._stopping:
                self.reconnects += 1
        if self.state != FAILED:
            self.state = STOPPED

    def _run_relay_once(self) -> str:
        """Start a relay, feed it until it ends or hangs; returns the reason it ended."""
        proc = subprocess.Popen(
            relay_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            creationflags=NO_WINDOW,
        )
        with self._relay_lock:
            self._proc = proc
        assert proc.stdin is not None and proc.stdout is not None
        outcome: dict[str, str] = {}
        listener = threading.Thread(target=self._listen, args=(proc, outcome), daemon=True)
        listener.start()
        self._bytes_base = self._bytes_sent
        started = time.monotonic()
        self._progress_at = started
        self._sent_seconds = -1.0
        writer = threading.Thread(
            target=self._write, args=(proc,), name=f"send:{self.name}", daemon=True
        )
        try:
            # A small socket send buffer (about half a second of the configured rate) keeps the
            # backlog in our queue, where congestion is measured, instead of in the kernel.
            kbps = self._encoder.cfg.bitrate_kbps + self._encoder.cfg.audio_bitrate_kbps
            send_buffer = max(65536, kbps * 1000 // 8 // 2)
            header = {"url": self._url, "send_buffer": send_buffer, "ca_file": self._ca_file}
            proc.stdin.write(json.dumps(header).encode() + b"\n")
        except OSError:
            pass
        writer.start()
        while proc.poll() is None and not self._stopping:
            time.sleep(0.1)
            now = time.monotonic()
            if self.state != LIVE and now - started > CONNECT_TIMEOUT:
                outcome.setdefault("reason", NO_ANSWER if not self._was_live else relay_events.LOST)
                break
            if self.state == LIVE and self._queue and now - self._progress_at > STALL_TIMEOUT:
                log.warning("destination %s: relay stalled, restarting it", self.name)
                outcome.setdefault("reason", relay_events.LOST)
                break
        with self._cond:
            self._cond.notify_all()
        if self._stopping and proc.poll() is None:
            self._close_relay_gracefully(proc)
        self._kill_relay()
        listener.join(2)
        writer.join(2)
        return outcome.get("reason", relay_events.LOST)

    def _close_relay_gracefully(self, proc: subprocess.Popen) -> None:
        """Normal stop: let the writer finish, close stdin so the relay flushes and exits."""
        deadline = time.monotonic() + 3.0
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)

    def _kill_relay(self) -> None:
        with self._relay_lock:
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def _listen(self, proc: subprocess.Popen, outcome: dict[str, str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            kind = event.get("event")
            if kind == "live":
                self.state = LIVE
                self.message = None
                self.reason = None
                self._was_live = True
                self._progress_at = time.monotonic()
            elif kind == "progress":
                now = time.monotonic()
                if event.get("sent", 0.0) != self._sent_seconds:
                    self._sent_seconds = event.get("sent", 0.0)
                    self._progress_at = now
                self._bytes_sent = self._bytes_base + int(event.get("bytes", 0))
                self._rate_window.append((now, self._bytes_sent))
            elif kind == "error":
                outcome.setdefault("reason", str(event.get("reason", relay_events.FAILED)))

    def _write(self, proc: subprocess.Popen) -> None:
        """Mux queued packets into the relay's stdin, starting at a keyframe."""
        assert proc.stdin is not None
        gate = KeyframeGate()
        container = None
        try:
            container = av.open(
                _PipeWriter(proc.stdin.fileno()), "w", format="nut", options={"flush_packets": "1"}
            )
            video, audio = self._encoder.add_streams_to(container)
            while True:
                with self._cond:
                    while not self._queue and not self._stopping and proc.poll() is None:
                        self._cond.wait(0.5)
                    if proc.poll() is not None:
                        return
                    if not self._queue and self._stopping:
                        break
                    packet = self._queue.popleft()
                rebased = gate.admit(packet)
                if rebased is None:
                    continue
                container.mux(rebased.to_av(video if rebased.kind == "video" else audio))
        except (OSError, av.FFmpegError, ValueError):
            pass  # the relay died or was killed: the supervisor sees it and decides
        finally:
            if container is not None:
                try:
                    container.close()
                except (OSError, av.FFmpegError, ValueError):
                    pass
            try:
                proc.stdin.close()
            except OSError:
                pass
