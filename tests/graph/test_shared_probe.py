"""Requests waiting at once share one version probe, and none is given a version read before it asked."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from typing import Any

import pytest

from supplygraph.graph.version import SharedProbe, Version


class Neo4jStandIn:
    """A graph whose version is whatever ``writes`` says when a probe is read; the first probe waits for ``go``."""

    def __init__(self, hold_first: bool = False) -> None:
        self.writes = 0
        self.probes: list[int] = []  # the version each probe read
        self.first_sent = threading.Event()
        self.go = threading.Event()
        if not hold_first:
            self.go.set()
        self.fail_next = False

    def read_once(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        seen = self.writes  # the snapshot the probe reads is taken when it is sent
        self.first_sent.set()
        self.go.wait(5)
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("Neo4j went away")
        self.probes.append(seen)
        return [{"n": seen, "id": f"v{seen}"}]


def test_one_caller_at_a_time_sends_its_own_probe() -> None:
    graph, probe = Neo4jStandIn(), SharedProbe()

    async def two_in_turn() -> list[str | None]:
        first = await probe.current(graph)
        graph.writes = 1
        return [first.id, (await probe.current(graph)).id]

    assert asyncio.run(two_in_turn()) == ["v0", "v1"]
    assert graph.probes == [0, 1]


def test_callers_that_arrive_while_a_probe_is_out_share_the_next_and_see_the_write_before_them() -> None:
    graph, probe = Neo4jStandIn(hold_first=True), SharedProbe()

    async def scene() -> tuple[Version, list[Version]]:
        first = asyncio.ensure_future(probe.current(graph))
        while not graph.first_sent.is_set():  # probe 1 is out, reading version 0 ...
            await asyncio.sleep(0.001)
        graph.writes = 1  # ... when a load commits; then three requests arrive
        later = [asyncio.ensure_future(probe.current(graph)) for _ in range(3)]
        await asyncio.sleep(0.01)
        assert probe.waiting
        graph.go.set()
        return await first, list(await asyncio.gather(*later))

    first, later = asyncio.run(scene())
    assert first.id == "v0"
    assert [v.id for v in later] == ["v1", "v1", "v1"]  # not v0: that probe was sent before they asked
    assert graph.probes == [0, 1]  # two round trips for four requests
    assert probe.probes == 2


def test_a_failed_probe_fails_its_callers_and_the_next_caller_sends_another() -> None:
    graph, probe = Neo4jStandIn(), SharedProbe()
    graph.fail_next = True

    async def fail_then_succeed() -> str | None:
        with pytest.raises(ConnectionError, match="went away"):
            await probe.current(graph)
        return (await probe.current(graph)).id

    assert asyncio.run(fail_then_succeed()) == "v0"
    assert graph.probes == [0]


def test_a_caller_that_goes_away_does_not_cancel_the_probe_the_others_wait_for() -> None:
    graph, probe = Neo4jStandIn(hold_first=True), SharedProbe()

    async def scene() -> str | None:
        leaving = asyncio.ensure_future(probe.current(graph))
        staying = asyncio.ensure_future(probe.current(graph))  # waits for the probe after the first
        while not graph.first_sent.is_set():
            await asyncio.sleep(0.001)
        leaving.cancel()  # the client of the first request disconnected
        graph.go.set()
        return (await staying).id

    assert asyncio.run(scene()) == "v0"
    assert graph.probes == [0, 0]
