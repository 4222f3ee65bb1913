"""A source's properties, built from its declared settings (studio.capture.settings.Setting)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.capture.settings import Setting, parse_colour
from studio.ui.destination_dialog import message_label, set_message
from studio.ui.off_thread import run_off_thread
from studio.ui.widgets import ok_cancel

log = logging.getLogger(__name__)

_INT_LIMIT = 2_000_000_000  # QSpinBox holds a C int
_FLOAT_LIMIT = 1e9


def _source_tr(text: str) -> str:
    # Labels, placeholders and filters are marked with QT_TRANSLATE_NOOP in that context.
    return QCoreApplication.translate("SourceSettings", text) if text else text


class _ColourField(QWidget):
    """A swatch button that opens QColorDialog (with alpha) beside the hex text it edits."""

    def __init__(self, value: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.button = QPushButton()
        self.button.setToolTip(self.tr("Pick a colour"))
        self.button.setFixedWidth(48)
        self.edit = QLineEdit(value)
        self.edit.setPlaceholderText(self.tr("#rrggbb or #rrggbbaa"))
        self.edit.setMaxLength(9)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.edit, 1)
        self.button.clicked.connect(self._pick)
        self.edit.textChanged.connect(self._update_swatch)
        self._update_swatch()

    def value(self) -> str:
        return self.edit.text().strip()

    def _colour(self) -> QColor | None:
        try:
            r, g, b, a = parse_colour(self.value())
        except ValueError:
            return None
        return QColor(r, g, b, a)

    def _update_swatch(self) -> None:
        colour = self._colour()
        pixmap = QPixmap(28, 16)
        # A checker-free swatch: transparency shows against the button's own background.
        pixmap.fill(colour if colour is not None else QColor(0, 0, 0, 0))
        self.button.setIcon(QIcon(pixmap))
        self.button.setText("" if colour is not None else "?")

    def _pick(self) -> None:
        initial = self._colour() or QColor("white")
        colour = QColorDialog.getColor(
            initial, self, self._title, QColorDialog.ColorDialogOption.ShowAlphaChannel
        )
        if colour.isValid():
            text = colour.name(QColor.NameFormat.HexRgb)
            if colour.alpha() < 255:
                text += f"{colour.alpha():02x}"
            self.edit.setText(text)


class _FileField(QWidget):
    def __init__(self, value: str, file_filter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = file_filter
        self.edit = QLineEdit(value)
        self.edit.setClearButtonEnabled(True)
        self.browse = QPushButton(self.tr("Browse…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)
        self.browse.clicked.connect(self._browse)

    def value(self) -> str:
        return self.edit.text().strip()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), self.value(), self._filter
        )
        if path:
            self.edit.setText(path)


class _CameraField(QComboBox):
    """A local camera chosen by its name from those found (listed off the window's thread: on
    some systems each one is opened to see that it works); its number is the value. The camera
    set before stays choosable while it is not found (unplugged for now)."""

    def __init__(self, value: int, list_cameras=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value
        self.addItem(self.tr("Looking for cameras…"), value)
        self.setEnabled(False)
        lister = list_cameras or _list_cameras

        def work() -> list:
            try:
                return lister()
            except Exception:  # a driver's trouble: numbered choices still work
                log.exception("listing the cameras failed")
                return []

        run_off_thread(self, work, self._show, "camera-list")

    def _show(self, cameras: list) -> None:
        self.clear()
        # Numbered from 1 by their number, found or not: counting the found ones instead would
        # call an unplugged camera by a found one's name ("Camera 1" twice, off Linux).
        for camera in cameras:
            name = camera.name or self.tr("Camera %1").replace("%1", str(camera.index + 1))
            self.addItem(name, camera.index)
        if self.findData(self._value) < 0:
            shown = str(self._value + 1)
            text = (
                self.tr("Camera %1 (not found now)").replace("%1", shown)
                if cameras
                else self.tr("No camera found (camera %1)").replace("%1", shown)
            )
            self.addItem(text, self._value)
        self.setCurrentIndex(self.findData(self._value))
        self.setEnabled(True)

    def value(self) -> int:
        data = self.currentData()
        return int(data) if data is not None else self._value


def _list_cameras() -> list:
    from studio.capture.devices import list_cameras

    return list_cameras()


class PropertiesDialog(QDialog):
    """One field per Setting; `values()` gives every setting's edited value by key (plus any
    keys of `values` that no setting declares, untouched)."""

    def __init__(
        self,
        title: str,
        settings: tuple[Setting, ...],
        values: dict[str, Any],
        parent: QWidget | None = None,
        list_cameras=None,
    ) -> None:
        super().__init__(parent)
        self.list_cameras = list_cameras  # tests give the cameras "found"
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._settings = settings
        self._extra = {k: v for k, v in values.items() if k not in {s.key for s in settings}}
        self.editors: dict[str, QWidget] = {}
        self._messages: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for setting in settings:
            editor = self._editor(setting, values.get(setting.key, setting.default))
            self.editors[setting.key] = editor
            # A form label: "%1:" in English, a full-width colon in Chinese.
            label = QLabel(self.tr("%1:").replace("%1", _source_tr(setting.label)))
            label.setBuddy(editor)
            form.addRow(label, editor)
            message = message_label()
            self._messages[setting.key] = message
            form.addRow("", message)
        if not settings:
            form.addRow(QLabel(self.tr("This source has nothing to set.")))

        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._validate()

    # --- building -------------------------------------------------------------------------------
    def _editor(self, s: Setting, value: Any) -> QWidget:
        if s.devices == "camera":
            return _CameraField(_number(value, s.default, int), self.list_cameras)
        if s.type == "multiline":
            edit = QPlainTextEdit(value if isinstance(value, str) else str(s.default))
            edit.setTabChangesFocus(True)  # Tab leaves the field; keyboard users are not trapped
            edit.setPlaceholderText(_source_tr(s.placeholder))
            edit.setMinimumHeight(72)
            edit.textChanged.connect(self._validate)
            return edit
        if s.type == "int":
            spin = QSpinBox()
            spin.setRange(
                int(s.minimum) if s.minimum is not None else -_INT_LIMIT,
                int(s.maximum) if s.maximum is not None else _INT_LIMIT,
            )
            spin.setValue(_number(value, s.default, int))
            spin.valueChanged.connect(self._validate)
            return spin
        if s.type == "float":
            dspin = QDoubleSpinBox()
            dspin.setDecimals(2)
            dspin.setRange(
                s.minimum if s.minimum is not None else -_FLOAT_LIMIT,
                s.maximum if s.maximum is not None else _FLOAT_LIMIT,
            )
            dspin.setValue(_number(value, s.default, float))
            dspin.valueChanged.connect(self._validate)
            return dspin
        if s.type == "bool":
            check = QCheckBox()
            check.setChecked(value if isinstance(value, bool) else bool(s.default))
            check.setAccessibleName(_source_tr(s.label))
            check.toggled.connect(self._validate)
            return check
        if s.type == "choice":
            combo = QComboBox()
            for choice in s.choices:
                combo.addItem(_source_tr(choice), choice)
            combo.setCurrentIndex(
                max(0, combo.findData(value if value in s.choices else s.default))
            )
            combo.currentIndexChanged.connect(self._validate)
            return combo
        text = value if isinstance(value, str) else str(s.default)
        if s.type == "color":
            colour = _ColourField(text, _source_tr(s.label))
            colour.edit.textChanged.connect(self._validate)
            return colour
        if s.type == "file":
            file_field = _FileField(text, _source_tr(s.file_filter))
            file_field.edit.setPlaceholderText(_source_tr(s.placeholder))
            file_field.edit.textChanged.connect(self._validate)
            return file_field
        line = QLineEdit(text)
        line.setPlaceholderText(_source_tr(s.placeholder))
        line.textChanged.connect(self._validate)
        return line

    # --- reading --------------------------------------------------------------------------------
    def _value(self, s: Setting) -> Any:
        editor = self.editors[s.key]
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, _CameraField):
            return editor.value()
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return editor.value()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, _ColourField | _FileField):
            return editor.value()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def values(self) -> dict[str, Any]:
        return {**self._extra, **{s.key: self._value(s) for s in self._settings}}

    def _problem(self, s: Setting) -> str | None:
        reason = s.check(self._value(s))
        if reason is None:
            return None
        if s.type == "color":
            return self.tr("Write a colour as #rrggbb, or #rrggbbaa with transparency.")
        return reason  # the widgets keep other types in range; English is the fallback

    def _validate(self) -> None:
        ok = True
        for s in self._settings:
            problem = self._problem(s)
            set_message(self._messages[s.key], problem or "", "error")
            ok = ok and problem is None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def is_valid(self) -> bool:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def accept(self) -> None:
        if self.is_valid():
            super().accept()


def _number(value: Any, default: Any, kind: type) -> Any:
    """A stored value as a number for a spin box: bad or missing values fall back to default."""
    for candidate in (value, default, 0):
        if isinstance(candidate, bool):
            continue
        try:
            return kind(candidate)
        except (TypeError, ValueError):
            continue
    return kind(0)
