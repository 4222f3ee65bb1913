"""A session on a profile that must not be written: one a newer Shopcast Studio made (or one
that could be neither read nor moved aside). Everything works for the show, nothing is saved:
neither the profile nor the keyring entries that profile's destinations and chat connectors
name, since the newer version still uses them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.clock import MediaClock
from studio.profile import Profile
from studio.session import StudioError, StudioSession

READ_ONLY = (
    "this profile is open read-only: destinations, stream keys and chat connections cannot be "
    "changed here"
)


class ReadOnlySession(StudioSession):
    def __init__(
        self,
        profile: Profile,
        refusal: Callable[[], str] = lambda: READ_ONLY,
        clock: MediaClock | None = None,
    ) -> None:
        super().__init__(profile, None, clock)  # no path: StudioSession.save writes nothing
        self._refusal = refusal  # the window passes its translated sentence

    def save(self) -> None:
        """Nothing is written: the file belongs to a newer version, or could not be kept aside."""

    def save_destination(self, *args: Any, **kwargs: Any) -> None:
        raise StudioError("read_only", self._refusal())

    def remove_destination(self, *args: Any, **kwargs: Any) -> None:
        raise StudioError("read_only", self._refusal())

    def set_chat_connectors(self, *args: Any, **kwargs: Any) -> None:
        raise StudioError("read_only", self._refusal())
