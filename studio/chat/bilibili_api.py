"""Where a Bilibili live room's danmaku is served: the room-info API, signed as the web player
signs it.

1. `room_init?id=ROOM` turns a short room id (the one in a streamer's link, such as 6) into the
   room's real id.
2. The WBI keys: `x/web-interface/nav` names two pictures whose file names are the day's keys
   (img_key, sub_key). Their 64 characters reordered by MIXIN_KEY_ORDER, the first 32 of them,
   are the mixin key.
3. `xlive/web-room/v1/index/getDanmuInfo?id=ROOM&type=0`, signed: `wts` (the time in seconds)
   is added, the parameters sorted by name, the characters !'()* left out of the values,
   percent-encoded (%20 for a space, capital hex), and `w_rid` = MD5 of that query followed by
   the mixin key. It answers the join token and the danmaku servers (host_list).

This is the signing the community documents publicly (bilibili-API-collect, docs/misc/sign/
wbi.md); Bilibili changes it from time to time. Every request is bounded (REQUEST_TIMEOUT_S,
MAX_RESPONSE_BYTES). An API that refuses (a risk-control code such as -352 or -412), cannot be
reached or answers nonsense is a ConnectorError saying so, with `--server` as the way round it.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from studio.chat.connector import ConnectorError

LIVE_API = "https://api.live.bilibili.com"
MAIN_API = "https://api.bilibili.com"
REQUEST_TIMEOUT_S = 10.0
MAX_RESPONSE_BYTES = 2**20
USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) ShopcastStudio"
MIXIN_KEY_ORDER = (
    46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49,
    33, 9, 42, 19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40,
    61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63, 57, 62, 11,
    36, 20, 34, 44, 52,
)  # fmt: skip
LEFT_OUT = str.maketrans("", "", "!'()*")


@dataclass(frozen=True)
class DanmakuTarget:
    """What joining a room needs."""

    room_id: int  # the real one
    token: str
    servers: tuple[str, ...]  # wss:// URLs, in the API's order
    uid: int = 0  # the signed-in viewer's, 0 for a guest


def mixin_key(img_key: str, sub_key: str) -> str:
    raw = img_key + sub_key
    if len(raw) < 64:
        raise ConnectorError("protocol", "Bilibili's signing keys are shorter than expected")
    return "".join(raw[i] for i in MIXIN_KEY_ORDER)[:32]


def signed_query(params: dict[str, Any], key: str, now: float | None = None) -> str:
    """`params` with `wts` and `w_rid` added, as a URL query."""
    stamped = {**params, "wts": int(time.time() if now is None else now)}
    query = urlencode(
        sorted((k, str(v).translate(LEFT_OUT)) for k, v in stamped.items()), quote_via=quote
    )
    w_rid = hashlib.md5((query + key).encode(), usedforsecurity=False).hexdigest()
    return f"{query}&w_rid={w_rid}"


class RoomInfo:
    """The room-info API at `live_api` (and the signing keys at `main_api`); `cookie` (the
    viewer's SESSDATA, optional) signs in, so names come unmasked."""

    def __init__(self, live_api: str = LIVE_API, main_api: str = MAIN_API, cookie: str = ""):
        self.live_api = live_api.rstrip("/")
        self.main_api = main_api.rstrip("/")
        self.cookie = cookie

    def target(self, room: int) -> DanmakuTarget:
        room_id = self.real_room_id(room)
        key, uid = self.signing_key()
        query = signed_query({"id": room_id, "type": 0}, key)
        data = self._get(f"{self.live_api}/xlive/web-room/v1/index/getDanmuInfo?{query}")
        token = data.get("token") if isinstance(data, dict) else None
        hosts = data.get("host_list") if isinstance(data, dict) else None
        if not isinstance(token, str) or not isinstance(hosts, list):
            raise ConnectorError("protocol", "Bilibili's room info has no danmaku server")
        servers = tuple(url for url in map(_server_url, hosts) if url)
        if not servers:
            raise ConnectorError("protocol", "Bilibili's room info has no danmaku server")
        return DanmakuTarget(room_id, token, servers, uid)

    def real_room_id(self, room: int) -> int:
        data = self._get(f"{self.live_api}/room/v1/Room/room_init?id={room}")
        real = data.get("room_id") if isinstance(data, dict) else None
        if not isinstance(real, int) or isinstance(real, bool) or real <= 0:
            raise ConnectorError("not_found", f"Bilibili has no live room {room}")
        return real

    def signing_key(self) -> tuple[str, int]:
        """The mixin key and the signed-in viewer's uid (0 for a guest). The nav API answers
        code -101 "not signed in" to a guest, with the keys all the same."""
        answer = self._fetch(f"{self.main_api}/x/web-interface/nav")
        data = answer.get("data")
        images = data.get("wbi_img") if isinstance(data, dict) else None
        if not isinstance(images, dict):
            raise ConnectorError("protocol", "Bilibili did not give its signing keys")
        keys = [_file_stem(images.get("img_url")), _file_stem(images.get("sub_url"))]
        uid = data.get("mid") if answer.get("code") == 0 else 0
        return mixin_key(*keys), uid if isinstance(uid, int) and not isinstance(uid, bool) else 0

    def _get(self, url: str) -> Any:
        answer = self._fetch(url)
        code = answer.get("code")
        if code != 0:
            said = answer.get("message") or answer.get("msg") or ""
            what = f"Bilibili's room-info API refused the request (code {code}"
            what += f": {said})" if isinstance(said, str) and said else ")"
            if code in (-352, -412, -403):
                what += "; it takes this for a robot: connect with --server instead"
                raise ConnectorError("refused", what)
            if code in (60004, 19002000, 1):
                raise ConnectorError("not_found", what)
            raise ConnectorError("protocol", what)
        return answer.get("data")

    def _fetch(self, url: str) -> dict[str, Any]:
        headers = {"User-Agent": USER_AGENT, "Referer": "https://live.bilibili.com/"}
        if self.cookie:
            headers["Cookie"] = f"SESSDATA={self.cookie}"
        request = urllib.request.Request(url, headers=headers)
        host = urlsplit(url).hostname or "the API"
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise ConnectorError("protocol", f"{host} answered HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ConnectionRefusedError):
                raise ConnectorError("refused", f"nothing is listening at {host}") from None
            if isinstance(reason, TimeoutError):
                raise ConnectorError("network", f"{host} did not answer in time") from None
            text = getattr(reason, "strerror", None) or type(reason).__name__
            raise ConnectorError("network", f"cannot reach {host}: {text}") from None
        except TimeoutError:
            raise ConnectorError("network", f"{host} did not answer in time") from None
        except OSError as exc:
            raise ConnectorError("network", f"cannot reach {host}: {exc.strerror}") from None
        if len(body) > MAX_RESPONSE_BYTES:
            raise ConnectorError("protocol", f"{host} answered more than 1 MB")
        try:
            answer = json.loads(body)
        except (ValueError, RecursionError):
            raise ConnectorError("protocol", f"{host} did not answer JSON") from None
        if not isinstance(answer, dict):
            raise ConnectorError("protocol", f"{host} did not answer a JSON object")
        return answer


def _file_stem(url: Any) -> str:
    if not isinstance(url, str):
        return ""
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def _server_url(host: Any) -> str:
    if not isinstance(host, dict) or not isinstance(host.get("host"), str):
        return ""
    name = host["host"]
    port = host.get("wss_port")
    if isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536:
        return f"wss://{name}:{port}/sub"
    port = host.get("ws_port")
    if isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536:
        return f"ws://{name}:{port}/sub"
    return ""
