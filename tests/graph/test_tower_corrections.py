"""An analyst sets what a contract buys; the decision is kept with who and why and survives reloads."""

from __future__ import annotations

import pytest

from supplygraph.graph import tower_corrections
from supplygraph.graph.errors import NotFoundError, ParameterError
from supplygraph.loaders import load_paths
from tests.helpers import SAMPLE, checksum


def _towers(graph, contract_id):
    return graph.read(
        "MATCH (c:Contract {id: $id}) RETURN c.service_class AS class, c.tower_evidence AS evidence, "
        "COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.id ORDER BY t.id } AS towers",
        {"id": contract_id},
    )[0]


def test_set_towers_replaces_the_towers_and_survives_a_reload(sample_graph):
    done = tower_corrections.set_towers(
        sample_graph, "met-bt-networks", ["WAN", "SIAM"], note="read the notice", by="ana"
    )
    assert done.towers == ("networks", "service-integration")
    assert _towers(sample_graph, "met-bt-networks") == {
        "class": "tower",
        "evidence": ["set by ana: read the notice"],
        "towers": ["networks", "service-integration"],
    }
    before = checksum(sample_graph, history=True)
    load_paths(sample_graph, [SAMPLE])  # the sample says Networks only
    assert _towers(sample_graph, "met-bt-networks")["towers"] == ["networks", "service-integration"]
    assert checksum(sample_graph, history=True) == before  # the reload changed nothing, kept no new version


def test_it_other_takes_every_tower_away_and_the_latest_decision_wins(sample_graph):
    tower_corrections.set_towers(sample_graph, "met-dxc-hosting-eus", ["none"], by="ana")
    tower_corrections.set_towers(sample_graph, "met-dxc-hosting-eus", ["it-other"], note="licences", by="bo")
    assert _towers(sample_graph, "met-dxc-hosting-eus") == {
        "class": "it-other",
        "evidence": ["set by bo: licences"],
        "towers": [],
    }
    assert [(c.service_class, c.by) for c in tower_corrections.history(sample_graph, "met-dxc-hosting-eus")] == [
        ("none", "ana"),
        ("it-other", "bo"),
    ]


def test_bad_decisions_are_refused_naming_what_is_wrong(sample_graph):
    with pytest.raises(ParameterError, match="it-other stands alone"):
        tower_corrections.set_towers(sample_graph, "met-bt-networks", ["it-other", "networks"])
    with pytest.raises(ParameterError, match="unknown tower 'netwerks'"):
        tower_corrections.set_towers(sample_graph, "met-bt-networks", ["netwerks"])
    with pytest.raises(NotFoundError, match="unknown contract 'nope'"):
        tower_corrections.set_towers(sample_graph, "nope", ["networks"])
