"""`studio bench`: the real pipeline (synthetic source -> compose -> encode -> MKV file) measured,
and the same encode by the ffmpeg CLI in the same run for comparison.

With effects (--background, --beautify) the source is a stand-in camera with a person in front of
it (assets/bench/person.jpg, slowly panning and zooming), and the figures gain a "vision" block.
With --source FILE the camera is that video file, decoded and looped (the ffmpeg CLI then decodes
it too): studio.commands.bench_source.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import psutil

from studio.broadcast.encoder import EncoderConfig
from studio.capture.base import Source, ThreadedVideoSource
from studio.clock import MediaClock
from studio.commands import bench_source
from studio.commands.effect_options import effect_settings, effects_asked
from studio.commands.outcome import EXIT_FAILED, EXIT_OK, UserError
from studio.engine import Engine, EngineConfig
from studio.memory import peak_rss_mb
from studio.profile import LayerSettings
from studio.vision.effects import EffectsStatus
from studio.vision.settings import BEAUTIFY_PRESETS, EffectSettings

SOAK_SECONDS = 300  # longer runs are soaks: no whole-run percentiles
WARM_UP = 1.0  # seconds left out of the CPU figure: encoder start-up is not steady state
PERSON_PHOTO = Path("bench") / "person.jpg"  # under assets/
CAMERA_SPEC = "bench-camera"  # the stand-in camera's spec inside the bench's engine only
CAMERA_MEMORY_MB = 96  # what the stand-in's pre-rendered frames may take
HOLD_TICKS = 2  # each pre-rendered pose is shown this many frames: a slow, steady movement


class PersonCamera(ThreadedVideoSource):
    """A camera stand-in: a person (a photo) slowly panning and zooming, at the canvas size and
    rate. The frames are rendered once, before the measurement, so capturing costs next to
    nothing and the figures are the pipeline's, not a decoder's. Every frame is published as a
    new one (a new sequence number), as a camera's are, even while a pose is held."""

    kind = CAMERA_SPEC

    def __init__(
        self,
        clock: MediaClock,
        size: tuple[int, int],
        fps: float,
        photo: np.ndarray,
        face: tuple[float, float] = (0.44, 0.22),  # the face's centre in the photo, 0..1
        memory_mb: float = CAMERA_MEMORY_MB,
    ) -> None:
        super().__init__(CAMERA_SPEC, clock)
        self.width, self.height = size
        self.fps = fps
        frame_mb = self.width * self.height * 3 / 1e6
        count = int(min(48, max(8, memory_mb // frame_mb)))
        self.frames = [
            self._render(photo, i / (count - 1), face) for i in range(count)
        ]  # played forth and back: the movement never jumps

    def _render(self, photo: np.ndarray, t: float, face: tuple[float, float]) -> np.ndarray:
        ph, pw = photo.shape[:2]
        w, h = self.width, self.height
        ease = (1 - math.cos(math.pi * t)) / 2
        scale = max(w / pw, h / ph) * (1.0 + 0.08 * ease)  # zooms in by up to 8 %
        half_w, half_h = w / (2 * scale), h / (2 * scale)  # half the photo's part in view
        # Pans across about 6 % of the photo, the face a third of the way down where it can be.
        cx = pw * face[0] + pw * 0.06 * (ease - 0.5)
        cy = ph * face[1] + half_h / 3 - ph * 0.03 * ease
        cx = min(max(cx, half_w), pw - half_w)
        cy = min(max(cy, half_h), ph - half_h)
        matrix = np.float32([[scale, 0, w / 2 - scale * cx], [0, scale, h / 2 - scale * cy]])
        frame = cv2.warpAffine(
            photo, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
        )
        frame.flags.writeable = False  # shared with every consumer, as a source's frames are
        return frame

    def capture_loop(self) -> None:
        period = 1.0 / self.fps
        order = list(range(len(self.frames))) + list(range(len(self.frames) - 2, 0, -1))
        n = 0
        next_t = time.monotonic()
        while not self.stopping:
            self.publish(self.frames[order[(n // HOLD_TICKS) % len(order)]])
            n += 1
            next_t += period
            delay = next_t - time.monotonic()
            if delay < -period:  # fell far behind: do not race to catch up
                next_t = time.monotonic()
            if self.wait(max(0.0, delay)):
                break


def _person_photo_path() -> Path:
    from studio.fonts import assets_dirs

    for folder in assets_dirs():
        if (folder / PERSON_PHOTO).is_file():
            return folder / PERSON_PHOTO
    raise UserError(
        f"assets/{PERSON_PHOTO.as_posix()} is missing: the bench needs it to measure effects; "
        "reinstall Shopcast Studio",
        EXIT_FAILED,
    )


def person_photo() -> np.ndarray:
    from studio.capture.image import load_image

    return load_image(_person_photo_path())[..., :3]


def background_text(settings: EffectSettings) -> str:
    """The --background value that gives these settings."""
    bg = settings.background
    if not bg.on:
        return "off"
    return {"blur": f"blur:{bg.strength}", "replace": f"replace:{bg.image}"}.get(bg.mode, bg.mode)


def beautify_text(settings: EffectSettings) -> str:
    """The --beautify value that gives these settings (a preset's name when it is one)."""
    beauty = settings.beautify
    preset = next((name for name, p in BEAUTIFY_PRESETS.items() if p == beauty), None)
    if preset is not None:
        return preset
    return ",".join(f"{k}={v}" for k, v in dataclasses.asdict(beauty).items())


def vision_figures(status: EffectsStatus | None, settings: EffectSettings) -> dict:
    """The effects' cost: analyse_ms per analysed frame (the vision worker), apply_ms per frame
    (the render thread), and vision_ms_per_frame = analyse_ms / every_n + apply_ms, one core's
    milliseconds per output frame. `status` None: every effect was off, nothing ran."""
    if status is None:
        status = EffectsStatus(None, 0.0, 0.0, 0.0, (), None)
    every_n = status.every_n if status.every_n > 0 else 1.0
    return {
        "provider": status.provider,
        "analyse_ms": round(status.analyse_ms, 2),
        "apply_ms": round(status.apply_ms, 2),
        "every_n": round(status.every_n, 2),
        "still_skips": status.still_skips,  # analyses skipped: the picture had not changed
        "vision_ms_per_frame": round(status.analyse_ms / every_n + status.apply_ms, 2),
        "background": background_text(settings),
        "beautify": beautify_text(settings),
        "problems": [str(p) for p in status.problems],
        "notice": status.notice,
    }


def thread_times(process: psutil.Process) -> dict[str, float]:
    """Processor seconds so far by thread name; the threads Python did not start (FFmpeg's
    decoder and encoder threads, ONNX Runtime's) together as "native"."""
    import threading

    names = {t.native_id: t.name for t in threading.enumerate()}
    times: dict[str, float] = {}
    for t in process.threads():
        name = names.get(t.id, "native")
        name = "source" if name.startswith("source:") else name  # no file path in the figures
        times[name] = times.get(name, 0.0) + t.user_time + t.system_time
    return times


def measure_engine(
    cfg: EncoderConfig,
    seconds: float,
    folder: Path,
    effects: EffectSettings | None = None,
    source: Path | None = None,
) -> dict:
    """`source`: a video file decoded as the camera instead of the stand-ins."""
    clock = MediaClock()
    layer = LayerSettings(name="Pattern", source="synthetic")
    given: dict[str, Source] = {}
    camera: PersonCamera | None = None
    if source is not None:
        fx = effects.to_dict() if effects is not None else {}
        layer = LayerSettings(name="Camera", source=f"file:{source}", effects=fx)
    elif effects is not None:
        camera = PersonCamera(clock, (cfg.width, cfg.height), cfg.fps, person_photo())
        given[CAMERA_SPEC] = camera
        layer = LayerSettings(name="Camera", source=CAMERA_SPEC, effects=effects.to_dict())
    # Whole-run percentiles keep every sample: fine for minutes, not for a soak of hours, whose
    # memory figure they would distort.
    keep_all = seconds <= SOAK_SECONDS
    config = EngineConfig(cfg, [layer], record_path=folder / "bench.mkv", keep_all_timings=keep_all)
    engine = Engine(config, clock=clock, sources=given)
    engine.preview_wanted = False  # as `studio stream`: the window's phase adds the preview
    engine.start()
    time.sleep(WARM_UP)
    process = psutil.Process()
    rss0 = process.memory_info().rss
    threads0 = thread_times(process)
    cpu0, wall0, frames0 = time.process_time(), time.monotonic(), engine.frames
    time.sleep(seconds)
    cpu1, wall1, frames1 = time.process_time(), time.monotonic(), engine.frames
    threads1 = thread_times(process)
    rss1 = process.memory_info().rss
    repeated = engine.frames_repeated
    status = engine.stats().effects.get(layer.name)
    engine.stop()
    stages = engine.timings.summary(everything=keep_all)  # a soak: the last seconds
    wall = wall1 - wall0
    recorder = engine.recorder
    assert recorder is not None
    result = {
        "fps": round((frames1 - frames0) / wall, 2),
        "frames": engine.frames,
        "frames_repeated": repeated,
        "frames_repeated_pct": round(100 * repeated / max(1, engine.frames), 3),
        "frames_as_decoded": engine.frames_as_decoded,  # encoded without a BGR -> I420 step
        "stages_ms": {k: v for k, v in stages.items() if k != "capture_to_mux"},
        "capture_to_mux_ms": stages.get("capture_to_mux", {}),
        "cpu_cores": round((cpu1 - cpu0) / wall, 3),
        "threads_cpu_cores": {
            name: round((spent - threads0.get(name, 0.0)) / wall, 3)
            for name, spent in sorted(threads1.items(), key=lambda item: -item[1])
        },
        "peak_rss_mb": round(peak_rss_mb(), 1),
        # Memory after warming up and at the end: a leak shows as growth over a long run.
        "rss_start_mb": round(rss0 / 2**20, 1),
        "rss_end_mb": round(rss1 / 2**20, 1),
        "rss_growth_pct": round(100 * (rss1 - rss0) / rss0, 2),
        "recorded_frames": recorder.video_frames,
        "frames_not_recorded": engine.frames - recorder.video_frames,
        "recording_error": recorder.error,
        "video_encoder": engine.encoder.video_codec,
    }
    if effects is not None:
        result["vision"] = vision_figures(status, effects)
    if source is not None:
        result["camera"] = {"file": str(source), "decoded": True}
    elif camera is not None:
        result["camera"] = {
            "stand_in": f"assets/{PERSON_PHOTO.as_posix()}, pre-rendered panning and zooming",
            "poses": len(camera.frames),
            "frames_mb": round(sum(f.nbytes for f in camera.frames) / 2**20, 1),  # in peak RSS
        }
    return result


def measure_ffmpeg(
    cfg: EncoderConfig, seconds: float, folder: Path, source: Path | None = None
) -> dict:
    """The same encode by the ffmpeg CLI, paced in real time (-re) like a live source; of the
    same file decoded when the studio's camera is `source`."""
    return bench_source.measure_ffmpeg(cfg, seconds, folder, source, warm_up=WARM_UP)


def run_bench(args: argparse.Namespace) -> int:
    if getattr(args, "imports", None):
        return _bench_imports(args)
    width, height = args.canvas  # checked by the parser
    if getattr(args, "make_source", None):
        out = bench_source.make_source_video(
            _person_photo_path(), Path(args.make_source), width, height
        )
        print(f"wrote {out} ({width}x{height}, {bench_source.CLIP_SECONDS} s, looping)")
        return EXIT_OK
    source = getattr(args, "source", None)
    source = bench_source.check_source(Path(source)) if source else None
    effects = effect_settings(args) if effects_asked(args) else None
    cleanup = contextlib.ExitStack()
    if args.window and effects is not None and source is None:
        # The window's child cannot be given the pre-rendered stand-in: both phases decode one
        # camera-like clip, so the preview's cost is compared like with like.
        made = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="studio-bench-source-"))
        source = bench_source.make_source_video(
            _person_photo_path(), Path(made) / "camera.mp4", width, height
        )
    cfg = EncoderConfig(
        width=width,
        height=height,
        fps=args.fps,
        bitrate_kbps=args.bitrate,
        preset=args.preset,
        video_encoder="libx264",
    )
    with cleanup, tempfile.TemporaryDirectory(prefix="studio-bench-") as tmp:
        result: dict = {
            "canvas": f"{width}x{height}",
            "fps_target": args.fps,
            "seconds": args.seconds,
            "bitrate_kbps": args.bitrate,
            "preset": args.preset,
            "studio": measure_engine(cfg, args.seconds, Path(tmp), effects, source),
        }
        if args.products:
            from studio.commands.bench_products import measure_products

            result["products"] = measure_products(width, height, args.products)
        if args.window:
            from studio.commands.bench_window import measure_preview, measure_startup

            spec = f"file:{source}" if source is not None else "synthetic"
            fx = effects.to_dict() if effects is not None else None
            window = measure_preview(cfg, args.seconds, Path(tmp), spec, fx)
            window.update(measure_startup(Path(tmp)))
            if window.get("cpu_cores") is not None:
                window["preview_cost_cores"] = round(
                    window["cpu_cores"] - result["studio"]["cpu_cores"], 3
                )
            result["window"] = window
        if getattr(args, "chat", 0):
            from studio.commands.bench_chat import measure_chat

            result["chat"] = measure_chat(
                args.chat,
                args.seconds,
                width,
                height,
                args.fps,
                rooms=args.chat_rooms,
                screenshot=args.chat_screenshot,
            )
        if not args.no_ffmpeg:
            ff = measure_ffmpeg(cfg, args.seconds, Path(tmp), source)
            result["ffmpeg_cli"] = ff
            if ff.get("cpu_cores"):
                result["cpu_ratio_vs_ffmpeg"] = round(
                    result["studio"]["cpu_cores"] / ff["cpu_cores"], 2
                )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        s = result["studio"]
        print(
            f"{result['canvas']}@{args.fps}: {s['fps']} fps, repeated {s['frames_repeated']} "
            f"({s['frames_repeated_pct']}%), {s['cpu_cores']} cores, "
            f"capture-to-mux p95 {s['capture_to_mux_ms'].get('p95')} ms, "
            f"peak RSS {s['peak_rss_mb']} MB"
        )
        vision = s.get("vision")
        if vision:
            print(
                f"vision: {vision['provider']}, analyse {vision['analyse_ms']} ms every "
                f"{vision['every_n']} frames, apply {vision['apply_ms']} ms: "
                f"{vision['vision_ms_per_frame']} ms per frame (background "
                f"{vision['background']}, beautify {vision['beautify']})"
            )
        products = result.get("products")
        if products:
            print(
                f"products: {products['layers']} layers cost {products['products_ms_per_frame']}"
                f" ms per frame to compose; a redraw after a change "
                f"{products['redraw_ms_median']} ms"
            )
        if "window" in result:
            print(f"window: {result['window']}")
        chat = result.get("chat")
        if chat and "error" not in chat:
            late = chat["event_loop_late_ms"]
            rooms = ", ".join(
                f"{room} {rate}/s" for room, rate in chat.get("events_per_s", {}).items()
            )
            print(
                f"chat: {chat['comments_per_s']} comments/s into the window's pane"
                f"{' (' + rooms + ')' if rooms else ''}: event loop "
                f"late p50 {late['p50']} / p95 {late['p95']} / max {late['max']} ms, "
                f"{chat['events_in_pane']} of {chat['events_received']} events in the pane "
                f"(lost {chat['lost']}), {chat['cpu_cores']} cores"
            )
        elif chat:
            print(f"chat: {chat}")
        if "ffmpeg_cli" in result:
            print(f"ffmpeg CLI: {result['ffmpeg_cli']}")
    problems = result["studio"].get("vision", {}).get("problems", [])
    for problem in problems:  # that effect was off: the figures do not measure it
        print(f"studio: effects: {problem}", file=sys.stderr)
    return EXIT_FAILED if problems else EXIT_OK


def _bench_imports(args: argparse.Namespace) -> int:
    """`bench --import FILE ...`: one catalog import after another, each as the window does it."""
    from studio.commands.bench_products import measure_import

    results = [measure_import(path) for path in args.imports]
    if args.json:
        print(json.dumps({"imports": results}, indent=2))
        return EXIT_OK
    for r in results:
        what = r.get("error") or f"{r['products']} products, {r['rejected']} rows rejected"
        line = f"{r['file']}: {what}; read {r['seconds']} s (worker peak {r['worker_peak_mb']} MB)"
        if "apply_and_save_s" in r:
            line += f", applied and saved {r['apply_and_save_s']} s, total {r['total_s']} s"
        print(line + f"; studio peak {r['studio_peak_mb']} MB")
    return EXIT_OK
