"""Microphones via PortAudio (PyAudio): `mic` (default input), `mic:2` (index), `mic:USB` (name).

A missing microphone never stops a show: the source says so in `notice` and plays silence, since
platforms reject streams without audio. Nor does losing one mid-show (a USB microphone
unplugged): silence goes on with a notice, and the source reopens the device when it is back, or
when a microphone missing at start appears. PyAudio is imported only when a microphone is opened,
so machines without PortAudio still run.
"""

from __future__ import annotations

import ctypes
import logging
import math
import sys
import threading
import time
from typing import Any

import av
import numpy as np

from studio.capture.base import CHANNELS, SAMPLE_RATE, Source
from studio.capture.registry import split_spec
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock

BUFFER_SECONDS = 0.5  # the most audio kept waiting: beyond it the oldest goes, so latency is capped
BLOCK_SECONDS = 0.01  # PortAudio callback size: 10 ms
SUPERVISE_SECONDS = 0.5  # how often the supervisor looks at the stream
STALL_SECONDS = 1.5  # no callback for this long: the device is gone (unplugged)
REOPEN_SECONDS = 2.0  # while no device is open, try again after this long...
REOPEN_MAX_SECONDS = 10.0  # ...doubling up to this for a microphone never found (a PC without
# one is not probed every 2 s all show long); a lost one is looked for every 2 s
STOP_WAIT_SECONDS = 2.0  # stop() waits at most this long for the supervisor
NO_MIC = "No microphone found: streaming a silent track"
NO_PYAUDIO = "No microphone support (PyAudio is not installed): streaming a silent track"
LOST_MIC = "Microphone lost: streaming silence until it is back"
LAYOUT = {1: "mono", 2: "stereo"}[CHANNELS]  # FFmpeg's name for the studio's channels
# PortAudio's own values (portaudio.h), so that opening a stream needs no `import pyaudio`.
PA_FLOAT32 = 1  # paFloat32
PA_CONTINUE = 0  # paContinue

log = logging.getLogger(__name__)

# Pa_Initialize/Pa_Terminate are reference-counted but not thread-safe. PortAudio lists devices
# when the count goes from 0 to 1: a device plugged in later is seen only after every PyAudio of
# the process has been terminated and a new one made.
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


class DeviceResampler:
    """A microphone's own rate (44.1 kHz, say) to the studio's 48 kHz stereo, block by block as
    PortAudio delivers: FFmpeg's resampler (libswresample, through PyAV), which keeps its
    filter's state between blocks, so the output is seamless whatever the block sizes, and in
    phase with the input. It holds back its filter's length (about 17 samples, 0.4 ms) until
    the next block brings more."""

    def __init__(self, in_rate: int) -> None:
        self.in_rate = in_rate
        self._resampler = av.AudioResampler(format="flt", layout=LAYOUT, rate=SAMPLE_RATE)

    def process(self, x: np.ndarray) -> np.ndarray:
        """float32 (n, CHANNELS) at the device's rate -> float32 (m, CHANNELS) at 48 kHz."""
        if not len(x):
            return np.zeros((0, CHANNELS), np.float32)
        packed = np.ascontiguousarray(x, np.float32).reshape(1, -1)  # "flt": channels interleaved
        frame = av.AudioFrame.from_ndarray(packed, format="flt", layout=LAYOUT)
        frame.sample_rate = self.in_rate
        out = [f.to_ndarray().reshape(-1, CHANNELS) for f in self._resampler.resample(frame)]
        return np.concatenate(out) if out else np.zeros((0, CHANNELS), np.float32)


class MicrophoneSource(Source):
    """Captures a microphone into a ring buffer; `read_audio(n)` drains it (48 kHz stereo).

    A supervisor thread watches the open stream: when its callback stops delivering for
    STALL_SECONDS, or the stream goes inactive or errs (a USB microphone unplugged mid-show), the
    device counts as lost: the stream is closed, `available` is False, `lost` True and `notice`
    LOST_MIC, while `read_audio` keeps returning silence. While no device is open (lost, or
    missing at start) it re-initialises PortAudio and tries the same selector again every
    REOPEN_SECONDS; the supervisor alone opens and closes devices, the callback only fills the
    ring.
    """

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
        self.lost = False  # True from a mid-show loss until the device is back
        self.device_name: str | None = None
        self.device_rate: int | None = None
        self.ring = AudioRing(int(SAMPLE_RATE * BUFFER_SECONDS))
        self._level = -math.inf
        self._pa: Any = None
        self._stream: Any = None
        self._resampler: DeviceResampler | None = None
        self._channels = 1
        self._last_audio = 0.0  # time.monotonic() of the last callback
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None

    @property
    def label(self) -> str:
        return self.device_name or ("Microphone" if not self.selector else f"Mic {self.selector}")

    @property
    def level_dbfs(self) -> float:
        """Peak of the last block returned by read_audio, in dBFS; -inf for silence."""
        return self._level

    def start(self) -> None:
        if self._supervisor is not None and self._supervisor.is_alive():
            return
        self._stopping.clear()
        # The first attempt runs here, so `available` and `notice` are known when start returns.
        if not self._attempt() and self.notice == NO_PYAUDIO:
            return  # nothing will ever appear: no supervisor
        self._supervisor = threading.Thread(
            target=self._supervise, name=f"mic-supervisor {self.spec}", daemon=True
        )
        self._supervisor.start()

    def stop(self) -> None:
        self._stopping.set()
        thread, self._supervisor = self._supervisor, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_WAIT_SECONDS)
            if thread.is_alive():
                # Stuck in a PortAudio call on a vanished device: it closes everything itself
                # when that call returns; closing here too would race it.
                log.warning("Microphone %s: PortAudio is slow to let go", self.label)
                self.available = False
                return
        self._close()
        self.available = False

    # -- the supervisor thread: the only one that opens and closes devices after start() -------

    def _supervise(self) -> None:
        wait = REOPEN_SECONDS
        next_try = time.monotonic() + wait
        try:
            while not self._stopping.wait(SUPERVISE_SECONDS):
                if self._stream is not None:
                    reason = self._loss_reason()
                    if reason is not None:
                        self._lose(reason)
                        wait = REOPEN_SECONDS
                        next_try = time.monotonic() + wait
                elif time.monotonic() >= next_try:
                    if self._attempt():
                        log.info("Microphone %s is open again", self.label)
                        wait = REOPEN_SECONDS
                    elif not self.lost:  # never found: look less often; a lost one: 2 s
                        wait = min(REOPEN_MAX_SECONDS, wait * 2)
                    next_try = time.monotonic() + wait
        except Exception:  # never let the thread die silently with a device open
            log.exception("Microphone %s: supervisor failed", self.label)
        finally:
            self._close()
            self.available = False

    def _loss_reason(self) -> str | None:
        try:
            if not self._stream.is_active():
                return "the stream stopped"
        except Exception as exc:  # PortAudio reports a dead device as OSError
            return f"PortAudio error: {exc}"
        quiet = time.monotonic() - self._last_audio
        if quiet > STALL_SECONDS:
            return f"no audio for {quiet:.1f} s"
        return None

    def _lose(self, reason: str) -> None:
        # State first, so the window says so even if closing the stream blocks.
        self.available = False
        self.lost = True
        self.notice = LOST_MIC
        log.warning("Microphone %s lost (%s): streaming silence", self.label, reason)
        self._close()

    def _attempt(self) -> bool:
        """Initialise PortAudio (so that new devices are seen), find the device and open it.
        True when a stream runs; else `notice` says why (kept as LOST_MIC after a loss) and
        nothing is left open."""
        try:
            self._pa = _new_pyaudio()
        except ImportError:
            self._fail(NO_PYAUDIO)
            return False
        except Exception as exc:
            self._fail(f"Audio system unavailable ({exc}): streaming a silent track")
            return False
        try:
            self._open(self._find_device())
        except LookupError as exc:
            self._fail(str(exc))
            return False
        except Exception as exc:  # PortAudio reports every device problem as OSError/ValueError
            self._fail(f"Cannot open microphone {self.label} ({exc}): streaming a silent track")
            return False
        self.available = True
        self.lost = False
        self.notice = None
        return True

    def _fail(self, message: str) -> None:
        self.available = False
        if not self.lost:  # after a loss the notice stays "lost" until the device is back
            self.notice = message
        self._close()

    def _find_device(self) -> dict:
        """The device info for the selector; LookupError (with the notice) when none."""
        pa = self._pa
        if not self.selector:
            try:
                return pa.get_default_input_device_info()
            except OSError:  # "No Default Input Device Available"
                raise LookupError(NO_MIC) from None
        devices = [pa.get_device_info_by_index(i) for i in range(pa.get_device_count())]
        inputs = [d for d in devices if int(d.get("maxInputChannels", 0)) > 0]
        if self.selector.isdigit():
            found = [d for d in inputs if d["index"] == int(self.selector)]
        else:
            want = self.selector.casefold()
            found = [d for d in inputs if want in str(d.get("name", "")).casefold()]
        if not found:
            raise LookupError(f"No microphone matching {self.selector!r}: streaming a silent track")
        return found[0]

    def _open(self, info: dict) -> None:
        self.device_name = str(info.get("name"))
        self._channels = min(int(info["maxInputChannels"]), CHANNELS)
        default_rate = round(float(info.get("defaultSampleRate") or SAMPLE_RATE))
        rates = [SAMPLE_RATE] + ([default_rate] if default_rate != SAMPLE_RATE else [])
        error: Exception | None = None
        self._last_audio = time.monotonic()  # the stall clock starts at the open
        for rate in rates:  # 48 kHz first; else the device's own rate, resampled here
            try:
                self._resampler = None if rate == SAMPLE_RATE else DeviceResampler(rate)
                self._stream = self._pa.open(
                    format=PA_FLOAT32,
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
        self._last_audio = time.monotonic()
        if in_data:
            x = np.frombuffer(in_data, np.float32).reshape(-1, self._channels)
            if self._channels == 1:
                x = np.repeat(x, CHANNELS, axis=1)
            if self._resampler is not None:
                x = self._resampler.process(x)
            self.ring.write(x)
        return None, PA_CONTINUE

    def read_audio(self, n: int) -> np.ndarray:
        out = self.ring.read(n)
        peak = float(np.abs(out).max()) if n else 0.0
        self._level = 20 * math.log10(peak) if peak > 0 else -math.inf
        return out

    def _close(self) -> None:
        """Close the stream and terminate PortAudio; a vanished device may raise anything."""
        stream, self._stream = self._stream, None
        pa, self._pa = self._pa, None
        if stream is not None:
            try:
                stream.stop_stream()
            except Exception:
                pass
            try:
                stream.close()
            except Exception:
                pass
        if pa is not None:
            try:
                _terminate(pa)
            except Exception:
                pass
