"""Synthetic deal history at any size, for benchmarks and load tests.

Real feeds are too small to test a million contracts, and their shape matters
more than their size: a few big buyers and many small ones, a long tail of
suppliers, renewals that touch, hand-overs that overlap, gaps, returns to a
former supplier, in-house spells and multi-tower deals, with some dates known
only to the month or year, and corporate lineage (suppliers renamed, merged into
or acquired by another, after which their work carries on under the new name).
This module writes that shape as ``contracts.csv``, ``organisations.csv`` and
``lineage.csv`` in the format of :mod:`loaders.deal_csv`, row by row (memory
does not grow with the number of contracts), and the same seed always gives the
same bytes.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from supplygraph.graph.names import IN_HOUSE_NAME
from supplygraph.graph.towers import TOWERS

FIRST_YEAR = 1995
LAST_YEAR = 2025
HORIZON = date(LAST_YEAR, 12, 31)
CONTRACTS_PER_BUYER = 500
CONTRACTS_PER_SUPPLIER = 100
CONTRACT_COLUMNS = (
    "contract_id",
    "buyer",
    "supplier",
    "towers",
    "start",
    "end",
    "value",
    "currency",
    "title",
    "source_url",
    "source_title",
    "source_published",
    "programme",
    "status",
    "notes",
)
ORGANISATION_COLUMNS = ("name", "aliases", "role", "identifier", "notes")
LINEAGE_COLUMNS = ("from", "to", "date", "kind")
#: one supplier in this many is renamed, merged into or acquired by another
SUPPLIERS_PER_EVENT = 10

_PLACE_HEADS = (
    "Ash",
    "Bar",
    "Brad",
    "Bram",
    "Carr",
    "Ches",
    "Dar",
    "Dun",
    "East",
    "Elm",
    "Fair",
    "Farn",
    "Glen",
    "Graves",
    "Hal",
    "Harl",
    "Ing",
    "Kings",
    "Lang",
    "Lin",
    "Mar",
    "Mid",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Rich",
    "Sal",
    "Shep",
    "South",
    "Stan",
    "Thorn",
    "Wal",
    "West",
    "Whit",
    "Wick",
    "Wood",
    "Yar",
    "Alder",
    "Brock",
)
_PLACE_TAILS = (
    "bury",
    "ford",
    "ham",
    "ley",
    "mouth",
    "field",
    "wick",
    "ton",
    "borough",
    "stead",
    "minster",
    "dale",
    "worth",
    "chester",
    "by",
    "combe",
    "hurst",
    "well",
    "mere",
    "shire",
)
_BUYER_KINDS = (
    ("County Council", "CC"),
    ("City Council", "CiC"),
    ("Borough Council", "BC"),
    ("District Council", "DC"),
    ("Police", "Constabulary"),
    ("NHS Trust", "NHST"),
    ("University", "Uni"),
    ("Fire and Rescue Service", "FRS"),
    ("Housing Authority", "HA"),
    ("Combined Authority", "CA"),
)
_SUPPLIER_HEADS = (
    "Apex",
    "Arden",
    "Aurora",
    "Beacon",
    "Bluefin",
    "Cobalt",
    "Crest",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbour",
    "Helix",
    "Ion",
    "Juniper",
    "Keystone",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Northgate",
    "Onyx",
    "Orbit",
    "Pinnacle",
    "Quarry",
    "Quartz",
    "Redwood",
    "Sable",
    "Sentinel",
    "Summit",
    "Tandem",
    "Tern",
    "Umber",
    "Vantage",
    "Vertex",
    "Willow",
    "Zenith",
    "Atlas",
    "Birch",
    "Cedar",
    "Drift",
)
_SUPPLIER_TAILS = (
    "Systems",
    "Technology",
    "Digital",
    "Consulting",
    "Solutions",
    "Computing",
    "Data",
    "Infrastructure",
    "Services",
    "Partners",
    "Software",
    "Networks",
    "Cloud",
    "Logic",
)
_TOWER_NAMES = tuple(t.name for t in TOWERS)
_TOWER_ALIASES = {t.name: (t.name, t.name.lower(), *t.aliases[:2]) for t in TOWERS}
_DAY = timedelta(days=1)
_PRECISIONS = ("day", "month", "year")
_PRECISION_CUM = (85, 95, 100)


@dataclass(frozen=True)
class Contract:
    """One generated row (dates as text, as the CSV holds them)."""

    buyer: str
    suppliers: tuple[str, ...]
    towers: tuple[str, ...]
    start: str
    end: str
    value: str
    title: str
    status: str
    notes: str

    def cells(self, contract_id: str) -> list[str]:
        return contract_cells(
            contract_id, self.buyer, self.suppliers, self.towers, self.start, self.end, self.value, self.title
        ) + [self.start[:4], "", self.status, self.notes]


@dataclass(frozen=True)
class Organisation:
    name: str
    aliases: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class LineageEvent:
    """``source`` became ``target`` on the first day of ``day``'s month."""

    source: str
    target: str
    day: date
    kind: str

    def cells(self) -> list[str]:
        return [self.source, self.target, f"{self.day.year:04d}-{self.day.month:02d}", self.kind]


def _names(rng: random.Random, heads: tuple[str, ...], tails: tuple[str, ...], count: int) -> list[str]:
    """``count`` distinct two-part names in a shuffled order, numbered once the pairs run out."""
    pairs = [f"{h}{t}" if tails is _PLACE_TAILS else f"{h} {t}" for h in heads for t in tails]
    rng.shuffle(pairs)
    names = pairs[:count]
    round_ = 2
    while len(names) < count:
        names += [f"{p} {round_}" for p in pairs[: count - len(names)]]
        round_ += 1
    return names


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


def _split(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to ``weights`` summing exactly to ``total`` (largest remainders)."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


class _World:
    """Buyers and suppliers for ``contracts`` contracts: O(organisations) memory, not O(contracts)."""

    def __init__(self, contracts: int, rng: random.Random, seed: int = 1) -> None:
        n_buyers = max(3, contracts // CONTRACTS_PER_BUYER)
        n_suppliers = max(12, contracts // CONTRACTS_PER_SUPPLIER)
        places = _names(rng, _PLACE_HEADS, _PLACE_TAILS, n_buyers)
        self.buyers: list[Organisation] = []
        for i, place in enumerate(places):
            kind, short = _BUYER_KINDS[i % len(_BUYER_KINDS)]
            self.buyers.append(Organisation(f"{place} {kind}", (f"{place} {short}",), "buyer"))
        self.suppliers = [
            Organisation(name, (f"{name} Ltd",), "supplier")
            for name in _names(rng, _SUPPLIER_HEADS, _SUPPLIER_TAILS, n_suppliers)
        ]
        # A long tail: the top supplier wins ~n times the business of the n-th.
        self.supplier_cum_weights = list(accumulate(_zipf_weights(n_suppliers, 1.1)))
        self.buyer_budgets = _split(contracts, _zipf_weights(n_buyers, 0.8))
        self.lineage, self.renamed = _lineage(random.Random(f"lineage {seed} {contracts}"), self.suppliers)
        self._became = {e.source: e for e in self.lineage}

    def organisations(self) -> Iterator[Organisation]:
        yield from self.buyers
        yield from self.suppliers
        yield from self.renamed

    def named_on(self, supplier: str, day: date) -> str:
        """The name ``supplier``'s work went under on ``day``: what it had become by then."""
        event = self._became.get(supplier)
        while event is not None and event.day <= day:
            supplier = event.target
            event = self._became.get(supplier)
        return supplier


def _lineage(rng: random.Random, suppliers: list[Organisation]) -> tuple[list[LineageEvent], list[Organisation]]:
    """Renames (to a new name), mergers and acquisitions (into a bigger supplier), each supplier at most
    once a source; targets come earlier in the list (bigger), so there are chains but no cycles."""
    events: list[LineageEvent] = []
    renamed: list[Organisation] = []
    count = max(3, len(suppliers) // SUPPLIERS_PER_EVENT)
    kinds = ("renamed", "merged-into", "acquired-by")
    offset = rng.randrange(3)  # every kind, in turn, from a random one
    for k, i in enumerate(sorted(rng.sample(range(1, len(suppliers)), min(count, len(suppliers) - 1)))):
        source = suppliers[i].name
        day = date(rng.randrange(2000, 2023), rng.randrange(1, 13), 1)
        kind = kinds[(k + offset) % 3]
        if kind == "renamed":
            target = f"{source} Digital"
            renamed.append(Organisation(target, (), "supplier"))
        else:
            target = suppliers[rng.randrange(0, i)].name
        events.append(LineageEvent(source, target, day, kind))
    return events, renamed


def _precision_text(day: date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _snap(start: date, end: date | None, precision: str) -> tuple[date, date | None]:
    """Widen to whole months or years, as a source that gave only those would."""
    if precision == "month":
        start = start.replace(day=1)
        if end is not None:
            nxt = (end.replace(day=28) + timedelta(days=4)).replace(day=1)
            end = nxt - _DAY
    elif precision == "year":
        start = date(start.year, 1, 1)
        if end is not None:
            end = date(end.year, 12, 31)
    return start, end


class _Lane:
    """One buyer's run of contracts for one tower (or bundle of towers) over the 30 years."""

    def __init__(self, rng: random.Random, world: _World, buyer: Organisation, towers: tuple[str, ...]) -> None:
        self.rng = rng
        self.world = world
        self.buyer = buyer
        self.towers = towers
        self.former: list[str] = []

    def _pick_supplier(self, avoid: str | None) -> str:
        for _ in range(8):
            name = self.rng.choices(self.world.suppliers, cum_weights=self.world.supplier_cum_weights)[0].name
            if name != avoid:
                return name
        return name

    def contracts(self, budget: int) -> Iterator[tuple[tuple[str, ...], date, date | None, str, str]]:
        """Yield (suppliers, start, end, precision, how) in time order, at most ``budget``."""
        rng = self.rng
        start = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(0, 365 * 10))
        supplier = self._pick_supplier(None)
        how = "first award"
        made = 0
        while made < budget and start <= HORIZON:
            precision = rng.choices(_PRECISIONS, cum_weights=_PRECISION_CUM)[0]
            years = rng.choice((1, 2, 3, 3, 4, 5, 5, 7))
            end: date | None = start + timedelta(days=365 * years + rng.randrange(-40, 40))
            start, end = _snap(start, end, precision)
            assert end is not None
            if end > HORIZON and rng.random() < 0.5:
                end = None  # still running, no end date published
            suppliers: tuple[str, ...] = (supplier,)
            if supplier != IN_HOUSE_NAME and rng.random() < 0.06:
                partner = self._pick_supplier(supplier)
                suppliers = (supplier, partner)  # a joint venture or consortium
            yield suppliers, start, end, precision, how
            made += 1
            if end is None:
                return
            if supplier not in self.former:
                self.former.append(supplier)
            roll = rng.random()
            if roll < 0.30:  # renewal with the same supplier, touching
                start, how = end + _DAY, "renewal"
            elif roll < 0.55:  # new supplier, overlapping hand-over of 1-6 months
                supplier = self._pick_supplier(supplier)
                start, how = end - timedelta(days=rng.randrange(30, 180)), "transition (overlap)"
            elif roll < 0.68:  # a gap of 2-18 months before the next award
                supplier = self._pick_supplier(supplier)
                start, how = end + timedelta(days=rng.randrange(60, 540)), "after a gap"
            elif roll < 0.78 and supplier != IN_HOUSE_NAME:  # brought in-house
                supplier, start, how = IN_HOUSE_NAME, end + _DAY, "brought in-house"
            elif roll < 0.90 and len(self.former) > 1:  # back to a former supplier
                supplier = rng.choice([s for s in self.former if s != supplier] or self.former)
                start, how = end + _DAY, "return to a former supplier"
            else:  # re-tendered, won by someone new, touching
                supplier = self._pick_supplier(supplier)
                start, how = end + _DAY, "re-tender"
            if start.year < FIRST_YEAR:
                start = date(FIRST_YEAR, 1, 1)


def _tower_bundle(rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.15:  # a multi-tower outsourcing deal
        return tuple(sorted(rng.sample(_TOWER_NAMES, rng.randint(2, 4)), key=_TOWER_NAMES.index))
    return (rng.choice(_TOWER_NAMES),)


def _buyer_contracts(rng: random.Random, world: _World, buyer: Organisation, budget: int) -> Iterator[Contract]:
    """Exactly ``budget`` contracts for one buyer, lane by lane."""
    made = 0
    lane_no = 0
    while made < budget:
        towers = _tower_bundle(rng) if lane_no >= len(_TOWER_NAMES) else (_TOWER_NAMES[lane_no],)
        lane = _Lane(rng, world, buyer, towers)
        for suppliers, start, end, precision, how in lane.contracts(budget - made):
            value = "" if rng.random() < 0.1 else str(int(rng.lognormvariate(14.0, 1.5)))
            shown_towers = tuple(rng.choice(_TOWER_ALIASES[t]) for t in towers)
            named = tuple(world.named_on(s, start) for s in suppliers)
            shown_suppliers = tuple(f"{s} Ltd" if s != IN_HOUSE_NAME and rng.random() < 0.1 else s for s in named)
            end_text = _precision_text(end, precision) if end is not None else ""
            status = "active" if end is None or end >= HORIZON else "complete"
            yield Contract(
                buyer=buyer.name,
                suppliers=shown_suppliers,
                towers=shown_towers,
                start=_precision_text(start, precision),
                end=end_text,
                value=value,
                title=f"{' and '.join(towers)} contract ({how})",
                status=status,
                notes="",
            )
            made += 1
        lane_no += 1


def generate(contracts: int, seed: int, out_dir: Path) -> tuple[Path, Path]:
    """Write ``contracts.csv``, ``organisations.csv`` and ``lineage.csv`` into ``out_dir``; return the first two's paths."""
    if contracts < 1:
        raise ValueError("the number of contracts must be at least 1")
    rng = random.Random(seed)
    world = _World(contracts, rng, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    orgs_path = out_dir / "organisations.csv"
    contracts_path = out_dir / "contracts.csv"
    write_organisations(orgs_path, world.organisations())
    write_lineage(out_dir / "lineage.csv", world.lineage)
    number = 0
    with contracts_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CONTRACT_COLUMNS)
        for buyer, budget in zip(world.buyers, world.buyer_budgets):
            for row in _buyer_contracts(rng, world, buyer, budget):
                number += 1
                writer.writerow(row.cells(f"SYN-{seed}-{number:08d}"))
    assert number == contracts, (number, contracts)
    return contracts_path, orgs_path


def contract_cells(
    contract_id: str,
    buyer: str,
    suppliers: tuple[str, ...],
    towers: tuple[str, ...],
    start: str,
    end: str,
    value: str,
    title: str,
) -> list[str]:
    """The first cells of a generated deal-history row (:data:`CONTRACT_COLUMNS` up to ``source_title``)."""
    return [
        contract_id,
        buyer,
        ";".join(suppliers),
        ";".join(towers),
        start,
        end,
        value,
        "GBP" if value else "",
        title,
        f"https://notices.synthetic.invalid/{contract_id}",
        f"Synthetic notice {contract_id}",
    ]


def write_organisations(path: Path, organisations: Iterable[Organisation]) -> None:
    """organisations.csv: each organisation with its aliases and role."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(ORGANISATION_COLUMNS)
        for org in organisations:
            writer.writerow([org.name, ";".join(org.aliases), org.role, "", ""])


def write_lineage(path: Path, events: Iterable[LineageEvent]) -> None:
    """lineage.csv: renames, mergers and acquisitions."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(LINEAGE_COLUMNS)
        for event in events:
            writer.writerow(event.cells())
