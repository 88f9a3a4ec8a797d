"""Name keys: how the same organisation is recognised under different spellings.

"CAPGEMINI UK PLC", "Capgemini UK Ltd" and "Capgemini" share the key
``capgemini``: case, punctuation, "&"/"and" and trailing legal suffixes do not
distinguish organisations. Keys are what aliases are looked up by: loaders store
:func:`keys_for` an organisation's names as ``Alias`` keys, and
:mod:`graph.lookup` looks typed text up by :func:`lookup_keys`. Nothing else
normalises names (the saved queries match ids and stored keys only).
"""

from __future__ import annotations

import re
import unicodedata

LEGAL_SUFFIXES = frozenset(
    {
        "ltd",
        "limited",
        "plc",
        "llp",
        "lp",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "sa",
        "sas",
        "ag",
        "bv",
        "nv",
        "llc",
        "uk",
        "group",
    }
)
IN_HOUSE_ID = "in-house"
IN_HOUSE_NAME = "In-house"
_IN_HOUSE_KEYS = frozenset({"in house", "inhouse", "in house team", "internal"})


def keys_for(*names: str) -> set[str]:
    """All lookup keys for an organisation known by these names, ids and identifiers."""
    return {key for name in names if name for key in lookup_keys(name)}


def lookup_keys(text: str) -> tuple[str, ...]:
    """The keys a typed text may be stored under, most literal first: as typed, then :func:`text_key`, :func:`name_key`."""
    return tuple(dict.fromkeys(k for k in (literal_key(text), text_key(text), name_key(text)) if k))


def literal_key(text: str) -> str:
    """The text as typed, trimmed and lower-cased: how an id or identifier such as ``GB-COH-123`` is kept."""
    return text.strip().lower()


def text_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    folded = folded.lower().replace("&", " and ")
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    return folded.strip()


def name_key(name: str) -> str:
    """The key of an organisation name, with trailing legal suffixes removed."""
    words = text_key(name).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def reference_key(reference: str) -> str:
    """How a source's own reference is matched (``Contract.source_ref_key``): case and runs of spaces ignored."""
    return " ".join(reference.split()).lower()


def slug(name: str) -> str:
    """A stable id from a name: ``Metropolitan Police Service`` -> ``metropolitan-police-service``."""
    return name_key(name).replace(" ", "-") or "unnamed"


def is_in_house(name: str) -> bool:
    return text_key(name) in _IN_HOUSE_KEYS
