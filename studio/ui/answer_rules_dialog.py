"""The answer rules and the shop's terms, edited in every language answers are written in.

Rules on the left (on/off, add one from a topic's built-in words, delete); the selected rule's
patterns and answer per language in tabs (Arabic laid out right to left); the shop's terms
(domestic shipping, international shipping, returns, dispatch) per language in their own tab.
A rule with problems keeps the dialog open. Everything typed is kept as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.capture.settings import QT_TRANSLATE_NOOP
from studio.chat.answer_rules import LANGS, RTL_LANGS, TERMS, TOPIC_FIELDS, TOPICS
from studio.chat.answers import DEFAULT_RULES, AnswerRule, ShopTerms
from studio.ui.widgets import PROBLEM_STYLE, ok_cancel, plain_label, text_lines

# The languages as the tabs name them, each in the window's language.
LANG_NAMES = {
    "zh": QT_TRANSLATE_NOOP("RulesDialog", "Chinese"),
    "en": QT_TRANSLATE_NOOP("RulesDialog", "English"),
    "es": QT_TRANSLATE_NOOP("RulesDialog", "Spanish"),
    "pt": QT_TRANSLATE_NOOP("RulesDialog", "Portuguese"),
    "fr": QT_TRANSLATE_NOOP("RulesDialog", "French"),
    "ru": QT_TRANSLATE_NOOP("RulesDialog", "Russian"),
    "ar": QT_TRANSLATE_NOOP("RulesDialog", "Arabic"),
}
TERM_NAMES = {
    "shipping": QT_TRANSLATE_NOOP("RulesDialog", "Shipping (at home)"),
    "shipping_international": QT_TRANSLATE_NOOP("RulesDialog", "Shipping abroad"),
    "returns": QT_TRANSLATE_NOOP("RulesDialog", "Returns"),
    "dispatch": QT_TRANSLATE_NOOP("RulesDialog", "Dispatch"),
}
TERM_HINTS = {
    "shipping": QT_TRANSLATE_NOOP(
        "RulesDialog", "Said only to buyers at home, e.g. free shipping nationwide"
    ),
    "shipping_international": QT_TRANSLATE_NOOP(
        "RulesDialog",
        "Said to buyers abroad, e.g. DHL 7-15 days, FOB Ningbo; empty: no answer to them",
    ),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("RulesDialog", text)


def _directed(edit: QWidget, lang: str) -> QWidget:
    """Arabic fields laid out and written right to left, as their writers read them."""
    if lang in RTL_LANGS:
        edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        if isinstance(edit, QPlainTextEdit):
            option = edit.document().defaultTextOption()
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.document().setDefaultTextOption(option)
    return edit


class RulesDialog(QDialog):
    """The answer rules (on/off, what viewers ask, what to answer, per language) and the
    shop's terms the answers quote, per language."""

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

        # the selected rule, a tab per language
        self.patterns: dict[str, QPlainTextEdit] = {}
        self.templates: dict[str, QPlainTextEdit] = {}
        self.lang_tabs = QTabWidget(self)
        for lang in LANGS:
            page = QWidget(self.lang_tabs)
            form = QFormLayout(page)
            patterns = QPlainTextEdit(page)
            template = QPlainTextEdit(page)
            template.setMaximumHeight(96)  # the patterns take the rest of the page
            for edit in (patterns, template):
                _directed(edit, lang)
            form.addRow(self.tr("Asked (one a line)"), patterns)
            form.addRow(self.tr("Answer"), template)
            self.patterns[lang] = patterns
            self.templates[lang] = template
            self.lang_tabs.addTab(page, _tr(LANG_NAMES[lang]))
        # the editors the tests and older code know by name
        self.patterns_zh, self.patterns_en = self.patterns["zh"], self.patterns["en"]
        self.template_zh, self.template_en = self.templates["zh"], self.templates["en"]
        self.fields_label = plain_label(self)
        hint = plain_label(self)
        hint.setText(
            self.tr(
                "Answers go out in the buyer's language. Sections separated by || answer "
                "each case; an empty one uses the built-in words."
            )
        )
        rule_side = QVBoxLayout()
        rule_side.addWidget(self.lang_tabs, 1)
        fields_row = QFormLayout()
        fields_row.addRow(self.tr("Fields"), self.fields_label)
        rule_side.addLayout(fields_row)
        rule_side.addWidget(hint)
        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        adding = QHBoxLayout()
        adding.addWidget(self.topic_combo, 1)
        adding.addWidget(self.add_button)
        side.addLayout(adding)
        side.addWidget(self.delete_button)
        rules_page = QWidget(self)
        body = QHBoxLayout(rules_page)
        body.addLayout(side, 1)
        body.addLayout(rule_side, 3)

        # the shop's terms, a tab per language
        self.terms: dict[str, QLineEdit] = {}
        terms_page = QWidget(self)
        terms_layout = QVBoxLayout(terms_page)
        intro = plain_label(terms_page)
        intro.setText(
            self.tr(
                "What the answers quote for every product. A buyer abroad, or writing in a "
                "foreign language, is never told the shipping terms for home."
            )
        )
        terms_layout.addWidget(intro)
        self.terms_tabs = QTabWidget(terms_page)
        for lang in LANGS:
            page = QWidget(self.terms_tabs)
            form = QFormLayout(page)
            for name in TERMS:
                field = f"{name}_{lang}"
                edit = QLineEdit(terms.text(name, lang), page)
                _directed(edit, lang)
                if name in TERM_HINTS:
                    edit.setPlaceholderText(_tr(TERM_HINTS[name]))
                self.terms[field] = edit
                form.addRow(_tr(TERM_NAMES[name]), edit)
            self.terms_tabs.addTab(page, _tr(LANG_NAMES[lang]))
        terms_layout.addWidget(self.terms_tabs, 1)

        self.pages = QTabWidget(self)
        self.pages.addTab(rules_page, self.tr("Rules"))
        self.pages.addTab(terms_page, self.tr("Shop terms"))
        self.problem_label = plain_label(self)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(ok_cancel(self))
        self.resize(860, 560)
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
        changes: dict[str, object] = {}
        for lang in LANGS:
            changes[f"patterns_{lang}"] = tuple(text_lines(self.patterns[lang].toPlainText()))
            changes[f"template_{lang}"] = self.templates[lang].toPlainText().strip()
        self._rules[row] = self._rules[row].with_changes(**changes)

    def _select(self, row: int) -> None:
        self._store()
        self._row = row
        if not 0 <= row < len(self._rules):
            return
        rule = self._rules[row]
        for lang in LANGS:
            self.patterns[lang].setPlainText("\n".join(rule.patterns(lang)))
            self.templates[lang].setPlainText(rule.template(lang))
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
