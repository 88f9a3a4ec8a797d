"""The stored SUCCEEDS pairs against a known truth (``generate --notices`` writes one): precision, recall, what went wrong.

A predicted pair is right when the truth says the later notice replaces the earlier one. Wrong
pairs are told apart by what the two notices are in the truth: lots of one tender, the same
service but not the adjacent contract (skipping one), two services of one tower, or two unrelated
services; missed pairs by their kind (renewal, extension, reprocurement, open-process).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from supplygraph.graph.db import Graph

Pair = tuple[str, str]  # (later, earlier)

_STORED = "MATCH (b:Contract)-[:SUCCEEDS]->(a:Contract) RETURN b.id AS later, a.id AS earlier"


@dataclass(frozen=True)
class Outcome:
    """How the predicted pairs compare with the true ones."""

    right: frozenset[Pair]
    wrong: frozenset[Pair]
    missed: frozenset[Pair]
    wrong_by_why: Mapping[str, int]
    missed_by_kind: Mapping[str, int]
    true_by_kind: Mapping[str, int]

    @property
    def precision(self) -> float | None:
        said = len(self.right) + len(self.wrong)
        return len(self.right) / said if said else None

    @property
    def recall(self) -> float | None:
        true = len(self.right) + len(self.missed)
        return len(self.right) / true if true else None


def stored_pairs(graph: Graph) -> set[Pair]:
    """Every stored ``(later)-[:SUCCEEDS]->(earlier)`` pair."""
    return {(r["later"], r["earlier"]) for r in graph.read(_STORED)}


def compare(predicted: Iterable[Pair], truth: Iterable[Mapping[str, str]]) -> Outcome:
    """``truth``: rows of succession.tsv (contract_id, service, lot, predecessor, kind)."""
    rows = {t["contract_id"]: t for t in truth}
    true = {(t["contract_id"], t["predecessor"]): t["kind"] for t in rows.values() if t["predecessor"]}
    said = set(predicted)
    right = said & set(true)
    wrong = said - set(true)
    missed = set(true) - said
    return Outcome(
        right=frozenset(right),
        wrong=frozenset(wrong),
        missed=frozenset(missed),
        wrong_by_why=Counter(_why(rows, p) for p in wrong),
        missed_by_kind=Counter(true[p] for p in missed),
        true_by_kind=Counter(true.values()),
    )


def report(outcome: Outcome) -> list[str]:
    """The lines ``make eval`` prints for one evaluation."""
    right, wrong, missed = len(outcome.right), len(outcome.wrong), len(outcome.missed)
    lines = [f"right {right}  wrong {wrong}  missed {missed}"]
    p, r = outcome.precision, outcome.recall
    lines.append(f"precision {p:.2f}" if p is not None else "precision - (nothing predicted)")
    lines.append(f"recall    {r:.2f}" if r is not None else "recall - (no successions)")
    lines.append("found by kind (found / true):")
    for kind, total in sorted(outcome.true_by_kind.items()):
        lines.append(f"  {kind:<28} {total - outcome.missed_by_kind.get(kind, 0):>4} / {total}")
    lines.append("wrong pairs by what they are:")
    for why, count in sorted(outcome.wrong_by_why.items()):
        lines.append(f"  {why:<28} {count:>4}")
    return lines


def _why(rows: Mapping[str, Mapping[str, str]], pair: Pair) -> str:
    later, earlier = rows.get(pair[0]), rows.get(pair[1])
    if later is None or earlier is None:
        return "not in the truth"
    if later["service"] != earlier["service"]:
        return "two services"
    if later["lot"] != earlier["lot"]:
        return "other lot of the service"
    return "same line, not adjacent"
