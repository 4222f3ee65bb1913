"""The profile's file: read bounded and validated, written atomically with the last good copy
kept as `.bak`, an unusable file set aside, and the secrets sealed into the keyring before any
byte is written (studio.profile_secrets). Above both the profile's records and its secrets, so
neither imports the other's caller."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from pathlib import Path

from studio import profile_secrets
from studio.files import write_atomic
from studio.profile import (
    MAX_PROFILE_BYTES,
    Profile,
    ProfileError,
    backup_path,
    default_profile,
    profile_from_dict,
    profile_to_dict,
    profile_to_json,
)

log = logging.getLogger(__name__)

# What this process last wrote to each profile (a digest): a file that still has those bytes is
# known to load and to hold no secret, so a save need not parse it again to keep it as .bak.
_written: dict[Path, bytes] = {}


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _read_bounded(path: Path) -> bytes:
    """The file's bytes; ProfileError for one too large to be a profile (memory is bounded)."""
    with path.open("rb") as f:
        raw = f.read(MAX_PROFILE_BYTES + 1)
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(
            f"{path} is larger than {MAX_PROFILE_BYTES // 1024 // 1024} MB; "
            "it is not a profile this version can read.",
            "json",
        )
    return raw


def _json_limit(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return str(exc).split(";")[0] or type(exc).__name__  # "Exceeds the limit (4300 digits)..."


def _read(path: Path, raw: bytes | None = None) -> tuple[bytes, Profile]:
    """The file's bytes (`raw` when already read) and its profile; ProfileError says why not."""
    try:
        raw = _read_bounded(path) if raw is None else raw
    except FileNotFoundError:
        raise ProfileError(f"No profile at {path}.", "missing") from None
    except OSError as exc:
        raise ProfileError(f"Cannot read {path}: {exc.strerror or exc}.", "unreadable") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # -sig: Notepad may add a BOM
    except UnicodeDecodeError:
        raise ProfileError(f"{path} is not UTF-8 text.", "json") from None
    except json.JSONDecodeError as exc:
        raise ProfileError(
            f"{path} is not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}).",
            "json",
        ) from None
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, [[[[...]]]] nesting
        raise ProfileError(
            f"{path} cannot be read as a profile ({_json_limit(exc)}).", "json"
        ) from None
    try:
        return raw, profile_from_dict(data)
    except ProfileError as exc:
        if exc.reason == "newer":
            raise ProfileError(f"{path} was {exc.message}.", "newer") from None
        listed = "\n".join(f"- {e}" for e in exc.errors)
        raise ProfileError(
            f"{path} has settings this version cannot use:\n{listed}", "invalid", exc.errors
        ) from None


def load_profile(path: Path | str) -> Profile:
    """Load and validate; raises ProfileError with a readable message."""
    profile = _read(Path(path))[1]
    profile_secrets.migrate_loaded(Path(path), profile)
    return profile


def load_profile_as_is(path: Path | str) -> Profile:
    """Load and validate, writing nothing (no secrets migrated): for a read-only window."""
    return _read(Path(path))[1]


def save_profile(p: Profile, path: Path | str) -> None:
    """Write the profile atomically, keeping the previous good file as `<name>.bak`.

    A previous file that does not load (broken, or from a newer version) is not overwritten:
    it is renamed to `<name>.unreadable-<time>` so the user can still get it back.
    """
    path = Path(path)
    profile_secrets.seal_for_save(p, path)  # secrets to the keyring first; raises if it refuses
    data = profile_to_json(profile_to_dict(p))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = path.resolve()
    try:
        ours = _read_bounded(path)
    except (OSError, ProfileError):  # missing, unreadable, too large: _read says which below
        ours = None
    if ours is not None and _written.get(key) == _digest(ours):
        if ours != data:  # our own last save: good and sealed; kept as it is
            write_atomic(backup_path(path), ours, sync_folder=False)  # flushed with the profile
        write_atomic(path, data)
        _written[key] = _digest(data)
        return
    try:
        old, _ = _read(path, ours)  # parsed from the bytes above, not read again
    except ProfileError as exc:
        if exc.reason != "missing":
            keep_aside(path)
    else:
        if old != data:  # an identical save would push the older good copy out of .bak
            scrubbed = profile_secrets.scrub_bytes(old, path)
            write_atomic(backup_path(path), scrubbed, sync_folder=False)  # flushed with it
    write_atomic(path, data)
    _written[key] = _digest(data)


def keep_aside(path: Path) -> Path:
    """Rename `path` to `<name>.unreadable-<time>` (never over an earlier one), its secrets
    scrubbed as from every kept copy; the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.unreadable-{stamp}")
    n = 2
    while kept.exists():
        kept = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
        n += 1
    os.replace(path, kept)
    profile_secrets.scrub_copy(kept)
    log.warning("kept the unusable profile as %s", kept)
    return kept


def load_or_recover(path: Path | str) -> tuple[Profile, str | None]:
    """The profile, or the best stand-in plus a warning for the user.

    A missing file is a first run: defaults, no warning. A broken or newer file is left exactly
    as it is; the last good copy (`.bak`) is used when it loads, else the defaults.
    """
    path = Path(path)
    try:
        return load_profile(path), None
    except ProfileError as exc:
        if exc.reason == "missing":
            return default_profile(), None
        problem = exc.message
    bak = backup_path(path)
    try:
        profile = load_profile(bak)
    except ProfileError:
        return default_profile(), (
            f"{problem}\nStarting with the default set-up; {path.name} was left untouched."
        )
    return profile, (
        f"{problem}\nUsing the last good copy ({bak.name}); {path.name} was left untouched."
    )
