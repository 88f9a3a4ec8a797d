"""Coverage per publisher and year (supplygraph sources): what the loads read, and what the graph holds."""

from __future__ import annotations

import json

from supplygraph.graph.sources import sources
from supplygraph.loaders import load_paths
from supplygraph.loaders.coverage import DEAL_HISTORY, UNREADABLE
from tests.helpers import OCDS_DATA, client_for, run_cli
from tests.loaders.test_contracts_finder_real import AWARDED_2020_07, AWARDED_2020_09, rows_of, write_rows

MET_CAPGEMINI = OCDS_DATA / "met-capgemini-2021.json"  # one release of 2021, publisher named in the package
HAND_WRITTEN = "Hand-written test data (not a real notice)"


def _row(rows: list[dict], publisher: str, year: int | None) -> dict:
    [row] = [r for r in rows if r["publisher"] == publisher and r["year"] == year]
    return row


def _counts(row: dict) -> tuple:
    keys = ("files", "notices_read", "notices_loaded", "notices_rejected", "contracts", "with_tower", "it_other")
    return tuple(row[k] for k in keys) + (row["suppliers"], row["suppliers_with_identifier"])


def test_a_contracts_finder_export_with_a_rejected_row_is_counted_by_publication_year(graph, tmp_path):
    # The three real September 2020 notices (education support, legal services, care: no IT) and a row one
    # cell short of a 2020-07 export's header: refused, but its Published Date cell still gives its year.
    header, rows = rows_of(AWARDED_2020_09)
    _, july = rows_of(AWARDED_2020_07)
    ragged = july[1][:-1]
    assert ragged[4].startswith("2020-")
    export = write_rows(tmp_path / "export.csv", header, [*rows, ragged])
    report = load_paths(graph, [export, MET_CAPGEMINI], rejects=tmp_path / "rejects.csv")
    assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (5, 4, 1)

    answer = sources(graph)
    assert [(r["publisher"], r["year"]) for r in answer] == [("Contracts Finder", 2020), (HAND_WRITTEN, 2021)]
    # suppliers: Mott Macdonald; Trowers & Hamlins LLP (OC337852) and Hugh James; Abbots Care and Care By Us
    assert _counts(_row(answer, "Contracts Finder", 2020)) == (1, 4, 3, 1, 3, 0, 0, 5, 1)
    # the Met's 2021 infrastructure contract with Capgemini (GB-COH-00943935): four towers
    assert _counts(_row(answer, HAND_WRITTEN, 2021)) == (1, 1, 1, 0, 1, 1, 0, 1, 1)


def test_loading_a_file_again_replaces_its_counts_and_an_unreadable_file_is_one_rejected_record(graph, tmp_path):
    for _ in range(2):
        load_paths(graph, [AWARDED_2020_09], rejects=tmp_path / "rejects.csv")
    assert _counts(_row(sources(graph), "Contracts Finder", 2020)) == (1, 3, 3, 0, 3, 0, 0, 5, 1)

    broken = tmp_path / "broken.json"
    broken.write_text('{"releases": [{"ocid": "ocds-1"', encoding="utf-8")  # truncated
    load_paths(graph, [broken], rejects=tmp_path / "rejects.csv")
    assert _counts(_row(sources(graph), UNREADABLE, None)) == (1, 1, 0, 1, 0, 0, 0, 0, 0)
    assert [r["publisher"] for r in sources(graph, "Contracts Finder")] == ["Contracts Finder"]


def test_the_sample_is_deal_history_and_the_cli_and_api_give_the_same_rows(sample_graph):
    answer = sources(sample_graph)
    assert {r["publisher"] for r in answer} == {DEAL_HISTORY}
    contracts = sample_graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"]
    assert sum(r["contracts"] for r in answer) == contracts
    assert sum(r["notices_read"] for r in answer) == sum(r["notices_loaded"] for r in answer) == contracts
    assert all(r["files"] == 1 and r["notices_rejected"] == 0 for r in answer)

    api = client_for(sample_graph).get("/api/sources", params={"publisher": DEAL_HISTORY})
    assert api.status_code == 200
    assert api.json()["sources"] == answer
    cli = run_cli("sources", "--format", "json")
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == answer


def test_a_bare_release_is_counted_under_its_ocid_prefix_and_its_contracts_with_it(graph, tmp_path):
    # Public Contracts Scotland and Sell2Wales publish bare releases, with no package to name a publisher;
    # every OCDS publisher registers an ocid prefix, which still says whose a release is.
    release = json.loads((OCDS_DATA / "bare-release.json").read_text(encoding="utf-8"))
    release["ocid"] = "ocds-abc123-000042"
    prefixed = tmp_path / "prefixed.json"
    prefixed.write_text(json.dumps(release), encoding="utf-8")
    load_paths(graph, [prefixed, OCDS_DATA / "bare-release.json"])  # the test file's ocid has no prefix
    rows = sources(graph)
    assert [(r["publisher"], r["year"], r["notices_read"], r["contracts"]) for r in rows] == [
        ("(publisher not stated)", 2019, 1, 1),
        ("ocid prefix ocds-abc123 (publisher not stated)", 2019, 1, 1),
    ]
