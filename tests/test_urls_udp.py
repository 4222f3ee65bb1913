"""UDP push URLs (udp://host:port): MPEG-TS to a receiver on the merchant's own network. Every
scheme a push URL may have (urls.SCHEMES) is one the relay has a container for, and back; SRT is
neither (this FFmpeg has no SRT protocol). A udp:// URL is checked with the same care as an RTMP
one, and `studio stream --to udp://...` reaches a real receiver (PyAV reading the port)."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import av
import pytest
from profiles import small_profile
from streaming import studio

from studio.broadcast.relay import CONTAINERS
from studio.profile import DestinationSettings
from studio.profile_store import load_profile, save_profile
from studio.urls import SCHEMES, mask_url, validate_push_url


def test_the_push_url_schemes_are_the_relays_schemes() -> None:
    assert set(SCHEMES) == set(CONTAINERS)
    assert CONTAINERS["udp"] == "mpegts" and "srt" not in SCHEMES


@pytest.mark.parametrize(
    "url",
    [
        "udp://127.0.0.1:5000",
        "UDP://192.168.1.20:1234",
        "udp://239.0.0.1:1234?pkt_size=1316&ttl=2",  # multicast, FFmpeg's options kept
        "udp://[::1]:5000",
        "udp://encoder.local:9000/",
    ],
)
def test_a_udp_push_url_with_a_host_and_port_is_accepted(url: str) -> None:
    assert validate_push_url(url) is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("udp://receiver.example", "no port number"),
        ("udp://receiver.example/live", "no port number"),
        ("udp://:5000", "no server name"),
        ("udp://receiver.example:99999", "invalid port"),
        ("udp://receiver.example:5000 ", "spaces or line breaks"),
        ("srt://receiver.example:9000?streamid=k", "rtmp:// or rtmps://, not srt://"),
    ],
)
def test_a_udp_push_url_that_cannot_work_is_refused_without_echoing_it(
    url: str, message: str
) -> None:
    problem = validate_push_url(url)
    assert problem is not None and message in problem
    assert "receiver.example" not in problem


def test_a_udp_url_is_masked_like_any_other() -> None:
    assert (
        mask_url("udp://10.0.0.5:5000?passphrase=s3cret") == "udp://10.0.0.5:5000?passphrase=****"
    )
    assert mask_url("udp://10.0.0.5:5000") == "udp://10.0.0.5:5000"  # nothing secret in it


def test_a_profile_keeps_a_udp_destination(tmp_path: Path) -> None:
    profile = small_profile(tmp_path)
    profile.destinations = [DestinationSettings("Monitor", "custom", "udp://127.0.0.1:5000")]
    save_profile(profile, tmp_path / "profile.json")
    [dest] = load_profile(tmp_path / "profile.json").destinations
    assert (dest.platform, dest.server) == ("custom", "udp://127.0.0.1:5000")


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_stream_to_a_udp_receiver_on_loopback(tmp_path: Path) -> None:
    port = _free_udp_port()
    received: dict[str, object] = {}

    def receive() -> None:
        # FFmpeg's udp input binds the port and reads what arrives (timeout in microseconds).
        url = f"udp://127.0.0.1:{port}?timeout=20000000"
        with av.open(url, "r", format="mpegts", timeout=20) as container:
            received["codecs"] = sorted(s.codec_context.name for s in container.streams)
            frames = []
            for frame in container.decode(video=0):
                frames.append((frame.width, frame.height))
                if len(frames) == 30:
                    break
            received["frames"] = frames

    receiver = threading.Thread(target=receive, daemon=True)
    receiver.start()
    secret = "passphrase=s3cret"  # a query value: never printed
    run = studio(
        "stream", "--source", "synthetic", "--to", f"udp://127.0.0.1:{port}?{secret}",
        "--canvas", "360x640", "--preset", "ultrafast", "--duration", "4",
    )  # fmt: skip
    receiver.join(20)
    assert run.returncode == 0, run.output
    assert "s3cret" not in run.output
    status = [line for line in run.stdout.splitlines() if " fps " in line]
    assert status and "live" in status[-1], run.stdout
    assert received.get("codecs") == ["aac", "h264"], received
    assert received["frames"] == [(360, 640)] * 30
