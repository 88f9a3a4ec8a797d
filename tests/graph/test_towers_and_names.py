import pytest

from supplygraph.graph.errors import UnknownTowerError
from supplygraph.graph.names import is_in_house, name_key, slug
from supplygraph.graph.towers import canonical_tower


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
