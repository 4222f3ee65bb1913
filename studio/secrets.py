"""Stream keys and tokens, kept in the OS keyring, never in the profile or the logs.

The profile stores only a reference (`key_ref`); values go through these three functions.
"""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

SERVICE = "shopcast-studio"

log = logging.getLogger(__name__)


class SecretStoreError(Exception):
    """The keyring cannot keep or give back a secret. The text is user-facing."""


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


def store_secret(ref: str, value: str) -> None:
    _check_ref(ref)
    try:
        keyring.set_password(SERVICE, ref, value)
    except (KeyringError, OSError) as exc:
        raise _error("save", ref, exc) from exc
    log.debug("stored secret %r in the keyring", ref)


def load_secret(ref: str) -> str | None:
    """The secret, or None when nothing is stored under `ref`."""
    _check_ref(ref)
    try:
        return keyring.get_password(SERVICE, ref)
    except (KeyringError, OSError) as exc:
        raise _error("read", ref, exc) from exc


def delete_secret(ref: str) -> None:
    """Forget the secret; deleting one that is not there is not an error."""
    _check_ref(ref)
    try:
        keyring.delete_password(SERVICE, ref)
    except NoKeyringError as exc:
        raise _error("delete", ref, exc) from exc
    except PasswordDeleteError:
        return
    except (KeyringError, OSError) as exc:
        raise _error("delete", ref, exc) from exc
    log.debug("deleted secret %r from the keyring", ref)
