"""--background, --beautify and --provider: declared the same on every command that has them
(stream, effects, bench) and read back into EffectSettings in one place."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from studio.commands.outcome import UserError

if TYPE_CHECKING:
    from studio.vision.settings import EffectSettings

EFFECT_OPTIONS = ("background", "beautify", "provider")


def add_effect_options(parser: argparse.ArgumentParser, where: str = "") -> None:
    """--background, --beautify and --provider, the same on every command that has them."""
    parser.add_argument(
        "--background",
        metavar="EFFECT",
        help="blur, blur:N (strength 0-100), replace:IMAGE (a picture or a looping video), "
        "remove (transparent) or off" + where,
    )
    parser.add_argument(
        "--beautify",
        metavar="SETTINGS",
        help="a preset (natural, soft, glam, off) and/or smooth=N,whiten=N,slim=N,eyes=N "
        "(0-100 each), e.g. natural,slim=30" + where,
    )
    parser.add_argument(
        "--provider",
        metavar="NAME",
        help="where the models run: auto (default: the best installed), cpu, cuda, directml "
        "or coreml",
    )


def effects_asked(args: argparse.Namespace) -> bool:
    """Whether any of --background, --beautify, --provider was given."""
    return any(getattr(args, name, None) is not None for name in EFFECT_OPTIONS)


def effect_settings(args: argparse.Namespace, base: EffectSettings | None = None) -> EffectSettings:
    """The effects --background, --beautify and --provider ask for, laid over `base` (a layer's
    saved effects): an option not given keeps the base's value. UserError (one line) for a bad
    value, a picture to put behind that does not exist, or a provider this computer lacks."""
    from dataclasses import replace
    from pathlib import Path

    from studio.vision.runtime import VisionError, choose_providers
    from studio.vision.settings import (
        EffectSettings,
        EffectSettingsError,
        parse_background,
        parse_beautify,
    )

    settings = base or EffectSettings()
    if args.background is not None:
        try:
            background = parse_background(args.background)
        except EffectSettingsError as exc:
            raise UserError(f"--background: {exc}") from None
        if background.mode == "replace":
            image = Path(background.image).expanduser()
            if not image.is_file():
                raise UserError(f"--background: picture or video not found: {image}")
        settings = replace(settings, background=background)
    if args.beautify is not None:
        try:
            settings = replace(settings, beautify=parse_beautify(args.beautify))
        except EffectSettingsError as exc:
            raise UserError(f"--beautify: {exc}") from None
    if args.provider is not None:
        settings = replace(settings, provider=args.provider.strip().lower() or "auto")
        try:
            choose_providers(settings.provider)  # unknown, or forced but not installed here
        except VisionError as exc:
            raise UserError(f"--provider: {exc}") from None
    # A provider saved in a profile and missing here is the effect's problem, not a typo: the
    # effect reports it and turns off, and the stream goes on.
    return settings
