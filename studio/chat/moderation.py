"""What the host sees of the chat and what may reach the stream: filters, questions, safe text.

- `ChatFilter` decides what the comment pane shows (questions only, a keyword, muted viewers) and
  what is blocked outright (blocked words hide an event from the pane *and* from the screen).
  Blocked words are matched the way spammers try to get round them: full-width letters, any
  case, invisible characters and spaces or punctuation put inside the word ("微 信", "v\u200bx",
  "ＶＸ" all match "微信"/"vx").
- `is_question` tells a viewer's question from chit-chat, in Chinese and English.
- `sanitize_for_display` turns a comment into one safe line for the stream's renderer. It never
  changes what is stored: the event keeps its text exactly as received.

The text helpers (`fold`, `compact`, `INVISIBLE`) are shared with the answer rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from studio.chat.events import ChatEvent

# Zero-width and bidi control characters: invisible, and used to split a blocked word or to
# flip the text around on screen. (All other format characters are dropped for display too.)
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_NOT_WORD = re.compile(r"[\W_]+")  # spaces, punctuation, symbols, emoji
# Letters that draw nothing (Hangul and braille fillers make "blank" names and comments).
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")
DISPLAY_LIMIT = 500
MAX_MARKS = 2  # combining marks kept on one character ("Zalgo" text stacks hundreds)
SCAN_LIMIT = 100_000  # characters of a comment looked at for display, at most


def fold(text: str, casefold: bool = True) -> str:
    """NFKC (full-width -> half-width, compatibility forms), case-folded, invisible characters
    removed: the form every match is made in."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = INVISIBLE.sub("", text)
    return text.casefold() if casefold else text


def compact(folded: str) -> str:
    """Letters and digits only: spaces and punctuation inside a word no longer split it."""
    return _NOT_WORD.sub("", folded)


def words(folded: str) -> str:
    """Letters and digits with a single space for whatever separated them, padded with a space
    on each side (" do you have red ")."""
    return " " + _NOT_WORD.sub(" ", folded).strip() + " "


# --- questions ------------------------------------------------------------------------------

_QUESTION_ZH = re.compile(
    r"吗|嘛|呢|(?<![这那多要怎什])么|多少|多久|多大|多长|几|怎么|咋|啥|什么|哪|谁|为何|为什么|能不能|可不可以|"
    r"可以不|是不是|有没有|有无|行不行|好不好|要不要|会不会|请问|求问"
)
_QUESTION_EN = re.compile(
    r"(?<![a-z0-9])(?:how|what|whats|when|where|which|why|who|whos|"
    r"is (?:there|it|this|that)|are (?:there|they|these|those)|do (?:you|they|i)|"
    r"does (?:it|this|that)|did you|can (?:i|you|we)|could (?:i|you)|will (?:it|you|this)|"
    r"would (?:it|you)|any|anyone|pls tell|please tell)(?![a-z0-9])"
)


def is_question(text: str) -> bool:
    """Whether a comment asks something: a question mark (？ too), or the words a question is
    made of ("吗", "多少", "怎么", "有没有", "how", "is there", "do you", "can I"...)."""
    folded = fold(text[:DISPLAY_LIMIT])
    if "?" in folded or "¿" in folded or "؟" in folded:
        return True
    if _QUESTION_ZH.search(folded):
        return True
    return bool(_QUESTION_EN.search(words(folded)))


# --- filters --------------------------------------------------------------------------------


def mute_key(event: ChatEvent) -> str:
    """Who a mute applies to: the platform's user id when it gives one (a viewer who renames
    stays muted), else the display name; scoped by platform, as ids are."""
    if event.user_id:
        return f"{event.platform}:id:{event.user_id}"
    return f"{event.platform}:name:{event.user}"


def _blocked_pattern(blocked_words: tuple[str, ...]) -> tuple[re.Pattern[str] | None, bool]:
    """One pattern for every blocked word, matched in `_joined` text: words in Chinese (any
    non-Latin word) anywhere; Latin words not inside a longer Latin word ("ass" does not block
    "class", "vx" blocks "加vx123"). Returns the pattern and whether any word is non-Latin."""
    latin: list[str] = []
    other: list[str] = []
    for word in blocked_words:
        key = compact(fold(word))
        if not key:
            continue
        (latin if key.isascii() else other).append(key)
    parts = [re.escape(w) for w in sorted(set(other), key=len, reverse=True)]
    if latin:
        alternatives = "|".join(re.escape(w) for w in sorted(set(latin), key=len, reverse=True))
        parts.append(rf"(?<![a-z])(?:{alternatives})(?![a-z])")
    if not parts:
        return None, False
    return re.compile("|".join(parts)), bool(other)


_PIECES = re.compile(r"[a-z]+|\d+|[^\W\da-z_]+")


def _joined(folded: str) -> str:
    """Words and numbers (Latin, digits and other letters apart: "加我vx123" is "加我 vx 123")
    separated by a space, except that letters standing alone join up again ("v x", "a.s.s",
    "加我v x" -> "vx", "ass"): a word spaced out to slip past the filter is whole again, while
    real words stay apart ("class" holds no "ass")."""
    out: list[str] = []
    single = False
    for piece in _PIECES.findall(folded):
        alone = len(piece) == 1
        if out and not (alone and single):
            out.append(" ")
        out.append(piece)
        single = alone
    return "".join(out)


@dataclass(frozen=True)
class ChatFilter:
    """What the comment pane shows. `blocked` events are hidden from the pane and never reach
    the screen; `shown` adds the pane's own choices (questions only, a keyword, muted users).
    `muted_users` holds `mute_key`s."""

    questions_only: bool = False
    keyword: str = ""
    blocked_words: tuple[str, ...] = ()
    muted_users: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def _blocked(self) -> tuple[re.Pattern[str] | None, bool]:
        return _blocked_pattern(tuple(self.blocked_words))

    @cached_property
    def _keyword(self) -> str:
        return compact(fold(self.keyword))

    def blocked(self, event: ChatEvent) -> bool:
        """The text or the user name holds a blocked word (however disguised)."""
        pattern, any_cjk = self._blocked
        if pattern is None:
            return False
        for text in (event.text, event.user):
            if not text:
                continue
            folded = fold(text)
            if pattern.search(_joined(folded)):
                return True
            # Chinese words also when split by spaces or punctuation between Latin runs.
            if any_cjk and pattern.search(compact(folded)):
                return True
        return False

    def muted(self, event: ChatEvent) -> bool:
        return bool(self.muted_users) and mute_key(event) in self.muted_users

    def shown(self, event: ChatEvent) -> bool:
        """Whether the pane shows the event under this filter."""
        if self.muted(event) or self.blocked(event):
            return False
        if self.questions_only and (event.kind != "comment" or not is_question(event.text)):
            return False
        if self._keyword:
            haystack = compact(fold(event.text)) + "\x00" + compact(fold(event.user))
            if self._keyword not in haystack:
                return False
        return True

    def mute(self, event: ChatEvent) -> ChatFilter:
        return replace(self, muted_users=self.muted_users | {mute_key(event)})

    def unmute(self, event: ChatEvent) -> ChatFilter:
        return replace(self, muted_users=self.muted_users - {mute_key(event)})


# --- on screen ------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def sanitize_for_display(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """One plain line to draw on the stream: control and format characters removed (zero-width,
    bidi overrides and isolates, U+200B-U+200F, U+202A-U+202E, U+2066-U+2069 among them), line
    breaks and tabs turned into spaces, runs of spaces made one, combining marks limited to
    `MAX_MARKS` per character, at most `limit` characters (the last one "…" when cut).
    For showing only: the stored event keeps its exact text."""
    if limit <= 0:
        return ""
    out: list[str] = []
    marks = 0
    kept = 0  # characters kept that are not spaces: once past the limit, the rest is cut anyway
    for ch in text[:SCAN_LIMIT]:
        if kept > limit:
            break
        if ch.isascii():
            if ch.isprintable():
                out.append(ch)
                marks = 0
                kept += ch != " "
            elif ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f":
                out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category[0] == "C":  # Cc controls, Cf format (zero-width, bidi), Cs lone surrogates
            if ch == "\x85":
                out.append(" ")
            continue
        if ch in _BLANK_LETTERS:
            continue
        if category[0] == "Z":  # U+2028, U+2029 line and paragraph separators, odd spaces
            out.append(" ")
            continue
        if category[0] == "M":
            marks += 1
            if marks > MAX_MARKS:
                continue
        else:
            marks = 0
        out.append(ch)
        kept += 1
    line = _SPACES.sub(" ", "".join(out)).strip()
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


__all__ = [
    "INVISIBLE",
    "ChatFilter",
    "compact",
    "fold",
    "is_question",
    "mute_key",
    "sanitize_for_display",
    "words",
]
