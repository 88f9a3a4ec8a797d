"""Every supplygraph exception, each with its one HTTP status and one CLI exit code.

The CLI turns an error into one readable line on stderr and exits with the
class's ``exit_code``; the API answers with its ``http_status`` and the message
as ``detail``. Nothing here is ever swallowed. :data:`EXIT_CODES` says what each
exit code means (``supplygraph --help`` and the README show it).
"""

from __future__ import annotations

#: exit code -> what it means, in order; the CLI's help and the README show this
EXIT_CODES: dict[int, str] = {
    0: "done",
    1: "bad input: a data file, a parameter, a date, an unknown name or tower",
    2: "bad usage: an unknown option or command",
    3: "Neo4j cannot be reached (for `neo4j status`: the local Neo4j is stopped)",
    4: "the project's own local Neo4j cannot be set up, started or stopped",
    5: "a query ran past its time or row limit",
    6: "the installation or configuration is broken (a malformed .cypher file, a bad setting)",
    7: "a feed's API kept failing or refused a request (`supplygraph fetch`; run it again to resume)",
}


class SupplygraphError(Exception):
    """Base class: a problem the user can act on."""

    http_status: int = 400
    exit_code: int = 1


# --- bad input: 400, exit 1 -------------------------------------------------------------------------------------


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


class ParameterError(SupplygraphError):
    """A query or API parameter that is missing, unknown or of the wrong type."""


class DatabaseNotEmptyError(SupplygraphError):
    """A bulk import was asked for, and the database already has a graph it would replace."""

    http_status = 409


class DateFormatError(SupplygraphError, ValueError):
    """A date string that is none of YYYY-MM-DD, YYYY-MM, YYYY or YYYYs."""


class UnknownTowerError(SupplygraphError, ValueError):
    """A tower name that is neither a canonical tower nor one of its aliases."""


class CpvCodeError(SupplygraphError, ValueError):
    """A CPV code that is not eight digits with an optional check digit."""


class QueryRefusedError(SupplygraphError):
    """Neo4j refused to run a query (a write in a read transaction, a syntax error...)."""


class NotFoundError(SupplygraphError):
    """A buyer, supplier, tower, contract or saved query that does not exist."""

    http_status = 404

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        super().__init__(f"unknown {kind} {name!r}")


# --- Neo4j out of reach: 503, exit 3 and 4 ----------------------------------------------------------------------


class DatabaseUnavailableError(SupplygraphError):
    """Neo4j cannot be reached (not started, stopped, or wrong URI)."""

    http_status = 503
    exit_code = 3


class LocalNeo4jError(SupplygraphError):
    """The project's own local Neo4j cannot be set up, started or stopped."""

    http_status = 503
    exit_code = 4


# --- limits: 413 and 504, exit 5 ---------------------------------------------------------------------------------


class ResultTooLargeError(SupplygraphError):
    """An answer with more rows than the caller allows."""

    http_status = 413
    exit_code = 5


class QueryTimeoutError(SupplygraphError):
    """A query ran past its time limit and Neo4j cancelled it."""

    http_status = 504
    exit_code = 5


# --- a remote feed: 502, exit 7 ----------------------------------------------------------------------------------


class FetchError(SupplygraphError):
    """A feed's API kept failing (429, 5xx, dropped connections) past the retries, or refused a request."""

    http_status = 502
    exit_code = 7


# --- faults of the installation or its configuration: 500, exit 6 -----------------------------------------------


class QueryDefinitionError(SupplygraphError):
    """A .cypher file whose header is malformed: the server's fault, not the caller's."""

    http_status = 500
    exit_code = 6


class SettingsError(SupplygraphError):
    """An environment variable whose value cannot be used (e.g. SUPPLYGRAPH_MAX_ROWS=lots)."""

    http_status = 500
    exit_code = 6


class InstallationError(SupplygraphError):
    """Something the installed packages should provide and do not (pyvis's vis-network, an offline template)."""

    http_status = 500
    exit_code = 6


class OfflineExportError(InstallationError):
    """The export would load something from the network (a pyvis template change)."""
