"""Synthetic published notices whose succession is known: the generated truth for evaluating the matcher.

``supplygraph generate --notices`` writes what a buyer's published notices look like over twenty
years: each buyer buys several unrelated services at once (IT in the towers, IT that is not a
tower such as licences, and non-IT such as cleaning), and each service is bought again and again:
renewed or extended with renewal and extension wording, re-procured under other words (a new title
and description for the same service), sometimes split into parallel lots of one tender, with open
processes for contracts about to end. Suppliers are renamed, merged and acquired mid-history
(their work carries on under the new name), and so are some buyers. Beside ``contracts.csv``,
``organisations.csv`` and ``lineage.csv`` (the format of :mod:`loaders.deal_csv`) it writes
``succession.tsv`` (tab-separated, so ``supplygraph load DIR`` leaves it alone): each notice's service and lot, and the notice it replaces (empty for the first
of its line). Every other pair is not a succession: lots of one tender, two services of one tower.
The same seed always gives the same bytes.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from supplygraph.loaders.synthetic import (
    _PLACE_HEADS,
    _PLACE_TAILS,
    CONTRACT_COLUMNS,
    LineageEvent,
    Organisation,
    _names,
    _World,
    contract_cells,
    write_lineage,
    write_organisations,
)
from supplygraph.loaders.synthetic_services import (
    EXTENSION_NOTES,
    EXTENSION_TITLES,
    RENEWAL_NOTES,
    RENEWAL_TITLES,
    REPROCUREMENT_NOTES,
    SERVICES,
    Service,
)

FIRST_DAY = date(2005, 1, 1)
TODAY = date(2025, 12, 31)  # the day the notices were collected: later contracts are active, some are open processes
NOTICE_COLUMNS = (*CONTRACT_COLUMNS, "description")
TRUTH_COLUMNS = ("contract_id", "buyer", "service", "lot", "predecessor", "kind")
#: kinds of succession in succession.tsv
KINDS = ("renewal", "extension", "reprocurement", "open-process")
#: one buyer in this many is renamed mid-history
BUYERS_PER_RENAME = 5
_RENAMED_KIND = {
    "County Council": "Council",
    "City Council": "Council",
    "Borough Council": "Council",
    "District Council": "Council",
    "Police": "Constabulary",
    "NHS Trust": "NHS Foundation Trust",
    "University": "University Trust",
    "Fire and Rescue Service": "Fire Authority",
    "Housing Authority": "Homes",
    "Combined Authority": "Mayoral Authority",
}
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Notice:
    """One generated notice and where it sits in its line of succession."""

    buyer: str
    suppliers: tuple[str, ...]
    towers: tuple[str, ...]
    start: str
    end: str
    published: date
    value: str
    title: str
    description: str
    status: str
    service: str
    lot: str
    predecessor: int | None  # the number of the notice it replaces (None for the first of its line)
    kind: str  # first, or one of KINDS

    def cells(self, contract_id: str) -> list[str]:
        return contract_cells(
            contract_id, self.buyer, self.suppliers, self.towers, self.start, self.end, self.value, self.title
        ) + [self.published.isoformat(), "", self.status, "", self.description]


def generate_notices(contracts: int, seed: int, out_dir: Path) -> tuple[Path, Path]:
    """Write contracts.csv, organisations.csv, lineage.csv and succession.tsv; return the first two's paths."""
    if contracts < 1:
        raise ValueError("the number of contracts must be at least 1")
    rng = random.Random(f"notices {seed}")
    world = _World(contracts, rng, seed)
    places = _names(rng, _PLACE_HEADS, _PLACE_TAILS, contracts // 20 + 2)
    out_dir.mkdir(parents=True, exist_ok=True)
    contracts_path, orgs_path = out_dir / "contracts.csv", out_dir / "organisations.csv"
    buyers: list[Organisation] = []
    renames: list[LineageEvent] = []
    ids: list[str] = []
    with (
        contracts_path.open("w", newline="", encoding="utf-8") as fh,
        (out_dir / "succession.tsv").open("w", newline="", encoding="utf-8") as th,
    ):
        writer, truth = csv.writer(fh, lineterminator="\n"), csv.writer(th, delimiter="\t", lineterminator="\n")
        writer.writerow(NOTICE_COLUMNS)
        truth.writerow(TRUTH_COLUMNS)
        for place in places:
            if len(ids) == contracts:
                break
            buyer, rename = _buyer(rng, place, len(buyers))
            buyers.append(buyer)
            if rename is not None:
                renames.append(rename)
                buyers.append(Organisation(rename.target, (), "buyer"))
            budget = min(rng.randint(30, 90), contracts - len(ids))
            first = len(ids)
            for notice in _buyer_notices(rng, world, buyer.name, rename, budget):
                ids.append(f"SYN-{seed}-{len(ids) + 1:08d}")
                writer.writerow(notice.cells(ids[-1]))
                earlier = "" if notice.predecessor is None else ids[first + notice.predecessor]
                truth.writerow([ids[-1], notice.buyer, notice.service, notice.lot, earlier, notice.kind])
    assert len(ids) == contracts, (len(ids), contracts)
    write_organisations(orgs_path, (*buyers, *world.suppliers, *world.renamed))
    write_lineage(out_dir / "lineage.csv", (*world.lineage, *renames))
    return contracts_path, orgs_path


def read_truth(out_dir: Path) -> list[dict[str, str]]:
    """succession.tsv as written: one row per notice, its service, lot and the notice it replaces."""
    with (out_dir / "succession.tsv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _buyer(rng: random.Random, place: str, index: int) -> tuple[Organisation, LineageEvent | None]:
    kinds = list(_RENAMED_KIND)
    kind = kinds[index % len(kinds)]
    buyer = Organisation(f"{place} {kind}", (), "buyer")
    if rng.random() >= 1 / BUYERS_PER_RENAME:
        return buyer, None
    day = date(rng.randrange(2010, 2023), rng.randrange(1, 13), 1)
    return buyer, LineageEvent(buyer.name, f"{place} {_RENAMED_KIND[kind]}", day, "renamed")


def _buyer_notices(
    rng: random.Random, world: _World, buyer: str, rename: LineageEvent | None, budget: int
) -> Iterator[Notice]:
    """Up to ``budget`` notices of one buyer, service line by service line; predecessors index this buyer's."""
    made = 0
    for service in rng.sample(SERVICES, len(SERVICES)):
        if made >= budget:
            return
        for notice in _line(rng, world, service, budget - made, made):
            name = rename.target if rename is not None and notice.published >= rename.day else buyer
            yield replace(notice, buyer=name)
            made += 1


def _line(rng: random.Random, world: _World, service: Service, budget: int, offset: int) -> Iterator[Notice]:
    """One service bought again and again, in time order: ``budget`` notices at most; ``offset`` numbers them."""
    lots = service.lots[: rng.randint(2, len(service.lots))] if service.lots and rng.random() < 0.4 else ("",)
    towers = (service.tower,) if service.tower else ()
    base = rng.choice(service.titles)
    about = rng.choice(service.descriptions)
    yearly = rng.lognormvariate(12.5, 1.0)
    start = FIRST_DAY + timedelta(days=rng.randrange(0, 365 * 8))
    holders = [_supplier(rng, world, None) for _ in lots]
    previous: list[int | None] = [None for _ in lots]
    kind, title, note = "first", base, ""
    made = 0
    while made < budget and start <= TODAY:
        years = 1 if kind == "extension" else rng.choice((2, 3, 3, 4, 5, 5, 7))
        end: date | None = start + timedelta(days=365 * years + rng.randrange(-20, 20))
        published = start - timedelta(days=rng.randrange(14, 150))
        for i, lot in enumerate(lots):
            if made >= budget:
                return
            named = world.named_on(holders[i], start)
            yield _notice(
                rng, service, towers, (named,), start, end, published, yearly * years, f"{title} {lot}".strip(),
                " ".join(x for x in (note, about.format(buyer="the authority"), _lot_note(lot)) if x),
                lot, previous[i], kind,
            )  # fmt: skip
            previous[i] = offset + made
            made += 1
        assert end is not None
        roll = rng.random()
        if end > TODAY:
            if made < budget and end <= TODAY + timedelta(days=730) and roll < 0.6:
                yield from _open_processes(rng, service, towers, lots, end, previous, base, budget - made)
            return
        if roll < 0.08:
            return  # the buyer stops buying it
        if len(lots) == 1 and kind != "extension" and roll < 0.33:
            kind, title, note = "renewal", rng.choice(RENEWAL_TITLES).format(title=base), rng.choice(RENEWAL_NOTES)
            start = end + _DAY
        elif len(lots) == 1 and kind != "extension" and roll < 0.45:
            kind, title, note = (
                "extension",
                rng.choice(EXTENSION_TITLES).format(title=base),
                rng.choice(EXTENSION_NOTES),
            )
            start = end + _DAY
        else:  # re-procured: often under other words, often won by someone else; touching, overlapping or late
            kind, note = "reprocurement", rng.choice(REPROCUREMENT_NOTES)
            if rng.random() < 0.6:
                base = rng.choice(service.titles)
                about = rng.choice(service.descriptions)
            title = base
            holders = [h if rng.random() < 0.35 else _supplier(rng, world, h) for h in holders]
            start = end + timedelta(days=rng.choice((1, 1, -rng.randrange(30, 180), rng.randrange(30, 400))))


def _open_processes(
    rng: random.Random,
    service: Service,
    towers: tuple[str, ...],
    lots: tuple[str, ...],
    end: date,
    previous: list[int | None],
    base: str,
    budget: int,
) -> Iterator[Notice]:
    """The re-procurement of contracts about to end, published in their last months, no supplier yet."""
    published = min(TODAY, end - timedelta(days=rng.randrange(90, 400)))
    title = rng.choice(service.titles)
    note = rng.choice(REPROCUREMENT_NOTES)
    about = rng.choice(service.descriptions).format(buyer="the authority")
    for i, lot in enumerate(lots[:budget]):
        text = " ".join(x for x in (note, about, _lot_note(lot)) if x)
        yield Notice(
            "", (), towers, "", "", published, "", f"{title} {lot}".strip(), text, "open", service.key, lot,
            previous[i], "open-process",
        )  # fmt: skip


def _notice(
    rng: random.Random,
    service: Service,
    towers: tuple[str, ...],
    suppliers: tuple[str, ...],
    start: date,
    end: date | None,
    published: date,
    value: float,
    title: str,
    description: str,
    lot: str,
    predecessor: int | None,
    kind: str,
) -> Notice:
    precision = rng.choices(("day", "month", "year"), cum_weights=(90, 96, 100))[0]
    if end is not None and end > TODAY and rng.random() < 0.2:
        end = None  # still running, no end published
    status = "active" if end is None or end >= TODAY else "complete"
    shown = tuple(f"{s} Ltd" if rng.random() < 0.1 else s for s in suppliers)
    return Notice(
        buyer="",
        suppliers=shown,
        towers=towers,
        start=_text(start, precision),
        end="" if end is None else _text(end, precision),
        published=published,
        value="" if rng.random() < 0.1 else str(int(value * rng.lognormvariate(0.0, 0.25))),
        title=title,
        description=description,
        status=status,
        service=service.key,
        lot=lot,
        predecessor=predecessor,
        kind=kind,
    )


def _supplier(rng: random.Random, world: _World, avoid: str | None) -> str:
    for _ in range(8):
        name = rng.choices(world.suppliers, cum_weights=world.supplier_cum_weights)[0].name
        if name != avoid:
            return name
    return name


def _lot_note(lot: str) -> str:
    return f"This lot covers {lot.split(': ', 1)[1]}." if lot else ""


def _text(day: date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
