"""Shared fixtures. Servers are real (Debian nginx + rtmp module); see tests/servers.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Qt aborts without a display unless told to render offscreen; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from servers import RtmpServer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot
    from windows import WindowHarness

    from studio.ui.i18n import Translations


@pytest.fixture(scope="session", autouse=True)
def _fallback_fonts() -> None:
    """The stream's fallback fonts found before the first test, as the studio finds them at
    start: a text drawn the same way in every test, whatever ran before it."""
    from studio.text_runs import warm_up

    warm_up(wait=True)


@pytest.fixture(scope="session", autouse=True)
def _media_tools() -> None:
    """Fail loudly, once per session, when the CLI tools the tests read streams with are missing."""
    missing = [tool for tool in ("ffprobe", "ffmpeg") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(
            f"{', '.join(missing)} not found on PATH: install the Debian package `ffmpeg` "
            "(apt-get install ffmpeg)"
        )


@pytest.fixture
def rtmp_server(tmp_path: Path) -> Iterator[RtmpServer]:
    """A started nginx-rtmp accepting keys "testkey" and "second"; stopped even if the test fails.

    Its files (nginx.conf, error.log, notify.log, rec/*.flv) stay in tmp_path/"nginx"; their
    tail is attached to the report of a failing test.
    """
    server = RtmpServer(keys=["testkey", "second"], directory=tmp_path / "nginx")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failing test that used rtmp_server, show the nginx logs under the traceback."""
    report = yield
    server = getattr(item, "funcargs", {}).get("rtmp_server")
    if report.failed and isinstance(server, RtmpServer):
        report.sections.append(("nginx logs", server.log_tail()))
    return report


@pytest.fixture
def translations(qapp):
    """The window's translations, English to start with, and English again afterwards (no
    Chinese left installed for the next test)."""
    from studio.ui.i18n import Translations

    translations = Translations()
    translations.apply(qapp, "en")
    yield translations
    translations.apply(qapp, "en")


@pytest.fixture
def studio_harness() -> Callable[..., WindowHarness]:
    """What the `studio` fixture is made with: WindowHarness, or a test file's own subclass
    (the file overrides this fixture; its arguments are the harness's)."""
    from windows import WindowHarness

    return WindowHarness


@pytest.fixture
def studio(
    studio_harness: Callable[..., WindowHarness],
    qtbot: QtBot,
    tmp_path: Path,
    translations: Translations,
) -> Iterator[WindowHarness]:
    """The window harness: opens real windows in the test's folder and closes every one
    still open at the end, even if the test failed."""
    harness = studio_harness(qtbot, tmp_path, translations)
    try:
        yield harness
    finally:
        harness.close_all()


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QApplication]:
    """The dark theme applied, and the application's look restored afterwards."""
    from studio.ui import theme

    style, palette, font, sheet = (
        qapp.style().name(),
        qapp.palette(),
        qapp.font(),
        qapp.styleSheet(),
    )
    theme.apply_dark_theme(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    if style:
        qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    hints = qapp.styleHints()
    if hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()
