"""Producers of frames and audio. Each runs in its own thread and keeps only its newest frame."""
