"""`studio zones`: measure a platform's screen on a phone.

    studio zones card --out card.png [--profile FILE] [--canvas WxH]
    studio zones measure SCREENSHOT --platform ID [--profile FILE] [--canvas WxH] [--json]
        [--out PNG]

Stream the card (a full-canvas picture layer), open the live room in the platform's app on a
phone as a buyer would, take a screenshot, and `measure` says which parts of the canvas the app
drew over or cut off: the figures to write into the platform preset (with the phone and app
version beside them), or to compare with the preset's. --out draws them over the card. Bad
input is one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio.commands.effects import write_image
from studio.commands.outcome import EXIT_OK, UserError
from studio.commands.render import _check_platform, _open_profile, check_out, draw_guides


def _canvas(args: argparse.Namespace) -> tuple[int, int]:
    if args.canvas is not None:
        return tuple(args.canvas)
    profile = _open_profile(args.zones_profile)
    return profile.canvas.width, profile.canvas.height


def run_zones(args: argparse.Namespace) -> int:
    from studio.scene.zone_measure import calibration_card

    if args.zones_command == "card":
        out = check_out(args.out)
        width, height = _canvas(args)
        write_image(out, calibration_card(width, height), "--out")
        print(f"calibration card {width}x{height}: {out}")
        return EXIT_OK
    return _measure(args)


def _measure(args: argparse.Namespace) -> int:
    from studio.broadcast.platforms.screens import zones_for
    from studio.capture.base import SourceError
    from studio.scene.zone_measure import (
        ZoneMeasureError,
        as_zones,
        calibration_card,
        load_screenshot,
        measure,
    )

    _check_platform(args.platform)
    out = check_out(args.out) if args.out else None
    path = Path(args.screenshot).expanduser()
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    width, height = _canvas(args)
    try:
        image = load_screenshot(path)
    except SourceError as exc:
        raise UserError(str(exc)) from None
    try:
        screen = measure(image, width, height)
    except ZoneMeasureError as exc:
        raise UserError(f"{path}: {exc}") from None
    zones = as_zones(screen, width, height)
    portrait = height > width
    if out is not None:
        card = calibration_card(width, height)
        measured = {(args.platform, portrait): zones}
        draw_guides(card, zones_for([args.platform], width, height, measured))
        write_image(out, card, "--out")
    orientation = "portrait" if portrait else "landscape"
    report = {
        "platform": args.platform,
        "orientation": orientation,
        "canvas": [width, height],
        "phone_pixels_per_canvas_pixel": round(screen.scale, 4),
        "matches": screen.matches,
        "zones": [[z.name, *z.fraction] for z in zones],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{args.platform} {orientation} {width}x{height}: shown at {screen.scale:.3f} phone "
            f"px per canvas px ({screen.matches} corners matched)"
        )
        for z in zones:
            x, y, w, h = z.fraction
            print(f"  {z.name:<9} x {x:.3f}  y {y:.3f}  w {w:.3f}  h {h:.3f}")
    return EXIT_OK
