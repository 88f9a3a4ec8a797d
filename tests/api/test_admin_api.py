"""Write endpoints need the API key; without one configured they are off."""

import pytest

from tests.helpers import CONTRACT_HEADER, checksum, client_for

CSV = CONTRACT_HEADER + "k1,Kent Police,Atos,networks,2020,,,,t,https://x\n"


@pytest.fixture
def client(graph):
    return client_for(graph)


def test_write_endpoints_are_off_without_a_configured_key(client, graph, monkeypatch):
    monkeypatch.delenv("SUPPLYGRAPH_API_KEY", raising=False)
    before = checksum(graph)
    answer = client.post("/api/admin/load", content=CSV, headers={"X-API-Key": "anything"})
    assert answer.status_code == 403 and "set SUPPLYGRAPH_API_KEY" in answer.json()["detail"]
    assert checksum(graph) == before


def test_the_key_is_required_and_checked(client, graph, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_API_KEY", "s3cret")
    before = checksum(graph)
    assert client.post("/api/admin/load", content=CSV).status_code == 401
    assert client.post("/api/admin/load", content=CSV, headers={"X-API-Key": "wrong"}).status_code == 401
    assert checksum(graph) == before
    ok = client.post("/api/admin/load", content=CSV, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json() == {"file": "contracts.csv", "contracts": 1, "organisations": 0}
    holders = client.get("/api/buyers/Kent Police/towers/networks/holders", params={"as_of": "2020-06-01"}).json()
    assert [h["supplier"]["id"] for h in holders["holders"]] == ["atos"]


def test_a_bad_upload_names_the_uploaded_file_row_and_field(client, graph, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_API_KEY", "s3cret")
    before = checksum(graph)
    bad = CONTRACT_HEADER + "k1,Kent Police,Atos,netwerks,2020,,,,t,https://x\n"
    answer = client.post(
        "/api/admin/load", params={"filename": "kent.csv"}, content=bad, headers={"X-API-Key": "s3cret"}
    )
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("kent.csv, row 2, field 'towers': unknown tower 'netwerks'")
    assert checksum(graph) == before
    assert (
        client.post(
            "/api/admin/load", params={"filename": "../etc/x.csv"}, content=CSV, headers={"X-API-Key": "s3cret"}
        ).status_code
        == 400
    )
