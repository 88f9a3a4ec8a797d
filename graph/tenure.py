"""The spell rule, in one place: who held something at a buyer, from when to when.

A *spell* (stored as a ``Tenure`` per buyer and tower, or an ``Engagement`` per
buyer) is one supplier's unbroken hold: its contracts that overlap or touch
(the next starts at most one day after the previous ends) merge. With lineage,
a contract also continues a spell when its supplier is one the spell's supplier
had become (renamed, merged-into, acquired-by; every event dated on or before
the contract's start), or one that had become the spell's supplier. spun-off is
not followed. Two companies that merged later were rivals before, so their
spells stay apart. This is the rule ``succession.cypher`` applied per request
before the layer existed; the stored layer is derived from this module only.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

#: the lineage kinds that carry a supplier on (spun-off does not)
FOLLOWED_KINDS = ("renamed", "merged-into", "acquired-by")
#: longest chain of lineage events followed, as ``BECAME*1..10`` in Cypher
MAX_HOPS = 10
_NEVER = date(9999, 12, 31)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Event:
    """One followed lineage event: ``source`` became ``target`` on ``day`` (None: date unknown)."""

    source: str
    target: str
    day: date | None


@dataclass(frozen=True)
class Holding:
    """One supplier on one holding contract, as the rule sees it."""

    contract_id: str
    start: date | None
    start_precision: str | None
    end: date | None
    end_precision: str | None
    supplier_id: str
    supplier_name: str
    towers: tuple[str, ...] = ()  # tower names, sorted (only engagements keep them)


@dataclass
class Spell:
    """A merged run of holdings; ``holder`` is the name held under last, ``first`` the first."""

    start: date | None
    start_precision: str | None
    end: date | None
    end_precision: str | None
    holder_id: str
    holder_name: str
    first_id: str
    line: str
    ids: list[str]
    held_as: list[str]
    former: list[str]
    forerunners: list[str]
    contract_ids: list[str]
    towers: list[str] = field(default_factory=list)
    order: int = 0  # when it was started, among the spells of its succession

    def sort_key(self) -> tuple[date, date, str, str, str]:
        return (
            self.start or _NEVER,
            self.end or _NEVER,
            self.holder_name,
            self.holder_id,
            self.contract_ids[0],
        )

    def continued_by(self, later: Spell) -> bool:
        """True when ``later`` is the same supplier carrying on (itself, or what it became)."""
        return any(x in later.ids or x in later.forerunners for x in self.ids)


class Lineage:
    """The followed ``BECAME`` events, asked which company a supplier became and what it had been."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._out: dict[str, list[Event]] = defaultdict(list)
        self._in: dict[str, list[Event]] = defaultdict(list)
        for e in events:
            self._out[e.source].append(e)
            self._in[e.target].append(e)
        self._lines: dict[str, str] = {}
        self._former: dict[tuple[str, date | None], list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self._out)

    def knows(self, org_id: str) -> bool:
        return org_id in self._out or org_id in self._in

    def line(self, org_id: str) -> str:
        """The organisation ``org_id`` finally became (the smallest id if several), or itself."""
        if org_id not in self._lines:
            ends = [n for n in self._reach(org_id, self._out, None, forward=True) if not self._out.get(n)]
            self._lines[org_id] = min(ends) if ends else org_id
        return self._lines[org_id]

    def former(self, org_id: str, day: date | None) -> list[str]:
        """The organisations that had become ``org_id`` by ``day`` (every event on the way dated by then)."""
        key = (org_id, day)
        if key not in self._former:
            self._former[key] = [] if day is None else sorted(self._reach(org_id, self._in, day, forward=False))
        return self._former[key]

    def component(self, org_ids: Iterable[str]) -> set[str]:
        """``org_ids`` and every organisation linked to them by followed events, either way."""
        seen = set(org_ids)
        todo = deque(seen)
        while todo:
            n = todo.popleft()
            for e in (*self._out.get(n, ()), *self._in.get(n, ())):
                for m in (e.source, e.target):
                    if m not in seen:
                        seen.add(m)
                        todo.append(m)
        return seen

    @staticmethod
    def _reach(start: str, edges: dict[str, list[Event]], by: date | None, forward: bool) -> set[str]:
        """Nodes 1..MAX_HOPS events away (a shortest walk is a path, so breadth first finds them all)."""
        found: set[str] = set()
        depth = {start: 0}
        todo = deque([start])
        while todo:
            n = todo.popleft()
            if depth[n] == MAX_HOPS:
                continue
            for e in edges.get(n, ()):
                if by is not None and (e.day is None or e.day > by):
                    continue
                m = e.target if forward else e.source
                found.add(m)
                if m not in depth:
                    depth[m] = depth[n] + 1
                    todo.append(m)
        return found


NO_LINEAGE = Lineage()


def spells(holdings: Iterable[Holding], lineage: Lineage = NO_LINEAGE) -> list[Spell]:
    """The spells of one succession (a buyer and tower, or a buyer), ordered by start, end, holder name."""
    by_line: dict[str, list[Spell]] = defaultdict(list)
    for n, h in enumerate(sorted(holdings, key=lambda h: (h.start or _NEVER, h.contract_id, h.supplier_id))):
        line = lineage.line(h.supplier_id) if lineage else h.supplier_id
        former = lineage.former(h.supplier_id, h.start) if lineage else []
        _add(by_line[line], h, line, former, n)
    return sorted((s for line in by_line.values() for s in line), key=Spell.sort_key)


def resumptions(ordered: Sequence[Spell]) -> list[tuple[Spell, Spell, int]]:
    """(before, after, gap_days): each spell after the first of its line, and the latest earlier one of
    the same supplier or of one it had become by then; gap_days = after's start minus before's end."""
    lines: dict[str, list[Spell]] = defaultdict(list)
    for s in sorted(ordered, key=lambda s: s.order):
        lines[s.line].append(s)
    found = []
    for periods in lines.values():
        for k in range(1, len(periods)):
            after = periods[k]
            before = next((p for p in reversed(periods[:k]) if p.continued_by(after)), None)
            if before is not None and before.end is not None and after.start is not None:
                found.append((before, after, (after.start - before.end).days))
    return found


def gap_days(before: Spell, after: Spell) -> int | None:
    """Days from the end of ``before`` to the start of ``after``: 1 = the next day, 0 or less = overlap."""
    if before.end is None or after.start is None:
        return None
    return (after.start - before.end).days


def _add(line: list[Spell], h: Holding, line_id: str, former: list[str], order: int) -> None:
    """One holding joins the latest spell of its line it touches and belongs to, or starts a spell."""
    joins = [
        i
        for i, s in enumerate(line)
        if (s.end is None or (h.start is not None and h.start <= s.end + ONE_DAY))
        and (h.supplier_id in s.ids or h.supplier_id in s.former or any(x in former for x in s.ids))
    ]
    if not joins:
        line.append(
            Spell(
                start=h.start,
                start_precision=h.start_precision,
                end=h.end,
                end_precision=h.end_precision,
                holder_id=h.supplier_id,
                holder_name=h.supplier_name,
                first_id=h.supplier_id,
                line=line_id,
                ids=[h.supplier_id],
                held_as=[h.supplier_name],
                former=list(former),
                forerunners=list(former),
                contract_ids=[h.contract_id],
                towers=list(h.towers),
                order=order,
            )
        )
        return
    s = line[joins[-1]]
    if s.end is None or h.end is None:
        s.end, s.end_precision = None, None
    elif h.end > s.end:
        s.end, s.end_precision = h.end, h.end_precision
    if s.holder_id in former:
        s.holder_id, s.holder_name = h.supplier_id, h.supplier_name
    if h.supplier_id not in s.ids:
        s.ids.append(h.supplier_id)
    if h.supplier_name not in s.held_as:
        s.held_as.append(h.supplier_name)
    s.former += [x for x in former if x not in s.former]
    s.towers += [x for x in h.towers if x not in s.towers]
    s.contract_ids.append(h.contract_id)
