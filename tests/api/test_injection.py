"""Hostile text through every endpoint and the CLI: nothing is written, the answer is a clear 4xx."""

import subprocess
import sys
from urllib.parse import quote

import pytest

from tests.helpers import ROOT, checksum

PAYLOADS = [
    "x' }) DETACH DELETE n //",
    'Met Police"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "CREATE (n:Intruder) RETURN n",
    "CALL dbms.security.createUser('evil', 'evil', false)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Leak {line: line})",
    "MATCH (n) SET n.pwned = true",
    "{buyer}",
    "$buyer",
    "' OR 1=1 --",
    "\u0000",
]

GETS = [
    "/api/buyers/{p}/towers/networks/holders?as_of=2019-06-01",
    "/api/buyers/Met Police/towers/{p}/holders?as_of=2019-06-01",
    "/api/buyers/{p}/towers/networks/succession",
    "/api/buyers/Met Police/towers/networks/predecessor?supplier={p}",
    "/api/returns?supplier={p}",
    "/api/returns?buyer={p}",
    "/api/insourcing?buyer={p}",
    "/api/consolidations?buyer={p}",
    "/api/suppliers/{p}/footprint?as_of=2019-06-01",
    "/api/buyers/{p}/portfolio",
    "/api/buyers/Met Police/towers/networks/holders?as_of={p}",
    "/api/expiring?from={p}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_names_and_dates_are_4xx_and_write_nothing(client, sample_graph, payload):
    before = checksum(sample_graph)
    for template in GETS:
        url = template.replace("{p}", quote(payload, safe=""))
        answer = client.get(url)
        assert 400 <= answer.status_code < 500, (url, answer.status_code, answer.text)
        assert answer.json()["detail"], url
    assert checksum(sample_graph) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_saved_query_names_are_404_and_parameter_values_are_only_data(client, sample_graph, payload):
    before = checksum(sample_graph)
    named = client.post(f"/api/queries/{quote(payload, safe='')}", json={})
    assert named.status_code == 404, named.text
    # The path is decoded before routing: a "/" inside the name matches no route at all, while trailing
    # slashes are redirected away (Starlette's redirect_slashes) and the rest reaches the runner as a name.
    name = payload.rstrip("/")
    expected = "Not Found" if "/" in name else f"unknown saved query {name!r}"
    assert named.json()["detail"] == expected
    # As a parameter value the payload is only ever data: it names no buyer, and the answer says so.
    as_value = client.post("/api/queries/holders", json={"buyer": payload, "tower": "networks", "as_of": "2019-06-01"})
    assert (as_value.status_code, as_value.json()["detail"]) == (404, f"unknown buyer {payload!r}")
    as_param_name = client.post(
        "/api/queries/holders", json={payload: 1, "buyer": "Met", "tower": "x", "as_of": "2019-06-01"}
    )
    assert as_param_name.status_code == 400 and "has no parameter(s)" in as_param_name.json()["detail"]
    assert checksum(sample_graph) == before


@pytest.mark.parametrize("payload", PAYLOADS[:6])
def test_hostile_text_through_the_cli_writes_nothing(sample_graph, payload):
    before = checksum(sample_graph)
    as_name = subprocess.run(
        [sys.executable, "-m", "supplygraph", "query", payload], capture_output=True, text=True, cwd=ROOT
    )
    assert as_name.returncode == 1 and "unknown saved query" in as_name.stderr
    as_value = subprocess.run(
        [
            sys.executable,
            "-m",
            "supplygraph",
            "query",
            "holders",
            "-p",
            f"buyer={payload}",
            "-p",
            "tower=networks",
            "-p",
            "as_of=2019-06-01",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert as_value.returncode != 0 and as_value.stdout == ""
    assert as_value.stderr.strip().splitlines()[-1] == f"supplygraph: error: unknown buyer {payload!r}"
    assert checksum(sample_graph) == before


def test_cors_is_off_by_default(client):
    answer = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options(
        "/api/returns", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers
