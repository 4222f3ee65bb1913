"""YouTube live chat through the YouTube Data API v3 (`liveChatMessages.list`), by polling.

Settings: `channel` is the broadcast's liveChatId; `token` is an API key (sent as `key=`) or,
with options["auth"] = "oauth", an OAuth access token (sent as `Authorization: Bearer`);
`server` overrides the API base (default https://www.googleapis.com; the tests' local server).

Each answer says how long to wait before the next request (`pollingIntervalMillis`) and where to
go on from (`nextPageToken`); both are followed, so a chat costs the quota YouTube asks for and
no message is read twice within a connection (across a reconnect the page token is kept, and
anything delivered again has the same id, which the ChatLog drops).

Mapping (snippet.type):
    textMessageEvent            comment  text = textMessageDetails.messageText (or displayMessage)
    superChatEvent              gift     gift "superchat", text = the userComment, amount 1; the
                                         money in extra (amount_micros, currency, amount_display)
    superStickerEvent           gift     gift "supersticker", text "", same extra + sticker
    membershipGiftingEvent      gift     gift "membership", amount = memberships given
    newSponsorEvent             follow   (a new member; extra level)
    memberMilestoneChatEvent    follow   text = the member's comment, extra months
    giftMembershipReceivedEvent follow
anything else (deletions, bans, polls, chat ended...) is skipped. user = authorDetails.displayName,
user_id = authorDetails.channelId, time = snippet.publishedAt, id = the message id.

The key or token never appears in a status text or a log: details are written here, never
copied from a URL, and an expected failure (refused, cut short, a garbled answer) is a status,
never a traceback. An API address that cannot work is refused when the connector is made.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import (
    AuthError,
    Connector,
    ConnectorConfig,
    ConnectorError,
    Sink,
    check_url,
)
from studio.chat.events import ChatEvent, stable_id
from studio.chat.feed import iso_time

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://www.googleapis.com"
PATH = "/youtube/v3/liveChat/messages"
REQUEST_TIMEOUT_S = 10.0  # for each read: a server silent this long is left
ANSWER_DEADLINE_S = 30.0  # for the whole answer: a server trickling it is left too
MAX_RESULTS = 2000
MIN_INTERVAL_S = 0.1  # even if told 0: never a busy loop
MAX_INTERVAL_S = 60.0
DEFAULT_INTERVAL_S = 5.0  # when an answer does not say
MAX_ANSWER_BYTES = 32 * 2**20
WAIT_SLICE_S = 0.5  # how often a wait checks `stopping`

AUTH_REASONS = {
    "forbidden",
    "keyInvalid",
    "keyExpired",
    "unauthorized",
    "authError",
    "insufficientPermissions",
    "API_KEY_INVALID",
    "API_KEY_EXPIRED",
    "ACCESS_TOKEN_EXPIRED",
    "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
    "CREDENTIALS_MISSING",
    "accessNotConfigured",
    "SERVICE_DISABLED",
}
NOT_FOUND_REASONS = {"liveChatDisabled", "liveChatEnded", "liveChatNotFound"}
LIMIT_REASONS = {
    "quotaExceeded",
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "dailyLimitExceeded",
    "RATE_LIMIT_EXCEEDED",
}


class YouTubeConnector(Connector):
    kind = "youtube"
    label = QT_TRANSLATE_NOOP("ChatPanel", "YouTube")
    SETTINGS = (
        Setting(
            "server",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Server"),
            placeholder=DEFAULT_BASE,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the API's address; empty: YouTube's"),
        ),
        Setting(
            "channel",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Channel"),
            required=True,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the live chat id"),
        ),
        Setting(
            "token",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Token"),
            required=True,
            secret=True,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "an API key or an OAuth token"),
        ),
        Setting(
            "auth",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Token kind"),
            "choice",
            "key",
            choices=("key", "oauth"),
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "key: an API key; oauth: an OAuth token"),
        ),
    )
    platform = "youtube"

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        if not config.channel.strip():
            raise ConnectorError("config", "YouTube chat needs the broadcast's live chat id")
        if not config.token:
            raise ConnectorError("config", "YouTube chat needs an API key or an OAuth token")
        self.oauth = config.options.get("auth", "key") == "oauth"
        self.base = (config.server.strip() or DEFAULT_BASE).rstrip("/")
        parts = check_url(self.base, ("http", "https"), "the YouTube API address")
        if parts.query or parts.fragment:
            raise ConnectorError("config", "the YouTube API address takes no ? or # part")
        host = (parts.hostname or "").lower()
        # The system proxy serves the real API; a local stand-in (tests, a relay) is direct.
        handlers = [urllib.request.ProxyHandler({})] if _is_local(host) else []
        self._opener = urllib.request.build_opener(*handlers)
        self.page_token = ""  # where the next request goes on from
        self.skipped = 0  # messages of kinds that are not events
        self.requests = 0
        self.answer_deadline_s = ANSWER_DEADLINE_S
        self._interrupt = threading.Event()

    # --- the connector thread ---
    def session(self) -> None:
        self._interrupt.clear()
        first = True
        while not self.stopping:
            answer = self._get()
            self.requests += 1
            if first:
                self.connected()
                first = False
            items = answer.get("items")
            events = [e for e in map(self._event, items if isinstance(items, list) else []) if e]
            self.emit(events)
            token = answer.get("nextPageToken")
            if isinstance(token, str) and token:
                self.page_token = token
            self._wait(self._interval(answer))

    def close_session(self) -> None:
        self._interrupt.set()

    def _interval(self, answer: dict[str, Any]) -> float:
        millis = answer.get("pollingIntervalMillis")
        if isinstance(millis, str) and millis.isdigit():
            millis = int(millis)
        if isinstance(millis, bool) or not isinstance(millis, int | float) or millis != millis:
            return DEFAULT_INTERVAL_S
        return min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, millis / 1000.0))

    def _wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping:
            left = end - time.monotonic()
            if left <= 0:
                return
            self._interrupt.wait(min(left, WAIT_SLICE_S))

    def _request(self) -> urllib.request.Request:
        params = {
            "liveChatId": self.config.channel.strip(),
            "part": "snippet,authorDetails",
            "maxResults": str(MAX_RESULTS),
        }
        if self.page_token:
            params["pageToken"] = self.page_token
        headers = {"Accept": "application/json", "User-Agent": "ShopcastStudio"}
        if self.oauth:
            headers["Authorization"] = f"Bearer {self.config.token}"
        else:
            params["key"] = self.config.token
        return urllib.request.Request(f"{self.base}{PATH}?{urlencode(params)}", headers=headers)

    def _get(self) -> dict[str, Any]:
        try:
            with self._opener.open(self._request(), timeout=REQUEST_TIMEOUT_S) as resp:
                body = self._read_answer(resp)
                missing = getattr(resp, "length", None)  # of its Content-Length, still unread
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read(65536)
            except (OSError, http.client.HTTPException):
                body = b""
            finally:
                exc.close()
            raise self._http_error(exc.code, body) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ConnectionRefusedError):
                raise ConnectorError("refused", "nothing is listening at the API address") from None
            if isinstance(reason, TimeoutError):
                raise ConnectorError("network", "the API did not answer in time") from None
            if isinstance(reason, OSError):
                detail = reason.strerror or type(reason).__name__
            else:
                detail = self._redact(str(reason))
            raise ConnectorError("network", f"cannot reach the API: {detail}") from None
        except TimeoutError:
            raise ConnectorError("network", "the API did not answer in time") from None
        except OSError as exc:  # a reset mid-answer, a TLS error...
            detail = exc.strerror or type(exc).__name__
            raise ConnectorError("network", f"the connection was lost: {detail}") from None
        except http.client.HTTPException as exc:  # a garbled status line, an answer cut short
            detail = f"the API's answer was garbled or cut short ({type(exc).__name__})"
            raise ConnectorError("network", detail) from None
        if len(body) > MAX_ANSWER_BYTES:
            raise ConnectorError("protocol", "the API's answer is too large")
        if missing:  # a read with a size returns what came before the end, without an error
            raise ConnectorError("network", "the API's answer was cut short")
        try:
            answer = json.loads(body)
        except ValueError:
            raise ConnectorError("protocol", "the API's answer is not JSON") from None
        if not isinstance(answer, dict):
            raise ConnectorError("protocol", "the API's answer is not a JSON object")
        return answer

    def _read_answer(self, resp: Any) -> bytes:
        """The answer's body, MAX_ANSWER_BYTES + 1 at most, read in pieces so that a server
        sending a byte now and then (never silent for REQUEST_TIMEOUT_S) is left after
        answer_deadline_s, and a stop is noticed."""
        deadline = time.monotonic() + self.answer_deadline_s
        pieces: list[bytes] = []
        size = 0
        while size <= MAX_ANSWER_BYTES:
            piece = resp.read1(min(65536, MAX_ANSWER_BYTES + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
            if self.stopping:
                raise ConnectorError("network", "stopped while reading the API's answer")
            if time.monotonic() > deadline:
                raise ConnectorError("network", "the API's answer took too long")
        return b"".join(pieces)

    def _http_error(self, status: int, body: bytes) -> ConnectorError:
        """The ConnectorError for an error answer, from its reasons (Google's error JSON:
        error.errors[].reason, and error.details[].reason for newer ones)."""
        reasons: list[str] = []
        message = ""
        try:
            error = json.loads(body).get("error", {})
        except (ValueError, AttributeError):
            error = {}
        if isinstance(error, dict):
            message = error.get("message") if isinstance(error.get("message"), str) else ""
            for key in ("errors", "details"):
                entries = error.get(key)
                for entry in entries if isinstance(entries, list) else []:
                    if isinstance(entry, dict) and isinstance(entry.get("reason"), str):
                        reasons.append(entry["reason"])
        reason = reasons[0] if reasons else ""
        said = self._redact(f"HTTP {status}" + (f" {reason}" if reason else ""))
        if message:
            said += f": {self._redact(message)[:200]}"
        if "pageTokenInvalid" in reasons:
            self.page_token = ""  # start over from the chat's recent messages
            return ConnectorError("protocol", said)
        if any(r in NOT_FOUND_REASONS for r in reasons) or status == 404:
            return ConnectorError("not_found", said)
        if any(r in LIMIT_REASONS for r in reasons) or status == 429:
            return ConnectorError("protocol", said)
        if status == 401 or any(r in AUTH_REASONS for r in reasons):
            return AuthError(said)
        if status >= 500:
            return ConnectorError("network", said)
        return ConnectorError("protocol", said)

    def _redact(self, text: str) -> str:
        return text.replace(self.config.token, "****") if self.config.token else text

    # --- mapping ---
    def _event(self, item: Any) -> ChatEvent | None:
        event = to_event(item) if isinstance(item, dict) else None
        if event is None:
            self.skipped += 1
        return event


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _dict(obj: Any, key: str) -> dict[str, Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any, default: int = 0) -> int:
    """YouTube sends 64-bit numbers as strings: ASCII digits, at most 20 of them (int() would
    also read other scripts' digits, and refuses thousands of them with an error)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    text = value.strip() if isinstance(value, str) else ""
    digits = text[1:] if text.startswith("-") else text
    if digits.isascii() and digits.isdigit() and len(digits) <= 20:
        return int(text)
    return default


def to_event(item: dict[str, Any], received: float | None = None) -> ChatEvent | None:
    """One liveChatMessage resource as an event; None for kinds that are not events."""
    snippet = _dict(item, "snippet")
    author = _dict(item, "authorDetails")
    kind_name = snippet.get("type")
    extra: dict[str, Any] = {}
    amount = 1
    gift = ""
    text = ""
    if kind_name == "textMessageEvent":
        kind = "comment"
        details = _dict(snippet, "textMessageDetails")
        text = _str(details.get("messageText")) or _str(snippet.get("displayMessage"))
    elif kind_name in ("superChatEvent", "superStickerEvent"):
        kind = "gift"
        sticker = kind_name == "superStickerEvent"
        details = _dict(snippet, "superStickerDetails" if sticker else "superChatDetails")
        gift = "supersticker" if sticker else "superchat"
        text = "" if sticker else _str(details.get("userComment"))
        extra = {
            "amount_micros": _int(details.get("amountMicros")),
            "currency": _str(details.get("currency")),
            "amount_display": _str(details.get("amountDisplayString")),
            "tier": _int(details.get("tier")),
        }
        if sticker:
            extra["sticker"] = _str(_dict(details, "superStickerMetadata").get("altText"))
    elif kind_name == "membershipGiftingEvent":
        kind = "gift"
        gift = "membership"
        details = _dict(snippet, "membershipGiftingDetails")
        amount = max(1, _int(details.get("giftMembershipsCount"), 1))
        extra = {"level": _str(details.get("giftMembershipsLevelName"))}
    elif kind_name == "newSponsorEvent":
        kind = "follow"
        details = _dict(snippet, "newSponsorDetails")
        extra = {"level": _str(details.get("memberLevelName"))}
    elif kind_name == "memberMilestoneChatEvent":
        kind = "follow"
        details = _dict(snippet, "memberMilestoneChatDetails")
        text = _str(details.get("userComment"))
        extra = {
            "months": _int(details.get("memberMonth")),
            "level": _str(details.get("memberLevelName")),
        }
    elif kind_name == "giftMembershipReceivedEvent":
        kind = "follow"
        details = _dict(snippet, "giftMembershipReceivedDetails")
        extra = {"level": _str(details.get("memberLevelName"))}
    else:
        return None
    event_id = _str(item.get("id"))
    user_id = _str(author.get("channelId")) or _str(snippet.get("authorChannelId"))
    when = iso_time(snippet.get("publishedAt"))  # RFC 3339
    if when is None:
        when = time.time() if received is None else received
    if not event_id:  # the API always gives one; a stand-in server might not
        event_id = stable_id("youtube", kind, user_id, when, text, gift)
    roles = [
        role
        for role, flag in (
            ("owner", "isChatOwner"),
            ("moderator", "isChatModerator"),
            ("member", "isChatSponsor"),
            ("verified", "isVerified"),
        )
        if author.get(flag) is True
    ]
    if roles:
        extra["roles"] = roles
    return ChatEvent(
        kind=kind,  # type: ignore[arg-type]
        platform="youtube",
        user=_str(author.get("displayName")),
        text=text,
        time=when,
        id=event_id,
        user_id=user_id,
        amount=amount,
        gift=gift,
        extra=extra,
    )
