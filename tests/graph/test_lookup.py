"""What a user types is resolved in one place, by id and then by the keys the loaders stored."""

import pytest

from supplygraph.graph import lookup
from supplygraph.graph.errors import NotFoundError, ParameterError
from tests.helpers import load_contracts

ORGANISATIONS = """
name,aliases,role,identifier,notes
Acme North,,supplier,,
Acme South,,supplier,,
Northern Rail Systems,Acme UK,supplier,GB-COH-0042,
"""
CONTRACTS = """
c1,Kent Police,Acme North,networks,2020,,,,networks,https://x.example/1
c2,Kent Police,Acme South,hosting,2020,,,,hosting,https://x.example/2
"""


@pytest.fixture
def acmes(graph, tmp_path):
    load_contracts(graph, tmp_path, CONTRACTS, ORGANISATIONS)
    # a key two organisations share, as an OCDS party's name or an analyst's split can leave behind
    graph.write(
        "MATCH (o:Organisation) WHERE o.id IN ['acme-north', 'acme-south'] "
        "MERGE (a:Alias {key: 'acme'}) MERGE (a)-[:ALIAS_OF]->(o)"
    )
    return graph


def test_an_alias_two_organisations_share_is_ambiguous_and_says_whom_it_names(acmes):
    # Northern Rail's alias "Acme UK" without its legal suffix is "acme" too
    with pytest.raises(ParameterError) as raised:
        lookup.organisation(acmes, "ACME")
    assert str(raised.value) == (
        "'ACME' matches several organisations: Acme North (acme-north), Acme South (acme-south), "
        "Northern Rail Systems (northern-rail-systems); use an id"
    )


def test_the_spelling_as_typed_wins_over_the_looser_keys(acmes):
    # as typed, "acme uk" is only Northern Rail's alias; only without "UK" would it name all three
    assert lookup.organisation(acmes, " Acme UK ") == lookup.Entity("northern-rail-systems", "Northern Rail Systems")
    assert lookup.organisation(acmes, "acme-north").id == "acme-north"  # the id
    assert lookup.organisation(acmes, "Acme  North!").id == "acme-north"  # punctuation and spaces folded
    # an identifier, as the register issues it: loaders store Companies House numbers with their lost
    # zeros restored (GB-COH-0042 in the file is GB-COH-00000042, graph/identifiers.py)
    assert lookup.organisation(acmes, "gb-coh-00000042").id == "northern-rail-systems"
    # typed short, as the file had it, it is read as the register's number too
    assert lookup.organisation(acmes, "GB-COH-0042").id == "northern-rail-systems"
    assert lookup.organisation(acmes, " gb-coh-42 ").id == "northern-rail-systems"


def test_the_role_narrows_the_choice_and_names_what_was_missing(acmes):
    assert lookup.organisation(acmes, "Kent Police", role="buyer").id == "kent-police"
    with pytest.raises(NotFoundError, match="^unknown buyer 'Acme North'$"):
        lookup.organisation(acmes, "Acme North", role="buyer")
    with pytest.raises(NotFoundError, match="^unknown organisation '  '$"):
        lookup.organisation(acmes, "  ")


def test_towers_by_id_name_or_alias():
    assert lookup.tower("Service-Integration") == lookup.Entity("service-integration", "Service Integration")
    assert lookup.tower("SIAM").id == "service-integration"
    with pytest.raises(NotFoundError, match="^unknown tower 'canteen'$"):
        lookup.tower("canteen")
