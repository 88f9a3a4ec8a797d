"""Real Contracts Finder exports: rows cut from the five downloads in ../shared/data/contracts-finder/
(tests/data/contracts_finder/real/, contact names, e-mails and telephones blanked), loaded against a
real Neo4j. Each answer is read off the row by hand: docs/contracts-finder.md describes the format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from supplygraph.graph.contracts import find_by_ref
from supplygraph.graph.errors import NotFoundError
from supplygraph.loaders import load_paths
from supplygraph.loaders.contracts_finder import notice_id
from tests.helpers import DATA, OCDS_DATA, checksum, client_for, contract, contract_ids, counts, run_cli

REAL = DATA / "contracts_finder" / "real"
AWARDED_2020_09 = REAL / "awarded-2020-09.csv"  # 43 columns, 3 notices
AWARDED_2020_07 = REAL / "awarded-2020-07-to-10.csv"  # 43 columns, 6 notices, one of them 42 cells
OPEN_2020 = REAL / "open-2020-04-16.csv"  # the 42-column header of early 2020, 3 notices
PIPELINE_2025 = REAL / "pipeline-and-open-2025-11.csv"  # 43 columns, 4 notices, two of them 42 cells
HEADER_ONLY = REAL / "header-only-2021-08-28.csv"  # a search that found nothing
ALL = [AWARDED_2020_09, AWARDED_2020_07, OPEN_2020, PIPELINE_2025, HEADER_ONLY]
SUPPLIER = "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]"

SEND = "contracts-finder/department-for-education/tender_235607~2f890431"  # the reference has a slash
LEGAL = "contracts-finder/compound-semiconductor-applications-catapult/con-2020-032"
HIGHWAYS = "contracts-finder/highways-england/tender_141474~2f876903"  # 42 cells
CIRCLE = "contracts-finder/london-borough-of-camden-council/mental~20health~20supported~20living~20service~20at~20cliff~20road"
CEILING = "contracts-finder/siemens-mobility/c4n48325238"  # a 6,678-character description
BRISTOL = "contracts-finder/university-of-bristol/tender_510958~2f1528979"  # 01/01/1 dates, 42 cells
HOMES = "contracts-finder/homes-england-the-name-adopted-by-the-homes-and-communities-agency/hca001-dn784189-87626380"


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    return records[0], records[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def test_every_row_of_the_real_slices_loads_and_a_search_with_no_results_loads_nothing(graph, tmp_path):
    for path, notices in ((AWARDED_2020_09, 3), (AWARDED_2020_07, 6), (OPEN_2020, 3), (PIPELINE_2025, 4)):
        report = load_paths(graph, [path], rejects=tmp_path / "rejects.csv")
        assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (notices, notices, 0), path.name
    empty = load_paths(graph, [HEADER_ONLY])  # no rejects file needed: nothing is wrong with it
    assert (empty.rows_in, empty.rows_loaded, empty.contracts, empty.files_rejected) == (0, 0, 0, [])
    assert len(contract_ids(graph)) == 16


def test_a_reference_with_a_slash_is_the_buyers_and_finds_the_contract(graph):
    load_paths(graph, [AWARDED_2020_09])
    assert notice_id("Department for Education", "tender_235607/890431") == SEND
    send = contract(graph, SEND)
    c = send["c"]
    assert (c["source_ref"], c["source_ref_key"]) == ("tender_235607/890431", "tender_235607/890431")
    assert (c["title"], c["status"], c["value"], c["currency"]) == (
        "Delivery Support (SEND: Targeted)",
        "active",
        2378113.0,
        "GBP",
    )
    assert (str(c["start"]), str(c["end"])) == ("2020-04-01", "2021-03-31")
    assert send["buyer"] == "department-for-education"
    assert send["suppliers"] == ["mott-macdonald"]  # ref type NONE_OTHER: no identifier
    # the export has no link to the notice: the source is titled, not given a made-up URL
    source = graph.read("MATCH (:Contract {id: $id})-[:SOURCED_FROM]->(s) RETURN s", {"id": SEND})[0]["s"]
    assert source.get("url") is None
    assert source["title"] == (
        "Contracts Finder: Department for Education, notice tender_235607/890431: Delivery Support (SEND: Targeted)"
    )
    assert str(source["published"]) == "2020-09-28"

    assert [r["id"] for r in find_by_ref(graph, "TENDER_235607/890431")] == [SEND]  # any case
    assert [r["id"] for r in find_by_ref(graph, "  hcc1911460  -  468 - award ")] == [
        "contracts-finder/supply-hertfordshire/hcc1911460~20-~20468~20-~20award"
    ]  # spaces inside the reference kept, runs of them folded
    assert find_by_ref(graph, "tender_235607") == []  # exact, not a prefix
    assert [r["id"] for r in find_by_ref(graph, SEND)] == [SEND]  # a contract id works too


def test_two_buyers_with_one_reference_are_two_contracts(graph, tmp_path):
    # real: the 2020 export has YPO's notice, the 2025 one DUE NORTH LIMITED's under the same reference
    load_paths(graph, [OPEN_2020, PIPELINE_2025])
    ypo = "contracts-finder/ypo/ypo001-dn417481-11984297"
    due_north = "contracts-finder/due-north/ypo001-dn417481-11984297"
    assert [(r["id"], r["buyer_name"]) for r in find_by_ref(graph, "YPO001-DN417481-11984297")] == [
        (due_north, "DUE NORTH LIMITED"),
        (ypo, "YPO"),
    ]
    assert (str(contract(graph, ypo)["c"]["start"]), str(contract(graph, due_north)["c"]["start"])) == (
        "2026-12-01",
        "2028-10-28",
    )
    assert [r["id"] for r in find_by_ref(graph, "ypo001-dn417481-11984297", buyer="YPO")] == [ypo]
    with pytest.raises(NotFoundError):
        find_by_ref(graph, "ypo001-dn417481-11984297", buyer="No Such Council")

    # and a second buyer typing the Department for Education's reference: its own contract, DfE's untouched
    header, rows = rows_of(AWARDED_2020_09)
    other = list(rows[0])
    other[header.index("Organisation Name")] = "Department of Health and Social Care"
    other[header.index("Title")] = "Another buyer's notice"
    loaded = load_paths(graph, [AWARDED_2020_09, write_rows(tmp_path / "other.csv", header, [other])])
    assert loaded.rows_in == loaded.rows_loaded == 4
    assert [(r["id"], r["title"]) for r in find_by_ref(graph, "tender_235607/890431")] == [
        (SEND, "Delivery Support (SEND: Targeted)"),
        ("contracts-finder/department-of-health-and-social-care/tender_235607~2f890431", "Another buyer's notice"),
    ]


def test_registration_numbers_as_the_registers_issue_them(graph):
    load_paths(graph, [AWARDED_2020_09, AWARDED_2020_07])

    def identifiers(org_id: str) -> list[str]:
        return graph.read("MATCH (o:Organisation {id: $id}) RETURN o.identifiers AS i", {"id": org_id})[0]["i"]

    assert identifiers("trowers-and-hamlins") == ["GB-COH-OC337852"]  # an LLP
    assert identifiers("alan-johnston-partnership") == ["GB-COH-OC039438"]  # typed 'OC 39438'
    assert identifiers("one-housing") == ["GB-COH-IP20453R"]  # a registered society
    assert identifiers("jacobs") == []  # typed '0': no company has that number
    assert identifiers("the-national-children-s-bureau") == ["GB-CHC-258825"]  # a charity
    assert graph.read("MATCH (o {id: 'the-national-children-s-bureau'}) RETURN o.name AS n") == [
        {"n": "The National Children's Bureau"}  # written &apos; in the export
    ]
    # 'AECOM' is named once without a number and once with 01846493 on Your Housing Group's framework: one supplier
    assert identifiers("aecom") == ["GB-COH-01846493"]
    legal = contract(graph, LEGAL)
    assert legal["suppliers"] == ["hugh-james", "trowers-and-hamlins"]
    assert (str(legal["c"]["start"]), str(legal["c"]["end"])) == ("2020-08-06", "2024-08-05")  # Contract dates win
    # an address typed with | in it is still one supplier block
    assert contract(graph, "contracts-finder/home-office/cf-0116400d58000000l5a4eak1")["suppliers"] == [
        "sodexo-motivation-solutions"
    ]
    assert contract(graph, CIRCLE)["suppliers"] == ["one-housing"]  # the reference is the notice's title


def test_a_row_one_cell_short_loads_and_other_ragged_rows_are_refused_by_row(graph, tmp_path):
    load_paths(graph, [AWARDED_2020_07, PIPELINE_2025])
    highways = contract(graph, HIGHWAYS)  # 42 cells under 43 columns: Closing Time left out
    assert (highways["c"]["status"], highways["suppliers"], highways["c"]["value"]) == ("active", ["wsp"], 3663997.0)
    homes = contract(graph, HOMES)
    assert (homes["c"]["status"], str(homes["c"]["start"]), str(homes["c"]["end"])) == (
        "planned",
        "2025-11-16",
        "2026-11-30",
    )
    # 01/01/1 is how the export writes "no date"
    bristol = contract(graph, BRISTOL)["c"]
    assert (bristol["status"], bristol.get("start"), bristol.get("end")) == ("planned", None, None)

    header, rows = rows_of(AWARDED_2020_07)
    short = rows[1][:-1]  # 41 cells
    bad = write_rows(tmp_path / "ragged.csv", header, [rows[0], short])
    rejects = tmp_path / "rejects.csv"
    report = load_paths(graph, [bad], rejects=rejects)
    assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (2, 1, 1)
    with rejects.open(encoding="utf-8", newline="") as fh:
        [rejected] = list(csv.DictReader(fh))
    assert rejected["row"] == str(bad.read_bytes().count(b"\n"))  # the line the short record ends on: the last
    assert rejected["reason"] == (
        "has 41 cells but the header has 43 columns (only an empty last cell, 'Closing Time', may be left out)"
    )


def test_long_text_is_kept_whole_in_the_csv_and_in_ocds(graph, tmp_path):
    load_paths(graph, [OPEN_2020])
    header, rows = rows_of(OPEN_2020)
    description = rows[0][header.index("Description")]
    assert (len(description), len(description.strip())) == (6709, 6678)  # cells are trimmed, text otherwise whole
    description = description.strip()
    assert contract(graph, CEILING)["c"]["description"] == description

    # an OCDS release whose tender description is 6,000 characters
    package = json.loads((OCDS_DATA / "met-capgemini-2021.json").read_text(encoding="utf-8"))
    long = ("Managed hosting, networks and end user services for the Met. " * 100)[:6000]
    for release in package["releases"]:
        release.setdefault("tender", {})["description"] = long
        for award in release.get("awards", []):
            award.pop("description", None)
    lengthened = tmp_path / "long.json"
    lengthened.write_text(json.dumps(package), encoding="utf-8")
    report = load_paths(graph, [lengthened], rejects=tmp_path / "rejects.csv")
    assert report.rows_rejected == 0
    described = graph.read("MATCH (c:Contract) WHERE c.ocid IS NOT NULL RETURN c.description AS d")
    assert described and all(len(r["d"]) == 6000 for r in described)


def test_loading_the_real_slices_again_changes_nothing(graph):
    load_paths(graph, ALL)
    first = counts(graph), checksum(graph)
    load_paths(graph, ALL)
    assert (counts(graph), checksum(graph)) == first


def test_the_api_and_the_cli_find_contracts_by_reference(graph):
    load_paths(graph, [AWARDED_2020_09, OPEN_2020, PIPELINE_2025])
    client = client_for(graph)
    answer = client.get("/api/contracts", params={"ref": "tender_235607/890431"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["count"], body["contracts"][0]["id"], body["contracts"][0]["source_ref"]) == (
        1,
        SEND,
        "tender_235607/890431",
    )
    assert body["contracts"][0]["suppliers"] == [{"id": "mott-macdonald", "name": "Mott Macdonald"}]
    both = client.get("/api/contracts", params={"ref": "ypo001-DN417481-11984297"}).json()
    assert [c["buyer"]["name"] for c in both["contracts"]] == ["DUE NORTH LIMITED", "YPO"]
    one = client.get("/api/contracts", params={"ref": "ypo001-DN417481-11984297", "buyer": "due north"}).json()
    assert [c["buyer"]["id"] for c in one["contracts"]] == ["due-north"]
    assert client.get("/api/contracts", params={"ref": "nothing-like-it"}).json()["count"] == 0
    assert client.get("/api/contracts", params={"ref": "SWLF II", "buyer": "Nobody"}).status_code == 404
    assert client.get("/api/contracts").status_code == 422  # ref is required
    detail = client.get(f"/api/contracts/{SEND}").json()  # the id goes in a URL path as it is
    assert (detail["id"], detail["source_ref"]) == (SEND, "tender_235607/890431")

    found = run_cli("contracts", "find", "TENDER_235607/890431", "--format", "json")
    assert found.returncode == 0, found.stderr
    assert [r["id"] for r in json.loads(found.stdout)] == [SEND]
    unknown = run_cli("contracts", "find", "SWLF II", "--buyer", "Nobody")
    assert unknown.returncode == 1 and "Nobody" in unknown.stderr


def test_a_notice_id_is_readable_distinct_and_safe_in_a_url_path():
    assert notice_id("Supply Hertfordshire", "SWLF II") == "contracts-finder/supply-hertfordshire/swlf~20ii"
    assert notice_id("Supply Hertfordshire", "  swlf   II ") == "contracts-finder/supply-hertfordshire/swlf~20ii"
    # references that a slug would merge stay apart: / and - and ~ are each written their own way
    assert notice_id("YPO", "A/B") == "contracts-finder/ypo/a~2fb"
    assert notice_id("YPO", "a-b") == "contracts-finder/ypo/a-b"
    assert notice_id("YPO", "a~2fb") == "contracts-finder/ypo/a~7e2fb"
    assert notice_id("YPO", "Café 1") == "contracts-finder/ypo/caf~c3~a9~201"
    assert notice_id("YPO LIMITED", "x") == notice_id("ypo", "X")  # one buyer however its name is cased


def test_a_notice_edited_in_place_is_taken_from_the_later_export_whatever_the_order(graph, tmp_path):
    """Contracts Finder edits a notice without changing its Published Date (3 of the 379 notices in both
    awarded exports differ in what is loaded); the export taken later (by its newest notice) has the newer version."""
    header, rows = rows_of(AWARDED_2020_09)  # its newest notice: 2020-09-29T15:33:11Z
    send, legal = list(rows[0]), list(rows[1])
    send[header.index("Awarded Value")] = "2400000"  # the same publication, corrected
    legal[header.index("Published Date")] = "2020-10-02T17:30:36Z"  # this export was taken on 2 October
    later = write_rows(tmp_path / "later.csv", header, [send, legal])
    for order in ([AWARDED_2020_09, later], [later, AWARDED_2020_09]):
        report = load_paths(graph, order)
        assert report.rows_in == report.rows_loaded == 5
        assert contract(graph, SEND)["c"]["value"] == 2400000.0
    # one export saying two things about one publication is still an error
    same = write_rows(tmp_path / "same.csv", header, [send, rows[1], rows[2]])
    rejects = tmp_path / "rejects.csv"
    report = load_paths(graph, [AWARDED_2020_09, same], rejects=rejects)
    assert report.rows_rejected == 1
    assert "appears in two releases of the same date" in rejects.read_text(encoding="utf-8")
