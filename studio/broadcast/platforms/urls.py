"""Checking push URLs before use, and masking them before they reach a log or status line."""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = ("rtmp", "rtmps")
MASK = "****"


def validate_push_url(url: str) -> str | None:
    """A user-facing message for a push URL (or server URL) that cannot work; None when fine.

    Only reads the URL: signed query strings are accepted as they are. Messages never repeat
    the URL, which may carry a key or signature.
    """
    if not url:
        return "The push URL is empty."
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
        parts.port  # noqa: B018 - parsing it is the check
    except ValueError:
        return "The push URL has an invalid port number."
    if not parts.path.strip("/"):
        return "The push URL has no application path after the server (e.g. rtmp://host/live)."
    return None


def mask_url(url: str) -> str:
    """The URL with its secrets replaced by ****, for logs and status lines.

    Masks the stream key (the last path segment, when there is an app segment before it), every
    query value (`?sign=****&expire=****`), a fragment and any user:password@ part.
    """
    base, hash_mark, fragment = url.partition("#")
    base, question, query = base.partition("?")
    scheme, sep, rest = base.partition("://")
    if not sep:  # no scheme: treat it all as host/path so nothing slips through unmasked
        scheme, rest = "", base
    netloc, slash, path = rest.partition("/")
    _userinfo, at, hostport = netloc.rpartition("@")
    if at:
        netloc = f"{MASK}@{hostport}"
    segments = path.split("/")
    filled = [i for i, s in enumerate(segments) if s]
    if len(filled) >= 2:
        segments[filled[-1]] = MASK
    out = f"{scheme}{sep}{netloc}{slash}{'/'.join(segments)}"
    if question:
        out += "?" + "&".join(_mask_pair(p) for p in query.split("&"))
    if hash_mark:
        out += "#" + (MASK if fragment else "")
    return out


def _mask_pair(pair: str) -> str:
    name, eq, _ = pair.partition("=")
    if eq:
        return f"{name}={MASK}"
    return MASK if pair else pair
