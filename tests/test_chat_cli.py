"""`studio chat listen`: JSON lines for events, answers and connection changes from the demo
room, a flood, bad arguments (exit 2, one line), a refused credential (exit 1), the token never
printed, a closed pipe and Ctrl-C ending quietly."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from studio.chat.connector import AuthError, Connector
from studio.chat.demo import DemoConnector
from studio.chat.events import ChatEvent
from studio.chat.registry import CONNECTORS
from studio.cli import EXIT_FAILED, EXIT_OK, UserError, build_parser
from studio.commands import chat as chat_command
from studio.commands.chat import build_config, connector_options, run_chat

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "S3cr3t-T0ken-xyz"
CATALOG = (
    "商品编号,商品名称,原价,到手价,库存,颜色,起订量,交期,认证,FOB价\r\n"
    "A01,玫瑰保湿面霜,199,129,120,红色/蓝色/黑色,500 pcs,15-20 days,CE/FDA,3.5\r\n"
    "B02,Linen Shirt,59.9,,0,S/M/L/XL,,,,\r\n"
)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "商品.csv"
    path.write_text(CATALOG, encoding="utf-8-sig")
    return path


def studio(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=timeout,
    )


def records(stdout: str) -> list[dict[str, Any]]:
    lines = stdout.splitlines()
    assert lines, "no output"
    return [json.loads(line) for line in lines]


# --- the demo room, end to end ---------------------------------------------------------------


def test_demo_json_lines_with_answers(catalog: Path) -> None:
    done = studio(
        "--connector", "demo", "--duration", "1.5", "--json", "--catalog", str(catalog),
        "--option", "rate=40", "--option", "seed=5",
    )  # fmt: skip
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stderr == ""
    out = records(done.stdout)
    statuses = [r["state"] for r in out if r["type"] == "status"]
    assert statuses[:2] == ["connecting", "connected"] and statuses[-1] == "stopped"
    events = [r for r in out if r["type"] == "event"]
    comments = [e for e in events if e["kind"] == "comment"]
    assert 30 <= len(comments) <= 80  # 40 a second for 1.5 s
    assert all(e["id"].startswith("demo:") and e["platform"] == "demo" for e in events)
    assert all(e["text"] for e in comments)
    assert len({e["id"] for e in events}) == len(events)
    times = [e["time"] for e in events]
    assert times == sorted(times)
    seen: set[str] = set()
    answers = []
    for r in out:
        if r["type"] == "event":
            seen.add(r["id"])
        elif r["type"] == "answer":
            assert r["answers"] in seen  # after the comment it answers
            answers.append(r)
    assert answers, "the demo's questions got no answers"
    by_id = {e["id"]: e for e in comments}
    for a in answers:
        assert set(a) >= {"type", "answers", "topic", "text", "lang", "product", "evidence"}
        assert a["answers"] in by_id and a["text"] and a["lang"] in ("zh", "en")
    priced = [a for a in answers if a["topic"] in ("price", "variant", "discount", "moq")]
    assert priced and all(a["product"] == "A01" for a in priced)  # the first product
    # what each rests on (issue 18): the product, and how the comment reached it
    assert all(["product", "A01"] in a["evidence"] for a in priced)
    assert all(any(kind == "found" for kind, _ in a["evidence"]) for a in priced)
    assert any("¥129" in a["text"] or "500 pcs" in a["text"] or "红色" in a["text"] for a in priced)


def test_a_seeded_demo_says_the_same_things() -> None:
    def texts() -> list[tuple[str, str, str]]:
        done = studio(
            "--connector",
            "demo",
            "--duration",
            "0.6",
            "--json",
            "--option",
            "seed=9",
            "--option",
            "rate=20",
            "--option",
            "lang=en",
        )
        assert done.returncode == 0, done.stderr
        events = [r for r in records(done.stdout) if r["type"] == "event"]
        return [(e["kind"], e["user"], e["text"]) for e in events]

    first, second = texts(), texts()
    n = min(len(first), len(second))
    assert n >= 8 and first[:n] == second[:n]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in text) for _, _, text in first)


def test_a_flood_of_comments(catalog: Path) -> None:
    done = studio(
        "--connector", "demo", "--duration", "1", "--json", "--catalog", str(catalog),
        "--option", "rate=1000", "--option", "lang=mixed", "--option", "seed=1",
    )  # fmt: skip
    assert done.returncode == EXIT_OK, done.stderr
    out = records(done.stdout)
    comments = [r for r in out if r["type"] == "event" and r["kind"] == "comment"]
    assert len(comments) >= 300  # ~1000 in the second; a busy CI machine starts slower
    assert len({c["id"] for c in comments}) == len(comments)
    assert {c["text"] for c in comments} & {"有红色吗", "do you have red?"}
    assert sum(r["type"] == "answer" for r in out) > 100


def test_count_stops_the_comments_but_not_the_room() -> None:
    done = studio(
        "--connector",
        "demo",
        "--duration",
        "0.8",
        "--json",
        "--option",
        "rate=1000",
        "--option",
        "count=25",
    )
    assert done.returncode == EXIT_OK, done.stderr
    out = records(done.stdout)
    assert sum(r["type"] == "event" and r["kind"] == "comment" for r in out) == 25
    assert [r["state"] for r in out if r["type"] == "status"] == [
        "connecting",
        "connected",
        "stopped",
    ]


def test_readable_lines_without_json(catalog: Path) -> None:
    done = studio(
        "--connector",
        "demo",
        "--duration",
        "1",
        "--catalog",
        str(catalog),
        "--option",
        "rate=30",
        "--option",
        "seed=5",
    )
    assert done.returncode == EXIT_OK, done.stderr
    lines = done.stdout.splitlines()
    assert lines and not any(line.startswith("{") for line in lines)
    assert any(": " in line for line in lines)
    assert any(line.startswith("    -> answer (") for line in lines)
    assert "studio: chat connected" in done.stderr.splitlines()


# --- bad arguments, secrets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--connector", "irc"], "--connector irc needs --channel"),
        (["--connector", "webhook"], "--connector webhook needs --token"),
        (["--connector", "youtube", "--token", "k"], "--connector youtube needs --channel"),
        (["--connector", "websocket"], "--connector websocket needs --server"),
        (["--connector", "demo", "--option", "rate=abc"], "demo rate 'abc' is not a number"),
        (["--connector", "demo", "--option", "rate=5000"], "at most 1000"),
        (["--connector", "demo", "--option", "speed=3"], "unknown demo option"),
        (["--connector", "demo", "--catalog", "/no/such/catalog.csv"], "catalog.csv"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    secret = [] if args[1] in ("webhook", "youtube") else ["--token", TOKEN]
    done = studio(*args, *secret)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("studio: error: ")
    assert message in done.stderr
    assert TOKEN not in done.stderr


def test_a_catalog_without_products_is_a_bad_argument(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("商品名称,价格\r\n,12\r\n", encoding="utf-8")
    done = studio("--connector", "demo", "--catalog", str(empty))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "no products" in done.stderr


def test_the_token_is_never_printed(catalog: Path) -> None:
    for extra in (["--json"], []):
        done = studio(
            "--connector", "demo", "--duration", "0.5", "--token", TOKEN, "--catalog",
            str(catalog), "--option", "rate=50", *extra,
        )  # fmt: skip
        assert done.returncode == EXIT_OK, done.stderr
        assert TOKEN not in done.stdout and TOKEN not in done.stderr
        assert "S3cr3t" not in done.stdout + done.stderr


def test_config_from_arguments() -> None:
    args = build_parser().parse_args(
        ["chat", "listen", "--connector", "irc", "--server", "irc.example:6697", "--tls",
         "--channel", "#shop", "--token", TOKEN]
    )  # fmt: skip
    config = build_config(args)
    assert (config.kind, config.server, config.tls, config.channel) == (
        "irc", "irc.example:6697", True, "#shop",
    )  # fmt: skip
    assert config.token == TOKEN and TOKEN not in repr(config)
    assert connector_options(["rate=1000", " Seed = 7", "lang=EN"]) == {
        "rate": "1000", "seed": "7", "lang": "EN",
    }  # fmt: skip
    with pytest.raises(UserError):
        connector_options(["=2"])
    with pytest.raises(UserError):
        connector_options(["rate"])


# --- ending -----------------------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio", "chat", "listen", "--connector", "demo", "--json",
         "--option", "rate=1000", "--duration", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    assert json.loads(first)["type"] == "status"
    proc.stdout.close()  # like `| head -1`
    started = time.monotonic()
    code = proc.wait(timeout=15)
    assert time.monotonic() - started < 5
    assert code == EXIT_OK
    assert proc.stderr.read() == b""
    proc.stderr.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_cleanly(sig: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio", "chat", "listen", "--connector", "demo", "--json",
         "--option", "rate=20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
        encoding="utf-8",
    )  # fmt: skip
    assert proc.stdout is not None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # wait for the room to be open
        line = proc.stdout.readline()
        if '"connected"' in line:
            break
    os.kill(proc.pid, sig)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == EXIT_OK, err
    assert err == ""
    assert json.loads(out.splitlines()[-1]) == {
        "type": "status", "state": "stopped", "code": "", "detail": "",
    }  # fmt: skip


# --- in process, with connectors made for the test --------------------------------------------


class Refused(Connector):
    """A platform that refuses the credentials, saying back what it was given (as some do):
    the command must not print it."""

    kind = "refused"
    platform = "test"

    def session(self) -> None:
        raise AuthError(f"token {self.config.token} rejected")


class Hostile(Connector):
    """Viewers with texts that would mess up a terminal, delivered twice."""

    kind = "hostile"
    platform = "test"
    TEXTS = ("line one\nline two\x1b[2J", "\u202eevil\u202c 多少钱", "plain")

    def session(self) -> None:
        self.connected()
        events = [
            ChatEvent("comment", "test", "user\n\x1b[31m", text, 1.0 + i, f"h{i}")
            for i, text in enumerate(self.TEXTS)
        ]
        self.emit(events)
        self.emit(events)  # a redelivery: printed once
        while not self.stopping:
            time.sleep(0.01)


def listen_args(connector: str, *extra: str) -> argparse.Namespace:
    """The parsed arguments, with a connector kind the parser does not offer."""
    args = build_parser().parse_args(["chat", "listen", "--connector", "demo", *extra])
    args.connector = connector
    return args


@pytest.fixture
def test_connectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CONNECTORS, "refused", f"{__name__}:Refused")
    monkeypatch.setitem(CONNECTORS, "hostile", f"{__name__}:Hostile")
    monkeypatch.setattr(chat_command, "install_stop_signals", lambda stop: None)


@pytest.mark.usefixtures("test_connectors")
@pytest.mark.parametrize("as_json", [True, False])
def test_refused_credentials_exit_1(capsys: pytest.CaptureFixture[str], as_json: bool) -> None:
    extra = ["--json"] if as_json else []
    started = time.monotonic()
    code = run_chat(listen_args("refused", "--token", TOKEN, "--duration", "10", *extra))
    assert code == EXIT_FAILED
    assert time.monotonic() - started < 5  # no waiting for the duration: it cannot recover
    out, err = capsys.readouterr()
    assert TOKEN not in out and TOKEN not in err
    assert err.splitlines()[-1] == "studio: chat failed: token **** rejected"
    if as_json:
        last = json.loads(out.splitlines()[-1])
        assert last == {"type": "status", "state": "failed", "code": "auth",
                        "detail": "token **** rejected"}  # fmt: skip
        assert err.count("\n") == 1
    else:
        assert out == ""
        assert err.count("studio: chat failed") == 1


@pytest.mark.usefixtures("test_connectors")
def test_json_keeps_the_exact_text_and_readable_lines_are_safe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_chat(listen_args("hostile", "--json", "--duration", "0.3")) == EXIT_OK
    out, _ = capsys.readouterr()
    events = [r for r in records(out) if r["type"] == "event"]
    assert [e["text"] for e in events] == list(Hostile.TEXTS)  # once each, exactly
    assert "\x1b" not in out  # escaped by JSON

    assert run_chat(listen_args("hostile", "--duration", "0.3")) == EXIT_OK
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len([line for line in lines if not line.startswith("    ->")]) == 3
    assert "\x1b" not in out and "\u202e" not in out
    assert any(line.endswith(" user [31m: line one line two[2J") for line in lines)
    assert any("evil 多少钱" in line for line in lines)
    assert "studio: chat connected" in err


def test_demo_connector_in_process() -> None:
    from studio.chat.connector import ConnectorConfig

    got: list[ChatEvent] = []
    demo = DemoConnector(
        ConnectorConfig("demo", options={"rate": "200", "count": "30", "seed": "2"}), got.extend
    )
    demo.start()
    deadline = time.monotonic() + 5
    while sum(e.kind == "comment" for e in got) < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert demo.status.state == "connected"
    started = time.monotonic()
    demo.stop()
    assert time.monotonic() - started < 1
    comments = [e for e in got if e.kind == "comment"]
    assert len(comments) == 30
    assert len({e.id for e in got}) == len(got)
    assert [e.time for e in got] == sorted(e.time for e in got)
    assert {e.kind for e in got} >= {"comment"}
    assert all(e.user and e.user_id for e in got)
