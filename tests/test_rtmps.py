"""`studio stream` to rtmps:// destinations: a real TLS server (nginx stream module in front of
nginx-rtmp, self-signed certificate) and the recording it made read back.

The studio verifies the server's certificate itself (FFmpeg's rtmps does not): these runs trust
the test certificate through SSL_CERT_FILE. tests/test_rtmps_verify.py covers refusals.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from media import audio_info, count_video_frames, video_info
from servers import RtmpServer
from streaming import assert_clean_error, studio

KEY = "testkey"


@pytest.fixture
def rtmp_server(tmp_path: Path) -> Iterator[RtmpServer]:
    """An nginx-rtmp that also takes RTMPS; named like conftest's so failures show its logs."""
    server = RtmpServer(keys=[KEY], directory=tmp_path / "nginx", tls=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_tls_port_speaks_tls_with_our_certificate(rtmp_server: RtmpServer):
    assert rtmp_server.tls_url(KEY) == f"rtmps://127.0.0.1:{rtmp_server.tls_port}/live/{KEY}"
    assert rtmp_server.tls_port not in (rtmp_server.port, rtmp_server.http_port)
    context = ssl.create_default_context(cafile=rtmp_server.tls_cert)  # verifies chain + IP
    with (
        socket.create_connection(("127.0.0.1", rtmp_server.tls_port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_restart_keeps_tls_port_and_certificate(rtmp_server: RtmpServer):
    ports = (rtmp_server.port, rtmp_server.http_port, rtmp_server.tls_port)
    cert = rtmp_server.tls_cert.read_bytes()
    rtmp_server.restart()
    assert (rtmp_server.port, rtmp_server.http_port, rtmp_server.tls_port) == ports
    assert rtmp_server.tls_cert.read_bytes() == cert


@pytest.mark.slow
def test_portrait_push_over_rtmps(rtmp_server: RtmpServer):
    run = studio(
        "stream", "--to", rtmp_server.tls_url(KEY), "--canvas", "720x1280", "--duration", "5",
        env={"SSL_CERT_FILE": str(rtmp_server.tls_cert)},
    )  # fmt: skip
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output
    assert KEY not in run.output  # the stream key is never printed
    assert rtmp_server.published_keys() == [KEY]
    received = rtmp_server.recorded(KEY)
    video = video_info(received)
    assert (video["codec"], video["width"], video["height"]) == ("h264", 720, 1280)
    assert count_video_frames(received) >= 4 * 30
    audio = audio_info(received)
    assert (audio["codec"], audio["sample_rate"]) == ("aac", 48000)


def test_wrong_key_over_rtmps_is_refused_clearly(rtmp_server: RtmpServer):
    secret = "wrongkey123"
    run = studio(
        "stream", "--to", rtmp_server.tls_url(secret), "--canvas", "720x1280", "--duration", "4",
        env={"SSL_CERT_FILE": str(rtmp_server.tls_cert)},
    )  # fmt: skip
    assert run.returncode == 1, run.output
    assert "refused the stream key" in run.stderr
    assert secret not in run.output
    assert_clean_error(run)
    assert rtmp_server.rejected_keys() == [secret]
