"""Where the stream goes: destinations added, replaced and removed, their stream keys and signed
URLs kept in the keyring (the profile holds references only), and the push URLs going live
needs, checked as the relay will use them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.broadcast.ca_file import PROBLEMS, ca_file_problem
from studio.broadcast.platforms.registry import get_platform, validate_push_url
from studio.engine import DestinationSpec
from studio.profile import DestinationSettings
from studio.profile_secrets import SecretMissing, push_server, seal_destination
from studio.secrets import delete_secret, load_secret, secret_errors_as, store_secret
from studio.session_parts.errors import StudioError
from studio.session_parts.keyring import forget, has_secret, keyring_problem

if TYPE_CHECKING:
    from studio.session import StudioSession


def key_ref_for(destination: str) -> str:
    return f"destination:{destination}"


def check_ca_file(dest: DestinationSettings) -> None:
    """StudioError "ca_file" for a certificate file the relay could not use."""
    code = ca_file_problem(dest.ca_file) if dest.ca_file else None
    if code:  # the code goes with the error: the window words it without reading it again
        text = f"{dest.name}: {PROBLEMS[code]} ({dest.ca_file})"
        raise StudioError("ca_file", text, name=dest.name, detail=dest.ca_file, problem=code)


def _move_key(old_ref: str, dest: DestinationSettings) -> None:
    with secret_errors_as(keyring_problem):
        value = load_secret(old_ref)
        dest.key_ref = key_ref_for(dest.name) if value else ""
        if value:
            store_secret(dest.key_ref, value)
    forget(old_ref)


class Destinations:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    @property
    def _saved(self) -> list[DestinationSettings]:
        return self.session.profile.destinations

    def save(
        self, dest: DestinationSettings, key: str | None = None, replacing: str | None = None
    ) -> None:
        """Add or replace a destination. `key` (when given) goes to the keyring; an empty key
        forgets the stored one. The profile only ever holds the reference."""
        dest.name = dest.name.strip()
        if not dest.name:
            raise StudioError("name_empty", "a name must not be empty")
        taken = {d.name for d in self._saved if d.name != replacing}
        if dest.name in taken:
            raise StudioError(
                "destination_exists", f"a destination named {dest.name!r} exists", name=dest.name
            )
        get_platform(dest.platform)
        problem = validate_push_url(dest.server) if dest.server else None
        if problem:
            raise StudioError("bad_url", problem, detail=problem)
        check_ca_file(dest)
        old = next((d for d in self._saved if d.name == replacing), None)
        # a signed or keyed URL to the keyring; the profile keeps it masked
        with secret_errors_as(keyring_problem):
            seal_destination(dest)
        if old and old.server_ref and old.server_ref != dest.server_ref:
            forget(old.server_ref)
        if key is not None:
            ref = key_ref_for(dest.name)
            with secret_errors_as(keyring_problem):
                if key:
                    store_secret(ref, key)
                    dest.key_ref = ref
                else:
                    dest.key_ref = ""
                    delete_secret(ref)
            if old and old.key_ref and old.key_ref != dest.key_ref:
                forget(old.key_ref)
        elif old is not None:
            if old.key_ref and old.name != dest.name:  # a rename moves the key along
                _move_key(old.key_ref, dest)
            else:
                dest.key_ref = old.key_ref
        if old is not None:
            self._saved[self._saved.index(old)] = dest
        else:
            self._saved.append(dest)

    def remove(self, name: str) -> None:
        dest = next((d for d in self._saved if d.name == name), None)
        if dest is None:
            return
        self._saved.remove(dest)
        for ref in (dest.key_ref, dest.server_ref):
            if ref:
                forget(ref)

    @staticmethod
    def has_key(dest: DestinationSettings) -> bool:
        return has_secret(dest.key_ref)

    def push_urls(self) -> list[DestinationSpec]:
        """The enabled destinations as the engine pushes to them, stream keys in their URLs.
        StudioError for what going live would refuse (none enabled, no server, a bad URL, a
        certificate file)."""
        enabled = [d for d in self._saved if d.enabled]
        if not enabled:
            raise StudioError(
                "no_destinations", "add a destination (platform and stream key) first"
            )
        specs = []
        for dest in enabled:
            try:
                with secret_errors_as(keyring_problem):
                    key = load_secret(dest.key_ref) if dest.key_ref else ""
                    server = push_server(dest)  # a kept signed URL comes back whole
            except SecretMissing as exc:
                raise StudioError("no_server", str(exc), name=dest.name) from None
            preset = get_platform(dest.platform)
            if not (server or preset.default_server):
                raise StudioError(
                    "no_server", f"{dest.name}: enter the server or push URL", name=dest.name
                )
            try:
                url = preset.push_url(server, key or "")
            except ValueError as exc:
                raise StudioError("no_server", str(exc), name=dest.name) from None
            problem = validate_push_url(url)
            if problem:
                raise StudioError("bad_url", f"{dest.name}: {problem}", detail=problem)
            check_ca_file(dest)
            specs.append(
                DestinationSpec(
                    dest.name,
                    url,
                    dest.adaptive,
                    preset.min_bitrate_kbps,
                    ca_file=dest.ca_file or None,
                )
            )
        return specs
