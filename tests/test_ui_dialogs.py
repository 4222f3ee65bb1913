"""Settings, destination and properties dialogs, driven as a user would (real widgets, offscreen).

Keys only ever reach the in-memory keyring from tests/keyrings.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings import LockedKeyring, MemoryKeyring, memory_keyring
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from studio.capture.settings import Setting
from studio.profile import DestinationSettings, Profile
from studio.profile_store import load_profile, save_profile
from studio.secrets import SERVICE
from studio.session import StudioError, StudioSession
from studio.ui.destination_dialog import DestinationDialog
from studio.ui.properties_dialog import PropertiesDialog
from studio.ui.settings_dialog import SettingsDialog

SIGNED_URL = "rtmp://push.example.com/live/room1?sign=abc123&expire=1700000000"
SECRET = "sk-live-0123456789"


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


@pytest.fixture(autouse=True)
def _secrets_file_restored() -> Iterator[None]:
    """A session names the secrets file beside its profile: undo it after each test."""
    from studio import secrets

    before = secrets.secrets_file()
    yield
    secrets.use_secrets_file(before)


@pytest.fixture
def session(tmp_path: Path, keys: MemoryKeyring) -> StudioSession:
    return StudioSession(Profile(), profile_path=tmp_path / "p.json")  # never opened


def settings_dialog(qtbot: QtBot, profile: Profile, **kwargs) -> SettingsDialog:
    kwargs.setdefault("encoders", ["libx264"])  # skip probing hardware encoders
    kwargs.setdefault("microphones", [{"index": 3, "name": "USB Mic"}])
    dialog = SettingsDialog(profile, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def session_dialog(qtbot: QtBot, session: StudioSession) -> SettingsDialog:
    return settings_dialog(
        qtbot,
        session.profile,
        on_save_destination=session.save_destination,
        on_remove_destination=session.remove_destination,
        has_key=session.has_key,
    )


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def fill_destination(monkeypatch: pytest.MonkeyPatch, **fields: str) -> None:
    """Make DestinationDialog.exec fill in `fields` and press OK instead of blocking."""

    def fake_exec(self: DestinationDialog) -> int:
        if "platform" in fields:
            choose(self.platform_combo, fields["platform"])
        for name in ("name", "server", "key"):
            if name in fields:
                getattr(self, f"{name}_edit").setText(fields[name])
        if fields.get("forget"):
            self.forget_key.setChecked(True)
        self.seen_placeholder = self.key_edit.placeholderText()
        fill_destination.last = self  # type: ignore[attr-defined]
        assert self.is_valid()
        self.buttons.button(self.buttons.StandardButton.Ok).click()
        return self.result()

    monkeypatch.setattr(DestinationDialog, "exec", fake_exec)


# --- destination dialog -------------------------------------------------------------------------


def test_destination_dialog_validates_url_and_name(qtbot: QtBot) -> None:
    dialog = DestinationDialog(taken_names=["Shop"])
    qtbot.addWidget(dialog)
    choose(dialog.platform_combo, "douyin")  # a whole signed URL per session
    assert dialog.name_edit.text()  # named after the platform
    assert not dialog.is_valid()  # no push URL yet
    assert "push URL" in dialog.server_message.text()

    dialog.server_edit.setText(SIGNED_URL + "\n")  # a paste with its newline
    assert dialog.is_valid() and not dialog.server_message.text()
    dialog.server_edit.setText("http://push.example.com/live")
    assert not dialog.is_valid() and "rtmp://" in dialog.server_message.text()
    dialog.server_edit.setText(SIGNED_URL)
    dialog.name_edit.setText("Shop")
    assert not dialog.is_valid() and "Shop" in dialog.name_message.text()
    dialog.name_edit.setText("  ")
    assert not dialog.is_valid()
    dialog.name_edit.setText("Evening show")
    assert dialog.is_valid()

    dest = dialog.result_destination()
    assert (dest.name, dest.platform, dest.server) == ("Evening show", "douyin", SIGNED_URL)
    assert dest.key_ref == "" and dest.enabled and dialog.result_key() is None


def test_destination_dialog_rtmps_warning_and_default_server(qtbot: QtBot) -> None:
    dialog = DestinationDialog()
    qtbot.addWidget(dialog)
    choose(dialog.platform_combo, "youtube")
    assert dialog.is_valid()  # an empty server means the preset's
    assert "youtube.com" in dialog.server_edit.placeholderText()
    assert dialog.key_message.text()  # hint: no key yet
    dialog.server_edit.setText("rtmp://a.rtmp.youtube.com/live2")
    assert dialog.is_valid() and "rtmps://" in dialog.server_message.text()
    dialog.key_edit.setText(f"  {SECRET} ")
    assert not dialog.key_message.text()
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_key.setChecked(True)
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.result_key() == SECRET


def test_destination_dialog_stored_key_semantics(qtbot: QtBot) -> None:
    dest = DestinationSettings("Tube", "youtube", "", key_ref="destination:Tube", enabled=False)
    dialog = DestinationDialog(dest, has_stored_key=True, taken_names=["Other"])
    qtbot.addWidget(dialog)
    assert dialog.key_edit.text() == ""
    assert "leave empty to keep" in dialog.key_edit.placeholderText()
    assert dialog.name_edit.text() == "Tube" and not dialog.enabled_check.isChecked()
    assert dialog.result_key() is None  # keep

    dialog.forget_key.setChecked(True)
    assert dialog.result_key() == "" and not dialog.key_edit.isEnabled()
    dialog.forget_key.setChecked(False)
    dialog.key_edit.setText("sk-new")
    assert dialog.result_key() == "sk-new"
    assert dialog.result_destination().key_ref == "destination:Tube"

    fresh = DestinationDialog()
    qtbot.addWidget(fresh)
    assert fresh.forget_key.isHidden() and fresh.result_key() is None


# --- destinations through the session and the keyring -------------------------------------------


def test_destinations_go_to_the_keyring_not_the_profile(
    qtbot: QtBot,
    session: StudioSession,
    keys: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = session_dialog(qtbot, session)
    fill_destination(monkeypatch, platform="youtube", name="Tube", key=SECRET)
    dialog.add_button.click()

    assert keys.data == {(SERVICE, "destination:Tube"): SECRET}
    assert [d.key_ref for d in session.profile.destinations] == ["destination:Tube"]
    assert dialog.destination_list.count() == 1 and dialog.destinations_changed
    session.save()
    text = Path(session.profile_path).read_text(encoding="utf-8")
    assert SECRET not in text and "destination:Tube" in text
    assert SECRET not in caplog.text

    # Editing with an empty key field keeps the stored key; a rename moves it along.
    dialog.destination_list.setCurrentRow(0)
    fill_destination(monkeypatch, name="Tube 2")
    dialog.edit_button.click()
    assert "keyring" in fill_destination.last.seen_placeholder  # type: ignore[attr-defined]
    assert keys.data == {(SERVICE, "destination:Tube 2"): SECRET}
    assert session.profile.destinations[0].name == "Tube 2"

    # A second destination may not take the same name: the session's refusal is shown.
    assert not dialog.apply_destination(DestinationSettings("Tube 2", "twitch"))
    assert "Tube 2" in dialog.destination_message.text()

    dialog.destination_list.setCurrentRow(0)
    monkeypatch.setattr(SettingsDialog, "confirm_remove", lambda self, dest: True)
    dialog.remove_button.click()
    assert keys.data == {} and session.profile.destinations == []
    assert dialog.destination_list.count() == 0

    dialog.reject()
    assert dialog.result_profile() is None and dialog.destinations_changed


def test_keyring_refusal_is_shown(qtbot: QtBot, session: StudioSession) -> None:
    dialog = session_dialog(qtbot, session)
    with memory_keyring(LockedKeyring()):
        ok = dialog.apply_destination(DestinationSettings("Tube", "youtube"), key=SECRET)
    assert not ok and session.profile.destinations == []
    message = dialog.destination_message.text()
    assert "keyring" in message and SECRET not in message


# --- settings -----------------------------------------------------------------------------------


def test_settings_round_trip(qtbot: QtBot, tmp_path: Path) -> None:
    original = Profile()
    dialog = settings_dialog(qtbot, original)
    choose(dialog.canvas_combo, "landscape-1080")
    assert (dialog.width_spin.value(), dialog.height_spin.value()) == (1920, 1080)
    choose(dialog.fps_combo, 60)
    choose(dialog.language_combo, "en")
    choose(dialog.encoder_combo, "libx264")
    choose(dialog.preset_combo, "faster")
    dialog.bitrate_spin.setValue(4500)
    dialog.audio_bitrate_spin.setValue(160)
    dialog.keyframe_spin.setValue(4.0)
    choose(dialog.mic_combo, "mic:USB Mic")
    dialog.recording_check.setChecked(False)
    dialog.folder_edit.setText(str(tmp_path / "rec"))
    choose(dialog.format_combo, "mp4")
    dialog.hotkey_edits["go_live"].setKeySequence(QKeySequence("Ctrl+Alt+G"))
    dialog.hotkey_edits["scene:Main"].clear()  # no key: differs from the default Ctrl+1
    dialog.hotkey_edits["record"].setKeySequence(QKeySequence("Ctrl+Shift+R"))  # the default
    assert dialog.is_valid()
    dialog.ok_button.click()

    result = dialog.result_profile()
    assert result is not None and dialog.result() == QDialog.DialogCode.Accepted
    assert (result.canvas.width, result.canvas.height, result.canvas.fps) == (1920, 1080, 60)
    assert result.ui.language == "en"
    assert result.ui.hotkeys == {"go_live": "Ctrl+Alt+G", "scene:Main": ""}
    enc = result.encoder
    assert (enc.video_encoder, enc.preset, enc.bitrate_kbps) == ("libx264", "faster", 4500)
    assert (enc.audio_bitrate_kbps, enc.keyframe_seconds) == (160, 4.0)
    assert result.audio_sources == ["mic:USB Mic"]
    assert result.recording.folder == str(tmp_path / "rec")
    assert (result.recording.format, result.recording.enabled) == ("mp4", False)
    assert original == Profile()  # the caller's profile is untouched

    path = tmp_path / "profile.json"
    save_profile(result, path)
    assert load_profile(path) == result


def test_untouched_settings_come_back_unchanged(qtbot: QtBot) -> None:
    profile = Profile(audio_sources=["mic:Gone", "mic:2"])
    profile.encoder.video_encoder = "h264_nvenc"  # configured on another PC
    dialog = settings_dialog(qtbot, profile, microphones=[])
    assert dialog.mic_combo.currentData() == "mic:Gone"
    assert dialog.encoder_combo.currentData() == "h264_nvenc"
    dialog.accept()
    assert dialog.result_profile() == profile

    none = settings_dialog(qtbot, Profile())
    choose(none.mic_combo, "")
    none.accept()
    assert none.result_profile().audio_sources == []


def test_conflicting_hotkeys_disable_ok(qtbot: QtBot) -> None:
    dialog = settings_dialog(qtbot, Profile())
    dialog.hotkey_edits["next_scene"].setKeySequence(QKeySequence("Ctrl+Shift+L"))
    assert not dialog.is_valid()
    assert "Ctrl+Shift+L" in dialog.hotkey_message.text()
    assert "Hotkeys" in dialog.status_message.text()  # said under the buttons on other tabs
    dialog.tabs.setCurrentWidget(dialog.hotkeys_page)
    assert not dialog.status_message.text()  # ...not twice on the tab itself
    dialog.accept()  # refused while the clash stands
    assert dialog.result_profile() is None
    dialog.hotkey_edits["go_live"].clear()
    assert dialog.is_valid() and not dialog.hotkey_message.text()
    dialog.hotkey_edits["go_live"].setKeySequence(QKeySequence("Ctrl+Shift+L"))
    assert not dialog.is_valid()
    dialog.restore_hotkeys_button.click()
    assert dialog.is_valid()


def test_tab_leaves_the_key_edit(qtbot: QtBot) -> None:
    dialog = settings_dialog(qtbot, Profile())
    edit = dialog.hotkey_edits["go_live"]
    edit.clear()
    tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(edit, tab)
    assert edit.keySequence().isEmpty()


def test_odd_canvas_size_disables_ok(qtbot: QtBot) -> None:
    dialog = settings_dialog(qtbot, Profile())
    dialog.width_spin.setValue(721)
    assert not dialog.is_valid() and dialog.canvas_combo.currentData() == "custom"
    assert dialog.canvas_message.text()
    dialog.width_spin.setValue(1280)
    dialog.height_spin.setValue(720)
    assert dialog.is_valid() and dialog.canvas_combo.currentData() == "landscape-720"


def test_busy_disables_video_and_output(qtbot: QtBot) -> None:
    dialog = settings_dialog(qtbot, Profile(), busy=True)
    assert not dialog.video_form.isEnabled() and not dialog.output_form.isEnabled()
    assert dialog.language_combo.isEnabled() and dialog.folder_edit.isEnabled()
    hints = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert any("Stop streaming and recording" in text for text in hints)
    assert dialog.is_valid()

    idle = settings_dialog(qtbot, Profile())
    assert idle.video_form.isEnabled() and idle.output_form.isEnabled()


def test_bitrate_above_a_destination_cap_warns(qtbot: QtBot) -> None:
    profile = Profile(destinations=[DestinationSettings("Twitch", "twitch")])
    dialog = settings_dialog(qtbot, profile)
    dialog.bitrate_spin.setValue(9000)
    assert "Twitch" in dialog.bitrate_message.text() and dialog.is_valid()


# --- properties ---------------------------------------------------------------------------------

SETTINGS = (
    Setting("arg", "File", "file", "", file_filter="Images (*.png)"),
    Setting("text", "Text", "multiline", "hello"),
    Setting("title", "Title", "text", "", placeholder="Shown on top"),
    Setting("size", "Font size", "int", 64, 8, 400),
    Setting("speed", "Speed", "float", 1.0, 0.25, 4.0),
    Setting("bold", "Bold", "bool", False),
    Setting("color", "Colour", "color", "#ffffff"),
    Setting("align", "Alignment", "choice", "center", choices=("left", "center", "right")),
)


def test_properties_dialog_edits_each_type(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    values = {"arg": "/tmp/a.png", "size": 72, "bold": True, "color": "#000000c0", "extra": 1}
    dialog = PropertiesDialog("Text properties", SETTINGS, values)
    qtbot.addWidget(dialog)
    e = dialog.editors
    assert isinstance(e["text"], QPlainTextEdit) and isinstance(e["title"], QLineEdit)
    assert isinstance(e["size"], QSpinBox) and isinstance(e["speed"], QDoubleSpinBox)
    assert isinstance(e["bold"], QCheckBox) and isinstance(e["align"], QComboBox)
    assert (e["size"].minimum(), e["size"].maximum()) == (8, 400)
    assert e["title"].placeholderText() == "Shown on top"
    assert dialog.values() == {
        "arg": "/tmp/a.png",
        "text": "hello",
        "title": "",
        "size": 72,
        "speed": 1.0,
        "bold": True,
        "color": "#000000c0",
        "align": "center",
        "extra": 1,
    }

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("/tmp/b.png", "Images (*.png)"))
    e["arg"].browse.click()
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a: QColor(255, 0, 0, 128))
    e["color"].button.click()
    e["text"].setPlainText("two\nlines")
    e["title"].setText("Sale")
    e["size"].setValue(500)  # clamped by the spin box
    e["speed"].setValue(2.5)
    e["bold"].setChecked(False)
    choose(e["align"], "right")
    assert dialog.is_valid()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == {
        "arg": "/tmp/b.png",
        "text": "two\nlines",
        "title": "Sale",
        "size": 400,
        "speed": 2.5,
        "bold": False,
        "color": "#ff000080",
        "align": "right",
        "extra": 1,
    }


def test_properties_dialog_refuses_a_bad_colour(qtbot: QtBot) -> None:
    dialog = PropertiesDialog("Text", SETTINGS, {})
    qtbot.addWidget(dialog)
    assert dialog.is_valid()
    colour = dialog.editors["color"]
    colour.edit.setText("#zzz")
    assert not dialog.is_valid()
    assert "#rrggbb" in dialog._messages["color"].text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    colour.edit.setText("#12345678")
    assert dialog.is_valid() and dialog.values()["color"] == "#12345678"


def test_profile_json_never_holds_a_key(tmp_path: Path, session: StudioSession) -> None:
    session.save_destination(DestinationSettings("Tube", "youtube"), key=SECRET)
    session.save()
    data = json.loads(Path(session.profile_path).read_text(encoding="utf-8"))
    assert data["destinations"][0]["key_ref"] == "destination:Tube"
    assert SECRET not in json.dumps(data)


def test_adaptive_bitrate_is_a_destination_setting(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = DestinationDialog()
    qtbot.addWidget(dialog)
    assert dialog.adaptive_check.isChecked()  # on by default: a weak network keeps the stream
    dest = DestinationSettings("Tube", "youtube", "", adaptive=False)
    dialog = DestinationDialog(dest, has_stored_key=True)
    qtbot.addWidget(dialog)
    assert not dialog.adaptive_check.isChecked()
    dialog.adaptive_check.setChecked(True)
    assert dialog.result_destination().adaptive
    # The session hands the choice and the platform's floor to the engine.
    profile = Profile()
    profile.destinations = [
        DestinationSettings("Tube", "custom", "rtmp://127.0.0.1/live/x", adaptive=False)
    ]
    specs = StudioSession(profile, tmp_path / "profile.json")._push_urls()
    assert [(s.name, s.adaptive) for s in specs] == [("Tube", False)] and specs[0].min_kbps > 0


def test_a_lowered_bitrate_shows_beside_the_destination(qtbot: QtBot) -> None:
    from studio.broadcast.destination import DestinationStats
    from studio.ui.outputs_panel import OutputsPanel

    panel = OutputsPanel()
    qtbot.addWidget(panel)
    panel.set_destinations(["Tube"])
    stats = DestinationStats("Tube", "live", None, None, 1480.0, 0.4, 0, 0, 1000, "on", 1200)
    panel.show_stats([stats])
    _label, state, _button = panel.rows["Tube"]
    assert "1480 kbps" in state.text() and "↓" not in state.text()
    lowered = DestinationStats(
        "Tube", "live", None, None, 1180.0, 0.9, 0, 0, 2000, "on", 1100, True
    )
    panel.show_stats([lowered])
    assert "↓ 1100 kbps (slow network)" in state.text()


# --- where secrets go, and a trusted certificate -----------------------------------------------


def test_without_a_keyring_the_dialog_says_where_secrets_go_and_it_is_true(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    from keyrings import no_keyring

    path = tmp_path / "profile.json"
    secrets_json = tmp_path / "secrets.json"
    with no_keyring():
        session = StudioSession(Profile(), profile_path=path)
        dialog = session_dialog(qtbot, session)
        assert str(secrets_json) in dialog.destination_note.text()
        fill_destination(monkeypatch, platform="douyin", name="Douyin", server=SIGNED_URL)
        dialog.add_button.click()
        note = fill_destination.last.secrets_note  # type: ignore[attr-defined]
        assert not note.isHidden()
        assert note.text() == f"No system keyring: kept in {secrets_json}, readable only by you."
        session.save()

        # What it promised: the URL is in the private file, not in the profile.
        assert stat.S_IMODE(secrets_json.stat().st_mode) == 0o600
        assert SIGNED_URL in secrets_json.read_text("utf-8")
        assert "abc123" not in path.read_text("utf-8")
        assert [s.url for s in session._push_urls()] == [SIGNED_URL]

        # Editing shows the masked URL; left as it is, the kept URL stays in use.
        dialog.destination_list.setCurrentRow(0)
        fill_destination(monkeypatch, name="Evening")
        dialog.edit_button.click()
        edited = fill_destination.last  # type: ignore[attr-defined]
        assert (
            edited.server_edit.text() == "rtmp://push.example.com/live/****?sign=****&expire=****"
        )
        assert "secrets file" in edited.server_kept.text()
        assert [(s.name, s.url) for s in session._push_urls()] == [("Evening", SIGNED_URL)]
        session.save()
        assert "abc123" not in path.read_text("utf-8")


def test_with_a_keyring_the_dialog_says_so(qtbot: QtBot, keys: MemoryKeyring) -> None:
    dialog = DestinationDialog()
    qtbot.addWidget(dialog)
    assert "system keyring" in dialog.secrets_note.text()
    assert "No system keyring" not in dialog.secrets_note.text()


def pem_file(folder: Path) -> Path:
    """A real self-signed certificate, made with the openssl CLI."""
    import shutil
    import subprocess

    openssl = shutil.which("openssl")
    assert openssl, "openssl not found: apt-get install openssl"
    cert, key = folder / "own-ca.pem", folder / "own-ca.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert


def test_trusted_certificate_row_checks_the_file_and_reaches_the_stream(
    qtbot: QtBot, session: StudioSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.commands.stream import _profile_parts

    cert = pem_file(tmp_path)
    dialog = DestinationDialog()
    qtbot.addWidget(dialog)
    choose(dialog.platform_combo, "twitch")  # rtmp: nothing to trust
    assert dialog.ca_box.isHidden() and dialog.ca_label.isHidden()
    choose(dialog.platform_combo, "youtube")  # rtmps
    assert not dialog.ca_box.isHidden()
    choose(dialog.platform_combo, "custom")
    dialog.server_edit.setText("rtmps://stream.example.net/live")
    assert not dialog.ca_box.isHidden() and dialog.is_valid()

    dialog.ca_edit.setText(str(tmp_path / "nowhere.pem"))
    assert not dialog.is_valid() and "not there" in dialog.ca_message.text()
    dialog.ca_edit.setText(str(tmp_path))
    assert not dialog.is_valid() and "folder" in dialog.ca_message.text()
    (tmp_path / "notes.txt").write_text("hello", "utf-8")
    dialog.ca_edit.setText(str(tmp_path / "notes.txt"))
    assert not dialog.is_valid() and "PEM" in dialog.ca_message.text()
    dialog.ca_edit.setText("own-ca.pem")
    assert not dialog.is_valid() and "full path" in dialog.ca_message.text()

    # The file picker fills the row.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(cert), ""))
    dialog.ca_browse.click()
    assert dialog.ca_edit.text() == str(cert) and dialog.is_valid()
    assert not dialog.ca_message.text()
    dest = dialog.result_destination()
    assert dest.ca_file == str(cert)

    session.save_destination(dest, "streamkey")
    (spec,) = session._push_urls()
    assert spec.ca_file == str(cert) and spec.url == "rtmps://stream.example.net/live/streamkey"
    session.save()
    _, _, (cli_spec,) = _profile_parts(str(session.profile_path))
    assert cli_spec.ca_file == str(cert) and cli_spec.url == spec.url

    # A certificate moved away since is named before going live, not inside the handshake.
    cert.rename(tmp_path / "moved.pem")
    with pytest.raises(StudioError) as info:
        session._push_urls()
    assert info.value.code == "ca_file" and "not there" in str(info.value)
    # A platform without rtmps carries no certificate along.
    dialog.server_edit.clear()
    choose(dialog.platform_combo, "twitch")
    assert dialog.result_destination().ca_file == ""


# --- a local camera by its name -----------------------------------------------------------------
def test_a_local_camera_is_chosen_by_name_and_kept_as_its_number(qtbot: QtBot) -> None:
    from studio.capture.devices import Camera
    from studio.capture.registry import source_choices

    [choice] = [c for c in source_choices() if c.id == "camera"]
    found = [Camera(0, "Integrated Webcam"), Camera(2, "USB Camera")]

    def open_with(value: int, cameras: list[Camera]) -> PropertiesDialog:
        dialog = PropertiesDialog("Camera", choice.settings, {"arg": value}, None, lambda: cameras)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.editors["arg"].isEnabled(), timeout=5000)
        return dialog

    dialog = open_with(2, found)
    field = dialog.editors["arg"]
    names = [field.itemText(i) for i in range(field.count())]
    assert names == ["Integrated Webcam", "USB Camera"]  # names, not numbers
    assert field.currentText() == "USB Camera" and dialog.values()["arg"] == 2
    field.setCurrentIndex(0)
    assert dialog.values()["arg"] == 0

    # The camera set before, unplugged for now, stays the choice (not silently another one).
    dialog = open_with(5, found)
    assert dialog.editors["arg"].currentText() == "Camera 6 (not found now)"
    assert dialog.values()["arg"] == 5
    # None found at all: said so, the number kept.
    dialog = open_with(0, [])
    assert dialog.editors["arg"].currentText() == "No camera found (camera 1)"
    assert dialog.values()["arg"] == 0
    # A camera with no name of its own is numbered as the merchant counts (from 1), found or
    # not by one count: two cameras never read alike (off Linux none has a name).
    dialog = open_with(4, [Camera(4, "")])
    assert dialog.editors["arg"].currentText() == "Camera 5"
    dialog = open_with(1, [Camera(0, "")])
    field = dialog.editors["arg"]
    assert [field.itemText(i) for i in range(field.count())] == [
        "Camera 1",
        "Camera 2 (not found now)",
    ]
    assert field.currentText() == "Camera 2 (not found now)" and dialog.values()["arg"] == 1
