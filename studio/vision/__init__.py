"""Vision: ONNX Runtime sessions and the models the effects run (no Qt here).

Catch VisionError (ModelError, ProviderError) around model loading: the effect turns off, its
message is shown, and the stream goes on.
"""

from studio.vision.models import (
    Manifest,
    ModelError,
    ModelSpec,
    TensorSpec,
    load_manifest,
    load_model,
    models_dir,
    verify_model,
)
from studio.vision.runtime import (
    PROVIDER_LABELS,
    PROVIDER_ORDER,
    ProviderError,
    SessionError,
    TensorInfo,
    VisionError,
    VisionSession,
    available_providers,
    choose_providers,
    open_session,
)

__all__ = [
    "PROVIDER_LABELS",
    "PROVIDER_ORDER",
    "Manifest",
    "ModelError",
    "ModelSpec",
    "ProviderError",
    "SessionError",
    "TensorInfo",
    "TensorSpec",
    "VisionError",
    "VisionSession",
    "available_providers",
    "choose_providers",
    "load_manifest",
    "load_model",
    "models_dir",
    "open_session",
    "verify_model",
]
