"""Comment connectors by kind. Adding a platform is a new module plus one line here."""

from __future__ import annotations

import importlib

from studio.chat.connector import Connector, ConnectorConfig, ConnectorError, Sink

# kind -> "module:Class"; imported lazily so a missing optional library only affects its kind.
CONNECTORS: dict[str, str] = {
    "irc": "studio.chat.irc:IrcConnector",
    "youtube": "studio.chat.youtube:YouTubeConnector",
    "websocket": "studio.chat.websocket:WebSocketConnector",
    "webhook": "studio.chat.webhook:WebhookConnector",
    "demo": "studio.chat.demo:DemoConnector",
}


def make_connector(config: ConnectorConfig, sink: Sink) -> Connector:
    """The connector for `config.kind`; ConnectorError("config") for an unknown kind or
    settings it cannot use."""
    target = CONNECTORS.get(config.kind)
    if target is None:
        known = ", ".join(sorted(CONNECTORS))
        raise ConnectorError("config", f"unknown connector {config.kind!r} (known: {known})")
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConnectorError("config", f"{config.kind} chat is unavailable here: {exc}") from None
    return getattr(module, class_name)(config, sink)
