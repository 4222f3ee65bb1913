"""Measure a platform's screen on the merchant's own phone: stream the calibration card, take a
screenshot of the live room as a buyer sees it, choose it here, and the zones the app covered
replace the platform's estimated ones (studio.scene.zone_measure does the measuring)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.broadcast.platforms.registry import PLATFORMS
from studio.capture.base import SourceError
from studio.scene.zone_measure import ZoneMeasureError, as_zones, load_screenshot, measure
from studio.scene.zones import Zone
from studio.session import StudioError, StudioSession
from studio.ui import messages
from studio.ui.destination_dialog import platform_name
from studio.ui.off_thread import run_off_thread
from studio.ui.product_dialog import IMAGE_PATTERNS
from studio.ui.widgets import PROBLEM_STYLE

log = logging.getLogger(__name__)


class ZoneMeasureDialog(QDialog):
    """Three steps on one page: the card on the stream, a screenshot on the phone, the
    measurement (kept only when the merchant says so)."""

    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.zones: tuple[Zone, ...] | None = None
        self.source = ""
        self._found: tuple[int, int, str] | None = None  # what the question shown counts
        self.setWindowTitle(self.tr("Measure a platform’s screen"))
        canvas = session.profile.canvas
        self.portrait = canvas.height > canvas.width
        steps = QLabel(
            self.tr(
                "1. Put the calibration card on the stream and go live (the card stays on "
                "the stream when you close this window, until you take it off here).\n"
                "2. On a phone, open your live room in the platform’s app as a buyer would, and "
                "take a screenshot.\n"
                "3. Copy the screenshot to this computer and choose it here."
            ),
            self,
        )
        steps.setWordWrap(True)
        self.card_button = QPushButton(self)
        self.card_button.clicked.connect(self.toggle_card)
        self.platform_box = QComboBox(self)
        enabled = [d.platform for d in session.profile.destinations if d.enabled]
        for pid in dict.fromkeys([*enabled, *PLATFORMS]):
            preset = PLATFORMS.get(pid)
            if preset is not None:
                self.platform_box.addItem(platform_name(preset), pid)
        self.choose_button = QPushButton(self.tr("Choose the screenshot…"), self)
        self.choose_button.clicked.connect(self.choose_screenshot)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        # room for the longest result (three lines), so the buttons never move under the hand
        self.result.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 4)
        self.setMinimumWidth(560)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = self.buttons.addButton(
            self.tr("Use these zones"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setEnabled(False)
        self.reset_button = self.buttons.addButton(
            self.tr("Back to the estimated zones"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.keep)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.forget)
        form = QFormLayout()
        form.addRow(self.tr("Platform"), self.platform_box)
        row = QHBoxLayout()
        row.addWidget(self.card_button)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self.platform_box.currentIndexChanged.connect(self._platform_changed)
        self._platform_changed()
        self._card_shown()

    # --- the card on the stream -------------------------------------------------------------
    def card_name(self) -> str:
        return self.tr("Calibration card")

    def _card_layer(self) -> int | None:
        """The card's layer, known by its picture (its name is in the language it was put on
        with, and a merchant's own layer may have the same name)."""
        spec = self.session.calibration_card_spec()
        sources = [x.source for x in self.session.layers]
        return sources.index(spec) if spec in sources else None

    def _card_shown(self) -> None:
        shown = self._card_layer() is not None
        self.card_button.setText(
            self.tr("Take the card off the stream")
            if shown
            else self.tr("Put the card on the stream")
        )

    def toggle_card(self) -> None:
        index = self._card_layer()
        try:
            if index is None:
                self.session.show_calibration_card(self.card_name())
            else:
                self.session.remove_layer(index)
        except StudioError as exc:  # said here: the window's banner is behind this dialog
            self.result.setStyleSheet(PROBLEM_STYLE)
            self.result.setText(messages.studio_error(exc))
        self._card_shown()

    # --- the screenshot ---------------------------------------------------------------------
    def platform(self) -> str:
        return str(self.platform_box.currentData())

    def _platform_changed(self) -> None:
        measured = (self.platform(), self.portrait) in self.session.measured_zones()
        self.reset_button.setEnabled(measured)
        if self._found is not None:  # the question names the platform they would be kept for
            self._ask_to_keep()

    def choose_screenshot(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The phone’s screenshot"),
            "",
            self.tr("Pictures (%1)").replace("%1", IMAGE_PATTERNS),
        )
        if path:
            self.measure_file(Path(path))

    def measure_file(self, path: Path, wait: bool = False) -> None:
        """Measure off the window's thread (half a second on a 1080x1920 canvas); `wait`
        (tests) blocks until it is done."""
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Measuring…"))
        self._found = None
        self.keep_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        canvas = self.session.profile.canvas
        size = (canvas.width, canvas.height)
        worker = run_off_thread(
            self, lambda: self._work(path, size), lambda done: self._measured(*done), "measure"
        )
        if wait:
            worker.join()

    @staticmethod
    def _work(path: Path, size: tuple[int, int]) -> tuple[tuple[Zone, ...] | None, tuple]:
        """(zones, (scale, width, height)) or (None, why): on the worker thread."""
        try:
            image = load_screenshot(path)
            screen = measure(image, *size)
        except ZoneMeasureError as exc:
            return None, ("measure", exc.reason)
        except SourceError as exc:
            return None, ("file", str(path.name), exc.code)
        except Exception as exc:  # a fault of ours: said, not left "Measuring…" for ever
            log.exception("measuring the screenshot %s failed", path.name)
            return None, ("failed", type(exc).__name__)
        h, w = image.shape[:2]
        return as_zones(screen, *size), (screen.scale, w, h)

    def _measured(self, zones: tuple[Zone, ...] | None, detail: tuple) -> None:
        self.choose_button.setEnabled(True)
        if zones is None:
            self.result.setStyleSheet(PROBLEM_STYLE)
            self.result.setText(self._problem(detail))
            return
        scale, w, h = detail
        if not any(z.name == "measured" for z in zones):
            # Every app draws something over a live room (its top bar at least): a screenshot
            # with nothing over the card is of something else (the studio's own preview).
            self.zones = None
            self.keep_button.setEnabled(False)
            self.result.setStyleSheet(PROBLEM_STYLE)
            self.result.setText(
                self.tr(
                    "Nothing in this screenshot covers the card: take it of the live room in "
                    "the platform’s app, not of the studio's preview."
                )
            )
            return
        self.zones = zones
        # kept beside the zones in the profile: what they were measured from, and when
        self.source = f"phone screenshot {w}x{h}, {date.today().isoformat()}"  # notr
        covered = sum(1 for z in zones if z.name == "measured")
        cut = sum(1 for z in zones if z.name == "cut_off")
        self._found = (covered, cut, f"{scale:.2f}")
        self._ask_to_keep()
        self.keep_button.setEnabled(True)

    def _ask_to_keep(self) -> None:
        if self._found is None:
            return
        text = self.tr(
            "Found %1 parts the app draws over and %2 strips the phone cuts off (the stream is "
            "shown at %3 phone pixels per canvas pixel). Use these zones for %4?"
        )
        for i, value in enumerate((*self._found, self.platform_box.currentText()), 1):
            text = text.replace(f"%{i}", str(value))
        self.result.setText(text)

    def _problem(self, detail: tuple) -> str:
        if detail[0] == "file":
            return self.tr("%1 is not a picture the studio can read.").replace("%1", detail[1])
        if detail[0] == "failed":
            text = self.tr("Measuring went wrong (%1); details are in the studio’s log.")
            return text.replace("%1", detail[1])
        reason = detail[1]
        if reason == "turned":
            return self.tr("The screenshot is turned: take it with the phone upright.")
        if reason == "too_small":
            return self.tr("The live room is too small in the screenshot: show it full screen.")
        if reason == "too_large":
            return self.tr("The screenshot is larger than any phone’s screen.")
        return self.tr(
            "The calibration card is not in this screenshot: put it on the stream, wait until "
            "the phone shows it, then take the screenshot."
        )

    # --- keeping it -------------------------------------------------------------------------
    def keep(self) -> None:
        if self.zones is None:
            return
        self.session.set_measured_screen(self.platform(), self.portrait, self.zones, self.source)
        self.accept()

    def forget(self) -> None:
        self.session.set_measured_screen(self.platform(), self.portrait, None)
        self._found = None
        self._platform_changed()
        self.result.setStyleSheet("")
        text = self.tr("Back to the estimated zones for %1.")
        self.result.setText(text.replace("%1", self.platform_box.currentText()))
