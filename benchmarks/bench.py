"""``make bench``: load and query throughput at 10k, 100k and 1M contracts on one local Neo4j.

For each size it generates a synthetic deal history (``loaders.synthetic``),
then on the same server, each time from an empty graph: Neo4j's own LOAD CSV,
the naive one-statement-per-row loader (on a 10k subset, once), and
``supplygraph load`` as a subprocess (wall time and peak RSS). On the graph the
loader built it times the per-pair saved queries, the full-graph ones, and the
HTTP API under wrk. Prints a table, writes benchmarks/results.json and the
results block of benchmarks/README.md.

Environment: BENCH_SIZES (default 10000,100000,1000000), BENCH_SEED (7),
BENCH_PAIRS (250), BENCH_API_SECONDS (20), BENCH_QUERY_TIMEOUT (120 s),
BENCH_DIR (a temporary directory, removed afterwards unless given),
BENCH_API_WORKERS (2: `supplygraph serve --workers`). NEO4J_URI (with NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE): measure that server instead of a dedicated local
one; its database is EMPTIED at each size, so never point it at a graph you keep.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SUPPLYGRAPH_NEO4J_HEAP", "4g")
os.environ.setdefault("SUPPLYGRAPH_NEO4J_PAGECACHE", "2g")

from neo4j.exceptions import Neo4jError  # noqa: E402

from benchmarks import load_csv, naive_loader  # noqa: E402
from supplygraph.graph import local_neo4j, query_library  # noqa: E402
from supplygraph.graph.config import Settings, settings  # noqa: E402
from supplygraph.graph.db import Graph, connect  # noqa: E402
from supplygraph.graph.errors import QueryDefinitionError, SupplygraphError  # noqa: E402
from supplygraph.graph.schema import ensure_schema  # noqa: E402
from supplygraph.loaders.synthetic import generate  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",") if s.strip()]
SEED = int(os.environ.get("BENCH_SEED", "7"))
PAIRS = int(os.environ.get("BENCH_PAIRS", "250"))
API_SECONDS = int(os.environ.get("BENCH_API_SECONDS", "20"))
WARM_SECONDS = int(os.environ.get("BENCH_API_WARM_SECONDS", "5"))  # the unmeasured run before a "warm" one
QUERY_TIMEOUT = float(os.environ.get("BENCH_QUERY_TIMEOUT", "120"))
API_WORKERS = int(os.environ.get("BENCH_API_WORKERS", "2"))
NAIVE_ROWS = 10_000
PER_PAIR = ("holders", "succession", "predecessor")
FULL_GRAPH = ("returns", "switching-matrix", "consolidations")
SUPPLYGRAPH = str(Path(sys.executable).parent / "supplygraph")


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def wipe(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        # contracts first (a few links each), so no transaction deletes a tower's million links at once
        session.run("MATCH (c:Contract) CALL (c) { DETACH DELETE c } IN TRANSACTIONS OF 5000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    ensure_schema(graph)


def counts(graph: Graph) -> int:
    nodes = graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    rels = graph.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return int(nodes) + int(rels)


def contracts_in(graph: Graph) -> int:
    return int(graph.read("MATCH (c:Contract) RETURN count(c) AS c")[0]["c"])


def run_loader(uri: str, data: Path) -> dict[str, Any]:
    """``supplygraph load`` as a child process: wall time and its own peak RSS (from wait4)."""
    env = {**os.environ, "NEO4J_URI": uri}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [SUPPLYGRAPH, "load", str(data)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"supplygraph load failed ({proc.returncode}): {out}")
    return {
        "seconds": seconds,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "output": out.strip(),
    }


def run_bulk(data: Path, work: Path) -> dict[str, Any]:
    """``supplygraph load --bulk`` into a fresh local Neo4j of its own, until the API answers holders (#15 item 2).

    Wall time from the files to the first 200 from ``supplygraph serve``; the steps and the peak RSS of
    the importer JVM and of the loader's Python, as the command prints them. On the machine the rest runs on.
    """
    neo = work / "bulk-neo4j"
    env = {**os.environ, "SUPPLYGRAPH_NEO4J_DIR": str(neo)}
    env.pop("NEO4J_URI", None)
    started = time.perf_counter()
    done = subprocess.run([SUPPLYGRAPH, "load", "--bulk", str(data)], env=env, capture_output=True, text=True)
    (work / f"bulk-{data.name}.log").write_text(done.stderr)  # the steps' own timings (tenure, succession)
    if done.returncode != 0:
        raise RuntimeError(f"supplygraph load --bulk failed ({done.returncode}): {done.stderr[-2000:]}")
    loaded = time.perf_counter() - started
    port = free_port()
    server = subprocess.Popen(
        [SUPPLYGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(API_WORKERS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with connect(Settings(uri=None, local_dir=neo)) as graph:
            pair = sample_pairs(graph, 1, random.Random(SEED))[0]
        url = f"http://127.0.0.1:{port}/api/buyers/{pair['buyer']}/towers/{pair['tower']}/holders?as_of={pair['as_of']}"
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.perf_counter() - started > loaded + 120:
                    raise RuntimeError("the API did not answer after the bulk import") from None
                time.sleep(0.1)
        answering = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        local_neo4j.stop(neo)
        shutil.rmtree(neo, ignore_errors=True)
    out = done.stdout.strip().splitlines()[-1]
    steps = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", out)}
    rss = dict(re.findall(r"(importer|python) (\d+) MB", out))
    return {
        "seconds_to_api": answering,
        "seconds_command": loaded,
        "steps_s": steps,
        "importer_peak_rss_mb": float(rss.get("importer", 0)),
        "python_peak_rss_mb": float(rss.get("python", 0)),
        "output": out,
    }


def timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def sample_pairs(graph: Graph, count: int, rng: random.Random) -> list[dict[str, Any]]:
    pairs = graph.read(
        "MATCH (b:Buyer)-[:AWARDED]->(:Contract)-[:COVERS]->(t:ServiceTower) "
        "RETURN DISTINCT b.id AS buyer, t.id AS tower ORDER BY buyer, tower"
    )
    days = (date(2025, 12, 31) - date(1996, 1, 1)).days
    return [
        {**rng.choice(pairs), "as_of": (date(1996, 1, 1) + timedelta(days=rng.randrange(days))).isoformat()}
        for _ in range(count)
    ]


def query_params(name: str, pair: dict[str, Any]) -> dict[str, Any]:
    if name == "succession":
        return {"buyer": pair["buyer"], "tower": pair["tower"]}
    return dict(pair)


def per_pair_latency(graph: Graph, names: list[str], pairs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        for pair in pairs[:20]:  # warm-up: plans compiled, pages cached
            query_library.run(graph, name, query_params(name, pair))
        ms = [timed(lambda: query_library.run(graph, name, query_params(name, pair))) * 1000 for pair in pairs]
        out[name] = {"p50_ms": statistics.median(ms), "p95_ms": pct(ms, 95), "calls": len(ms)}
    return out


def full_graph_times(graph: Graph, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        try:
            rows: list[Any] = []
            seconds = timed(
                lambda: rows.extend(query_library.run(graph, name, {}, timeout=QUERY_TIMEOUT, max_rows=None).rows)
            )
            out[name] = {"seconds": seconds, "rows": len(rows)}
        except (SupplygraphError, Neo4jError) as exc:  # a timeout, refusal or out-of-memory is a result
            out[name] = {"seconds": None, "error": str(exc)}
    return out


def profile_text(graph: Graph, name: str, pair: dict[str, Any]) -> str:
    saved = query_library.get(name)
    params = saved.bind(query_params(name, pair))
    with graph.driver.session(database=graph.database, default_access_mode="READ") as session:
        result = session.run("PROFILE " + saved.text, params)
        list(result)
        plan = result.consume().profile
    lines = [f"{name} {json.dumps(query_params(name, pair))}"]

    def walk(node: dict[str, Any], depth: int) -> None:
        args = node.get("args", {})
        op = node["operatorType"].split("@")[0]
        detail = str(args.get("Details", ""))[:110]
        lines.append(
            f"{'  ' * depth}{op:<28} rows={args.get('Rows', '')!s:<6} hits={args.get('DbHits', '')!s:<6} {detail}"
        )
        for child in node.get("children", []):
            walk(child, depth + 1)

    walk(plan, 0)
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time so far of these processes (from /proc; 0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants (uvicorn's worker processes)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def api_cache_throughput(uri: str, pairs: list[dict[str, Any]], work: Path, neo4j_pid: int | None) -> dict[str, Any]:
    """Holders without the answer cache (SUPPLYGRAPH_API_CACHE_SIZE=0), then with it, each on a fresh server;
    then with it on the pure-Python HTTP stack (SUPPLYGRAPH_API_SERVER=plain: asyncio and h11, not uvloop and
    httptools), to show what the C stack is worth; then with it once more, measured after a warm-up run; last,
    the floor under any answer: ``/api/towers``, a route that reads no database, under the same load.

    The cached runs start cold: each worker process asks Neo4j once per pair, then answers from memory.
    """
    runs = (
        ("holders uncached", "holders", {"SUPPLYGRAPH_API_CACHE_SIZE": "0"}, False),
        ("holders cached", "holders", {}, False),
        ("holders cached plain-http", "holders", {"SUPPLYGRAPH_API_SERVER": "plain"}, False),
        ("holders cached, warm", "holders", {}, True),
        ("no database (/api/towers), warm", "towers", {}, True),
    )
    return {
        label: api_throughput(uri, pairs, work, neo4j_pid, env, only=(endpoint,), warm=warm).get(endpoint, {})
        for label, endpoint, env, warm in runs
    }


def api_throughput(
    uri: str,
    pairs: list[dict[str, Any]],
    work: Path,
    neo4j_pid: int | None,
    env: dict[str, str] | None = None,
    only: tuple[str, ...] | None = None,
    warm: bool = False,
) -> dict[str, Any]:
    """wrk, 32 connections for API_SECONDS against `supplygraph serve` on loopback.

    Also the CPU time the API's processes and Neo4j spent per request during
    each run: on two shared cores, that is what bounds requests/s. ``warm``: an
    unmeasured wrk run of WARM_SECONDS first, so every worker has met every question
    (with the answer cache: the steady state of a server in use, not its first minute).
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"error": "wrk not installed (apt-get install wrk)"}
    port = free_port()
    server = subprocess.Popen(
        [
            SUPPLYGRAPH,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(API_WORKERS),
            "--no-access-log",
        ],
        env={**os.environ, "NEO4J_URI": uri, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    out: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError("the API did not come up") from exc
                time.sleep(0.3)
        endpoints = {
            "holders": lambda p: f"/api/buyers/{p['buyer']}/towers/{p['tower']}/holders?as_of={p['as_of']}",
            "predecessor": lambda p: f"/api/buyers/{p['buyer']}/towers/{p['tower']}/predecessor?as_of={p['as_of']}",
            "towers": lambda p: "/api/towers",  # no database: what the HTTP stack and FastAPI cost alone
        }
        for name, path in endpoints.items():
            if (only is None and name == "towers") or (only is not None and name not in only):
                continue
            paths = [path(p) for p in pairs]
            with urllib.request.urlopen(base + paths[0], timeout=30) as r:
                if r.status != 200:
                    out[name] = {"error": f"status {r.status}"}
                    continue
            script = work / f"wrk-{name}.lua"
            script.write_text(
                "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
                "local i = 0\n"
                "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
            )
            if warm:
                subprocess.run(
                    [wrk, "-t2", "-c32", f"-d{WARM_SECONDS}s", "-s", str(script), base],
                    capture_output=True,
                    timeout=WARM_SECONDS + 60,
                )
            api_pids = process_tree(server.pid)
            api_cpu, neo_cpu = cpu_seconds(api_pids), cpu_seconds([neo4j_pid] if neo4j_pid else [])
            proc = subprocess.run(
                [wrk, "-t2", "-c32", f"-d{API_SECONDS}s", "--latency", "-s", str(script), base],
                capture_output=True,
                text=True,
                timeout=API_SECONDS + 60,
            )
            out[name] = parse_wrk(proc.stdout)
            done = out[name]["requests"] or 0
            if done:
                out[name]["api_cpu_ms_per_request"] = (cpu_seconds(api_pids) - api_cpu) * 1000 / done
                if neo4j_pid:
                    out[name]["neo4j_cpu_ms_per_request"] = (cpu_seconds([neo4j_pid]) - neo_cpu) * 1000 / done
            out[name]["workers"] = API_WORKERS
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return out


def parse_wrk(text: str) -> dict[str, Any]:
    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    total = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(x) for x in sock.groups()) if sock else 0)
    return {
        "requests_per_s": float(rps.group(1)) if rps else None,
        "p50_ms": ms(p50.group(1)) if p50 else None,
        "p99_ms": ms(p99.group(1)) if p99 else None,
        "requests": int(total.group(1)) if total else None,
        "errors": errors,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_timeouts": int(sock.group(4)) if sock else 0,
    }


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "free_h": mem,
        "python": platform.python_version(),
        "neo4j": local_neo4j.NEO4J_VERSION,
        "heap": settings().neo4j_heap,
        "pagecache": settings().neo4j_pagecache,
        "load_average_at_start": os.getloadavg(),
    }


def bench_size(graph: Graph, uri: str, n: int, work: Path, naive: dict[str, Any] | None) -> dict[str, Any]:
    data = work / f"data-{n}"
    res: dict[str, Any] = {"contracts": n}
    res["generate_s"] = timed(lambda: generate(n, SEED, data))
    log(f"N={n}: generated in {res['generate_s']:.1f}s")

    wipe(graph)
    before = counts(graph)
    seconds = timed(lambda: load_csv.load(graph, data))
    res["load_csv"] = {
        "seconds": seconds,
        "contracts": contracts_in(graph),
        "contracts_per_s": n / seconds,
        "entities_per_s": (counts(graph) - before) / seconds,
    }
    log(f"N={n}: LOAD CSV {seconds:.1f}s ({n / seconds:.0f} contracts/s)")

    if naive is None:
        wipe(graph)
        subset = min(n, NAIVE_ROWS)
        before = counts(graph)
        sent = 0

        def go() -> None:
            nonlocal sent
            sent = naive_loader.load(graph, data / "contracts.csv", subset)

        seconds = timed(go)
        naive = {
            "rows": sent,
            "seconds": seconds,
            "contracts_per_s": sent / seconds,
            "entities_per_s": (counts(graph) - before) / seconds,
        }
        log(f"naive loader: {sent} rows in {seconds:.1f}s ({sent / seconds:.0f} contracts/s)")
    res["naive"] = {**naive, "extrapolated_seconds": n / naive["contracts_per_s"]}

    wipe(graph)
    before = counts(graph)
    loaded = run_loader(uri, data)
    entities = counts(graph) - before
    res["loader"] = {
        **loaded,
        "contracts": contracts_in(graph),
        "contracts_per_s": n / loaded["seconds"],
        "entities": entities,
        "entities_per_s": entities / loaded["seconds"],
    }
    res["ratio_loader_naive"] = res["loader"]["contracts_per_s"] / naive["contracts_per_s"]
    res["ratio_loader_load_csv"] = res["loader"]["contracts_per_s"] / res["load_csv"]["contracts_per_s"]
    log(
        f"N={n}: supplygraph load {loaded['seconds']:.1f}s ({n / loaded['seconds']:.0f} contracts/s), "
        f"peak RSS {loaded['peak_rss_mb']:.0f} MB"
    )

    res["bulk"] = run_bulk(data, work)
    log(
        f"N={n}: supplygraph load --bulk to an answering API {res['bulk']['seconds_to_api']:.1f}s: {res['bulk']['output']}"
    )

    rng = random.Random(SEED)
    pairs = sample_pairs(graph, PAIRS, rng)
    names = [q for q in PER_PAIR if q in query_library.library()]
    res["per_pair"] = per_pair_latency(graph, names, pairs)
    res["profiles"] = {name: profile_text(graph, name, pairs[0]) for name in names}
    log(f"N={n}: per-pair " + ", ".join(f"{k} p50 {v['p50_ms']:.1f} ms" for k, v in res["per_pair"].items()))
    res["full_graph"] = full_graph_times(graph, [q for q in FULL_GRAPH if q in query_library.library()])
    log(f"N={n}: full-graph " + ", ".join(f"{k} {v['seconds']}" for k, v in res["full_graph"].items()))
    res["api"] = api_throughput(uri, pairs, work, local_neo4j.status(work / "neo4j").pid)
    res["api"].update(api_cache_throughput(uri, pairs, work, local_neo4j.status(work / "neo4j").pid))
    log(f"N={n}: API {res['api']}")
    return res, naive  # type: ignore[return-value]


def warm_up(graph: Graph, uri: str, work: Path) -> None:
    """A fresh JVM runs the first loads several times slower (JIT): warm every path first, unmeasured."""
    data = work / "warm-up"
    generate(5000, SEED + 1, data)
    for _ in range(2):
        wipe(graph)
        load_csv.load(graph, data)
        wipe(graph)
        naive_loader.load(graph, data / "contracts.csv", 300)
        wipe(graph)
        run_loader(uri, data)
    pairs = sample_pairs(graph, 50, random.Random(SEED))
    per_pair_latency(graph, [q for q in PER_PAIR if q in query_library.library()], pairs)
    wipe(graph)
    shutil.rmtree(data, ignore_errors=True)
    log("warmed up")


def snapshot_queries(target: Path) -> None:
    """Copy the saved queries that parse now, and use the copy (here and in the API server).

    Others edit queries/ while a run takes half an hour; one half-written file
    must not stop it.
    """
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(query_library.queries_dir().glob("*.cypher")):
        try:
            query_library.parse_file(path)
        except QueryDefinitionError as exc:
            log(f"skipping {path.name}: {exc}")
            continue
        shutil.copy(path, target / path.name)
    os.environ["SUPPLYGRAPH_QUERIES"] = str(target)


def fmt(value: Any, spec: str = ".0f") -> str:
    return "-" if value is None else format(value, spec)


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "| N | supplygraph load | contracts/s | nodes+rels/s | peak RSS | LOAD CSV contracts/s | "
        "naive contracts/s (10k) | loader/naive | loader/LOAD CSV |"
    )
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in results:
        lo = r["loader"]
        lines.append(
            f"| {r['contracts']:,} | {lo['seconds']:.1f} s | {lo['contracts_per_s']:,.0f} | {lo['entities_per_s']:,.0f} | "
            f"{lo['peak_rss_mb']:.0f} MB | {r['load_csv']['contracts_per_s']:,.0f} | {r['naive']['contracts_per_s']:,.0f} | "
            f"{r['ratio_loader_naive']:.0f}x | {r['ratio_loader_load_csv']:.2f}x |"
        )
    lines += [
        "",
        "| N | load --bulk: files to answering API | check | import files | neo4j-admin | start | schema + layers | "
        "peak RSS importer / python | supplygraph load | LOAD CSV |",
        "|---" * 10 + "|",
    ]
    for r in results:
        if "bulk" not in r:
            continue
        b, st = r["bulk"], r["bulk"]["steps_s"]
        lines.append(
            f"| {r['contracts']:,} | {b['seconds_to_api']:.1f} s | {st.get('check', 0):.1f} s | {st.get('files', 0):.1f} s | "
            f"{st.get('import', 0):.1f} s | {st.get('start', 0):.1f} s | {st.get('after', 0):.1f} s | "
            f"{b['importer_peak_rss_mb']:.0f} / {b['python_peak_rss_mb']:.0f} MB | {r['loader']['seconds']:.1f} s | "
            f"{r['load_csv']['seconds']:.1f} s |"
        )
    names = [n for n in PER_PAIR if n in results[0]["per_pair"]]
    lines += [
        "",
        "| N | "
        + " | ".join(f"{n} p50 / p95 (ms)" for n in names)
        + " | "
        + " | ".join(f"{n} (s)" for n in FULL_GRAPH if n in results[0]["full_graph"])
        + " |",
    ]
    lines.append("|---" * (1 + len(names) + len(results[0]["full_graph"])) + "|")
    for r in results:
        cells = [f"{r['per_pair'][n]['p50_ms']:.1f} / {r['per_pair'][n]['p95_ms']:.1f}" for n in names]
        cells += [
            fmt(v.get("seconds"), ".2f")
            if v.get("seconds") is not None
            else (
                "timeout"
                if "longer than" in v.get("error", "")
                else "out of memory"
                if "Memory" in v.get("error", "")
                else "error"
            )
            for v in r["full_graph"].values()
        ]
        lines.append(f"| {r['contracts']:,} | " + " | ".join(cells) + " |")
    if len(results) > 1:
        first, last = results[0], results[-1]
        ratios = [f"{n} {last['per_pair'][n]['p50_ms'] / first['per_pair'][n]['p50_ms']:.2f}" for n in names]
        lines += ["", f"p50 latency ratio {last['contracts']:,} / {first['contracts']:,}: " + ", ".join(ratios)]
    lines += [
        "",
        "| N | endpoint | workers | requests/s | p50 (ms) | p99 (ms) | requests | errors | "
        "API CPU ms/request | Neo4j CPU ms/request |",
        "|---" * 10 + "|",
    ]
    for r in results:
        for name, a in r["api"].items():
            if "error" in a and a.get("requests_per_s") is None:
                lines.append(f"| {r['contracts']:,} | {name} | | {a['error']} | | | | | | |")
                continue
            lines.append(
                f"| {r['contracts']:,} | {name} | {a.get('workers', 1)} | {fmt(a['requests_per_s'])} | "
                f"{fmt(a['p50_ms'], '.1f')} | {fmt(a['p99_ms'], '.1f')} | {a['requests']} | {a['errors']} | "
                f"{fmt(a.get('api_cpu_ms_per_request'), '.2f')} | "
                f"{fmt(a.get('neo4j_cpu_ms_per_request'), '.2f')} |"
            )
    return "\n".join(lines)


def write_readme(report: dict[str, Any]) -> None:
    readme = HERE / "README.md"
    text = readme.read_text() if readme.exists() else "# Benchmarks\n\n<!-- results -->\n<!-- /results -->\n"
    m = report["machine"]
    block = [
        "<!-- results -->",
        f"Latest run: {report['finished']} (total {report['total_s'] / 60:.1f} min), command: `{report['command']}`",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, Neo4j {m['neo4j']} "
        f"(heap {m['heap']}, page cache {m['pagecache']}), load average at start {m['load_average_at_start']}",
        "",
        "```",
        m["free_h"],
        "```",
        "",
        report["table"],
        "",
        f"PROFILE of the per-pair queries at {report['results'][-1]['contracts']:,} contracts:",
        "",
    ]
    for text_ in report["results"][-1]["profiles"].values():
        block += ["```", text_, "```", ""]
    block.append("<!-- /results -->")
    new = re.sub(r"<!-- results -->.*<!-- /results -->", lambda _: "\n".join(block), text, flags=re.S)
    readme.write_text(new)


def main() -> None:
    started = time.perf_counter()
    given = os.environ.get("BENCH_DIR")
    work = Path(given) if given else Path(tempfile.mkdtemp(prefix="supplygraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    neo_dir = work / "neo4j"
    snapshot_queries(work / "queries")
    report: dict[str, Any] = {
        "machine": machine(),
        "sizes": SIZES,
        "seed": SEED,
        "command": "make bench"
        + (f" BENCH_SIZES={','.join(map(str, SIZES))}" if os.environ.get("BENCH_SIZES") else ""),
    }
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] %(message)s", datefmt="%H:%M:%S")
    remote = settings().uri
    if remote:
        log(f"measuring the Neo4j at {remote} (its database is emptied at each size)")
        report["machine"]["neo4j_uri"] = remote
        uri = remote
    else:
        log(
            f"starting a dedicated Neo4j in {neo_dir} (heap {settings().neo4j_heap}, "
            f"page cache {settings().neo4j_pagecache})"
        )
        uri = local_neo4j.start(neo_dir)
    results: list[dict[str, Any]] = []
    try:
        cfg = settings() if remote else Settings(uri=uri, user="neo4j", password="neo4j", database=None)
        graph = connect(cfg.model_copy(update={"local_dir": neo_dir}))
        warm_up(graph, uri, work)
        naive = None
        for n in sorted(SIZES):
            res, naive = bench_size(graph, uri, n, work, naive)
            results.append(res)
            (HERE / "results.partial.json").write_text(
                json.dumps({**report, "results": results}, indent=2, default=str)
            )
            shutil.rmtree(work / f"data-{n}", ignore_errors=True)
        graph.close()
    finally:
        if not remote:
            local_neo4j.stop(neo_dir)
        if not given:
            shutil.rmtree(work, ignore_errors=True)
    report["results"] = results
    report["table"] = table(results)
    report["total_s"] = time.perf_counter() - started
    report["finished"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    (HERE / "results.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    write_readme(report)
    print()
    print(report["table"])
    print(f"\nresults: {HERE / 'results.json'}; total {report['total_s'] / 60:.1f} min")


if __name__ == "__main__":
    main()
