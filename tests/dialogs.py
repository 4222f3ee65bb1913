"""Answering the window's modal dialogs in tests: MainWindow.exec_dialog is replaced, so a test
fills the dialog and accepts or rejects it instead of a person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog

from studio.ui.main_window import MainWindow


def answer_dialogs(window: MainWindow, fill: Callable[[QDialog], bool]) -> list[QDialog]:
    """The window's next dialogs go to `fill`; accepted when it returns True (a dialog that
    refuses to close, as a product dialog with a bad price does, stays not accepted)."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        if fill(dialog):
            dialog.accept()
        else:
            dialog.reject()
        return dialog.result()

    window.exec_dialog = run  # type: ignore[method-assign]
    return seen


def choose_file(path: Path) -> Callable[[QDialog], bool]:
    """For answer_dialogs: the file dialog the window opens chooses `path`."""

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, QFileDialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.selectFile(str(path))
        return True

    return fill
