"""The language a buyer's short live comment is written in (issue 18).

`detect(text)` answers "zh", "en", "es", "pt", "fr", "ru", "ar", or "" when it cannot tell.
Live comments are a few words with typos, emoji and mixed scripts, too short for statistical
detectors trained on sentences, so it decides in two steps:

1. Script: Chinese characters, Cyrillic or Arabic letters decide alone, the script with the
   most letters winning ("T恤有XL吗" is Chinese, "MOQ на перчатки?" Russian). Japanese kana and
   Korean hangul give "": answering them in Chinese would be answering in the wrong language.
2. Latin letters: each word found in a language's list of everyday words (articles,
   prepositions, question words, shopping words) scores for it, a word several languages share
   is split between them; letters and marks only one or two of them write (ñ ¿ for Spanish,
   ã õ for Portuguese, è œ and "c'est" for French, "what's" for English) score too. The best
   score wins; a tie or no score at all is "" (rather no language than a wrong one).

Words are compared in lower case with and without their accents, as buyers often type without
them. One comment costs a few microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

LANGS: tuple[str, ...] = ("zh", "en", "es", "pt", "fr", "ru", "ar")
MATCH_CHARS = 500  # a question is short: only its start is looked at

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Kana and hangul; not の, which Chinese comments borrow for 的 ("我の"), nor ・ and ー, which
# they use as punctuation.
_KANA_OR_HANGUL = re.compile(
    r"[\u3041-\u306d\u306f-\u3096\u30a1-\u30fa\u31f0-\u31ff\uac00-\ud7af\u1100-\u11ff]"
)
_LATIN_WORD = re.compile(r"[^\W\d_]+")

# Everyday words of each Latin-script language: a buyer's comment is a question about a
# product, so question words and shopping words count as much as articles. Accents are written
# as the language writes them; the unaccented spelling is added below.
_WORDS: dict[str, str] = {
    "en": """the an is are was were be do does did you u ur your yours i im me my we our it its
        this that these those there what whats wht how much many when where which who why
        price prices cost costs pls plz please thx thanks thank hi hello any have has got
        in on of for to and or with from can could will would should still available stock
        size sizes colour color colours colors ship shipping deliver delivery free return
        returns refund discount buy order long keep made waterproof sold out one ones only
        shade sensitive skin yes yeah ok okay need want wanna get more less much very just
        if not dont doesnt cant isnt arent also too about some come comes fit fits wash
        washable material quality real genuine pure certified certifications lead time leadtime min
        qty quantity pcs pieces per each piece all other black white red blue green grey gray
        pink purple brown yellow cheap big small""",
    "es": """el la los las lo un una unos unas de del al a en y o es son está están estás
        hay tiene tienen tienes tengo tenemos hacen hace cuánto cuánta cuántos cuántas cuesta
        cuestan vale valen precio precios qué cuál cuáles cómo dónde cuándo por para con sin
        sí no pero más muy también mismo usted ustedes envío envíos envían enviar entrega
        talla tallas color colores negro negra blanco blanca rojo roja azul rosado gris
        pedido mínimo mínima cantidad tiempo resistente agua impermeable hola gracias
        quiero quisiera puedo puede pueden disponible este esta esto eso ese esa mi tu su
        nuestro seda algodón certificaciones venden vendes queda quedan cuanto cuesta""",
    "pt": """o a os as um uma uns umas de do da dos das no na nos nas em ao aos à às e é são
        está estão tem têm tenho temos vocês você voce quanto quanta quantos quantas custa
        custam vale preço preços qual quais como onde quando por para com sem sim não mas
        mais muito também mesmo envio enviam enviar frete entrega tamanho tamanhos cor cores
        preto preta branco branca vermelho vermelha azul rosa cinza pedido mínimo mínima
        quantidade prazo resistente água prova olá oi obrigado obrigada quero queria posso
        pode podem disponível esse essa este esta isso isto meu minha seu sua seda algodão
        certificações fita luvas fone ouvido relógio batom vende vendem""",
    "fr": """le la les un une des du de au aux à en et ou est sont ce cet cette ça ca
        il elle ils elles on nous vous tu je que qui quoi quel quelle quels quelles
        combien coûte coûtent prix comment où quand pour avec sans pas ne oui non mais
        plus très aussi même livrez livraison livrer expédiez expédition envoyez envoi taille
        tailles couleur couleurs noir noire blanc blanche rouge bleu bleue rose gris grise
        commande minimale minimum quantité délai étanche eau bonjour salut merci svp stp veux
        voudrais peux peut disponible existe avez avoir votre vos mon ma mes soie coton
        certifié certifiée certifications résiste vendez""",
}

# Letters and marks that only some of these languages write: (pattern, languages, score).
_MARKS: tuple[tuple[re.Pattern[str], tuple[str, ...], float], ...] = (
    (re.compile(r"[ñ¿¡]"), ("es",), 2.0),
    (re.compile(r"[ãõ]"), ("pt",), 2.0),
    (re.compile(r"[èëïîûùœ]"), ("fr",), 2.0),
    (re.compile(r"ç"), ("pt", "fr"), 1.0),
    (re.compile(r"[êâô]"), ("pt", "fr"), 1.0),
    (re.compile(r"[áíóú]"), ("es", "pt"), 1.0),
    # French elision: "c'est", "l'eau", "qu'il" (d' also in Portuguese "d'água": not counted).
    (re.compile(r"(?<![^\W\d_])(?:c|l|j|m|n|s|t|qu)'[^\W\d_]"), ("fr",), 2.0),
    # English contractions: "what's", "doesn't", "you're", "i'll".
    (re.compile(r"[a-z]'(?:s|t|re|ll|ve|m|d)(?![^\W\d_])"), ("en",), 2.0),
)
_MARK_CAP = 3  # a long comment full of accents counts no more than three of each


def _strip_accents(word: str) -> str:
    """The word without its accents: "cuánto" -> "cuanto", as buyers often type it."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_scores(lists: dict[str, str]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each word (with and without accents) -> the languages that use it, with their share."""
    langs_of: dict[str, set[str]] = {}
    for lang, text in lists.items():
        for word in text.split():
            for spelling in {word, _strip_accents(word)}:
                langs_of.setdefault(spelling, set()).add(lang)
    return {
        word: tuple((lang, 1.0 / len(langs)) for lang in sorted(langs))
        for word, langs in langs_of.items()
    }


_WORD_SCORES = _word_scores(_WORDS)


def _script(text: str) -> str | None:
    """The language a non-Latin script decides; "" for kana/hangul; None when only Latin."""
    if _KANA_OR_HANGUL.search(text):
        return ""
    counts = (
        (len(_HAN.findall(text)), "zh"),
        (len(_CYRILLIC.findall(text)), "ru"),
        (len(_ARABIC.findall(text)), "ar"),
    )
    best_count, best_lang = max(counts)
    return best_lang if best_count else None


def _words(text: str) -> list[str]:
    """The comment's Latin words in lower case, without acronyms ("CE", "FOB", "LED"): those
    are written alike in every language, and "CE" is not French "ce"."""
    found = _LATIN_WORD.findall(text)
    if len(found) >= 2 and all(word.isupper() for word in found):  # shouted: no acronyms
        return [word.lower() for word in found]
    return [word.lower() for word in found if len(word) == 1 or not word.isupper()]


def latin_scores(text: str) -> dict[str, float]:
    """Each Latin-script language's score for a comment (words and marks)."""
    scores = dict.fromkeys(_WORDS, 0.0)
    for word in _words(text):
        for lang, share in _WORD_SCORES.get(word, ()):
            scores[lang] += share
    lowered = text.lower()
    for pattern, langs, score in _MARKS:
        found = min(len(pattern.findall(lowered)), _MARK_CAP)
        for lang in langs:
            scores[lang] += found * score / len(langs)
    return scores


def _best(scores: dict[str, float]) -> str:
    """The top-scoring language, or "" when nothing scored or two tie."""
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (top_lang, top), (_, second) = ranked[0], ranked[1]
    return top_lang if top > 0 and top - second > 1e-9 else ""


def normalize(text: str) -> str:
    """NFKC and typographic apostrophes made plain: what detection compares (the case is kept
    to tell acronyms)."""
    text = unicodedata.normalize("NFKC", text[:MATCH_CHARS])
    return text.replace("\u2019", "'").replace("\u02bc", "'").replace("`", "'")


def detect(text: str) -> str:
    """The comment's language: one of `LANGS`, or "" when it cannot be told."""
    text = normalize(text)
    by_script = _script(text)
    if by_script is not None:
        return by_script
    return _best(latin_scores(text))


def accuracy(samples: Iterable[tuple[str, str]]) -> tuple[int, int, int]:
    """(right, wrong, unknown) over (text, expected language) pairs: how detection is measured."""
    right = wrong = unknown = 0
    for text, expected in samples:
        found = detect(text)
        if found == expected:
            right += 1
        elif found:
            wrong += 1
        else:
            unknown += 1
    return right, wrong, unknown
