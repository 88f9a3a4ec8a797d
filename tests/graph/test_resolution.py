"""The rule that picks one organisation for an ambiguous name, instead of stopping the load."""

from __future__ import annotations

from supplygraph.graph.resolution import ALIAS, OWN_NAME, OWN_NAME_WITHOUT_SUFFIX, choose

CGL = {"change-grow-live": "Change Grow Live", "change-grow-live-cgl": "Change, grow, live (CGL)"}


def test_the_organisation_whose_own_name_it_is_wins_over_one_that_has_it_as_an_alias():
    # the real failure: 'change, grow, live (CGL)' matched both; only the second is called that
    choice = choose("change, grow, live (CGL)", CGL, CGL)
    assert (choice.id, choice.rule, choice.others) == ("change-grow-live-cgl", OWN_NAME, ("change-grow-live",))


def test_then_the_one_whose_name_differs_only_by_legal_suffixes():
    names = {"capgemini": "Capgemini", "capgemini-services": "Capgemini Services"}
    # "Capgemini UK Ltd" is no organisation's own name, but without "UK Ltd" it is Capgemini's
    assert choose("Capgemini UK Ltd", names, names).id == "capgemini"
    assert choose("Capgemini UK Ltd", names, names).rule == OWN_NAME_WITHOUT_SUFFIX


def test_else_the_smallest_id():
    names = {"northshire-council": "Northshire Council", "northshire-county-council": "Northshire County Council"}
    # "NCC" is an alias of both: neither is called that
    choice = choose("NCC", names, names)
    assert (choice.id, choice.rule) == ("northshire-council", ALIAS)


def test_the_same_name_always_resolves_the_same_way_whatever_the_order():
    assert choose("NCC", ["b", "a", "c"], {}).id == choose("NCC", ["c", "a", "b"], {}).id == "a"
