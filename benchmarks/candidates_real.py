"""Duplicate candidates on the real exports: how many pairs, how long, how precise, and which name normaliser.

Loads every Contracts Finder CSV in ../shared/data/contracts-finder/ and the
OCDS files in ../shared/data/ocds/uk/ (and its scotland-wales/) into an empty
graph with a rejects file, then:

1. counts the candidate pairs at several minimum scores and times
   ``graph.candidates.candidates`` (reading the graph and scoring);
2. measures the precision on the hand-checked sample
   (tests/data/entity_resolution/checked-pairs.csv: one verdict per pair,
   ``same`` or ``different``, given by reading the two organisations' names,
   addresses and contracts in the exports); ``--write-sample`` adds the pairs
   not yet checked, with an empty verdict, for a person to fill in;
3. compares the name normalisers on pairs whose truth the exports tell:
   spellings of one Companies House number (the same company) against pairs
   of names with two different numbers (different companies) that share a
   name word: our ``names.name_key`` alone, and cleanco's legal forms then
   ``name_key`` (what graph.name_similarity uses);
4. times candidate generation on 50,000 synthetic organisations (a made-up
   brand word and words drawn from the real names, one in twenty a respelling
   of another).

    .venv/bin/python benchmarks/candidates_real.py                # a local Neo4j in a temporary folder
    .venv/bin/python benchmarks/candidates_real.py --reuse        # the configured Neo4j: EMPTIED first

Not part of the test suite: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "tests" / "data" / "entity_resolution" / "checked-pairs.csv"
SAMPLE_COLUMNS = ["score", "survivor_id", "survivor_name", "absorbed_id", "absorbed_name", "evidence", "verdict", "why"]
SAMPLE_SIZE = 60
SYLLABLES = (
    "ab ar ba be ca co da de el en fa fi ga go ha ka ke la lo ma mi na no pa pe ra ri sa so ta to va ve za".split()
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="use the configured Neo4j (it is emptied first)")
    parser.add_argument("--min-score", type=float, default=70.0, help="the listing's floor (default 70)")
    parser.add_argument("--sample-floor", type=float, default=60.0, help="the checked sample's floor (default 60)")
    parser.add_argument("--write-sample", action="store_true", help="add unchecked pairs to the sample file")
    parser.add_argument("--synthetic", type=int, default=50_000, help="organisations for the scale run (0: none)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from supplygraph.graph import local_neo4j

    with tempfile.TemporaryDirectory(prefix="supplygraph-candidates-") as tmp:
        neo4j_dir = None
        if not args.reuse and not os.environ.get("NEO4J_URI"):
            neo4j_dir = Path(tmp) / "neo4j"
            local_neo4j.start(neo4j_dir)
            os.environ["SUPPLYGRAPH_NEO4J_DIR"] = str(neo4j_dir)
        try:
            _measure(args, Path(tmp))
        finally:
            if neo4j_dir is not None:
                local_neo4j.stop(neo4j_dir)


def _measure(args: argparse.Namespace, tmp: Path) -> None:
    from supplygraph.graph.candidates import candidates, read_facts
    from supplygraph.graph.db import connect
    from supplygraph.loaders import load_paths

    files = sorted((SHARED / "contracts-finder").glob("*.csv"))
    files += sorted(p for p in (SHARED / "ocds" / "uk").rglob("*.json"))
    with connect() as graph:
        with graph.driver.session(database=graph.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        started = time.perf_counter()
        report = load_paths(graph, files, rejects=tmp / "rejects.csv")
        print(
            f"loaded {len(files)} files in {time.perf_counter() - started:.1f} s: "
            f"rows {report.rows_in} read = {report.rows_loaded} loaded + {report.rows_rejected} rejected"
        )
        reasons = Counter(
            "matches several organisations" if "several organisations" in r["reason"] else "other"
            for r in csv.DictReader((tmp / "rejects.csv").open(encoding="utf-8"))
        )
        print(f"rejected for an ambiguous name: {reasons['matches several organisations']}")
        facts = read_facts(graph)
        with_postcode = sum(bool(o.postcodes) for o in facts)
        print(f"organisations: {len(facts)} ({with_postcode} with a postcode)")

        started = time.perf_counter()
        found = candidates(graph, min_score=0, limit=None)
        seconds = time.perf_counter() - started
        print(f"candidates (read + block + score, every pair scored >= 0 kept): {seconds:.2f} s")
        for floor in (50, 60, 70, 80, 90):
            print(f"  pairs with score >= {floor}: {sum(c.score >= floor for c in found)}")
        _precision([c for c in found if c.score >= args.sample_floor], args)
        _normalisers(facts)
    if args.synthetic:
        _scale(facts, args.synthetic)


def _precision(listed: list, args: argparse.Namespace) -> None:
    checked = _read_sample()
    picks = sorted({k * len(listed) // SAMPLE_SIZE for k in range(SAMPLE_SIZE)}) if listed else []
    sample = [listed[k] for k in picks]  # evenly spread over the list, best to worst
    verdicts = [checked.get(frozenset((c.survivor.id, c.absorbed.id))) for c in sample]
    bands: dict[str, Counter[str]] = defaultdict(Counter)
    for c, verdict in zip(sample, verdicts):
        band = f"{int(c.score // 10 * 10)}-{min(100, int(c.score // 10 * 10) + 10)}"
        bands[band][verdict or "unchecked"] += 1
        bands["all"][verdict or "unchecked"] += 1
    for c, verdict in zip(sample, verdicts):
        if c.score >= args.min_score:
            bands[f">= {args.min_score:g}"][verdict or "unchecked"] += 1
    print(f"hand-checked sample: {len(sample)} of the {len(listed)} pairs >= {args.sample_floor:g}, evenly spread")
    for band in sorted(bands, key=lambda b: (b == "all", b.startswith(">"), b)):
        n = bands[band]
        judged = n["same"] + n["different"]
        share = f"{n['same'] / judged:.0%}" if judged else "n/a"
        print(
            f"  {band:>7}: {n['same']} same, {n['different']} different, {n['unsure']} unsure, "
            f"{n['unchecked']} unchecked; precision {share}"
        )
    if args.write_sample:
        rows = {k: v for k, v in _read_sample(rows=True).items()}
        for c in sample:
            key = frozenset((c.survivor.id, c.absorbed.id))
            if key not in rows:
                rows[key] = {
                    "score": c.score,
                    "survivor_id": c.survivor.id,
                    "survivor_name": c.survivor.name,
                    "absorbed_id": c.absorbed.id,
                    "absorbed_name": c.absorbed.name,
                    "evidence": _evidence(c),
                    "verdict": "",
                    "why": "",
                }
        SAMPLE.parent.mkdir(parents=True, exist_ok=True)
        with SAMPLE.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, SAMPLE_COLUMNS)
            writer.writeheader()
            writer.writerows(sorted(rows.values(), key=lambda r: (-float(r["score"]), r["survivor_id"])))
        print(f"  sample written to {SAMPLE.relative_to(ROOT)}")


def _read_sample(rows: bool = False) -> dict:
    if not SAMPLE.exists():
        return {}
    with SAMPLE.open(encoding="utf-8") as f:
        return {
            frozenset((r["survivor_id"], r["absorbed_id"])): (r if rows else r["verdict"].strip().lower() or None)
            for r in csv.DictReader(line for line in f if not line.startswith("#"))
        }


def _evidence(c) -> str:
    e = c.evidence
    parts = [f"name {e.name_similarity}"]
    parts += [f"identifier {i}" for i in e.shared_identifiers]
    parts += [f"different {i}" for i in e.conflicting_identifiers]
    parts += [f"key '{k}'" for k in e.shared_keys]
    parts += [f"postcode {p}" for p in e.shared_postcodes]
    if e.shared_buyers:
        parts.append(f"{len(e.shared_buyers)} shared buyer(s)")
    if e.shared_contracts:
        parts.append(f"{len(e.shared_contracts)} shared contract(s)")
    return "; ".join(parts)


def _normalisers(facts: list) -> None:
    """Spellings of one Companies House number (same) against blocked pairs with two numbers (different)."""
    from cleanco import basename

    from supplygraph.graph.name_similarity import similarity, strip_legal_form
    from supplygraph.graph.names import name_key

    owner: dict[str, str] = {}
    positives: list[tuple[str, str]] = []
    for org in facts:
        numbers = sorted(i for i in org.identifiers if i.startswith("GB-COH-") and i.rsplit("-", 1)[-1].strip("0"))
        if len(numbers) != 1:
            continue
        spellings = sorted({org.name, *org.aliases})
        positives += list(itertools.combinations(spellings, 2))
        for s in spellings:
            owner.setdefault(s, numbers[0])
    words: dict[str, set[str]] = defaultdict(set)
    for name in owner:
        for w in name_key(name).split():
            if len(w) > 2:
                words[w].add(name)
    negatives = {
        (a, b)
        for names in words.values()
        if len(names) <= 50
        for a, b in itertools.combinations(sorted(names), 2)
        if owner[a] != owner[b]
    }
    agree = sum(strip_legal_form(n) == basename(n) for n in owner)
    print(
        f"name normalisers: {len(positives)} pairs of spellings of one Companies House number, "
        f"{len(negatives)} pairs with two numbers sharing a name word (cleanco's basename and ours agree on "
        f"{agree} of {len(owner)} names)"
    )
    for label, key in (("names.name_key", name_key), ("cleanco, then name_key", lambda n: name_key(basename(n)))):
        equal = sum(key(a) == key(b) for a, b in positives)
        line = f"  {label:<24} same key: {equal}/{len(positives)} same-company pairs"
        for floor in (80, 90):
            tp = sum(similarity(key(a), key(b)) >= floor for a, b in positives)
            fp = sum(similarity(key(a), key(b)) >= floor for a, b in negatives)
            line += f"; similarity >= {floor}: {tp}/{len(positives)} same, {fp}/{len(negatives)} different"
        print(line)


def _scale(facts: list, count: int) -> None:
    from supplygraph.graph.candidates import OrgFacts, find_candidates
    from supplygraph.graph.names import text_key

    rng = random.Random(12)
    vocabulary = [w for o in facts for w in text_key(o.name).split()]
    suffixes = ["Ltd", "Limited", "LLP", "plc", "", "", "Services Ltd", "UK Ltd"]
    orgs: list[OrgFacts] = []
    for i in range(count):
        base = rng.choice(orgs).name.split() if orgs else []
        if i % 20 == 19 and len(base) > 1:  # a respelling of an earlier organisation: a letter dropped, another suffix
            word = rng.randrange(len(base))
            if len(base[word]) > 4:
                cut = rng.randrange(1, len(base[word]) - 1)
                base[word] = base[word][:cut] + base[word][cut + 1 :]
            name = " ".join([*base[:-1], rng.choice(suffixes)]).strip()
        else:  # a made-up brand word and up to two real name words: "Tavoral Facilities Ltd"
            brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            words = [rng.choice(vocabulary).title() for _ in range(rng.randint(0, 2))]
            name = " ".join([brand, *words, rng.choice(suffixes)]).strip()
        orgs.append(OrgFacts(f"org-{i}", name))
    started = time.perf_counter()
    found = find_candidates(orgs)
    print(
        f"synthetic: {count} organisations, {len(found)} pairs >= 70 in {time.perf_counter() - started:.1f} s "
        "(blocking and scoring, no Neo4j)"
    )


if __name__ == "__main__":
    main()
