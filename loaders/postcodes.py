"""Postcodes as sources give them, normalised: ``kt227tw`` and ``KT22  7TW`` are both ``KT22 7TW``.

Contracts Finder gives a supplier's address as one free-text field (``Bytes
House, Randalls Way, Leatherhead, Surrey, KT22 7TW``); OCDS gives
``address.postalCode``. A shared postcode is evidence two organisations are one
(:mod:`graph.candidates`).
"""

from __future__ import annotations

import re

_UK = re.compile(r"(?<![A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})(?![A-Z0-9])")
_UK_WHOLE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise(code: str | None) -> str | None:
    """A postal code upper-cased with single spaces; a UK postcode as outward code, one space, inward code."""
    if not code:
        return None
    text = " ".join(code.upper().split())
    if not text:
        return None
    uk = _UK_WHOLE.match(text.replace(" ", ""))
    return f"{uk[1]} {uk[2]}" if uk else text


def in_address(address: str | None) -> str | None:
    """The last UK postcode written in a free-text address, normalised; None when it has none."""
    if not address:
        return None
    found = _UK.findall(" ".join(address.upper().split()))
    if not found:
        return None
    outward, inward = found[-1]
    return f"{outward} {inward}"
