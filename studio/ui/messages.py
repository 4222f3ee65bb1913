"""The window's own words for what the engine and the session report as codes.

Engine and session texts are English; here each code gets a translated sentence. Placeholders
are %1, %2 (Linguist style) filled with `fill`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from studio.capture.base import Source, SourceError
from studio.engine import SourceProblem
from studio.health import Verdict
from studio.session import StudioError
from studio.vision import ModelError, ProviderError, VisionError
from studio.vision.settings import EffectSettingsError

# Inference providers by their own (brand) names: not translated.
PROVIDER_NAMES = {
    "cpu": "CPU",  # notr
    "cuda": "CUDA",  # notr
    "directml": "DirectML",  # notr
    "coreml": "CoreML",  # notr
}


class Messages(QObject):
    """The translation context of these sentences ("Messages")."""


def fill(template: str, *values: object) -> str:
    for i, value in enumerate(values, 1):
        template = template.replace(f"%{i}", str(value))
    return template


def studio_error(exc: StudioError) -> str:
    p = exc.params
    texts = {
        "busy": Messages.tr(
            "Stop streaming and recording before changing the canvas or the encoder."
        ),
        "no_scene": Messages.tr("There is no scene named “%1”."),
        "name_empty": Messages.tr("A name must not be empty."),
        "scene_exists": Messages.tr("A scene named “%1” exists already."),
        "last_scene": Messages.tr("The last scene cannot be deleted."),
        "layer_exists": Messages.tr("A source named “%1” exists already in this scene."),
        "no_layer": Messages.tr("That source is no longer in the scene."),
        "destination_exists": Messages.tr("A destination named “%1” exists already."),
        "no_destinations": Messages.tr(
            "Add a destination first: Settings → Destinations (platform, server and stream key)."
        ),
        "no_server": Messages.tr(
            "Destination “%1”: enter the server address or the whole push URL."
        ),
        "bad_url": Messages.tr("The push URL is not usable: %1"),
        "keyring": Messages.tr("The system keyring cannot keep the stream key: %1"),
        "recording": Messages.tr("Cannot record: %1"),
        "encoder": Messages.tr("The video encoder cannot start: %1"),
        "source": Messages.tr("Cannot add this source: %1"),
        "not_open": Messages.tr("The studio is still starting; try again in a moment."),
        "effects": Messages.tr("These effects cannot be used: %1"),
        "preset_builtin": Messages.tr("“%1” is a built-in preset; choose another name."),
        "preset_exists": Messages.tr("A preset named “%1” exists already."),
        "no_preset": Messages.tr("There is no preset named “%1”."),
        "calibration_card": Messages.tr("The calibration card cannot be written: %1"),
    }
    if exc.code == "ca_file":
        return ca_file_error(
            str(p.get("name") or ""), str(p.get("detail") or ""), str(p.get("problem") or "")
        )
    template = texts.get(exc.code)
    if template is None:
        return exc.text
    if exc.code == "bad_url":
        return fill(template, push_url_problem(str(p.get("detail") or "")))
    if exc.code == "source" and isinstance(p.get("error"), SourceError):
        return fill(template, source_error(p["error"]))
    if exc.code == "effects" and isinstance(p.get("error"), EffectSettingsError):
        return effect_setting_error(p["error"])
    return fill(template, p.get("name") or p.get("detail") or "")


def ca_file_error(destination: str, path: str, code: str) -> str:
    """A destination's trusted certificate file that cannot be used, and why."""
    why = {
        "relative": Messages.tr("give the file with its full path"),
        "missing": Messages.tr("the file is not there (moved or deleted?)"),
        "not_file": Messages.tr("it is a folder or a device, not a file"),
        "unreadable": Messages.tr("the file cannot be read"),
        "too_large": Messages.tr("the file is too large to be a certificate (over 1 MiB)"),
        "not_pem": Messages.tr("the file holds no PEM certificate"),
    }.get(code, Messages.tr("the file cannot be used"))
    return fill(
        Messages.tr("Destination “%1”: the trusted certificate file %2 cannot be used: %3."),
        destination,
        path,
        why,
    )


def source_error(error: SourceError) -> str:
    """Why a source cannot be made, in the window's language (the subject is a path)."""
    subject = Path(error.subject).name if error.subject else ""
    texts = {
        "missing_arg": Messages.tr("choose a file, a device or an address first"),
        "not_found": Messages.tr("the file %1 is not there (moved or deleted?)"),
        "unreadable": Messages.tr("the file %1 cannot be opened"),
        "not_media": Messages.tr("%1 is not a picture or video the studio can show"),
        "bad_index": Messages.tr("a local camera's number is 0 to 63"),
        "too_large": Messages.tr("the picture %1 is too large (at most 50 megapixels)"),
        "secret_missing": Messages.tr(
            "the camera's password is no longer kept on this computer; enter the whole address "
            "again in its properties"
        ),
    }
    return fill(texts.get(error.code, Messages.tr("its settings are not valid")), subject)


def source_problems(problems: list[SourceProblem]) -> str:
    """One banner sentence for the layers and audio sources left out (no brackets around the
    reasons: a reason may hold its own, "(moved or deleted?)")."""
    if len(problems) == 1:
        p = problems[0]
        return fill(
            Messages.tr("“%1” cannot be shown: %2. Open its properties."),
            p.name,
            source_error(p.error),
        )
    parts = "; ".join(f"“{p.name}”: {source_error(p.error)}" for p in problems)
    return fill(
        Messages.tr("%1 sources cannot be shown: %2. Open their properties."), len(problems), parts
    )


def push_url_problem(problem: str) -> str:
    """validate_push_url's English sentence, translated when it is one we know."""
    if problem.startswith("The push URL must start with") and ", not " in problem:
        wrong = problem.rpartition(", not ")[2].rstrip(".")
        return fill(Messages.tr("The URL must start with rtmp:// or rtmps://, not %1."), wrong)
    known = (
        ("The push URL is empty", Messages.tr("The push URL is empty.")),
        (
            "This looks like a stream key",
            Messages.tr(
                "This looks like a stream key, not a push URL: give the server's rtmp:// "
                "address and put the key in the stream key field (or paste the whole push URL)."
            ),
        ),
        (
            "The push URL contains spaces",
            Messages.tr("The URL contains spaces or line breaks; copy it again without them."),
        ),
        (
            "The push URL must start with",
            Messages.tr("The URL must start with rtmp:// or rtmps://."),
        ),
        ("The push URL has no server", Messages.tr("The URL has no server name after rtmp://.")),
        ("The push URL has an invalid port", Messages.tr("The URL has an invalid port number.")),
        (
            "The push URL has no port number",
            Messages.tr("The URL has no port number after the server (udp://host:port)."),
        ),
        (
            "The push URL has no application path",
            Messages.tr("The URL has no application path after the server (rtmp://host/live)."),
        ),
    )
    return next((text for prefix, text in known if problem.startswith(prefix)), problem)


def destination_state(state: str) -> str:
    return {
        "connecting": Messages.tr("Connecting…"),
        "live": Messages.tr("Live"),
        "reconnecting": Messages.tr("Reconnecting…"),
        "failed": Messages.tr("Failed"),
        "stopped": Messages.tr("Stopped"),
    }.get(state, state)


def destination_reason(reason: str | None) -> str:
    if not reason:
        return ""
    return {
        "refused": Messages.tr("Nothing is listening at the server address (connection refused)."),
        "rejected": Messages.tr("The server refused the stream key or the app name."),
        "already_live": Messages.tr("This stream key is already live from another encoder."),
        "unreachable": Messages.tr(
            "The server cannot be reached: check the address and the network."
        ),
        "failed": Messages.tr("The stream could not be started."),
        "no_answer": Messages.tr(
            "The server accepted the connection but did not answer within 10 s."
        ),
        "lost": Messages.tr("Connection lost; reconnecting."),
        "cert_untrusted": Messages.tr(
            "The server's certificate is not trusted (self-signed or from an unknown "
            "authority): the stream key was not sent. For your own server, choose its "
            "certificate file in the destination's settings."
        ),
        "cert_expired": Messages.tr(
            "The server's certificate has expired: the stream key was not sent."
        ),
        "cert_not_yet_valid": Messages.tr(
            "The server's certificate is not valid yet (check this PC's date and time): the "
            "stream key was not sent."
        ),
        "cert_wrong_name": Messages.tr(
            "The server's certificate is for another server name: the stream key was not sent. "
            "Check the server address."
        ),
        "cert_file_unreadable": Messages.tr(
            "The trusted certificate file of this destination cannot be read: the stream key "
            "was not sent."
        ),
        "tls_failed": Messages.tr(
            "The secure (TLS) connection to the server failed: the stream key was not sent."
        ),
    }.get(reason, Messages.tr("The stream could not be started."))


def source_notice(source: Source) -> str | None:
    """A translated sentence for a source that needs attention, or None."""
    if not source.notice:
        return None
    name = source.label
    if source.kind == "camera":
        return fill(
            Messages.tr("%1: no picture from the camera; reconnecting (attempt %2)."),
            name,
            getattr(source, "attempts", 1),
        )
    if source.kind == "mic":
        # The system's default microphone has no name of its own: the sentence says which.
        named = getattr(source, "device_name", "") or getattr(source, "selector", "")
        if getattr(source, "lost", False):  # unplugged mid-show; it reopens when it is back
            if not named:
                return Messages.tr(
                    "The microphone was lost; the stream carries silence until it is back."
                )
            return fill(
                Messages.tr("%1: microphone lost; the stream carries silence until it is back."),
                name,
            )
        if not named:
            return Messages.tr("No microphone can be used; the stream carries silence.")
        return fill(Messages.tr("%1: microphone unavailable; the stream carries silence."), name)
    if source.kind == "file":
        return fill(Messages.tr("%1: the video file cannot be played; retrying."), name)
    if source.kind == "text":
        return Messages.tr("No Chinese font was found: Chinese text may not show.")
    return fill(Messages.tr("%1 needs attention."), name)


def recording_error(
    detail: str, reason: str | None = None, path: Path | None = None, streaming: bool = True
) -> str:
    """The recorder's failure; `reason` its code ("disk_full", "gone"), `path` its file.
    "Streaming goes on" only while it does (`streaming`)."""
    if not streaming:
        return _recording_error_off_air(detail, reason, path)
    if reason == "disk_full" and path is not None:
        return fill(
            Messages.tr(
                "The disk is full: the recording stopped. What was recorded is kept in %1. "
                "Streaming goes on."
            ),
            path,
        )
    if reason == "gone" and path is not None:
        return fill(
            Messages.tr(
                "The recording folder is gone (deleted, or the disk was removed): the recording "
                "stopped (%1). Streaming goes on."
            ),
            path,
        )
    return fill(Messages.tr("The recording stopped (%1). Streaming goes on."), detail)


def _recording_error_off_air(detail: str, reason: str | None, path: Path | None) -> str:
    if reason == "disk_full" and path is not None:
        return fill(
            Messages.tr(
                "The disk is full: the recording stopped. What was recorded is kept in %1."
            ),
            path,
        )
    if reason == "gone" and path is not None:
        return fill(
            Messages.tr(
                "The recording folder is gone (deleted, or the disk was removed): the recording "
                "stopped (%1)."
            ),
            path,
        )
    return fill(Messages.tr("The recording stopped (%1)."), detail)


def verdict(v: Verdict) -> str:
    if v.code == "cpu_overloaded":
        return fill(
            Messages.tr(
                "CPU overloaded: %1% of frames lagged. Lower the canvas or turn off an effect."
            ),
            f"{v.percent:.1f}",
        )
    if v.code == "network_unstable":
        return fill(
            Messages.tr(
                "Network unstable: %1% of frames dropped. Lower the bitrate or check the network."
            ),
            f"{v.percent:.1f}",
        )
    return Messages.tr("Network unstable: a destination is reconnecting.")


# --- effects ------------------------------------------------------------------------------------
def provider_name(name: str | None) -> str:
    """ "cpu" -> "CPU": how an inference provider is called in the window."""
    if not name:
        return ""
    return PROVIDER_NAMES.get(name, name)


def effect_setting_error(error: EffectSettingsError) -> str:
    if error.code == "background" and error.subject == "replace":
        return Messages.tr("Choose a picture or a video to put behind you first.")
    return fill(
        Messages.tr("The effect setting %1 must be a whole number from 0 to 100."), error.subject
    )


def effect_problem(error: Exception) -> str:
    """Why an effect is off (a model, the provider, the replacement file), in the window's
    language: every VisionError and SourceError the effects report."""
    subject = Path(str(getattr(error, "subject", "") or "")).name
    if isinstance(error, SourceError):
        return fill(
            Messages.tr(
                "The background picture cannot be used: %1. The background is not replaced."
            ),
            source_error(error),
        )
    if isinstance(error, ProviderError):
        if subject in PROVIDER_NAMES:
            return fill(
                Messages.tr(
                    "%1 is not available on this computer, so the effects are off. "
                    "Choose Auto or CPU under “Runs on”."
                ),
                provider_name(subject),
            )
        return Messages.tr(
            "The inference provider is unknown or cannot start, so the effects are off. "
            "Choose Auto under “Runs on”."
        )
    if isinstance(error, ModelError) and error.code == "missing":
        return fill(
            Messages.tr("The model %1 is missing; the effect is off — reinstall Shopcast Studio."),
            subject,
        )
    if isinstance(error, ModelError) and error.code == "corrupt":
        return fill(
            Messages.tr("The model %1 is damaged; the effect is off — reinstall Shopcast Studio."),
            subject,
        )
    if isinstance(error, ModelError):
        return fill(
            Messages.tr(
                "The model list does not match the models (%1); the effects are off — "
                "reinstall Shopcast Studio."
            ),
            subject,
        )
    if isinstance(error, VisionError):
        return fill(
            Messages.tr(
                "The model %1 cannot be loaded; the effect is off — reinstall Shopcast Studio."
            ),
            subject,
        )
    return Messages.tr("An effect could not start and is off.")


def effect_notice() -> str:
    """A graphics card asked for could not run the models (the notice of EffectsStatus)."""
    return Messages.tr("The graphics card could not run the effects; they run on the CPU.")
