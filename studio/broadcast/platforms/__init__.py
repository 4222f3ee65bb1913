"""Selling-platform ingest presets: one module per platform, listed in `registry.PLATFORMS`."""
