"""The graph's version: every committed write transaction changes it, a read or a rolled-back write does not."""

import pytest

from supplygraph.graph import org_corrections, version
from supplygraph.graph.db import Graph
from supplygraph.graph.schema import ensure_schema
from tests.helpers import load_contracts


def current(graph: Graph) -> version.Version:
    return graph.execute_read(version.read)


def test_a_load_and_a_merge_each_give_a_new_version(graph, tmp_path):
    before = current(graph)
    load_contracts(graph, tmp_path, "v-1,Kent County Council,Fujitsu,Networks,2016,2019,,,n,https://x\n")
    loaded = current(graph)
    assert loaded.id is not None and loaded.id != before.id and loaded.n > before.n
    load_contracts(graph, tmp_path, "v-2,Kent County Council,Fujitsu Services,Hosting,2016,2019,,,h,https://x\n")
    org_corrections.merge(graph, "Fujitsu", "Fujitsu Services")
    merged = current(graph)
    assert merged.id != loaded.id and merged.n > loaded.n


def test_reads_and_schema_statements_leave_it_alone(graph):
    graph.write("RETURN 1 AS one")
    before = current(graph)
    graph.read("MATCH (o:Organisation) RETURN count(o) AS n")
    ensure_schema(graph)  # constraints and indexes: no new version (the towers it merges are a write)
    graph.write_schema("CREATE INDEX stray_index IF NOT EXISTS FOR (c:Contract) ON (c.title)")
    graph.write_schema("DROP INDEX stray_index")
    after_schema = current(graph)
    assert after_schema.n == before.n + 1  # the one write: ensure_schema's towers


def test_a_write_that_fails_changes_nothing(graph):
    graph.write("RETURN 1 AS one")
    before = current(graph)

    def fails(tx):
        tx.run("CREATE (:Organisation {id: 'half-written'})").consume()
        raise RuntimeError("the work fails before it commits")

    with pytest.raises(RuntimeError):
        graph.execute_write(fails)
    assert current(graph) == before
    assert graph.read("MATCH (o:Organisation {id: 'half-written'}) RETURN o") == []
