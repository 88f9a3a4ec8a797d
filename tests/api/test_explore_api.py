"""The explorer's HTTP side: /api/graph, /api/search, /api/graph.html, the page and its files."""

import pytest

MET = "metropolitan-police-service"


def test_graph_of_the_met_in_2019(client):
    r = client.get("/api/graph", params={"center": "Met Police", "as_of": "2019-07-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["center"] == {"id": MET, "label": "Metropolitan Police Service", "kind": "buyer", "center": MET}
    assert (len(body["nodes"]), len(body["edges"]), body["truncated"], body["cut"]) == (10, 9, False, None)
    bt = next(e for e in body["edges"] if e["id"] == f"holding:bt->{MET}")
    assert bt["label"] == "Networks\n2015–2021" and bt["towers"] == ["networks"]
    (contract,) = bt["contracts"]
    assert (
        contract["id"],
        contract["start"],
        contract["start_precision"],
        contract["end"],
        contract["end_precision"],
    ) == ("met-bt-networks", "2015-01-01", "year", "2021-12-31", "year")
    assert contract["sources"] == [{"url": None, "title": "Met Police awards £600m deal to Capgemini"}]


def test_graph_says_when_it_cut(client):
    body = client.get("/api/graph", params={"center": MET, "as_of": "2019-07-01", "max_nodes": 4}).json()
    assert body["truncated"] is True and len(body["nodes"]) == 4
    assert body["cut"] == "more than 4 nodes: the walk stopped adding nodes there"


def test_tower_node_ids_round_trip_as_centres(client):
    body = client.get("/api/graph", params={"center": "tower:networks", "as_of": "2023-07-01"}).json()
    assert [n["id"] for n in body["nodes"]] == ["tower:networks", MET]
    assert [e["label"] for e in body["edges"]] == ["Capgemini\n2021–2026"]


@pytest.mark.parametrize(
    "params, status, detail",
    [
        ({"center": "Met", "as_of": "2019-07-01", "depth": 4}, 422, None),
        ({"center": "Met", "as_of": "2019-07-01", "depth": 0}, 422, None),
        ({"center": "Met", "as_of": "2019-13-01"}, 422, None),
        ({"center": "Met", "as_of": "2019-07-01", "max_nodes": 501}, 422, None),
        ({"as_of": "2019-07-01"}, 422, None),
        ({"center": "Atlantis", "as_of": "2019-07-01"}, 404, "unknown buyer, supplier or tower 'Atlantis'"),
        ({"center": "tower:catering", "as_of": "2019-07-01"}, 404, "unknown tower 'catering'"),
    ],
)
def test_bad_graph_requests_are_4xx(client, params, status, detail):
    for path in ("/api/graph", "/api/graph.html"):
        r = client.get(path, params=params)
        assert r.status_code == status, (path, r.text)
        if detail:
            assert r.json()["detail"] == detail


def test_search_suggestions(client):
    assert client.get("/api/search", params={"q": "Met"}).json() == [
        {"id": MET, "name": "Metropolitan Police Service", "kind": "buyer", "matched": None}
    ]
    assert client.get("/api/search", params={"q": "siam"}).json() == [
        {"id": "tower:service-integration", "name": "Service Integration", "kind": "tower", "matched": "siam"}
    ]
    assert client.get("/api/search", params={"q": "In-house"}).json()[0]["kind"] == "in-house"
    assert client.get("/api/search", params={"q": ""}).json() == []


def test_root_redirects_to_the_explorer_whose_files_are_local(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/explore"
    page = client.get("/explore")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "http://" not in page.text and "https://" not in page.text
    for path in (
        "/static/vis/vis-network.min.js",
        "/static/vis/vis-network.css",
        "/static/explore/explore.js",
        "/static/explore/explore.css",
    ):
        assert f'"{path}"' in page.text
        r = client.get(path)
        assert r.status_code == 200 and len(r.content) > 1000, path
    assert client.get("/static/vis/..%2F..%2F__init__.py").status_code == 404
    assert client.get("/static/explore/nothing.js").status_code == 404
