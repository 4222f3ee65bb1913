"""`studio bench --window` with effects compares like with like: the window's phase records the
same camera with the same effects as the headless phase it is compared with."""

from __future__ import annotations

import json

import pytest
from streaming import studio


@pytest.mark.slow
def test_window_phase_runs_the_headless_phase_effects() -> None:
    run = studio(
        "bench", "--window", "--seconds", "2", "--canvas", "320x576", "--no-ffmpeg", "--json",
        "--background", "blur", "--beautify", "natural",
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.output
    result = json.loads(run.stdout)
    # Without --source, both phases decode one camera-like clip made for the run.
    camera = result["studio"]["camera"]
    assert camera["decoded"] and camera["file"].endswith("camera.mp4")
    assert result["studio"]["vision"]["apply_ms"] > 0
    window = result["window"]
    assert "error" not in window, window
    assert window["effects_apply_ms"]["Camera"] > 0  # the effects ran in the window too
    assert window["preview_cost_cores"] == pytest.approx(
        window["cpu_cores"] - result["studio"]["cpu_cores"], abs=0.002
    )
