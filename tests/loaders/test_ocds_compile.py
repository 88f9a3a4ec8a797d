"""An OCDS record's compiled release: its own, or its releases merged in the order they happened (no Neo4j)."""

from __future__ import annotations

import pytest

from supplygraph.graph.errors import InputError
from supplygraph.loaders.ocds_compile import compiled_release

OCID = "ocds-213czf-000-00001"


def release(release_id: str, date: str, **fields: object) -> dict[str, object]:
    return {"ocid": OCID, "id": release_id, "date": date, "tag": ["tender"], **fields}


def test_releases_are_merged_in_the_order_of_their_instants_not_of_their_text():
    # 10:30 at +01:00 is 09:30 UTC, half an hour BEFORE 10:00Z, though its text sorts after it.
    summer = release("summer-time", "2024-03-01T10:30:00+01:00", tender={"title": "Old title"})
    utc = release("utc", "2024-03-01T10:00:00Z", tender={"title": "New title"})
    record = {"ocid": OCID, "releases": [utc, summer]}

    compiled, where, latest = compiled_release(record, "feed.json", "records[0]")

    assert compiled["tender"] == {"title": "New title"}
    assert latest == "utc"
    assert where == "records[0].releases"
    assert compiled["id"] == f"{OCID}-2024-03-01T10:00:00Z"
    assert compiled["tag"] == ["compiled"]


def test_objects_in_arrays_merge_by_id_null_removes_a_field_and_lists_of_text_are_replaced():
    award_notice = release(
        "1",
        "2024-01-01T00:00:00Z",
        awards=[{"id": "A1", "title": "Hosting", "value": {"amount": 100, "currency": "GBP"}}],
        parties=[{"id": "P1", "name": "Northshire Council", "roles": ["buyer"]}],
    )
    amendment = release(
        "2",
        "2024-06-01T00:00:00Z",
        awards=[{"id": "A1", "title": None}, {"id": "A2", "title": "Networks"}],
        parties=[{"id": "P1", "roles": ["payer"]}],
    )

    compiled, _, latest = compiled_release({"releases": [award_notice, amendment]}, "feed.json", "record")

    assert compiled["awards"] == [
        {"id": "A1", "value": {"amount": 100, "currency": "GBP"}},
        {"id": "A2", "title": "Networks"},
    ]
    assert compiled["parties"] == [{"id": "P1", "name": "Northshire Council", "roles": ["payer"]}]
    assert latest == "2"


def test_a_published_compiled_release_is_used_and_the_latest_linked_release_names_it():
    own = release("compiled-by-publisher", "2024-02-01T00:00:00Z", tender={"title": "As published"})
    record = {
        "ocid": OCID,
        "compiledRelease": own,
        "releases": [
            {"url": "https://example.org/package.json#r-feb", "date": "2024-02-01T00:00:00Z"},
            {"id": "r-jan", "date": "2024-01-01T00:00:00Z"},
        ],
    }

    compiled, where, latest = compiled_release(record, "feed.json", "records[3]")

    assert compiled is own
    assert where == "records[3].compiledRelease"
    assert latest == "r-feb"  # the id from the link's #fragment


def test_a_record_of_links_only_cannot_be_compiled():
    record = {"ocid": OCID, "releases": [{"url": "https://example.org/package.json#r1", "date": "2024-01-01"}]}

    with pytest.raises(InputError) as info:
        compiled_release(record, "feed.json", "records[0]")

    assert (info.value.file, info.value.row, info.value.field) == ("feed.json", "records[0]", "releases")
    assert "nothing to compile" in info.value.reason


def test_a_release_without_a_date_is_named():
    record = {"ocid": OCID, "releases": [release("1", "2024-01-01T00:00:00Z"), {"ocid": OCID, "id": "2"}]}

    with pytest.raises(InputError) as info:
        compiled_release(record, "feed.json", "record")

    assert (info.value.row, info.value.field) == ("record.releases[1]", "date")
