"""YouTube live chat against a local server speaking the Data API v3 liveChatMessages.list JSON:
pages in order, page tokens followed, the polling interval honoured, duplicates dropped by id,
credentials rejected (not retried, never shown), an ended chat, a server restart."""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from waiting import wait_for

from studio.chat.connector import ConnectorConfig, ConnectorError
from studio.chat.events import ChatEvent, ChatLog
from studio.chat.registry import make_connector
from studio.chat.youtube import YouTubeConnector, to_event

KEY = "AIzaSy-test-KEY-never-shown-0123456789"
CHAT_ID = "Cg0KC3Rlc3QtY2hhdC1pZA"
HOSTILE = [
    "<script>alert(1)</script><b>bold</b> &amp; [url]x[/url]",
    "\u202eevil\u202c مرحبا بالعالم",
    "zero\u200bwidth\u200d\ufeffjoin",
    "字" * 10_000,
]


def text_item(n: int, text: str | None = None, *, user: str = "viewer") -> dict[str, Any]:
    return {
        "kind": "youtube#liveChatMessage",
        "etag": f"etag{n}",
        "id": f"msg-{n}",
        "snippet": {
            "type": "textMessageEvent",
            "liveChatId": CHAT_ID,
            "authorChannelId": f"UC{n:022d}",
            "publishedAt": f"2024-05-06T07:08:{n % 60:02d}.123456Z",
            "hasDisplayContent": True,
            "displayMessage": text if text is not None else f"hello {n}",
            "textMessageDetails": {"messageText": text if text is not None else f"hello {n}"},
        },
        "authorDetails": {
            "channelId": f"UC{n:022d}",
            "channelUrl": f"http://www.youtube.com/channel/UC{n:022d}",
            "displayName": user,
            "profileImageUrl": "https://yt3.ggpht.com/x.jpg",
            "isVerified": False,
            "isChatOwner": False,
            "isChatSponsor": False,
            "isChatModerator": n % 2 == 0,
        },
    }


class FakeYouTube:
    """liveChatMessages.list: page i answers pageToken "" (i = 0) or "page-i", and points to
    page i + 1; past the last page, empty pages pointing to themselves (a quiet chat)."""

    def __init__(self, pages: list[list[dict[str, Any]]], interval_ms: int = 100) -> None:
        self.pages = pages
        self.interval_ms = interval_ms
        self.key = KEY
        self.bearer = ""  # when set, an OAuth token is expected instead of a key
        self.error: tuple[int, dict[str, Any]] | None = None  # answer this instead
        self.requests: list[tuple[float, dict[str, str], dict[str, str]]] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.port = 0

    def start(self, port: int = 0) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tokens(self) -> list[str]:
        with self.lock:
            return [params.get("pageToken", "") for _, params, _ in self.requests]

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        url = urlsplit(req.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        with self.lock:
            self.requests.append((time.monotonic(), params, dict(req.headers)))
        if url.path != "/youtube/v3/liveChat/messages":
            return self.send(req, 404, google_error(404, "notFound", "Not Found"))
        if self.bearer:
            if req.headers.get("Authorization") != f"Bearer {self.bearer}" or "key" in params:
                return self.send(req, 401, google_error(401, "authError", "Invalid Credentials"))
        elif params.get("key") != self.key:
            # What Google really answers for a bad key: 400 badRequest + ErrorInfo details.
            body = google_error(400, "badRequest", "API key not valid. Please pass a valid key.")
            body["error"]["details"] = [
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}
            ]
            return self.send(req, 400, body)
        if self.error is not None:
            return self.send(req, *self.error)
        assert params["liveChatId"] == CHAT_ID
        assert params["part"] == "snippet,authorDetails"
        assert params["maxResults"] == "2000"
        token = params.get("pageToken", "")
        index = 0 if not token else int(token.removeprefix("page-"))
        items = self.pages[index] if index < len(self.pages) else []
        following = index + 1 if index < len(self.pages) else index
        self.send(
            req,
            200,
            {
                "kind": "youtube#liveChatMessageListResponse",
                "etag": f"e{index}",
                "pollingIntervalMillis": self.interval_ms,
                "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
                "nextPageToken": f"page-{following}",
                "items": items,
            },
        )

    @staticmethod
    def send(req: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        req.send_response(status)
        req.send_header("Content-Type", "application/json; charset=UTF-8")
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        req.wfile.write(data)


def google_error(status: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": "youtube.liveChat", "reason": reason}],
        }
    }


class Run:
    """A started connector feeding a ChatLog (and a raw list of everything emitted)."""

    def __init__(self, connector: YouTubeConnector, log: ChatLog, raw: list[ChatEvent]) -> None:
        self.connector = connector
        self.log = log
        self.raw = raw


@pytest.fixture
def fake() -> Iterator[FakeYouTube]:
    server = FakeYouTube([])
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def run_youtube(fake: FakeYouTube) -> Iterator[Callable[..., Run]]:
    started: list[YouTubeConnector] = []

    def start(token: str = KEY, **options: str) -> Run:
        log = ChatLog()
        raw: list[ChatEvent] = []

        def sink(events: list[ChatEvent]) -> None:
            raw.extend(events)
            log.add(events)

        config = ConnectorConfig(
            "youtube", server=fake.base, channel=CHAT_ID, token=token, options=options
        )
        connector = make_connector(config, sink)
        assert isinstance(connector, YouTubeConnector)
        connector.start()
        started.append(connector)
        return Run(connector, log, raw)

    yield start
    for connector in started:
        connector.stop()


def test_pages_in_order_tokens_followed_duplicates_dropped(fake, run_youtube) -> None:
    fake.pages = [
        [text_item(1), text_item(2)],
        [text_item(2), text_item(3)],  # msg-2 delivered again: dropped by the ChatLog
        [text_item(4, HOSTILE[0]), text_item(5, HOSTILE[1])],
        [text_item(6, HOSTILE[2]), text_item(7, HOSTILE[3])],
    ]
    run = run_youtube()
    wait_for(lambda: len(run.log) == 7, what="7 distinct messages")
    wait_for(lambda: len(fake.tokens()) >= 6, what="polls past the last page")
    assert run.connector.status.state == "connected"
    assert [e.id for e in run.log.events()] == [f"msg-{n}" for n in range(1, 8)]
    assert len(run.raw) == 8 and run.log.dropped_duplicates == 1
    texts = [e.text for e in run.log.events()]
    assert texts[:3] == ["hello 1", "hello 2", "hello 3"]
    assert texts[3:] == HOSTILE  # exactly as sent, 10,000 characters included
    # Each page's nextPageToken is where the next request goes on from; a quiet chat stays put.
    tokens = fake.tokens()
    assert tokens[:5] == ["", "page-1", "page-2", "page-3", "page-4"]
    assert set(tokens[5:]) == {"page-4"}
    first = run.log.events()[0]
    assert first.platform == "youtube" and first.kind == "comment"
    assert first.user == "viewer" and first.user_id == f"UC{1:022d}"
    assert first.time == pytest.approx(1714979281.123456, abs=1e-6)


def test_polling_interval_honoured(fake, run_youtube) -> None:
    fake.interval_ms = 200
    fake.pages = [[text_item(n)] for n in range(1, 4)]
    run = run_youtube()
    n = 6
    wait_for(lambda: len(fake.requests) >= n, what=f"{n} requests")
    run.connector.stop()
    times = [t for t, _, _ in fake.requests[:n]]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert times[-1] - times[0] >= (n - 1) * 0.2
    assert min(gaps) >= 0.2
    assert sum(gaps) / len(gaps) < 1.0  # and not much more (a noisy machine gets slack)
    print(f"\nyoutube: {n} requests at 200 ms: gaps {', '.join(f'{g:.3f}' for g in gaps)} s")


def test_stop_cuts_a_long_interval_short(fake, run_youtube) -> None:
    fake.interval_ms = 60_000
    fake.pages = [[text_item(1)]]
    run = run_youtube()
    wait_for(lambda: len(run.log) == 1, what="the first page")
    t0 = time.monotonic()
    run.connector.stop()
    assert time.monotonic() - t0 < 1.5
    assert run.connector.status.state == "stopped"


def test_all_event_kinds_mapped() -> None:
    base = text_item(1)
    superchat = {
        **base,
        "id": "sc-1",
        "snippet": {
            **base["snippet"],
            "type": "superChatEvent",
            "displayMessage": "$5.00 from viewer: thanks!",
            "superChatDetails": {
                "amountMicros": "5000000",
                "currency": "USD",
                "amountDisplayString": "$5.00",
                "userComment": "thanks! <3",
                "tier": 2,
            },
        },
    }
    sponsor = {
        **base,
        "id": "sp-1",
        "snippet": {
            **base["snippet"],
            "type": "newSponsorEvent",
            "newSponsorDetails": {"memberLevelName": "Gold", "isUpgrade": False},
        },
    }
    milestone = {
        **base,
        "id": "ms-1",
        "snippet": {
            **base["snippet"],
            "type": "memberMilestoneChatEvent",
            "memberMilestoneChatDetails": {"memberMonth": 6, "userComment": "half a year!"},
        },
    }
    gifting = {
        **base,
        "id": "gm-1",
        "snippet": {
            **base["snippet"],
            "type": "membershipGiftingEvent",
            "membershipGiftingDetails": {"giftMembershipsCount": 5},
        },
    }
    only_display = {
        **base,
        "id": "d-1",
        "snippet": {k: v for k, v in base["snippet"].items() if k != "textMessageDetails"},
    }
    deleted = {**base, "id": "x-1", "snippet": {**base["snippet"], "type": "messageDeletedEvent"}}

    sc = to_event(superchat)
    assert sc is not None and sc.kind == "gift" and sc.gift == "superchat"
    assert sc.text == "thanks! <3" and sc.amount == 1
    assert sc.extra["amount_micros"] == 5_000_000 and sc.extra["currency"] == "USD"
    assert sc.extra["amount_display"] == "$5.00"
    sp = to_event(sponsor)
    assert sp is not None and sp.kind == "follow" and sp.extra["level"] == "Gold"
    ms = to_event(milestone)
    assert ms is not None and ms.kind == "follow" and ms.text == "half a year!"
    gm = to_event(gifting)
    assert gm is not None and gm.kind == "gift" and gm.gift == "membership" and gm.amount == 5
    d = to_event(only_display)
    assert d is not None and d.text == "hello 1"
    assert to_event(deleted) is None
    assert to_event({"id": "junk", "snippet": "nonsense"}) is None
    assert to_event(base).extra == {}
    assert to_event(text_item(2)).extra == {"roles": ["moderator"]}


@pytest.mark.parametrize("oauth", [False, True])
def test_bad_credentials_fail_without_retry_and_are_never_shown(
    fake, run_youtube, caplog, oauth
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "WRONG-credential-0123456789abcdef"
    if oauth:
        fake.bearer = "ya29.good-token"
        run = run_youtube(token=wrong, auth="oauth")
    else:
        run = run_youtube(token=wrong)
    wait_for(lambda: run.connector.status.state == "failed", what="failed")
    status = run.connector.status
    assert status.code == "auth"
    assert wrong not in status.detail and wrong not in caplog.text
    time.sleep(0.3)
    assert len(fake.requests) == 1  # a rejected credential is not tried again
    _, params, headers = fake.requests[0]
    if oauth:
        assert headers["Authorization"] == f"Bearer {wrong}" and "key" not in params
    else:
        assert params["key"] == wrong and "Authorization" not in headers


def test_oauth_token_sent_as_bearer(fake, run_youtube) -> None:
    fake.bearer = "ya29.good-token"
    fake.pages = [[text_item(1)]]
    run = run_youtube(token="ya29.good-token", auth="oauth")
    wait_for(lambda: len(run.log) == 1, what="a message")
    assert run.connector.status.state == "connected"


def test_forbidden_is_an_auth_failure(fake, run_youtube) -> None:
    fake.error = (403, google_error(403, "forbidden", "You do not have the permissions"))
    run = run_youtube()
    wait_for(lambda: run.connector.status.state == "failed", what="failed")
    assert run.connector.status.code == "auth"
    assert KEY not in run.connector.status.detail


@pytest.mark.parametrize(
    ("status", "reason", "code"),
    [
        (403, "liveChatEnded", "not_found"),
        (403, "liveChatDisabled", "not_found"),
        (404, "liveChatNotFound", "not_found"),
        (403, "quotaExceeded", "protocol"),
        (403, "rateLimitExceeded", "protocol"),
        (503, "backendError", "network"),
    ],
)
def test_chat_problems_are_retried_with_a_status(fake, run_youtube, status, reason, code) -> None:
    fake.error = (status, google_error(status, reason, f"The chat says {reason}."))
    run = run_youtube()
    wait_for(lambda: run.connector.status.code == code, what=code)
    st = run.connector.status
    assert st.state == "reconnecting" and reason in st.detail and KEY not in st.detail
    assert st.retry_in_s is not None


def test_server_restart_reconnects_and_goes_on_from_the_page_token(fake, run_youtube) -> None:
    fake.pages = [[text_item(1)], [text_item(2)]]
    run = run_youtube()
    wait_for(lambda: len(run.log) == 2 and "page-2" in fake.tokens(), what="two pages")
    port = fake.port
    fake.stop()
    wait_for(lambda: run.connector.status.code == "refused", what="refused while down")
    assert run.connector.status.state == "reconnecting"
    before = len(fake.requests)
    fake.pages = [[text_item(1)], [text_item(2)], [text_item(3)], [text_item(4)]]
    fake.start(port)
    wait_for(lambda: len(run.log) == 4, what="messages after the restart")
    assert run.connector.status.state == "connected"
    assert fake.tokens()[before] == "page-2"  # no replay from the start
    assert [e.id for e in run.log.events()] == ["msg-1", "msg-2", "msg-3", "msg-4"]


def test_settings_it_cannot_use_are_config_errors() -> None:
    def sink(events: list[ChatEvent]) -> None:
        pass

    with pytest.raises(ConnectorError) as exc:
        make_connector(ConnectorConfig("youtube", token=KEY), sink)
    assert exc.value.code == "config"
    with pytest.raises(ConnectorError) as exc:
        make_connector(ConnectorConfig("youtube", channel=CHAT_ID), sink)
    assert exc.value.code == "config"
    with pytest.raises(ConnectorError) as exc:
        make_connector(ConnectorConfig("youtube", server="ftp://x", channel="c", token=KEY), sink)
    assert exc.value.code == "config"
    connector = make_connector(ConnectorConfig("youtube", channel=CHAT_ID, token=KEY), sink)
    assert isinstance(connector, YouTubeConnector)
    assert connector.base == "https://www.googleapis.com"
    assert KEY not in repr(connector.config)
