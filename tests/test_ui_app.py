"""`studio` as a merchant starts it: the window opens on a first run, fast, and says clearly when
there is no display; a bug in a handler becomes a banner line, not a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from studio.ui.app import _add_bundled_fonts, _report_unexpected_errors


def _studio(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_first_run_opens_the_window_and_saves_a_demo_profile(tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8", LANGUAGE="")
    profile = tmp_path / "config" / "profile.json"
    start = time.monotonic()
    result = _studio(["--profile", str(profile), "--exit-after", "1"], env)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stdout.splitlines() if line.startswith("window-shown")]
    assert shown and shown[0].endswith("Shopcast Studio")
    assert float(shown[0].split()[1]) < time.monotonic() - start
    saved = json.loads(profile.read_text(encoding="utf-8"))
    assert saved["canvas"] == {"width": 1080, "height": 1920, "fps": 30}  # portrait
    assert [s["name"] for s in saved["scenes"]] == ["直播间", "马上回来"]  # a Chinese system
    assert saved["recording"]["folder"]
    assert (profile.parent / "logs" / "studio.log").exists()
    assert "Traceback" not in result.stderr


def test_no_display_is_told_in_one_line(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    if sys.platform != "linux":
        return
    result = _studio(["--profile", str(tmp_path / "p.json")], env)
    assert result.returncode == 2
    assert result.stderr.startswith("studio: error: no display found")
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unexpected_error_goes_to_the_banner_and_the_log(qtbot, tmp_path: Path, caplog):
    from studio.demo import first_run_profile
    from studio.session import StudioSession
    from studio.ui.main_window import MainWindow

    window = MainWindow(StudioSession(first_run_profile(False, camera=False)))
    qtbot.addWidget(window)
    previous = sys.excepthook
    try:
        _report_unexpected_errors(window, tmp_path / "studio.log")
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    severity, text = window.banner.messages["internal"]
    assert severity == "error" and "ZeroDivisionError" in text and "studio.log" in text
    assert "Traceback" not in text
    assert "boom" in caplog.text  # the details are logged for support
    # Nothing was live or recording: no word about a stream going on.
    assert (
        text
        == f"Something went wrong (ZeroDivisionError); details are in {tmp_path / 'studio.log'}."
    )


def test_the_bundled_chinese_font_backs_the_window_font(qapp):
    """Where the system has no Chinese font, Qt finds the bundled one behind the UI font."""
    from PySide6.QtGui import QFontDatabase, QFontInfo

    before = qapp.font()
    try:
        _add_bundled_fonts(qapp)
        families = qapp.font().families()
        assert families[: len(before.families())] == before.families()  # the system's font first
        added = families[len(before.families()) :]
        assert added, "no bundled font family was added"
        chinese = QFontDatabase.WritingSystem.SimplifiedChinese
        assert all(chinese in QFontDatabase.writingSystems(family) for family in added)
        assert QFontInfo(qapp.font()).family()  # the font still resolves
    finally:
        qapp.setFont(before)
