"""The API answers the article's questions, and the saved files give the same rows run by hand."""

import datetime

import pytest

from supplygraph.graph import query_library
from supplygraph.graph.errors import QueryRefusedError
from supplygraph.graph.predecessors import THRESHOLD
from tests.helpers import checksum


@pytest.mark.parametrize(
    "tower, before",
    [("networks", "BT"), ("hosting", "DXC Technology"), ("service integration", "Atos"), ("desktop", "DXC Technology")],
)
def test_who_held_the_mets_tower_before_capgemini(client, tower, before):
    body = client.get(f"/api/buyers/Met Police/towers/{tower}/predecessor", params={"supplier": "Capgemini"}).json()
    assert body["holder"]["supplier"]["name"] == "Capgemini"
    assert body["predecessor"]["supplier"]["name"] == before


def test_succession_of_met_networks(client):
    body = client.get("/api/buyers/the met/towers/Networks/succession").json()
    assert [(s["seq"], s["supplier"]["id"], s["start"], s["end"]) for s in body["spells"]] == [
        (1, "bt", "2015-01-01", "2021-12-31"),
        (2, "capgemini", "2021-01-01", "2026-12-31"),
    ]


def test_capgemini_returns_to_the_met(client):
    body = client.get("/api/returns").json()
    assert [
        (
            r["supplier"]["name"],
            r["buyer"]["name"],
            r["left"],
            r["left_precision"],
            r["returned"],
            r["returned_precision"],
            r["gap_days"],
        )
        for r in body["returns"]
    ] == [
        ("Capgemini", "Metropolitan Police Service", "2015-12-31", "year", "2021-01-01", "year", 1828),
    ]
    assert client.get("/api/returns", params={"min_gap_days": 1829}).json()["returns"] == []


def test_lincolnshire_and_cleveland_insourcing_comes_from_contract_succession(client):
    # Their Serco / Sopra Steria (2010s) and in-house (2020s) contracts name no tower, so they form no tenure
    # (a "(tower not known)" lump made unrelated services look like switches, issue #13). Which contract
    # replaced which is the stored contract succession (issue #14): each in-house contract succeeds the
    # supplier's, the decade 2010s ending on 2019-12-31 and the 2020s starting the next day.
    events = client.get("/api/insourcing").json()["events"]
    assert [
        (e["kind"], e["buyer"]["name"], e["tower"], e["from"]["name"], e["from_end"], e["to"]["id"], e["to_start"])
        for e in events
    ] == [
        ("insourcing", "Cleveland Police", None, "Sopra Steria", "2019-12-31", "in-house", "2020-01-01"),
        ("insourcing", "Lincolnshire Police", None, "Serco", "2019-12-31", "in-house", "2020-01-01"),
    ]
    assert all(e["basis"] == "contract succession" and e["score"] >= THRESHOLD for e in events)


def test_capgemini_deal_consolidates_atos_bt_and_dxc(client):
    events = client.get("/api/consolidations").json()["events"]
    assert [(e["kind"], e["contract_id"], e["other_suppliers"]) for e in events] == [
        ("consolidation", "met-capgemini-infrastructure", ["Atos", "BT", "DXC Technology"]),
    ]
    [named_two] = client.get("/api/consolidations", params={"names": 2}).json()["events"]
    assert (named_two["other_count"], named_two["other_suppliers"]) == (3, ["Atos", "BT"])
    assert client.get("/api/consolidations", params={"names": -1}).status_code == 422
    assert client.get("/api/consolidations", params={"since": "2021-01-01"}).json()["events"] == []
    assert len(client.get("/api/consolidations", params={"since": "2020-12-31", "limit": 1}).json()["events"]) == 1


def test_expiring_and_footprint_and_search(client):
    ending = client.get("/api/expiring", params={"from": "2026-01-01", "months": 12}).json()["contracts"]
    assert [(c["contract_id"], c["value"], c["currency"]) for c in ending] == [
        ("met-capgemini-infrastructure", 600000000.0, "GBP"),
    ]
    held = client.get("/api/suppliers/CAPGEMINI UK PLC/footprint", params={"as_of": "2010-06-01"}).json()["held"]
    assert [(h["buyer"]["id"], h["tower"]) for h in held] == [("metropolitan-police-service", None)]
    assert [o["id"] for o in client.get("/api/buyers", params={"q": "shire"}).json()["organisations"]] == [
        "lincolnshire-police",
    ]
    assert [t["id"] for t in client.get("/api/towers", params={"q": "siam"}).json()["towers"]] == [
        "service-integration"
    ]


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/api/buyers/Met Police/towers/networks/predecessor", 400, "give exactly one of supplier or as_of"),
        ("/api/buyers/Met Police/towers/networks/predecessor?supplier=Nobody", 404, "unknown supplier 'Nobody'"),
        ("/api/buyers/Met Police/towers/canteen/succession", 404, "unknown tower 'canteen'"),
        ("/api/returns?supplier=Nobody", 404, "unknown supplier 'Nobody'"),
    ],
)
def test_bad_requests_say_what_is_wrong(client, url, status, message):
    answer = client.get(url)
    assert answer.status_code == status
    assert answer.json()["detail"] == message


def test_saved_query_endpoint_validates_parameters(client):
    ok = client.post("/api/queries/holders", json={"buyer": "Met Police", "tower": "networks", "as_of": "2019-06-01"})
    assert ok.status_code == 200 and [r["supplier_id"] for r in ok.json()["rows"]] == ["bt"]
    by_alias = client.post("/api/queries/holders", json={"buyer": "THE MET", "tower": "WAN", "as_of": "2019-06-01"})
    assert by_alias.json()["rows"] == ok.json()["rows"]
    cases = [
        ("nope", {}, 404, "unknown saved query 'nope'"),
        ("holders", {"buyer": "Met"}, 400, "needs parameter 'tower'"),
        ("holders", {"buyer": "Met", "tower": "networks", "as_of": "June"}, 400, "must be date"),
        ("holders", {"buyer": "Met", "tower": "networks", "as_of": "2019-06-01", "x": 1}, 400, "no parameter(s) x"),
        ("returns", {"min_gap_days": "a year"}, 400, "must be integer"),
        # names are resolved before the query runs: an unknown one is an error, not an empty answer
        ("holders", {"buyer": "Atlantis", "tower": "networks", "as_of": "2019-06-01"}, 404, "unknown buyer 'Atlantis'"),
        ("holders", {"buyer": "Met", "tower": "canteen", "as_of": "2019-06-01"}, 404, "unknown tower 'canteen'"),
        ("returns", {"supplier": "Met Police"}, 404, "unknown supplier 'Met Police'"),
    ]
    for name, params, status, message in cases:
        answer = client.post(f"/api/queries/{name}", json=params)
        assert answer.status_code == status, (name, params, answer.text)
        assert message in answer.json()["detail"]


# What an analyst types in Neo4j Browser for the headers' examples: the id of the organisation or tower an
# example names (the library resolves names before running a query), and the key of a key parameter.
EXAMPLE_IDS = {
    "Met Police": "metropolitan-police-service",
    "Lincolnshire": "lincolnshire-police",
    "Capgemini": "capgemini",
    "networks": "networks",
}
EXAMPLE_KEYS = {"Met Police": "met police", "police": "police", "met-bt-networks": "met-bt-networks"}


def _example_params(saved):
    """Parameters from the file header's examples, converted by hand as an analyst would with :param."""
    params = {}
    for p in saved.params:
        if p.example is None:
            params[p.name] = None if not p.required else pytest.fail(f"{saved.name}: {p.name} has no example")
            continue
        params[p.name] = {
            "date": lambda v: datetime.date.fromisoformat(v),
            # a day as "known on" means the end of that day, UTC
            "datetime": lambda v: datetime.datetime.combine(
                datetime.date.fromisoformat(v), datetime.time.max, tzinfo=datetime.UTC
            ),
            "integer": int,
            "string": str,
            "key": EXAMPLE_KEYS.__getitem__,
            "buyer": EXAMPLE_IDS.__getitem__,
            "supplier": EXAMPLE_IDS.__getitem__,
            "tower": EXAMPLE_IDS.__getitem__,
        }[p.type](p.example)
    return params


def test_every_saved_file_run_directly_gives_the_apis_rows(client, sample_graph):
    for saved in query_library.library().values():
        params = _example_params(saved)
        with sample_graph.driver.session(database=sample_graph.database) as session:
            direct = [r.data() for r in session.run(saved.text, params)]
        body = {p.name: (params[p.name] if p.type in ("integer", "string") else p.example) for p in saved.params}
        via_api = client.post(f"/api/queries/{saved.name}", json=body)
        assert via_api.status_code == 200, (saved.name, via_api.text)
        assert via_api.json()["rows"] == direct, saved.name
        assert via_api.json()["columns"] == [c for c, _ in saved.columns], saved.name


def test_every_saved_file_has_a_documented_header():
    names = set(query_library.library())
    assert {
        "holders",
        "succession",
        "predecessor",
        "returns",
        "insourcing",
        "consolidations",
        "expiring",
        "footprint",
        "portfolio",
        "switching-matrix",
    } <= names
    for saved in query_library.library().values():
        assert saved.description and saved.columns, saved.name
        assert all(p.doc for p in saved.params) and all(d for _, d in saved.columns), saved.name


@pytest.fixture
def evil_library(tmp_path, monkeypatch):
    (tmp_path / "evil.cypher").write_text(
        "// @name evil\n// @description Tries to write.\n// @column n -- nothing\nCREATE (n:Intruder) RETURN n\n"
    )
    monkeypatch.setenv("SUPPLYGRAPH_QUERIES", str(tmp_path))


def test_a_saved_query_that_writes_is_refused_by_the_runner(sample_graph, evil_library):
    before = checksum(sample_graph)
    with pytest.raises(QueryRefusedError, match="Neo4j refused query 'evil'"):
        query_library.run(sample_graph, "evil")
    assert checksum(sample_graph) == before


def test_a_saved_query_that_writes_is_refused_by_the_api(client, sample_graph, evil_library):
    before = checksum(sample_graph)
    answer = client.post("/api/queries/evil", json={})
    assert answer.status_code == 400
    assert "Writing in read access mode not allowed" in answer.json()["detail"]
    assert checksum(sample_graph) == before
