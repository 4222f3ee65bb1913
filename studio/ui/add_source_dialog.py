"""The "Add source" dialog: the source's settings, and OK adds it. When it cannot be added (a
picture that is not there, a file that is not a picture) the dialog stays open with what the
merchant typed and says why under it: a long path is corrected, not typed again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.capture.settings import Setting
from studio.ui.destination_dialog import message_label, set_message
from studio.ui.properties_dialog import PropertiesDialog

# Adds the source from the dialog's values: None when it was added, else why not (shown).
AddSource = Callable[[dict[str, Any]], str | None]


class AddSourceDialog(PropertiesDialog):
    """See the module's docstring."""

    def __init__(
        self,
        title: str,
        settings: tuple[Setting, ...],
        values: dict[str, Any],
        add: AddSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, settings, values, parent)
        self._add = add
        self.problem = message_label()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.buttons), self.problem)

    def accept(self) -> None:
        if not self.is_valid():
            return
        problem = self._add(self.values())
        set_message(self.problem, problem or "", "error")
        if problem is None:
            super().accept()
