"""Rows come back as ``record.data()`` gives them, whatever the values (the fast path skips only the walk)."""

from __future__ import annotations

import pytest

from supplygraph.graph.db import Graph, row

VALUES = {
    "scalars": "RETURN 'a' AS s, 1 AS i, 1.5 AS f, true AS b, null AS n",
    "lists of scalars": "RETURN ['a', 'b'] AS ids, [1, null, 'x'] AS mixed, [] AS empty",
    "dates": "RETURN date('2020-01-02') AS d, [date('2020-01-02')] AS ds, datetime('2020-01-02T03:04:05Z') AS dt",
    "times": "RETURN localdatetime('2020-01-02T03:04') AS ldt, time('12:00Z') AS t, localtime('12:00') AS lt, "
    "duration('P1M2D') AS du, [[date('2020-01-02'), null]] AS nested",
    "points": "RETURN point({x: 1, y: 2}) AS p, [point({latitude: 51.5, longitude: 0.1})] AS ps",
    "maps": "RETURN {id: 'a', at: date('2020-01-02'), xs: [1, 2]} AS m, [{id: 'a'}] AS ms",
    "nested lists": "RETURN [[1, 2], ['a']] AS nested",
    "nodes": "MATCH (o:Organisation {id: 'capgemini'}) RETURN o, [o] AS os, {o: o} AS m",
    "paths": "MATCH p = (:Organisation {id: 'capgemini'})<-[:AWARDED_TO]-(:Contract) RETURN p, relationships(p) AS rs LIMIT 1",
}


@pytest.mark.parametrize("query", VALUES.values(), ids=list(VALUES))
def test_row_equals_what_the_driver_converts(sample_graph: Graph, query: str) -> None:
    with sample_graph.driver.session(database=sample_graph.database) as session:
        records = list(session.run(query))
    assert records
    for record in records:
        assert row(record) == record.data()
        assert list(row(record)) == list(record.keys())


def test_nodes_come_back_as_their_properties(sample_graph: Graph) -> None:
    [answer] = sample_graph.read("MATCH (o:Organisation {id: 'capgemini'}) RETURN o, [o] AS os, 'x' AS s")
    assert answer["o"]["id"] == "capgemini"
    assert answer["os"][0]["name"] == answer["o"]["name"]
    assert answer["s"] == "x"
