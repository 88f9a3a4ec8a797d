"""Postcodes from Contracts Finder's free-text supplier addresses and OCDS address.postalCode."""

from __future__ import annotations

import pytest

from supplygraph.loaders.postcodes import in_address, normalise


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
