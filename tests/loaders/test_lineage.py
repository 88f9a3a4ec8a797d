"""lineage.csv: renames, mergers, acquisitions and spin-offs as BECAME edges between organisations."""

from __future__ import annotations

import pytest

from supplygraph.graph.errors import InputError
from supplygraph.graph.org_corrections import merge
from supplygraph.loaders import load_paths
from tests.helpers import CONTRACT_HEADER, counts, write_csv

ROWS = """\
d1,Northshire Council,Computer Sciences Corporation,hosting,2010-01-01,2016-12-31,,,CSC hosting,https://x
d2,Northshire Council,DXC Technology,hosting,2017-04-03,2021-12-31,,,DXC hosting,https://x
d3,Northshire Council,Sopra Steria Ltd,networks,2015-01-01,2019-12-31,,,networks,https://x
"""
LINEAGE = """\
from,to,date,kind,notes
Computer Sciences Corporation,DXC Technology,2017-04,merged-into,
HPE Enterprise Services,DXC Technology,2017-04-03,merged-into,"with CSC"
Sopra,Sopra Steria,2014,merged-into,
Steria,Sopra Steria,2014,merged-into,
"""


def edges(graph) -> list[tuple]:
    return [
        (r["a"], r["b"], r["kind"], r["date"], r["p"])
        for r in graph.read(
            "MATCH (a:Organisation)-[r:BECAME]->(b:Organisation) "
            "RETURN a.id AS a, b.id AS b, r.kind AS kind, toString(r.date) AS date, r.date_precision AS p "
            "ORDER BY a, b"
        )
    ]


def load(graph, tmp_path, lineage: str, name: str = "events.csv"):
    tmp_path.mkdir(parents=True, exist_ok=True)
    return load_paths(
        graph,
        [
            write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + ROWS),
            write_csv(tmp_path, name, lineage),
        ],
    )


def test_lineage_rows_become_dated_edges_detected_by_header(graph, tmp_path):
    load(graph, tmp_path, LINEAGE)
    expected = [
        ("computer-sciences", "dxc-technology", "merged-into", "2017-04-01", "month"),
        ("hpe-enterprise-services", "dxc-technology", "merged-into", "2017-04-03", "day"),
        # "Sopra Steria" is the contracts' "Sopra Steria Ltd": the name rules join them
        ("sopra", "sopra-steria", "merged-into", "2014-01-01", "year"),
        ("steria", "sopra-steria", "merged-into", "2014-01-01", "year"),
    ]
    assert edges(graph) == expected
    # names only lineage knows are organisations with no role
    roles = graph.read(
        "MATCH (o:Organisation {id: 'hpe-enterprise-services'}) RETURN o.name AS name, o:Supplier AS s, o:Buyer AS b"
    )
    assert [(r["name"], r["s"], r["b"]) for r in roles] == [("HPE Enterprise Services", False, False)]
    load(graph, tmp_path, LINEAGE)  # a reload changes nothing
    assert edges(graph) == expected


@pytest.mark.parametrize(
    "row, field, reason",
    [
        ("CSC,DXC Technology,2017,bought,", "kind", "use one of renamed"),
        ("CSC,DXC Technology,April 2017,renamed,", "date", "April 2017"),
        (",DXC Technology,2017,renamed,", "from", "is empty"),
        ("DXC Technology,DXC Technology Ltd,2017,renamed,", "to", "one organisation"),
    ],
)
def test_bad_lineage_rows_stop_the_load_before_anything_is_written(graph, tmp_path, row, field, reason):
    before = counts(graph)
    with pytest.raises(InputError, match=reason) as err:
        load(graph, tmp_path, "from,to,date,kind,notes\n" + row + "\n")
    assert (err.value.row, err.value.field) == (2, field)
    assert counts(graph) == before


def test_a_merge_correction_carries_lineage_edges(graph, tmp_path):
    load(graph, tmp_path, LINEAGE)
    merge(graph, "Computer Sciences Corporation", "HPE Enterprise Services", by="alice")
    assert [e for e in edges(graph) if e[1] == "dxc-technology"] == [
        ("computer-sciences", "dxc-technology", "merged-into", "2017-04-01", "month"),
    ]
