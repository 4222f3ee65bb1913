"""Execution-provider choice, sessions that report the provider really used, and model checks.

The models are the real ones shipped in models/; the damage tests work on a copy in tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import onnxruntime
import pytest

from studio.vision import (
    Manifest,
    ModelError,
    ProviderError,
    SessionError,
    VisionError,
    available_providers,
    choose_providers,
    load_manifest,
    load_model,
    models_dir,
    open_session,
    verify_model,
)
from studio.vision import models as vision_models

MODEL_NAMES = (
    "selfie_segmentation",
    "selfie_segmentation_landscape",
    "face_detection_short_range",
    "face_landmark",
)

ORT_CPU = "CPUExecutionProvider"
ORT_CUDA = "CUDAExecutionProvider"
# We list CUDA as available where ONNX Runtime has none; its own check then warns and drops it.
IGNORE_ORT_WARNING = pytest.mark.filterwarnings("ignore:Specified provider")


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return load_manifest()


@pytest.fixture
def models_copy(tmp_path: Path, manifest: Manifest) -> Manifest:
    """A private copy of models/ that a test may damage."""
    copy = tmp_path / "models"
    shutil.copytree(manifest.dir, copy)
    return load_manifest(copy)


def fake_providers(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    monkeypatch.setattr(onnxruntime, "get_available_providers", lambda: list(names))


def zeros_for(spec_shape: tuple[int | str | None, ...]) -> np.ndarray:
    return np.zeros([d if isinstance(d, int) else 1 for d in spec_shape], np.float32)


# --- choosing a provider -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offered", "auto", "available"),
    [
        ([ORT_CUDA, ORT_CPU], ["cuda", "cpu"], ["cuda", "cpu"]),
        (["CoreMLExecutionProvider", ORT_CPU], ["coreml", "cpu"], ["coreml", "cpu"]),
        ([ORT_CPU, "DmlExecutionProvider", ORT_CUDA], ["cuda", "cpu"], ["cuda", "directml", "cpu"]),
        (["AzureExecutionProvider", ORT_CPU], ["cpu"], ["cpu"]),  # the stock CPU wheel
        ([ORT_CPU], ["cpu"], ["cpu"]),
    ],
)
def test_auto_picks_the_best_installed(
    monkeypatch: pytest.MonkeyPatch, offered: list[str], auto: list[str], available: list[str]
) -> None:
    fake_providers(monkeypatch, *offered)
    assert available_providers() == available
    assert choose_providers() == auto
    assert choose_providers("auto") == choose_providers(None) == auto
    assert choose_providers("cpu") == ["cpu"]


def test_forcing_an_absent_provider_names_the_available_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_providers(monkeypatch, "CoreMLExecutionProvider", ORT_CPU)
    assert choose_providers("CoreML") == ["coreml", "cpu"]
    assert choose_providers("CoreMLExecutionProvider") == ["coreml", "cpu"]
    for absent in ("cuda", "directml"):
        with pytest.raises(ProviderError) as caught:
            choose_providers(absent)
        assert caught.value.code == "provider"
        assert caught.value.available == ["coreml", "cpu"]
        assert "not available" in str(caught.value)
        assert "coreml, cpu" in str(caught.value)
    with pytest.raises(ProviderError, match=r'Unknown inference provider "gpu".*coreml, cpu'):
        choose_providers("gpu")


def test_forced_absent_provider_never_opens_a_session(
    monkeypatch: pytest.MonkeyPatch, manifest: Manifest
) -> None:
    fake_providers(monkeypatch, ORT_CPU)
    with pytest.raises(ProviderError, match="CUDA"):
        open_session(manifest.path("selfie_segmentation"), "cuda")
    with pytest.raises(ProviderError):
        load_model("selfie_segmentation", "cuda", manifest=manifest)


def test_this_machine_offers_the_cpu() -> None:
    assert available_providers()[-1] == "cpu"
    assert choose_providers("cpu") == ["cpu"]


# --- sessions report what really runs ------------------------------------------------------------


def test_selfie_session_reports_the_cpu(manifest: Manifest) -> None:
    spec = manifest.spec("selfie_segmentation")
    session = open_session(manifest.path("selfie_segmentation"), "auto", threads=1)
    assert session.provider == "cpu"
    assert session.notice is None
    assert session.input_names == [t.name for t in spec.inputs]
    assert session.input_name == spec.inputs[0].name
    (mask, *_) = session.run(zeros_for(spec.inputs[0].shape))
    assert mask.dtype == np.float32
    assert 0.0 < session.last_ms < 1000.0
    same = session.run({session.input_name: zeros_for(spec.inputs[0].shape)})
    np.testing.assert_array_equal(same[0], mask)


@IGNORE_ORT_WARNING
@pytest.mark.parametrize("wanted", ["auto", "cuda"])
def test_listed_cuda_that_does_not_run_is_read_back(
    monkeypatch: pytest.MonkeyPatch, manifest: Manifest, wanted: str
) -> None:
    # ONNX Runtime drops CUDA without an error here; only reading the session back shows it.
    fake_providers(monkeypatch, ORT_CUDA, ORT_CPU)
    session = open_session(manifest.path("selfie_segmentation"), wanted)
    assert session.requested == ["cuda", "cpu"]
    assert session.provider == "cpu"
    assert session.notice == "CUDA was asked for but could not start; running on the CPU"


@IGNORE_ORT_WARNING
def test_cuda_that_fails_to_start_falls_back_to_the_cpu(
    monkeypatch: pytest.MonkeyPatch, manifest: Manifest
) -> None:
    fake_providers(monkeypatch, ORT_CUDA, ORT_CPU)
    real = onnxruntime.InferenceSession
    tried: list[list[str]] = []

    def cuda_breaks(path: str, **kwargs: object) -> object:
        providers = list(kwargs["providers"])  # type: ignore[call-overload]
        tried.append(providers)
        if ORT_CUDA in providers:
            raise RuntimeError("CUDA failure 100: no CUDA-capable device is detected\ndetails")
        return real(path, **kwargs)

    monkeypatch.setattr(onnxruntime, "InferenceSession", cuda_breaks)
    session = load_model("selfie_segmentation", manifest=manifest)
    assert tried == [[ORT_CUDA, ORT_CPU], [ORT_CPU]]
    assert session.provider == "cpu"
    assert session.notice == (
        "CUDA was asked for but could not start "
        "(CUDA failure 100: no CUDA-capable device is detected); running on the CPU"
    )


def test_provider_failing_mid_stream_moves_to_the_cpu(manifest: Manifest) -> None:
    spec = manifest.spec("selfie_segmentation")
    session = open_session(manifest.path("selfie_segmentation"), "cpu")
    ep_fail = onnxruntime.capi.onnxruntime_pybind11_state.EPFail

    class FailingGpuSession:
        """Stands in for a CUDA session whose device went away."""

        def __init__(self, real: object) -> None:
            self._real = real

        def __getattr__(self, name: str) -> object:
            return getattr(self._real, name)

        def get_providers(self) -> list[str]:
            return [ORT_CUDA, ORT_CPU]

        def run(self, *args: object) -> object:
            raise ep_fail("CUDA error: out of memory")

    session._adopt(FailingGpuSession(session._session))
    assert session.provider == "cuda"
    outputs = session.run(zeros_for(spec.inputs[0].shape))
    assert len(outputs) == len(spec.outputs)
    assert session.provider == "cpu"
    assert session.notice == "CUDA stopped working (CUDA error: out of memory); running on the CPU"


def test_a_file_that_is_not_a_model_raises_session_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\x08\x07 definitely not a protobuf model" * 10)
    with pytest.raises(SessionError) as caught:
        open_session(junk)
    assert isinstance(caught.value, VisionError)
    assert caught.value.code == "load"


# --- the manifest and the files ------------------------------------------------------------------


def test_manifest_lists_the_shipped_models(manifest: Manifest) -> None:
    assert manifest.format == 1
    assert manifest.dir == models_dir()
    assert set(MODEL_NAMES) <= set(manifest.models)
    assert manifest.source.get("licence") == "Apache-2.0"
    for name in MODEL_NAMES:
        assert verify_model(name, manifest) == manifest.dir / f"{name}.onnx"


def test_truncated_model_is_corrupt(models_copy: Manifest) -> None:
    path = models_copy.path("face_landmark")
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ModelError) as caught:
        verify_model("face_landmark", models_copy)
    assert caught.value.code == "corrupt"
    assert caught.value.subject == "face_landmark.onnx"
    assert "face_landmark.onnx is damaged" in str(caught.value)
    assert "reinstall Shopcast Studio" in str(caught.value)


def test_same_size_tampered_model_is_corrupt(models_copy: Manifest) -> None:
    path = models_copy.path("face_landmark")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"damaged \(checksum mismatch\)") as caught:
        verify_model("face_landmark", models_copy)
    assert caught.value.code == "corrupt"
    with pytest.raises(ModelError, match="checksum mismatch"):
        load_model("face_landmark", manifest=models_copy)


def test_deleted_model_is_missing(models_copy: Manifest) -> None:
    models_copy.path("face_landmark").unlink()
    with pytest.raises(ModelError) as caught:
        load_model("face_landmark", manifest=models_copy)
    assert caught.value.code == "missing"
    assert str(caught.value) == (
        "The model face_landmark.onnx is missing — reinstall Shopcast Studio"
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "",
        lambda text: "[1, 2, 3]",
        lambda text: text.replace('"format": 1', '"format": 99'),
        lambda text: json.dumps({**json.loads(text), "models": []}),
    ],
)
def test_broken_manifest(models_copy: Manifest, damage) -> None:  # type: ignore[no-untyped-def]
    path = models_copy.dir / "manifest.json"
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ModelError, match=r"manifest\.json is unreadable") as caught:
        load_manifest(models_copy.dir)
    assert caught.value.code == "manifest"


def test_missing_manifest_and_unlisted_model(models_copy: Manifest, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"manifest\.json is missing") as caught:
        load_manifest(tmp_path / "nowhere")
    assert caught.value.code == "manifest"
    with pytest.raises(ModelError, match="does not name the model hair_dye") as caught:
        verify_model("hair_dye", models_copy)
    assert caught.value.code == "manifest"


def test_manifest_cannot_point_outside_models(models_copy: Manifest) -> None:
    path = models_copy.dir / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["models"]["face_landmark"]["file"] = "../../etc/passwd"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ModelError, match="bad file name") as caught:
        load_manifest(models_copy.dir)
    assert caught.value.code == "manifest"


def test_checksum_verdict_is_cached(models_copy: Manifest, monkeypatch: pytest.MonkeyPatch) -> None:
    hashed: list[Path] = []
    real_hash = vision_models._sha256_file

    def counting(path: Path) -> str:
        hashed.append(path)
        return real_hash(path)

    monkeypatch.setattr(vision_models, "_sha256_file", counting)
    for _ in range(3):
        verify_model("selfie_segmentation", models_copy)
    assert len(hashed) == 1
    # A rewritten file (new mtime) is hashed again, and a bad verdict is cached too.
    path = models_copy.path("selfie_segmentation")
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    for _ in range(2):
        with pytest.raises(ModelError, match="checksum mismatch"):
            verify_model("selfie_segmentation", models_copy)
    assert len(hashed) == 2


def test_models_dir_prefers_the_pyinstaller_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, manifest: Manifest
) -> None:
    checkout = models_dir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert models_dir() == checkout  # a bundle without models/ is skipped
    shutil.copytree(manifest.dir, tmp_path / "models")
    assert models_dir() == tmp_path / "models"
    assert load_manifest().dir == tmp_path / "models"


# --- loading the real models ---------------------------------------------------------------------


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_load_model_checks_io_and_runs(manifest: Manifest, name: str) -> None:
    spec = manifest.spec(name)
    session = load_model(name, "auto", threads=1, manifest=manifest)
    assert session.provider == "cpu"
    assert session.notice is None
    feed = {t.name: zeros_for(t.shape) for t in spec.inputs}
    outputs = dict(zip(session.output_names, session.run(feed), strict=True))
    for out in spec.outputs:
        got = outputs[out.name]
        assert got.dtype == np.dtype(out.dtype)
        assert all(
            not isinstance(want, int) or want == have
            for want, have in zip(out.shape, got.shape, strict=True)
        ), (out.name, got.shape, out.shape)
        assert np.isfinite(got).all()


def test_manifest_that_disagrees_with_the_model(models_copy: Manifest) -> None:
    path = models_copy.dir / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    entry = raw["models"]["selfie_segmentation"]
    entry["inputs"][0]["shape"] = [1, 512, 512, 3]
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ModelError, match="does not match the model list") as caught:
        load_model("selfie_segmentation", manifest=load_manifest(models_copy.dir))
    assert caught.value.code == "manifest"
    assert "512" in str(caught.value)


def test_file_with_right_checksum_that_onnx_runtime_rejects(models_copy: Manifest) -> None:
    # The checksum protects against damage, not against a bad build: the load itself must fail
    # as a ModelError too, never as ONNX Runtime's own exception.
    path = models_copy.path("face_landmark")
    junk = b"not an onnx model at all " * 40
    path.write_bytes(junk)
    manifest_path = models_copy.dir / "manifest.json"
    raw = json.loads(manifest_path.read_text(encoding="utf-8"))
    raw["models"]["face_landmark"].update(sha256=vision_models._sha256_file(path), bytes=len(junk))
    manifest_path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ModelError, match="ONNX Runtime cannot load it") as caught:
        load_model("face_landmark", manifest=load_manifest(models_copy.dir))
    assert caught.value.code == "corrupt"
