"""Errors the core raises for the surfaces to turn into a clear message."""

from __future__ import annotations


class BotError(Exception):
    """An error whose message is safe and useful to show to the person who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
        super().__init__(f"The database ({where}) is unavailable; try again shortly.")
        self.__cause__ = cause


class KnowledgeBaseUnavailable(ServiceUnavailable):
    def __init__(self, where: str = "", cause: Exception | None = None) -> None:
        detail = f" ({where})" if where else ""
        super().__init__(f"The knowledge base is unavailable{detail}; try again shortly.")
        self.__cause__ = cause
