"""The spell rule on its own (no database): holdings in, spells out, worked out by hand."""

from __future__ import annotations

from datetime import date

from supplygraph.graph.tenure import Event, Holding, Lineage, resumptions, spells


def held(cid: str, supplier: str, start: str, end: str | None, towers: tuple[str, ...] = ()) -> Holding:
    return Holding(
        cid,
        date.fromisoformat(start),
        "day",
        date.fromisoformat(end) if end else None,
        "day" if end else None,
        supplier.lower(),
        supplier,
        towers,
    )


def summary(found) -> list[tuple]:
    return [(s.holder_name, s.held_as, str(s.start), str(s.end) if s.end else None, s.contract_ids) for s in found]


def test_contracts_that_touch_or_overlap_merge_and_a_gap_of_one_day_splits():
    found = spells(
        [
            held("c1", "Atos", "2010-01-01", "2012-12-31"),
            held("c2", "Atos", "2013-01-01", "2014-06-30"),  # the next day: touches
            held("c3", "Atos", "2014-01-01", "2015-12-31"),  # overlaps
            held("c4", "Atos", "2016-01-02", None),  # one clear day between: a new spell
        ]
    )
    assert summary(found) == [
        ("Atos", ["Atos"], "2010-01-01", "2015-12-31", ["c1", "c2", "c3"]),
        ("Atos", ["Atos"], "2016-01-02", None, ["c4"]),
    ]


def test_a_rename_in_the_middle_of_a_contract_carries_the_spell_on():
    lineage = Lineage([Event("northgate", "nec", date(2021, 1, 1))])
    holdings = [
        held("ng1", "Northgate", "2016-01-01", "2022-12-31"),
        held("ng2", "NEC", "2023-01-01", "2025-12-31"),
    ]
    assert summary(spells(holdings, lineage)) == [
        ("NEC", ["Northgate", "NEC"], "2016-01-01", "2025-12-31", ["ng1", "ng2"]),
    ]
    # without lineage: two organisations, two spells
    assert [s.holder_name for s in spells(holdings)] == ["Northgate", "NEC"]


def test_rivals_that_merged_later_stay_apart():
    lineage = Lineage([Event("kcom", "daisy", date(2017, 6, 1))])
    found = spells(
        [
            held("k1", "Kcom", "2010-01-01", "2015-06-30"),
            held("d1", "Daisy", "2015-01-01", "2018-12-31"),  # overlaps Kcom, but in 2015 they were rivals
            held("d2", "Daisy", "2019-01-01", None),
        ],
        lineage,
    )
    assert summary(found) == [
        ("Kcom", ["Kcom"], "2010-01-01", "2015-06-30", ["k1"]),
        ("Daisy", ["Daisy"], "2015-01-01", None, ["d1", "d2"]),
    ]
    assert not found[0].continued_by(found[1])


def test_an_acquired_supplier_coming_back_under_its_new_owner_resumes():
    lineage = Lineage([Event("logica", "cgi", date(2012, 8, 1))])
    found = spells(
        [
            held("l1", "Logica", "2005-01-01", "2010-12-31", ("Application Services",)),
            held("p1", "Capita", "2011-01-01", "2016-12-31", ("Application Services",)),
            held("g1", "CGI", "2019-01-01", None, ("Application Services", "Hosting")),
        ],
        lineage,
    )
    assert [s.holder_name for s in found] == ["Logica", "Capita", "CGI"]
    assert found[2].forerunners == ["logica"]
    # 2010-12-31 to 2019-01-01: eight years with two leap days, and one day
    assert [(b.holder_name, a.holder_name, gap) for b, a, gap in resumptions(found)] == [("Logica", "CGI", 2923)]
    assert found[2].towers == ["Application Services", "Hosting"]


def test_lineage_follows_chains_but_not_events_after_the_contract_started():
    lineage = Lineage([Event("a", "b", date(2010, 1, 1)), Event("b", "c", date(2015, 1, 1))])
    assert lineage.line("a") == "c"
    assert lineage.former("c", date(2014, 12, 31)) == []
    assert lineage.former("c", date(2015, 1, 1)) == ["a", "b"]
    assert lineage.former("b", date(2012, 1, 1)) == ["a"]
    assert lineage.component(["b"]) == {"a", "b", "c"}
