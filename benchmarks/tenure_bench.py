"""``make bench-tenure``: the stored tenure layer side by side with the per-request computation it replaced.

For each size (BENCH_SIZES, default 10000,100000) on one dedicated local Neo4j:
generate a synthetic history (with lineage); load it into an empty graph as
a load does (the derived layers included, cold); load it again into an empty
graph with the load's last step (deriving the layers) left out, then time
deriving the tenure layer (``refresh_all``) and the SUCCEEDS pairs
(``incumbents.refresh``) on it, and ``check`` of each layer; then
the whole-graph returns, switching matrix and consolidations, and per-pair
succession and predecessor (p50 over BENCH_PAIRS pairs), once on the stored
layer (``queries/``) and once with the per-request queries as they were before
it (``benchmarks/per_request/``, kept only for this). Writes
benchmarks/tenure-results.json and prints a table. ``BENCH_WHOLE_LOAD=0`` leaves out the whole
load and ``BENCH_CHECK=0`` the checks, the two longest steps (for a run at 1M). ``BENCH_REUSE=FOLDER``
times the questions alone on the graph in that local Neo4j folder (kept from an earlier run).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SUPPLYGRAPH_NEO4J_HEAP", "2g")
os.environ.setdefault("SUPPLYGRAPH_NEO4J_PAGECACHE", "1g")

from neo4j.exceptions import Neo4jError  # noqa: E402

from supplygraph.graph import (  # noqa: E402
    derived,
    incumbents,
    local_neo4j,
    query_library,
    succession_agreement,
    tenure_store,
)
from supplygraph.graph.config import Settings  # noqa: E402
from supplygraph.graph.db import Graph, connect  # noqa: E402
from supplygraph.graph.errors import SupplygraphError  # noqa: E402
from supplygraph.loaders import load_paths  # noqa: E402
from supplygraph.loaders.synthetic import generate  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s.strip()]
SEED = int(os.environ.get("BENCH_SEED", "7"))
PAIRS = int(os.environ.get("BENCH_PAIRS", "200"))
TIMEOUT = float(os.environ.get("BENCH_QUERY_TIMEOUT", "120"))
WHOLE_LOAD = os.environ.get("BENCH_WHOLE_LOAD", "1") != "0"  # 0: leave out the whole (cold) load, the longest step
CHECK = os.environ.get("BENCH_CHECK", "1") != "0"  # 0: leave out `check` of both layers (the next longest)
REUSE = os.environ.get("BENCH_REUSE")  # a local Neo4j folder with a graph and its layers: only the questions
# BENCH_WHOLE_GRAPH: which whole-graph questions (comma-separated; empty: none)
WHOLE_GRAPH = tuple(
    q for q in os.environ.get("BENCH_WHOLE_GRAPH", "returns,switching-matrix,consolidations").split(",") if q.strip()
)
PER_PAIR = ("succession", "predecessor")
# BENCH_PER_REQUEST_WHOLE=0: leave out the per-request copies of the whole-graph questions (at 1M, consolidations
# per request runs Neo4j out of its heap, and the server with it)
PER_REQUEST_WHOLE = os.environ.get("BENCH_PER_REQUEST_WHOLE", "1") != "0"
#: the stored layer's queries are also timed with these parameters: the whole answer, where their defaults cut it
#: (the per-request copies have no such parameters and always give it whole)
WHOLE_ANSWER = {"switching-matrix": {"limit": 0}, "consolidations": {"limit": 0, "names": 0}}


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(graph: Graph, layer: str, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """``layer`` 'stored': the saved query; 'per_request': the copy from before the layer.

    Both are given ids and run as they are, in one READ transaction: the time of the query, not of
    resolving names (which ``query_library.run`` and the API do first, the same for both).
    """
    saved = query_library.get(name) if layer == "stored" else _per_request(name)
    return graph.read(saved.text, saved.bind(params), timeout=TIMEOUT)


def _per_request(name: str) -> query_library.SavedQuery:
    return query_library.parse_file(HERE / "per_request" / f"{name}.cypher")


def pair_params(name: str, pair: dict[str, Any]) -> dict[str, Any]:
    if name == "predecessor":
        return {"buyer": pair["buyer"], "tower": pair["tower"], "as_of": pair["as_of"]}
    return {"buyer": pair["buyer"], "tower": pair["tower"]}


def bench_size(graph: Graph, n: int, work: Path) -> dict[str, Any]:
    data = work / f"data-{n}"
    generate(n, SEED, data)
    res: dict[str, Any] = {"contracts": n}
    # the same files loaded twice into an empty graph: first as a load does, ending with derived.refresh_all (the
    # tenure layer, then the SUCCEEDS pairs), then with that step left out, each layer then derived on its own and
    # timed. The first load runs cold (plans compiled, pages read): if anything, the ratio is overstated
    wipe(graph)
    res["load_s"] = timed(lambda: load_paths(graph, [data])) if WHOLE_LOAD else None
    wipe(graph)
    with _without_derived_layers():
        res["load_without_layer_s"] = timed(lambda: load_paths(graph, [data]))
    log(f"N={n}: load without the layers {res['load_without_layer_s']:.1f}s")
    res["derive_all_s"] = timed(lambda: tenure_store.refresh_all(graph))
    log(f"N={n}: the tenure layer {res['derive_all_s']:.1f}s")
    res["succeeds_s"] = timed(lambda: incumbents.refresh(graph))
    log(f"N={n}: SUCCEEDS {res['succeeds_s']:.1f}s")
    res["check_s"] = timed(lambda: tenure_store.check(graph)) if CHECK else None
    res["succeeds_check_s"] = (
        timed(lambda: (incumbents.check(graph), succession_agreement.check(graph))) if CHECK else None
    )
    res["tenures"] = graph.read("MATCH (t:Tenure) RETURN count(t) AS n")[0]["n"]
    res["succeeds_pairs"] = graph.read("MATCH ()-[r:SUCCEEDS]->() RETURN count(r) AS n")[0]["n"]
    log(
        f"N={n}: load {_f(res['load_s'], '.1f')}s; without the layers {res['load_without_layer_s']:.1f}s, then the tenure "
        f"layer {res['derive_all_s']:.1f}s, SUCCEEDS {res['succeeds_s']:.1f}s; check {_f(res['check_s'], '.1f')}s + {_f(res['succeeds_check_s'], '.1f')}s"
    )
    questions(graph, n, res)
    shutil.rmtree(data, ignore_errors=True)
    return res


def questions(graph: Graph, n: int, res: dict[str, Any]) -> None:
    """The whole-graph and per-pair questions on the graph as it is, on the stored layer and per request."""
    res["whole_graph"] = {}
    for name in WHOLE_GRAPH:
        runs: list[tuple[str, str, dict[str, Any]]] = [("stored", "stored", {})]  # (label, layer, parameters)
        if name in WHOLE_ANSWER:
            runs.append(("stored whole", "stored", WHOLE_ANSWER[name]))
        if PER_REQUEST_WHOLE:
            runs.append(("per_request", "per_request", {}))
        for label, layer, params in runs:
            try:
                rows: list[Any] = []
                seconds = timed(lambda: rows.extend(run(graph, layer, name, params)))  # cold: plan compiled
                warm = timed(lambda: run(graph, layer, name, params))
                res["whole_graph"][f"{name}/{label}"] = {"seconds": seconds, "warm_seconds": warm, "rows": len(rows)}
            except (SupplygraphError, Neo4jError) as exc:
                res["whole_graph"][f"{name}/{label}"] = {"seconds": None, "error": str(exc)[:200]}
            log(f"N={n}: {name} {label} {params or ''}: {res['whole_graph'][f'{name}/{label}']}")
    picked = tenure_pairs(graph, PAIRS)
    res["per_pair"] = {}
    for name in PER_PAIR:
        for layer in ("stored", "per_request"):
            for pair in picked[:20]:  # warm-up: plans compiled, pages cached
                run(graph, layer, name, pair_params(name, pair))
            ms = [timed(lambda: run(graph, layer, name, pair_params(name, pair))) * 1000 for pair in picked]
            # the same pairs again: their pages are in Neo4j's page cache now (at 1M the first pass reads most of
            # them from disk; a server in use has its busy buyers cached)
            again = [timed(lambda: run(graph, layer, name, pair_params(name, pair))) * 1000 for pair in picked]
            res["per_pair"][f"{name}/{layer}"] = {
                "p50_ms": statistics.median(ms),
                "p50_again_ms": statistics.median(again),
                "calls": len(ms),
            }
            log(
                f"N={n}: {name} {layer}: p50 {statistics.median(ms):.2f} ms, same pairs again {statistics.median(again):.2f} ms"
            )


def tenure_pairs(graph: Graph, count: int) -> list[dict[str, Any]]:
    """``count`` random (buyer, tower, as_of) questions among the pairs with tenures (seed BENCH_SEED)."""
    pairs = graph.read(
        "MATCH (t:Tenure) RETURN DISTINCT t.buyer_id AS buyer, t.tower_id AS tower ORDER BY buyer, tower"
    )
    rng = random.Random(SEED)
    return [{**rng.choice(pairs), "as_of": f"{rng.randrange(1998, 2025)}-07-01"} for _ in range(count)]


def wipe(graph: Graph) -> None:
    """Empty the graph: relationships first, so no batch holds a buyer's thousands of links in memory."""
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (x) CALL (x) { DELETE x } IN TRANSACTIONS OF 10000 ROWS").consume()


@contextlib.contextmanager
def _without_derived_layers() -> Iterator[None]:
    """A load that skips its last step, deriving the tenure layer and the SUCCEEDS pairs."""
    real = derived.refresh_all
    derived.refresh_all = lambda graph: 0  # type: ignore[assignment]
    try:
        yield
    finally:
        derived.refresh_all = real  # type: ignore[assignment]


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| contracts | question | stored layer | per request |", "| --- | --- | --- | --- |"]
    for r in results:
        for name in WHOLE_GRAPH:
            cells = []
            for x in ("stored", "per_request"):
                got = r["whole_graph"].get(f"{name}/{x}", {"seconds": None, "warm_seconds": None, "rows": "not run"})
                cells.append(
                    f"{_f(got.get('seconds'), '.2f')} / {_f(got.get('warm_seconds'), '.2f')} ({got.get('rows')} rows)"
                )
            whole = r["whole_graph"].get(f"{name}/stored whole")
            if whole is not None:
                cells[0] += (
                    f"; whole answer {_f(whole.get('seconds'), '.2f')} / {_f(whole.get('warm_seconds'), '.2f')} ({whole.get('rows')} rows)"
                )
            lines.append(f"| {r['contracts']:,} | {name} (s, cold / warm) | {cells[0]} | {cells[1]} |")
        for name in PER_PAIR:
            got = [r["per_pair"][f"{name}/{x}"] for x in ("stored", "per_request")]
            cells = [f"{_f(g['p50_ms'], '.2f')} / {_f(g.get('p50_again_ms'), '.2f')}" for g in got]
            lines.append(
                f"| {r['contracts']:,} | {name} p50 (ms, first / same pairs again) | {cells[0]} | {cells[1]} |"
            )
        # the ratios from the three warm figures (the same server, one after another); the whole load ran cold
        bare, layer, pairs = r["load_without_layer_s"], r["derive_all_s"], r["succeeds_s"]
        lines.append(
            f"| {r['contracts']:,} | load (s): without the layers; + tenure layer; + SUCCEEDS (whole load, cold) | "
            f"{bare:.1f}; {layer:.1f} (x{(bare + layer) / bare:.2f}); {pairs:.1f} (x{(bare + layer + pairs) / bare:.2f})"
            f" ({_f(r['load_s'], '.1f')}) | check {_f(r['check_s'], '.1f')} s + SUCCEEDS {_f(r['succeeds_check_s'], '.1f')} s |"
        )
    return "\n".join(lines)


def _f(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> None:
    if REUSE:
        return questions_only(Path(REUSE))
    work = Path(tempfile.mkdtemp(prefix="supplygraph-tenure-bench-"))
    results = []
    try:
        with _local_graph(work / "neo4j") as graph:
            for n in SIZES:
                results.append(bench_size(graph, n, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"sizes": SIZES, "seed": SEED, "results": results, "table": table(results)}
    report["finished"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    (HERE / "tenure-results.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(report["table"])


def questions_only(neo_dir: Path) -> None:
    """BENCH_REUSE: the questions alone, on the local Neo4j folder of a graph already loaded with its layers (as an
    earlier run left it); writes benchmarks/tenure-questions.json. The folder is started and stopped, never changed."""
    with _local_graph(neo_dir) as graph:
        n = graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"]
        res: dict[str, Any] = {"contracts": n, "graph": str(neo_dir)}
        questions(graph, n, res)
    res["finished"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    (HERE / "tenure-questions.json").write_text(json.dumps(res, indent=2, default=str) + "\n")


@dataclass
class KeptGraph:
    """A graph kept from an earlier run, started: where to reach it and what to ask it."""

    uri: str
    pid: int | None  # the Neo4j JVM's, for its CPU time
    contracts: int
    pairs: list[dict[str, Any]]  # tenure_pairs(graph, 250): the holders questions every API benchmark asks


@contextlib.contextmanager
def kept_graph(neo_dir: Path) -> Iterator[KeptGraph]:
    """The local Neo4j in ``neo_dir`` started, sized, its questions picked; stopped after (never changed)."""
    with _local_graph(neo_dir) as graph:
        contracts = graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"]
        yield KeptGraph(graph.uri, local_neo4j.status(neo_dir).pid, contracts, tenure_pairs(graph, 250))


@contextlib.contextmanager
def _local_graph(neo_dir: Path) -> Iterator[Graph]:
    """The local Neo4j in ``neo_dir``, started, connected to, and stopped after."""
    uri = local_neo4j.start(neo_dir)
    try:
        graph = connect(Settings(uri=uri, user="neo4j", password="neo4j", database=None, local_dir=neo_dir))
        try:
            yield graph
        finally:
            graph.close()
    finally:
        local_neo4j.stop(neo_dir)


if __name__ == "__main__":
    main()
