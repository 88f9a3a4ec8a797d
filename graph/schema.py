"""Constraints and indexes, created idempotently at start-up.

Every lookup the queries make starts from one of these: an organisation, tower,
contract or source by id, or a name by its key. Nothing scans a label.
"""

from __future__ import annotations

from supplygraph.graph.db import Graph
from supplygraph.graph.names import text_key
from supplygraph.graph.towers import TOWERS

STATEMENTS: tuple[str, ...] = (
    "CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (o:Organisation) REQUIRE o.id IS UNIQUE",
    "CREATE CONSTRAINT tower_id IF NOT EXISTS FOR (t:ServiceTower) REQUIRE t.id IS UNIQUE",
    "CREATE CONSTRAINT contract_id IF NOT EXISTS FOR (c:Contract) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT alias_key IF NOT EXISTS FOR (a:Alias) REQUIRE a.key IS UNIQUE",
    "CREATE CONSTRAINT tenure_key IF NOT EXISTS FOR (t:Tenure) REQUIRE t.key IS UNIQUE",
    "CREATE CONSTRAINT engagement_key IF NOT EXISTS FOR (e:Engagement) REQUIRE e.key IS UNIQUE",
    "CREATE CONSTRAINT graph_version_key IF NOT EXISTS FOR (v:GraphVersion) REQUIRE v.key IS UNIQUE",
    "CREATE INDEX tenure_pair IF NOT EXISTS FOR (t:Tenure) ON (t.buyer_id, t.tower_id)",
    "CREATE CONSTRAINT consolidation_key IF NOT EXISTS FOR (x:Consolidation) REQUIRE x.key IS UNIQUE",
    "CREATE INDEX consolidation_buyer IF NOT EXISTS FOR (x:Consolidation) ON (x.buyer_id)",
    "CREATE INDEX engagement_buyer IF NOT EXISTS FOR (e:Engagement) ON (e.buyer_id)",
    "CREATE INDEX contract_end IF NOT EXISTS FOR (c:Contract) ON (c.end)",
    "CREATE INDEX contract_status IF NOT EXISTS FOR (c:Contract) ON (c.status)",
    "CREATE INDEX contract_source_ref IF NOT EXISTS FOR (c:Contract) ON (c.source_ref_key)",
    "CREATE CONSTRAINT coverage_key IF NOT EXISTS FOR (c:Coverage) REQUIRE c.key IS UNIQUE",
    "CREATE INDEX coverage_file IF NOT EXISTS FOR (c:Coverage) ON (c.sha256)",
)

_TOWERS = """
UNWIND $towers AS t
MERGE (tower:ServiceTower {id: t.id})
SET tower.name = t.name, tower.aliases = t.aliases
WITH tower, t
UNWIND t.keys AS key
MERGE (a:Alias {key: key})
MERGE (a)-[:ALIAS_OF]->(tower)
"""


def ensure_schema(graph: Graph) -> None:
    """Create constraints, indexes and the canonical towers (safe to run every start)."""
    for statement in STATEMENTS:
        graph.write_schema(statement)
    graph.write_schema("CALL db.awaitIndexes(300)")
    towers = [
        {
            "id": t.id,
            "name": t.name,
            "aliases": list(t.aliases),
            "keys": sorted({text_key(x) for x in (t.id, t.name, *t.aliases)}),
        }
        for t in TOWERS
    ]
    graph.write(_TOWERS, {"towers": towers})
