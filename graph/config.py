"""Connection settings, read from the environment.

``NEO4J_URI`` points at any Neo4j 5 (``bolt://``, ``neo4j://``, ``neo4j+s://`` for
Aura or a cluster). When it is unset the tool uses its own local Neo4j, whose
Bolt URI is recorded under ``.neo4j/`` in the working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    uri: str | None
    user: str
    password: str
    database: str | None
    local_dir: Path

    @property
    def uses_local(self) -> bool:
        return self.uri is None


def settings() -> Settings:
    return Settings(
        uri=os.environ.get("NEO4J_URI") or None,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", "neo4j"),
        database=os.environ.get("NEO4J_DATABASE") or None,
        local_dir=Path(os.environ.get("SUPPLYGRAPH_NEO4J_DIR", ".neo4j")).resolve(),
    )
