"""Neo4j's own ingestion of the same files: server-side ``LOAD CSV`` in batched transactions.

The server parses the CSV itself, so this is the ceiling a client-side loader
is compared with. It builds the same shape (organisations with alias keys,
contracts with partial dates resolved to first/last days, sources, buyer,
supplier and tower links), resolving names through the alias keys as the
loader does. Both statements are planned afresh on every run (``CYPHER replan=force``) and their name
lookups are hinted to the alias index: a plan a long-lived server made when the graph was small (a
scan of the aliases) otherwise stays in its cache, and at 1M a scan a row is hours (benchmarks/README.md,
"Reading the numbers"). The local server reads ``file:///`` URLs as absolute paths (the
embedded server sets no import directory).
"""

from __future__ import annotations

from pathlib import Path

from supplygraph.graph.db import Graph

BATCH = 2000

IN_HOUSE = """
MERGE (o:Organisation {id: 'in-house'}) SET o.name = 'In-house', o.in_house = true, o:Supplier
WITH o UNWIND ['in-house', 'in house'] AS key
MERGE (a:Alias {key: key}) MERGE (a)-[:ALIAS_OF]->(o)
"""

ORGANISATIONS = """
CYPHER replan=force
LOAD CSV WITH HEADERS FROM $url AS r
CALL (r) {
  WITH r, [a IN split(coalesce(r.aliases, ''), ';') WHERE a <> ''] AS aliases
  MERGE (o:Organisation {id: toLower(replace(trim(r.name), ' ', '-'))})
  SET o.name = r.name, o.aliases = aliases, o.identifiers = [], o.in_house = false
  FOREACH (_ IN CASE WHEN r.role IN ['buyer', 'both'] THEN [1] ELSE [] END | SET o:Buyer)
  FOREACH (_ IN CASE WHEN r.role IN ['supplier', 'both'] THEN [1] ELSE [] END | SET o:Supplier)
  WITH o, r, aliases
  UNWIND [r.name] + aliases AS name
  WITH DISTINCT o, toLower(trim(name)) AS key
  MERGE (a:Alias {key: key})
  MERGE (a)-[:ALIAS_OF]->(o)
} IN TRANSACTIONS OF $batch ROWS
"""

CONTRACTS = """
CYPHER replan=force
LOAD CSV WITH HEADERS FROM $url AS r
CALL (r) {
  WITH r, [s IN split(r.supplier, ';') WHERE s <> ''] AS sups,
       [t IN split(r.towers, ';') WHERE t <> ''] AS towers,
       CASE size(r.start) WHEN 4 THEN date(r.start + '-01-01') WHEN 7 THEN date(r.start + '-01')
         ELSE date(r.start) END AS first,
       CASE size(coalesce(r.end, '')) WHEN 0 THEN null WHEN 4 THEN date(r.end + '-12-31')
         WHEN 7 THEN date(r.end + '-01') + duration('P1M') - duration('P1D') ELSE date(r.end) END AS last
  MATCH (ba:Alias {key: toLower(trim(r.buyer))})-[:ALIAS_OF]->(b:Organisation) USING INDEX ba:Alias(key)
  SET b:Buyer
  MERGE (c:Contract {id: r.contract_id})
  SET c.title = r.title, c.value = toFloat(r.value), c.currency = r.currency, c.status = r.status,
      c.holds = r.status IN ['active', 'complete'] AND size(sups) > 0,
      c.start = first, c.start_text = r.start,
      c.start_precision = CASE size(r.start) WHEN 4 THEN 'year' WHEN 7 THEN 'month' ELSE 'day' END,
      c.end = last, c.end_text = r.end,
      c.end_precision = CASE size(coalesce(r.end, '')) WHEN 0 THEN null WHEN 4 THEN 'year'
        WHEN 7 THEN 'month' ELSE 'day' END
  MERGE (src:Source {id: r.source_url})
  SET src.url = r.source_url, src.title = r.source_title, src.published = date(r.source_published + '-01-01'),
      src.published_precision = 'year'
  MERGE (b)-[:AWARDED]->(c)
  MERGE (c)-[:SOURCED_FROM]->(src)
  WITH c, sups, towers
  CALL (c, sups) {
    UNWIND sups AS s
    MATCH (sa:Alias {key: toLower(trim(s))})-[:ALIAS_OF]->(o:Organisation) USING INDEX sa:Alias(key)
    SET o:Supplier
    MERGE (c)-[:AWARDED_TO]->(o)
  }
  CALL (c, towers) {
    UNWIND towers AS t
    MATCH (ta:Alias {key: toLower(trim(t))})-[:ALIAS_OF]->(tw:ServiceTower) USING INDEX ta:Alias(key)
    MERGE (c)-[:COVERS]->(tw)
  }
} IN TRANSACTIONS OF $batch ROWS
"""


def load(graph: Graph, data_dir: Path) -> None:
    """Run LOAD CSV over organisations.csv then contracts.csv (auto-commit, as IN TRANSACTIONS needs)."""
    with graph.driver.session(database=graph.database) as session:
        session.run(IN_HOUSE).consume()
        session.run(ORGANISATIONS, url=(data_dir / "organisations.csv").resolve().as_uri(), batch=BATCH).consume()
        session.run(CONTRACTS, url=(data_dir / "contracts.csv").resolve().as_uri(), batch=BATCH).consume()


def main() -> None:
    """``python benchmarks/load_csv.py DATA_DIR NEO4J_FOLDER``: LOAD CSV alone into a new local Neo4j, timed."""
    import logging
    import os
    import sys
    import time

    from supplygraph.graph import local_neo4j
    from supplygraph.graph.config import Settings
    from supplygraph.graph.db import connect
    from supplygraph.graph.schema import ensure_schema

    os.environ.setdefault("SUPPLYGRAPH_NEO4J_HEAP", "4g")  # as make bench
    os.environ.setdefault("SUPPLYGRAPH_NEO4J_PAGECACHE", "2g")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data, folder = Path(sys.argv[1]), Path(sys.argv[2])
    uri = local_neo4j.start(folder)
    try:
        graph = connect(Settings(uri=uri, user="neo4j", password="neo4j", database=None, local_dir=folder))
        ensure_schema(graph)
        began = time.perf_counter()
        load(graph, data)
        seconds = time.perf_counter() - began
        n = graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"]
        logging.info("LOAD CSV: %d contracts in %.1f s (%.0f a second)", n, seconds, n / seconds)
        graph.close()
    finally:
        local_neo4j.stop(folder)


if __name__ == "__main__":
    main()
