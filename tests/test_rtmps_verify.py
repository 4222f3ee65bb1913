"""rtmps:// destinations verify the server before the stream key leaves (issue: nothing leaks).

Real nginx: its stream module terminates TLS in front of nginx-rtmp, with a self-signed, an
expired or a wrong-name certificate. Refused: the destination fails with the certificate's
problem in words, nginx never sees a publish, the other destinations and the recording go on.
Trusted (SSL_CERT_FILE or a destination's own certificate file): live, and the server sees the
real rtmps:// tcUrl although FFmpeg published through our loopback hop.
"""

from __future__ import annotations

import random
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from media import count_video_frames
from servers import RtmpServer
from streaming import assert_clean_error, studio

from studio.broadcast.rtmp_connect import ConnectRewriter, amf_string, padded_loopback
from studio.broadcast.tls_hop import ffmpeg_app, parse_rtmps

KEY = "verifykey"


@pytest.fixture
def tls_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RtmpServer]:
    options = getattr(request, "param", {})
    server = RtmpServer(keys=[KEY], directory=tmp_path / "tls-nginx", tls=True, **options)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _stream(server: RtmpServer, *extra: str, env: dict | None = None, seconds: int = 4):
    started = time.monotonic()
    run = studio(
        "stream", "--to", server.tls_url(KEY), "--canvas", "360x640", "--bitrate", "600",
        "--duration", str(seconds), *extra, env={"SSL_CERT_FILE": None, **(env or {})},
    )  # fmt: skip
    return run, time.monotonic() - started


def _assert_refused(run, server: RtmpServer, words: str, elapsed: float) -> None:
    assert run.returncode == 1, run.output
    assert words in run.stderr, run.stderr
    assert "the stream key was not sent" in run.stderr
    assert KEY not in run.output
    assert_clean_error(run)
    assert elapsed < 10, f"took {elapsed:.1f} s to refuse"
    # nginx-rtmp never got as far as a publish (or even a connect): no on_publish at all.
    assert server.events() == []


def test_self_signed_certificate_is_refused_before_the_key_is_sent(tls_server: RtmpServer):
    run, elapsed = _stream(tls_server)
    _assert_refused(run, tls_server, "certificate is not trusted", elapsed)


@pytest.mark.parametrize("tls_server", [{"tls_expired": True}], indirect=True)
def test_expired_certificate_is_refused_even_when_trusted(tls_server: RtmpServer):
    run, elapsed = _stream(tls_server, env={"SSL_CERT_FILE": str(tls_server.tls_cert)})
    _assert_refused(run, tls_server, "certificate has expired", elapsed)


@pytest.mark.parametrize("tls_server", [{"tls_name": "shop.example"}], indirect=True)
def test_certificate_for_another_name_is_refused_even_when_trusted(tls_server: RtmpServer):
    run, elapsed = _stream(tls_server, env={"SSL_CERT_FILE": str(tls_server.tls_cert)})
    _assert_refused(run, tls_server, "certificate is for another server name", elapsed)


def test_trusted_through_ssl_cert_file_goes_live_with_the_real_tc_url(tls_server: RtmpServer):
    run, _ = _stream(tls_server, env={"SSL_CERT_FILE": str(tls_server.tls_cert)})
    assert run.returncode == 0, run.output
    assert KEY not in run.output
    assert tls_server.published_keys() == [KEY]
    publish = next(e for e in tls_server.events() if e.call == "publish")
    assert publish.tc_url == f"rtmps://127.0.0.1:{tls_server.tls_port}/live"
    assert count_video_frames(tls_server.recorded(KEY)) >= 3 * 30


@pytest.mark.slow
def test_untrusted_destination_fails_while_the_others_and_the_recording_go_on(
    tls_server: RtmpServer, rtmp_server: RtmpServer, tmp_path: Path
):
    record = tmp_path / "show.mkv"
    run, _ = _stream(
        tls_server, "--to", rtmp_server.url("testkey"), "--record", str(record), seconds=5
    )
    assert run.returncode == 1, run.output  # one destination failed: said, and the exit code
    assert "certificate is not trusted" in run.stderr
    assert tls_server.events() == []
    assert rtmp_server.published_keys() == ["testkey"]
    assert count_video_frames(rtmp_server.recorded("testkey")) >= 4 * 30
    assert count_video_frames(record) >= 4 * 30


def test_a_destinations_own_certificate_file_is_trusted(tls_server: RtmpServer):
    from studio.broadcast.encoder import EncoderConfig
    from studio.engine import DestinationSpec, Engine, EngineConfig
    from studio.profile import LayerSettings

    cfg = EncoderConfig(width=320, height=240, fps=30, bitrate_kbps=500, preset="ultrafast")
    layers = [LayerSettings(name="p", source="synthetic")]
    trusted = DestinationSpec("own", tls_server.tls_url(KEY), ca_file=str(tls_server.tls_cert))
    engine = Engine(EngineConfig(cfg, layers, destinations=[trusted]))
    engine.start()
    try:
        tls_server.wait_published(KEY)
        deadline = time.monotonic() + 10
        while engine.destinations[0].state != "live":
            assert time.monotonic() < deadline, engine.destinations[0].message
            time.sleep(0.05)
    finally:
        engine.stop()
    assert tls_server.published_keys() == [KEY]


def test_an_unreadable_certificate_file_is_said_and_nothing_sent(
    tls_server: RtmpServer, tmp_path: Path
):
    from studio.broadcast.destination import Destination
    from studio.broadcast.encoder import Encoder, EncoderConfig

    bogus = tmp_path / "not-a-cert.pem"
    bogus.write_text("hello")
    cfg = EncoderConfig(width=320, height=240, fps=30, bitrate_kbps=500, preset="ultrafast")
    dest = Destination("own", tls_server.tls_url(KEY), Encoder(cfg), "masked", ca_file=str(bogus))
    dest.start()
    try:
        deadline = time.monotonic() + 10
        while dest.state != "failed":
            assert time.monotonic() < deadline, dest.state
            time.sleep(0.05)
    finally:
        dest.stop()
    assert dest.reason == "cert_file_unreadable"
    assert "certificate file" in (dest.message or "")
    assert tls_server.events() == []


# --- the connect rewrite, byte for byte ---


def _connect_message(tc_url: str, flash_ver: str = "FMLE/3.0 (compatible; Lavf62.3.100)") -> bytes:
    """A connect command as FFmpeg writes it, cut into 128-byte chunks on chunk stream 3."""

    def field(name: str, value: str) -> bytes:
        return struct.pack(">H", len(name)) + name.encode() + amf_string(value.encode())

    body = (
        amf_string(b"connect")
        + b"\x00"
        + struct.pack(">d", 1.0)
        + b"\x03"
        + field("app", "live")
        + field("type", "nonprivate")
        + field("flashVer", flash_ver)
        + field("tcUrl", tc_url)
        + b"\x00\x00\x09"
    )
    header = b"\x03" + b"\x00\x00\x00" + len(body).to_bytes(3, "big") + b"\x14" + b"\x00" * 4
    out, rest = bytearray(header + body[:128]), body[128:]
    while rest:
        out += b"\xc3" + rest[:128]
        rest = rest[128:]
    return bytes(out)


@pytest.mark.parametrize("host", ["push-rtmp-l1.douyincdn.example", "1.2.3.4"])
def test_connect_rewrite_keeps_every_byte_but_the_tc_url(host: str):
    target = parse_rtmps(f"rtmps://{host}/live/KEY?sign=abc&expire=1")
    url, sent = target.loopback(40000)
    assert url.endswith("/live/KEY?sign=abc&expire=1")
    assert len(sent) == len(target.tc_url) or host == "1.2.3.4"  # an IP is shorter: padded
    handshake = bytes(random.Random(1).randrange(256) for _ in range(3073))
    publish = b"\x04after the connect, untouched"
    stream = handshake + _connect_message(sent) + publish
    rewriter = ConnectRewriter(sent, target.tc_url)
    rng = random.Random(7)
    out, at = bytearray(), 0
    while at < len(stream):  # arbitrary TCP segment boundaries
        step = rng.randrange(1, 300)
        out += rewriter.feed(stream[at : at + step])
        at += step
    assert rewriter.rewritten and rewriter.done
    assert len(out) == len(stream)
    assert out.startswith(handshake) and out.endswith(publish)
    expected_flash = "FMLE/3.0 (compatible; Lavf62.3.100)" + " " * (len(sent) - len(target.tc_url))
    assert bytes(out) == handshake + _connect_message(target.tc_url, expected_flash) + publish


def test_padded_loopback_is_still_loopback():
    import socket

    padded = padded_loopback(40000, 30)
    assert len(padded) == 30
    assert socket.gethostbyname(padded.rpartition(":")[0]) == "127.0.0.1"


@pytest.mark.parametrize(
    ("path", "app"),
    [
        ("/live/key", "live"),
        ("/live/key?sign=a/b", "live/key?sign=a"),  # FFmpeg's own reading, kept as is
        ("/a/b/c", "a/b"),
        ("/app/inst:key/x", "app"),
        ("/ondemand/x", "ondemand"),
        ("/solo", "solo"),
    ],
)
def test_app_name_is_read_as_ffmpeg_reads_it(path: str, app: str):
    assert ffmpeg_app(path) == app
