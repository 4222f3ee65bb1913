"""The set-up writes the profile once per change: the push URL step hands its destination to the
window (`applied`), which saves; the set-up does not save it a second time itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings import MemoryKeyring, memory_keyring
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.demo import first_run_profile
from studio.session import StudioSession
from studio.ui.setup_wizard import STEPS


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def test_a_destination_from_the_set_up_is_saved_once(
    studio: WindowHarness, qtbot: QtBot, tmp_path: Path, keys: MemoryKeyring
) -> None:
    profile = first_run_profile(False, camera=False)
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.audio_sources = []
    profile.recording.folder = str(tmp_path / "recordings")
    session = StudioSession(profile, tmp_path / "profile.json")
    window = studio.show(session)
    saves: list[str] = []
    real_save = session.save

    def counted_save() -> None:
        real_save()
        saves.append((tmp_path / "profile.json").read_text())

    session.save = counted_save
    window.open_setup("destination")
    wizard = window.setup_wizard
    qtbot.mouseClick(wizard.platform_buttons["youtube"], Qt.MouseButton.LeftButton)
    wizard.key_edit.setText("abcd-efgh-secret")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step == STEPS[STEPS.index("destination") + 1]
    assert len(saves) == 1, len(saves)
    assert '"youtube"' in saves[0] and "abcd-efgh-secret" not in saves[0]
    wizard.skip()  # nothing new: the window's save of what the set-up applied, once more
    assert len(saves) == 2
    studio.close(window)
