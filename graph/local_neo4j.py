"""The project's own Neo4j, for machines without Docker or a Neo4j install.

``supplygraph neo4j start`` resolves Neo4j 5.26 Community from Maven Central once
(into a shared runtime cache), compiles a ten-line Java launcher, and runs a
real Neo4j server with Bolt on a free loopback port. Its data lives in the data
directory (``.neo4j/`` by default), so it survives ``stop``/``start``. The
server listens on 127.0.0.1 only and runs without authentication, like any
developer database on loopback; point ``NEO4J_URI`` at a managed Neo4j for
anything shared.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from supplygraph.graph.config import settings
from supplygraph.graph.errors import LocalNeo4jError

logger = logging.getLogger(__name__)

NEO4J_VERSION = "5.26.30"
STARTUP_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0


def runtime_dir() -> Path:
    """Where the resolved jars and the compiled launcher live (shared by all data dirs)."""
    cfg = settings()
    if cfg.runtime_dir:
        return cfg.runtime_dir.resolve()
    cache = cfg.cache_home or Path.home() / ".cache"
    return cache / "supplygraph" / f"neo4j-{NEO4J_VERSION}"


@dataclass(frozen=True)
class LocalStatus:
    running: bool
    uri: str | None
    pid: int | None
    data_dir: Path
    log_file: Path


def _require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise LocalNeo4jError(f"{tool} not found on PATH: {hint}")
    return path


def ensure_runtime() -> Path:
    """Resolve Neo4j's jars with Maven and compile the launcher, once."""
    rt = runtime_dir()
    done = rt / ".complete"
    if done.exists():
        return rt
    java_hint = (
        "the local Neo4j needs Java 17 (e.g. apt-get install openjdk-17-jdk-headless), "
        "or set NEO4J_URI to an existing Neo4j 5"
    )
    _require("java", java_hint)
    javac = _require("javac", java_hint)
    mvn = _require(
        "mvn",
        "the local Neo4j is resolved from Maven Central with Maven "
        "(e.g. apt-get install maven), or set NEO4J_URI to an existing Neo4j 5",
    )
    rt.parent.mkdir(parents=True, exist_ok=True)
    logger.info("Resolving Neo4j %s Community from Maven Central (first run only, ~130 MB)...", NEO4J_VERSION)
    with tempfile.TemporaryDirectory(dir=rt.parent, prefix=".resolve-") as tmp:
        work = Path(tmp)
        pom = work / "pom.xml"
        src = work / "Neo4jServer.java"
        pkg = resources.files("supplygraph.graph") / "neo4j_runtime"
        pom.write_text((pkg / "pom.xml").read_text())
        src.write_text((pkg / "Neo4jServer.java").read_text())
        lib = work / "lib"
        proc = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(pom),
                f"-Dneo4j.version={NEO4J_VERSION}",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={lib}",
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
            raise LocalNeo4jError(
                f"Maven could not resolve org.neo4j:neo4j:{NEO4J_VERSION} from Maven Central:\n" + "\n".join(tail)
            )
        classes = work / "classes"
        classes.mkdir()
        proc = subprocess.run(
            [javac, "-cp", f"{lib}/*", "-d", str(classes), str(src)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise LocalNeo4jError("could not compile the Neo4j launcher:\n" + proc.stderr)
        (work / ".complete").write_text(NEO4J_VERSION + "\n")
        if rt.exists():
            shutil.rmtree(rt)
        os.replace(work, rt)
        # TemporaryDirectory's cleanup tolerates the directory having moved.
        work.mkdir()
    logger.info("Neo4j runtime ready in %s", rt)
    return rt


def _state_file(data_dir: Path) -> Path:
    return data_dir / "server.json"


def _read_state(data_dir: Path) -> dict[str, object] | None:
    try:
        return json.loads(_state_file(data_dir).read_text())  # type: ignore[no-any-return]
    except FileNotFoundError:
        return None
    except json.JSONDecodeError:
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still "exists": reap it if it is ours.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    return True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port(preferred: int | None) -> int:
    if preferred:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            # Like the JVM's server socket: a port whose old connections sit in TIME_WAIT is free.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", preferred))
                return preferred
            except OSError:
                pass
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def status(data_dir: Path) -> LocalStatus:
    data_dir = data_dir.resolve()
    state = _read_state(data_dir)
    log = data_dir / "neo4j.log"
    if state is None:
        return LocalStatus(False, None, None, data_dir, log)
    pid = int(state["pid"])  # type: ignore[call-overload]
    port = int(state["port"])  # type: ignore[call-overload]
    running = _alive(pid) and _port_open(port)
    return LocalStatus(running, str(state["uri"]) if running else None, pid if running else None, data_dir, log)


def _config_text() -> str:
    cfg = settings()
    return (
        "# Written by supplygraph at each start; edit the environment, not this file.\n"
        f"server.memory.pagecache.size={cfg.neo4j_pagecache}\n"
        f"db.transaction.timeout={cfg.neo4j_tx_timeout}\n"
        "dbms.security.auth_enabled=false\n"
        "dbms.usage_report.enabled=false\n"
    )


def start(data_dir: Path, port: int | None = None) -> str:
    """Start the local Neo4j for ``data_dir`` (or find it running); return its Bolt URI."""
    data_dir = data_dir.resolve()
    current = status(data_dir)
    if current.running and current.uri:
        return current.uri
    rt = ensure_runtime()
    java = _require("java", "the local Neo4j needs Java 17, or set NEO4J_URI")
    data_dir.mkdir(parents=True, exist_ok=True)
    previous = _read_state(data_dir) or {}
    chosen = _free_port(port or int(previous.get("port", 0) or 0))  # type: ignore[call-overload]
    conf = data_dir / "neo4j.conf"
    conf.write_text(_config_text())
    log_path = data_dir / "neo4j.log"
    heap = settings().neo4j_heap
    cmd = [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-cp",
        f"{rt / 'classes'}{os.pathsep}{rt / 'lib'}/*",
        "Neo4jServer",
        str(data_dir / "db"),
        str(chosen),
        str(conf),
    ]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    uri = f"bolt://127.0.0.1:{chosen}"
    logger.debug("starting Neo4j for %s on port %d (heap %s): %s", data_dir, chosen, heap, " ".join(cmd))
    _state_file(data_dir).write_text(json.dumps({"pid": proc.pid, "port": chosen, "uri": uri}))
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-20:]
            raise LocalNeo4jError(
                f"Neo4j exited during start-up (code {proc.returncode}); see {log_path}:\n" + "\n".join(tail)
            )
        if _port_open(chosen):
            return uri
        time.sleep(0.25)
    stop(data_dir)
    raise LocalNeo4jError(f"Neo4j did not open Bolt on port {chosen} within {STARTUP_TIMEOUT_S:.0f}s; see {log_path}")


def stop(data_dir: Path) -> bool:
    """Stop the local Neo4j cleanly; return whether one was running."""
    data_dir = data_dir.resolve()
    state = _read_state(data_dir)
    if state is None:
        return False
    pid = int(state["pid"])  # type: ignore[call-overload]
    was_running = _alive(pid)
    if was_running:
        logger.debug("stopping Neo4j pid %d for %s", pid, data_dir)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
    # Keep the port so the next start offers the same Bolt URI when it can.
    _state_file(data_dir).write_text(json.dumps({**state, "pid": 0}))
    return was_running
