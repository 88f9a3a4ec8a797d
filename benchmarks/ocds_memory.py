"""Peak memory of the OCDS loader's check pass, for 10,000 and 100,000 releases.

The issue asks that a big file loads in constant memory. This generates
gzipped JSON Lines of N releases (a few hundred organisations, each release its
own process with one award or an open tender, CPV codes, periods, values),
then runs the loader's check-and-plan pass over each in a fresh subprocess and
reads that process's peak RSS (``resource.getrusage(...).ru_maxrss``). The plan
pass is the one that parses every release, resolves every party and remembers
the winning row of every contract; the write pass re-reads the same file in
batches of 2,000 rows. No Neo4j is needed: the plan starts from an empty index.

    .venv/bin/python benchmarks/ocds_memory.py                 # 10,000 and 100,000
    .venv/bin/python benchmarks/ocds_memory.py --sizes 1000 20000 --shape package
    .venv/bin/python benchmarks/ocds_memory.py --write          # the whole load, into Neo4j

``--write`` runs the whole ``load_paths`` (check, then write) into NEO4J_URI
when set, else into a local Neo4j started in a temporary directory and stopped
afterwards; the database is emptied before each size.

Not part of the test suite: it takes a minute or two and measures, not asserts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CPV = ["72310000-1", "72611000-6", "72720000-3", "72500000-0", "72230000-6", "45233130-9", "72000000-5"]


def release(i: int, rng: random.Random) -> dict[str, Any]:
    buyer = rng.randrange(40)
    supplier = rng.randrange(400)
    year = 2010 + rng.randrange(12)
    ocid = f"ocds-bench-{i:07d}"
    parties = [
        {
            "id": f"GB-LAC-B{buyer:04d}",
            "name": f"Bench Council {buyer}",
            "roles": ["buyer"],
            "identifier": {"scheme": "GB-LAC", "id": f"B{buyer:04d}"},
        },
    ]
    body: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-1",
        "date": f"{year}-03-01T00:00:00Z",
        "tag": ["award"],
        "parties": parties,
        "buyer": {"id": parties[0]["id"], "name": parties[0]["name"]},
        "tender": {
            "id": "t",
            "title": f"IT services lot {i}",
            "status": "complete",
            "description": "Generated for the memory benchmark. " * 4,
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": rng.choice(CPV)}}],
            "documents": [
                {
                    "id": "n",
                    "documentType": "tenderNotice",
                    "title": "Contract notice",
                    "url": f"https://example.org/notices/{ocid}/tender",
                }
            ],
        },
    }
    if i % 10 == 9:  # one in ten is still an open tender
        body["tender"]["status"] = "active"
        body["tag"] = ["tender"]
        return body
    parties.append(
        {
            "id": f"GB-COH-{supplier:08d}",
            "name": f"Bench Supplier {supplier} Ltd",
            "roles": ["supplier"],
            "identifier": {"scheme": "GB-COH", "id": f"{supplier:08d}"},
        }
    )
    body["awards"] = [
        {
            "id": "a1",
            "status": "active",
            "date": f"{year}-03-01T00:00:00Z",
            "suppliers": [{"id": parties[1]["id"], "name": parties[1]["name"]}],
            "value": {"amount": rng.randrange(10_000, 50_000_000), "currency": "GBP"},
            "contractPeriod": {
                "startDate": f"{year}-04-01T00:00:00Z",
                "endDate": f"{year + 3}-03-31T00:00:00Z",
                "maxExtentDate": f"{year + 5}-03-31T00:00:00Z",
            },
            "items": [
                {"id": "1", "classification": {"scheme": "CPV", "id": rng.choice(CPV)}},
                {"id": "2", "classification": {"scheme": "CPV", "id": rng.choice(CPV)}},
            ],
            "documents": [
                {
                    "id": "n2",
                    "documentType": "awardNotice",
                    "title": "Award notice",
                    "url": f"https://example.org/notices/{ocid}/award",
                    "datePublished": f"{year}-03-01T00:00:00Z",
                }
            ],
        }
    ]
    return body


def generate(path: Path, n: int, shape: str) -> None:
    rng = random.Random(n)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        if shape == "jsonl":
            for i in range(n):
                fh.write(json.dumps(release(i, rng)) + "\n")
        else:  # one release package, streamed by ijson
            fh.write('{"uri": "https://example.org/bench", "publisher": {"name": "Bench"}, "releases": [\n')
            for i in range(n):
                fh.write(("," if i else "") + json.dumps(release(i, rng)) + "\n")
            fh.write("]}\n")


def plan_only(path: Path) -> None:
    """Run in the subprocess: the loader's check pass over one file, then report peak RSS."""
    sys.path.insert(0, str(ROOT))
    from supplygraph.graph.organisations import OrgIndex
    from supplygraph.loaders.plan import Plan

    started = time.perf_counter()
    plan = Plan(OrgIndex())
    try:
        plan.add_ocds(path, "auto")
        contracts = plan.winners.count()
    finally:
        plan.close()
    print(
        json.dumps(
            {
                "contracts": contracts,
                "organisations": len(plan.parties),
                "seconds": round(time.perf_counter() - started, 1),
                "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # KiB on Linux
            }
        )
    )


def full_load(path: Path) -> None:
    """Run in the subprocess: empty the configured database, load the file, report peak RSS."""
    sys.path.insert(0, str(ROOT))
    from supplygraph.graph.db import connect
    from supplygraph.loaders import load_paths

    started = time.perf_counter()
    with connect() as graph:
        with graph.driver.session(database=graph.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        report = load_paths(graph, [path])
    print(
        json.dumps(
            {
                "contracts": report.contracts,
                "organisations": report.new_organisations,
                "seconds": round(time.perf_counter() - started, 1),
                "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


def measure(path: Path, write: bool, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--full-load" if write else "--plan-only", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if done.returncode != 0:
        raise SystemExit(f"the measured process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--shape", choices=["jsonl", "package"], default="jsonl")
    parser.add_argument(
        "--write", action="store_true", help="measure the whole load into Neo4j, not just the check pass"
    )
    parser.add_argument("--plan-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--full-load", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plan_only:
        plan_only(args.plan_only)
        return
    if args.full_load:
        full_load(args.full_load)
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="supplygraph-ocds-bench-") as tmp:
        env = None
        neo4j_dir = None
        if args.write and not os.environ.get("NEO4J_URI"):
            sys.path.insert(0, str(ROOT))
            from supplygraph.graph import local_neo4j

            neo4j_dir = Path(tmp) / "neo4j"
            logging.basicConfig(level=logging.INFO, format="%(message)s")
            local_neo4j.start(neo4j_dir)
            env = {**os.environ, "SUPPLYGRAPH_NEO4J_DIR": str(neo4j_dir), "NEO4J_URI": ""}
        try:
            for n in args.sizes:
                path = Path(tmp) / (f"releases-{n}.jsonl.gz" if args.shape == "jsonl" else f"package-{n}.json.gz")
                generate(path, n, args.shape)
                result = measure(path, args.write, env)
                results.append((n, result))
                print(
                    f"{n:>9,} releases ({path.stat().st_size / 1e6:.1f} MB gzipped {args.shape}, "
                    f"{'whole load' if args.write else 'check pass'}): "
                    f"peak RSS {result['peak_rss_kib'] / 1024:.1f} MiB, {result['contracts']:,} contracts, "
                    f"{result['organisations']} organisations, {result['seconds']} s"
                )
        finally:
            if neo4j_dir is not None:
                local_neo4j.stop(neo4j_dir)
    if len(results) >= 2:
        (n0, r0), (n1, r1) = results[0], results[-1]
        print(f"peak RSS ratio {n1:,} / {n0:,} releases: {r1['peak_rss_kib'] / r0['peak_rss_kib']:.3f}")


if __name__ == "__main__":
    main()
