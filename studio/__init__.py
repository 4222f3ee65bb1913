"""Shopcast Studio: a broadcaster studio for live selling."""

__version__ = "0.1.0"
