"""The "Comments" dock: the live room's comments as they arrive, newest at the bottom.

Built for floods (hundreds of comments a second): the list is a QListView over a model that the
panel fills from the room once per tick (`TICK_MS`) with one insertion, keeping the last 10,000;
rows are one line each (uniform sizes), so the view only ever lays out what is on screen. While
the host scrolls back, points into the list or has a comment selected, the list stays put (a
click never lands on a row that slid under the pointer) and a "N new comments ↓" button, floating
over the list's foot, counts what arrived and jumps to the newest.

Everything fits the dock at 1280x800 without scrolling: the comment's copy and mute are small
buttons on its title line, the answer box is two lines and the four show/take-off buttons two rows.

Viewers' words are shown as plain text only: a row is `sanitize_for_display`'s one safe line
(no control, zero-width or bidi override characters, capped in length) drawn by the plain item
delegate; a tooltip holds the longer text escaped, so nothing a viewer writes is ever taken as
markup, a link or a layout change.

The comment selected (or, with none selected, the newest question the rules can answer) shows
below the list with the suggested answer, editable, one grey line under it with what the answer
rests on (the product and how the comment reached it, the catalog field quoted: "Based on:
product “Steel mug” (named) · stock 35", so a wrong product is seen before it is shown), and the
host's actions: pin it on screen, put the answer card on screen, take either off, mute the
viewer, copy. Nothing is ever sent to a platform.
"""

from __future__ import annotations

import bisect
import html
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.capture.settings import QT_TRANSLATE_NOOP
from studio.chat.answers import (
    DOUBT_ALSO_ASKS,
    DOUBT_LANGUAGE,
    DOUBT_ON_SCREEN,
    DOUBT_ONLY_QUESTION,
)
from studio.chat.events import KEEP, ChatEvent
from studio.chat.moderation import is_question, sanitize_for_display
from studio.chat.room import ChatRoom, RoomStatus
from studio.session import StudioError, StudioSession
from studio.ui import messages
from studio.ui.chat_badges import KNOWN as BADGES
from studio.ui.chat_badges import PlatformBadges, badge_name
from studio.ui.chat_kinds import kind_label
from studio.ui.widgets import ElidedLabel

log = logging.getLogger(__name__)

TICK_MS = 100  # new comments go into the list this often, in one batch
STATUS_TICKS = 5  # the connector strip is refreshed every this many ticks
ROW_CHARS = 240  # of a comment shown on its row (the tooltip has more)
TIP_CHARS = 2000
NAME_CHARS = 40
QUESTION_COLOUR = QColor(255, 196, 0)
ACTIVITY_COLOUR = QColor(150, 150, 150)
FOLLOW_SLACK = 4  # pixels from the bottom that still count as "at the bottom"
EventRole = Qt.ItemDataRole.UserRole + 1


class _Entry:
    __slots__ = ("event", "line", "question", "shown")

    def __init__(self, event: ChatEvent) -> None:
        self.event = event
        self.line: str | None = None
        self.question: bool | None = None
        self.shown = False


class ChatModel(QAbstractListModel):
    """The comments the pane shows (the rows) out of the last `keep` events (all kept, so a
    filter changed later applies to them too)."""

    def __init__(self, room: ChatRoom, keep: int = KEEP, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.keep = keep
        self.show_activity = True  # gifts, likes, joins, follows
        self.platforms = PlatformBadges()  # who spoke; a badge on each row once several did
        self.platform: str | None = None  # the one platform shown (None: all)
        self.badge_font = QFont()
        self.badge_ratio = 1.0
        self._all: deque[_Entry] = deque()
        self._rows: list[_Entry] = []
        self.taken = 0  # events taken from the room
        self.appended = 0  # rows appended (events that passed the filter)
        self.removed = 0  # rows dropped off the top (the oldest, past `keep`)

    # --- Qt ---
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if entry.line is None:
                entry.line = self.line(entry.event)
            return entry.line
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(entry.event)
        if role == Qt.ItemDataRole.DecorationRole:
            if not self.platforms.several:
                return None
            return self.platforms.pixmap(entry.event.platform, self.badge_font, self.badge_ratio)
        if role == Qt.ItemDataRole.ForegroundRole:
            if entry.event.kind != "comment":
                return ACTIVITY_COLOUR
            if self._question(entry):
                return QUESTION_COLOUR
            return None
        if role == EventRole:
            return entry.event
        return None

    # --- rows ---
    def line(self, event: ChatEvent) -> str:
        """The row's text: one plain, safe line."""
        user = sanitize_for_display(event.user, NAME_CHARS) or "?"
        if event.kind == "comment":
            return f"{user}: {sanitize_for_display(event.text, ROW_CHARS)}"
        if event.kind == "gift":
            gift = sanitize_for_display(event.gift, NAME_CHARS) or self.tr("a gift")
            return (
                self.tr("%1 sent %2 ×%3")
                .replace("%1", user)
                .replace("%2", gift)
                .replace("%3", str(event.amount))
            )
        if event.kind == "like":
            return self.tr("%1 liked ×%2").replace("%1", user).replace("%2", str(event.amount))
        if event.kind == "join":
            return self.tr("%1 joined").replace("%1", user)
        if event.kind == "share":
            return self.tr("%1 shared the live room").replace("%1", user)
        return self.tr("%1 followed").replace("%1", user)

    def tooltip(self, event: ChatEvent) -> str:
        """Rich text only in form: every piece of the viewer's text is escaped."""
        user = html.escape(sanitize_for_display(event.user, NAME_CHARS * 2) or "?")
        text = html.escape(sanitize_for_display(event.text, TIP_CHARS))
        tip = f"<p><b>{user}</b></p><p>{text}</p>" if event.text else f"<p>{user}</p>"
        if self.platforms.several:
            where = html.escape(badge_name(self.platforms.key(event.platform)))
            tip = f"<p><small>{where}</small></p>" + tip
        if event.kind == "comment":
            answer = self.room.suggestion(event)
            if answer is not None:
                label = html.escape(self.tr("Suggested answer:"))
                tip += f"<p><i>{label}</i> {html.escape(sanitize_for_display(answer.text))}</p>"
        return tip

    def _question(self, entry: _Entry) -> bool:
        if entry.question is None:
            entry.question = is_question(entry.event.text)
        return entry.question

    def accepts(self, event: ChatEvent) -> bool:
        if event.kind != "comment" and not self.show_activity:
            return False
        if self.platform is not None and self.platforms.key(event.platform) != self.platform:
            return False
        return self.room.filter.shown(event)

    def event_at(self, row: int) -> ChatEvent | None:
        return self._rows[row].event if 0 <= row < len(self._rows) else None

    def events(self) -> list[ChatEvent]:
        return [entry.event for entry in self._rows]

    def add(self, events: list[ChatEvent]) -> tuple[int, int]:
        """Take new events; returns (rows appended, rows dropped off the top)."""
        if not events:
            return 0, 0
        self.taken += len(events)
        several = self.platforms.several
        for platform in dict.fromkeys(event.platform for event in events):
            self.platforms.note(platform)
        if self.platforms.several and not several and self._rows:  # badges on the rows so far
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
        new: list[_Entry] = []
        for event in events:
            entry = _Entry(event)
            entry.shown = self.accepts(event)
            self._all.append(entry)
            if entry.shown:
                new.append(entry)
        dropped = 0
        while len(self._all) > self.keep:
            if self._all.popleft().shown:
                dropped += 1
        # Rows in time order: a batch is sorted, and an event delivered late (a relay that
        # caught up) goes to its place in time rather than at the bottom.
        new.sort(key=lambda entry: entry.event.time)
        newest = self._rows[-1].event.time if self._rows else float("-inf")
        late = [entry for entry in new if entry.event.time < newest]
        if late:
            new = new[len(late) :]
        # Rows first dropped then appended: the view never holds more than `keep`.
        kept_new = new[-self.keep :] if len(new) > self.keep else new
        gone = dropped - (len(new) - len(kept_new))
        if gone > 0:
            self.beginRemoveRows(QModelIndex(), 0, gone - 1)
            del self._rows[:gone]
            self.endRemoveRows()
            self.removed += gone
        if kept_new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(kept_new) - 1)
            self._rows.extend(kept_new)
            self.endInsertRows()
        for entry in late:  # rare: one insert each
            at = bisect.bisect_right([e.event.time for e in self._rows], entry.event.time)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, entry)
            self.endInsertRows()
        self.appended += len(new) + len(late)
        return len(new) + len(late), max(0, gone)

    def reword(self) -> None:
        """The language changed: gift, like, join and follow rows are worded again."""
        for entry in self._all:
            if entry.event.kind != "comment":
                entry.line = None
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def refilter(self) -> None:
        """The filter changed: the rows again from every kept event."""
        self.beginResetModel()
        for entry in self._all:
            entry.shown = self.accepts(entry.event)
        self._rows = sorted(
            (entry for entry in self._all if entry.shown), key=lambda entry: entry.event.time
        )
        self.endResetModel()


class _CommentList(QListView):
    """The list asks for little: it takes the room the dock has left, and the dock never
    scrolls the host's buttons out of sight to give it its default 192 px."""

    def sizeHint(self) -> QSize:
        return QSize(160, self.minimumHeight())

    def minimumSizeHint(self) -> QSize:  # its own 70 px would count in the pane's size hint
        return self.sizeHint()


class ChatPanel(QWidget):
    """The "Comments" dock. Works on `session.chat` and `session.board` directly; tells the
    window when it added a layer to the scene and when something must go in the banner."""

    layers_changed = Signal()
    problem = Signal(str, str)  # banner key, text ("" clears it)

    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPanel")
        self.session = session
        self.room = session.chat
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._seq = 0
        self._follow = True
        self._new = 0
        self._ticks = 0
        self._current: ChatEvent | None = None  # the comment the detail shows
        self._current_suggested = ""  # the suggestion the answer box was filled with
        self._current_evidence: tuple[tuple[str, str], ...] = ()  # what it rests on
        self.model = ChatModel(self.room, parent=self)
        self.model.show_activity = session.profile.chat.show_activity

        # --- connectors ---
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reconnect_button = QToolButton(self)
        self.reconnect_button.clicked.connect(self.reconnect_all)
        self.menu_button = QToolButton(self)
        self.menu_button.setText("⋯")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        self.connections_action = self.menu.addAction("", self.edit_connectors)
        self.demo_action = self.menu.addAction("", self.toggle_demo)
        self.menu.addSeparator()
        self.filters_action = self.menu.addAction("", self.edit_filters)
        self.rules_action = self.menu.addAction("", self.edit_rules)
        self.menu_button.setMenu(self.menu)

        # --- filters ---
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start(200))
        self.questions_button = QToolButton(self)
        self.questions_button.setCheckable(True)
        self.questions_button.setChecked(self.room.filter.questions_only)
        self.questions_button.toggled.connect(self.set_questions_only)
        self.activity_button = QToolButton(self)
        self.activity_button.setCheckable(True)
        self.activity_button.setChecked(self.model.show_activity)
        self.activity_button.toggled.connect(self.set_show_activity)
        # Offered once a second platform speaks: one room or all of them.
        self.platform_box = QComboBox(self)
        self.platform_box.setObjectName("chatPlatform")
        self.platform_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.platform_box.activated.connect(self._platform_chosen)
        self.platform_box.hide()

        # --- the list ---
        self.view = _CommentList(self)
        self.view.setObjectName("chatList")
        self.view.setModel(self.model)
        self.model.badge_font = self.view.font()
        self.model.badge_ratio = self.view.devicePixelRatioF()
        self.view.setUniformItemSizes(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        # three lines at least: with a comment selected and its evidence line shown, the pane
        # still fits the 1280x800 dock in Chinese without a scroll bar
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        self.view.viewport().installEventFilter(self)
        bar = self.view.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        self._pointer_over = False  # the pointer is over the list: it holds still
        # Floats over the list's foot, so showing it moves nothing the host may be clicking.
        self.new_button = QPushButton(self.view)
        self.new_button.setObjectName("chatNewComments")
        self.new_button.clicked.connect(self.jump_to_newest)
        self.new_button.hide()

        # --- the comment looked at ---
        self.detail_title = ElidedLabel(self)  # beside copy and mute: cut with "…" if need be
        self.detail_text = QLabel(self)
        self.detail_text.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_text.setWordWrap(True)
        self.detail_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail_text.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.detail_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.answer_edit = QPlainTextEdit(self)
        self.answer_edit.setObjectName("chatAnswer")
        self.answer_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.answer_edit.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # what the suggestion rests on: one line, cut with "…" (the whole in its tooltip), so
        # the buttons below never leave the 1280x800 screen
        self.evidence_label = ElidedLabel(self)
        self.evidence_label.setObjectName("chatEvidence")
        palette = self.evidence_label.palette()
        grey = palette.color(palette.ColorRole.PlaceholderText)
        palette.setColor(palette.ColorRole.WindowText, grey)
        self.evidence_label.setPalette(palette)
        self.pin_button = QPushButton(self)
        self.pin_button.clicked.connect(self.pin_current)
        self.answer_button = QPushButton(self)
        self.answer_button.clicked.connect(self.answer_current)
        self.unpin_button = QPushButton(self)
        self.unpin_button.clicked.connect(self.unpin)
        self.take_off_button = QPushButton(self)
        self.take_off_button.clicked.connect(self.take_answer_off)
        self.mute_button = QToolButton(self)
        self.mute_button.clicked.connect(self.mute_current)
        self.copy_button = QToolButton(self)
        self.copy_button.clicked.connect(self.copy_current)
        for button in (
            self.pin_button,
            self.answer_button,
            self.unpin_button,
            self.take_off_button,
        ):
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.reconnect_button)
        top.addWidget(self.menu_button)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.platform_box)
        filters.addWidget(self.questions_button)
        filters.addWidget(self.activity_button)
        title = QHBoxLayout()
        title.setContentsMargins(0, 0, 0, 0)
        title.addWidget(self.detail_title, 1)
        title.addWidget(self.copy_button)
        title.addWidget(self.mute_button)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.pin_button, 0, 0)
        buttons.addWidget(self.answer_button, 0, 1)
        buttons.addWidget(self.unpin_button, 1, 0)
        buttons.addWidget(self.take_off_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(title)
        layout.addWidget(self.detail_text)
        layout.addWidget(self.answer_edit)
        layout.addWidget(self.evidence_label)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)
        self.retranslate()
        self._show_detail()

    # --- language ---
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.reconnect_button.setText(self.tr("Reconnect"))
        self.reconnect_button.setToolTip(self.tr("Reconnect every chat connection now"))
        self.menu_button.setToolTip(self.tr("Chat settings"))
        self.connections_action.setText(self.tr("Chat connections…"))
        self.filters_action.setText(self.tr("Blocked words and muted viewers…"))
        self.rules_action.setText(self.tr("Answer rules…"))
        self.search_edit.setPlaceholderText(self.tr("Search comments"))
        self.questions_button.setText(self.tr("Questions"))
        self.questions_button.setToolTip(self.tr("Show only viewers' questions"))
        self.activity_button.setText(self.tr("Gifts"))
        self.activity_button.setToolTip(self.tr("Show gifts, likes, joins and follows"))
        # Its name as placeholder and tooltip: a line of its own would push the buttons down.
        answer_name = self.tr("Suggested answer (edit before showing):")
        self.answer_edit.setPlaceholderText(answer_name)
        self.answer_edit.setToolTip(answer_name)
        self.pin_button.setText(self.tr("Pin"))
        self.pin_button.setToolTip(self.tr("Show this comment on the stream"))
        self.answer_button.setText(self.tr("Answer on screen"))
        self.answer_button.setToolTip(self.tr("Show the question and this answer on the stream"))
        self.unpin_button.setText(self.tr("Unpin"))
        self.take_off_button.setText(self.tr("Take answer off"))
        self.mute_button.setText(self.tr("Mute viewer"))
        self.copy_button.setText(self.tr("Copy"))
        self.mute_button.setToolTip(self.tr("Hide this viewer's comments"))
        self.copy_button.setToolTip(self.tr("Copy the comment's text"))
        self.platform_box.setToolTip(self.tr("Show the comments of one platform"))
        self._update_new_button()
        self._update_demo_action()
        self.refresh_status()
        self._show_detail()
        self.model.platforms.clear_pictures()
        self._fill_platforms()
        self.model.reword()  # gift and join rows are worded in the language

    # --- arriving comments ---
    def tick(self) -> None:
        events, self._seq = self.room.events_since(self._seq)
        if events:
            bar = self.view.verticalScrollBar()
            before = bar.value()
            platforms = len(self.model.platforms.seen)
            appended, dropped = self.model.add(events)
            if len(self.model.platforms.seen) != platforms:
                self._fill_platforms()
            if self.following:
                self.view.scrollToBottom()
            else:
                self._new += appended
                if dropped:  # keep the host's place while the oldest rows leave
                    row = max(1, self.view.sizeHintForRow(0))
                    bar.setValue(max(0, before - dropped * row))
                self._update_new_button()
        self._ticks += 1
        if self._ticks % STATUS_TICKS == 0:
            self.refresh_status()
        if self.view.currentIndex().row() < 0 and not self.answer_edit.hasFocus():
            self._show_detail()
        self._update_board_buttons()

    def _scrolled(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        follow = value >= bar.maximum() - FOLLOW_SLACK
        if follow != self._follow:
            self._follow = follow
            if follow and not self.paused:
                self._new = 0
            self._update_new_button()

    @property
    def following(self) -> bool:
        """New comments scroll into view (at the bottom, and not held still)."""
        return self._follow and not self.paused

    @property
    def paused(self) -> bool:
        """The list holds still: the pointer is over it or the host selected a comment."""
        return self._pointer_over or self.view.currentIndex().isValid()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport():
            if event.type() == QEvent.Type.Enter:
                self.set_pointer_over(True)
            elif event.type() == QEvent.Type.Leave:
                self.set_pointer_over(False)
            elif event.type() == QEvent.Type.Resize:
                self._place_new_button()
        return super().eventFilter(watched, event)

    def set_pointer_over(self, over: bool) -> None:
        self._pointer_over = over
        self._resume_if_free()

    def _selection_changed(self) -> None:
        self._show_detail()
        self._resume_if_free()

    def _resume_if_free(self) -> None:
        """Neither pointed at nor selected: a list that was following catches up."""
        if self.following:
            self.view.scrollToBottom()
            self._new = 0
        self._update_new_button()

    def jump_to_newest(self) -> None:
        """The newest at the bottom, following again (a selection would hold it still)."""
        self.view.setCurrentIndex(QModelIndex())
        self.view.clearSelection()
        self.view.scrollToBottom()
        self._follow = True
        self._new = 0
        self._update_new_button()

    def _update_new_button(self) -> None:
        visible = not self.following and self._new > 0
        text = (
            self.tr("1 new comment ↓")
            if self._new == 1
            else self.tr("%1 new comments ↓").replace("%1", str(self._new))
        )
        self.new_button.setText(text)
        self.new_button.adjustSize()
        self._place_new_button()
        self.new_button.setVisible(visible)
        if visible:
            self.new_button.raise_()

    def _place_new_button(self) -> None:
        """Centred on the list's foot, inside the rows' area."""
        area = self.view.viewport().geometry()
        size = self.new_button.sizeHint()
        width = min(size.width(), max(40, area.width() - 8))
        x = area.x() + (area.width() - width) // 2
        y = area.bottom() - size.height() - 4
        self.new_button.setGeometry(x, max(area.y(), y), width, size.height())

    # --- filters ---
    def _apply_search(self) -> None:
        self.room.set_filter(replace(self.room.filter, keyword=self.search_edit.text().strip()))
        self._refilter()

    def _fill_platforms(self) -> None:
        """The filter's choices: every platform, then each that spoke (with its badge)."""
        badges = self.model.platforms
        box = self.platform_box
        box.clear()
        box.addItem(self.tr("All platforms"), None)
        font, ratio = self.model.badge_font, self.model.badge_ratio
        size = QSize()
        for key in badges.seen:
            picture = badges.pixmap(key, font, ratio)
            size = size.expandedTo(picture.deviceIndependentSize().toSize())
            box.addItem(QIcon(picture), "", key)
            box.setItemData(box.count() - 1, badge_name(key), Qt.ItemDataRole.ToolTipRole)
        box.setIconSize(size)
        box.setCurrentIndex(max(0, box.findData(self.model.platform)))
        box.setVisible(badges.several)

    def _platform_chosen(self, index: int) -> None:
        self.set_platform(self.platform_box.itemData(index))

    def set_platform(self, platform: str | None) -> None:
        """Show one platform's comments (None: every platform's)."""
        self.model.platform = platform
        self.platform_box.setCurrentIndex(max(0, self.platform_box.findData(platform)))
        self._refilter()

    def set_questions_only(self, on: bool) -> None:
        self.questions_button.setChecked(on)
        self.room.set_filter(replace(self.room.filter, questions_only=on))
        self._refilter()
        self.session.save_chat()

    def set_show_activity(self, on: bool) -> None:
        self.activity_button.setChecked(on)
        self.model.show_activity = on
        self.session.profile.chat.show_activity = on
        self._refilter()
        self.session.save_chat()

    def set_blocked_words(self, words: list[str]) -> None:
        self.room.set_blocked_words(words)
        self._refilter()
        self.session.save_chat()

    def unmute(self, key: str) -> None:
        self.room.unmute(key)
        self._refilter()

    def _refilter(self) -> None:
        # Only a comment the host selected is selected again: the newest question shown
        # unselected must stay so, or the list would hold still from then on.
        selected = self.model.event_at(self.view.currentIndex().row())
        self.model.refilter()
        self._new = 0
        if selected is not None and selected in self.model.events():
            row = self.model.events().index(selected)
            self.view.setCurrentIndex(self.model.index(row))
        if self._follow:
            self.view.scrollToBottom()
        self._update_new_button()
        self._show_detail()

    # --- the comment looked at ---
    def current_event(self) -> ChatEvent | None:
        return self._current

    def select_event(self, event: ChatEvent) -> bool:
        events = self.model.events()
        if event not in events:
            return False
        self.view.setCurrentIndex(self.model.index(events.index(event)))
        return True

    def _latest_answerable(self) -> ChatEvent | None:
        for row in range(self.model.rowCount() - 1, max(-1, self.model.rowCount() - 200), -1):
            event = self.model.event_at(row)
            if (
                event is not None
                and event.kind == "comment"
                and is_question(event.text)
                and self.room.suggestion(event) is not None
            ):
                return event
        return None

    def _show_detail(self) -> None:
        selected = self.model.event_at(self.view.currentIndex().row())
        event = selected if selected is not None else self._latest_answerable()
        if selected is None:
            self.detail_title.set_full_text(
                self.tr("Newest question") if event is not None else self.tr("No comment selected")
            )
        else:
            self.detail_title.set_full_text(self.tr("Selected comment"))
        if event is not None and self.room.hidden(event):
            event = None
        changed = event != self._current
        self._current = event
        if event is None:
            self.detail_text.setText("")
            self.answer_edit.setPlainText("")
            self._current_suggested = ""
            self._current_evidence = ()
        elif changed:
            self.detail_text.setText(self.model.line(event))
            self.detail_text.setToolTip(self.model.tooltip(event))
            answer = self.room.suggestion(event, fresh=True)
            self._current_suggested = answer.text if answer is not None else ""
            self._current_evidence = answer.evidence if answer is not None else ()
            self.answer_edit.setPlainText(self._current_suggested)
        if changed:
            self.evidence_label.set_full_text(self.evidence_text(self._current_evidence))
        on = event is not None
        for button in (self.pin_button, self.mute_button, self.copy_button):
            button.setEnabled(on)
        self.answer_button.setEnabled(on and event.kind == "comment")
        self._update_board_buttons()

    def evidence_text(self, evidence: tuple[tuple[str, str], ...]) -> str:
        """The line under the answer: "Based on: product “Steel mug” (named) · stock 35"; ""
        when there is no evidence. Catalog words are shown as one safe line."""
        parts = [self._evidence_part(kind, value, evidence) for kind, value in evidence]
        shown = [sanitize_for_display(p) for p in parts if p]
        if not shown:
            return ""
        return self.tr("Based on: %1").replace("%1", " · ".join(shown))

    def _evidence_part(self, kind: str, value: str, evidence: tuple[tuple[str, str], ...]) -> str:
        if kind == "name":
            found = dict(evidence).get("found", "")
            return (
                self.tr("product “%1” (%2)").replace("%2", self._found(found)).replace("%1", value)
            )
        if kind == "variant":
            return self._variant_part(value)
        if kind == "field":
            name, _, said = value.partition(": ")
            return self._field_part(name, said)
        if kind == "terms":
            terms = TERMS_NAMES.get(value)
            return self.tr(terms) if terms else value
        if kind == "place":
            verdict, _, said = value.partition(": ")
            if verdict == "domestic":
                if said.startswith("lang:"):
                    return self.tr("buyer at home (by language)")
                return self.tr("buyer at home (“%1”)").replace("%1", said)
            if said.startswith("lang:"):
                return self.tr("buyer abroad (by language)")
            return self.tr("buyer abroad (“%1”)").replace("%1", said)
        if kind == "doubt":
            return self._doubt_part(value)
        return ""  # "product" (the id) and "found" are in the name's part

    def _doubt_part(self, value: str) -> str:
        """What made the studio less sure of the answer (it is offered all the same)."""
        if value.startswith(DOUBT_ALSO_ASKS):
            return self.tr("also asks something else")
        doubt = DOUBT_NAMES.get(value)
        return self.tr("unsure: %1").replace("%1", self.tr(doubt) if doubt else value)

    def _found(self, how: str) -> str:
        if how.startswith("link "):
            return self.tr("link %1").replace("%1", how[5:])
        if how == "screen":
            return self.tr("on screen")
        return self.tr("named")

    def _variant_part(self, value: str) -> str:
        if value.startswith("none of: "):
            return self.tr("not among %1").replace("%1", value[9:])
        if value.startswith("all of: "):
            return self.tr("variants %1").replace("%1", value[8:])
        return self.tr("variant %1").replace("%1", value)

    def _field_part(self, name: str, said: str) -> str:
        if name == "stock" and said == "untracked":
            return self.tr("stock not tracked")
        if name == "selling point":
            return self.tr("selling point “%1”").replace("%1", said)
        label = FIELD_NAMES.get(name)
        return f"{self.tr(label) if label else name} {said}"

    def _update_board_buttons(self) -> None:
        board = self.session.board
        self.unpin_button.setEnabled(board.pinned is not None)
        self.take_off_button.setEnabled(board.answer is not None)

    # --- the host's actions ---
    def pin_current(self) -> None:
        event = self._current
        if event is None:
            return
        if self.room.pin(event):
            self._ensure_layer("pinned")
        self._update_board_buttons()

    def answer_current(self) -> None:
        event = self._current
        if event is None:
            return
        text = " ".join(self.answer_edit.toPlainText().split())
        if self.room.show_answer(event, text):
            self._ensure_layer("answer")
        self._update_board_buttons()

    def unpin(self) -> None:
        self.room.pin(None)
        self._update_board_buttons()

    def take_answer_off(self) -> None:
        self.room.show_answer(None)
        self._update_board_buttons()

    def mute_current(self) -> None:
        event = self._current
        if event is None:
            return
        self.room.mute(event)
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self._refilter()

    def copy_current(self) -> None:
        event = self._current
        if event is not None:
            QGuiApplication.clipboard().setText(event.text)

    def _ensure_layer(self, show: str) -> None:
        """The scene's comment layer shows `show`: the pinned comment and the answer card share
        one slot and replace each other (the session places it in the comment slot)."""
        pinned, answer = self.tr("Pinned comment"), self.tr("Answer card")
        name, other = (answer, pinned) if show == "answer" else (pinned, answer)
        try:
            self.session.show_comment_layer(show, name, other)
        except StudioError as exc:
            self.problem.emit("chat", messages.studio_error(exc))
            return
        self.layers_changed.emit()

    # --- connectors ---
    def refresh_status(self) -> None:
        statuses = self.room.statuses()
        if not statuses:
            self.status_label.setText(self.tr("No chat connected"))
            self.status_label.setToolTip("")
            self.reconnect_button.setEnabled(False)
            return
        lines = [self.status_text(s) for s in statuses]
        if len(statuses) == 1:
            self.status_label.setText(lines[0])
            self.status_label.setToolTip("")
        else:  # one short line for all the rooms, so the comments keep the pane's height
            short = [self.status_text(s, short=True) for s in statuses]
            self.status_label.setText(" · ".join(short))
            self.status_label.setToolTip("\n".join(lines))
        self.reconnect_button.setEnabled(True)

    def status_text(self, status: RoomStatus, short: bool = False) -> str:
        """ "Douyin (comment relay): connected"; `short`: "Douyin: connected", the platform's
        badge name without the server or channel."""
        name = connector_name(status, short)
        s = status.status
        if s.state == "connected":
            state = self.tr("connected")
        elif s.state == "connecting":
            state = self.tr("connecting…")
        elif s.state == "reconnecting" and s.retry_in_s is not None:
            state = self.tr("reconnecting in %1 s").replace("%1", str(max(1, round(s.retry_in_s))))
        elif s.state == "reconnecting":
            state = self.tr("reconnecting…")
        elif s.state == "failed":
            state = self.tr("failed: %1").replace("%1", self.reason(s.code))
        elif s.state == "stopped":
            state = self.tr("stopped")
        else:
            state = self.tr("off")
        if s.state == "reconnecting" and s.code:
            state += f" ({self.reason(s.code)})"
        return f"{name}: {state}"

    def reason(self, code: str) -> str:
        reasons = {
            "refused": self.tr("the server refused the connection"),
            "network": self.tr("network problem"),
            "auth": self.tr("the token was refused"),
            "protocol": self.tr("unexpected reply"),
            "not_found": self.tr("channel not found"),
            "config": self.tr("settings incomplete"),
            "closed": self.tr("the server closed the connection"),
            "keyring": self.tr("the keyring is locked"),
            "no_relay": self.tr(
                "no comment relay answers on this PC: start it (BarrageGrab or the like) "
                "and open your live room in it"
            ),
        }
        return reasons.get(code, self.tr("problem"))

    def reconnect_all(self) -> None:
        for status in self.room.statuses():
            self.room.reconnect_now(status.index)
        self.refresh_status()

    def toggle_demo(self) -> None:
        if self.room.demo_running:
            self.room.stop_demo()
        else:
            self.room.start_demo()
        self._update_demo_action()
        self.refresh_status()

    def _update_demo_action(self) -> None:
        self.demo_action.setText(
            self.tr("Stop the demo room")
            if self.room.demo_running
            else self.tr("Start a demo room")
        )

    def edit_connectors(self) -> None:
        from studio.ui.chat_dialogs import ConnectorsDialog

        dialog = ConnectorsDialog(
            self.session.profile.chat.connectors, self.session.has_chat_token, self
        )
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        connectors, tokens = dialog.result_connectors()
        try:
            self.session.set_chat_connectors(connectors, tokens)
        except StudioError as exc:
            self.problem.emit("chat", messages.studio_error(exc))
            return
        self.problem.emit("chat", "")
        self.session.start_chat()
        self.refresh_status()

    def edit_filters(self) -> None:
        from studio.ui.chat_dialogs import FiltersDialog

        dialog = FiltersDialog(
            list(self.room.filter.blocked_words), dict(self.room.muted_names), self
        )
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        for key in dialog.unmuted():
            self.room.unmute(key)
        self.set_blocked_words(dialog.blocked_words())

    def edit_rules(self) -> None:
        from studio.ui.answer_rules_dialog import RulesDialog

        dialog = RulesDialog(self.room.rules, self.room.terms, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        self.room.set_rules(dialog.result_rules())
        self.room.set_terms(dialog.result_terms())
        self.session.save_chat()
        self._current = None
        self._show_detail()

    def stop(self) -> None:
        self.timer.stop()


def connector_name(status: RoomStatus, short: bool = False) -> str:
    """ "Twitch (IRC) #channel", "Demo room": the connector in the strip, translated;
    `short`: the platform's badge name where it has one ("Douyin", "Bilibili")."""
    settings = status.settings
    if short:
        kind = "demo" if status.index < 0 else settings.kind
        return badge_name(kind) if kind in BADGES else kind_label(kind)
    if status.index < 0:
        return kind_label("demo")
    where = sanitize_for_display(settings.channel or settings.server, 30)
    return f"{kind_label(settings.kind)} {where}".strip()


# The catalog fields a suggestion quotes (`Suggestion.evidence`), as the window names them.
FIELD_NAMES = {
    "price": QT_TRANSLATE_NOOP("ChatPanel", "price"),
    "sale price": QT_TRANSLATE_NOOP("ChatPanel", "sale price"),
    "stock": QT_TRANSLATE_NOOP("ChatPanel", "stock"),
    "moq": QT_TRANSLATE_NOOP("ChatPanel", "MOQ"),
    "lead time": QT_TRANSLATE_NOOP("ChatPanel", "lead time"),
    "fob price": QT_TRANSLATE_NOOP("ChatPanel", "FOB price"),
    "certifications": QT_TRANSLATE_NOOP("ChatPanel", "certifications"),
    "link": QT_TRANSLATE_NOOP("ChatPanel", "link no."),
    "flash price": QT_TRANSLATE_NOOP("ChatPanel", "flash price"),
    "flash sale left": QT_TRANSLATE_NOOP("ChatPanel", "flash sale left"),
}
TERMS_NAMES = {
    "shipping": QT_TRANSLATE_NOOP("ChatPanel", "the shop's shipping terms"),
    "shipping international": QT_TRANSLATE_NOOP(
        "ChatPanel", "the shop's international shipping terms"
    ),
    "returns": QT_TRANSLATE_NOOP("ChatPanel", "the shop's return terms"),
    "dispatch": QT_TRANSLATE_NOOP("ChatPanel", "the shop's dispatch terms"),
}

# What makes a suggestion less sure (`answers._DOUBT_FACTORS`), as the window names it.
DOUBT_NAMES = {
    DOUBT_LANGUAGE: QT_TRANSLATE_NOOP("ChatPanel", "language not recognised"),
    DOUBT_ONLY_QUESTION: QT_TRANSLATE_NOOP("ChatPanel", "only a question, no word of the topic"),
    DOUBT_ON_SCREEN: QT_TRANSLATE_NOOP("ChatPanel", "product not named, the one on screen"),
}
