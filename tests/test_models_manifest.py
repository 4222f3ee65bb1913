"""The committed models/: manifest, files, licence, and that ONNX Runtime runs them as described.

models/make_models.py makes these files (once, by hand); this checks what was committed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MANIFEST = json.loads((MODELS_DIR / "manifest.json").read_text(encoding="utf-8"))
EXPECTED = {
    "selfie_segmentation",
    "selfie_segmentation_landscape",
    "face_detection_short_range",
    "face_landmark",
}


def _session(entry: dict) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(
        str(MODELS_DIR / entry["file"]), options, providers=["CPUExecutionProvider"]
    )


def test_manifest_names_the_source_and_every_model() -> None:
    assert MANIFEST["format"] == 1
    source = MANIFEST["source"]
    assert (source["package"], source["version"]) == ("mediapipe", "0.10.14")
    assert source["licence"] == "Apache-2.0"
    assert source["authors"] == "The MediaPipe Authors"
    assert set(MANIFEST["models"]) == EXPECTED
    for name, entry in MANIFEST["models"].items():
        assert entry["file"] == f"{name}.onnx"
        assert entry["from"].startswith("mediapipe/modules/") and entry["from"].endswith(".tflite")
        assert entry["changes"] and entry["max_abs_diff_vs_tflite"] <= 1e-3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_model_file_matches_manifest_and_loads(name: str) -> None:
    entry = MANIFEST["models"][name]
    data = (MODELS_DIR / entry["file"]).read_bytes()
    assert len(data) == entry["bytes"]
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]

    session = _session(entry)
    assert session.get_providers() == ["CPUExecutionProvider"]
    for got, want in (
        (session.get_inputs(), entry["inputs"]),
        (session.get_outputs(), entry["outputs"]),
    ):
        assert [(t.name, list(t.shape), t.type) for t in got] == [
            (t["name"], t["shape"], "tensor(float)") for t in want
        ]
        assert all(t["dtype"] == "float32" for t in want)

    # Every model runs on a mid-grey picture and gives finite outputs of the declared shapes.
    spec = entry["inputs"][0]
    low, high = spec["range"]
    grey = np.full(spec["shape"], (low + high) / 2, np.float32)
    outputs = session.run(None, {spec["name"]: grey})
    for value, want in zip(outputs, entry["outputs"], strict=True):
        assert list(value.shape) == want["shape"] and np.isfinite(value).all()


@pytest.mark.parametrize("name", ["selfie_segmentation", "selfie_segmentation_landscape"])
def test_selfie_mask_of_a_blank_picture_is_a_probability(name: str) -> None:
    entry = MANIFEST["models"][name]
    spec = entry["inputs"][0]
    assert spec["layout"] == "NHWC RGB" and spec["range"] == [0, 1]
    session = _session(entry)
    for level in (0.0, 1.0):
        (mask,) = session.run(None, {spec["name"]: np.full(spec["shape"], level, np.float32)})
        assert mask.dtype == np.float32
        assert mask.min() >= 0.0 and mask.max() <= 1.0
        assert mask.mean() < 0.5  # nobody in a blank picture


def test_licence_and_notice_travel_with_the_models() -> None:
    licence = (MODELS_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    notice = (MODELS_DIR / "NOTICE").read_text(encoding="utf-8")
    assert "The MediaPipe Authors" in notice
    assert "mediapipe 0.10.14" in notice
    for change in ("ONNX", "Convolution2DTransposeBias", "float16"):
        assert change in notice
