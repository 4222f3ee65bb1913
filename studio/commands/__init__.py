"""The headless commands behind the CLI, one module each."""
