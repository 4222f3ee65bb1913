"""Issue 18: the product the buyer means (part of its name, everyday words in any language, a
variant with a product, link numbers, the product on screen only when none is named, no answer
when two could be meant) and never a wrong "no" (only for a product whose variants are of the
kind asked; colours, sizes and specs told apart; an "M" inside a word is no size)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.chat.answers import ShopTerms, Suggestion, named_product, suggest
from studio.chat.events import ChatEvent
from studio.chat.product_match import PARTS_LIMIT, ProductMatcher, kinds
from studio.commerce.product import Product
from studio.commerce.shop import Shop


def _p(pid: str, name: str, price: str, variants: tuple[str, ...] = (), **kw) -> Product:
    return Product(
        id=pid, name=name, price=Decimal(price), stock=kw.pop("stock", 50), variants=variants, **kw
    )


DRESS = _p("D01", "真丝连衣裙", "899", ("红色", "黑色", "S", "M", "L"))
CUP = _p("F04", "不锈钢保温杯", "99", ("粉色", "白色", "黑色"), stock=35)
TEE = _p("T02", "纯棉圆领T恤", "99", ("白色", "灰色", "黑色", "S", "M", "L", "XL"))
STRIP = _p(
    "LED-01",
    "LED Strip Light 5050",
    "3.50",
    ("Warm white", "Cool white", "RGB"),
    moq="500 rolls",
    lead_time="15-20 days",
)
JEANS = _p("J03", "高腰牛仔裤", "199", ("26", "28", "30"), stock=0)
COAT = _p("C04", "双面羊毛大衣", "1299", ("驼色", "藏青色", "M", "L", "XL"))
JACKET = _p("S05", "防水冲锋衣", "399", ("黑色", "军绿色", "M", "L", "XL", "XXL"))
BEANS = _p("F01", "云南小粒咖啡豆", "69", ("250g", "500g"))
KEYBOARD = _p("E05", "机械键盘", "349", ("红轴", "青轴", "茶轴"))
CABLE = _p("E04", "Type-C数据线", "29", ("1m", "2m"))
GLOVES = _p("GL-05", "Nitrile Work Gloves", "0.60", ("M", "L", "XL"), lead_time="7-10 days")
VALVE = _p("VL-04", "Stainless Steel Ball Valve DN50", "16", lead_time="10-15 days")


def shop_of(*products: Product, on_screen: str = "") -> Shop:
    shop = Shop(list(products))
    if on_screen:
        shop.explain(on_screen)
    return shop


def issue_shop() -> Shop:
    """The issue's catalog: a dress on screen, a cup, a T-shirt, an LED strip."""
    return shop_of(DRESS, CUP, TEE, STRIP, on_screen="D01")


def clothing() -> Shop:
    return shop_of(DRESS, TEE, JEANS, COAT, JACKET, on_screen="D01")


def ask(text: str, shop: Shop) -> Suggestion | None:
    return suggest(ChatEvent("comment", "demo", "buyer", text, 0.0, "q1"), shop, ShopTerms())


def answered(text: str, shop: Shop) -> Suggestion:
    got = ask(text, shop)
    assert got is not None, f"no answer for {text!r}"
    return got


# --- the product the buyer means --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "product_id"),
    [
        ("保温杯多少钱", "F04"),  # the end of the name: what the product is
        ("杯子多少钱", "F04"),  # an everyday word
        ("T恤多少钱", "T02"),
        ("灯带起订量多少", "LED-01"),  # a Chinese word for an English name
        ("the cup price?", "F04"),
        ("what is the MOQ of the LED strip?", "LED-01"),
        ("how much for the tshirt?", "T02"),
        ("grey tee how much", "T02"),
        ("precio de la camiseta", "T02"),  # other languages' everyday words
        ("цена кружки", "F04"),
        ("سعر الكوب", "F04"),
    ],
)
def test_a_product_named_by_part_of_its_name_or_an_everyday_word(text, product_id) -> None:
    product = named_product(issue_shop(), text)
    assert product is not None and product.id == product_id


def test_the_answer_is_about_the_product_named_not_the_one_on_screen() -> None:
    shop = issue_shop()
    got = answered("保温杯多少钱", shop)
    assert (got.product_id, got.topic, got.text) == ("F04", "price", "价格 ¥99")
    got = answered("what is the MOQ of the LED strip?", shop)
    assert (got.product_id, got.text) == ("LED-01", "Our MOQ is 500 rolls")


def test_a_variant_with_a_product() -> None:
    shop = issue_shop()
    got = answered("粉色保温杯还有吗", shop)
    assert (got.product_id, got.topic) == ("F04", "variant") and "粉色有货" in got.text
    got = answered("灰色T恤多少钱", shop)
    assert (got.product_id, got.text) == ("T02", "价格 ¥99")
    got = answered("T恤有白色吗", shop)
    assert got.product_id == "T02" and got.text.startswith("有的，白色有货")
    got = answered("T恤有XL吗", shop)
    assert got.product_id == "T02" and got.text.startswith("有的，XL有货")
    got = answered("pink cup still available?", shop)
    assert got.product_id == "F04" and got.text.startswith("Yes, we have pink")


def test_link_numbers_are_the_products_place_in_the_cart() -> None:
    shop = issue_shop()
    for text in ("3号链接多少钱", "link 3 price?", "#3 how much"):
        assert answered(text, shop).product_id == "T02", text
    assert answered("99号链接多少钱", shop).product_id == "D01"  # no such link: on screen


def test_the_product_on_screen_only_when_none_is_named() -> None:
    shop = issue_shop()
    assert answered("多少钱", shop).product_id == "D01"
    assert answered("有黑色吗", shop).product_id == "D01"
    assert ask("多少钱", shop_of(DRESS, CUP)) is None  # nothing on screen, none named


@pytest.mark.parametrize(
    "text",
    ["裤子和大衣有XL吗", "大衣和冲锋衣哪个保暖多少钱", "how much for the coat and the jacket"],
)
def test_two_products_named_get_no_answer(text) -> None:
    assert ask(text, clothing()) is None
    assert named_product(clothing(), text) is None


def test_a_kind_of_product_the_shop_does_not_sell_gets_no_answer() -> None:
    # not the dress on screen's price for "the cup"
    assert ask("the cup price?", clothing()) is None
    assert ask("杯子多少钱", clothing()) is None


def test_what_a_product_is_like_does_not_name_it() -> None:
    shop = clothing()  # 防水冲锋衣 is in the shop, the dress on screen
    assert named_product(shop, "防水吗") is None
    assert named_product(shop, "是真丝的吗") is None
    assert answered("咖啡色的有吗", shop_of(BEANS, DRESS, on_screen="D01")).product_id == "D01"


def test_a_product_named_in_full_or_by_id_wins_over_parts() -> None:
    shop = clothing()
    assert named_product(shop, "防水冲锋衣和大衣") is JACKET
    assert named_product(shop, "C04 是羊毛的吗") is COAT


def test_kinds_in_seven_languages() -> None:
    def kinds_of(text: str) -> list[str]:
        from studio.chat.moderation import compact, fold, words

        return kinds(compact(fold(text)), words(fold(text)))

    assert kinds_of("灯带防水吗") == ["led_strip"]
    assert kinds_of("MOQ на перчатки?") == ["gloves"]  # a Russian stem
    assert kinds_of("MOQ للقفازات؟") == ["gloves"]  # an Arabic word with its prefix
    assert kinds_of("prix FOB des gants ?") == ["gloves"]
    assert kinds_of("有咖啡色吗") == []  # a colour, not coffee
    assert kinds_of("notebooks are nice") == []


def test_the_matcher_is_cheap() -> None:
    matcher = ProductMatcher([DRESS, CUP, TEE, STRIP, JEANS, COAT, JACKET, BEANS, KEYBOARD])
    assert matcher.by_kind["cup"] == {"F04"} and matcher.by_kind["led_strip"] == {"LED-01"}


# --- never a wrong "no" -----------------------------------------------------------------------


def test_no_only_for_a_product_whose_variants_are_of_the_kind_asked() -> None:
    shop = shop_of(BEANS, CUP, on_screen="F01")  # coffee beans by weight on screen
    assert ask("有粉色吗", shop) is None  # not "no pink": the buyer likely means the cup
    assert ask("pink?", shop) is None
    got = answered("有1kg的吗", shop)
    assert got.text == "暂时没有1kg，现有：250g、500g"  # a weight asked of a product by weight
    got = answered("有没有粉色的", shop_of(DRESS, on_screen="D01"))
    assert got.text == "暂时没有粉色，现有：红色、黑色"


def test_colours_sizes_and_specs_are_told_apart() -> None:
    shop = clothing()
    assert answered("有XL吗", shop).text == "暂时没有XL，现有：S、M、L"  # not the colours
    assert answered("有白色吗", shop).text == "暂时没有白色，现有：红色、黑色"  # not the sizes
    cable = shop_of(CABLE, on_screen="E04")
    assert answered("有2米的吗", cable).text.startswith("有的，2m有货")
    assert answered("有3米的吗", cable).text == "暂时没有3m，现有：1m、2m"
    assert ask("有28码吗", cable) is None  # a size asked of a cable sold by length


def test_a_colour_inside_another_word_is_no_colour() -> None:
    shop = shop_of(KEYBOARD, on_screen="E05")  # 红轴 is a switch, not red
    assert ask("有黑色吗", shop) is None
    assert ask("有红色吗", shop) is None


def test_an_m_inside_a_word_is_no_size_m() -> None:
    shop = clothing()
    for text in ("¿tienen envío a México?", "Mé?", "Мы из Москвы M?"[:12]):
        got = ask(text, shop)
        assert got is None or got.topic != "variant", text
    gloves = shop_of(STRIP, GLOVES, on_screen="LED-01")
    got = answered("gloves in M?", gloves)
    assert (got.product_id, got.text) == ("GL-05", "Yes, we have M; 50 in stock")
    assert answered("有M码吗", shop).text.startswith("有的，M有货")


# --- the topic and the product together -------------------------------------------------------


def test_a_bare_how_much_after_a_product_is_its_price() -> None:
    shop = clothing()
    got = answered("军绿色冲锋衣多少", shop)
    assert (got.topic, got.product_id, got.text) == ("price", "S05", "价格 ¥399")
    assert answered("库存多少", shop).topic == "stock"
    assert answered("还剩多少", shop).topic == "stock"


def test_no_shop_wide_dispatch_time_for_a_b2b_shop_whose_product_is_not_known() -> None:
    shop = shop_of(STRIP, GLOVES, VALVE)  # nothing on screen; lead times per product
    assert ask("MOQ and lead time?", shop) is None
    assert answered("leadtime gloves", shop).text == "Lead time: 7-10 days"
    retail = shop_of(DRESS, CUP)
    assert answered("什么时候发货", retail).text == "下单后 48 小时内发货"


def test_no_colour_is_missing_from_a_product_sold_in_any_colour() -> None:
    shop = shop_of(STRIP, on_screen="LED-01")  # Warm white / Cool white / RGB
    assert ask("red?", shop) is None  # RGB shows red: no "No red"
    assert answered("white?", shop).text == "Yes, we have white; 50 in stock"


def test_a_product_named_by_a_part_of_its_name_that_is_not_a_quality() -> None:
    cream = _p("A01", "玫瑰保湿面霜", "129")
    hoodie = _p("H01", "宽松加绒卫衣", "159", ("黑色", "灰色"))
    shop = shop_of(cream, hoodie, DRESS, on_screen="D01")
    assert answered("玫瑰的多少钱", shop).product_id == "A01"  # a distinctive part
    assert answered("面霜多少钱", shop).product_id == "A01"  # the head
    assert named_product(shop, "宽松吗") is None  # a quality, asked of the dress on screen
    assert answered("卫衣有灰色吗", shop).product_id == "H01"


def test_a_kind_named_inside_a_products_own_name_is_that_product() -> None:
    skirt = _p("K09", "百褶半身裙", "129", ("黑色",))
    shop = shop_of(DRESS, skirt, on_screen="D01")
    assert answered("半身裙多少钱", shop).product_id == "K09"  # not 裙: the dress too
    assert ask("裙子多少钱", shop) is None  # both are 裙


@pytest.mark.parametrize(
    "text",
    [
        "羽绒服多少钱",
        "鞋子有42码吗",
        "how much is the hoodie",
        "短裤多少钱",
        "眼影多少钱",
        "iphone多少钱",
        "airpods price?",
        "MOQ of the pump?",
    ],
)
def test_a_kind_the_shop_does_not_sell_is_not_the_product_on_screen(text) -> None:
    assert ask(text, clothing()) is None


def test_a_large_catalog_is_matched_by_heads_and_kinds_only() -> None:
    filler = [_p(f"X{i}", f"商品{i}号", "1") for i in range(PARTS_LIMIT)]
    shop = shop_of(*filler, CUP, BEANS)
    assert named_product(shop, "保温杯多少钱") is CUP  # its head
    assert named_product(shop, "杯子多少钱") is CUP  # its kind
    assert named_product(shop_of(CUP, BEANS), "小粒的多少钱") is BEANS  # a part
    assert named_product(shop, "小粒的多少钱") is None  # parts are not indexed here


def test_a_kind_the_shop_lacks_is_not_a_product_sharing_a_word_with_it() -> None:
    # "copper" is part of the cable's name, but a copper pipe is no cable
    cable = _p("CB-06", "Copper Power Cable 3x2.5mm2", "1.50")
    shop = shop_of(cable, STRIP, on_screen="LED-01")
    assert named_product(shop, "price of the copper cable?") is cable
    assert ask("price of the copper pipe?", shop) is None


def test_a_colour_in_a_products_name_does_not_name_it() -> None:
    # "black?" asks the shirt on screen for a colour; it does not mean the Black Tea Gift Box.
    tea = _p("BT", "Black Tea Gift Box", "30", ("250g", "500g"))
    bag = _p("BB", "黑色双肩包", "199")
    shirt = _p("SH", "Linen Shirt", "50", ("Blue", "Grey", "S", "M"))
    shop = shop_of(tea, bag, shirt, on_screen="SH")
    for text in ("do you have it in black?", "black?", "黑色有吗"):
        assert named_product(shop, text) is None, text
    assert answered("do you have it in black?", shop).product_id == "SH"
    assert named_product(shop, "black tea price?") is tea  # its kind
    assert named_product(shop, "黑色双肩包多少钱") is bag
    assert named_product(shop, "双肩包多少钱") is bag
