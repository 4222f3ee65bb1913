"""A microphone lost mid-show: silence and a notice, then reopened when it is back.

No device can be unplugged in CI, so a fake PyAudio stands in for PortAudio: like the real one it
lists its devices when it is made (a device plugged in later shows only in a new one), its stream
is fed by a "PortAudio" thread calling the stream callback, and unplugging stops that thread
delivering (and makes opens fail) until the device is plugged back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from waiting import wait_for

from studio.capture import microphone
from studio.capture.base import CHANNELS, SAMPLE_RATE
from studio.capture.microphone import LOST_MIC, MicrophoneSource
from studio.clock import MediaClock
from studio.ui import messages

LEVEL = 0.25  # what the fake microphone hears: a constant, so any sample shows it


class FakeStream:
    def __init__(self, world: FakeAudio, callback: Callable, channels: int, frames: int) -> None:
        self.world = world
        self.callback = callback
        self.channels = channels
        self.frames = frames
        self.active = True
        self.closed = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._deliver, daemon=True)
        self._thread.start()

    def _deliver(self) -> None:  # PortAudio's callback thread
        block = np.full((self.frames, self.channels), LEVEL, np.float32).tobytes()
        while not self._done.wait(0.01):
            if self.world.plugged and self.active:
                self.callback(block, self.frames, {}, 0)

    def is_active(self) -> bool:
        if self.world.error is not None:
            raise self.world.error
        return self.active

    def stop_stream(self) -> None:
        self._done.set()
        self._thread.join()  # like Pa_StopStream: no callback after it returns
        if not self.world.plugged and self.world.close_raises:
            raise OSError(-9999, "Unanticipated host error")

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self.closed = True
        if not self.world.plugged and self.world.close_raises:
            raise OSError(-9999, "Unanticipated host error")


SPEAKERS = {"index": 0, "name": "Speakers", "maxInputChannels": 0, "defaultSampleRate": 48000}
USB_MIC = {"index": 1, "name": "USB Mic", "maxInputChannels": 1, "defaultSampleRate": 48000}


class FakePyAudio:
    def __init__(self, world: FakeAudio) -> None:
        self.world = world
        self.devices = [SPEAKERS] + ([USB_MIC] if world.plugged else [])  # listed now
        self.terminated = False

    def get_device_count(self) -> int:
        return len(self.devices)

    def get_device_info_by_index(self, i: int) -> dict:
        return self.devices[i]

    def get_default_input_device_info(self) -> dict:
        if len(self.devices) < 2:
            raise OSError(-9996, "No Default Input Device Available")
        return self.devices[1]

    def open(self, **kw: Any) -> FakeStream:
        assert not self.terminated
        if not self.world.plugged or kw["input_device_index"] >= len(self.devices):
            raise OSError(-9996, "Invalid input device (no default output device)")
        stream = FakeStream(self.world, kw["stream_callback"], kw["channels"], 480)
        self.world.streams.append(stream)
        return stream

    def terminate(self) -> None:
        self.terminated = True


class FakeAudio:
    """The machine's audio: whether the USB microphone is plugged in, and what was made."""

    def __init__(self, plugged: bool = True) -> None:
        self.plugged = plugged
        self.error: Exception | None = None  # is_active raises it (PortAudio's error)
        self.close_raises = False
        self.instances: list[FakePyAudio] = []
        self.streams: list[FakeStream] = []

    def new_pyaudio(self) -> FakePyAudio:
        pa = FakePyAudio(self)
        self.instances.append(pa)
        return pa

    def all_closed(self) -> bool:
        return all(s.closed for s in self.streams) and all(p.terminated for p in self.instances)


@pytest.fixture
def audio(monkeypatch: pytest.MonkeyPatch) -> FakeAudio:
    world = FakeAudio()
    monkeypatch.setattr(microphone, "_new_pyaudio", world.new_pyaudio)
    return world


@pytest.fixture
def mic(audio: FakeAudio) -> Iterator[MicrophoneSource]:
    source = MicrophoneSource("mic:usb", MediaClock())
    yield source
    source.stop()


def hears(source: MicrophoneSource) -> bool:
    """Fresh audio arrives: drain what is buffered, then wait for new samples of the fake tone."""
    source.read_audio(SAMPLE_RATE)
    wait_for(lambda: len(source.ring) >= 480, 1.0)
    block = source.read_audio(480)
    return bool(np.allclose(block, LEVEL)) and source.level_dbfs > -13


def silent(source: MicrophoneSource) -> bool:
    source.read_audio(SAMPLE_RATE)  # what was captured before the loss
    block = source.read_audio(1024)
    assert block.shape == (1024, CHANNELS) and block.dtype == np.float32
    return not block.any() and source.level_dbfs == -np.inf


def test_unplugged_microphone_goes_silent_then_reopens(
    audio: FakeAudio, mic: MicrophoneSource, caplog: pytest.LogCaptureFixture
):
    caplog.set_level("INFO", logger="studio.capture.microphone")
    mic.start()
    assert mic.available and mic.notice is None and mic.device_name == "USB Mic"
    assert hears(mic)

    audio.plugged = False  # the callback simply stops; the stream still says it is active
    lost_after = wait_for(lambda: not mic.available, 3.0)
    assert lost_after < 2.5  # STALL_SECONDS + SUPERVISE_SECONDS, with slack
    assert mic.lost and mic.notice == LOST_MIC
    wait_for(audio.all_closed, 1.0)  # closed after saying so: closing may block
    assert silent(mic)
    tries = len(audio.instances)
    wait_for(lambda: len(audio.instances) > tries and audio.instances[-1].terminated, 3.0)
    assert not mic.available and mic.notice == LOST_MIC  # a failed reopen still says "lost"

    audio.plugged = True
    back_after = wait_for(lambda: mic.available, 4.0)
    assert back_after < 3.0  # REOPEN_SECONDS + SUPERVISE_SECONDS
    assert mic.notice is None and not mic.lost
    assert hears(mic)
    assert len(audio.streams) == 2  # one new stream, from a new PortAudio
    messages = [r.getMessage() for r in caplog.records]  # one line per loss and per return
    assert len(messages) == 2, messages
    assert "lost" in messages[0] and "open again" in messages[1]


def test_inactive_stream_or_portaudio_error_is_a_loss(
    audio: FakeAudio, mic: MicrophoneSource, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(microphone, "REOPEN_SECONDS", 0.5)  # quicker returns: a shorter test
    mic.start()
    audio.streams[0].active = False  # PortAudio stopped the stream (callback aborted)
    assert wait_for(lambda: not mic.available, 1.5) < 1.0
    assert mic.notice == LOST_MIC
    wait_for(lambda: mic.available, 4.0)  # still plugged: back at the next try
    assert hears(mic)

    audio.error = OSError(-9999, "Unanticipated host error")
    audio.close_raises = True
    audio.plugged = False
    assert wait_for(lambda: not mic.available, 1.5) < 1.0
    assert mic.notice == LOST_MIC
    wait_for(audio.all_closed, 1.0)  # closing raised: no matter
    audio.error = None
    audio.plugged = True
    wait_for(lambda: mic.available, 4.0)
    assert hears(mic)


def test_microphone_missing_at_start_opens_when_it_appears(audio: FakeAudio):
    audio.plugged = False
    mic = MicrophoneSource("mic", MediaClock())  # the default input device
    mic.start()
    try:
        assert not mic.available and not mic.lost
        assert mic.notice == microphone.NO_MIC
        assert silent(mic)
        audio.plugged = True
        wait_for(lambda: mic.available, 4.0)
        assert mic.notice is None
        assert hears(mic)
    finally:
        mic.stop()
    assert audio.all_closed()


def test_stop_returns_fast_and_closes_everything(audio: FakeAudio, mic: MicrophoneSource):
    mic.start()
    assert hears(mic)
    supervisor = mic._supervisor
    assert supervisor is not None and supervisor.daemon and supervisor.is_alive()
    t0 = time.monotonic()
    mic.stop()
    assert time.monotonic() - t0 < 0.5
    assert not supervisor.is_alive() and not mic.available
    assert audio.all_closed() and mic._stream is None and mic._pa is None
    mic.stop()  # safe twice

    # Also while it is lost and retrying.
    audio.plugged = False
    mic.start()
    assert not mic.available
    t0 = time.monotonic()
    mic.stop()
    assert time.monotonic() - t0 < 0.5
    assert audio.all_closed()


def test_the_window_says_lost_then_unavailable(audio: FakeAudio, mic: MicrophoneSource):
    audio.plugged = False
    mic.start()  # missing at start: "unavailable"
    assert "unavailable" in (messages.source_notice(mic) or "")
    mic.lost, mic.notice = True, LOST_MIC  # as the supervisor leaves it after a loss
    assert "microphone lost" in (messages.source_notice(mic) or "")
    mic.lost, mic.notice = False, None
    assert messages.source_notice(mic) is None


def test_the_systems_default_microphone_is_not_called_by_an_english_label() -> None:
    # No device name to quote: the sentence says "the microphone" in the window's words
    # instead of "Microphone: microphone unavailable" (an English label in a Chinese banner).
    from types import SimpleNamespace

    default = SimpleNamespace(
        kind="mic",
        notice="unavailable",
        label="Microphone",
        device_name="",
        selector="",
        lost=False,
    )
    assert messages.source_notice(default) == (
        "No microphone can be used; the stream carries silence."
    )
    default.lost = True
    assert messages.source_notice(default) == (
        "The microphone was lost; the stream carries silence until it is back."
    )
    named = SimpleNamespace(**{**vars(default), "device_name": "USB Mic", "label": "USB Mic"})
    assert messages.source_notice(named).startswith("USB Mic: microphone lost")
