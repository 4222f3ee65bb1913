"""`studio bench --make-source` and `--source FILE`: a camera-like clip made by the ffmpeg CLI,
decoded as the studio's camera and by the ffmpeg CLI in the same run."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from streaming import assert_clean_error, studio


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "camera.mp4"
    run = studio("bench", "--make-source", str(path), "--canvas", "320x576")
    assert run.returncode == 0, run.output
    assert str(path) in run.stdout
    return path


def test_made_clip_is_a_panning_noisy_camera_at_the_canvas_size(clip: Path) -> None:
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (320, 576)
        assert float(stream.average_rate) == 30
        frames = [f.to_ndarray(format="gray").astype(np.int16) for f in container.decode(stream)]
    assert len(frames) == 300  # ten seconds: one pan there and back
    # Grain: two neighbouring frames differ all over, not only where the picture moved.
    changed = np.abs(frames[1] - frames[0]) > 0
    assert changed.mean() > 0.5
    # The pan: a quarter of the way through, the picture has moved well beyond the grain.
    assert np.abs(frames[75] - frames[0]).mean() > 3 * np.abs(frames[1] - frames[0]).mean()
    # It loops without a jump: the last frame is close to the first.
    assert np.abs(frames[-1] - frames[0]).mean() < np.abs(frames[75] - frames[0]).mean() / 2


def test_bench_decodes_the_source_and_ffmpeg_decodes_it_too(clip: Path) -> None:
    run = studio("bench", "--source", str(clip), "--seconds", "2", "--canvas", "320x576", "--json")
    assert run.returncode == 0, run.output
    result = json.loads(run.stdout)
    studio_part = result["studio"]
    assert studio_part["camera"] == {"file": str(clip), "decoded": True}
    assert studio_part["recorded_frames"] > 30 and studio_part["recording_error"] is None
    assert studio_part["frames_not_recorded"] == 0
    ffmpeg = result["ffmpeg_cli"]
    assert ffmpeg["source"] == str(clip) and ffmpeg["cpu_cores"] > 0
    assert result["cpu_ratio_vs_ffmpeg"] > 0


def test_a_source_that_is_no_video_is_one_readable_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")
    for path in (notes, tmp_path / "missing.mp4"):
        run = studio("bench", "--source", str(path), "--seconds", "1", "--no-ffmpeg")
        assert run.returncode == 2, run.output
        assert "--source" in run.stderr and str(path) in run.stderr
        assert_clean_error(run)
