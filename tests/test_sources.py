"""Real sources against real inputs: files made with PyAV/OpenCV, a local MJPEG-over-HTTP camera
server, and PortAudio on whatever this machine has (no sound card in CI)."""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from mjpeg_camera import MjpegServer
from waiting import wait_for

from studio.capture.base import CHANNELS, SAMPLE_RATE, SourceError
from studio.capture.camera import CameraSource, redact_url
from studio.capture.image import ImageSource
from studio.capture.microphone import (
    AudioRing,
    DeviceResampler,
    MicrophoneSource,
    list_microphones,
)
from studio.capture.registry import make_source
from studio.capture.video_file import VideoFileSource
from studio.clock import MediaClock

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def clock() -> MediaClock:
    return MediaClock()


# -- video file ---------------------------------------------------------------------------------


def make_video(path: Path, frames: int = 64, size: tuple[int, int] = (320, 240), fps: int = 30):
    w, h = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.time_base = Fraction(1, fps)
        for i in range(frames):
            image = np.full((h, w, 3), (i * 3) % 256, np.uint8)
            cv2.putText(image, str(i), (10, h // 2), cv2.FONT_HERSHEY_SIMPLEX, 2, (255,) * 3, 3)
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def test_video_file_plays_in_real_time_and_loops(tmp_path: Path, clock: MediaClock) -> None:
    path = tmp_path / "clip.mp4"
    make_video(path)  # 64 frames at 30 fps: 2.13 s
    source = make_source(f"file:{path}", clock)
    assert isinstance(source, VideoFileSource)
    assert source.fps == pytest.approx(30)
    assert source.frame_size == (320, 240)
    source.start()
    try:
        wait_for(lambda: source.latest_video() is not None, 5, what="the first frame")
        first = source.latest_video()
        t0 = time.monotonic()
        # More frames than the file holds can only come from looping.
        wait_for(
            lambda: source.latest_video().seq > 75, 10, what="frames after the end of the file"
        )
        elapsed = time.monotonic() - t0
        frame = source.latest_video()
        assert frame.image.shape == (240, 320, 3) and frame.image.dtype == np.uint8
        assert frame.time > first.time
        # Paced at 30 fps, not decoded flat out (a loaded machine can only be slower).
        assert elapsed > (75 - first.seq) / 30 * 0.85
        assert source.notice is None
    finally:
        source.stop()


def test_video_file_errors(tmp_path: Path, clock: MediaClock) -> None:
    with pytest.raises(SourceError, match="not found"):
        make_source(f"file:{tmp_path / 'missing.mp4'}", clock)
    with pytest.raises(SourceError, match="say which video file"):
        make_source("file:", clock)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 100)
    with pytest.raises(SourceError, match="cannot read video file"):
        make_source(f"file:{junk}", clock)
    # An audio-only file opens fine but has nothing to show.
    wav = tmp_path / "tone.wav"
    with av.open(str(wav), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=48000, layout="mono")
        silence = np.zeros((1, 4800), np.int16)
        frame = av.AudioFrame.from_ndarray(silence, format="s16", layout="mono")
        frame.sample_rate = 48000
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(SourceError, match="no video track"):
        make_source(f"file:{wav}", clock)


# -- image --------------------------------------------------------------------------------------


def write_png(path: Path, image: np.ndarray) -> None:
    ok, data = cv2.imencode(".png", image)
    assert ok
    data.tofile(path)  # like the source, never a path-based OpenCV call (non-ASCII names)


def test_image_source_bgr_bgra_grey_and_unicode_name(tmp_path: Path, clock: MediaClock) -> None:
    bgr = np.zeros((60, 80, 3), np.uint8)
    bgr[:, :40] = (255, 0, 0)
    bgra = np.dstack([bgr, np.full((60, 80), 128, np.uint8)])
    grey = np.full((60, 80), 200, np.uint8)
    write_png(tmp_path / "商品.png", bgra)
    write_png(tmp_path / "plain.png", bgr)
    write_png(tmp_path / "grey.png", grey)

    source = make_source(f"image:{tmp_path / '商品.png'}", clock)
    assert isinstance(source, ImageSource)
    frame = source.latest_video()
    assert frame.image.shape == (60, 80, 4) and source.has_alpha
    np.testing.assert_array_equal(frame.image, bgra)
    assert source.latest_video() is frame  # loaded once, the same frame every time
    assert source.label == "商品.png"

    plain = ImageSource(f"image:{tmp_path / 'plain.png'}", clock).latest_video().image
    assert plain.shape == (60, 80, 3)
    np.testing.assert_array_equal(plain, bgr)

    grey_image = ImageSource(f"image:{tmp_path / 'grey.png'}", clock).latest_video().image
    assert grey_image.shape == (60, 80, 3) and (grey_image == 200).all()


def test_image_errors(tmp_path: Path, clock: MediaClock) -> None:
    with pytest.raises(SourceError, match="not found"):
        make_source(f"image:{tmp_path / 'nope.png'}", clock)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG not really")
    with pytest.raises(SourceError, match="not an image"):
        make_source(f"image:{bad}", clock)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(SourceError):
        make_source(f"image:{empty}", clock)


# -- camera -------------------------------------------------------------------------------------


BAD_CAMERA_SPECS = ["camera:", "camera:  ", "camera:ftp://x/y", "camera:front", "camera:-1"]


@pytest.mark.parametrize("spec", BAD_CAMERA_SPECS)
def test_camera_bad_specs(spec: str, clock: MediaClock) -> None:
    with pytest.raises(SourceError):
        make_source(spec, clock)


def test_camera_spec_forms(clock: MediaClock) -> None:
    assert CameraSource("camera:0", clock).target == 0
    cam = CameraSource("camera:rtsp://admin:secret@10.0.0.5:554/live", clock)
    assert cam.target == "rtsp://admin:secret@10.0.0.5:554/live"
    assert "secret" not in cam.label
    assert redact_url("http://host/x") == "http://host/x"


def test_camera_unreachable_shows_reconnecting_card(clock: MediaClock) -> None:
    url = f"http://127.0.0.1:{free_port()}/video.mjpg"  # nothing listens there
    source = make_source(f"camera:{url}", clock, size=(640, 360))
    assert isinstance(source, CameraSource) and source.state == "connecting"
    source.start()
    try:
        wait_for(lambda: source.state == "reconnecting", 8, what="state 'reconnecting'")
        wait_for(lambda: source.latest_video() is not None, 3, what="a card")
        card = source.latest_video()
        assert card.image.shape == (360, 640, 3) and card.image.dtype == np.uint8
        assert card.image.max() > 200  # the text is drawn, not just a dark frame
        assert source.notice and "reconnecting" in source.notice
        # The card is republished (about twice a second) so the stream keeps showing it.
        wait_for(lambda: source.latest_video().seq >= card.seq + 2, 5, what="a republished card")
        wait_for(lambda: source.attempts >= 2, 8, what="a second attempt")
    finally:
        source.stop()


def test_camera_that_hangs_times_out(clock: MediaClock) -> None:
    # Accepts connections and never answers: without FFmpeg timeouts the open would block forever.
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                pass

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/video.mjpg"
    source = CameraSource(f"camera:{url}", clock, size=(320, 180))
    source.start()
    try:
        # While the open blocks, the ticker already shows a "connecting" card.
        wait_for(lambda: source.latest_video() is not None, 3, what="a connecting card")
        assert source.state == "connecting"
        assert source.latest_video().image.shape == (180, 320, 3)
        wait_for(lambda: source.state == "reconnecting", 8, what="the open timeout")
        assert source.notice and "cannot open" in source.notice
    finally:
        source.stop()
        done.set()
        acceptor.join(2)
        for conn in held:
            conn.close()
        listener.close()


def test_camera_goes_live_loses_signal_and_recovers(clock: MediaClock) -> None:
    server = MjpegServer(shade=60)
    port = server.port
    source = CameraSource(f"camera:http://127.0.0.1:{port}/video.mjpg", clock, size=(640, 360))
    source.start()
    try:
        wait_for(lambda: source.state == "live", 8, what="state 'live'")
        frame = source.latest_video()
        assert frame.image.shape == (240, 320, 3)  # as captured: the compositor scales
        assert abs(int(frame.image.mean()) - 60) < 6
        assert source.notice is None
        wait_for(lambda: source.latest_video().seq > frame.seq + 5, 5, what="more live frames")

        server.close()
        wait_for(
            lambda: source.state == "reconnecting", 8, what="reconnecting after the server left"
        )
        wait_for(lambda: source.latest_video().image.shape == (360, 640, 3), 3, what="the card")
        assert source.notice

        server = MjpegServer(port=port, shade=180)  # the phone comes back on the same address
        wait_for(lambda: source.state == "live", 10, what="live again")
        wait_for(
            lambda: abs(float(source.latest_video().image.mean()) - 180) < 6,
            3,
            what="the new picture",
        )
        assert source.notice is None and source.attempts == 0
    finally:
        source.stop()
        server.close()
    assert source.stopping


# -- microphone ---------------------------------------------------------------------------------


def test_audio_ring_caps_latency_and_pads() -> None:
    ring = AudioRing(100)
    ring.write(np.ones((60, CHANNELS), np.float32))
    ring.write(np.full((60, CHANNELS), 2, np.float32))  # 20 oldest samples dropped
    assert len(ring) == 100 and ring.dropped == 20
    out = ring.read(120)
    assert out.shape == (120, CHANNELS) and out.dtype == np.float32
    assert (out[:40] == 1).all() and (out[40:100] == 2).all() and (out[100:] == 0).all()
    ring.write(np.full((250, CHANNELS), 3, np.float32))  # larger than the ring: keep the newest
    assert len(ring) == 100 and (ring.read(100) == 3).all()


def test_device_resampler_keeps_pitch_and_continuity() -> None:
    rate_in, hz = 44_100, 1000.0
    t = np.arange(rate_in) / rate_in
    tone = np.sin(2 * np.pi * hz * t).astype(np.float32)
    x = np.repeat(tone[:, None], CHANNELS, axis=1)
    resampler = DeviceResampler(rate_in)
    # Odd block sizes, as PortAudio may deliver: the output must be seamless across them.
    out = np.concatenate([resampler.process(x[i : i + 441]) for i in range(0, len(x), 441)])
    # FFmpeg's filter holds back its length (17 samples here) until the next block.
    assert SAMPLE_RATE - 48 <= len(out) <= SAMPLE_RATE
    expected = np.sin(2 * np.pi * hz * np.arange(len(out)) / SAMPLE_RATE)
    assert np.abs(out[:, 0] - expected).max() < 0.01


def test_a_44k1_tone_resampled_to_48k_keeps_its_frequency_and_length() -> None:
    rate_in, hz, seconds = 44_100, 440.0, 3
    t = np.arange(rate_in * seconds) / rate_in
    tone = 0.5 * np.sin(2 * np.pi * hz * t).astype(np.float32)
    x = np.repeat(tone[:, None], CHANNELS, axis=1)
    resampler = DeviceResampler(rate_in)
    blocks, start, sizes = [], 0, [441, 1024, 7, 512, 2000]  # uneven, as devices deliver
    while start < len(x):
        size = sizes[len(blocks) % len(sizes)]
        blocks.append(resampler.process(x[start : start + size]))
        start += size
    assert resampler.process(x[:0]).shape == (0, CHANNELS)  # an empty callback
    out = np.concatenate(blocks)
    assert out.dtype == np.float32 and out.shape[1] == CHANNELS
    assert abs(len(out) - SAMPLE_RATE * seconds) <= SAMPLE_RATE // 1000  # within 1 ms
    assert (out[:, 0] == out[:, 1]).all()
    # Frequency: the spectrum's peak, refined between bins; and the level is kept.
    spectrum = np.abs(np.fft.rfft(out[:, 0] * np.hanning(len(out))))
    k = int(np.argmax(spectrum))
    a, b, c = np.log(spectrum[k - 1 : k + 2])
    peak_hz = (k + 0.5 * (a - c) / (a - 2 * b + c)) * SAMPLE_RATE / len(out)
    assert peak_hz == pytest.approx(hz, abs=0.2)
    assert np.abs(out[1000:-1000, 0]).max() == pytest.approx(0.5, abs=0.01)


def test_microphone_without_device_streams_silence(clock: MediaClock) -> None:
    # A name no machine has: deterministic on any machine, with or without a sound card.
    source = make_source("mic:no-such-microphone-xyz", clock)
    assert isinstance(source, MicrophoneSource) and not source.has_video and source.has_audio
    source.start()
    try:
        assert not source.available
        assert source.notice and "silent track" in source.notice
        block = source.read_audio(1024)
        assert block.shape == (1024, CHANNELS) and block.dtype == np.float32
        assert not block.any() and source.level_dbfs == -math.inf
    finally:
        source.stop()
        source.stop()  # safe twice


def test_default_microphone_never_raises(clock: MediaClock) -> None:
    mics = list_microphones()
    assert isinstance(mics, list)
    source = MicrophoneSource("mic", clock)
    source.start()
    try:
        assert source.read_audio(480).shape == (480, CHANNELS)
        if not source.available:  # this CI machine: no sound card
            assert source.notice and "silent track" in source.notice
    finally:
        source.stop()


# A virtual microphone for a real capture through PortAudio: ALSA's file plugin reads its "infile"
# (a FIFO fed with a 441 Hz tone at real-time pace) on top of the null device; a plug converts to
# whatever rate and channels PortAudio asks for. ALSA reads ~/.asoundrc once per process, so the
# capture runs in a child process with HOME pointing at the test's own config.
ASOUNDRC = """
pcm.studio_test_raw {{
    type file; slave.pcm "null"; file "/dev/null"; infile "{fifo}"; format "raw"
}}
pcm.studio_test_mic {{
    type plug
    slave {{ pcm "studio_test_raw"; format S16_LE; rate 44100; channels 1 }}
}}
"""

CHILD = textwrap.dedent(
    """
    import json, os, sys, threading, time
    import numpy as np
    from studio.capture.microphone import MicrophoneSource, list_microphones
    from studio.clock import MediaClock

    fd = os.open(sys.argv[1], os.O_RDWR)  # O_RDWR: ALSA's reader can open without blocking

    def feed():  # 10 ms of a 441 Hz tone every 10 ms, 16-bit mono at 44.1 kHz
        n = 0
        while True:
            t = (n * 441 + np.arange(441)) / 44100
            os.write(fd, (0.5 * np.sin(2 * np.pi * 441 * t) * 32767).astype("<i2").tobytes())
            n += 1
            time.sleep(0.01)

    threading.Thread(target=feed, daemon=True).start()
    mic = MicrophoneSource("mic:studio_test_mic", MediaClock())
    mic.start()
    deadline = time.monotonic() + 5
    while mic.available and len(mic.ring) < 4800 and time.monotonic() < deadline:
        time.sleep(0.01)
    block = mic.read_audio(4800)
    spectrum = np.abs(np.fft.rfft(block[:, 0]))
    time.sleep(0.8)  # unread audio piles up: the ring must cap it
    result = {
        "available": mic.available, "notice": mic.notice, "rate": mic.device_rate,
        "names": [m["name"] for m in list_microphones()],
        "shape": list(block.shape), "level": mic.level_dbfs,
        "stereo_equal": bool((block[:, 0] == block[:, 1]).all()),
        "peak_hz": float(np.argmax(spectrum) * 48000 / len(block)),
        "buffered": len(mic.ring), "dropped": mic.ring.dropped,
    }
    mic.stop()
    print(json.dumps(result))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ALSA virtual device")
def test_microphone_captures_from_virtual_alsa_device(tmp_path: Path) -> None:
    fifo = tmp_path / "mic.fifo"
    os.mkfifo(fifo)
    (tmp_path / ".asoundrc").write_text(ASOUNDRC.format(fifo=fifo))
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("XDG_CONFIG_HOME", None)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(fifo)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["available"], result
    assert result["notice"] is None
    assert "studio_test_mic" in result["names"]
    assert result["rate"] == SAMPLE_RATE
    assert result["shape"] == [4800, CHANNELS] and result["stereo_equal"]
    assert result["level"] == pytest.approx(-6.0, abs=0.5)  # a 0.5 peak tone
    assert abs(result["peak_hz"] - 441) < 15  # right pitch: the rate conversion is right
    assert result["buffered"] <= SAMPLE_RATE // 2 and result["dropped"] > 0
