"""Requests waiting at once share one version probe, and none is given a version read before it asked."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

import pytest

from supplygraph.graph.version import SharedProbe


class Neo4jStandIn:
    """A graph whose version is whatever ``writes`` says when a probe is read; the first probe waits for ``go``."""

    def __init__(self) -> None:
        self.writes = 0
        self.probes: list[int] = []  # the version each probe read
        self.first_sent = threading.Event()
        self.go = threading.Event()
        self.fail_next = False

    def read_once(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        seen = self.writes  # the snapshot the probe reads is taken when it is sent
        if not self.probes and not self.first_sent.is_set():
            self.first_sent.set()
            self.go.wait(5)
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("Neo4j went away")
        self.probes.append(seen)
        return [{"n": seen, "id": f"v{seen}"}]


def _ask(probe: SharedProbe, graph: Neo4jStandIn, into: list[str | None]) -> threading.Thread:
    thread = threading.Thread(target=lambda: into.append(probe.current(graph).id))
    thread.start()
    return thread


def test_one_caller_at_a_time_sends_its_own_probe() -> None:
    graph, probe = Neo4jStandIn(), SharedProbe()
    graph.first_sent.set()
    assert probe.current(graph).id == "v0"
    graph.writes = 1
    assert probe.current(graph).id == "v1"
    assert graph.probes == [0, 1]


def test_callers_that_arrive_while_a_probe_is_out_share_the_next_and_see_the_write_before_them() -> None:
    graph, probe = Neo4jStandIn(), SharedProbe()
    first: list[str | None] = []
    sender = _ask(probe, graph, first)
    assert graph.first_sent.wait(5)  # probe 1 is out, reading version 0 ...
    graph.writes = 1  # ... when a load commits; then three requests arrive
    later: list[str | None] = []
    waiting = [_ask(probe, graph, later) for _ in range(3)]
    deadline = time.monotonic() + 5
    while probe.waiting < 3 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert probe.waiting == 3
    graph.go.set()
    for thread in (sender, *waiting):
        thread.join(5)
    assert first == ["v0"]
    assert later == ["v1", "v1", "v1"]  # not v0: that probe was sent before they asked
    assert graph.probes == [0, 1]  # two round trips for four requests
    assert probe.probes == 2


def test_a_failed_probe_fails_its_sender_and_the_next_caller_sends_another() -> None:
    graph, probe = Neo4jStandIn(), SharedProbe()
    graph.first_sent.set()
    graph.fail_next = True
    with pytest.raises(ConnectionError, match="went away"):
        probe.current(graph)
    assert probe.current(graph).id == "v0"
    assert graph.probes == [0]
