"""The generated-history evaluation: stored SUCCEEDS pairs against a truth file, on a tiny history known by hand."""

from __future__ import annotations

from pathlib import Path

from supplygraph.graph import incumbents
from supplygraph.graph.succession_truth import compare, report, stored_pairs
from supplygraph.loaders import load_paths
from supplygraph.loaders.synthetic_notices import NOTICE_COLUMNS, read_truth
from tests.helpers import write_csv

# a buyer's notices in the generator's format: a WAN contract and its renewal; two lots of one cleaning tender
HISTORY = [
    "wan-1,Ashford Council,BT,Networks,2015-01-01,2017-12-31,900000,GBP,Wide area network services,"
    "https://example.org/1,,2014-11-03,,complete,,Connectivity between the council's offices and depots.",
    "wan-2,Ashford Council,BT,Networks,2018-01-01,2020-12-31,950000,GBP,Wide area network services - renewal,"
    "https://example.org/2,,2017-11-20,,complete,,Renewal of the existing contract. Connectivity between offices.",
    "clean-1,Ashford Council,Mitie,,2018-04-01,2021-03-31,300000,GBP,Office cleaning services Lot 1: offices,"
    "https://example.org/3,,2018-01-10,,complete,,Daily cleaning of council buildings. This lot covers offices.",
    "clean-2,Ashford Council,Sodexo,,2018-04-01,2021-03-31,250000,GBP,Office cleaning services Lot 2: schools,"
    "https://example.org/4,,2018-01-10,,complete,,Daily cleaning of council buildings. This lot covers schools.",
]
TRUTH = """contract_id\tbuyer\tservice\tlot\tpredecessor\tkind
wan-1\tAshford Council\twan\t\t\tfirst
wan-2\tAshford Council\twan\t\twan-1\trenewal
clean-1\tAshford Council\tcleaning\tLot 1: offices\t\tfirst
clean-2\tAshford Council\tcleaning\tLot 2: schools\t\tfirst
"""


def _history(directory: Path) -> Path:
    write_csv(directory, "contracts.csv", ",".join(NOTICE_COLUMNS) + "\n" + "\n".join(HISTORY) + "\n")
    (directory / "succession.tsv").write_text(TRUTH, encoding="utf-8")
    return directory


def test_the_renewal_is_found_and_the_parallel_lots_are_not_paired(graph, tmp_path: Path) -> None:
    history = _history(tmp_path)
    load_paths(graph, [history])  # succession.tsv is not a CSV: the load leaves it alone
    incumbents.refresh(graph)
    outcome = compare(stored_pairs(graph), read_truth(history))
    assert outcome.right == {("wan-2", "wan-1")}
    assert outcome.wrong == frozenset() and outcome.missed == frozenset()
    assert (outcome.precision, outcome.recall) == (1.0, 1.0)


def test_wrong_pairs_are_told_apart_and_missed_ones_counted_by_kind(tmp_path: Path) -> None:
    truth = read_truth(_history(tmp_path))
    outcome = compare({("clean-2", "clean-1"), ("clean-1", "wan-1")}, truth)
    assert outcome.wrong_by_why == {"other lot of the service": 1, "two services": 1}
    assert outcome.missed_by_kind == {"renewal": 1}
    assert (outcome.precision, outcome.recall) == (0.0, 0.0)
    assert report(outcome)[:3] == ["right 0  wrong 2  missed 1", "precision 0.00", "recall    0.00"]
