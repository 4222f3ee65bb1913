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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from weakref import WeakKeyDictionary

from studio.chat import buyer_language, buyer_place
from studio.chat.answer_rules import (
    CASE_SEPARATOR,
    FIELD,
    LANGS,
    PRODUCT_FREE,
    QUESTION_PATTERN,
    REGEX_PREFIX,
    RTL_LANGS,
    TOPIC_CASES,
    TOPIC_FIELDS,
    TOPICS,
    AnswerRule,
    Lang,
    ShopTerms,
    Suggestion,
    rules_to_list,
)
from studio.chat.answer_rules import rules_from_list as _rules_from_list
from studio.chat.answer_words import (
    COLOUR_NAMES,
    COLOUR_WORDS,
    GENERIC_VARIANT_WORDS,
    MORE_LANGS,
    OPEN_QUESTION_WORDS,
    PIECE_WORDS,
    SIZE_WORDS,
    phrase,
)
from studio.chat.default_rules import DEFAULT_BY_TOPIC, DEFAULT_RULES
from studio.chat.events import ChatEvent
from studio.chat.moderation import compact, fold, is_question, words
from studio.chat.product_match import Match, ProductMatcher, link_number
from studio.commerce.product import Product, format_money
from studio.commerce.shop import Shop

MATCH_CHARS = 500  # a question is short: only the start of a long comment is looked at


# --- matching ---------------------------------------------------------------------------------

_CJK = re.compile(
    "[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


class _Text:
    """A comment in the forms rules match in, each made when first needed."""

    __slots__ = (
        "_question", "_runs", "arabic", "cjk", "compact", "folded", "hits", "raw", "words",
    )  # fmt: skip

    def __init__(self, text: str) -> None:
        self.raw = text[:MATCH_CHARS]
        self.folded = fold(self.raw)
        self.compact = compact(self.folded)
        self.words = words(self.folded)
        self._question: bool | None = None
        self.hits: dict[int, int] = {}  # _Compiled.hit's findings, by its id
        self._runs: frozenset[str] | None = None
        # which scripts it has: patterns in a script it lacks cannot match, and are not tried
        self.cjk = not self.compact.isascii() and _CJK.search(self.compact) is not None
        self.arabic = not self.compact.isascii() and _ARABIC.search(self.compact) is not None

    @property
    def runs(self) -> frozenset[str]:
        """The comment's whole words in the scripts that write words apart: what a one-word
        pattern matches ("xl" in "t恤有xl吗" too, as its guards allow)."""
        if self._runs is None:
            self._runs = frozenset(_WORD_RUN.findall(self.words))
        return self._runs

    @property
    def question(self) -> bool:
        if self._question is None:
            self._question = is_question(self.raw)
        return self._question


# Letters of the scripts that write words apart (Latin with accents, Greek, Cyrillic): a word
# pattern starts and ends where none of them stands.
_WORD_LETTERS = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_ARABIC = re.compile("[\u0600-\u06ff]")
_WORD_RUN = re.compile(f"[{_WORD_LETTERS}]+")


def _word_plain(pattern: str) -> tuple[str, bool] | None:
    """A pattern matched as whole words in a comment's words, and whether it is to be guarded
    as a whole word: spaces inside it optional ("lead time" matches "leadtime"), a "*" ending
    a word the rest of it ("сертифика*"). Arabic patterns match inside words: articles and
    prepositions are written joined to them ("بالسعر")."""
    pieces = []
    for token in pattern.split():
        key = words(fold(token.rstrip("*"))).strip()
        if key:
            rest = f"[{_WORD_LETTERS}]*" if token.endswith("*") else ""
            pieces.append(re.escape(key).replace(r"\ ", " ?") + rest)
    if not pieces:
        return None
    body = " ?".join(pieces)
    return body, not _ARABIC.search(body)


def _en_plain(pattern: str) -> str | None:
    """`_word_plain` as one guarded expression (a variant's Latin name)."""
    found = _word_plain(pattern)
    if found is None:
        return None
    body, guarded = found
    return rf"(?<![{_WORD_LETTERS}]){body}(?![{_WORD_LETTERS}])" if guarded else body


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


_NO_HIT, _QUESTION_HIT, _TOPIC_HIT = 0, 1, 2


@dataclass(frozen=True, eq=False)
class _Compiled:
    """A rule's patterns as regular expressions: Chinese ones over a comment's compact text,
    whole words (one guard around them all: cheaper than one each) and the rest over its
    words."""

    zh: re.Pattern[str] | None  # Chinese words, tried on comments with Chinese characters
    zh_regex: re.Pattern[str] | None  # the host's Chinese regular expressions
    one_words: frozenset[str]  # patterns of one whole word, looked up in the comment's words
    whole_words: re.Pattern[str] | None
    arabic: re.Pattern[str] | None  # tried on comments with Arabic letters
    other_words: re.Pattern[str] | None
    any_question: bool

    def hit(self, text: _Text) -> int:
        """_TOPIC_HIT when a pattern of the rule's own matches, _QUESTION_HIT when only its
        "any question" does, else _NO_HIT; worked out once per comment."""
        found = text.hits.get(id(self))
        if found is None:
            found = _NO_HIT
            if (
                (self.one_words and not self.one_words.isdisjoint(text.runs))
                or (text.cjk and self.zh is not None and self.zh.search(text.compact))
                or (self.zh_regex is not None and self.zh_regex.search(text.compact))
                or (self.whole_words is not None and self.whole_words.search(text.words))
                or (text.arabic and self.arabic is not None and self.arabic.search(text.words))
                or (self.other_words is not None and self.other_words.search(text.words))
            ):
                found = _TOPIC_HIT
            elif self.any_question and text.question:
                found = _QUESTION_HIT
            text.hits[id(self)] = found
        return found

    def matches(self, text: _Text) -> bool:
        return self.hit(text) != _NO_HIT

    def names_topic(self, text: _Text) -> bool:
        """Whether a pattern of the rule's own matches, not just "any question"."""
        return self.hit(text) == _TOPIC_HIT


# id(rule) -> (the rule, kept so its id stays its own; its expressions). By id: hashing a rule
# of 18 fields for every rule of every comment cost a tenth of `suggest`.
_COMPILED: dict[int, tuple[AnswerRule, _Compiled]] = {}


def _compile(rule: AnswerRule) -> _Compiled:
    cached = _COMPILED.get(id(rule))
    if cached is not None and cached[0] is rule:
        return cached[1]
    if len(_COMPILED) >= 1024:
        _COMPILED.clear()
    compiled = _compile_rule(rule)
    _COMPILED[id(rule)] = (rule, compiled)
    return compiled


def _compile_rule(rule: AnswerRule) -> _Compiled:
    """Chinese patterns are matched in a comment's compact text, every other language's in its
    words (and a pattern all in Latin letters, "MOQ", "CE", in the words whatever its
    language). Every language's patterns apply to every comment: buyers mix languages."""
    question = False
    zh: list[str] = []
    zh_regex: list[str] = []
    one_words: set[str] = set()
    whole: list[str] = []
    arabic: list[str] = []
    other: list[str] = []
    for lang in LANGS:
        for pattern in rule.patterns(lang):
            if pattern.strip() in ("?", "？", "؟"):
                question = True
                continue
            if pattern.startswith(REGEX_PREFIX):
                body = _regex(pattern)
                if body:
                    (zh_regex if lang == "zh" else other).append(f"(?:{body})")
            elif lang == "zh" and _CJK.search(compact(fold(pattern))):
                body = _zh_plain(pattern)
                if body:
                    zh.append(body)
            else:
                found = _word_plain(pattern)
                key = words(fold(pattern)).strip()
                if found and found[1] and "*" not in pattern and _WORD_RUN.fullmatch(key):
                    one_words.add(key)
                elif found:
                    (whole if found[1] else arabic).append(found[0])

    def combined(items: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
        return re.compile("|".join(items), flags) if items else None

    guarded = None
    if whole:
        # longest first: "in stock" before "in", so the guard after it holds
        body = "|".join(sorted(whole, key=len, reverse=True))
        guarded = re.compile(f"(?<![{_WORD_LETTERS}])(?:{body})(?![{_WORD_LETTERS}])")
    return _Compiled(
        combined(zh),
        combined(zh_regex),
        frozenset(one_words),
        guarded,
        combined(arabic, 0),
        combined(other),
        question,
    )


def detect_lang(text: str) -> Lang:
    """zh when the comment has Chinese (or Japanese) characters, else en."""
    return "zh" if _CJK.search(text[:MATCH_CHARS]) else "en"


# --- colours and sizes ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Concept:
    key: str
    zh: str  # how an answer in Chinese names it
    en: str
    more: tuple[str, ...] = ()  # in es, pt, fr, ru, ar answers (MORE_LANGS); else English

    def name(self, lang: Lang) -> str:
        if lang == "zh":
            return self.zh
        if lang in MORE_LANGS and self.more:
            return self.more[MORE_LANGS.index(lang)]
        return self.en


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
_CONCEPTS: dict[str, _Concept] = {
    k: _Concept(k, zh, en, COLOUR_NAMES.get(k, ())) for k, zh, en, _, _ in _COLOUR_TABLE
}
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
        f"(?P<{key}>{'|'.join(w.replace(' ', ' ?') for w in (*en, *COLOUR_WORDS.get(key, ())))})"
        for key, _, _, _, en in _COLOUR_TABLE
    )
    + "|"
    + "|".join(f"(?P<{key}>{'|'.join(spellings)})" for key, _, spellings in _SIZE_TABLE)
    + "|(?P<free>free ?size|one ?size)"
    + f"|(?:{SIZE_WORDS}) ?(?P<size_n>\\d{{2}}|s|m|l)"
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
        return concept.name(lang)
    if key.startswith("n"):
        return phrase(lang, "size", n=key[1:])
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
    joiner = phrase(lang, "joiner")
    fields = {
        "variants": _variants_shown(product, variants, lang),
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
                shown = product.variant_name(name, lang)
                fields.update(asked=shown, variant=shown)
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
            others = _alternatives(variants, asked, missing) or list(variants)
            fields["variants"] = _variants_shown(product, others, lang)
            return "missing", fields
        both = [v for v in variants if all(key in _variant_concepts(v) for key in asked)]
        chosen = both or list(dict.fromkeys(v for found in having.values() for v in found))
        fields["variant"] = _variants_shown(product, chosen, lang)
        return ("sold_out" if sold_out else "has"), fields
    if _GENERIC_VARIANT.search(text.compact) or _GENERIC_VARIANT_EN.search(text.words):
        return "list", fields
    return None


def _variants_shown(product: Product, variants: Iterable[str], lang: Lang) -> str:
    """Variants as a buyer writing `lang` reads them: the catalog's translations ("颜色(英文)")
    where it has them, else as written."""
    return phrase(lang, "joiner").join(product.variant_name(v, lang) for v in variants)


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
_GENERIC_VARIANT_EN = re.compile(f"(?<![{_LETTERS}])(?:{GENERIC_VARIANT_WORDS})(?![{_LETTERS}])")


# --- the answers --------------------------------------------------------------------------------


def _stock_note(stock: int | None, lang: Lang) -> str:
    if stock is None or stock <= 0:
        return ""
    return phrase(lang, "stock_note", n=stock)


def _duration(seconds: float, lang: Lang) -> str:
    whole = max(0, int(seconds + 0.999))
    minutes, secs = divmod(whole, 60)
    if minutes:
        return phrase(lang, "minutes", m=minutes, s=secs)
    return phrase(lang, "seconds", s=secs)


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
            note = phrase(c.lang, "flash_note", price=price)
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
    """The shop's domestic terms to a buyer at home, its international ones (B2B incoterms)
    to a buyer abroad or writing in a foreign language; never the domestic promise ("全国包邮")
    to someone abroad. No terms written for that buyer's place and language: no answer."""
    verdict, said = buyer_place.locate(c.text.raw, c.lang)
    name = "shipping_international" if verdict == buyer_place.FOREIGN else "shipping"
    text = c.terms.text(name, c.lang)
    if not text:
        return None
    c.cite("terms", name.replace("_", " "))
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
    joiner = phrase(c.lang, "joiner")
    c.cite_field("certifications", ", ".join(c.product.certifications))
    return "certifications", {"certifications": joiner.join(c.product.certifications)}


_QUANTITY = re.compile(rf"(?<![\d,.])(\d[\d,]{{1,9}})\s*(?:{PIECE_WORDS})")
_QUANTITY_FOR = re.compile(r"(?:for|of)\s*(\d[\d,]{1,9})(?![\d.])")


def _fob(c: _Context) -> Answer:
    p = c.product
    if p is None or p.fob_price is None:
        return None
    fob = format_money(p.fob_price, p.fob_currency)
    moq_note = ""
    if p.moq:
        moq_note = phrase(c.lang, "moq_note", moq=p.moq)
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
    it: `ask_zh` is matched in a comment's compact text, `ask_words` in its words (English and
    the other languages), `catalog` in a selling point (folded). `names` name it in each
    language, beside catalog words written in another ("100%桑蚕丝 (seda)")."""

    key: str
    names: dict[str, str]
    ask_zh: re.Pattern[str]
    ask_words: re.Pattern[str]
    catalog: re.Pattern[str]


def _said(key: str, names: str, ask_zh: str, ask_words: str, catalog: str) -> _Said:
    """`names`: its name in zh|en|es|pt|fr|ru|ar."""
    guarded = f"(?<![{_LETTERS}])(?:{ask_words})(?![{_LETTERS}])"
    named = dict(zip(LANGS, names.split("|"), strict=True))
    return _Said(key, named, re.compile(ask_zh), re.compile(guarded), re.compile(catalog))


_MATERIALS: tuple[_Said, ...] = (
    _said("silk", "真丝|silk|seda|seda|soie|шёлк|حرير", "真丝|丝绸|蚕丝",
          "silk|seda|soie|ш[её]лк\\w*|(?:ال)?حرير", "真丝|蚕丝|silk"),
    _said("cotton", "棉|cotton|algodón|algodão|coton|хлопок|قطن", "棉",
          "cotton|algod[oó]n|algod[aã]o|coton|хлоп\\w*|(?:ال)?قطن", "棉|cotton"),
    _said("wool", "羊毛|wool|lana|lã|laine|шерсть|صوف", "羊毛|羊绒",
          "wool|cashmere|lana|lã|laine|шерст\\w*|кашемир\\w*|(?:ال)?صوف",
          "羊毛|羊绒|wool|cashmere"),
    _said("steel", "不锈钢|stainless steel|acero inoxidable|aço inox|inox|нержавейка|ستانلس ستيل",
          "不锈钢|304|316", "stainless|steel|304|316|inoxidable|inox|нержав\\w*|ستانلس",
          "不锈钢|stainless|(?<!\\d)3(?:04|16)(?!\\d)"),
    _said("copper", "铜|copper|cobre|cobre|cuivre|медь|نحاس", "铜",
          "copper|cobre|cuivre|медь|меди|медн\\w*|(?:ال)?نحاس", "铜|copper"),
    _said("leather", "皮革|leather|cuero|couro|cuir|кожа|جلد", "真皮|皮革|牛皮|羊皮",
          "leather|cuero|couro|cuir|кож\\w*|(?:ال)?جلد", "真皮|皮革|牛皮|羊皮|leather"),
    _said("bean", "咖啡豆品种|coffee variety|variedad de café|variedade de café"
          "|variété de café|сорт кофе|نوع البن", "什么豆|阿拉比卡|罗布斯塔",
          "arabica|robusta|арабик\\w*|робуст\\w*", "阿拉比卡|罗布斯塔|arabica|robusta"),
)  # fmt: skip
_FEATURES: tuple[_Said, ...] = (
    _said("waterproof", "防水|waterproof|impermeable|à prova d'água|étanche|водонепроницаемость"
          "|مقاوم للماء", "防水|防不防水|进水",
          "waterproof|water ?proof|water resistant|impermeable|imperme[aá]vel|resistente al agua"
          "|resistente [aà] [aá]gua|prova d [aá]gua|sumergible|[ée]tanche|r[ée]siste [aà] l eau"
          "|r[ée]sistante? [aà] l eau|водонепроница\\w*|водостойк\\w*|влагозащ\\w*"
          "|مقاوم[ةه]? للماء|ضد الماء|مضاد للماء",
          "防水|waterproof|water ?resistant|ip[-\\s]?[x\\d]?[4-8]"),
    _said("washable", "可机洗|machine washable|lavable a máquina|lavável na máquina"
          "|lavable en machine|машинная стирка|قابل للغسل", "机洗|水洗",
          "washable|machine wash\\w*|lavable|lavadora|lav[aá]vel|máquina de lavar|стирк\\w*"
          "|стира\\w*|غسالة|الغسيل",
          "机洗|水洗|washable|machine wash"),
    _said("warm", "保温|keeps drinks hot|mantiene el calor|mantém quente|garde au chaud"
          "|держит тепло|يحافظ على الحرارة", "保温",
          "keeps? (?:\\w+ )?(?:hot|warm|cold)|mantiene (?:el )?(?:calor|caliente|fr[ií]o)"
          "|t[ée]rmic[oa]|isotherme|garde (?:au )?(?:chaud|froid)|держит тепло|термос\\w*",
          "保温|keeps? (?:hot|warm)|insulat"),
    _said("noise", "降噪|noise cancelling|cancelación de ruido|cancelamento de ruído"
          "|réduction de bruit|шумоподавление|عزل الضوضاء", "降噪",
          "noise cancel\\w*|anc|cancelaci[oó]n de ruido|cancelamento de ru[ií]do"
          "|r[ée]duction (?:de|du) bruit|шумоподав\\w*|عزل الضوضاء|إلغاء الضوضاء",
          "降噪|noise cancel"),
    _said("plane", "可否带上飞机|taking it on a plane|llevarlo en avión|levar no avião"
          "|l'emporter en avion|провоз в самолёте|حمله في الطائرة", "飞机|登机",
          "plane|flight|airplane|avi[oó]n|avi[aã]o|avion|самол[её]т\\w*|(?:ال)?طائرة",
          "飞机|登机|plane|flight|airline"),
    _said("sensitive", "敏感肌|sensitive skin|piel sensible|pele sensível|peau sensible"
          "|чувствительная кожа|البشرة الحساسة", "敏感肌|敏感皮|过敏",
          "sensitive skin|piel sensible|pele sens[ií]vel|peau sensible|чувствительн\\w* кож\\w*"
          "|(?:ال)?بشرة (?:ال)?حساسة|حساسة",
          "敏感|sensitive"),
    _said("pregnant", "孕妇|pregnancy|embarazo|gravidez|grossesse|беременность|الحمل",
          "孕妇|怀孕|孕期", "pregnan\\w*|embarazad\\w*|gr[aá]vid\\w*|enceinte|беременн\\w*"
          "|(?:لل)?حامل",
          "孕妇|孕期|pregnan"),
    _said("fading", "掉色|colour fading|destiñe|desbota|déteint|линяет|يبهت اللون",
          "掉色|脱色|褪色", "fade|fades|fading|smudge\\w*|desti[ñn]e|desbota|d[ée]teint|линя\\w*"
          "|يبهت",
          "掉色|脱色|褪色|fade|smudge"),
    _said("sugar", "糖|sugar|azúcar|açúcar|sucre|сахар|سكر", "糖",
          "sugar|az[uú]car|a[çc][uú]car|sucre|сахар\\w*|(?:ال)?سكر", "糖|sugar"),
    _said("alcohol", "酒精|alcohol|alcohol|álcool|alcool|спирт|كحول", "酒精",
          "alcohol|[aá]lcool|alcool|спирт\\w*|(?:ال)?كحول", "酒精|alcohol"),
    _said("additives", "添加剂|additives|aditivos|aditivos|additifs|добавки|مواد مضافة",
          "添加|防腐剂", "additives?|preservatives?|aditivos|conservantes|additifs"
          "|conservateurs|добавк\\w*|консервант\\w*|مواد حافظة|مواد مضافة",
          "添加|防腐|additive|preservative"),
    _said("pilling", "起球|pilling|bolitas|bolinhas|boulochage|катышки|الوبر", "起球",
          "pilling|pills|bolitas|bolinhas|bouloche\\w*|катыш\\w*", "起球|pilling"),
    _said("fragrance", "香精|fragrance|fragancia|fragrância|parfum|отдушка|عطر", "香精|香料",
          "fragrance|perfume|fragancia|fragr[aâ]ncia|parfum|отдушк\\w*|аромат\\w*|عطر",
          "香精|fragrance"),
)  # fmt: skip
# A question after the catalog's words (what, how long, 304 or 316), not a yes-or-no one.
_OPEN_ZH = re.compile(r"什么|啥|多久|多少|多长|几|哪|怎么|还是|如何")
_OPEN_WORDS = re.compile(f"(?<![{_LETTERS}])(?:{OPEN_QUESTION_WORDS})(?![{_LETTERS}])")
# What the material question is, without naming one ("什么材质", "what is it made of").
_ANY_MATERIAL = re.compile(r"材质|材料|面料|什么做的|啥做的|什么料|啥料|成分|什么豆")
_ANY_MATERIAL_EN = re.compile(
    f"(?<![{_LETTERS}])(?:made (?:of|from)|materials?|fabric|materiales|tela|hech[oa] de|tecido"
    f"|feit[oa] de|mati[eè]re|mat[ée]riau|tissu|fait en|en quoi|материал\\w*|ткан\\w*|из чего"
    f"|(?:ال)?خامة|مصنوع)(?![{_LETTERS}])"
)
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
    asked = [
        s for s in table if s.ask_zh.search(c.text.compact) or s.ask_words.search(c.text.words)
    ]
    open_question = bool(_OPEN_ZH.search(c.text.compact) or _OPEN_WORDS.search(c.text.words))
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
        written = "zh" if _CJK.search(point) else "en"  # catalogs are written in one of these
        if written == lang:
            out.append(point)
            continue
        names = phrase(lang, "joiner").join(dict.fromkeys(s.names[lang] for s in about))
        negated = lang != "zh" and _NEGATION.search(fold(point))
        out.append(phrase(lang, "about" if negated else "named", point=point, names=names))
    return phrase(lang, "points_joiner").join(out)


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
        text = _section(DEFAULT_BY_TOPIC[rule.topic].template(lang), index)
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


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


def _resting_on(
    product: Product | None, topic: str, cited: list[tuple[str, str]]
) -> Product | None:
    """The product an answer rests on: None for a shipping or returns answer, which rests on
    the shop's terms, unless a field of the product was quoted (its lead time, its link)."""
    if topic in PRODUCT_FREE and not any(kind == "field" for kind, _ in cited):
        return None
    return product


def _evidence(
    product: Product | None, how: str, cited: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The product the answer rests on (if any), how the comment reached it, and what the
    handler cited."""
    if product is None:
        return tuple(cited)
    return (("product", product.id), ("name", product.name), ("found", how), *cited)


# --- how sure -------------------------------------------------------------------------------------

# What makes a suggestion less sure, and by how much (its confidence is the product of the
# factors of its doubts). One doubt alone keeps a suggestion above the default threshold,
# except a second question left unanswered; two together (a product not named, reached by
# nothing but a question mark, in a language not recognised) drop it.
DOUBT_LANGUAGE = "language not recognised"
DOUBT_ONLY_QUESTION = "only a question, no word of the topic"
DOUBT_ON_SCREEN = "product not named: the one on screen"
DOUBT_ALSO_ASKS = "also asks: "
_DOUBT_FACTORS: dict[str, float] = {
    DOUBT_LANGUAGE: 0.8,
    DOUBT_ONLY_QUESTION: 0.8,
    DOUBT_ON_SCREEN: 0.9,
    DOUBT_ALSO_ASKS: 0.5,
}
MIN_CONFIDENCE = 0.6  # below it a suggestion is not offered (a room may set its own)


# Topics one answer covers together: "FOB price" names a price, "pink still available?" asks
# the variant's stock, "price for 2000 pcs" is a FOB quote, and a lead time is asked with the
# words of shipping ("delivery time", "délai de livraison", "prazo de entrega", "发货").
_TOGETHER = frozenset(
    frozenset(pair)
    for pair in (
        ("price", "fob"), ("moq", "fob"), ("variant", "stock"), ("price", "discount"),
        ("lead_time", "shipping"),
    )
)  # fmt: skip


def _same_question(first: str, second: str, how: str, text: _Text) -> bool:
    """Whether a second topic the comment matches is part of the first's question ("2号链接多少钱"
    names the product by its link, it does not ask for the link)."""
    if second == "link" and (how.startswith("link") or link_number(text) is not None):
        return True
    return frozenset((first, second)) in _TOGETHER


def _confidence(doubts: Iterable[str]) -> float:
    value = 1.0
    for doubt in doubts:
        key = DOUBT_ALSO_ASKS if doubt.startswith(DOUBT_ALSO_ASKS) else doubt
        value *= _DOUBT_FACTORS[key]
    return value


# --- suggest ------------------------------------------------------------------------------------


def suggest(
    event: ChatEvent,
    shop: Shop,
    terms: ShopTerms | None = None,
    rules: Sequence[AnswerRule] = DEFAULT_RULES,
    lang: Lang | None = None,
    *,
    now: float | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> Suggestion | None:
    """The answer to suggest for a comment, or None (not a comment, chit-chat, or nothing the
    rules can say). The product is the one the comment names, else `shop.explaining`. `now` is
    the media clock's time, for a running flash sale's time left (without it, a flash sale is
    not mentioned). A suggestion less sure than `min_confidence` is not offered (see
    `_DOUBT_FACTORS`). Never raises for what a viewer writes."""
    if event.kind != "comment" or not event.text:
        return None
    text = _Text(event.text)
    if not text.compact and "?" not in text.folded:
        return None  # only emoji, spaces, punctuation
    doubts: list[str] = []
    if lang is None:
        found = buyer_language.detect(text.raw[:MATCH_CHARS])
        lang = found or detect_lang(text.raw)  # unknown ("MOQ?"): Chinese script or English
        if not found:
            doubts.append(DOUBT_LANGUAGE)
    product: Product | None = None
    how = ""
    product_found = False
    context: _Context | None = None
    best: tuple[AnswerRule, str, Product | None, tuple[tuple[str, str], ...]] | None = None
    for rule in rules:
        if not rule.enabled:
            continue
        compiled = _compile(rule)
        if best is not None:
            # A second question the comment asks that the rules could answer too ("ship to
            # Nigeria? FOB Ningbo?"): the first answer leaves it out, so it is less sure.
            if rule.topic == best[0].topic or not compiled.names_topic(text):
                continue
        elif not compiled.matches(text):
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
        if best is not None:
            if not _same_question(best[0].topic, rule.topic, how, text):
                doubts.append(f"{DOUBT_ALSO_ASKS}{rule.topic}")
                break
            continue
        case, values = answer
        answer_text = render(rule, case, {**_common(product), **values}, lang)
        if not answer_text:
            continue
        if not compiled.names_topic(text):
            doubts.append(DOUBT_ONLY_QUESTION)
        resting = _resting_on(product, rule.topic, context.evidence)
        if how == "screen" and resting is not None:
            doubts.append(DOUBT_ON_SCREEN)
        best = (rule, answer_text, resting, _evidence(resting, how, context.evidence))
    if best is None:
        return None
    rule, answer_text, resting, evidence = best
    confidence = _confidence(doubts)
    if confidence < min_confidence:
        return None
    return Suggestion(
        event.id,
        rule.id,
        rule.topic,
        answer_text,
        lang,
        resting.id if resting is not None else "",
        (*evidence, *(("doubt", d) for d in doubts)),
        confidence,
    )


def rules_from_list(items: object) -> tuple[AnswerRule, ...]:
    """Rules as saved (see `answer_rules.rules_from_list`); a saved rule that lacks a language
    takes it from the studio's default rule of the same id."""
    return _rules_from_list(items, DEFAULT_RULES)


__all__ = [
    "CASE_SEPARATOR",
    "DEFAULT_RULES",
    "DOUBT_ALSO_ASKS",
    "DOUBT_LANGUAGE",
    "DOUBT_ONLY_QUESTION",
    "DOUBT_ON_SCREEN",
    "LANGS",
    "MIN_CONFIDENCE",
    "PRODUCT_FREE",
    "QUESTION_PATTERN",
    "RTL_LANGS",
    "TOPICS",
    "TOPIC_CASES",
    "TOPIC_FIELDS",
    "AnswerRule",
    "ShopTerms",
    "Suggestion",
    "named_product",
    "render",
    "rules_from_list",
    "rules_to_list",
    "suggest",
]  # fmt: skip
