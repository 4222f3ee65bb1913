"""Microphones via PortAudio (PyAudio): `mic` (default input), `mic:2` (index), `mic:USB` (name).

A missing microphone never stops a show: the source says so in `notice` and plays silence, since
platforms reject streams without audio. PyAudio is imported only when a microphone is opened, so
machines without PortAudio still run.
"""

from __future__ import annotations

import ctypes
import math
import sys
import threading
from typing import Any

import numpy as np

from studio.capture.base import CHANNELS, SAMPLE_RATE, Source
from studio.capture.registry import split_spec
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock

BUFFER_SECONDS = 0.5  # the most audio kept waiting: beyond it the oldest goes, so latency is capped
BLOCK_SECONDS = 0.01  # PortAudio callback size: 10 ms
NO_MIC = "No microphone found: streaming a silent track"

# Pa_Initialize/Pa_Terminate are reference-counted but not thread-safe.
_PA_LOCK = threading.Lock()
_quiet_handlers: list[Any] = []  # ctypes callbacks must outlive the C libraries that call them


def _quiet_native_audio_logs() -> None:
    """Stop ALSA and JACK from printing dozens of lines to stderr while PortAudio probes devices
    (they do it on every machine without a sound card or a JACK server)."""
    if _quiet_handlers or not sys.platform.startswith("linux"):
        return
    try:
        alsa = ctypes.CDLL("libasound.so.2")
        handler = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )(lambda *_: None)
        alsa.snd_lib_error_set_handler(handler)
        _quiet_handlers.append(handler)
    except (OSError, AttributeError):
        pass
    try:
        jack = ctypes.CDLL("libjack.so.0")
        handler = ctypes.CFUNCTYPE(None, ctypes.c_char_p)(lambda *_: None)
        jack.jack_set_error_function(handler)
        jack.jack_set_info_function(handler)
        _quiet_handlers.append(handler)
    except (OSError, AttributeError):
        pass
    _quiet_handlers.append(None)  # mark done even when neither library is there


def _new_pyaudio() -> Any:
    import pyaudio  # lazy: PortAudio may be missing

    _quiet_native_audio_logs()
    with _PA_LOCK:
        return pyaudio.PyAudio()


def _terminate(pa: Any) -> None:
    with _PA_LOCK:
        pa.terminate()


def list_microphones() -> list[dict]:
    """Input devices as {index, name, channels, default_rate, default}; [] without PortAudio."""
    try:
        pa = _new_pyaudio()
    except Exception:  # ImportError, OSError: no PortAudio or no audio system at all
        return []
    try:
        try:
            default = pa.get_default_input_device_info()["index"]
        except (OSError, KeyError):
            default = None
        mics = []
        for i in range(pa.get_device_count()):
            info = pa.get_device_info_by_index(i)
            if int(info.get("maxInputChannels", 0)) > 0:
                mics.append(
                    {
                        "index": i,
                        "name": str(info.get("name", f"device {i}")),
                        "channels": int(info["maxInputChannels"]),
                        "default_rate": float(info.get("defaultSampleRate", 0)),
                        "default": i == default,
                    }
                )
        return mics
    except Exception:
        return []
    finally:
        _terminate(pa)


class AudioRing:
    """A thread-safe FIFO of stereo float32 samples holding at most `capacity`; writing past it
    drops the oldest samples (counted in `dropped`)."""

    def __init__(self, capacity: int) -> None:
        self._buf = np.zeros((capacity, CHANNELS), np.float32)
        self._start = 0
        self._len = 0
        self._lock = threading.Lock()
        self.dropped = 0

    def __len__(self) -> int:
        return self._len

    def write(self, x: np.ndarray) -> None:
        cap = len(self._buf)
        with self._lock:
            if len(x) > cap:
                self.dropped += len(x) - cap
                x = x[-cap:]
            n = len(x)
            overflow = self._len + n - cap
            if overflow > 0:
                self._start = (self._start + overflow) % cap
                self._len -= overflow
                self.dropped += overflow
            end = (self._start + self._len) % cap
            first = min(n, cap - end)
            self._buf[end : end + first] = x[:first]
            self._buf[: n - first] = x[first:]
            self._len += n

    def read(self, n: int) -> np.ndarray:
        """Exactly n samples: the oldest available, then zeros."""
        out = np.zeros((n, CHANNELS), np.float32)
        cap = len(self._buf)
        with self._lock:
            take = min(n, self._len)
            first = min(take, cap - self._start)
            out[:first] = self._buf[self._start : self._start + first]
            out[first:take] = self._buf[: take - first]
            self._start = (self._start + take) % cap
            self._len -= take
        return out


class LinearResampler:
    """Streaming linear-interpolation resampler (good enough for speech from a 44.1 kHz mic)."""

    def __init__(self, in_rate: float, out_rate: float) -> None:
        self.step = in_rate / out_rate  # input samples per output sample
        self._pos = 0.0  # next output position, in input samples from the start of _prev
        self._prev: np.ndarray | None = None  # the previous block's last sample

    def process(self, x: np.ndarray) -> np.ndarray:
        buf = x if self._prev is None else np.concatenate([self._prev, x])
        last = len(buf) - 1
        if last < 1:  # need two samples to interpolate between
            self._prev = buf[-1:] if len(buf) else self._prev
            return np.zeros((0, CHANNELS), np.float32)
        count = max(0, math.ceil((last - self._pos) / self.step))
        pos = self._pos + self.step * np.arange(count)
        i0 = np.minimum(pos.astype(np.int64), last - 1)
        frac = (pos - i0).astype(np.float32)[:, None]
        out = buf[i0] * (1 - frac) + buf[i0 + 1] * frac
        self._pos = self._pos + self.step * count - last
        self._prev = buf[-1:]
        return out.astype(np.float32, copy=False)


class MicrophoneSource(Source):
    """Captures a microphone into a ring buffer; `read_audio(n)` drains it (48 kHz stereo)."""

    kind = "mic"
    has_video = False
    has_audio = True
    # Text, not a choice: devices come and go, so the dialog may offer list_microphones() names
    # as suggestions; "" is the system default, a number an index, other text a name substring.
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "arg",
            QT_TRANSLATE_NOOP("SourceSettings", "Device"),
            "text",
            "",
            placeholder=QT_TRANSLATE_NOOP("SourceSettings", "Default microphone"),
        ),
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,  # no settings beyond "arg": nothing to use
    ) -> None:
        super().__init__(spec, clock)
        _, arg = split_spec(spec)
        self.selector = arg.strip()  # "" (default device), "2" (index) or a name substring
        self.available = False  # True while a device stream is open
        self.device_name: str | None = None
        self.device_rate: int | None = None
        self.ring = AudioRing(int(SAMPLE_RATE * BUFFER_SECONDS))
        self._level = -math.inf
        self._pa: Any = None
        self._stream: Any = None
        self._resampler: LinearResampler | None = None
        self._channels = 1
        self._continue = 0  # pyaudio.paContinue, kept so the callback needs no import

    @property
    def label(self) -> str:
        return self.device_name or ("Microphone" if not self.selector else f"Mic {self.selector}")

    @property
    def level_dbfs(self) -> float:
        """Peak of the last block returned by read_audio, in dBFS; -inf for silence."""
        return self._level

    def start(self) -> None:
        if self._stream is not None:
            return
        try:
            self._pa = _new_pyaudio()
        except ImportError:
            self._fail("No microphone support (PyAudio is not installed): streaming a silent track")
            return
        except Exception as exc:
            self._fail(f"Audio system unavailable ({exc}): streaming a silent track")
            return
        try:
            info = self._find_device()
            if info is None:
                return
            self._open(info)
        except Exception as exc:  # PortAudio reports every device problem as OSError/ValueError
            self._fail(f"Cannot open microphone {self.label} ({exc}): streaming a silent track")
            return
        self.available = True
        self.notice = None

    def _fail(self, message: str) -> None:
        self.available = False
        self.notice = message
        self._close()

    def _find_device(self) -> dict | None:
        pa = self._pa
        if not self.selector:
            try:
                return pa.get_default_input_device_info()
            except OSError:  # "No Default Input Device Available"
                self._fail(NO_MIC)
                return None
        devices = [pa.get_device_info_by_index(i) for i in range(pa.get_device_count())]
        inputs = [d for d in devices if int(d.get("maxInputChannels", 0)) > 0]
        if self.selector.isdigit():
            found = [d for d in inputs if d["index"] == int(self.selector)]
        else:
            want = self.selector.casefold()
            found = [d for d in inputs if want in str(d.get("name", "")).casefold()]
        if not found:
            self._fail(f"No microphone matching {self.selector!r}: streaming a silent track")
            return None
        return found[0]

    def _open(self, info: dict) -> None:
        import pyaudio

        self._continue = pyaudio.paContinue
        self.device_name = str(info.get("name"))
        self._channels = min(int(info["maxInputChannels"]), CHANNELS)
        default_rate = round(float(info.get("defaultSampleRate") or SAMPLE_RATE))
        rates = [SAMPLE_RATE] + ([default_rate] if default_rate != SAMPLE_RATE else [])
        error: Exception | None = None
        for rate in rates:  # 48 kHz first; else the device's own rate, resampled here
            try:
                self._resampler = (
                    None if rate == SAMPLE_RATE else LinearResampler(rate, SAMPLE_RATE)
                )
                self._stream = self._pa.open(
                    format=pyaudio.paFloat32,
                    channels=self._channels,
                    rate=rate,
                    input=True,
                    input_device_index=int(info["index"]),
                    frames_per_buffer=max(64, int(rate * BLOCK_SECONDS)),
                    stream_callback=self._on_audio,
                )
                self.device_rate = rate
                return
            except (OSError, ValueError) as exc:
                error = exc
        raise error or OSError("no usable sample rate")

    def _on_audio(self, in_data: bytes | None, frames: int, time_info: Any, status: int) -> tuple:
        # PortAudio's thread: convert and store only; never block or raise here.
        if in_data:
            x = np.frombuffer(in_data, np.float32).reshape(-1, self._channels)
            if self._channels == 1:
                x = np.repeat(x, CHANNELS, axis=1)
            if self._resampler is not None:
                x = self._resampler.process(x)
            self.ring.write(x)
        return None, self._continue

    def read_audio(self, n: int) -> np.ndarray:
        out = self.ring.read(n)
        peak = float(np.abs(out).max()) if n else 0.0
        self._level = 20 * math.log10(peak) if peak > 0 else -math.inf
        return out

    def stop(self) -> None:
        self._close()
        self.available = False

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        pa, self._pa = self._pa, None
        if stream is not None:
            try:
                stream.stop_stream()
                stream.close()
            except OSError:
                pass
        if pa is not None:
            _terminate(pa)
