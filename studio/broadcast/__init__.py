"""Encoder, platform presets, recorder, per-destination relays, adaptive bitrate and stats."""
