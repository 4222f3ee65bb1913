"""The problem every part of the session raises: a code the window words, an English text."""

from __future__ import annotations


class StudioError(Exception):
    """A user-facing problem. `code` picks the window's translated sentence; `params` fill it."""

    def __init__(self, code: str, text: str, **params: object) -> None:
        super().__init__(text)
        self.code = code
        self.text = text
        self.params = params
