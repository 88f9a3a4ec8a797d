"""Exceptions that say exactly what is wrong and where.

The CLI turns each into one readable line and a non-zero exit; the API turns
them into 4xx/503 answers. Nothing here is ever swallowed.
"""

from __future__ import annotations


class SupplygraphError(Exception):
    """Base class: a problem the user can act on."""


class InputError(SupplygraphError):
    """Bad input data, located by file, row (or JSON path) and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | str | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.value = value
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason


class NotFoundError(SupplygraphError):
    """A buyer, supplier, tower, contract or saved query that does not exist."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        super().__init__(f"unknown {kind} {name!r}")


class ParameterError(SupplygraphError):
    """A query or API parameter that is missing, unknown or of the wrong type."""


class DatabaseUnavailableError(SupplygraphError):
    """Neo4j cannot be reached (not started, stopped, or wrong URI)."""


class LocalNeo4jError(SupplygraphError):
    """The project's own local Neo4j cannot be set up, started or stopped."""
