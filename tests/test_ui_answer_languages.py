"""A foreign buyer's question in the window (issue 18): the pane suggests the answer in the
buyer's language, with the evidence line in the window's language; in Chinese, screenshot."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from profiles import small_profile
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.session import StudioSession
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow

DRESS = Product(
    id="D01",
    name="真丝连衣裙",
    price=Decimal("1299"),
    sale_price=Decimal("899"),
    stock=40,
    variants=("红色", "黑色", "S", "M", "L"),
    variant_names=(("红色", "en", "Red"), ("黑色", "en", "Black")),
    selling_points=("100%桑蚕丝", "可机洗"),
)
ABROAD = {
    "shipping_international_es": "Enviamos a todo el mundo por DHL (7-15 días)",
    "shipping_international_ar": "نشحن إلى جميع الدول عبر DHL خلال 7-15 يوماً",
}


class Studio(WindowHarness):
    def open(self) -> MainWindow:
        profile = small_profile(self.tmp_path)
        profile.catalog = [DRESS.to_dict()]
        profile.chat.terms = ABROAD
        session = StudioSession(profile, self.profile_path)
        session.shop.explain("D01")
        window = self.show(session)
        window.chat_dock.raise_()
        return window


@pytest.fixture
def studio_harness() -> type[Studio]:
    return Studio


def _event(n: int, text: str, user: str) -> ChatEvent:
    return ChatEvent("comment", "test", user, text, 1000.0 + n, f"t:{n}", user_id=user)


def test_foreign_buyers_are_answered_in_their_language(
    studio: Studio, qtbot: QtBot, translations: Translations, dark: QApplication
) -> None:
    translations.apply(dark, "zh_CN")
    window = studio.open()
    panel = window.chat_panel
    events = [
        _event(1, "¿cuánto cuesta el vestido?", "Marta"),
        _event(2, "hay en negro?", "Marta"),
        _event(3, "¿tienen envío a México?", "Lucía"),
        _event(4, "هل تشحنون إلى السعودية؟", "أحمد"),
        _event(5, "это натуральный шёлк?", "Иван"),
    ]
    window.session.chat.sink(events)
    qtbot.waitUntil(lambda: panel.model.taken >= len(events), timeout=5000)

    def answer(event: ChatEvent) -> tuple[str, str]:
        assert panel.select_event(event)
        return panel.answer_edit.toPlainText(), panel.evidence_label.full_text()

    text, line = answer(events[0])
    assert text == "Ahora ¥899 (antes ¥1,299)"
    assert line == "依据：商品“真丝连衣裙”（买家点名） · 到手价 ¥899 · 价格 ¥1,299", line
    text, _ = answer(events[1])
    assert text == "Sí, tenemos negro; 40 en stock"
    text, line = answer(events[2])
    assert text == ABROAD["shipping_international_es"]
    assert "店铺的海外运输条款" in line and "海外买家" in line, line
    text, _ = answer(events[3])
    assert text == ABROAD["shipping_international_ar"]
    text, _ = answer(events[4])
    assert text == "Да: 100%桑蚕丝 (шёлк)"
    answer(events[0])
    qtbot.wait(200)
    shots = os.environ.get("STUDIO_SCREENSHOTS")
    if shots:
        window.grab().save(str(Path(shots) / "answers_es.png"))
        answer(events[3])
        qtbot.wait(200)
        window.grab().save(str(Path(shots) / "answers_ar.png"))
