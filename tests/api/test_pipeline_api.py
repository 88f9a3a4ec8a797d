"""The pipeline a bid team watches: expiry by maximum extension, holders, incumbent chains, Atom and CSV."""

from __future__ import annotations

import feedparser
import pytest
from click.testing import CliRunner

from supplygraph.cli.main import main
from supplygraph.graph import incumbents
from supplygraph.graph.predecessors import THRESHOLD
from supplygraph.loaders import load_paths
from tests.helpers import client_for, write_csv

HEADER = (
    "contract_id,buyer,supplier,towers,start,end,value,currency,status,title,description,source_url,source_published\n"
)
ROWS = """\
wan-2016,Kent Police,BT,networks,2016-01-01,2020-12-31,,,complete,Network services,Wide area network for 40 police sites,https://example.org/1,2015-10-01
wan-2021,Kent Police,Capita,networks,2021-01-01,2026-06-30,,,active,Network services re-procurement,Re-procurement of the wide area network for 40 police sites,https://example.org/2,2020-10-01
wan-2026,Kent Police,,networks,,,,,open,Network services,Replacement of the existing wide area network contract for police sites,https://example.org/3,2025-10-01
clean-2024,Kent Police,Mitie,,2024-04-01,2027-03-31,,,active,Office cleaning,Cleaning of police stations,https://example.org/4,2024-01-15
eus-2022,Essex Police,Computacenter,desktop,2022-02-01,2026-01-31,,,active,End user services,Desktop support,https://example.org/5,2021-11-01
"""


@pytest.fixture
def watched(graph, tmp_path):
    load_paths(graph, [write_csv(tmp_path, "contracts.csv", HEADER + ROWS)])
    incumbents.refresh(graph)
    return client_for(graph)


def test_the_pipeline_lists_contracts_ending_in_the_window_soonest_first(watched):
    answer = watched.get("/api/pipeline", params={"from": "2026-01-01", "within": "18m"}).json()
    assert [(c["contract_id"], c["expiry"], c["expiry_basis"]) for c in answer["contracts"]] == [
        ("eus-2022", "2026-01-31", "end"),
        ("wan-2021", "2026-06-30", "end"),
        ("clean-2024", "2027-03-31", "end"),
    ]
    wan = answer["contracts"][1]
    assert [s["name"] for s in wan["suppliers"]] == ["Capita"]
    assert [(s["contract_id"], s["suppliers"]) for s in wan["incumbent_chain"]] == [("wan-2016", ["BT"])]
    assert wan["incumbent_chain"][0]["score"] >= THRESHOLD
    assert wan["successor_process"]["contract_id"] == "wan-2026"


def test_filters_and_the_buyers_lead_time(watched):
    answer = watched.get(
        "/api/pipeline", params={"from": "2026-01-01", "within": "2y", "buyer": "Kent Police", "tower": "networks"}
    ).json()
    assert answer["months"] == 24
    assert [c["contract_id"] for c in answer["contracts"]] == ["wan-2021"]
    # one open process, published 2025-10-01 for a contract ending 2026-06-30: 272 days = 8.9 months
    assert answer["lead_time"] == {"median_months": 8.9, "processes": 1}
    assert watched.get("/api/pipeline", params={"within": "soon"}).status_code == 400


def test_open_processes_and_expiring_name_the_likely_incumbent(watched):
    rows = watched.get("/api/open-processes", params={"buyer": "Kent Police"}).json()["rows"]
    [process] = rows
    assert (process["contract_id"], process["incumbent_contract_id"]) == ("wan-2026", "wan-2021")
    assert process["incumbent_supplier_names"] == ["Capita"]
    assert process["incumbent_score"] >= THRESHOLD
    expiring = watched.get("/api/expiring", params={"from": "2026-06-01", "months": 1}).json()["contracts"]
    assert [
        (c["contract_id"], c["incumbent"]["contract_id"], c["successor_process"]["contract_id"]) for c in expiring
    ] == [("wan-2021", "wan-2016", "wan-2026")]


def test_contract_predecessors_with_evidence_and_all_candidates(watched):
    answer = watched.get("/api/contracts/wan-2021/predecessors").json()
    assert [c["contract_id"] for c in answer["contracts"]] == ["wan-2016"]
    assert "starts 1 days after the earlier contract ends" in answer["contracts"][0]["evidence"]
    everything = watched.get("/api/contracts/wan-2021/predecessors", params={"all": "true"}).json()["contracts"]
    assert [(c["contract_id"], c["above_threshold"]) for c in everything][0] == ("wan-2016", True)
    assert all(not c["above_threshold"] for c in everything[1:])
    assert [c["contract_id"] for c in watched.get("/api/contracts/wan-2016/successors").json()["contracts"]] == [
        "wan-2021"
    ]
    assert watched.get("/api/contracts/nope/predecessors").status_code == 404


def test_the_atom_feed_is_valid_and_has_one_entry_per_contract(watched):
    response = watched.get(
        "/api/feeds/pipeline.atom", params={"from": "2026-01-01", "within": "18m", "buyer": "Kent Police"}
    )
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "supplygraph pipeline: buyer Kent Police"
    assert [e.title for e in feed.entries] == [
        "2026-06-30: Network services re-procurement (Kent Police, Capita)",
        "2027-03-31: Office cleaning (Kent Police, Mitie)",
    ]
    assert feed.entries[0].id == "urn:supplygraph:contract:wan-2021:2026-06-30"
    assert "Replaced wan-2016 (BT, score" in feed.entries[0].summary


def test_the_pipeline_command_writes_csv_for_spreadsheets(watched):
    result = CliRunner().invoke(
        main, ["pipeline", "--from", "2026-01-01", "--within", "18m", "--tower", "networks", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "expiry,expiry_basis,contract_id,title,buyer_name,supplier_names,towers,service_class,value,currency,"
        "incumbent_chain,successor_process_id"
    )
    score = incumbents.predecessors(watched.app.state.graph, "wan-2021")[0]["score"]
    assert lines[1] == (
        "2026-06-30,end,wan-2021,Network services re-procurement,Kent Police,Capita,Networks,,,,"
        f'"wan-2016 (BT, {score})",wan-2026'
    )
