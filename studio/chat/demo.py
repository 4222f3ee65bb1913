"""A pretend live room: viewers join, like, send gifts and comment, with no platform at all.

For trying the comment pane and the answer rules, for demos and for load tests. Its viewers ask
what real ones ask ("有红色吗", "多少钱", "能便宜点吗", "包邮吗", "MOQ?", "lead time?") between
chit-chat, at `rate` comments a second (up to 1000, a flood), in batches about every 50 ms.

Options (`ConnectorConfig.options`, all texts):
- rate: comments a second (default 2, at most 1000);
- seed: a whole number, for the same viewers saying the same things in the same order;
- lang: zh (default), en or mixed;
- count: stop commenting after this many comments (the room then stays open, quiet, until the
  connector is stopped).
"""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import Connector, ConnectorConfig, ConnectorError, Sink
from studio.chat.events import ChatEvent, stable_id

DEFAULT_RATE = 2.0
MAX_RATE = 1000.0
BATCH_S = 0.05  # events are handed over in batches this often
LANGS = ("zh", "en", "mixed")

QUESTIONS_ZH = (
    "有红色吗", "多少钱", "能便宜点吗", "包邮吗", "什么时候发货", "有XL吗", "还有货吗", "怎么买",
    "有优惠吗", "这个多少钱呀", "黑色还有吗", "能退吗", "MOQ?", "起订量多少", "交期多久",
    "有什么颜色", "几号链接？", "有认证吗", "1000件什么价", "蓝色有货吗",
)  # fmt: skip
QUESTIONS_EN = (
    "do you have red?", "how much?", "any discount?", "free shipping?", "MOQ?", "lead time?",
    "price for 1000 pcs?", "is it in stock?", "how do I buy?", "certifications?",
    "what colors do you have?", "do you ship to Canada?", "can I return it?", "FOB price?",
)  # fmt: skip
CHAT_ZH = (
    "主播好美", "来了来了", "666", "哈哈哈", "主播声音好好听", "第一次来", "支持主播", "已拍",
    "好看", "已关注", "❤️❤️❤️", "求讲解", "上链接", "主播辛苦了", "买过，质量很好", "冲冲冲",
    "晚上好", "刚来，讲到哪了",
)  # fmt: skip
CHAT_EN = (
    "hello", "hi from Brazil", "love it", "nice", "first time here", "great stream", "👍",
    "lol", "looks good", "good evening", "just ordered one",
)  # fmt: skip
USERS_ZH = (
    "小鱼儿", "爱吃橙子", "阳光少年", "momo", "快乐星球", "糖糖", "阿杰", "Tony_88", "晴天",
    "小白兔", "一只猫", "奶茶不加糖", "追风的人", "莉莉", "木子李", "夏天的风", "大橘", "微微一笑",
)  # fmt: skip
USERS_EN = (
    "Lily", "Sunny", "mike_88", "Anna K", "BuyerLiu", "tradeco", "Jenny", "Oscar", "Priya",
    "Lucas", "ShopMore", "Kate",
)  # fmt: skip
GIFTS_ZH = ("小心心", "玫瑰", "棒棒糖", "啤酒", "跑车")
GIFTS_EN = ("Heart", "Rose", "Lollipop", "Beer", "Sports car")
QUESTION_SHARE = 0.45  # of comments
JOIN_CHANCE, LIKE_CHANCE, GIFT_CHANCE, FOLLOW_CHANCE = 0.15, 0.10, 0.03, 0.02  # per comment


class DemoConnector(Connector):
    kind = "demo"
    label = QT_TRANSLATE_NOOP("ChatPanel", "Demo room")
    SETTINGS = (
        Setting(
            "rate",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Comments a second"),
            "float",
            DEFAULT_RATE,
            0,
            MAX_RATE,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "above 0, at most 1000"),
        ),
        Setting(
            "seed",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Seed"),
            "int",
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "a whole number: the same viewers say the same things"
            ),
        ),
        Setting(
            "lang",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Language"),
            "choice",
            "zh",
            choices=LANGS,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "zh, en or mixed"),
        ),
        Setting(
            "count",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Comments in all"),
            "int",
            minimum=0,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "stop commenting after this many"),
        ),
    )
    platform = "demo"

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        options = self.declared_options(strict=True)  # a mistyped option is said, not ignored
        self.rate: float = options["rate"]
        if self.rate <= 0:  # declared from 0 for the dialog's bounds; no comments is no room
            raise ConnectorError("config", f"demo rate must be above 0 and at most {MAX_RATE:g}")
        self.seed: int | None = options["seed"]
        self.lang: str = options["lang"]
        self.count: int | None = options["count"]
        self._random = random.Random(self.seed)
        # Ids: the same run of a seeded room gives the same ids; an unseeded room its own.
        self._room = f"seed{self.seed}" if self.seed is not None else uuid.uuid4().hex[:12]
        self._seq = 0  # events made (ids), kept across sessions
        self.comments = 0  # comments made

    def session(self) -> None:
        self.connected()
        started = time.monotonic()
        wall = time.time()
        done_at_start = self.comments
        while not self.stopping:
            if self.count is not None and self.comments >= self.count:
                self._stop.wait(BATCH_S * 4)  # all said: stay open, quiet, until stopped
                continue
            elapsed = time.monotonic() - started
            due = done_at_start + int(elapsed * self.rate) + 1  # the first one straight away
            if self.count is not None:
                due = min(due, self.count)
            batch: list[ChatEvent] = []
            while self.comments < due:
                at = wall + (self.comments - done_at_start) / self.rate
                batch.extend(self._viewer_does(at))
            self.emit(batch)
            next_due = started + (due - done_at_start) / self.rate
            wait = max(BATCH_S, next_due - time.monotonic())
            self._stop.wait(min(wait, 0.5))

    # --- the viewers ---
    def _pick_lang(self) -> str:
        if self.lang == "mixed":
            return "zh" if self._random.random() < 0.5 else "en"
        return self.lang

    def _event(self, kind: Any, user: tuple[str, str], at: float, **more: Any) -> ChatEvent:
        self._seq += 1
        name, user_id = user
        return ChatEvent(
            kind=kind,
            platform=self.platform,
            user=name,
            text=more.pop("text", ""),
            time=at,
            id=stable_id(self.platform, self._room, self._seq),
            user_id=user_id,
            **more,
        )

    def _user(self, lang: str) -> tuple[str, str]:
        names = USERS_ZH if lang == "zh" else USERS_EN
        index = self._random.randrange(len(names))
        return names[index], f"{lang}{index}"

    def _viewer_does(self, at: float) -> list[ChatEvent]:
        """One comment, sometimes after a join, a like, a gift or a follow."""
        rng = self._random
        lang = self._pick_lang()
        user = self._user(lang)
        out: list[ChatEvent] = []
        if rng.random() < JOIN_CHANCE:
            out.append(self._event("join", user, at))
        if rng.random() < FOLLOW_CHANCE:
            out.append(self._event("follow", user, at))
        if rng.random() < LIKE_CHANCE:
            out.append(self._event("like", user, at, amount=rng.randint(1, 30)))
        if rng.random() < GIFT_CHANCE:
            gifts = GIFTS_ZH if lang == "zh" else GIFTS_EN
            gift = rng.choice(gifts)
            out.append(self._event("gift", user, at, gift=gift, amount=rng.randint(1, 5)))
        if rng.random() < QUESTION_SHARE:
            text = rng.choice(QUESTIONS_ZH if lang == "zh" else QUESTIONS_EN)
        else:
            text = rng.choice(CHAT_ZH if lang == "zh" else CHAT_EN)
        out.append(self._event("comment", user, at, text=text))
        self.comments += 1
        return out
