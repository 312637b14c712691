"""One exception family. Domain code raises these; only the CLI layer turns them into
a message and an exit status (1 for data and not-found errors, 2 for usage errors)."""

from __future__ import annotations


class KachinError(Exception):
    """Base of every error kachin reports to the user in one line."""

    exit_code = 1


class DataError(KachinError):
    """A knowledge-base file is missing, unreadable, not JSON, or not valid."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class NotFoundError(KachinError):
    """A record asked for by id or name does not exist."""


class QueryError(KachinError):
    """A value given by the user cannot be understood (bad date, bad range...)."""

    exit_code = 2


class OutputError(KachinError):
    """Standard output could not take what kachin wrote (a full disk, a file-size limit, a
    closed stream). A reader that went away (a closed pipe) is not an error."""
