"""What suggested answers are made of: topics, the host's rules, the shop's terms, a suggestion.

Data only (no matching): `studio.chat.answers` matches comments against these, the window edits
them (`studio.ui.chat_dialogs`) and the profile stores them (`rules_to_list`, `ShopTerms.to_dict`).

Answers are written in the seven languages buyers write in (`LANGS`): Chinese and English for
domestic and international buyers, and Spanish, Portuguese, French, Russian and Arabic, the
usual languages of B2B buyers. A rule has patterns and a template per language; the shop's
terms have each text per language, with separate international shipping terms (a foreign buyer
is never promised the domestic "全国包邮").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from studio.records import check_record

LANGS: tuple[str, ...] = ("zh", "en", "es", "pt", "fr", "ru", "ar")
Lang = str  # one of LANGS
RTL_LANGS = frozenset({"ar"})  # written right to left: their editors and lines are laid out so
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
FIELD = re.compile(r"\{(\w+)\}")

# --- the shop's terms ---------------------------------------------------------------------------

TERMS = ("shipping", "shipping_international", "returns", "dispatch")


@dataclass(frozen=True)
class ShopTerms:
    """What the shop promises for every product, per language: domestic shipping (never said
    to a buyer abroad), international shipping (B2B incoterms; empty: no answer to a buyer
    abroad), returns, when orders leave. An empty text is no answer in that language."""

    shipping_zh: str = "全国包邮（偏远地区除外）"
    shipping_en: str = "Free shipping nationwide (except remote areas)"
    shipping_es: str = ""
    shipping_pt: str = ""
    shipping_fr: str = ""
    shipping_ru: str = ""
    shipping_ar: str = ""
    shipping_international_zh: str = ""
    shipping_international_en: str = ""
    shipping_international_es: str = ""
    shipping_international_pt: str = ""
    shipping_international_fr: str = ""
    shipping_international_ru: str = ""
    shipping_international_ar: str = ""
    returns_zh: str = "支持七天无理由退换（不影响二次销售）"
    returns_en: str = "7-day no-reason returns (items unused)"
    returns_es: str = ""
    returns_pt: str = ""
    returns_fr: str = ""
    returns_ru: str = ""
    returns_ar: str = ""
    dispatch_zh: str = "下单后 48 小时内发货"
    dispatch_en: str = "Ships within 48 hours of your order"
    dispatch_es: str = "Se envía en las 48 horas siguientes a su pedido"
    dispatch_pt: str = "Enviamos em até 48 horas após o pedido"
    dispatch_fr: str = "Expédié sous 48 heures après votre commande"
    dispatch_ru: str = "Отправляем в течение 48 часов после заказа"
    dispatch_ar: str = "نشحن خلال 48 ساعة من طلبك"

    def text(self, name: str, lang: Lang) -> str:
        return str(getattr(self, f"{name}_{lang}", ""))

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ShopTerms:
        """The inverse of to_dict; fields it lacks keep their defaults. ValueError (English)
        for anything else than texts."""
        check_record(d, cls, "shop terms", article="")
        if not all(isinstance(v, str) for v in d.values()):
            raise ValueError("shop terms must be texts")
        return cls(**d)


# --- the host's rules ---------------------------------------------------------------------------


PATTERN_FIELDS = tuple(f"patterns_{lang}" for lang in LANGS)


@dataclass(frozen=True)
class AnswerRule:
    """What viewers ask (patterns) and how to answer (templates), for one topic, per language."""

    id: str
    topic: str
    patterns_zh: tuple[str, ...] = ()
    patterns_en: tuple[str, ...] = ()
    template_zh: str = ""
    template_en: str = ""
    enabled: bool = True
    patterns_es: tuple[str, ...] = ()
    patterns_pt: tuple[str, ...] = ()
    patterns_fr: tuple[str, ...] = ()
    patterns_ru: tuple[str, ...] = ()
    patterns_ar: tuple[str, ...] = ()
    template_es: str = ""
    template_pt: str = ""
    template_fr: str = ""
    template_ru: str = ""
    template_ar: str = ""

    def __post_init__(self) -> None:
        if self.topic not in TOPICS:
            raise ValueError(f"unknown answer topic {self.topic!r} (known: {', '.join(TOPICS)})")

    def template(self, lang: Lang) -> str:
        return str(getattr(self, f"template_{lang}", ""))

    def patterns(self, lang: Lang) -> tuple[str, ...]:
        return tuple(getattr(self, f"patterns_{lang}", ()))

    def with_changes(self, **changes: Any) -> AnswerRule:
        return replace(self, **changes)

    def problems(self) -> list[str]:
        """What the rule editor should point out (English): patterns that are not valid
        regular expressions, `{field}`s the topic does not have, more sections than cases."""
        out: list[str] = []
        for lang in LANGS:
            for pattern in self.patterns(lang):
                if pattern.startswith(REGEX_PREFIX):
                    try:
                        re.compile(pattern[len(REGEX_PREFIX) :])
                    except re.error as exc:
                        out.append(f"pattern {pattern!r}: {exc}")
        known = set(TOPIC_FIELDS[self.topic])
        cases = TOPIC_CASES[self.topic]
        for lang in LANGS:
            template = self.template(lang)
            for name in FIELD.findall(template):
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
        out: dict[str, Any] = {"id": self.id, "topic": self.topic}
        for lang in LANGS:
            out[f"patterns_{lang}"] = list(self.patterns(lang))
            out[f"template_{lang}"] = self.template(lang)
        out["enabled"] = self.enabled
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any], base: AnswerRule | None = None) -> AnswerRule:
        """The inverse of to_dict; ValueError (English) for a value of the wrong kind. A
        language the record does not have (one saved before that language was answered) takes
        its patterns and template from `base`, the default rule of the same id."""
        check_record(d, cls, "answer rule", article="an")
        values: dict[str, Any] = {}
        for name, value in d.items():
            if name in PATTERN_FIELDS:
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
        if base is not None and base.topic == values["topic"]:
            for lang in LANGS:
                if f"patterns_{lang}" not in d and f"template_{lang}" not in d:
                    values[f"patterns_{lang}"] = base.patterns(lang)
                    values[f"template_{lang}"] = base.template(lang)
        return cls(**values)


def rules_to_list(rules: Iterable[AnswerRule]) -> list[dict[str, Any]]:
    return [rule.to_dict() for rule in rules]


def rules_from_list(items: Any, defaults: Iterable[AnswerRule] = ()) -> tuple[AnswerRule, ...]:
    """Rules as saved; ValueError (English, naming the item) for a bad one or a repeated id.
    `defaults` fill in the languages a saved rule of the same id lacks."""
    if not isinstance(items, list):
        raise ValueError("answer rules must be a list")
    bases = {rule.id: rule for rule in defaults}
    out: list[AnswerRule] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        try:
            base = bases.get(item.get("id")) if isinstance(item, dict) else None
            rule = AnswerRule.from_dict(item, base)
        except ValueError as exc:
            raise ValueError(f"answer rule {number}: {exc}") from None
        if rule.id in seen:
            raise ValueError(f"answer rule {number}: id {rule.id!r} is used twice")
        seen.add(rule.id)
        out.append(rule)
    return tuple(out)


# --- a suggestion -------------------------------------------------------------------------------


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
    # How sure the studio is that this answers what was asked, 0-1 (see answers.confidence);
    # suggestions below the room's threshold are not offered.
    confidence: float = 1.0

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
            "confidence": round(self.confidence, 2),
        }
