"""The loader's streaming parts: ids checked on disk, batches written on background threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from supplygraph.graph.errors import InputError
from supplygraph.loaders import load_paths
from supplygraph.loaders.writer import BackgroundWriter
from tests.helpers import CONTRACT_HEADER


def test_background_writer_writes_every_batch_once() -> None:
    written: list[int] = []
    lock = threading.Lock()

    def write(batch: list[dict]) -> None:
        with lock:
            written.extend(row["n"] for row in batch)

    with BackgroundWriter(write, workers=2) as background:
        for start in range(0, 100, 10):
            background.submit([{"n": n} for n in range(start, start + 10)])
    assert sorted(written) == list(range(100))


def test_background_writer_raises_the_writers_error_in_the_caller() -> None:
    def write(batch: list[dict]) -> None:
        if batch[0]["n"] == 3:
            raise RuntimeError("Neo4j said no")

    with pytest.raises(RuntimeError, match="Neo4j said no"):
        with BackgroundWriter(write, workers=2) as background:
            for n in range(50):
                background.submit([{"n": n}])


def test_a_repeated_identical_row_is_one_contract_a_changed_one_names_the_first(graph, tmp_path: Path) -> None:
    row = "c1,Met,Atos,networks,2020,2021,,,t,https://x\n"
    other = "c2,Met,BT,hosting,2020,,,,t,https://x\n"
    path = tmp_path / "contracts.csv"
    path.write_text(CONTRACT_HEADER + row + other + row)
    assert load_paths(graph, [path]).contracts == 2
    assert graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"] == 2
    assert graph.read("MATCH (:Buyer)-[r:AWARDED]->(:Contract {id: 'c1'}) RETURN count(r) AS n")[0]["n"] == 1

    bad = tmp_path / "bad" / "contracts.csv"
    bad.parent.mkdir()
    bad.write_text(CONTRACT_HEADER + row + other + row.replace("2021", "2022"))
    with pytest.raises(InputError) as caught:
        load_paths(graph, [bad])
    assert "first at" in str(caught.value) and "row 2" in str(caught.value)
    assert caught.value.row == 4
