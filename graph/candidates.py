"""Likely duplicate organisations, scored with their evidence, for an analyst to confirm with ``orgs merge``.

Loading never merges on a mere likeness: names resolve by identifier, then by
lookup key (:mod:`graph.resolution`). What is only alike comes here. Pairs are
found by blocking (organisations that share a name word, the start of their
name, an identifier, a postcode or a lookup key), never by comparing every
organisation with every other, so the list stays fast at tens of thousands of
organisations. Each pair is then scored out of 100 (``docs/entity-resolution.md``):

==========================  ======================================================
name similarity             up to 80: 0.8 x :func:`graph.name_similarity.similarity`
shared identifier           +40 (GB-COH-00943935 on both)
shared lookup key           +20 (one spelling answers to both: an ambiguous name)
shared postcode             +15
shared buyer                +5 (one buyer awarded contracts to both, not one contract to both)
shared contract             0, shown only: co-suppliers of one award are, in the real exports, different firms
conflicting identifier      -40 (two different Companies House or charity numbers)
conflicting words           -15 (a word each name has and the other lacks, or a place qualifier only one has:
                            North Tyneside and South Tyneside, Somerset and North Somerset)
==========================  ======================================================

clamped to 0-100. Pairs an analyst split apart (``orgs split``) are not offered again.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from supplygraph.graph.db import Graph
from supplygraph.graph.name_similarity import block_keys, comparison_key, conflicting_words, distinctive, similarity
from supplygraph.graph.names import IN_HOUSE_ID

logger = logging.getLogger(__name__)

NAME_WEIGHT = 0.8
SHARED_IDENTIFIER = 40
SHARED_KEY = 20
SHARED_POSTCODE = 15
SHARED_BUYER = 5
CONFLICTING_IDENTIFIER = -40
CONFLICTING_WORDS = -15
DEFAULT_MIN_SCORE = 70.0
REGISTERS = ("GB-COH-", "GB-CHC-", "GB-SC-", "GB-NIC-")
"""Schemes whose numbers name one legal entity each: two different numbers are evidence against a merge."""


@dataclass(frozen=True)
class OrgFacts:
    """What the scoring knows of one organisation."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    contracts: frozenset[str] = frozenset()
    buyers: frozenset[str] = frozenset()  # organisations that awarded it contracts


@dataclass(frozen=True)
class Evidence:
    name_similarity: float  # 0-100, of the most alike spellings below
    names: tuple[str, str]
    conflicting_words: tuple[str, ...] = ()
    shared_identifiers: tuple[str, ...] = ()
    conflicting_identifiers: tuple[str, ...] = ()
    shared_keys: tuple[str, ...] = ()
    shared_postcodes: tuple[str, ...] = ()
    shared_buyers: tuple[str, ...] = ()
    shared_contracts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """Two organisations that are likely one; ``survivor`` is the suggested first argument of ``orgs merge``."""

    survivor: OrgFacts
    absorbed: OrgFacts
    score: float
    evidence: Evidence = field(compare=False)

    def row(self) -> dict[str, Any]:
        """A flat row for tables, JSON and CSV."""
        e = self.evidence
        return {
            "score": self.score,
            "survivor_id": self.survivor.id,
            "survivor_name": self.survivor.name,
            "absorbed_id": self.absorbed.id,
            "absorbed_name": self.absorbed.name,
            "name_similarity": e.name_similarity,
            "conflicting_words": list(e.conflicting_words),
            "shared_identifiers": list(e.shared_identifiers),
            "conflicting_identifiers": list(e.conflicting_identifiers),
            "shared_keys": list(e.shared_keys),
            "shared_postcodes": list(e.shared_postcodes),
            "shared_buyers": list(e.shared_buyers),
            "shared_contracts": len(e.shared_contracts),
            "merge": f"supplygraph orgs merge {self.survivor.id} {self.absorbed.id}",
        }


def candidates(
    graph: Graph, min_score: float = DEFAULT_MIN_SCORE, limit: int | None = 100, max_block: int | None = None
) -> list[Candidate]:
    """The likely duplicates in the graph, best first."""
    orgs = read_facts(graph)
    shared = shared_keys(graph)
    apart = split_pairs(graph)
    found = find_candidates(orgs, shared, min_score=min_score, max_block=max_block, apart=apart)
    return found if limit is None else found[:limit]


def read_facts(graph: Graph) -> list[OrgFacts]:
    """Every organisation but in-house, with its names, identifiers, postcodes, contracts and buyers."""
    rows = graph.read(
        "MATCH (o:Organisation) WHERE o.id <> $in_house "
        "RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases, "
        "coalesce(o.identifiers, []) AS identifiers, coalesce(o.postcodes, []) AS postcodes, "
        "COLLECT { MATCH (c:Contract)-[:AWARDED_TO]->(o) RETURN c.id UNION MATCH (o)-[:AWARDED]->(c:Contract) "
        "RETURN c.id } AS contracts, "
        "COLLECT { MATCH (b:Organisation)-[:AWARDED]->(:Contract)-[:AWARDED_TO]->(o) RETURN DISTINCT b.id } AS buyers "
        "ORDER BY id",
        {"in_house": IN_HOUSE_ID},
    )
    return [
        OrgFacts(
            r["id"],
            r["name"] or r["id"],
            tuple(r["aliases"]),
            tuple(r["identifiers"]),
            tuple(r["postcodes"]),
            frozenset(r["contracts"]),
            frozenset(r["buyers"]),
        )
        for r in rows
    ]


def shared_keys(graph: Graph) -> dict[str, list[str]]:
    """Lookup key -> the organisations it names, for keys that name more than one."""
    rows = graph.read(
        "MATCH (a:Alias)-[:ALIAS_OF]->(o:Organisation) WHERE o.id <> $in_house "
        "WITH a, collect(o.id) AS ids WHERE size(ids) > 1 RETURN a.key AS key, ids ORDER BY key",
        {"in_house": IN_HOUSE_ID},
    )
    return {r["key"]: sorted(r["ids"]) for r in rows}


def split_pairs(graph: Graph) -> set[frozenset[str]]:
    """Pairs of organisations an analyst split apart: not offered as duplicates again."""
    rows = graph.read("MATCH (k:Correction {kind: 'split'}) RETURN k.organisation AS a, k.other AS b")
    return {frozenset((r["a"], r["b"])) for r in rows}


def find_candidates(
    orgs: Sequence[OrgFacts],
    shared: dict[str, list[str]] | None = None,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    max_block: int | None = None,
    apart: Iterable[frozenset[str]] = (),
) -> list[Candidate]:
    """Score the pairs that blocking brings together; those at ``min_score`` or more, best first.

    ``max_block`` (default :func:`common_cutoff`): a name word shared by more organisations than this is a
    common word: it makes no block, and name similarity is also taken without it.
    """
    shared = shared or {}
    apart_set = set(apart)
    position = {o.id: i for i, o in enumerate(orgs)}
    keys = [_keys(o) for o in orgs]
    cutoff = common_cutoff(len(orgs)) if max_block is None else max_block
    common = _common_words(keys, cutoff)
    spellings = [[(k, distinctive(k, common), text) for k, text in org_keys] for org_keys in keys]
    keys_of: dict[tuple[int, int], list[str]] = defaultdict(list)
    for key, ids in shared.items():
        members = sorted(position[i] for i in ids if i in position)
        for i, j in itertools.combinations(members, 2):
            keys_of[(i, j)].append(key)
    # a pair met by name alone scores at most NAME_WEIGHT x similarity + SHARED_BUYER: below this, skip it
    name_floor = (min_score - SHARED_BUYER) / NAME_WEIGHT
    by_name, by_evidence = _blocked_pairs(orgs, spellings, cutoff, name_floor)
    by_evidence |= set(keys_of)
    by_name -= by_evidence
    logger.info(
        "%d organisations, %d common words, %d pairs by name, %d by identifier, postcode or key",
        len(orgs),
        len(common),
        len(by_name),
        len(by_evidence),
    )
    found = []
    for pairs, floor in ((by_evidence, 0.0), (by_name, name_floor)):
        for i, j in pairs:
            a, b = orgs[i], orgs[j]
            if apart_set and frozenset((a.id, b.id)) in apart_set:
                continue
            name_score, names = _name_similarity(spellings[i], spellings[j], floor)
            if name_score < floor:
                continue
            evidence = _evidence(a, b, name_score, names, tuple(keys_of.get((i, j), ())), min_score)
            if evidence is None:
                continue
            score = _score(evidence)
            if score >= min_score:
                survivor, absorbed = _order(a, b)
                found.append(Candidate(survivor, absorbed, score, evidence))
    found.sort(key=lambda c: (-c.score, c.survivor.id, c.absorbed.id))
    return found


def common_cutoff(organisations: int) -> int:
    """How many organisations may share a name word before it counts as common: 1 in 500, at least 10."""
    return max(10, organisations // 500)


def _keys(org: OrgFacts) -> list[tuple[str, str]]:
    """(comparison key, spelling) for the name and each alias with a key of its own."""
    seen: dict[str, str] = {}
    for text in (org.name, *org.aliases):
        seen.setdefault(comparison_key(text), text)
    return [(k, text) for k, text in seen.items() if k]


def _common_words(keys: list[list[tuple[str, str]]], cutoff: int) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for org_keys in keys:
        counts.update({w for k, _ in org_keys for w in k.split()})
    return frozenset(w for w, n in counts.items() if n > cutoff)


def _blocked_pairs(
    orgs: Sequence[OrgFacts], spellings: list[list[tuple[str, str, str]]], cutoff: int, name_floor: float
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs that share a name block and whose distinctive words are alike enough to reach ``name_floor``,
    and pairs that share an identifier or a postcode."""
    words: dict[str, list[tuple[int, str]]] = defaultdict(list)  # block -> (organisation, distinctive key)
    evidence: dict[str, set[int]] = defaultdict(set)
    for i, org in enumerate(orgs):
        for _, key, _ in spellings[i]:
            for block in block_keys(key):
                words[block].append((i, key))
        for identifier in org.identifiers:
            if not _placeholder(identifier):
                evidence["i:" + identifier].add(i)
        for postcode in org.postcodes:
            evidence["p:" + postcode].add(i)
    by_evidence: set[tuple[int, int]] = set()
    for block, members in evidence.items():
        if len(members) <= cutoff or block.startswith("i:"):
            by_evidence.update(itertools.combinations(sorted(members), 2))
    # token-sort under 2 x floor - 100 puts the mean of the two ratios under the floor: rapidfuzz's cdist
    # screens each block in C, and only the pairs that pass come back to Python
    sort_floor = max(0.0, 2 * name_floor - 100)
    by_name: set[tuple[int, int]] = set()
    if sort_floor > 100:  # no name alone reaches the minimum score
        return by_name, by_evidence
    for spelled in words.values():
        if len(spelled) < 2 or len({i for i, _ in spelled}) > cutoff:
            continue
        keys = [k for _, k in spelled]
        scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=sort_floor, workers=-1)
        for x, y in zip(*np.nonzero(scores)):
            i, j = spelled[x][0], spelled[y][0]
            if i < j:
                by_name.add((i, j))
    return by_name, by_evidence


def _name_similarity(
    a: list[tuple[str, str, str]], b: list[tuple[str, str, str]], floor: float = 0.0
) -> tuple[float, tuple[str, str]]:
    """The most alike spellings: the lower of the distinctive words' and the whole keys' similarity.

    A score under ``floor`` only says it is under ``floor`` (rapidfuzz stops early).
    """
    best, names = -1.0, ("", "")
    for (ka, da, ta), (kb, db, tb) in itertools.product(a, b):
        score = similarity(da, db, floor)
        if score >= floor:
            score = min(score, similarity(ka, kb, floor))
        if score > best:
            best, names = score, (ta, tb)
    return max(best, 0.0), names


def _evidence(
    a: OrgFacts, b: OrgFacts, name_score: float, names: tuple[str, str], keys: tuple[str, ...], min_score: float
) -> Evidence | None:
    """The evidence for the pair; None as soon as it cannot reach ``min_score`` (contracts are compared last)."""
    ids_a = {i for i in a.identifiers if not _placeholder(i)}
    ids_b = {i for i in b.identifiers if not _placeholder(i)}
    same_ids = tuple(sorted(ids_a & ids_b))
    conflicts: list[str] = []
    for register in REGISTERS:
        ra = {i for i in ids_a if i.startswith(register)}
        rb = {i for i in ids_b if i.startswith(register)}
        if ra and rb and not ra & rb:
            conflicts += sorted(ra | rb)
    postcodes = tuple(sorted(set(a.postcodes) & set(b.postcodes)))
    words = conflicting_words(comparison_key(names[0]), comparison_key(names[1]))
    evidence = Evidence(round(name_score, 1), names, words, same_ids, tuple(conflicts), keys, postcodes)
    if _score(evidence) + SHARED_BUYER < min_score:
        return None
    return dataclasses.replace(
        evidence,
        shared_buyers=tuple(sorted((a.buyers & b.buyers) - {a.id, b.id})),
        shared_contracts=tuple(sorted(a.contracts & b.contracts)),
    )


def _score(e: Evidence) -> float:
    score = NAME_WEIGHT * e.name_similarity
    score += SHARED_IDENTIFIER if e.shared_identifiers else 0
    score += SHARED_KEY if e.shared_keys else 0
    score += SHARED_POSTCODE if e.shared_postcodes else 0
    score += SHARED_BUYER if e.shared_buyers and not e.shared_contracts else 0
    score += CONFLICTING_IDENTIFIER if e.conflicting_identifiers else 0
    score += CONFLICTING_WORDS if e.conflicting_words else 0
    return round(min(100.0, max(0.0, score)), 1)


def _order(a: OrgFacts, b: OrgFacts) -> tuple[OrgFacts, OrgFacts]:
    """The suggested survivor first: the one with an identifier, then more contracts, then the smaller id."""
    return tuple(sorted((a, b), key=lambda o: (not o.identifiers, -len(o.contracts), o.id)))  # type: ignore[return-value]


def _placeholder(identifier: str) -> bool:
    """``GB-COH-00000000`` and the like: a form filled with zeros, not a number."""
    value = identifier.rsplit("-", 1)[-1]
    return not value.strip("0")
