"""Each suggestion carries what it rests on (issue 18): the product and how the comment reached
it (named, link N, on screen), the variant matched or none, the catalog field quoted, the shop's
terms and the buyer's place; and `to_dict` (`studio chat listen --json`) carries it too."""

from __future__ import annotations

import json
from decimal import Decimal

from studio.chat.answers import DEFAULT_RULES, ShopTerms, Suggestion, suggest
from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.commerce.shop import Shop

NOW = 1000.0

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
    selling_points=("100% linen", "Machine washable"),
)
MUG = Product(
    id="C03",
    name="不锈钢保温杯",
    price=Decimal("39"),
    stock=35,
    selling_points=("304不锈钢内胆", "12小时保温"),
)
PLAIN = Product(id="D04", name="Notebook", price=Decimal("12"))


def shop(on_screen: str = "A01") -> Shop:
    s = Shop([CREAM, SHIRT, MUG, PLAIN])
    s.explain(on_screen)
    return s


def answer(text: str, on_screen: str = "A01", **kw) -> Suggestion:
    event = ChatEvent("comment", "demo", "viewer", text, 1.0, "c1")
    got = suggest(event, kw.pop("at", None) or shop(on_screen), ShopTerms(), DEFAULT_RULES, **kw)
    assert got is not None, text
    return got


def fields(s: Suggestion) -> list[str]:
    return [value for kind, value in s.evidence if kind == "field"]


# --- the product and how it was found ----------------------------------------------------------


def test_the_product_on_screen() -> None:
    got = answer("多少钱")
    assert got.evidence[:3] == (("product", "A01"), ("name", "玫瑰保湿面霜"), ("found", "screen"))


def test_the_product_named_by_the_buyer() -> None:
    got = answer("保温杯还有货吗")
    assert got.product_id == "C03"
    assert got.evidence[:3] == (("product", "C03"), ("name", "不锈钢保温杯"), ("found", "named"))
    assert fields(got) == ["stock: 35"]


def test_the_product_by_its_link_number() -> None:
    got = answer("4号链接多少钱")
    assert ("found", "link 4") in got.evidence and got.product_id == "D04"
    assert fields(got) == ["price: ¥12"]


# --- each topic ------------------------------------------------------------------------------


def test_price_on_sale_quotes_both_prices() -> None:
    got = answer("多少钱")
    quoted = fields(got)
    assert [q.split(": ")[0] for q in quoted] == ["sale price", "price"]
    assert "129" in quoted[0] and "199" in quoted[1]


def test_variant_matched_or_none_of() -> None:
    got = answer("有红色吗")
    assert ("variant", "红色") in got.evidence
    assert "stock: 120" in fields(got)
    missing = answer("有白色吗")
    assert ("variant", "none of: 红色, 蓝色, 黑色") in missing.evidence


def test_variant_of_a_sold_out_product_quotes_the_stock() -> None:
    got = answer("do you have it in XL?", on_screen="B02")
    assert ("variant", "XL") in got.evidence and "stock: 0" in fields(got)


def test_stock() -> None:
    assert fields(answer("还有货吗")) == ["stock: 120"]
    untracked = answer("还有货吗", at=_shop_with(Product(id="X", name="围巾", price=Decimal(9))))
    assert fields(untracked) == ["stock: untracked"]


def _shop_with(product: Product) -> Shop:
    s = Shop([product])
    s.explain(product.id)
    return s


def test_flash_sale() -> None:
    s = shop()
    s.start_sale("A01", duration_s=90, quantity=30, now=NOW - 15)
    got = answer("有优惠吗", at=s, now=NOW)
    assert got.topic == "discount"
    assert "flash sale left: 30" in fields(got)


def test_shipping_rests_on_the_terms_and_the_place() -> None:
    got = answer("包邮吗")
    assert ("terms", "shipping") in got.evidence
    assert ("place", "domestic: lang:zh") in got.evidence
    assert not any(kind == "product" for kind, _ in got.evidence)  # not the product on screen
    assert ("place", "domestic: 国内") in answer("能寄到国内吗，运费多少").evidence


def test_returns_rest_on_the_terms() -> None:
    got = answer("可以退货吗")
    assert got.topic == "returns" and ("terms", "returns") in got.evidence


def test_b2b_fields() -> None:
    assert "moq: 500 pcs" in fields(answer("MOQ?"))
    assert "lead time: 15-20 天" in fields(answer("what is the lead time?"))
    assert "certifications: CE, FDA" in fields(answer("有什么认证"))
    fob = answer("FOB price for 1000 pcs?")
    assert fob.topic == "fob" and "moq: 500 pcs" in fields(fob)
    assert any(f.startswith("fob price: ") and "3.50" in f for f in fields(fob))


def test_dispatch_rests_on_the_terms() -> None:
    got = answer("几天发货", at=_shop_with(PLAIN))
    assert got.topic == "lead_time" and ("terms", "dispatch") in got.evidence


def test_link() -> None:
    got = answer("怎么买", on_screen="C03")
    assert "link: 3" in fields(got)


def test_material_and_feature_quote_the_selling_point() -> None:
    material = answer("是不锈钢的吗", on_screen="C03")
    assert material.topic == "material"
    assert "selling point: 304不锈钢内胆" in fields(material)
    feature = answer("is it machine washable?", on_screen="B02")
    assert feature.topic == "feature"
    assert fields(feature) == ["selling point: Machine washable"]


def test_no_evidence_from_a_rule_that_gave_no_answer() -> None:
    # "有货吗" on a product without variants: the variant rule matches first and gives up;
    # only the stock it answers with is quoted
    got = answer("有货吗", on_screen="C03")
    assert got.topic == "stock"
    kinds = [kind for kind, _ in got.evidence]
    assert kinds == ["product", "name", "found", "field", "doubt"]
    assert ("doubt", "product not named: the one on screen") in got.evidence


def test_json_carries_the_evidence() -> None:
    got = answer("保温杯还有货吗")
    record = json.loads(json.dumps(got.to_dict(), ensure_ascii=False))
    assert record["evidence"][:3] == [
        ["product", "C03"],
        ["name", "不锈钢保温杯"],
        ["found", "named"],
    ]
    assert ["field", "stock: 35"] in record["evidence"]
