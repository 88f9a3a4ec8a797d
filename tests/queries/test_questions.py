"""The questions analysts ask, each on a small hand-made dataset with its answer written out."""

from datetime import date

import pytest

from supplygraph.graph import market, pipeline, query_library
from supplygraph.graph import succession as incumbency
from supplygraph.graph.errors import NotFoundError, ParameterError
from supplygraph.graph.holdings import footprint, holders
from tests.helpers import load_contracts

NETWORKS = """\
n1,Northshire Council,Alpha,networks,2010-01-01,2012-12-31,,,first,https://x
n2,Northshire Council,Alpha,networks,2013-01-01,2014-06-30,,,renewal that touches,https://x
n3,Northshire Council,Beta,networks,2014-06-01,2018-12-31,,,overlapping transition,https://x
n5,Northshire Council,Beta,networks,2016-01-01,2017-12-31,,,call-off inside Beta's spell,https://x
n4,Northshire Council,Alpha,networks,2020-01,,,,Alpha comes back,https://x
"""


def spells(graph, buyer, tower):
    return [
        (s["supplier_id"], s["start"], s["end"], s["contract_ids"])
        for s in incumbency.succession(graph, buyer, tower).spells
    ]


def test_succession_merges_renewals_and_overlaps_of_the_same_supplier(graph, tmp_path):
    load_contracts(graph, tmp_path, NETWORKS)
    assert spells(graph, "Northshire Council", "networks") == [
        ("alpha", "2010-01-01", "2014-06-30", ["n1", "n2"]),
        ("beta", "2014-06-01", "2018-12-31", ["n3", "n5"]),
        ("alpha", "2020-01-01", None, ["n4"]),
    ]


def test_succession_keeps_partial_date_precision(graph, tmp_path):
    load_contracts(graph, tmp_path, NETWORKS)
    last = incumbency.succession(graph, "northshire council", "Networks").spells[-1]
    assert (last["start"], last["start_precision"], last["end"], last["end_precision"]) == (
        "2020-01-01",
        "month",
        None,
        None,
    )


def test_a_one_day_gap_starts_a_new_spell(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """\
        g1,Northshire Council,Alpha,hosting,2010-01-01,2010-12-31,,,a,https://x
        g2,Northshire Council,Alpha,hosting,2011-01-02,2011-12-31,,,b,https://x
        """,
    )
    assert spells(graph, "Northshire Council", "hosting") == [
        ("alpha", "2010-01-01", "2010-12-31", ["g1"]),
        ("alpha", "2011-01-02", "2011-12-31", ["g2"]),
    ]


def test_predecessor_skips_renewals_by_same_supplier(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """\
        h1,Northshire Council,Gamma,hosting,2010,2014,,,first,https://x
        h2,Northshire Council,Delta,hosting,2015-01-01,2017-12-31,,,Delta wins,https://x
        h3,Northshire Council,Delta,hosting,2018-01-01,2020-12-31,,,Delta renews,https://x
        """,
    )
    answer = incumbency.predecessor(graph, "Northshire Council", "hosting", supplier="Delta")
    assert answer.holder == {"id": "delta", "name": "Delta", "start": "2015-01-01", "end": "2020-12-31"}
    assert answer.predecessor["id"] == "gamma"
    assert (answer.predecessor["start"], answer.predecessor["end"]) == ("2010-01-01", "2014-12-31")


def test_predecessor_of_a_returning_supplier_is_who_it_replaced_last_time(graph, tmp_path):
    load_contracts(graph, tmp_path, NETWORKS)
    assert incumbency.predecessor(graph, "Northshire Council", "networks", supplier="Alpha").predecessor["id"] == "beta"
    assert incumbency.predecessor(graph, "Northshire Council", "networks", supplier="Beta").predecessor["id"] == "alpha"


def test_predecessor_as_of_a_transition_day_is_for_the_newcomer(graph, tmp_path):
    load_contracts(graph, tmp_path, NETWORKS)
    answer = incumbency.predecessor(graph, "Northshire Council", "networks", as_of=date(2014, 6, 15))
    assert answer.holder["id"] == "beta"
    assert answer.predecessor["id"] == "alpha"
    first = incumbency.predecessor(graph, "Northshire Council", "networks", as_of=date(2012, 1, 1))
    assert first.holder["id"] == "alpha" and first.predecessor is None
    nobody = incumbency.predecessor(graph, "Northshire Council", "networks", as_of=date(2019, 6, 1))
    assert nobody.holder is None and nobody.predecessor is None


def test_in_house_counts_as_a_holder_and_a_predecessor(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """\
        w1,Westshire Council,Epsilon,desktop,2010,2014,,,outsourced,https://x
        w2,Westshire Council,in-house,desktop,2015,2019,,,brought in-house,https://x
        w3,Westshire Council,Zeta,desktop,2020,,,,outsourced again,https://x
        """,
    )
    assert (
        incumbency.predecessor(graph, "Westshire Council", "desktop", supplier="Zeta").predecessor["id"] == "in-house"
    )
    assert [h["supplier_id"] for h in holders(graph, "Westshire Council", "desktop", date(2016, 1, 1)).holders] == [
        "in-house"
    ]


def test_insourcing_and_outsourcing_events(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """\
        w1,Westshire Council,Epsilon,desktop,2010,2014,,,outsourced,https://x
        w2,Westshire Council,in-house,desktop,2015,2019,,,brought in-house,https://x
        w3,Westshire Council,Zeta,desktop,2020,,,,outsourced again,https://x
        w4,Westshire Council,Epsilon,networks,2010,,,,never insourced,https://x
        """,
    )
    events = [
        (e["kind"], e["tower_id"], e["from_id"], e["from_end"], e["to_id"], e["to_start"])
        for e in market.insourcing(graph)
    ]
    assert events == [
        ("insourcing", "end-user-services", "epsilon", "2014-12-31", "in-house", "2015-01-01"),
        ("outsourcing", "end-user-services", "in-house", "2019-12-31", "zeta", "2020-01-01"),
    ]


RETURNS = """\
e1,Eastshire Council,Gamma,hosting,2010-01-01,2010-12-31,,,first hold,https://x
e2,Eastshire Council,Gamma,,2011-12-31,2012-06-30,,,engagement with no known tower,https://x
e3,Eastshire Council,Gamma,desktop,2013-06-29,2013-12-31,,,back after 364 days,https://x
e4,Eastshire Council,in-house,hosting,2011-01-01,2011-06-30,,,in-house is not a supplier,https://x
e5,Eastshire Council,in-house,hosting,2014-01-01,,,,in-house again,https://x
"""


def test_a_gap_of_exactly_min_gap_days_is_a_return_and_one_day_less_is_not(graph, tmp_path):
    load_contracts(graph, tmp_path, RETURNS)
    rows = market.returns(graph, min_gap_days=365)
    assert [
        (
            r["supplier_id"],
            r["buyer_id"],
            r["left"],
            r["returned"],
            r["gap_days"],
            r["towers_before"],
            r["towers_after"],
        )
        for r in rows
    ] == [
        ("gamma", "eastshire-council", "2010-12-31", "2011-12-31", 365, ["Hosting"], []),
    ]
    assert [(r["left"], r["returned"], r["gap_days"]) for r in market.returns(graph, min_gap_days=364)] == [
        ("2010-12-31", "2011-12-31", 365),
        ("2012-06-30", "2013-06-29", 364),
    ]


def test_returns_filter_by_supplier_and_buyer_and_limit(graph, tmp_path):
    load_contracts(graph, tmp_path, RETURNS + NETWORKS)
    everyone = market.returns(graph, min_gap_days=364)
    assert [(r["supplier_id"], r["buyer_id"]) for r in everyone] == [
        ("alpha", "northshire-council"),
        ("gamma", "eastshire-council"),
        ("gamma", "eastshire-council"),
    ]
    # Alpha left Northshire on 2014-06-30 and came back on 2020-01-01.
    assert everyone[0]["gap_days"] == (date(2020, 1, 1) - date(2014, 6, 30)).days == 2011
    assert len(market.returns(graph, min_gap_days=364, supplier="Gamma")) == 2
    assert len(market.returns(graph, min_gap_days=364, buyer="Northshire Council")) == 1
    assert len(market.returns(graph, min_gap_days=364, limit=1)) == 1
    with pytest.raises(NotFoundError, match="unknown supplier 'Nobody'"):
        market.returns(graph, supplier="Nobody")


CONSOLIDATION = """\
s1,Southshire Council,Alpha,networks,2010-01-01,2015-12-31,,,networks,https://x
s2,Southshire Council,Beta,hosting,2010-01-01,2015-12-31,,,hosting,https://x
s3,Southshire Council,Gamma,networks;hosting,2016-01-01,2019-12-31,,,one deal for both,https://x
s4,Southshire Council,Alpha,networks,2020-01-01,,,,networks again,https://x
s5,Southshire Council,Delta,hosting,2020-01-01,,,,hosting again,https://x
s6,Southshire Council,Beta,desktop;siam,2010-01-01,2015-12-31,,,a bundle,https://x
s7,Southshire Council,Beta,desktop;siam,2016-01-01,2020-12-31,,,the same bundle renewed,https://x
"""


def test_consolidation_and_fragmentation_of_a_multi_tower_deal(graph, tmp_path):
    load_contracts(graph, tmp_path, CONSOLIDATION)
    events = [
        (e["kind"], e["contract_id"], e["day"], e["towers"], e["other_suppliers"]) for e in market.consolidations(graph)
    ]
    assert events == [
        ("consolidation", "s3", "2015-12-31", ["Hosting", "Networks"], ["Alpha", "Beta"]),
        ("fragmentation", "s3", "2020-01-01", ["Hosting", "Networks"], ["Alpha", "Delta"]),
    ]


def test_a_consolidation_of_twelve_suppliers_names_ten_per_tower_and_as_many_as_asked(graph, tmp_path):
    # twelve suppliers each ran the hosting tower until 2015; one deal takes over hosting and networks in 2016
    rows = "".join(
        f"h{i:02},Westshire Council,Supplier {i:02},hosting,2010-01-01,2015-12-31,,,hosting,https://x\n"
        for i in range(12)
    )
    load_contracts(
        graph, tmp_path, rows + "big,Westshire Council,Omega,hosting;networks,2016-01-01,,,,both,https://x\n"
    )
    [event] = market.consolidations(graph, names=3)
    assert (event["contract_id"], event["other_count"]) == ("big", 12)
    assert event["other_suppliers"] == ["Supplier 00", "Supplier 01", "Supplier 02"]
    assert event["other_holders"] == [
        "Hosting: " + ", ".join(f"Supplier {i:02}" for i in range(10)) + " and 2 more",
        "Networks: ",
    ]
    [everyone] = market.consolidations(graph, names=0)
    assert everyone["other_suppliers"] == [f"Supplier {i:02}" for i in range(12)]


def test_switching_matrix_gives_the_first_five_places_by_buyer_then_tower(graph, tmp_path):
    # by buyer name, "Avon" comes before "Avon & Somerset Police"; as one "buyer / tower" text it would not
    buyers = ["Wessex Council", "Avon & Somerset Police", "Avon", "Kent Council", "Dorset Council", "Bath Council"]
    rows = "".join(
        f"a{i},{b},Alpha,networks;hosting,2010-01-01,2014-12-31,,,it,https://x\n"
        f"b{i},{b},Beta,networks;hosting,2015-01-01,2019-12-31,,,it,https://x\n"
        for i, b in enumerate(buyers)
    )
    load_contracts(graph, tmp_path, rows)
    [switch] = market.switching_matrix(graph)
    assert (switch["from_id"], switch["to_id"], switch["switches"]) == ("alpha", "beta", 12)
    assert switch["examples"] == [
        "Avon / Hosting",
        "Avon / Networks",
        "Avon & Somerset Police / Hosting",
        "Avon & Somerset Police / Networks",
        "Bath Council / Hosting",
    ]


def test_switching_matrix_limit_keeps_the_pairs_with_the_most_switches(graph, tmp_path):
    eastshire = (
        "e1,Eastshire Council,Gamma,networks,2010-01-01,2014-12-31,,,networks,https://x\n"
        "e2,Eastshire Council,Delta,networks,2015-01-01,,,,networks,https://x\n"
    )
    load_contracts(graph, tmp_path, CONSOLIDATION + NETWORKS + eastshire)
    # Gamma -> Delta twice (Southshire hosting, Eastshire networks); five pairs once each, in name order
    assert [(r["from_name"], r["to_name"], r["switches"]) for r in market.switching_matrix(graph, limit=3)] == [
        ("Gamma", "Delta", 2),
        ("Alpha", "Beta", 1),
        ("Alpha", "Gamma", 1),
    ]
    assert len(market.switching_matrix(graph, limit=0)) == 6


def test_consolidations_since_a_day_and_at_most_limit_events(graph, tmp_path):
    load_contracts(graph, tmp_path, CONSOLIDATION)
    assert [(e["kind"], e["day"]) for e in market.consolidations(graph, limit=1)] == [("consolidation", "2015-12-31")]
    assert [(e["kind"], e["day"]) for e in market.consolidations(graph, since=date(2016, 1, 1))] == [
        ("fragmentation", "2020-01-01")
    ]
    assert market.consolidations(graph, since=date(2020, 1, 2)) == []


def test_expiring_contracts_in_a_window(graph, tmp_path):
    load_contracts(graph, tmp_path, CONSOLIDATION)
    rows = pipeline.expiring(graph, date(2015, 12, 31), months=1)
    assert [(r["contract_id"], r["end"], r["supplier_names"], r["towers"]) for r in rows] == [
        ("s1", "2015-12-31", ["Alpha"], ["Networks"]),
        ("s2", "2015-12-31", ["Beta"], ["Hosting"]),
        ("s6", "2015-12-31", ["Beta"], ["End User Services", "Service Integration"]),
    ]
    assert pipeline.expiring(graph, date(2016, 1, 1), months=12) == []
    with pytest.raises(ParameterError):
        pipeline.expiring(graph, date(2016, 1, 1), months=0)


def test_supplier_footprint_as_of_a_day(graph, tmp_path):
    load_contracts(graph, tmp_path, CONSOLIDATION + NETWORKS)
    _, rows = footprint(graph, "Alpha", date(2021, 1, 1))
    assert [(r["buyer_id"], r["tower_id"], r["contract_id"]) for r in rows] == [
        ("northshire-council", "networks", "n4"),
        ("southshire-council", "networks", "s4"),
    ]


def test_switching_matrix_counts_successions_across_buyers(graph, tmp_path):
    load_contracts(graph, tmp_path, CONSOLIDATION + NETWORKS)
    matrix = {(r["from_id"], r["to_id"]): r["switches"] for r in market.switching_matrix(graph)}
    assert matrix == {
        ("alpha", "beta"): 1,  # Northshire networks
        ("beta", "alpha"): 1,  # Northshire networks, Alpha comes back
        ("alpha", "gamma"): 1,  # Southshire networks
        ("beta", "gamma"): 1,  # Southshire hosting
        ("gamma", "alpha"): 1,  # Southshire networks
        ("gamma", "delta"): 1,  # Southshire hosting
    }


def test_portfolio_lists_processes_without_supplier_last(sample_graph):
    rows = query_library.run(sample_graph, "portfolio", {"buyer": "Met Police"}).rows
    assert rows[0]["contract_id"] == "met-capgemini-primary-partner"
    assert rows[-1]["contract_id"] == "met-pegasus-application-services"
    assert rows[-1]["supplier_ids"] == [] and rows[-1]["start"] is None
