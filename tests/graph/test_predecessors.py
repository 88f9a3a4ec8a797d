"""Contract-to-contract succession: which earlier contract a later one replaces, scored with its evidence."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from supplygraph.graph import incumbents, query_library
from supplygraph.graph.neighbourhood import neighbourhood
from supplygraph.graph.predecessors import THRESHOLD, WEIGHTS, Notice, around, rank, score_pair, select
from tests.helpers import load_contracts

NETWORKS_2016 = Notice(
    "wan-2016",
    "Network services",
    "Wide area network for 40 police sites",
    cpv=("72700000",),
    towers=("networks",),
    start=date(2016, 1, 1),
    end=date(2020, 12, 31),
    value=1_000_000,
    suppliers=frozenset({"bt"}),
    source_ref="NET/2016/01",
)
NETWORKS_2021 = Notice(
    "wan-2021",
    "Network services re-procurement",
    "Re-procurement of the wide area network for 40 police sites",
    cpv=("72700000",),
    towers=("networks",),
    start=date(2021, 1, 1),
    end=date(2025, 12, 31),
    value=1_200_000,
    suppliers=frozenset({"capita"}),
)


def test_a_reprocurement_scores_every_feature_by_hand():
    found = score_pair(NETWORKS_2016, NETWORKS_2021, text_similarity=0.5)
    # text 0.5 x 3 + title 1.0 x 1 + cpv 8/8 x 1.5 + towers 1 x 1 + timing 1 x 2 + value 1/1.2 x 0.5, plus the
    # wording bonus 1 x 1, over the weights of the features both have (3 + 1 + 1.5 + 1 + 2 + 0.5 = 9)
    assert found.score == round((1.5 + 1.0 + 1.5 + 1.0 + 2.0 + 0.5 / 1.2 + 1.0) / 9, 3) == 0.935
    assert found.evidence == (
        "text similarity 0.50",
        "title similarity 1.00",
        "CPV codes share 8 of 8 digits",
        "towers overlap 1.00",
        "starts 1 days after the earlier contract ends",
        'wording: "re-procurement"',
        "value ratio 0.83",
    )


CLEANING_2018 = Notice(
    "clean-2018",
    "Office cleaning",
    "Cleaning of police stations",
    cpv=("90910000",),
    start=date(2018, 4, 1),
    end=date(2022, 3, 31),
)


def test_the_renewal_ranks_first_among_the_buyers_notices():
    best = [c for c in rank([NETWORKS_2016, CLEANING_2018, NETWORKS_2021]) if c.later == "wan-2021"]
    assert [c.earlier for c in best] == ["wan-2016"]  # cleaning shares nothing with networks: not a candidate
    assert best[0].score >= THRESHOLD


def test_a_different_service_is_scored_on_request_at_most_0_3():
    # text and title unlike, CPV 90... against 72..., no towers: whatever the timing, at most 0.3; here the
    # networks start 454 days before the cleaning ends (timing 0) and the renewal words count as much as the
    # subjects match (0): 0 in all
    cleaning = score_pair(CLEANING_2018, NETWORKS_2021, text_similarity=0.0)
    assert cleaning.score == 0.0
    assert "nothing about the service in common: at most 0.3" in cleaning.evidence
    listed = around([NETWORKS_2016, CLEANING_2018, NETWORKS_2021], "wan-2021", later=True)
    assert [c.earlier for c in listed] == ["wan-2016", "clean-2018"]


def test_a_notice_published_before_the_end_for_a_start_years_later_is_a_candidate():
    # a DPS extended as a new notice: published 2020-10-01, three months before wan-2016 ends (2020-12-31), giving a
    # start in 2023-01-02, 732 days after. It counts from when it is announced (published, here), in around and rank
    extension = Notice(
        "wan-2023", "Network services", "Wide area network for 40 police sites", cpv=("72700000",),
        towers=("networks",), published=date(2020, 10, 1), start=date(2023, 1, 2), end=date(2027, 12, 31),
        suppliers=frozenset({"capita"}),
    )  # fmt: skip
    [listed] = around([NETWORKS_2016, extension], "wan-2023", later=True)
    assert listed.earlier == "wan-2016"
    assert "published 91 days before the earlier contract ends" in listed.evidence
    assert [(c.earlier, c.later) for c in rank([NETWORKS_2016, extension])] == [("wan-2016", "wan-2023")]


def test_a_notice_announced_more_than_two_years_after_the_end_is_no_candidate():
    # published 2023-01-01 and starting 2023-01-02: 731 and 732 days after wan-2016 ended
    late = Notice(
        "wan-2023", "Network services", cpv=("72700000",), towers=("networks",), published=date(2023, 1, 1),
        start=date(2023, 1, 2), end=date(2027, 12, 31), suppliers=frozenset({"capita"}),
    )  # fmt: skip
    assert around([NETWORKS_2016, late], "wan-2023", later=True) == []
    assert rank([NETWORKS_2016, late]) == []
    open_process = Notice("wan-open", "Network services", towers=("networks",), published=date(2022, 12, 31))
    [listed] = around([NETWORKS_2016, open_process], "wan-open", later=True)
    assert listed.earlier == "wan-2016"


def test_parallel_lots_are_not_successors():
    lot1 = Notice(
        "lot-1", "Infrastructure Lot 1: hosting", cpv=("72415000",), start=date(2020, 1, 1), end=date(2024, 12, 31)
    )
    lot2 = Notice(
        "lot-2", "Infrastructure Lot 2: networks", cpv=("72700000",), start=date(2020, 1, 1), end=date(2024, 12, 31)
    )
    assert rank([lot1, lot2]) == []  # nothing at or above the threshold
    [found] = around([lot1, lot2], "lot-2", later=True)
    assert found.features["timing"] == 0.0
    assert "starts with the earlier one while it runs on: parallel lots, not a successor" in found.evidence
    assert found.score <= 0.3


def test_a_tender_and_its_own_award_are_one_process():
    tender = Notice("ocds-1/tender", "Hosting", published=date(2020, 1, 10), ocid="ocds-1")
    award = Notice("ocds-1/award-1", "Hosting", start=date(2020, 6, 1), end=date(2023, 5, 31), ocid="ocds-1")
    assert rank([tender, award]) == []


def test_an_open_process_published_in_the_last_months_names_the_incumbent():
    reprocurement = Notice(
        "wan-2025-tender",
        "Network services",
        "Replacement of the existing WAN contract",
        cpv=("72700000",),
        published=date(2025, 6, 1),
    )
    [found] = rank([NETWORKS_2021, reprocurement])
    assert (found.earlier, found.later) == ("wan-2021", "wan-2025-tender")
    assert "published 213 days before the earlier contract ends" in found.evidence
    assert found.score >= THRESHOLD


def test_partial_years_count_as_a_handover_and_a_consolidation_takes_over_one_tower():
    bt = Notice(
        "bt",
        "Network services",
        towers=("networks",),
        start=date(2015, 1, 1),
        end=date(2021, 12, 31),
        end_earliest=date(2021, 1, 1),
    )
    capgemini = Notice(
        "capgemini",
        "Strategic IT infrastructure services",
        towers=("hosting", "networks", "end-user-services"),
        start=date(2021, 1, 1),
        start_latest=date(2021, 12, 31),
        end=date(2026, 12, 31),
    )
    found = score_pair(bt, capgemini, text_similarity=0.0)
    assert found.features["timing"] == 1.0  # "2021" to "2021": the handover may be any day of the year
    assert found.features["towers"] == 1.0  # networks, all of BT's towers, is among Capgemini's


def test_only_the_asked_for_notices_are_scored():
    assert {c.later for c in rank([NETWORKS_2016, NETWORKS_2021], successors_of=["wan-2016"])} == set()


def test_stored_pairs_follow_the_buyer_and_list_below_threshold_candidates_on_request(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """
        wan-2016,Met Police,BT,networks,2016-01-01,2020-12-31,,,Network services,https://example.org/a
        wan-2021,Met Police,Capita,networks,2021-01-01,2025-12-31,,,Network services re-procurement,https://example.org/b
        clean-2019,Met Police,Mitie,,2019-04-01,2023-03-31,,,Office cleaning,https://example.org/c
        wan-other,Kent Police,BT,networks,2021-01-01,2025-12-31,,,Network services,https://example.org/d
        """,
    )
    assert incumbents.refresh(graph) == 1
    [stored] = incumbents.predecessors(graph, "wan-2021")
    assert (stored["contract_id"], stored["above_threshold"]) == ("wan-2016", True)
    assert "starts 1 days after the earlier contract ends" in stored["evidence"]
    assert [s["contract_id"] for s in incumbents.successors(graph, "wan-2016")] == ["wan-2021"]
    everything = incumbents.predecessors(graph, "wan-2021", include_below=True)
    assert [(c["contract_id"], c["above_threshold"]) for c in everything] == [("wan-2016", True), ("clean-2019", False)]
    # the other side too: only wan-2016's own candidates, the cleaning contract that started while it ran among them
    later = incumbents.successors(graph, "wan-2016", include_below=True)
    assert [(c["contract_id"], c["above_threshold"]) for c in later] == [("wan-2021", True), ("clean-2019", False)]
    assert incumbents.predecessors(graph, "wan-other") == []  # another buyer's contract is never a predecessor


def test_on_the_sample_the_met_consolidation_replaces_the_four_tower_contracts(sample_graph):
    incumbents.refresh(sample_graph)
    found = incumbents.predecessors(sample_graph, "met-capgemini-infrastructure")
    assert sorted(p["contract_id"] for p in found) == ["met-atos-siam", "met-bt-networks", "met-dxc-hosting-eus"]
    for pair in found:
        assert "towers overlap 1.00" in pair["evidence"]
    [pegasus] = incumbents.predecessors(sample_graph, "met-pegasus-application-services")
    assert pegasus["contract_id"] == "met-accenture-apps"
    assert "the earlier contract is still running (no end)" in pegasus["evidence"]


def test_the_explorer_draws_who_replaced_whom_with_the_evidence(sample_graph):
    incumbents.refresh(sample_graph)
    found = neighbourhood(sample_graph, "Met Police", date(2023, 6, 1), depth=1)
    succession = {e.id: e for e in found.edges if e.kind == "succession"}
    assert sorted(succession) == [
        "succession:atos->capgemini",
        "succession:bt->capgemini",
        "succession:dxc-technology->capgemini",
    ]
    bt = succession["succession:bt->capgemini"]
    assert [(p["earlier"], p["later"]) for p in bt.pairs] == [("met-bt-networks", "met-capgemini-infrastructure")]
    assert bt.label == f"replaced ({bt.pairs[0]['score']:.2f})"
    assert "towers overlap 1.00" in bt.pairs[0]["evidence"]
    assert {n.id for n in found.nodes} >= {"atos", "bt", "dxc-technology", "capgemini"}


def test_the_saved_queries_read_the_stored_pairs_both_ways(sample_graph):
    incumbents.refresh(sample_graph)
    before = query_library.run(sample_graph, "predecessors", {"contract": "met-capgemini-infrastructure"}).rows
    assert sorted(r["contract_id"] for r in before) == ["met-atos-siam", "met-bt-networks", "met-dxc-hosting-eus"]
    assert [r["score"] for r in before] == sorted((r["score"] for r in before), reverse=True)
    assert all("towers overlap 1.00" in r["evidence"] for r in before)
    [after] = query_library.run(sample_graph, "successors", {"contract": "met-bt-networks"}).rows
    assert (after["contract_id"], after["supplier_ids"]) == ("met-capgemini-infrastructure", ["capgemini"])


def test_select_keeps_the_adjacent_link_and_the_matching_lot():
    def notice(id_: str, title: str, start: date, end: date) -> Notice:
        return Notice(id_, title, start=start, end=end, published=start.replace(day=1, month=1))

    wan = [
        notice("wan-1", "Wide area network", date(2014, 4, 1), date(2017, 3, 31)),
        notice("wan-2", "Wide area network extension", date(2017, 4, 1), date(2018, 3, 31)),
        notice("wan-3", "Wide area network", date(2018, 4, 1), date(2022, 3, 31)),
    ]
    lots = [
        notice("clean-a-1", "Cleaning Lot 1: offices", date(2015, 6, 1), date(2019, 5, 31)),
        notice("clean-b-1", "Cleaning Lot 2: schools", date(2015, 6, 1), date(2019, 5, 31)),
        notice("clean-a-2", "Cleaning Lot 1: offices", date(2019, 6, 1), date(2023, 5, 31)),
        notice("clean-b-2", "Cleaning Lot 2: schools", date(2019, 6, 1), date(2023, 5, 31)),
    ]
    found = [c for c in rank([*wan, *lots]) if c.score >= THRESHOLD]
    # scored above the threshold: wan-3 also after wan-1 (a year after it ended), each new lot after both old ones
    assert {("wan-3", "wan-1"), ("clean-b-2", "clean-a-1")} <= {(c.later, c.earlier) for c in found}
    kept = {(c.later, c.earlier) for c in select(found, [*wan, *lots])}
    assert kept == {
        ("wan-2", "wan-1"),
        ("wan-3", "wan-2"),
        ("clean-a-2", "clean-a-1"),
        ("clean-b-2", "clean-b-1"),
    }


def test_on_the_sample_services_brought_back_in_house_succeed_the_outsourced_ones(sample_graph):
    # "Services delivered by Serco" names no service, so its title says nothing either way; the in-house
    # contract starts the day after the 2010s end and says it brought the services back in-house
    incumbents.refresh(sample_graph)
    for buyer, supplier in (("lincolnshire", "serco"), ("cleveland", "sopra-steria")):
        [pair] = incumbents.predecessors(sample_graph, f"{buyer}-in-house")
        assert pair["contract_id"] == f"{buyer}-{supplier}"
        assert 'wording: "brought back in-house"' in pair["evidence"]
        assert "title similarity - (a title names no service)" in pair["evidence"]


def test_the_docs_quote_the_threshold_and_weights_the_code_uses():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "incumbents.md").read_text(encoding="utf-8")
    assert f"threshold ({THRESHOLD}, `THRESHOLD`)" in docs
    for feature, weight in WEIGHTS.items():
        assert re.search(rf"^\| {feature} \| {weight:g} ", docs, re.MULTILINE), feature


def test_the_docs_quote_what_the_evaluation_on_real_pairs_prints():
    # the real labelled pairs need no Neo4j: the figures in docs/incumbents.md are what the script prints now
    root = Path(__file__).resolve().parents[2]
    printed = subprocess.run(
        [sys.executable, str(root / "evaluation" / "incumbents.py"), "--contracts", "0"],
        capture_output=True, text=True, check=True, cwd=root,
    ).stdout.strip()  # fmt: skip
    assert printed.startswith("real labelled pairs:")
    docs = (root / "docs" / "incumbents.md").read_text(encoding="utf-8")
    assert f"```\n{printed}\n```" in docs
