"""The test servers are real: publish with Debian's ffmpeg and PyAV, read back what arrived."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import subprocess
from fractions import Fraction

import av
import numpy as np
import pytest
from media import (
    audio_info,
    duration,
    ffmpeg_publisher,
    keyframe_times,
    probe,
    video_info,
)
from servers import RtmpServer, free_port


def _finish(pub: subprocess.Popen[str], timeout: float = 20.0) -> tuple[int, str]:
    try:
        _, err = pub.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        pub.kill()
        _, err = pub.communicate()
        raise AssertionError(f"ffmpeg publisher still running after {timeout} s: {err}") from None
    return pub.returncode, err


@contextlib.contextmanager
def _publishing(url: str, seconds: float):
    """An ffmpeg publisher that is killed on the way out whatever happens."""
    pub = ffmpeg_publisher(url, seconds)
    try:
        yield pub
    finally:
        if pub.poll() is None:
            pub.kill()
        pub.communicate()


def _refused(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _pyav_publish_one_frame(url: str) -> None:
    """Open an FLV output on `url` and mux one H.264 packet: the first mux connects."""
    out = av.open(url, "w", format="flv")
    try:
        v = out.add_stream("libx264", rate=30)
        v.width, v.height, v.pix_fmt = 160, 120, "yuv420p"
        v.options = {"preset": "ultrafast", "tune": "zerolatency"}  # a packet per frame
        frame = av.VideoFrame.from_ndarray(np.zeros((120, 160, 3), np.uint8), format="rgb24")
        frame.pts, frame.time_base = 0, Fraction(1, 30)
        for packet in v.encode(frame):
            out.mux(packet)
    finally:
        with contextlib.suppress(OSError):
            out.close()


def test_good_key_is_live_and_recorded(rtmp_server: RtmpServer) -> None:
    url = rtmp_server.url("testkey")
    assert url == f"rtmp://127.0.0.1:{rtmp_server.port}/live/testkey"
    with _publishing(url, seconds=4) as pub:
        rtmp_server.wait_published("testkey", timeout=15)
        # Pull while it is being published, as a viewer would.
        live = probe(url, timeout=15)
        assert {s["codec_name"] for s in live["streams"]} == {"h264", "aac"}
        rc, err = _finish(pub)
        assert rc == 0, err

    rec = rtmp_server.recorded("testkey")
    assert video_info(rec)["codec"] == "h264"
    assert (video_info(rec)["width"], video_info(rec)["height"]) == (320, 240)
    assert audio_info(rec) == {"codec": "aac", "sample_rate": 48000, "channels": 1, "profile": "LC"}
    assert 3.5 < duration(rec) < 4.5
    # -g 60 at 30 fps: a keyframe every 2 s, the first at the start.
    assert keyframe_times(rec) == pytest.approx([0.0, 2.0], abs=0.1)
    assert rtmp_server.published_keys() == ["testkey"]


def test_bad_key_is_refused_and_not_recorded(rtmp_server: RtmpServer) -> None:
    with _publishing(rtmp_server.url("badkey"), seconds=2) as pub:
        rc, err = _finish(pub)
    assert rc != 0
    assert "Input/output error" in err
    assert rtmp_server.rejected_keys() == ["badkey"]
    assert rtmp_server.published_keys() == []
    assert list(rtmp_server.record_dir.iterdir()) == []
    with pytest.raises(AssertionError, match="no recording"):
        rtmp_server.recorded("badkey")


def test_restart_keeps_the_port(rtmp_server: RtmpServer) -> None:
    port = rtmp_server.port
    rtmp_server.stop()
    assert _refused(port)
    rtmp_server.restart()
    assert rtmp_server.port == port
    with _publishing(rtmp_server.url("second"), seconds=1) as pub:
        rc, err = _finish(pub)
    assert rc == 0, err
    assert video_info(rtmp_server.recorded("second"))["codec"] == "h264"


def test_pause_hangs_and_resume_answers(rtmp_server: RtmpServer) -> None:
    c0c1 = b"\x03" + bytes(8) + os.urandom(1528)  # RTMP handshake: version 3, C1
    rtmp_server.pause()
    with socket.create_connection(("127.0.0.1", rtmp_server.port), timeout=5) as s:
        # The kernel completes TCP for a stopped process; nothing answers the handshake.
        s.sendall(c0c1)
        s.settimeout(0.5)
        with pytest.raises(TimeoutError):
            s.recv(1)
        rtmp_server.resume()
        s.settimeout(5)
        assert s.recv(1) == b"\x03"  # S0: the queued connection is served once resumed
    with _publishing(rtmp_server.url("testkey"), seconds=1) as pub:
        rc, err = _finish(pub)
    assert rc == 0, err


def test_kill_then_restart(rtmp_server: RtmpServer) -> None:
    port = rtmp_server.port
    with _publishing(rtmp_server.url("testkey"), seconds=30) as pub:
        rtmp_server.wait_published("testkey", timeout=15)
        rtmp_server.wait_recording("testkey", min_bytes=50_000)  # about a second of media
        rtmp_server.kill()
        assert not rtmp_server.running
        assert _refused(port)
        rc, _ = _finish(pub, timeout=15)  # the publisher sees its connection die
        assert rc != 0
    # What arrived before the crash is on disk and readable.
    assert video_info(rtmp_server.recorded("testkey"))["codec"] == "h264"
    partial = duration(rtmp_server.recorded("testkey"))

    rtmp_server.restart()
    assert rtmp_server.port == port
    with _publishing(rtmp_server.url("testkey"), seconds=1) as pub:
        rc, err = _finish(pub)
    assert rc == 0, err
    # Same key: the new publish is appended to the recording.
    assert duration(rtmp_server.recorded("testkey")) == pytest.approx(partial + 1.0, abs=0.3)
    assert rtmp_server.published_keys() == ["testkey", "testkey"]


def test_pyav_publish_errors(rtmp_server: RtmpServer) -> None:
    """The exceptions the studio's relay must map to user messages (see tests/servers.py)."""
    with pytest.raises(ConnectionRefusedError) as refused:
        _pyav_publish_one_frame(f"rtmp://127.0.0.1:{free_port()}/live/testkey")
    assert refused.value.errno == errno.ECONNREFUSED

    with pytest.raises(OSError) as bad_key:
        _pyav_publish_one_frame(rtmp_server.url("badkey"))
    assert type(bad_key.value) is av.error.OSError
    assert bad_key.value.errno == errno.EIO

    with _publishing(rtmp_server.url("second"), seconds=20) as pub:
        rtmp_server.wait_published("second", timeout=15)
        with pytest.raises(PermissionError) as live:
            _pyav_publish_one_frame(rtmp_server.url("second"))
        assert live.value.errno == errno.EPERM
        assert rtmp_server.published_keys() == ["second"]  # the refused duplicate is not listed
        pub.terminate()  # ffmpeg ends cleanly on SIGTERM
        _finish(pub)
    # The refused duplicate did not clobber the live publisher's recording.
    assert video_info(rtmp_server.recorded("second"))["codec"] == "h264"
