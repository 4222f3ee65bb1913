"""The shipped ONNX models: where they are, their manifest, and checking them before use.

Every file problem becomes a ModelError with an English sentence and a `code` ("missing" |
"corrupt" | "manifest"): the effect code turns the effect off, shows the message, and the stream
goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.vision.runtime import SessionError, TensorInfo, VisionError, VisionSession, open_session

MANIFEST_NAME = "manifest.json"
MODELS_ENV = "SHOPCAST_MODELS"  # a folder to take the models from instead of the shipped ones
MANIFEST_FORMAT = 1
_REINSTALL = "reinstall Shopcast Studio"
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


class ModelError(VisionError):
    """A model file or the manifest is missing, damaged or inconsistent. User-facing English.

    `code`: "missing" | "corrupt" | "manifest"; `subject`: the file name concerned.
    """


@dataclass(frozen=True)
class TensorSpec:
    """An input or output as the manifest describes it; a dimension may be a symbol or None."""

    name: str
    shape: tuple[int | str | None, ...]
    dtype: str
    layout: str | None = None  # e.g. "NHWC RGB"
    range: tuple[float, float] | None = None  # value range of an input, e.g. (0, 1)
    meaning: str | None = None


@dataclass(frozen=True)
class ModelSpec:
    name: str
    file: str
    sha256: str
    size: int | None  # the manifest's "bytes"
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    changes: tuple[Any, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)  # keys not read here


@dataclass(frozen=True)
class Manifest:
    dir: Path
    format: int
    source: Mapping[str, Any] = field(compare=False)
    models: Mapping[str, ModelSpec] = field(compare=False)

    def spec(self, name: str) -> ModelSpec:
        try:
            return self.models[name]
        except KeyError:
            raise ModelError(
                f"The model list {MANIFEST_NAME} does not name the model {name} — {_REINSTALL}",
                "manifest",
                name,
            ) from None

    def path(self, name: str) -> Path:
        return self.dir / self.spec(name).file


def models_dirs() -> list[Path]:
    """Where models/ may be: SHOPCAST_MODELS, inside the PyInstaller bundle, beside the package
    in a checkout."""
    dirs = []
    chosen = os.environ.get(MODELS_ENV)
    if chosen:  # a developer's or a test's own copy
        dirs.append(Path(chosen))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "models")
    dirs.append(Path(__file__).resolve().parent.parent.parent / "models")
    return list(dict.fromkeys(dirs))  # in the bundle both name the same folder


def models_dir() -> Path:
    """The first models/ holding a manifest; else the first that exists; else the checkout's."""
    dirs = models_dirs()
    for folder in dirs:
        if (folder / MANIFEST_NAME).is_file():
            return folder
    return next((d for d in dirs if d.is_dir()), dirs[-1])


def _bad_manifest(path: Path, why: str) -> ModelError:
    return ModelError(
        f"The model list {path} is unreadable ({why}) — {_REINSTALL}", "manifest", MANIFEST_NAME
    )


def _shape(value: Any) -> tuple[int | str | None, ...]:
    if not isinstance(value, list) or not all(
        v is None or (isinstance(v, int | str) and not isinstance(v, bool)) for v in value
    ):
        raise ValueError(f"bad shape {value!r}")
    return tuple(value)


def _tensor(raw: Any) -> TensorSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ValueError(f"bad tensor entry {raw!r}")
    value_range = raw.get("range")
    if value_range is not None:
        low, high = value_range
        value_range = (float(low), float(high))
    return TensorSpec(
        name=raw["name"],
        shape=_shape(raw.get("shape")),
        dtype=str(raw.get("dtype", "float32")),
        layout=raw.get("layout"),
        range=value_range,
        meaning=raw.get("meaning"),
    )


_KNOWN_KEYS = {"file", "sha256", "bytes", "inputs", "outputs", "changes"}


def _model(name: str, raw: Any) -> ModelSpec:
    if not isinstance(raw, dict):
        raise ValueError(f"{name}: not an object")
    file = raw.get("file")
    # A bare file name: the manifest must not point outside models/.
    if not isinstance(file, str) or not file or Path(file).name != file or file in (".", ".."):
        raise ValueError(f"{name}: bad file name {file!r}")
    sha = raw.get("sha256")
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise ValueError(f"{name}: bad sha256")
    size = raw.get("bytes")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise ValueError(f"{name}: bad byte count")
    inputs, outputs = raw.get("inputs"), raw.get("outputs")
    if not isinstance(inputs, list) or not isinstance(outputs, list) or not inputs or not outputs:
        raise ValueError(f"{name}: inputs and outputs must be non-empty lists")
    changes = raw.get("changes", [])
    return ModelSpec(
        name=name,
        file=file,
        sha256=sha.lower(),
        size=size,
        inputs=tuple(_tensor(t) for t in inputs),
        outputs=tuple(_tensor(t) for t in outputs),
        changes=tuple(changes) if isinstance(changes, list) else (changes,),
        extra={k: v for k, v in raw.items() if k not in _KNOWN_KEYS},
    )


def load_manifest(dir: str | os.PathLike[str] | None = None) -> Manifest:
    """Read models/manifest.json (or the one in `dir`); ModelError code "manifest" if it is bad."""
    folder = Path(dir) if dir is not None else models_dir()
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(
            f"The model list {path} is missing — {_REINSTALL}", "manifest", MANIFEST_NAME
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise _bad_manifest(path, str(err)) from err
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        if raw.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"format {raw.get('format')!r}, expected {MANIFEST_FORMAT}")
        models = raw.get("models")
        if not isinstance(models, dict):
            raise ValueError('no "models" object')
        source = raw.get("source", {})
        return Manifest(
            dir=folder,
            format=MANIFEST_FORMAT,
            source=source if isinstance(source, dict) else {},
            models={name: _model(name, entry) for name, entry in models.items()},
        )
    except (ValueError, TypeError, KeyError) as err:  # JSONDecodeError is a ValueError
        raise _bad_manifest(path, str(err)) from err


# Verdicts by (path, mtime, size, expected hash): a model is opened several times a session (each
# effect, each provider change) and hashing the 1-3 MB files each time is wasted work. A changed
# file gets a new mtime or size and is hashed again.
_verdicts: dict[tuple[str, int, int, str], bool] = {}
_verdicts_lock = threading.Lock()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _missing(spec: ModelSpec, why: str = "is missing") -> ModelError:
    return ModelError(f"The model {spec.file} {why} — {_REINSTALL}", "missing", spec.file)


def _corrupt(spec: ModelSpec, why: str) -> ModelError:
    message = f"The model {spec.file} is damaged ({why}) — {_REINSTALL}"
    return ModelError(message, "corrupt", spec.file)


def verify_model(name: str, manifest: Manifest | None = None) -> Path:
    """The path of a model whose size and sha256 match the manifest; ModelError otherwise."""
    manifest = manifest if manifest is not None else load_manifest()
    spec = manifest.spec(name)
    path = manifest.dir / spec.file
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise _missing(spec) from None
    except OSError as err:
        raise _missing(spec, f"cannot be read ({err.strerror or err})") from err
    if not path.is_file():
        raise _missing(spec)
    if spec.size is not None and stat.st_size != spec.size:
        raise _corrupt(spec, f"size {stat.st_size} bytes, expected {spec.size}")
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, spec.sha256)
    with _verdicts_lock:
        verdict = _verdicts.get(key)
    if verdict is None:
        try:
            verdict = _sha256_file(path) == spec.sha256
        except OSError as err:
            raise _missing(spec, f"cannot be read ({err.strerror or err})") from err
        with _verdicts_lock:
            _verdicts[key] = verdict
    if not verdict:
        raise _corrupt(spec, "checksum mismatch")
    return path


Shape = tuple[int | str | None, ...]


def _dims_agree(actual: Shape, expected: Shape) -> bool:
    # A symbolic or unknown dimension on either side matches anything; fixed ones must be equal.
    return len(actual) == len(expected) and all(
        not isinstance(a, int) or not isinstance(e, int) or a == e
        for a, e in zip(actual, expected, strict=True)
    )


def _io_differences(
    kind: str, actual: tuple[TensorInfo, ...], expected: tuple[TensorSpec, ...]
) -> list[str]:
    found = {t.name: t for t in actual}
    wanted = {t.name: t for t in expected}
    if found.keys() != wanted.keys():
        return [f"{kind} {sorted(found)} instead of {sorted(wanted)}"]
    problems = []
    for tensor_name, spec in wanted.items():
        got = found[tensor_name]
        if not _dims_agree(got.shape, spec.shape):
            shapes = f"shape {list(got.shape)}, expected {list(spec.shape)}"
            problems.append(f"{kind} {tensor_name} {shapes}")
        if got.dtype != spec.dtype:
            problems.append(f"{kind} {tensor_name} type {got.dtype}, expected {spec.dtype}")
    return problems


def check_io(session: VisionSession, spec: ModelSpec) -> None:
    """ModelError (code "manifest") when the session's inputs/outputs differ from the manifest's."""
    problems = _io_differences("input", session.inputs, spec.inputs)
    problems += _io_differences("output", session.outputs, spec.outputs)
    if problems:
        raise ModelError(
            f"The model {spec.file} does not match the model list ({'; '.join(problems)}) — "
            f"{_REINSTALL}",
            "manifest",
            spec.file,
        )


def load_model(
    name: str,
    wanted_provider: str | None = "auto",
    threads: int = 1,
    *,
    manifest: Manifest | None = None,
) -> VisionSession:
    """Verify a shipped model and open it on the chosen provider, its inputs checked.

    Raises ModelError for every file problem, ProviderError (also a VisionError) when a forced
    provider is not installed.
    """
    manifest = manifest if manifest is not None else load_manifest()
    spec = manifest.spec(name)
    path = verify_model(name, manifest)
    try:
        session = open_session(path, wanted_provider, threads)
    except SessionError as err:
        if not path.exists():  # removed between the check and the load
            raise _missing(spec) from err
        first_line = str(err.cause).strip().splitlines()[0] if str(err.cause).strip() else ""
        raise _corrupt(spec, f"ONNX Runtime cannot load it: {first_line}"[:300]) from err
    check_io(session, spec)
    return session
