"""An analyst's corrections to entity resolution: merge two organisations, split a name back out.

Each correction is kept in the graph as a ``(:Correction)`` node with who,
when and why, next to the data it corrects, rather than in a CSV the analyst
must remember to pass to every load: any load into this graph sees it. Loads
consult the corrections twice: name resolution pins each corrected spelling to
its organisation (:func:`pins`, read by ``OrgIndex.from_graph``), and after
writing, :func:`reapply` re-runs every correction in order (idempotently), so
an organisations.csv row or an OCDS party that restates the old view does not
undo it. Wiping the graph wipes the corrections too.

A split moves the contracts whose source rows used that spelling: loaders keep
the name each row used on the link, ``AWARDED {as_named}`` and
``AWARDED_TO {as_named}``. Links written before that was kept have no
``as_named`` and stay where they are.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from supplygraph.graph import derived, lookup, tenure_store
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import ParameterError
from supplygraph.graph.names import IN_HOUSE_ID, keys_for, text_key


@dataclass(frozen=True)
class Correction:
    kind: str  # merge | split
    organisation: str  # merge: the survivor; split: the organisation the name was taken from
    other: str  # merge: the absorbed id; split: the split-off id
    names: list[str]  # merge: the absorbed names; split: the one name
    note: str
    by: str
    at: str  # ISO timestamp (UTC)
    seq: int


_CORRECTIONS = (
    "MATCH (k:Correction) RETURN k.kind AS kind, k.organisation AS organisation, k.other AS other, "
    "k.names AS names, coalesce(k.identifiers, []) AS identifiers, coalesce(k.organisation_names, []) AS "
    "organisation_names, k.note AS note, k.by AS by, toString(k.at) AS at, k.seq AS seq ORDER BY k.seq"
)


def corrections(graph: Graph) -> list[dict[str, Any]]:
    """Every correction, oldest first."""
    return graph.read(_CORRECTIONS)


def history(graph: Graph, org_id: str) -> list[Correction]:
    """The corrections that involve this organisation, oldest first."""
    return [
        Correction(
            r["kind"],
            r["organisation"],
            r["other"],
            list(r["names"]),
            r["note"] or "",
            r["by"] or "",
            r["at"],
            r["seq"],
        )
        for r in corrections(graph)
        if org_id in (r["organisation"], r["other"])
    ]


def pins(graph: Graph) -> dict[str, str]:
    """text_key(spelling) -> organisation id, as the corrections leave it (later ones win, merges chain)."""
    pinned: dict[str, str] = {}
    merged_into: dict[str, str] = {}
    for r in corrections(graph):
        if r["kind"] == "merge":
            for text in (*r["names"], *r["identifiers"], r["other"]):
                pinned[text_key(text)] = r["organisation"]
            merged_into[r["other"]] = r["organisation"]
        else:
            pinned[text_key(r["names"][0])] = r["other"]
            merged_into.pop(r["other"], None)

    def final(org_id: str) -> str:
        seen = set()
        while org_id in merged_into and org_id not in seen:
            seen.add(org_id)
            org_id = merged_into[org_id]
        return org_id

    return {key: final(org_id) for key, org_id in pinned.items()}


def _org(tx: ManagedTransaction, org_id: str) -> dict[str, Any] | None:
    rec = tx.run(
        "MATCH (o:Organisation {id: $id}) RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases, "
        "coalesce(o.identifiers, []) AS identifiers, o:Buyer AS buyer, o:Supplier AS supplier",
        id=org_id,
    ).single()
    return dict(rec) if rec else None


def _record(tx: ManagedTransaction, props: dict[str, Any]) -> dict[str, Any]:
    rec = tx.run(
        "OPTIONAL MATCH (k:Correction) WITH coalesce(max(k.seq), 0) + 1 AS seq "
        "CREATE (n:Correction) SET n = $props, n.seq = seq, n.at = datetime() "
        "RETURN n.seq AS seq, toString(n.at) AS at",
        props=props,
    ).single(strict=True)
    return dict(rec)


_FOLD = """
MATCH (a:Organisation {id: $survivor}), (b:Organisation {id: $absorbed})
CALL (a, b) {
  MATCH (b)-[r:AWARDED]->(c:Contract)
  MERGE (a)-[n:AWARDED]->(c) ON CREATE SET n.as_named = r.as_named
  DELETE r
}
CALL (a, b) {
  MATCH (c:Contract)-[r:AWARDED_TO]->(b)
  MERGE (c)-[n:AWARDED_TO]->(a) ON CREATE SET n.as_named = r.as_named
  DELETE r
}
CALL (a, b) {
  MATCH (k:Alias)-[r:ALIAS_OF]->(b)
  MERGE (k)-[:ALIAS_OF]->(a)
  DELETE r
}
CALL (a, b) {
  MATCH (b)-[r:BECAME]->(x:Organisation) WHERE x <> a
  MERGE (a)-[n:BECAME {kind: r.kind}]->(x)
    ON CREATE SET n.date = r.date, n.date_precision = r.date_precision, n.date_text = r.date_text
  DELETE r
}
CALL (a, b) {
  MATCH (x:Organisation)-[r:BECAME]->(b) WHERE x <> a
  MERGE (x)-[n:BECAME {kind: r.kind}]->(a)
    ON CREATE SET n.date = r.date, n.date_precision = r.date_precision, n.date_text = r.date_text
  DELETE r
}
FOREACH (_ IN CASE WHEN b:Buyer THEN [1] ELSE [] END | SET a:Buyer)
FOREACH (_ IN CASE WHEN b:Supplier THEN [1] ELSE [] END | SET a:Supplier)
SET a.postcodes = coalesce(a.postcodes, []) + [p IN coalesce(b.postcodes, []) WHERE NOT p IN coalesce(a.postcodes, [])]
DETACH DELETE b
"""


def _ensure_names(
    tx: ManagedTransaction, org: dict[str, Any], name: str, aliases: list[str], identifiers: list[str]
) -> None:
    """Give the organisation ``name`` back (if a restated row renamed it to an alias) and every alias/identifier."""
    if org["name"] != name and org["name"] in aliases:
        aliases = [*aliases, org["name"]]
    else:
        name = org["name"]
    keep = sorted({a for a in (*org["aliases"], *aliases) if a != name})
    ids = sorted({*org["identifiers"], *identifiers})
    tx.run(
        "MATCH (o:Organisation {id: $id}) SET o.name = $name, o.aliases = $aliases, o.identifiers = $identifiers "
        "WITH o UNWIND $keys AS key MERGE (k:Alias {key: key}) MERGE (k)-[:ALIAS_OF]->(o)",
        id=org["id"],
        name=name,
        aliases=keep,
        identifiers=ids,
        keys=sorted(keys_for(name, org["id"], *keep, *ids)),
    ).consume()


def _merge(
    tx: ManagedTransaction,
    survivor: str,
    absorbed: str,
    names: list[str],
    identifiers: list[str],
    survivor_names: list[str],
) -> None:
    a = _org(tx, survivor)
    if a is None:  # itself merged away later: the later correction carries these names on
        return
    if _org(tx, absorbed) is not None:
        tx.run(_FOLD, survivor=survivor, absorbed=absorbed).consume()
    _ensure_names(tx, a, survivor_names[0], [*survivor_names[1:], *names], identifiers)


def merge(graph: Graph, survivor: str, absorbed: str, note: str = "", by: str | None = None) -> Correction:
    """Fold organisation ``absorbed`` into ``survivor`` (ids, names, aliases or identifiers) and record it."""
    a = lookup.organisation(graph, survivor)
    b = lookup.organisation(graph, absorbed)
    if a.id == b.id:
        raise ParameterError(f"{survivor!r} and {absorbed!r} are already one organisation ({a.id})")
    if IN_HOUSE_ID in (a.id, b.id) and a.id != IN_HOUSE_ID:
        raise ParameterError("in-house cannot be merged into a supplier")
    who = by or getpass.getuser()

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        sa, sb = _org(tx, a.id), _org(tx, b.id)
        assert sa is not None and sb is not None
        names = [sb["name"], *sb["aliases"]]
        survivor_names = [sa["name"], *sa["aliases"]]
        done = _record(
            tx,
            {
                "kind": "merge",
                "organisation": a.id,
                "other": b.id,
                "names": names,
                "identifiers": sb["identifiers"],
                "organisation_names": survivor_names,
                "note": note,
                "by": who,
            },
        )
        _merge(tx, a.id, b.id, names, sb["identifiers"], survivor_names)
        return {**done, "names": names}

    touched = tenure_store.touched_by_organisations(graph, [a.id, b.id])
    done = graph.execute_write(work)
    derived.refresh(graph, touched)
    return Correction("merge", a.id, b.id, done["names"], note, who, done["at"], done["seq"])


def _split_off_id(name: str) -> str:
    return text_key(name).replace(" ", "-") or "unnamed"


def _split(tx: ManagedTransaction, org_id: str, name: str, new_id: str) -> None:
    a = _org(tx, org_id)
    if a is None:  # merged away later: that merge decides
        return
    key = text_key(name)
    aliases = [x for x in a["aliases"] if text_key(x) != key]
    tx.run(
        "MATCH (a:Organisation {id: $id}) SET a.aliases = $aliases "
        "MERGE (n:Organisation {id: $new}) ON CREATE SET n.name = $name, n.aliases = [], n.identifiers = [], "
        "n.in_house = false",
        id=org_id,
        aliases=aliases,
        new=new_id,
        name=name,
    ).consume()
    staying = keys_for(a["name"], org_id, *aliases, *a["identifiers"])
    moving = sorted(keys_for(name, new_id) - staying)
    tx.run(
        "MATCH (a:Organisation {id: $id}), (n:Organisation {id: $new}) "
        "UNWIND $keys AS key MERGE (k:Alias {key: key}) MERGE (k)-[:ALIAS_OF]->(n) "
        "WITH a, k OPTIONAL MATCH (k)-[r:ALIAS_OF]->(a) DELETE r",
        id=org_id,
        new=new_id,
        keys=moving,
    ).consume()
    links = tx.run(
        "MATCH (a:Organisation {id: $id}) "
        "CALL (a) { MATCH (a)-[r:AWARDED]->(c:Contract) RETURN 'AWARDED' AS type, c.id AS contract, r.as_named AS "
        "as_named UNION MATCH (c:Contract)-[r:AWARDED_TO]->(a) RETURN 'AWARDED_TO' AS type, c.id AS contract, "
        "r.as_named AS as_named } RETURN type, contract, as_named",
        id=org_id,
    ).data()
    named = [r for r in links if r["as_named"] is not None and text_key(r["as_named"]) == key]
    buyer = [r["contract"] for r in named if r["type"] == "AWARDED"]
    supplier = [r["contract"] for r in named if r["type"] == "AWARDED_TO"]
    tx.run(
        "MATCH (a:Organisation {id: $id}), (n:Organisation {id: $new}) "
        "CALL (a, n) { UNWIND $buyer AS cid MATCH (a)-[r:AWARDED]->(c:Contract {id: cid}) "
        "  MERGE (n)-[m:AWARDED]->(c) SET m.as_named = r.as_named, n:Buyer DELETE r } "
        "CALL (a, n) { UNWIND $supplier AS cid MATCH (c:Contract {id: cid})-[r:AWARDED_TO]->(a) "
        "  MERGE (c)-[m:AWARDED_TO]->(n) SET m.as_named = r.as_named, n:Supplier DELETE r } "
        "FOREACH (_ IN CASE WHEN NOT (n:Buyer OR n:Supplier) AND a:Buyer THEN [1] ELSE [] END | SET n:Buyer) "
        "FOREACH (_ IN CASE WHEN NOT (n:Buyer OR n:Supplier) AND a:Supplier THEN [1] ELSE [] END | SET n:Supplier)",
        id=org_id,
        new=new_id,
        buyer=buyer,
        supplier=supplier,
    ).consume()


def split(
    graph: Graph, organisation: str, name: str, note: str = "", by: str | None = None, new_id: str | None = None
) -> Correction:
    """Take ``name`` (an alias of the organisation, or a name its contracts' rows used) into its own organisation.

    The contracts whose rows named it go with it. The new id is ``new_id`` or
    the spelling itself as a slug (``CAPGEMINI UK PLC`` -> ``capgemini-uk-plc``).
    """
    a = lookup.organisation(graph, organisation)
    key = text_key(name)
    target = new_id or _split_off_id(name)
    who = by or getpass.getuser()

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        org = _org(tx, a.id)
        assert org is not None
        if key == text_key(org["name"]):
            raise ParameterError(f"{name!r} is the organisation's own name; split one of its other names")
        used = tx.run(
            "MATCH (a:Organisation {id: $id}) RETURN "
            "[(a)-[r:AWARDED]->(:Contract) WHERE r.as_named IS NOT NULL | r.as_named] + "
            "[(:Contract)-[r:AWARDED_TO]->(a) WHERE r.as_named IS NOT NULL | r.as_named] AS names",
            id=a.id,
        ).single(strict=True)["names"]
        if not any(text_key(x) == key for x in (*org["aliases"], *used)):
            raise ParameterError(
                f"{name!r} is neither an alias of {org['name']} ({a.id}) nor a name its contracts used"
            )
        if _org(tx, target) is not None:
            raise ParameterError(f"an organisation with id {target!r} exists already; give another id")
        done = _record(
            tx,
            {
                "kind": "split",
                "organisation": a.id,
                "other": target,
                "names": [name],
                "note": note,
                "by": who,
            },
        )
        _split(tx, a.id, name, target)
        return done

    touched = tenure_store.touched_by_organisations(graph, [a.id])
    done = graph.execute_write(work)
    touched |= tenure_store.touched_by_organisations(graph, [target])  # what the split-off organisation now holds
    derived.refresh(graph, touched)
    return Correction("split", a.id, target, [name], note, who, done["at"], done["seq"])


def reapply(graph: Graph) -> int:
    """Re-run every correction in order, after a load; returns how many there are. Idempotent."""
    found = corrections(graph)
    if not found:
        return 0

    def work(tx: ManagedTransaction) -> None:
        for r in found:
            if r["kind"] == "merge":
                _merge(
                    tx,
                    r["organisation"],
                    r["other"],
                    list(r["names"]),
                    list(r["identifiers"]),
                    list(r["organisation_names"]),
                )
            else:
                _split(tx, r["organisation"], r["names"][0], r["other"])

    graph.execute_write(work)
    return len(found)


def render(items: list[Correction]) -> list[str]:
    """Lines for ``orgs explain``: each correction with who, when and the note."""
    if not items:
        return []
    lines = ["corrections by analysts:"]
    for c in items:
        if c.kind == "merge":
            what = f"merged {c.other} ({', '.join(c.names)}) into {c.organisation}"
        else:
            what = f"split {c.names[0]!r} out of {c.organisation} as {c.other}"
        lines.append(f"  {c.at} {c.kind:<5} {what} by {c.by}" + (f": {c.note}" if c.note else ""))
    return lines
