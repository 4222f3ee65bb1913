"""Puts the server's own tcUrl back into FFmpeg's RTMP `connect` as it crosses the TLS hop.

FFmpeg publishes to our loopback hop (tls_hop), so it writes `rtmp://127.0.0.1:PORT/app` as the
tcUrl of its connect command, and PyAV gives no way to pass the `rtmp_tcurl` option. CDNs route
by the host in tcUrl (vhosts), so the hop rewrites that one AMF string to the real
`rtmps://host:port/app` and passes every other byte untouched.

The loopback address is padded (`127.0.0.0001` is still 127.0.0.1) so FFmpeg's tcUrl has
the same length as the real one and the message keeps its size; where the real one is shorter,
flashVer takes the difference as trailing spaces. Only the client's first bytes are parsed: the
handshake (C0+C1+C2), then RTMP chunks up to the end of the connect command.
"""

from __future__ import annotations

import struct

HANDSHAKE = 1 + 1536 + 1536  # C0, C1, C2
DEFAULT_CHUNK = 128
SET_CHUNK_SIZE = 1
AMF0_COMMAND = 20
MAX_PARSED = 64 * 1024  # a connect is a few hundred bytes; give up rewriting past this


def padded_loopback(port: int, length: int) -> str:
    """`127.0.0.1:PORT`, the host padded with zeros up to `length` characters where it can be.

    FFmpeg writes the host into tcUrl as given but the port as a number, so only the host can
    be padded: zeros before the last octet's 1 (octal 0001 is still 1)."""
    spare = length - len(f"127.0.0.1:{port}")
    return f"127.0.0.{'0' * max(0, spare)}1:{port}"


def amf_string(value: bytes) -> bytes:
    return b"\x02" + struct.pack(">H", len(value)) + value


def rewrite_connect(payload: bytes, sent_tc_url: str, real_tc_url: str) -> bytes:
    """The connect command with tcUrl replaced; same length (flashVer absorbs a shorter URL)."""
    sent, real = sent_tc_url.encode(), real_tc_url.encode()
    value = _field_value(payload, b"tcUrl")
    if value is None or not value.startswith(sent) or len(real) > len(sent):
        return payload
    out = _with_field(payload, b"tcUrl", real + value[len(sent) :])
    short = len(payload) - len(out)
    flash_ver = _field_value(out, b"flashVer") if short else None
    if flash_ver is not None:
        out = _with_field(out, b"flashVer", flash_ver + b" " * short)
    return out if len(out) == len(payload) else payload


def _field_span(payload: bytes, name: bytes) -> tuple[int, int, int] | None:
    """Where an AMF0 object's string property sits: (name's start, value's start, end)."""
    key = struct.pack(">H", len(name)) + name + b"\x02"
    at = payload.find(key)
    if at < 0 or at + len(key) + 2 > len(payload):
        return None
    start = at + len(key) + 2
    (length,) = struct.unpack(">H", payload[start - 2 : start])
    return at, start, start + length


def _field_value(payload: bytes, name: bytes) -> bytes | None:
    span = _field_span(payload, name)
    return payload[span[1] : span[2]] if span else None


def _with_field(payload: bytes, name: bytes, value: bytes) -> bytes:
    span = _field_span(payload, name)
    if span is None:
        return payload
    at, _, end = span
    key = struct.pack(">H", len(name)) + name
    return payload[:at] + key + amf_string(value) + payload[end:]


class ConnectRewriter:
    """Feed the client's bytes in order; get back what to send on. After the connect (or once
    the stream does not look like the RTMP FFmpeg writes) everything passes through unchanged.

    Before its connect FFmpeg writes whole messages one after another (at most a set-chunk-size
    first), so messages are parsed one at a time; anything else ends the rewriting."""

    def __init__(self, sent_tc_url: str, real_tc_url: str) -> None:
        self._sent = sent_tc_url
        self._real = real_tc_url
        self._handshake_left = HANDSHAKE
        self._pending = bytearray()  # parsed from the start; not yet passed on
        self._seen = 0
        self._chunk_size = DEFAULT_CHUNK
        self.done = sent_tc_url == real_tc_url
        self.rewritten = False

    def feed(self, data: bytes) -> bytes:
        if self.done:
            return data
        out = bytearray()
        if self._handshake_left:
            take = min(self._handshake_left, len(data))
            out += data[:take]
            self._handshake_left -= take
            data = data[take:]
        self._pending += data
        self._seen += len(data)
        try:
            while not self.done and (message := self._message()) is not None:
                out += message
        except (ValueError, IndexError):  # not what FFmpeg writes: stop looking
            self.done = True
        if self._seen > MAX_PARSED:
            self.done = True
        if self.done:
            out += self._pending
            self._pending.clear()
        return bytes(out)

    def _message(self) -> bytes | None:
        """The first whole message in pending, rewritten if it is the connect; None if it is
        not all there yet."""
        b = self._pending
        pos, pieces, got, length, type_id, csid = 0, [], 0, -1, 0, None
        while length < 0 or got < length:
            if pos >= len(b):
                return None
            fmt, this_csid, pos = b[pos] >> 6, b[pos] & 0x3F, pos + 1
            if this_csid in (0, 1):
                raise ValueError("long chunk stream ids are not used before connect")
            if csid is None:
                if fmt != 0:
                    raise ValueError("a message before connect starts with a full header")
                if len(b) < pos + 11:
                    return None
                stamp = int.from_bytes(b[pos : pos + 3], "big")
                length = int.from_bytes(b[pos + 3 : pos + 6], "big")
                type_id, csid = b[pos + 6], this_csid
                pos += 11 + (4 if stamp == 0xFFFFFF else 0)
            elif fmt != 3 or this_csid != csid:
                raise ValueError("interleaved chunks before connect")
            size = min(self._chunk_size, length - got)
            if len(b) < pos + size:
                return None
            pieces.append((pos, size))
            pos += size
            got += size
        message = bytearray(b[:pos])
        del b[:pos]
        payload = b"".join(bytes(message[at : at + n]) for at, n in pieces)
        if type_id == SET_CHUNK_SIZE and len(payload) >= 4:
            self._chunk_size = int.from_bytes(payload[:4], "big") & 0x7FFFFFFF or DEFAULT_CHUNK
        elif type_id == AMF0_COMMAND and payload.startswith(amf_string(b"connect")):
            new = rewrite_connect(payload, self._sent, self._real)
            self.rewritten = new != payload
            at_new = 0
            for at, n in pieces:
                message[at : at + n] = new[at_new : at_new + n]
                at_new += n
            self.done = True
        return bytes(message)
