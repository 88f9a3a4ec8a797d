"""`supplygraph orgs explain`: the names and identifiers merged into an organisation, and why."""

from __future__ import annotations

from supplygraph.graph.org_explain import explain
from supplygraph.loaders import load_paths
from tests.helpers import OCDS_DATA

MET_OCDS = OCDS_DATA / "met-capgemini-2021.json"


def test_capgemini_shows_the_names_and_the_companies_house_id_merged_into_it(sample_graph):
    load_paths(sample_graph, [MET_OCDS])
    e = explain(sample_graph, "Capgemini")
    assert (e.id, e.name) == ("capgemini", "Capgemini")
    assert [(m.kind, m.text) for m in e.merged] == [
        ("name", "Capgemini"),
        ("alias", "Capgemini UK"),
        ("alias", "CAPGEMINI UK PLC"),
        ("identifier", "GB-COH-00943935"),
    ]
    assert all("ignored: 'capgemini'" in m.why for m in e.merged if m.kind == "alias")
    # primary partner (1990s-2015), the 2021 CSV deal, the 2021 OCDS award
    assert (e.contracts_as_supplier, e.contracts_as_buyer) == (3, 0)
    assert "gb coh 00943935" in e.keys
    assert e.shared_keys == {}


def test_the_identifier_finds_the_organisation_too(sample_graph):
    load_paths(sample_graph, [MET_OCDS])
    assert explain(sample_graph, "GB-COH-00943935").id == "capgemini"


def test_the_cli_prints_the_merges(sample_graph):
    from tests.helpers import run_cli

    load_paths(sample_graph, [MET_OCDS])
    done = run_cli("orgs", "explain", "capgemini uk plc")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Capgemini (id capgemini): 3 contract(s) as supplier, 0 as buyer"
    assert lines[1] == "merged into it:"
    assert [line.split()[:2] for line in lines[2:6]] == [
        ["name", "Capgemini"],
        ["alias", "Capgemini"],
        ["alias", "CAPGEMINI"],
        ["identifier", "GB-COH-00943935"],
    ]
    unknown = run_cli("orgs", "explain", "Nobody Ltd")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines()[-1] == "supplygraph: error: unknown organisation 'Nobody Ltd'"
