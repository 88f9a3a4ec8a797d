"""The stored tenure layer answers the questions, and stays current after every kind of write.

Eastshire Council's history, worked out by hand:

- hosting: Northgate 2016-2022, renamed NEC Software Solutions in 2021-01 (in the
  middle of that contract), NEC 2023-2025: one tenure, held as both names.
- networks: Kcom 2010-2015-06, Daisy from 2015 (overlapping), Daisy again from
  2019. Kcom merged into Daisy only in 2017-06: in 2015 they were rivals, so
  Daisy replacing Kcom is a switch, and Kcom is Daisy's predecessor.
- application services: Logica 2005-2010, Capita 2011-2016, CGI from 2019.
  Logica was acquired by CGI in 2012-08, so CGI coming back in 2019 is a return
  of Logica's business (2923 days after it left), not a newcomer; Capita is still
  CGI's predecessor (Logica is what CGI had been).
- end user services: ICL 2010-2014, Fujitsu 2015-2019, loaded as two
  organisations; an analyst merges them (one tenure) and splits them again.
"""

from __future__ import annotations

import pytest

from supplygraph.graph import market, org_corrections, query_library, tenure_store
from supplygraph.graph import succession as incumbency
from supplygraph.loaders import load_paths
from tests.helpers import CONTRACT_HEADER, client_for, write_csv

CONTRACTS = """\
ng1,Eastshire Council,Northgate,hosting,2016-01-01,2022-12-31,,,Northgate hosting,https://x
ng2,Eastshire Council,NEC Software Solutions,hosting,2023-01-01,2025-12-31,,,NEC hosting,https://x
k1,Eastshire Council,Kcom,networks,2010-01-01,2015-06-30,,,Kcom WAN,https://x
d1,Eastshire Council,Daisy,networks,2015-01-01,2018-12-31,,,Daisy WAN,https://x
d2,Eastshire Council,Daisy,networks,2019-01-01,,,,Daisy WAN renewal,https://x
l1,Eastshire Council,Logica,applications,2005-01-01,2010-12-31,,,Logica apps,https://x
p1,Eastshire Council,Capita,applications,2011-01-01,2016-12-31,,,Capita apps,https://x
g1,Eastshire Council,CGI,applications,2019-01-01,,,,CGI apps,https://x
i1,Eastshire Council,ICL,desktop,2010-01-01,2014-12-31,,,ICL desktops,https://x
f1,Eastshire Council,Fujitsu,desktop,2015-01-01,2019-12-31,,,Fujitsu desktops,https://x
"""
LINEAGE = """\
from,to,date,kind
Northgate,NEC Software Solutions,2021-01,renamed
Kcom,Daisy,2017-06,merged-into
Logica,CGI,2012-08,acquired-by
"""


@pytest.fixture
def eastshire(graph, tmp_path):
    load_paths(
        graph,
        [
            write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + CONTRACTS),
            write_csv(tmp_path, "lineage.csv", LINEAGE),
        ],
    )
    assert tenure_store.check(graph) == []
    return graph


def spells(graph, tower: str, follow: bool = True) -> list[tuple]:
    return [
        (s["supplier_name"], s["held_as"], s["start"], s["end"], s["contract_ids"])
        for s in incumbency.succession(graph, "Eastshire Council", tower, follow_lineage=follow).spells
    ]


def switches(graph, follow: bool = True) -> set[tuple[str, str, int]]:
    rows = query_library.run(graph, "switching-matrix", {"follow_lineage": follow}).rows
    return {(r["from_name"], r["to_name"], r["switches"]) for r in rows}


def test_a_rename_in_the_middle_of_a_tenure(eastshire):
    assert spells(eastshire, "hosting") == [
        (
            "NEC Software Solutions",
            ["Northgate", "NEC Software Solutions"],
            "2016-01-01",
            "2025-12-31",
            ["ng1", "ng2"],
        ),
    ]
    assert [s[0] for s in spells(eastshire, "hosting", follow=False)] == ["Northgate", "NEC Software Solutions"]
    assert ("Northgate", "NEC Software Solutions", 1) not in switches(eastshire)
    assert ("Northgate", "NEC Software Solutions", 1) in switches(eastshire, follow=False)


def test_a_merger_of_two_rivals_is_still_a_switch_before_it(eastshire):
    assert spells(eastshire, "networks") == [
        ("Kcom", ["Kcom"], "2010-01-01", "2015-06-30", ["k1"]),
        ("Daisy", ["Daisy"], "2015-01-01", None, ["d1", "d2"]),
    ]
    assert ("Kcom", "Daisy", 1) in switches(eastshire)
    answer = incumbency.predecessor(eastshire, "Eastshire Council", "networks", supplier="Daisy")
    assert answer.predecessor is not None and answer.predecessor["name"] == "Kcom"
    # the handover: on 2015-03-01 both held it, the newcomer is Daisy
    answer = incumbency.predecessor(eastshire, "Eastshire Council", "networks", as_of=_day("2015-03-01"))
    assert answer.holder is not None and answer.holder["name"] == "Daisy"


def test_an_acquisition_followed_by_a_return(eastshire):
    assert [s[0] for s in spells(eastshire, "applications")] == ["Logica", "Capita", "CGI"]
    answer = incumbency.predecessor(eastshire, "Eastshire Council", "applications", supplier="CGI")
    assert answer.predecessor is not None and answer.predecessor["name"] == "Capita"
    rows = market.returns(eastshire, buyer="Eastshire Council")
    assert [(r["supplier_name"], r["left_as"], r["left"], r["returned"], r["gap_days"]) for r in rows] == [
        ("CGI", "Logica", "2010-12-31", "2019-01-01", 2923),
    ]
    assert rows[0]["towers_before"] == ["Application Services"]
    assert market.returns(eastshire, buyer="Eastshire Council", follow_lineage=False) == []
    assert switches(eastshire) >= {("Logica", "Capita", 1), ("Capita", "CGI", 1)}


def test_an_orgs_merge_joins_two_tenures_and_a_split_separates_them_again(eastshire):
    before = [
        ("ICL", ["ICL"], "2010-01-01", "2014-12-31", ["i1"]),
        ("Fujitsu", ["Fujitsu"], "2015-01-01", "2019-12-31", ["f1"]),
    ]
    assert spells(eastshire, "desktop") == before
    assert ("ICL", "Fujitsu", 1) in switches(eastshire)

    org_corrections.merge(eastshire, "Fujitsu", "ICL", note="ICL became Fujitsu Services")
    assert tenure_store.check(eastshire) == []
    assert spells(eastshire, "desktop") == [("Fujitsu", ["Fujitsu"], "2010-01-01", "2019-12-31", ["i1", "f1"])]
    assert not any(a == "ICL" for a, _, _ in switches(eastshire))

    org_corrections.split(eastshire, "Fujitsu", "ICL", note="separate companies after all", new_id="icl")
    assert tenure_store.check(eastshire) == []
    assert spells(eastshire, "desktop") == before
    assert ("ICL", "Fujitsu", 1) in switches(eastshire)


def test_a_reload_that_moves_a_contract_to_another_tower_and_buyer_re_derives_both(eastshire, tmp_path):
    moved = CONTRACTS.replace("f1,Eastshire Council,Fujitsu,desktop,", "f1,Westshire Council,Fujitsu,hosting,").replace(
        "ng2,Eastshire Council,NEC Software Solutions,hosting,2023-01-01",
        "ng2,Eastshire Council,NEC Software Solutions,hosting,2024-01-01",
    )
    (tmp_path / "again").mkdir()
    load_paths(eastshire, [write_csv(tmp_path / "again", "contracts.csv", CONTRACT_HEADER + moved)])
    assert tenure_store.check(eastshire) == []
    assert [s[0] for s in spells(eastshire, "desktop")] == ["ICL"]
    assert [s[0] for s in spells(eastshire, "hosting")] == ["Northgate", "NEC Software Solutions"]
    westshire = incumbency.succession(eastshire, "Westshire Council", "hosting").spells
    assert [(s["supplier_name"], s["contract_ids"]) for s in westshire] == [("Fujitsu", ["f1"])]


def test_lineage_loaded_after_the_contracts_re_derives_what_it_links(graph, tmp_path):
    load_paths(graph, [write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + CONTRACTS)])
    assert [s[0] for s in spells(graph, "hosting")] == ["Northgate", "NEC Software Solutions"]
    load_paths(graph, [write_csv(tmp_path, "lineage.csv", LINEAGE)])
    assert tenure_store.check(graph) == []
    assert [s[0] for s in spells(graph, "hosting")] == ["NEC Software Solutions"]


def test_check_reports_a_stale_layer(eastshire):
    eastshire.write("MATCH (t:Tenure {tower_id: 'networks', seq: 2}) SET t.to = date('2016-01-01')")
    eastshire.write("MATCH (t:Tenure {tower_id: 'hosting'}) DETACH DELETE t")
    differences = tenure_store.check(eastshire)
    assert any(d.startswith("differs eastshire-council|networks|both|2") for d in differences)
    assert any(d.startswith("missing eastshire-council|hosting|") for d in differences)
    tenure_store.refresh_all(eastshire)
    assert tenure_store.check(eastshire) == []


def test_buyers_are_derived_in_batches_bounded_by_their_contracts(graph, tmp_path, monkeypatch):
    # Eastshire has 10 contracts, Westshire 2, Northshire 1: at most 3 contracts a batch puts Eastshire alone
    # (a buyer with more is a batch of its own) and the other two together
    more = "w1,Westshire Council,Daisy,networks,2015-01-01,2018-12-31,,,WAN,https://x\n"
    more += "w2,Westshire Council,BT,networks,2019-01-01,,,,WAN,https://x\n"
    more += "n1,Northshire Council,BT,hosting,2019-01-01,,,,Hosting,https://x\n"
    load_paths(graph, [write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + CONTRACTS + more)])
    monkeypatch.setattr(tenure_store, "CONTRACTS_PER_BATCH", 3)
    buyers = ["eastshire-council", "northshire-council", "westshire-council"]
    assert list(tenure_store._batches(graph, buyers)) == [["eastshire-council"], buyers[1:]]
    tenure_store.refresh_all(graph)  # one transaction a batch, the same layer
    assert tenure_store.check(graph) == []
    assert [s[0] for s in spells(graph, "hosting")] == ["Northgate", "NEC Software Solutions"]


def _day(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_an_upload_through_the_admin_route_keeps_the_layer_current(eastshire, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_API_KEY", "s3cret")
    client = client_for(eastshire)
    upload = CONTRACT_HEADER + "c2,Eastshire Council,CGI,applications,2017-01-01,2018-12-31,,,CGI apps,https://x\n"
    assert client.post("/api/admin/load", content=upload, headers={"X-API-Key": "s3cret"}).status_code == 200
    assert tenure_store.check(eastshire) == []
    # CGI now holds applications from the day after Capita left, and is back (as Logica's buyer) from 2017
    assert [s[0] for s in spells(eastshire, "applications")] == ["Logica", "Capita", "CGI"]
    assert spells(eastshire, "applications")[2][4] == ["c2", "g1"]
    assert market.returns(eastshire, buyer="Eastshire Council")[0]["returned"] == "2017-01-01"


def test_supplygraph_check_exits_1_on_a_difference(eastshire):
    from click.testing import CliRunner

    from supplygraph.cli.main import main

    runner = CliRunner()
    ok = runner.invoke(main, ["check"])
    assert ok.exit_code == 0, ok.output
    assert "0 difference(s)" in ok.output
    eastshire.write("MATCH (t:Tenure {tower_id: 'networks'}) DETACH DELETE t")
    stale = runner.invoke(main, ["check"])
    assert stale.exit_code == 1
    assert "2 difference(s)" not in stale.output and "missing eastshire-council|networks|both|1" in stale.output
    assert runner.invoke(main, ["check", "--repair"]).exit_code == 0
    assert runner.invoke(main, ["check"]).exit_code == 0


def test_a_buyer_too_big_for_one_transaction_is_written_in_several_with_the_same_layer(graph, tmp_path, monkeypatch):
    # Eastshire's layer is more than 3 rows: at most 3 rows a transaction writes it in several, nodes before links
    more = "w1,Westshire Council,Daisy,networks,2015-01-01,2018-12-31,,,WAN,https://x\n"
    load_paths(graph, [write_csv(tmp_path, "contracts.csv", CONTRACT_HEADER + CONTRACTS + more)])
    whole = tenure_store.read_stored(graph, ["eastshire-council", "westshire-council"])
    monkeypatch.setattr(tenure_store, "ROWS_PER_STATEMENT", 2)
    monkeypatch.setattr(tenure_store, "ROWS_PER_TRANSACTION", 3)
    written: list[int] = []
    execute_write = graph.execute_write
    monkeypatch.setattr(graph, "execute_write", lambda work, **kw: written.append(1) or execute_write(work, **kw))
    tenure_store.refresh_all(graph)
    assert len(written) > 3
    assert tenure_store.check(graph) == []
    again = tenure_store.read_stored(graph, ["eastshire-council", "westshire-council"])
    assert tenure_store._canonical(again) == tenure_store._canonical(whole)
    assert [s[0] for s in spells(graph, "hosting")] == ["Northgate", "NEC Software Solutions"]


def test_statements_are_grouped_into_transactions_in_order_and_the_drops_open_the_first() -> None:
    # statements weighing 4, 4, 10 and 2 at most 8 a transaction: the drop and the first two, the big one alone, the last
    drop = tenure_store.Statement("drop", {"pairs": [["b", "t"]]}, 0)
    statements = [tenure_store.Statement(f"q{n}", {}, w) for n, w in enumerate([4, 4, 10, 2])]
    groups = list(tenure_store._transactions(statements, 8, [drop]))
    assert [[st.query for st in group] for group in groups] == [["drop", "q0", "q1"], ["q2"], ["q3"]]
    assert list(tenure_store._transactions([], 8, [drop])) == [[drop]]
    assert list(tenure_store._transactions([], 8, [])) == []


def test_a_statement_weighs_what_its_rows_create() -> None:
    # link rows weigh 2 each (the link, and the margin every row gets); two nodes, 7 and 85 (below)
    links = {"from": "a", "to": "b", "props": {}}
    small = {"buyer_id": "b", "held_by": ["bt"], "contract_ids": ["c1"]}
    big = {"buyer_id": "b", "held_by": ["bt"], "contract_ids": [f"c{n}" for n in range(40)]}
    derived = tenure_store.Derived(tenures=[small, big], succeeded_by=[links] * 3)
    assert [st.weight for st in tenure_store._statements(derived)] == [7 + 85, 3 * 2]


def test_a_spell_resting_on_many_contracts_weighs_them_all(monkeypatch) -> None:
    # a tenure row creates itself, AT, OF, one HELD per name and one RESTS_ON per contract, and stores
    # the names and the contract ids as list properties: 1 + (1 + 1 + 1 + 1) + 2 and 1 + (1 + 1 + 1 + 40) + 41
    small = {"buyer_id": "b", "held_by": ["bt"], "contract_ids": ["c1"]}
    big = {"buyer_id": "b", "held_by": ["bt"], "contract_ids": [f"c{n}" for n in range(40)]}
    assert tenure_store._weight(small) == 7 and tenure_store._weight(big) == 85
    monkeypatch.setattr(tenure_store, "ROWS_PER_TRANSACTION", 20)
    assert [len(b) for b, _ in tenure_store._weighed([small, small, big, small, small, small, small, small])] == [
        2, 1, 2, 2, 1
    ]  # fmt: skip


def test_a_consolidation_among_hundreds_of_suppliers_weighs_every_name() -> None:
    # itself, AT, AROUND (counted as 1 + buyer + 1) and 2 towers + 3 x 300 names in its list properties
    names = [f"s{n}" for n in range(300)]
    row = {
        "key": "b|c|consolidation", "buyer_id": "b", "contract_id": "c", "kind": "consolidation",
        "towers": ["Hosting", "Networks"], "other_holders": names, "other_ids": names, "other_names": names,
    }  # fmt: skip
    assert tenure_store._weight(row) == 3 + 2 + 900
    assert [len(b) for b in tenure_store._grouped([row] * 5, tenure_store._weight, 2000)] == [2, 2, 1]
