"""``load --bulk``: Neo4j's offline importer builds the same graph as ``load``, node by node and edge by edge.

``load`` runs on the tests' shared Neo4j; the bulk import needs a server it can
stop, so it runs on a private local one (one for the module, emptied before each
import). Both graphs are dumped whole: every node with its labels and properties,
every relationship with its type, properties and its ends' keys. Only what is
stamped with the time it was written differs, and is left out of the comparison:
``recorded_at`` on contracts (one import time against each batch's transaction
time; checked present on both) and ``derived_at`` on tenures, engagements and
SUCCEEDS. Both derive the tenure and succession layers as their last step.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from supplygraph.graph import local_neo4j
from supplygraph.graph.config import Settings
from supplygraph.graph.db import Graph, connect
from supplygraph.graph.errors import DatabaseNotEmptyError
from supplygraph.graph.organisations import OrgIndex
from supplygraph.loaders import load_paths
from supplygraph.loaders.bulk import bulk_load
from supplygraph.loaders.bulk_files import write_import_files
from supplygraph.loaders.detect import expand
from supplygraph.loaders.plan import Plan, check
from supplygraph.loaders.synthetic import generate
from tests.helpers import CONTRACT_HEADER, DATA, OCDS_DATA, SAMPLE, counts, run_cli, wipe

STAMPS = ("recorded_at", "derived_at")

PUBLISHED = [
    OCDS_DATA / "met-capgemini-2021.json",
    OCDS_DATA / "linked-contracts.json",
    OCDS_DATA / "open-tenders.json",
    OCDS_DATA / "cancelled-award.json",
    OCDS_DATA / "fallback-periods.json",
    OCDS_DATA / "fictional-example-1.1",
    OCDS_DATA / "mixed.jsonl",
    DATA / "contracts_finder" / "met-networks.csv",
    DATA / "contracts_finder" / "real" / "awarded-2020-09.csv",
]
"""An OCDS slice (releases, a record, JSON lines) and Contracts Finder exports, one with multi-line descriptions."""


@pytest.fixture(scope="module")
def private() -> Iterator[Settings]:
    """A local Neo4j of this module's own, which the bulk import may stop and start."""
    data_dir = Path(tempfile.mkdtemp(prefix="supplygraph-test-bulk-"))
    try:
        yield Settings(uri=None, database=None, local_dir=data_dir)
    finally:
        local_neo4j.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def bulk_dump(cfg: Settings, paths: list[Path], folder: Path) -> tuple[list[str], dict[str, int]]:
    with connect(cfg, autostart=True) as graph:
        wipe(graph)
    report = bulk_load(paths, folder=folder, cfg=cfg)
    assert report.command is None and report.importer_peak_rss_mb
    with connect(cfg, autostart=True) as graph:
        return dump(graph), kinds(graph)


def load_dump(graph: Graph, paths: list[Path]) -> tuple[list[str], dict[str, int]]:
    load_paths(graph, paths)
    return dump(graph), kinds(graph)


def dump(graph: Graph) -> list[str]:
    """Every node (labels, properties) and relationship (type, properties, both ends' labels and keys), sorted.

    The graph's version (a GraphVersion node every write changes) is bookkeeping, not a fact: left out.
    """
    nodes = graph.read(
        "MATCH (n) WHERE NOT n:GraphVersion RETURN labels(n) AS labels, properties(n) AS props, "
        "n.recorded_at IS NOT NULL AS stamped, n:Contract AS contract"
    )
    assert all(n["stamped"] for n in nodes if n["contract"]), "every contract has recorded_at"
    rels = graph.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
        "[labels(a), coalesce(a.id, a.key)] AS start, [labels(b), coalesce(b.id, b.key)] AS end"
    )
    lines = []
    for item in nodes + rels:
        item.pop("stamped", None)
        item.pop("contract", None)
        item["props"] = {k: v for k, v in item["props"].items() if k not in STAMPS}
        for end in ("start", "end"):
            if end in item:
                item[end][0] = sorted(item[end][0])
        if "labels" in item:
            item["labels"] = sorted(item["labels"])
        lines.append(json.dumps(item, sort_keys=True, default=repr))
    return sorted(lines)


def kinds(graph: Graph) -> dict[str, int]:
    """How many of each label and relationship type: what the comparison covered."""
    found: Counter[str] = Counter()
    for r in graph.read("MATCH (n) WHERE NOT n:GraphVersion UNWIND labels(n) AS l RETURN l, count(*) AS c"):
        found[r["l"]] += r["c"]
    for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c"):
        found[r["t"]] += r["c"]
    return dict(found)


def assert_same(loaded: list[str], bulked: list[str]) -> None:
    only_load = sorted((Counter(loaded) - Counter(bulked)).elements())
    only_bulk = sorted((Counter(bulked) - Counter(loaded)).elements())
    assert (only_load, only_bulk) == ([], []), "\n".join(
        ["only in load:", *only_load[:20], "only in bulk:", *only_bulk[:20]]
    )


def test_bulk_import_of_the_sample_and_published_notices_builds_the_graph_load_builds(graph, private, tmp_path):
    paths = [SAMPLE, *PUBLISHED]
    loaded, loaded_kinds = load_dump(graph, paths)
    bulked, bulk_kinds = bulk_dump(private, paths, tmp_path / "import")
    assert_same(loaded, bulked)
    assert bulk_kinds == loaded_kinds
    # the comparison covered every kind of node and link a load writes and derives
    for kind in ("Contract", "Source", "Buyer", "Supplier", "Alias", "Tenure", "Engagement", "SUCCEEDS", "COVERS"):
        assert bulk_kinds.get(kind, 0) > 0, kind
    assert bulk_kinds["Contract"] == 11 + 20  # the sample's 11 contracts and the notices' 20
    assert (tmp_path / "import" / "contracts.csv").is_file()  # a folder given is kept


def test_bulk_import_of_a_generated_deal_history_with_lineage_builds_the_graph_load_builds(graph, private, tmp_path):
    generate(400, 11, tmp_path / "generated")
    paths = [tmp_path / "generated"]
    loaded, loaded_kinds = load_dump(graph, paths)
    bulked, bulk_kinds = bulk_dump(private, paths, tmp_path / "import")
    assert_same(loaded, bulked)
    assert bulk_kinds == loaded_kinds
    assert bulk_kinds["Contract"] == 400 and bulk_kinds["BECAME"] > 0


def test_bulk_import_refuses_a_database_with_a_graph_and_changes_nothing(sample_graph, neo4j_settings):
    before = counts(sample_graph)
    with pytest.raises(DatabaseNotEmptyError) as refused:
        bulk_load([SAMPLE], cfg=neo4j_settings)
    assert "11 Contract" in str(refused.value) and "supplygraph load" in str(refused.value)
    assert counts(sample_graph) == before
    answer = run_cli("load", "--bulk", str(SAMPLE))
    assert answer.returncode == 1
    assert "bulk import builds a new database" in answer.stderr


def test_bulk_import_against_a_remote_server_writes_the_files_and_the_command_to_run_there(
    graph, neo4j_settings, tmp_path
):
    remote = Settings(uri=graph.uri, database=None, local_dir=neo4j_settings.local_dir)
    report = bulk_load([SAMPLE], folder=tmp_path / "for-server", cfg=remote)
    assert counts(graph) == (5 + 32, 32)  # nothing imported: only the canonical towers and their names
    assert report.command is not None and report.command.startswith("cd for-server && neo4j-admin database import full")
    assert "--nodes=Contract=contracts.csv" in report.command
    assert "--relationships=AWARDED_TO=awarded_to.csv" in report.command
    assert "--report-file=import.report" in report.command  # in the folder, not where the command runs
    assert (tmp_path / "for-server" / "contracts.csv").read_text().count("\n") == 1 + 11
    # the step after the import, from here, takes only a folder `load --bulk` wrote
    refused = run_cli("load", "--after-import", str(tmp_path))
    assert refused.returncode == 1 and "after-import.json" in refused.stderr


def test_a_source_cited_with_other_facts_later_keeps_the_last_as_load_does(tmp_path):
    # no Neo4j: the import files alone. load's SET src.title = ... leaves the last row's title (one batch, in order)
    contracts = tmp_path / "contracts.csv"
    contracts.write_text(
        CONTRACT_HEADER.rstrip("\n") + ",source_title\n"
        'a-1,Met Police,Atos,hosting,2015,2018,,,"Hosting, first",https://example.org/n,"Notice ""one""\nwith a line"\n'
        "a-2,Met Police,Atos,networks,2016,2019,,,Networks,https://example.org/other,Other\n"
        "a-3,Met Police,Fujitsu,networks,2019,2021,,,Networks,https://example.org/n,Notice two\n"
    )
    plan = Plan(OrgIndex())
    check(plan, expand([contracts]), "auto")
    files = write_import_files(plan, tmp_path / "import")
    plan.close()
    rows = list(csv.reader((tmp_path / "import" / "sources.csv").open(encoding="utf-8", newline="")))
    assert [r[:3] for r in rows[1:]] == [
        ["https://example.org/other", "https://example.org/other", "Other"],
        ["https://example.org/n", "https://example.org/n", "Notice two"],
    ]
    assert files.contracts == 3
