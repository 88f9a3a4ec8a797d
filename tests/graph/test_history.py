"""A corrected fact never silently replaces the old one: what we believed then stays answerable."""

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from supplygraph.api.app import create_app
from supplygraph.graph import succession as incumbency
from supplygraph.graph.holdings import holders
from tests.helpers import checksum, load_contracts

OLD = "k1,Kent Police,Atos,networks,2015-01-01,2020-12-31,,,networks,https://first.example/notice\n"
NEW = "k1,Kent Police,Atos,networks,2015-01-01,2022-12-31,,,networks,https://second.example/extension\n"


def recorded_at(graph, contract_id) -> datetime:
    """When the contract's current facts were loaded, as a time (not its text: Neo4j drops trailing zeros)."""
    at = graph.read("MATCH (c:Contract {id: $id}) RETURN c.recorded_at AS at", {"id": contract_id})[0]["at"]
    return at.to_native()  # Neo4j's clock counts milliseconds: nothing is lost to microseconds


@pytest.fixture
def corrected(graph, tmp_path):
    load_contracts(graph, tmp_path / "v1", OLD)
    first = recorded_at(graph, "k1")
    load_contracts(graph, tmp_path / "v2", NEW)
    second = recorded_at(graph, "k1")
    assert first < second
    return first, second


def test_the_old_end_date_stays_with_when_it_was_recorded_and_superseded(graph, corrected):
    first, second = corrected
    versions = graph.read(
        "MATCH (:Contract {id: 'k1'})-[:PREVIOUSLY]->(v:ContractVersion) "
        "RETURN toString(v.end) AS end, v.recorded_at AS recorded, v.superseded_at AS superseded, "
        "[(v)-[:SOURCED_FROM]->(s) | s.id] AS sources"
    )
    for v in versions:
        v["recorded"], v["superseded"] = v["recorded"].to_native(), v["superseded"].to_native()
    assert versions == [
        {"end": "2020-12-31", "recorded": first, "superseded": second, "sources": ["https://first.example/notice"]}
    ]
    sources = graph.read("MATCH (:Contract {id: 'k1'})-[:SOURCED_FROM]->(s) RETURN s.id AS s ORDER BY s")
    assert [s["s"] for s in sources] == ["https://first.example/notice", "https://second.example/extension"]


def test_holders_as_known_before_the_correction_give_the_old_answer(graph, corrected):
    first, second = corrected
    from datetime import date

    day = date(2021, 6, 1)
    assert [h["supplier_id"] for h in holders(graph, "Kent Police", "networks", day).holders] == ["atos"]
    assert holders(graph, "Kent Police", "networks", day, as_known_on=first).holders == []
    assert [h["end"] for h in holders(graph, "Kent Police", "networks", day, as_known_on=second).holders] == [
        "2022-12-31"
    ]
    before_anything = "2000-01-01"
    assert holders(graph, "Kent Police", "networks", date(2016, 1, 1), as_known_on=before_anything).holders == []


def test_succession_as_known_on_and_through_the_api(graph, corrected):
    first, _ = corrected
    then = incumbency.succession(graph, "Kent Police", "networks", as_known_on=first).spells
    assert [(s["supplier_id"], s["end"]) for s in then] == [("atos", "2020-12-31")]
    app = create_app()
    app.state.graph = graph
    client = TestClient(app)
    now = client.get("/api/buyers/Kent Police/towers/networks/succession").json()["spells"]
    assert [s["end"] for s in now] == ["2022-12-31"]
    old = client.get(
        "/api/buyers/Kent Police/towers/networks/succession", params={"as_known_on": first.isoformat()}
    ).json()["spells"]
    assert [s["end"] for s in old] == ["2020-12-31"]
    bad = client.get(
        "/api/buyers/Kent Police/towers/networks/holders", params={"as_of": "2021-06-01", "as_known_on": "yesterday"}
    )
    assert bad.status_code == 400 and "as_known_on" in bad.json()["detail"]


def test_reloading_the_same_facts_records_no_new_version(graph, corrected, tmp_path):
    before = checksum(graph, history=True), recorded_at(graph, "k1")
    load_contracts(graph, tmp_path / "v3", NEW)
    assert (checksum(graph, history=True), recorded_at(graph, "k1")) == before
    assert graph.read("MATCH (v:ContractVersion) RETURN count(v) AS n")[0]["n"] == 1
