"""Bad input: each file of tests/data/bad/ stops the load, names file, row and field, and changes nothing;
with a rejects file the good rows load, each bad one is listed with its reason, and loaded + rejected = rows in.

The expectations (row or JSON path, field, message, how many records each file
holds, which are bad, which ids load) are written by hand in
tests/data/bad/EXPECTED.csv. A record is a CSV data row, an OCDS release or
record (or a JSON line that is not one), or a whole file that cannot be read
as records; such a file is one record ("FILE" in the rejected column).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplygraph.cli.main import main
from supplygraph.cli.output import render
from supplygraph.graph.errors import InputError
from supplygraph.loaders import load_paths
from tests.helpers import ROOT, checksum, counts

BAD = ROOT / "tests" / "data" / "bad"
with (BAD / "EXPECTED.csv").open(encoding="utf-8", newline="") as _fh:
    EXPECTED = list(csv.DictReader(_fh))
BAD_CASES = [e for e in EXPECTED if e["outcome"] != "ok"]
OK_CASES = [e for e in EXPECTED if e["outcome"] == "ok"]


def _ids(case: dict[str, str]) -> str:
    return case["file"]


def _contracts(graph) -> int:
    return graph.read("MATCH (c:Contract) RETURN count(c) AS n")[0]["n"]


def _organisations(graph) -> int:
    return graph.read("MATCH (o:Organisation) RETURN count(o) AS n")[0]["n"]


def _read_rejects(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_corpus_is_listed_in_expected_and_large_enough():
    on_disk = sorted(p.name for p in BAD.iterdir() if p.name not in ("EXPECTED.csv", "make_files.py"))
    assert on_disk == sorted(e["file"] for e in EXPECTED)
    assert len(BAD_CASES) >= 30
    kinds = {e["file"].rsplit(".", 1)[-1] for e in BAD_CASES}
    assert {"csv", "json", "jsonl", "gz"} <= kinds


@pytest.mark.parametrize("case", BAD_CASES, ids=_ids)
def test_a_bad_file_stops_the_load_and_leaves_the_graph_as_it_was(sample_graph, case):
    graph = sample_graph
    before = counts(graph), checksum(graph)
    path = BAD / case["file"]

    with pytest.raises(InputError) as info:
        load_paths(graph, [path])
    error = info.value
    assert (error.file, str(error.row or ""), error.field or "") == (str(path), case["row"], case["field"])
    assert case["message"] in error.reason
    assert (counts(graph), checksum(graph)) == before

    result = CliRunner().invoke(main, ["load", str(path)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"supplygraph: error: {error}"]
    assert str(path) in lines[0]
    if case["row"]:
        assert f"row {case['row']}" in lines[0]
    if case["field"]:
        assert f"field {case['field']!r}" in lines[0]
    assert (counts(graph), checksum(graph)) == before


@pytest.mark.parametrize("case", OK_CASES, ids=_ids)
def test_a_utf8_bom_is_accepted(sample_graph, case):
    report = load_paths(sample_graph, [BAD / case["file"]])
    assert report.rows_in == report.rows_loaded == int(case["rows_in"])
    for contract_id in case["loaded"].split(";"):
        assert sample_graph.read("MATCH (c:Contract {id: $id}) RETURN c.id AS id", {"id": contract_id})


@pytest.mark.parametrize("case", EXPECTED, ids=_ids)
def test_with_rejects_the_good_rows_load_and_each_bad_one_is_listed(sample_graph, case, tmp_path):
    graph = sample_graph
    path = BAD / case["file"]
    before_graph = checksum(graph)
    contracts_before, orgs_before = _contracts(graph), _organisations(graph)
    rejects = tmp_path / "rejects.csv"

    report = load_paths(graph, [path], rejects=rejects)

    rows_in = int(case["rows_in"])  # counted by hand
    expected_rejects = case["rejected"].split(";") if case["rejected"] else []
    listed = _read_rejects(rejects)
    assert report.rows_in == rows_in
    assert report.rows_loaded + report.rows_rejected == rows_in
    assert report.rows_rejected == len(expected_rejects) == len(listed)
    assert all(r["file"] == str(path) and r["reason"] for r in listed)

    if expected_rejects == ["FILE"]:
        assert report.files_rejected == [str(path)]
        assert (listed[0]["row"], listed[0]["field"], listed[0]["raw"]) == (case["row"], case["field"], "")
        assert case["message"] in listed[0]["reason"]
        assert checksum(graph) == before_graph
        return

    assert report.files_rejected == []
    assert [r["row"] for r in listed] == expected_rejects
    if listed:
        assert (listed[0]["field"], case["message"] in listed[0]["reason"]) == (case["field"], True)
    text = path.read_bytes().decode("utf-8-sig")
    for r in listed:
        raw = r["raw"][1:] if r["raw"][:1] == "'" and r["raw"][1:2] in "=+-@\t\r" else r["raw"]
        if path.suffix == ".csv":
            assert raw == text.split("\n")[int(r["row"]) - 1]  # the row as written
        elif r["row"].startswith("line ") and r["row"].partition(":")[1] == "":
            assert raw == text.split("\n")[int(r["row"].split()[1]) - 1]  # a JSON line that is not JSON
        else:
            assert isinstance(json.loads(raw), dict)  # the whole release

    loaded = case["loaded"].split(";") if case["loaded"] else []
    if case["file"].startswith("o-"):
        assert _organisations(graph) - orgs_before == len(loaded)
        for name in loaded:
            assert graph.read("MATCH (o:Organisation {name: $n}) RETURN o.id AS id", {"n": name})
    else:
        assert _contracts(graph) - contracts_before == len(loaded)
        for contract_id in loaded:
            assert graph.read("MATCH (c:Contract {id: $id}) RETURN c.id AS id", {"id": contract_id})
    assert not graph.read(
        "MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING AND left(n[k], 1) IN ['=', '+', '@']) "
        "RETURN n LIMIT 1"
    )


def test_all_files_at_once_with_rejects_add_up(sample_graph, tmp_path):
    """Whole-file rejects do not stop the other files; the sums over the corpus, by hand, hold."""
    graph = sample_graph
    contracts_before = _contracts(graph)
    rejects = tmp_path / "rejects.csv"
    paths = [BAD / e["file"] for e in EXPECTED]

    report = load_paths(graph, paths, rejects=rejects)

    rows_in = sum(int(e["rows_in"]) for e in EXPECTED)
    rejected = sum(len(e["rejected"].split(";")) for e in EXPECTED if e["rejected"])
    whole = sorted(str(BAD / e["file"]) for e in EXPECTED if e["rejected"] == "FILE")
    contract_ids = {i for e in EXPECTED if not e["file"].startswith("o-") for i in e["loaded"].split(";") if i}
    assert (report.rows_in, report.rows_rejected, report.rows_loaded) == (rows_in, rejected, rows_in - rejected)
    assert sorted(report.files_rejected) == whole
    assert len(_read_rejects(rejects)) == rejected
    assert _contracts(graph) - contracts_before == len(contract_ids)


def test_the_cli_prints_the_counts_and_writes_the_rejects_file(sample_graph, tmp_path):
    rejects = tmp_path / "out" / "rejects.csv"
    rejects.parent.mkdir()
    files = [str(BAD / "c-mixed.csv"), str(BAD / "c-empty.csv"), str(BAD / "j-not-json-line.jsonl")]
    result = CliRunner().invoke(main, ["load", *files, "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    # c-mixed: 8 rows, 4 bad; c-empty: 1 whole file; j-not-json-line: 3 lines, 1 bad
    assert f"rows: 12 read = 6 loaded + 6 rejected, 1 of them whole files (written to {rejects})" in result.output
    assert [r["row"] for r in _read_rejects(rejects)] == ["1", "4", "6", "7", "8", "line 2"]


def test_csv_output_neutralises_formula_cells():
    rows = [{"name": "=cmd|' /C calc'!A0", "n": -5, "note": "-2+3", "x": "@SUM(1)", "y": "\tz", "ok": "Capgemini"}]
    out = render(("name", "n", "note", "x", "y", "ok"), rows, "csv")
    assert list(csv.reader(out.splitlines()))[1] == [
        "'=cmd|' /C calc'!A0",
        "-5",
        "'-2+3",
        "'@SUM(1)",
        "'\tz",
        "Capgemini",
    ]
    assert render(("v",), [{"v": "-5"}], "csv").splitlines()[1] == "-5"


def test_query_csv_output_quotes_a_formula_already_in_the_graph(sample_graph):
    """Data loaded before the loader checked for formulas is still safe to open in a spreadsheet."""
    sample_graph.execute_write(
        lambda tx: tx.run("MATCH (c:Contract {id: 'met-bt-networks'}) SET c.title = '+HYPERLINK(1)'").consume()
    )
    result = CliRunner().invoke(main, ["query", "contract", "-p", "contract=met-bt-networks", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, first = list(csv.reader(result.output.splitlines()))[:2]
    assert first[header.index("title")] == "'+HYPERLINK(1)"
