"""Recognising organisations by id, name or alias.

Every organisation has ``Alias`` nodes, one per key (see :mod:`graph.names`) of
its id, name, aliases and identifiers. Loaders use the same index to decide
whether a name in a contract row is an organisation already known, and the API
and the saved queries use it to accept "Met Police" for the Metropolitan
Police Service.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from supplygraph.graph.db import Graph
from supplygraph.graph.names import IN_HOUSE_ID, is_in_house, keys_for, slug, text_key
from supplygraph.graph.org_corrections import pins
from supplygraph.graph.resolution import Choice, choose

logger = logging.getLogger(__name__)


@dataclass
class OrgIndex:
    """Key -> organisation ids, plus the names of known organisations."""

    ids_by_key: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, str] = field(default_factory=dict)
    # text_key(name) -> id, from analysts' merges and splits (graph.org_corrections): consulted before the keys
    pins: dict[str, str] = field(default_factory=dict)
    # names that matched several organisations, and the rule's choice for each
    ambiguous: dict[str, Choice] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> OrgIndex:
        index = cls(pins=pins(graph))
        rows = graph.read(
            "MATCH (a:Alias)-[:ALIAS_OF]->(o:Organisation) RETURN a.key AS key, o.id AS id, o.name AS name"
        )
        for row in rows:
            index.ids_by_key[row["key"]].add(row["id"])
            index.names[row["id"]] = row["name"]
        return index

    def add(self, org_id: str, name: str, keys: Iterable[str]) -> None:
        self.names.setdefault(org_id, name)
        for key in keys:
            self.ids_by_key[key].add(org_id)

    def pinned(self, name: str) -> str | None:
        """The organisation an analyst's correction sends this exact spelling to, if it exists."""
        org_id = self.pins.get(text_key(name)) if self.pins else None
        return org_id if org_id in self.names else None

    def lookup(self, name: str) -> set[str]:
        pinned = self.pinned(name)
        if pinned is not None:
            return {pinned}
        found: set[str] = set()
        for key in keys_for(name):
            found |= self.ids_by_key.get(key, set())
        return found

    def resolve(self, name: str) -> str:
        """The id for a name in a data row: a known organisation (one of several by :mod:`graph.resolution`'s
        rule), or a new id from the name."""
        if is_in_house(name):
            return IN_HOUSE_ID
        found = self.lookup(name)
        if len(found) > 1:
            return self.choose(name, found)
        if found:
            return next(iter(found))
        new_id = slug(name)
        self.add(new_id, name, keys_for(name, new_id))
        return new_id

    def choose(self, name: str, found: Iterable[str]) -> str:
        """One of several organisations ``name`` matches, by the rule; each such name is remembered in
        :attr:`ambiguous` (and logged once) so a load can say how many it met."""
        choice = choose(name, found, self.names)
        if name not in self.ambiguous:
            self.ambiguous[name] = choice
            logger.info(
                "%r matches %s: resolved to %s (%s)",
                name,
                ", ".join(sorted((choice.id, *choice.others))),
                choice.id,
                choice.rule,
            )
        return choice.id
