import pytest


@pytest.mark.parametrize(
    "tower, supplier",
    [("desktop", "DXC Technology"), ("networks", "BT"), ("SIAM", "Atos"), ("data centre", "DXC Technology")],
)
def test_met_holders_in_mid_2019(client, tower, supplier):
    answer = client.get(f"/api/buyers/Met Police/towers/{tower}/holders", params={"as_of": "2019-06-01"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["buyer"] == {"id": "metropolitan-police-service", "name": "Metropolitan Police Service"}
    assert [h["supplier"]["name"] for h in body["holders"]] == [supplier]


def test_holders_during_the_2021_transition_are_both_suppliers(client):
    body = client.get("/api/buyers/mps/towers/networks/holders", params={"as_of": "2021-06-01"}).json()
    assert [(h["supplier"]["id"], h["start"], h["end"], h["end_precision"]) for h in body["holders"]] == [
        ("bt", "2015-01-01", "2021-12-31", "year"),
        ("capgemini", "2021-01-01", "2026-12-31", "year"),
    ]


def test_in_house_is_reported_as_a_holder(client, graph, tmp_path):
    from tests.helpers import load_contracts

    load_contracts(graph, tmp_path, "x1,Lincolnshire Police,In-house,desktop,2020,,,,t,https://x\n")
    body = client.get("/api/buyers/lincolnshire/towers/desktop/holders", params={"as_of": "2022-01-01"}).json()
    assert [h["supplier"] for h in body["holders"]] == [{"id": "in-house", "name": "In-house"}]


def test_no_holder_before_any_contract(client):
    body = client.get("/api/buyers/Met Police/towers/networks/holders", params={"as_of": "2001-01-01"}).json()
    assert body["holders"] == []


def test_unknown_buyer_and_tower_are_404_naming_which(client):
    r = client.get("/api/buyers/Atlantis Police/towers/networks/holders", params={"as_of": "2019-06-01"})
    assert r.status_code == 404 and r.json()["detail"] == "unknown buyer 'Atlantis Police'"
    r = client.get("/api/buyers/Met Police/towers/catering/holders", params={"as_of": "2019-06-01"})
    assert r.status_code == 404 and r.json()["detail"] == "unknown tower 'catering'"


def test_bad_date_is_a_client_error(client):
    r = client.get("/api/buyers/Met Police/towers/networks/holders", params={"as_of": "2019-13-01"})
    assert r.status_code == 422


def test_health_says_neo4j_is_up(client):
    assert client.get("/health").json()["neo4j"] == "up"
