"""Comment connectors by kind: the one place a kind is listed. Adding a platform is a new module
(a Connector subclass declaring its `kind`, `label` and `SETTINGS`) plus one line here; the
profile, the command line and the connections dialog read the kinds and their declarations
from the functions below."""

from __future__ import annotations

import importlib

from studio.capture.settings import Setting
from studio.chat.connector import (
    RECORD_FIELDS,
    Connector,
    ConnectorConfig,
    ConnectorError,
    ConnectorSettings,
    Sink,
)

# kind -> "module:Class"; imported lazily so a missing optional library only affects its kind.
CONNECTORS: dict[str, str] = {
    "irc": "studio.chat.irc:IrcConnector",
    "youtube": "studio.chat.youtube:YouTubeConnector",
    "websocket": "studio.chat.websocket:WebSocketConnector",
    "webhook": "studio.chat.webhook:WebhookConnector",
    "demo": "studio.chat.demo:DemoConnector",
    "douyin": "studio.chat.douyin:DouyinConnector",
    "bilibili": "studio.chat.bilibili:BilibiliConnector",
}


def connector_kinds() -> tuple[str, ...]:
    """Every kind, in the order listed (the order the window offers them in)."""
    return tuple(CONNECTORS)


def connector_class(kind: str) -> type[Connector]:
    """The class of `kind`; ConnectorError("config") for an unknown kind or one whose module
    cannot be imported here."""
    target = CONNECTORS.get(kind)
    if target is None:
        known = ", ".join(sorted(CONNECTORS))
        raise ConnectorError("config", f"unknown connector {kind!r} (known: {known})")
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConnectorError("config", f"{kind} chat is unavailable here: {exc}") from None
    return getattr(module, class_name)


def connector_label(kind: str) -> str:
    """The kind's English label (the window translates it in connector.LABEL_CONTEXT); the
    kind itself when its class cannot be had or declares none."""
    try:
        return connector_class(kind).label or kind
    except ConnectorError:
        return kind


def connector_settings(kind: str) -> tuple[Setting, ...]:
    """The kind's declared settings; none when its class cannot be had."""
    try:
        return tuple(connector_class(kind).SETTINGS)
    except ConnectorError:
        return ()


def record_settings(kind: str) -> dict[str, Setting]:
    """The declared settings that are fields of the record (server, tls, channel, nick,
    token), by key."""
    return {s.key: s for s in connector_settings(kind) if s.key in RECORD_FIELDS}


def option_settings(kind: str) -> tuple[Setting, ...]:
    """The declared settings kept in the record's `options`."""
    return tuple(s for s in connector_settings(kind) if s.key not in RECORD_FIELDS)


def new_record(kind: str) -> ConnectorSettings:
    """A new connector of `kind` as its declared defaults have it (the connections dialog's
    "Add"); its own options are left to their defaults, unwritten."""
    fields = {s.key: s.default for s in record_settings(kind).values() if s.key != "token"}
    return ConnectorSettings(kind, **fields)


def missing(config: ConnectorConfig) -> list[Setting]:
    """The required settings `config` leaves empty, in declared order."""
    missing: list[Setting] = []
    for setting in connector_settings(config.kind):
        if not setting.required:
            continue
        if setting.key in RECORD_FIELDS:
            value = getattr(config, setting.key)
        else:
            value = config.options.get(setting.key, "")
        if not str(value or "").strip():
            missing.append(setting)
    return missing


def make_connector(config: ConnectorConfig, sink: Sink) -> Connector:
    """The connector for `config.kind`; ConnectorError("config") for an unknown kind or
    settings it cannot use."""
    return connector_class(config.kind)(config, sink)
