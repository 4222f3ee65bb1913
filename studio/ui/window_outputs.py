"""The main window's outputs: Go live and Record (started through the session, a recording
with the stream when the merchant keeps that on), and stopping them on a worker thread, the
buttons showing "stopping" until each is done; the window never waits on the network or disk."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from studio.session import StudioError

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

log = logging.getLogger("studio.ui.main_window")


class _Done(QObject):
    """Carries a worker thread's end back to the UI thread (queued across threads)."""

    finished = Signal(str, object)  # what, error text or None


class OutputControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.outputs = window.session.outputs
        # "stream", "record" while their worker runs; "all" while quitting stops everything
        self.stopping: set[str] = set()
        self.recording_with_stream = False  # started by Go live: it stops with the stream
        self.record_again = False  # a recording that stopped itself is taken off, restarted
        self._done = _Done(window)
        self._done.finished.connect(self.worker_finished)

    def toggle_streaming(self) -> None:
        window, session = self.window, self.session
        if self.stopping & {"stream", "all"}:  # a hotkey still works on a disabled button
            return
        if self.outputs.streaming:
            self._ask_stop_streaming(self.outputs.recording)
            return
        try:
            self.outputs.start_streaming()
        except StudioError as exc:
            if exc.code == "no_destinations":  # nowhere to go: ask where, not a red line
                window.banner.clear_message("stream")
                if session.profile.destinations:  # all switched off: turn one back on
                    window.open_settings()
                else:
                    window.open_setup("destination")
                return
            window._error(exc, "stream")
            return
        window.banner.clear_message("stream")
        window._stream_error = None
        window.outputs.set_streaming(True)
        # The recording is the merchant's insurance: it starts with the stream unless turned off,
        # and the merchant is told (a file growing unseen would surprise them).
        if session.profile.recording.enabled and not session.busy_recording:
            self.toggle_recording()
            if session.busy_recording:
                self.recording_with_stream = True
                self.say_recording_with_stream()
        window.update_status()

    def say_recording_with_stream(self) -> None:
        window = self.window
        path = self.session.recording_path
        if self.session.profile.recording.keep_after_stream:
            text = QCoreApplication.translate(
                "MainWindow",
                "Recording too, to %1. It goes on after the stream stops: stop it with "
                "“Stop recording”.",
            )
        else:
            text = QCoreApplication.translate(
                "MainWindow",
                "Recording too, to %1. It stops with the stream (Settings → Recording to keep "
                "it going).",
            )
        text = text.replace("%1", str(path))
        window.banner.show_message("autorecord", "info", text)  # logged there
        # Also where it cannot hide behind a problem in the banner (an error comes first there).
        window.status.showMessage(text, 15000)

    def _ask_stop_streaming(self, recording: bool) -> None:
        """Stop the stream (asked first); a recording that started with it stops too, unless
        the merchant keeps recordings going (Settings → Recording)."""
        outputs = self.outputs
        stopped_itself = outputs.recording_stopped_itself  # taken off with the stream
        together = (
            recording
            and not stopped_itself
            and self.recording_with_stream
            and not self.session.profile.recording.keep_after_stream
            and not self.stopping & {"record"}
        )
        question = (
            QCoreApplication.translate(
                "MainWindow",
                "You are live. Stop the stream for every destination, and the recording?",
            )
            if together
            else QCoreApplication.translate(
                "MainWindow", "You are live. Stop the stream for every destination?"
            )
        )
        if not self.window.ask(
            QCoreApplication.translate("MainWindow", "Stop streaming"), question
        ):
            return
        if together or (stopped_itself and not self.stopping & {"record"}):
            self.run_stop("stream", outputs.stop_streaming, ("record", self.session.stop_recording))
        else:
            self.run_stop("stream", outputs.stop_streaming)

    def toggle_recording(self) -> None:
        window = self.window
        if self.stopping & {"record", "all"}:
            return
        if self.outputs.recording:
            # A recording that stopped itself reads "Start recording": take it off, then start.
            self.record_again = self.outputs.recording_stopped_itself
            self.run_stop("record", self.session.stop_recording)
            return
        try:
            path = self.session.start_recording()
        except StudioError as exc:
            window._error(exc, "record")
            return
        self.recording_with_stream = False  # started by hand: it stops by hand
        window.banner.clear_message("record")
        window.banner.clear_message("recording")
        window.outputs.set_recording(True)
        window.outputs.record_button.setToolTip(str(path))
        window.update_status()

    def run_stop(
        self, what: str, stop: Callable[[], None], *then: tuple[str, Callable[[], None]]
    ) -> None:
        """Stop an output on a worker thread (and `then` others, one after the other, on the
        same thread); the UI shows "stopping" until each is done."""
        steps = [(what, stop), *then]
        for name, _stop in steps:
            self.stopping.add(name)
            if name == "stream":
                self.window.outputs.set_streaming(True, busy=True)
            else:
                self.window.outputs.set_recording(True, busy=True)

        def work() -> None:
            for name, step in steps:
                error = None
                try:
                    step()
                except Exception as exc:
                    log.exception("stopping %s failed", name)
                    error = type(exc).__name__
                self._done.finished.emit(name, error)

        threading.Thread(target=work, name=f"stop-{what}", daemon=True).start()

    def worker_finished(self, what: str, error: object) -> None:
        window = self.window
        self.stopping.discard(what)
        if what == "stream":
            window.outputs.set_streaming(False)
        elif what == "record":
            window.outputs.set_recording(False)
            self.recording_with_stream = False
            window.banner.clear_message("autorecord")
            path = self.session.recording_path
            failed = self.outputs.recording_failed  # the banner said why
            if path is not None and error is None and not failed:
                window.status.notice(
                    QCoreApplication.translate("MainWindow", "Recording saved: %1").replace(
                        "%1", str(path)
                    )
                )
                window.clips_control.offer(path)  # cut it into clips: offered, not asked
            again, self.record_again = self.record_again, False
            if again and error is None:
                QTimer.singleShot(0, self.toggle_recording)
        elif what == "all":
            window.closing_control.closing_done = True
            window.close()
            return
        if error:
            text = QCoreApplication.translate("MainWindow", "Stopping failed (%1).").replace(
                "%1", str(error)
            )
            window._errors.pop(what, None)  # this line, not a refusal, is up under that key now
            window.banner.show_message(what, "error", text)
        window.update_status()
        if window.closing_control.close_after_stop and not self.stopping:
            window.close()
