"""`studio stream`: the engine headless, one status line per second."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from studio.broadcast.destination import CONNECTING, FAILED, RECONNECTING
from studio.broadcast.encoder import EncoderConfig, EncoderError
from studio.broadcast.platforms.limits import within_destinations
from studio.broadcast.platforms.registry import get_platform, mask_url, validate_push_url
from studio.broadcast.recorder import RecorderError, check_recording_path
from studio.capture.base import SourceError
from studio.commands.effect_options import effect_settings, effects_asked
from studio.commands.outcome import (
    EXIT_DESTINATION_FAILED,
    EXIT_OK,
    UserError,
    install_stop_signals,
)
from studio.engine import DestinationSpec, Engine, EngineConfig, EngineStats
from studio.profile import CanvasSettings, EncoderSettings, LayerSettings, Profile
from studio.session_log import SessionLog, log_path_for


def _profile_parts(path: str) -> tuple[Profile, list[LayerSettings], list[DestinationSpec]]:
    from studio.broadcast.ca_file import ca_file_message
    from studio.profile import ProfileError
    from studio.profile_lock import ProfileLock
    from studio.profile_secrets import SecretMissing, push_server
    from studio.profile_store import load_profile, load_profile_as_is
    from studio.secrets import SecretStoreError, load_secret, secrets_file_beside, use_secrets_file

    use_secrets_file(secrets_file_beside(path))  # where a machine without keyring keeps them
    try:
        # An older profile's secrets are moved to the keyring on load, which rewrites it: only
        # when no window has it open (that window will do it, and owns the file meanwhile).
        try:
            lock = ProfileLock.acquire(Path(path))
        except OSError:
            lock = None
        try:
            profile = (load_profile if lock else load_profile_as_is)(Path(path))
        finally:
            if lock is not None:
                lock.release()
    except ProfileError as exc:
        head, *items = str(exc).splitlines()  # one line on the terminal: "...: a; b; c"
        raise UserError(
            " ".join([head, "; ".join(i.lstrip("- ") for i in items)]).strip()
        ) from None
    scene = next((s for s in profile.scenes if s.name == profile.current_scene), None)
    layers = list(scene.layers) if scene else []
    destinations = []
    for dest in profile.destinations:
        if not dest.enabled:
            continue
        try:
            key = load_secret(dest.key_ref) if dest.key_ref else ""
            server = push_server(dest)  # a signed URL kept in the keyring, whole
        except (SecretStoreError, SecretMissing) as exc:
            raise UserError(f"destination {dest.name}: {exc}") from None
        problem = ca_file_message(dest.ca_file) if dest.ca_file else None
        if problem:
            raise UserError(f"destination {dest.name}: {problem} ({dest.ca_file})")
        preset = get_platform(dest.platform)
        try:
            url = preset.push_url(server, key or "")
        except ValueError as exc:  # a key with no server, on a platform without a default
            raise UserError(f"destination {dest.name}: {exc}") from None
        destinations.append(
            DestinationSpec(
                dest.name, url, dest.adaptive, preset.min_bitrate_kbps, ca_file=dest.ca_file or None
            )
        )
    return profile, layers, destinations


def build_config(args: argparse.Namespace) -> EngineConfig:
    profile = None
    layers: list[LayerSettings] = []
    destinations: list[DestinationSpec] = []
    if args.profile:
        profile, layers, destinations = _profile_parts(args.profile)
    if args.source:
        layers = [LayerSettings(name=spec, source=spec) for spec in args.source]
    if not layers:
        layers = [LayerSettings(name="Pattern", source="synthetic")]
    if effects_asked(args):
        layers = with_effects(layers, args)
    for url in args.to:
        problem = validate_push_url(url)
        if problem:
            raise UserError(f"{mask_url(url)}: {problem}")
        destinations.append(DestinationSpec(_destination_name(url, len(destinations)), url))
    record = Path(args.record) if args.record else None
    if record:
        try:
            check_recording_path(record)
        except RecorderError as exc:
            raise UserError(str(exc)) from None
    if not destinations and record is None:
        raise UserError("nothing to do: give --to URL and/or --record PATH")

    # Without a profile, the settings schema's defaults (the profile's own when it is new).
    canvas = profile.canvas if profile else CanvasSettings()
    enc = profile.encoder if profile else EncoderSettings()
    width, height = args.canvas or (canvas.width, canvas.height)  # checked by the parser
    encoder = EncoderConfig(
        width=width,
        height=height,
        fps=args.fps or canvas.fps,
        bitrate_kbps=args.bitrate or enc.bitrate_kbps,
        audio_bitrate_kbps=enc.audio_bitrate_kbps,
        keyframe_seconds=args.keyframe or enc.keyframe_seconds,
        preset=args.preset or enc.preset,
        video_encoder=args.encoder or enc.video_encoder,
        adaptive=not getattr(args, "no_adaptive", False),
    )
    # One encode feeds every destination: the strictest of the profile's platforms' limits apply.
    if profile:
        encoder = within_destinations(encoder, profile.destinations)
    if not encoder.adaptive:
        destinations = [dataclasses.replace(d, adaptive=False) for d in destinations]
    if args.audio:
        audio = [a for a in args.audio if a.lower() != "none"]
    elif profile and not args.source:
        audio = list(profile.audio_sources)
    else:
        # A source with its own sound (the synthetic tone) needs no microphone on top.
        audio = [] if all(layer.source.startswith("synthetic") for layer in layers) else ["mic"]
    return EngineConfig(encoder, layers, audio, destinations, record)


def with_effects(layers: list[LayerSettings], args: argparse.Namespace) -> list[LayerSettings]:
    """The layers with --background/--beautify/--provider on the bottom one (the first --source,
    or the profile's lowest layer: the camera, usually), over what that layer has saved."""
    from studio.vision.settings import EffectSettings, EffectSettingsError

    index = min(range(len(layers)), key=lambda i: layers[i].z)  # the first of the lowest
    bottom = layers[index]
    try:
        saved = EffectSettings.from_dict(bottom.effects)
    except EffectSettingsError as exc:
        raise UserError(f"layer {bottom.name}: effects: {exc}") from None
    settings = effect_settings(args, saved)
    layers = list(layers)
    layers[index] = dataclasses.replace(bottom, effects=settings.to_dict())
    return layers


def _destination_name(url: str, index: int) -> str:
    try:
        host = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError:
        host = ""
    return f"{index + 1}:{host}" if host else str(index + 1)


def format_status(stats: EngineStats) -> str:
    minutes, seconds = divmod(int(stats.elapsed), 60)
    hours, minutes = divmod(minutes, 60)
    pct = 100 * stats.frames_repeated / stats.frames if stats.frames else 0.0
    parts = [
        f"{hours:02d}:{minutes:02d}:{seconds:02d}",
        f"{stats.fps:4.1f} fps",
        f"repeated {stats.frames_repeated} ({pct:.1f}%)",
    ]
    stages = stats.stages_ms
    if "encode" in stages:
        parts.append(
            "ms compose/convert/encode "
            + "/".join(
                f"{stages.get(k, {}).get('p50', 0):.1f}" for k in ("compose", "convert", "encode")
            )
        )
    for effects in stats.effects.values():
        if effects.provider is not None:
            parts.append(
                f"vision {effects.provider} analyse {effects.analyse_ms:.1f} ms every "
                f"{effects.every_n:.1f} apply {effects.apply_ms:.1f} ms"
            )
    if stats.recording_state:
        parts.append(f"rec {stats.recording_state} {stats.recording_bytes / 1e6:.1f} MB")
    for d in stats.destinations:
        text = f"[{d.name} {d.state} {d.bitrate_kbps:.0f} kbps q {d.queue_seconds:.2f}s"
        if d.target_kbps is not None:  # adaptive bitrate: the video rate this link carries
            text += f" target {d.target_kbps}" + (" adapting" if d.adapting else "")
            if d.detail < 1.0:  # resolution step: the picture softened below the floor
                text += f" detail {d.detail * 100:.0f} %"
        text += f" dropped {d.frames_dropped}"
        if d.reconnects:
            text += f" reconnects {d.reconnects}"
        if d.state == RECONNECTING and hasattr(signal, "SIGUSR1"):
            text += f" (now: kill -USR1 {os.getpid()})"
        parts.append(text + "]")
    parts.extend(f"! {n}" for n in stats.notices)
    return "  ".join(parts)


def install_reconnect_signal() -> threading.Event:
    """SIGUSR1 (`kill -USR1 PID`) asks every destination that is reconnecting to try again now,
    as the window's "Reconnect now" does. Not on Windows (no such signal): there the waits are
    short anyway (at most 3 s)."""
    asked = threading.Event()
    if hasattr(signal, "SIGUSR1"):
        signal.signal(signal.SIGUSR1, lambda _signum, _frame: asked.set())
    return asked


def run_stream(args: argparse.Namespace) -> int:
    config = build_config(args)
    try:
        engine = Engine(config)
    except (SourceError, EncoderError) as exc:
        raise UserError(str(exc)) from None
    engine.preview_wanted = False  # nothing shows it: a decoded camera is encoded as decoded
    # A picture to put behind the person that cannot be read is a bad option: say so before
    # anything starts. A model that cannot be loaded turns its effect off; the stream goes on.
    unreadable = [
        str(problem)
        for status in engine.stats().effects.values()
        for problem in status.problems
        if isinstance(problem, SourceError)
    ]
    if unreadable:
        engine.stop()
        raise UserError(f"--background: {'; '.join(unreadable)}")
    stop = threading.Event()
    install_stop_signals(stop)
    retry = install_reconnect_signal()
    try:
        engine.start()
    except RecorderError as exc:
        engine.stop()
        raise UserError(str(exc)) from None
    session_log = None
    if config.record_path:  # figures per second and events beside the recording
        session_log = SessionLog(log_path_for(config.record_path), engine.stats)
        session_log.start()
    reported: set[str] = set()
    said: set[str] = set()  # effect problems and notices already printed
    failed = False
    deadline = time.monotonic() + args.duration if args.duration else None
    next_line = time.monotonic() + 1.0
    try:
        while not stop.is_set():
            if deadline and time.monotonic() >= deadline:
                break
            stop.wait(min(0.1, max(0.0, next_line - time.monotonic())))
            if retry.is_set():  # "reconnect now" (SIGUSR1): skip the wait between tries
                retry.clear()
                for dest in engine.destinations:
                    if dest.state in (RECONNECTING, CONNECTING):
                        print(f"{dest.name}: reconnecting now", flush=True)
                        dest.reconnect_now()
            failed |= _report_failures(engine, reported)
            all_failed = engine.destinations and all(d.state == FAILED for d in engine.destinations)
            if all_failed and engine.recorder is None:
                break  # nothing left to do
            if time.monotonic() >= next_line:
                next_line += 1.0
                stats = engine.stats()
                _report_effects(stats, said)
                if not args.quiet:
                    print(format_status(stats), flush=True)
    finally:
        # A destination still trying to reconnect when the run ends did not get the stream out.
        lost = [d for d in engine.destinations if d.state in (RECONNECTING, CONNECTING)]
        _report_effects(engine.stats(), said)  # a run shorter than a status line
        engine.stop()
        if session_log is not None:
            session_log.stop()
    failed |= _report_failures(engine, reported)
    for dest in lost:
        failed = True
        print(
            f"studio: destination {dest.masked_url}: {dest.message or 'not connected'} "
            "when the run ended",
            file=sys.stderr,
        )
    rec = engine.recorder
    if rec is not None:
        if rec.error:
            print(f"studio: {rec.error}", file=sys.stderr)
            failed = True
        elif not args.quiet:
            print(f"recorded {rec.video_frames} frames to {rec.path}", flush=True)
    return EXIT_DESTINATION_FAILED if failed else EXIT_OK


def _report_effects(stats: EngineStats, said: set[str]) -> None:
    """Effect problems (that effect is off) and notices (a GPU fell back), each printed once."""
    for layer, status in stats.effects.items():
        lines = [f"effects on {layer}: {problem}" for problem in status.problems]
        if status.notice:
            lines.append(f"effects on {layer}: {status.notice}")
        for line in lines:
            if line not in said:
                said.add(line)
                print(f"studio: {line}", file=sys.stderr, flush=True)


def _report_failures(engine: Engine, reported: set[str]) -> bool:
    failed = False
    for dest in engine.destinations:
        if dest.state == FAILED:
            failed = True
            if dest.name not in reported:
                reported.add(dest.name)
                print(
                    f"studio: destination {dest.masked_url}: {dest.message}",
                    file=sys.stderr,
                    flush=True,
                )
    return failed
