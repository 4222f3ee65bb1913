"""The relay picks its container from the push URL's scheme (one table), and pushes through it."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from media import probe

from studio.broadcast.encoder import EncoderConfig
from studio.broadcast.relay import CONTAINERS, container_for, url_scheme
from studio.engine import DestinationSpec, Engine, EngineConfig
from studio.profile import LayerSettings


@pytest.mark.parametrize(
    ("url", "container"),
    [
        ("rtmp://live.example/app/KEY", "flv"),
        ("RTMPS://live.example:443/app/KEY?sign=1", "flv"),
        ("udp://239.0.0.1:1234", "mpegts"),
        ("/home/shop/shows/today.flv", None),  # FFmpeg goes by the extension
        ("C:\\shows\\today.ts", None),
        ("file:/home/shop/today.mkv", None),
    ],
)
def test_the_container_follows_the_url_scheme(url: str, container: str | None) -> None:
    assert container_for(url) == container


def test_every_scheme_in_the_table_is_lower_case_and_named_as_urls_spell_it() -> None:
    assert all(url_scheme(f"{scheme}://host/x") == scheme for scheme in CONTAINERS)


def _stream_to(url: str, seconds: float) -> list[str]:
    """Stream a test pattern to `url` for `seconds` once live; the destination's states seen."""
    cfg = EncoderConfig(width=320, height=240, fps=30)
    engine = Engine(EngineConfig(cfg, [LayerSettings(name="pattern", source="synthetic")]))
    engine.start()
    states = []
    try:
        (dest,) = engine.start_streaming([DestinationSpec("pushed", url)])
        deadline = time.monotonic() + 10
        while dest.state != "live" and time.monotonic() < deadline:
            time.sleep(0.05)
        states.append(dest.state)
        time.sleep(seconds)
        states.append(dest.state)
    finally:
        engine.stop()
    return states


def test_a_udp_destination_is_pushed_as_mpeg_ts() -> None:
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(0.2)
    port = receiver.getsockname()[1]
    datagrams: list[bytes] = []
    streaming = threading.Event()
    streaming.set()

    def receive() -> None:
        # Read while the stream runs: a socket read only afterwards fills its buffer, drops
        # datagrams, and then takes the relay's short last one, which leaves a gap before it.
        while True:
            try:
                datagrams.append(receiver.recv(65536))
            except TimeoutError:
                if not streaming.is_set():
                    return

    reader = threading.Thread(target=receive, daemon=True)
    reader.start()
    try:
        assert _stream_to(f"udp://127.0.0.1:{port}", 1.5) == ["live", "live"]
    finally:
        streaming.clear()
        reader.join(timeout=5)
        receiver.close()
    stream = b"".join(datagrams)  # loopback keeps their order
    assert len(stream) > 50 * 188
    # MPEG-TS: 188-byte packets, each starting with the sync byte 0x47.
    whole = stream[: len(stream) - len(stream) % 188]
    assert whole[::188] == b"\x47" * (len(whole) // 188)


def test_a_file_path_gets_the_container_its_extension_names(tmp_path: Path) -> None:
    target = tmp_path / "pushed.ts"
    assert _stream_to(str(target), 1.5) == ["live", "live"]
    info = probe(target)
    assert info["format"]["format_name"] == "mpegts"
    assert {s["codec_name"] for s in info["streams"]} == {"h264", "aac"}
