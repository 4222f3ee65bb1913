"""The relay: a subprocess that publishes one destination.

Why a subprocess: FFmpeg's RTMP output honours no timeout and its connect can hold the GIL, so a
hung or slow server would freeze whichever process publishes. Each destination therefore gets a
relay that reads the encoded stream (NUT container) on stdin and remuxes it to RTMP(S). The parent
watches it and kills it when it stops making progress.

The container it writes follows the URL's scheme (CONTAINERS, one for each of urls.SCHEMES):
FLV for RTMP(S), MPEG-TS for UDP; a file path or file: URL gets the container its extension
names. No SRT: this PyAV's FFmpeg has no SRT protocol built in ("Protocol not found").

Protocol: stdin = one JSON line {"url": ..., "send_buffer": BYTES (optional: the TCP socket's
send buffer), "ca_file": PATH (optional: certificates trusted for rtmps besides the system's)}
(the URL never appears on a command line, where any user could read it), then a NUT byte stream.
An rtmps:// URL is connected through tls_hop: the certificate is verified before FFmpeg starts.
stdout = JSON lines:
  {"event": "live"}                                   connected and publishing
  {"event": "progress", "sent": SECONDS, "bytes": N}  every 0.5 s: media time and bytes sent
  {"event": "error", "reason": R, "detail": TEXT}     then exit; R: a code below or tls_hop's
The URL (with its stream key) is never printed: error details carry errno text only.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import subprocess
import sys
import threading

from studio.broadcast import tls_hop
from studio.child_process import NO_WINDOW, studio_command

REFUSED = "refused"  # nothing listening
REJECTED = "rejected"  # server refused the key or the app
ALREADY_LIVE = "already_live"  # someone already publishes on this key
UNREACHABLE = "unreachable"  # host unknown / no route / TLS failure
LOST = "lost"  # the connection broke after it was up
INPUT_ENDED = "input_ended"  # the parent closed our stdin (normal stop)
FAILED = "failed"  # anything else
# and tls_hop.REASONS (cert_untrusted, cert_expired, cert_wrong_name...): the key was never sent.
TLS_TIMEOUT = 8.0  # connect + handshake; the parent gives up on a silent relay at 10 s

# URL scheme -> the container pushed to it (a UDP receiver expects MPEG-TS). Not listed (a file
# path, file:, anything else): FFmpeg picks it from the name's extension (.flv, .ts...).
CONTAINERS: dict[str, str] = {
    "rtmp": "flv",
    "rtmps": "flv",
    "udp": "mpegts",
}


def url_scheme(url: str) -> str:
    """'rtmp://host/app' -> 'rtmp'; '' for a file path (C:\\shows\\a.flv included)."""
    scheme, sep, _ = url.partition("://")
    return scheme.lower() if sep else ""


def container_for(url: str) -> str | None:
    """The container format to push to `url`; None: FFmpeg guesses it from the name."""
    return CONTAINERS.get(url_scheme(url))


def relay_command() -> list[str]:
    """How to start a relay (and a relay's TLS hop) in this install."""
    return studio_command("_relay", "studio.broadcast.relay")


class Refused(Exception):
    """The relay's TLS hop could not be set up; `reason` is a relay reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def classify(exc: BaseException, was_live: bool) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return REFUSED
    if isinstance(exc, PermissionError):
        return ALREADY_LIVE if not was_live else LOST
    if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
        return LOST
    if isinstance(exc, TimeoutError):  # our TLS connect: no answer in time
        return LOST if was_live else UNREACHABLE
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


class _Arriving:
    """stdin for FFmpeg's reads: what has arrived, up to the size asked. PyAV asks for 32 KB
    at a time, and a plain read waits until all of it is there: a still picture (a slate, a
    dark scene) encodes to a few hundred bytes a second, so the first packet would reach the
    server half a minute late and the destination time out as if it never answered."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        # read1: the bytes already buffered (the header line's read may have taken some),
        # else one read of the pipe, which returns as soon as anything is there.
        return self._stream.read1(size if size > 0 else 65536)


def run() -> int:
    emit = _Emitter()
    header = sys.stdin.buffer.readline()
    try:
        settings = json.loads(header)
        if "hop" in settings:  # this process is another relay's TLS hop
            return run_hop(settings["hop"], emit)
        url = settings["url"]
    except (ValueError, KeyError, TypeError):
        emit(event="error", reason=FAILED, detail="bad relay header")
        return 2

    import av  # here: a TLS hop (above) never needs FFmpeg and answers without loading it

    av.logging.set_level(None)  # FFmpeg logs can name the URL; keep them off
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
    hop = None
    try:
        send_buffer = int(settings.get("send_buffer") or 0)
        fmt = container_for(url)  # the original URL's: the TLS hop's loopback one is rtmp
        if url_scheme(url) == "rtmps":  # before anything: a refusal is quick
            hop, url = _verified_hop(url, settings.get("ca_file"), send_buffer)
        # NUT carries codec parameters in its header: no need to analyse packets before starting.
        source = av.open(
            _Arriving(sys.stdin.buffer),
            "r",
            format="nut",
            options={"probesize": "32", "analyzeduration": "0"},
        )
        options = {}
        if send_buffer:  # SO_SNDBUF of the TCP socket under RTMP(S)
            options["send_buffer_size"] = str(send_buffer)
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
    except Refused as exc:  # rtmps refused before a byte of the key was sent
        done.set()
        emit(event="error", reason=exc.reason, detail=exc.detail)
        return 1
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
        if hop is not None:  # normally gone already: its pipe ended with ours
            try:
                if hop.stdin is not None:
                    hop.stdin.close()  # and if not, this tells it we are done
                hop.wait(2)
            except subprocess.TimeoutExpired:
                hop.kill()


def _verified_hop(url: str, ca_file: str | None, send_buffer: int) -> tuple[subprocess.Popen, str]:
    """Start the TLS hop (a child process), wait for its verdict on the certificate; returns it
    and the loopback URL for FFmpeg. Raises Refused with the hop's reason."""
    tls_hop.parse_rtmps(url)  # a malformed URL fails here, before any process starts
    hop = subprocess.Popen(
        relay_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        creationflags=NO_WINDOW,
    )
    assert hop.stdin is not None and hop.stdout is not None
    # The hop answers within TLS_TIMEOUT or dies; this timer is the backstop for a wedged one.
    backstop = threading.Timer(TLS_TIMEOUT + 2.0, hop.kill)
    backstop.start()
    try:
        request = {"hop": {"url": url, "ca_file": ca_file, "send_buffer": send_buffer}}
        hop.stdin.write(json.dumps(request).encode() + b"\n")
        hop.stdin.flush()
        answer = json.loads(hop.stdout.readline() or b"{}")
    except (OSError, ValueError):
        answer = {}
    finally:
        backstop.cancel()
    if answer.get("event") == "hop" and isinstance(answer.get("url"), str):
        return hop, answer["url"]
    hop.kill()
    hop.wait()
    raise Refused(str(answer.get("reason", UNREACHABLE)), str(answer.get("detail", "no answer")))


def run_hop(settings: dict, emit: _Emitter) -> int:
    """The TLS hop: verify the server, then carry one loopback connection into it.

    Ends when the pipe ends, or when the relay that started it goes away (stdin closes)."""

    def orphaned() -> None:
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()
    try:
        target = tls_hop.parse_rtmps(settings["url"])
        context = tls_hop.trust_context(settings.get("ca_file"))
        hop = tls_hop.TlsHop(target, context, TLS_TIMEOUT, settings.get("send_buffer") or None)
        asyncio.run(hop.serve(lambda url: emit(event="hop", url=url)))
        return 0
    except tls_hop.CertificateProblem as exc:
        emit(event="error", reason=exc.reason, detail=exc.detail)
        return 1
    except Exception as exc:
        emit(event="error", reason=classify(exc, False), detail=describe(exc))
        return 1


if __name__ == "__main__":
    sys.exit(run())
