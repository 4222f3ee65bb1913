"""ONNX Runtime sessions: which execution provider to use, and which one really runs.

ONNX Runtime quietly drops a provider it cannot use (asking for CUDA where it is absent runs on the
CPU without an error), so the provider is always read back from the session and shown to the user,
with a notice when it is not the one that was asked for.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

# Best first: "auto" takes the first one installed. Short names are what profiles and the CLI use.
PROVIDER_ORDER: tuple[str, ...] = ("cuda", "directml", "coreml", "cpu")

ORT_NAMES: dict[str, str] = {
    "cuda": "CUDAExecutionProvider",
    "directml": "DmlExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
    "cpu": "CPUExecutionProvider",
}
_SHORT_NAMES = {ort: short for short, ort in ORT_NAMES.items()}

# For sentences shown to the user.
PROVIDER_LABELS: dict[str, str] = {
    "cuda": "CUDA",
    "directml": "DirectML",
    "coreml": "CoreML",
    "cpu": "the CPU",
}

# What it takes to get a provider that is missing, so the error can say so.
_HOW_TO_GET = {
    "cuda": "it needs an NVIDIA GPU and the GPU build of ONNX Runtime, onnxruntime-gpu",
    "directml": "it exists on Windows only (onnxruntime-directml)",
    "coreml": "it exists on macOS only",
}


class VisionError(Exception):
    """A model or provider problem with a user-facing English message.

    The effect code catches this, turns the effect off, shows the message and lets the stream go
    on. `code` names the kind of problem for the window's translated sentence; `subject` names the
    provider or file concerned.
    """

    def __init__(self, message: str, code: str, subject: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.subject = subject


class ProviderError(VisionError):
    """A provider that is not installed was asked for (code "provider"); see `available`."""

    def __init__(self, message: str, available: list[str], subject: str = "") -> None:
        super().__init__(message, "provider", subject)
        self.available = available


class SessionError(VisionError):
    """ONNX Runtime could not load the model even on the CPU (code "load")."""

    def __init__(self, message: str, path: Path, cause: BaseException) -> None:
        super().__init__(message, "load", path.name)
        self.path = path
        self.cause = cause


def _ort() -> ModuleType:
    # Imported on first use: it costs a few hundred ms, and a broken install must turn the effects
    # off with a message rather than stop the studio from starting.
    try:
        import onnxruntime
    except ImportError as err:  # pragma: no cover - the dependency is pinned
        raise ProviderError(
            f"ONNX Runtime is not installed or cannot load ({err}); reinstall Shopcast Studio",
            [],
        ) from err
    return onnxruntime


def _ep_failure() -> tuple[type[BaseException], ...]:
    """ONNX Runtime's exception for a provider failing while it runs (a pybind class)."""
    state = getattr(getattr(_ort(), "capi", None), "onnxruntime_pybind11_state", None)
    found = getattr(state, "EPFail", None)
    return (found,) if isinstance(found, type) and issubclass(found, BaseException) else ()


def short_name(ort_name: str) -> str:
    """Map "CUDAExecutionProvider" to "cuda"; providers we do not rank keep a lower-case name."""
    return _SHORT_NAMES.get(ort_name, ort_name.removesuffix("ExecutionProvider").lower())


def available_providers() -> list[str]:
    """Short names of the providers this ONNX Runtime build offers, best first (CPU is last)."""
    offered = set(_ort().get_available_providers())
    return [short for short in PROVIDER_ORDER if ORT_NAMES[short] in offered]


def _normalise(wanted: str | None) -> str:
    name = (wanted or "auto").strip()
    if name in _SHORT_NAMES:  # a full ONNX Runtime name is accepted too
        return _SHORT_NAMES[name]
    return name.lower()


def choose_providers(wanted: str | None = "auto") -> list[str]:
    """The providers to ask ONNX Runtime for, best first, as short names.

    "auto" takes the best one installed, with the CPU after it for nodes it cannot run. A forced
    provider that is not installed raises ProviderError naming those that are: the user asked for
    it, so quietly running on the CPU instead would mislead them.
    """
    name = _normalise(wanted)
    available = available_providers()
    if name == "auto":
        best = available[0] if available else "cpu"
        return [best] if best == "cpu" else [best, "cpu"]
    choices = ", ".join(available or ["cpu"])
    if name not in ORT_NAMES:
        raise ProviderError(
            f'Unknown inference provider "{wanted}"; choose "auto" or one of: '
            f"{', '.join(PROVIDER_ORDER)} (available on this computer: {choices})",
            available,
            str(wanted),
        )
    if name == "cpu":
        return ["cpu"]
    if name not in available:
        raise ProviderError(
            f"The {PROVIDER_LABELS[name]} inference provider is not available on this computer "
            f'({_HOW_TO_GET[name]}); available: {choices}. Choose one of these or "auto".',
            available,
            name,
        )
    return [name, "cpu"]


@dataclass(frozen=True, slots=True)
class TensorInfo:
    """One input or output as the session sees it; a dimension is an int, a symbol or None."""

    name: str
    shape: tuple[int | str | None, ...]
    dtype: str  # numpy's name ("float32"), or ONNX's type string when it has no numpy twin


_ORT_TYPES = {
    "tensor(float)": "float32",
    "tensor(float16)": "float16",
    "tensor(double)": "float64",
    "tensor(int64)": "int64",
    "tensor(int32)": "int32",
    "tensor(int8)": "int8",
    "tensor(uint8)": "uint8",
    "tensor(bool)": "bool",
}


def _tensor_info(arg: Any) -> TensorInfo:
    return TensorInfo(arg.name, tuple(arg.shape), _ORT_TYPES.get(arg.type, arg.type))


def _session_options(ort: ModuleType, threads: int, providers: list[str]) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, int(threads))
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only: a missing provider is reported by our notice
    # Spinning worker threads burn a core while idle; the studio runs on 2-core laptops.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if "directml" in providers:
        options.enable_mem_pattern = False  # DirectML requires it (ONNX Runtime documentation)
    return options


def _create(path: Path, providers: list[str], threads: int) -> Any:
    ort = _ort()
    return ort.InferenceSession(
        os.fspath(path),
        sess_options=_session_options(ort, threads, providers),
        providers=[ORT_NAMES[p] for p in providers],
        # ONNX Runtime's own fallback prints to stdout and says nothing to the caller; ours below
        # sets a notice instead.
        enable_fallback=0,
    )


def _fell_back(asked: str, reason: str = "") -> str:
    why = f" ({reason})" if reason else ""
    return f"{PROVIDER_LABELS[asked]} was asked for but could not start{why}; running on the CPU"


class VisionSession:
    """An ONNX Runtime session that knows the provider it really runs on.

    `provider` is read back from ONNX Runtime, not taken from the request; `notice` is an English
    sentence when that differs from what was asked for (None otherwise); `last_ms` is the wall time
    of the latest run().
    """

    def __init__(self, session: Any, path: Path, requested: list[str], threads: int) -> None:
        self.path = path
        self.requested = requested
        self.threads = threads
        self.notice: str | None = None
        self.last_ms = 0.0
        self._lock = threading.Lock()  # guards the swap to a CPU session after a GPU failure
        self._adopt(session)

    def _adopt(self, session: Any) -> None:
        self._session = session
        self.provider = short_name(session.get_providers()[0])
        self.inputs = tuple(_tensor_info(a) for a in session.get_inputs())
        self.outputs = tuple(_tensor_info(a) for a in session.get_outputs())

    @property
    def input_names(self) -> list[str]:
        return [t.name for t in self.inputs]

    @property
    def input_name(self) -> str:
        """The first input's name: most vision models have exactly one."""
        return self.inputs[0].name

    @property
    def output_names(self) -> list[str]:
        return [t.name for t in self.outputs]

    def run(self, inputs: Mapping[str, np.ndarray] | np.ndarray) -> list[np.ndarray]:
        """Run the model; an array feeds the only input. Returns the outputs in model order."""
        if isinstance(inputs, np.ndarray):
            if len(self.inputs) != 1:
                raise ValueError(f"{self.path.name} has inputs {self.input_names}; pass a dict")
            feed: Mapping[str, np.ndarray] = {self.input_name: inputs}
        else:
            feed = inputs
        start = time.perf_counter()
        try:
            outputs = self._session.run(None, feed)
        except Exception as err:
            # A GPU provider can fail mid-stream (out of memory, driver reset): carry on on the CPU.
            if self.provider == "cpu" or not isinstance(err, _ep_failure()):
                raise
            self._to_cpu(str(err).splitlines()[0] if str(err) else "")
            outputs = self._session.run(None, feed)
        self.last_ms = (time.perf_counter() - start) * 1000.0
        return outputs

    def _to_cpu(self, reason: str) -> None:
        with self._lock:
            if self.provider == "cpu":
                return
            asked = self.provider
            self._adopt(_create(self.path, ["cpu"], self.threads))
            label = PROVIDER_LABELS.get(asked, asked)
            self.notice = f"{label} stopped working ({reason}); running on the CPU"

    def __repr__(self) -> str:
        return f"VisionSession({self.path.name!r}, provider={self.provider!r})"


def open_session(
    path: str | os.PathLike[str], wanted: str | None = "auto", threads: int = 1
) -> VisionSession:
    """Open an ONNX model on the best (or the forced) provider and read back the one really used.

    Raises ProviderError when a forced provider is not installed, SessionError when the model
    cannot be loaded even on the CPU. A provider that is listed but fails to start (CUDA without
    its libraries, a busy GPU) falls back to the CPU with a `notice`.
    """
    path = Path(path)
    requested = choose_providers(wanted)
    threads = max(1, int(threads))
    asked = requested[0]
    notice = None
    try:
        session = _create(path, requested, threads)
    except Exception as first:
        if asked == "cpu":
            raise SessionError(f"{path.name} could not be loaded: {first}", path, first) from first
        try:
            session = _create(path, ["cpu"], threads)
        except Exception as err:
            # The CPU fails too: the model itself is the problem, not the provider.
            raise SessionError(f"{path.name} could not be loaded: {err}", path, err) from err
        notice = _fell_back(asked, str(first).splitlines()[0] if str(first) else "")
    result = VisionSession(session, path, requested, threads)
    if notice is None and result.provider != asked:
        notice = _fell_back(asked)
    result.notice = notice
    return result
