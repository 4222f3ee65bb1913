"""The secret part of a network camera's address, and the form of it the profile may keep.

`rtsp://admin:pa55@192.168.1.20:554/stream1` carries a password; `http://cam/video?pwd=x` carries
one in its query. The profile keeps `rtsp://admin:****@192.168.1.20:554/stream1` and a keyring
reference (the layer option URL_REF); the source gets the whole address back from the keyring.
"""

from __future__ import annotations

from studio.urls import MASK

URL_REF = "url_ref"  # the layer option naming the keyring entry of the whole address


def _split(url: str) -> tuple[str, str, str, str, str]:
    """scheme://, userinfo, host[:port], path, ?query#fragment (each with its separators)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "", "", url, "", ""
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    netloc, tail = rest[:cut], rest[cut:]
    userinfo, at, host = netloc.rpartition("@")
    path_end = min((i for i in (tail.find(c) for c in "?#") if i >= 0), default=len(tail))
    return scheme + sep, userinfo + at, host, tail[:path_end], tail[path_end:]


def has_secret(url: str) -> bool:
    """A user:password@ (or a bare token@) part, or a query / fragment (?user=..&pwd=..)."""
    _, userinfo, _, _, rest = _split(url.strip())
    return bool(userinfo) or bool(rest)


def masked(url: str) -> str:
    """The address with its password and query values replaced by ****; the user name stays,
    so the merchant still recognises the camera."""
    scheme, userinfo, host, path, rest = _split(url.strip())
    if userinfo:
        user, colon, _ = userinfo[:-1].partition(":")
        userinfo = f"{user}:{MASK}@" if colon and user else f"{MASK}@"
    if rest:
        query, hash_mark, _ = rest.partition("#")
        if query:
            pairs = query[1:].split("&")
            query = "?" + "&".join(
                f"{p.partition('=')[0]}={MASK}" if "=" in p else (MASK if p else p) for p in pairs
            )
        rest = query + (f"#{MASK}" if hash_mark else "")
    return f"{scheme}{userinfo}{host}{path}{rest}"


def is_masked(url: str) -> bool:
    return MASK in url
