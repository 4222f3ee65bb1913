"""Make the ONNX models in models/ from the Apache-2.0 MediaPipe models in the PyPI wheel.

A developer runs this once, by hand, and commits what it writes; nothing runs it at install time:

    python3.11 models/make_models.py            # convert, verify, write models/*.onnx etc.
    .venv/bin/python models/make_models.py --bench   # time the committed models (numpy + ORT)

It needs only a Python 3.11 to start: it creates (or reuses) its own virtual environment outside
the repository (default ~/.cache/shopcast-studio/modelconv-venv, or --venv DIR), installs the
pins below into it, downloads the wheel mediapipe==0.10.14 with pip, and runs itself again inside
that environment. Nothing is installed into the project's .venv.

Pins (the conversion environment; Python 3.11):
    mediapipe==0.10.14        the source wheel: it still carries the TFLite models (1.x does not)
    tensorflow-cpu==2.15.1    newest TF that tf2onnx 1.17 is tested with (2.13-2.15); tf.lite
                              is the reference interpreter; needs numpy<2 and ml-dtypes 0.3
    tf2onnx==1.17.0           newest 1.17.x
    onnx==1.17.0              onnx 1.19 fails to import with the ml-dtypes 0.3 that TF 2.15 pins
    onnxruntime==1.31.1       the version the application ships with
    numpy==1.26.4, ml-dtypes==0.3.2, protobuf==4.25.9 (mediapipe: <5), flatbuffers==25.12.19,
    jax==0.4.34, jaxlib==0.4.34 (mediapipe's own dependencies, pinned for a quick resolve),
    scikit-image==0.26.0      skimage.data.astronaut(): the real photo of a person

What it does, per model: takes the .tflite out of the wheel (checking its sha256), converts it to
ONNX opset 17 with tf2onnx, rewrites MediaPipe's custom op Convolution2DTransposeBias (which
tf2onnx reports unsupported yet leaves in an invalid graph) as a standard ConvTranspose plus bias
with the weights read from the TFLite flatbuffer, keeps fp16 weights as fp32 constants (no
Dequantize/Cast left), checks the graph with onnx.checker, and compares ONNX Runtime (CPU) with
tf.lite.Interpreter on random inputs and on the astronaut photo (fails above 1e-3). The TFLite
interpreter cannot run the custom op, so for the two selfie models the reference is the same
TFLite file with that op rewritten as the builtin TRANSPOSE_CONV; the selfie ONNX models are also
compared with MediaPipe's own runtime (which has the custom op). Then it writes the .onnx files,
manifest.json, LICENSE (from the wheel) and NOTICE.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_VENV = Path.home() / ".cache" / "shopcast-studio" / "modelconv-venv"

MEDIAPIPE_VERSION = "0.10.14"
TF2ONNX_VERSION = "1.17.0"
PINS = (
    f"mediapipe=={MEDIAPIPE_VERSION}",
    "tensorflow-cpu==2.15.1",
    f"tf2onnx=={TF2ONNX_VERSION}",
    "onnx==1.17.0",
    "onnxruntime==1.31.1",
    "numpy==1.26.4",
    "ml-dtypes==0.3.2",
    "protobuf==4.25.9",
    "flatbuffers==25.12.19",
    "jax==0.4.34",
    "jaxlib==0.4.34",
    "scikit-image==0.26.0",
)
OPSET = 17
MAX_ABS_DIFF = 1e-3
LICENSE_MEMBER = f"mediapipe-{MEDIAPIPE_VERSION}.dist-info/LICENSE"
SOURCE = {
    "package": "mediapipe",
    "version": MEDIAPIPE_VERSION,
    "licence": "Apache-2.0",
    "authors": "The MediaPipe Authors",
    "url": f"https://pypi.org/project/mediapipe/{MEDIAPIPE_VERSION}/",
}

_SELFIE_OUT = "person probability 0..1 for each input pixel (the model's own sigmoid is applied)"
_RGB01 = {"dtype": "float32", "layout": "NHWC RGB", "range": [0, 1]}
_SELFIE_IN = "the picture resized to the input size, pixel / 255"
_DETECTION_IN = "the whole picture, resized (letterboxed) to 128x128, pixel / 127.5 - 1"
_REGRESSORS = (
    "per anchor, in input pixels (divide by 128 for 0..1 units): box centre x, y offsets from "
    "the anchor centre, box width, height, then 6 key points as x, y offsets from the anchor "
    "centre: right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion "
    "(right = the person's right, on the image's left)"
)
_CLASSIFICATORS = "per anchor, face score logit: sigmoid(clip(v, -100, 100)); a face where >= 0.5"
_ANCHORS = {
    "count": 896,
    "rule": (
        "SSD anchors for a 128x128 input: stride 8 gives 16x16 cells x 2 anchors (512), then "
        "stride 16 gives 8x8 cells x 6 anchors (384); each anchor's centre is ((column + 0.5) / "
        "cells, (row + 0.5) / cells) in 0..1 units, its size is fixed at 1 x 1; order: cell row, "
        "cell column, anchor"
    ),
    "decode": (
        "x = anchor_x + r[0] / 128, y = anchor_y + r[1] / 128, w = r[2] / 128, h = r[3] / 128, "
        "key point k: (anchor_x + r[4 + 2k] / 128, anchor_y + r[5 + 2k] / 128)"
    ),
    "min_score": 0.5,
    "suppression": "weighted non-maximum suppression, IoU 0.3",
}
_LANDMARK_IN = (
    "a face crop: the face box enlarged 1.5x, made square, rotated so the eyes are level, "
    "resized to 192x192"
)
_LANDMARKS = (
    "468 face-mesh points x (x, y, z): x, y in input pixels (0..192), z depth in the same pixel "
    "scale, relative to the face centre, smaller = nearer the camera"
)
_PRESENCE = "face presence logit: sigmoid > 0.5 means the crop holds a face"

# What each model is; names and shapes are checked against the converted graph.
MODELS: dict[str, dict] = {
    "selfie_segmentation": {
        "from": "mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite",
        "tflite_sha256": "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
        "inputs": [{"name": "input_1", "shape": [1, 256, 256, 3], **_RGB01, "meaning": _SELFIE_IN}],
        "outputs": [
            {
                "name": "activation_10",
                "shape": [1, 256, 256, 1],
                "dtype": "float32",
                "range": [0, 1],
                "meaning": _SELFIE_OUT,
            },
        ],
    },
    "selfie_segmentation_landscape": {
        "from": "mediapipe/modules/selfie_segmentation/selfie_segmentation_landscape.tflite",
        "tflite_sha256": "a77d03f4659b9f6b6c1f5106947bf40e99d7655094b6527f214ea7d451106edd",
        "inputs": [{"name": "input_1", "shape": [1, 144, 256, 3], **_RGB01, "meaning": _SELFIE_IN}],
        "outputs": [
            {
                "name": "segment_back",
                "shape": [1, 144, 256, 1],
                "dtype": "float32",
                "range": [0, 1],
                "meaning": _SELFIE_OUT,
            },
        ],
    },
    "face_detection_short_range": {
        "from": "mediapipe/modules/face_detection/face_detection_short_range.tflite",
        "tflite_sha256": "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8",
        "inputs": [
            {
                "name": "input",
                "shape": [1, 128, 128, 3],
                "dtype": "float32",
                "layout": "NHWC RGB",
                "range": [-1, 1],
                "meaning": _DETECTION_IN,
            },
        ],
        "outputs": [
            {
                "name": "regressors",
                "shape": [1, 896, 16],
                "dtype": "float32",
                "meaning": _REGRESSORS,
            },
            {
                "name": "classificators",
                "shape": [1, 896, 1],
                "dtype": "float32",
                "meaning": _CLASSIFICATORS,
            },
        ],
        "anchors": _ANCHORS,
    },
    "face_landmark": {
        "from": "mediapipe/modules/face_landmark/face_landmark.tflite",
        "tflite_sha256": "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814",
        "inputs": [
            {
                "name": "input_1",
                "shape": [1, 192, 192, 3],
                **_RGB01,
                "meaning": _LANDMARK_IN,
            },
        ],
        "outputs": [
            {
                "name": "conv2d_21",
                "shape": [1, 1, 1, 1404],
                "dtype": "float32",
                "meaning": _LANDMARKS,
            },
            {
                "name": "conv2d_31",
                "shape": [1, 1, 1, 1],
                "dtype": "float32",
                "meaning": _PRESENCE,
            },
        ],
    },
}
CHANGE_CONVERT = f"converted TFLite -> ONNX opset {OPSET} with tf2onnx {TF2ONNX_VERSION}"
CHANGE_OP = (
    "Convolution2DTransposeBias (MediaPipe custom op) -> ConvTranspose (2x2 kernel, stride 2, "
    "no padding) + bias"
)
CHANGE_FP32 = "fp16 weights -> fp32 (Dequantize nodes removed)"
CHANGE_PRELU = (
    "PRelu with per-channel slopes s -> x*s + Relu(x)*(1-s) (Mul, Relu, Mul, Add): ONNX "
    "Runtime's CPU PRelu has no fast per-channel path and keeps the convolutions out of its "
    "blocked layout (face_landmark, one thread: 4.0 -> 1.6 ms)"
)

NOTICE = """\
Shopcast Studio - models/

The files selfie_segmentation.onnx, selfie_segmentation_landscape.onnx,
face_detection_short_range.onnx and face_landmark.onnx in this folder are derived
from MediaPipe models made by The MediaPipe Authors, distributed under the
Apache License, Version 2.0 (the text is in LICENSE, copied from the same wheel).

Copyright The MediaPipe Authors. https://github.com/google/mediapipe

Source: the PyPI wheel mediapipe {version} ({url}), files
{files}

Changes made by models/make_models.py (these files are modified works):
  - converted from TensorFlow Lite to ONNX (opset {opset}) with tf2onnx {tf2onnx};
    the converter also changed tensor layouts inside the graph (NHWC/NCHW transposes)
    and folded constants;
  - in the two selfie segmentation models, MediaPipe's custom operator
    Convolution2DTransposeBias was rewritten as a standard ONNX ConvTranspose
    (2x2 kernel, stride 2, no padding) plus its bias, with the same weights;
  - float16 weights were converted to float32 (the Dequantize operators removed);
  - in face_landmark, each PRelu operator was rewritten as the equivalent
    x*s + Relu(x)*(1-s) (Mul, Relu, Mul, Add) with the same slopes s.
No weights were retrained or otherwise changed; the converted models match the
originals to within {max_diff:.1g} (absolute) on the inputs checked.
"""


# -------------------------------------------------------------------------------------------
# Outside the conversion environment: make it, fetch the wheel, run again inside it.


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(venv: Path) -> Path:
    python = _venv_python(venv)
    stamp = venv / "shopcast-pins.txt"
    wanted = "\n".join(PINS) + "\n"
    if not python.exists():
        if sys.version_info[:2] != (3, 11):
            sys.exit(f"make_models.py: run it with Python 3.11 (this is {sys.version.split()[0]})")
        print(f"creating {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"installing the pins into {venv}", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
        stamp.write_text(wanted)
    return python


def fetch_wheel(python: Path, folder: Path) -> Path:
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--only-binary=:all:",
            "-d",
            str(folder),
            f"mediapipe=={MEDIAPIPE_VERSION}",
        ],
        check=True,
    )
    wheels = sorted(folder.glob(f"mediapipe-{MEDIAPIPE_VERSION}-*.whl"))
    if not wheels:
        sys.exit("make_models.py: pip downloaded no mediapipe wheel")
    return wheels[0]


# -------------------------------------------------------------------------------------------
# Inside the conversion environment.


def _quiet_tensorflow() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")


def _patch_tf2onnx() -> None:
    """Two small changes to tf2onnx; neither changes the arithmetic.

    - Its transpose optimizer may move NHWC<->NCHW transposes through HardSwish: it is
      elementwise, but tf2onnx 1.17 does not list it, which leaves 23-28 needless Transpose
      nodes around the selfie models' 11 HardSwish ops.
    - Graph.extract_sub_graph_nodes returns the nodes it keeps in the graph's order rather than
      in a set's (which follows memory addresses and changes from run to run, and with it what
      the optimizers do first), so every run writes the same files.
    """
    from tf2onnx import graph
    from tf2onnx.optimizer import transpose_optimizer

    transpose = transpose_optimizer.TransposeOptimizer
    initialize_handlers = transpose._initialize_handlers

    def with_hardswish(self):
        initialize_handlers(self)
        self._handler_map.setdefault("HardSwish", self._simple_through_handler)

    transpose._initialize_handlers = with_hardswish

    extract = graph.Graph.extract_sub_graph_nodes

    def in_graph_order(self, *args, **kwargs):
        nodes = extract(self, *args, **kwargs)
        order = {id(node): i for i, node in enumerate(self.get_nodes())}
        return sorted(nodes, key=lambda node: (order.get(id(node), len(order)), node.name))

    graph.Graph.extract_sub_graph_nodes = in_graph_order


def _tflite_constant(model, graph, index, producers):
    """The value of a constant tensor, following a DEQUANTIZE (fp16 -> fp32) back to its data."""
    import numpy as np
    from tensorflow.lite.python import schema_py_generated as schema

    tensor = graph.tensors[index]
    if model.buffers[tensor.buffer].data is None:
        op = producers[index]
        code = model.operatorCodes[op.opcodeIndex]
        if max(code.builtinCode, code.deprecatedBuiltinCode) != schema.BuiltinOperator.DEQUANTIZE:
            raise RuntimeError(f"tensor {tensor.name!r} is neither constant nor dequantized")
        tensor = graph.tensors[op.inputs[0]]
    dtype = {schema.TensorType.FLOAT16: np.float16, schema.TensorType.FLOAT32: np.float32}[
        tensor.type
    ]
    data = bytes(model.buffers[tensor.buffer].data)
    return np.frombuffer(data, dtype).reshape(tensor.shape).astype(np.float32)


def transpose_conv_bias_ops(tflite: bytes) -> dict[str, dict]:
    """Every Convolution2DTransposeBias op of a TFLite model, by output tensor name.

    Inputs: (activations NHWC, weights OHWI, bias); custom options: the C struct
    TfLiteTransposeConvParams {padding (1 SAME, 2 VALID), stride_width, stride_height}.
    """
    import numpy as np
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(tflite))
    graph = model.subgraphs[0]
    producers = {out: op for op in graph.operators for out in op.outputs}
    found = {}
    for op in graph.operators:
        if model.operatorCodes[op.opcodeIndex].customCode != b"Convolution2DTransposeBias":
            continue
        padding, stride_w, stride_h = (
            int(v) for v in np.frombuffer(bytes(op.customOptions), "<i4")
        )
        weights = _tflite_constant(model, graph, op.inputs[1], producers)  # OHWI
        bias = _tflite_constant(model, graph, op.inputs[2], producers)
        in_shape = [int(d) for d in graph.tensors[op.inputs[0]].shape]
        out_shape = [int(d) for d in graph.tensors[op.outputs[0]].shape]
        _, kh, kw, _ = weights.shape
        # Output = (in - 1) * stride + kernel - padding; SAME pads only what exceeds in * stride.
        pad_h = max((in_shape[1] - 1) * stride_h + kh - out_shape[1], 0)
        pad_w = max((in_shape[2] - 1) * stride_w + kw - out_shape[2], 0)
        if (pad_h, pad_w) != (0, 0) or padding not in (1, 2):
            raise RuntimeError(f"unexpected Convolution2DTransposeBias padding {padding}")
        found[graph.tensors[op.outputs[0]].name.decode()] = {
            "weights": weights,
            "bias": bias,
            "stride": [stride_h, stride_w],
            "padding": padding,
            "in_shape": in_shape,
            "out_shape": out_shape,
        }
    return found


def builtin_reference(tflite: bytes) -> bytes:
    """The TFLite model with each Convolution2DTransposeBias as the builtin TRANSPOSE_CONV.

    tf.lite.Interpreter has no kernel for MediaPipe's op; the builtin (version 3 takes a bias)
    computes the same thing from the same tensors: inputs (output_shape, weights OHWI, input,
    bias), the same padding and strides.
    """
    import numpy as np
    from tensorflow.lite.python import schema_py_generated as schema
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(tflite))
    graph = model.subgraphs[0]
    code = schema.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = schema.BuiltinOperator.TRANSPOSE_CONV
    code.version = 3
    model.operatorCodes.append(code)
    for op in graph.operators:
        if model.operatorCodes[op.opcodeIndex].customCode != b"Convolution2DTransposeBias":
            continue
        padding, stride_w, stride_h = (
            int(v) for v in np.frombuffer(bytes(op.customOptions), "<i4")
        )
        shape = np.array(graph.tensors[op.outputs[0]].shape, "<i4")
        buffer = schema.BufferT()
        buffer.data = np.frombuffer(shape.tobytes(), np.uint8)
        model.buffers.append(buffer)
        tensor = schema.TensorT()
        tensor.shape = np.array([4], np.int32)
        tensor.type = schema.TensorType.INT32
        tensor.buffer = len(model.buffers) - 1
        tensor.name = graph.tensors[op.outputs[0]].name + b"/output_shape"
        graph.tensors.append(tensor)
        op.inputs = [len(graph.tensors) - 1, op.inputs[1], op.inputs[0], op.inputs[2]]
        op.opcodeIndex = len(model.operatorCodes) - 1
        options = schema.TransposeConvOptionsT()
        options.padding = {1: schema.Padding.SAME, 2: schema.Padding.VALID}[padding]
        options.strideW, options.strideH = stride_w, stride_h
        op.builtinOptionsType = schema.BuiltinOptions.TransposeConvOptions
        op.builtinOptions = options
        op.customOptions = None
    return bytes(flatbuffer_utils.convert_object_to_bytearray(model))


def convert(name: str, tflite_path: Path, custom: dict[str, dict]):
    """tf2onnx conversion, the custom op rewritten, then cleaned and checked."""
    import numpy as np
    import onnx
    import tf2onnx
    from tf2onnx import utils

    def transpose_conv_bias(ctx, node, _name, _args):
        spec = custom[node.output[0]]
        out = node.output[0]
        shape, dtype = ctx.get_shape(out), ctx.get_dtype(out)
        ctx.remove_node(node.name)  # its weight/bias inputs (fp16 -> fp32 casts) die with it
        to_nchw = ctx.make_node("Transpose", [node.input[0]], attr={"perm": [0, 3, 1, 2]})
        # TFLite OHWI -> ONNX ConvTranspose (C_in, C_out, kH, kW).
        weights = ctx.make_const(
            utils.make_name(f"{out}_weights"), spec["weights"].transpose(3, 0, 1, 2).copy()
        )
        bias = ctx.make_const(utils.make_name(f"{out}_bias"), spec["bias"])
        kernel = list(spec["weights"].shape[1:3])
        conv = ctx.make_node(
            "ConvTranspose",
            [to_nchw.output[0], weights.output[0], bias.output[0]],
            attr={"kernel_shape": kernel, "strides": spec["stride"], "pads": [0, 0, 0, 0]},
            shapes=[[shape[0], shape[3], shape[1], shape[2]]],
            dtypes=[dtype],
            name=f"{out}/ConvTranspose",
        )
        ctx.make_node(
            "Transpose",
            [conv.output[0]],
            attr={"perm": [0, 2, 3, 1]},
            outputs=[out],
            shapes=[shape],
            dtypes=[dtype],
        )

    utils.INTERNAL_NAME = 1  # tf2onnx numbers the nodes it makes: same numbers every run
    handlers = {"TFL_Convolution2DTransposeBias": (transpose_conv_bias, [])} if custom else None
    model, _ = tf2onnx.convert.from_tflite(
        str(tflite_path), opset=OPSET, custom_op_handlers=handlers
    )

    canonical_names(model)
    _PRELU_SPLIT[name] = split_prelu(model)
    # Opset imports nothing uses (tf2onnx adds ai.onnx.ml), a stable graph name, provenance.
    used = {node.domain for node in model.graph.node}
    keep = [o for o in model.opset_import if o.domain in ("", "ai.onnx") or o.domain in used]
    del model.opset_import[:]
    model.opset_import.extend(keep)
    model.graph.name = name
    model.doc_string = (
        f"{name}: converted from {MODELS[name]['from']} in the PyPI wheel mediapipe "
        f"{MEDIAPIPE_VERSION}. Copyright The MediaPipe Authors, Apache-2.0; see LICENSE and "
        "NOTICE beside this file."
    )
    onnx.helper.set_model_props(
        model,
        {
            "source": f"mediapipe {MEDIAPIPE_VERSION}: {MODELS[name]['from']}",
            "licence": "Apache-2.0",
            "authors": "The MediaPipe Authors",
        },
    )

    ops = {node.op_type for node in model.graph.node}
    opset = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    float16 = [t.name for t in model.graph.initializer if t.data_type == onnx.TensorProto.FLOAT16]
    leftovers = ops & {"Cast", "DequantizeLinear", "Convolution2DTransposeBias"}
    leftovers |= {n.op_type for n in model.graph.node if n.domain not in ("", "ai.onnx")}
    if leftovers or float16 or opset != {"ai.onnx": OPSET}:
        raise RuntimeError(f"{name}: left over {leftovers} {float16[:3]} opset {opset}")
    onnx.checker.check_model(model, full_check=True)
    for tensor in model.graph.initializer:
        if tensor.data_type == onnx.TensorProto.FLOAT:
            values = onnx.numpy_helper.to_array(tensor)
            if not np.isfinite(values).all():
                raise RuntimeError(f"{name}: non-finite weights in {tensor.name}")
    return model


_PRELU_SPLIT: dict[str, int] = {}  # model name -> PRelu nodes rewritten by split_prelu


def split_prelu(model) -> int:
    """Each PRelu whose slopes are constants rewritten as x*s + Relu(x)*(1-s), in place (the
    same values up to float rounding: at most a few 1e-5 on face_landmark's outputs). ONNX
    Runtime 1.31 spends 2.6 of face_landmark's 4.0 ms in its 23 PRelu nodes: broadcasting the
    slope per channel takes its slow general path, and each PRelu makes the convolutions around
    it leave and re-enter the blocked NCHWc layout. Mul, Relu and Add take the fast paths.
    Returns how many nodes were rewritten."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    graph = model.graph
    constants = {t.name: t for t in graph.initializer}
    nodes, added, count = [], [], 0
    for node in graph.node:
        slope = constants.get(node.input[1]) if node.op_type == "PRelu" else None
        if slope is None:
            nodes.append(node)
            continue
        x, (y,) = node.input[0], node.output
        base = node.name or y
        s = numpy_helper.to_array(slope).astype(np.float32)
        added += [
            numpy_helper.from_array(s, f"{base}/slope"),
            numpy_helper.from_array((1.0 - s).astype(np.float32), f"{base}/one_minus_slope"),
        ]
        nodes += [
            helper.make_node("Mul", [x, f"{base}/slope"], [f"{base}/below"], f"{base}/Mul"),
            helper.make_node("Relu", [x], [f"{base}/relu"], f"{base}/Relu"),
            helper.make_node(
                "Mul",
                [f"{base}/relu", f"{base}/one_minus_slope"],
                [f"{base}/above"],
                f"{base}/Mul_1",
            ),
            helper.make_node("Add", [f"{base}/below", f"{base}/above"], [y], f"{base}/Add"),
        ]
        count += 1
    if not count:
        return 0
    del graph.node[:]
    graph.node.extend(nodes)
    graph.initializer.extend(added)
    used = {name for node in graph.node for name in node.input}
    kept = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.checker.check_model(model, full_check=True)
    return count


def canonical_names(model) -> None:
    """Renumber tf2onnx's made-up names ("x__123") in order of appearance; constants in order.

    tf2onnx numbers the constants it folds in an order that changes from run to run (it walks
    objects hashed by address); the graph is the same, so this makes the file the same.
    """
    import re

    graph = model.graph
    numbers: dict[str, str] = {}

    def rename(name: str) -> str:
        return re.sub(
            r"__(\d+)", lambda m: "__" + numbers.setdefault(m.group(1), str(len(numbers) + 1)), name
        )

    first_use: dict[str, int] = {}
    for value in graph.input:
        first_use.setdefault(value.name, len(first_use))
    for node in graph.node:
        for name in (*node.input, *node.output):
            first_use.setdefault(name, len(first_use))
    initializers = sorted(graph.initializer, key=lambda t: first_use.get(t.name, len(first_use)))
    order = (
        [v.name for v in graph.input]
        + [name for node in graph.node for name in (node.name, *node.input, *node.output)]
        + [t.name for t in initializers]
    )
    for name in order:
        rename(name)
    for node in graph.node:
        node.name = rename(node.name)
        node.input[:] = [rename(n) for n in node.input]
        node.output[:] = [rename(n) for n in node.output]
    for values in (graph.input, graph.output, graph.value_info):
        for value in values:
            value.name = rename(value.name)
    copies = [type(t).FromString(t.SerializeToString()) for t in initializers]
    del graph.initializer[:]
    for tensor in copies:
        tensor.name = rename(tensor.name)
        graph.initializer.append(tensor)


def _tensor_entries(values_info) -> list[tuple[str, list[int]]]:
    return [
        (
            v.name,
            [
                d.dim_value if d.HasField("dim_value") else d.dim_param
                for d in v.type.tensor_type.shape.dim
            ],
        )
        for v in values_info
    ]


def run_tflite(content: bytes, feed, extra: tuple[str, ...] = ()) -> dict:
    import tensorflow as tf

    interpreter = tf.lite.Interpreter(
        model_content=content, experimental_preserve_all_tensors=bool(extra)
    )
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], feed)
    interpreter.invoke()
    result = {
        d["name"]: interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()
    }
    for detail in interpreter.get_tensor_details():
        if detail["name"] in extra:
            result[detail["name"]] = interpreter.get_tensor(detail["index"])
    return result


def onnx_session(model, extra: dict[str, str] | None = None):
    """An ORT CPU session; `extra` maps intermediate ONNX tensors to expose to result names."""
    import onnx
    import onnxruntime as ort

    if extra:
        model = onnx.ModelProto.FromString(model.SerializeToString())
        for tensor in extra:
            model.graph.output.append(
                onnx.helper.make_tensor_value_info(tensor, onnx.TensorProto.FLOAT, None)
            )
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    if session.get_providers() != ["CPUExecutionProvider"]:
        raise RuntimeError(f"unexpected providers {session.get_providers()}")
    return session


def photo_input(name: str, shape: list[int]):
    """The astronaut photo (a person, 512x512 RGB) as this model's input."""
    import cv2
    import numpy as np
    import skimage.data

    image = skimage.data.astronaut()
    height, width = shape[1:3]
    if name == "face_landmark":
        pixels = face_crop(image, size=width)
    else:
        if name == "selfie_segmentation_landscape":
            image = image[:288]  # a 16:9 band with her head and shoulders
        pixels = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    x = pixels[None].astype(np.float32) / 255
    if name == "face_detection_short_range":
        x = x * 2 - 1
    return x, pixels


def ssd_anchors():
    """The 896 anchor centres of face_detection_short_range, in 0..1 units."""
    import numpy as np

    anchors = []
    for cells, per_cell in ((16, 2), (8, 6)):
        for row in range(cells):
            for column in range(cells):
                anchors += [((column + 0.5) / cells, (row + 0.5) / cells)] * per_cell
    return np.array(anchors, np.float32)


def detect_face(image) -> dict:
    """Best face of an RGB uint8 square image with the converted detector: box and key points."""
    import cv2
    import numpy as np

    session = onnx_session(_CONVERTED["face_detection_short_range"])
    x = cv2.resize(image, (128, 128), interpolation=cv2.INTER_AREA)[None].astype(np.float32)
    regressors, logits = session.run(None, {"input": x / 127.5 - 1})
    scores = 1 / (1 + np.exp(-np.clip(logits[0, :, 0].astype(np.float64), -100, 100)))
    best = int(scores.argmax())
    anchor, r = ssd_anchors()[best], regressors[0, best] / 128
    return {
        "score": float(scores[best]),
        "faces": int((scores >= 0.5).sum()),
        "centre": anchor + r[0:2],
        "size": r[2:4],
        "keypoints": anchor + r[4:16].reshape(6, 2),
    }


def face_crop(image, size: int = 192):
    """A square crop around the detected face, 1.5x its box, resized to size x size.

    (MediaPipe also turns the crop so the eyes are level; hers nearly are.)
    """
    import cv2

    face = detect_face(image)
    side = 1.5 * max(face["size"]) * image.shape[1]
    cx, cy = face["centre"] * image.shape[1::-1]
    x0, y0 = int(cx - side / 2 + 0.5), int(cy - side / 2 + 0.5)
    crop = image[max(y0, 0) : y0 + int(side), max(x0, 0) : x0 + int(side)]
    return cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA)


_CONVERTED: dict = {}
# (x, y) in the 512x512 astronaut photo.
PERSON_POINTS = ((225, 140), (200, 270))
WALL_POINTS = ((480, 30), (330, 40))


def verify(name: str, model, tflite: bytes, custom: dict[str, dict]) -> dict:
    """Compare ORT with tf.lite on random inputs and the photo; the model's meaning checks."""
    import numpy as np

    spec = MODELS[name]
    shape = spec["inputs"][0]["shape"]
    low, high = spec["inputs"][0]["range"]
    reference = builtin_reference(tflite) if custom else tflite
    # Also compare the rewritten op's own output (the logits, before the sigmoid): random
    # inputs saturate the probabilities near 0, where the sigmoid hides differences.
    extra_onnx = {}
    for node in model.graph.node:
        if node.op_type == "ConvTranspose" and node.name.endswith("/ConvTranspose"):
            extra_onnx[node.output[0]] = node.name.removesuffix("/ConvTranspose")
    if len(extra_onnx) != len(custom):
        raise RuntimeError(f"{name}: rewritten ops {sorted(custom)}, found {extra_onnx}")
    session = onnx_session(model, extra_onnx)
    rng = np.random.default_rng(20240508)
    feeds = [
        (f"random {i + 1}", rng.uniform(low, high, shape).astype(np.float32)) for i in range(3)
    ]
    photo, pixels = photo_input(name, shape)
    feeds.append(("photo", photo))
    logits = set(extra_onnx.values())
    worst, worst_relative, lines, outputs = 0.0, 0.0, [], {}
    for label, feed in feeds:
        want = run_tflite(reference, feed, tuple(extra_onnx.values()))
        got = session.run(None, {spec["inputs"][0]["name"]: feed})
        got = dict(zip([o.name for o in session.get_outputs()], got, strict=True))
        for onnx_name, tflite_name in extra_onnx.items():
            got[tflite_name] = got.pop(onnx_name).transpose(0, 2, 3, 1)  # NCHW -> NHWC
        diffs = {k: float(np.abs(want[k] - got[k]).max()) for k in want if k not in logits}
        # Logits reach -900 on noise, where float32 steps are 6e-5: compare those relatively.
        relative = {
            k: float((np.abs(want[k] - got[k]) / np.maximum(1, np.abs(want[k]))).max())
            for k in logits
        }
        worst = max(worst, *diffs.values())
        worst_relative = max(worst_relative, *relative.values(), 0)
        lines.append(
            f"  {label:8s} "
            + ", ".join(f"{k} {v:.2g}" for k, v in diffs.items())
            + "".join(
                f"; {k} (logits, range {want[k].min():.0f}..{want[k].max():.0f}) {v:.2g} relative"
                for k, v in relative.items()
            )
        )
        outputs[label] = got
    print("\n".join(lines))
    if worst > MAX_ABS_DIFF or worst_relative > MAX_ABS_DIFF:
        raise RuntimeError(f"{name}: ONNX differs from TFLite by {worst:.3g} > {MAX_ABS_DIFF}")
    checks = meaning_checks(name, outputs, pixels)
    return {"max_abs_diff": worst, **checks}


def meaning_checks(name: str, outputs: dict, pixels) -> dict:
    """The outputs mean what the manifest says (run on the photo; fail loudly otherwise)."""
    import numpy as np

    photo = outputs["photo"]
    found: dict = {}
    if name.startswith("selfie"):
        mask = photo[MODELS[name]["outputs"][0]["name"]][0, :, :, 0]
        found["person_fraction"] = float((mask > 0.5).mean())
        found["mediapipe_runtime_diff"] = mediapipe_runtime_diff(name, pixels, mask)
        # Points of the 512x512 photo: her face and neck ring; the wall, the top-right corner.
        crop_height = 288 if name.endswith("landscape") else 512
        scale = np.array([mask.shape[1] / 512, mask.shape[0] / crop_height])
        person = [mask[tuple((np.array(p) * scale).astype(int)[::-1])] for p in PERSON_POINTS]
        background = [mask[tuple((np.array(p) * scale).astype(int)[::-1])] for p in WALL_POINTS]
        print(
            f"  photo: person {found['person_fraction']:.0%} of the pixels; at her face and "
            f"neck {min(person):.2f}+, on the wall {max(background):.2f}-; "
            f"MediaPipe runtime differs by {found['mediapipe_runtime_diff']:.2g}"
        )
        if not (mask.min() >= 0 and mask.max() <= 1 and min(person) > 0.9):
            raise RuntimeError(f"{name}: the mask does not look like a person probability")
        if max(background) > 0.1:
            raise RuntimeError(f"{name}: the mask does not look like a person probability")
        if found["mediapipe_runtime_diff"] > MAX_ABS_DIFF:
            raise RuntimeError(f"{name}: differs from MediaPipe's runtime")
    elif name == "face_detection_short_range":
        import skimage.data

        face = detect_face(skimage.data.astronaut())
        kp = face["keypoints"] * 512
        print(
            f"  photo: {face['faces']} anchors >= 0.5, best score {face['score']:.3f}, box "
            f"centre {face['centre'] * 512} px size {face['size'] * 512} px, eyes "
            f"{kp[0].round()} {kp[1].round()}, nose {kp[2].round()}, mouth {kp[3].round()}"
        )
        eyes_level = abs(kp[0, 1] - kp[1, 1]) < 0.1 * face["size"][0] * 512
        order = kp[0, 0] < kp[2, 0] < kp[1, 0] and kp[0, 1] < kp[2, 1] < kp[3, 1]
        if face["score"] < 0.9 or not (eyes_level and order):
            raise RuntimeError(f"{name}: the detection of the astronaut's face is wrong")
        found["photo_score"] = face["score"]
    elif name == "face_landmark":
        points = photo["conv2d_21"].reshape(468, 3)
        presence = float(1 / (1 + np.exp(-photo["conv2d_31"].item())))
        random_presence = [
            float(1 / (1 + np.exp(-outputs[k]["conv2d_31"].item())))
            for k in outputs
            if k != "photo"
        ]
        # Mesh point 1 is the nose tip, 33 / 263 the outer eye corners, 13 / 14 the lips.
        nose, right_eye, left_eye = points[1], points[33], points[263]
        print(
            f"  photo: face presence {presence:.3f} (random inputs: "
            f"{', '.join(f'{p:.2g}' for p in random_presence)}); x {points[:, 0].min():.0f}.."
            f"{points[:, 0].max():.0f}, y {points[:, 1].min():.0f}..{points[:, 1].max():.0f}, "
            f"z {points[:, 2].min():.0f}..{points[:, 2].max():.0f}; nose tip "
            f"{nose.round()}, eye corners {right_eye.round()} {left_eye.round()}"
        )
        inside = (points[:, :2] >= 0).all() and (points[:, :2] <= 192).all()
        layout = right_eye[0] < nose[0] < left_eye[0] and right_eye[1] < nose[1]
        if presence < 0.9 or not inside or not layout or nose[2] > points[:, 2].mean():
            raise RuntimeError(f"{name}: the landmarks of the astronaut's face are wrong")
        found["photo_presence"] = presence
    return found


def mediapipe_runtime_diff(name: str, pixels, mask) -> float:
    """Max |MediaPipe's own selfie segmentation - ours| on the same uint8 picture.

    MediaPipe's runtime has the real Convolution2DTransposeBias kernel; at the model's own size
    its pre-processing is pixel / 255 and its mask is not resized.
    """
    import numpy as np
    from mediapipe.python.solutions import selfie_segmentation

    with selfie_segmentation.SelfieSegmentation(
        model_selection=1 if name.endswith("landscape") else 0
    ) as segmenter:
        theirs = segmenter.process(np.ascontiguousarray(pixels)).segmentation_mask
    return float(np.abs(theirs - mask).max())


def inside(wheel: Path, out: Path) -> None:
    _quiet_tensorflow()
    _patch_tf2onnx()
    import onnx
    import tensorflow as tf
    import tf2onnx

    print(f"tensorflow {tf.__version__}, tf2onnx {tf2onnx.__version__}, onnx {onnx.__version__}")
    manifest = {"format": 1, "source": SOURCE, "models": {}}
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        licence = archive.read(LICENSE_MEMBER)
        sources = {}
        for name, spec in MODELS.items():
            data = archive.read(spec["from"])
            digest = hashlib.sha256(data).hexdigest()
            if digest != spec["tflite_sha256"]:
                raise RuntimeError(f"{spec['from']}: sha256 {digest}, expected another file")
            sources[name] = data
        results = {}
        for name, spec in MODELS.items():
            print(f"{name}: {spec['from']}", flush=True)
            path = Path(tmp) / f"{name}.tflite"
            path.write_bytes(sources[name])
            custom = transpose_conv_bias_ops(sources[name])
            model = convert(name, path, custom)
            inputs, outputs = (
                _tensor_entries(model.graph.input),
                _tensor_entries(model.graph.output),
            )
            expected = (
                [(t["name"], t["shape"]) for t in spec["inputs"]],
                [(t["name"], t["shape"]) for t in spec["outputs"]],
            )
            if (inputs, outputs) != expected:
                raise RuntimeError(f"{name}: inputs/outputs {inputs} {outputs}, not {expected}")
            _CONVERTED[name] = model
            results[name] = verify(name, model, sources[name], custom)
            data = model.SerializeToString()
            changes = [CHANGE_CONVERT]
            if custom:
                changes.append(CHANGE_OP)
            if _had_fp16(sources[name]):
                changes.append(CHANGE_FP32)
            if _PRELU_SPLIT.get(name):
                changes.append(CHANGE_PRELU)
            entry = {
                "file": f"{name}.onnx",
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "from": spec["from"],
                "from_sha256": spec["tflite_sha256"],
                "inputs": spec["inputs"],
                "outputs": spec["outputs"],
            }
            if "anchors" in spec:
                entry["anchors"] = spec["anchors"]
            entry["changes"] = changes
            entry["max_abs_diff_vs_tflite"] = float(f"{results[name]['max_abs_diff']:.2g}")
            if "mediapipe_runtime_diff" in results[name]:
                entry["max_abs_diff_vs_mediapipe_runtime"] = float(
                    f"{results[name]['mediapipe_runtime_diff']:.2g}"
                )
            manifest["models"][name] = entry
            (out / entry["file"]).write_bytes(data)
            print(f"  wrote {entry['file']}: {len(data)} bytes", flush=True)

    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    (out / "LICENSE").write_bytes(licence)
    worst = max(r["max_abs_diff"] for r in results.values())
    (out / "NOTICE").write_text(
        NOTICE.format(
            version=MEDIAPIPE_VERSION,
            url=SOURCE["url"],
            files="\n".join(f"  {spec['from']}" for spec in MODELS.values()),
            opset=OPSET,
            tf2onnx=TF2ONNX_VERSION,
            max_diff=max(worst, 1e-4),
        )
    )
    print("wrote manifest.json, LICENSE, NOTICE in", out)
    print("\n| model | bytes | max abs diff vs TFLite | vs MediaPipe runtime |")
    print("| --- | ---: | ---: | ---: |")
    for name, entry in manifest["models"].items():
        runtime = entry.get("max_abs_diff_vs_mediapipe_runtime", "")
        print(f"| {name} | {entry['bytes']} | {entry['max_abs_diff_vs_tflite']} | {runtime} |")


def _had_fp16(tflite: bytes) -> bool:
    from tensorflow.lite.python import schema_py_generated as schema
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(tflite))
    return any(t.type == schema.TensorType.FLOAT16 for t in model.subgraphs[0].tensors)


# -------------------------------------------------------------------------------------------
# Rewriting the committed models (any environment with numpy, onnx and onnxruntime).


def _cpu_session(model: bytes | str):
    """An ONNX Runtime session on the CPU, one intra-op thread (a file's path or its bytes)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _random_feed(spec: dict, seed: int) -> dict:
    """A random input for a manifest input entry, uniform over its value range."""
    import numpy as np

    low, high = spec.get("range", [0, 1])
    values = np.random.default_rng(seed).uniform(low, high, spec["shape"])
    return {spec["name"]: values.astype(np.float32)}


def split_committed(folder: Path, feeds: int = 8) -> None:
    """split_prelu on the models in `folder` as they are (made before it was part of the
    conversion), each checked against its unsplit self with ONNX Runtime on random inputs in
    its range; the files and manifest.json rewritten. The conversion itself does the same."""
    import numpy as np
    import onnx

    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    for name, entry in manifest["models"].items():
        file = folder / entry["file"]
        model = onnx.load(str(file))
        count = split_prelu(model)
        if not count:
            print(f"{name}: no PRelu with constant slopes")
            continue
        after = model.SerializeToString()
        unsplit, split = _cpu_session(file.read_bytes()), _cpu_session(after)
        worst = 0.0
        for seed in range(feeds):
            feed = _random_feed(entry["inputs"][0], seed)
            for old, new in zip(unsplit.run(None, feed), split.run(None, feed), strict=True):
                worst = max(worst, float(np.abs(old - new).max()))
        if worst > 1e-3:
            raise RuntimeError(f"{name}: the split model differs by {worst:g}")
        entry["sha256"] = hashlib.sha256(after).hexdigest()
        entry["bytes"] = len(after)
        entry["changes"].append(CHANGE_PRELU)
        entry["max_abs_diff_vs_unsplit"] = float(f"{max(worst, 1e-7):.2g}")
        file.write_bytes(after)
        print(f"{name}: {count} PRelu split, max abs diff {worst:.2g}, {len(after)} bytes")
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


# -------------------------------------------------------------------------------------------
# Timing the committed models (any environment with numpy and onnxruntime).


def bench(folder: Path, runs: int, rounds: int = 5) -> None:
    """Time each model: the best of `rounds` rounds (other processes only ever add time)."""
    import numpy as np
    import onnxruntime as ort

    manifest = json.loads((folder / "manifest.json").read_text())
    print(
        f"onnxruntime {ort.__version__}, CPUExecutionProvider, 1 intra-op thread, "
        f"best of {rounds} rounds of {runs} runs"
    )
    print("| model | ms per inference (median) | CPU ms per inference |")
    print("| --- | ---: | ---: |")
    for name, entry in manifest["models"].items():
        session = _cpu_session(str(folder / entry["file"]))
        feed = _random_feed(entry["inputs"][0], 0)
        for _ in range(20):
            session.run(None, feed)
        medians, cpus = [], []
        for _ in range(rounds):
            walls = []
            cpu = time.process_time()
            for _ in range(runs):
                start = time.perf_counter()
                session.run(None, feed)
                walls.append(time.perf_counter() - start)
            cpus.append((time.process_time() - cpu) / runs)
            medians.append(float(np.median(walls)))
        print(f"| {name} | {min(medians) * 1000:.2f} | {min(cpus) * 1000:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--venv",
        type=Path,
        default=DEFAULT_VENV,
        help=f"the conversion environment (default {DEFAULT_VENV})",
    )
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default models/)")
    parser.add_argument(
        "--bench",
        action="store_true",
        help="only time the models already in --out, with this Python",
    )
    parser.add_argument("--runs", type=int, default=200, help="runs per round (--bench)")
    parser.add_argument(
        "--split-prelu",
        action="store_true",
        help="only rewrite the models already in --out (split_prelu), with this Python "
        "(it needs numpy, onnx and onnxruntime)",
    )
    parser.add_argument("--inside", type=Path, metavar="WHEEL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bench:
        bench(args.out, args.runs)
    elif args.split_prelu:
        split_committed(args.out)
    elif args.inside:
        if os.environ.get("PYTHONHASHSEED") != "0":
            # tf2onnx's optimizers walk sets: a fixed hash seed gives byte-identical files.
            os.environ["PYTHONHASHSEED"] = "0"
            os.execv(sys.executable, [sys.executable, *sys.argv])
        inside(args.inside, args.out.resolve())
    else:
        python = ensure_venv(args.venv.resolve())
        with tempfile.TemporaryDirectory() as tmp:
            wheel = fetch_wheel(python, Path(tmp))
            subprocess.run(
                [
                    str(python),
                    str(Path(__file__).resolve()),
                    "--inside",
                    str(wheel),
                    "--out",
                    str(args.out.resolve()),
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
