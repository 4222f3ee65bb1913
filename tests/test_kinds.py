"""Kinds declare themselves: a comment connector is its module plus one registry line.

A connector written at test time (a chat read from a text file, one comment a line) is
registered with one line, and the profile, the command line, the comment pane and the
connections dialog take it as they take the built-in kinds.
"""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studio.capture.settings import Setting
from studio.chat.connector import RECORD_FIELDS, ConnectorConfig, ConnectorError, ConnectorStatus
from studio.chat.events import ChatEvent
from studio.chat.registry import (
    CONNECTORS,
    connector_class,
    connector_kinds,
    connector_label,
    make_connector,
    missing,
    option_settings,
    record_settings,
)
from studio.chat.room import RoomStatus
from studio.cli import UserError, build_parser
from studio.commands.chat import build_config
from studio.profile import ChatConnectorSettings, Profile, ProfileError, load_profile, save_profile
from studio.ui.chat_dialogs import ConnectorsDialog
from studio.ui.chat_panel import connector_name

SHOUTBOX = '''
"""A chat read from a text file, one comment a line (a shop's own guestbook)."""

from pathlib import Path

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import Connector, ConnectorError
from studio.chat.events import ChatEvent


class ShoutboxConnector(Connector):
    kind = "shoutbox"
    label = QT_TRANSLATE_NOOP("ChatPanel", "Shoutbox file")
    SETTINGS = (
        Setting("server", "File", required=True, help="the file to read"),
        Setting("prefix", "Name prefix", "text", "guest", help="viewers are called this"),
    )
    platform = "shoutbox"

    def __init__(self, config, sink):
        super().__init__(config, sink)
        self.path = Path(config.server)
        self.prefix = config.options.get("prefix", "guest")

    def session(self):
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConnectorError("not_found", f"cannot read {self.path.name}") from exc
        self.connected()
        self.emit([
            ChatEvent("comment", self.platform, f"{self.prefix}{i}", text, 1.0 + i, f"s{i}")
            for i, text in enumerate(lines)
        ])
        while not self.stopping:
            self._stop.wait(0.02)
'''


@pytest.fixture
def shoutbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The connector's module in a folder on the import path, registered with one line; the
    file it reads."""
    module = tmp_path / "kinds_pkg"
    module.mkdir()
    (module / "shoutbox_kind.py").write_text(textwrap.dedent(SHOUTBOX), encoding="utf-8")
    monkeypatch.syspath_prepend(str(module))
    monkeypatch.setitem(CONNECTORS, "shoutbox", "shoutbox_kind:ShoutboxConnector")  # the line
    comments = tmp_path / "comments.txt"
    comments.write_text("有红色吗\nhow much?\n", encoding="utf-8")
    return comments


def test_a_new_connector_is_one_module_plus_one_registry_line(shoutbox: Path) -> None:
    assert connector_kinds()[-1] == "shoutbox"
    assert connector_label("shoutbox") == "Shoutbox file"
    assert list(record_settings("shoutbox")) == ["server"]
    assert [s.key for s in option_settings("shoutbox")] == ["prefix"]
    got: list[ChatEvent] = []
    connector = make_connector(
        ConnectorConfig("shoutbox", server=str(shoutbox), options={"prefix": "fan"}), got.extend
    )
    connector.start()
    deadline = time.monotonic() + 5
    while len(got) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    connector.stop()
    assert [(e.user, e.text) for e in got] == [("fan0", "有红色吗"), ("fan1", "how much?")]


def test_the_profile_accepts_a_registered_kind_and_refuses_others(
    shoutbox: Path, tmp_path: Path
) -> None:
    item = ChatConnectorSettings("shoutbox", server=str(shoutbox), options={"prefix": "vip"})
    profile = Profile()
    profile.chat.connectors = [item]
    path = tmp_path / "profile.json"
    save_profile(profile, path)
    assert load_profile(path).chat.connectors == [item]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["chat"]["connectors"][0]["kind"] = "carrier-pigeon"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    assert any("shoutbox" in error for error in refused.value.errors)  # named among the known


def test_the_command_line_lists_it_and_asks_for_what_it_requires(shoutbox: Path) -> None:
    parser = build_parser()
    args = parser.parse_args(["chat", "listen", "--connector", "shoutbox"])
    with pytest.raises(UserError, match=r"--connector shoutbox needs --server \(the file to read"):
        build_config(args)
    listen = ["chat", "listen", "--connector", "shoutbox", "--server", str(shoutbox)]
    config = build_config(parser.parse_args([*listen, "--option", "prefix=vip"]))
    assert (config.kind, config.server) == ("shoutbox", str(shoutbox))
    assert config.options == {"prefix": "vip"}
    with pytest.raises(SystemExit):  # a kind nobody registered is not offered
        parser.parse_args(["chat", "listen", "--connector", "carrier-pigeon"])


def test_the_dialog_and_the_pane_offer_it(shoutbox: Path, qtbot: QtBot) -> None:
    item = ChatConnectorSettings("shoutbox", server=str(shoutbox), options={"prefix": "vip"})
    dialog = ConnectorsDialog([item], lambda _c: False)
    qtbot.addWidget(dialog)
    index = dialog.kind.findData("shoutbox")
    assert index >= 0 and dialog.kind.itemText(index) == "Shoutbox file"
    assert dialog.kind.currentData() == "shoutbox"
    form = dialog.form.layout()
    assert form.isRowVisible(dialog.server) and dialog.field_labels["server"].text() == "File"
    assert dialog.server.toolTip() == "the file to read"
    for key in ("channel", "tls", "nick", "token"):
        assert not form.isRowVisible(dialog.fields[key]), key
    assert dialog.options.placeholderText() == "prefix=guest"
    dialog.accept()
    connectors, tokens = dialog.result_connectors()
    assert connectors == [item] and tokens == {}
    status = RoomStatus(0, item, ConnectorStatus("connected"))
    assert connector_name(status).startswith("Shoutbox file ")


def test_switching_kind_shows_the_fields_that_kind_declares(qtbot: QtBot) -> None:
    dialog = ConnectorsDialog([ChatConnectorSettings("demo")], lambda _c: False)
    qtbot.addWidget(dialog)
    form = dialog.form.layout()
    for kind in connector_kinds():
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        declared = record_settings(kind)
        shown = {key for key, widget in dialog.fields.items() if form.isRowVisible(widget)}
        assert shown == set(declared), kind
        if "token" in declared:
            assert dialog.token.echoMode() == dialog.token.EchoMode.Password


def test_every_built_in_kind_declares_itself() -> None:
    for kind in connector_kinds():
        cls = connector_class(kind)
        assert cls.kind == kind and cls.label, kind
        keys = [s.key for s in cls.SETTINGS]
        assert len(keys) == len(set(keys)), kind
        for setting in cls.SETTINGS:
            assert isinstance(setting, Setting) and setting.label
            assert setting.secret == (setting.key == "token"), (kind, setting.key)
            assert not setting.required or setting.help, (kind, setting.key)
    # The required settings are what the command line asks for.
    assert [s.key for s in missing(ConnectorConfig("youtube"))] == ["channel", "token"]
    assert [s.key for s in missing(ConnectorConfig("websocket"))] == ["server"]
    assert missing(ConnectorConfig("demo")) == []
    assert set(RECORD_FIELDS) == {"server", "tls", "channel", "nick", "token"}


def test_an_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConnectorError) as refused:
        connector_class("carrier-pigeon")
    assert refused.value.code == "config" and "demo" in refused.value.detail
    assert connector_label("carrier-pigeon") == "carrier-pigeon"
    assert record_settings("carrier-pigeon") == {}
