"""Switching network, supplier centrality and concentration, against answers worked out by hand.

Sample successions (data/sample/contracts.csv): at the Met, DXC -> Capgemini on
hosting and on end-user services, BT -> Capgemini on networks, Atos ->
Capgemini on SIAM (2015-2021 then 2021-2026); Accenture alone on apps; the
Capgemini primary partnership (no tower) has no successor. Lincolnshire Serco ->
in-house and Cleveland Sopra Steria -> in-house name no tower, so they form no
tenure and no switch: before the tenure layer they were counted as switches on
a "(tower not known)" pseudo-tower, which lumped unrelated services together
(issue #13); which towerless contract replaced which is issue #14's question.
"""

import json

import pytest

from supplygraph.graph.analytics import concentration, supplier_centrality, switching_network
from supplygraph.graph.errors import NotFoundError, ParameterError
from tests.helpers import load_contracts


def test_switching_network_of_the_sample(sample_graph):
    g = switching_network(sample_graph)
    assert sorted((a, b, w) for a, b, w in g.edges(data="weight")) == [
        ("atos", "capgemini", 1),
        ("bt", "capgemini", 1),
        ("dxc-technology", "capgemini", 2),
    ]


def test_centrality_of_the_sample(sample_graph):
    rows = supplier_centrality(switching_network(sample_graph))
    # PageRank (d = 0.85, 4 nodes; Capgemini is dangling): every source gets x,
    # Capgemini x + 0.85 * 3x, total 6.55x = 1
    x = 1 / 6.55
    by_id = {r.id: r for r in rows}
    assert rows[0].id == "capgemini"
    assert by_id["capgemini"].pagerank == pytest.approx(3.55 * x, abs=1e-5)
    assert by_id["bt"].pagerank == pytest.approx(x, abs=1e-5)
    assert (by_id["capgemini"].won, by_id["capgemini"].lost) == (4, 0)
    assert (by_id["dxc-technology"].won, by_id["dxc-technology"].lost) == (0, 2)
    assert all(r.betweenness == 0 for r in rows)  # nobody both lost and won


def test_betweenness_of_a_chain(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """
        c1,X Police,Alpha,networks,2010,2012,,,n,https://x
        c2,X Police,Beta,networks,2013,2015,,,n,https://x
        c3,X Police,Gamma,networks,2016,2018,,,n,https://x
    """,
    )
    rows = {r.id: r for r in supplier_centrality(switching_network(graph))}
    # Beta is on the one path between the two others: 1 / ((n-1)(n-2)) = 1/2
    assert rows["beta"].betweenness == pytest.approx(0.5)
    assert rows["alpha"].betweenness == rows["gamma"].betweenness == 0
    assert (rows["beta"].won, rows["beta"].lost) == (1, 1)


def test_met_concentration_by_year(sample_graph):
    rows = concentration(sample_graph, "Met Police", 2014, 2028)
    got = {r.year: (r.towers, r.suppliers, r.largest, r.largest_towers, r.share) for r in rows}
    assert 2014 not in got  # Capgemini's primary partnership names no tower
    for year in range(2015, 2021):
        assert got[year] == (5, 4, ["DXC Technology"], 2, 0.4)
    assert got[2021] == (5, 5, ["Capgemini"], 4, 0.8)  # handover year: both old and new hold
    for year in range(2022, 2027):
        assert got[year] == (5, 2, ["Capgemini"], 4, 0.8)
    assert got[2027] == got[2028] == (1, 1, ["Accenture"], 1, 1.0)
    assert sorted(got) == list(range(2015, 2029))


def test_concentration_ties_and_all_buyers(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """
        a,Y Police,Alpha,networks;hosting,2019,2022,,,n,https://x
        b,Y Police,Beta,desktop;SIAM,2019,2022,,,n,https://x
        c,Z Police,Gamma,apps,2020,2020,,,n,https://x
    """,
    )
    rows = [(r.buyer_id, r.year, r.largest, r.share) for r in concentration(graph, from_year=2020, to_year=2021)]
    assert rows == [
        ("y-police", 2020, ["Alpha", "Beta"], 0.5),
        ("y-police", 2021, ["Alpha", "Beta"], 0.5),
        ("z-police", 2020, ["Gamma"], 1.0),
    ]


def test_concentration_bad_input(sample_graph):
    with pytest.raises(NotFoundError):
        concentration(sample_graph, "Atlantis")
    with pytest.raises(ParameterError, match="after"):
        concentration(sample_graph, None, 2020, 2010)


def test_analytics_api(sample_graph):
    from fastapi.testclient import TestClient

    from supplygraph.api.app import create_app

    app = create_app()
    app.state.graph = sample_graph
    client = TestClient(app)
    network = client.get("/api/analytics/switching-network").json()
    first = network["edges"][0]
    assert (first["source"], first["target"], first["switches"]) == ("dxc-technology", "capgemini", 2)
    assert sorted(first["examples"]) == [
        "Metropolitan Police Service / End User Services",
        "Metropolitan Police Service / Hosting",
    ]
    assert len(network["nodes"]) == 4 and len(network["edges"]) == 3
    top = client.get("/api/analytics/centrality").json()[0]
    assert (top["id"], top["won"], top["lost"]) == ("capgemini", 4, 0)
    rows = client.get(
        "/api/analytics/concentration", params={"buyer": "MPS", "from_year": 2021, "to_year": 2021}
    ).json()
    assert rows == [
        {
            "buyer_id": "metropolitan-police-service",
            "buyer_name": "Metropolitan Police Service",
            "year": 2021,
            "towers": 5,
            "suppliers": 5,
            "largest": ["Capgemini"],
            "largest_towers": 4,
            "share": 0.8,
        }
    ]
    assert client.get("/api/analytics/concentration", params={"buyer": "Atlantis"}).status_code == 404
    assert client.get("/api/analytics/concentration", params={"from_year": 2020, "to_year": 2010}).status_code == 400


def test_analytics_cli(sample_graph):
    from click.testing import CliRunner

    from supplygraph.cli.main import main

    runner = CliRunner()
    out = runner.invoke(main, ["concentration", "--buyer", "the Met", "--from-year", "2019", "--to-year", "2019"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[2].split() == [
        "Metropolitan",
        "Police",
        "Service",
        "2019",
        "5",
        "4",
        "DXC",
        "Technology",
        "(2)",
        "40%",
    ]
    out = runner.invoke(main, ["switching-network", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert [(e["from"]["id"], e["to"]["id"], e["switches"]) for e in json.loads(out.output)][0] == (
        "dxc-technology",
        "capgemini",
        2,
    )
    out = runner.invoke(main, ["supplier-centrality"])
    assert out.exit_code == 0 and out.output.splitlines()[2].split()[:3] == ["Capgemini", "4", "0"]
    out = runner.invoke(main, ["concentration", "--buyer", "Atlantis"])
    assert out.exit_code == 1 and "unknown buyer 'Atlantis'" in out.output
