"""A decoded video that is the whole canvas goes to the encoder as the decoder gave it (I420), with
no BGR -> I420 conversion; anything composed is converted as before."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from square_clip import write_square_clip
from waiting import wait_for

from studio.broadcast.encoder import EncoderConfig
from studio.capture.base import VideoFrame
from studio.engine import Engine, EngineConfig
from studio.profile import LayerSettings

W, H = 320, 576


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of a bright square moving over a gradient, I420 H.264 at the canvas size,
    a keyframe every 10 frames."""
    path = tmp_path_factory.mktemp("yuv") / "camera.mkv"
    keyframes_often = {"crf": "12", "preset": "ultrafast", "g": "10"}
    return write_square_clip(path, (W, H), 60, (100, 160, 60, 140), 4, keyframes_often)


def record(tmp_path: Path, layers: list[LayerSettings], seconds: float = 1.5) -> Engine:
    cfg = EncoderConfig(W, H, fps=30, bitrate_kbps=2000, video_encoder="libx264")
    engine = Engine(EngineConfig(cfg, layers, record_path=tmp_path / "out.mkv"))
    engine.start()
    time.sleep(seconds)
    engine.stop()
    return engine


def blurred_camera(tmp_path: Path, spec: str) -> Engine:
    """An engine recording the source `spec` with its background blurred and no preview,
    started, once the effects are applied to its frames (the caller stops it)."""
    cfg = EncoderConfig(W, H, fps=30, bitrate_kbps=2000, video_encoder="libx264")
    fx = {"background": {"mode": "blur", "strength": 100}}
    layers = [LayerSettings("Camera", spec, effects=fx)]
    engine = Engine(EngineConfig(cfg, layers, record_path=tmp_path / "out.mkv"))
    engine.preview_wanted = False
    engine.start()
    try:
        wait_for(lambda: engine.stats().effects["Camera"].apply_ms > 0, what="the effects")
    except AssertionError:
        engine.stop()
        raise
    return engine


def test_the_decoded_canvas_is_encoded_without_conversion(clip: Path, tmp_path: Path) -> None:
    # Longer than the clip: it loops, and its own timestamps start again (ours must not).
    engine = record(tmp_path, [LayerSettings("Camera", f"file:{clip}")], seconds=2.6)
    made = engine.frames - engine.frames_repeated
    assert engine.frames > 60
    recorder = engine.recorder
    assert recorder is not None and recorder.error is None
    assert recorder.video_frames == engine.frames
    # Every frame made once the first picture arrived (before it: the black canvas).
    assert made - 3 <= engine.frames_as_decoded <= made
    # What was recorded is the clip's picture: the square is where the clip has it.
    with av.open(str(tmp_path / "out.mkv")) as container:
        packets = [p for p in container.demux(video=0) if p.size]
    # The encoder's own keyframes (every 2 s: 60 frames), not the file's (every 10 frames).
    keyframes = [i for i, packet in enumerate(packets) if packet.is_keyframe]
    assert keyframes == list(range(0, len(packets), 60))
    with av.open(str(tmp_path / "out.mkv")) as container:
        frames = [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]
    assert len(frames) == engine.frames
    last = frames[-1].astype(int)
    with av.open(str(clip)) as container:
        source = [f.to_ndarray(format="bgr24").astype(int) for f in container.decode(video=0)]
    closest = min(np.abs(last - s).mean() for s in source)
    assert closest < 4  # one of the clip's own frames, encoded once more


def test_a_composed_canvas_is_converted_as_before(clip: Path, tmp_path: Path) -> None:
    half = LayerSettings("Camera", f"file:{clip}", width=W // 2, height=H // 2)
    engine = record(tmp_path, [half], seconds=1.0)
    assert engine.frames > 10
    assert engine.frames_as_decoded == 0
    # Each composed canvas reaches the encoder as its own planes (no copy): what is recorded is
    # that canvas, frame by frame, the picture top left, black elsewhere, the square moving.
    with av.open(str(tmp_path / "out.mkv")) as container:
        frames = [f.to_ndarray(format="gray").astype(int) for f in container.decode(video=0)]
    assert len(frames) == engine.frames
    shown = frames[len(frames) // 2 :]
    for grey in shown:
        assert grey[: H // 2, : W // 2].mean() > 60 and grey[H // 2 :, W // 2 :].max() < 24
    # The square (bright, columns 30-70 of the half-size picture) goes down the picture.
    rows = [float(np.nonzero(g[: H // 2, 30:70] > 160)[0].mean()) for g in shown]
    assert rows[-1] > rows[0] + 10
    assert all(b >= a - 0.5 for a, b in itertools.pairwise(rows))


class CountingDecoded:
    """A real decoded PyAV frame, counting the conversions asked of it."""

    def __init__(self, frame: av.VideoFrame) -> None:
        self.frame = frame
        self.width, self.height = frame.width, frame.height
        self.asked: list[str] = []

    def to_ndarray(self, *, format: str) -> np.ndarray:
        self.asked.append(format)
        return self.frame.to_ndarray(format=format)


def test_a_decoded_frame_is_made_bgr_only_when_asked_and_once(clip: Path) -> None:
    with av.open(str(clip)) as container:
        decoded = CountingDecoded(next(container.decode(video=0)))
    frame = VideoFrame(None, 0.0, 1, decoded=decoded)
    assert frame.shape == (H, W, 3) and decoded.asked == []
    planes = frame.i420
    assert planes is not None and planes.shape == (H * 3 // 2, W)
    assert frame.i420 is planes and decoded.asked == ["yuv420p"]
    image = frame.image
    assert frame.image is image and decoded.asked == ["yuv420p", "bgr24"]
    assert np.array_equal(image, decoded.frame.to_ndarray(format="bgr24"))


def test_without_a_preview_the_decoded_canvas_is_never_made_bgr(clip: Path, tmp_path: Path) -> None:
    cfg = EncoderConfig(W, H, fps=30, bitrate_kbps=2000, video_encoder="libx264")
    layers = [LayerSettings("Camera", f"file:{clip}")]
    engine = Engine(EngineConfig(cfg, layers, record_path=tmp_path / "out.mkv"))
    engine.preview_wanted = False
    engine.start()
    try:
        time.sleep(1.0)
        frame = engine.layers[0].source.latest_video()
        assert frame is not None and frame.i420 is not None
        assert frame._image is None  # nobody asked for BGR: never converted
        assert engine.preview is not None and engine.preview.shape == (H, W, 3)  # on demand
    finally:
        engine.stop()
    assert engine.frames_as_decoded > 20


def test_a_decoded_frame_is_read_as_i420_straight_from_its_planes(clip: Path) -> None:
    """The decoder's planes are copied as they are (their rows padded or not): the same picture
    as PyAV's own conversion, for a fraction of its cost."""
    from studio.capture.base import _i420_of

    with av.open(str(clip)) as container:
        decoded = next(container.decode(video=0))
    assert np.array_equal(_i420_of(decoded), decoded.to_ndarray(format="yuv420p"))
    wide = av.VideoFrame.from_ndarray(
        np.random.default_rng(1).integers(0, 255, (96 * 3 // 2, 1080), np.uint8), format="yuv420p"
    )
    assert any(plane.line_size != plane.width for plane in wide.planes)  # padded rows
    assert np.array_equal(_i420_of(wide), wide.to_ndarray(format="yuv420p"))
    # Other layouts (a webcam's full-range MJPEG, 4:2:2) are converted by the decoder first.
    for layout in ("yuvj420p", "yuv422p", "yuv444p"):
        other = wide.reformat(format=layout)
        assert np.array_equal(_i420_of(other), other.to_ndarray(format="yuv420p")), layout


def test_effects_on_a_decoded_canvas_work_on_its_planes(clip: Path, tmp_path: Path) -> None:
    """A decoded camera with its background blurred: the effects work on the I420 planes and
    the encoder takes their result as it is (no BGR made anywhere without a preview), and what
    is recorded is blurred."""
    engine = blurred_camera(tmp_path, f"file:{clip}")
    try:
        source = engine.layers[0].source
        time.sleep(0.5)
        shown = source.latest_video()
        assert isinstance(shown, VideoFrame) and shown is not source.original
        assert shown.yuv is not None and shown._image is None  # I420, never made BGR
        assert source.original is not None and source.original._image is None
    finally:
        engine.stop()
    # Every frame made once the first picture arrived, with the effects or before them.
    assert engine.frames - engine.frames_repeated - 3 <= engine.frames_as_decoded

    def sharpest(image: np.ndarray) -> float:
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return float(np.abs(cv2.Sobel(grey, cv2.CV_32F, 1, 0)).max())

    # Made BGR only now, for the check: the square's sharp edges are blurred.
    assert sharpest(shown.image) < sharpest(source.original.image) / 4


def test_a_cameras_bgr_picture_is_given_to_the_effects_in_i420(tmp_path: Path) -> None:
    """A camera that gives BGR (OpenCV's) is converted to I420 once, before the effects instead
    of after them: the effects work on the planes and the encoder takes their result as it is.
    Without effects nothing is converted for them (the picture goes through untouched)."""
    engine = blurred_camera(tmp_path, "synthetic")
    try:
        source = engine.layers[0].source
        started = engine.frames
        time.sleep(0.6)
        shown, original = source.latest_video(), source.original
        assert isinstance(shown, VideoFrame) and isinstance(original, VideoFrame)
        assert original.yuv is None  # the camera's own frame: BGR
        assert shown.yuv is not None and shown._image is None  # the effects' planes, as I420
        assert shown.shape == original.shape
    finally:
        engine.stop()
    assert engine.frames_as_decoded >= engine.frames - started - engine.frames_repeated - 3
    assert engine.recorder is not None and engine.recorder.video_frames == engine.frames


def test_a_preview_shown_small_is_made_at_half_size(clip: Path, tmp_path: Path) -> None:
    """When the window shows the canvas at half its size or less, a canvas in I420 is made BGR
    at half size for it (a quarter of the pixels to convert); `preview` still gives the whole
    canvas, converted when asked. Shown bigger, the preview is the canvas as before."""
    cfg = EncoderConfig(W, H, fps=30, bitrate_kbps=2000, video_encoder="libx264")
    engine = Engine(EngineConfig(cfg, [LayerSettings("Camera", f"file:{clip}")]))
    engine.preview_size = (W // 2 - 10, H // 2 - 20)
    engine.start()
    try:
        wait_for(lambda: engine.preview_seq >= 10, what="ten previews")
        made = engine._preview
        shown = engine.shown_preview
        assert shown is not None and shown.shape == (H // 2, W // 2, 3)
        assert made._image is None  # the whole canvas was not made BGR for the window
        whole = engine.preview  # made now, on this thread
        assert whole is not None and whole.shape == (H, W, 3)
        halved = cv2.resize(whole, (W // 2, H // 2), interpolation=cv2.INTER_AREA)
        assert np.abs(halved.astype(int) - shown).mean() < 2  # the same picture, halved
        engine.preview_size = (W // 2 + 10, H // 2)  # shown bigger than half
        seq = engine.preview_seq
        wait_for(lambda: engine.preview_seq >= seq + 3, what="three more previews")
        assert engine.shown_preview.shape == (H, W, 3)
    finally:
        engine.stop()
