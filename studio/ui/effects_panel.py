"""The effects of the selected source: beautify sliders, the background, presets, the inference
provider with its per-frame cost, and a before/after split view.

The panel edits its own widgets and reports a whole EffectSettings by `changed`; the main window
gives it to the session. Slider drags are coalesced (one `changed` per short pause, never one per
pixel of mouse travel), so the engine reconfigures a few times a second at most while dragging and
the preview never hitches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.scene.resize import shrink
from studio.session import EffectPreset
from studio.ui import messages
from studio.vision.effects import EffectsStatus
from studio.vision.settings import (
    BEAUTIFY_KEYS,
    LABEL_CONTEXT,
    NATURAL,
    BackgroundSettings,
    BeautifySettings,
    EffectSettings,
    background_modes,
    settings_of,
    stage_class,
)

APPLY_DELAY_MS = 40  # a slider drag is applied at most this often (and once when it stops)
BUILTIN_ORDER = ("natural", "soft", "glam", "off")
PROBLEM_STYLE = "color: #ffb4a8;"
SPLIT_MIN_INTERVAL_S = 1 / 15  # the split view repaints at most 15 times a second
_BACKGROUND = QColor(0x2B, 0x2B, 0x2B)


class BeforeAfterView(QWidget):
    """One picture, the original left of a draggable divider and the effected one right of it.

    Frames are scaled once to the drawn size (studio.scene.resize.shrink) when they arrive;
    painting is two clipped blits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.divider = 0.5  # fraction of the picture's width
        self._before: QImage | None = None
        self._after: QImage | None = None
        self._keep: list[np.ndarray] = []  # the QImages borrow these arrays
        self._frames: tuple[np.ndarray | None, np.ndarray | None] = (None, None)  # as given
        self._source_size = (0, 0)
        self._dragging = False
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.retranslate()

    def retranslate(self) -> None:
        self.before_text = self.tr("Before")
        self.after_text = self.tr("After")
        self.setToolTip(self.tr("Drag the divider to compare the picture before and after"))
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def heightForWidth(self, width: int) -> int:
        w, h = self._source_size
        return max(160, min(480, round(width * h / w))) if w and h else 240

    def hasHeightForWidth(self) -> bool:
        return True

    def picture_rect(self) -> QRect:
        w, h = self._source_size
        if not w or not h:
            return self.rect()
        scale = min(self.width() / w, self.height() / h)
        dw, dh = max(1, int(w * scale)), max(1, int(h * scale))
        return QRect((self.width() - dw) // 2, (self.height() - dh) // 2, dw, dh)

    def set_images(self, before: np.ndarray | None, after: np.ndarray | None) -> None:
        """BGR or BGRA uint8 frames (any size; `after` may be None: shown as `before`)."""
        if before is None and after is None:
            self._before = self._after = None
            self._frames = (None, None)
            self._keep = []
            self.update()
            return
        first = before if before is not None else after
        assert first is not None
        size_changed = (first.shape[1], first.shape[0]) != self._source_size
        self._source_size = (first.shape[1], first.shape[0])
        self._frames = (before, after)
        if size_changed:
            self.updateGeometry()
        self._scale()

    def _scale(self) -> None:
        """The frames at the size they are drawn: again when the view is resized (a first
        frame of a new size changes the view's height after it was scaled)."""
        before, after = self._frames
        if before is None and after is None:
            return
        r = self.picture_rect()
        dpr = self.devicePixelRatioF()
        size = (max(1, round(r.width() * dpr)), max(1, round(r.height() * dpr)))
        self._keep = []
        self._before = self._image(before, size, dpr) if before is not None else None
        self._after = self._image(after, size, dpr) if after is not None else self._before
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def _image(self, frame: np.ndarray, size: tuple[int, int], dpr: float) -> QImage:
        frame = shrink(frame, size)
        if frame.ndim == 2:
            frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGRA)
        elif frame.shape[2] == 3:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA)
        frame = np.ascontiguousarray(frame)
        self._keep.append(frame)
        image = QImage(frame.data, size[0], size[1], frame.strides[0], QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(dpr)
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        r = self.picture_rect()
        if self._before is None:
            painter.setPen(QColor(0x9A, 0x9E, 0xA5))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No picture yet"))
            painter.end()
            return
        split = r.left() + round(r.width() * self.divider)
        painter.save()
        painter.setClipRect(QRect(r.left(), r.top(), split - r.left(), r.height()))
        painter.drawImage(r.topLeft(), self._before)
        painter.setClipRect(QRect(split, r.top(), r.right() - split + 1, r.height()))
        painter.drawImage(r.topLeft(), self._after or self._before)
        painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
        painter.drawLine(QPointF(split, r.top()), QPointF(split, r.bottom()))
        knob = QRectF(split - 6, r.center().y() - 14, 12, 28)
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(knob, 4, 4)
        for text, box in zip((self.before_text, self.after_text), self.label_boxes(), strict=True):
            self._label(painter, box, text)
        painter.end()

    def label_boxes(self) -> tuple[QRect, QRect]:
        """Where "Before" and "After" are written: the picture's top corners, or, on a picture
        too narrow for both side by side (a portrait camera), "After" at its bottom right."""
        r = self.picture_rect()
        metrics = self.fontMetrics()
        h = metrics.height() + 4
        before_w = metrics.horizontalAdvance(self.before_text) + 10
        after_w = metrics.horizontalAdvance(self.after_text) + 10
        before = QRect(r.left() + 4, r.top() + 4, before_w, h)
        after = QRect(r.right() - 4 - after_w, r.top() + 4, after_w, h)
        if after.left() < before.right() + 8:
            after.moveBottom(r.bottom() - 4)
            after.moveLeft(max(r.left() + 4, after.left()))
        return before, after

    @staticmethod
    def _label(painter: QPainter, box: QRect, text: str) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _drag_to(self, x: float) -> None:
        r = self.picture_rect()
        self.divider = min(1.0, max(0.0, (x - r.left()) / max(1, r.width())))
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self._drag_to(event.position().x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._drag_to(event.position().x())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False


class _LevelRow:
    """A label, a 0-100 slider and its value read-out."""

    def __init__(self, parent: QWidget, grid: QGridLayout, row: int) -> None:
        self.label = QLabel(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal, parent)
        self.slider.setRange(0, 100)
        self.slider.setPageStep(10)
        self.value = QLabel("0", parent)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance("100") + 4)
        self.label.setBuddy(self.slider)
        self.slider.valueChanged.connect(lambda v: self.value.setText(str(v)))
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.slider, row, 1)
        grid.addWidget(self.value, row, 2)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.label, self.slider, self.value):
            widget.setEnabled(enabled)


class EffectsPanel(QWidget):
    changed = Signal(object)  # EffectSettings, coalesced while a slider moves
    preset_chosen = Signal(str)  # a preset's name (a built-in's key or the merchant's own)
    save_preset_requested = Signal()
    delete_preset_requested = Signal(str)
    choose_image_requested = Signal()  # the window asks for a file and calls set_image()
    split_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("effectsPanel")
        self._loading = False
        self._layer: str | None = None
        self._image = ""  # the replacement picture or video
        self._mode = "off"
        self._provider = "auto"
        self._providers: list[str] = ["cpu"]
        self._presets: dict[str, EffectPreset] = {}
        self._status: EffectsStatus | None = None
        self._problems: list[str] = []
        self._hint_code = "none"
        self._split_shown_at = 0.0
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.timeout.connect(self._emit_changed)

        self.hint = QLabel(self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.layer_label = QLabel(self)
        self.layer_label.setWordWrap(True)
        font = self.layer_label.font()
        font.setBold(True)
        self.layer_label.setFont(font)
        self.body = QWidget(self)

        # presets
        self.preset_label = QLabel(self.body)
        self.preset_combo = QComboBox(self.body)
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset_label.setBuddy(self.preset_combo)
        self.save_preset_button = QToolButton(self.body)
        self.delete_preset_button = QToolButton(self.body)
        presets_row = QHBoxLayout()
        presets_row.addWidget(self.preset_label)
        presets_row.addWidget(self.preset_combo, 1)
        presets_row.addWidget(self.save_preset_button)
        presets_row.addWidget(self.delete_preset_button)

        # beautify
        self.beautify_box = QGroupBox(self.body)
        self.beautify_box.setCheckable(True)
        grid = QGridLayout(self.beautify_box)
        grid.setColumnStretch(1, 1)
        self.levels = {
            key: _LevelRow(self.beautify_box, grid, i) for i, key in enumerate(BEAUTIFY_KEYS)
        }
        self.smooth_slider = self.levels["smooth"].slider
        self.whiten_slider = self.levels["whiten"].slider
        self.slim_slider = self.levels["slim"].slider
        self.eyes_slider = self.levels["eyes"].slider

        # background
        self.background_box = QGroupBox(self.body)
        bg = QGridLayout(self.background_box)
        bg.setColumnStretch(1, 1)
        self.mode_label = QLabel(self.background_box)
        self.mode_combo = QComboBox(self.background_box)
        self.mode_label.setBuddy(self.mode_combo)
        bg.addWidget(self.mode_label, 0, 0)
        bg.addWidget(self.mode_combo, 0, 1, 1, 2)
        self.strength = _LevelRow(self.background_box, bg, 1)
        self.strength_slider = self.strength.slider
        self.image_label = QLabel(self.background_box)
        self.image_name = QLabel(self.background_box)
        self.image_name.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.image_name.setMinimumWidth(40)
        self.image_name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.choose_image_button = QPushButton(self.background_box)
        image_row = QHBoxLayout()
        image_row.addWidget(self.image_name, 1)
        image_row.addWidget(self.choose_image_button)
        bg.addWidget(self.image_label, 2, 0)
        bg.addLayout(image_row, 2, 1, 1, 2)

        # provider and cost
        self.provider_label = QLabel(self.body)
        self.provider_combo = QComboBox(self.body)
        self.provider_label.setBuddy(self.provider_combo)
        provider_row = QHBoxLayout()
        provider_row.addWidget(self.provider_label)
        provider_row.addWidget(self.provider_combo, 1)
        self.status_label = QLabel(self.body)
        self.status_label.setProperty("role", "hint")
        self.status_label.setWordWrap(True)
        self.problems_label = QLabel(self.body)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)  # file names are user input
        self.problems_label.setStyleSheet(PROBLEM_STYLE)
        self.problems_label.hide()

        # before / after
        self.split_button = QPushButton(self.body)
        self.split_button.setCheckable(True)
        self.split_view = BeforeAfterView(self.body)
        self.split_view.hide()

        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(presets_row)
        body.addWidget(self.beautify_box)
        body.addWidget(self.background_box)
        body.addLayout(provider_row)
        body.addWidget(self.status_label)
        body.addWidget(self.problems_label)
        body.addWidget(self.split_button)
        body.addWidget(self.split_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.layer_label)
        layout.addWidget(self.body)
        layout.addStretch(1)

        for row in (*self.levels.values(), self.strength):
            row.slider.valueChanged.connect(self._slid)
        self.beautify_box.toggled.connect(self._beautify_toggled)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.provider_combo.currentIndexChanged.connect(self._provider_changed)
        self.preset_combo.activated.connect(self._preset_activated)
        self.save_preset_button.clicked.connect(self.save_preset_requested)
        self.delete_preset_button.clicked.connect(self._delete_clicked)
        self.choose_image_button.clicked.connect(self.choose_image_requested)
        self.split_button.toggled.connect(self._split_toggled)

        self.set_layer(None)
        self.retranslate()

    # --- words ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.preset_label.setText(self.tr("Preset"))
        self.save_preset_button.setText(self.tr("Save as…"))
        self.save_preset_button.setToolTip(self.tr("Keep these settings as a preset of your own"))
        self.delete_preset_button.setText(self.tr("Delete"))
        self.delete_preset_button.setToolTip(self.tr("Delete the selected preset of your own"))
        self.beautify_box.setTitle(self.tr("Beautify"))
        self.beautify_box.setToolTip(
            self.tr("Changes only the face and skin: products held up keep their true colours")
        )
        for setting in settings_of(BeautifySettings):
            self.levels[setting.key].label.setText(_declared(setting.label))
        background = {s.key: _declared(s.label) for s in settings_of(BackgroundSettings)}
        self.background_box.setTitle(self.tr("Background"))
        self.mode_label.setText(background["mode"])
        self.strength.label.setText(background["strength"])
        self.image_label.setText(background["image"])
        self.choose_image_button.setText(self.tr("Choose…"))
        self.choose_image_button.setToolTip(
            self.tr("A picture or a video (played in a loop) to show behind you")
        )
        self.provider_label.setText(self.tr("Runs on"))
        self.provider_combo.setToolTip(
            self.tr("Auto uses the graphics card when one can run the effects, else the CPU")
        )
        self.split_button.setText(self.tr("Before / after"))
        self.split_button.setToolTip(
            self.tr("Compare the original picture (left) with the effects (right)")
        )
        with self._filling():
            mode = self._mode
            self.mode_combo.clear()
            self.mode_combo.addItem(self.tr("Off"), "off")
            for key in background_modes()[1:]:  # the background stages, as they name themselves
                self.mode_combo.addItem(_declared(stage_class(key).label), key)
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))
            self._fill_providers()
            self._fill_presets()
        self._show_image_name()
        self._show_hint()
        self._show_status_text()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def preset_label_text(self, name: str) -> str:
        """What a preset is called in the list: built-ins in the window's language."""
        return {
            "natural": self.tr("Natural"),
            "soft": self.tr("Soft"),
            "glam": self.tr("Glam"),
            "off": self.tr("No beautify"),
        }.get(name, name)

    # --- loading --------------------------------------------------------------------------------
    @contextmanager
    def _filling(self) -> Iterator[None]:
        """Set widgets from settings without taking it for the user's edit."""
        outer, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = outer

    @property
    def layer(self) -> str | None:
        return self._layer

    def set_layer(
        self, name: str | None, settings: EffectSettings | None = None, hint: str = "none"
    ) -> None:
        """Edit layer `name` (its effects are `settings`), or nothing: the controls are then
        disabled and `hint` says why ("none": no source selected, "no_video": it has no picture
        to work on)."""
        self._apply_timer.stop()
        self._layer = name if settings is not None else None
        self._hint_code = hint if self._layer is None else ""
        self._status = None
        self._problems = []
        self.body.setEnabled(self._layer is not None)
        self.layer_label.setText(name or "")
        self.layer_label.setVisible(bool(name))
        self.set_settings(settings or EffectSettings())
        self._show_hint()
        self._show_status_text()
        self._show_problems()

    def set_settings(self, settings: EffectSettings) -> None:
        """Show `settings` without emitting `changed`."""
        with self._filling():
            beauty = settings.beautify
            self.beautify_box.setChecked(beauty.on)
            shown = beauty if beauty.on else NATURAL  # turning it on starts from "natural"
            for key, row in self.levels.items():
                row.slider.setValue(getattr(shown, key))
            self._mode = settings.background.mode
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(self._mode))
            self.strength_slider.setValue(settings.background.strength)
            self._image = settings.background.image
            self._provider = settings.provider
            self._fill_providers()
        self._show_image_name()
        self._update_enabled()
        self._match_preset()

    def settings(self) -> EffectSettings:
        """What the controls say now."""
        if self.beautify_box.isChecked():
            beautify = BeautifySettings(**{k: r.slider.value() for k, r in self.levels.items()})
        else:
            beautify = BeautifySettings()
        background = BackgroundSettings(
            mode=self._mode, strength=self.strength_slider.value(), image=self._image
        )
        return EffectSettings(background=background, beautify=beautify, provider=self._provider)

    def set_providers(self, available: list[str]) -> None:
        self._providers = list(available)
        with self._filling():
            self._fill_providers()

    def _fill_providers(self) -> None:
        self.provider_combo.clear()
        self.provider_combo.addItem(self.tr("Auto"), "auto")
        for name in self._providers:
            self.provider_combo.addItem(messages.provider_name(name), name)
        index = self.provider_combo.findData(self._provider)
        if index < 0:  # saved on another computer: keep it visible, the problem says why
            text = self.tr("%1 (not available)").replace(
                "%1", messages.provider_name(self._provider)
            )
            self.provider_combo.addItem(text, self._provider)
            index = self.provider_combo.count() - 1
        self.provider_combo.setCurrentIndex(index)

    def set_presets(self, presets: Mapping[str, EffectPreset]) -> None:
        self._presets = dict(presets)
        with self._filling():
            self._fill_presets()
        self._match_preset()

    def _fill_presets(self) -> None:
        combo = self.preset_combo
        combo.clear()
        combo.addItem(self.tr("Custom"), "")
        for name in BUILTIN_ORDER:
            if name in self._presets:
                combo.addItem(self.preset_label_text(name), name)
        own = sorted((p for p in self._presets.values() if not p.builtin), key=lambda p: p.name)
        if own:
            combo.insertSeparator(combo.count())
        for preset in own:
            combo.addItem(preset.name, preset.name)
        self._match_preset()

    def _match_preset(self) -> None:
        """Show the preset the settings are (own ones first), else "Custom"."""
        if self.preset_combo.count() == 0:
            return
        now = self.settings()
        name = next(
            (
                p.name
                for p in self._presets.values()
                if not p.builtin
                and (p.settings.background, p.settings.beautify) == (now.background, now.beautify)
            ),
            None,
        )
        if name is None:
            name = next(
                (
                    p.name
                    for p in self._presets.values()
                    if p.builtin and p.settings.beautify == now.beautify
                ),
                "",
            )
        with self._filling():
            self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(name)))
        self._update_preset_buttons()

    @property
    def current_preset(self) -> str:
        return str(self.preset_combo.currentData() or "")

    def select_preset(self, name: str) -> None:
        """Choose a preset as the user would (emits preset_chosen)."""
        index = self.preset_combo.findData(name)
        if index >= 0:
            self.preset_combo.setCurrentIndex(index)
            self._preset_activated(index)

    def _update_preset_buttons(self) -> None:
        preset = self._presets.get(self.current_preset)
        self.delete_preset_button.setEnabled(preset is not None and not preset.builtin)

    def set_image(self, path: str) -> None:
        """The replacement picture or video the window's file dialog gave."""
        self._image = path
        self._show_image_name()
        if self._mode == "replace" and path and not self._loading:
            self._emit_now()

    @property
    def image(self) -> str:
        return self._image

    def _show_image_name(self) -> None:
        if self._image:
            self.image_name.setText(Path(self._image).name)
            self.image_name.setToolTip(self._image)
        else:
            self.image_name.setText(self.tr("none chosen"))
            self.image_name.setToolTip("")

    def _show_hint(self) -> None:
        texts = {
            "none": self.tr("Select a source in the Sources list to give it effects."),
            "no_video": self.tr(
                "This source has no picture of a person: choose a camera, a video or an image."
            ),
        }
        text = texts.get(self._hint_code, "")
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def _update_enabled(self) -> None:
        beautify = self.beautify_box.isChecked()
        for row in self.levels.values():
            row.set_enabled(beautify)
        reads = _mode_reads(self._mode)  # only the settings the chosen background reads
        self.strength.set_enabled("strength" in reads)
        for widget in (self.image_label, self.image_name, self.choose_image_button):
            widget.setEnabled("image" in reads)

    # --- the user's edits -----------------------------------------------------------------------
    def _slid(self, _value: int) -> None:
        if self._loading:
            return
        self._apply_timer.start(APPLY_DELAY_MS)  # restarts: applied when the drag pauses
        self._match_preset()

    def _beautify_toggled(self, on: bool) -> None:
        if self._loading:
            return
        if on and not any(r.slider.value() for r in self.levels.values()):
            with self._filling():
                for key, row in self.levels.items():
                    row.slider.setValue(getattr(NATURAL, key))
        self._update_enabled()
        self._match_preset()
        self._emit_now()

    def _mode_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        previous, self._mode = self._mode, str(self.mode_combo.itemData(index))
        if "image" in _mode_reads(self._mode) and not self._image:
            with self._filling():  # applied below, once, with the picture chosen
                self.choose_image_requested.emit()  # the window calls set_image()
            if not self._image:  # cancelled: nothing to put behind the person
                self._mode = previous
                with self._filling():
                    self.mode_combo.setCurrentIndex(self.mode_combo.findData(previous))
                return
        self._update_enabled()
        self._match_preset()
        self._emit_now()

    def _provider_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        self._provider = str(self.provider_combo.itemData(index))
        self._emit_now()

    def _preset_activated(self, index: int) -> None:
        name = str(self.preset_combo.itemData(index) or "")
        self._update_preset_buttons()
        if name:
            self._apply_timer.stop()
            self.preset_chosen.emit(name)

    def _delete_clicked(self) -> None:
        preset = self._presets.get(self.current_preset)
        if preset is not None and not preset.builtin:
            self.delete_preset_requested.emit(preset.name)

    def _emit_now(self) -> None:
        self._apply_timer.stop()
        self._emit_changed()

    def _emit_changed(self) -> None:
        if self._layer is not None:
            self.changed.emit(self.settings())

    def flush(self) -> None:
        """Apply a slider move still waiting for its timer (before saving, switching layers)."""
        if self._apply_timer.isActive():
            self._emit_now()

    # --- what the engine reports ----------------------------------------------------------------
    def show_status(self, status: EffectsStatus | None, problems: list[str]) -> None:
        """The effects' provider and cost (once a second), and their problems as sentences."""
        self._status = status
        self._problems = list(problems)
        self._show_status_text()
        self._show_problems()

    def _show_status_text(self) -> None:
        self.status_label.setText(self.status_text())

    def status_text(self) -> str:
        if self._layer is None:
            return ""
        if not self.settings().on:
            return self.tr("The effects are off for this source.")
        status = self._status
        if status is None or status.provider is None:
            if self._problems:
                return ""
            return self.tr("Starting the effects…")
        every = status.every_n or 1.0
        per_frame = status.analyse_ms / every + status.apply_ms
        return messages.fill(
            self.tr("Running on %1 · %2 ms per frame (model %3 ms every %4 frames, apply %5 ms)"),
            messages.provider_name(status.provider),
            f"{per_frame:.1f}",
            f"{status.analyse_ms:.1f}",
            f"{every:.1f}",
            f"{status.apply_ms:.1f}",
        )

    def _show_problems(self) -> None:
        self.problems_label.setText("\n".join(self._problems))
        self.problems_label.setVisible(bool(self._problems))

    # --- before / after -------------------------------------------------------------------------
    def _split_toggled(self, on: bool) -> None:
        self.split_view.setVisible(on)
        if not on:
            self.split_view.set_images(None, None)
        self.split_toggled.emit(on)

    @property
    def split_on(self) -> bool:
        return self.split_button.isChecked() and self.split_view.isVisible()

    def show_split(self, before: np.ndarray | None, after: np.ndarray | None, now: float) -> bool:
        """New pictures for the split view. Called at the preview rate; shown at most 15 times
        a second: False when these were not shown (offer them again on the next tick)."""
        if now - self._split_shown_at < SPLIT_MIN_INTERVAL_S:
            return False
        self._split_shown_at = now
        self.split_view.set_images(before, after)
        return True


def _declared(label: str) -> str:
    """A label the effects declare (studio.vision.settings and .stages), translated."""
    return QCoreApplication.translate(LABEL_CONTEXT, label)


def _mode_reads(mode: str) -> set[str]:
    """The background settings a mode's stage reads ("off": none)."""
    return set() if mode == "off" else {s.key for s in stage_class(mode).SETTINGS}
