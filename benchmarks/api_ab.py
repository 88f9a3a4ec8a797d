"""Two builds of the API side by side on one kept graph: holders cached, /api/towers (no database), holders uncached.

    python benchmarks/api_ab.py FOLDER OLD_EXE NEW_EXE [ROUNDS]

FOLDER is a local Neo4j folder holding a loaded graph; OLD_EXE and NEW_EXE are two ``supplygraph`` executables
(e.g. a ``git worktree`` of an earlier commit with its own virtualenv, and this checkout's). Each run is a fresh
``supplygraph serve --workers 2`` under ``wrk -t2 -c32 -d20s`` after an unmeasured warm-up (``bench.api_throughput``,
as ``make bench`` runs it), the two builds alternating, ROUNDS times (default 2). Prints each run, then JSON.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("SUPPLYGRAPH_NEO4J_HEAP", "4g")
os.environ.setdefault("SUPPLYGRAPH_NEO4J_PAGECACHE", "2g")

import bench  # noqa: E402
import tenure_bench  # noqa: E402

RUNS = (
    ("holders cached", "holders", {}),
    ("no database (/api/towers)", "towers", {}),
    ("holders uncached", "holders", {"SUPPLYGRAPH_API_CACHE_SIZE": "0"}),
)
SHOWN = ("requests_per_s", "p50_ms", "p99_ms", "errors", "api_cpu_ms_per_request", "neo4j_cpu_ms_per_request")


def main() -> None:
    neo, old, new = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    work = Path(os.environ.get("TMPDIR", "/tmp")) / "supplygraph-api-ab"
    work.mkdir(exist_ok=True)
    out: dict[str, object] = {"old": old, "new": new}
    with tenure_bench.kept_graph(neo) as kept:
        out["contracts"] = kept.contracts
        for i in range(rounds):
            for build, exe in (("old", old), ("new", new)):
                bench.SUPPLYGRAPH = exe
                for label, endpoint, env in RUNS:
                    got = bench.api_throughput(
                        kept.uri, kept.pairs, work, kept.pid, env, only=(endpoint,), warm=True
                    ).get(endpoint, {})
                    key = f"{build} {label}, warm #{i + 1}"
                    out[key] = got
                    print(key, {k: got.get(k) for k in SHOWN}, file=sys.stderr, flush=True)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
