"""Consolidations and fragmentations at one buyer, worked out from its contracts in one sweep per tower.

A multi-tower contract *consolidates* when, on the day before it starts, two or more suppliers
held its towers between them, and *fragments* when two or more held them on the day after it ends.
Who held a tower on a day: the suppliers of the buyer's holding contracts on that tower running
then (started on or before it, not ended before it), in the order those contracts started (then by
id; a joint venture's suppliers by name), each supplier once. This is the rule
``benchmarks/per_request/consolidations.cypher`` applied per request; the stored ``(:Consolidation)``
nodes are derived from this module only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
#: suppliers named per tower in ``other_holders`` (a readable summary; ``other_ids`` and ``other_names`` keep them all)
HOLDERS_NAMED = 10


@dataclass(frozen=True)
class Deal:
    """One holding contract of the buyer, as the sweep sees it."""

    contract_id: str
    start: date | None
    end: date | None
    towers: tuple[tuple[str, str], ...]  # (tower id, tower name)
    suppliers: tuple[tuple[str, str], ...]  # (organisation id, name), by name: a joint venture's order


@dataclass(frozen=True)
class Consolidation:
    """One consolidation or fragmentation: the deal, the day looked at and who held its towers then."""

    kind: str  # consolidation or fragmentation
    contract_id: str
    day: date
    towers: tuple[str, ...]  # the deal's tower names, sorted
    other_holders: tuple[str, ...]  # per tower: "tower: supplier, supplier" (HOLDERS_NAMED, then "and N more")
    other_ids: tuple[str, ...]  # the distinct suppliers holding those towers that day (two or more)
    other_names: tuple[str, ...] = ()  # their names, sorted (stored, so a whole-graph read looks nothing up)


def consolidations(deals: Sequence[Deal]) -> list[Consolidation]:
    """Every consolidation and fragmentation among one buyer's holding contracts, by day then contract."""
    multi = [d for d in deals if len(d.towers) >= 2]
    if not multi:
        return []
    probes: list[tuple[str, date, Deal]] = []
    for d in multi:
        if d.start is not None:
            probes.append(("consolidation", d.start - ONE_DAY, d))
        if d.end is not None:
            probes.append(("fragmentation", d.end + ONE_DAY, d))
    wanted = {tid for d in multi for tid, _ in d.towers}
    on_tower: dict[str, list[Deal]] = defaultdict(list)
    for d in deals:
        for tid, _ in d.towers:
            if tid in wanted and d.start is not None:
                on_tower[tid].append(d)
    probes_on: dict[str, list[tuple[str, date, Deal]]] = defaultdict(list)
    for p in probes:
        for tid, _ in p[2].towers:
            probes_on[tid].append(p)
    held: dict[tuple[str, str, str], list[tuple[str, str]]] = {}  # (kind, deal, tower) -> holders
    for tid, mine in probes_on.items():
        for kind, deal, holders in _sweep(on_tower.get(tid, []), mine):
            held[(kind, deal, tid)] = holders
    found = []
    for kind, day, d in probes:
        towers = sorted(d.towers, key=lambda t: t[1])
        per_tower = [held[(kind, d.contract_id, tid)] for tid, _ in towers]
        others = list(dict.fromkeys(s for holders in per_tower for s in holders))
        if len(others) < 2:
            continue
        found.append(
            Consolidation(
                kind=kind,
                contract_id=d.contract_id,
                day=day,
                towers=tuple(name for _, name in towers),
                other_holders=tuple(f"{name}: {_named(holders)}" for (_, name), holders in zip(towers, per_tower)),
                other_ids=tuple(sid for sid, _ in others),
                other_names=tuple(sorted(name for _, name in others)),
            )
        )
    return sorted(found, key=lambda c: (c.day, c.contract_id, c.kind))


def _named(holders: list[tuple[str, str]]) -> str:
    names = ", ".join(n for _, n in holders[:HOLDERS_NAMED])
    more = len(holders) - HOLDERS_NAMED
    return f"{names} and {more} more" if more > 0 else names


def _sweep(contracts: list[Deal], probes: list[tuple[str, date, Deal]]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """One pass in day order: at each probe, the suppliers of the contracts running that day."""
    starts = sorted(contracts, key=lambda d: (d.start, d.contract_id))
    out = []
    running: list[Deal] = []
    k = 0
    for kind, day, deal in sorted(probes, key=lambda p: (p[1], p[2].start or date.max, p[2].contract_id)):
        while k < len(starts) and starts[k].start <= day:  # type: ignore[operator]
            running.append(starts[k])
            k += 1
        running = [d for d in running if d.end is None or d.end >= day]
        holders = list(dict.fromkeys(s for d in running for s in d.suppliers))
        out.append((kind, deal.contract_id, holders))
    return out
