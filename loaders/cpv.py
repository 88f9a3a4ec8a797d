"""CPV codes to service towers, by the table in ``cpv_towers.csv``.

Procurement notices classify what is bought with Common Procurement Vocabulary
(CPV) codes, not with our towers. The table maps a CPV code *prefix* to a
canonical tower; a code takes the tower of its longest matching prefix, after
its check digit (``72500000-0`` -> ``72500000``) and trailing zeros (the
levels it leaves unspecified: ``72500000`` -> ``725``) are stripped. So a
specific code inherits its group's tower unless the table says otherwise.

How the table was decided (each row's ``why`` says it for that row):

- A tower is a *running service* a supplier operates for the buyer. Codes for
  advice, audits, testing services bought alone, data projects or clerical work
  name no tower. A row with an empty tower says so explicitly and stops a code
  from inheriting its parent's tower (``72220000`` consultancy under ``722``
  software).
- Codes too broad to say which service (division ``72000000`` "IT services",
  group ``72250000`` "system and support services") name no tower: guessing
  would make a supplier the holder of towers it never ran. Their specific
  sub-codes decide instead.
- Hosting is what runs in the data centre: data services and processing
  (``723``), servers (``4882``, ``488``), mainframes (``30211``), facilities
  management of computer rooms (``72514``), back-up, archiving, disaster
  recovery, web hosting.
- End user services are the users' desktop estate and the service desk:
  computer equipment (``302``), PCs and workstations, helpdesk (``72253``),
  computer support (``726``), repair of PCs and office machines.
- Networks are equipment (``324``, ``325``), telecommunications services
  (``642``), internet and network services (``724``, ``727``), telecoms
  maintenance.
- Service integration is the general managed-service code ``725`` "computer-
  related services", its management services ``7251`` (SIAM), and ``72222300``
  "information technology services", the catch-all that multi-tower contracts
  use for the integrator's lot.
- Application services are software: packages (``48``), programming and
  development (``722``, ``7223``, ``7224``), software-related services
  (``7226``), testing.

A contract whose codes map to no tower is still loaded, with its codes, and
covers no tower.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from supplygraph.graph.errors import CpvCodeError, UnknownTowerError
from supplygraph.graph.towers import TOWERS, canonical_tower

TABLE = Path(__file__).with_name("cpv_towers.csv")
_CODE = re.compile(r"^(\d{8})(?:\.0)?(?:-\d)?$")


@dataclass(frozen=True)
class CpvRule:
    prefix: str  # the code with trailing zeros stripped
    tower: str | None  # canonical tower id, None = explicitly no tower
    why: str


def normalise(code: str) -> str:
    """The eight-digit code: ``72500000-0`` -> ``72500000``.

    Accepts the check digit and the ``.0`` that spreadsheets append; anything
    else is an error, not a silent miss.
    """
    match = _CODE.match(str(code).strip())
    if not match:
        raise CpvCodeError(f"{code!r} is not a CPV code (eight digits, optionally -N)")
    return match[1]


def prefix_of(code: str) -> str:
    """The significant digits: ``72500000`` -> ``725``."""
    return normalise(code).rstrip("0") or "0"


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> dict[str, CpvRule]:
    """Prefix -> rule, checked: every tower canonical, every prefix once."""
    rules: dict[str, CpvRule] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["cpv", "tower", "why"]:
            raise ValueError(f"{path}: the header must be cpv,tower,why, not {reader.fieldnames}")
        for line, row in enumerate(reader, start=2):
            prefix = prefix_of(row["cpv"])
            if prefix in rules:
                raise ValueError(f"{path} line {line}: {row['cpv']} appears twice")
            tower = row["tower"].strip() or None
            if tower is not None:
                try:
                    tower = canonical_tower(tower).id
                except UnknownTowerError as exc:
                    raise ValueError(f"{path} line {line}: {exc}") from None
            if not row["why"].strip():
                raise ValueError(f"{path} line {line}: every row says why")
            rules[prefix] = CpvRule(prefix, tower, row["why"].strip())
    return rules


def rule_for(code: str, table: dict[str, CpvRule] | None = None) -> CpvRule | None:
    """The rule of the longest prefix the code starts with, or None."""
    rules = load_table() if table is None else table
    digits = prefix_of(code)
    for end in range(len(digits), 0, -1):
        rule = rules.get(digits[:end])
        if rule is not None:
            return rule
    return None


def towers_for(codes: Iterable[str], table: dict[str, CpvRule] | None = None) -> tuple[str, ...]:
    """Canonical tower ids for these codes, in the taxonomy's order, each once."""
    found = set()
    for code in codes:
        rule = rule_for(code, table)
        if rule is not None and rule.tower is not None:
            found.add(rule.tower)
    return tuple(t.id for t in TOWERS if t.id in found)
