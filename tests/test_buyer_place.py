"""Where a buyer asking about shipping is (issue 18): foreign places in the seven languages,
the shop's own country, the language deciding when no place is named, and the words that
contain a place or a country code by accident."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from studio.chat.buyer_language import detect
from studio.chat.buyer_place import DOMESTIC, FOREIGN, locate, place

QUESTIONS = Path(__file__).resolve().parent / "answers" / "questions.jsonl"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a foreign place named, in each language
        ("发美国吗", "zh"),
        ("能寄到日本吗", "zh"),
        ("海外能发吗", "zh"),
        ("能发国际快递吗", "zh"),
        ("香港包邮吗", "zh"),  # outside the domestic terms' area
        ("国内外都发吗", "zh"),  # the domestic promise would be wrong for the foreign part
        ("能发Spain吗", "zh"),
        ("能发USA吗", "zh"),
        ("do you ship to Spain?", "en"),
        ("thx, and can u ship to UK", "en"),
        ("ship to US?", "en"),
        ("do you ship to turkey", "en"),
        ("¿tienen envío a México?", "es"),
        ("envío a EE.UU.?", "es"),
        ("vocês enviam para o Brasil?", "pt"),
        ("frete para os EUA?", "pt"),
        ("vous livrez en France ?", "fr"),
        ("livraison à l'étranger ?", "fr"),
        ("доставка в Россию есть?", "ru"),
        ("доставка в США", "ru"),
        ("هل تشحنون إلى السعودية؟", "ar"),
        ("الشحن إلى دبي؟", "ar"),
        ("إلى الإمارات؟", "ar"),
    ],
)
def test_a_foreign_place_is_foreign(text: str, lang: str) -> None:
    assert place(text, lang) == FOREIGN


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("包邮吗", "zh"),
        ("国内包邮吗", "zh"),
        ("能发顺丰吗", "zh"),
        ("do you ship within China", "en"),
        ("ship to mainland?", ""),
        ("envío dentro de China?", "es"),  # "dentro de" is "within"
        ("доставка по Китаю?", "ru"),
        ("доставка в Китай?", "ru"),
        ("الشحن داخل الصين؟", "ar"),
    ],
)
def test_home_is_domestic(text: str, lang: str) -> None:
    assert place(text, lang) == DOMESTIC


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("free shipping?", "en"),
        ("envío gratis?", "es"),
        ("frete grátis?", "pt"),
        ("livraison gratuite ?", "fr"),
        ("доставка бесплатная?", "ru"),
        ("هل الشحن مجاني؟", "ar"),
    ],
)
def test_a_foreign_language_with_no_place_is_foreign(text: str, lang: str) -> None:
    assert locate(text, lang) == (FOREIGN, f"lang:{lang}")


def test_an_unknown_language_with_no_place_is_not_said() -> None:
    assert place("shipping cost?", "") == ""
    assert place("ship to shanghai?", "") == ""


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Chinese words around a name
        ("今日本场包邮吗", "zh", DOMESTIC),  # 今日 本场, not 日本
        ("完美国货包邮吗", "zh", DOMESTIC),  # 完美 国货, not 美国
        ("有办法国内发货吗", "zh", DOMESTIC),  # 办法 国内, not 法国
        ("荷兰豆包邮吗", "zh", DOMESTIC),  # snow peas
        ("意大利面包邮吗", "zh", DOMESTIC),  # spaghetti
        ("盒子中东西多吗 包邮吗", "zh", DOMESTIC),  # 中 东西, not 中东
        ("国际大牌包邮吗", "zh", DOMESTIC),  # an international brand
        # where the goods come from is not where the buyer is
        ("日本进口的包邮吗", "zh", DOMESTIC),
        ("韩国风包邮吗", "zh", DOMESTIC),
        ("海外直邮包邮吗", "zh", DOMESTIC),
        ("从美国发货吗", "zh", DOMESTIC),
        ("made in china? free shipping?", "", ""),
        ("доставка из Китая?", "", ""),
        ("هل الشحن من الصين؟", "", ""),
        # codes and names inside words, pronouns, ordinary words
        ("plus size free shipping?", "", ""),  # "plus" holds "us"
        ("cable ok, free shipping?", "", ""),  # "ca" of Canada
        ("send it to us pls", "", ""),  # the pronoun
        ("SEND IT TO US", "", ""),  # shouted capitals are no codes
        ("cómo se usa? envío gratis?", "", ""),  # Spanish "usa", uses
        ("turkey sandwich free shipping?", "", ""),  # the bird
        ("jordan 1 shipping?", "", ""),  # the shoe
        ("a woman's size, shipping?", "", ""),  # "woman" holds "oman"
    ],
)
def test_words_that_hold_a_place_by_accident(text: str, lang: str, expected: str) -> None:
    assert place(text, lang) == expected


def test_the_evidence_names_the_place() -> None:
    assert locate("do you ship to Spain?", "en") == (FOREIGN, "spain")
    assert locate("发美国吗", "zh") == (FOREIGN, "美国")
    assert locate("国内包邮吗", "zh") == (DOMESTIC, "国内")
    assert locate("包邮吗", "zh") == (DOMESTIC, "lang:zh")


def test_the_question_sets_shipping_questions() -> None:
    """Each shipping question of the set, with the language `detect` gives: foreign where the
    domestic promise is a wrong answer, or the buyer writes in another language than Chinese."""
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    shipping = [q for q in questions if q["topic"] == "shipping"]
    assert len(shipping) >= 16
    for question in shipping:
        found = place(question["q"], detect(question["q"]))
        abroad = "全国包邮" in question.get("must_not", []) or question["lang"] != "zh"
        assert found == (FOREIGN if abroad else DOMESTIC), question["q"]


def test_fast_enough_for_every_comment() -> None:
    texts = ["包邮吗", "do you ship to Spain?", "доставка в Россию?", "الشحن إلى دبي؟"] * 250
    start = time.perf_counter()
    for text in texts:
        place(text, "")
    assert (time.perf_counter() - start) / len(texts) < 100e-6
