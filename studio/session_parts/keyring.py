"""Secrets the session keeps in the keyring (stream keys, signed URLs, chat tokens): its errors
as StudioError, and old entries forgotten without failing the change that dropped them."""

from __future__ import annotations

import logging

from studio.secrets import SecretStoreError, delete_secret, load_secret
from studio.session_parts.errors import StudioError

log = logging.getLogger("studio.session")


def keyring_problem(text: str) -> StudioError:
    """The window's "keyring" sentence for a secret the keyring would not keep or give back."""
    return StudioError("keyring", text, detail=text)


def forget(ref: str) -> None:
    """Delete an entry no record names any more; a keyring that refuses is only logged."""
    try:
        delete_secret(ref)
    except SecretStoreError as exc:
        log.warning("could not delete an old stream key from the keyring: %s", exc)


def has_secret(ref: str) -> bool:
    """Whether the keyring gives something back for `ref` (a refusing keyring: no)."""
    if not ref:
        return False
    try:
        return bool(load_secret(ref))
    except SecretStoreError:
        return False
