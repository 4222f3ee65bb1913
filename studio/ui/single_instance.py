"""The window's side of "one window per profile" (studio.profile_lock): hold the lock while the
window is open, and come forward when the studio is started again on the same profile."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from studio.profile_lock import ProfileLock, WakeListener

log = logging.getLogger(__name__)


class _Waker(QObject):
    """Carries the listener thread's request to the UI thread (a queued signal)."""

    wake = Signal()


class SingleWindow:
    """This process's claim on a profile. `claim` returns None when another window has it."""

    def __init__(self, lock: ProfileLock | None) -> None:
        self.lock = lock  # None: the lock file could not be made; the window opens regardless
        self._listener: WakeListener | None = None
        self._waker: _Waker | None = None

    @classmethod
    def claim(cls, profile: Path) -> SingleWindow | None:
        try:
            lock = ProfileLock.acquire(profile)
        except OSError as exc:
            log.warning("no lock on the profile (%s); a second window would not be stopped", exc)
            return cls(None)
        return cls(lock) if lock is not None else None

    def attach(self, window: QWidget) -> None:
        """From now on a second start brings `window` forward."""
        if self.lock is None:
            return
        self._waker = _Waker(window)
        self._waker.wake.connect(lambda: bring_forward(window))
        try:
            self._listener = WakeListener(self.lock.profile, self._waker.wake.emit)
            self._listener.start()
        except OSError as exc:  # no loopback, folder not writable: the lock still holds
            log.warning("a second start will not bring this window forward: %s", exc)
            self._listener = None

    def release(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self.lock is not None:
            self.lock.release()


def bring_forward(window: QWidget) -> None:
    """Un-minimise, raise and activate; the taskbar entry flashes where the window manager
    refuses to hand over the focus (Wayland, focus-stealing prevention)."""
    if window.windowState() & Qt.WindowState.WindowMinimized:
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)
    log.info("brought the window forward: the studio was started again on this profile")
