"""The comment pane's dialogs: chat connections (tokens typed masked, kept in the keyring or,
without one, in the private secrets file), blocked words and muted viewers, and the answer
rules with the shop's terms.

Everything a viewer or the merchant typed is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.chat.answers import DEFAULT_RULES, TOPIC_FIELDS, TOPICS, AnswerRule, ShopTerms
from studio.chat.moderation import sanitize_for_display
from studio.profile import CHAT_KINDS, ChatConnectorSettings
from studio.secrets import storage
from studio.ui.chat_panel import KIND_NAMES
from studio.ui.widgets import PROBLEM_STYLE, ok_cancel


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _plain_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class ConnectorsDialog(QDialog):
    """The chat connections: a list, and the selected one's settings beside it."""

    def __init__(
        self,
        connectors: Sequence[ChatConnectorSettings],
        has_token: Callable[[ChatConnectorSettings], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chat connections"))
        self._items: list[ChatConnectorSettings] = [
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
        for kind in CHAT_KINDS:
            self.kind.addItem(QCoreApplication.translate("ChatPanel", KIND_NAMES[kind]), kind)
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("irc.chat.twitch.tv:6697")  # notr
        self.channel = QLineEdit(self)
        self.tls = QCheckBox(self.tr("Encrypted (TLS)"), self)
        self.nick = QLineEdit(self)
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.options = QPlainTextEdit(self)
        self.options.setPlaceholderText("rate=5\nlang=zh")  # notr
        self.options.setMaximumHeight(70)
        self.enabled = QCheckBox(self.tr("Read this chat"), self)
        self.problem_label = _plain_label(self)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow("", self.tls)
        form.addRow(self.tr("Nick"), self.nick)
        form.addRow(self.tr("Token"), self.token)
        form.addRow(self.tr("Options (key=value)"), self.options)
        form.addRow("", self.enabled)
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

    def _refill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            where = sanitize_for_display(item.channel or item.server, 40)
            self.list.addItem(QListWidgetItem(f"{item.kind} {where}".strip()))
        self.list.blockSignals(False)

    def _store(self) -> str:
        """The form into the selected connector; a problem (English-free, translated) or ""."""
        if not 0 <= self._row < len(self._items):
            return ""
        options: dict[str, str] = {}
        for line in _lines(self.options.toPlainText()):
            key, sep, value = line.partition("=")
            if not sep or not key.strip():
                return self.tr("Options are written key=value, one a line.")
            options[key.strip().lower()] = value.strip()
        self._items[self._row] = ChatConnectorSettings(
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
        stored = self._tokens.get(row) or (self._has_token[row] and row not in self._tokens)
        if not stored:
            self.token.setPlaceholderText(self.tr("none"))
        elif storage().kind == "keyring":
            self.token.setPlaceholderText(self.tr("stored in the keyring (type to replace)"))
        else:  # no system keyring: the private secrets file beside the profile
            self.token.setPlaceholderText(
                self.tr("stored in a file only you can read (type to replace)")
            )
        self.options.setPlainText("\n".join(f"{k}={v}" for k, v in item.options.items()))
        self.enabled.setChecked(item.enabled)

    def add(self) -> None:
        self._store()
        self._items.append(
            ChatConnectorSettings("irc", server="irc.chat.twitch.tv:6697", tls=True)
        )  # notr
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

    def result_connectors(self) -> tuple[list[ChatConnectorSettings], dict[int, str | None]]:
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
        return _lines(self.words.toPlainText())

    def unmuted(self) -> list[str]:
        return list(self._unmuted)


TERMS = (
    ("shipping_zh", "shipping_en"),
    ("returns_zh", "returns_en"),
    ("dispatch_zh", "dispatch_en"),
)


class RulesDialog(QDialog):
    """The answer rules (on/off, what viewers ask, what to answer, in Chinese and English) and
    the shop's terms the answers quote. A rule with problems keeps the dialog open."""

    def __init__(
        self, rules: Sequence[AnswerRule], terms: ShopTerms, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Answer rules"))
        self._rules = list(rules)
        self._row = -1
        self.topic_names = {
            "price": self.tr("Price"),
            "variant": self.tr("Colours and sizes"),
            "stock": self.tr("Stock"),
            "discount": self.tr("Discount"),
            "shipping": self.tr("Shipping"),
            "returns": self.tr("Returns"),
            "moq": self.tr("MOQ"),
            "lead_time": self.tr("Lead time"),
            "certifications": self.tr("Certifications"),
            "fob": self.tr("FOB price"),
            "link": self.tr("How to buy"),
            "material": self.tr("Material"),
            "feature": self.tr("Selling points"),
        }
        self.list = QListWidget(self)
        for rule in self._rules:
            self._add_item(rule)
        self.list.currentRowChanged.connect(self._select)
        # A new rule starts as a copy of the built-in one for its topic, under a new id.
        self.topic_combo = QComboBox(self)
        for topic in TOPICS:
            self.topic_combo.addItem(self.topic_names.get(topic, topic), topic)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.clicked.connect(lambda: self.add_rule(self.topic_combo.currentData()))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_rule)
        self.patterns_zh = QPlainTextEdit(self)
        self.patterns_en = QPlainTextEdit(self)
        self.template_zh = QPlainTextEdit(self)
        self.template_en = QPlainTextEdit(self)
        for edit in (self.patterns_zh, self.patterns_en, self.template_zh, self.template_en):
            edit.setMaximumHeight(64)
        self.fields_label = _plain_label(self)
        self.problem_label = _plain_label(self)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Asked (Chinese, one a line)"), self.patterns_zh)
        form.addRow(self.tr("Asked (English, one a line)"), self.patterns_en)
        form.addRow(self.tr("Answer (Chinese)"), self.template_zh)
        form.addRow(self.tr("Answer (English)"), self.template_en)
        form.addRow(self.tr("Fields"), self.fields_label)
        self.terms: dict[str, QLineEdit] = {}
        terms_form = QFormLayout()
        names = {
            "shipping": self.tr("Shipping"),
            "returns": self.tr("Returns"),
            "dispatch": self.tr("Dispatch"),
        }
        for zh, en in TERMS:
            for name, lang in ((zh, self.tr("Chinese")), (en, self.tr("English"))):
                edit = QLineEdit(terms.text(name[:-3], name[-2:]), self)  # type: ignore[arg-type]
                self.terms[name] = edit
                terms_form.addRow(f"{names[name[:-3]]} ({lang})", edit)
        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        adding = QHBoxLayout()
        adding.addWidget(self.topic_combo, 1)
        adding.addWidget(self.add_button)
        side.addLayout(adding)
        side.addWidget(self.delete_button)
        body = QHBoxLayout()
        body.addLayout(side, 1)
        body.addLayout(form, 3)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(QLabel(self.tr("Shop terms the answers quote:")))
        layout.addLayout(terms_form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        if self._rules:
            self.list.setCurrentRow(0)

    def _add_item(self, rule: AnswerRule) -> None:
        name = self.topic_names.get(rule.topic, rule.topic)
        # A second rule of a topic shows its id too ("Price (price-2)").
        item = QListWidgetItem(name if rule.id == rule.topic else f"{name} ({rule.id})")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def add_rule(self, topic: str) -> AnswerRule:
        """A new rule for `topic` (the built-in one's words to start from), selected."""
        self._store()
        base = next(r for r in DEFAULT_RULES if r.topic == topic)
        taken = {r.id for r in self._rules}
        number = 2
        while f"{topic}-{number}" in taken:
            number += 1
        rule = base.with_changes(id=f"{topic}-{number}", enabled=True)
        self._rules.append(rule)
        self._add_item(rule)
        self._row = -1
        self.list.setCurrentRow(len(self._rules) - 1)
        return rule

    def delete_rule(self) -> None:
        row = self._row
        if not 0 <= row < len(self._rules):
            return
        del self._rules[row]
        self._row = -1  # nothing to store: the rule is gone
        self.list.takeItem(row)
        self._select(self.list.currentRow())

    def _store(self) -> None:
        row = self._row
        if not 0 <= row < len(self._rules):
            return
        self._rules[row] = self._rules[row].with_changes(
            patterns_zh=tuple(_lines(self.patterns_zh.toPlainText())),
            patterns_en=tuple(_lines(self.patterns_en.toPlainText())),
            template_zh=self.template_zh.toPlainText().strip(),
            template_en=self.template_en.toPlainText().strip(),
        )

    def _select(self, row: int) -> None:
        self._store()
        self._row = row
        if not 0 <= row < len(self._rules):
            return
        rule = self._rules[row]
        self.patterns_zh.setPlainText("\n".join(rule.patterns_zh))
        self.patterns_en.setPlainText("\n".join(rule.patterns_en))
        self.template_zh.setPlainText(rule.template_zh)
        self.template_en.setPlainText(rule.template_en)
        self.fields_label.setText(" ".join(f"{{{f}}}" for f in TOPIC_FIELDS[rule.topic]))

    def result_rules(self) -> list[AnswerRule]:
        self._store()
        out = []
        for row, rule in enumerate(self._rules):
            checked = self.list.item(row).checkState() == Qt.CheckState.Checked
            out.append(rule.with_changes(enabled=checked))
        return out

    def result_terms(self) -> ShopTerms:
        return ShopTerms(**{name: edit.text().strip() for name, edit in self.terms.items()})

    def problems(self) -> list[str]:
        return [f"{rule.id}: {p}" for rule in self.result_rules() for p in rule.problems()]

    def accept(self) -> None:
        problems = self.problems()
        head = self.tr("Fix these rules before saving:")
        self.problem_label.setText("\n".join([head, *problems]) if problems else "")
        if not problems:
            super().accept()
