"""Registration numbers as publishers type them, back in the form their registers issue.

The typed values are the ones found in real Contracts Finder exports and OCDS
feeds (tests/data/contracts_finder/real/, ../shared/data/), the answers worked
out from each register's format.
"""

from __future__ import annotations

import pytest

from supplygraph.graph.identifiers import (
    charity_number,
    company_number,
    ni_charity_number,
    org_id,
    parse_org_id,
    ppon,
    scottish_charity_number,
)


@pytest.mark.parametrize(
    "typed, issued",
    [
        ("00836946", "00836946"),  # OVERBURY PLC, as issued
        ("1744961", "01744961"),  # a spreadsheet dropped the zero
        ("741598", "00741598"),  # IBM United Kingdom Limited: two zeros lost
        ("79585", "00079585"),
        ("OC337852", "OC337852"),  # TROWERS & HAMLINS LLP
        ("OC 303675", "OC303675"),  # Deloitte LLP, with a space
        ("OC 39438", "OC039438"),  # Alan Johnston Partnership: a space and a lost zero after the prefix
        ("oc39438", "OC039438"),
        ("SC234456", "SC234456"),  # a Scottish company
        ("NI012345", "NI012345"),
        ("SO301234", "SO301234"),  # a Scottish LLP
        ("NC000123", "NC000123"),  # a Northern Ireland LLP
        ("LP012345", "LP012345"),
        ("SL004321", "SL004321"),
        ("FC023456", "FC023456"),  # an overseas company
        ("SE000123", "SE000123"),
        ("CE001234", "CE001234"),  # a charitable incorporated organisation
        ("R0000123", "R0000123"),  # Northern Ireland, before partition
        ("R123", "R0000123"),
        ("IP26511R", "IP26511R"),  # a registered (industrial and provident) society
        ("IP20453R", "IP20453R"),  # ONE HOUSING GROUP LIMITED
        ("IP2045R", "IP02045R"),
        ("RS007411", "RS007411"),
        ("GB-COH-1234567", "01234567"),
        ("12-34-567", "01234567"),
    ],
)
def test_a_company_number_comes_back_as_companies_house_issued_it(typed, issued):
    assert company_number(typed) == issued


@pytest.mark.parametrize(
    "typed",
    [
        "0",  # "JACOBS", "TLT LLP", "HOGAN LOVELLS INTERNATIONAL LLP": a placeholder, not a number
        "",
        "216961173",  # nine digits (The Boston Consulting Group UK LLP's row)
        "014997267",
        "0186908SC",  # letters at the wrong end
        "XX123456",  # no such prefix
        "OC000000",
        "AB12345R",  # a register letter after a prefix that is not a mutual society's
        "not known",
    ],
)
def test_what_cannot_be_a_company_number_is_no_identifier(typed):
    assert company_number(typed) is None


def test_charity_numbers_of_the_three_uk_registers():
    assert charity_number("1128267") == "1128267"  # Age UK
    assert charity_number("220949") == "220949"  # British Red Cross
    assert charity_number("1153859-1") == "1153859-1"  # a linked charity
    assert charity_number("1153859-0") == "1153859"
    for bad in ("0061625", "02674379", "61625", "100012", "12345678", "SC012345"):
        assert charity_number(bad) is None, bad  # leading zeros, too short, NI's range, too long, Scottish
    assert scottish_charity_number("SC012345") == "SC012345"
    assert scottish_charity_number("sc 12345") == "SC012345"
    assert scottish_charity_number("012345") is None
    assert ni_charity_number("NIC100012") == "100012"
    assert ni_charity_number("100012") == "100012"
    assert ni_charity_number("200012") is None


def test_ppon_is_upper_case_in_three_groups():
    assert ppon("PVHJ-9851-QPYJ") == "PVHJ-9851-QPYJ"
    assert ppon("pnxt-9936-xctq") == "PNXT-9936-XCTQ"
    assert ppon("PVHJ9851QPYJ") is None


def test_org_ids_by_scheme_known_ones_normalised_others_as_published():
    assert org_id("GB-COH", "OC301540") == "GB-COH-OC301540"
    assert org_id("GB-COH", "8522643") == "GB-COH-08522643"
    assert org_id("gb-coh", "GB-COH-08522643") == "GB-COH-08522643"  # the scheme written twice
    assert org_id("GB-COH", "0") is None
    assert org_id("GB-CHC", "1128267") == "GB-CHC-1128267"
    assert org_id("GB-SC", "SC012345") == "GB-SC-SC012345"
    assert org_id("GB-NIC", "NIC100012") == "GB-NIC-100012"
    assert org_id("GB-PPON", "PVHJ-9851-QPYJ") == "GB-PPON-PVHJ-9851-QPYJ"
    assert org_id("GB-UKPRN", "10006341") == "GB-UKPRN-10006341"
    assert org_id("GB-SRS", " supplierregistration.cabinetoffice.gov.uk/bf3h7Y7s ") == (
        "GB-SRS-supplierregistration.cabinetoffice.gov.uk/bf3h7Y7s"
    )
    assert org_id("", "123") is None and org_id("GB-GOR", "") is None


def test_an_identifier_written_whole_is_normalised_by_its_scheme():
    assert parse_org_id("GB-COH-943935") == "GB-COH-00943935"
    assert parse_org_id(" GB-COH-00943935 ") == "GB-COH-00943935"
    assert parse_org_id("gb-coh-oc39438") == "GB-COH-OC039438"
    assert parse_org_id("GB-SC-SC012345") == "GB-SC-SC012345"
    assert parse_org_id("GB-CHC-1128267") == "GB-CHC-1128267"
    assert parse_org_id("GB-COH-0") is None
    assert parse_org_id("US-EIN-522044704") == "US-EIN-522044704"
    assert parse_org_id("") is None
