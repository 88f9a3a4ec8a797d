import pytest

from supplygraph.graph.errors import UnknownTowerError
from supplygraph.graph.names import is_in_house, keys_for, lookup_keys, name_key, slug, text_key
from supplygraph.graph.towers import TOWERS, canonical_tower


@pytest.mark.parametrize(
    "alias, tower_id",
    [
        ("Data Centre", "hosting"),
        ("desktop", "end-user-services"),
        ("END USER COMPUTING", "end-user-services"),
        ("SIAM", "service-integration"),
        ("service management", "service-integration"),
        ("Networks", "networks"),
        ("application-services", "application-services"),
    ],
)
def test_tower_aliases_map_to_the_canonical_tower(alias, tower_id):
    assert canonical_tower(alias).id == tower_id


def test_unknown_tower_names_the_value():
    with pytest.raises(UnknownTowerError, match="'catering'"):
        canonical_tower("catering")


def test_legal_suffixes_and_case_do_not_distinguish_suppliers():
    assert name_key("CAPGEMINI UK PLC") == name_key("Capgemini UK Ltd") == name_key("Capgemini") == "capgemini"
    assert slug("Metropolitan Police Service") == "metropolitan-police-service"


def test_in_house_spellings():
    assert is_in_house("In-house") and is_in_house("in house") and not is_in_house("Inhouse Ltd")


def test_a_typed_name_is_looked_up_as_typed_then_folded_then_without_legal_suffixes():
    assert lookup_keys(" Capgemini UK Ltd. ") == ("capgemini uk ltd.", "capgemini uk ltd", "capgemini")
    assert lookup_keys("GB-COH-0042") == ("gb-coh-0042", "gb coh 0042")
    assert lookup_keys("   ") == ()


def test_an_organisation_is_stored_under_every_key_of_each_of_its_names():
    assert keys_for("AT&T Ltd", "at-t", "") == {"at&t ltd", "at and t ltd", "at and t", "at-t", "at t"}


def test_every_tower_spelling_is_recognised_by_the_key_its_alias_node_is_stored_under():
    for tower in TOWERS:
        for spelling in (tower.id, tower.name, *tower.aliases):
            assert canonical_tower(text_key(spelling)) == tower, spelling
