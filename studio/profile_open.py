"""Opening the profile for the window: whatever the file holds, the studio starts and loses nothing.

- A profile written by a newer Shopcast Studio is never touched: the window opens read-only on
  the last good copy (`.bak`) or the defaults, and saves nothing.
- A broken one (bad JSON, NaN, a number too large, a wrong type) is moved aside as
  `<name>.unreadable-<time>` at once, so the message can say where it went; the last good copy,
  else the defaults, is used and saved from then on.
- Anything the loader did not foresee is treated as a broken file too: logged, never a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studio.profile import Profile, ProfileError, backup_path, default_profile
from studio.profile_store import keep_aside, load_profile, load_profile_as_is

log = logging.getLogger(__name__)

Used = Literal["file", "backup", "defaults"]


@dataclass
class OpenedProfile:
    profile: Profile
    path: Path
    used: Used  # where `profile` came from
    first_run: bool = False  # no file yet: nothing was wrong
    newer: bool = False  # written by a newer Shopcast Studio
    read_only: bool = False  # nothing may be saved over the file (newer, or not movable)
    problem: str | None = None  # English, what was wrong with the file (for the log, details)
    kept_as: Path | None = None  # where the unusable file was moved aside


def open_profile(path: Path) -> OpenedProfile:
    """The profile at `path`, or the best stand-in and what happened (see the module doc)."""
    try:
        return OpenedProfile(load_profile(path), path, "file")
    except ProfileError as exc:
        if exc.reason == "missing":
            return OpenedProfile(default_profile(), path, "defaults", first_run=True)
        problem, newer = exc.message, exc.reason == "newer"
    except Exception as exc:  # a validator tripping on a value nobody foresaw
        log.exception("the profile %s could not be read", path)
        problem, newer = f"{path} could not be read ({type(exc).__name__}).", False
    log.warning("profile not usable: %s", problem)
    profile, used = _last_good(path, write=not newer)
    if newer:
        return OpenedProfile(profile, path, used, newer=True, read_only=True, problem=problem)
    try:
        kept = keep_aside(path)
    except OSError as exc:
        # Neither readable nor movable (a folder of someone else's?): saving over it could lose
        # it, so this session saves nothing.
        log.warning("could not move the unusable profile aside: %s", exc)
        return OpenedProfile(profile, path, used, read_only=True, problem=problem)
    return OpenedProfile(profile, path, used, problem=problem, kept_as=kept)


def _last_good(path: Path, write: bool) -> tuple[Profile, Used]:
    """The `.bak` when it loads, else the defaults. `write=False` (read-only): an old `.bak` is
    not migrated (its secrets moved to the keyring) either."""
    bak = backup_path(path)
    try:
        return (load_profile if write else load_profile_as_is)(bak), "backup"
    except ProfileError as exc:
        if exc.reason != "missing":
            log.warning("the last good copy is not usable either: %s", exc.message)
    except Exception:
        log.exception("the last good copy %s could not be read", bak)
    return default_profile(), "defaults"
