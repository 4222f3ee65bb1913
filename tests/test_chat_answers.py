"""Suggested answers: what viewers ask in Chinese and English, answered from the product on
screen (variants, stock, prices, a running flash sale, shipping terms, B2B fields), nothing for
chit-chat, edited and disabled rules, hostile texts, and the cost per comment."""

from __future__ import annotations

import random
import time
from decimal import Decimal

import pytest

from studio.chat.answers import (
    DEFAULT_RULES,
    TOPIC_CASES,
    TOPIC_FIELDS,
    TOPICS,
    AnswerRule,
    ShopTerms,
    Suggestion,
    detect_lang,
    named_product,
    render,
    rules_from_list,
    rules_to_list,
    suggest,
)
from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.commerce.shop import Shop

NOW = 1000.0  # media clock seconds

CREAM = Product(
    id="A01",
    name="玫瑰保湿面霜",
    price=Decimal("199"),
    sale_price=Decimal("129"),
    stock=120,
    variants=("红色", "蓝色", "黑色"),
    moq="500 pcs",
    lead_time="15-20 天",
    certifications=("CE", "FDA"),
    fob_price=Decimal("3.50"),
    fob_currency="USD",
)
SHIRT = Product(
    id="B02",
    name="Linen Shirt",
    price=Decimal("59.90"),
    stock=0,
    variants=("S", "M", "L", "XL"),
)
MUG = Product(id="C03", name="保温杯", price=Decimal("39"), stock=8)
PLAIN = Product(id="D04", name="Notebook", price=Decimal("12"))


def make_shop(sale: bool = True) -> Shop:
    shop = Shop([CREAM, SHIRT, MUG, PLAIN])
    shop.explain("A01")
    if sale:
        shop.start_sale("A01", duration_s=90, quantity=30, now=NOW - 15)  # 75 s to go
        shop.sell("A01", 12)  # 18 left (and 108 in stock)
    return shop


def ev(text: str, kind: str = "comment", i: int = 1) -> ChatEvent:
    return ChatEvent(kind, "demo", "viewer", text, float(i), f"c{i}")  # type: ignore[arg-type]


def ask(text: str, shop: Shop | None = None, **kw) -> Suggestion | None:
    kw.setdefault("now", NOW)
    return suggest(ev(text), shop or make_shop(), ShopTerms(), DEFAULT_RULES, **kw)


def answer(text: str, shop: Shop | None = None, **kw) -> tuple[str, str]:
    s = ask(text, shop, **kw)
    assert s is not None, f"no answer for {text!r}"
    return s.topic, s.text


# --- the examples, in both languages -------------------------------------------------


def test_variant_asked_and_in_stock() -> None:
    shop = make_shop(sale=False)
    assert answer("有红色吗", shop) == ("variant", "有的，红色有货，库存 120 件")
    assert answer("do you have red", shop) == ("variant", "Yes, we have red; 120 in stock")
    assert answer("有红的吗？", shop)[1] == "有的，红色有货，库存 120 件"
    assert answer("Do you have it in RED?", shop)[0] == "variant"
    assert answer("黑色还有吗", shop)[1] == "有的，黑色有货，库存 120 件"


def test_variant_asked_but_missing() -> None:
    shop = make_shop(sale=False)
    assert answer("有白色吗", shop) == ("variant", "暂时没有白色，现有：红色、蓝色、黑色")
    assert answer("do you have white?", shop) == (
        "variant",
        "No white, we have: 红色, 蓝色, 黑色",
    )
    shop.update("A01", variants=("蓝色", "黑色"))
    assert answer("do you have red", shop)[1] == "No red, we have: 蓝色, 黑色"
    # Pink is not red, lipstick is not a colour, the cart is not yellow.
    shop.update("A01", variants=("粉红色", "黑色"))
    assert answer("有红色吗", shop)[1] == "暂时没有红色，现有：粉红色、黑色"
    assert answer("有粉色吗", shop)[1] == "有的，粉红色有货，库存 120 件"


def test_variant_sizes_and_names_as_written() -> None:
    shop = make_shop(sale=False)
    shop.explain("B02")  # sold out
    assert answer("有XL吗", shop) == ("variant", "XL暂时售罄了，可以先关注等补货")
    assert answer("do you have size M?", shop)[1] == "Sorry, M is sold out right now"
    shop.update("B02", stock=5, variants=("S", "M", "L"))
    assert answer("有XL码吗", shop)[1] == "暂时没有XL，现有：S、M、L"
    assert answer("有M码吗", shop)[1] == "有的，M有货，库存 5 件"
    assert ask("I'm here", shop) is None  # an "m" that is no size
    shop.update("B02", variants=("樱花粉", "薄荷绿 Mint", "Navy Stripe"))
    assert answer("有樱花粉吗", shop)[1] == "有的，樱花粉有货，库存 5 件"
    assert answer("any navy stripe?", shop)[1] == "Yes, we have Navy Stripe; 5 in stock"
    assert answer("有绿色吗", shop)[1] == "有的，薄荷绿 Mint有货，库存 5 件"


def test_variant_list_when_asked_what_there_is() -> None:
    shop = make_shop(sale=False)
    assert answer("有什么颜色", shop) == ("variant", "现有：红色、蓝色、黑色，库存 120 件")
    assert answer("what colors do you have?", shop)[1] == "We have: 红色, 蓝色, 黑色; 120 in stock"


def test_price_with_and_without_a_sale_price() -> None:
    shop = make_shop(sale=False)
    assert answer("多少钱", shop) == ("price", "现在直播间到手价 ¥129，原价 ¥199")
    assert answer("price?", shop) == ("price", "Now ¥129 (was ¥199)")
    assert answer("How much is it", shop)[0] == "price"
    shop.explain("B02")
    assert answer("多少钱", shop)[1] == "价格 ¥59.90"
    assert answer("how much", shop)[1] == "It's ¥59.90"


def test_stock() -> None:
    shop = make_shop(sale=False)
    assert answer("还有货吗", shop) == ("stock", "有货，库存 120 件")
    assert answer("in stock?", shop) == ("stock", "Yes, 120 in stock")
    shop.explain("B02")
    assert answer("还有货吗", shop)[1] == "已经售罄啦，关注主播等补货"
    assert answer("is it sold out", shop)[1] == "Sorry, sold out right now"
    shop.explain("D04")  # stock not tracked
    assert answer("还有货吗", shop)[1] == "有货的，直接拍就可以"


def test_discount_is_the_running_flash_sale() -> None:
    shop = make_shop()
    assert answer("能优惠吗", shop) == (
        "discount",
        "限时秒杀进行中！仅剩 18 件，1 分 15 秒后结束，秒杀价 ¥129",
    )
    assert answer("any discount?", shop) == (
        "discount",
        "Flash sale on now: only 18 left, ends in 1 min 15 s, flash price ¥129",
    )
    assert answer("能便宜点吗", shop, now=NOW + 70)[1].startswith(
        "限时秒杀进行中！仅剩 18 件，5 秒后"
    )


def test_discount_without_a_running_sale() -> None:
    shop = make_shop()
    # The flash sale is over: the sale price is the promotion.
    assert answer("能优惠吗", shop, now=NOW + 200) == (
        "discount",
        "直播间到手价 ¥129，比原价 ¥199 省 ¥70",
    )
    assert answer("discount", shop, now=NOW + 200)[1] == "Live price ¥129, ¥70 off the usual ¥199"
    assert answer("能优惠吗", shop, now=None)[1].startswith("直播间到手价")  # no clock: no sale
    shop.explain("C03")  # no sale price either
    assert answer("能便宜点吗", shop) == (
        "discount",
        "现在已经是直播间最低价啦，关注主播不错过下一波福利",
    )
    assert answer("any discount", shop)[1].startswith("No promotion right now")


def test_shipping_and_returns_from_the_shop_terms() -> None:
    shop = make_shop()
    assert answer("包邮吗", shop) == ("shipping", "全国包邮（偏远地区除外）")
    assert answer("能退吗", shop) == ("returns", "支持七天无理由退换（不影响二次销售）")
    terms = ShopTerms(shipping_zh="满99包邮", shipping_en="Free shipping over ¥99")
    got = suggest(ev("包 邮 吗 ？"), shop, terms, DEFAULT_RULES)
    assert got is not None and got.text == "满99包邮"
    got = suggest(ev("包邮吗"), Shop(), terms, DEFAULT_RULES)  # no product needed
    assert got is not None and got.text == "满99包邮" and got.product_id == ""
    # The shop's terms are domestic: a buyer asking in another language, or naming a place
    # abroad, is never promised them (issue 18): no answer until the shop has international
    # terms.
    for question in ("shipping?", "free shipping?", "do you ship to Spain?", "日本能发货吗"):
        assert suggest(ev(question), shop, terms, DEFAULT_RULES) is None, question


def test_b2b_moq_lead_time_certifications_fob() -> None:
    shop = make_shop()
    assert answer("MOQ?", shop) == ("moq", "Our MOQ is 500 pcs")
    assert answer("最少订多少", shop) == ("moq", "起订量 500 pcs")
    assert answer("minimum order quantity?", shop)[0] == "moq"
    assert answer("lead time?", shop) == ("lead_time", "Lead time: 15-20 天")
    assert answer("交期多久", shop) == ("lead_time", "交期 15-20 天")
    assert answer("有认证吗", shop) == ("certifications", "有的，认证：CE、FDA")
    assert answer("certifications?", shop) == ("certifications", "Yes, certified: CE, FDA")
    assert answer("FOB price?", shop) == ("fob", "FOB $3.50 per piece, MOQ 500 pcs")
    assert answer("price for 1000 pcs", shop) == ("fob", "FOB $3.50/pc, 1,000 pcs = $3,500")
    assert answer("1000件什么价", shop) == ("fob", "1,000 件 FOB 单价 $3.50，合计 $3,500")
    assert answer("how much for 2,000 pieces?", shop)[1] == "FOB $3.50/pc, 2,000 pcs = $7,000"


def test_b2c_product_without_b2b_fields() -> None:
    shop = make_shop()
    shop.explain("C03")
    assert ask("MOQ?", shop) is None
    assert ask("certifications?", shop) is None
    # Lead time falls back to the shop's dispatch promise; an FOB question to the price.
    assert answer("什么时候发货", shop) == ("lead_time", "下单后 48 小时内发货")
    assert answer("when do you ship?", shop)[1] == "Ships within 48 hours of your order"
    assert answer("price for 1000 pcs", shop) == ("price", "It's ¥39")


def test_link_how_to_buy() -> None:
    shop = make_shop()
    assert answer("怎么买", shop) == ("link", "点击下方小黄车，1 号链接就是")
    assert answer("how do I buy", shop) == ("link", "Tap the cart below, it's item 1")
    assert answer("小黄车里哪个", shop)[0] == "link"  # 小黄车 is not a yellow variant
    got = suggest(ev("怎么下单"), Shop(), ShopTerms(), DEFAULT_RULES)
    assert got is not None and got.text == "点击下方小黄车就可以下单"


@pytest.mark.parametrize(
    "text",
    [
        "主播好美", "hello", "666", "来了来了", "哈哈哈哈", "支持主播", "❤️❤️❤️", "I love red",
        "红色好看", "口红有吗", "first time here", "网红同款", "  ", "", "!!!", "晚上好",
    ],
)  # fmt: skip
def test_no_suggestion_for_chit_chat(text: str) -> None:
    assert ask(text) is None


def test_only_comments_get_answers() -> None:
    shop = make_shop()
    for kind in ("gift", "like", "join", "follow"):
        assert suggest(ev("多少钱", kind=kind), shop, ShopTerms(), DEFAULT_RULES) is None


# --- which product ---------------------------------------------------------------------------


def test_a_product_named_in_the_comment_is_answered_for() -> None:
    shop = make_shop()
    got = ask("保温杯多少钱", shop)
    assert got is not None and got.product_id == "C03" and got.text == "价格 ¥39"
    got = ask("how much is the linen shirt?", shop)
    assert got is not None and got.product_id == "B02" and got.text == "It's ¥59.90"
    got = ask("买Linen Shirt要多少钱", shop)  # a Latin name right beside Chinese
    assert got is not None and got.product_id == "B02"
    got = ask("B02 有XL吗", shop)
    assert got is not None and got.product_id == "B02"
    got = ask("3号链接多少钱", shop)
    assert got is not None and got.product_id == "C03"
    got = ask("link 2 price?", shop)
    assert got is not None and got.product_id == "B02"
    got = ask("#4 how much", shop)
    assert got is not None and got.product_id == "D04"
    got = ask("99号链接多少钱", shop)  # no such link: the product on screen
    assert got is not None and got.product_id == "A01"
    assert named_product(shop, "notebooks are nice") is None  # a word inside another
    assert named_product(shop, "the Notebook?") is PLAIN


def test_no_product_on_screen() -> None:
    shop = Shop([CREAM, MUG])  # nothing explained
    assert ask("多少钱", shop) is None
    assert ask("有红色吗", shop) is None
    got = ask("保温杯多少钱", shop)
    assert got is not None and got.product_id == "C03"
    got = ask("包邮吗", shop)
    assert got is not None and got.topic == "shipping" and got.product_id == ""
    assert answer("怎么买", shop)[1] == "点击下方小黄车就可以下单"


def test_the_index_follows_catalog_changes() -> None:
    shop = make_shop()
    assert ask("新品茶具多少钱", shop).product_id == "A01"  # type: ignore[union-attr]
    shop.put(Product(id="E05", name="新品茶具", price=Decimal("88")))
    got = ask("新品茶具多少钱", shop)
    assert got is not None and got.product_id == "E05" and got.text == "价格 ¥88"
    shop.update("E05", price=Decimal("77"))
    assert ask("新品茶具多少钱", shop).text == "价格 ¥77"  # type: ignore[union-attr]


# --- language --------------------------------------------------------------------------------


def test_language_comes_from_the_comment_unless_given() -> None:
    assert detect_lang("有红色吗") == "zh" and detect_lang("MOQ?") == "en"
    assert detect_lang("red 有吗") == "zh" and detect_lang("ｒｅｄ？") == "en"
    shop = make_shop()
    got = ask("MOQ?", shop, lang="zh")
    assert got is not None and got.lang == "zh" and got.text == "起订量 500 pcs"
    got = ask("多少钱", shop, lang="en")
    assert got is not None and got.lang == "en" and got.text == "Now ¥129 (was ¥199)"


def test_matching_ignores_width_case_spaces_and_punctuation() -> None:
    shop = make_shop(sale=False)
    for text in (
        "多 少 钱",
        "多少钱？？？",
        "多\u200b少钱",
        "ＰＲＩＣＥ？",
        "Price!!!",
        "价 格",
    ):
        assert answer(text, shop)[0] == "price", text
    assert answer("ｌｅａｄ－ｔｉｍｅ", shop)[0] == "lead_time"
    assert answer("leadtime?", shop)[0] == "lead_time"
    assert ask("I ordered it", shop) is None  # "red" inside "ordered"


# --- rules: data, editing, disabling -----------------------------------------------------------


def test_default_rules_cover_every_topic_and_are_valid() -> None:
    assert sorted({r.topic for r in DEFAULT_RULES}) == sorted(TOPICS)
    assert len({r.id for r in DEFAULT_RULES}) == len(DEFAULT_RULES)
    for rule in DEFAULT_RULES:
        assert rule.problems() == [], rule.id
        for lang in ("zh", "en"):
            sections = rule.template(lang).split("||")
            assert len(sections) == len(TOPIC_CASES[rule.topic]), (rule.id, lang)
            assert all(s.strip() for s in sections)


def test_rules_round_trip_as_plain_data() -> None:
    data = rules_to_list(DEFAULT_RULES)
    assert rules_from_list(data) == DEFAULT_RULES
    import json

    assert rules_from_list(json.loads(json.dumps(data, ensure_ascii=False))) == DEFAULT_RULES
    rule = AnswerRule.from_dict({"id": "x", "topic": "price", "patterns_zh": ["几块"]})
    assert rule.enabled and rule.patterns_en == () and rule.template_zh == ""
    for bad in (
        {"id": "x"},
        {"id": "x", "topic": "weather"},
        {"id": "x", "topic": "price", "enabled": "yes"},
        {"id": "x", "topic": "price", "patterns_zh": "多少钱"},
        {"id": "x", "topic": "price", "colour": "red"},
        ["x"],
    ):
        with pytest.raises(ValueError):
            AnswerRule.from_dict(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="used twice"):
        rules_from_list([DEFAULT_RULES[0].to_dict(), DEFAULT_RULES[0].to_dict()])
    terms = ShopTerms(shipping_en="Ships from Yiwu")
    assert ShopTerms.from_dict(terms.to_dict()) == terms
    assert ShopTerms.from_dict({}) == ShopTerms()
    with pytest.raises(ValueError):
        ShopTerms.from_dict({"shipping_zh": 3})


def test_a_disabled_rule_leaves_the_question_to_the_next() -> None:
    shop = make_shop(sale=False)
    rules = tuple(r.with_changes(enabled=False) if r.topic == "price" else r for r in DEFAULT_RULES)
    assert suggest(ev("多少钱"), shop, ShopTerms(), rules) is None
    rules = tuple(
        r.with_changes(enabled=False) if r.topic == "variant" else r for r in DEFAULT_RULES
    )
    assert suggest(ev("红色有货吗"), shop, ShopTerms(), rules).topic == "stock"  # type: ignore[union-attr]
    assert suggest(ev("多少钱"), shop, ShopTerms(), ()) is None


def test_edited_rules_patterns_and_templates() -> None:
    shop = make_shop(sale=False)
    rules = [
        r.with_changes(
            patterns_zh=(*r.patterns_zh, "re:几\\s*[块元]", "米"),
            template_zh="宝宝，今天只要 {sale_price}（{name}） || 宝宝，只要 {price}",
        )
        if r.topic == "price"
        else r
        for r in DEFAULT_RULES
    ]
    assert (
        suggest(ev("几块呀"), shop, ShopTerms(), rules).text
        == "宝宝，今天只要 ¥129（玫瑰保湿面霜）"
    )  # type: ignore[union-attr]
    # An empty section answers that case with the default words; an unknown field stays visible.
    price = AnswerRule("p", "price", ("多少钱",), (), "{sale_price}{oops} ||", "")
    assert price.problems() == ["template (zh): no field {oops} for price"]
    assert suggest(ev("多少钱"), shop, ShopTerms(), [price]).text == "¥129{oops}"  # type: ignore[union-attr]
    shop.explain("C03")
    assert suggest(ev("多少钱"), shop, ShopTerms(), [price]).text == "价格 ¥39"  # type: ignore[union-attr]
    assert suggest(ev("price"), shop, ShopTerms(), [price]) is None  # no English patterns


def test_a_new_rule_placed_first_wins() -> None:
    shop = make_shop(sale=False)
    custom = AnswerRule(
        "gift-box", "shipping", ("礼盒", "包装"), ("gift box", "gift wrap"),
        "{shipping}，送礼盒包装", "{shipping}, gift box included",
    )  # fmt: skip
    rules = (custom, *DEFAULT_RULES)
    got = suggest(ev("有礼盒包装吗"), shop, ShopTerms(), rules)
    assert got is not None and got.rule_id == "gift-box"
    assert got.text == "全国包邮（偏远地区除外），送礼盒包装"


def test_bad_regular_expressions_are_reported_not_raised() -> None:
    rule = AnswerRule("bad", "price", ("re:(多少", "多少钱"), ("re:[price",), "{price}", "{price}")
    problems = rule.problems()
    assert len(problems) == 2 and all("pattern" in p for p in problems)
    shop = make_shop(sale=False)
    assert suggest(ev("多少钱"), shop, ShopTerms(), [rule]).text == "¥199"  # type: ignore[union-attr]
    assert suggest(ev("price [x"), shop, ShopTerms(), [rule]) is None
    with pytest.raises(ValueError):
        AnswerRule("x", "nope")
    sections = AnswerRule("s", "moq", (), (), "a || b", "")
    assert "2 sections" in sections.problems()[0]


def test_template_fields_are_documented_for_each_topic() -> None:
    for rule in DEFAULT_RULES:
        for lang in ("zh", "en"):
            for case in TOPIC_CASES[rule.topic]:
                text = render(rule, case, {f: "X" for f in TOPIC_FIELDS[rule.topic]}, lang)
                assert "{" not in text, (rule.id, case, lang)


# --- hostile texts -----------------------------------------------------------------------------


def test_hostile_texts_are_handled_without_exceptions() -> None:
    shop = make_shop()
    texts = [
        "多少钱" + "啊" * 10_000,
        "x" * 10_000 + "多少钱",  # the question after 10,000 characters is not looked at
        "(.*)*[a-z]+{5}\\d?|^$" * 50 + "多少钱",
        "有\u200b红\u200d色\u202e吗",
        "\u202e多少钱\u202c",
        "\u2066price\u2069?",
        "\x00\x1b[31m多少钱\x07",
        "\ud800多少钱",
        "a" + "\u0301" * 5000,
        "🏳️‍🌈" * 2000,
        "{name}{price}{__class__}多少钱",
        "#" * 5000 + "1",
        "9" * 5000 + "件多少钱",
    ]
    for text in texts:
        got = suggest(ev(text), shop, ShopTerms(), DEFAULT_RULES, now=NOW)
        assert got is None or isinstance(got.text, str)
    assert ask("x" * 10_000 + "多少钱", shop) is None
    assert answer("有\u200b红\u200d色\u202e吗", shop)[0] == "variant"
    assert answer("{name}{price}{__class__}多少钱", shop)[1] == "现在直播间到手价 ¥129，原价 ¥199"
    rng = random.Random(11)
    alphabet = "有红色吗多少钱包邮MOQ?？ \u200b\u202e(*)[]|\\$^.+xl号链接0123456789#"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        suggest(ev(text), shop, ShopTerms(), DEFAULT_RULES, now=NOW)


def test_suggestions_are_fast() -> None:
    """500 comments a second must cost well under a core: measured on 10,000 mixed comments."""
    shop = Shop(
        [
            *[
                Product(id=f"P{i:03d}", name=f"商品{i}号款式", price=Decimal(i + 1))
                for i in range(200)
            ],
            CREAM,
            SHIRT,
        ]
    )
    shop.explain("A01")
    shop.start_sale("A01", 60, 50, now=NOW - 1)
    questions = [
        "有红色吗", "do you have red?", "多少钱", "price?", "能便宜点吗", "包邮吗", "MOQ?",
        "lead time?", "什么时候发货", "price for 1000 pcs", "有XL吗", "还有货吗", "怎么买",
        "Linen Shirt 多少钱", "3号链接多少钱",
    ]  # fmt: skip
    chat = [
        "主播好美",
        "hello",
        "666",
        "来了来了",
        "哈哈哈哈哈哈",
        "支持主播",
        "❤️❤️",
        "great stream",
    ]
    rng = random.Random(3)
    events = [
        ev(rng.choice(questions if rng.random() < 0.4 else chat) + "!" * rng.randint(0, 2), i=i)
        for i in range(10_000)
    ]
    start = time.perf_counter()
    answered = sum(
        1 for e in events if suggest(e, shop, ShopTerms(), DEFAULT_RULES, now=NOW) is not None
    )
    elapsed = time.perf_counter() - start
    rate = len(events) / elapsed
    print(f"\n{rate:,.0f} suggestions/s ({answered} answered of {len(events)})")
    assert answered > 3000
    assert rate > 2500  # 500/s at under 20 % of a core, with room for a slow test machine


def test_a_buyer_is_answered_in_their_own_language() -> None:
    # es, pt, fr, ru and ar have their own answers (issue 18): never an English one to them.
    # An unknown language ("MOQ?" is the same everywhere) is answered in English.
    shop = make_shop()
    for question, lang, words in (
        ("¿cuánto cuesta?", "es", "Ahora"),
        ("quanto custa?", "pt", "Agora"),
        ("c'est combien ?", "fr", "Maintenant"),
        ("сколько стоит?", "ru", "Сейчас"),
        ("كم السعر؟", "ar", "الآن"),
    ):
        got = suggest(ev(question), shop, None, DEFAULT_RULES)
        assert got is not None and got.lang == lang and got.topic == "price", question
        assert got.text.startswith(words) and "¥129" in got.text, (question, got.text)
    assert answer("MOQ?", shop) == ("moq", "Our MOQ is 500 pcs")
    assert answer("how much?", shop)[0] == "price"


def test_a_colour_the_buyer_does_not_want_is_not_the_one_answered() -> None:
    # The cream comes in 红色, 蓝色, 黑色: "不要红色" asks for black, not red.
    shop = make_shop()
    for question in ("不要红色的，有黑色吗", "除了红色，黑色有吗", "not the red one, any black?"):
        topic, text = answer(question, shop)
        assert topic == "variant", question
        assert "黑色" in text or "black" in text.lower(), (question, text)
        assert "红色有货" not in text and "red" not in text.lower(), (question, text)
    for question in ("红色的有吗", "是不是红色的"):
        assert "红色" in answer(question, shop)[1], question


def test_a_variant_name_inside_another_colour_is_not_that_variant() -> None:
    # "红色" is inside "酒红色" (burgundy): no "yes, red" to a buyer asking for burgundy.
    topic, text = answer("酒红色有吗", make_shop())
    assert topic == "variant"
    assert text.startswith("暂时没有酒红色"), text
    assert answer("红色和黑色都有吗", make_shop())[1].startswith("有的"), "both are in stock"


def test_a_colour_word_inside_the_product_name_is_not_a_colour_asked() -> None:
    # 红米 (a brand) is no red, White Rabbit no white: the buyer named the product.
    bank = Product(id="RM", name="红米充电宝", price=Decimal("99"), variants=("蓝色", "灰色"))
    candy = Product(id="WK", name="White Rabbit Candy", price=Decimal("9"), variants=("Milk",))
    dress = Product(id="RD", name="红色连衣裙", price=Decimal("9"), variants=("红色", "黑色"))
    shop = Shop([bank, candy, dress, SHIRT])
    shop.explain("B02")
    assert answer("红米有蓝色吗", shop) == ("variant", "有的，蓝色有货")
    assert answer("white rabbit candy in milk?", shop)[1] == "Yes, we have Milk"
    assert answer("红色连衣裙有黑色吗", shop)[1].startswith("有的，黑色")
    shop.explain("RD")
    assert answer("有红色吗", shop)[1].startswith("有的，红色")  # the name's colour is a colour
    assert answer("I don't want grey, do you have black?", shop)[1] == "Yes, we have black"
