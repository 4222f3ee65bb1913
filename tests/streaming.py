"""Running the real `studio` command line from tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def studio(*args: str, timeout: float = 120, env: dict[str, str | None] | None = None) -> Run:
    """Run `python -m studio ARGS` to completion and return what it printed; `env` adds to (or
    with a None value removes from) this process's environment."""
    environ = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    result = subprocess.run(
        [sys.executable, "-m", "studio", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environ,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def start_studio(*args: str) -> subprocess.Popen[str]:
    """Start `python -m studio ARGS` in the background (the caller stops and waits for it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "studio", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_clean_error(run: Run) -> None:
    """An error is one readable line on stderr, never a traceback."""
    assert "Traceback" not in run.output, run.output
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines, "expected an error message on stderr"
    assert all(line.startswith("studio:") for line in lines), run.stderr
