"""Selling on screen: the product catalog, product cards, flash sales, spec sheets, the run-of-show.

Headless: rendered to BGRA pictures with Pillow; the window only edits and shows them.
"""
