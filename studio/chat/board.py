"""What the host put on screen from the chat: a pinned comment, and an answer card (a viewer's
question with the host's answer). Comment layers show it; the window changes it. Nothing here
is ever sent to a platform.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from studio.chat.events import ChatEvent


@dataclass(frozen=True)
class AnswerCard:
    question: ChatEvent
    answer: str  # what the host chose to show (a suggestion, maybe edited)


class ChatBoard:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.pinned: ChatEvent | None = None
        self.answer: AnswerCard | None = None
        self.version = 0  # bumps with every change: comment layers redraw then

    def pin(self, event: ChatEvent | None) -> None:
        """Show this comment on screen until unpinned (None unpins)."""
        with self._lock:
            self.pinned = event
            self.version += 1

    def show_answer(self, question: ChatEvent | None, answer: str = "") -> None:
        """Show a question with its answer on screen (None takes the card off)."""
        with self._lock:
            self.answer = AnswerCard(question, answer) if question is not None else None
            self.version += 1

    def forget(self, event_ids: set[str]) -> None:
        """Take off screen whatever shows these events (a user muted, a word blocked)."""
        with self._lock:
            if self.pinned is not None and self.pinned.id in event_ids:
                self.pinned = None
                self.version += 1
            if self.answer is not None and self.answer.question.id in event_ids:
                self.answer = None
                self.version += 1
