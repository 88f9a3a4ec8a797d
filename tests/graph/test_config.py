"""One Settings object reads every environment variable, when asked, and the README's tables come from it."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplygraph.cli import main
from supplygraph.graph import query_library
from supplygraph.graph.config import settings, variables
from supplygraph.graph.errors import SettingsError
from supplygraph.graph.settings_doc import update
from tests.helpers import ROOT

PACKAGES = ("graph", "loaders", "api", "cli")


def test_the_readme_tables_are_the_ones_settings_and_errors_generate():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # if this fails: python -m supplygraph.graph.settings_doc README.md
    assert update(readme) == readme


def test_every_variable_has_a_readme_row():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, re.MULTILINE)
    assert sorted(rows) == sorted(variables().values())
    assert len(rows) == 22  # 21, and SUPPLYGRAPH_API_SERVER


def test_only_the_config_module_reads_the_environment():
    readers = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["graph/config.py"]


def test_a_changed_environment_is_seen_without_a_reimport(monkeypatch):
    monkeypatch.delenv("SUPPLYGRAPH_MAX_ROWS", raising=False)
    monkeypatch.delenv("SUPPLYGRAPH_QUERY_TIMEOUT", raising=False)
    assert (query_library.default_max_rows(), query_library.default_timeout()) == (100_000, 30.0)
    monkeypatch.setenv("SUPPLYGRAPH_MAX_ROWS", "100")
    monkeypatch.setenv("SUPPLYGRAPH_QUERY_TIMEOUT", "0")
    assert (query_library.default_max_rows(), query_library.default_timeout()) == (100, None)


def test_an_empty_neo4j_uri_means_the_local_server_in_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_URI", "")
    monkeypatch.delenv("SUPPLYGRAPH_NEO4J_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    cfg = settings()
    assert cfg.uses_local and cfg.local_dir == Path(tmp_path).resolve() / ".neo4j"


def test_a_value_that_cannot_be_used_names_its_variable(monkeypatch):
    monkeypatch.setenv("SUPPLYGRAPH_MAX_ROWS", "lots")
    with pytest.raises(SettingsError, match="SUPPLYGRAPH_MAX_ROWS='lots'") as info:
        settings()
    assert (info.value.exit_code, info.value.http_status) == (6, 500)


def test_settings_shows_values_in_effect_with_secrets_masked(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2")
    monkeypatch.setenv("SUPPLYGRAPH_API_KEY", "s3cret")
    monkeypatch.setenv("SUPPLYGRAPH_LOAD_WRITERS", "3")
    monkeypatch.delenv("SUPPLYGRAPH_NEO4J_HEAP", raising=False)
    out = CliRunner().invoke(main, ["settings"])
    assert out.exit_code == 0, out.output
    shown = {line.split()[0]: line.split(None, 1)[1] for line in out.output.splitlines()}
    assert "hunter2" not in out.output and "s3cret" not in out.output
    assert shown["NEO4J_PASSWORD"] == "********  (environment)"
    assert shown["SUPPLYGRAPH_API_KEY"] == "********  (environment)"
    assert shown["SUPPLYGRAPH_LOAD_WRITERS"] == "3  (environment)"
    assert shown["SUPPLYGRAPH_NEO4J_HEAP"] == "1g  (default)"


def test_settings_markdown_prints_the_readme_tables():
    out = CliRunner().invoke(main, ["settings", "--markdown"])
    assert out.exit_code == 0, out.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in out.output.splitlines():
        if line.startswith("| `"):
            assert line in readme
