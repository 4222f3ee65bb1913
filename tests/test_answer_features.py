"""What the catalog says (issue 18): a product's material and selling points asked about in
Chinese and English ("是真丝的吗", "is it waterproof?") are answered from its selling points in
the catalog's own words; what the catalog does not say gets no answer, never a "no"."""

from __future__ import annotations

from decimal import Decimal

from studio.chat.answers import (
    DEFAULT_RULES,
    TOPIC_CASES,
    TOPICS,
    ShopTerms,
    Suggestion,
    suggest,
)
from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.commerce.shop import Shop

DRESS = Product(
    id="D01",
    name="真丝连衣裙",
    price=Decimal("899"),
    stock=40,
    variants=("红色", "黑色", "S", "M", "L"),
    selling_points=("100%桑蚕丝", "垂顺不易皱", "可机洗"),
)
COAT = Product(
    id="C04",
    name="双面羊毛大衣",
    price=Decimal("1299"),
    stock=15,
    variants=("驼色", "藏青色"),
    selling_points=("70%羊毛", "双面呢手工缝制"),
)
JACKET = Product(
    id="S05",
    name="防水冲锋衣",
    price=Decimal("399"),
    stock=60,
    variants=("黑色", "军绿色"),
    selling_points=("防水面料", "可拆卸抓绒内胆"),
)
NUTS = Product(id="F02", name="每日坚果礼盒", price=Decimal("129"), selling_points=("无添加糖",))
CUP = Product(
    id="F04",
    name="不锈钢保温杯",
    price=Decimal("99"),
    stock=35,
    variants=("粉色", "白色"),
    selling_points=("316不锈钢内胆", "保温12小时"),
)
STRIP = Product(
    id="LED-01",
    name="LED Strip Light 5050",
    price=Decimal("3.50"),
    selling_points=("IP65 waterproof", "pure copper PCB", "60 LEDs per meter"),
)
TEE = Product(id="T02", name="纯棉圆领T恤", price=Decimal("99"), variants=("白色", "灰色"))


def shop_with(*products: Product, on_screen: str = "") -> Shop:
    shop = Shop(products)
    if on_screen:
        shop.explain(on_screen)
    return shop


def clothes(on_screen: str = "D01") -> Shop:
    return shop_with(DRESS, COAT, JACKET, TEE, on_screen=on_screen)


def ask(text: str, shop: Shop, rules=DEFAULT_RULES) -> Suggestion | None:
    event = ChatEvent("comment", "demo", "viewer", text, 1.0, "c1")
    return suggest(event, shop, ShopTerms(), rules)


def test_topics_and_cases_exist() -> None:
    assert "material" in TOPICS and "feature" in TOPICS
    assert TOPIC_CASES["material"] == TOPIC_CASES["feature"] == ("yes", "quote")
    assert {r.topic for r in DEFAULT_RULES} >= {"material", "feature"}
    assert all(not r.problems() for r in DEFAULT_RULES if r.topic in ("material", "feature"))


def test_the_catalog_says_it_yes_in_its_own_words() -> None:
    got = ask("是真丝的吗", clothes())
    assert got is not None and (got.topic, got.product_id) == ("material", "D01")
    assert got.text == "是的，100%桑蚕丝" and got.lang == "zh"
    got = ask("is the dress real silk?", clothes())
    assert got is not None and got.topic == "material" and got.lang == "en"
    assert got.text == "Yes: 100%桑蚕丝 (silk)"  # the catalog's words, glossed for the buyer
    got = ask("冲锋衣防水吗", clothes())
    assert got is not None and (got.topic, got.product_id) == ("feature", "S05")
    assert got.text == "是的，防水面料"
    got = ask("is it machine washable", clothes())
    assert got is not None and got.topic == "feature" and "可机洗" in got.text


def test_english_catalog_words_quoted_as_written() -> None:
    shop = shop_with(STRIP, on_screen="LED-01")
    got = ask("is the led strip waterproof", shop)
    assert got is not None and got.text == "Yes: IP65 waterproof"
    got = ask("灯带防水吗", shop)
    assert got is not None and got.text.startswith("是的，IP65 waterproof")
    got = ask("is it pure copper", shop)
    assert got is not None and got.topic == "material" and got.text == "Yes: pure copper PCB"


def test_what_material_lists_the_points_that_name_one() -> None:
    got = ask("what's the coat made of", clothes())
    assert got is not None and (got.topic, got.product_id) == ("material", "C04")
    assert "70%羊毛" in got.text and "wool" in got.text and not got.text.startswith("Yes")
    got = ask("这件什么材质", clothes("D01"))
    assert got is not None and got.topic == "material" and "100%桑蚕丝" in got.text
    assert "垂顺" not in got.text  # only the points that name a material


def test_part_of_what_was_asked_is_quoted_never_a_yes() -> None:
    got = ask("大衣是纯羊毛的吗", clothes())
    assert got is not None and got.text == "双面羊毛大衣：70%羊毛"  # 70%: no "是的"
    shop = shop_with(CUP, on_screen="F04")
    got = ask("是304的吗", shop)
    assert got is not None and not got.text.startswith("是的") and "316" in got.text
    got = ask("杯子是304还是316的", shop)
    assert got is not None and got.text == "不锈钢保温杯：316不锈钢内胆"
    got = ask("杯子保温多久", shop)
    assert got is not None and got.topic == "feature" and "12小时" in got.text


def test_a_likeness_a_blend_or_a_lesser_claim_is_quoted_never_a_yes() -> None:
    # "仿真丝" holds "真丝", "PU皮革" holds "皮革": a yes to "是真丝的吗" would be a wrong one.
    for point, question, name in (
        ("仿真丝面料", "是真丝的吗", "连衣裙"),
        ("PU皮革", "是真皮的吗", "手提包"),
        ("棉麻混纺", "是纯棉的吗", "连衣裙"),
        ("生活防水", "防水吗", "手表"),
        ("faux leather", "is it leather?", "Tote Bag"),
        ("water resistant", "is it waterproof?", "Watch"),
    ):
        product = Product(id="X", name=name, price=Decimal("1"), selling_points=(point,))
        got = ask(question, shop_with(product, on_screen="X"))
        assert got is not None and got.text == f"{name}{'：' if got.lang == 'zh' else ': '}{point}"


def test_a_no_the_catalog_states_is_quoted() -> None:
    shop = shop_with(NUTS, on_screen="F02")
    got = ask("坚果加糖了吗", shop)
    assert got is not None and got.text == "每日坚果礼盒：无添加糖"
    got = ask("does it have sugar?", shop)
    assert got is not None and got.text == "每日坚果礼盒: 无添加糖 (about sugar)"


def test_the_catalog_does_not_say_it_no_answer() -> None:
    assert ask("t恤防水吗", clothes()) is None  # the T-shirt has no selling points
    assert ask("是纯棉的吗", clothes("D01")) is None  # the dress's points name no cotton
    assert ask("is it waterproof", clothes("C04")) is None
    assert ask("防水吗", shop_with(NUTS, on_screen="F02")) is None
    assert ask("敏感肌能用吗", clothes()) is None


def test_the_product_meant_or_none() -> None:
    assert ask("防水吗", clothes("")) is None  # nothing on screen, none named
    assert ask("大衣和冲锋衣防水吗", clothes()) is None  # two named: no guess
    got = ask("手表防水吗", clothes("S05"))  # a product the shop lacks: not the one on screen
    assert got is None or got.product_id != "S05"


def test_other_topics_keep_their_questions() -> None:
    got = ask("防水冲锋衣多少钱", clothes())
    assert got is not None and got.topic == "price"
    got = ask("防水冲锋衣有黑色吗", clothes())
    assert got is not None and got.topic == "variant"
    got = ask("do you have the waterproof jacket in black?", clothes())
    assert got is None or got.topic == "variant"


def test_rules_are_editable() -> None:
    off = tuple(r.with_changes(enabled=False) if r.topic == "feature" else r for r in DEFAULT_RULES)
    got = ask("冲锋衣防水吗", clothes(), off)
    assert got is None or got.topic != "feature"
    mine = tuple(
        r.with_changes(template_zh="亲，{name}：{points} || ") if r.topic == "feature" else r
        for r in DEFAULT_RULES
    )
    got = ask("冲锋衣防水吗", clothes(), mine)
    assert got is not None and got.text == "亲，防水冲锋衣：防水面料"
    got = ask("坚果加糖了吗", shop_with(NUTS, on_screen="F02"), mine)  # empty section: default
    assert got is not None and got.text == "每日坚果礼盒：无添加糖"
