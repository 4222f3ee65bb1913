"""Stream keys, signed push URLs, camera passwords and tokens: kept in the OS keyring, never in
the profile or the logs.

The profile stores only references (`key_ref`, `server_ref`, a camera's `url_ref`); values go
through store_secret / load_secret / delete_secret.

Where a machine has no keyring at all (a Linux desktop without Secret Service: keyring's fail
or null backend), secrets go to a file beside the profile instead (`secrets.json`, mode 0600,
created that way atomically) once `use_secrets_file` has named it; `storage()` says which, so
the window can tell the user the truth. A keyring that exists but refuses (locked) is an error,
never a silent move to the file.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

import keyring
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from studio import redact
from studio.files import write_atomic

SERVICE = "shopcast-studio"
FILE_NAME = "secrets.json"
MAX_FILE_BYTES = 1 << 20  # a file of keys and URLs; anything larger is not ours
_FILE_VERSION = 1

log = logging.getLogger(__name__)
_T = TypeVar("_T")

_file: Path | None = None  # the fallback file, set by whoever knows the profile's folder


class SecretStoreError(Exception):
    """The keyring cannot keep or give back a secret. The text is user-facing."""


@contextmanager
def secret_errors_as(make: Callable[[str], Exception]) -> Iterator[None]:
    """Inside the block, a keyring or secrets-file failure (SecretStoreError) is raised as the
    caller's own error, `make(text)` from its one user-facing line, without the keyring's
    traceback: the one way every caller turns it into a profile, window or command error."""
    try:
        yield
    except SecretStoreError as exc:
        raise make(str(exc)) from None


@dataclass(frozen=True)
class Storage:
    """Where store_secret puts a secret now: "keyring", "file" (`path`) or "none"."""

    kind: Literal["keyring", "file", "none"]
    path: Path | None = None


def use_secrets_file(path: Path | str | None) -> None:
    """The file that keeps secrets when there is no system keyring (None: no fallback)."""
    global _file
    _file = Path(path) if path is not None else None


def secrets_file() -> Path | None:
    return _file


@contextmanager
def secrets_file_for(path: Path | str | None) -> Iterator[None]:
    """`use_secrets_file(path)` for the block only (loading or saving one profile)."""
    before = _file
    use_secrets_file(path)
    try:
        yield
    finally:
        use_secrets_file(before)


def secrets_file_beside(profile_path: Path | str) -> Path:
    return Path(profile_path).with_name(FILE_NAME)


def keyring_available() -> bool:
    """False when keyring found no usable backend (fail/null, or a chainer of none)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is as good as none
        log.debug("keyring backend detection failed", exc_info=True)
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return True


def storage() -> Storage:
    if keyring_available():
        return Storage("keyring")
    if _file is not None:
        return Storage("file", _file)
    return Storage("none")


def _error(action: str, ref: str, exc: Exception) -> SecretStoreError:
    if isinstance(exc, NoKeyringError):
        return SecretStoreError(
            f"Cannot {action} the secret {ref!r}: no system keyring is available to keep stream "
            "keys safe. Start or unlock your keyring (Windows Credential Manager, macOS Keychain, "
            "GNOME Keyring or KWallet) and try again."
        )
    # Only the exception's type: a backend's own text is not ours to vouch for.
    return SecretStoreError(
        f"Cannot {action} the secret {ref!r}: the system keyring refused ({type(exc).__name__})."
        " It may be locked; unlock it and try again."
    )


def _check_ref(ref: str) -> None:
    if not ref or not ref.strip():
        raise ValueError("a secret reference must not be empty")


class _NoKeyring:
    """What _ask_keyring gives back when the keyring turned out to be missing and the secrets
    file takes over."""


_FILE_TAKES_OVER = _NoKeyring()


def _ask_keyring(action: str, ref: str, call: Callable[[], _T]) -> _T | _NoKeyring:
    """`call()` against the system keyring: its answer, or _FILE_TAKES_OVER when the keyring is
    missing after all and the secrets file is there to use. A keyring missing with no file, or
    one that refuses (locked, a backend error, an OS error), is a SecretStoreError."""
    try:
        return call()
    except NoKeyringError as exc:
        if _file is None:
            raise _error(action, ref, exc) from exc
        return _FILE_TAKES_OVER
    except (KeyringError, OSError) as exc:
        raise _error(action, ref, exc) from exc


def store_secret(ref: str, value: str) -> None:
    _check_ref(ref)
    redact.remember_url(value)
    if keyring_available():
        done = _ask_keyring("save", ref, lambda: keyring.set_password(SERVICE, ref, value))
        if done is not _FILE_TAKES_OVER:
            try:
                _file_discard(ref)  # an older copy from a time without keyring
            except SecretStoreError as exc:
                log.warning("%s", exc)
            log.debug("stored secret %r in the keyring", ref)
            return
    if _file is None:
        raise _error("save", ref, NoKeyringError())
    _file_put(_file, ref, value)
    log.debug("stored secret %r in %s (no system keyring)", ref, _file)


def load_secret(ref: str) -> str | None:
    """The secret, or None when nothing is stored under `ref`. Whatever comes back is masked
    in every log and status line from then on (studio.redact)."""
    value = _load_secret(ref)
    redact.remember_url(value)
    return value


def _load_secret(ref: str) -> str | None:
    _check_ref(ref)
    if keyring_available():
        try:
            value = _ask_keyring("read", ref, lambda: keyring.get_password(SERVICE, ref))
        except SecretStoreError:
            kept = _file_get(_file, ref) if _file is not None else None
            if kept is not None:  # a refusing keyring: the copy in the file still serves
                return kept
            raise
        if value is not _FILE_TAKES_OVER and (value is not None or _file is None):
            return value
    if _file is None:
        raise _error("read", ref, NoKeyringError())
    return _file_get(_file, ref)


def delete_secret(ref: str) -> None:
    """Forget the secret; deleting one that is not there is not an error."""
    _check_ref(ref)
    if keyring_available():
        if _ask_keyring("delete", ref, lambda: _delete_from_keyring(ref)) is True:
            log.debug("deleted secret %r from the keyring", ref)
    elif _file is None:
        raise _error("delete", ref, NoKeyringError())
    _file_discard(ref)


def _delete_from_keyring(ref: str) -> bool:
    """Whether the keyring had the secret (one it did not have is not an error)."""
    try:
        keyring.delete_password(SERVICE, ref)
    except PasswordDeleteError:
        return False
    return True


# --- the fallback file -------------------------------------------------------------------------


def _file_error(action: str, path: Path, reason: str) -> SecretStoreError:
    return SecretStoreError(f"Cannot {action} the secrets file {path}: {reason}.")


def read_secrets_file(path: Path) -> dict[str, str]:
    """The file's secrets by reference ({} when there is no file). A file readable by others is
    made private again; a damaged or oversized one is an error (never overwritten)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise _file_error("read", path, exc.strerror or type(exc).__name__) from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _file_error("read", path, "it is not a plain file")
        if info.st_size > MAX_FILE_BYTES:
            raise _file_error("read", path, "it is too large to be a secrets file")
        if os.name == "posix" and info.st_mode & 0o077:
            os.fchmod(f.fileno(), 0o600)
            log.warning("%s was readable by other users; made it private (0600)", path)
        raw = f.read(MAX_FILE_BYTES + 1)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    kept = data.get("secrets") if isinstance(data, dict) else None
    if not isinstance(kept, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in kept.items()
    ):
        raise _file_error("read", path, "it is damaged (not a secrets file of this program)")
    return dict(kept)


def _write_private(path: Path, secrets: dict[str, str]) -> None:
    """Replace the file atomically; the new file is 0600 from its creation (mkstemp)."""

    data = json.dumps({"version": _FILE_VERSION, "secrets": secrets}, ensure_ascii=False, indent=1)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, data.encode("utf-8") + b"\n")
    except OSError as exc:
        raise _file_error("write", path, exc.strerror or type(exc).__name__) from None


def _file_get(path: Path, ref: str) -> str | None:
    return read_secrets_file(path).get(ref)


def _file_put(path: Path, ref: str, value: str) -> None:
    secrets = read_secrets_file(path)
    if secrets.get(ref) == value:
        return
    secrets[ref] = value
    _write_private(path, secrets)


def _file_discard(ref: str) -> None:
    """Drop `ref` from the fallback file, if there is one holding it."""
    if _file is None or not _file.exists():
        return
    secrets = read_secrets_file(_file)
    if secrets.pop(ref, None) is not None:
        _write_private(_file, secrets)
