"""The bulk score (numpy) agrees with the one-by-one score on every candidate pair, so pruning with it loses nothing."""

from __future__ import annotations

import csv
from datetime import date
from itertools import groupby

import pytest

from supplygraph.graph import pair_scores
from supplygraph.graph import predecessors as p
from supplygraph.graph.names import IN_HOUSE_ID
from supplygraph.graph.temporal import PartialDate
from supplygraph.loaders.synthetic_notices import generate_notices

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def generated_buyers(tmp_path, contracts: int = 600, seed: int = 3) -> list[list[p.Notice]]:
    """Generated notices (renewals, re-procurements, lots, unrelated services, in-house spells), by buyer."""
    generate_notices(contracts, seed, tmp_path)
    with (tmp_path / "contracts.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    notices = [
        (
            row["buyer"],
            p.Notice(
                row["contract_id"],
                row["title"],
                row["description"],
                towers=tuple(t.strip().lower().replace(" ", "-") for t in row["towers"].split(";") if t.strip()),
                start=_first(row["start"]),
                end=_last(row["end"]),
                published=_first(row["source_published"]),
                start_latest=_last(row["start"]),
                end_earliest=_first(row["end"]),
                value=float(row["value"]) if row["value"] else None,
                suppliers=frozenset(s.strip() for s in row["supplier"].split(";") if s.strip()),
                # a few of every kind of value the matcher reads: CPV codes, a class, a reference
                cpv=("72000000",) if i % 3 == 0 else ("72400000", "48000000") if i % 3 == 1 else (),
                service_class="none" if i % 17 == 0 else None,
                source_ref=f"REF-{i}" if i % 5 == 0 else None,
            ),
        )
        for i, row in enumerate(rows)
    ]
    notices.sort(key=lambda x: x[0])
    return [[n for _, n in group] for _, group in groupby(notices, key=lambda x: x[0])]


def test_the_bulk_score_of_every_candidate_pair_is_the_exact_score_to_within_the_slack(tmp_path):
    pairs = 0
    for buyer in generated_buyers(tmp_path):
        dated = sorted(buyer, key=lambda n: (n.begins, n.id))
        vectors = p._vectors(dated)
        columns = pair_scores.Columns(dated, vectors, p._title_words, p._name_words, IN_HOUSE_ID)
        for j, b in enumerate(dated):
            window = columns.window(j, p.MAX_GAP_DAYS)
            earlier = columns.candidates(window, j, p.MAX_GAP_DAYS, p._alike)
            # the candidates are exactly those _may_precede lets through
            assert [dated[i].id for i in earlier] == [dated[i].id for i in window if p._may_precede(dated[i], b)]
            if not len(earlier):
                continue
            similarity = columns.similarity(earlier, j)
            assert list(similarity) == list((vectors[earlier] @ vectors[j].T).toarray().ravel())
            text = f"{b.title} {b.description}".lower()
            words = p._renewal_words(text)
            bulk = columns.scores(
                earlier,
                j,
                similarity,
                renewal=words is not None,
                renewal_in_house=words is not None and bool(p._IN_HOUSE_WORDS.search(words.group(0))),
                title_similarity=lambda i, k: p._title_similarity(dated[i], dated[k]),
                cpv_shared=p._cpv_shared_digits,
                text_of_j=text,
            )
            for i, sim, score in zip(earlier, similarity, bulk):
                exact = p.score_pair(dated[i], b, float(sim)).score
                assert abs(score - exact) <= pair_scores.SLACK, (dated[i].id, b.id, score, exact)
                pairs += 1
    assert pairs > 5000  # the buyers' notices overlap in time: many candidate pairs were compared


def test_rank_finds_the_same_pairs_as_scoring_every_candidate_one_by_one(tmp_path):
    for buyer in generated_buyers(tmp_path, contracts=400, seed=5):
        dated = sorted(buyer, key=lambda n: (n.begins, n.id))
        vectors = p._vectors(dated)
        expected = []
        for j, b in enumerate(dated):
            # every notice running, or ended no more than two years before b begins, that may precede it
            earlier = [
                i
                for i, a in enumerate(dated[:j])
                if (a.end is None or (b.begins - a.end).days <= p.MAX_GAP_DAYS) and p._may_precede(a, b)
            ]
            similarity = (vectors[earlier] @ vectors[j].T).toarray().ravel() if earlier else []
            scored = sorted(
                (p.score_pair(dated[i], b, float(sim)) for i, sim in zip(earlier, similarity)),
                key=lambda c: (-c.score, c.earlier),
            )
            expected += [c for c in scored if c.score >= p.THRESHOLD][:5]
        assert p.select(p.rank(buyer), buyer) == p.select(expected, buyer)
        # as a load stores them: evidence written only for the pairs kept
        assert p.explained(p.select(p.rank(buyer, explain=False), buyer), buyer) == p.select(expected, buyer)


def _first(text: str) -> date | None:
    """The first day of "2021", "2021-10" or "2021-10-04" (None for no date)."""
    return PartialDate.parse(text).first if text else None


def _last(text: str) -> date | None:
    """The last day of "2021", "2021-10" or "2021-10-04" (None for no date)."""
    return PartialDate.parse(text).last if text else None


def test_with_more_towers_than_the_masks_hold_every_pair_is_scored_one_by_one(tmp_path, monkeypatch):
    buyers = generated_buyers(tmp_path, contracts=300, seed=11)
    bulk = [p.select(p.rank(b), b) for b in buyers]
    monkeypatch.setattr(pair_scores, "_MAX_TOWERS", 0)  # no notice's towers fit: no bulk bound
    assert [p.select(p.rank(b), b) for b in buyers] == bulk
    assert any(bulk)
