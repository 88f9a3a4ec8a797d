"""The synthetic deal history: deterministic, loadable, and shaped like real feeds.

The shape checks read the CSV back with the csv module and work out each
property from the dates and names, not from anything the generator says.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplygraph.cli.main import main
from supplygraph.graph.temporal import PartialDate
from supplygraph.graph.towers import canonical_tower
from supplygraph.loaders import load_paths
from supplygraph.loaders.synthetic import generate

N = 2000


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("synthetic")
    contracts, _ = generate(N, 1, out)
    with contracts.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _interval(row: dict[str, str]) -> tuple:
    start = PartialDate.parse(row["start"]).first
    end = PartialDate.parse(row["end"]).last if row["end"] else None
    return start, end


def _towers(row: dict[str, str]) -> set[str]:
    return {canonical_tower(t).id for t in row["towers"].split(";")}


def _suppliers(row: dict[str, str]) -> set[str]:
    # "X Ltd" is an alias of "X" in organisations.csv: compare by name without it
    return {s.removesuffix(" Ltd") for s in row["supplier"].split(";")}


def _by_buyer_tower(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[dict[str, str]]]:
    lanes: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        for tower in _towers(row):
            lanes[(row["buyer"], tower)].append(row)
    for lane in lanes.values():
        lane.sort(key=lambda r: _interval(r)[0])
    return lanes


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = generate(500, 42, tmp_path / "a")
    b = generate(500, 42, tmp_path / "b")
    c = generate(500, 43, tmp_path / "c")
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes()
    assert a[0].read_bytes() != c[0].read_bytes()


def test_writes_exactly_n_contracts_with_unique_ids(rows: list[dict[str, str]]) -> None:
    assert len(rows) == N
    assert len({r["contract_id"] for r in rows}) == N


def test_many_buyers_and_a_long_tail_of_suppliers(rows: list[dict[str, str]]) -> None:
    buyers = {r["buyer"] for r in rows}
    assert len(buyers) >= 3
    wins = Counter(s for r in rows for s in _suppliers(r) if s != "In-house")
    counts = sorted(wins.values(), reverse=True)
    assert len(counts) >= 10
    # long tail: the biggest supplier wins several times what the median one does
    assert counts[0] >= 4 * counts[len(counts) // 2]


def test_touching_renewal_with_the_same_supplier(rows: list[dict[str, str]]) -> None:
    found = 0
    for lane in _by_buyer_tower(rows).values():
        ends = {(frozenset(_suppliers(r)), _interval(r)[1]) for r in lane if r["end"]}
        for r in lane:
            start = _interval(r)[0]
            if (frozenset(_suppliers(r)), start - timedelta(days=1)) in ends:
                found += 1
    assert found >= 10


def test_overlapping_hand_over_between_different_suppliers(rows: list[dict[str, str]]) -> None:
    found = 0
    for lane in _by_buyer_tower(rows).values():
        for a, b in zip(lane, lane[1:]):
            (a_start, a_end), (b_start, _) = _interval(a), _interval(b)
            if _suppliers(a).isdisjoint(_suppliers(b)) and a_end is not None and a_start < b_start <= a_end:
                found += 1
    assert found >= 10


def test_a_supplier_returns_after_someone_else(rows: list[dict[str, str]]) -> None:
    found = 0
    for lane in _by_buyer_tower(rows).values():
        seen_then_left: set[str] = set()
        previous: set[str] = set()
        for r in lane:
            now = _suppliers(r)
            if now & seen_then_left - previous:
                found += 1
            seen_then_left |= previous - now
            previous = now
    assert found >= 5


def test_in_house_spells_multi_tower_deals_partial_and_open_ended_dates(rows: list[dict[str, str]]) -> None:
    assert sum("In-house" in r["supplier"].split(";") for r in rows) >= 10
    assert sum(len(_towers(r)) >= 2 for r in rows) >= 10
    assert all(len(r["start"]) in (4, 7, 10) for r in rows)
    assert sum(len(r["start"]) == 7 for r in rows) >= 10
    assert sum(len(r["start"]) == 4 for r in rows) >= 10
    ongoing = [r for r in rows if not r["end"]]
    assert len(ongoing) >= 10 and all(r["status"] == "active" for r in ongoing)
    assert min(_interval(r)[0].year for r in rows) == 1995
    assert max(_interval(r)[0].year for r in rows) == 2025


def test_output_loads_with_every_contract(graph, tmp_path: Path) -> None:
    generate(N, 5, tmp_path)
    report = load_paths(graph, [tmp_path])
    assert report.contracts == N
    assert graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"] == N
    # every contract has its buyer, and a holding contract has a supplier and a tower
    orphans = graph.read(
        "MATCH (c:Contract) WHERE NOT (:Buyer)-[:AWARDED]->(c) "
        "OR (c.holds AND NOT (c)-[:AWARDED_TO]->(:Supplier)) OR NOT (c)-[:COVERS]->(:ServiceTower) "
        "RETURN count(c) AS n"
    )
    assert orphans[0]["n"] == 0
    # "X Ltd" in a row is the same organisation as "X" in organisations.csv
    assert graph.read("MATCH (o:Organisation) WHERE o.name ENDS WITH ' Ltd' RETURN count(o) AS n")[0]["n"] == 0


def test_cli_generate_writes_both_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "--contracts", "300", "--seed", "9", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "wrote 300 contracts" in result.output
    with (tmp_path / "out" / "contracts.csv").open() as fh:
        assert sum(1 for _ in fh) == 301
    assert (tmp_path / "out" / "organisations.csv").read_text().startswith("name,aliases,role")
