"""Suggested answers to viewers' questions, built from the product on screen.

Rules map what viewers ask to answers made of the current product's fields, in Chinese and
English: "有红色吗 / do you have red" -> the variants and stock, "多少钱 / price" -> the price
and sale price, "能优惠吗 / discount" -> the running flash sale (or the sale price), "包邮吗 /
shipping" -> the shop's terms, MOQ, lead time, certifications and FOB prices for B2B buyers,
"怎么买 / how to buy" -> the cart, "是真丝的吗 / is it waterproof" -> the product's selling
points in the catalog's own words (nothing when they do not say it). A suggestion is only
ever shown to the host beside the comment; nothing reaches the screen or the platform without
the host's action.

A rule (`AnswerRule`) has a topic, patterns in each language and a template in each language.
- Patterns are plain texts or, starting with "re:", regular expressions. Matching ignores case,
  full-/half-width (NFKC) and invisible characters. Chinese patterns are matched in the comment
  with spaces and punctuation taken out ("包 邮吗" matches "包邮"); English ones word by word
  ("red" matches "any red?" but not "ordered"), with or without the spaces inside them
  ("lead time" matches "leadtime"). A pattern that is just "?" matches any question.
  Regular expressions see the same texts: Chinese ones "有红色吗", English ones " do you have
  red " (single spaces, a space at each end).
- A template is the answer, with `{field}`s filled from the product (see `TOPIC_FIELDS`). Some
  topics answer differently by case (in stock / sold out...): their template holds one section
  per case, in the order of `TOPIC_CASES`, separated by "||"; a section left empty answers that
  case with the default rule's words.
- The first enabled rule (in list order) that matches and can answer wins. A rule that needs a
  product does not answer when there is none, nor when the product lacks what it would say (a
  MOQ, a price...): the next rule gets its chance.

The product is the one the comment names (its name, its id, "3号链接", "link 3", part of its
name or an everyday word for it: see `studio.chat.product_match`), else the one explained on
screen now; a comment that names two gets no answer that needs a product. "Not available" is
only said of a product whose variants are of the kind asked (a colour of one sold in colours).
`suggest` costs some tens of microseconds a comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal
from weakref import WeakKeyDictionary

from studio.chat import buyer_language, buyer_place
from studio.chat.events import ChatEvent
from studio.chat.moderation import compact, fold, is_question, words
from studio.chat.product_match import Match, ProductMatcher
from studio.commerce.product import Product, format_money
from studio.commerce.shop import Shop
from studio.records import check_record

Lang = Literal["zh", "en"]
ANSWERED_LANGS = ("zh", "en")  # the languages the rules have answers in
MATCH_CHARS = 500  # a question is short: only the start of a long comment is looked at
CASE_SEPARATOR = "||"
REGEX_PREFIX = "re:"
QUESTION_PATTERN = "?"

TOPICS: tuple[str, ...] = (
    "price", "variant", "stock", "discount", "shipping", "returns", "moq", "lead_time",
    "certifications", "fob", "link", "material", "feature",
)  # fmt: skip

# The cases a topic answers, in the order of a template's "||" sections.
TOPIC_CASES: dict[str, tuple[str, ...]] = {
    "price": ("sale", "price"),
    "variant": ("has", "sold_out", "missing", "list"),
    "stock": ("in_stock", "sold_out", "untracked"),
    "discount": ("flash", "sale", "none"),
    "shipping": ("terms",),
    "returns": ("terms",),
    "moq": ("moq",),
    "lead_time": ("lead_time", "dispatch"),
    "certifications": ("certifications",),
    "fob": ("quantity", "unit"),
    "link": ("numbered", "plain"),
    # "yes": the catalog confirms what was asked; "quote": its words without a yes (what a
    # "what material" asks, a "no sugar added" to "加糖了吗", a 70% wool to "纯羊毛吗").
    "material": ("yes", "quote"),
    "feature": ("yes", "quote"),
}

_COMMON_FIELDS = ("name", "price", "sale_price", "stock")
# The {field}s a topic's template can use (every topic also has the common ones when there is
# a product). "..._note" fields are optional clauses, already phrased, with their separator
# (", 120 in stock"), empty when the product lacks the value.
TOPIC_FIELDS: dict[str, tuple[str, ...]] = {
    "price": (*_COMMON_FIELDS, "saving"),
    "variant": (*_COMMON_FIELDS, "asked", "variant", "variants", "stock_note"),
    "stock": _COMMON_FIELDS,
    "discount": (*_COMMON_FIELDS, "saving", "sale_left", "sale_time", "price_note"),
    "shipping": ("shipping",),
    "returns": ("returns",),
    "moq": (*_COMMON_FIELDS, "moq"),
    "lead_time": (*_COMMON_FIELDS, "lead_time", "dispatch"),
    "certifications": (*_COMMON_FIELDS, "certifications"),
    "fob": (*_COMMON_FIELDS, "fob_price", "quantity", "total", "moq", "moq_note"),
    "link": (*_COMMON_FIELDS, "number"),
    "material": (*_COMMON_FIELDS, "points"),
    "feature": (*_COMMON_FIELDS, "points"),
}
# Topics answered without any product.
PRODUCT_FREE = frozenset({"shipping", "returns", "lead_time", "link"})


@dataclass(frozen=True)
class ShopTerms:
    """What the shop promises for every product: shipping, returns, when orders leave."""

    shipping_zh: str = "全国包邮（偏远地区除外）"
    shipping_en: str = "Free shipping nationwide (except remote areas)"
    returns_zh: str = "支持七天无理由退换（不影响二次销售）"
    returns_en: str = "7-day no-reason returns (items unused)"
    dispatch_zh: str = "下单后 48 小时内发货"
    dispatch_en: str = "Ships within 48 hours of your order"

    def text(self, name: str, lang: Lang) -> str:
        return str(getattr(self, f"{name}_{lang}"))

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ShopTerms:
        """The inverse of to_dict; fields it lacks keep their defaults. ValueError (English)
        for anything else than texts."""
        check_record(d, cls, "shop terms", article="")
        if not all(isinstance(v, str) for v in d.values()):
            raise ValueError("shop terms must be texts")
        return cls(**d)


@dataclass(frozen=True)
class AnswerRule:
    """What viewers ask (patterns) and how to answer (templates), for one topic."""

    id: str
    topic: str
    patterns_zh: tuple[str, ...] = ()
    patterns_en: tuple[str, ...] = ()
    template_zh: str = ""
    template_en: str = ""
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.topic not in TOPICS:
            raise ValueError(f"unknown answer topic {self.topic!r} (known: {', '.join(TOPICS)})")

    def template(self, lang: Lang) -> str:
        return self.template_zh if lang == "zh" else self.template_en

    def with_changes(self, **changes: Any) -> AnswerRule:
        return replace(self, **changes)

    def problems(self) -> list[str]:
        """What the rule editor should point out (English): patterns that are not valid
        regular expressions, `{field}`s the topic does not have, more sections than cases."""
        out: list[str] = []
        for pattern in (*self.patterns_zh, *self.patterns_en):
            if pattern.startswith(REGEX_PREFIX):
                try:
                    re.compile(pattern[len(REGEX_PREFIX) :])
                except re.error as exc:
                    out.append(f"pattern {pattern!r}: {exc}")
        known = set(TOPIC_FIELDS[self.topic])
        cases = TOPIC_CASES[self.topic]
        for lang, template in (("zh", self.template_zh), ("en", self.template_en)):
            for name in _FIELD.findall(template):
                if name not in known:
                    out.append(f"template ({lang}): no field {{{name}}} for {self.topic}")
            sections = template.count(CASE_SEPARATOR) + 1
            if sections > len(cases):
                out.append(
                    f"template ({lang}): {sections} sections, {self.topic} has "
                    f"{len(cases)} ({', '.join(cases)})"
                )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "topic": self.topic,
            "patterns_zh": list(self.patterns_zh),
            "patterns_en": list(self.patterns_en),
            "template_zh": self.template_zh,
            "template_en": self.template_en,
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnswerRule:
        """The inverse of to_dict; ValueError (English) for a value of the wrong kind."""
        check_record(d, cls, "answer rule", article="an")
        values: dict[str, Any] = {}
        for name, value in d.items():
            if name in ("patterns_zh", "patterns_en"):
                if not isinstance(value, list | tuple) or not all(
                    isinstance(v, str) for v in value
                ):
                    raise ValueError(f"{name} must be a list of texts")
                values[name] = tuple(value)
            elif name == "enabled":
                if not isinstance(value, bool):
                    raise ValueError("enabled must be true or false")
                values[name] = value
            else:
                if not isinstance(value, str):
                    raise ValueError(f"{name} must be a text")
                values[name] = value
        if not values.get("id") or not values.get("topic"):
            raise ValueError("an answer rule needs an id and a topic")
        return cls(**values)


def rules_to_list(rules: Iterable[AnswerRule]) -> list[dict[str, Any]]:
    return [rule.to_dict() for rule in rules]


def rules_from_list(items: Any) -> tuple[AnswerRule, ...]:
    """Rules as saved; ValueError (English, naming the item) for a bad one or a repeated id."""
    if not isinstance(items, list):
        raise ValueError("answer rules must be a list")
    out: list[AnswerRule] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        try:
            rule = AnswerRule.from_dict(item)
        except ValueError as exc:
            raise ValueError(f"answer rule {number}: {exc}") from None
        if rule.id in seen:
            raise ValueError(f"answer rule {number}: id {rule.id!r} is used twice")
        seen.add(rule.id)
        out.append(rule)
    return tuple(out)


@dataclass(frozen=True)
class Suggestion:
    """An answer the host may put on screen, for the comment `event_id`."""

    event_id: str
    rule_id: str
    topic: str
    text: str
    lang: Lang
    product_id: str = ""  # "" when the answer needs none (shipping terms...)
    # What the answer rests on, for the host to check before showing it (issue 18): pairs of
    # (kind, value), kinds "product" (its id), "name" (its name), "found" ("named", "link N",
    # "screen": how the comment reached it), "variant" (the variants matched, or "none of: ..."
    # / "all of: ..."), "field" ("stock: 35", "selling point: ...": the catalog field quoted),
    # "terms" ("shipping", "returns", "dispatch") and "place" ("domestic: lang:zh").
    evidence: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "answer",
            "answers": self.event_id,
            "rule": self.rule_id,
            "topic": self.topic,
            "text": self.text,
            "lang": self.lang,
            "product": self.product_id,
            "evidence": [list(pair) for pair in self.evidence],
        }


# --- the default rules ------------------------------------------------------------------------

DEFAULT_RULES: tuple[AnswerRule, ...] = (
    AnswerRule(
        "moq",
        "moq",
        ("moq", "起订", "起批", "最少订", "最少买", "最低订", "最小订", "最少要", "几件起",
         "多少件起", "最少几件"),
        ("moq", "minimum order", "min order", "minimum quantity", "min quantity", "min qty",
         "minimum qty"),
        "起订量 {moq}",
        "Our MOQ is {moq}",
    ),
    AnswerRule(
        "fob",
        "fob",
        ("fob", "离岸价", "出厂价", "批发价", "大货价", r"re:\d{3,}(件|个|只|套|条|双|pcs|pc)"),
        ("fob", "wholesale price", "bulk price", "factory price", "ex works",
         r"re:(price|cost|how much|quote)( \w+)? (for|of) \d{2,}",
         r"re:\d{3,} ?(pcs|pieces|units|pc|sets)"),
        "{quantity} 件 FOB 单价 {fob_price}，合计 {total}"
        " || FOB 单价 {fob_price}/件{moq_note}",
        "FOB {fob_price}/pc, {quantity} pcs = {total} || FOB {fob_price} per piece{moq_note}",
    ),
    AnswerRule(
        "lead_time",
        "lead_time",
        ("交期", "交货期", "货期", "生产周期", "多久发货", "什么时候发货", "何时发货", "几天发货",
         "多久能发", "啥时候发", "什么时候发", "多久发", "几天能发", "几时发货"),
        ("lead time", "leadtime", "production time", "delivery time", "when ship",
         "when will it ship", "when do you ship", "how long to ship", "ship out", "dispatch"),
        "交期 {lead_time} || {dispatch}",
        "Lead time: {lead_time} || {dispatch}",
    ),
    AnswerRule(
        "certifications",
        "certifications",
        ("认证", "证书", "资质", "检测报告", "质检报告", "ce", "fda", "rohs"),
        ("certification", "certifications", "certificate", "certificates", "certified",
         "ce", "fda", "rohs", "iso"),
        "有的，认证：{certifications}",
        "Yes, certified: {certifications}",
    ),
    AnswerRule(
        "returns",
        "returns",
        ("退货", "退换", "换货", "能退", "可以退", "包退", "包换", "无理由", "售后", "保修",
         "退款"),
        ("return", "returns", "refund", "exchange", "warranty"),
        "{returns}",
        "{returns}",
    ),
    AnswerRule(
        "discount",
        "discount",
        ("优惠", "便宜", "折扣", "打折", "几折", "满减", "立减", "能减", "少点", "降价", "券",
         "福利", "有活动", "秒杀", "让利", "砍价", "再少"),
        ("discount", "discounts", "coupon", "coupons", "deal", "deals", "promo", "promotion",
         "sale", "cheaper", "any offer", "special offer", "best price", "lower price"),
        "限时秒杀进行中！仅剩 {sale_left} 件，{sale_time}后结束{price_note}"
        " || 直播间到手价 {sale_price}，比原价 {price} 省 {saving}"
        " || 现在已经是直播间最低价啦，关注主播不错过下一波福利",
        "Flash sale on now: only {sale_left} left, ends in {sale_time}{price_note}"
        " || Live price {sale_price}, {saving} off the usual {price}"
        " || No promotion right now, this is already our best price. Follow for the next deal!",
    ),
    AnswerRule(
        "shipping",
        "shipping",
        ("包邮", "运费", "邮费", "快递", "发货地", "从哪发", "哪里发货", "哪发货", "偏远",
         "几天到", "多久到", "多久能到", "送货", "配送"),
        ("shipping", "ship to", "free ship", "delivery", "deliver", "postage", "courier"),
        "{shipping}",
        "{shipping}",
    ),
    AnswerRule(
        "price",
        "price",
        ("多少钱", "多钱", "价格", "价钱", "价位", "售价", "几块", "多少米", "啥价", "什么价",
         "怎么卖", "咋卖", "贵吗", "贵不贵",
         # "军绿色冲锋衣多少": a bare 多少 at the end after a thing, not after 库存/起订量/几天...
         r"re:(?<![量存剩有久天码号米克斤件个次张袋瓶盒少])多少[呀啊呢哇吖]*$"),
        ("price", "prices", "pricing", "how much", "cost", "costs"),
        "现在直播间到手价 {sale_price}，原价 {price} || 价格 {price}",
        "Now {sale_price} (was {price}) || It's {price}",
    ),
    AnswerRule(
        "material",
        "material",
        ("材质", "材料", "面料", "什么做的", "啥做的", "什么料", "啥料", "什么豆", "成分",
         r"re:(真丝|丝绸|蚕丝|棉|羊毛|羊绒|不锈钢|304|316|铜|真皮|皮革|牛皮)的?"
         r"(吗|么|嘛|不|呢|还是|没)"),
        ("made of", "made from", "material", "materials", "fabric",
         r"re:(?:is|are) (?:it|this|that|they|these|the \w+(?: \w+)?) (?:made of |made from )?"
         r"(?:real |pure |genuine |100 )?(?:silk|cotton|wool|cashmere|leather|copper|stainless"
         r"|steel)(?![a-z])"),
        "是的，{points} || {name}：{points}",
        "Yes: {points} || {name}: {points}",
    ),
    AnswerRule(
        "feature",
        "feature",
        ("防不防水", "能不能机洗",
         r"re:(防水|机洗|水洗|保温|降噪|飞机|登机|敏感肌|孕妇|掉色|脱色|褪色|糖|酒精|添加|防腐剂"
         r"|起球|起皱|香精)了?(吗|么|嘛|不|没|多久|几|怎么样|效果|时间|能用|可以用|能带|可以带)",
         r"re:(有没有|含不含|有无|加没加|是否|会不会|能不能)(添加|防腐剂|糖|酒精|香精|掉色|起球|防水)"),
        (r"re:(?:is|are|does|do|can|will|how) .*(?:waterproof|water ?proof|water resistant"
         r"|washable|noise cancel|sensitive skin|pregnan|plane|flight|fade|smudge|sugar"
         r"|alcohol|additive|preservative|fragrance|keeps? (?:\w+ )?(?:hot|warm|cold))",),
        "是的，{points} || {name}：{points}",
        "Yes: {points} || {name}: {points}",
    ),
    AnswerRule(
        "variant",
        "variant",
        (QUESTION_PATTERN, "有", "颜色", "尺码", "码数", "尺寸", "规格", "款式", "什么色",
         "几种", "哪些色", "可选"),
        (QUESTION_PATTERN, "have", "any", "in", "available", "come in", "comes in", "color",
         "colors", "colour", "colours", "size", "sizes", "option", "options", "variants"),
        "有的，{variant}有货{stock_note} || {variant}暂时售罄了，可以先关注等补货"
        " || 暂时没有{asked}，现有：{variants} || 现有：{variants}{stock_note}",
        "Yes, we have {asked}{stock_note} || Sorry, {asked} is sold out right now"
        " || No {asked}, we have: {variants} || We have: {variants}{stock_note}",
    ),
    AnswerRule(
        "stock",
        "stock",
        ("有货", "库存", "还有吗", "还有多少", "剩多少", "还剩", "卖完", "售罄", "没货", "断货",
         "现货", "还有没有"),
        ("in stock", "stock", "sold out", "how many left", "any left", "still available",
         "available", "availability"),
        "有货，库存 {stock} 件 || 已经售罄啦，关注主播等补货 || 有货的，直接拍就可以",
        "Yes, {stock} in stock || Sorry, sold out right now || Yes, it's in stock",
    ),
    AnswerRule(
        "link",
        "link",
        ("链接", "怎么买", "怎么拍", "怎么下单", "怎么购买", "在哪买", "哪里买", "哪里拍", "在哪拍",
         "小黄车", "购物车", "怎么抢", "哪里下单"),
        ("link", "how to buy", "how do i buy", "how can i buy", "where to buy", "where can i buy",
         "how to order", "how do i order", "buy it", "cart", "checkout"),
        "点击下方小黄车，{number} 号链接就是 || 点击下方小黄车就可以下单",
        "Tap the cart below, it's item {number} || Tap the cart below to buy",
    ),
)  # fmt: skip
_DEFAULT_BY_TOPIC = {rule.topic: rule for rule in DEFAULT_RULES}


# --- matching ---------------------------------------------------------------------------------

_FIELD = re.compile(r"\{(\w+)\}")
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


class _Text:
    """A comment in the forms rules match in, each made when first needed."""

    __slots__ = ("_question", "compact", "folded", "raw", "words")

    def __init__(self, text: str) -> None:
        self.raw = text[:MATCH_CHARS]
        self.folded = fold(self.raw)
        self.compact = compact(self.folded)
        self.words = words(self.folded)
        self._question: bool | None = None

    @property
    def question(self) -> bool:
        if self._question is None:
            self._question = is_question(self.raw)
        return self._question


def _en_plain(pattern: str) -> str | None:
    key = words(fold(pattern)).strip()
    if not key:
        return None
    body = re.escape(key).replace(r"\ ", " ?")
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])"


def _zh_plain(pattern: str) -> str | None:
    key = compact(fold(pattern))
    return re.escape(key) if key else None


def _regex(pattern: str) -> str | None:
    body = pattern[len(REGEX_PREFIX) :]
    try:
        re.compile(body)
    except re.error:
        return None  # `AnswerRule.problems` tells the host
    return body or None


@dataclass(frozen=True)
class _Compiled:
    zh: re.Pattern[str] | None
    en: re.Pattern[str] | None
    any_question: bool

    def matches(self, text: _Text) -> bool:
        if self.zh is not None and self.zh.search(text.compact):
            return True
        if self.en is not None and self.en.search(text.words):
            return True
        return self.any_question and text.question


@lru_cache(maxsize=1024)
def _compile(rule: AnswerRule) -> _Compiled:
    question = False
    parts: dict[str, list[str]] = {"zh": [], "en": []}
    for lang, patterns, plain in (
        ("zh", rule.patterns_zh, _zh_plain),
        ("en", rule.patterns_en, _en_plain),
    ):
        for pattern in patterns:
            if pattern.strip() in ("?", "？"):
                question = True
                continue
            if pattern.startswith(REGEX_PREFIX):
                body, where = _regex(pattern), lang
            elif compact(fold(pattern)).isascii():  # "MOQ", "CE": whole words in any language
                body, where = _en_plain(pattern), "en"
            else:
                body, where = plain(pattern), lang
            if body:
                parts[where].append(f"(?:{body})")

    def combined(items: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(items), re.IGNORECASE) if items else None

    return _Compiled(combined(parts["zh"]), combined(parts["en"]), question)


def detect_lang(text: str) -> Lang:
    """zh when the comment has Chinese (or Japanese) characters, else en."""
    return "zh" if _CJK.search(text[:MATCH_CHARS]) else "en"


# --- colours and sizes ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Concept:
    key: str
    zh: str  # how an answer in Chinese names it
    en: str


# key, Chinese name, English name, Chinese stems (regexes, matched in compact text), English
# words. Stems that are parts of other words are guarded ("口红" is lipstick, "小黄车" the cart,
# "明白" "I see").
_COLOUR_TABLE: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("wine", "酒红色", "burgundy", ("酒红", "枣红", "酒红色"), ("burgundy", "wine red", "maroon")),
    ("pink", "粉色", "pink", ("粉红", "粉色", "粉(?![丝底])"), ("pink",)),
    ("red", "红色", "red", ("(?<![网口])红(?![包人火了])",), ("red",)),
    ("orange", "橙色", "orange", ("橙", "橘色", "桔色"), ("orange",)),
    ("beige", "米色", "beige", ("米色", "米白", "杏色", "奶白", "燕麦色"), ("beige", "cream")),
    ("yellow", "黄色", "yellow", ("(?<!小)黄(?![车金])",), ("yellow",)),
    ("green", "绿色", "green", ("绿",), ("green",)),
    ("navy", "藏青色", "navy", ("藏青", "藏蓝", "海军蓝"), ("navy", "navy blue")),
    ("blue", "蓝色", "blue", ("蓝",), ("blue",)),
    ("purple", "紫色", "purple", ("紫",), ("purple", "violet", "lilac")),
    ("black", "黑色", "black", ("黑",), ("black",)),
    ("white", "白色", "white", ("(?<![明坦表告空米奶])白(?![天菜])",), ("white",)),
    ("grey", "灰色", "grey", ("灰",), ("grey", "gray")),
    ("brown", "棕色", "brown", ("棕", "咖啡色", "咖色", "褐"), ("brown",)),
    ("khaki", "卡其色", "khaki", ("卡其",), ("khaki",)),
    ("gold", "金色", "gold", ("金色",), ("gold", "golden")),
    ("silver", "银色", "silver", ("银色",), ("silver",)),
)
_SIZE_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # key, name, spellings (matched as whole Latin words)
    ("xxxl", "XXXL", ("xxxl", "3xl")),
    ("xxl", "XXL", ("xxl", "2xl")),
    ("xl", "XL", ("xl",)),
    ("xs", "XS", ("xs",)),
    ("xl4", "4XL", ("4xl", "xxxxl")),
    ("xl5", "5XL", ("5xl",)),
)
_CONCEPTS: dict[str, _Concept] = {k: _Concept(k, zh, en) for k, zh, en, _, _ in _COLOUR_TABLE}
_CONCEPTS.update({k: _Concept(k, name, name) for k, name, _ in _SIZE_TABLE})
_CONCEPTS.update({k: _Concept(k, k.upper(), k.upper()) for k in ("s", "m", "l")})
_CONCEPTS["free"] = _Concept("free", "均码", "one size")

_ZH_CONCEPTS = re.compile(
    "|".join(f"(?P<{key}>{'|'.join(stems)})" for key, _, _, stems, _ in _COLOUR_TABLE)
    + "|(?P<free>均码|通码|均号|freesize|onesize)"
    + r"|(?P<num>(?<!\d)\d{2}(?:码|号(?!链接|宝贝|商品|产品)))"
)
# Letters of the scripts that write words apart: "M" in "México" or "XL" in "éxl" is no size.
_LETTERS = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff"
_EN_CONCEPTS = re.compile(
    f"(?<![{_LETTERS}])(?:"
    + "|".join(
        f"(?P<{key}>{'|'.join(w.replace(' ', ' ?') for w in en)})"
        for key, _, _, _, en in _COLOUR_TABLE
    )
    + "|"
    + "|".join(f"(?P<{key}>{'|'.join(spellings)})" for key, _, spellings in _SIZE_TABLE)
    + "|(?P<free>free ?size|one ?size)"
    + r"|size ?(?P<size_n>\d{2}|s|m|l)"
    + f")(?![{_LETTERS}])"
)
# S, M, L alone are sizes only when written in capitals, or followed by 码/号 ("I'm" is no M).
_SML_STRICT = re.compile(
    f"(?<![A-Z{_LETTERS}'’])([SML])(?![A-Z{_LETTERS}'’])|(?<![{_LETTERS}])([sml])[码号]"
)
_SML_LENIENT = re.compile(r"(?<![a-z0-9])([sml])(?![a-z0-9])")
_NUM_ALONE = re.compile(r"(?<![\d.])(\d{2})(?![\d.a-z])")  # "30ml" is no size 30
# Specs with a unit ("250g", "2米", "50ml"): the same amount however it is written.
_SPEC = re.compile(
    r"(?<![\d.])(\d{1,5}(?:\.\d{1,2})?) ?(ml|毫升|kg|公斤|千克|g|克|cm|厘米|mm|毫米|m|米|mah|斤)"
    r"(?![a-z])"
)
# unit -> (the unit amounts are compared in, its size in it): "1kg" is "1000g", "150cm" "1.5m"
_SPEC_UNITS: dict[str, tuple[str, Decimal]] = {
    "ml": ("ml", Decimal(1)), "毫升": ("ml", Decimal(1)),
    "g": ("g", Decimal(1)), "克": ("g", Decimal(1)), "kg": ("g", Decimal(1000)),
    "公斤": ("g", Decimal(1000)), "千克": ("g", Decimal(1000)), "斤": ("g", Decimal(500)),
    "m": ("m", Decimal(1)), "米": ("m", Decimal(1)), "cm": ("m", Decimal("0.01")),
    "厘米": ("m", Decimal("0.01")), "mm": ("m", Decimal("0.001")), "毫米": ("m", Decimal("0.001")),
    "mah": ("mah", Decimal(1)),
}  # fmt: skip
_COLOUR_KEYS = frozenset(key for key, *_ in _COLOUR_TABLE)


def _kind(key: str) -> str:
    """What a concept is: "colour", "size" or "spec:<unit>" ("q250g" is spec:g)."""
    if key in _COLOUR_KEYS:
        return "colour"
    if key.startswith("q"):
        return "spec:" + key.lstrip("q0123456789.")
    return "size"


def _specs(folded: str) -> list[tuple[int, str]]:
    out = []
    for m in _SPEC.finditer(folded):
        unit, size = _SPEC_UNITS[m.group(2)]
        amount = Decimal(m.group(1)) * size
        out.append((m.start() + 40_000, f"q{_plain(amount)}{unit}"))
    return out


def _plain(amount: Decimal) -> str:
    """250, 1.5: no exponent, no trailing zeros."""
    return format(amount.normalize(), "f")


def _spec_name(key: str) -> str:
    """How an answer names a spec key: "q1000g" -> "1kg", "q0.5m" -> "50cm", "q250g" -> "250g"."""
    unit = key.lstrip("q0123456789.")
    amount = Decimal(key[1 : len(key) - len(unit)])
    if unit == "g" and amount >= 1000:
        return f"{_plain(amount / 1000)}kg"
    if unit == "m" and amount < 1:
        return f"{_plain(amount * 100)}cm"
    return f"{_plain(amount)}{unit}"


def _concepts(text: str, strict: bool) -> list[str]:
    """The colours and sizes a text names, in order, each once. `strict` is for comments;
    a variant's own name is read leniently ("m", "38" are sizes there)."""
    folded = fold(text)
    found: list[tuple[int, str]] = []
    packed = compact(folded)
    for m in _ZH_CONCEPTS.finditer(packed):
        key = m.lastgroup or ""
        after = packed[m.end() : m.end() + 1]
        if not strict and key in _COLOUR_KEYS and after != "色" and _CJK.match(after):
            continue  # a variant "红轴" (a keyboard switch) is no red: colours end a word
        found.append((m.start(), f"n{m.group(0)[:2]}" if key == "num" else key))
    spaced = words(folded)
    for m in _EN_CONCEPTS.finditer(spaced):
        key = m.lastgroup or ""
        if key == "size_n":
            value = m.group("size_n")
            key = f"n{value}" if value.isdigit() else value
        found.append((m.start() + 10_000, key))  # Chinese first, then English
    if strict:
        for m in _SML_STRICT.finditer(fold(text, casefold=False)):
            found.append((m.start() + 20_000, (m.group(1) or m.group(2)).lower()))
    else:
        for m in _SML_LENIENT.finditer(spaced):
            found.append((m.start() + 20_000, m.group(1)))
        for m in _NUM_ALONE.finditer(spaced):
            found.append((m.start() + 30_000, f"n{m.group(1)}"))
    found.extend(_specs(folded))
    return list(dict.fromkeys(key for _, key in sorted(found)))


def _concept_name(key: str, lang: Lang) -> str:
    concept = _CONCEPTS.get(key)
    if concept is not None:
        return concept.zh if lang == "zh" else concept.en
    if key.startswith("n"):
        return f"{key[1:]}码" if lang == "zh" else f"size {key[1:]}"
    if key.startswith("q"):
        return _spec_name(key)
    return key


@lru_cache(maxsize=4096)
def _variant_concepts(variant: str) -> frozenset[str]:
    return frozenset(_concepts(variant, strict=False))


@lru_cache(maxsize=1024)
def _variant_names(variants: tuple[str, ...]) -> re.Pattern[str] | None:
    """The product's variants named as they are ("樱花粉", "Navy Stripe"), in one pattern:
    Chinese names for a comment's compact text, Latin ones as whole words."""
    parts: list[str] = []
    for variant in sorted(variants, key=len, reverse=True):
        folded = fold(variant)
        key = compact(folded)
        if len(key) < 2:  # "S", "M": left to the sizes
            continue
        if key.isascii():
            parts.append(_en_plain(variant) or "")
        else:
            parts.append(re.escape(key))
    return re.compile("|".join(parts)) if parts else None


def _variant_answer(text: _Text, product: Product, lang: Lang) -> tuple[str, dict[str, str]] | None:
    variants = product.variants
    if not variants:
        return None
    joiner = "、" if lang == "zh" else ", "
    fields = {
        "variants": joiner.join(variants),
        "stock_note": _stock_note(product.stock, lang),
    }
    sold_out = product.stock == 0
    if _NEGATED.search(text.raw):  # "不要红色的，有黑色吗": black is asked, not red
        text = _Text(_NEGATED.sub(" ", text.raw))
    asked = _asked(text.raw, product)
    named = _variant_names(variants)
    if named is not None:
        m = named.search(text.compact) or named.search(text.words)
        if m is not None:
            said = m.group(0).strip()
            chosen = [
                v for v in variants if compact(fold(v)) == compact(said) or fold(v).strip() == said
            ]
            name = chosen[0] if chosen else said
            # "红色" inside "酒红色" is no red: a colour the comment names that the variant
            # found is not is left to the colours below
            colours = {k for k in asked if k in _COLOUR_KEYS}
            if colours <= _variant_concepts(name):
                fields.update(asked=name, variant=name)
                return ("sold_out" if sold_out else "has"), fields
    if asked:
        having = {key: [v for v in variants if key in _variant_concepts(v)] for key in asked}
        # "Not available" only for what the product's variants could have been: a colour for
        # a product in colours... A size asked of a cup sold by colour is no "no": the buyer
        # likely means another product.
        kinds = {_kind(k) for v in variants for k in _variant_concepts(v)}
        if any(_MULTICOLOUR.search(fold(v)) for v in variants):
            kinds.discard("colour")  # an RGB strip or a mixed pack may well be red too
        missing = [key for key, found in having.items() if not found and _kind(key) in kinds]
        asked = [key for key in asked if having[key] or key in missing]
        if not asked:
            return None
        fields["asked"] = joiner.join(_concept_name(k, lang) for k in (missing or asked))
        if missing:
            fields["variants"] = joiner.join(_alternatives(variants, asked, missing) or variants)
            return "missing", fields
        both = [v for v in variants if all(key in _variant_concepts(v) for key in asked)]
        chosen = both or list(dict.fromkeys(v for found in having.values() for v in found))
        fields["variant"] = joiner.join(chosen)
        return ("sold_out" if sold_out else "has"), fields
    if _GENERIC_VARIANT.search(text.compact) or _GENERIC_VARIANT_EN.search(text.words):
        return "list", fields
    return None


def _asked(raw: str, product: Product) -> list[str]:
    """The colours and sizes a comment asks of `product`, its name's own colour words left
    out ("红米充电宝有蓝色吗" asks blue, "White Rabbit Candy" no white)."""
    name_part = _name_colours(product.name)
    if name_part is not None:
        raw = name_part.sub(" ", fold(raw, casefold=False))
    return _concepts(raw, strict=True)


@lru_cache(maxsize=1024)
def _name_colours(name: str) -> re.Pattern[str] | None:
    """The parts of a product's name that hold a colour word without being a colour: "红米"
    of 红米充电宝 (not "红色" of 红色连衣裙), "white rabbit" of White Rabbit Candy."""
    folded = fold(name[:200])
    pieces: set[str] = set()
    for run in re.findall("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", folded):
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + 6) + 1):
                piece = run[i:j]
                covered = sum(m.end() - m.start() for m in _ZH_CONCEPTS.finditer(piece))
                if 0 < covered < len(piece) and not piece.endswith("色"):
                    pieces.add(re.escape(piece))
    latin = words(folded).split()
    colour = [bool(_EN_CONCEPTS.search(f" {w} ")) for w in latin]
    for i in range(len(latin) - 1):
        if colour[i] != colour[i + 1]:
            pieces.add(rf"(?<![a-z]){re.escape(latin[i])}\W+{re.escape(latin[i + 1])}(?![a-z])")
    if not pieces:
        return None
    return re.compile("|".join(sorted(pieces, key=len, reverse=True)), re.IGNORECASE)


# What a buyer does not want ("不要红色", "除了黑色", "not the red one"), up to the next
# punctuation or a few words: left out of the variants asked. "是不是红色" and "要不要红色"
# ask about red.
_NEGATED = re.compile(
    r"(?:(?<!要)不要|不想要|除了|(?<!是)不是)[^\s,.;!?，。；！？、]{0,8}"
    r"|(?<![a-z])(?:not|except|other than|besides|(?:don[’']?t|do not) (?:want|like))"
    r"(?: (?:the|a|in))?(?: [a-z0-9]+){1,2}",
    re.IGNORECASE,
)
_MULTICOLOUR = re.compile(
    r"(?<![a-z])rgbw?(?![a-z])|七彩|幻彩|彩色|混色|随机|multi ?colou?r|mixed|assorted|rainbow"
)


def _alternatives(variants: tuple[str, ...], asked: list[str], missing: list[str]) -> list[str]:
    """The variants to offer instead of a missing one: of its kind (sizes for a size asked,
    not the colours beside them), or of no known kind ("自然色")."""
    wanted = {_kind(k) for k in missing}
    out = []
    for v in variants:
        concepts = _variant_concepts(v)
        if any(k in concepts for k in asked):
            continue
        if not concepts or any(_kind(k) in wanted for k in concepts):
            out.append(v)
    return out


_GENERIC_VARIANT = re.compile(r"颜色|什么色|哪些色|几个色|几种|尺码|码数|尺寸|规格|款式|型号|可选")
_GENERIC_VARIANT_EN = re.compile(
    r"(?<![a-z0-9])(?:colou?rs?|sizes?|options?|variants?|styles?|models?)(?![a-z0-9])"
)


# --- the answers --------------------------------------------------------------------------------


def _stock_note(stock: int | None, lang: Lang) -> str:
    if stock is None or stock <= 0:
        return ""
    return f"，库存 {stock} 件" if lang == "zh" else f"; {stock} in stock"


def _duration(seconds: float, lang: Lang) -> str:
    whole = max(0, int(seconds + 0.999))
    minutes, secs = divmod(whole, 60)
    if lang == "zh":
        return f"{minutes} 分 {secs} 秒" if minutes else f"{secs} 秒"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _common(product: Product | None) -> dict[str, str]:
    if product is None:
        return {}
    return {
        "name": product.name,
        "price": format_money(product.price if product.price is not None else product.sale_price,
                              product.currency),
        "sale_price": format_money(product.shown_price, product.currency),
        "stock": "" if product.stock is None else str(product.stock),
    }  # fmt: skip


@dataclass
class _Context:
    text: _Text
    product: Product | None
    shop: Shop
    terms: ShopTerms
    lang: Lang
    now: float | None
    # what the handler's answer rests on, beyond the product (see Suggestion.evidence)
    evidence: list[tuple[str, str]] = field(default_factory=list)

    def cite(self, kind: str, value: str) -> None:
        self.evidence.append((kind, value))

    def cite_field(self, name: str, value: object) -> None:
        self.cite("field", f"{name}: {value}")


Answer = tuple[str, dict[str, str]] | None


def _price(c: _Context) -> Answer:
    p = c.product
    if p is None or p.shown_price is None:
        return None
    if p.on_sale:
        _cite_sale(c, p)
        saving = format_money(p.price - p.sale_price, p.currency)  # type: ignore[operator]
        return "sale", {"saving": saving}
    c.cite_field("price", format_money(p.shown_price, p.currency))
    return "price", {"price": format_money(p.shown_price, p.currency)}


def _cite_sale(c: _Context, p: Product) -> None:
    c.cite_field("sale price", format_money(p.sale_price, p.currency))
    c.cite_field("price", format_money(p.price, p.currency))


def _cite_stock(c: _Context, stock: int | None) -> None:
    c.cite_field("stock", "untracked" if stock is None else stock)


def _variant(c: _Context) -> Answer:
    if c.product is None:
        return None
    answer = _variant_answer(c.text, c.product, c.lang)
    if answer is not None:
        _cite_variant(c, c.product, *answer)
    return answer


def _cite_variant(c: _Context, p: Product, case: str, fields: dict[str, str]) -> None:
    if case in ("has", "sold_out"):
        c.cite("variant", fields.get("variant", ""))
    else:  # "missing" names what the product has instead, "list" all it has
        which = "none of: " if case == "missing" else "all of: "
        c.cite("variant", which + ", ".join(p.variants))
    if case == "sold_out" or fields.get("stock_note"):
        _cite_stock(c, p.stock)


def _stock(c: _Context) -> Answer:
    p = c.product
    if p is None:
        return None
    _cite_stock(c, p.stock)
    if p.stock is None:
        return "untracked", {}
    return ("in_stock" if p.stock > 0 else "sold_out"), {}


def _discount(c: _Context) -> Answer:
    p = c.product
    if p is None:
        return None
    sale = c.shop.sale(p.id)
    if sale is not None and c.now is not None and sale.state(c.now) == "running":
        price = format_money(p.shown_price, p.currency)
        note = ""
        if price:
            note = f"，秒杀价 {price}" if c.lang == "zh" else f", flash price {price}"
            c.cite_field("flash price", price)
        c.cite_field("flash sale left", sale.left)
        return "flash", {
            "sale_left": str(sale.left),
            "sale_time": _duration(sale.remaining_s(c.now), c.lang),
            "price_note": note,
        }
    if p.on_sale:
        _cite_sale(c, p)
        return "sale", {
            "saving": format_money(p.price - p.sale_price, p.currency)  # type: ignore[operator]
        }
    return "none", {}


def _shipping(c: _Context) -> Answer:
    # The shop's terms are domestic ("全国包邮"): never promised to a buyer abroad (issue 18
    # adds the shop's international terms).
    verdict, said = buyer_place.locate(c.text.raw, c.lang)
    if verdict == "foreign":
        return None
    text = c.terms.text("shipping", c.lang)
    if not text:
        return None
    c.cite("terms", "shipping")
    if verdict:
        c.cite("place", f"{verdict}: {said}")
    return "terms", {"shipping": text}


def _returns(c: _Context) -> Answer:
    text = c.terms.text("returns", c.lang)
    if not text:
        return None
    c.cite("terms", "returns")
    return "terms", {"returns": text}


def _moq(c: _Context) -> Answer:
    if c.product is None or not c.product.moq:
        return None
    c.cite_field("moq", c.product.moq)
    return "moq", {"moq": c.product.moq}


def _lead_time(c: _Context) -> Answer:
    if c.product is not None and c.product.lead_time:
        c.cite_field("lead time", c.product.lead_time)
        return "lead_time", {"lead_time": c.product.lead_time}
    if c.product is None and any(p.lead_time for p in c.shop.products):
        return None  # the shop's lead times are per product, and which one is not known
    dispatch = c.terms.text("dispatch", c.lang)
    if not dispatch:
        return None
    c.cite("terms", "dispatch")
    return "dispatch", {"dispatch": dispatch}


def _certifications(c: _Context) -> Answer:
    if c.product is None or not c.product.certifications:
        return None
    joiner = "、" if c.lang == "zh" else ", "
    c.cite_field("certifications", ", ".join(c.product.certifications))
    return "certifications", {"certifications": joiner.join(c.product.certifications)}


_QUANTITY = re.compile(
    r"(?<![\d,.])(\d[\d,]{1,9})\s*(?:件|个|只|套|条|双|pcs|pc|pieces|units|sets)"
)
_QUANTITY_FOR = re.compile(r"(?:for|of)\s*(\d[\d,]{1,9})(?![\d.])")


def _fob(c: _Context) -> Answer:
    p = c.product
    if p is None or p.fob_price is None:
        return None
    fob = format_money(p.fob_price, p.fob_currency)
    moq_note = ""
    if p.moq:
        moq_note = f"，起订量 {p.moq}" if c.lang == "zh" else f", MOQ {p.moq}"
    base = {"fob_price": fob, "moq": p.moq, "moq_note": moq_note}
    c.cite_field("fob price", fob)
    if p.moq:
        c.cite_field("moq", p.moq)
    m = _QUANTITY.search(c.text.folded) or _QUANTITY_FOR.search(c.text.folded)
    if m is not None:
        quantity = int(m.group(1).replace(",", ""))
        if quantity > 1:
            total = format_money(p.fob_price * Decimal(quantity), p.fob_currency)
            return "quantity", {**base, "quantity": f"{quantity:,}", "total": total}
    return "unit", base


def _link(c: _Context) -> Answer:
    if c.product is not None:
        ids = [p.id for p in c.shop.products]
        if c.product.id in ids:
            number = str(ids.index(c.product.id) + 1)
            c.cite_field("link", number)
            return "numbered", {"number": number}
    return "plain", {}


# --- what the catalog says: materials and selling points ----------------------------------------


@dataclass(frozen=True)
class _Said:
    """Something a buyer asks about a product (silk, waterproof...) and how the catalog says
    it: `ask_zh` is matched in a comment's compact text, `ask_en` in its words, `catalog` in a
    selling point (folded). `zh` and `en` name it beside catalog words in the other language."""

    key: str
    zh: str
    en: str
    ask_zh: re.Pattern[str]
    ask_en: re.Pattern[str]
    catalog: re.Pattern[str]


def _said(key: str, zh: str, en: str, ask_zh: str, ask_en: str, catalog: str) -> _Said:
    guarded = f"(?<![a-z0-9])(?:{ask_en})(?![a-z0-9])"
    return _Said(key, zh, en, re.compile(ask_zh), re.compile(guarded), re.compile(catalog))


_MATERIALS: tuple[_Said, ...] = (
    _said("silk", "真丝", "silk", "真丝|丝绸|蚕丝", "silk", "真丝|蚕丝|silk"),
    _said("cotton", "棉", "cotton", "棉", "cotton", "棉|cotton"),
    _said("wool", "羊毛", "wool", "羊毛|羊绒", "wool|cashmere", "羊毛|羊绒|wool|cashmere"),
    _said("steel", "不锈钢", "stainless steel", "不锈钢|304|316", "stainless|steel|304|316",
          "不锈钢|stainless|(?<!\\d)3(?:04|16)(?!\\d)"),
    _said("copper", "铜", "copper", "铜", "copper", "铜|copper"),
    _said("leather", "皮革", "leather", "真皮|皮革|牛皮|羊皮", "leather",
          "真皮|皮革|牛皮|羊皮|leather"),
    _said("bean", "咖啡豆品种", "coffee variety", "什么豆|阿拉比卡|罗布斯塔", "arabica|robusta",
          "阿拉比卡|罗布斯塔|arabica|robusta"),
)  # fmt: skip
_FEATURES: tuple[_Said, ...] = (
    _said("waterproof", "防水", "waterproof", "防水|防不防水|进水",
          "waterproof|water ?proof|water resistant", "防水|waterproof|water ?resistant"),
    _said("washable", "可机洗", "machine washable", "机洗|水洗", "washable|machine wash\\w*",
          "机洗|水洗|washable|machine wash"),
    _said("warm", "保温", "keeps drinks hot", "保温", "keeps? (?:\\w+ )?(?:hot|warm|cold)",
          "保温|keeps? (?:hot|warm)|insulat"),
    _said("noise", "降噪", "noise cancelling", "降噪", "noise cancel\\w*|anc",
          "降噪|noise cancel"),
    _said("plane", "可否带上飞机", "taking it on a plane", "飞机|登机", "plane|flight|airplane",
          "飞机|登机|plane|flight|airline"),
    _said("sensitive", "敏感肌", "sensitive skin", "敏感肌|敏感皮|过敏", "sensitive skin",
          "敏感|sensitive"),
    _said("pregnant", "孕妇", "pregnancy", "孕妇|怀孕|孕期", "pregnan\\w*", "孕妇|孕期|pregnan"),
    _said("fading", "掉色", "colour fading", "掉色|脱色|褪色", "fade|fades|fading|smudge\\w*",
          "掉色|脱色|褪色|fade|smudge"),
    _said("sugar", "糖", "sugar", "糖", "sugar", "糖|sugar"),
    _said("alcohol", "酒精", "alcohol", "酒精", "alcohol", "酒精|alcohol"),
    _said("additives", "添加剂", "additives", "添加|防腐剂", "additives?|preservatives?",
          "添加|防腐|additive|preservative"),
    _said("pilling", "起球", "pilling", "起球", "pilling|pills", "起球|pilling"),
    _said("fragrance", "香精", "fragrance", "香精|香料", "fragrance|perfume", "香精|fragrance"),
)  # fmt: skip
# A question after the catalog's words (what, how long, 304 or 316), not a yes-or-no one.
_OPEN_ZH = re.compile(r"什么|啥|多久|多少|多长|几|哪|怎么|还是|如何")
_OPEN_EN = re.compile(r"(?<![a-z])(?:what|whats|how|which|or)(?![a-z])")
# What the material question is, without naming one ("什么材质", "what is it made of").
_ANY_MATERIAL = re.compile(r"材质|材料|面料|什么做的|啥做的|什么料|啥料|成分|什么豆")
_ANY_MATERIAL_EN = re.compile(r"(?<![a-z])(?:made (?:of|from)|materials?|fabric)(?![a-z])")
# A selling point that says "not" ("无添加糖", "不脱色", "alcohol-free"): quoted, never a yes.
_NEGATION = re.compile(r"无|不(?!锈)|没|免|零|(?<![a-z])(?:no|non|not|without|free)(?![a-z])")
# A selling point that says it is like the thing, part of it or nearly it ("仿真丝", "PU皮革",
# "棉麻混纺", "生活防水", "faux leather", "water resistant"): quoted, never a yes.
_QUALIFIED = re.compile(
    r"仿|人造|合成|混纺|混合|生活防水|防泼|泼水|(?<![a-z])(?:pu|faux|imitation|artificial"
    r"|synthetic|vegan|blend|blended|mixed|resistant|splash\w*)(?![a-z])"
)
_PERCENT = re.compile(r"(\d{1,3})\s*%")
_NUMBER = re.compile(r"\d+")


def _catalog_says(c: _Context, table: tuple[_Said, ...]) -> Answer:
    """The product's selling points about what the comment asks; None when the catalog says
    nothing of it (never a "no" it does not state)."""
    p = c.product
    if p is None or not p.selling_points:
        return None
    if _asked(c.text.raw, p):
        return None  # "防水冲锋衣有黑色吗": a colour or size asked of the product, not this
    asked = [s for s in table if s.ask_zh.search(c.text.compact) or s.ask_en.search(c.text.words)]
    open_question = bool(_OPEN_ZH.search(c.text.compact) or _OPEN_EN.search(c.text.words))
    if (
        not asked
        and table is _MATERIALS
        and (_ANY_MATERIAL.search(c.text.compact) or _ANY_MATERIAL_EN.search(c.text.words))
    ):
        asked, open_question = list(table), True  # "what material": the points that name one
    if not asked:
        return None
    quoted: list[tuple[str, list[_Said]]] = []
    for point in p.selling_points:
        about = [s for s in asked if s.catalog.search(fold(point))]
        if about:
            quoted.append((point, about))
    if not quoted:
        return None
    confirms = not open_question and all(_confirms(point, c.text.folded) for point, _ in quoted)
    for point, _ in quoted:
        c.cite_field("selling point", point)
    return ("yes" if confirms else "quote"), {"points": _points(quoted, c.lang)}


def _confirms(point: str, question: str) -> bool:
    """Whether a selling point is a plain yes to the question: it says no "not", no part
    ("70%羊毛" to "纯羊毛吗"), no likeness ("仿真丝", "faux leather"), and has every number
    asked ("316" is no yes to "304的吗")."""
    folded = fold(point)
    if _NEGATION.search(folded) or _QUALIFIED.search(folded):
        return False
    if any(int(m.group(1)) < 100 for m in _PERCENT.finditer(folded)):
        return False
    return all(n in folded for n in _NUMBER.findall(question))


def _points(quoted: list[tuple[str, list[_Said]]], lang: Lang) -> str:
    """The catalog's words, each with what it is about in the answer's language when written
    in the other one ("100%桑蚕丝 (silk)"): the buyer reads what was asked about, the host
    sees the catalog's own words."""
    out = []
    for point, about in quoted:
        written_zh = bool(_CJK.search(point))
        if lang == "en" and written_zh:
            names = ", ".join(dict.fromkeys(s.en for s in about))
            negated = _NEGATION.search(fold(point))
            out.append(f"{point} (about {names})" if negated else f"{point} ({names})")
        elif lang == "zh" and not written_zh:
            out.append(f"{point}（{'、'.join(dict.fromkeys(s.zh for s in about))}）")
        else:
            out.append(point)
    return ("；" if lang == "zh" else "; ").join(out)


def _material(c: _Context) -> Answer:
    return _catalog_says(c, _MATERIALS)


def _feature(c: _Context) -> Answer:
    return _catalog_says(c, _FEATURES)


_HANDLERS: dict[str, Callable[[_Context], Answer]] = {
    "price": _price,
    "variant": _variant,
    "stock": _stock,
    "discount": _discount,
    "shipping": _shipping,
    "returns": _returns,
    "moq": _moq,
    "lead_time": _lead_time,
    "certifications": _certifications,
    "fob": _fob,
    "link": _link,
    "material": _material,
    "feature": _feature,
}


def _section(template: str, index: int) -> str:
    sections = template.split(CASE_SEPARATOR)
    return sections[index].strip() if index < len(sections) else ""


def render(rule: AnswerRule, case: str, values: dict[str, str], lang: Lang) -> str:
    """The rule's answer for `case` with its `{field}`s filled in; a section the rule leaves
    empty comes from the default rule. A `{field}` that is not known stays as written, so the
    host sees the typo."""
    index = TOPIC_CASES[rule.topic].index(case)
    text = _section(rule.template(lang), index)
    if not text:
        text = _section(_DEFAULT_BY_TOPIC[rule.topic].template(lang), index)
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# --- which product ----------------------------------------------------------------------------

# shop -> (its version, its products' ids and names, the index). A change of price or stock
# bumps the version but keeps the index; the products themselves are always read afresh.
_INDEXES: WeakKeyDictionary[Shop, tuple[int, tuple[tuple[str, str], ...], ProductMatcher]] = (
    WeakKeyDictionary()
)


def _index(shop: Shop) -> ProductMatcher:
    version = shop.version
    cached = _INDEXES.get(shop)
    if cached is not None and cached[0] == version:
        return cached[2]
    products = shop.products
    names = tuple((p.id, p.name) for p in products)
    index = cached[2] if cached is not None and cached[1] == names else ProductMatcher(products)
    _INDEXES[shop] = (version, names, index)
    return index


def _named(shop: Shop, text: _Text) -> Match:
    return _index(shop).find(text)


def named_product(shop: Shop, text: str) -> Product | None:
    """The product a comment names: "3号链接" / "link 3" / "#3" (its place in the cart), its
    name or id, part of its name or an everyday word for it ("保温杯", "the cup"); None when
    it names none, or two."""
    product_id = _named(shop, _Text(text)).product_id
    return shop.product(product_id) if product_id is not None else None


def _meant(shop: Shop, text: _Text) -> Product | None:
    """The product named, else the one on screen; None when two could be meant."""
    return _meant_how(shop, text)[0]


def _meant_how(shop: Shop, text: _Text) -> tuple[Product | None, str]:
    """`_meant`, and how the comment reached it: "named", "link N" or "screen"."""
    match = _named(shop, text)
    if match.product_id is not None:
        product = shop.product(match.product_id)
        if match.how != "link" or product is None:
            return product, "named"
        ids = [p.id for p in shop.products]
        return product, f"link {ids.index(product.id) + 1}"
    return (None, "") if match.ambiguous else (shop.explaining, "screen")


def _evidence(
    product: Product | None, how: str, topic: str, cited: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The product and what the handler cited. A shipping or returns answer rests on the
    shop's terms, not on the product on screen: that one is named only when a field of it
    was quoted (its lead time, its link number)."""
    rests_on_product = topic not in PRODUCT_FREE or any(kind == "field" for kind, _ in cited)
    if product is None or not rests_on_product:
        return tuple(cited)
    return (("product", product.id), ("name", product.name), ("found", how), *cited)


# --- suggest ------------------------------------------------------------------------------------


def suggest(
    event: ChatEvent,
    shop: Shop,
    terms: ShopTerms | None = None,
    rules: Sequence[AnswerRule] = DEFAULT_RULES,
    lang: Lang | None = None,
    *,
    now: float | None = None,
) -> Suggestion | None:
    """The answer to suggest for a comment, or None (not a comment, chit-chat, or nothing the
    rules can say). The product is the one the comment names, else `shop.explaining`. `now` is
    the media clock's time, for a running flash sale's time left (without it, a flash sale is
    not mentioned). Never raises for what a viewer writes."""
    if event.kind != "comment" or not event.text:
        return None
    text = _Text(event.text)
    if not text.compact and "?" not in text.folded:
        return None  # only emoji, spaces, punctuation
    if lang is None:
        found = buyer_language.detect(text.raw[:MATCH_CHARS])
        if found and found not in ANSWERED_LANGS:
            # es, pt, fr, ru, ar: no answers written in them yet, and an English one to a
            # Spanish buyer is a wrong one: rather none (issue 18 adds their templates).
            return None
        lang = found or detect_lang(text.raw)  # unknown ("MOQ?"): as before
    product: Product | None = None
    how = ""
    product_found = False
    context: _Context | None = None
    for rule in rules:
        if not rule.enabled:
            continue
        if not _compile(rule).matches(text):
            continue
        if not product_found:
            product, how = _meant_how(shop, text)
            product_found = True
            context = _Context(text, product, shop, terms or ShopTerms(), lang, now)
        if product is None and rule.topic not in PRODUCT_FREE:
            continue
        assert context is not None
        context.evidence.clear()  # what a handler that gave no answer cited is no evidence
        answer = _HANDLERS[rule.topic](context)
        if answer is None:
            continue
        case, values = answer
        answer_text = render(rule, case, {**_common(product), **values}, lang)
        if not answer_text:
            continue
        return Suggestion(
            event.id,
            rule.id,
            rule.topic,
            answer_text,
            lang,
            product.id if product is not None else "",
            _evidence(product, how, rule.topic, context.evidence),
        )
    return None
