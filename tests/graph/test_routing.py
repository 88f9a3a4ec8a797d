"""``neo4j://`` routing against the tests' single server: the driver asks it for a routing table, sends
READ transactions to a reader and write transactions to the writer (on a cluster: followers and the leader)."""

from datetime import date

import pytest
from neo4j.exceptions import ClientError

from supplygraph.graph import holdings
from supplygraph.graph.config import Settings
from supplygraph.graph.db import Graph, connect
from supplygraph.graph.local_neo4j import status
from tests.helpers import load_contracts


@pytest.fixture
def routed(graph: Graph, neo4j_settings: Settings):
    """The emptied test database, reached through a routing driver."""
    uri = neo4j_settings.uri or status(neo4j_settings.local_dir).uri
    assert uri is not None
    scheme, _, address = uri.partition("://")
    if scheme.startswith("bolt"):
        uri = scheme.replace("bolt", "neo4j") + "://" + address
    with connect(neo4j_settings.model_copy(update={"uri": uri})) as routed_graph:
        yield routed_graph


def test_a_load_and_a_question_through_a_routing_uri(routed, tmp_path):
    assert routed.uri.startswith("neo4j")
    report = load_contracts(
        routed,
        tmp_path,
        """
        r-1,Kent County Council,Fujitsu,Networks,2016,2019,,,Network services,https://x
        r-2,Kent County Council,BT,Networks,2019,2023,,,Network services,https://x
        """,
    )
    assert report.contracts == 2
    answer = holdings.holders(routed, "Kent County Council", "networks", date(2020, 1, 1))
    assert [h["supplier_id"] for h in answer.holders] == ["bt"]
    table = routed.driver._pool.routing_tables[routed.database or "neo4j"]  # what the server told the driver
    assert table.readers and table.writers


def test_reads_go_in_read_access_mode(routed):
    """A READ transaction is marked read when sent: the server refuses a write in it (a follower would too)."""
    with pytest.raises(ClientError, match="read access mode"):
        routed.read("CREATE (:Stray) RETURN 1 AS one")
    assert routed.read("MATCH (s:Stray) RETURN count(s) AS n") == [{"n": 0}]
