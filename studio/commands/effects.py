"""`studio effects IN OUT`: a layer's effects applied to one picture (try settings on a photo).

The same Effects the stream uses, run once on the picture: beautify, then the background; the
person mask on request. Every problem is one line: unreadable picture, bad option, unwritable
output (UserError, exit 2), a model that cannot be loaded (exit 1).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from studio.capture.base import SourceError
from studio.capture.image import load_image
from studio.commands.effect_options import effect_settings
from studio.commands.outcome import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError
from studio.files import write_atomic

if TYPE_CHECKING:
    pass

ALPHA_SUFFIXES = (".png", ".webp")  # what --background remove can be written to
BACKDROP_WAIT_S = 5.0  # a looping video behind the person: its first frame comes from a thread


def check_output(path: Path, what: str, transparent: str | None = None) -> None:
    """Fail before any work when `path` cannot take the picture. `transparent`: why the picture
    has transparency (then only a format that keeps it will do), named in the message."""
    suffix = path.suffix.lower()
    if transparent is not None and suffix not in ALPHA_SUFFIXES:
        has = f"{suffix} has no transparency" if suffix else "the name has no extension"
        raise UserError(f"{what} {path}: {transparent}; {has}, use .png or .webp")
    if not suffix:
        raise UserError(f"{what} {path}: give a file name ending in .png, .jpg, .webp...")
    if not cv2.haveImageWriter(f"x{suffix}"):
        raise UserError(f"{what} {path}: cannot write {suffix} pictures; use .png, .jpg or .webp")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{what} {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise UserError(f"{what} {path} is a folder")


def write_image(path: Path, image: np.ndarray, what: str = "output") -> None:
    """Encode by suffix and write the bytes (imwrite cannot open non-ASCII paths on Windows),
    whole or not at all, with the mode any new file gets."""
    params: list[int] = []
    if path.suffix.lower() in (".jpg", ".jpeg"):
        params = [cv2.IMWRITE_JPEG_QUALITY, 95]
    try:
        ok, data = cv2.imencode(path.suffix.lower(), image, params)
    except cv2.error as exc:
        raise UserError(
            f"cannot write {what} {path}: {str(exc).strip().splitlines()[-1]}"
        ) from None
    if not ok:
        raise UserError(f"cannot write {what} {path}: OpenCV could not encode it")
    try:
        write_atomic(path, data.tobytes(), private=False)
    except OSError as exc:
        raise UserError(f"cannot write {what} {path}: {exc.strerror or exc}") from None


def _model_failure(problems: dict[str, Exception]) -> UserError:
    # A replace picture that cannot be read is the user's file: a usage error. A model that
    # cannot be loaded (missing, damaged, provider) is the installation's: the work failed.
    messages = "; ".join(dict.fromkeys(str(p) for p in problems.values()))
    usage = all(isinstance(p, SourceError) for p in problems.values())
    return UserError(messages, EXIT_USAGE if usage else EXIT_FAILED)


def run_effects(args: argparse.Namespace) -> int:
    from studio.vision.effects import Effects  # onnxruntime: loaded only when needed

    settings = effect_settings(args)
    source_path, out_path = Path(args.input).expanduser(), Path(args.output).expanduser()
    mask_path = Path(args.mask).expanduser() if args.mask else None
    removing = settings.background.on and settings.background.mode == "remove"
    check_output(
        out_path, "output", "--background remove makes a transparent picture" if removing else None
    )
    if mask_path is not None:
        if mask_path.suffix.lower() != ".png":
            raise UserError(f"--mask {mask_path}: the mask is written as PNG, name it .png")
        check_output(mask_path, "--mask")
    try:
        image = load_image(source_path)
    except SourceError as exc:
        raise UserError(str(exc)) from None
    alpha = image[..., 3] if image.shape[2] == 4 else None  # the picture's own transparency
    picture = np.ascontiguousarray(image[..., :3])

    start = time.perf_counter()
    effects = Effects(settings, threaded=False)
    try:
        effects.wait_for_backdrop(BACKDROP_WAIT_S)
        result = effects.apply_now(picture)
        mask = effects.person_mask(picture) if mask_path is not None else None
        if effects.problems:
            raise _model_failure(effects.problems)
        status = effects.status()
    finally:
        effects.close()
    elapsed_ms = (time.perf_counter() - start) * 1000

    if alpha is not None:  # keep the input's transparency where the format can hold it
        if result.shape[2] == 4:
            result = result.copy()
            result[..., 3] = (result[..., 3].astype(np.uint16) * alpha // 255).astype(np.uint8)
        elif out_path.suffix.lower() in ALPHA_SUFFIXES:
            result = np.dstack([result, alpha])
    write_image(out_path, result)
    written = [str(out_path)]
    if mask_path is not None:
        assert mask is not None  # no mask means a model problem, reported above
        grey = np.clip(mask * 255.0 + 0.5, 0, 255).astype(np.uint8)
        write_image(mask_path, grey, "--mask")
        written.append(str(mask_path))

    h, w = picture.shape[:2]
    kind = "with transparency" if result.shape[2] == 4 else "colour"
    if status.provider is None:
        how = "no effect asked for: the picture is unchanged"
    else:
        how = f"provider {status.provider}, {elapsed_ms:.0f} ms including model loading"
    print(f"wrote {' and '.join(written)} ({w}x{h} {kind}): {how}", flush=True)
    if status.notice:
        print(f"studio: note: {status.notice}", file=sys.stderr, flush=True)
    if settings.beautify.on and not settings.background.on and np.array_equal(result, picture):
        print(
            "studio: note: no face found, beautify left the picture as it was",
            file=sys.stderr,
            flush=True,
        )
    return EXIT_OK
