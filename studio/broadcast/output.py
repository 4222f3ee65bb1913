"""Outputs: where the one encode goes. The recording and each streaming destination are outputs;
the engine keeps a list of them and hands every encoded packet to each, without knowing kinds.

An output takes the shared packets (`put`, which never blocks: it only queues), muxes them on
threads of its own from a keyframe on (packets.KeyframeGate), and reports its state and stats.
Every output gets the same EncodedPacket objects: their bytes are copied once, by the encoder,
and shared (av.Packet wraps them without a copy), never copied per output.

Adding a kind of output (a virtual camera, a second recording format...) is one new module with
a subclass of Output, plus one line in OUTPUT_KINDS; `Engine.start_output(kind, settings)`
then starts it, or an `OutputSpec` in `EngineConfig.outputs` starts it with the engine. A UDP
destination needs neither: it is a "destination" whose URL picks the relay's container
(relay.CONTAINERS).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.broadcast.adaptive import AdaptiveState
    from studio.broadcast.encoder import Encoder
    from studio.broadcast.packets import EncodedPacket
    from studio.clock import MediaClock
    from studio.stats import Timings

# kind -> "module:Class"; imported when first made, so an output's libraries load only for it.
OUTPUT_KINDS: dict[str, str] = {
    "recording": "studio.broadcast.recorder:Recorder",
    "destination": "studio.broadcast.destination:Destination",
}


class OutputError(Exception):
    """An output cannot be made or started (bad settings, a file that cannot be opened). The
    text is user-facing."""


@dataclass(frozen=True)
class OutputContext:
    """What the engine gives every output: the encoder (whose streams are the templates for the
    output's own), the media clock packets are stamped on, and the stage timings."""

    encoder: Encoder
    clock: MediaClock | None = None
    timings: Timings | None = None


@dataclass
class OutputStats:
    """What every output reports; kinds add their own figures in a subclass."""

    name: str
    state: str
    message: str | None  # why it failed or what it is doing, for the user; None when fine


@dataclass(frozen=True)
class OutputSpec:
    """An output the engine starts with itself: its kind (a key of OUTPUT_KINDS) and settings."""

    kind: str
    settings: Mapping[str, Any] = field(default_factory=dict)


class Output(ABC):
    """One consumer of the shared encode. Lifecycle: made (settings checked), `start` (opens
    what it writes to; OutputError when it cannot), `put` for every packet while it runs,
    `stop` (blocks until flushed and closed; also fine when never started)."""

    name: str
    state: str

    @classmethod
    @abstractmethod
    def from_settings(cls, settings: Mapping[str, Any], context: OutputContext) -> Output:
        """Make one from its settings; raise OutputError (readable) when they are wrong."""

    @abstractmethod
    def start(self) -> None: ...

    @abstractmethod
    def put(self, packet: EncodedPacket) -> None:
        """Take one shared packet (never modify it); must not block the encoder's thread."""

    @abstractmethod
    def stop(self) -> None: ...

    @abstractmethod
    def stats(self) -> OutputStats: ...

    # Adaptive bitrate: only outputs with a network link of their own have a say.
    def adapt(self, now: float) -> int | None:
        """The video bitrate this output can carry now (kbps), or None when it sets no limit."""
        return None

    def link_state(self) -> AdaptiveState | None:
        """Its link as adaptive bitrate last saw it, for the resolution steps; None: no say."""
        return None

    @property
    def adaptive_wanted(self) -> bool:
        """Whether it wants the shared encode to follow its link."""
        return False


def output_class(kind: str) -> type[Output]:
    target = OUTPUT_KINDS.get(kind)
    if target is None:
        known = ", ".join(sorted(OUTPUT_KINDS))
        raise OutputError(f"unknown output kind {kind!r} (known kinds: {known})")
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # an optional library is missing: only this kind is affected
        raise OutputError(f"{kind} outputs are unavailable here: {exc}") from None
    return getattr(module, class_name)


def make_output(kind: str, settings: Mapping[str, Any], context: OutputContext) -> Output:
    """A new, not yet started output of this kind; OutputError with a readable message."""
    return output_class(kind).from_settings(settings, context)
