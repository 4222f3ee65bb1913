"""Bilibili live danmaku packets: framing, the bodies' compression, and what the notices mean.

Every WebSocket binary frame holds one or more packets, each a 16-byte big-endian header

    uint32 packet length (header included) | uint16 header length (16) | uint16 version
    uint32 operation | uint32 sequence

then its body. Operations: 2 heartbeat, 3 heartbeat reply (uint32 popularity), 5 notice, 7 join,
8 join reply. A notice's body is JSON (version 0), or zlib (2) or brotli (3) holding several
packets of its own. Notices carry `cmd` (read up to its first ":"; DANMU_MSG may come as
"DANMU_MSG:4:0:2:2:2:0"):

    DANMU_MSG            comment: info[1] the text, info[2] [uid, name, ...], info[0][4] ms
    SEND_GIFT            gift: data.giftName, num, uname, uid, timestamp, tid
    INTERACT_WORD        data.msg_type 1 join, 2 follow, 3 share (uname, uid, timestamp)
    LIKE_INFO_V3_CLICK   like: data.uname, uid
    ONLINE_RANK_COUNT    viewers: data.online_count (else data.count) watching now
    WATCHED_CHANGE       viewers: data.num who watched so far

Anything else, or a packet that is cut short, a body that is not JSON or inflates past
MAX_INFLATED_BYTES (a zip bomb), is skipped and counted in FeedStats (by reason), never raised.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import brotli

from studio.chat.events import ChatEvent, stable_id, viewers_event
from studio.chat.feed import FeedStats, epoch_seconds
from studio.chat.fields import count_field, text_field

PLATFORM = "bilibili"
HEADER = struct.Struct(">IHHII")
HEADER_BYTES = HEADER.size  # 16
MAX_INFLATED_BYTES = 4 * 2**20  # what one compressed body may hold
MAX_PACKETS = 10_000  # packets read from one frame

OP_HEARTBEAT = 2
OP_HEARTBEAT_REPLY = 3
OP_NOTICE = 5
OP_JOIN = 7
OP_JOIN_REPLY = 8

VER_JSON = 0
VER_CONTROL = 1  # heartbeats and joins
VER_ZLIB = 2
VER_BROTLI = 3


@dataclass(frozen=True)
class Packet:
    version: int
    operation: int
    sequence: int
    body: bytes


def pack(operation: int, body: bytes, version: int = VER_CONTROL, sequence: int = 1) -> bytes:
    """One packet: its header, then `body`."""
    return HEADER.pack(HEADER_BYTES + len(body), HEADER_BYTES, version, operation, sequence) + body


def join_packet(room_id: int, key: str, uid: int = 0) -> bytes:
    """The first packet a client sends: which room, as the web player asks for it (brotli
    bodies, protover 3)."""
    body = {"uid": uid, "roomid": room_id, "protover": 3, "platform": "web", "type": 2}
    if key:
        body["key"] = key
    return pack(OP_JOIN, json.dumps(body, separators=(",", ":")).encode())


def heartbeat_packet() -> bytes:
    return pack(OP_HEARTBEAT, b"{}")


def packets(data: bytes, stats: FeedStats) -> Iterator[Packet]:
    """The packets one after another in `data`; the rest of `data` is dropped (and counted) at
    the first one whose header does not fit."""
    offset = 0
    count = 0
    while offset < len(data):
        if len(data) - offset < HEADER_BYTES or count >= MAX_PACKETS:
            stats.skip("cut_short")
            return
        length, header, version, operation, sequence = HEADER.unpack_from(data, offset)
        if header < HEADER_BYTES or length < header or offset + length > len(data):
            stats.skip("cut_short")
            return
        yield Packet(version, operation, sequence, data[offset + header : offset + length])
        offset += length
        count += 1


def inflate(body: bytes, version: int) -> bytes | None:
    """A compressed body's packets, None when it cannot be read or would exceed
    MAX_INFLATED_BYTES."""
    try:
        if version == VER_ZLIB:
            unzip = zlib.decompressobj()
            out = unzip.decompress(body, MAX_INFLATED_BYTES + 1)
            if len(out) > MAX_INFLATED_BYTES or unzip.unconsumed_tail or not unzip.eof:
                return None
            return out
        unbrotli = brotli.Decompressor()
        out = unbrotli.process(body, output_buffer_limit=MAX_INFLATED_BYTES + 1)
        if len(out) > MAX_INFLATED_BYTES or not unbrotli.is_finished():
            return None
        return out
    except (zlib.error, brotli.error):
        return None


def notices(frame: bytes, stats: FeedStats) -> Iterator[Packet]:
    """Every packet of a frame, a compressed notice's own packets in its place."""
    for packet in packets(frame, stats):
        if packet.operation != OP_NOTICE or packet.version not in (VER_ZLIB, VER_BROTLI):
            yield packet
            continue
        inner = inflate(packet.body, packet.version)
        if inner is None:
            stats.skip("too_big_or_corrupt")
            continue
        for each in packets(inner, stats):
            if each.version in (VER_ZLIB, VER_BROTLI):  # compressed twice: no real server does
                stats.skip("nested")
                continue
            yield each


def notice_events(body: bytes, stats: FeedStats, received: float) -> list[ChatEvent]:
    """A JSON notice's events (none for a command not read, counted)."""
    try:
        notice = json.loads(body)
    except (ValueError, RecursionError):
        stats.skip("invalid")
        return []
    cmd = notice.get("cmd") if isinstance(notice, dict) else None
    if not isinstance(cmd, str):
        stats.skip("not_object")
        return []
    reader = READERS.get(cmd.split(":", 1)[0])
    if reader is None:
        stats.skip("unknown_cmd")
        return []
    try:
        event = reader(notice, received)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        event = None
    if event is None:
        stats.skip("incomplete")
        return []
    stats.accepted += 1
    return [event]


def _danmu(notice: dict[str, Any], received: float) -> ChatEvent | None:
    info = notice["info"]
    text = info[1]
    sender = info[2]
    if not isinstance(text, str) or not isinstance(sender, list):
        return None
    meta = info[0] if isinstance(info[0], list) else []
    when = _when(meta[4] if len(meta) > 4 else None, received)
    uid = text_field(sender[0]) if sender else ""
    name = text_field(sender[1]) if len(sender) > 1 else ""
    msg_id = _danmu_id(meta)
    return ChatEvent(
        kind="comment",
        platform=PLATFORM,
        user=name,
        text=text,
        time=when,
        id=f"{PLATFORM}:{msg_id}" if msg_id else stable_id(PLATFORM, uid, repr(when), text),
        user_id=uid,
    )


def _danmu_id(meta: list[Any]) -> str:
    """The comment's own id ("id_str" in the JSON text info[0][15].extra), "" when not given."""
    if len(meta) <= 15 or not isinstance(meta[15], dict):
        return ""
    extra = meta[15].get("extra")
    if not isinstance(extra, str) or len(extra) > 1_000_000:
        return ""
    try:
        said = json.loads(extra)
    except (ValueError, RecursionError):
        return ""
    return text_field(said.get("id_str")) if isinstance(said, dict) else ""


def _gift(notice: dict[str, Any], received: float) -> ChatEvent | None:
    data = notice["data"]
    name = text_field(data.get("giftName"))
    if not name:
        return None
    uid = text_field(data.get("uid"))
    user = text_field(data.get("uname"))
    amount = max(1, count_field(data.get("num")) or 1)
    when = _when(data.get("timestamp"), received)
    tid = text_field(data.get("tid"))
    extra: dict[str, Any] = {}
    coins = count_field(data.get("total_coin"))
    if coins is not None:
        extra["coins"] = coins
    return ChatEvent(
        kind="gift",
        platform=PLATFORM,
        user=user,
        text="",
        time=when,
        id=f"{PLATFORM}:gift:{tid}" if tid else stable_id(PLATFORM, "gift", uid, repr(when), name),
        user_id=uid,
        amount=amount,
        gift=name,
        extra=extra,
    )


INTERACT_KINDS = {1: "join", 2: "follow", 3: "share"}


def _interact(notice: dict[str, Any], received: float) -> ChatEvent | None:
    data = notice["data"]
    kind = INTERACT_KINDS.get(data.get("msg_type"))
    if kind is None:
        return None
    return _viewer_action(kind, data, received, data.get("trigger_time") or data.get("timestamp"))


def _like(notice: dict[str, Any], received: float) -> ChatEvent | None:
    data = notice["data"]
    return _viewer_action("like", data, received, data.get("timestamp"))


def _viewer_action(kind: str, data: dict[str, Any], received: float, stamp: Any) -> ChatEvent:
    uid = text_field(data.get("uid"))
    user = text_field(data.get("uname"))
    when = _when(stamp, received)
    return ChatEvent(
        kind=kind,  # type: ignore[arg-type]
        platform=PLATFORM,
        user=user,
        text="",
        time=when,
        id=stable_id(PLATFORM, kind, uid or user, repr(when)),
        user_id=uid,
    )


def _online(notice: dict[str, Any], received: float) -> ChatEvent | None:
    data = notice["data"]
    now = count_field(data.get("online_count"))
    if now is None:
        now = count_field(data.get("count"))
    return None if now is None else viewers_event(PLATFORM, received, now)


def _watched(notice: dict[str, Any], received: float) -> ChatEvent | None:
    total = count_field(notice["data"].get("num"))
    return None if total is None else viewers_event(PLATFORM, received, None, total)


READERS = {
    "DANMU_MSG": _danmu,
    "SEND_GIFT": _gift,
    "INTERACT_WORD": _interact,
    "LIKE_INFO_V3_CLICK": _like,
    "ONLINE_RANK_COUNT": _online,
    "WATCHED_CHANGE": _watched,
}


def _when(value: Any, received: float) -> float:
    said = epoch_seconds(value)
    return received if said is None else said
