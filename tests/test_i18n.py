"""Language choice, translators, the translation pipeline (installer/translations.sh) and theme."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton, QWidget

from studio.ui import i18n, theme
from studio.ui.i18n import LANGUAGES, Translations, normalize_language, system_language

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "translations.sh"
COMMITTED_TS = ROOT / "studio" / "ui" / "translations" / "studio_zh_CN.ts"

WIDGET_SOURCE = """\
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from studio.capture.settings import QT_TRANSLATE_NOOP

LABEL = QT_TRANSLATE_NOOP("SourceSettings", "Brightness")


class GoLivePanel(QWidget):
    def retranslate(self) -> str:
        return self.tr("Go live")


def stop_text() -> str:
    return QCoreApplication.translate("Pipeline", "Stop")
"""
CHINESE = {"Brightness": "亮度", "Go live": "开始直播", "Stop": "停止"}


def run_script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable}
    return subprocess.run(
        ["bash", str(SCRIPT), *map(str, args)], capture_output=True, text=True, env=env
    )


def translate_ts(ts: Path, chinese: dict[str, str]) -> None:
    """What a translator does in Linguist: fill in the text and mark it finished."""
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        text = chinese.get(message.findtext("source") or "")
        translation = message.find("translation")
        if text is not None and translation is not None:
            translation.text = text
            translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project run through update -> translate -> update: its folder holds
    widget.py, studio_zh_CN.ts and studio_zh_CN.qm."""
    folder = tmp_path_factory.mktemp("pipeline")
    (folder / "widget.py").write_text(WIDGET_SOURCE)
    ts = folder / "studio_zh_CN.ts"
    assert run_script("update", "--ts", ts, folder / "widget.py").returncode == 0
    translate_ts(ts, CHINESE)
    done = run_script("update", "--ts", ts, folder / "widget.py")
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Callable[..., Translations]]:
    """Translations whose translators and default locale are undone after the test."""
    saved_locale = QLocale()
    used: list[Translations] = []

    def make(directories: list[Path] | None = None) -> Translations:
        used.append(Translations(directories))
        return used[-1]

    yield make
    for t in used:
        t.apply(qapp, "en")
    QLocale.setDefault(saved_locale)


# --- language choice ----------------------------------------------------------------------


def language_on(platform: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """system_language() as on `platform`; sys.platform is faked only for the call."""
    with monkeypatch.context() as patch:
        patch.setattr(sys, "platform", platform)
        return system_language()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),  # only Simplified exists so far
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh_CN"),
    ],
)
def test_system_language_from_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert language_on("linux", monkeypatch) == expected


@pytest.mark.parametrize(
    ("platform", "ui_languages", "expected"),
    [
        ("linux", ["zh-Hans-CN", "en-US"], "zh_CN"),  # no locale variables: Qt decides
        ("linux", ["de-DE"], "en"),
        ("win32", ["zh-Hans-CN"], "zh_CN"),  # Windows: the display language beats LANG
        ("win32", ["en-US"], "en"),
    ],
)
def test_system_language_from_qlocale(
    monkeypatch: pytest.MonkeyPatch, platform: str, ui_languages: list[str], expected: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8" if platform == "linux" else "en_US.UTF-8")
    monkeypatch.setattr(i18n, "_qt_ui_languages", lambda: ui_languages)
    assert language_on(platform, monkeypatch) == expected


def test_language_names_are_native() -> None:
    assert LANGUAGES == {"zh_CN": "简体中文", "en": "English"}
    assert normalize_language("zh-Hans-CN") == "zh_CN"
    assert normalize_language("zh_HK.UTF-8") == "zh_CN"
    assert normalize_language("fr_FR@euro") == "en"
    assert normalize_language("POSIX") is None


# --- translators ----------------------------------------------------------------------------


def committed_sample() -> tuple[str, str, str] | None:
    """(context, source, Chinese) of a finished, plain message in the committed .ts."""
    if not COMMITTED_TS.exists():
        return None
    for context in ET.parse(COMMITTED_TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                name
                and message.get("numerus") != "yes"
                and message.find("comment") is None
                and translation is not None
                and not translation.get("type")
                and translation.text
            ):
                return name, message.findtext("source") or "", translation.text
    return None


def test_switching_language_switches_translations(qapp: QApplication, translations, pipeline):
    # A real string from the shipped .qm when there is one, else the scratch project's.
    sample = committed_sample()
    if sample is not None:
        t = translations()
    else:
        sample = ("Pipeline", "Stop", CHINESE["Stop"])
        t = translations([pipeline])
    context, source, chinese = sample
    assert t.apply(qapp, "zh_CN") == "zh_CN"
    assert QCoreApplication.translate(context, source) == chinese
    assert QLocale().language() == QLocale.Language.Chinese
    assert t.apply(qapp, "en") == "en"
    assert QCoreApplication.translate(context, source) == source
    assert t.apply(qapp, "zh_CN") == "zh_CN"  # and back: the first translator was not lost
    assert QCoreApplication.translate(context, source) == chinese


def test_standard_buttons_follow_the_language(qapp: QApplication, translations, pipeline):
    t = translations([pipeline])
    t.apply(qapp, "zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


class Retranslating(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.language_changes = 0

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.language_changes += 1
        super().changeEvent(event)


def test_language_change_reaches_widgets(qapp: QApplication, qtbot, translations, pipeline):
    widget = Retranslating()
    qtbot.addWidget(widget)
    t = translations([pipeline])
    t.apply(qapp, "zh_CN")
    qtbot.waitUntil(lambda: widget.language_changes >= 1, timeout=1000)
    seen = widget.language_changes
    t.apply(qapp, "en")  # removing the translator is a change too
    qtbot.waitUntil(lambda: widget.language_changes > seen, timeout=1000)


def test_missing_qm_stays_english(qapp: QApplication, translations, tmp_path: Path, caplog):
    t = translations([tmp_path / "nowhere"])
    assert t.apply(qapp, "zh_CN") == "en"
    assert t.language == "en"
    assert "studio_zh_CN.qm" in caplog.text
    assert QCoreApplication.translate("Pipeline", "Stop") == "Stop"


def test_unknown_language_is_english(qapp: QApplication, translations, pipeline):
    assert translations([pipeline]).apply(qapp, "fr") == "en"


# --- the pipeline ---------------------------------------------------------------------------


def test_lupdate_reads_python_marks_and_the_qm_translates(pipeline: Path) -> None:
    tree = ET.parse(pipeline / "studio_zh_CN.ts").getroot()
    found = {(c.findtext("name"), m.findtext("source")) for c in tree.iter("context") for m in c}
    # self.tr -> the class's name; QT_TRANSLATE_NOOP (the no-op Python one) and translate ->
    # their first argument.
    assert {
        ("GoLivePanel", "Go live"),
        ("SourceSettings", "Brightness"),
        ("Pipeline", "Stop"),
    } <= found
    translator = QTranslator()
    assert translator.load(str(pipeline / "studio_zh_CN.qm"))
    assert translator.translate("GoLivePanel", "Go live") == "开始直播"
    assert translator.translate("SourceSettings", "Brightness") == "亮度"
    assert translator.translate("Pipeline", "Stop") == "停止"


def test_check_passes_then_fails_for_a_new_untranslated_string(pipeline: Path, tmp_path):
    for name in ("widget.py", "studio_zh_CN.ts", "studio_zh_CN.qm"):
        (tmp_path / name).write_bytes((pipeline / name).read_bytes())
    ts, source = tmp_path / "studio_zh_CN.ts", tmp_path / "widget.py"
    done = run_script("check", "--ts", ts, source)
    assert done.returncode == 0, done.stdout + done.stderr

    source.write_text(WIDGET_SOURCE + '\nMORE = QT_TRANSLATE_NOOP("SourceSettings", "Contrast")\n')
    done = run_script("check", "--ts", ts, source)
    assert done.returncode == 1
    assert "not in the .ts" in done.stdout and "'Contrast'" in done.stdout

    run_script("update", "--ts", ts, source)  # now in the .ts, still without Chinese
    done = run_script("check", "--ts", ts, source)
    assert done.returncode == 1
    assert "no Chinese translation: [SourceSettings] 'Contrast'" in done.stdout


def test_check_compares_the_qm(pipeline: Path, tmp_path: Path) -> None:
    for name in ("widget.py", "studio_zh_CN.ts"):
        (tmp_path / name).write_bytes((pipeline / name).read_bytes())
    ts, qm, source = (
        tmp_path / "studio_zh_CN.ts",
        tmp_path / "studio_zh_CN.qm",
        tmp_path / "widget.py",
    )
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"

    # Other bytes, same translations (as from another lrelease): accepted.
    subprocess.run([lrelease, "-silent", "-compress", ts, "-qm", qm], check=True)
    assert qm.read_bytes() != (pipeline / "studio_zh_CN.qm").read_bytes()
    done = run_script("check", "--ts", ts, source)
    assert done.returncode == 0, done.stdout

    # A translation changed in the .ts but the .qm not rebuilt: stale.
    ts.write_text(ts.read_text(encoding="utf-8").replace("停止", "停"), encoding="utf-8")
    done = run_script("check", "--ts", ts, source)
    assert done.returncode == 1
    assert "stale" in done.stdout and "'Stop'" in done.stdout


def test_check_reports_marks_lupdate_cannot_use(tmp_path: Path) -> None:
    source = tmp_path / "panel.py"
    source.write_text(
        textwrap.dedent(
            """\
            import logging
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtWidgets import QLabel, QWidget

            def tr(text):
                return QCoreApplication.translate("Helper", text)

            class Panel(QWidget):
                def build(self, fps: float) -> None:
                    QLabel("Go live")
                    QLabel(self.tr("Stop"))
                    QLabel("Shopcast Studio")  # notr
                    QLabel(f"{fps:.0f}")
                    self.setToolTip(self.tr(f"{fps} fps"))
                    logging.warning("not shown to the user")
                    QLabel(self.tr("%1 viewers"))
                    QLabel(tr("Alone"))
            """
        )
    )
    ts = tmp_path / "studio_zh_CN.ts"
    run_script("update", "--ts", ts, source)
    translate_ts(ts, {"Stop": "停止", "{fps} fps": "{fps} 帧/秒", "%1 viewers": "观众"})
    run_script("update", "--ts", ts, source)
    done = run_script("check", "--ts", ts, source)
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if "panel.py" in line]
    assert len(problems) == 2, done.stdout
    assert "panel.py:10: 'Go live' is shown untranslated" in problems[0]
    assert "panel.py:14: tr() of an f-string" in problems[1]
    assert "placeholders differ ('观众'): [Panel] '%1 viewers'" in done.stdout
    assert "no context, never translated (see below): [<no context>] 'Alone'" in done.stdout
    assert len(done.stdout.splitlines()) == 2 + 2 + 1 + 1  # problems, the hint, the count


def test_committed_translations_are_complete_and_current() -> None:
    """Every marked string in studio/ui and studio/capture has Chinese, and the .ts and .qm
    match the sources. On failure: `make translations`, then translate what it lists."""
    done = run_script("check")
    assert done.returncode == 0, done.stdout + done.stderr


# --- theme ----------------------------------------------------------------------------------


def lightness(colour: QColor) -> int:
    return colour.toHsl().lightness()


def test_dark_palette_is_dark_and_readable(dark: QApplication) -> None:
    p = dark.palette()
    window = p.color(QPalette.ColorRole.Window)
    text = p.color(QPalette.ColorRole.WindowText)
    assert 15 < lightness(window) < 70  # dark, not black
    assert lightness(text) > 200
    disabled = p.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert lightness(window) + 40 < lightness(disabled) < lightness(text) - 60
    assert p.color(QPalette.ColorRole.Highlight) != window
    tip = p.color(QPalette.ColorRole.ToolTipBase)
    assert lightness(p.color(QPalette.ColorRole.ToolTipText)) - lightness(tip) > 150


def test_chinese_text_gets_a_cjk_font(dark: QApplication, qtbot) -> None:
    family = theme.cjk_font_family()
    if family is None:
        pytest.skip("no CJK font installed (install fonts-noto-cjk)")
    label = QLabel("直播")
    qtbot.addWidget(label)
    info = QFontInfo(label.font())
    assert info.family() == family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert QFontMetrics(label.font()).inFontUcs4(ord("直"))
    sized = theme.ui_font(QFont("DejaVu Sans", 11))
    assert sized.families()[0] == family and sized.pointSize() == 11  # the size is kept


def centre_colour(widget: QWidget) -> QColor:
    widget.resize(120, 40)
    image = widget.grab().toImage()
    return image.pixelColor(4, image.height() // 2)  # inside the padding, clear of the text


def test_stylesheet_banner_and_go_live(dark: QApplication, qtbot) -> None:
    banner = QLabel("!")
    banner.setObjectName("banner")
    banner.setProperty("severity", "error")
    qtbot.addWidget(banner)
    red = centre_colour(banner)
    assert red.red() > red.green() + 30

    live = QPushButton("Go live")
    live.setObjectName("goLive")
    live.setCheckable(True)
    qtbot.addWidget(live)
    idle = centre_colour(live)
    live.setChecked(True)
    on_air = centre_colour(live)
    assert on_air.red() > 150 and on_air.red() > on_air.green() + 80
    assert idle.red() < 100
