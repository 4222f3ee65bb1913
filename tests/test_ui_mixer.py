"""The mixer panel: meter ballistics, mute and gain write-through, painting, the real mixer."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from studio.capture.mixer import AudioMixer
from studio.capture.synthetic import SyntheticSource
from studio.clock import MediaClock
from studio.ui.meter import LevelMeter
from studio.ui.mixer_panel import ChannelStrip, MixerPanel


@dataclass
class FakeSource:
    label: str
    spec: str


@dataclass
class FakeChannel:
    source: FakeSource
    gain_db: float = 0.0
    muted: bool = False
    peak_dbfs: float = field(default=-math.inf)


def channels(*labels: str) -> list[FakeChannel]:
    return [FakeChannel(FakeSource(label, f"mic:{label}")) for label in labels]


@pytest.fixture
def panel(qtbot: QtBot) -> MixerPanel:
    panel = MixerPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 200)
    return panel


def red_pixels(strip: ChannelStrip) -> int:
    """Strongly red pixels inside the meter of a grabbed strip."""
    image = strip.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    ratio = image.devicePixelRatio()
    geo = strip.meter.geometry()
    count = 0
    for y in range(int(geo.top() * ratio), int((geo.bottom() + 1) * ratio)):
        for x in range(int(geo.left() * ratio), int((geo.right() + 1) * ratio), 2):
            c = image.pixelColor(x, y)
            count += c.red() > 180 and c.green() < 90 and c.blue() < 90
    return count


def test_attack_is_immediate_and_release_is_20_db_per_second(qtbot: QtBot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    assert meter.level_dbfs == -math.inf
    meter.set_level(-40.0, now=0.0)
    meter.set_level(-6.0, now=0.05)
    assert meter.level_dbfs == -6.0
    meter.set_level(-math.inf, now=0.55)
    assert meter.level_dbfs == pytest.approx(-16.0)
    meter.set_level(-30.0, now=1.55)  # release stops at the input
    assert meter.level_dbfs == -30.0
    meter.set_level(-math.inf, now=5.0)  # fell off the scale: empty
    assert meter.level_dbfs == -math.inf


def test_peak_holds_for_1_5_s_then_falls(qtbot: QtBot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_level(-3.0, now=10.0)
    for t in (10.5, 11.0, 11.45):
        meter.set_level(-50.0, now=t)
        assert meter.peak_hold_dbfs == -3.0
    meter.set_level(-50.0, now=12.0)  # 0.5 s past the hold
    assert meter.peak_hold_dbfs == pytest.approx(-13.0)
    meter.set_level(-50.0, now=20.0)
    assert meter.peak_hold_dbfs == -50.0  # never below the bar
    meter.set_level(-1.0, now=20.1)
    assert meter.peak_hold_dbfs == -1.0


def test_clip_latches_until_clicked(qtbot: QtBot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(200, meter.sizeHint().height())
    meter.set_level(-0.2, now=0.0)
    assert not meter.clipped
    meter.set_level(0.0, now=0.1)
    meter.set_level(-40.0, now=5.0)
    assert meter.clipped
    qtbot.mouseClick(meter, Qt.MouseButton.LeftButton, pos=QPoint(10, 5))
    assert not meter.clipped


def test_empty_list_shows_hint(panel: MixerPanel) -> None:
    panel.show()
    panel.set_channels([])
    assert panel.strips == []
    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == "No audio sources"
    panel.set_channels(channels("Mic"))
    assert not panel.empty_label.isVisible()
    assert panel.strips[0].name_label.text() == "Mic"
    panel.set_channels([])
    assert panel.empty_label.isVisible() and panel.strips == []


def test_mute_button_writes_channel_and_emits(qtbot: QtBot, panel: MixerPanel) -> None:
    chans = channels("Mic", "Line")
    panel.set_channels(chans)
    strip = panel.strips[1]
    assert strip.mute_button.isCheckable() and not strip.mute_button.isChecked()
    with qtbot.waitSignal(panel.mute_changed) as blocker:
        qtbot.mouseClick(strip.mute_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["mic:Line", True]
    assert chans[1].muted and not chans[0].muted
    assert strip.meter.muted
    # A change made elsewhere (a hotkey, a loaded profile) shows at the next refresh, silently.
    chans[1].muted = False
    with qtbot.assertNotEmitted(panel.mute_changed):
        panel.refresh(now=0.0)
    assert not strip.mute_button.isChecked() and not strip.meter.muted


def test_gain_slider_writes_channel_and_emits(qtbot: QtBot, panel: MixerPanel) -> None:
    chans = channels("Mic")
    chans[0].gain_db = -4.5
    panel.set_channels(chans)
    strip = panel.strips[0]
    assert strip.gain_label.text() == "-4.5 dB"
    with qtbot.waitSignal(panel.gain_changed) as blocker:
        strip.gain.setValue(6)  # half-dB steps
    assert blocker.args == ["mic:Mic", 3.0]
    assert chans[0].gain_db == 3.0
    assert strip.gain_label.text() == "+3.0 dB"
    assert strip.gain.minimum() == -60 and strip.gain.maximum() == 40
    qtbot.mouseDClick(strip.gain, Qt.MouseButton.LeftButton)
    assert chans[0].gain_db == 0.0 and strip.gain_label.text() == "0.0 dB"


def test_meter_paints_red_only_when_loud_and_unmuted(qtbot: QtBot, panel: MixerPanel) -> None:
    chans = channels("Loud", "Quiet", "Muted")
    panel.set_channels(chans)
    panel.show()
    qtbot.waitExposed(panel)
    chans[0].peak_dbfs = 0.0
    chans[1].peak_dbfs = -30.0
    chans[2].peak_dbfs = -3.0  # red zone, no clip, but greyed
    chans[2].muted = True
    panel.refresh(now=0.0)
    loud, quiet, muted = panel.strips
    assert red_pixels(loud) > 20
    assert red_pixels(quiet) == 0
    assert red_pixels(muted) == 0
    assert muted.meter.level_dbfs == -3.0  # still moves while muted


def test_real_mixer_with_synthetic_tone(qtbot: QtBot, panel: MixerPanel) -> None:
    source = SyntheticSource("synthetic", MediaClock())  # audio needs no capture thread
    mixer = AudioMixer([source])
    panel.set_channels(mixer.channels)
    meter = panel.strips[0].meter
    assert meter.level_dbfs == -math.inf
    for _ in range(3):
        mixer.mix(1024)
    panel.refresh()
    assert -21.0 < meter.level_dbfs < -19.0  # the -20 dBFS line-up tone
    panel.strips[0].gain.setValue(12)  # +6 dB, applied by the mixer at the next block
    mixer.mix(1024)
    panel.refresh()
    assert -15.0 < meter.level_dbfs < -13.0


def test_meter_repaints_only_when_the_picture_changes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(200, meter.sizeHint().height())
    calls: list[None] = []
    monkeypatch.setattr(meter, "update", lambda: calls.append(None))
    for i in range(20):  # silence at 20 Hz: nothing to draw
        meter.set_level(-math.inf, now=i / 20)
    assert calls == []
    meter.set_level(-20.0, now=1.0)
    assert len(calls) == 1
    meter.set_level(-20.0, now=1.05)
    assert len(calls) == 1
