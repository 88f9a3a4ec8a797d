"""Why an organisation is one organisation: the names and identifiers merged into it.

Loaders merge what sources call "CAPGEMINI UK PLC", "Capgemini UK Ltd" and
GB-COH-00943935 into one ``Organisation`` (identifier first, then the
normalised name, then the aliases of organisations.csv). Each merged name or
identifier leaves an ``Alias`` key; this module reads them back and says, for
each, which rule joins it to the organisation, so an analyst can check a merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from supplygraph.graph import lookup
from supplygraph.graph.db import Graph
from supplygraph.graph.names import name_key


@dataclass(frozen=True)
class Merged:
    text: str
    kind: str  # name | alias | identifier
    why: str


@dataclass(frozen=True)
class Explanation:
    id: str
    name: str
    merged: list[Merged]
    keys: list[str]
    shared_keys: dict[str, list[str]] = field(default_factory=dict)  # key -> other organisations it also names
    contracts_as_buyer: int = 0
    contracts_as_supplier: int = 0


def explain(graph: Graph, text: str) -> Explanation:
    """The organisation ``text`` names (id, name, alias or identifier) and what was merged into it."""
    found = lookup.organisation(graph, text)
    row = graph.read(
        "MATCH (o:Organisation {id: $id}) "
        "RETURN o.name AS name, coalesce(o.aliases, []) AS aliases, coalesce(o.identifiers, []) AS identifiers, "
        "COLLECT { MATCH (a:Alias)-[:ALIAS_OF]->(o) RETURN a.key ORDER BY a.key } AS keys, "
        "COUNT { (o)-[:AWARDED]->(:Contract) } AS as_buyer, "
        "COUNT { (:Contract)-[:AWARDED_TO]->(o) } AS as_supplier",
        {"id": found.id},
    )[0]
    shared = graph.read(
        "MATCH (a:Alias)-[:ALIAS_OF]->(o:Organisation {id: $id}) "
        "MATCH (a)-[:ALIAS_OF]->(other:Organisation) WHERE other <> o "
        "RETURN a.key AS key, collect(other.id) AS others ORDER BY key",
        {"id": found.id},
    )
    own_key = name_key(row["name"])
    merged = [Merged(row["name"], "name", f"the organisation's name (id {found.id})")]
    for alias in sorted(row["aliases"], key=str.lower):
        if name_key(alias) == own_key:
            why = f"the same name once case, punctuation and legal suffixes (Ltd, PLC, UK...) are ignored: {own_key!r}"
        else:
            why = "an alias: listed in organisations.csv, or the name of an OCDS party whose identifier matched"
        merged.append(Merged(alias, "alias", why))
    for identifier in sorted(row["identifiers"]):
        merged.append(
            Merged(
                identifier,
                "identifier",
                "a registered identifier (scheme-id): OCDS parties carrying it resolve here before any name is compared",
            )
        )
    return Explanation(
        id=found.id,
        name=row["name"],
        merged=merged,
        keys=row["keys"],
        shared_keys={r["key"]: sorted(r["others"]) for r in shared},
        contracts_as_buyer=row["as_buyer"],
        contracts_as_supplier=row["as_supplier"],
    )


def render(explanation: Explanation) -> str:
    """The explanation as the lines ``supplygraph orgs explain`` prints."""
    e = explanation
    lines = [
        f"{e.name} (id {e.id}): {e.contracts_as_supplier} contract(s) as supplier, {e.contracts_as_buyer} as buyer"
    ]
    width = max(len(m.text) for m in e.merged)
    lines.append("merged into it:")
    lines += [f"  {m.kind:<10} {m.text:<{width}}  {m.why}" for m in e.merged]
    lines.append("looked up by: " + ", ".join(repr(k) for k in e.keys))
    for key, others in e.shared_keys.items():
        lines.append(f"ambiguous: {key!r} also names {', '.join(others)}")
    return "\n".join(lines)
