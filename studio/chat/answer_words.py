"""The small words suggested answers are built with, in each language they are written in.

`PHRASES[lang]` holds the clauses the answering code adds around a catalog's values (", 35 in
stock", "2 min 5 s", "size 38", "100%桑蚕丝 (silk)"); `COLOUR_WORDS` the words buyers write a
colour with in the languages other than Chinese and English, and `COLOUR_NAMES` how an answer
names it. Chinese and English sit beside the colours' patterns in `studio.chat.answers`.
Russian words end in "\\w*" where they decline ("чёрный", "чёрного", "чёрную"); Arabic ones take
the article and the joined prepositions ("الأسود", "بالأسود").
"""

from __future__ import annotations

from studio.chat.answer_rules import LANGS

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "joiner": "、", "points_joiner": "；", "stock_note": "，库存 {n} 件",
        "flash_note": "，秒杀价 {price}", "moq_note": "，起订量 {moq}",
        "minutes": "{m} 分 {s} 秒", "seconds": "{s} 秒", "size": "{n}码",
        "about": "{point}（{names}）", "named": "{point}（{names}）",
    },
    "en": {
        "joiner": ", ", "points_joiner": "; ", "stock_note": "; {n} in stock",
        "flash_note": ", flash price {price}", "moq_note": ", MOQ {moq}",
        "minutes": "{m} min {s} s", "seconds": "{s} s", "size": "size {n}",
        "about": "{point} (about {names})", "named": "{point} ({names})",
    },
    "es": {
        "joiner": ", ", "points_joiner": "; ", "stock_note": "; {n} en stock",
        "flash_note": ", precio relámpago {price}", "moq_note": ", pedido mínimo {moq}",
        "minutes": "{m} min {s} s", "seconds": "{s} s", "size": "talla {n}",
        "about": "{point} (sobre {names})", "named": "{point} ({names})",
    },
    "pt": {
        "joiner": ", ", "points_joiner": "; ", "stock_note": "; {n} em estoque",
        "flash_note": ", preço relâmpago {price}", "moq_note": ", pedido mínimo {moq}",
        "minutes": "{m} min {s} s", "seconds": "{s} s", "size": "tamanho {n}",
        "about": "{point} (sobre {names})", "named": "{point} ({names})",
    },
    "fr": {
        "joiner": ", ", "points_joiner": " ; ", "stock_note": " ; {n} en stock",
        "flash_note": ", prix flash {price}", "moq_note": ", minimum {moq}",
        "minutes": "{m} min {s} s", "seconds": "{s} s", "size": "taille {n}",
        "about": "{point} (au sujet de : {names})", "named": "{point} ({names})",
    },
    "ru": {
        "joiner": ", ", "points_joiner": "; ", "stock_note": "; в наличии {n} шт.",
        "flash_note": ", цена {price}", "moq_note": ", минимальный заказ {moq}",
        "minutes": "{m} мин {s} с", "seconds": "{s} с", "size": "размер {n}",
        "about": "{point} (о том, что: {names})", "named": "{point} ({names})",
    },
    "ar": {
        "joiner": "، ", "points_joiner": "؛ ", "stock_note": "؛ متوفر {n} قطعة",
        "flash_note": "، سعر العرض {price}", "moq_note": "، الحد الأدنى للطلب {moq}",
        "minutes": "{m} دقيقة {s} ثانية", "seconds": "{s} ثانية", "size": "مقاس {n}",
        "about": "{point} (بخصوص: {names})", "named": "{point} ({names})",
    },
}  # fmt: skip
assert set(PHRASES) == set(LANGS)


def phrase(lang: str, name: str, **values: object) -> str:
    """A clause of `lang` with its values filled in."""
    return PHRASES.get(lang, PHRASES["en"])[name].format(**values)


_AR = r"(?:ال|بال|وال|لل)?"  # the article and the prepositions joined to an Arabic word

# colour key -> words (regular expressions over a comment's words, whole words) in es, pt, fr,
# ru and ar
COLOUR_WORDS: dict[str, tuple[str, ...]] = {
    "wine": ("burdeos", "granate", "vinho", "bord[oô]", "bordeaux", "бордов\\w*", _AR + "عنابي",
             _AR + "خمري"),
    "pink": ("rosad[oa]s?", "rosa", "roses?", "розов\\w*", _AR + "وردي", _AR + "زهري"),
    "red": ("roj[oa]s?", "vermelh[oa]s?", "rouges?", "красн\\w*", _AR + "أحمر", _AR + "احمر",
            "حمراء"),
    "orange": ("naranja", "laranja", "оранжев\\w*", _AR + "برتقالي"),
    "beige": ("bege", "бежев\\w*", _AR + "بيج"),
    "yellow": ("amarill[oa]s?", "amarel[oa]s?", "jaunes?", "ж[её]лт\\w*", _AR + "أصفر",
               _AR + "اصفر", "صفراء"),
    "green": ("verdes?", "verte?s?", "з[её]лен\\w*", _AR + "أخضر", _AR + "اخضر", "خضراء"),
    "navy": ("azul marinh?o", "bleu marine", _AR + "كحلي"),
    "blue": ("azul(?:es)?", "bleue?s?", "син(?:ий|яя|ее|ие|его|юю|ем)", "голуб\\w*",
             _AR + "أزرق", _AR + "ازرق", "زرقاء"),
    "purple": ("morad[oa]s?", "violeta", "rox[oa]s?", "violette?s?", "фиолетов\\w*",
               _AR + "بنفسجي"),
    "black": ("negr[oa]s?", "pret[oa]s?", "noire?s?", "ч[её]рн\\w*", _AR + "أسود", _AR + "اسود",
              "سوداء"),
    "white": ("blanc[oa]s?", "branc[oa]s?", "blanc(?:he)?s?",
              "бел(?:ый|ая|ое|ые|ого|ую|ом)", _AR + "أبيض", _AR + "ابيض", "بيضاء"),
    "grey": ("gris(?:es|e)?", "cinzas?", "сер(?:ый|ая|ое|ые|ого|ую|ом)", _AR + "رمادي"),
    "brown": ("marr[oó]n", "marrom", "brune?s?", "коричнев\\w*", _AR + "بني"),
    "khaki": ("caqui", "kaki", "хаки", _AR + "كاكي"),
    "gold": ("dorad[oa]s?", "dourad[oa]s?", "dorée?s?", "золот\\w*", _AR + "ذهبي"),
    "silver": ("platead[oa]s?", "pratead[oa]s?", "argentée?s?", "серебр\\w*", _AR + "فضي"),
}  # fmt: skip

# colour key -> its name in es, pt, fr, ru, ar answers
COLOUR_NAMES: dict[str, tuple[str, str, str, str, str]] = {
    "wine": ("burdeos", "vinho", "bordeaux", "бордовый", "عنابي"),
    "pink": ("rosa", "rosa", "rose", "розовый", "وردي"),
    "red": ("rojo", "vermelho", "rouge", "красный", "أحمر"),
    "orange": ("naranja", "laranja", "orange", "оранжевый", "برتقالي"),
    "beige": ("beige", "bege", "beige", "бежевый", "بيج"),
    "yellow": ("amarillo", "amarelo", "jaune", "жёлтый", "أصفر"),
    "green": ("verde", "verde", "vert", "зелёный", "أخضر"),
    "navy": ("azul marino", "azul-marinho", "bleu marine", "тёмно-синий", "كحلي"),
    "blue": ("azul", "azul", "bleu", "синий", "أزرق"),
    "purple": ("morado", "roxo", "violet", "фиолетовый", "بنفسجي"),
    "black": ("negro", "preto", "noir", "чёрный", "أسود"),
    "white": ("blanco", "branco", "blanc", "белый", "أبيض"),
    "grey": ("gris", "cinza", "gris", "серый", "رمادي"),
    "brown": ("marrón", "marrom", "marron", "коричневый", "بني"),
    "khaki": ("caqui", "cáqui", "kaki", "хаки", "كاكي"),
    "gold": ("dorado", "dourado", "doré", "золотой", "ذهبي"),
    "silver": ("plateado", "prateado", "argenté", "серебристый", "فضي"),
}  # fmt: skip
MORE_LANGS = ("es", "pt", "fr", "ru", "ar")  # the order of COLOUR_NAMES' names

# Words for a size before its letters or number, in every language: "talla XL", "размер 42".
SIZE_WORDS = r"size|talla|tamanho|taille|размер|مقاس"
# The words that ask for a product's colours or sizes without naming one.
GENERIC_VARIANT_WORDS = (
    r"colou?rs?|sizes?|options?|variants?|styles?|models?|colores|tallas|cores|tamanhos"
    r"|couleurs?|tailles|цвет\w*|размер\w*|ألوان|الوان|الألوان|مقاسات|المقاسات"
)
# Words that make a question an open one ("what material", "de qué está hecho"): the answer
# quotes the catalog rather than saying yes.
OPEN_QUESTION_WORDS = (
    r"what|whats|how|which|or|qué|que|cuál|cual|cómo|como|o|qual|quais|quoi|quel|quelle"
    r"|quels|quelles|comment|ou|какой|какая|какое|какие|что|как|или|из чего|ما|ماذا|أي|اي|كيف"
)
# Piece words after a quantity: "500 pcs", "1000 piezas", "200 шт".
PIECE_WORDS = (
    r"件|个|只|套|条|双|pcs|pc|pieces|units|sets|piezas|unidades|uds|pzs|peças|pecas|pièces"
    r"|unités|unites|шт|штук|قطعة|حبة"
)
