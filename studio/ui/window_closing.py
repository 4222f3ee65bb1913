"""Closing the main window: while live or recording the merchant is asked, then every output
stops on a worker thread (the recording finalised) and the window closes when that is done;
what is still waiting (a slider move, a price typed, the layout) is kept first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class ClosingControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.close_after_stop = False  # asked to close while a stop ran: close when done
        self.closing_done = False  # every output stopped for quitting: close for real

    def close_event(self, event: QCloseEvent) -> None:
        window, outputs = self.window, self.session.outputs
        stopping = window.output_control.stopping
        if self.closing_done:
            self.finish()
            event.accept()
            return
        if stopping:
            event.ignore()  # a stop is running; close when it is done
            self.close_after_stop = True
            return
        if outputs.streaming or outputs.recording:
            if not window.ask(
                QCoreApplication.translate("MainWindow", "Quit while live"),
                QCoreApplication.translate(
                    "MainWindow",
                    "You are streaming or recording. Stop everything, finish the recording "
                    "and quit?",
                ),
            ):
                event.ignore()
                return
            event.ignore()
            window.outputs.set_streaming(outputs.streaming, busy=True)
            window.outputs.set_recording(outputs.recording, busy=True)
            window.output_control.run_stop("all", self.session.close)
            return
        self.finish()
        event.accept()

    def finish(self) -> None:
        window = self.window
        window.effects_panel.flush()  # a slider moved just before quitting is kept
        window.products_panel.flush()  # so is a price typed just before
        window.products_panel.timer.stop()
        window.chat_panel.stop()
        self.session.stop_chat()
        for timer in (
            window.preview_timer,
            window.mixer_timer,
            window.stats_timer,
            window.probe.timer,
        ):
            timer.stop()
        window.layout_control.save_layout()
        self.session.close()
        window.save()
