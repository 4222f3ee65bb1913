"""What goes wrong making clips, in words a merchant can act on."""

from __future__ import annotations


class ClipsError(Exception):
    """A problem with the recording, its timeline or the folder the clips go to. The text is
    one line for the user, naming the file."""


class DiskFull(ClipsError):
    """The disk filled up while a clip was written: that clip was removed, the ones before kept."""


class Cancelled(ClipsError):
    """The export was stopped on request: the clip being written was removed."""


class TimelineError(ClipsError):
    """The timeline beside the recording cannot be used (broken, foreign, none of it within
    the recording): clips by the room's reaction or by time can still be offered."""
