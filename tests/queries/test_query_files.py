"""The saved-query files are the library: an analyst's edit is picked up without a restart."""

import os
import time

from supplygraph.graph import query_library


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
