"""A name that matches several organisations never stops a load: it resolves by the documented rule."""

from __future__ import annotations

import json
from pathlib import Path

from supplygraph.graph.candidates import candidates
from supplygraph.loaders import load_paths
from tests.helpers import checksum, contract

CGL_NUMBER = "03861209"


def cgl_release(n: int, name: str, number: str | None = None) -> dict:
    """An award by Northshire Council to one supplier, as a Contracts Finder OCDS release writes it."""
    supplier: dict = {"id": "s", "name": name, "roles": ["supplier"]}
    if number:
        supplier["identifier"] = {"scheme": "GB-COH", "id": number}
    return {
        "ocid": f"ocds-test-cgl-{n}",
        "id": f"ocds-test-cgl-{n}-1",
        "date": f"2020-0{n}-01T00:00:00Z",
        "tag": ["award"],
        "parties": [{"id": "b", "name": "Northshire Council", "roles": ["buyer"]}, supplier],
        "buyer": {"id": "b"},
        "awards": [
            {
                "id": "a1",
                "title": "Drug and alcohol recovery service",
                "status": "active",
                "suppliers": [{"id": "s"}],
                "contractPeriod": {"startDate": f"2020-0{n}-01T00:00:00Z", "endDate": "2023-03-31T00:00:00Z"},
            }
        ],
    }


def cgl_export(tmp_path: Path) -> Path:
    """The real failure: one export creates 'Change, grow, live (CGL)' (no number) and 'Change Grow Live' (with
    its number); a block naming the first *with* the number joins that spelling to the second as well, so the
    next 'change, grow, live (CGL)' without a number matches both."""
    releases = [
        cgl_release(1, "Change, grow, live (CGL)"),
        cgl_release(2, "Change Grow Live", CGL_NUMBER),
        cgl_release(3, "Change, grow, live (CGL)", CGL_NUMBER),
        cgl_release(4, "change, grow, live (CGL)"),
    ]
    path = tmp_path / "cgl.json"
    path.write_text(
        json.dumps({"uri": "https://example.org/cgl", "publishedDate": "2020-05-01T00:00:00Z", "releases": releases})
    )
    return path


def supplier_of(graph, n: int) -> list[str]:
    return contract(graph, f"ocds-test-cgl-{n}/a1")["suppliers"]


def test_the_ambiguous_name_resolves_to_the_organisation_whose_own_name_it_is(graph, tmp_path):
    report = load_paths(graph, [cgl_export(tmp_path)], rejects=tmp_path / "rejects.csv")
    assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (4, 4, 0)
    assert "several organisations" not in (tmp_path / "rejects.csv").read_text()
    # 1: a new organisation from the name; 2 and 3: by the Companies House number; 4: matches both, and
    # 'change-grow-live-cgl' is the one whose own name it is (step 1 of the rule)
    assert [supplier_of(graph, n) for n in (1, 2, 3, 4)] == [
        ["change-grow-live-cgl"],
        ["change-grow-live"],
        ["change-grow-live"],
        ["change-grow-live-cgl"],
    ]
    # two spellings met the ambiguity: release 4's, and release 1's when its contract is written (by then the
    # number has joined the spelling to 'change-grow-live' too); the rule sends both to the same organisation
    assert report.ambiguous_names == 2


def test_without_a_rejects_file_the_load_does_not_stop_either(graph, tmp_path):
    report = load_paths(graph, [cgl_export(tmp_path)])
    assert report.contracts == 4


def test_loading_it_again_changes_nothing(graph, tmp_path):
    path = cgl_export(tmp_path)
    load_paths(graph, [path])
    before = checksum(graph)
    load_paths(graph, [path])
    assert checksum(graph) == before
    assert supplier_of(graph, 4) == ["change-grow-live-cgl"]


def test_the_two_organisations_are_the_first_candidates(graph, tmp_path):
    load_paths(graph, [cgl_export(tmp_path)])
    top = candidates(graph)[0]
    # the number's organisation has 'Change, grow, live (CGL)' as an alias: name 100 x 0.8 = 80, + 20 for the
    # lookup keys both answer to (+5 for Northshire, clamped at 100)
    assert (top.survivor.id, top.absorbed.id, top.score) == ("change-grow-live", "change-grow-live-cgl", 100.0)
    assert "change grow live cgl" in top.evidence.shared_keys
