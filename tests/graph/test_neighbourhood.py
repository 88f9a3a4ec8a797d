"""The explorer's neighbourhood, checked against the sample worked out by hand.

From data/sample/contracts.csv, the Met's holding contracts on a day are:
2012: Capgemini primary partner (1990s-2015, no tower); 2019: Atos SIAM, BT
networks, DXC hosting+EUS (2015-2021) and Accenture apps (2015-, ongoing);
2023: Capgemini's four towers (2021-2026) and Accenture apps. The planned
Pegasus application services tender holds nothing.
"""

from datetime import date

import pytest

from supplygraph.graph.errors import NotFoundError, ParameterError
from supplygraph.graph.neighbourhood import neighbourhood, search, to_networkx
from tests.helpers import load_contracts

MET = "metropolitan-police-service"
TOWER_IDS = [
    "tower:hosting",
    "tower:end-user-services",
    "tower:networks",
    "tower:service-integration",
    "tower:application-services",
]


def edges_of(result):
    return {e.id: e.label for e in result.edges}


def test_met_in_2012_is_capgemini_with_no_tower(sample_graph):
    result = neighbourhood(sample_graph, "Met Police", date(2012, 7, 1))
    assert result.center.id == MET and result.center.kind == "buyer"
    assert {(n.id, n.kind) for n in result.nodes} == {(MET, "buyer"), ("capgemini", "supplier")}
    assert edges_of(result) == {f"holding:capgemini->{MET}": "no tower given\n1990s–2015"}
    (edge,) = result.edges
    assert (edge.start, edge.start_precision, edge.end, edge.end_precision) == (
        "1990-01-01",
        "decade",
        "2015-12-31",
        "year",
    )
    assert [c.id for c in edge.contracts] == ["met-capgemini-primary-partner"]
    (source,) = edge.contracts[0].sources
    assert (source.url, source.title) == (None, "Met Police awards £600m deal to Capgemini")
    assert result.truncated is False


def test_met_in_2019_is_four_suppliers_and_five_towers(sample_graph):
    result = neighbourhood(sample_graph, "the Met", date(2019, 7, 1))
    assert sorted(n.id for n in result.nodes) == sorted([MET, "atos", "bt", "dxc-technology", "accenture", *TOWER_IDS])
    assert edges_of(result) == {
        f"holding:atos->{MET}": "SIAM\n2015–2021",
        f"holding:bt->{MET}": "Networks\n2015–2021",
        f"holding:dxc-technology->{MET}": "Hosting, EUS\n2015–2021",
        f"holding:accenture->{MET}": "Apps\n2015–now",
        f"tower:{MET}->tower:hosting": "DXC Technology\n2015–2021",
        f"tower:{MET}->tower:end-user-services": "DXC Technology\n2015–2021",
        f"tower:{MET}->tower:networks": "BT\n2015–2021",
        f"tower:{MET}->tower:service-integration": "Atos\n2015–2021",
        f"tower:{MET}->tower:application-services": "Accenture\n2015–now",
    }


def test_met_in_2023_is_capgemini_back_on_four_towers(sample_graph):
    result = neighbourhood(sample_graph, MET, date(2023, 7, 1))
    # the Met, Capgemini, Accenture and five towers; and the suppliers of the three contracts Capgemini's
    # replaced (the stored contract succession), each with a succession edge to Capgemini
    assert len(result.nodes) == 11
    labels = edges_of(result)
    assert len(labels) == 10
    assert sorted(e for e in labels if e.startswith("succession:")) == [
        "succession:atos->capgemini",
        "succession:bt->capgemini",
        "succession:dxc-technology->capgemini",
    ]
    assert labels[f"holding:capgemini->{MET}"] == "Hosting, EUS, Networks, SIAM\n2021–2026"
    capgemini = next(e for e in result.edges if e.source == "capgemini")
    assert [(c.id, c.value, c.currency) for c in capgemini.contracts] == [
        ("met-capgemini-infrastructure", 600000000, "GBP")
    ]


def test_transition_year_edge_carries_both_holders(sample_graph):
    result = neighbourhood(sample_graph, MET, date(2021, 6, 1))
    networks = next(e for e in result.edges if e.target == "tower:networks")
    assert networks.label == "BT, Capgemini\n2015–2026"
    assert [c.id for c in networks.contracts] == ["met-bt-networks", "met-capgemini-infrastructure"]


def test_tower_centre_reaches_buyers_then_their_suppliers(sample_graph):
    one = neighbourhood(sample_graph, "desktop", date(2019, 7, 1), depth=1)
    assert one.center.id == "tower:end-user-services" and one.center.kind == "tower"
    assert sorted(n.id for n in one.nodes) == [MET, "tower:end-user-services"]
    two = neighbourhood(sample_graph, "desktop", date(2019, 7, 1), depth=2)
    assert len(two.nodes) == 10 and len(two.edges) == 9


def test_in_house_is_each_buyers_own_node(sample_graph):
    lincs = neighbourhood(sample_graph, "Lincolnshire", date(2023, 1, 1))
    # the in-house contract replaced Serco's (stored contract succession): Serco comes in by a succession edge
    assert {(n.id, n.kind) for n in lincs.nodes} == {
        ("lincolnshire-police", "buyer"),
        ("in-house:lincolnshire-police", "in-house"),
        ("serco", "supplier"),
    }
    assert set(edges_of(lincs)) == {
        "holding:in-house:lincolnshire-police->lincolnshire-police",
        "succession:serco->in-house:lincolnshire-police",
    }
    assert edges_of(lincs)["holding:in-house:lincolnshire-police->lincolnshire-police"] == "no tower given\n2020s–now"
    # two buyers' in-house teams are not one node: Cleveland is not Lincolnshire's neighbour
    deep = neighbourhood(sample_graph, "Lincolnshire", date(2023, 1, 1), depth=3)
    assert len(deep.nodes) == 3
    # in-house as the centre gathers the buyers that run things themselves, and whom they took over from
    centre = neighbourhood(sample_graph, "in-house", date(2023, 1, 1))
    assert sorted(n.id for n in centre.nodes) == [
        "cleveland-police",
        "in-house",
        "lincolnshire-police",
        "serco",
        "sopra-steria",
    ]
    assert len(centre.edges) == 4


def test_supplier_centre_and_shared_supplier_links_buyers(sample_graph, tmp_path):
    load_contracts(sample_graph, tmp_path, "x-bt-cleveland,Cleveland Police,BT,WAN,2018,2020,,,Network,https://x\n")
    one = neighbourhood(sample_graph, "British Telecommunications", date(2019, 7, 1))
    assert sorted(n.id for n in one.nodes) == ["bt", "cleveland-police", MET]
    # depth 2 adds what the two buyers hold: Met's other suppliers, the towers, and
    # Sopra Steria, whose Cleveland contract (2010s) still runs in 2019
    two = neighbourhood(sample_graph, "bt", date(2019, 7, 1), depth=2)
    assert sorted(n.id for n in two.nodes) == sorted(
        ["bt", "cleveland-police", MET, "atos", "dxc-technology", "accenture", "sopra-steria", *TOWER_IDS]
    )
    assert edges_of(two)["tower:cleveland-police->tower:networks"] == "BT\n2018–2020"
    # full after the first hop: the walk stops rather than expand the Met and Cleveland, and says so
    capped = neighbourhood(sample_graph, "bt", date(2019, 7, 1), depth=2, max_nodes=3)
    assert sorted(n.id for n in capped.nodes) == ["bt", "cleveland-police", MET]
    assert capped.truncated and "stopped at Metropolitan Police Service" in capped.cut


def test_cap_cuts_and_says_so(sample_graph):
    result = neighbourhood(sample_graph, MET, date(2019, 7, 1), max_nodes=3)
    assert len(result.nodes) == 3 and result.truncated and "3 nodes" in result.cut
    ids = {n.id for n in result.nodes}
    assert all(e.source in ids and e.target in ids for e in result.edges)
    assert len(result.edges) == 2


def test_bad_input(sample_graph):
    with pytest.raises(ParameterError, match="depth must be 1 to 3"):
        neighbourhood(sample_graph, MET, date(2019, 7, 1), depth=4)
    with pytest.raises(ParameterError, match="depth must be 1 to 3"):
        neighbourhood(sample_graph, MET, date(2019, 7, 1), depth=0)
    with pytest.raises(NotFoundError, match="unknown buyer, supplier or tower 'Atlantis'"):
        neighbourhood(sample_graph, "Atlantis", date(2019, 7, 1))


def test_search_suggests_by_name_and_alias(sample_graph):
    met = search(sample_graph, "Met")
    assert [(s.id, s.kind) for s in met] == [(MET, "buyer")]
    assert [(s.id, s.matched) for s in search(sample_graph, "desk")] == [("tower:end-user-services", "desktop")]
    dxc = search(sample_graph, "dx")
    assert [(s.id, s.name, s.kind, s.matched) for s in dxc] == [("dxc-technology", "DXC Technology", "supplier", None)]
    assert [s.id for s in search(sample_graph, "british")] == ["bt"]
    assert search(sample_graph, "  ") == []


def test_networkx_graph_has_the_same_nodes_and_edges(sample_graph):
    result = neighbourhood(sample_graph, MET, date(2019, 7, 1))
    g = to_networkx(result)
    assert set(g.nodes) == {n.id for n in result.nodes}
    assert g.number_of_edges() == 9
    assert g.nodes["bt"]["kind"] == "supplier" and g.nodes[MET]["label"] == "Metropolitan Police Service"
    assert g.edges["bt", MET]["label"] == "Networks\n2015–2021"
    assert g.edges["bt", MET]["contracts"][0]["id"] == "met-bt-networks"
