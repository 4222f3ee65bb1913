"""Secrets out of the profile file: signed push URLs, server URLs with the key in their path,
camera addresses with a password.

The profile keeps a masked display form and a reference; the whole value lives in the keyring
(or, without one, in the 0600 secrets file beside the profile; see studio.secrets):
- a destination's `server` becomes `mask_url(server)` and `server_ref` names the whole URL, kept
  byte for byte (signed URLs are single-use and break when re-encoded);
- a camera layer's `camera:rtsp://user:pass@host/x` becomes `camera:rtsp://user:****@host/x` and
  its option `url_ref` names the whole address.

studio.profile calls `seal_for_save` before writing, `scrub_copy` / `scrub_bytes` on the copies
it keeps (`.bak`, `.unreadable-*`) and `migrate_loaded` after reading; profiles written before
version 2 held such secrets in the clear and are rewritten without them on load.
"""

from __future__ import annotations

import errno
import glob
import json
import logging
import re
import uuid
from pathlib import Path

from studio.capture import camera_url
from studio.capture.registry import spec_for, split_spec
from studio.files import write_atomic
from studio.profile import (
    PROFILE_VERSION,
    DestinationSettings,
    LayerSettings,
    Profile,
    ProfileError,
    backup_path,
    profile_from_dict,
    profile_to_dict,
)
from studio.secrets import (
    SecretStoreError,
    load_secret,
    secret_errors_as,
    secrets_file,
    secrets_file_beside,
    secrets_file_for,
    store_secret,
)
from studio.urls import MASK, mask_url

SERVER_REF_PREFIX = "destination-url:"
CAMERA_REF_PREFIX = "camera-url:"
RECOVERED_REF_PREFIX = "recovered-url:"  # a URL found in a copy that no longer loads
MAX_COPY_BYTES = 64 * 1024 * 1024  # a kept copy larger than any profile is not read whole

log = logging.getLogger(__name__)

# Whole value -> reference, for this process: sealing the same URL twice (the profile, then its
# .bak) stores it once. The value is always stored again, so a reference deleted since comes back.
_refs: dict[str, str] = {}


class SecretsNotSaved(OSError):
    """A secret could not be moved out of the profile, so the profile was not written. An
    OSError so that callers' "could not save" handling shows it; `strerror` is user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EACCES, message)

    def __str__(self) -> str:
        return str(self.strerror)


class SecretMissing(LookupError):
    """The profile names a secret that is no longer kept (keyring wiped, file deleted)."""


def _keep(value: str, prefix: str) -> str:
    """Store `value` and give its reference (the same one for a value sealed before)."""
    ref = _refs.get(value) or f"{prefix}{uuid.uuid4().hex[:16]}"
    store_secret(ref, value)
    _refs[value] = ref
    return ref


# --- what counts as a secret ------------------------------------------------------------------


def server_has_secret(server: str) -> bool:
    """A push or server URL carrying a key, a signature or a password (anything mask_url hides)."""
    return bool(server) and MASK not in server and mask_url(server) != server


def _camera_address(layer: LayerSettings) -> str | None:
    kind, arg = split_spec(layer.source)
    return arg.strip() if kind == "camera" else None


def camera_has_secret(address: str) -> bool:
    return camera_url.has_secret(address) and not camera_url.is_masked(address)


def has_secrets(profile: Profile) -> bool:
    if any(server_has_secret(d.server) for d in profile.destinations):
        return True
    return any(
        camera_has_secret(address)
        for scene in profile.scenes
        for layer in scene.layers
        if (address := _camera_address(layer)) is not None
    )


# --- sealing: the secret to the keyring, a reference to the profile ----------------------------


def seal_destination(dest: DestinationSettings) -> bool:
    """Move a secret-carrying server URL to the keyring; True when `dest` changed. Raises
    SecretStoreError when the keyring refuses (nothing changed then)."""
    if server_has_secret(dest.server):
        ref = _keep(dest.server, SERVER_REF_PREFIX)
        dest.server, dest.server_ref = mask_url(dest.server), ref
        return True
    if dest.server_ref and MASK not in dest.server:  # a plain URL typed over the kept one
        dest.server_ref = ""
        return True
    return False


def seal_layer(layer: LayerSettings) -> bool:
    """Move a camera address's password to the keyring; True when `layer` changed."""
    address = _camera_address(layer)
    if address is None:
        return False
    changed = False
    if camera_url.URL_REF in layer.options and not camera_url.is_masked(address):
        # A new address typed over the kept one: the old reference no longer applies (another
        # scene's copy of the layer may still use it, so it is not deleted).
        layer.options = {k: v for k, v in layer.options.items() if k != camera_url.URL_REF}
        changed = True
    if camera_has_secret(address):
        ref = _keep(address, CAMERA_REF_PREFIX)
        layer.source = spec_for("camera", camera_url.masked(address))
        layer.options = {**layer.options, camera_url.URL_REF: ref}
        changed = True
    return changed


def seal_profile(profile: Profile) -> bool:
    """Seal every destination and camera layer; True when anything changed."""
    changed = False
    for dest in profile.destinations:
        changed = seal_destination(dest) or changed
    for scene in profile.scenes:
        for layer in scene.layers:
            changed = seal_layer(layer) or changed
    return changed


def push_server(dest: DestinationSettings) -> str:
    """The destination's server or push URL, whole, for publishing (never for showing).
    Raises SecretStoreError (keyring refused) or SecretMissing."""
    if not dest.server_ref:
        return dest.server
    whole = load_secret(dest.server_ref)
    if whole is None:
        raise SecretMissing(
            f"{dest.name}: the push URL is no longer kept on this computer; enter it again"
        )
    return whole


# --- the profile file and its copies -----------------------------------------------------------


def _dump(profile: Profile) -> bytes:
    return (json.dumps(profile_to_dict(profile), indent=2, ensure_ascii=False) + "\n").encode()


def seal_for_save(profile: Profile, path: Path) -> None:
    """Before `profile` is written to `path`: its secrets to the keyring (or the secrets file
    beside `path`). Raises SecretsNotSaved when they cannot be kept: the file is then not
    written, since it would hold them."""
    with secret_errors_as(SecretsNotSaved), secrets_file_for(secrets_file_beside(path)):
        seal_profile(profile)


# Secrets in copies that may not load: any URL a stream key, signature or password can ride in.
_URL = re.compile(rb"(?i)\b(?:rtmps?|rtsp|https?)://[^\s\"'<>\\]+")
_SECRET_QUERY = re.compile(r"(?i)(?:^|[?&])[^=&]*(?:pass|pwd|token|key|sign|secret|auth)[^=&]*=")


def _text_secret(url: str) -> str | None:
    """The masked form of a URL found in free text when it carries a secret, else None."""
    if MASK in url:
        return None
    scheme = url.partition("://")[0].lower()
    if scheme in ("rtmp", "rtmps"):
        shown = mask_url(url)
        return shown if shown != url else None
    query = url.partition("?")[2]
    userinfo = "@" in url.partition("://")[2].split("/", 1)[0]
    if userinfo or (scheme == "rtsp" and query) or _SECRET_QUERY.search("?" + query):
        return camera_url.masked(url)
    return None


def _scrub_text(raw: bytes) -> bytes:
    """Every secret-carrying URL in `raw` replaced by its masked form and the reference under
    which the whole URL is kept (so a copy that no longer loads can still be recovered)."""

    def replace(match: re.Match[bytes]) -> bytes:
        url = match.group(0).decode("utf-8", "surrogateescape")
        shown = _text_secret(url)
        if shown is None:
            return match.group(0)
        ref = _keep(url, RECOVERED_REF_PREFIX)
        return f"{shown} [secret kept as {ref}]".encode("utf-8", "surrogateescape")

    return _URL.sub(replace, raw)


def scrub_bytes(raw: bytes, path: Path | None = None) -> bytes:
    """A profile file's bytes without secrets: a loadable profile is sealed (and so becomes the
    current version), anything else has its secret URLs masked. `raw` itself when it holds
    none. `path`: the profile they belong to (without a keyring, its secrets file keeps them).
    Raises SecretsNotSaved when they cannot be kept."""
    beside = secrets_file_beside(path) if path else secrets_file()
    with secret_errors_as(SecretsNotSaved), secrets_file_for(beside):
        return _scrub_bytes(raw)


def _scrub_bytes(raw: bytes) -> bytes:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        profile = profile_from_dict(data)
    except (ValueError, RecursionError, ProfileError):
        return _scrub_text(raw)
    if not seal_profile(profile):
        return raw
    profile.version = PROFILE_VERSION
    return _dump(profile)


def scrub_copy(path: Path) -> None:
    """Rewrite a kept copy (.bak, .unreadable-*) without its secrets. Never raises: a copy that
    cannot be scrubbed now is logged and tried again at the next migration."""

    try:
        if path.stat().st_size > MAX_COPY_BYTES:
            log.warning("%s is too large to be a profile; its secrets were not looked for", path)
            return
        raw = path.read_bytes()
        scrubbed = scrub_bytes(raw, path)  # its folder is the profile's
        if scrubbed != raw:
            write_atomic(path, scrubbed)
            log.info("moved the secrets out of %s", path.name)
    except FileNotFoundError:
        return
    except OSError as exc:  # SecretsNotSaved too
        log.warning("could not move the secrets out of %s: %s", path.name, exc)


def kept_copies(path: Path) -> list[Path]:
    """The copies studio.profile keeps beside `path`: its .bak and its .unreadable-* files."""
    copies = [backup_path(path)]
    copies += sorted(path.parent.glob(f"{glob.escape(path.name)}.unreadable-*"))
    return [p for p in copies if p.is_file()]


def migrate_loaded(path: Path, profile: Profile) -> None:
    """After `profile` was read from `path`: an old profile (or one edited by hand) that holds
    secrets gets them moved to the keyring, is rewritten without them at the current version,
    and so are its .bak and .unreadable-* copies. A keyring that refuses leaves every file as it
    was (the secrets stay in memory, and the next save tries again)."""
    if profile.version >= PROFILE_VERSION and not has_secrets(profile):
        return
    with secrets_file_for(secrets_file_beside(path)):
        _migrate(path, profile)


def _migrate(path: Path, profile: Profile) -> None:

    try:
        sealed = seal_profile(profile)
    except SecretStoreError as exc:
        log.warning("the secrets in %s stay there for now: %s", path.name, exc)
        return
    old_version, profile.version = profile.version, PROFILE_VERSION
    if sealed:
        try:
            write_atomic(path, _dump(profile))
        except OSError as exc:
            log.warning("could not rewrite %s without its secrets: %s", path.name, exc)
        else:
            log.info("moved the secrets of %s (version %d) to the keyring", path.name, old_version)
    for copy in kept_copies(path):
        scrub_copy(copy)
