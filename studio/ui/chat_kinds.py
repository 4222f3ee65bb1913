"""Comment connector kinds as the window names them: their declared labels and help, translated.

The chat code declares them in English without Qt (studio.chat.connector: `label` in
LABEL_CONTEXT, settings' labels and help in SETTINGS_CONTEXT); this is where they meet
QCoreApplication.translate, shared by the comment pane and the connections dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.chat.connector import LABEL_CONTEXT, SETTINGS_CONTEXT
from studio.chat.registry import connector_label


def kind_label(kind: str) -> str:
    """ "Twitch (IRC)", "演示直播间": the kind's declared label in the window's language (the
    kind itself when it declares none)."""
    return QCoreApplication.translate(LABEL_CONTEXT, connector_label(kind))


def setting_text(text: str) -> str:
    """A declared setting's label, placeholder or help in the window's language."""
    return QCoreApplication.translate(SETTINGS_CONTEXT, text) if text else text
