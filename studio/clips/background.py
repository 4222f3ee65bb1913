"""The studio's side of the clip worker (studio.clips.worker): start it with a job, hear its
answers on a thread of its own, stop it. Headless; the window turns the answers into signals.

The worker is our own program, but what it says is still read with care: each line bounded,
each answer a JSON object, and a worker that dies without its last word is reported as such
(with the end of what it wrote on stderr for the log)."""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.child_process import NO_WINDOW, studio_command
from studio.clips.plan import PlannedClip

log = logging.getLogger(__name__)
MAX_LINE_BYTES = 8 * 1024 * 1024  # the plan of 200 clips by time, with every field
STDERR_BYTES = 4096
STOP_GRACE_S = 10.0  # a stopped export removes its clip in hand and ends within this

Answer = dict[str, Any]


def worker_command() -> list[str]:
    return studio_command("_clips_worker", "studio.clips.worker")


def plan_job(recording: Path, use_timeline: bool = True, thumb_width: int = 160) -> Answer:
    return {
        "do": "plan",
        "recording": str(recording),
        "use_timeline": use_timeline,
        "thumb_width": thumb_width,
    }


def export_job(
    recording: Path,
    folder: Path,
    clips: list[PlannedClip],
    card: dict[str, Any] | None = None,
) -> Answer:
    """An export of `clips` into `folder`; `card`: the profile (as a dict) whose product card
    is burned into each product's clip."""
    return {
        "do": "export",
        "recording": str(recording),
        "folder": str(folder),
        "clips": [c.to_dict() for c in clips],
        "card": card,
    }


class ClipsWorker:
    """One job in one worker process. `on_answer(answer)` is called on the reader thread for
    each answer, then once with {"end": True} (the worker's own, or one made here when it died
    without it: then with "failed" saying how)."""

    def __init__(self, job: Answer, on_answer: Callable[[Answer], None]) -> None:
        self.job = job
        self.on_answer = on_answer
        self.process: subprocess.Popen[bytes] | None = None
        self._errors: list[bytes] = []
        self._reader: threading.Thread | None = None
        self._stopped = False

    def start(self) -> None:
        """Start the worker and hand it the job; OSError when it cannot be started."""
        self.process = subprocess.Popen(
            worker_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            creationflags=NO_WINDOW,
        )
        line = json.dumps(self.job, ensure_ascii=False, separators=(",", ":")) + "\n"
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(line.encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            pass  # it died at once: the reader says so
        threading.Thread(target=self._drain_errors, daemon=True, name="clips-stderr").start()
        self._reader = threading.Thread(target=self._read, daemon=True, name="clips-worker")
        self._reader.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Ask the worker to stop (an export removes the clip in hand); it is killed if it has
        not ended STOP_GRACE_S later."""
        proc = self.process
        if proc is None or self._stopped:
            return
        self._stopped = True
        try:
            assert proc.stdin is not None
            proc.stdin.write(b"stop\n")
            proc.stdin.flush()
            proc.stdin.close()
        except (OSError, ValueError):  # it ended meanwhile
            pass
        timer = threading.Timer(STOP_GRACE_S, self._kill)
        timer.daemon = True
        timer.start()

    def pause(self) -> bool:
        """Hold an export where it is (the show went live): it waits in its own code, so it
        still hears "stop", and ends if the studio goes away meanwhile."""
        return self._say(b"pause\n")

    def resume(self) -> bool:
        return self._say(b"resume\n")

    def _say(self, word: bytes) -> bool:
        proc = self.process
        if proc is None or proc.poll() is not None or proc.stdin is None or self._stopped:
            return False
        try:
            proc.stdin.write(word)
            proc.stdin.flush()
            return True
        except (OSError, ValueError):  # it ended meanwhile
            return False

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            log.warning("clips: the worker did not stop within %.0f s: killed", STOP_GRACE_S)
            self.process.kill()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the worker has ended and its last answer was handed on."""
        if self._reader is None:
            return True
        self._reader.join(timeout)
        return not self._reader.is_alive()

    def _read(self) -> None:
        proc = self.process
        assert proc is not None and proc.stdout is not None
        ended = False
        while True:
            raw = proc.stdout.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            if len(raw) > MAX_LINE_BYTES or not raw.endswith(b"\n"):
                log.warning("clips: a line from the worker too long or cut: left out")
                continue
            try:
                answer = json.loads(raw)
            except ValueError:
                log.warning("clips: the worker said something that is not JSON: left out")
                continue
            if not isinstance(answer, dict):
                continue
            if answer.get("end"):
                ended = True
                continue
            self._hand_on(answer)
        code = proc.wait()
        if not ended:
            tail = b"".join(self._errors).decode("utf-8", "replace").strip().splitlines()[-1:]
            log.warning("clips: the worker ended with %s: %s", code, tail)
            self._hand_on({"end": True, "failed": tail[0] if tail else f"exit {code}"})
        else:
            self._hand_on({"end": True})
        if proc.stdin is not None and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def _hand_on(self, answer: Answer) -> None:
        try:
            self.on_answer(answer)
        except Exception:  # the listener's own bug must not leave the worker's pipe full
            log.exception("clips: handling the worker's answer failed")

    def _drain_errors(self) -> None:
        proc = self.process
        assert proc is not None and proc.stderr is not None
        kept = 0
        while chunk := proc.stderr.read(4096):
            self._errors.append(chunk)
            kept += len(chunk)
            while kept - len(self._errors[0]) >= STDERR_BYTES:
                kept -= len(self._errors.pop(0))
