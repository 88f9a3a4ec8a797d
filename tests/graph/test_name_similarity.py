"""Names that are only alike: legal forms stripped as cleanco does, rapidfuzz on what is left."""

from __future__ import annotations

import pytest
from cleanco import basename

from supplygraph.graph.name_similarity import (
    block_keys,
    comparison_key,
    conflicting_words,
    distinctive,
    similarity,
    strip_legal_form,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jacobs U.K. Limited", "jacobs"),  # the same company as "Jacobs UK Limited" (GB-COH-02594504)
        ("COMPUTACENTER (UK) LIMITED", "computacenter"),
        ("Capgemini UK plc", "capgemini"),
        ("Change, grow, live (CGL)", "change grow live cgl"),
        ("BT plc", "bt"),
    ],
)
def test_the_comparison_key_drops_case_punctuation_and_legal_forms(name, key):
    assert comparison_key(name) == key


@pytest.mark.parametrize(
    "name",
    [
        "BT plc",
        "Arden Winch & Co Ltd",
        "Ocaso SA UK",
        "McKinsey & Company, Inc.",
        "Trowers & Hamlins LLP",
        "Serco Ltd.",
    ],
)
def test_legal_forms_are_stripped_exactly_as_cleanco_does(name):
    # one pass over cleanco's terms, longest first: "BT plc" keeps BT, "Arden Winch & Co Ltd" keeps "& Co"
    assert strip_legal_form(name) == basename(name)


def test_similarity_is_the_mean_of_token_sort_and_token_set():
    # token sort: 4 insertions over 16 + 20 characters, 1 - 4/36 = 88.9; token set: one name's words are all
    # in the other, 100; the mean 94.4
    assert similarity("change grow live", "change grow live cgl") == pytest.approx(94.444, abs=0.001)
    assert similarity("serco", "serco") == 100
    assert similarity("", "serco") == 0


def test_common_words_are_left_out_unless_nothing_else_is_left():
    common = {"city", "council"}
    assert distinctive("derby city council", common) == "derby"
    assert distinctive("city council", common) == "city council"


def test_block_keys_are_the_words_and_the_start_of_the_squashed_name():
    assert block_keys("e on") == {"^eon"}
    assert block_keys("eon energy") == {"eon", "energy", "^eonene"}
    assert "and" not in block_keys("proctor and stevenson")


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("north tyneside council", "south tyneside council", ("north", "south")),  # neighbours, not one council
        ("somerset council", "north somerset council", ("north",)),  # a place qualifier only one has
        ("london borough of barnet", "london borough of barnet council", ()),  # one adds a word: no conflict
        ("churchill contract services", "churchil contract services", ()),  # a near spelling
        ("c p davidson and sons", "cp davidson and sons", ()),  # initials written apart
        ("department for digital culture media and sport", "department of digital culture media and sport", ()),
    ],
)
def test_conflicting_words_tell_alike_names_apart(a, b, conflict):
    assert conflicting_words(a, b) == conflict
