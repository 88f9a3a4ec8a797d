"""Messages go through logging to stderr, -v and -q set how many; results stay on stdout."""

import logging

import pytest

from supplygraph.cli import logs
from tests.helpers import run_cli


@pytest.fixture
def restore_logging():
    root, ours = logging.getLogger(), logging.getLogger("supplygraph")
    saved = (root.level, list(root.handlers), ours.level)
    yield
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    ours.setLevel(saved[2])


@pytest.mark.parametrize(
    ("verbose", "quiet", "lowest"),
    [(0, False, logging.INFO), (1, False, logging.DEBUG), (2, False, logging.DEBUG), (0, True, logging.WARNING)],
)
def test_verbose_and_quiet_set_the_lowest_level_shown(restore_logging, verbose, quiet, lowest):
    logs.configure(verbose, quiet)
    assert logging.getLogger("supplygraph.graph.db").getEffectiveLevel() == lowest
    # the libraries' own messages (the Neo4j driver's): warnings, debug only with -vv
    assert logging.getLogger("neo4j").getEffectiveLevel() == (logging.DEBUG if verbose == 2 else logging.WARNING)


def test_configuring_twice_keeps_one_handler(restore_logging):
    logs.configure()
    logs.configure(1)
    assert sum(isinstance(h, logs._StderrHandler) for h in logging.getLogger().handlers) == 1


def test_verbose_messages_go_to_stderr_and_results_to_stdout(sample_graph):
    args = ("query", "holders", "-p", "buyer=Met Police", "-p", "tower=networks", "-p", "as_of=2019-06-01")
    loud = run_cli("-v", *args, "--format", "csv")
    assert loud.returncode == 0, loud.stderr
    assert "DEBUG supplygraph.graph.db: connected to Neo4j at bolt://" in loud.stderr
    assert loud.stdout.splitlines()[1].startswith("metropolitan-police-service,Metropolitan Police Service,networks")
    quiet = run_cli("-q", *args, "--format", "csv")
    assert (quiet.stdout, quiet.stderr) == (loud.stdout, "")
