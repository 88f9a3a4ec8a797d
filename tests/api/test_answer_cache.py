"""Answers from memory while the graph is unchanged, and the new answer at once after any write."""

import pytest

from supplygraph.graph import query_library
from tests.helpers import client_for, load_contracts, run_cli

NETWORKS_2019 = "/api/buyers/Met Police/towers/networks/holders?as_of=2019-06-01"


@pytest.fixture
def queries_run(monkeypatch):
    """How many saved queries the API has run (the hook every question goes through to Neo4j)."""
    calls: list[str] = []
    real = query_library.run

    def counting(graph, name, *args, **kwargs):
        calls.append(name)
        return real(graph, name, *args, **kwargs)

    monkeypatch.setattr(query_library, "run", counting)
    return calls


def holders(client, path: str = NETWORKS_2019) -> list[str]:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return [h["supplier"]["id"] for h in answer.json()["holders"]]


def test_the_same_question_twice_runs_the_query_once(client, queries_run):
    assert holders(client) == ["bt"]
    assert holders(client) == ["bt"]
    assert queries_run == ["holders"]
    assert (client.app.state.answers.hits, client.app.state.answers.misses) == (1, 1)


def test_a_cached_answer_is_byte_for_byte_the_first(client):
    first = client.get(NETWORKS_2019)
    second = client.get(NETWORKS_2019)
    assert first.content == second.content
    assert first.headers["content-type"] == second.headers["content-type"] == "application/json"


def test_a_load_is_answered_at_once(client, graph, tmp_path, queries_run):
    assert holders(client) == ["bt"]
    # Vodafone runs Met's networks too from 2018: the next request must say so, not the cached answer
    load_contracts(
        graph, tmp_path, "met-vodafone,Metropolitan Police Service,Vodafone,Networks,2018,2020,,,n,https://x\n"
    )
    assert holders(client) == ["bt", "vodafone"]
    assert queries_run == ["holders", "holders"]


def test_an_orgs_merge_in_another_process_is_answered_at_once(client, queries_run):
    assert holders(client) == ["bt"]
    merged = run_cli("orgs", "merge", "Capgemini", "BT")
    assert merged.returncode == 0, merged.stderr
    assert holders(client) == ["capgemini"]  # BT's networks contract is Capgemini's now
    assert holders(client) == ["capgemini"]
    assert queries_run == ["holders", "holders"]


def test_an_answer_is_one_read_transaction_and_a_cached_one_a_version_probe(client, graph, monkeypatch):
    """Resolving 'Met Police' and 'networks' and running the query share one transaction."""
    sent: list[str] = []
    transaction, probe = graph.execute_read, graph.read_once
    monkeypatch.setattr(graph, "execute_read", lambda work: sent.append("transaction") or transaction(work))
    monkeypatch.setattr(graph, "read_once", lambda *a, **k: sent.append("version probe") or probe(*a, **k))
    holders(client)  # answered by Neo4j
    assert sent == ["version probe", "transaction"]
    holders(client)  # answered from memory
    assert sent == ["version probe", "transaction", "version probe"]


def test_the_cache_keeps_at_most_its_size(sample_graph, monkeypatch, queries_run):
    monkeypatch.setenv("SUPPLYGRAPH_API_CACHE_SIZE", "2")
    client = client_for(sample_graph)
    days = ["2016-06-01", "2017-06-01", "2018-06-01"]
    for day in days:
        assert holders(client, NETWORKS_2019.replace("2019-06-01", day)) == ["bt"]
    assert len(client.app.state.answers) == 2
    holders(client, NETWORKS_2019.replace("2019-06-01", days[2]))  # kept: the most recent
    holders(client, NETWORKS_2019.replace("2019-06-01", days[0]))  # dropped first, so asked again
    assert len(queries_run) == 4


def test_size_zero_turns_the_cache_off(sample_graph, monkeypatch, queries_run):
    monkeypatch.setenv("SUPPLYGRAPH_API_CACHE_SIZE", "0")
    client = client_for(sample_graph)
    assert holders(client) == holders(client) == ["bt"]
    assert queries_run == ["holders", "holders"]
    assert len(client.app.state.answers) == 0


def test_coverage_is_cached_and_a_load_shows_in_it_at_once(client, graph, tmp_path, queries_run):
    def contracts() -> int:
        answer = client.get("/api/sources")
        assert answer.status_code == 200, answer.text
        return sum(row["contracts"] for row in answer.json()["sources"])

    before = contracts()
    assert contracts() == before
    assert queries_run == ["sources"]  # the second answer came from memory
    load_contracts(
        graph, tmp_path, "met-vodafone,Metropolitan Police Service,Vodafone,Networks,2018,2020,,,n,https://x\n"
    )
    assert contracts() == before + 1
    assert queries_run == ["sources", "sources"]
