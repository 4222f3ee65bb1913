"""PySide6 widgets: the only package of the studio that imports QtWidgets.

PySide6 is pinned to 6.11.3: 6.12.0's bindings drop a reference to None on every void call on
Python 3.11, which aborts a 30 fps preview within a minute (see tests/test_ui_preview.py).
"""
