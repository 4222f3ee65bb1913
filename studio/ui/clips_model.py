"""The clips of a recording as the clips window lists them: a tick to choose each, its thumbnail
and title, its length, how the room reacted, and what became of it (exported, where)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QPixmap

from studio.clips.plan import PlannedClip, clip_clock
from studio.clips.reaction import Reaction

Index = QModelIndex | QPersistentModelIndex
TITLE, LENGTH, REACTION, STATE = range(4)
THUMB = QSize(54, 96)  # a portrait clip's thumbnail in the list


def clock(seconds: float) -> str:
    """1:02 or 1:02:03, to the nearest second."""
    return clip_clock(max(0, round(seconds)))


@dataclass
class ClipRow:
    clip: PlannedClip
    title: str  # as the list shows it and the file is named (highlights and clips by time: in
    # the window's language)
    chosen: bool = True
    thumb: QPixmap | None = None
    state: str = ""  # "" not exported, "exporting", "done", "failed"
    file: Path | None = None
    cover: Path | None = None


class ClipsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ClipRow] = []

    # --- filling ---------------------------------------------------------------------------------
    def set_clips(self, rows: list[ClipRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, number: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.clip.number == number), None)

    def set_thumb(self, number: int, jpeg: bytes) -> None:
        row = self.row_of(number)
        picture = QPixmap()
        if row is None or not picture.loadFromData(jpeg, "JPG"):
            return
        # A pixmap is drawn at its own size (the view's icon size applies to icons only).
        self.rows[row].thumb = picture.scaled(
            THUMB,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self._changed(row, TITLE)

    def mark(
        self, number: int, state: str, file: Path | None = None, cover: Path | None = None
    ) -> None:
        row = self.row_of(number)
        if row is None:
            return
        r = self.rows[row]
        r.state = state
        if file is not None:
            r.file, r.cover = file, cover
        self._changed(row, STATE)

    def chosen(self) -> list[ClipRow]:
        return [r for r in self.rows if r.chosen]

    def choose_all(self, chosen: bool) -> None:
        for r in self.rows:
            r.chosen = chosen
        if self.rows:
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self.rows) - 1, TITLE))

    def _changed(self, row: int, column: int) -> None:
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    # --- the table -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Clip"), self.tr("Length"), self.tr("Room's reaction"), self.tr("Export"))[
            section
        ]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TITLE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return r.title
            if column == LENGTH:
                return clock(r.clip.length_s)
            if column == REACTION:
                return self.reaction_text(r.clip.reaction)
            return self.state_text(r)
        if role == Qt.ItemDataRole.CheckStateRole and column == TITLE:
            return Qt.CheckState.Checked if r.chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == TITLE:
            return r.thumb
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATE and r.file is not None:
                return str(r.file)
            return (
                self.tr("%1 to %2 in the recording")
                .replace("%1", clock(r.clip.start_s))
                .replace("%2", clock(r.clip.end_s))
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != TITLE or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value.value if hasattr(value, "value") else value
        self.rows[index.row()].chosen = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index)
        return True

    def reaction_text(self, reaction: Reaction | None) -> str:
        if reaction is None:
            return self.tr("no record of the room")
        text = (
            self.tr("%1 comments/min · %2 questions/min")
            .replace("%1", f"{reaction.comments_per_min:.0f}")
            .replace("%2", f"{reaction.questions_per_min:.0f}")
        )
        if reaction.viewers_gained is not None:
            text += self.tr(" · viewers %1").replace("%1", f"{reaction.viewers_gained:+d}")
        return text

    def state_text(self, r: ClipRow) -> str:
        if r.state == "exporting":
            return self.tr("exporting…")
        if r.state == "done" and r.file is not None:
            return self.tr("exported")
        if r.state == "failed":
            return self.tr("not exported")
        return ""
