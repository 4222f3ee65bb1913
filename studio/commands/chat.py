"""`studio chat listen`: a live room's comments on the command line, with suggested answers.

One line per event as it arrives, each event once (a redelivery after a reconnect is dropped),
and after a comment the answer the rules suggest for it, if any. Nothing is ever sent to the
platform.

- With --json every line on stdout is a JSON object: events (`ChatEvent.to_dict`, the text
  exactly as received; the room's viewer count is an event of kind "viewers" with "viewers",
  watching now, and "total", who watched so far, each when the platform says it), answers
  ({"type": "answer", "answers": <event id>, "topic", "text", "lang", "product", "rule"}) and
  connection changes ({"type": "status", "state", "code", "detail"}).
- Without it, events and answers are readable lines on stdout (the text made safe for a
  terminal: one line, no control characters) and connection changes go to stderr.

Runs until --duration has passed or Ctrl-C / SIGTERM. Exit 0; 1 when the platform refused the
credentials (the connector "failed"); 2 for bad arguments. The token is never printed. A closed
pipe (`| head`) ends the run quietly.

A connector's own settings come as --option KEY=VALUE, e.g. the demo's rate, seed, lang and count,
or an IRC server's password.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from studio.commands.outcome import EXIT_FAILED, EXIT_OK, UserError, install_stop_signals

if TYPE_CHECKING:
    from studio.chat.answers import ShopTerms, Suggestion
    from studio.chat.connector import ConnectorConfig, ConnectorStatus
    from studio.chat.events import ChatEvent
    from studio.commerce.shop import Shop

POLL_S = 0.05


def run_chat(args: argparse.Namespace) -> int:
    from studio.chat.answers import DEFAULT_RULES, suggest
    from studio.chat.connector import ConnectorError
    from studio.chat.events import ChatLog
    from studio.chat.registry import make_connector
    from studio.clock import MediaClock

    _utf8(sys.stdout)
    _utf8(sys.stderr)
    config = build_config(args)
    shop = load_shop(getattr(args, "catalog", None))
    out = _Output(sys.stdout, sys.stderr, json_lines=bool(args.json), secret=config.token)
    log = ChatLog()
    terms = load_terms(getattr(args, "terms", None))
    clock = MediaClock()
    stop = threading.Event()

    def sink(events: list[ChatEvent]) -> None:
        lines: list[tuple[ChatEvent, Suggestion | None]] = []
        for event in log.add(events):
            try:
                answer = suggest(event, shop, terms, DEFAULT_RULES, now=clock.now())
            except Exception:  # an answer rule must never cost the chat
                answer = None
            lines.append((event, answer))
        if not out.events(lines):
            stop.set()  # nobody reads any more

    try:
        connector = make_connector(config, sink)
    except ConnectorError as exc:
        raise UserError(exc.detail) from None
    connector.on_status = out.status
    install_stop_signals(stop)
    deadline = time.monotonic() + args.duration if args.duration else None
    connector.start()
    try:
        while not stop.is_set():
            if connector.status.state == "failed":
                break
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                stop.wait(min(POLL_S, left))
            else:
                stop.wait(POLL_S)
    finally:
        failed = connector.status.state == "failed"
        final = connector.status
        connector.on_status = None if failed else out.status  # keep "failed" as the last word
        connector.stop()
    if failed:
        out.failed(final)
        return EXIT_FAILED
    return EXIT_OK


def build_config(args: argparse.Namespace) -> ConnectorConfig:
    """The connector's settings from the arguments; UserError (one line) for the first required
    setting the kind declares that is missing."""
    from studio.chat.connector import RECORD_FIELDS, ConnectorConfig
    from studio.chat.registry import missing

    kind = args.connector
    config = ConnectorConfig(
        kind=kind,
        server=args.server or "",
        tls=bool(args.tls),
        channel=args.channel or "",
        token=args.token or "",
        nick=getattr(args, "nick", "") or "",
        options=connector_options(getattr(args, "option", None) or []),
    )
    for setting in missing(config)[:1]:
        option = f"--{setting.key}" if setting.key in RECORD_FIELDS else f"--option {setting.key}="
        raise UserError(f"--connector {kind} needs {option} ({setting.help})")
    return config


def connector_options(pairs: list[str]) -> dict[str, str]:
    """--option KEY=VALUE (repeated) -> {"key": "value"}: a connector's own settings
    (demo: rate, seed, lang, count; irc: password, joins; websocket: auth, platform...)."""
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--option takes KEY=VALUE, not {pair!r}")
        options[key.strip().lower()] = value.strip()
    return options


def load_shop(path: str | None) -> Shop:
    """The catalog's products in a shop, the first one explained (so answers have a product);
    an empty shop without a catalog. UserError for a catalog that cannot be read or has no
    products."""
    from studio.commerce.catalog import CatalogError
    from studio.commerce.import_worker import read_catalog
    from studio.commerce.shop import Shop

    if not path:
        return Shop()
    try:
        catalog = read_catalog(path)  # in a worker process
    except CatalogError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from None
    if not catalog.products:
        raise UserError(f"{path}: no products could be imported (see: studio catalog check)")
    shop = Shop(catalog.products)
    shop.explain(catalog.products[0].id)
    return shop


MAX_TERMS_BYTES = 64 * 1024  # a few sentences per language; more is not a terms file


def load_terms(path: str | None) -> ShopTerms:
    """The shop's terms from a JSON file of ShopTerms fields ("shipping_international_es":
    "..."), the defaults for what it leaves out; the defaults without a file. UserError for a
    file that cannot be read, is too large, or is not such an object."""
    from studio.chat.answers import ShopTerms

    if not path:
        return ShopTerms()
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_TERMS_BYTES + 1)
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > MAX_TERMS_BYTES:
        raise UserError(f"{path}: a terms file is at most {MAX_TERMS_BYTES // 1024} KB")
    try:
        return ShopTerms.from_dict(json.loads(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{path}: {exc}") from None


def _utf8(stream: TextIO) -> None:
    """Chinese prints on any console (a Windows one included); never a UnicodeEncodeError."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):  # a stream that cannot change any more
            pass


class _Output:
    """Lines to stdout (and stderr), whole and in order from any thread, flushed per batch.
    A closed pipe makes it quiet: later writes are dropped, and stdout points at the null
    device so the interpreter's own final flush does not complain either."""

    def __init__(self, stdout: TextIO, stderr: TextIO, json_lines: bool, secret: str) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.json = json_lines
        self.secret = secret
        self.closed = False
        self._lock = threading.Lock()
        self._last_status: tuple[str, str, str] | None = None

    # --- what is written ---
    def events(self, items: list[tuple[ChatEvent, Suggestion | None]]) -> bool:
        """Write events with their answers; False once nobody reads stdout."""
        if not items:
            return not self.closed
        lines: list[str] = []
        for event, answer in items:
            lines.append(self._event_line(event))
            if answer is not None:
                lines.append(self._answer_line(answer))
        return self._write(self.stdout, lines)

    def status(self, status: ConnectorStatus) -> None:
        key = (status.state, status.code, status.detail)
        with self._lock:
            if key == self._last_status:
                return
            self._last_status = key
        detail = self._hide(status.detail)
        if self.json:
            record: dict[str, Any] = {
                "type": "status",
                "state": status.state,
                "code": status.code,
                "detail": detail,
            }
            if status.retry_in_s is not None:
                record["retry_in_s"] = round(status.retry_in_s, 1)
            self._write(self.stdout, [_json(record)])
            return
        text = f"studio: chat {status.state}"
        if status.detail and status.state in ("reconnecting", "failed"):
            text += f": {detail}"
        if status.retry_in_s is not None:
            text += f" (retrying in {status.retry_in_s:.0f} s)"
        self._write(self.stderr, [text])

    def failed(self, status: ConnectorStatus) -> None:
        """The run ends on a failure: said once in the usual place (again if it was said
        already: nothing), and on stderr too when stdout is JSON, for the person watching."""
        self.status(status)
        if self.json:
            detail = self._hide(status.detail) or "the connection was refused"
            self._write(self.stderr, [f"studio: chat failed: {detail}"])

    # --- how ---
    def _event_line(self, event: ChatEvent) -> str:
        if self.json:
            return _json(event.to_dict())
        from studio.chat.moderation import sanitize_for_display

        when = _clock(event.time)
        user = sanitize_for_display(event.user, 60) or "?"
        if event.kind == "comment":
            return f"{when} {user}: {sanitize_for_display(event.text)}"
        if event.kind == "gift":
            gift = sanitize_for_display(event.gift, 60) or "a gift"
            return f"{when} {user} sent {gift} x{event.amount}"
        if event.kind == "like":
            return f"{when} {user} liked x{event.amount}"
        if event.kind == "join":
            return f"{when} {user} joined"
        if event.kind == "share":
            return f"{when} {user} shared the live room"
        if event.kind == "viewers":
            watching = "viewers" if event.viewers is None else f"{event.viewers} watching"
            total = event.extra.get("total")
            return f"{when} {watching}" + (f", {total} so far" if total is not None else "")
        if event.kind == "end":
            return f"{when} the live has ended"
        return f"{when} {user} followed"

    def _answer_line(self, answer: Suggestion) -> str:
        if self.json:
            return _json(answer.to_dict())
        return f"    -> answer ({answer.topic}): {answer.text}"

    def _hide(self, text: str) -> str:
        return text.replace(self.secret, "****") if self.secret and text else text

    def _write(self, stream: TextIO, lines: list[str]) -> bool:
        with self._lock:
            if self.closed and stream is self.stdout:
                return False
            try:
                stream.write("".join(line + "\n" for line in lines))
                stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                if stream is self.stdout:
                    self._close_stdout()
                    return False
            return True

    def _close_stdout(self) -> None:
        self.closed = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass


def _clock(seconds: float) -> str:
    """The local time of day of an event, "--" for a time no clock can show (0, or one so
    far off that the platform must have sent nonsense)."""
    try:
        return datetime.fromtimestamp(seconds).strftime("%H:%M:%S") if seconds else "--"
    except (OverflowError, OSError, ValueError):
        return "--"


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
