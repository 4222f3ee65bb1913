"""Command line: `studio` (the window) and the headless commands stream, effects, catalog,
overlay, render, zones, chat, doctor and bench."""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable
from typing import NoReturn

from studio.commands.effect_options import add_effect_options
from studio.commands.outcome import (  # noqa: F401 - the command line's exit codes too
    EXIT_DESTINATION_FAILED,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UserError,
)
from studio.settings_schema import (
    CANVAS_FPS,
    KEYFRAME_SECONDS,
    VIDEO_BITRATE,
    X264_PRESET,
    Setting,
)


def _canvas_type(text: str) -> tuple[int, int]:
    """--canvas WxH (or a preset id), checked for the encoder; for argparse's type=, so a bad
    size is a usage error with argparse's message."""
    from studio.scene.canvas import parse_canvas

    try:
        return parse_canvas(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# Bounds of the numeric options: the settings schema's, as the window and the profile have them.
BITRATE_KBPS = (int(VIDEO_BITRATE.minimum), int(VIDEO_BITRATE.maximum))
FRAME_RATES = CANVAS_FPS.choices
MAX_RUN_SECONDS = 7 * 24 * 3600  # stream/chat --duration: a week (leave it out: until Ctrl-C)
MAX_BENCH_SECONDS = 24 * 3600  # bench --seconds: a day-long soak
MAX_PRODUCT_LAYERS = 10  # bench --products
MAX_CHAT_RATE = 10_000  # bench --chat: comments a second (ten demo rooms at their fastest)
MAX_DIGITS = 12  # longer numbers are out of every range here; int() would refuse 4300+ digits


def _chat_rooms(text: str) -> tuple[str, ...]:
    from studio.commands.bench_chat import LOOPBACK_ROOMS

    rooms = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [room for room in rooms if room not in LOOPBACK_ROOMS]
    if not rooms or unknown:
        named = ", ".join(unknown) or repr(text)
        raise argparse.ArgumentTypeError(f"{named}: give rooms from {', '.join(LOOPBACK_ROOMS)}")
    return rooms


def whole_number(low: int, high: int, unit: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`; the message names the range."""
    what = f"a whole number{' of ' + unit if unit else ''} from {low} to {high}"

    def parse(text: str) -> int:
        digits = text.strip().lstrip("+-")
        if not digits.isdigit() or not digits.isascii():
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number: give {what}")
        if len(digits.lstrip("0")) <= MAX_DIGITS:
            value = int(text)
        else:  # far out of range, on the side its sign says
            value = low - 1 if text.strip().startswith("-") else high + 1
        if value > high:
            raise argparse.ArgumentTypeError(f"{text} is too large: give {what}")
        if value < low:
            raise argparse.ArgumentTypeError(f"{text} is too small: give {what}")
        return value

    return parse


def seconds(high: float) -> Callable[[str], float]:
    """An argparse type: a finite number of seconds above 0 and at most `high`."""
    days = f" ({high / 86400:g} day{'s' if high != 86400 else ''})" if high >= 86400 else ""
    what = f"a number of seconds above 0 and at most {high:g}{days}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number: give {what}") from None
        if math.isnan(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number: give {what}")
        if value > high:
            raise argparse.ArgumentTypeError(f"{text} is too long: give {what}")
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is too short: give {what}")
        return value

    return parse


def schema_number(setting: Setting) -> Callable[[str], float]:
    """An argparse type: a number within a settings-schema setting's bounds, named in the
    message as the profile loader and the settings dialog hold them."""
    what = f"a number {setting.bounds_text}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if math.isnan(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number: give {what}")
        if setting.problem(value):
            raise argparse.ArgumentTypeError(f"{text} is out of range: give {what}")
        return value

    return parse


def frame_rate(text: str) -> int:
    """--fps: one of the frame rates the encoder and the platforms take."""
    for rate in FRAME_RATES:
        if text.strip() == str(rate):
            return rate
    rates = ", ".join(map(str, FRAME_RATES[:-1])) + f" or {FRAME_RATES[-1]}"
    raise argparse.ArgumentTypeError(f"{text!r} is not a frame rate: give {rates}")


bitrate = whole_number(*BITRATE_KBPS, unit="kbps")
BITRATE_TEXT = f"{BITRATE_KBPS[0]}-{BITRATE_KBPS[1]} kbps"
keyframe_seconds = schema_number(KEYFRAME_SECONDS)
FPS_METAVAR = "{" + ",".join(map(str, FRAME_RATES)) + "}"


class StudioParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2, as the commands' own errors are: the full
    usage is a --help away (and the line says so)."""

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.removeprefix("argument ").split())
        self.exit(EXIT_USAGE, f"studio: error: {text}. See: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = StudioParser(
        prog="studio",
        description="Shopcast Studio: a broadcaster studio for live selling.",
    )
    parser.add_argument(
        "--profile", metavar="PATH", help="the window's profile file (default: the user's own)"
    )
    parser.add_argument("--exit-after", type=seconds(MAX_BENCH_SECONDS), help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    stream = sub.add_parser("stream", help="stream headless to RTMP(S) destinations and/or record")
    stream.add_argument(
        "--source",
        action="append",
        metavar="SPEC",
        help=(
            "synthetic, camera:N, camera:URL, file:PATH or image:PATH; repeat to stack layers "
            "(default: the profile's scene, else synthetic)"
        ),
    )
    stream.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="URL",
        help="push URL (rtmp:// or rtmps://, used byte for byte); repeatable",
    )
    stream.add_argument("--record", metavar="PATH", help="record to PATH (.mkv or .mp4)")
    stream.add_argument(
        "--canvas", type=_canvas_type, metavar="WxH", help="canvas size, e.g. 1080x1920"
    )
    stream.add_argument("--fps", type=frame_rate, metavar=FPS_METAVAR)
    stream.add_argument(
        "--bitrate", type=bitrate, metavar="KBPS", help=f"video bitrate ({BITRATE_TEXT})"
    )
    stream.add_argument(
        "--keyframe",
        type=keyframe_seconds,
        metavar="SECONDS",
        help=f"keyframe interval, {KEYFRAME_SECONDS.bounds_text} (default: the profile's, else "
        f"{KEYFRAME_SECONDS.default:g}; a destination's platform may ask for less)",
    )
    stream.add_argument(
        "--preset",
        choices=X264_PRESET.choices,
        metavar="NAME",
        help=f"x264 preset, {X264_PRESET.bounds_text} (default {X264_PRESET.default})",
    )
    stream.add_argument(
        "--encoder",
        metavar="NAME",
        help="auto (hardware when present), libx264, h264_nvenc, h264_qsv...",
    )
    stream.add_argument(
        "--audio",
        action="append",
        metavar="SPEC",
        help="audio source: mic, mic:N or none (default: mic, unless the "
        "source makes its own sound)",
    )
    stream.add_argument(
        "--duration",
        type=seconds(MAX_RUN_SECONDS),
        metavar="SECONDS",
        help="stop after this long (default: until Ctrl-C)",
    )
    stream.add_argument(
        "--profile",
        metavar="FILE",
        # unset here keeps `studio --profile FILE stream` working (the parent's value stays)
        default=argparse.SUPPRESS,
        help="read canvas, encoder and scene from this profile file",
    )
    stream.add_argument(
        "--no-adaptive",
        action="store_true",
        help="keep the bitrate fixed (strict CBR) even when a link cannot carry it",
    )
    stream.add_argument("--quiet", action="store_true", help="no status lines")
    add_effect_options(stream, " (on the bottom layer: the first --source, typically the camera)")

    effects = sub.add_parser(
        "effects",
        help="apply background and beautify effects to one picture",
        description="Apply the effects a layer can have to one picture: for trying settings on "
        "a photo. Prints the provider used and the time taken.",
    )
    effects.add_argument("input", metavar="IN", help="the picture (PNG, JPEG, WebP, BMP, TIFF)")
    effects.add_argument(
        "output",
        metavar="OUT",
        help="where to write the result; with --background remove it has transparency, so OUT "
        "must be .png or .webp",
    )
    add_effect_options(effects)
    effects.add_argument(
        "--mask",
        metavar="MASK.png",
        help="also write the person mask (8-bit grey PNG at IN's size, white = person)",
    )

    catalog = sub.add_parser("catalog", help="check a product catalog (CSV, XLSX, XLS, JSON)")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    check = catalog_sub.add_parser(
        "check",
        help="list the products found and every rejected row with its line number",
        description="Read a catalog as the studio would import it: the products found, and "
        "every rejected row with its line number and reason. Exit 0 when at least one product "
        "imported, 1 when none did, 2 when the file cannot be read as a catalog.",
    )
    check.add_argument(
        "file", metavar="FILE", help="a .csv (UTF-8 or GBK), .xlsx, .xls or .json file"
    )
    check.add_argument("--json", action="store_true", help="print JSON")

    overlay = sub.add_parser("overlay", help="render an on-screen product layer to a PNG")
    overlay_sub = overlay.add_subparsers(dest="overlay_command", metavar="ACTION", required=True)
    render = overlay_sub.add_parser(
        "render",
        help="render one product's card, spec sheet or countdown alone as an RGBA PNG",
    )
    render.add_argument("--catalog", required=True, metavar="FILE")
    render.add_argument("--product", required=True, metavar="ID", help="row id or product name")
    render.add_argument("--out", required=True, metavar="PNG")
    from studio.commerce.overlay_kinds import DEFAULT_KIND, OVERLAY_KINDS  # the declared kinds

    render.add_argument("--kind", choices=tuple(OVERLAY_KINDS), default=DEFAULT_KIND)
    render.add_argument("--canvas", type=_canvas_type, default=(720, 1280), metavar="WxH")
    render.add_argument("--lang", choices=("zh", "en"), default="zh")

    frame = sub.add_parser(
        "render",
        help="compose one frame of a scene to a PNG, and say where each layer sits",
        description="One frame of a scene as the engine composes it (sources at their first "
        "frame, the show on), at the profile's canvas or another one (laid out as the window "
        "would after that change). --json tells, for each layer, whether it is on the canvas, "
        "under the platform's UI and over other overlays.",
    )
    frame.add_argument(
        "--profile",
        dest="render_profile",  # not to hide `studio --profile FILE render`
        metavar="FILE",
        help="the profile (default: yours, else a first run's)",
    )
    frame.add_argument("--scene", metavar="NAME", help="the scene (default: the current one)")
    frame.add_argument(
        "--canvas", type=_canvas_type, metavar="WxH", help="another canvas size, e.g. 1280x720"
    )
    frame.add_argument(
        "--platform",
        metavar="ID",
        help="whose UI zones count, e.g. douyin (default: the enabled destinations' platforms)",
    )
    frame.add_argument("--guides", action="store_true", help="draw the platform's UI zones")
    frame.add_argument("--out", required=True, metavar="PNG", help="where to write the frame")
    frame.add_argument("--json", action="store_true", help="print JSON")

    zones = sub.add_parser(
        "zones",
        help="measure a platform's screen from a phone screenshot of the live room",
        description="Stream the calibration card (`zones card`), take a screenshot of the live "
        "room in the platform's app on a phone, and `zones measure` says which parts of the "
        "canvas the app draws over or cuts off.",
    )
    zones_sub = zones.add_subparsers(dest="zones_command", metavar="ACTION", required=True)
    card = zones_sub.add_parser("card", help="write the calibration card to stream, as a PNG")
    measure = zones_sub.add_parser("measure", help="measure a screenshot of the streamed card")
    measure.add_argument("screenshot", metavar="SCREENSHOT", help="the phone's screenshot")
    measure.add_argument("--platform", required=True, metavar="ID", help="e.g. douyin")
    measure.add_argument("--json", action="store_true", help="print JSON")
    for action in (card, measure):
        action.add_argument(
            "--profile",
            dest="zones_profile",
            metavar="FILE",
            help="whose canvas (default: yours, else a first run's)",
        )
        action.add_argument(
            "--canvas", type=_canvas_type, metavar="WxH", help="the canvas streamed instead"
        )
    card.add_argument("--out", required=True, metavar="PNG", help="where to write the card")
    measure.add_argument("--out", metavar="PNG", help="also draw the zones over the card")

    chat = sub.add_parser("chat", help="read a live room's comments from the command line")
    chat_sub = chat.add_subparsers(dest="chat_command", metavar="ACTION", required=True)
    listen = chat_sub.add_parser(
        "listen",
        help="print each comment (and each suggested answer) as it arrives",
        description="Connect to a live room's chat and print one JSON object per line for each "
        "event (the exact text received) and for each suggested answer (with the id of the "
        "comment it answers). Nothing is ever sent to the platform.",
    )
    from studio.chat.registry import connector_kinds  # the kinds the registry lists

    listen.add_argument("--connector", required=True, choices=connector_kinds())
    listen.add_argument("--server", default="", metavar="HOST:PORT", help="or a URL")
    listen.add_argument("--tls", action="store_true", help="connect with TLS")
    listen.add_argument(
        "--channel", default="", help="IRC channel, YouTube live chat id, Bilibili room id"
    )
    listen.add_argument(
        "--token", default="", help="OAuth token, API key or webhook secret (never printed)"
    )
    listen.add_argument("--nick", default="", help="IRC: the login name (with --token to send)")
    listen.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",  # not KEY=: the help is redacted like every output
        help="a connector's own setting, e.g. password=... for an IRC server password",
    )
    listen.add_argument("--catalog", metavar="FILE", help="suggest answers from these products")
    listen.add_argument(
        "--terms",
        metavar="FILE",
        help="the shop's terms for the answers: a JSON object such as "
        '{"shipping_international_es": "..."} (see the answer rules dialog)',
    )
    listen.add_argument(
        "--duration",
        type=seconds(MAX_RUN_SECONDS),
        metavar="SECONDS",
        help="stop after this long (default: until Ctrl-C)",
    )
    listen.add_argument("--json", action="store_true", help="print JSON lines")

    clips = sub.add_parser(
        "clips",
        help="cut a recording into a clip per product explained, ranked by the room's reaction",
        description="One H.264 + AAC MP4 and a cover JPEG per product explained (from "
        "NAME.timeline.json beside the recording), within 0.5 s of the explanation, ranked by "
        "the room's reaction (NAME.log.jsonl); moments the room came alive outside any "
        "explanation are offered as highlights. Exit 0 when every clip was written, 1 when the "
        "export stopped (a full disk, Ctrl-C: the clips finished are kept), 2 when the "
        "recording or its timeline cannot be used.",
    )
    clips.add_argument("recording", nargs="?", help="the recording (.mkv or .mp4)")
    clips.add_argument(
        "--out", metavar="DIR", help="the folder for the clips (default: 'NAME clips' beside it)"
    )
    clips.add_argument("--json", action="store_true", help="list the clips as JSON")
    clips.add_argument(
        "--card",
        action="store_true",
        help="burn the product card into each product's clip, drawn as the studio draws it "
        "where the profile's product layer is, unless the recording already shows it there",
    )
    clips.add_argument(
        "--no-splice",
        action="store_true",
        help="re-encode whole each clip that would start with a re-encoded head joined to the "
        "recording's own pictures (slower; for a player or platform that refuses such a clip)",
    )
    clips.add_argument(
        "--profile",
        metavar="FILE",
        help="with --card: the profile with the products and their layer (default: yours)",
    )
    clips.add_argument(
        "--top",
        type=whole_number(1, 10_000),
        metavar="N",
        help="only the N clips the room reacted to most",
    )
    clips.add_argument(
        "--bench",
        action="store_true",
        help="measure instead: ten one-minute clips from a 1080x1920 recording made for it "
        "(in --out, else a temporary folder)",
    )

    doctor = sub.add_parser("doctor", help="check cameras, microphones, encoders, models, fonts")
    doctor.add_argument("--json", action="store_true", help="print JSON")

    bench = sub.add_parser(
        "bench",
        help="measure the real pipeline (synthetic -> encode -> file; with effects, a person "
        "in front of a stand-in camera)",
    )
    bench.add_argument(
        "--seconds",
        type=seconds(MAX_BENCH_SECONDS),
        default=20.0,
        help="how long to measure (default 20)",
    )
    bench.add_argument("--canvas", type=_canvas_type, default=(720, 1280), metavar="WxH")
    bench.add_argument("--fps", type=frame_rate, default=30, metavar=FPS_METAVAR)
    bench.add_argument("--bitrate", type=bitrate, default=2500, metavar="KBPS", help=BITRATE_TEXT)
    bench.add_argument("--preset", choices=X264_PRESET.choices, default=X264_PRESET.default)
    bench.add_argument("--no-ffmpeg", action="store_true", help="skip the ffmpeg CLI comparison")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument(
        "--window", action="store_true", help="also time the window's start and preview cost"
    )
    bench.add_argument(
        "--products",
        type=whole_number(0, MAX_PRODUCT_LAYERS),
        default=0,
        metavar="N",
        help="also time N product layers (cards, spec sheet, countdown) over the picture "
        f"(0-{MAX_PRODUCT_LAYERS})",
    )
    bench.add_argument(
        "--chat",
        type=whole_number(0, MAX_CHAT_RATE),
        default=0,
        metavar="N",
        help="also time the window's comment pane taking N demo comments a second "
        f"(0-{MAX_CHAT_RATE}; 0: not)",
    )
    bench.add_argument(
        "--chat-rooms",
        type=_chat_rooms,
        default=(),
        metavar="ROOMS",
        help="with --chat: N events a second from each of these rooms, served on loopback in "
        "their own formats and read by the real connectors, instead of demo rooms "
        "(douyin, bilibili or douyin,bilibili)",
    )
    bench.add_argument(
        "--chat-screenshot", metavar="PNG", default="", help="with --chat: save the window then"
    )
    bench.add_argument(
        "--import",
        dest="imports",
        action="append",
        default=[],
        metavar="FILE",
        help="measure importing this catalog file instead (repeatable): the worker process's "
        "time and peak memory, applying it to a shop and saving the profile",
    )
    bench.add_argument(
        "--source",
        metavar="FILE",
        help="decode this video file as the camera (looping), and the ffmpeg CLI decodes it too",
    )
    bench.add_argument(
        "--make-source",
        metavar="FILE",
        help="write a camera-like clip at the canvas size for --source (a person panning, with "
        "grain) and stop",
    )
    add_effect_options(bench, " (on a stand-in camera showing a person: assets/bench/person.jpg)")

    sub.add_parser("_relay", help=argparse.SUPPRESS)  # the bundled app runs its relays this way
    # ... and reads catalogs in a worker process this way (studio.commerce.import_worker)
    reader = sub.add_parser("_import_catalog", help=argparse.SUPPRESS)
    reader.add_argument("file")
    # ... and cuts clips in a worker process this way (studio.clips.worker)
    sub.add_parser("_clips_worker", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Every log record, and all the command line prints (usage errors included), masked for
    # secrets; a relay's stdout is its parent's protocol and is left as it is.
    from studio import redact

    words = sys.argv[1:] if argv is None else argv
    redact.install(streams=words[:1] not in (["_relay"], ["_import_catalog"], ["_clips_worker"]))
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="studio: %(message)s")
    try:
        import av

        av.logging.set_level(None)  # FFmpeg's own logs may print URLs with stream keys
        if args.command == "stream":
            from studio.commands.stream import run_stream

            return run_stream(args)
        if args.command == "effects":
            from studio.commands.effects import run_effects

            return run_effects(args)
        if args.command == "catalog":
            from studio.commands.catalog import run_catalog

            return run_catalog(args)
        if args.command == "overlay":
            from studio.commands.overlay import run_overlay

            return run_overlay(args)
        if args.command == "render":
            from studio.commands.render import run_render

            return run_render(args)
        if args.command == "zones":
            from studio.commands.zones import run_zones

            return run_zones(args)
        if args.command == "chat":
            from studio.commands.chat import run_chat

            return run_chat(args)
        if args.command == "clips":
            from studio.commands.clips import run_clips

            return run_clips(args)
        if args.command == "doctor":
            from studio.commands.doctor import run_doctor

            return run_doctor(args)
        if args.command == "bench":
            from studio.commands.bench import run_bench

            return run_bench(args)
        if args.command == "_relay":
            from studio.broadcast.relay import run

            return run()
        if args.command == "_import_catalog":
            from studio.commerce import import_worker

            return import_worker.main([args.file])
        if args.command == "_clips_worker":
            from studio.clips import worker

            return worker.main()
        return _open_window(args)
    except UserError as exc:
        print(f"studio: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:  # piped into `head` and the reader left: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return EXIT_OK


def _open_window(args: argparse.Namespace) -> int:
    from pathlib import Path

    from studio.ui.app import run_app

    profile = Path(args.profile).expanduser() if args.profile else None
    return run_app(profile_path=profile, exit_after=args.exit_after)


if __name__ == "__main__":
    sys.exit(main())
