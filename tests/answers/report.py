"""How well suggested answers do on the question set (issue 18): right, wrong, unanswered.

Each line of `questions.jsonl` is a buyer's comment over one of the catalogs in `catalogs/`
(read by the real importer), with the product on screen when it was written, the language the
answer should be in, the product meant ("" when none is needed, "?" when two could be meant)
and the topic, and optionally texts the right answer must contain ("must") and texts a wrong
one would contain ("must_not"), both compared ignoring case.

A question is
- right: a suggestion with the expected topic, product (any when "" is expected) and language,
  every "must" in its text and no "must_not"; or no suggestion when the product is "?";
- wrong: any other suggestion (a guess between two products included);
- unanswered: no suggestion where one was expected.

Run `.venv/bin/python tests/answers/report.py` for a table per language, the wrong answers and
the suggestions per second on one core (`--unanswered` lists those too).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script from anywhere: the checkout's studio package
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.chat.answers import TOPICS, ShopTerms, suggest
from studio.chat.events import ChatEvent
from studio.commerce.catalog import load_catalog
from studio.commerce.product import Product
from studio.commerce.shop import Shop

HERE = Path(__file__).resolve().parent
CATALOGS = HERE / "catalogs"
QUESTIONS = HERE / "questions.jsonl"
TERMS = HERE / "terms.json"
LANGS = ("zh", "en", "es", "pt", "fr", "ru", "ar")
# Topics the set expects that the answering code does not have yet: none now (material and
# feature, answered from the catalog's selling points, were the last). A question for a topic
# still to be built names it here, so the set's own test accepts it.
NEW_TOPICS: tuple[str, ...] = ()
KNOWN_TOPICS = frozenset((*TOPICS, *NEW_TOPICS))
AMBIGUOUS = "?"  # the product: two could be meant, the right outcome is no answer
CLASSES = ("right", "wrong", "unanswered")


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
    return out


def load_products(path: Path) -> list[Product]:
    """A catalog's products as the studio imports them."""
    return list(load_catalog(path).products)


def load_terms(path: Path = TERMS) -> ShopTerms:
    """The shop's terms from `terms.json` (every language's, shipping abroad included)."""
    if not path.exists():
        return ShopTerms()
    return ShopTerms.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _shop(products: Sequence[Product], on_screen: str) -> Shop:
    shop = Shop(products)
    if on_screen:
        shop.explain(on_screen)
    return shop


def _event(number: int, text: str) -> ChatEvent:
    return ChatEvent("comment", "demo", "buyer", text, 0.0, f"q{number}")


def judge(question: dict[str, Any], got: Any) -> tuple[str, list[str]]:
    """(class, why) for one question and the suggestion it got (None for none)."""
    product = question["product"]
    if got is None:
        return ("right" if product == AMBIGUOUS else "unanswered"), []
    why: list[str] = []
    if product == AMBIGUOUS:
        why.append(f"guessed product {got.product_id or '(none)'} where two could be meant")
    elif product and got.product_id != product:
        why.append(f"product {got.product_id or '(none)'}, not {product}")
    if got.topic != question["topic"]:
        why.append(f"topic {got.topic}, not {question['topic']}")
    if got.lang != question["lang"]:
        why.append(f"language {got.lang}, not {question['lang']}")
    text = got.text.casefold()
    for must in question.get("must", ()):
        if must.casefold() not in text:
            why.append(f"lacks {must!r}")
    for must_not in question.get("must_not", ()):
        if must_not.casefold() in text:
            why.append(f"says {must_not!r}")
    return ("wrong" if why else "right"), why


def measure(
    questions: Iterable[dict[str, Any]],
    catalogs_dir: str | Path = CATALOGS,
    terms: ShopTerms | None = None,
) -> dict[str, Any]:
    """Run `suggest` on every question and class each answer. Returns
    {"total", "counts": {class: n}, "by_lang": {lang: {"total", "right", "wrong",
    "unanswered"}}, "by_catalog": (the same by catalog file), "wrong": [question + "got" +
    "why"], "unanswered": [question], "results": [(question, class)]}."""
    terms = terms or load_terms()
    catalogs: dict[str, list[Product]] = {}
    out: dict[str, Any] = {
        "total": 0,
        "counts": dict.fromkeys(CLASSES, 0),
        "by_lang": {},
        "by_catalog": {},
        "wrong": [],
        "unanswered": [],
        "results": [],
    }
    for number, question in enumerate(questions, 1):
        name = question["catalog"]
        if name not in catalogs:
            catalogs[name] = load_products(Path(catalogs_dir) / name)
        shop = _shop(catalogs[name], question.get("on_screen", ""))
        got = suggest(_event(number, question["q"]), shop, terms)
        verdict, why = judge(question, got)
        out["total"] += 1
        out["counts"][verdict] += 1
        for key, table in ((question["lang"], "by_lang"), (name, "by_catalog")):
            row = out[table].setdefault(key, {"total": 0, **dict.fromkeys(CLASSES, 0)})
            row["total"] += 1
            row[verdict] += 1
        out["results"].append((question, verdict))
        if verdict == "wrong":
            out["wrong"].append({**question, "got": got.to_dict(), "why": why})
        elif verdict == "unanswered":
            out["unanswered"].append(question)
    return out


def speed(
    questions: Sequence[dict[str, Any]],
    catalogs_dir: str | Path = CATALOGS,
    seconds: float = 1.0,
    rounds: int = 3,
) -> float:
    """Suggestions a second on this thread (one core), over the whole set, shops made
    beforehand: the best of `rounds` rounds of `seconds`."""
    terms = load_terms()
    catalogs = {
        name: load_products(Path(catalogs_dir) / name) for name in {q["catalog"] for q in questions}
    }
    cases = [
        (_event(n, q["q"]), _shop(catalogs[q["catalog"]], q.get("on_screen", "")))
        for n, q in enumerate(questions, 1)
    ]
    best = 0.0
    for _ in range(rounds):  # the best round: other work on the machine only slows one down
        done = 0
        start = time.thread_time()  # CPU time: what one core gives, not what others take
        while True:
            for event, shop in cases:
                suggest(event, shop, terms)
            done += len(cases)
            elapsed = time.thread_time() - start
            if elapsed >= seconds:
                break
        best = max(best, done / elapsed)
    return best


def _table(title: str, rows: dict[str, dict[str, int]], order: Iterable[str]) -> list[str]:
    lines = [f"{title:<20} {'total':>5} {'right':>5} {'wrong':>5} {'unans':>5} {'right%':>7}"]
    keys = [k for k in order if k in rows] + sorted(k for k in rows if k not in order)
    for key in keys:
        r = rows[key]
        pct = 100.0 * r["right"] / r["total"] if r["total"] else 0.0
        lines.append(
            f"{key:<20} {r['total']:>5} {r['right']:>5} {r['wrong']:>5} "
            f"{r['unanswered']:>5} {pct:>6.1f}%"
        )
    return lines


def main(argv: Sequence[str] = ()) -> int:
    questions = load_questions()
    result = measure(questions)
    c = result["counts"]
    print("\n".join(_table("language", result["by_lang"], LANGS)))
    total = {"total": result["total"], **c}
    print("\n".join(_table("", {"all": total}, ["all"])[1:]))
    print()
    print("\n".join(_table("catalog", result["by_catalog"], ())))
    print(f"\nwrong ({c['wrong']}):")
    for w in result["wrong"]:
        print(f"  [{w['lang']}] {w['q']!r} ({w['catalog']}, on screen {w['on_screen'] or '-'})")
        print(f"      -> {w['got']['topic']}/{w['got']['product'] or '-'}: {w['got']['text']!r}")
        print(f"      {'; '.join(w['why'])}")
    if "--unanswered" in argv:
        print(f"\nunanswered ({c['unanswered']}):")
        for u in result["unanswered"]:
            print(f"  [{u['lang']}] {u['q']!r} (expected {u['topic']}/{u['product'] or '-'})")
    print(f"\n{speed(questions):,.0f} suggestions a second on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
