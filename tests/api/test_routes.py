"""Every route is registered once, in api/app.py, under the URL and OpenAPI tag clients rely on."""

from fastapi.testclient import TestClient

from supplygraph.api.app import create_app

OPERATIONS = {
    ("GET", "/health"): "health",
    ("GET", "/api/buyers/{buyer}/towers/{tower}/holders"): "holdings",
    ("GET", "/api/buyers/{buyer}/towers/{tower}/succession"): "succession",
    ("GET", "/api/buyers/{buyer}/towers/{tower}/predecessor"): "succession",
    ("GET", "/api/returns"): "market",
    ("GET", "/api/insourcing"): "market",
    ("GET", "/api/consolidations"): "market",
    ("GET", "/api/switching"): "market",
    ("GET", "/api/expiring"): "pipeline",
    ("GET", "/api/open-processes"): "pipeline",
    ("GET", "/api/pipeline"): "pipeline",
    ("GET", "/api/sources"): "sources",
    ("GET", "/api/feeds/pipeline.atom"): "pipeline",
    ("GET", "/api/buyers"): "organisations",
    ("GET", "/api/suppliers"): "organisations",
    ("GET", "/api/towers"): "organisations",
    ("GET", "/api/suppliers/{supplier}/footprint"): "organisations",
    ("GET", "/api/buyers/{buyer}/portfolio"): "organisations",
    ("GET", "/api/organisations/candidates"): "organisations",
    ("GET", "/api/queries"): "saved queries",
    ("POST", "/api/queries/{name}"): "saved queries",
    ("POST", "/api/admin/load"): "admin",
    ("GET", "/api/analytics/switching-network"): "analytics",
    ("GET", "/api/analytics/centrality"): "analytics",
    ("GET", "/api/analytics/concentration"): "analytics",
    ("GET", "/api/graph"): "explorer",
    ("GET", "/api/graph.html"): "explorer",
    ("GET", "/api/search"): "explorer",
    ("GET", "/api/contracts"): "contracts",
    ("GET", "/api/contracts/{contract_id}"): "contracts",
    ("GET", "/api/contracts/{contract_id}/predecessors"): "contracts",
    ("GET", "/api/contracts/{contract_id}/successors"): "contracts",
}


def test_each_operation_has_its_url_and_one_tag():
    paths = create_app().openapi()["paths"]
    found = {(method.upper(), path): op["tags"] for path, ops in paths.items() for method, op in ops.items()}
    assert found == {operation: [tag] for operation, tag in OPERATIONS.items()}


def test_the_explorer_page_is_served_outside_the_schema():
    client = TestClient(create_app())
    home = client.get("/", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (307, "/explore")
    assert client.get("/explore").text.startswith("<!doctype html>")
    assert client.get("/static/explore/explore.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/explore/secrets.txt").status_code == 404
