"""Every setting supplygraph reads from the environment, in one place.

``NEO4J_URI`` points at any Neo4j 5 (``bolt://``, ``neo4j://``, ``neo4j+s://`` for
Aura or a cluster). When it is unset the tool uses its own local Neo4j, whose
Bolt URI is recorded under ``.neo4j/`` in the working directory.

Nothing is read at import time: call :func:`settings` when a value is needed,
so a changed environment (a test's ``monkeypatch.setenv``) is seen. The README's
tables of variables are generated from :class:`Settings` (:mod:`.settings_doc`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic.json_schema import JsonDict
from pydantic_settings import BaseSettings, SettingsConfigDict

from supplygraph.graph.errors import SettingsError

Group = Literal["connection", "local", "api", "library", "fetch"]

#: the README's tables, in order: group -> what the variables are for
GROUPS: dict[Group, str] = {
    "connection": "the Neo4j every command and the API use",
    "local": "the project's own local Neo4j (used when NEO4J_URI is unset)",
    "api": "the HTTP API and its limits",
    "library": "the saved queries and the loader",
    "fetch": "`supplygraph fetch`: the UK feeds' APIs",
}


def _about(group: Group, unset: str | None = None) -> JsonDict:
    """A field's README group and, where the default needs words, what an unset variable means."""
    return {"group": group, "unset": unset} if unset else {"group": group}


class Settings(BaseSettings):
    """The environment as supplygraph reads it; each field's alias is its variable."""

    model_config = SettingsConfigDict(
        case_sensitive=True, env_ignore_empty=True, frozen=True, populate_by_name=True, extra="ignore"
    )

    # --- connection ---
    uri: str | None = Field(
        None,
        validation_alias="NEO4J_URI",
        description="`bolt://host:7687`, `neo4j://host:7687`, or `neo4j+s://xxxx.databases.neo4j.io` "
        "for Aura or a cluster with TLS",
        json_schema_extra=_about("connection", "unset: the local Neo4j in `.neo4j/`"),
    )
    user: str = Field(
        "neo4j", validation_alias="NEO4J_USER", description="user name", json_schema_extra=_about("connection")
    )
    password: SecretStr = Field(
        SecretStr("neo4j"),
        validation_alias="NEO4J_PASSWORD",
        description="password",
        json_schema_extra=_about("connection", "`neo4j`"),
    )
    database: str | None = Field(
        None,
        validation_alias="NEO4J_DATABASE",
        description="database name",
        json_schema_extra=_about("connection", "the server's default"),
    )

    # --- the local Neo4j ---
    local_dir: Path = Field(
        Path(".neo4j"),
        validation_alias="SUPPLYGRAPH_NEO4J_DIR",
        validate_default=True,
        description="the local Neo4j's folder: its data, log and Bolt port (`supplygraph neo4j start|stop|status`)",
        json_schema_extra=_about("local", "`.neo4j` in the working directory"),
    )
    neo4j_heap: str = Field(
        "1g",
        validation_alias="SUPPLYGRAPH_NEO4J_HEAP",
        description="the local Neo4j's Java heap (`-Xms` and `-Xmx`)",
        json_schema_extra=_about("local"),
    )
    neo4j_pagecache: str = Field(
        "512m",
        validation_alias="SUPPLYGRAPH_NEO4J_PAGECACHE",
        description="the local Neo4j's page cache (`server.memory.pagecache.size`)",
        json_schema_extra=_about("local"),
    )
    neo4j_tx_timeout: str = Field(
        "0s",
        validation_alias="SUPPLYGRAPH_NEO4J_TX_TIMEOUT",
        description="the local Neo4j's limit on every transaction (`db.transaction.timeout`, `0s` = none; "
        "saved queries have their own, `SUPPLYGRAPH_QUERY_TIMEOUT`)",
        json_schema_extra=_about("local"),
    )
    runtime_dir: Path | None = Field(
        None,
        validation_alias="SUPPLYGRAPH_RUNTIME_DIR",
        description="where Neo4j's jars (resolved once from Maven Central) and its launcher are kept, "
        "shared by every data folder",
        json_schema_extra=_about("local", "`supplygraph/neo4j-VERSION` in the cache folder"),
    )
    cache_home: Path | None = Field(
        None,
        validation_alias="XDG_CACHE_HOME",
        description="the user's cache folder (XDG), where the Neo4j runtime goes unless `SUPPLYGRAPH_RUNTIME_DIR`",
        json_schema_extra=_about("local", "`~/.cache`"),
    )
    keep_neo4j: bool = Field(
        False,
        validation_alias="SUPPLYGRAPH_KEEP_NEO4J",
        description="`1`: `supplygraph demo` leaves the local Neo4j running when it stops",
        json_schema_extra=_about("local", "unset: `demo` stops it"),
    )

    # --- the API ---
    api_key: SecretStr | None = Field(
        None,
        validation_alias="SUPPLYGRAPH_API_KEY",
        description="enables the write endpoint `POST /api/admin/load` (a CSV body) and is then required for it "
        "(`X-API-Key` or `Authorization: Bearer`)",
        json_schema_extra=_about("api", "unset: write endpoints off"),
    )
    query_timeout: float = Field(
        30.0,
        ge=0,
        validation_alias="SUPPLYGRAPH_QUERY_TIMEOUT",
        description="seconds a query may run before Neo4j cancels it (answer 504; `0` = no limit)",
        json_schema_extra=_about("api"),
    )
    max_rows: int = Field(
        100_000,
        ge=0,
        validation_alias="SUPPLYGRAPH_MAX_ROWS",
        description="rows an answer may have (answer 413 past it; `0` = no limit; `supplygraph query` has none)",
        json_schema_extra=_about("api"),
    )

    api_cache_size: int = Field(
        10_000,
        ge=0,
        validation_alias="SUPPLYGRAPH_API_CACHE_SIZE",
        description="answers to GET questions each API process keeps in memory, by graph version "
        "(least recently used dropped first; every write to the graph makes them stale; `0` = no cache)",
        json_schema_extra=_about("api"),
    )

    api_server: Literal["fast", "plain"] = Field(
        "fast",
        validation_alias="SUPPLYGRAPH_API_SERVER",
        description="`fast`: uvicorn on uvloop with the httptools parser (C; installed with supplygraph, but for "
        "uvloop on Windows); `plain`: the pure-Python asyncio loop and h11 parser (to compare, or to rule them out)",
        json_schema_extra=_about("api"),
    )

    # --- the saved queries and the loader ---
    queries_dir: Path | None = Field(
        None,
        validation_alias="SUPPLYGRAPH_QUERIES",
        description="a folder of saved `.cypher` queries to use instead of the library",
        json_schema_extra=_about("library", "the `queries/` shipped with supplygraph"),
    )
    load_writers: int = Field(
        2,
        ge=1,
        validation_alias="SUPPLYGRAPH_LOAD_WRITERS",
        description="contract batches a load writes to Neo4j at once (threads)",
        json_schema_extra=_about("library"),
    )

    # --- supplygraph fetch ---
    contracts_finder_url: str = Field(
        "https://www.contractsfinder.service.gov.uk",
        validation_alias="SUPPLYGRAPH_CONTRACTS_FINDER_URL",
        description="where `fetch contracts-finder` asks `/Published/Notices/OCDS/Search` (a mirror's address "
        "instead of the official one; `--base-url` overrides it)",
        json_schema_extra=_about("fetch"),
    )
    contracts_finder_delay: float = Field(
        1.0,
        ge=0,
        validation_alias="SUPPLYGRAPH_CONTRACTS_FINDER_DELAY",
        description="seconds between requests to Contracts Finder (`--delay` overrides it)",
        json_schema_extra=_about("fetch"),
    )
    find_a_tender_url: str = Field(
        "https://www.find-tender.service.gov.uk",
        validation_alias="SUPPLYGRAPH_FIND_A_TENDER_URL",
        description="where `fetch find-a-tender` asks `/api/1.0/ocdsReleasePackages` (`--base-url` overrides it)",
        json_schema_extra=_about("fetch"),
    )
    find_a_tender_delay: float = Field(
        10.0,
        ge=0,
        validation_alias="SUPPLYGRAPH_FIND_A_TENDER_DELAY",
        description="seconds between requests to Find a Tender: its limit is 12 requests in 2 minutes "
        "(`--delay` overrides it)",
        json_schema_extra=_about("fetch"),
    )

    @field_validator("local_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.resolve()

    @property
    def uses_local(self) -> bool:
        return self.uri is None


def variables() -> dict[str, str]:
    """Each field's environment variable: field name -> variable name."""
    return {name: str(info.validation_alias) for name, info in Settings.model_fields.items()}


def settings() -> Settings:
    """The settings from the environment as it is now (re-read when a variable changes).

    A value that cannot be used (``SUPPLYGRAPH_MAX_ROWS=lots``) is a :class:`SettingsError`
    naming the variable.
    """
    return _settings(tuple(os.environ.get(name) for name in _VARIABLES), os.getcwd())


_VARIABLES = tuple(variables().values())


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for a tool this process runs (Neo4j's own neo4j-admin), with ``extra`` set."""
    return {**os.environ, **extra}


@lru_cache(maxsize=8)
def _settings(values: tuple[str | None, ...], cwd: str) -> Settings:
    del values, cwd  # the cache key only: Settings reads the environment itself (a relative folder needs the cwd)
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}={error.get('input')!r}: {error['msg']}"
            for error in exc.errors()
        )
        raise SettingsError(f"bad setting in the environment: {problems}") from None
