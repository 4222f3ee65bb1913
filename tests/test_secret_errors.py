"""One way to turn a keyring's refusal into the caller's own error (studio.secrets
secret_errors_as), and the one place the keyring is asked (store, read, delete alike): real
keyring backends from tests/keyrings.py, a real secrets file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings import LockedKeyring, MemoryKeyring, memory_keyring, no_keyring
from profiles import small_profile

from studio import secrets
from studio.profile import DestinationSettings
from studio.profile_secrets import SecretsNotSaved, scrub_bytes
from studio.session import StudioError, StudioSession

KEY = "sk-live-KEY-4711"


@pytest.fixture(autouse=True)
def _fallback_file_restored() -> Iterator[None]:
    before = secrets.secrets_file()
    yield
    secrets.use_secrets_file(before)


def test_a_refusal_becomes_the_callers_error_with_its_one_line() -> None:
    with (
        memory_keyring(LockedKeyring()),
        secrets.secrets_file_for(None),
        pytest.raises(ValueError) as info,
        secrets.secret_errors_as(ValueError),
    ):
        secrets.store_secret("destination:Tube", KEY)
    text = str(info.value)
    assert "destination:Tube" in text and "KeyringLocked" in text and KEY not in text
    assert info.value.__cause__ is None and info.value.__suppress_context__  # no traceback


def test_what_the_keyring_does_passes_through_unchanged() -> None:
    with memory_keyring() as keys, secrets.secret_errors_as(ValueError):
        secrets.store_secret("destination:Tube", KEY)
        assert secrets.load_secret("destination:Tube") == KEY
        secrets.delete_secret("destination:Tube")
        secrets.delete_secret("destination:Tube")  # not there: not an error
    assert keys.data == {}
    with pytest.raises(LookupError), secrets.secret_errors_as(ValueError):
        raise LookupError("not a keyring error: left alone")


def test_the_session_says_keyring_for_a_refused_key(tmp_path: Path) -> None:
    session = StudioSession(small_profile(tmp_path), profile_path=tmp_path / "profile.json")
    with memory_keyring(LockedKeyring()), pytest.raises(StudioError) as info:
        session.save_destination(DestinationSettings("Tube", "youtube"), key=KEY)
    assert info.value.code == "keyring"
    assert info.value.params == {"detail": info.value.text} and KEY not in info.value.text
    assert session.profile.destinations == []


def test_a_copy_that_cannot_be_scrubbed_is_not_written(tmp_path: Path) -> None:
    signed = b'{"server": "rtmp://push.example.com/live/room?sign=SIGN-1"}'
    with memory_keyring(LockedKeyring()), pytest.raises(SecretsNotSaved) as info:
        scrub_bytes(signed, tmp_path / "profile.json")
    assert "KeyringLocked" in info.value.strerror and "SIGN-1" not in info.value.strerror


def test_a_refusing_keyring_still_reads_the_files_copy(tmp_path: Path) -> None:
    kept = tmp_path / "secrets.json"
    with no_keyring(kept):
        secrets.store_secret("destination:Tube", KEY)  # no keyring: to the file
    with memory_keyring(LockedKeyring()), secrets.secrets_file_for(kept):
        assert secrets.load_secret("destination:Tube") == KEY
        with pytest.raises(secrets.SecretStoreError, match="refused"):
            secrets.store_secret("destination:Tube", "another")  # refused: never to the file
        with pytest.raises(secrets.SecretStoreError, match="refused"):
            secrets.delete_secret("destination:Tube")
    assert secrets.read_secrets_file(kept) == {"destination:Tube": KEY}


def test_a_keyring_coming_back_takes_over_from_the_file(tmp_path: Path) -> None:
    kept = tmp_path / "secrets.json"
    with no_keyring(kept):
        secrets.store_secret("destination:Tube", KEY)
    keys = MemoryKeyring()
    with memory_keyring(keys), secrets.secrets_file_for(kept):
        assert secrets.load_secret("destination:Tube") == KEY  # not in the keyring: the file's
        secrets.store_secret("destination:Tube", KEY)
        assert keys.data == {(secrets.SERVICE, "destination:Tube"): KEY}
    assert secrets.read_secrets_file(kept) == {}  # the older copy in the file is gone
