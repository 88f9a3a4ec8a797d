from pathlib import Path

import pytest

from supplygraph.graph.errors import InputError
from supplygraph.loaders import expand, load_paths
from tests.helpers import SAMPLE, checksum, contract, contract_ids, counts, load_contracts, write_csv


def test_loading_the_sample_twice_changes_nothing(graph):
    load_paths(graph, [SAMPLE])
    first = counts(graph), checksum(graph)
    load_paths(graph, [SAMPLE])
    assert (counts(graph), checksum(graph)) == first
    assert first[0][0] > 0


def test_sample_has_the_mets_towers_and_lincolnshire_in_house(sample_graph):
    rows = sample_graph.read(
        "MATCH (:Buyer {id: 'metropolitan-police-service'})-[:AWARDED]->(c:Contract)-[:COVERS]->(t) "
        "MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name AS s, collect(t.name) AS towers ORDER BY s"
    )
    held = {r["s"]: sorted(r["towers"]) for r in rows}
    assert held == {
        "Accenture": ["Application Services"],
        "Atos": ["Service Integration"],
        "BT": ["Networks"],
        "Capgemini": ["End User Services", "Hosting", "Networks", "Service Integration"],
        "DXC Technology": ["End User Services", "Hosting"],
    }
    in_house = sample_graph.read(
        "MATCH (b:Buyer)-[:AWARDED]->(:Contract)-[:AWARDED_TO]->(s {id: 'in-house'}) "
        "RETURN b.name AS b, s.name AS s ORDER BY b"
    )
    assert in_house == [{"b": "Cleveland Police", "s": "In-house"}, {"b": "Lincolnshire Police", "s": "In-house"}]


def test_partial_dates_keep_their_precision(sample_graph):
    row = sample_graph.read(
        "MATCH (c:Contract {id: 'met-capgemini-primary-partner'}) "
        "RETURN toString(c.start) AS start, c.start_precision AS sp, c.start_text AS st, "
        "toString(c.end) AS end, c.end_precision AS ep"
    )[0]
    assert row == {"start": "1990-01-01", "sp": "decade", "st": "1990s", "end": "2015-12-31", "ep": "year"}


def test_pegasus_application_services_is_a_planned_process_holding_nothing(sample_graph):
    row = sample_graph.read(
        "MATCH (c:Contract {id: 'met-pegasus-application-services'}) "
        "RETURN c.status AS status, c.holds AS holds, c.programme AS programme, "
        "COUNT { (c)-[:AWARDED_TO]->() } AS suppliers"
    )[0]
    assert row == {"status": "planned", "holds": False, "programme": "Pegasus", "suppliers": 0}


def test_every_contract_cites_a_source(sample_graph):
    missing = sample_graph.read("MATCH (c:Contract) WHERE NOT (c)-[:SOURCED_FROM]->(:Source) RETURN c.id AS id")
    assert missing == []


def test_the_sample_cites_its_article_by_title_with_no_unconfirmed_address(sample_graph):
    sources = sample_graph.read(
        "MATCH (c:Contract)-[:SOURCED_FROM]->(s:Source) RETURN s.id AS id, s.url AS url, s.title AS title, "
        "count(c) AS contracts"
    )
    title = "Met Police awards £600m deal to Capgemini"
    assert sources == [{"id": f"title:{title}", "url": None, "title": title, "contracts": 11}]


def test_a_row_citing_only_a_title_loads_and_a_row_citing_nothing_is_refused(graph, tmp_path):
    header = "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url,source_title\n"
    cited = write_csv(tmp_path, "contracts.csv", header + "c1,Met,BT,networks,2021,,,,t,,Trade press report\n")
    load_paths(graph, [cited])
    assert contract(graph, "c1")["sources"] == []  # no address ...
    titles = graph.read("MATCH (:Contract {id: 'c1'})-[:SOURCED_FROM]->(s) RETURN s.id AS id, s.title AS title")
    assert titles == [{"id": "title:Trade press report", "title": "Trade press report"}]  # ... but a title
    uncited = write_csv(tmp_path, "more.csv", header + "c2,Met,BT,networks,2021,,,,t,,\n")
    with pytest.raises(
        InputError, match=r"more.csv, row 2, field 'source_url': .*source_url, or at least source_title"
    ):
        load_paths(graph, [uncited])
    assert contract_ids(graph) == ["c1"]


def test_names_and_aliases_resolve_to_one_organisation(graph, tmp_path):
    load_contracts(
        graph,
        tmp_path,
        """\
        c1,Met Police,CAPGEMINI UK PLC,networks,2021,,,,Networks,https://example.org/a
        c2,Metropolitan Police Service,Capgemini UK Ltd,hosting,2021,,,,Hosting,https://example.org/a
        """,
        organisations="name,aliases,role\nMetropolitan Police Service,Met Police,buyer\n",
    )
    orgs = graph.read("MATCH (o:Organisation) RETURN o.id AS id ORDER BY id")
    assert [o["id"] for o in orgs] == ["capgemini", "metropolitan-police-service"]


@pytest.mark.parametrize(
    "row, field, message",
    [
        ("c9,Met,BT,networks,2021-13-40,,,,t,https://x", "start", "not a real date"),
        ("c9,Met,BT,networks,2021,2020,,,t,https://x", "end", "before start"),
        ("c9,Met,BT,catering,2021,,,,t,https://x", "towers", "unknown tower 'catering'"),
        ("c9,Met,BT,networks,2021,,£600m,,t,https://x", "value", "not a number"),
        ("c9,Met,BT,networks,2021,,-5,,t,https://x", "value", "negative"),
        ("c9,Met,BT,networks,,,,,t,https://x", "start", "needs a start"),
        ("c9,,BT,networks,2021,,,,t,https://x", "buyer", "is empty"),
        ("c9,Met,BT,networks,2021,,,,t,", "source_url", "cite its source"),
        ("c1,Met,Atos,networks,2021,,,,t,https://x", "contract_id", "different facts"),
    ],
)
def test_bad_row_names_file_row_and_field_and_leaves_graph_as_it_was(graph, tmp_path, row, field, message):
    load_paths(graph, [SAMPLE])
    before = counts(graph), checksum(graph)
    good = "c1,Met,BT,networks,2021,,,,t,https://x\n"
    with pytest.raises(InputError) as err:
        load_contracts(graph, tmp_path, good + row + "\n")
    assert err.value.file.endswith("contracts.csv")
    assert err.value.row == 3  # header is row 1, the good row is row 2
    assert err.value.field == field
    assert message in str(err.value)
    assert f"row 3, field '{field}'" in str(err.value)
    assert (counts(graph), checksum(graph)) == before


def test_missing_column_is_reported_on_the_header_row(graph, tmp_path):
    path = write_csv(tmp_path, "contracts.csv", "contract_id,buyer,supplier\nc1,Met,BT\n")
    before = checksum(graph)
    with pytest.raises(InputError, match=r"row 1: missing column\(s\): towers, start, end"):
        load_paths(graph, [path])
    assert checksum(graph) == before


def test_bad_second_file_leaves_the_first_unloaded_too(graph, tmp_path):
    (tmp_path / "a").mkdir()
    good = write_csv(
        tmp_path / "a",
        "contracts.csv",
        "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url\n"
        "c1,Met,BT,networks,2021,,,,t,https://x\n",
    )
    bad = write_csv(
        tmp_path,
        "more.csv",
        "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url\n"
        "c2,Met,BT,networks,2021,2020,,,t,https://x\n",
    )
    before = checksum(graph)
    with pytest.raises(InputError, match="more.csv, row 2, field 'end'"):
        load_paths(graph, [good, bad])
    assert checksum(graph) == before


def test_a_corrected_row_moves_the_contract_to_its_new_supplier_and_towers(graph, tmp_path):
    load_contracts(graph, tmp_path / "v1", "c1,Met,BT,networks;hosting,2021,,,,t,https://x\n")
    load_contracts(graph, tmp_path / "v2", "c1,Met,Atos,networks,2021,,,,t,https://x\n")
    row = graph.read(
        "MATCH (c:Contract {id: 'c1'}) RETURN [(c)-[:AWARDED_TO]->(s) | s.id] AS s, [(c)-[:COVERS]->(t) | t.id] AS t"
    )[0]
    assert row == {"s": ["atos"], "t": ["networks"]}


def test_unknown_path_is_an_input_error():
    with pytest.raises(InputError, match="no such file"):
        expand([Path("/nonexistent/contracts.csv")])
