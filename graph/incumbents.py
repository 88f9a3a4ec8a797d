"""The stored contract succession: ``(:Contract)-[:SUCCEEDS {score, evidence}]->(:Contract)``, derived and read.

:func:`refresh` scores (with :mod:`graph.predecessors`) the contracts and open processes of the
buyers a write touched and stores the pairs at or above the threshold; buyers that became another
(renamed, merged into, acquired by: ``BECAME`` edges) are scored together with it, so Bournemouth
Borough Council's contracts can precede BCP Council's. :func:`predecessors` and
:func:`successors` read the stored pairs, and with ``include_below`` score the other candidates of that one
contract on request.
"""

from __future__ import annotations

import calendar
import logging
import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from supplygraph.graph import layer_diff, succession_agreement
from supplygraph.graph.db import Batch, Graph
from supplygraph.graph.errors import NotFoundError
from supplygraph.graph.predecessors import THRESHOLD, Candidate, Notice, around, explained, rank, select

log = logging.getLogger(__name__)

LINEAGE_KINDS = ["renamed", "merged-into", "acquired-by"]
#: notices in one refresh (or check) from which buyer groups are scored in worker processes: below it,
#: starting them (each imports scikit-learn) costs more than it saves
PARALLEL_FROM = 20_000
#: SUCCEEDS pairs written per transaction
PAIRS_PER_TRANSACTION = 20_000
#: worker processes for the scoring: one per core, at most four
WORKERS = min(os.cpu_count() or 1, 4)

# the group a buyer belongs to: the organisation its lineage ends at (itself if none)
_GROUPS = """
MATCH (b:Buyer) WHERE $buyers IS NULL OR b.id IN $buyers
   OR EXISTS { MATCH (b)-[:BECAME*1..10]-(o:Buyer) WHERE o.id IN $buyers }
RETURN b.id AS buyer, coalesce(head(COLLECT {
  MATCH p = (b)-[:BECAME*1..10]->(h:Organisation)
  WHERE all(r IN relationships(p) WHERE r.kind IN $kinds)
    AND NOT EXISTS { (h)-[n:BECAME]->() WHERE n.kind IN $kinds }
  RETURN h.id ORDER BY h.id }), b.id) AS grp
"""

_NOTICES = """
UNWIND $buyers AS bid
MATCH (:Buyer {id: bid})-[:AWARDED]->(c:Contract)
WHERE c.status <> 'cancelled' AND c.status <> 'unsuccessful'
RETURN bid AS buyer, c.id AS id, coalesce(c.title, '') AS title, coalesce(c.description, '') AS description,
       coalesce(c.cpv_codes, []) AS cpv, [(c)-[:COVERS]->(t:ServiceTower) | t.id] AS towers,
       c.start AS start, c.end AS end, c.start_precision AS start_precision, c.end_precision AS end_precision,
       c.value AS value, c.ocid AS ocid, c.source_ref AS source_ref,
       head(COLLECT { MATCH (c)-[:SOURCED_FROM]->(s:Source) WHERE s.published IS NOT NULL
                      RETURN s.published ORDER BY s.published }) AS published,
       [(c)-[:AWARDED_TO]->(s:Organisation) | coalesce(head(COLLECT {
          MATCH p = (s)-[:BECAME*1..10]->(h:Organisation)
          WHERE all(r IN relationships(p) WHERE r.kind IN $kinds)
            AND NOT EXISTS { (h)-[n:BECAME]->() WHERE n.kind IN $kinds }
          RETURN h.id ORDER BY h.id }), s.id)] AS suppliers
"""

# both ways: a contract that moved to another buyer leaves no pair behind with this group's contracts
_CLEAR = """
UNWIND $ids AS cid
MATCH (:Contract {id: cid})-[r:SUCCEEDS]-(:Contract)
DELETE r
"""

_WRITE = """
UNWIND $pairs AS p
MATCH (a:Contract {id: p.earlier}), (b:Contract {id: p.later})
MERGE (b)-[r:SUCCEEDS]->(a)
SET r.score = p.score, r.evidence = p.evidence, r.derived_at = datetime.transaction()
"""


def refresh(graph: Graph, buyers: Iterable[str] | None = None, parallel_from: int | None = None) -> int:
    """Re-derive the SUCCEEDS pairs of these buyers (all when None), with their lineage; returns how many.

    From ``parallel_from`` notices (default :data:`PARALLEL_FROM`) the scoring runs in worker processes,
    one buyer group each, while this process reads the next groups and writes the pairs scored.
    """
    stored = 0
    groups = _groups(graph, buyers)
    for ids, pairs in _derived(graph, groups, parallel_from):
        # a group's old pairs go and its first pairs come in one transaction (readers see one or the other);
        # a group with more than PAIRS_PER_TRANSACTION pairs (tens of thousands of contracts) writes the rest in
        # more, since one transaction would run out of Neo4j's transaction memory
        for k in range(0, max(len(pairs), 1), PAIRS_PER_TRANSACTION):

            def work(tx: ManagedTransaction, chunk: list[dict[str, Any]] = pairs[k : k + PAIRS_PER_TRANSACTION],
                     clear: list[str] = ids if k == 0 else []) -> None:  # fmt: skip
                if clear:
                    tx.run(_CLEAR, ids=Batch(clear)).consume()
                if chunk:
                    tx.run(_WRITE, pairs=Batch(chunk)).consume()

            graph.execute_write(work)
        stored += len(pairs)
    log.info("contract succession: %d pairs stored for %d buyer group(s)", stored, len(groups))
    return stored


def derive(graph: Graph, members: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """The contracts of one buyer group and their pairs at or above the threshold, as they are stored.

    Where a pair contradicts a tower's tenure succession its evidence says why (:mod:`succession_agreement`).
    """
    notices = _read_notices(graph, members)
    return [n.id for n in notices], _agreed(graph, members, score(notices))


def score(notices: list[Notice]) -> list[dict[str, Any]]:
    """One buyer group's pairs at or above the threshold, with their evidence, as parameters to store."""
    return [_param(c) for c in explained(select(rank(notices, explain=False), notices), notices)]


def check(graph: Graph) -> list[str]:
    """Derive every pair again and list how the stored SUCCEEDS edges differ (empty: they are current)."""
    derived: dict[tuple[str, str], tuple[float, list[str]]] = {}
    for _, pairs in _derived(graph, _groups(graph, None)):
        for p in pairs:
            derived[(p["earlier"], p["later"])] = (p["score"], p["evidence"])
    stored = {
        (r["earlier"], r["later"]): (r["score"], list(r["evidence"]))
        for r in graph.read(
            "MATCH (b:Contract)-[r:SUCCEEDS]->(a:Contract) "
            "RETURN a.id AS earlier, b.id AS later, r.score AS score, r.evidence AS evidence"
        )
    }
    return layer_diff.differences(derived, stored, lambda key: f"{key[1]} -SUCCEEDS-> {key[0]}")


def _derived(
    graph: Graph, groups: list[list[str]], parallel_from: int | None = None
) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
    """(contract ids, pairs) of each group, in order: scored here, or in worker processes for many notices."""
    threshold = PARALLEL_FROM if parallel_from is None else parallel_from
    workers = min(WORKERS, len(groups))
    if workers < 2 or _count_notices(graph, groups) < threshold:
        for members in groups:
            yield derive(graph, members)
        return
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        pending: deque[tuple[list[str], list[str], Future[list[dict[str, Any]]]]] = deque()
        for members in groups:
            notices = _read_notices(graph, members)
            pending.append((members, [n.id for n in notices], pool.submit(score, notices)))
            while len(pending) > 2 * workers or (pending and pending[0][2].done()):
                yield _collected(graph, *pending.popleft())
        while pending:
            yield _collected(graph, *pending.popleft())


def _collected(
    graph: Graph, members: list[str], ids: list[str], future: Future[list[dict[str, Any]]]
) -> tuple[list[str], list[dict[str, Any]]]:
    return ids, _agreed(graph, members, future.result())


def _context() -> multiprocessing.context.BaseContext:
    """Forked workers where the system has fork: they start at once, with everything imported, and a
    spawned worker would import the caller's main module again (a script without a ``__main__`` guard
    would run twice). The workers only score (pure Python and numpy); they never touch the driver,
    and this runs after the load's writer and derivation threads have finished."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def _read_notices(graph: Graph, members: list[str]) -> list[Notice]:
    return [_notice(r) for r in graph.read(_NOTICES, {"buyers": members, "kinds": LINEAGE_KINDS})]


def _agreed(graph: Graph, members: list[str], pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``pairs`` with the evidence of any disagreement with the members' tenure successions added."""
    if pairs:
        tenures = succession_agreement.read_tenures(graph, members)
        for p in pairs:
            p["evidence"] += succession_agreement.explain(p["earlier"], p["later"], tenures)
    return pairs


def _count_notices(graph: Graph, groups: list[list[str]]) -> int:
    buyers = [b for members in groups for b in members]
    return int(graph.read(_COUNT, {"buyers": buyers})[0]["n"])


_COUNT = """
UNWIND $buyers AS bid
MATCH (b:Buyer {id: bid})
RETURN sum(COUNT { (b)-[:AWARDED]->(:Contract) }) AS n
"""


def _groups(graph: Graph, buyers: Iterable[str] | None) -> list[list[str]]:
    """The buyers to score together: each with those its lineage joins it to."""
    wanted = None if buyers is None else sorted(set(buyers))
    groups: dict[str, list[str]] = defaultdict(list)
    for row in graph.read(_GROUPS, {"buyers": wanted, "kinds": LINEAGE_KINDS}):
        groups[row["grp"]].append(row["buyer"])
    return list(groups.values())


def predecessors(graph: Graph, contract_id: str, include_below: bool = False) -> list[dict[str, Any]]:
    """The stored predecessors of a contract, best first; with ``include_below``, every candidate, marked."""
    return _ranked(graph, contract_id, include_below, later=True)


def successors(graph: Graph, contract_id: str, include_below: bool = False) -> list[dict[str, Any]]:
    """The contracts that succeed this one, best first; with ``include_below``, every candidate, marked."""
    return _ranked(graph, contract_id, include_below, later=False)


_STORED = """
MATCH (c:Contract {id: $id})
CALL (c) {
  MATCH (c)-[r:SUCCEEDS]->(o:Contract) WHERE $later RETURN o, r
  UNION
  MATCH (o:Contract)-[r:SUCCEEDS]->(c) WHERE NOT $later RETURN o, r
}
RETURN o.id AS contract_id, coalesce(o.title, '') AS title, r.score AS score, true AS above_threshold,
       r.evidence AS evidence
ORDER BY score DESC, contract_id
"""


def _ranked(graph: Graph, contract_id: str, include_below: bool, later: bool) -> list[dict[str, Any]]:
    rows = graph.read("MATCH (b:Buyer)-[:AWARDED]->(c:Contract {id: $id}) RETURN b.id AS buyer", {"id": contract_id})
    if not rows:
        raise NotFoundError("contract", contract_id)
    stored = graph.read(_STORED, {"id": contract_id, "later": later})
    if not include_below:
        return stored
    # only this contract's candidates are scored (against its buyer group's notices, which fit the text model)
    members = [r["buyer"] for r in graph.read(_GROUPS, {"buyers": [rows[0]["buyer"]], "kinds": LINEAGE_KINDS})]
    notices = [_notice(r) for r in graph.read(_NOTICES, {"buyers": members, "kinds": LINEAGE_KINDS})]
    titles = {n.id: n.title for n in notices}
    shown = {r["contract_id"] for r in stored}
    extra = []
    for c in around(notices, contract_id, later):
        other = c.earlier if later else c.later
        if other in shown:
            continue
        evidence = list(c.evidence)
        if c.score >= THRESHOLD:
            evidence.append("not stored: a better pair explains it (a skipped link of a chain, or another lot)")
        extra.append(
            {"contract_id": other, "title": titles.get(other, ""), "score": c.score, "above_threshold": False,
             "evidence": evidence}
        )  # fmt: skip
    return [*stored, *extra]


def _notice(row: dict[str, Any]) -> Notice:
    return Notice(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        cpv=tuple(row["cpv"]),
        towers=tuple(sorted(row["towers"])),
        start=_day(row["start"]),
        end=_day(row["end"]),
        start_latest=_period_end(_day(row["start"]), row["start_precision"]),
        end_earliest=_period_start(_day(row["end"]), row["end_precision"]),
        published=_day(row["published"]),
        value=row["value"],
        suppliers=frozenset(row["suppliers"]),
        ocid=row["ocid"],
        source_ref=row["source_ref"],
    )


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value.to_native() if hasattr(value, "to_native") else value  # type: ignore[no-any-return]


def _period_end(first: date | None, precision: str | None) -> date | None:
    """The last day of the period a partial date's first day opens (2021-01-01 at year precision: 2021-12-31)."""
    if first is None or precision in (None, "day"):
        return first
    if precision == "month":
        return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return date(first.year + (9 if precision == "decade" else 0), 12, 31)


def _period_start(last: date | None, precision: str | None) -> date | None:
    """The first day of the period a partial date's last day closes (2021-12-31 at year precision: 2021-01-01)."""
    if last is None or precision in (None, "day"):
        return last
    if precision == "month":
        return date(last.year, last.month, 1)
    return date(last.year - (9 if precision == "decade" else 0), 1, 1)


def _param(c: Candidate) -> dict[str, Any]:
    return {"earlier": c.earlier, "later": c.later, "score": c.score, "evidence": list(c.evidence)}
