"""The rule that picks one organisation when a name or identifier matches several: loads never stop on it.

A name in a row is looked up by its keys (:mod:`graph.names`); an analyst's
correction pins a spelling first (:mod:`graph.org_corrections`), and OCDS
parties and Contracts Finder suppliers are looked up by identifier before
their name. When what remains still matches several organisations, the one
chosen is, in this order (``docs/entity-resolution.md`` says why):

1. the organisation whose own name is the name, once case, accents and
   punctuation are ignored (``text_key``);
2. else the one whose own name is the name once legal suffixes are ignored too
   (``name_key``); the others only have it as an alias or a looser key;
3. among several at the same step, the smallest id.

The rule uses only what the organisations are called, never what else was
loaded (such as how many contracts each has), so loading the same files into
the same graph twice resolves every name the same way. The organisations that
shared the name stay in the graph as they were and come first in
``supplygraph orgs candidates`` (they share a lookup key), for an analyst to
merge or keep apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from supplygraph.graph.names import name_key, text_key

OWN_NAME = "its own name"
OWN_NAME_WITHOUT_SUFFIX = "its own name without legal suffixes"
ALIAS = "an alias or a looser key"


@dataclass(frozen=True)
class Choice:
    id: str
    rule: str  # which step of the rule decided (OWN_NAME, OWN_NAME_WITHOUT_SUFFIX or ALIAS)
    others: tuple[str, ...]  # the organisations not chosen


def choose(name: str, found: Iterable[str], names: Mapping[str, str]) -> Choice:
    """The organisation ``name`` resolves to among ``found`` (ids; ``names`` maps ids to own names)."""
    ids = sorted(set(found))
    if not ids:
        raise ValueError("choose needs at least one organisation")
    exact, loose = text_key(name), name_key(name)
    for rule, matches in (
        (OWN_NAME, [i for i in ids if text_key(names.get(i, i)) == exact]),
        (OWN_NAME_WITHOUT_SUFFIX, [i for i in ids if name_key(names.get(i, i)) == loose]),
        (ALIAS, ids),
    ):
        if matches:
            chosen = matches[0]
            return Choice(chosen, rule, tuple(i for i in ids if i != chosen))
    raise AssertionError("unreachable: the last step keeps every id")
