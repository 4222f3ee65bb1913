"""Canvas presets, layers and the compositor."""
