"""Domain errors raised by services and turned into responses by views."""

from __future__ import annotations


class TrackerError(Exception):
    """Base class for errors a user can be told about."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(TrackerError):
    """Input broke a domain rule; `field` names the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(TrackerError):
    """The record does not exist for this user (another user's record is "not found" too)."""


class Conflict(TrackerError):
    """The record changed since the user loaded it, or would duplicate another."""


class NeedsConfirmation(TrackerError):
    """The action is allowed but crosses a limit the user should confirm first."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(" ".join(warnings))
        self.warnings = warnings
