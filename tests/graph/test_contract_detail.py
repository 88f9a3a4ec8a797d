"""GET /api/contracts/{id}: a contract with every source that asserted it (issue 4, provenance)."""

from __future__ import annotations

import csv
import io

from supplygraph.loaders import load_paths
from tests.helpers import OCDS_DATA, SAMPLE

MET_OCDS = OCDS_DATA / "met-capgemini-2021.json"
ARTICLE = "Met Police awards £600m deal to Capgemini"  # cited by its title: no confirmed address


def test_a_deal_history_contract_lists_its_article(client):
    body = client.get("/api/contracts/met-capgemini-infrastructure").json()
    assert body["buyer"] == {"id": "metropolitan-police-service", "name": "Metropolitan Police Service"}
    assert body["suppliers"] == [{"id": "capgemini", "name": "Capgemini"}]
    assert body["towers"] == ["end-user-services", "hosting", "networks", "service-integration"]
    assert (body["start"], body["end"], body["value"], body["status"], body["holds"]) == (
        "2021-01-01",
        "2026-12-31",
        600000000.0,
        "active",
        True,
    )
    assert body["sources"] == [
        {
            "url": None,
            "title": ARTICLE,
            "published": "2021-01-01",
            "published_precision": "year",
        }
    ]
    assert body["ocid"] is None and body["cpv_codes"] is None


def test_a_second_source_for_the_same_contract_is_kept_beside_the_first(client, sample_graph, tmp_path):
    with (SAMPLE / "contracts.csv").open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["contract_id"] == "met-capgemini-infrastructure"]
    row = {
        **rows[0],
        "source_url": "https://example.org/notices/met-infrastructure-award",
        "source_title": "Contract award notice",
        "source_published": "2021-03-29",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    (tmp_path / "contracts.csv").write_text(out.getvalue(), encoding="utf-8")
    load_paths(sample_graph, [tmp_path / "contracts.csv"])
    body = client.get("/api/contracts/met-capgemini-infrastructure").json()
    assert [(s["url"], s["title"], s["published"], s["published_precision"]) for s in body["sources"]] == [
        (None, ARTICLE, "2021-01-01", "year"),
        ("https://example.org/notices/met-infrastructure-award", "Contract award notice", "2021-03-29", "day"),
    ]


def test_an_ocds_contract_id_with_a_slash_and_its_notice(client, sample_graph):
    load_paths(sample_graph, [MET_OCDS])
    body = client.get("/api/contracts/ocds-test-met-pegasus-infra/award-1").json()
    assert body["id"] == "ocds-test-met-pegasus-infra/award-1"
    assert body["suppliers"] == [{"id": "capgemini", "name": "Capgemini"}]
    assert (body["ocid"], body["release_id"]) == ("ocds-test-met-pegasus-infra", "ocds-test-met-pegasus-infra-award")
    assert body["cpv_codes"] == ["72310000", "72611000", "72720000", "72500000"]
    assert (body["start"], body["end"], body["max_extent"]) == ("2021-06-01", "2026-05-31", None)
    assert body["sources"] == [
        {
            "url": "https://example.org/notices/met-pegasus-infrastructure-award",
            "title": "Contract award notice",
            "published": "2021-03-29",
            "published_precision": "day",
        }
    ]


def test_an_unknown_contract_is_404(client):
    answer = client.get("/api/contracts/no-such-contract")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "unknown contract 'no-such-contract'"}
