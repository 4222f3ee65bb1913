"""Checking push URLs before use, and masking them before they reach a log or status line."""

from __future__ import annotations

from urllib.parse import urlsplit

# What the relay can push to (relay.CONTAINERS): RTMP(S) for the platforms, and MPEG-TS over
# UDP to a receiver on the merchant's own network (a hardware encoder, a second PC, a monitor).
SCHEMES = ("rtmp", "rtmps", "udp")
MASK = "****"


def validate_push_url(url: str) -> str | None:
    """A user-facing message for a push URL (or server URL) that cannot work; None when fine.

    Only reads the URL: signed query strings are accepted as they are. Messages never repeat
    the URL, which may carry a key or signature. An RTMP(S) URL names an application after
    the server (rtmp://host/live); a UDP one a port instead (udp://host:port, no path needed).
    """
    if not url:
        return "The push URL is empty."
    if looks_like_stream_key(url):
        return (
            "This looks like a stream key, not a push URL: give the server's rtmp:// address "
            "and put the key in the stream key field (or paste the whole push URL)."
        )
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "The push URL contains spaces or line breaks; copy it again without them."
    scheme, sep, _ = url.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        got = f", not {scheme[:16]}://" if sep else ""
        return f"The push URL must start with rtmp:// or rtmps://{got}."
    parts = urlsplit(url)
    if not parts.hostname:
        return "The push URL has no server name after rtmp://."
    try:
        port = parts.port
    except ValueError:
        return "The push URL has an invalid port number."
    if parts.scheme.lower() == "udp":  # datagrams to a port: no application, no default port
        return (
            None if port else "The push URL has no port number after the server (udp://host:port)."
        )
    if not parts.path.strip("/"):
        return "The push URL has no application path after the server (e.g. rtmp://host/live)."
    return None


# One-segment paths that are an RTMP application, not a key: shown; any other lone segment is
# taken for a key (rtmp://host/KEY) and masked.
APP_NAMES = frozenset(
    {"app", "live", "live2", "rtmp", "stream", "streams", "push", "publish", "third", "gifshow",
     "live-bvc", "origin", "ingest", "input", "broadcast", "hls", "flv", "rtmps", "show"}
)  # fmt: skip


def looks_like_stream_key(text: str) -> bool:
    """A bare stream key pasted where a push URL belongs (no scheme, one token, key-like)."""
    text = text.strip()
    if not text or "://" in text or any(c.isspace() for c in text):
        return False
    head = text.split("/", 1)[0].split("\\", 1)[0]
    if "/" in text and ("." in head or ":" in head or head.lower() == "localhost"):
        return False  # host/app/key without a scheme: a URL, mistyped
    return len(text) >= 6


def mask_url(url: str) -> str:
    """The URL with its secrets replaced by ****, for logs and status lines.

    Masks everything after the application (the key, and any part of it after a further / or
    \\), a lone path segment that is not a known application name, every query value
    (`?sign=****&expire=****`), a fragment and any user:password@ part. Text with no scheme
    and no slash (a bare key) is masked whole.
    """
    base, hash_mark, fragment = url.partition("#")
    base, question, query = base.partition("?")
    scheme, sep, rest = base.partition("://")
    if not sep:  # no scheme: treat it all as host/path so nothing slips through unmasked
        scheme, rest = "", base
        if "/" not in rest and "\\" not in rest:
            return MASK if url else url
    netloc, slash, path = rest.partition("/")
    if not slash and "\\" in netloc:  # rtmp://host\\live\\KEY
        netloc, _, path = netloc.partition("\\")
        slash = "/"
    _userinfo, at, hostport = netloc.rpartition("@")
    if at:
        netloc = f"{MASK}@{hostport}"
    out = f"{scheme}{sep}{netloc}{slash}{_mask_path(path)}"
    if question:
        out += "?" + "&".join(_mask_pair(p) for p in query.split("&"))
    if hash_mark:
        out += "#" + (MASK if fragment else "")
    return out


def _mask_path(path: str) -> str:
    """Keep the application (the first segment, before a / or \\), mask all after it."""
    lead = path[: len(path) - len(path.lstrip("/"))]
    body = path[len(lead) :]
    if not body:
        return path
    app, sep, rest = _first_segment(body)
    if not sep or not rest.strip("/\\"):
        tail = sep + rest
        return lead + (app if app.lower() in APP_NAMES or app == MASK else MASK) + tail
    return f"{lead}{app}{sep}{MASK}"


def _first_segment(body: str) -> tuple[str, str, str]:
    cut = min((i for i in (body.find("/"), body.find("\\")) if i >= 0), default=-1)
    if cut < 0:
        return body, "", ""
    return body[:cut], body[cut], body[cut + 1 :]


def split_secret_parts(url: str) -> list[str]:
    """The secret pieces of a URL (key path, query values, fragment, password), for redaction."""
    parts: list[str] = []
    base, _, fragment = url.partition("#")
    base, _, query = base.partition("?")
    _scheme, sep, rest = base.partition("://")
    if not sep:
        return [url]
    netloc, _, path = rest.partition("/" if "/" in rest else "\\")
    userinfo, at, _host = netloc.rpartition("@")
    if at:
        parts.append(userinfo.partition(":")[2] or userinfo)
    app, cut, key = _first_segment(path.lstrip("/"))
    if cut and key:
        parts.append(key)
    elif app and app.lower() not in APP_NAMES:
        parts.append(app)
    parts += [pair.partition("=")[2] or pair for pair in query.split("&") if pair]
    if fragment:
        parts.append(fragment)
    return [p for p in parts if p]


def _mask_pair(pair: str) -> str:
    name, eq, _ = pair.partition("=")
    if eq:
        return f"{name}={MASK}"
    return MASK if pair else pair
