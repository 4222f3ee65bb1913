"""The live room's set-up: the room made from the profile's chat settings, its connectors and
their tokens (kept in the keyring), and the rules, terms and filters written back."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from typing import TYPE_CHECKING

from studio.chat.answers import DEFAULT_RULES, ShopTerms, rules_from_list, rules_to_list
from studio.chat.connector import ConnectorSettings
from studio.chat.moderation import ChatFilter
from studio.chat.room import ChatRoom
from studio.secrets import delete_secret, load_secret, secret_errors_as, store_secret
from studio.session_parts.keyring import forget, has_secret, keyring_problem

if TYPE_CHECKING:
    from studio.session import StudioSession

log = logging.getLogger("studio.session")


def chat_token_ref() -> str:
    """A fresh keyring reference for a chat connector's token."""
    return f"chat:{uuid.uuid4().hex[:12]}"


def room_connector(settings: ConnectorSettings) -> ConnectorSettings:
    """The room's own copy of a saved connector (the same record; later edits do not leak)."""
    return dataclasses.replace(settings, options=dict(settings.options))


def _chat_token(ref: str) -> str | None:
    with secret_errors_as(keyring_problem):
        return load_secret(ref)


class ChatSettings:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    def make_room(self) -> ChatRoom:
        """The room as the profile sets it up (unusable saved rules: the defaults)."""
        session = self.session
        settings = session.profile.chat
        try:
            rules = rules_from_list(settings.rules) if settings.rules else DEFAULT_RULES
        except ValueError:
            log.warning("the saved answer rules are not usable; using the defaults")
            rules = DEFAULT_RULES
        try:
            terms = ShopTerms.from_dict(settings.terms)
        except ValueError:
            terms = ShopTerms()
        return ChatRoom(
            session.shop,
            session.board,
            rules=rules,
            terms=terms,
            chat_filter=ChatFilter(
                questions_only=settings.questions_only,
                blocked_words=tuple(settings.blocked_words),
            ),
            connectors=[room_connector(c) for c in settings.connectors],
            token_for=_chat_token,
            clock=session.clock,
        )

    def save(self) -> None:
        """The room's rules, terms and filters into the profile (and the profile to disk)."""
        session = self.session
        settings, room = session.profile.chat, session.chat
        rules = rules_to_list(room.rules)
        settings.rules = [] if rules == rules_to_list(DEFAULT_RULES) else rules
        terms = room.terms.to_dict()
        settings.terms = {} if terms == ShopTerms().to_dict() else terms
        settings.blocked_words = list(room.filter.blocked_words)
        settings.questions_only = room.filter.questions_only
        session.save()

    def set_connectors(
        self, connectors: list[ConnectorSettings], tokens: dict[int, str | None]
    ) -> None:
        """The connectors to read (the settings dialog's list). `tokens[i]` is the token typed
        for connector i: a text is stored in the keyring (the profile keeps only its
        reference), "" forgets the stored one, None (or absent) keeps it. Tokens of removed
        connectors are forgotten. Running connectors restart with the new settings."""
        session = self.session
        old_refs = {c.token_ref for c in session.profile.chat.connectors if c.token_ref}
        with secret_errors_as(keyring_problem):
            for index, settings in enumerate(connectors):
                token = tokens.get(index)
                if token is None:
                    continue
                if token:
                    settings.token_ref = settings.token_ref or chat_token_ref()
                    store_secret(settings.token_ref, token)
                elif settings.token_ref:
                    delete_secret(settings.token_ref)
                    settings.token_ref = ""
        kept = {c.token_ref for c in connectors if c.token_ref}
        for ref in old_refs - kept:
            forget(ref)
        session.profile.chat.connectors = list(connectors)
        session.chat.set_connectors([room_connector(c) for c in connectors])
        session.save()

    @staticmethod
    def has_token(settings: ConnectorSettings) -> bool:
        return has_secret(settings.token_ref)
