"""The saved-query files are the library: an analyst's edit is picked up without a restart."""

import datetime
import os
import time

import pytest

from supplygraph.graph import query_library
from supplygraph.graph.errors import ParameterError


def write(path, description: str) -> None:
    path.write_text(f"// @name answer\n// @description {description}\n// @column x -- a number\nRETURN 42 AS x\n")


def test_an_edited_query_file_is_read_again_within_a_second(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_QUERIES", str(tmp_path))
    path = tmp_path / "answer.cypher"
    write(path, "first wording")
    assert query_library.get("answer").description == "first wording"
    write(path, "second wording")
    # a new mtime, whatever the file system's timestamp resolution
    os.utime(path, (time.time() + 5, time.time() + 5))
    # looked at again only after a second: within it, the answer may be the old one
    time.sleep(1.1)
    assert query_library.get("answer").description == "second wording"
    (tmp_path / "answer.cypher").unlink()
    time.sleep(1.1)
    assert "answer" not in query_library.library()


def test_no_saved_query_normalises_text_itself():
    # names are resolved in Python (graph.lookup) and keys made by graph.names: the Cypher matches ids and keys
    for saved in query_library.library().values():
        assert "toLower(" not in saved.text and "trim(" not in saved.text, saved.name


def test_a_moment_keeps_the_nanoseconds_neo4j_prints_and_a_day_means_its_last_one():
    moment = query_library.parse_moment("2026-12-01T21:57:10.123456789Z")
    assert (moment.second, moment.nanosecond, moment.utcoffset()) == (10, 123456789, datetime.timedelta(0))
    # Neo4j drops trailing zeros: .4 is 400 ms, and before .486
    assert query_library.parse_moment("2026-12-01T21:57:10.4Z") < query_library.parse_moment("2026-12-01T21:57:10.486Z")
    assert query_library.parse_moment("2026-01-01").iso_format() == "2026-01-01T23:59:59.999999999+00:00"
    assert query_library.parse_moment("2026-01-01T12:00").iso_format() == "2026-01-01T12:00:00.000000000+00:00"


def test_an_integer_parameter_past_what_neo4j_holds_is_a_parameter_error_not_a_crash():
    limit = next(p for p in query_library.get("switching-matrix").params if p.name == "limit")
    assert limit.convert("9223372036854775807") == 2**63 - 1
    for too_big in ("9223372036854775808", 10**20, "-9223372036854775809"):
        with pytest.raises(ParameterError, match="between -2\\^63 and 2\\^63 - 1"):
            limit.convert(too_big)
