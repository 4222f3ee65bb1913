"""The outputs of the one encode: going live to the enabled destinations, recording to the
merchant's folder (with the show's log and timeline beside the file), and what the window shows
of them (live or not, a recording that gave up and why)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from studio.broadcast.encoder import EncoderError
from studio.broadcast.recorder import RecorderError
from studio.session_log import SessionLog, log_path_for
from studio.session_parts.errors import StudioError

if TYPE_CHECKING:
    from studio.broadcast.destination import Destination
    from studio.broadcast.recorder import Recorder
    from studio.engine import Engine
    from studio.session import StudioSession

log = logging.getLogger("studio.session")


def recording_file_name(fmt: str, when: float | None = None) -> str:
    # Sortable, no characters Windows forbids.
    return time.strftime("%Y-%m-%d %H-%M-%S", time.localtime(when)) + f".{fmt}"


def unused_path(path: Path) -> Path:
    """`path`, or "name (2).ext", "name (3).ext"... the first that does not exist: two
    recordings started within one second must not overwrite each other."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


class Outputs:
    def __init__(self, session: StudioSession) -> None:
        self.session = session
        self.recording_path: Path | None = None
        self.recording_started: float | None = None  # media time, for the show's timeline
        self._session_log: SessionLog | None = None  # beside the recording

    def _engine(self) -> Engine:
        engine = self.session.engine
        if engine is None:
            raise StudioError("not_open", "the studio is not running")
        return engine

    # --- what the window shows ---
    @property
    def streaming(self) -> bool:
        engine = self.session.engine
        return engine is not None and engine.streaming

    @property
    def recording(self) -> bool:
        """A recorder is attached (one that stopped itself too, until it is taken off)."""
        engine = self.session.engine
        return engine is not None and engine.recording

    @property
    def recorder(self) -> Recorder | None:
        """The running recorder, else the last one (its state and reason stay readable)."""
        engine = self.session.engine
        return engine.recorder if engine is not None else None

    @property
    def recording_failed(self) -> bool:
        """The last recorder gave up (a full disk, the folder gone)."""
        recorder = self.recorder
        return recorder is not None and recorder.state == "failed"

    @property
    def recording_stopped_itself(self) -> bool:
        """The recorder gave up and is still attached: stopping the recording takes it off
        (nothing more is written either way)."""
        return self.recording and self.recording_failed

    # --- going live ---
    def start_streaming(self) -> list[Destination]:
        session = self.session
        engine = self._engine()
        if engine.streaming:
            return engine.destinations
        specs = session.destinations.push_urls()
        session.fit_encoder(engine)
        try:
            return engine.start_streaming(specs)
        except EncoderError as exc:
            raise StudioError("encoder", str(exc), detail=str(exc)) from None

    def stop_streaming(self) -> None:
        """Blocks while the connections close: call it off the UI thread."""
        if self.session.engine is not None:
            self.session.engine.stop_streaming()

    def reconnect(self, name: str) -> None:
        """Connect the destination `name` again now, without waiting for its next try."""
        engine = self.session.engine
        for dest in engine.destinations if engine else []:
            if dest.name == name:
                dest.reconnect_now()

    # --- recording ---
    def start_recording(self) -> Path:
        session = self.session
        engine = self._engine()
        rec = session.profile.recording
        folder = Path(rec.folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise StudioError(
                "recording", f"cannot create {folder}: {reason}", detail=f"{folder}: {reason}"
            ) from None
        path = unused_path(folder / recording_file_name(rec.format))
        session.fit_encoder(engine)
        try:
            engine.start_recording(path)
        except (RecorderError, EncoderError) as exc:
            raise StudioError("recording", str(exc), detail=str(exc)) from None
        self.recording_path = path
        self.recording_started = session.clock.now()
        self._start_session_log(path)
        return path

    def _start_session_log(self, recording: Path) -> None:
        """Figures per second and events, beside the recording (show.log.jsonl)."""
        self.stop_session_log()
        session = self.session
        path = log_path_for(recording)
        self._session_log = SessionLog(path, session.stats, chat=session.chat.figures)
        self._session_log.start()

    def stop_session_log(self) -> None:
        session_log, self._session_log = self._session_log, None
        if session_log is not None:
            session_log.stop()

    def stop_recording(self) -> None:
        """Blocks while the file is finalised: call it off the UI thread. The run-of-show's
        timeline is written beside the recording (times from the recording's start)."""
        if self.session.engine is not None:
            self.session.engine.stop_recording()
        self.stop_session_log()
        self.save_timeline()

    def save_timeline(self) -> list[Path]:
        """The timeline of the products explained during the recording, beside it; [] when there
        was no recording or nothing was explained. A full disk is logged, never raised: the
        recording itself is already safe."""
        path, origin = self.recording_path, self.recording_started
        show = self.session.shop.show
        if path is None or origin is None or not show.timeline:
            return []
        try:
            return show.save_timeline(path, now=self.session.clock.now(), origin=origin)
        except OSError as exc:
            log.warning("could not save the show timeline beside %s: %s", path.name, exc)
            return []
