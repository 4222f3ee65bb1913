"""The one place secrets are masked before text leaves the process: logs, status lines, errors.

Two nets, both applied by `redact`:
- shapes: any URL in the text goes through mask_url (key path, query values, user:password@),
  and `name=value` pairs whose name says secret (key, sign, token, password...) lose the value;
- known secrets: every stream key, push URL, token or password the studio has loaded or been
  given is remembered (in memory only) and replaced wherever it appears, in whatever shape a
  merchant pasted it (a bare key, after a backslash, split around a slash...).

`install()` puts it under every log record (message, arguments and traceback) and, for the
command line, under stdout and stderr, so no caller has to remember to call it.
"""

from __future__ import annotations

import io
import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import quote, unquote

from studio.urls import MASK, mask_url, split_secret_parts

MIN_SECRET = 4  # shorter values would mask ordinary words
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\s'\"<>`]+")
_PAIR = re.compile(
    r"(?i)\b(key|stream_?key|sign|signature|sig|token|access_token|auth_key|auth|secret|"
    r"password|passwd|pwd|txSecret|txTime|expire|wsSecret|wsTime)=([^&\s'\"<>]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|oauth)\s+[A-Za-z0-9._~+/=-]{8,}")

_lock = threading.Lock()
_known: set[str] = set()
_pattern: re.Pattern[str] | None = None


def remember(*secrets: str | None) -> None:
    """Mask these values from now on, wherever they appear (also percent-decoded)."""
    global _pattern
    added = False
    with _lock:
        for secret in secrets:
            for value in _variants(secret):
                if value not in _known:
                    _known.add(value)
                    added = True
        if added:
            ordered = sorted(_known, key=len, reverse=True)  # longest first: no partial leftovers
            _pattern = re.compile("|".join(re.escape(s) for s in ordered))


def remember_url(url: str | None) -> None:
    """A push, server, camera or API URL: its key part, query values and password (a value
    that is no URL is masked whole, as `remember` does)."""
    if url:
        remember(url, *split_secret_parts(url))


def forget_all() -> None:
    """Tests start from nothing known."""
    global _pattern
    with _lock:
        _known.clear()
        _pattern = None


def _variants(secret: str | None) -> Iterable[str]:
    if not secret or len(secret.strip()) < MIN_SECRET:
        return ()
    secret = secret.strip()
    out = {secret, unquote(secret), quote(secret, safe=""), quote(unquote(secret), safe="")}
    # A key with a slash or backslash in it may be shown split: each long part is secret too.
    for part in re.split(r"[/\\]", secret):
        if len(part) >= 8:
            out.add(part)
    return (s for s in out if len(s) >= MIN_SECRET)


def redact(text: str) -> str:
    if not text:
        return text
    pattern = _pattern
    if pattern is not None:
        text = pattern.sub(MASK, text)
    text = _URL.sub(lambda m: mask_url(m.group(0)), text)
    text = _PAIR.sub(lambda m: f"{m.group(1)}={MASK}", text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)


# --- everywhere at once ---


class _RedactingRecord(logging.LogRecord):
    """A log record whose message and traceback are masked as soon as it is made."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        try:
            message = self.getMessage()
        except Exception:  # a bad format string: keep the raw parts, masked
            message = f"{self.msg} {self.args}"
        self.msg, self.args = redact(message), None
        if self.exc_info and self.exc_info[0] is not None:
            self.exc_text = redact("".join(traceback.format_exception(*self.exc_info)).rstrip())
        if self.stack_info:
            self.stack_info = redact(self.stack_info)


class RedactingStream(io.TextIOBase):
    """A text stream (stdout, stderr) that masks what is written through it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def buffer(self):  # binary writers bypass masking; none of ours writes a secret
        return self._stream.buffer


def install(streams: bool = False) -> None:
    """Mask every log record from now on; with `streams`, stdout and stderr too (the CLI)."""
    logging.setLogRecordFactory(_RedactingRecord)
    if streams:
        if not isinstance(sys.stdout, RedactingStream):
            sys.stdout = RedactingStream(sys.stdout)  # type: ignore[assignment]
        if not isinstance(sys.stderr, RedactingStream):
            sys.stderr = RedactingStream(sys.stderr)  # type: ignore[assignment]
