"""The derived layers (tenures and contract succession) stay current after every kind of write, and agree.

Northvale Council's networks, worked out by hand: BT's WAN 2016-2020 is re-procured as Capita's
WAN from 2021 (the day after), a plain successor. Mitie's office cleaning names no tower. Westshire
Council, loaded as another organisation, re-procures the same WAN in 2021; an analyst merging the two
buyers makes BT's contract its predecessor.
"""

from __future__ import annotations

from supplygraph.graph import derived, incumbents, org_corrections, query_library, succession_agreement
from supplygraph.graph.tower_corrections import set_towers
from supplygraph.loaders import load_paths
from tests.helpers import load_contracts, write_csv

NORTHVALE = """
wan-2016,Northvale Council,BT,networks,2016-01-01,2020-12-31,,,Network services,https://example.org/a
wan-2021,Northvale Council,Capita,networks,2021-01-01,2025-12-31,,,Network services re-procurement,https://example.org/b
clean-2019,Northvale Council,Mitie,,2019-04-01,2023-03-31,,,Office cleaning,https://example.org/c
"""


def predecessors(graph, contract_id: str) -> list[str]:
    return [p["contract_id"] for p in incumbents.predecessors(graph, contract_id)]


def holders(graph, buyer: str, tower: str) -> list[str]:
    rows = query_library.run(graph, "succession", {"buyer": buyer, "tower": tower}).rows
    return [r["supplier_name"] for r in rows]


def test_a_load_stores_the_contract_succession_without_asking(graph, tmp_path):
    load_contracts(graph, tmp_path, NORTHVALE)
    assert predecessors(graph, "wan-2021") == ["wan-2016"]
    assert derived.check(graph) == []
    # a second load (not a fresh graph) touching the buyer re-derives its pairs too
    load_contracts(
        graph,
        tmp_path / "more",
        "wan-2026,Northvale Council,Daisy,networks,2026-01-01,2030-12-31,,,Network services re-procurement,https://x\n",
    )
    assert predecessors(graph, "wan-2026") == ["wan-2021"]
    assert derived.check(graph) == []


def test_an_orgs_merge_of_two_buyers_joins_their_contract_succession_and_a_split_parts_it(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """
        wan-2016,Northvale Council,BT,networks,2016-01-01,2020-12-31,,,Network services,https://example.org/a
        wan-2021,Westshire Council,Capita,networks,2021-01-01,2025-12-31,,,Network services re-procurement,https://x
        """,
    )
    assert predecessors(graph, "wan-2021") == []
    org_corrections.merge(graph, "Northvale Council", "Westshire Council")
    assert predecessors(graph, "wan-2021") == ["wan-2016"]
    assert holders(graph, "Northvale Council", "networks") == ["BT", "Capita"]
    assert derived.check(graph) == []
    org_corrections.split(graph, "Northvale Council", "Westshire Council")
    assert predecessors(graph, "wan-2021") == []
    assert holders(graph, "Northvale Council", "networks") == ["BT"]
    assert derived.check(graph) == []


def test_setting_a_contracts_towers_re_derives_its_tenures_and_pairs(graph, tmp_path):
    load_contracts(graph, tmp_path, NORTHVALE)
    assert holders(graph, "Northvale Council", "networks") == ["BT", "Capita"]
    set_towers(graph, "clean-2019", ["networks"], note="test")
    # Mitie's 2019-2023 contract now holds networks too: BT, Mitie (from 2019-04), Capita (from 2021)
    assert holders(graph, "Northvale Council", "networks") == ["BT", "Mitie", "Capita"]
    assert derived.check(graph) == []
    set_towers(graph, "clean-2019", ["none"], note="test")
    assert holders(graph, "Northvale Council", "networks") == ["BT", "Capita"]
    assert derived.check(graph) == []


def test_lineage_loaded_later_keeps_both_layers_current(graph, tmp_path):
    load_contracts(graph, tmp_path, NORTHVALE)
    lineage = write_csv(tmp_path, "lineage.csv", "from,to,date,kind\nBT,Capita,2020-06,acquired-by\n")
    load_paths(graph, [lineage])
    assert holders(graph, "Northvale Council", "networks") == ["Capita"]  # one tenure, held as BT then Capita
    assert derived.check(graph) == []


def test_parallel_tenures_are_named_in_the_evidence_of_a_pair_that_crosses_them(graph, tmp_path):
    # hosting at Eastvale: Sopra holds it 2008-2016 (two touching contracts: one tenure, seq 1); Atos runs a
    # parallel hosting contract 2010-2012-05 (seq 2). Sopra's second contract starts the day after Atos's ends,
    # so the matcher may read it as Atos's successor; the tenures say Sopra was there all along.
    load_contracts(
        graph,
        tmp_path,
        """
        sopra-1,Eastvale Council,Sopra Steria,hosting,2008-01-01,2012-12-31,,,Hosting services,https://x
        atos-1,Eastvale Council,Atos,hosting,2010-01-01,2012-05-31,,,Hosting services,https://x
        sopra-2,Eastvale Council,Sopra Steria,hosting,2012-06-01,2016-12-31,,,Hosting services renewal,https://x
        """,
    )
    tenures = succession_agreement.read_tenures(graph)
    assert tenures.place["sopra-2"] == {"hosting": ("eastvale-council", 1, 1)}
    assert tenures.place["atos-1"] == {"hosting": ("eastvale-council", 2, 2)}
    assert succession_agreement.explain("atos-1", "sopra-2", tenures) == [
        "tenures: parallel tenures in hosting (the later contract's tenure 1 began before the earlier one's 2)"
    ]
    assert succession_agreement.explain("sopra-1", "sopra-2", tenures) == []  # one tenure carrying on
    stored = {p["contract_id"]: p["evidence"] for p in incumbents.predecessors(graph, "sopra-2")}
    assert "atos-1" in stored, "the matcher should take Atos's contract for sopra-2's predecessor"
    assert stored["atos-1"][-1].startswith("tenures: parallel tenures in hosting")
    assert succession_agreement.check(graph) == []
    # the same pair without its explanation is reported
    graph.write(
        "MATCH (:Contract {id: 'sopra-2'})-[r:SUCCEEDS]->(:Contract {id: 'atos-1'}) SET r.evidence = r.evidence[..-1]"
    )
    [problem] = succession_agreement.check(graph)
    assert problem.startswith("unexplained sopra-2 -SUCCEEDS-> atos-1: tenures: parallel tenures in hosting")


def test_on_the_sample_the_contract_succession_agrees_with_the_tenures(sample_graph):
    assert derived.check(sample_graph) == []
