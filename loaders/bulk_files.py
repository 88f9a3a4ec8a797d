"""Neo4j import files for an empty graph: what the write pass would write, as node and relationship CSV.

:func:`write_import_files` replays a checked :class:`~supplygraph.loaders.plan.Plan` the
way :mod:`supplygraph.loaders.write` writes it into a graph with no contracts, statement
by statement (organisations, OCDS parties, new names, contract rows through
``WRITE_NEW_CONTRACTS``, OCDS winners through ``WRITE_CONTRACTS``, retired contracts,
lineage), and writes the result as CSV for ``neo4j-admin database import full``:
the same labels, properties (typed: dates, datetimes, doubles, booleans, string
arrays) and relationships. Organisations, aliases and sources are held (thousands;
a source is held as a hash of its facts), contract rows are streamed from the files.
The canonical towers and their alias keys are in the files too, so the schema step
afterwards changes no data.

Everything a load stamps with its transaction time (``recorded_at``) gets one import time.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self, TextIO

from supplygraph.graph.names import text_key
from supplygraph.graph.towers import TOWERS
from supplygraph.loaders.plan import Plan
from supplygraph.loaders.planned import csv_batches, ocds_batches
from supplygraph.loaders.write import Progress

log = logging.getLogger(__name__)

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator: no name, code or evidence line contains it
ARRAY_DELIMITER_OPTION = "U+001F"
AFTER_IMPORT = "after-import.json"
"""The lists neo4j-admin cannot write (an empty array is no property there), set by the step after the import."""

#: contract properties as the write pass sets them (``row.props``), with their import types
CONTRACT_PROPS: tuple[tuple[str, str], ...] = (
    ("title", "string"),
    ("value", "double"),
    ("currency", "string"),
    ("status", "string"),
    ("holds", "boolean"),
    ("programme", "string"),
    ("description", "string"),
    ("notes", "string"),
    ("start", "date"),
    ("start_precision", "string"),
    ("start_text", "string"),
    ("end", "date"),
    ("end_precision", "string"),
    ("end_text", "string"),
    ("ocid", "string"),
    ("release_id", "string"),
    ("max_extent", "date"),
    ("max_extent_text", "string"),
    ("cpv_codes", "string[]"),
    ("source_ref", "string"),
    ("source_ref_key", "string"),
    ("service_class", "string"),
    ("tower_confidence", "double"),
    ("tower_evidence", "string[]"),
    ("publisher", "string"),
    ("notice_year", "long"),
)
_CONTRACT_PROP_NAMES = frozenset(name for name, _ in CONTRACT_PROPS)
SOURCE_PROPS: tuple[tuple[str, str], ...] = (
    ("url", "string"),
    ("title", "string"),
    ("published", "date"),
    ("published_precision", "string"),
)
ORGANISATION_PROPS: tuple[tuple[str, str], ...] = (
    ("name", "string"),
    ("aliases", "string[]"),
    ("identifiers", "string[]"),
    ("in_house", "boolean"),
    ("postcodes", "string[]"),
)


@dataclass
class ImportFiles:
    """The files written, in the order neo4j-admin takes them, and what the steps after the import need."""

    folder: Path
    nodes: list[tuple[str, Path]] = field(default_factory=list)  # (label, file); "" when the file has :LABEL
    relationships: list[tuple[str, Path]] = field(default_factory=list)  # (type, file)
    multiline: list[Path] = field(default_factory=list)  # files with a value that spans lines
    empty_lists: list[tuple[str, str, str]] = field(default_factory=list)  # (label, property, id) set to []
    recorded_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    contracts: int = 0
    organisations: int = 0
    coverage: list[dict[str, object]] = field(default_factory=list)  # Coverage.params(): written after the import

    def save_after_import(self) -> None:
        """What the steps after the import need, in the folder (they may run on another machine)."""
        after = {
            "recorded_at": self.recorded_at.isoformat(),
            "empty_lists": self.empty_lists,
            "coverage": self.coverage,
        }
        (self.folder / AFTER_IMPORT).write_text(json.dumps(after, indent=1) + "\n", encoding="utf-8")

    def arguments(self, database: str, relative: bool = False) -> list[str]:
        """``neo4j-admin database import full`` arguments; ``relative``: file names relative to the folder."""

        def name(path: Path) -> str:
            return path.name if relative else str(path)

        args = [
            "database",
            "import",
            "full",
            database,
            "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
            f"--report-file={name(self.folder / 'import.report')}",  # bad entries, if any (not the working directory)
            *(f"--nodes={label + '=' if label else ''}{name(p)}" for label, p in self.nodes),
            *(f"--relationships={kind}={name(p)}" for kind, p in self.relationships),
        ]
        if self.multiline:
            args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(name(p) for p in self.multiline)]
        return args


def write_import_files(plan: Plan, folder: Path, progress: Progress | None = None) -> ImportFiles:
    """Write the import files for what ``plan`` (checked) would write into an empty graph."""
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(folder)
    recorded_at = files.recorded_at
    orgs = _Organisations()
    orgs.write(plan.org_params)
    orgs.write_parties(plan.party_params())
    orgs.write(list(plan.new_orgs.values()))
    retired = set(plan.winners.retired()) if plan.ocds_files else set()
    towers_used: set[str] = set()
    with (
        _Csv(files, "contracts.csv", "id:ID(Contract)", [("recorded_at", "datetime"), *CONTRACT_PROPS]) as contracts,
        _Sources(files) as sources,
        _Csv(files, "awarded.csv", ":START_ID(Organisation)", [("as_named", "string")], ":END_ID(Contract)") as awd,
        _Csv(
            files, "awarded_to.csv", ":START_ID(Contract)", [("as_named", "string")], ":END_ID(Organisation)"
        ) as awarded_to,
        _Csv(files, "covers.csv", ":START_ID(Contract)", [], ":END_ID(ServiceTower)") as covers,
        _Csv(files, "sourced_from.csv", ":START_ID(Contract)", [], ":END_ID(Source)") as sourced_from,
    ):

        def contract(param: dict[str, Any], merged: bool) -> None:
            """WRITE_NEW_CONTRACTS (``merged`` False: links created per entry) or WRITE_CONTRACTS on a new id."""
            orgs.contract(param)
            if param["id"] in retired:  # a later OCDS release retired it: deleted with its links
                return
            sources.cite(param["source"])
            props = param["props"]
            if props.keys() != _CONTRACT_PROP_NAMES:  # the write pass sets a property these files do not have
                raise RuntimeError(f"contract properties changed: {sorted(props.keys() ^ _CONTRACT_PROP_NAMES)}")
            contracts.row(param["id"], [recorded_at, *(props[k] for k, _ in CONTRACT_PROPS)])
            awd.row(param["buyer_id"], [param["buyer_name"]], param["id"])
            sourced_from.row(param["id"], [], param["source"]["id"])
            suppliers = {s["id"]: s for s in param["suppliers"]} if merged else None
            for s in suppliers.values() if suppliers is not None else param["suppliers"]:
                awarded_to.row(param["id"], [s["as_named"]], s["id"])
            for tower in dict.fromkeys(param["towers"]) if merged else param["towers"]:
                towers_used.add(tower)
                covers.row(param["id"], [], tower)
            files.contracts += 1

        for batch in csv_batches(plan):
            for param in batch.params:
                contract(param, False)
            if progress:
                progress(batch.file, batch.rows, batch.total)
        for batch in ocds_batches(plan):
            for param in batch.params:
                contract(param, True)
            if progress:
                progress(batch.file, batch.rows, batch.total)
    sources.finish()
    lineage: dict[tuple[str, str, str], dict[str, Any]] = {}
    for edge in plan.lineage:  # MATCH both ends, MERGE on kind, SET the date: the last row wins
        if edge["from_id"] in orgs.props and edge["to_id"] in orgs.props:
            lineage[(edge["from_id"], edge["to_id"], edge["kind"])] = edge
    with _Csv(
        files,
        "became.csv",
        ":START_ID(Organisation)",
        [("kind", "string"), ("date", "date"), ("date_precision", "string"), ("date_text", "string")],
        ":END_ID(Organisation)",
    ) as became:
        for (a, b, kind), edge in lineage.items():
            became.row(a, [kind, edge["date"], edge["date_precision"], edge["date_text"]], b)
    files.organisations = len(orgs.props)
    orgs.write_files(files, towers_used)
    files.coverage = plan.coverage.params()
    files.save_after_import()
    files.nodes = [(label, folder / name) for label, name in _NODE_FILES]
    files.relationships = [(kind, folder / name) for kind, name in _RELATIONSHIP_FILES]
    log.info("import files for %d contracts and %d organisations in %s", files.contracts, files.organisations, folder)
    return files


_NODE_FILES = (
    ("", "organisations.csv"),
    ("ServiceTower", "towers.csv"),
    ("", "aliases.csv"),
    ("Contract", "contracts.csv"),
    ("Source", "sources.csv"),
)
_RELATIONSHIP_FILES = (
    ("ALIAS_OF", "alias_of.csv"),
    ("ALIAS_OF", "alias_of_tower.csv"),
    ("AWARDED", "awarded.csv"),
    ("AWARDED_TO", "awarded_to.csv"),
    ("COVERS", "covers.csv"),
    ("SOURCED_FROM", "sourced_from.csv"),
    ("BECAME", "became.csv"),
)


class _Organisations:
    """Organisation nodes, their labels and alias keys, as the write pass's statements leave them."""

    def __init__(self) -> None:
        self.props: dict[str, dict[str, Any]] = {}
        self.labels: dict[str, set[str]] = {}
        self.alias_of: set[tuple[str, str]] = set()

    def _node(self, org_id: str, name: str | None, in_house: bool) -> dict[str, Any]:
        """MERGE (o:Organisation {id}) ON CREATE SET name, aliases [], identifiers [], in_house."""
        node = self.props.get(org_id)
        if node is None:
            node = self.props[org_id] = {"name": name, "aliases": [], "identifiers": [], "in_house": in_house}
            self.labels[org_id] = set()
        return node

    def write(self, rows: list[dict[str, Any]]) -> None:
        """WRITE_ORGANISATIONS: names, aliases and identifiers set, roles added, alias keys merged."""
        for row in rows:
            node = self._node(row["id"], row["name"], row["in_house"])
            node.update(
                name=row["name"],
                aliases=list(row["aliases"]),
                identifiers=list(row["identifiers"]),
                in_house=row["in_house"],
            )
            self._roles(row)

    def write_parties(self, rows: list[dict[str, Any]]) -> None:
        """WRITE_PARTIES: names, identifiers and postcodes added to what the organisation has, sorted."""
        for row in rows:
            node = self._node(row["id"], row["name"], False)
            node["identifiers"] = sorted(set(node.get("identifiers") or []) | set(row["identifiers"]))
            names = [n for n in row["names"] if n != node["name"]]
            node["aliases"] = sorted(set(node.get("aliases") or []) | set(names))
            node["postcodes"] = sorted(set(node.get("postcodes") or []) | set(row["postcodes"]))
            self._roles(row)

    def _roles(self, row: dict[str, Any]) -> None:
        if row["buyer"]:
            self.labels[row["id"]].add("Buyer")
        if row["supplier"]:
            self.labels[row["id"]].add("Supplier")
        self.alias_of.update((key, row["id"]) for key in row["keys"])

    def contract(self, param: dict[str, Any]) -> None:
        """A contract's buyer becomes a Buyer, its suppliers Suppliers (created by name if new)."""
        self._node(param["buyer_id"], param["buyer_name"], False)
        self.labels[param["buyer_id"]].add("Buyer")
        for s in param["suppliers"]:
            self._node(s["id"], s["name"], s["in_house"])
            self.labels[s["id"]].add("Supplier")

    def write_files(self, files: ImportFiles, towers_used: set[str]) -> None:
        """organisations, towers, aliases and their ALIAS_OF links; the empty lists go to ``files.empty_lists``."""
        empty: dict[str, list[str]] = {name: [] for name, kind in ORGANISATION_PROPS if kind == "string[]"}
        with _Csv(files, "organisations.csv", "id:ID(Organisation)", [(":LABEL", ""), *ORGANISATION_PROPS]) as out:
            for org_id, node in self.props.items():
                labels = ARRAY_DELIMITER.join(["Organisation", *sorted(self.labels[org_id])])
                out.row(org_id, [labels, *(node.get(k) for k, _ in ORGANISATION_PROPS)])
                for name, ids in empty.items():
                    if node.get(name) == []:
                        ids.append(org_id)
        tower_keys: set[tuple[str, str]] = set()
        with _Csv(files, "towers.csv", "id:ID(ServiceTower)", [("name", "string"), ("aliases", "string[]")]) as out:
            for tower in TOWERS:  # as graph.schema.ensure_schema writes them
                out.row(tower.id, [tower.name, list(tower.aliases)])
                if not tower.aliases:
                    files.empty_lists.append(("ServiceTower", "aliases", tower.id))
                tower_keys.update((text_key(x), tower.id) for x in (tower.id, tower.name, *tower.aliases))
            for tower_id in sorted(towers_used - {t.id for t in TOWERS}):
                out.row(tower_id, [None, None])
        keys = {k for k, _ in self.alias_of} | {k for k, _ in tower_keys}
        with _Csv(files, "aliases.csv", "key:ID(Alias)", [(":LABEL", "")]) as out:
            for key in sorted(keys):
                out.row(key, ["Alias"])
        with _Csv(files, "alias_of.csv", ":START_ID(Alias)", [], ":END_ID(Organisation)") as out:
            for key, org_id in sorted(self.alias_of):
                out.row(key, [], org_id)
        with _Csv(files, "alias_of_tower.csv", ":START_ID(Alias)", [], ":END_ID(ServiceTower)") as out:
            for key, tower_id in sorted(tower_keys):
                out.row(key, [], tower_id)
        files.empty_lists += [("Organisation", name, org_id) for name, ids in empty.items() for org_id in ids]


class _Csv:
    """One import file: a typed header, then rows of Python values written as neo4j-admin reads them.

    ``None`` is an empty field (no property); a string is always quoted, so ``""`` is the empty string.
    """

    def __init__(
        self, files: ImportFiles, name: str, first: str, columns: list[tuple[str, str]], last: str | None = None
    ) -> None:
        self.files = files
        self.path = files.folder / name
        self.types = [kind for _, kind in columns]
        header = [first, *(name if name.startswith(":") else f"{name}:{kind}" for name, kind in columns)]
        if last:
            header.append(last)
        self._fh: TextIO = self.path.open("w", encoding="utf-8", newline="")
        self._fh.write(",".join(header) + "\n")
        self.multiline = False

    def row(self, first: str, values: list[Any], last: str | None = None) -> None:
        cells = [self._text(first)]
        cells += [self._cell(v, kind) for v, kind in zip(values, self.types)]
        if last is not None:
            cells.append(self._text(last))
        self._fh.write(",".join(cells) + "\n")

    def _cell(self, value: Any, kind: str) -> str:
        if value is None:
            return ""
        if kind == "boolean":
            return "true" if value else "false"
        if kind == "double":
            return repr(float(value))
        if kind == "long":
            return str(int(value))
        if kind in ("date", "datetime"):
            return _temporal(value)
        if kind == "string[]":
            return self._text(ARRAY_DELIMITER.join(value)) if value else ""
        return self._text(str(value))

    def _text(self, value: str) -> str:
        if "\n" in value or "\r" in value:
            self.multiline = True
        return '"' + value.replace('"', '""') + '"'

    def close(self) -> None:
        self._fh.close()
        if self.multiline and self.path not in self.files.multiline:
            self.files.multiline.append(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Sources(_Csv):
    """Source nodes: one row per id, with the facts the last contract citing it gave (``SET src.url = ...``).

    Held as a hash of the facts per id; the rare source whose facts change is rewritten at :meth:`finish`.
    """

    def __init__(self, files: ImportFiles) -> None:
        super().__init__(files, "sources.csv", "id:ID(Source)", list(SOURCE_PROPS))
        self._facts: dict[str, int] = {}
        self._changed: dict[str, list[Any]] = {}

    def cite(self, source: dict[str, Any]) -> None:
        values = [source[k] for k, _ in SOURCE_PROPS]
        digest = hash(tuple(values))
        known = self._facts.get(source["id"])
        if known is None:
            self._facts[source["id"]] = digest
            self.row(source["id"], values)
        elif known != digest or source["id"] in self._changed:
            self._changed[source["id"]] = values

    def finish(self) -> None:
        """Rewrite the rows of sources a later contract gave other facts (kept as written, byte for byte)."""
        if not self._changed:
            return
        text = self.path.read_text(encoding="utf-8")
        header, _, body = text.partition("\n")
        changed = {self._text(source_id) for source_id in self._changed}
        with self.path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(header + "\n")
            for match in _RECORD.finditer(body):
                if match.group(1) not in changed:
                    fh.write(match.group(0))
            self._fh = fh
            for source_id, values in self._changed.items():
                self.row(source_id, values)
        log.info("%d sources were cited with different facts: the last citation's kept", len(self._changed))


_FIELD = r'(?:"(?:[^"]|"")*"|[^,\n"]*)'
_RECORD = re.compile(rf"({_FIELD})(?:,{_FIELD})*\n")
"""One record of an import file as :class:`_Csv` writes it (group 1: the quoted id)."""


def _temporal(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


__all__ = ["AFTER_IMPORT", "ARRAY_DELIMITER", "ImportFiles", "write_import_files"]
