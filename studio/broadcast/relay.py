"""The relay: a subprocess that publishes one destination.

Why a subprocess: FFmpeg's RTMP output honours no timeout and its connect can hold the GIL, so a
hung or slow server would freeze whichever process publishes. Each destination therefore gets a
relay that reads the encoded stream (NUT container) on stdin and remuxes it to RTMP(S). The parent
watches it and kills it when it stops making progress.

Protocol: stdin = one JSON line {"url": ..., "send_buffer": BYTES (optional: the TCP socket's
send buffer)} (the URL never appears on a command line, where any user could read it), then a
NUT byte stream. stdout = JSON lines:
  {"event": "live"}                                   connected and publishing
  {"event": "progress", "sent": SECONDS, "bytes": N}  every 0.5 s: media time and bytes sent
  {"event": "error", "reason": R, "detail": TEXT}     then exit; R in REASONS below
The URL (with its stream key) is never printed: error details carry errno text only.
"""

from __future__ import annotations

import errno
import json
import sys
import threading

REFUSED = "refused"  # nothing listening
REJECTED = "rejected"  # server refused the key or the app
ALREADY_LIVE = "already_live"  # someone already publishes on this key
UNREACHABLE = "unreachable"  # host unknown / no route / TLS failure
LOST = "lost"  # the connection broke after it was up
INPUT_ENDED = "input_ended"  # the parent closed our stdin (normal stop)
FAILED = "failed"  # anything else


def classify(exc: BaseException, was_live: bool) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return REFUSED
    if isinstance(exc, PermissionError):
        return ALREADY_LIVE if not was_live else LOST
    if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
        return LOST
    code = getattr(exc, "errno", None)
    if was_live:
        return LOST
    if code == errno.EIO:
        return REJECTED
    if code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT, errno.ENOENT):
        return UNREACHABLE
    if code is not None and code < 0:  # FFmpeg's own codes, e.g. name resolution failures
        return UNREACHABLE
    return FAILED


def describe(exc: BaseException) -> str:
    """A readable reason that cannot contain the URL (PyAV puts the filename in str(exc))."""
    strerror = getattr(exc, "strerror", None)
    return strerror or type(exc).__name__


class _Emitter:
    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, **event: object) -> None:
        with self._lock:
            sys.stdout.write(json.dumps(event) + "\n")
            sys.stdout.flush()


def run() -> int:
    import av  # imported here so `python -m` start-up errors are reported as events below

    av.logging.set_level(None)  # FFmpeg logs can name the URL; keep them off
    emit = _Emitter()
    header = sys.stdin.buffer.readline()
    try:
        settings = json.loads(header)
        url = settings["url"]
    except (ValueError, KeyError):
        emit(event="error", reason=FAILED, detail="bad relay header")
        return 2

    sent = {"seconds": 0.0, "bytes": 0}
    live = threading.Event()
    done = threading.Event()

    def heartbeat() -> None:
        while not done.wait(0.5):
            if live.is_set():
                emit(event="progress", sent=sent["seconds"], bytes=sent["bytes"])

    threading.Thread(target=heartbeat, daemon=True).start()
    source = None
    output = None
    try:
        # NUT carries codec parameters in its header: no need to analyse packets before starting.
        source = av.open(
            sys.stdin.buffer,
            "r",
            format="nut",
            options={"probesize": "32", "analyzeduration": "0"},
        )
        fmt = "flv"
        options = {}
        if settings.get("send_buffer"):  # SO_SNDBUF of the TCP socket under RTMP(S)
            options["send_buffer_size"] = str(int(settings["send_buffer"]))
        output = av.open(url, "w", format=fmt, options=options)
        mapping = {s.index: output.add_stream_from_template(s) for s in source.streams}
        for packet in source.demux():
            if packet.size == 0:  # the demuxer's end-of-stream marker
                continue
            if packet.dts is None:  # NUT leaves the first packet's dts unset
                packet.dts = packet.pts
            size = packet.size
            seconds = float(packet.pts * packet.time_base) if packet.pts is not None else 0.0
            packet.stream = mapping[packet.stream.index]
            output.mux(packet)
            if not live.is_set():
                live.set()
                emit(event="live")
            sent["seconds"] = seconds
            sent["bytes"] += size
        done.set()
        output.close()
        emit(event="error", reason=INPUT_ENDED, detail="stream ended")
        return 0
    except Exception as exc:  # every failure becomes one event; the parent decides what to do
        done.set()
        emit(event="error", reason=classify(exc, live.is_set()), detail=describe(exc))
        return 1
    finally:
        for container in (output, source):
            if container is not None:
                try:
                    container.close()
                except Exception:
                    pass


if __name__ == "__main__":
    sys.exit(run())
