"""User-facing errors: each carries a short code and a one-line message.

The library raises these; the CLI and HTTP layers turn them into a message and an exit code
(or a 4xx), never a traceback.
"""

from __future__ import annotations

__all__ = ["MarsadError", "InputError", "LangDataError", "QueryError", "RegistryError", "StoreError"]


class MarsadError(Exception):
    """Base of every error Marsad reports to a user."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(MarsadError):
    """An input file or record cannot be read as an article (empty, binary, undecodable)."""

    code = "input"
    exit_code = 2


class LangDataError(MarsadError):
    """A language-data file is missing or does not match its schema."""

    code = "langdata"
    exit_code = 3


class QueryError(MarsadError):
    """A query parameter is malformed (a date, a code, a format)."""

    code = "query"
    exit_code = 2


class RegistryError(MarsadError):
    """A user actor registry (or a dictionary to import) cannot be read: the message names the
    file and line."""

    code = "registry"
    exit_code = 2


class StoreError(MarsadError):
    """The store cannot be opened, migrated or written."""

    code = "store"
    exit_code = 4
