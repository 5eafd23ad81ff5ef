"""Errors the core raises for the surfaces to turn into a clear message."""

from __future__ import annotations


class BotError(Exception):
    """An error whose message is safe and useful to show to the person who caused it.

    `operator_message` adds what only an operator needs (which server, which file); the command line
    and the logs show it, chat users see `message`.
    """

    def __init__(self, message: str, operator_message: str | None = None) -> None:
        super().__init__(operator_message or message)
        self.message = message
        self.operator_message = operator_message or message


class InvalidInput(BotError):
    """The request itself is wrong (empty question, unknown kind, bad file...)."""


class PermissionDenied(BotError):
    """The caller may not do this (staff-only action, someone else's profile...)."""


class NotFound(BotError):
    pass


class ServiceUnavailable(BotError):
    """A dependency (database, Chroma server, LLM) cannot be reached right now."""


class StorageUnavailable(ServiceUnavailable):
    def __init__(self, where: str, cause: Exception | None = None) -> None:
        super().__init__("The database is unavailable; try again shortly.",
                         f"The database ({where}) is unavailable; try again shortly.")
        self.__cause__ = cause


class SchemaNotCurrent(ServiceUnavailable):
    """The database schema is not the one this code needs and AUTO_MIGRATE is off."""

    def __init__(self, operator_message: str) -> None:
        super().__init__("The service is being upgraded; try again shortly.", operator_message)


class KnowledgeBaseUnavailable(ServiceUnavailable):
    def __init__(self, where: str = "", cause: Exception | None = None) -> None:
        detail = f" ({where})" if where else ""
        super().__init__("The knowledge base is unavailable; try again shortly.",
                         f"The knowledge base is unavailable{detail}; try again shortly.")
        self.__cause__ = cause
