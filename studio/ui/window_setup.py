"""The main window's set-up (studio.ui.setup_wizard): opened at a step, one at a time, its
result shown in every panel, its last "Go live"; and the banner line saying how the profile
was opened (a first run, a backup, read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt

from studio.profile_open import OpenedProfile
from studio.ui import profile_notice

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class SetupControl:
    def __init__(self, window: MainWindow, title: str) -> None:
        self.window = window
        self.session = window.session
        self.title = title  # the window's own, before "(read-only)" is added
        self.notice: OpenedProfile | None = None  # how the profile was opened

    def open_setup(self, step: str = "platform") -> None:
        """Show the set-up at `step` (one at a time: a second call brings it forward)."""
        from studio.ui.setup_wizard import STEPS, SetupWizard

        window = self.window
        wizard = window.setup_wizard
        # A closed set-up is deleted (WA_DeleteOnClose): its wrapper must not be asked anything.
        if wizard is not None and shiboken6.isValid(wizard) and wizard.isVisible():
            wizard.go_to(STEPS.index(step))
            wizard.raise_()
            return
        wizard = SetupWizard(self.session, window, start_at=step)
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.applied.connect(window._setup_applied)
        wizard.go_live_requested.connect(self.go_live)
        window.setup_wizard = wizard
        wizard.show()

    def go_live(self) -> None:
        """The set-up's last "Go live": start the stream, never stop it (the set-up opened
        from the File menu while live still offers Go live)."""
        if not self.session.outputs.streaming:
            self.window.toggle_streaming()

    def applied(self) -> None:
        """The set-up changed the session: every panel shows it, and it is saved."""
        window = self.window
        window.scene_control.refresh()
        window.scene_control.shown()
        window.settings_control.refresh_destinations()
        window.save()

    def show_profile_notice(self, opened: OpenedProfile) -> None:
        """Say in the banner (and, read-only, in the title) how the profile was opened."""
        self.notice = opened
        self.render_profile_notice()

    def render_profile_notice(self) -> None:
        opened = self.notice
        if opened is None:
            return
        line = profile_notice.text(opened)
        if line:
            self.window.banner.show_message("profile", "warning", line)
        if opened.read_only:
            self.window.setWindowTitle(profile_notice.title(self.title))
