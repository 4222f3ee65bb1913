"""A comment connector's own options as fields built from what its kind declares (`SETTINGS`
beyond the record's server, channel, nick, token and tls): a tick for a "bool", a list for a
"choice", a line for the rest with the default as its placeholder. Options are kept as texts
(studio.chat.connector: a "bool" is "1" when on); an empty line, an untouched tick or the default
choice leaves the option unset, so the connector's default applies and a later default change
reaches saved profiles. Options a record holds that its kind does not declare are kept as they
are.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from studio.capture.settings import Setting
from studio.chat.registry import option_settings
from studio.ui.chat_kinds import setting_text

Editor = QCheckBox | QComboBox | QLineEdit


def shown_default(default: object) -> str:
    """A declared default as a placeholder writes it: 2.0 -> "2", None -> ""."""
    if default is None or isinstance(default, bool):
        return ""
    return f"{default:g}" if isinstance(default, float) else str(default)


class OptionsForm(QObject):
    """The declared options of one kind, filled from a record's options: rows of the dialog's
    own form (aligned with its other fields), put in before the row of `before`."""

    def __init__(self, form: QFormLayout, before: QWidget) -> None:
        super().__init__(before)
        self.form = form
        self.before = before
        self.settings: tuple[Setting, ...] = ()
        self.fields: dict[str, Editor] = {}
        self._kept: dict[str, str] = {}  # options the kind does not declare

    def show_kind(self, kind: str, options: dict[str, str]) -> None:
        for editor in self.fields.values():
            self.form.removeRow(editor)
        self.settings = option_settings(kind)
        self.fields = {}
        declared = {s.key for s in self.settings}
        self._kept = {k: v for k, v in options.items() if k not in declared}
        parent = self.before.parentWidget()
        for setting in self.settings:
            editor = self._editor(setting, options.get(setting.key, ""), parent)
            editor.setToolTip(setting_text(setting.help))
            self.fields[setting.key] = editor
            row, _role = self.form.getWidgetPosition(self.before)
            if isinstance(editor, QCheckBox):
                self.form.insertRow(row, "", editor)
            else:
                label = QLabel(setting_text(setting.label), parent)
                label.setBuddy(editor)
                self.form.insertRow(row, label, editor)

    @staticmethod
    def _editor(setting: Setting, value: str, parent: QWidget | None) -> Editor:
        if setting.type == "bool":
            tick = QCheckBox(setting_text(setting.label), parent)
            tick.setChecked(value == "1" if value else bool(setting.default))
            return tick
        if setting.type == "choice":
            box = QComboBox(parent)
            for choice in setting.choices:
                box.addItem(choice, choice)
            box.setCurrentIndex(max(0, box.findData(value or setting.default)))
            return box
        line = QLineEdit(value, parent)
        line.setPlaceholderText(setting_text(setting.placeholder) or shown_default(setting.default))
        return line

    def options(self) -> tuple[dict[str, str], str]:
        """The options as texts, and a problem ("" for none) naming the first bad field."""
        out = dict(self._kept)
        for setting in self.settings:
            editor = self.fields[setting.key]
            if isinstance(editor, QCheckBox):
                if editor.isChecked() != bool(setting.default):
                    out[setting.key] = "1" if editor.isChecked() else "0"
                continue
            if isinstance(editor, QComboBox):
                if editor.currentData() != setting.default:
                    out[setting.key] = str(editor.currentData())
                continue
            text = editor.text().strip()
            if not text:
                continue
            problem = self._problem(setting, text)
            if problem:
                return out, problem
            out[setting.key] = text
        return out, ""

    def _problem(self, setting: Setting, text: str) -> str:
        if setting.type not in ("int", "float"):
            return ""
        name = setting_text(setting.label)
        try:
            number = int(text) if setting.type == "int" else float(text)
        except ValueError:
            number = None
        if number is None or (isinstance(number, float) and not math.isfinite(number)):
            if setting.type == "int":
                return self.tr("%1: write a whole number.").replace("%1", name)
            return self.tr("%1: write a number.").replace("%1", name)
        if setting.check(number) is None:
            return ""
        low, high = setting.minimum, setting.maximum
        if low is not None and high is not None:
            return (
                self.tr("%1: from %2 to %3.")
                .replace("%1", name)
                .replace("%2", f"{low:g}")
                .replace("%3", f"{high:g}")
            )
        if low is not None:
            return self.tr("%1: at least %2.").replace("%1", name).replace("%2", f"{low:g}")
        return self.tr("%1: at most %2.").replace("%1", name).replace("%2", f"{high or 0:g}")
