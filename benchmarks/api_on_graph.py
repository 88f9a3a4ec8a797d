"""Holders under wrk on a graph kept from an earlier run (a local Neo4j folder), 2 workers.

    python benchmarks/api_on_graph.py FOLDER [ROUNDS]

Uncached (SUPPLYGRAPH_API_CACHE_SIZE=0) once, then the cached API ROUNDS times (default 2) on each HTTP stack,
alternating (plain: asyncio + h11; fast: uvloop + httptools), each on a fresh `supplygraph serve --workers 2`
(so each cached run starts cold: each worker asks Neo4j once per pair), and on the fast stack once more
measured after an unmeasured warm-up run (BENCH_API_WARM_SECONDS, 5 s): the steady state; last, ``/api/towers``
(a route that reads no database) under the same load, warm: the floor under any answer. The same functions as
`make bench` (benchmarks/bench.py); prints JSON.
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
os.environ.setdefault("SUPPLYGRAPH_NEO4J_PAGECACHE", "6g")

import bench  # noqa: E402
import tenure_bench  # noqa: E402


def main() -> None:
    neo = Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    work = Path(os.environ.get("TMPDIR", "/tmp")) / "supplygraph-api-on-graph"
    work.mkdir(exist_ok=True)
    with tenure_bench.kept_graph(neo) as kept:  # the questions tenure_bench asks (BENCH_SEED, 7 unless set)
        uri, picked, pid = kept.uri, kept.pairs, kept.pid
        out: dict[str, object] = {"contracts": kept.contracts}
        out["holders uncached"] = bench.api_throughput(
            uri, picked, work, pid, {"SUPPLYGRAPH_API_CACHE_SIZE": "0"}, only=("holders",)
        ).get("holders")
        for i in range(rounds):
            for stack, warm in (("plain", False), ("fast", False), ("fast", True)):
                env = {"SUPPLYGRAPH_API_SERVER": stack}
                got = bench.api_throughput(uri, picked, work, pid, env, only=("holders",), warm=warm).get("holders")
                label = f"holders cached {stack}{', warm' if warm else ''} #{i + 1}"
                out[label] = got
                print(label, got, file=sys.stderr, flush=True)
        floor = bench.api_throughput(uri, picked, work, pid, {}, only=("towers",), warm=True).get("towers")
        out["no database (/api/towers), warm"] = floor
        print("no database (/api/towers), warm", floor, file=sys.stderr, flush=True)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
