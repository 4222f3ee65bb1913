"""Profiles for tests, without Qt: small and quiet."""

from __future__ import annotations

from pathlib import Path

from studio.profile import Profile, SceneSettings, default_profile


def small_profile(tmp_path: Path) -> Profile:
    """A 360x640 canvas, an empty scene, no microphone, recordings in the test's folder."""
    profile = default_profile()
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.encoder.preset = "ultrafast"
    profile.scenes = [SceneSettings("Main", [])]
    profile.current_scene = "Main"
    profile.audio_sources = []
    profile.recording.folder = str(tmp_path / "recordings")
    return profile
