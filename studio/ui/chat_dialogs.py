"""The comment pane's dialogs: chat connections (tokens typed masked, kept in the keyring or,
without one, in the private secrets file), blocked words and muted viewers. The answer rules
and the shop's terms have their own (`studio.ui.answer_rules_dialog`).

Everything a viewer or the merchant typed is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.chat.connector import RECORD_FIELDS, ConnectorSettings
from studio.chat.moderation import sanitize_for_display
from studio.chat.registry import connector_kinds, new_record, record_settings
from studio.secrets import storage
from studio.ui.chat_kinds import kind_label, setting_text
from studio.ui.connector_options import OptionsForm
from studio.ui.widgets import PROBLEM_STYLE, ok_cancel, plain_label, text_lines


class ConnectorsDialog(QDialog):
    """The chat connections: a list, and the selected one's settings beside it."""

    def __init__(
        self,
        connectors: Sequence[ConnectorSettings],
        has_token: Callable[[ConnectorSettings], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chat connections"))
        self._items: list[ConnectorSettings] = [
            replace(c, options=dict(c.options)) for c in connectors
        ]
        self._tokens: dict[int, str | None] = {}
        self._has_token = [has_token(c) for c in self._items]
        self._row = -1
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._select)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove)
        self.kind = QComboBox(self)
        for kind in connector_kinds():
            self.kind.addItem(kind_label(kind), kind)
        self.server = QLineEdit(self)
        self.channel = QLineEdit(self)
        self.tls = QCheckBox(self)
        self.nick = QLineEdit(self)
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.enabled = QCheckBox(self.tr("Read this chat"), self)
        self.problem_label = plain_label(self)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        # The record's fields; each kind shows those it declares, named as it declares them.
        self.fields: dict[str, QLineEdit | QCheckBox] = {
            "server": self.server,
            "channel": self.channel,
            "tls": self.tls,
            "nick": self.nick,
            "token": self.token,
        }
        self.field_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        for key in RECORD_FIELDS:
            self.field_labels[key] = QLabel(self)
            form.addRow(self.field_labels[key], self.fields[key])
        form.addRow("", self.enabled)
        self.option_form = OptionsForm(form, self.enabled)  # the kind's own, as it declares them
        self._form_layout = form
        self.kind.currentIndexChanged.connect(self._show_kind)
        self.form = QWidget(self)
        self.form.setLayout(form)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.form, 2)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self._refill()
        if self._items:
            self.list.setCurrentRow(0)
        self._select(self.list.currentRow())
        self._show_kind()

    def _show_kind(self, _index: int = -1) -> None:
        """The fields the selected kind declares, with its labels, placeholders and help, and
        its own options (the record's when it is of that kind)."""
        kind = str(self.kind.currentData())
        declared = record_settings(kind)
        for key, widget in self.fields.items():
            setting = declared.get(key)
            self._form_layout.setRowVisible(widget, setting is not None)
            if setting is None:
                continue
            label = setting_text(setting.label)
            if isinstance(widget, QCheckBox):
                widget.setText(label)
                self.field_labels[key].clear()
            else:
                self.field_labels[key].setText(label)
                widget.setPlaceholderText(setting_text(setting.placeholder))
                if key == "token" and self._row >= 0:
                    self._show_token_state()
            widget.setToolTip(setting_text(setting.help))
        item = self._items[self._row] if 0 <= self._row < len(self._items) else None
        self.option_form.show_kind(kind, item.options if item and item.kind == kind else {})

    def _refill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            where = sanitize_for_display(item.channel or item.server, 40)
            self.list.addItem(QListWidgetItem(f"{kind_label(item.kind)} {where}".strip()))
        self.list.blockSignals(False)

    def _store(self) -> str:
        """The form into the selected connector; a problem (English-free, translated) or ""."""
        if not 0 <= self._row < len(self._items):
            return ""
        options, problem = self.option_form.options()
        if problem:
            return problem
        self._items[self._row] = ConnectorSettings(
            kind=str(self.kind.currentData()),
            server=self.server.text().strip(),
            tls=self.tls.isChecked(),
            channel=self.channel.text().strip(),
            nick=self.nick.text().strip(),
            token_ref=self._items[self._row].token_ref,
            options=options,
            enabled=self.enabled.isChecked(),
        )
        if self.token.isModified():
            self._tokens[self._row] = self.token.text()
        return ""

    def _select(self, row: int) -> None:
        if row == self._row:
            return
        self._store()
        self._row = row
        self.form.setEnabled(0 <= row < len(self._items))
        self.remove_button.setEnabled(0 <= row < len(self._items))
        if not 0 <= row < len(self._items):
            return
        item = self._items[row]
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind)))
        self.server.setText(item.server)
        self.channel.setText(item.channel)
        self.tls.setChecked(item.tls)
        self.nick.setText(item.nick)
        self.token.clear()
        self.token.setModified(False)
        self.enabled.setChecked(item.enabled)
        self._show_kind()

    def _show_token_state(self) -> None:
        """Whether the selected connector has a token stored, and where, as the token's
        placeholder (the token itself is never shown)."""
        row = self._row
        stored = self._tokens.get(row) or (self._has_token[row] and row not in self._tokens)
        if not stored:
            self.token.setPlaceholderText(self.tr("none"))
        elif storage().kind == "keyring":
            self.token.setPlaceholderText(self.tr("stored in the keyring (type to replace)"))
        else:  # no system keyring: the private secrets file beside the profile
            self.token.setPlaceholderText(
                self.tr("stored in a file only you can read (type to replace)")
            )

    def add(self) -> None:
        self._store()
        self._items.append(new_record(connector_kinds()[0]))
        self._has_token.append(False)
        self._refill()
        self._row = -1
        self.list.setCurrentRow(len(self._items) - 1)

    def remove(self) -> None:
        row = self._row
        if not 0 <= row < len(self._items):
            return
        del self._items[row]
        del self._has_token[row]
        self._tokens = {(i if i < row else i - 1): t for i, t in self._tokens.items() if i != row}
        self._row = -1
        self._refill()
        self.list.setCurrentRow(min(row, len(self._items) - 1))
        self._select(self.list.currentRow())

    def accept(self) -> None:
        problem = self._store()
        self.problem_label.setText(problem)
        if not problem:
            super().accept()

    def result_connectors(self) -> tuple[list[ConnectorSettings], dict[int, str | None]]:
        """The connectors and the tokens typed (by index; "" forgets a stored one)."""
        return list(self._items), dict(self._tokens)


class FiltersDialog(QDialog):
    """Blocked words (one a line) and the muted viewers, each with an unmute."""

    def __init__(
        self, blocked: list[str], muted: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Blocked words and muted viewers"))
        self.words = QPlainTextEdit(self)
        self.words.setPlainText("\n".join(blocked))
        self.muted = QListWidget(self)
        for key, name in muted.items():
            item = QListWidgetItem(sanitize_for_display(name, 60) or "?")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.muted.addItem(item)
        self._unmuted: list[str] = []
        self.unmute_button = QPushButton(self.tr("Unmute"), self)
        self.unmute_button.clicked.connect(self.unmute_selected)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Blocked words, one a line (hidden from the pane and the stream):"))
        )
        layout.addWidget(self.words, 1)
        layout.addWidget(QLabel(self.tr("Muted viewers:")))
        layout.addWidget(self.muted, 1)
        layout.addWidget(self.unmute_button)
        layout.addWidget(buttons)

    def unmute_selected(self) -> None:
        for item in self.muted.selectedItems() or (
            [self.muted.currentItem()] if self.muted.currentItem() else []
        ):
            self._unmuted.append(str(item.data(Qt.ItemDataRole.UserRole)))
            self.muted.takeItem(self.muted.row(item))

    def blocked_words(self) -> list[str]:
        return text_lines(self.words.toPlainText())

    def unmuted(self) -> list[str]:
        return list(self._unmuted)
