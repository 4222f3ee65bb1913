"""Kinds declare themselves: a comment connector is its module plus one registry line, an effect
a stage class plus one registry line, a product overlay a drawing plus one declaration.

A connector written at test time (a chat read from a text file, one comment a line) is
registered with one line, and the profile, the command line, the comment pane and the
connections dialog take it as they take the built-in kinds. A background stage written here
(the background turned grey) is taken by the settings, the command line's parser, the effects
and the effects panel the same way. Effect settings are read and kept by declared field.
"""

from __future__ import annotations

import json
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from photos import astronaut
from pytestqt.qtbot import QtBot

from studio.capture.overlay import share_width
from studio.capture.settings import Setting
from studio.chat.connector import (
    RECORD_FIELDS,
    ConnectorConfig,
    ConnectorError,
    ConnectorSettings,
    ConnectorStatus,
)
from studio.chat.events import ChatEvent
from studio.chat.registry import (
    CONNECTORS,
    connector_class,
    connector_kinds,
    connector_label,
    make_connector,
    missing,
    new_record,
    option_settings,
    record_settings,
)
from studio.chat.room import RoomStatus
from studio.cli import UserError, build_parser
from studio.commands.chat import build_config
from studio.commerce.overlay_kinds import OVERLAY_KINDS, OverlayKind, render_kind
from studio.commerce.product import Product
from studio.commerce.source import ProductSource, auto_width
from studio.profile import Profile, ProfileError, default_profile
from studio.profile_store import load_profile, save_profile
from studio.session import StudioSession
from studio.ui.chat_dialogs import ConnectorsDialog
from studio.ui.chat_panel import connector_name
from studio.ui.effects_panel import EffectsPanel
from studio.vision.background import PersonMask, replace_background
from studio.vision.effects import Effects
from studio.vision.settings import (
    BACKGROUND_STAGES,
    MACHINE_FIELDS,
    BackgroundSettings,
    BeautifySettings,
    EffectSettings,
    EffectSettingsError,
    background_modes,
    parse_background,
    settings_of,
    stage_class,
)
from studio.vision.stages import BackgroundStage, stage_ids

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
    item = ConnectorSettings("shoutbox", server=str(shoutbox), options={"prefix": "vip"})
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
    item = ConnectorSettings("shoutbox", server=str(shoutbox), options={"prefix": "vip"})
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
    assert dialog.option_form.fields["prefix"].placeholderText() == "guest"  # its default
    dialog.accept()
    connectors, tokens = dialog.result_connectors()
    assert connectors == [item] and tokens == {}
    status = RoomStatus(0, item, ConnectorStatus("connected"))
    assert connector_name(status).startswith("Shoutbox file ")


def test_switching_kind_shows_the_fields_that_kind_declares(qtbot: QtBot) -> None:
    dialog = ConnectorsDialog([ConnectorSettings("demo")], lambda _c: False)
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


def test_add_makes_the_first_kind_with_its_declared_defaults(qtbot: QtBot) -> None:
    dialog = ConnectorsDialog([], lambda _c: False)
    qtbot.addWidget(dialog)
    dialog.add()
    dialog.accept()
    (added,), _tokens = dialog.result_connectors()
    assert added == new_record(connector_kinds()[0])
    assert (added.kind, added.server, added.tls) == ("irc", "irc.chat.twitch.tv:6697", True)


def test_an_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConnectorError) as refused:
        connector_class("carrier-pigeon")
    assert refused.value.code == "config" and "demo" in refused.value.detail
    assert connector_label("carrier-pigeon") == "carrier-pigeon"
    assert record_settings("carrier-pigeon") == {}


# --- effects ------------------------------------------------------------------------------------


class GreyBackground(BackgroundStage):
    """The person over flat grey: a background stage written by the test."""

    id = "grey"
    label = "Grey"
    USAGE = "grey"

    def apply(
        self, frame: np.ndarray, mask: PersonMask, settings: BackgroundSettings
    ) -> np.ndarray:
        return replace_background(frame, mask, np.full_like(frame, 128))


@pytest.fixture
def grey(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(BACKGROUND_STAGES, "grey", f"{__name__}:GreyBackground")  # the line
    return "grey"


def test_a_new_background_stage_is_a_class_plus_one_registry_line(grey: str) -> None:
    assert background_modes()[-1] == "grey" and stage_ids()[-1] == "grey"
    assert parse_background("grey") == BackgroundSettings("grey")
    with pytest.raises(EffectSettingsError, match=r"use blur, .*remove, grey or off"):
        parse_background("grey:5")  # it takes nothing after the colon
    settings = EffectSettings.from_dict({"background": {"mode": "grey"}})
    assert settings.background.mode == "grey" and settings.on
    photo = astronaut()
    effects = Effects(settings, threaded=False)
    out = effects.apply_now(photo.image)
    for area in photo.background:
        assert np.abs(out[area].astype(int) - 128).mean() < 8, area
    for area in photo.person:
        assert np.abs(out[area].astype(int) - photo.image[area].astype(int)).mean() < 8, area
    effects.close()


def test_the_effects_panel_offers_a_registered_stage(grey: str, qtbot: QtBot) -> None:
    panel = EffectsPanel()
    qtbot.addWidget(panel)
    modes = [panel.mode_combo.itemData(i) for i in range(panel.mode_combo.count())]
    assert modes == list(background_modes())
    assert panel.mode_combo.itemText(modes.index("grey")) == "Grey"
    panel.set_layer("Camera", EffectSettings(BackgroundSettings("grey")))
    assert panel.settings().background.mode == "grey"
    assert not panel.strength_slider.isEnabled()  # grey declares no strength
    panel.mode_combo.setCurrentIndex(modes.index("blur"))
    assert panel.settings().background.mode == "blur" and panel.strength_slider.isEnabled()


def test_every_effect_stage_declares_itself() -> None:
    sections = {"beautify": BeautifySettings, "background": BackgroundSettings}
    assert stage_ids() == ("beautify", "blur", "replace", "remove")
    for stage_id in stage_ids():
        stage = stage_class(stage_id)
        assert stage.id == stage_id and stage.label and stage.needs in ("face", "mask")
        declared = settings_of(sections[stage.section])
        assert set(stage.SETTINGS) <= set(declared), stage_id
    levels = [*settings_of(BeautifySettings)] + [
        s for s in settings_of(BackgroundSettings) if s.type == "int"
    ]
    assert [(s.key, s.minimum, s.maximum) for s in levels] == [
        ("smooth", 0, 100),
        ("whiten", 0, 100),
        ("slim", 0, 100),
        ("eyes", 0, 100),
        ("strength", 0, 100),
    ]
    assert BackgroundSettings().strength == next(
        s.default for s in settings_of(BackgroundSettings) if s.key == "strength"
    )


def _every_field_changed() -> EffectSettings:
    """Settings with every declared field away from its default."""
    changed = {"int": 42, "file": "/pictures/shop.png", "choice": "replace"}
    background = BackgroundSettings(
        **{s.key: changed[s.type] for s in settings_of(BackgroundSettings)}
    )
    beautify = BeautifySettings(**{s.key: changed[s.type] for s in settings_of(BeautifySettings)})
    return EffectSettings(background=background, beautify=beautify, provider="cpu")


def test_effect_settings_are_read_and_kept_by_declared_field() -> None:
    settings = _every_field_changed()
    assert EffectSettings.from_dict(settings.to_dict()) == settings
    assert EffectSettings.from_dict({}) == EffectSettings()
    look = settings.look()
    assert look.provider == EffectSettings().provider and MACHINE_FIELDS == ("provider",)
    assert (look.background, look.beautify) == (settings.background, settings.beautify)
    mine = EffectSettings(provider="cuda")
    assert look.on_machine_of(mine) == EffectSettings(
        background=settings.background, beautify=settings.beautify, provider="cuda"
    )


def test_a_preset_keeps_every_declared_field(tmp_path: Path) -> None:
    session = StudioSession(default_profile(), tmp_path / "profile.json")
    settings = _every_field_changed()
    session.save_effect_preset("Shop look", settings)
    assert "provider" not in session.profile.effect_presets["Shop look"]  # the machine's own
    here = EffectSettings(provider="cuda")
    assert session.preset_effects("Shop look", here) == settings.on_machine_of(here)
    natural = session.preset_effects("natural", settings)  # a built-in look: beautify only
    assert natural.background == settings.background and natural.provider == "cpu"


# --- product overlays ---------------------------------------------------------------------------


def _overlay_render(kind: str) -> list[str]:
    files = ["--catalog", "c.csv", "--product", "1", "--out", "o.png"]
    return ["overlay", "render", *files, "--kind", kind]


def test_every_product_overlay_is_declared_once() -> None:
    parser = build_parser()
    show = next(s for s in ProductSource.SETTINGS if s.key == "show")
    assert show.choices == tuple(OVERLAY_KINDS) == ("card", "spec", "countdown")
    product = Product("p1", "茶具 Tea set", Decimal("99"), stock=5)
    for kind, declared in OVERLAY_KINDS.items():
        assert declared.id == kind and declared.label
        assert parser.parse_args(_overlay_render(kind)).kind == kind
        portrait = share_width((720, 1280), declared.auto_width[0], declared.auto_width[1], 160)
        assert auto_width(kind, (720, 1280)) == portrait
        image = render_kind(kind, product, width=300, lang="en")
        assert image.shape[1] == 300 and image.shape[2] == 4
    assert [k for k, d in OVERLAY_KINDS.items() if d.needs_sale] == ["countdown"]


def test_a_new_product_overlay_is_a_drawing_plus_one_declaration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def price_tag(product, width, lang, sale, now, explaining) -> np.ndarray:
        image = np.zeros((width // 4, width, 4), np.uint8)
        image[..., 2] = image[..., 3] = 255  # a red tag
        return image

    tag = OverlayKind("price_tag", "Price tag", (0.3, 0.2), price_tag)
    monkeypatch.setitem(OVERLAY_KINDS, "price_tag", tag)
    product = Product("p1", "Tea set", Decimal("99"))
    assert render_kind("price_tag", product, width=200).shape == (50, 200, 4)
    assert auto_width("price_tag", (1280, 720)) == share_width((1280, 720), 0.3, 0.2, 160)
    assert build_parser().parse_args(_overlay_render("price_tag")).kind == "price_tag"
    with pytest.raises(ValueError, match="price_tag"):  # named among the known
        render_kind("sticker", product, width=200)
