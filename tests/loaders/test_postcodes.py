"""Postcodes from Contracts Finder's free-text supplier addresses and OCDS address.postalCode."""

from __future__ import annotations

import json

import pytest

from supplygraph.loaders import load_paths
from supplygraph.loaders.postcodes import in_address, normalise
from tests.helpers import DATA, OCDS_DATA

CF_DATA = DATA / "contracts_finder"


@pytest.mark.parametrize(
    ("address", "postcode"),
    [
        # supplier address blocks as the real exports write them
        ("Bytes House, Randalls Way, Leatherhead, Surrey, KT22 7TW", "KT22 7TW"),
        ("5 and 6 Pheonix House, 63 Campfield Road, Watford, Herts, United Kingdom, al15fl", "AL1 5FL"),
        ("Wigan Road\n        Westhoughton\n        Bolton\n        BL5 2EE", "BL5 2EE"),
        ("B46 1JU", "B46 1JU"),
        ("Heathcote Way, Heathcote Ind Estate, Warwick", None),
        ("", None),
    ],
)
def test_the_last_uk_postcode_of_an_address(address, postcode):
    assert in_address(address) == postcode


def test_postal_codes_are_upper_case_with_one_space():
    assert normalise("kt227tw") == "KT22 7TW"
    assert normalise("sw1a  1aa") == "SW1A 1AA"
    assert normalise(" 06600 ") == "06600"  # not a UK postcode: kept, trimmed
    assert normalise("  ") is None


def test_organisations_keep_the_postcodes_their_notices_give(graph, tmp_path):
    # Contracts Finder: the last postcode of the supplier block's address; OCDS: a party's address.postalCode
    release = json.loads((OCDS_DATA / "bare-release.json").read_text())
    release["parties"][1]["address"] = {"streetAddress": "1 Data Way", "postalCode": "ec1a7aj"}
    path = tmp_path / "party.json"
    path.write_text(json.dumps(release))
    load_paths(graph, [CF_DATA / "met-networks.csv", path])
    rows = graph.read(
        "MATCH (o:Organisation) WHERE o.postcodes <> [] RETURN o.id AS id, o.postcodes AS postcodes ORDER BY id"
    )
    assert rows == [
        {"id": "british-telecommunications", "postcodes": ["EC1A 7AJ"]},
        {"id": "capgemini", "postcodes": ["GU21 6DB"]},
        {"id": "contoso-hosting", "postcodes": ["EC1A 7AJ"]},
    ]
