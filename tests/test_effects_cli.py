"""`studio effects`, and the effects options of `studio stream`, `studio bench` and `studio doctor`,
run for real: the shipped models on a real photo (skimage.data.astronaut(), NASA, public domain).

Regions of the astronaut photo (512x512), read off the picture by eye: her face is about rows
70-160, columns 185-265; the top corners are backdrop (the flag's top left, the grey studio wall
top right), far from her.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from streaming import assert_clean_error, studio

from studio.cli import main

ROOT = Path(__file__).resolve().parents[1]
FACE = (slice(70, 160), slice(185, 265))
TOP_CORNERS = ((slice(0, 80), slice(0, 80)), (slice(0, 80), slice(432, 512)))


@pytest.fixture(scope="module")
def astronaut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import skimage.data

    path = tmp_path_factory.mktemp("photos") / "astronaut.png"
    image = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    assert cv2.imwrite(str(path), image)
    return path


def read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    assert image is not None, path
    return image


# --- studio effects: what it makes ---


def test_blur_keeps_the_face_and_blurs_the_backdrop(astronaut: Path, tmp_path: Path):
    out = tmp_path / "blur.png"
    run = studio("effects", str(astronaut), str(out), "--background", "blur:80")
    assert run.returncode == 0, run.output
    assert "provider cpu" in run.stdout and " ms " in run.stdout, run.stdout
    before, after = read(astronaut), read(out)
    assert after.shape == before.shape
    diff = np.abs(after.astype(np.int16) - before.astype(np.int16))
    assert diff[FACE].mean() < 2  # the person stays sharp
    top_left = TOP_CORNERS[0]  # the flag's stripes are smeared
    assert diff[top_left].mean() > 8
    sharpness = cv2.Laplacian(cv2.cvtColor(after, cv2.COLOR_BGR2GRAY), cv2.CV_64F)
    original = cv2.Laplacian(cv2.cvtColor(before, cv2.COLOR_BGR2GRAY), cv2.CV_64F)
    assert sharpness[top_left].var() < 0.2 * original[top_left].var()


def test_remove_gives_a_png_with_alpha_on_the_person_only(astronaut: Path, tmp_path: Path):
    out = tmp_path / "cut-out.png"
    run = studio("effects", str(astronaut), str(out), "--background", "remove")
    assert run.returncode == 0, run.output
    image = read(out)
    assert image.shape == (512, 512, 4) and image.dtype == np.uint8
    alpha = image[..., 3].astype(np.float32) / 255
    assert alpha[FACE].mean() >= 0.9
    for corner in TOP_CORNERS:
        assert alpha[corner].mean() <= 0.1
    # The colours are the photo's own: nothing but the alpha was added.
    assert np.array_equal(image[..., :3], read(astronaut))


def test_mask_is_grey_at_the_input_size_without_any_effect(astronaut: Path, tmp_path: Path):
    out, mask_path = tmp_path / "same.jpg", tmp_path / "mask.png"
    run = studio("effects", str(astronaut), str(out), "--mask", str(mask_path))
    assert run.returncode == 0, run.output
    mask = read(mask_path)
    assert mask.shape == (512, 512) and mask.dtype == np.uint8  # one 8-bit channel
    weight = mask.astype(np.float32) / 255
    assert weight[FACE].mean() >= 0.9
    for corner in TOP_CORNERS:
        assert weight[corner].mean() <= 0.1
    assert read(out).shape == (512, 512, 3)


def test_beautify_natural_changes_the_face_only(astronaut: Path, tmp_path: Path):
    out = tmp_path / "natural.png"
    run = studio("effects", str(astronaut), str(out), "--beautify", "natural")
    assert run.returncode == 0, run.output
    before, after = read(astronaut).astype(np.int16), read(out).astype(np.int16)
    diff = np.abs(after - before)
    assert diff[FACE].mean() > 0.5  # smoothed and brightened
    assert diff[FACE].max() > 5
    for corner in TOP_CORNERS:
        assert diff[corner].max() == 0
    assert diff[300:].max() == 0  # the suit (the goods a merchant holds up stay true too)


def test_replace_puts_the_picture_behind_and_non_ascii_paths_work(astronaut: Path, tmp_path: Path):
    folder = tmp_path / "直播 背景"
    folder.mkdir()
    backdrop = folder / "绿色.png"
    green = np.zeros((300, 400, 3), np.uint8)
    green[:] = (0, 200, 0)
    ok, data = cv2.imencode(".png", green)
    assert ok
    backdrop.write_bytes(data.tobytes())
    source = folder / "主播.png"
    source.write_bytes(astronaut.read_bytes())
    out = folder / "结果.webp"
    run = studio("effects", str(source), str(out), "--background", f"replace:{backdrop}")
    assert run.returncode == 0, run.output
    image = cv2.imdecode(np.fromfile(out, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (512, 512, 3)
    for corner in TOP_CORNERS:
        assert np.abs(image[corner].astype(np.int16) - (0, 200, 0)).mean() < 12
    assert np.abs(image[FACE].astype(np.int16) - read(astronaut)[FACE]).mean() < 6


def test_replace_with_a_looping_video(astronaut: Path, tmp_path: Path):
    backdrop = tmp_path / "loop.mkv"
    with av.open(str(backdrop), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        blue = np.zeros((240, 320, 3), np.uint8)
        blue[:] = (200, 0, 0)
        for _ in range(10):
            container.mux(stream.encode(av.VideoFrame.from_ndarray(blue, format="bgr24")))
        container.mux(stream.encode())
    out = tmp_path / "o.png"
    run = studio("effects", str(astronaut), str(out), "--background", f"replace:{backdrop}")
    assert run.returncode == 0, run.output
    image = read(out).astype(np.int16)
    for corner in TOP_CORNERS:
        assert np.abs(image[corner] - (200, 0, 0)).mean() < 12


# --- studio effects: errors are one line ---


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["{tmp}/missing.png", "{tmp}/o.png", "--background", "blur"], "missing.png"),
        (["{tmp}/notes.png", "{tmp}/o.png", "--background", "blur"], "is not an image"),
        (["{photo}", "{tmp}/o.png", "--background", "fog"], "unknown background effect"),
        (["{photo}", "{tmp}/o.png", "--background", "blur:150"], "from 0 to 100"),
        (["{photo}", "{tmp}/o.png", "--background", "replace:{tmp}/gone.jpg"], "gone.jpg"),
        (["{photo}", "{tmp}/o.png", "--background", "replace:{tmp}/notes.png"], "notes.png"),
        (["{photo}", "{tmp}/o.png", "--beautify", "smooth=lots"], "whole number"),
        (["{photo}", "{tmp}/o.png", "--beautify", "sparkle"], "unknown beautify setting"),
        (["{photo}", "{tmp}/o.png", "--provider", "tpu"], "Unknown inference provider"),
        (["{photo}", "{tmp}/o.jpg", "--background", "remove"], "use .png or .webp"),
        (["{photo}", "{tmp}/no-folder/o.png", "--background", "blur"], "does not exist"),
        (["{photo}", "{tmp}/o.xyz", "--background", "blur"], "cannot write .xyz"),
        (["{photo}", "/proc/o.png", "--background", "blur"], "cannot write output /proc/o.png"),
        (["{photo}", "{tmp}/o.png", "--mask", "{tmp}/m.jpg"], "name it .png"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], expected: str, astronaut: Path, tmp_path):
    (tmp_path / "notes.png").write_text("not a picture at all\n", encoding="utf-8")
    run = studio("effects", *(a.format(tmp=tmp_path, photo=astronaut) for a in args))
    assert run.returncode == 2, run.output
    assert expected in run.stderr, run.stderr
    assert_clean_error(run)
    assert not (tmp_path / "o.png").exists()


def damaged_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    """A copy of models/ with one file damaged (same size, other bytes), found first: models
    are taken from SHOPCAST_MODELS first (studio.vision.models)."""
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "models", bundle / "models")
    model = bundle / "models" / name
    data = bytearray(model.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    model.write_bytes(bytes(data))
    monkeypatch.setenv("SHOPCAST_MODELS", str(bundle / "models"))
    return model


@pytest.mark.parametrize(
    ("option", "model"),
    [
        (["--background", "blur"], "selfie_segmentation.onnx"),
        (["--beautify", "natural"], "face_landmark.onnx"),
    ],
)
def test_a_damaged_model_fails_clearly(
    option: list[str],
    model: str,
    astronaut: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    damaged_models(tmp_path, monkeypatch, model)
    out = tmp_path / "o.png"
    code = main(["effects", str(astronaut), str(out), *option])
    captured = capsys.readouterr()
    assert code == 1, captured
    assert captured.err.startswith("studio: error: ")
    assert len(captured.err.strip().splitlines()) == 1
    assert f"{model} is damaged" in captured.err and "reinstall" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not out.exists()


def test_doctor_lists_the_models_and_a_damaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "cpu" in report["onnx_providers"]
    statuses = {m["name"]: m["status"] for m in report["models"]["list"]}
    assert statuses == {
        "selfie_segmentation": "ok",
        "selfie_segmentation_landscape": "ok",
        "face_detection_short_range": "ok",
        "face_landmark": "ok",
    }

    damaged_models(tmp_path, monkeypatch, "face_detection_short_range.onnx")
    (tmp_path / "bundle" / "models" / "selfie_segmentation_landscape.onnx").unlink()
    assert main(["doctor"]) == 0  # the stream still works without effects
    text = capsys.readouterr().out
    assert "face_detection_short_range: corrupt" in text
    assert "selfie_segmentation_landscape: missing" in text
    assert "selfie_segmentation: ok" in text


# --- studio stream and studio bench with effects ---


def portrait_canvas(astronaut: Path) -> np.ndarray:
    """The astronaut as a phone would frame her on a 720x1280 canvas: scaled to the width, at
    the top, the bottom rows repeated below (so the layer fills the canvas as it is)."""
    photo = cv2.resize(read(astronaut), (720, 720), interpolation=cv2.INTER_CUBIC)
    return np.concatenate([photo, np.repeat(photo[-1:], 560, axis=0)])


@pytest.fixture(scope="module")
def presenter(astronaut: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The portrait canvas as a picture and as a 1 s camera-like clip (every frame new)."""
    folder = tmp_path_factory.mktemp("presenter")
    canvas = portrait_canvas(astronaut)
    picture, clip = folder / "presenter.png", folder / "presenter.mkv"
    assert cv2.imwrite(str(picture), canvas)
    with av.open(str(clip), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 720, 1280, "yuv420p"
        stream.options = {"crf": "16", "preset": "ultrafast"}
        for _ in range(30):
            frame = av.VideoFrame.from_ndarray(canvas, format="bgr24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return picture, clip


def recorded_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]


SCALE = 720 / 512  # the photo on the portrait canvas
CANVAS_FACE = tuple(slice(round(s.start * SCALE), round(s.stop * SCALE)) for s in FACE)
CANVAS_FLAG = (slice(0, 110), slice(0, 110))  # the flag's stripes, top left: backdrop


def blurred_frames(record: Path, original: np.ndarray, skip: int = 30) -> list[bool]:
    """For each recorded frame after the first second: whether the backdrop is blurred while the
    face is kept (the difference to the original picture is large on the flag, small on her)."""
    verdicts = []
    for frame in recorded_frames(record)[skip:]:
        diff = np.abs(frame.astype(np.int16) - original)
        assert diff[CANVAS_FACE].mean() < 8  # the encodes' own error, and a gentle beautify
        verdicts.append(bool(diff[CANVAS_FLAG].mean() > 20))
    return verdicts


def stream_with_blur(source: str, record: Path) -> None:
    run = studio(
        "stream", "--source", source, "--audio", "none", "--canvas", "720x1280",
        "--record", str(record), "--duration", "4", "--background", "blur:100",
        "--beautify", "natural",
    )  # fmt: skip
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output
    assert "vision cpu" in run.stdout, run.stdout
    assert "studio:" not in run.stderr, run.stderr  # no effect problem to report


@pytest.mark.slow
def test_stream_with_background_blur_records_the_effect(
    presenter: tuple[Path, Path], astronaut: Path, tmp_path: Path
):
    """A camera-like source (a new frame every tick): every frame has the effect."""
    record = tmp_path / "show.mkv"
    stream_with_blur(f"file:{presenter[1]}", record)
    verdicts = blurred_frames(record, portrait_canvas(astronaut).astype(np.int16))
    assert len(verdicts) >= 2 * 30
    assert all(verdicts), "".join("B" if v else "." for v in verdicts)


@pytest.mark.slow
def test_stream_on_a_still_picture_keeps_the_effect(
    presenter: tuple[Path, Path], astronaut: Path, tmp_path: Path
):
    record = tmp_path / "still.mkv"
    stream_with_blur(f"image:{presenter[0]}", record)
    verdicts = blurred_frames(record, portrait_canvas(astronaut).astype(np.int16))
    assert all(verdicts), "".join("B" if v else "." for v in verdicts)


def test_stream_reports_a_damaged_model_once_and_goes_on(astronaut: Path, tmp_path: Path):
    """The effect turns off, the message is shown once, and the recording is made."""
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "models", bundle / "models")
    (bundle / "models" / "selfie_segmentation.onnx").write_bytes(b"broken")
    record = tmp_path / "show.mkv"
    script = (
        f"import sys; sys._MEIPASS = {str(bundle)!r}; from studio.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", script, "stream", "--source", f"image:{astronaut}",
         "--audio", "none", "--canvas", "720x1280", "--record", str(record), "--duration", "3",
         "--background", "blur"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stderr.splitlines() if "selfie_segmentation" in line]
    assert len(problems) == 1, result.stderr
    assert problems[0].startswith("studio: effects on ") and "is damaged" in problems[0]
    assert "Traceback" not in result.stderr
    assert "recorded" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--background", "blur:x"], "--background: blur must be a whole number"),
        (["--beautify", "natural,slim=101"], "--beautify: slim must be from 0 to 100"),
        (["--background", "replace:{tmp}/nope.png"], "not found"),
        (["--background", "replace:{tmp}/notes.txt"], "notes.txt"),
        (["--provider", "cuda"], "--provider: The CUDA inference provider is not available"),
    ],
)
def test_stream_bad_effect_values_are_usage_errors(args: list[str], expected: str, tmp_path):
    (tmp_path / "notes.txt").write_text("no picture\n", encoding="utf-8")
    run = studio(
        "stream", "--record", str(tmp_path / "x.mkv"), "--duration", "1",
        *(a.format(tmp=tmp_path) for a in args),
    )  # fmt: skip
    assert run.returncode == 2, run.output
    assert expected in run.stderr, run.stderr
    assert_clean_error(run)
    assert not (tmp_path / "x.mkv").exists()  # nothing started


def test_bench_with_effects_reports_the_vision_cost():
    run = studio(
        "bench", "--seconds", "2", "--canvas", "360x640", "--no-ffmpeg", "--json",
        "--background", "blur", "--beautify", "natural",
    )  # fmt: skip
    assert run.returncode == 0, run.output
    result = json.loads(run.stdout)["studio"]
    vision = result["vision"]
    assert vision["provider"] == "cpu"
    assert (vision["background"], vision["beautify"]) == ("blur:60", "natural")
    assert vision["analyse_ms"] > 0 and vision["apply_ms"] > 0 and vision["every_n"] >= 1
    expected = vision["analyse_ms"] / vision["every_n"] + vision["apply_ms"]
    assert vision["vision_ms_per_frame"] == pytest.approx(expected, abs=0.05)
    assert vision["problems"] == [] and vision["notice"] is None
    for key in ("fps", "frames_repeated_pct", "cpu_cores"):
        assert isinstance(result[key], float | int)
    assert result["recorded_frames"] > 0 and result["recording_error"] is None


def test_bench_camera_stand_in_shows_a_moving_person():
    from studio.clock import MediaClock
    from studio.commands.bench import PersonCamera, person_photo
    from studio.vision.effects import Effects
    from studio.vision.settings import EffectSettings, parse_background

    camera = PersonCamera(MediaClock(), (360, 640), 30, person_photo(), memory_mb=2)
    assert len(camera.frames) == 8
    first, last = camera.frames[0], camera.frames[-1]
    assert first.shape == (640, 360, 3) and not first.flags.writeable
    assert np.abs(first.astype(np.int16) - last).mean() > 5  # it moves
    effects = Effects(EffectSettings(background=parse_background("blur")), threaded=False)
    try:
        for frame in (first, last):  # a person in view all along
            mask = effects.person_mask(frame)
            assert mask is not None and mask[:320].mean() > 0.3
    finally:
        effects.close()
