"""The window's look: a dark Fusion palette for hours-long evening sessions, and a CJK UI font.

Style-sheet rules keyed on dynamic properties (banner severity, hint role) are applied when a
widget is polished: after changing such a property on a visible widget call `restyle(widget)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# Dark grey rather than black: black behind a bright camera preview tires the eyes and hides
# the edges of panels. Text is about 12:1 on the window colour, disabled text about 3:1.
WINDOW = "#26282c"
BASE = "#1d1f22"  # inputs and lists sit a little deeper than the window
ALTERNATE_BASE = "#2a2d31"
BUTTON = "#303338"
TEXT = "#e3e5e8"
DISABLED_TEXT = "#6f737a"
HINT_TEXT = "#9a9ea5"
ACCENT = "#2f6fd0"  # selection and focus; white on it is about 5:1
LINK = "#6ea8ff"
LIVE_RED = "#d32f2f"  # reserved for "on air", never for selection

# First found wins: Windows, macOS, then the Linux families (Noto/Source Han are the same design).
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
)

# Fusion outlines an empty tick box in a shade of the dark window: on a list's rows it vanished.
UNTICKED_EDGE = "#8a8f98"
UNTICKED_FILL = "#1f2125"

STYLESHEET = f"""
QLabel#banner {{ padding: 6px 10px; border: 1px solid transparent; border-radius: 4px; }}
QLabel#banner[severity="info"] {{
    background-color: #1e3550; border-color: #2f5d91; color: #d8e8ff; }}
QLabel#banner[severity="warning"] {{
    background-color: #4d3a0e; border-color: #8a6a1a; color: #ffe6a6; }}
QLabel#banner[severity="error"] {{
    background-color: #561c1c; border-color: #a33a3a; color: #ffd9d9; }}
QPushButton#goLive:checked {{
    background-color: {LIVE_RED}; border: 1px solid #ff6659; border-radius: 4px;
    color: #ffffff; padding: 4px 12px; }}
QPushButton#goLive:checked:hover {{ background-color: #e53935; }}
QPushButton#goLive:checked:disabled {{ background-color: #6d2a2a; color: #c9a9a9; }}
QLabel[role="hint"] {{ color: {HINT_TEXT}; }}
QPushButton#chatNewComments {{
    background-color: {ACCENT}; color: #ffffff; border: none; border-radius: 10px;
    padding: 2px 12px; }}
QCheckBox::indicator:unchecked, QAbstractItemView::indicator:unchecked {{
    width: 12px; height: 12px; border: 1px solid {UNTICKED_EDGE}; border-radius: 2px;
    background-color: {UNTICKED_FILL}; }}
"""


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: BASE,
        QPalette.ColorRole.AlternateBase: ALTERNATE_BASE,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: BUTTON,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.BrightText: "#ff6b6b",
        # Fusion draws bevels and frames from these.
        QPalette.ColorRole.Light: "#3c3f45",
        QPalette.ColorRole.Midlight: "#34373c",
        QPalette.ColorRole.Mid: "#202225",
        QPalette.ColorRole.Dark: "#1a1b1e",
        QPalette.ColorRole.Shadow: "#0e0f10",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Accent: ACCENT,
        QPalette.ColorRole.Link: LINK,
        QPalette.ColorRole.LinkVisited: "#b08cff",
        QPalette.ColorRole.ToolTipBase: "#3a3d42",
        QPalette.ColorRole.ToolTipText: "#f2f3f5",
        QPalette.ColorRole.PlaceholderText: "#8a8e95",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    disabled = {
        QPalette.ColorRole.WindowText: DISABLED_TEXT,
        QPalette.ColorRole.Text: DISABLED_TEXT,
        QPalette.ColorRole.ButtonText: DISABLED_TEXT,
        QPalette.ColorRole.Base: "#232529",
        QPalette.ColorRole.Button: "#2b2d31",
        QPalette.ColorRole.Highlight: "#3a3d42",
        QPalette.ColorRole.HighlightedText: "#9a9da3",
        QPalette.ColorRole.PlaceholderText: "#5c6066",
    }
    for role, colour in disabled.items():
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return p


def cjk_font_family() -> str | None:
    """The first installed family of CJK_FAMILIES, or None."""
    installed = set(QFontDatabase.families())
    return next((family for family in CJK_FAMILIES if family in installed), None)


def ui_font(base: QFont) -> QFont:
    """`base` (its size kept) with a Chinese-capable family first: Qt's per-glyph fallback would
    otherwise mix a Latin UI font with whatever CJK font it finds, at mismatched sizes."""
    font = QFont(base)
    family = cjk_font_family()
    if family is not None:
        font.setFamilies([family, *(f for f in base.families() if f != family)])
    return font


def apply_dark_theme(app: QApplication) -> None:
    # Tell the platform too (Qt 6.8+): Windows then draws a dark title bar to match.
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark)
    app.setStyle("Fusion")  # the native styles ignore much of the palette
    app.setPalette(dark_palette())
    app.setFont(ui_font(app.font()))
    app.setStyleSheet(STYLESHEET)


def restyle(widget: QWidget) -> None:
    """Re-apply style-sheet rules after a property they select on (severity, role) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
