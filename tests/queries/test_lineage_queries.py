"""follow_lineage: a rename or merger is not a change of supplier, and a successor company can return.

Northshire Council's story, worked out by hand:

- hosting: Computer Sciences Corporation 2010-2017-03, then DXC Technology from
  2017-04-01 (CSC merged into DXC in 2017-04). One company, one spell.
- networks: Sopra 2008-2011, Steria 2012-2015, Sopra Steria 2016-2020. Sopra
  and Steria only merged in 2014: in 2012 Steria replaced a rival, so that is a
  change; Sopra Steria carrying on Steria's work in 2016 is not.
- end user services: CSC 2005-2012, Atos 2013-2018, DXC Technology 2019-: CSC's
  successor came back after six years.
"""

from __future__ import annotations

import pytest

from supplygraph.graph import market, query_library
from supplygraph.graph import succession as incumbency
from supplygraph.loaders import load_paths
from tests.helpers import CONTRACT_HEADER, client_for, write_csv

CONTRACTS = """\
h1,Northshire Council,Computer Sciences Corporation,hosting,2010-01-01,2017-03-31,,,CSC hosting,https://x
h2,Northshire Council,DXC Technology,hosting,2017-04-01,2021-12-31,,,DXC hosting,https://x
n1,Northshire Council,Sopra,networks,2008-01-01,2011-12-31,,,Sopra networks,https://x
n2,Northshire Council,Steria,networks,2012-01-01,2015-12-31,,,Steria networks,https://x
n3,Northshire Council,Sopra Steria,networks,2016-01-01,2020-12-31,,,Sopra Steria networks,https://x
e1,Westshire Council,Computer Sciences Corporation,end user services,2005-01-01,2012-12-31,,,CSC desktops,https://x
e2,Westshire Council,Atos,end user services,2013-01-01,2018-12-31,,,Atos desktops,https://x
e3,Westshire Council,DXC Technology,end user services,2019-01-01,,,,DXC desktops,https://x
"""
LINEAGE = """\
from,to,date,kind
Computer Sciences Corporation,DXC Technology,2017-04,merged-into
Sopra,Sopra Steria,2014,merged-into
Steria,Sopra Steria,2014,merged-into
"""


@pytest.fixture
def lineage_graph(graph, tmp_path):
    load_paths(
        graph,
        [
            write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + CONTRACTS),
            write_csv(tmp_path, "lineage.csv", LINEAGE),
        ],
    )
    return graph


def spells(graph, buyer: str, tower: str, follow: bool = True) -> list[tuple]:
    return [
        (s["supplier_name"], s["held_as"], s["start"], s["end"], s["contract_ids"])
        for s in incumbency.succession(graph, buyer, tower, follow_lineage=follow).spells
    ]


def test_a_rename_carries_the_spell_on(lineage_graph):
    assert spells(lineage_graph, "Northshire Council", "hosting") == [
        (
            "DXC Technology",
            ["Computer Sciences Corporation", "DXC Technology"],
            "2010-01-01",
            "2021-12-31",
            ["h1", "h2"],
        ),
    ]


def test_without_lineage_each_name_is_its_own_supplier(lineage_graph):
    assert spells(lineage_graph, "Northshire Council", "hosting", follow=False) == [
        ("Computer Sciences Corporation", ["Computer Sciences Corporation"], "2010-01-01", "2017-03-31", ["h1"]),
        ("DXC Technology", ["DXC Technology"], "2017-04-01", "2021-12-31", ["h2"]),
    ]


def test_rivals_that_merged_later_were_still_a_change_of_supplier(lineage_graph):
    assert spells(lineage_graph, "Northshire Council", "networks") == [
        ("Sopra", ["Sopra"], "2008-01-01", "2011-12-31", ["n1"]),
        ("Sopra Steria", ["Steria", "Sopra Steria"], "2012-01-01", "2020-12-31", ["n2", "n3"]),
    ]


def test_predecessor_skips_the_suppliers_former_self(lineage_graph):
    # DXC's spell began as CSC's in 2010: nobody held hosting before, so no predecessor
    answer = incumbency.predecessor(lineage_graph, "Northshire Council", "hosting", supplier="DXC Technology")
    assert (answer.holder["name"], answer.holder["start"], answer.predecessor) == ("DXC Technology", "2010-01-01", None)
    # without lineage, CSC is DXC's predecessor
    answer = incumbency.predecessor(
        lineage_graph, "Northshire Council", "hosting", supplier="DXC Technology", follow_lineage=False
    )
    assert answer.predecessor["name"] == "Computer Sciences Corporation"


def test_predecessor_of_the_merged_company_is_the_rival_its_forerunner_replaced(lineage_graph):
    answer = incumbency.predecessor(lineage_graph, "Northshire Council", "networks", supplier="Sopra Steria")
    assert answer.holder["start"] == "2012-01-01"
    assert (answer.predecessor["name"], answer.predecessor["end"]) == ("Sopra", "2011-12-31")


def returns_rows(graph, follow: bool = True) -> list[tuple]:
    return [
        (r["supplier_name"], r["left_as"], r["buyer_name"], r["left"], r["returned"], r["gap_days"])
        for r in market.returns(graph, min_gap_days=365, follow_lineage=follow)
    ]


def test_a_successor_company_coming_back_is_a_return(lineage_graph):
    # 2012-12-31 -> 2019-01-01: 2192 days
    assert returns_rows(lineage_graph) == [
        ("DXC Technology", "Computer Sciences Corporation", "Westshire Council", "2012-12-31", "2019-01-01", 2192),
    ]
    assert returns_rows(lineage_graph, follow=False) == []


def test_returns_filtered_by_the_successor_include_its_former_names(lineage_graph):
    rows = market.returns(lineage_graph, supplier="DXC Technology")
    assert [(r["supplier_name"], r["contracts_before"], r["contracts_after"]) for r in rows] == [
        ("DXC Technology", ["e1"], ["e3"]),
    ]
    assert market.returns(lineage_graph, supplier="Atos") == []


def test_saved_queries_and_api_take_follow_lineage(lineage_graph):
    rows = query_library.run(
        lineage_graph, "succession", {"buyer": "northshire-council", "tower": "hosting", "follow_lineage": "false"}
    ).rows
    assert [r["supplier_name"] for r in rows] == ["Computer Sciences Corporation", "DXC Technology"]
    client = client_for(lineage_graph)
    url = "/api/buyers/Northshire Council/towers/hosting/succession"
    assert [s["held_as"] for s in client.get(url).json()["spells"]] == [
        ["Computer Sciences Corporation", "DXC Technology"]
    ]
    assert len(client.get(url, params={"follow_lineage": "false"}).json()["spells"]) == 2
    body = client.get("/api/returns").json()
    assert [(r["supplier"]["name"], r["left_as"]) for r in body["returns"]] == [
        ("DXC Technology", "Computer Sciences Corporation")
    ]
    assert client.get("/api/returns", params={"follow_lineage": "false"}).json()["returns"] == []
    body = client.get(
        "/api/buyers/Northshire Council/towers/hosting/predecessor",
        params={"supplier": "DXC Technology", "follow_lineage": "false"},
    ).json()
    assert body["predecessor"]["supplier"]["name"] == "Computer Sciences Corporation"


def test_succession_as_known_on_follows_lineage_too(lineage_graph):
    spells = incumbency.succession(lineage_graph, "Northshire Council", "hosting", as_known_on="2100-01-01").spells
    assert [(s["supplier_name"], s["held_as"], s["contract_ids"]) for s in spells] == [
        ("DXC Technology", ["Computer Sciences Corporation", "DXC Technology"], ["h1", "h2"]),
    ]
