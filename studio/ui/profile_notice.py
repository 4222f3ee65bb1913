"""What the window says when the profile could not be used as it was: read-only on a newer
version's file, or a damaged file moved aside and the last good copy (or the defaults) used."""

from __future__ import annotations

from PySide6.QtCore import QObject

from studio.profile_open import OpenedProfile


class ProfileNotice(QObject):
    """The translation context of these sentences ("ProfileNotice")."""


def text(opened: OpenedProfile) -> str | None:
    """The banner line for how the profile was opened; None when it opened as it was."""
    if opened.problem is None:
        return None
    if opened.read_only and not opened.newer:
        return ProfileNotice.tr(
            "The profile could not be used (%1) nor moved aside; opened read-only, changes will "
            "not be saved."
        ).replace("%1", detail(opened))
    if opened.newer:
        if opened.used == "backup":
            return ProfileNotice.tr(
                "This profile was written by a newer Shopcast Studio; opened read-only, changes "
                "will not be saved. Showing its last good copy (%1)."
            ).replace("%1", opened.path.name + ".bak")
        return ProfileNotice.tr(
            "This profile was written by a newer Shopcast Studio; opened read-only, changes "
            "will not be saved. Showing the default set-up."
        )
    kept = str(opened.kept_as or opened.path)
    if opened.used == "backup":
        template = ProfileNotice.tr(
            "The profile could not be used (%1). Its last good copy is loaded; the damaged file "
            "was kept as %2."
        )
    else:
        template = ProfileNotice.tr(
            "The profile could not be used (%1). Starting with the default set-up; the damaged "
            "file was kept as %2."
        )
    return template.replace("%1", detail(opened)).replace("%2", kept)


def read_only_refusal() -> str:
    """Why destinations and chat connections cannot be changed in a read-only window."""
    return ProfileNotice.tr(
        "This profile is open read-only: destinations, stream keys and chat connections cannot "
        "be changed here."
    )


def title(app_title: str) -> str:
    return ProfileNotice.tr("%1 (read-only)").replace("%1", app_title)


def detail(opened: OpenedProfile) -> str:
    """The loader's first problem, without the path (the banner names the file elsewhere):
    "scenes[0].layers[0].opacity is NaN (not a number)" and "+2 more"."""
    problem = opened.problem or ""
    items = [line[2:] for line in problem.splitlines() if line.startswith("- ")]
    if not items:
        first = problem.splitlines()[0] if problem else ""
        return first.replace(str(opened.path), opened.path.name).rstrip(".")
    more = len(items) - 1
    if more:
        return ProfileNotice.tr("%1; and %2 more").replace("%1", items[0]).replace("%2", str(more))
    return items[0]
