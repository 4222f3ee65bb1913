"""A source seen through its effects: what the layer shows when beautify or a background is on.

It hands each new frame of the source to the vision worker and gives the compositor the frame
with the newest analysis applied, made once per new frame or new analysis. With the effects off
the source's own frame goes through untouched.
"""

from __future__ import annotations

import numpy as np

from studio.capture.base import Source, VideoFrame
from studio.vision import planar
from studio.vision.effects import Effects
from studio.vision.settings import EffectSettings

RESUBMIT_S = 0.2  # a still picture is offered again this often: its turns keep its result fresh


class EffectsSource(Source):
    def __init__(self, inner: Source, effects: Effects) -> None:
        super().__init__(inner.spec, inner.clock)
        self.inner = inner
        self.effects = effects
        self.kind = inner.kind
        self.has_video = inner.has_video
        self.has_audio = inner.has_audio
        self._submitted: tuple[int, float] = (-1, 0.0)  # source frame seq, when
        self._key: tuple = ()
        self._out: VideoFrame | None = None
        self._seq = 0
        self._converted: tuple[VideoFrame, np.ndarray] | None = None  # a BGR frame in I420
        # For the window's before/after view (read from any thread, never rendered there):
        self.original: VideoFrame | None = None  # the newest frame before effects
        self.shown: VideoFrame | None = None  # the newest frame given to the compositor

    @classmethod
    def wrap(cls, inner: Source, settings: EffectSettings) -> EffectsSource:
        return cls(inner, Effects(settings, clock=inner.clock))

    @property
    def label(self) -> str:
        return self.inner.label

    @property
    def notice(self) -> str | None:  # type: ignore[override]
        return self.inner.notice

    @notice.setter
    def notice(self, value: str | None) -> None:
        pass  # the inner source owns its notice

    def start(self) -> None:
        self.inner.start()

    def stop(self) -> None:
        self.effects.close()
        self.inner.stop()

    def read_audio(self, n: int) -> np.ndarray:
        return self.inner.read_audio(n)

    def latest_video(self) -> VideoFrame | None:
        frame = self.inner.latest_video()
        self.original = frame
        effects = self.effects
        if frame is None or not effects.active:
            self.shown = frame
            return frame
        now = self.clock.now()
        picture = self._picture(frame)
        seq, when = self._submitted
        if frame.seq != seq or now - when >= RESUBMIT_S:
            effects.submit(picture, now, new_frame=frame.seq != seq)
            self._submitted = (frame.seq, now)
        analysis = effects.latest(now)
        key = (frame.seq, id(picture), effects.result_seq if analysis else 0, effects.version)
        if key != self._key or self._out is None:
            image = effects.render(picture, analysis)
            if image is picture:
                self.shown = frame
                return frame  # no analysis yet (or it went stale): the picture as it is
            self._seq += 1
            if planar.is_i420(image):
                self._out = VideoFrame(None, frame.time, self._seq, i420=image)
            else:
                self._out = VideoFrame(image, frame.time, self._seq)
            self._key = key
        self.shown = self._out
        return self._out

    def _picture(self, frame: VideoFrame) -> np.ndarray:
        """What the effects work on: the picture in I420 (half the bytes of BGR, and what the
        encoder takes): a decoded frame's own planes, or a camera's BGR picture converted once
        per frame (the conversion the engine would make for the encoder, made before the effects
        instead of after them). A picture of odd size or with transparency stays as it is."""
        h, w, channels = frame.shape
        if not planar.fits(w, h):
            return frame.image
        planes = frame.i420  # a decoded frame's planes; None for a BGR picture
        if planes is not None:
            return planes
        image = frame.image
        if channels != 3:
            return image
        converted = self._converted
        if converted is None or converted[0] is not frame:
            converted = self._converted = (frame, planar.from_bgr(image))
        return converted[1]
