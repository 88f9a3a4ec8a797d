"""The Contracts Finder search export against a real Neo4j: each notice in the
hand-written exports (tests/data/contracts_finder/) gives the contract, holder,
pipeline entry or error worked out by hand from its row."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from supplygraph.graph import pipeline, query_library
from supplygraph.graph.errors import InputError
from supplygraph.graph.succession import succession
from supplygraph.loaders import FORMATS, expand, load_paths
from supplygraph.loaders.rejects import RejectsFile
from tests.helpers import DATA, OCDS_DATA, SAMPLE, checksum, contract, contract_ids, counts, reset

CF_DATA = DATA / "contracts_finder"
MET = CF_DATA / "met-networks.csv"
POLICE = CF_DATA / "police-notices.csv"
SUPPLIER = "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]"

# contracts-finder/<buyer slug>/<the buyer's reference, lower case>
BT_NOTICE = "contracts-finder/metropolitan-police-service/3f0b6c2e-8a41-4d7e-9c15-2b7e5a0d4f11"
CAPGEMINI_NOTICE = "contracts-finder/metropolitan-police-service/a7c2e9d4-5b3f-4e81-8d2a-6c9f1b0e3a72"  # upper case
DESKTOP = "contracts-finder/lincolnshire-police/c41d7e02-9f6a-4b58-a3e1-0d2c8b7f5e64"
HOSTING_TENDER = "contracts-finder/cleveland-police/5e8a1f37-2c64-4d09-b7a3-91e0c6d2f8b5"
NETWORK_REFRESH = "contracts-finder/lincolnshire-police/9b2d4c6e-7a18-4f3b-8e05-c3a1d9f7b240"  # LINCOLNSHIRE POLICE
WITHDRAWN = "contracts-finder/cleveland-police/e07f3a9c-1d52-4b86-9a4e-2f6c8d0b1a37"
CLEANING = "contracts-finder/cleveland-police/2a6c9e14-8b3d-4f70-a5c2-7e1d0f9b3c68"


def read_export(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_export(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """An export as Contracts Finder writes it: BOM, every cell quoted, CRLF."""
    buf = io.StringIO()
    out = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    out.writerow(header)
    for row in rows:
        out.writerow([row.get(h, "") for h in header])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return path


def changed(tmp_path: Path, source: Path, notice: str, **cells: str) -> Path:
    """A copy of an export with some cells of one notice (by its identifier's start) changed."""
    header, rows = read_export(source)
    hits = [r for r in rows if r["Notice Identifier"].lower().startswith(notice)]
    assert len(hits) == 1
    hits[0].update(cells)
    return write_export(tmp_path / source.name, header, rows)


def spells(graph, buyer: str, tower: str) -> list[tuple]:
    return [
        (s["supplier_id"], s["contract_ids"], str(s["start"]), str(s["end"]))
        for s in succession(graph, buyer, tower).spells
    ]


# --- the Met: BT's networks in 2015, Capgemini's in 2021 ----------------------------------------


def test_met_networks_pass_from_bt_to_capgemini(graph):
    report = load_paths(graph, [MET])
    assert report.contracts == 2 and report.rows_in == report.rows_loaded == 2
    # Contract start/end win over the notice's Start/End Date (BT's notice says 30/04/2020)
    expected = [
        ("british-telecommunications", [BT_NOTICE], "2015-05-01", "2021-04-30"),
        ("capgemini", [CAPGEMINI_NOTICE], "2021-06-01", "2026-05-31"),
    ]
    assert spells(graph, "Metropolitan Police Service", "networks") == expected
    saved = query_library.run(graph, "succession", {"buyer": "metropolitan-police-service", "tower": "networks"})
    assert [(r["supplier_id"], r["contract_ids"]) for r in saved.rows] == [(s[0], s[1]) for s in expected]
    # only Capgemini's notice has hosting, end user services and service integration codes
    assert spells(graph, "Metropolitan Police Service", "hosting") == [
        ("capgemini", [CAPGEMINI_NOTICE], "2021-06-01", "2026-05-31")
    ]

    bt = contract(graph, BT_NOTICE)
    c = bt["c"]
    assert (c["status"], c["holds"], c["value"], c["currency"]) == ("active", True, 48000000.0, "GBP")
    assert c["title"] == "Wide area network services"
    assert c["description"] == (
        "Provision of the Metropolitan Police Service's wide area network.\nThe service covers\n"
        '- 800 sites, police stations and custody suites\n- the data centre interconnects, "core" and edge'
    )
    assert c["cpv_codes"] == ["72720000"]
    assert c["source_ref"] == "3f0b6c2e-8a41-4d7e-9c15-2b7e5a0d4f11"
    assert bt["sources"] == []  # the export links to no notice page: no URL is made up
    source = graph.read(
        "MATCH (:Contract {id: $id})-[:SOURCED_FROM]->(s) RETURN s.title AS title, s.published AS published",
        {"id": BT_NOTICE},
    )
    assert [(s["title"], s["published"].to_native()) for s in source] == [
        (
            "Contracts Finder: Metropolitan Police Service, notice 3f0b6c2e-8a41-4d7e-9c15-2b7e5a0d4f11: "
            "Wide area network services",
            date(2015, 4, 20),
        )
    ]
    capgemini = contract(graph, CAPGEMINI_NOTICE)
    # Awarded Value 0 (a framework) is unknown: the value is Value High
    assert (capgemini["c"]["value"], capgemini["c"]["currency"]) == (600000000.0, "GBP")
    assert capgemini["towers"] == ["end-user-services", "hosting", "networks", "service-integration"]
    orgs = graph.read("MATCH (o:Organisation) RETURN o.id AS id, o.identifiers AS ids ORDER BY id")
    assert orgs == [
        {"id": "british-telecommunications", "ids": ["GB-COH-01800000"]},
        {"id": "capgemini", "ids": ["GB-COH-00943935"]},
        {"id": "metropolitan-police-service", "ids": []},
    ]


def test_on_the_sample_the_notices_join_the_sample_and_ocds_organisations(sample_graph):
    load_paths(sample_graph, [OCDS_DATA / "met-capgemini-2021.json"])  # Capgemini gets GB-COH-00943935
    orgs_before = sample_graph.read("MATCH (o:Organisation) RETURN count(o) AS n")[0]["n"]
    report = load_paths(sample_graph, [MET])
    assert report.new_organisations == 0
    assert sample_graph.read("MATCH (o:Organisation) RETURN count(o) AS n")[0]["n"] == orgs_before
    got = [(s[0], set(s[1])) for s in spells(sample_graph, "Met Police", "networks")]
    assert got == [
        ("bt", {"met-bt-networks", BT_NOTICE}),
        ("capgemini", {"met-capgemini-infrastructure", "ocds-test-met-pegasus-infra/award-1", CAPGEMINI_NOTICE}),
    ]
    ids = sample_graph.read(
        "MATCH (o:Organisation) WHERE o.id IN ['bt', 'capgemini'] RETURN o.id AS id, o.identifiers AS ids ORDER BY id"
    )
    assert ids == [{"id": "bt", "ids": ["GB-COH-01800000"]}, {"id": "capgemini", "ids": ["GB-COH-00943935"]}]


def test_the_companies_house_number_merges_a_name_that_does_not_match(graph, tmp_path):
    """'CAP GEMINI UK PLC' is not Capgemini by name; its company number 00943935 makes it so."""
    renamed = changed(
        tmp_path,
        MET,
        "a7c2e9d4",
        **{SUPPLIER: "[CAP GEMINI UK PLC|No. 1 Forge End, Woking, Surrey, GU21 6DB|COMPANIES_HOUSE|00943935|No|No]"},
    )
    organisations = tmp_path / "organisations.csv"
    organisations.write_text("name,aliases,role,identifier\nCapgemini,Capgemini UK,supplier,GB-COH-00943935\n")
    load_paths(graph, [renamed, organisations])
    assert contract(graph, CAPGEMINI_NOTICE)["suppliers"] == ["capgemini"]
    assert graph.read("MATCH (o:Organisation {id: 'capgemini'}) RETURN o.aliases AS a, o.identifiers AS i") == [
        {"a": ["CAP GEMINI UK PLC", "Capgemini UK"], "i": ["GB-COH-00943935"]}
    ]
    # without the number, the same name is another organisation: the number is what merged them
    reset(graph)
    unnumbered = changed(
        tmp_path, MET, "a7c2e9d4", **{SUPPLIER: "[CAP GEMINI UK PLC|No. 1 Forge End, Woking, Surrey, GU21 6DB|||No|No]"}
    )
    load_paths(graph, [unnumbered, organisations])
    assert contract(graph, CAPGEMINI_NOTICE)["suppliers"] == ["cap-gemini"]


# --- the other kinds of notice --------------------------------------------------------------------


def test_two_suppliers_an_open_tender_a_pipeline_notice_a_withdrawal_and_an_unmapped_code(graph):
    report = load_paths(graph, [POLICE])
    assert report.contracts == 5
    assert contract_ids(graph) == sorted([DESKTOP, HOSTING_TENDER, NETWORK_REFRESH, WITHDRAWN, CLEANING])

    desktop = contract(graph, DESKTOP)
    assert desktop["suppliers"] == ["computacenter", "softcat"]
    assert desktop["towers"] == ["end-user-services"]  # 72611000 computer support, 30213000 PCs
    assert desktop["c"]["holds"] is True
    assert "value" not in desktop["c"] and "currency" not in desktop["c"]  # Awarded Value 0, no Value High
    holders = query_library.run(
        graph, "holders", {"buyer": "Lincolnshire Police", "tower": "end-user-services", "as_of": date(2026, 1, 1)}
    ).rows
    assert sorted((r["supplier_id"], r["contract_id"]) for r in holders) == [
        ("computacenter", DESKTOP),
        ("softcat", DESKTOP),
    ]
    published = graph.read("MATCH (:Contract {id: $id})-[:SOURCED_FROM]->(s) RETURN s.published AS p", {"id": DESKTOP})
    assert published[0]["p"].to_native() == date(2025, 9, 30)  # "30 September 2025"

    processes = pipeline.open_processes(graph)
    assert [(p["buyer_id"], p["contract_id"], p["status"], p["towers"], p["start"], p["value"]) for p in processes] == [
        ("cleveland-police", HOSTING_TENDER, "open", ["Hosting"], "2026-04-01", 2500000.0),
        ("lincolnshire-police", NETWORK_REFRESH, "planned", ["Networks"], "2027-04-01", 4000000.0),
    ]
    assert [p["contract_id"] for p in pipeline.open_processes(graph, "Cleveland Police")] == [HOSTING_TENDER]

    withdrawn = contract(graph, WITHDRAWN)
    assert (withdrawn["c"]["status"], withdrawn["c"]["holds"], withdrawn["suppliers"]) == ("cancelled", False, [])
    assert withdrawn["towers"] == ["application-services"]

    cleaning = contract(graph, CLEANING)
    assert (cleaning["towers"], cleaning["c"]["cpv_codes"]) == ([], ["90910000"])
    assert (cleaning["c"]["value"], cleaning["c"]["holds"]) == (1250000.0, True)
    # a Charity Commission number is kept as a GB-CHC identifier
    assert graph.read("MATCH (o:Organisation {id: 'teesside-cleaning-co-operative'}) RETURN o.identifiers AS i") == [
        {"i": ["GB-CHC-1123456"]}
    ]
    # "LINCOLNSHIRE POLICE" on the pipeline notice is the same buyer
    assert graph.read("MATCH (o:Buyer) RETURN o.id AS id ORDER BY id") == [
        {"id": "cleveland-police"},
        {"id": "lincolnshire-police"},
    ]


def test_loading_again_changes_nothing_and_a_later_export_updates_the_notice(graph, tmp_path):
    load_paths(graph, [MET, POLICE])
    first = counts(graph), checksum(graph)
    load_paths(graph, [MET, POLICE])
    assert (counts(graph), checksum(graph)) == first

    # a later export, with only the columns it needs: the hosting tender has been awarded
    header = [
        "Notice Identifier",
        "Notice Type",
        "Organisation Name",
        "Status",
        "Published Date",
        "Title",
        "Cpv Codes",
        SUPPLIER,
        "Contract start date",
        "Contract end date",
        "Awarded Value",
    ]
    later = write_export(
        tmp_path / "later.csv",
        header,
        [
            {
                "Notice Identifier": "5e8a1f37-2c64-4d09-b7a3-91e0c6d2f8b5",
                "Notice Type": "Contract",
                "Organisation Name": "Cleveland Police",
                "Status": "Awarded",
                "Published Date": "2026-02-10T10:00:00Z",
                "Title": "Hosting and data centre services",
                "Cpv Codes": "72310000-1",
                SUPPLIER: "[Kyndryl UK Limited|100 Brook Drive, Reading, RG2 6UJ|COMPANIES_HOUSE|13470297|No|No]",
                "Contract start date": "01/04/2026",
                "Contract end date": "31/03/2031",
                "Awarded Value": "2250000",
            }
        ],
    )
    load_paths(graph, [later])
    hosting = contract(graph, HOSTING_TENDER)
    assert (hosting["c"]["status"], hosting["c"]["holds"], hosting["suppliers"]) == ("active", True, ["kyndryl"])
    assert hosting["c"]["value"] == 2250000.0
    assert len(contract_ids(graph)) == 7
    assert [p["contract_id"] for p in pipeline.open_processes(graph)] == [NETWORK_REFRESH]

    # in one load, the later publication of a notice wins whichever file comes first
    reset(graph)
    load_paths(graph, [later, POLICE])
    assert contract(graph, HOSTING_TENDER)["c"]["status"] == "active"
    # the same publication saying two things is an error
    retitled = changed(tmp_path, POLICE, "5e8a1f37", Title="Hosting services")
    with pytest.raises(InputError, match="appears in two releases of the same date") as err:
        load_paths(graph, [POLICE, retitled])
    assert (err.value.row, err.value.field) == (4, "id")


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column, value, reason",
    [
        ("Contract end date", "31/02/2031", "is not a real date"),
        ("Start Date", "April 2026", "is not a date"),
        ("Published Date", "yesterday", "is not a date"),
        ("Closing Date", "2026/01/15", "is not a date"),
        ("Status", "Pending", "unknown value 'Pending'"),
        ("Notice Type", "Framework", "unknown value 'Framework'"),
        ("Cpv Codes", "7231", "is not a CPV code"),
        ("Value High", "about £2m", "is not a number"),
        (SUPPLIER, "[Kyndryl UK Limited|Reading|COMPANIES_HOUSE|13470297|No|No]", "not awarded"),
    ],
)
def test_a_bad_cell_names_file_row_and_column_and_nothing_is_written(sample_graph, tmp_path, column, value, reason):
    before = counts(sample_graph), checksum(sample_graph)
    bad = changed(tmp_path, POLICE, "5e8a1f37", **{column: value})  # the hosting tender: line 4, one line
    with pytest.raises(InputError) as err:
        load_paths(sample_graph, [MET, bad])
    assert (err.value.file, err.value.row, err.value.field) == (str(bad), 4, column)
    assert reason in err.value.reason
    assert (counts(sample_graph), checksum(sample_graph)) == before


def test_a_company_number_no_register_issued_is_dropped_and_a_block_short_of_fields_is_refused(graph, tmp_path):
    typed = changed(tmp_path, POLICE, "c41d7e02", **{SUPPLIER: "[Softcat plc|Marlow|COMPANIES_HOUSE|02-174-990|No|No]"})
    load_paths(graph, [typed])  # the separators go: 02174990
    assert graph.read("MATCH (o:Organisation {id: 'softcat'}) RETURN o.identifiers AS i") == [
        {"i": ["GB-COH-02174990"]}
    ]
    reset(graph)
    zero = changed(tmp_path, POLICE, "c41d7e02", **{SUPPLIER: "[Softcat plc|Marlow|COMPANIES_HOUSE|0|No|No]"})
    load_paths(graph, [zero])  # '0' (as real exports have it) is no company: the supplier resolves by name
    assert contract(graph, DESKTOP)["suppliers"] == ["softcat"]
    assert graph.read("MATCH (o:Organisation {id: 'softcat'}) RETURN o.identifiers AS i") == [{"i": []}]
    reset(graph)
    for supplier, reason in (
        ("[Softcat plc|Marlow|COMPANIES_HOUSE|No|No]", "supplier 1 has 5 fields, the header says 6"),
        ("", "the notice is an award: it must name its supplier(s)"),
    ):
        bad = changed(tmp_path, POLICE, "c41d7e02", **{SUPPLIER: supplier})
        with pytest.raises(InputError) as err:
            load_paths(graph, [bad])
        assert (err.value.row, err.value.field) == (3, SUPPLIER)  # the record ends on line 3
        assert reason in err.value.reason
    assert contract_ids(graph) == []


def test_a_header_without_organisation_name_is_refused(graph, tmp_path):
    header, rows = read_export(POLICE)
    header.remove("Organisation Name")
    bad = write_export(tmp_path / "notices.csv", header, rows)
    assert expand([bad]) == [("contracts-finder", bad)]
    with pytest.raises(InputError) as err:
        load_paths(graph, [POLICE, bad])
    assert str(err.value) == (f"{bad}, row 1: not a Contracts Finder export: missing column(s): Organisation Name")
    assert contract_ids(graph) == []


def test_with_a_rejects_file_the_bad_notice_goes_there_and_the_rest_loads(graph, tmp_path):
    bad = changed(tmp_path, POLICE, "5e8a1f37", **{"Published Date": "03/11/2025 9am"})
    rejects = tmp_path / "rejects.csv"
    report = load_paths(graph, [bad], rejects=rejects)
    assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (5, 4, 1)
    assert HOSTING_TENDER not in contract_ids(graph) and len(contract_ids(graph)) == 4
    with rejects.open(newline="", encoding="utf-8") as fh:
        rejected = list(csv.DictReader(fh))
    assert [(r["file"], r["row"], r["field"]) for r in rejected] == [(str(bad), "4", "Published Date")]
    assert rejected[0]["raw"].startswith('"5e8a1f37-2c64-4d09-b7a3-91e0c6d2f8b5","Contract","Cleveland Police"')

    # a file with a bad header is rejected whole
    header, rows = read_export(POLICE)
    header.remove("Organisation Name")
    headless = write_export(tmp_path / "headless.csv", header, rows)
    report = load_paths(graph, [headless], rejects=rejects)
    assert report.files_rejected == [str(headless)] and report.rows_rejected == 1


# --- formats, folders and the CLI -----------------------------------------------------------------


def test_the_format_is_told_by_header_or_forced(tmp_path):
    assert "contracts-finder" in FORMATS
    real = CF_DATA / "real"  # a folder's subfolders are read too, after its own files
    assert expand([CF_DATA]) == [("contracts-finder", MET), ("contracts-finder", POLICE)] + [
        ("contracts-finder", real / name)
        for name in (
            "awarded-2020-07-to-10.csv",
            "awarded-2020-09.csv",
            "header-only-2021-08-28.csv",
            "open-2020-04-16.csv",
            "pipeline-and-open-2025-11.csv",
        )
    ]
    assert expand([CF_DATA], "csv") == expand([CF_DATA])
    assert [k for k, _ in expand([SAMPLE, CF_DATA / "real"])] == ["organisations", "contracts"] + [
        "contracts-finder"
    ] * 5
    renamed = tmp_path / "notices.txt"
    renamed.write_bytes(POLICE.read_bytes())
    assert expand([renamed], "contracts-finder") == [("contracts-finder", renamed)]


def test_a_folder_is_read_with_its_subfolders_but_not_hidden_files_or_the_rejects_file(tmp_path):
    (tmp_path / "2020" / "09").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    nested = tmp_path / "2020" / "09" / "police.csv"
    nested.write_bytes(POLICE.read_bytes())
    (tmp_path / ".cache" / "copy.csv").write_bytes(POLICE.read_bytes())
    (tmp_path / ".hidden.csv").write_bytes(POLICE.read_bytes())
    top = tmp_path / "met.csv"
    top.write_bytes(MET.read_bytes())
    sink = RejectsFile(tmp_path / "rejects.csv")  # written into the folder being loaded
    try:
        assert expand([tmp_path], rejects=sink) == [("contracts-finder", nested), ("contracts-finder", top)]
    finally:
        sink.close()
    assert sink.whole_files == []


def test_the_cli_names_the_format_and_loads_a_forced_export(graph, tmp_path):
    from tests.helpers import run_cli

    helped = run_cli("load", "--help")
    assert helped.returncode == 0 and "contracts-finder" in helped.stdout and "Contracts Finder" in helped.stdout
    renamed = tmp_path / "notices.txt"
    renamed.write_bytes(POLICE.read_bytes())
    done = run_cli("load", "--format", "contracts-finder", str(renamed))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("loaded 5 contracts")
    assert len(contract_ids(graph)) == 5
