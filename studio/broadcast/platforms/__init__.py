"""Selling-platform ingest presets: one table (`presets.PRESETS`), looked up in `registry`."""
