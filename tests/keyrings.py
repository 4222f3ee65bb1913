"""In-memory keyring backends, so tests never read or write the machine's real keyring.

from keyrings import memory_keyring

@pytest.fixture
def keys():
    with memory_keyring() as backend:
        yield backend  # backend.data: {(service, ref): value}
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import keyring.core
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Keeps secrets in `data`, keyed by (service, username)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.data[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


class LockedKeyring(MemoryKeyring):
    """A keyring that refuses everything, as a locked one does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("locked")


@contextmanager
def memory_keyring(backend: MemoryKeyring | None = None) -> Iterator[MemoryKeyring]:
    """Install `backend` (a fresh MemoryKeyring by default) for the block, then put back what
    was there, and the secrets file studio.secrets falls back to. The previous backend is read
    without keyring.get_keyring(), which would first detect (and so touch) the system's real
    keyring."""
    from studio import secrets

    previous = getattr(keyring.core, "_keyring_backend", None)
    previous_file = secrets.secrets_file()  # sessions made in the block name their own
    backend = backend if backend is not None else MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        secrets.use_secrets_file(previous_file)
        if previous is None:
            keyring.core._keyring_backend = None  # back to lazy detection, as before
        else:
            keyring.set_keyring(previous)


@contextmanager
def no_keyring(secrets_file: Path | None = None) -> Iterator[fail.Keyring]:
    """No system keyring at all (keyring's fail backend, as on a Linux desktop without Secret
    Service), with `secrets_file` as the fallback; the previous backend and file come back."""
    from studio import secrets

    previous_file = secrets.secrets_file()
    secrets.use_secrets_file(secrets_file)
    try:
        with memory_keyring(fail.Keyring()) as backend:  # type: ignore[arg-type]
            yield backend
    finally:
        secrets.use_secrets_file(previous_file)
