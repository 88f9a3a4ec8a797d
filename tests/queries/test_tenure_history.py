"""On varied data, the stored layer equals what history computes, and stays current through reloads.

The synthetic history (renewals, hand-overs, gaps, returns, in-house spells,
joint ventures, multi-tower deals, partial dates, renames, mergers and
acquisitions) is loaded; for every buyer and tower, the stored succession must
equal ``succession-known-on`` as known now (computed from the contracts and
their history per request, the rule as it was before the layer), with and
without lineage.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from supplygraph.graph import query_library, tenure_store
from supplygraph.loaders import load_paths
from supplygraph.loaders.synthetic import generate

#: the per-request queries the layer replaced, kept for the benchmark
PER_REQUEST = Path(__file__).resolve().parents[2] / "benchmarks" / "per_request"

COLUMNS = ("seq", "supplier_id", "held_as", "start", "start_precision", "end", "end_precision", "contract_ids")


def successions(graph, name: str, extra: dict) -> dict[tuple[str, str, bool], list[tuple]]:
    pairs = graph.read(
        "MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:COVERS]->(t:ServiceTower) WHERE c.holds "
        "RETURN DISTINCT b.id AS buyer, t.id AS tower ORDER BY buyer, tower"
    )
    out = {}
    for p in pairs:
        for follow in (True, False):
            rows = query_library.run(
                graph, name, {"buyer": p["buyer"], "tower": p["tower"], "follow_lineage": follow, **extra}
            ).rows
            out[(p["buyer"], p["tower"], follow)] = [tuple(str(r[c]) for c in COLUMNS) for r in rows]
    return out


def test_stored_succession_equals_history_as_known_now_on_synthetic_data(graph, tmp_path):
    generate(1500, 3, tmp_path)
    with (tmp_path / "lineage.csv").open() as fh:
        assert {r["kind"] for r in csv.DictReader(fh)} == {"renamed", "merged-into", "acquired-by"}
    load_paths(graph, [tmp_path])
    assert tenure_store.check(graph) == []
    stored = successions(graph, "succession", {})
    known_now = successions(graph, "succession-known-on", {"as_known_on": datetime.now(UTC).isoformat()})
    assert stored == known_now
    # lineage makes a difference somewhere, or this would not test it
    assert any(stored[(b, t, True)] != stored[(b, t, False)] for b, t, _ in stored)

    same_answers_as_per_request(graph)
    same_holders_as_known_now(graph)

    # a reload that ends some contracts early and drops others' towers is re-derived where it touched
    with (tmp_path / "contracts.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    changed = rows[::7]
    for i, row in enumerate(changed):
        if i % 2:
            row["end"] = row["start"]
        else:
            row["towers"] = "networks"
    again = tmp_path / "again"
    again.mkdir()
    with (again / "contracts.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(changed)
    load_paths(graph, [again])
    assert tenure_store.check(graph) == []
    assert successions(graph, "succession", {}) == successions(
        graph, "succession-known-on", {"as_known_on": datetime.now(UTC).isoformat()}
    )
    same_holders_as_known_now(graph)


def per_request(graph, name: str, params: dict) -> list[dict]:
    saved = query_library.parse_file(PER_REQUEST / f"{name}.cypher")
    return graph.read(saved.text, saved.bind(params))


def same_answers_as_per_request(graph) -> None:
    """Returns, consolidations and predecessor: the layer answers as the per-request rule did."""
    for follow in (True, False):
        params = {"min_gap_days": 365, "follow_lineage": follow}
        stored = query_library.run(graph, "returns", params).rows
        assert stored == per_request(graph, "returns", params)
        assert stored, "no returns: the data would not test them"
    stored = query_library.run(graph, "consolidations", {"names": 0, "limit": 0}).rows
    assert all(row.pop("other_count") == len(row["other_suppliers"]) for row in stored)
    before = [
        {**row, "other_holders": [_ten_named(h) for h in row["other_holders"]]}
        for row in per_request(graph, "consolidations", {})
    ]
    assert [a for a, b in zip(stored, before) if a != b][:1] == [b for a, b in zip(stored, before) if a != b][:1]
    assert len(stored) == len(before) > 0
    pairs = graph.read(
        "MATCH (t:Tenure) RETURN DISTINCT t.buyer_id AS buyer, t.tower_id AS tower ORDER BY buyer, tower"
    )
    for i, p in enumerate(pairs):
        for follow in (True, False):
            params = {**p, "as_of": date(2000 + i % 25, 7, 1), "follow_lineage": follow}
            assert query_library.run(graph, "predecessor", params).rows == per_request(graph, "predecessor", params)


def same_holders_as_known_now(graph) -> None:
    """holders (through the stored tenures) equals holders-known-on as known now (every contract of the buyer
    and tower, as before the layer) on the first and last days of contracts and the days after their ends
    (twelve a buyer and tower, spread over its days)."""
    days = graph.read(
        "MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:COVERS]->(t:ServiceTower) "
        "RETURN b.id AS buyer, t.id AS tower, collect(DISTINCT c.start) + collect(DISTINCT c.end) "
        "+ [e IN collect(DISTINCT c.end) | e + duration({days: 1})] AS days ORDER BY buyer, tower"
    )
    now = datetime.now(UTC).isoformat()
    asked = held = 0
    for p in days:
        for day in sorted(p["days"])[:: max(1, len(p["days"]) // 12)]:
            params = {"buyer": p["buyer"], "tower": p["tower"], "as_of": day}
            rows = query_library.run(graph, "holders", params).rows
            known = query_library.run(graph, "holders-known-on", {**params, "as_known_on": now}).rows
            assert rows == [{k: v for k, v in r.items() if k != "recorded_at"} for r in known]
            asked, held = asked + 1, held + bool(rows)
    assert held > asked / 2, "most days asked about should have a holder, or this would not test much"


def _ten_named(holders: str) -> str:
    """The per-request "tower: a, b, ..." as the layer stores it: ten names, then how many more (the generated
    names have no commas)."""
    tower, names = holders.split(": ", 1)
    named = names.split(", ")
    return holders if len(named) <= 10 else f"{tower}: {', '.join(named[:10])} and {len(named) - 10} more"
