"""The answer rules dialog edits every language answers are written in (issue 18): a tab per
language, Arabic right to left, and the shop's terms per language with shipping abroad apart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.chat.answer_rules import LANGS
from studio.chat.answers import DEFAULT_RULES, ShopTerms
from studio.ui.answer_rules_dialog import RulesDialog


def test_a_tab_per_language_and_arabic_reads_from_the_right(qtbot: QtBot) -> None:
    dialog = RulesDialog(DEFAULT_RULES, ShopTerms())
    qtbot.addWidget(dialog)
    assert dialog.lang_tabs.count() == len(LANGS) == dialog.terms_tabs.count()
    assert [dialog.lang_tabs.tabText(i) for i in range(7)][:3] == ["Chinese", "English", "Spanish"]
    arabic = dialog.templates["ar"]
    assert arabic.layoutDirection() == Qt.LayoutDirection.RightToLeft
    option = arabic.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.templates["es"].layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.terms["shipping_international_ar"].layoutDirection() == (
        Qt.LayoutDirection.RightToLeft
    )


def test_each_languages_patterns_and_answer_are_kept(qtbot: QtBot) -> None:
    dialog = RulesDialog(DEFAULT_RULES, ShopTerms())
    qtbot.addWidget(dialog)
    row = next(i for i, r in enumerate(DEFAULT_RULES) if r.topic == "price")
    dialog.list.setCurrentRow(row)
    assert dialog.patterns["ru"].toPlainText().splitlines()[0] == "цен*"
    dialog.patterns["es"].setPlainText("precio\n¿a cuánto?")
    dialog.templates["ar"].setPlainText("السعر {price} فقط")
    dialog.list.setCurrentRow(0)  # moving away keeps the edits
    price = next(r for r in dialog.result_rules() if r.topic == "price")
    assert price.patterns("es") == ("precio", "¿a cuánto?")
    assert price.template("ar") == "السعر {price} فقط"
    assert price.template("fr") == DEFAULT_RULES[row].template("fr")
    dialog.list.setCurrentRow(row)
    dialog.templates["pt"].setPlainText("{preço}")  # a typo in any language keeps it open
    dialog.accept()
    assert dialog.result() == 0 and "template (pt)" in dialog.problem_label.text()


def test_terms_per_language_shipping_abroad_apart(qtbot: QtBot) -> None:
    terms = ShopTerms(shipping_international_en="DHL worldwide", returns_es="30 días")
    dialog = RulesDialog(DEFAULT_RULES, terms)
    qtbot.addWidget(dialog)
    assert dialog.terms["shipping_zh"].text() == ShopTerms().shipping_zh
    assert dialog.terms["shipping_international_en"].text() == "DHL worldwide"
    assert dialog.terms["shipping_international_zh"].placeholderText()
    dialog.terms["shipping_international_fr"].setText("DHL dans le monde entier")
    got = dialog.result_terms()
    assert got.shipping_international_fr == "DHL dans le monde entier"
    assert got.returns_es == "30 días" and got.shipping_international_en == "DHL worldwide"
    assert got.shipping_zh == ShopTerms().shipping_zh
