"""Organisation identifiers as the registers issue them, written the org-id.guide way (``GB-COH-01234567``).

Publishers type registration numbers by hand and spreadsheets eat their
leading zeros, so the same company arrives as ``1234567``, ``01234567`` and
``GB-COH-01234567``. These pure functions put each number back in the form its
register issues, so organisations match by identifier before name. A number
that cannot be one the register issued (``0``, nine digits, letters where
digits go) gives ``None``: a wrong identifier would join unrelated
organisations, which is worse than none (the name still resolves).

- Companies House (``GB-COH``): eight characters. England and Wales companies
  are eight digits; other registers and entity types have a two-letter prefix
  and six digits (``SC`` Scotland, ``NI`` Northern Ireland, ``OC``/``SO``/``NC``
  limited liability partnerships, ``LP``/``SL``/``NL`` limited partnerships,
  ``FC`` overseas companies, ``CE``/``CS`` charitable incorporated
  organisations, ``SE``/``ES``/``EN`` European companies, ... see
  :data:`COMPANY_PREFIXES`), ``R`` and seven digits for Northern Ireland
  companies registered before partition, and mutual societies ``IP``/``SP``/
  ``NP`` + digits + a letter (``IP26511R``). Lost zeros go back after the
  prefix: ``1234567`` -> ``01234567``, ``OC39438`` -> ``OC039438``.
- Charity Commission for England and Wales (``GB-CHC``): the registered
  charity number, six digits from 200000 or seven from 1000000 (no leading
  zeros; six digits from 1 are Northern Ireland's), optionally ``-N`` for a
  linked charity.
- Office of the Scottish Charity Regulator (``GB-SC``): ``SC`` and six digits,
  written whole: ``GB-SC-SC012345``.
- Charity Commission for Northern Ireland (``GB-NIC``): six digits from
  100000, written without the ``NIC`` the register's web pages put before it.
- Find a Tender's Public Procurement Organisation Number (``GB-PPON``):
  ``PXXX-NNNN-XXXX``, upper case.
- Any other org-id.guide scheme (``GB-UKPRN``, ``GB-GOR``, ``GB-SRS``, ...) is
  kept as published, trimmed.
"""

from __future__ import annotations

import re

COMPANIES_HOUSE = "GB-COH"
CHARITY_COMMISSION = "GB-CHC"
SCOTTISH_CHARITY = "GB-SC"
NI_CHARITY = "GB-NIC"
PPON = "GB-PPON"

# Two-letter prefixes Companies House issues before six digits (England & Wales, Scotland, Northern Ireland).
COMPANY_PREFIXES = frozenset(
    {
        "AC", "SA", "NA",  # assurance companies
        "CE", "CS",  # charitable incorporated organisations
        "EN", "ES", "SE",  # European companies (Societas Europaea)
        "FC", "NF", "SF",  # overseas companies
        "GE", "GN", "GS",  # European Economic Interest Groupings
        "IC", "SI", "NV",  # investment companies with variable capital
        "LP", "NL", "SL",  # limited partnerships
        "NC", "OC", "SO",  # limited liability partnerships
        "NI", "SC",  # Northern Ireland and Scottish companies
        "NO", "NP", "NR", "NZ", "SG", "SP", "SR", "SZ", "ZC", "RC", "IP", "RS",  # other registers and bodies
    }
)  # fmt: skip
_MUTUAL_PREFIXES = ("IP", "SP", "NP")  # mutual societies: prefix, digits, a register letter (IP26511R)
_SEPARATORS = re.compile(r"[\s.\-/]+")
_KNOWN = (COMPANIES_HOUSE, CHARITY_COMMISSION, SCOTTISH_CHARITY, NI_CHARITY, PPON)


def company_number(raw: str) -> str | None:
    """A Companies House number in its issued eight-character form, or None if it cannot be one."""
    text = _SEPARATORS.sub("", raw.strip().upper().removeprefix("GB-COH-"))
    if text.isdigit():
        return text.zfill(8) if len(text) <= 8 and int(text) else None
    if m := re.fullmatch(r"R(\d{1,7})", text):
        return "R" + m[1].zfill(7) if int(m[1]) else None
    if m := re.fullmatch(r"([A-Z]{2})(\d{1,5})([A-Z])", text):
        if m[1] in _MUTUAL_PREFIXES and int(m[2]):
            return m[1] + m[2].zfill(5) + m[3]
        return None
    if m := re.fullmatch(r"([A-Z]{2})(\d{1,6})", text):
        if m[1] in COMPANY_PREFIXES and int(m[2]):
            return m[1] + m[2].zfill(6)
    return None


def charity_number(raw: str) -> str | None:
    """A Charity Commission (England and Wales) registered charity number, or None."""
    text = re.sub(r"\s+", "", raw)
    m = re.fullmatch(r"([2-9]\d{5}|1\d{6})(?:-(\d{1,2}))?", text)
    if m is None:
        return None
    return m[1] if not m[2] or m[2] == "0" else f"{m[1]}-{int(m[2])}"


def scottish_charity_number(raw: str) -> str | None:
    """An OSCR number, ``SC`` and six digits (``SC12345`` -> ``SC012345``), or None."""
    m = re.fullmatch(r"SC0*(\d{1,6})", _SEPARATORS.sub("", raw.upper()))
    return "SC" + m[1].zfill(6) if m and int(m[1]) else None


def ni_charity_number(raw: str) -> str | None:
    """A Charity Commission for Northern Ireland number, six digits from 100000 (``NIC100012`` -> ``100012``)."""
    m = re.fullmatch(r"(?:NIC)?(1\d{5})", _SEPARATORS.sub("", raw.upper()))
    return m[1] if m else None


def ppon(raw: str) -> str | None:
    """A Public Procurement Organisation Number, ``PXXX-NNNN-XXXX``, or None."""
    text = re.sub(r"\s+", "", raw.upper())
    return text if re.fullmatch(r"P[A-Z0-9]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}", text) else None


def org_id(scheme: str, local: str) -> str | None:
    """``SCHEME-id`` for an identifier given as its scheme and id (OCDS ``identifier``), or None.

    Known schemes are normalised as their registers issue them (None when the
    id cannot be one); other schemes keep the id as published. An id that
    already starts with its scheme (``GB-COH-GB-COH-...``, which publishers do
    write) is not prefixed twice.
    """
    scheme = scheme.strip().upper()
    local = local.strip()
    if local.upper().startswith(scheme + "-"):
        local = local[len(scheme) + 1 :]
    if not scheme or not local:
        return None
    normalise = _NORMALISE.get(scheme)
    if normalise is None:
        return f"{scheme}-{local}"
    number = normalise(local)
    return f"{scheme}-{number}" if number else None


def parse_org_id(text: str) -> str | None:
    """An identifier written whole (``GB-COH-1234567``, organisations.csv) in its normalised form.

    Text that is not ``SCHEME-id`` with a known scheme is kept as written
    (trimmed); a known scheme with an impossible id gives None.
    """
    text = text.strip()
    upper = text.upper()
    for scheme in sorted(_KNOWN, key=len, reverse=True):
        if upper.startswith(scheme + "-"):
            return org_id(scheme, text[len(scheme) + 1 :])
    return text or None


_NORMALISE = {
    COMPANIES_HOUSE: company_number,
    CHARITY_COMMISSION: charity_number,
    SCOTTISH_CHARITY: scottish_charity_number,
    NI_CHARITY: ni_charity_number,
    PPON: ppon,
}

__all__ = [
    "COMPANIES_HOUSE",
    "CHARITY_COMMISSION",
    "SCOTTISH_CHARITY",
    "NI_CHARITY",
    "PPON",
    "COMPANY_PREFIXES",
    "company_number",
    "charity_number",
    "scottish_charity_number",
    "ni_charity_number",
    "ppon",
    "org_id",
    "parse_org_id",
]
