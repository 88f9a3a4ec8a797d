"""`supplygraph orgs merge / split`: an analyst's corrections to entity resolution survive a reload."""

from __future__ import annotations

import pytest

from supplygraph.graph import succession as incumbency
from supplygraph.graph.errors import ParameterError
from supplygraph.graph.org_corrections import history, merge, split
from supplygraph.graph.org_explain import explain
from supplygraph.loaders import load_paths
from tests.helpers import CONTRACT_HEADER, write_csv

# "Kapgemini Services" is a spelling the name rules do not join to Capgemini
MERGE_ROWS = """\
k1,Northshire Council,Capgemini,hosting,2010-01-01,2014-12-31,,,first,https://x
k2,Northshire Council,Kapgemini Services,hosting,2015-01-01,2018-12-31,,,second,https://x
k3,Northshire Council,Atos,hosting,2019-01-01,2020-12-31,,,third,https://x
"""
MERGE_ORGS = """\
name,aliases,role,identifier,notes
Capgemini,Capgemini UK,supplier,,
Kapgemini Services,KS Ltd,supplier,GB-COH-00000999,
"""
# "CAPGEMINI UK PLC" is joined to Capgemini by the name rules (and by the alias list) but is, say, another company
SPLIT_ROWS = """\
s1,Northshire Council,Capgemini,networks,2010-01-01,2012-12-31,,,first,https://x
s2,Northshire Council,CAPGEMINI UK PLC,networks,2013-01-01,2016-12-31,,,second,https://x
s3,Northshire Council,Capgemini Ltd,networks,2017-01-01,2019-12-31,,,third,https://x
"""
SPLIT_ORGS = """\
name,aliases,role,identifier,notes
Capgemini,CAPGEMINI UK PLC;Capgemini Ltd,supplier,,
"""


def files(tmp_path, rows: str, orgs: str) -> list:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + rows),
        write_csv(tmp_path, "organisations.csv", orgs),
    ]


def spells(graph, tower):
    return [
        (s["supplier_id"], s["start"], s["end"], s["contract_ids"])
        for s in incumbency.succession(graph, "Northshire Council", tower).spells
    ]


def suppliers(graph) -> dict[str, list[tuple[str, str]]]:
    rows = graph.read("MATCH (c:Contract)-[r:AWARDED_TO]->(o) RETURN c.id AS c, o.id AS o, r.as_named AS n ORDER BY c")
    return {r["c"]: (r["o"], r["n"]) for r in rows}


def org_ids(graph) -> list[str]:
    return [r["id"] for r in graph.read("MATCH (o:Organisation:Supplier) RETURN o.id AS id ORDER BY id")]


def test_rows_keep_the_name_they_used(graph, tmp_path):
    load_paths(graph, files(tmp_path, SPLIT_ROWS, SPLIT_ORGS))
    assert suppliers(graph) == {
        "s1": ("capgemini", "Capgemini"),
        "s2": ("capgemini", "CAPGEMINI UK PLC"),
        "s3": ("capgemini", "Capgemini Ltd"),
    }
    assert graph.read("MATCH (:Buyer)-[r:AWARDED]->(:Contract {id: 's1'}) RETURN r.as_named AS n")[0]["n"] == (
        "Northshire Council"
    )


def test_merge_survives_a_reload_and_succession_follows_it(graph, tmp_path):
    paths = files(tmp_path, MERGE_ROWS, MERGE_ORGS)
    load_paths(graph, paths)
    assert spells(graph, "hosting") == [
        ("capgemini", "2010-01-01", "2014-12-31", ["k1"]),
        ("kapgemini-services", "2015-01-01", "2018-12-31", ["k2"]),
        ("atos", "2019-01-01", "2020-12-31", ["k3"]),
    ]
    done = merge(graph, "Capgemini", "KS Ltd", note="same company, misspelt", by="alice")
    assert (done.kind, done.organisation, done.other, done.names) == (
        "merge",
        "capgemini",
        "kapgemini-services",
        ["Kapgemini Services", "KS Ltd"],
    )
    merged = [
        ("capgemini", "2010-01-01", "2018-12-31", ["k1", "k2"]),
        ("atos", "2019-01-01", "2020-12-31", ["k3"]),
    ]
    for _ in range(2):  # right after the merge, then after reloading the same files
        assert spells(graph, "hosting") == merged
        assert org_ids(graph) == ["atos", "capgemini"]
        assert suppliers(graph)["k2"] == ("capgemini", "Kapgemini Services")
        e = explain(graph, "GB-COH-00000999")
        assert (e.id, e.name) == ("capgemini", "Capgemini")
        assert [(m.kind, m.text) for m in e.merged] == [
            ("name", "Capgemini"),
            ("alias", "Capgemini UK"),
            ("alias", "Kapgemini Services"),
            ("alias", "KS Ltd"),
            ("identifier", "GB-COH-00000999"),
        ]
        assert explain(graph, "Kapgemini Services").id == "capgemini"
        load_paths(graph, paths)
    assert [c.kind for c in history(graph, "capgemini")] == ["merge"]
    assert graph.read("MATCH (k:Correction) RETURN count(k) AS n")[0]["n"] == 1


def test_merged_name_in_new_data_resolves_to_the_survivor(graph, tmp_path):
    load_paths(graph, files(tmp_path / "a", MERGE_ROWS, MERGE_ORGS))
    merge(graph, "capgemini", "kapgemini-services", by="alice")
    (tmp_path / "b").mkdir()
    load_paths(
        graph,
        [
            write_csv(
                tmp_path / "b",
                "contracts.csv",
                CONTRACT_HEADER
                + ("k4,Northshire Council,KAPGEMINI SERVICES,hosting,2021-01-01,2022-12-31,,,fourth,https://x\n"),
            )
        ],
    )
    assert suppliers(graph)["k4"] == ("capgemini", "KAPGEMINI SERVICES")
    assert org_ids(graph) == ["atos", "capgemini"]


def test_split_survives_a_reload(graph, tmp_path):
    paths = files(tmp_path, SPLIT_ROWS, SPLIT_ORGS)
    load_paths(graph, paths)
    assert spells(graph, "networks") == [("capgemini", "2010-01-01", "2019-12-31", ["s1", "s2", "s3"])]
    done = split(graph, "Capgemini", "Capgemini UK plc", note="a different company", by="bob")
    assert (done.kind, done.organisation, done.other) == ("split", "capgemini", "capgemini-uk-plc")
    for _ in range(2):
        assert spells(graph, "networks") == [
            ("capgemini", "2010-01-01", "2012-12-31", ["s1"]),
            ("capgemini-uk-plc", "2013-01-01", "2016-12-31", ["s2"]),
            ("capgemini", "2017-01-01", "2019-12-31", ["s3"]),
        ]
        assert org_ids(graph) == ["capgemini", "capgemini-uk-plc"]
        assert explain(graph, "CAPGEMINI UK PLC").id == "capgemini-uk-plc"
        assert [(m.kind, m.text) for m in explain(graph, "Capgemini").merged] == [
            ("name", "Capgemini"),
            ("alias", "Capgemini Ltd"),
        ]
        load_paths(graph, paths)
    assert [c.kind for c in history(graph, "capgemini-uk-plc")] == ["split"]


def test_a_later_merge_undoes_a_split_and_stays_undone(graph, tmp_path):
    paths = files(tmp_path, SPLIT_ROWS, SPLIT_ORGS)
    load_paths(graph, paths)
    split(graph, "Capgemini", "CAPGEMINI UK PLC", by="bob")
    merge(graph, "Capgemini", "capgemini-uk-plc", note="no, it is the same", by="carol")
    for _ in range(2):
        assert spells(graph, "networks") == [("capgemini", "2010-01-01", "2019-12-31", ["s1", "s2", "s3"])]
        assert org_ids(graph) == ["capgemini"]
        load_paths(graph, paths)
    assert [(c.kind, c.by) for c in history(graph, "capgemini")] == [("split", "bob"), ("merge", "carol")]


def test_bad_corrections_are_refused_and_change_nothing(graph, tmp_path):
    load_paths(graph, files(tmp_path, SPLIT_ROWS, SPLIT_ORGS))
    with pytest.raises(ParameterError, match="already one organisation"):
        merge(graph, "Capgemini", "CAPGEMINI UK PLC")
    with pytest.raises(ParameterError, match="own name"):
        split(graph, "Capgemini", "CAPGEMINI")
    with pytest.raises(ParameterError, match="neither an alias"):
        split(graph, "Capgemini", "Sopra Steria")
    assert graph.read("MATCH (k:Correction) RETURN count(k) AS n")[0]["n"] == 0
    assert org_ids(graph) == ["capgemini"]


def test_cli_merge_and_explain_show_who_when_and_why(graph, tmp_path):
    from tests.helpers import run_cli

    load_paths(graph, files(tmp_path, MERGE_ROWS, MERGE_ORGS))
    done = run_cli("orgs", "merge", "Capgemini", "Kapgemini Services", "--note", "typo in the feed", "--by", "alice")
    assert done.returncode == 0, done.stderr
    assert "merged kapgemini-services (Kapgemini Services, KS Ltd) into capgemini by alice: typo in the feed" in (
        done.stdout
    )
    shown = run_cli("orgs", "explain", "Capgemini")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    at = lines.index("corrections by analysts:")
    assert lines[at + 1].split()[1:3] == ["merge", "merged"]
    assert lines[at + 1].split()[0].startswith(history(graph, "capgemini")[0].at[:10])
    assert lines[at + 1].endswith("by alice: typo in the feed")
    refused = run_cli("orgs", "split", "Capgemini", "Nobody Else")
    assert refused.returncode == 1
    assert "neither an alias" in refused.stderr
