"""Which product a buyer's comment means (issue 18): by its place in the cart, its id or full
name, part of its name ("保温杯" for 不锈钢保温杯, "gloves" for Nitrile Work Gloves) or the
everyday words buyers use for it ("杯子", "the cup", "灯带", "LED strip", "camiseta").

A name is read as a head (the words at its end, what the product is: 保温杯, 冲锋衣, Gloves) and
the rest (what it is like: 不锈钢, 防水, Nitrile). A comment that names one product by its head,
its full name or an everyday word means that product; one that only quotes the rest of a name
("坚果" of 每日坚果礼盒) means it too, unless a head is named. Two products named (or one word
that fits two) is ambiguous: the caller answers nothing rather than guess.

Headless and cheap: an index built once per catalog, a comment looked up in a few dictionary
lookups per character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from studio.chat.moderation import compact, fold, words
from studio.commerce.product import Product

_LINK_NUMBER_ZH = re.compile(r"(?<!\d)(\d{1,3})号(?:链接|宝贝|商品|产品)")
_LINK_NUMBER_EN = re.compile(
    r"(?<![a-z0-9])(?:link|item|product) ?(?:no ?|number ?)?(\d{1,3})(?!\d)"
)
_LINK_HASH = re.compile(r"#\s*(\d{1,3})(?!\d)")


def link_number(text: _Comment) -> re.Match[str] | None:
    """Where a comment names a product by its place in the cart ("3号链接", "link 3", "#3");
    the number is group 1. Such a comment names a product, it does not ask for the link."""
    m = _LINK_NUMBER_ZH.search(text.compact) or _LINK_NUMBER_EN.search(text.words)
    return m or _LINK_HASH.search(text.folded)


_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
# Letters of the scripts whose words are separated by spaces: a word starts after none of them.
_LETTER = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
# The end of a Chinese name that says how much, not what ("10斤", "SPF50", "400W").
_TRAILING_SPEC = re.compile(r"[a-z0-9.\-+%]+[斤克只支片个件装袋]?$")
_MAX_PART = 6  # the longest part of a Chinese name looked up
PARTS_LIMIT = 1000  # products: above, names are matched whole, by their heads and kinds only

# Parts of Chinese names that say what a product is like, which buyers ask about the product on
# screen ("防水吗", "是真丝的吗"): never taken alone as naming another product.
_ATTRIBUTE_PARTS = frozenset((
    "防水", "真丝", "纯棉", "羊毛", "不锈钢", "蓝牙", "无线", "智能", "保湿", "清爽", "持妆",
    "哑光", "丝绒", "双面", "高腰", "纯天然", "天然", "农家", "每日", "风干", "新款", "正品",
    "加厚", "大码", "快充", "降噪", "宽松", "修身", "韩版", "百搭", "显瘦", "加绒", "透气", "速干",
    "轻薄", "保暖", "便携", "迷你", "男款", "女款", "儿童", "夏季", "冬季", "春秋", "同款", "网红",
    "爆款", "进口", "有机", "原装", "家用", "专业", "超薄", "高清", "静音", "折叠", "耐磨", "舒适",
))  # fmt: skip
# Latin words of names that say nothing of what the product is; colours among them: "black?"
# asks the product on screen for a colour, not for the Black Tea Gift Box.
_LATIN_STOP = frozenset((
    "the", "and", "for", "with", "set", "pack", "kit", "box", "pro", "max", "mini", "plus",
    "new", "light", "power", "work", "steel", "stainless", "ball",
    "black", "white", "red", "blue", "green", "grey", "gray", "pink", "purple", "brown",
    "yellow", "orange", "navy", "gold", "golden", "silver", "beige", "khaki", "cream",
    "burgundy", "maroon", "violet", "lilac",
))  # fmt: skip
# A part of a Chinese name made only of these ("黑色", "粉红") is a colour, not the product.
_COLOUR_CHARS = frozenset("红黄蓝绿黑白灰紫粉棕橙青金银褐色")

# Everyday words for kinds of product, in every language buyers write in. A product is of a
# kind when its name holds one of the kind's words; a comment naming the kind means the one
# product of that kind. Latin and Cyrillic words match whole words; a word ending in "*" is a
# stem ("перчат*" for перчатки, перчаток); Arabic words match inside a word (its prefixes:
# "لل", "بال").
EVERYDAY: dict[str, tuple[str, ...]] = {
    "cup": ("杯", "cup", "cups", "mug", "tumbler", "flask", "thermos", "taza", "termo", "copo",
            "garrafa térmica", "tasse", "gourde", "кружк*", "термос*", "чашк*", "كوب", "ترمس"),
    "tshirt": ("t恤", "体恤", "t桖", "短袖", "tee", "tees", "tshirt", "tshirts", "t shirt",
               "t shirts", "camiseta*", "футболк*", "تيشيرت", "قميص"),
    "dress": ("裙", "dress", "dresses", "vestido*", "robe", "robes", "плать*", "فستان"),
    "jeans": ("裤", "jeans", "pants", "trousers", "vaquero*", "pantal*", "calça*", "jean",
              "джинс*", "брюк*", "جينز", "بنطال"),
    "coat": ("大衣", "coat", "coats", "abrigo*", "casaco*", "manteau*", "пальто", "معطف"),
    "jacket": ("冲锋衣", "夹克", "jacket", "jackets", "chaqueta*", "jaqueta*", "veste*",
               "куртк*", "سترة", "جاكيت"),
    "coffee": ("咖啡", "coffee", "café", "cafe", "кофе", "قهوة", "القهوة"),
    "nuts": ("坚果", "nuts", "nut", "frutos secos", "nozes", "noix", "орех*", "مكسرات"),
    "rice": ("大米", "米饭", "rice", "arroz", "riz", "рис", "риса", "أرز", "ارز"),
    "honey": ("蜂蜜", "honey", "miel", "mel", "мёд*", "мед", "меда", "عسل"),
    "jerky": ("牛肉干", "jerky", "beef jerky", "cecina", "carne seca", "вялен*", "لحم مجفف"),
    "earbuds": ("耳机", "earbuds", "earphones", "headphones", "earbud", "audífono*",
                "auricular*", "fone*", "écouteur*", "наушник*", "سماعات", "السماعات"),
    "powerbank": ("充电宝", "移动电源", "power bank", "powerbank", "power banks", "batería externa",
                  "carregador portátil", "batterie externe", "пауэрбанк*", "повербанк*",
                  "باور بانك"),
    "watch": ("手表", "watch", "smartwatch", "smart watch", "reloj*", "relógio*", "montre*",
              "часы", "часов", "ساعة", "الساعة"),
    "cable": ("数据线", "电缆", "线缆", "cable", "cables", "cabo*", "câble*", "кабел*", "كابل"),
    "keyboard": ("键盘", "keyboard", "keyboards", "teclado*", "clavier*", "клавиатур*",
                 "لوحة المفاتيح", "كيبورد"),
    "lipstick": ("口红", "唇膏", "lipstick", "lipsticks", "labial*", "pintalabios", "batom*",
                 "rouge à lèvres", "помад*", "أحمر الشفاه", "احمر الشفاه"),
    "serum": ("精华", "serum", "sérum*", "сыворотк*", "سيروم"),
    "sunscreen": ("防晒", "sunscreen", "sunblock", "sun cream", "protector solar", "bloqueador*",
                  "protetor solar", "crème solaire", "солнцезащит*", "واقي الشمس"),
    "cleanser": ("洗面奶", "洁面", "cleanser", "face wash", "limpiador*", "sabonete facial",
                 "nettoyant*", "пенк*", "غسول"),
    "cushion": ("气垫", "粉底", "cushion", "foundation", "base de maquillaje", "fond de teint",
                "тональн*", "كريم أساس"),
    "led_strip": ("灯带", "灯条", "led strip", "led strips", "strip light", "strip lights",
                  "tira led", "tiras led", "fita de led", "fita led", "ruban led",
                  "bande led", "светодиодн*", "лент*", "شريط"),
    "solar_panel": ("太阳能板", "光伏板", "太阳能电池板", "solar panel", "solar panels",
                    "panel solar", "paneles solares", "painel solar", "painéis solares",
                    "panneau solaire", "panneaux solaires", "солнечн*", "شمسي", "ألواح"),
    "motor": ("电机", "马达", "motor", "motors", "motores", "moteur*", "мотор*", "двигател*",
              "محرك", "المحرك", "للمحرك"),
    "valve": ("阀门", "球阀", "阀", "valve", "valves", "válvula*", "vanne*", "клапан*", "кран*",
              "صمام", "الصمام"),
    "gloves": ("手套", "glove", "gloves", "guante*", "luva*", "gant", "gants", "перчат*",
               "قفاز", "قفازات"),
    # Kinds the catalogs above lack, so that "羽绒服多少钱" in a shop without one gets no answer
    # rather than the price of the product on screen.
    "shirt": ("衬衫", "衬衣", "blouse", "blouses", "camisa", "camisas", "chemise*", "рубашк*"),
    "hoodie": ("卫衣", "hoodie", "hoodies", "sweatshirt*", "sudadera*", "moletom", "толстовк*"),
    "sweater": ("毛衣", "针织衫", "sweater", "sweaters", "jumper", "suéter*", "свитер*"),
    "down_coat": ("羽绒服", "down jacket", "puffer", "пуховик*"),
    "skirt": ("半身裙", "skirt", "skirts", "falda*", "saia*", "jupe*", "юбк*"),
    "shorts": ("短裤", "shorts", "шорт*"),
    "shoes": ("鞋", "shoes", "shoe", "sneakers", "boots", "zapato*", "zapatilla*", "sapato*",
              "chaussure*", "обув*", "кроссовк*", "حذاء"),
    "bag": ("包包", "背包", "手提包", "双肩包", "钱包", "挎包", "bag", "bags", "backpack", "purse",
            "wallet", "bolso*", "mochila*", "bolsa*", "sac", "sacs", "сумк*", "рюкзак*", "حقيبة"),
    "hat": ("帽", "hat", "hats", "cap", "caps", "beanie", "sombrero*", "gorra*", "chapéu",
            "boné", "chapeau*", "casquette*", "шапк*", "кепк*", "قبعة"),
    "socks": ("袜", "socks", "calcetines", "meias", "chaussettes", "носк*", "جوارب"),
    "scarf": ("围巾", "scarf", "scarves", "bufanda*", "écharpe*", "шарф*"),
    "mask": ("面膜", "face mask", "sheet mask", "mascarilla*", "masque*", "маск*"),
    "perfume": ("香水", "perfume", "perfumes", "fragrance", "parfum*", "духи", "عطر"),
    "phone_case": ("手机壳", "phone case", "funda*", "capinha*", "coque*", "чехол*"),
    "speaker": ("音箱", "音响", "speaker", "speakers", "altavoz*", "enceinte*", "колонк*"),
    "charger": ("充电器", "charger", "chargers", "cargador*", "carregador", "chargeur*",
                "зарядк*"),
    "mouse": ("鼠标", "mouse", "ratón", "souris", "мышк*"),
    "tea": ("茶叶", "tea", "té", "chá", "thé", "чай", "شاي"),
    "eyeshadow": ("眼影", "eyeshadow", "eyeshadows", "eye shadow"),
    "phone": ("iphone", "iphones", "ipad", "ipads", "airpods", "smartphone", "smartphones"),
    "pump": ("水泵", "泵", "pump", "pumps", "pompe*", "насос*"),
    "pipe": ("管道", "水管", "钢管", "pipe", "pipes", "tubería*", "tuyau*"),
}  # fmt: skip


class _Comment(Protocol):
    """The forms of a comment matching looks at (answers._Text has them)."""

    compact: str  # folded, without spaces and punctuation: "保温杯多少钱"
    words: str  # folded, single spaces, a space at each end: " the cup price "
    folded: str


@dataclass(frozen=True)
class Match:
    """The product a comment means (None: none named), whether it named two (then
    product_id is None), and how it was found: "link", "name", "part" or "word"."""

    product_id: str | None = None
    ambiguous: bool = False
    how: str = ""


NO_MATCH = Match()


class _KindIndex:
    """The everyday words of EVERYDAY, for finding them in a text with dictionary lookups (a
    regular expression of hundreds of words costs a millisecond a comment)."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.cjk: dict[str, str] = {}  # compact word -> kind
        self.phrases: dict[str, list[tuple[list[str], str]]] = {}  # first word -> (words, kind)
        self.stems: dict[str, list[tuple[str, str]]] = {}  # first 2 letters -> (stem, kind)
        self.arabic: list[tuple[str, str]] = []
        for kind, terms in table.items():
            for term in terms:
                self._add(fold(term), kind)
        cjk = sorted(self.cjk, key=len, reverse=True)
        self.cjk_starts = frozenset(k[0] for k in cjk)
        self.cjk_longest = max(map(len, cjk))
        # the same, overlapping: each word at each place ("半身裙" and its "裙")
        self.cjk_every = re.compile(f"(?=({'|'.join(map(re.escape, cjk))}))")

    def _add(self, folded: str, kind: str) -> None:
        if _CJK.search(folded):
            self.cjk[compact(folded)] = kind
        elif _ARABIC.search(folded):
            self.arabic.append((words(folded).strip(), kind))
        elif folded.endswith("*"):
            stem = folded.rstrip("*")
            self.stems.setdefault(stem[:2], []).append((stem, kind))
        else:
            split = words(folded).split()
            self.phrases.setdefault(split[0], []).append((split, kind))

    def find(self, compact_text: str, words_text: str) -> list[tuple[str, int, int]]:
        """The kinds a text names, in no particular order: (kind, start, end), where in the
        compact text for a Chinese word, (kind, -1, -1) for the others."""
        found = self._cjk(compact_text) if _CJK.search(compact_text) else []
        tokens = _TOKEN.findall(words_text)
        for i, token in enumerate(tokens):
            for stem, kind in self.stems.get(token[:2], ()):
                if token.startswith(stem):
                    found.append((kind, -1, -1))
            for phrase, kind in self.phrases.get(token, ()):
                if tokens[i : i + len(phrase)] == phrase:
                    found.append((kind, -1, -1))
        if _ARABIC.search(words_text):  # words carry their prefixes ("للقفازات"): substrings
            found.extend((kind, -1, -1) for term, kind in self.arabic if term in words_text)
        return found

    def _cjk(self, text: str) -> list[tuple[str, int, int]]:
        """Chinese words, the longest at each place, one after another (not overlapping)."""
        found = []
        i = 0
        while i < len(text):
            if text[i] in self.cjk_starts:
                for j in range(min(len(text), i + self.cjk_longest), i, -1):
                    kind = self.cjk.get(text[i:j])
                    if kind is not None and text[j : j + 1] != "色":  # "咖啡色": no coffee
                        found.append((kind, i, j))
                        i = j - 1
                        break
            i += 1
        return found


# Words as the lexicon splits them: runs of letters of one script, so "c数据线" gives "c".
_TOKEN = re.compile(f"[{_LETTER}]+|[\u0600-\u06ff]+")
_KINDS = _KindIndex(EVERYDAY)


def kinds(compact_text: str, words_text: str) -> list[str]:
    """The kinds of product a text names (EVERYDAY's keys)."""
    return list(dict.fromkeys(kind for kind, _, _ in _KINDS.find(compact_text, words_text)))


def _head_and_rest(key: str, with_parts: bool) -> tuple[set[str], set[str]]:
    """A Chinese name's heads (its last 2 and 3 characters, once a trailing "10斤" / "SPF50" is
    taken off) and, `with_parts`, its other parts, 2 to _MAX_PART characters long."""
    core = _TRAILING_SPEC.sub("", key) or key
    core = core.lstrip("0123456789")  # "20000mah充电宝": the head is what follows
    heads = {core[-n:] for n in (3, 2) if len(core) >= n and _CJK.search(core[-n:])} or {core}
    heads = {head for head in heads if not _COLOUR_CHARS.issuperset(head)}
    if not with_parts:
        return heads, set()
    cjk = [bool(_CJK.match(c)) for c in core]
    parts = {
        core[i:j]
        for i in range(len(core))
        for j in range(i + 2, min(len(core), i + _MAX_PART) + 1)
        if any(cjk[i:j])
    }
    colours = {part for part in parts if _COLOUR_CHARS.issuperset(part)}
    return heads, parts - heads - _ATTRIBUTE_PARTS - colours


class ProductMatcher:
    """Product ids by what a comment may call them, built once per catalog."""

    def __init__(self, products: Sequence[Product]) -> None:
        self.ids = [p.id for p in products]  # in the cart's order: "3号链接" is the third
        self.full_cjk: dict[str, list[tuple[str, str]]] = {}  # first 2 chars -> (key, id)
        self.full_latin: dict[str, list[tuple[str, str]]] = {}
        self.heads: dict[str, set[str]] = {}  # a Chinese part or Latin word -> ids (strong)
        self.parts: dict[str, set[str]] = {}  # the same, weak
        self.by_kind: dict[str, set[str]] = {}
        # Parts of names are for a live room's catalog; a warehouse's would cost memory (some
        # hundred parts a name) and name few products alone.
        self.with_parts = len(products) <= PARTS_LIMIT
        for product in products:
            self._add(product)
        for table in (self.full_cjk, self.full_latin):
            for entries in table.values():
                entries.sort(key=lambda e: len(e[0]), reverse=True)
        # where a Chinese head or part may start: most places in a comment are skipped
        self.starts = frozenset(k[0] for table in (self.heads, self.parts) for k in table)

    def _add(self, product: Product) -> None:
        for value in (product.name, product.id):
            folded = fold(value)
            key = compact(folded)
            if key.isascii():
                spaced = words(folded).strip()
                if len(key) >= 3:
                    self.full_latin.setdefault(spaced[:2], []).append((spaced, product.id))
            elif len(key) >= 2:
                self.full_cjk.setdefault(key[:2], []).append((key, product.id))
        folded = fold(product.name)
        key = compact(folded)
        chinese = bool(_CJK.search(key))
        if chinese:
            heads, parts = _head_and_rest(key, self.with_parts)
            for head in heads:
                self.heads.setdefault(head, set()).add(product.id)
            for part in parts:
                self.parts.setdefault(part, set()).add(product.id)
        latin = [w for w in re.findall(r"[a-z]{3,}", words(folded)) if w not in _LATIN_STOP]
        for number, word in enumerate(latin):
            # A Latin name's last word says what it is; in a Chinese name ("Type-C数据线",
            # "20000mAh充电宝") Latin words only say what it is like.
            strong = not chinese and number == len(latin) - 1
            (self.heads if strong else self.parts).setdefault(word, set()).add(product.id)
        # every kind a name holds, "裙" in "半身裙" too: "裙子" could be the skirt
        every = {_KINDS.cjk[m.group(1)] for m in _KINDS.cjk_every.finditer(key)}
        every.update(kinds("", words(folded)))  # "LED Strip Light": words of other scripts
        for kind in every:
            self.by_kind.setdefault(kind, set()).add(product.id)

    def find(self, text: _Comment) -> Match:
        if not self.ids:
            return NO_MATCH
        by_link = self._link(text)
        if by_link is not None:
            return Match(by_link, how="link")
        full = _scan(text.compact, self.full_cjk, boundaries=False)
        full = full or _scan(text.words, self.full_latin, boundaries=True)
        if full is not None:
            return Match(full, how="name")
        strong, weak, kinds_named = self._partial(text)
        if kinds_named and not strong:
            # "the cup" in a shop without cups: not the product on screen either
            return Match(None, ambiguous=True, how="word")
        for found, how in ((strong, "word"), (weak, "part")):
            if len(found) == 1:
                return Match(next(iter(found)), how=how)
            if found:
                return Match(None, ambiguous=True, how=how)
        return NO_MATCH

    def _link(self, text: _Comment) -> str | None:
        m = link_number(text)
        if m is not None:
            number = int(m.group(1))
            if 1 <= number <= len(self.ids):
                return self.ids[number - 1]
        return None

    def _partial(self, text: _Comment) -> tuple[set[str], set[str], bool]:
        """(products named by a head or an everyday word, products named by other parts,
        whether an everyday word was used)."""
        strong: set[str] = set()
        weak: set[str] = set()
        heads: list[tuple[int, int]] = []  # where heads were found
        cjk = text.compact if _CJK.search(text.compact) else ""  # parts all hold Chinese
        starts = self.starts
        for i in range(len(cjk) - 1):
            if cjk[i] not in starts:
                continue
            for j in range(min(len(cjk), i + _MAX_PART), i + 1, -1):
                piece = cjk[i:j]
                if cjk[j : j + 1] == "色":
                    continue  # "咖啡色", "象牙色": a colour, not the coffee
                if piece in self.heads:
                    strong |= self.heads[piece]
                    heads.append((i, j))
                elif piece in self.parts:
                    weak |= self.parts[piece]
        named = _KINDS.find(text.compact, text.words)
        for kind, start, end in named:
            if start >= 0 and any(i <= start and end <= j for i, j in heads):
                continue  # "裙" in "半身裙": the skirt named, not every kind of 裙
            strong |= self.by_kind.get(kind, set())
        for word in re.findall(r"[a-z]{3,}", text.words):
            if word in self.heads:
                strong |= self.heads[word]
            elif word in self.parts:
                weak |= self.parts[word]
        return strong, weak, bool(named)


def _latin_letter(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _scan(text: str, table: dict[str, list[tuple[str, str]]], boundaries: bool) -> str | None:
    """The first full name or id from `table` in `text` (Latin ones as whole words)."""
    for i in range(len(text) - 1):
        entries = table.get(text[i : i + 2])
        if entries is None:
            continue
        if boundaries and _latin_letter(text[i - 1 : i]):
            continue
        for key, product_id in entries:
            end = i + len(key)
            if text.startswith(key, i) and not (boundaries and _latin_letter(text[end : end + 1])):
                return product_id
    return None
