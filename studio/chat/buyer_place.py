"""Where a buyer asking about shipping is: at home or abroad (issue 18).

`place(text, lang)` answers "domestic", "foreign" or "" (not said) for a shipping question, so
that a foreign buyer is never promised the domestic terms ("全国包邮" to someone in Spain):

1. A foreign place named in any of the seven languages ("Spain", "España", "США", "Россию",
   "السعودية", "美国", "海外", "abroad"...) makes it "foreign", whatever else the comment says
   ("国内外都发吗" and "from China to Spain" included: the domestic promise would be wrong for
   the foreign part).
2. Else the shop's own country named ("国内", "全国", "China", "Китай", "الصين") makes it
   "domestic".
3. Else the language decides: a comment in Chinese is "domestic" ("包邮吗"), one in any other
   known language "foreign" (a buyer writing in Spanish is not in the shop's country), an
   unknown language "".

"Foreign" means outside the area of the shop's domestic terms, which usually leave out Hong
Kong, Macao and Taiwan (港澳台): those are counted with the foreign places.

Names are matched as whole words, so a word that merely contains a name or a country code is
no place: "plus" is not the US, "cable" not Canada, Portuguese "se usa" not the USA, "to us"
not the US (codes count in capitals only, "ship to US"), "made in China" not the buyer's
country. Chinese has no spaces, so its names are guarded by what may not stand beside them:
"今日本场" is not 日本, "完美国货" not 美国, "办法国内" not 法国, "荷兰豆" and "意大利面" are food,
and "日本进口", "韩国风", "海外直邮", "国际品牌" tell where the goods come from.
"""

from __future__ import annotations

import re
import unicodedata

DOMESTIC = "domestic"
FOREIGN = "foreign"
MATCH_CHARS = 500  # a question is short: only its start is looked at

# --- Chinese: names with the characters that may not stand before / after them --------------

_ZH_FOREIGN: tuple[str, ...] = (
    r"海外", r"国外", r"境外", r"出国", r"跨境", r"外国", r"国内外", r"海内外",
    r"国际(?!化|标准|认证|知名|一线|站|大牌|名牌|范)",
    r"港澳台", r"香港", r"澳门", r"台湾",
    r"(?<![完甜唯审赞健优柔秀精华俊貌绝欧])美国", r"(?<![今昨明当每次翌节生假周末])日本",
    r"韩国", r"(?<!精)英国",
    r"(?<![办方想说做没看无用算写合非语书手立司执变依守犯违刑技魔疗兵文句章加减玩打吃])法国",
    r"(?<![道品])德国", r"意大利(?![面粉])", r"西班牙", r"葡萄牙", r"俄罗斯", r"加拿大",
    r"澳大利亚", r"澳洲", r"新西兰", r"新加坡", r"马来西亚", r"泰国", r"越南", r"菲律宾",
    r"印尼", r"印度尼西亚", r"(?<![打复影刊排])印度(?!数)", r"巴西", r"墨西哥", r"阿根廷",
    r"智利", r"秘鲁", r"哥伦比亚", r"沙特", r"阿联酋", r"迪拜", r"埃及", r"摩洛哥", r"土耳其",
    r"以色列", r"伊朗", r"巴基斯坦", r"尼日利亚", r"南非", r"肯尼亚", r"哈萨克", r"乌克兰",
    r"荷兰(?![豆芹])", r"比利时", r"瑞士", r"瑞典", r"挪威", r"丹麦", r"芬兰", r"波兰",
    r"欧洲", r"欧美", r"美洲", r"非洲", r"中东(?!西)", r"东南亚", r"洛杉矶", r"纽约", r"伦敦",
    r"巴黎", r"东京", r"首尔", r"悉尼", r"莫斯科",
)  # fmt: skip
# A place the goods come from is not where the buyer is: "日本进口", "韩国风", "海外直邮",
# "国际品牌", "从美国发货".
_ZH_ORIGIN_BEFORE = r"(?<![从自产])"
_ZH_ORIGIN_AFTER = r"(?!进口|产|制|原装|风|款|版|直邮|直发|发货|品牌|牌|代购|工艺|技术|设计)"
_ZH_DOMESTIC: tuple[str, ...] = (r"国内", r"全国", r"大陆", r"内地", r"中国")

# --- Latin script: whole words, compared in lower case without accents ------------------------

_LATIN_FOREIGN: tuple[str, ...] = (
    # abroad, in each language
    "abroad", "overseas", "international", "internationally", "worldwide", "outside china",
    "internacional", "internacionalmente", "extranjero", "exterior", "fora do pais",
    "etranger", "a l'etranger", "internationale",
    # countries and regions (English, Spanish, Portuguese, French spellings)
    "spain", "espana", "espanha", "espagne", "mexico", "mexique", "canada",
    "united states", "america", "estados unidos", "etats-unis", "etats unis", "amerique",
    "united kingdom", "england", "britain", "great britain", "reino unido", "inglaterra",
    "royaume-uni", "royaume uni", "angleterre", "ireland", "irlanda", "irlande",
    "france", "francia", "franca", "germany", "alemania", "alemanha", "allemagne",
    "italy", "italia", "italie", "portugal", "netherlands", "holland", "holanda", "pays-bas",
    "belgium", "belgica", "belgique", "switzerland", "suiza", "suica", "suisse",
    "austria", "autriche", "sweden", "suecia", "suede", "norway", "noruega", "norvege",
    "denmark", "dinamarca", "danemark", "finland", "finlandia", "finlande", "poland",
    "polonia", "pologne", "greece", "grecia", "grece", "europe", "europa", "eu countries",
    "russia", "rusia", "russie", "ukraine", "ucrania", "kazakhstan", "kazajistan",
    "brazil", "brasil", "bresil", "argentina", "argentine", "colombia",
    "colombie", "peru", "perou", "venezuela", "ecuador", "equateur", "bolivia", "bolivie",
    "uruguay", "paraguay", "costa rica", "cuba", "guatemala", "honduras",
    "el salvador", "nicaragua", "dominican republic", "republica dominicana", "puerto rico",
    "latin america", "latinoamerica", "america latina", "south america", "sudamerica",
    "angola", "mozambique", "mocambique", "cabo verde", "cape verde",
    "morocco", "marruecos", "marrocos", "maroc", "algeria", "argelia", "algerie",
    "tunisia", "tunez", "tunisie", "egypt", "egipto", "egito", "egypte", "nigeria",
    "ghana", "kenya", "senegal", "cote d'ivoire", "ivory coast", "cameroon", "cameroun",
    "south africa", "sudafrica", "africa do sul", "afrique du sud", "africa", "afrique",
    "saudi", "saudi arabia", "arabia saudita", "arabia saudi", "arabie saoudite", "uae",
    "emirates", "emiratos", "emirados", "emirats", "dubai", "doha", "qatar", "catar",
    "kuwait", "koweit", "oman", "bahrain", "jordania", "jordanie", "lebanon", "libano",
    "liban", "iraq", "irak", "israel", "iran", "pakistan", "india", "inde", "bangladesh",
    "turkiye", "turquia", "turquie", "middle east", "japan", "japon", "japao",
    "korea", "corea", "coreia", "coree", "singapore", "singapur", "singapour", "malaysia",
    "malasia", "malaisie", "thailand", "tailandia", "thailande", "vietnam", "viet nam",
    "philippines", "filipinas", "indonesia", "indonesie", "australia", "australie",
    "new zealand", "nueva zelanda", "nouvelle-zelande", "hong kong", "macau", "macao",
    "taiwan", "london", "londres", "paris", "madrid", "barcelona", "new york", "nueva york",
    "los angeles", "toronto", "sydney", "tokyo", "seoul", "moscow", "lagos", "casablanca",
    "sao paulo", "rio de janeiro", "lisboa", "lisbon", "bogota", "lima", "santiago",
    "buenos aires", "ciudad de mexico", "cdmx", "montreal", "bruxelles", "brussels",
)  # fmt: skip
# Names that are also ordinary words ("turkey" the bird, "jordan" the shoe, "chad" a name,
# "chile" / "chili" the pepper, "panama" the hat, "usa" Spanish for "uses"): only after a word
# for "to / in". Never "us" in lower case: "send it to us".
_LATIN_FOREIGN_AFTER_PREPOSITION: tuple[str, ...] = (
    "turkey", "jordan", "chad", "georgia", "niger", "guinea", "mali", "togo", "usa", "uk",
    "eua", "ksa", "chile", "chili", "panama",
)  # fmt: skip
_PREPOSITIONS = (
    r"(?:to|in|into|for|from|a|al|en|para|pra|pro|em|au|aux|vers|hacia|hasta)"
    r"\s+(?:(?:the|el|la|los|o|os|le|les)\s+)?"
)
# Codes in capitals anywhere ("ship to US?"), never in lower case ("se usa", "para eu").
_CODES: tuple[str, ...] = ("US", "USA", "U.S.", "UK", "U.K.", "UAE", "KSA", "EU", "EUA", "EE.UU.")
_L = r"a-zA-Z\u00c0-\u024f"  # Latin letters, inside a [class]: what may not touch a name
# The shop's country only after a word for "to / in / within": "made in China" and "from
# China" tell where the goods come from, not where the buyer is.
_LATIN_DOMESTIC = (
    rf"(?<!made )(?<!hecho )(?<!fabricado )(?<!feito )(?<!fabrique )(?<![{_L}])"
    r"(?:to|in|within|inside|across|throughout|a|en|para|pra|na|dans|au|dentro de|partout en)"
    rf"\s+(?:mainland\s+)?(?:china|chine)(?![{_L}])|(?<![{_L}])mainland(?![{_L}])"
)

# --- Cyrillic and Arabic: stems, as both inflect and attach prepositions ----------------------

_RU_FOREIGN: tuple[str, ...] = (
    "росси", "рф(?![а-яё])", "сша(?![а-яё])", "америк", "казахстан", "беларус", "белорусс",
    "украин", "узбекистан",
    "кыргызстан", "киргиз", "таджикистан", "армени", "грузи", "азербайджан", "молдов",
    "герман", "франци", "итали", "испани", "англи(?:я|и|ю|ей)(?![а-яё])", "великобритани",
    "польш", "турци", "европ", "израил", "оаэ", "дуба[йи]", "москв", "санкт-петербург",
    "питер", "алмат", "астан",
    "ташкент", "минск", "киев", "за границ", "за рубеж", "зарубеж", "международн",
)  # fmt: skip
# China after "to / in / within" ("из Китая", from China, is where goods come from); the
# text is folded, so "Китай" reads "китаи".
_RU_DOMESTIC = r"(?<![а-яё])(?:по|в|во|внутри)\s+кита[йиюея](?![а-яё])"
# Arabic names with the article and attached prepositions taken off (see `_arabic_words`).
_AR_FOREIGN_NAMES = """
    سعوديه امارات دبي ابوظبي مصر مغرب كويت قطر عمان بحرين اردن عراق لبنان سوريا جزائر
    تونس ليبيا يمن سودان امريكا ولايات بريطانيا انجلترا فرنسا المانيا ايطاليا اسبانيا تركيا
    روسيا كندا هند باكستان نيجيريا رياض جده قاهره اسطنبول الخارج خارج دولي دوليه اوروبا
    اوربا"""
_AR_FOREIGN: frozenset[str] = frozenset(_AR_FOREIGN_NAMES.split())
# China after "inside / in / to" (not "من الصين", from China), letters unified as below.
_AR_DOMESTIC = re.compile(r"(?:داخل|في|الي)\s+الصين|(?<![\u0621-\u064a])(?:لل|بال)صين")
_AR_PREFIXES: tuple[str, ...] = (
    "وبال", "وال", "بال", "فال", "كال", "لل", "ال", "وب", "ول", "و", "ب", "ل", "ف", "ك", "",
)  # fmt: skip
_AR_TASHKEEL = re.compile(r"[\u064b-\u0652\u0640]")
_AR_WORD = re.compile(r"[\u0621-\u064a]+")


def _any_of(names: tuple[str, ...]) -> str:
    """A regex alternation, longest names first."""
    return "|".join(sorted(names, key=len, reverse=True))


def _latin_word_pattern(names: tuple[str, ...], before: str = "") -> re.Pattern[str]:
    """Whole words (no Latin letter on either side, so "能发Spain吗" has Spain), optionally
    after `before`."""
    names = tuple(re.escape(name) for name in names)
    return re.compile(rf"{before}(?<![{_L}])(?:{_any_of(names)})(?![{_L}])")


_ZH_FOREIGN_RE = re.compile(rf"{_ZH_ORIGIN_BEFORE}(?:{_any_of(_ZH_FOREIGN)}){_ZH_ORIGIN_AFTER}")
_ZH_DOMESTIC_RE = re.compile(_any_of(_ZH_DOMESTIC))
_LATIN_FOREIGN_RE = _latin_word_pattern(_LATIN_FOREIGN)
_LATIN_AFTER_PREPOSITION_RE = _latin_word_pattern(
    _LATIN_FOREIGN_AFTER_PREPOSITION, before=rf"(?<![{_L}]){_PREPOSITIONS}"
)
_CODES_RE = re.compile(
    rf"(?<![{_L}.])(?:{_any_of(tuple(re.escape(code) for code in _CODES))})(?![{_L}])"
)
_LATIN_DOMESTIC_RE = re.compile(_LATIN_DOMESTIC)
_LATIN_WORDS_RE = re.compile(rf"[{_L}]+")
_RU_FOREIGN_RE = re.compile(rf"(?<![а-яё])(?:{_any_of(_RU_FOREIGN)})")
_RU_DOMESTIC_RE = re.compile(_RU_DOMESTIC)


def _fold(text: str) -> str:
    """Lower case, accents off, typographic apostrophes plain: "España" -> "espana"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_AR_LETTERS = str.maketrans("أإآىة", "ااايه")


def _arabic(text: str) -> str:
    """Arabic with its vowel marks off and letters unified (أ إ آ -> ا, ة -> ه, ى -> ي)."""
    return _AR_TASHKEEL.sub("", text).translate(_AR_LETTERS)


def _arabic_words(text: str) -> set[str]:
    """The (unified) Arabic words with their article / attached prepositions off, in every way
    they could come off ("بالسعودية" -> سعوديه)."""
    found: set[str] = set()
    for word in _AR_WORD.findall(text):
        found.update(word[len(p) :] for p in _AR_PREFIXES if word.startswith(p))
    return found


def _shouted(text: str) -> bool:
    """Whether the comment's Latin words are all in capitals: then capitals are no codes
    ("SEND IT TO US"). One word alone ("能发USA吗") is a code."""
    found = _LATIN_WORDS_RE.findall(text)
    return len(found) >= 2 and all(word.isupper() for word in found)


def _named_place(text: str) -> tuple[str, str]:
    """(FOREIGN or DOMESTIC, the words naming it), or ("", "") when no place is named."""
    if match := _ZH_FOREIGN_RE.search(text):
        return FOREIGN, match.group()
    if not _shouted(text) and (match := _CODES_RE.search(text)):
        return FOREIGN, match.group()
    folded = _fold(text)
    for pattern in (_LATIN_FOREIGN_RE, _LATIN_AFTER_PREPOSITION_RE, _RU_FOREIGN_RE):
        if match := pattern.search(folded):
            return FOREIGN, match.group()
    arabic = _arabic(text)
    if foreign := _arabic_words(arabic) & _AR_FOREIGN:
        return FOREIGN, min(foreign)
    for pattern in (_ZH_DOMESTIC_RE, _LATIN_DOMESTIC_RE, _RU_DOMESTIC_RE, _AR_DOMESTIC):
        if match := pattern.search(arabic if pattern is _AR_DOMESTIC else folded):
            return DOMESTIC, match.group()
    return "", ""


def locate(text: str, lang: str) -> tuple[str, str]:
    """(place, evidence): the verdict of `place` and the words it rests on (the place named,
    or "lang:xx" when the language decided), for the suggestion's evidence."""
    text = unicodedata.normalize("NFKC", text[:MATCH_CHARS])
    verdict, words = _named_place(text)
    if verdict:
        return verdict, words
    if lang == "zh":
        return DOMESTIC, "lang:zh"
    if lang:
        return FOREIGN, f"lang:{lang}"
    return "", ""


def place(text: str, lang: str) -> str:
    """ "domestic", "foreign" or "" (not said) for a shipping question in language `lang`
    (as `buyer_language.detect` tells it; "" when unknown)."""
    return locate(text, lang)[0]
