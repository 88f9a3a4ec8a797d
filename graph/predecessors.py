"""Contract-to-contract succession: which earlier contract a contract or open process most likely replaces.

Publishers rarely say which contract a new one replaces, so candidates at the same buyer are
scored on what the two notices share and when they fall. Every score comes with its evidence,
one line per feature, so an analyst sees why a pair ranks where it does.

A pair (earlier ``a``, later ``b``) is a candidate when ``b`` starts (or, for an open process,
is published) after ``a`` started, and starts or is published no later than :data:`MAX_GAP_DAYS`
after ``a`` ended (an extension of a DPS is published before the old term ends, giving a start
years ahead). It is
left out when the two are one process (the same OCDS ``ocid`` or buyer reference; or a tender
with no supplier and, within a year, an award of a like title: a tender and its own award) or one
notice published twice (like titles published within 90 days with the same suppliers). The score adds, with the weights
in :data:`WEIGHTS`:

- ``text``: TF-IDF cosine similarity of title (counted twice), description and tower names, fitted
  on the buyer's own notices, so the words every notice of that buyer uses count for little;
- ``title``: the words the titles share over the shorter title's words, leaving out the words any
  title has ("services", "contract", "lot", "renewal"; plurals folded);
- ``cpv``: the longest CPV prefix the two share, in digits out of 8;
- ``towers``: overlap of their towers over the smaller set (a contradiction counts against: both
  have towers and share none, or one is IT and the other is not);
- ``timing``: 1 when ``b`` starts within 90 days before to 180 days after ``a`` ends, or (an open
  process, or a notice published near ``a``'s end for a start long after) is published in ``a``'s
  last 18 months; falling to 0 at a year early or two years late. Parallel lots (starting, or
  published and starting, with ``a`` while it runs on) score 0 here and at most 0.3 in all;
- ``wording``: renewal, extension or re-procurement words in ``b`` (worth as much as the subjects
  match: such words say something is replaced, not what; words bringing a service back in-house
  worth at least 0.5 when one of the two is in-house and the other not), or ``b`` naming ``a``'s
  reference;
- ``supplier``: the same supplier (or what it became) continuing, worth as much as the subjects
  match (a buyer's big suppliers hold many of its services);
- ``value``: the smaller value over the larger, when both are known.

A pair that shares nothing about the service (text and title unlike, CPV codes apart, no tower
in common) scores at most 0.3 whatever its timing. The weighted sum is divided by the weights of the features both notices allow (CPV, towers and
value only when both have them; wording and supplier only ever add), capped to 0..1; pairs at or
above :data:`THRESHOLD` are stored as ``SUCCEEDS`` unless :func:`select` finds a better
explanation (a skipped link of a chain; another lot of the same tender). Partial dates ("2021") count as whatever day
of their period makes the handover closest. docs/incumbents.md has the figures.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

from supplygraph.graph import pair_scores
from supplygraph.graph.names import IN_HOUSE_ID

MAX_GAP_DAYS = 730
THRESHOLD = 0.55
WEIGHTS = {
    "text": 3.0,
    "title": 1.0,
    "cpv": 1.5,
    "towers": 1.0,
    "timing": 2.0,
    "wording": 1.0,
    "supplier": 0.5,
    "value": 0.5,
}
_BONUS = frozenset({"wording", "supplier"})
"""Features that only ever add: their absence says little, so they are not in the denominator."""
_RENEWAL = re.compile(
    r"\b(?:renewal|renew(?:ed|ing)?|extension|extend(?:ed|ing)?|re-?procure(?:ment)?|re-?tender(?:ing)?|"
    r"replace(?:s|ment)?(?: of)? (?:the )?(?:existing|current|previous)|continuation|continuity|follow[- ]on|"
    r"successor|incumbent|current contract|existing contract|(?:brought|taken) back in-house|insourc\w*|outsourc\w*)\b"
)

_IN_HOUSE_WORDS = re.compile(r"in-house|insourc|outsourc")


@dataclass(frozen=True)
class Notice:
    """A contract or an open process as the matcher sees it."""

    id: str
    title: str
    description: str = ""
    cpv: tuple[str, ...] = ()
    towers: tuple[str, ...] = ()
    service_class: str | None = None
    start: date | None = None  # the first day it may have started (a partial date's first day)
    end: date | None = None  # the last day it may have ended (a partial date's last day)
    published: date | None = None
    start_latest: date | None = None  # for a partial start ("2021"), its period's last day; else the start
    end_earliest: date | None = None  # for a partial end, its period's first day; else the end
    value: float | None = None
    suppliers: frozenset[str] = field(default_factory=frozenset)
    ocid: str | None = None
    source_ref: str | None = None

    @property
    def begins(self) -> date | None:
        """When it takes effect: its start, else (an open process) when it was published."""
        return self.start or self.published

    @property
    def announced(self) -> date | None:
        """When it is first known: the earlier of its start and its publication (a DPS or framework extension
        is published years before the start it gives)."""
        return min((d for d in (self.start, self.published) if d is not None), default=None)


@dataclass(frozen=True)
class Candidate:
    """``later`` probably succeeds ``earlier``, with a score from 0 to 1 and why."""

    earlier: str
    later: str
    score: float
    features: dict[str, float]
    evidence: tuple[str, ...]

    @property
    def above_threshold(self) -> bool:
        return self.score >= THRESHOLD


def rank(
    notices: Sequence[Notice], successors_of: Iterable[str] | None = None, keep: int = 5, explain: bool = True
) -> list[Candidate]:
    """The best ``keep`` predecessors at or above :data:`THRESHOLD` of each notice of one buyer, best first.

    ``successors_of``: only the candidates of these notices (an incremental run after a load scores
    the new notices against all, not all against all). Candidates are found by time first (the
    notices running, or ended within :data:`MAX_GAP_DAYS`), then all of a notice's candidates are
    scored at once (:mod:`graph.pair_scores`, numpy) and only those that may reach the threshold, best
    first, are scored one by one for their exact score and evidence. :func:`around` lists every
    candidate of one notice, below the threshold too. Without ``explain`` the candidates have no
    evidence yet: :func:`explained` adds it to those that are kept (after :func:`select`).
    """
    dated = sorted((n for n in notices if n.begins is not None), key=lambda n: (n.begins, n.id))
    if len(dated) < 2:
        return []
    vectors = _vectors(dated)
    columns = pair_scores.Columns(dated, vectors, _title_words, _name_words, IN_HOUSE_ID)
    wanted = None if successors_of is None else set(successors_of)
    found: list[Candidate] = []
    for j, b in enumerate(dated):
        if j == 0 or (wanted is not None and b.id not in wanted):
            continue
        earlier = columns.candidates(columns.window(j, MAX_GAP_DAYS), j, MAX_GAP_DAYS, _alike)
        if not len(earlier):
            continue
        similarity = columns.similarity(earlier, j)
        for i, sim in _best(dated, columns, earlier, j, similarity, keep):
            if explain:
                found.append(score_pair(dated[i], b, sim))
            else:
                score, features, _ = _judge(dated[i], b, sim, explain=False)
                found.append(Candidate(dated[i].id, b.id, score, features, ()))
    return found


def _best(
    dated: Sequence[Notice], columns: pair_scores.Columns, earlier: Any, j: int, similarity: Any, keep: int
) -> list[tuple[int, float]]:
    """The ``keep`` best of ``earlier`` as predecessors of ``j`` at or above the threshold (index, text similarity),
    best first: scored in bulk, then one by one from the best bulk score down while one may still make the top."""
    b = dated[j]
    text = f"{b.title} {b.description}".lower()
    words = _renewal_words(text)
    if columns.vectorised:
        bound = columns.scores(
            earlier,
            j,
            similarity,
            renewal=words is not None,
            renewal_in_house=words is not None and bool(_IN_HOUSE_WORDS.search(words.group(0))),
            title_similarity=lambda i, k: _title_similarity(dated[i], dated[k]),
            cpv_shared=_cpv_shared_digits,
            text_of_j=text,
        )
    else:  # more towers than the bulk scorer's masks hold: every pair one by one
        bound = np.full(len(earlier), np.inf)
    scored: list[tuple[float, str, int, float]] = []
    top: list[float] = []  # the best ``keep`` exact scores so far, lowest first
    for k in np.argsort(-bound, kind="stable"):
        reach = bound[k] + pair_scores.SLACK
        if reach < THRESHOLD or (len(top) == keep and reach < top[0]):
            break
        i, sim = int(earlier[k]), float(similarity[k])
        score = _judge(dated[i], b, sim, explain=False)[0]
        if score < THRESHOLD:
            continue
        scored.append((-score, dated[i].id, i, sim))
        heapq.heappush(top, score)
        if len(top) > keep:
            heapq.heappop(top)
    scored.sort()
    return [(i, sim) for _, _, i, sim in scored[:keep]]


def around(notices: Sequence[Notice], contract_id: str, later: bool, keep: int = 50) -> list[Candidate]:
    """The candidates of one notice only, best first: its predecessors (``later``: it is the later one) or its
    successors. The text model is fitted on all ``notices`` (the buyer's), the pairs scored are this one's."""
    dated = [n for n in notices if n.begins is not None]
    me = next((i for i, n in enumerate(dated) if n.id == contract_id), None)
    if me is None or len(dated) < 2:
        return []
    n = dated[me]
    others = [i for i, o in enumerate(dated) if (_may_precede(o, n) if later else _may_precede(n, o))]
    if not others:
        return []
    vectors = _vectors(dated)
    similarity = (vectors[others] @ vectors[me].T).toarray().ravel()
    found = [
        score_pair(dated[i], n, float(sim)) if later else score_pair(n, dated[i], float(sim))
        for i, sim in zip(others, similarity)
    ]
    found.sort(key=lambda c: (-c.score, c.earlier if later else c.later))
    return found[:keep]


def score_pair(a: Notice, b: Notice, text_similarity: float) -> Candidate:
    """The score and evidence of ``b`` succeeding ``a`` (see the module docstring)."""
    score, features, evidence = _judge(a, b, text_similarity, explain=True)
    return Candidate(a.id, b.id, score, features, tuple(evidence))


def _judge(a: Notice, b: Notice, text_similarity: float, explain: bool) -> tuple[float, dict[str, float], list[str]]:
    """The score (rounded to 3 places), the features and, with ``explain``, the evidence lines.

    :func:`rank` asks first without ``explain`` (most pairs are not kept: their evidence is never read).
    """
    features: dict[str, float] = {}
    evidence: list[str] = []
    features["text"] = text_similarity
    if explain:
        evidence.append(f"text similarity {text_similarity:.2f}")
    said_title = _title_similarity(a, b)
    if said_title is None:  # a title that names no service ("Services delivered by Serco") says nothing either way
        title = 0.0
        if explain:
            evidence.append("title similarity - (a title names no service)")
    else:
        title = features["title"] = said_title
        if explain:
            evidence.append(f"title similarity {title:.2f}")
    shared = _cpv_shared_digits(a.cpv, b.cpv)
    if shared is not None:
        features["cpv"] = shared / 8.0
        if explain:
            evidence.append(f"CPV codes share {shared} of 8 digits")
    towers = _towers(a, b)
    if towers is not None:
        features["towers"] = towers
        if explain:
            evidence.append(_towers_said(a, b, towers))
    timing, said = _timing(a, b)
    features["timing"] = timing
    if explain:
        evidence.append(said)
    words = _renewal_words(f"{b.title} {b.description}".lower())
    names_a = bool(a.source_ref) and a.source_ref.lower() in f"{b.title} {b.description}".lower()  # type: ignore[union-attr]
    if words or names_a:
        # renewal words say "this replaces something", not what: they count as much as the subjects match
        # words that bring a service back in-house (or send it out) fit a switch between a supplier and in-house
        # at least halfway, whatever the subjects: such contracts rarely name their service
        switch = words is not None and _IN_HOUSE_WORDS.search(words.group(0)) and _switches_in_house(a, b)
        features["wording"] = 1.0 if names_a else max(text_similarity, title, 0.5 if switch else 0.0)
        if explain:
            evidence.append(f"names {a.source_ref!r}" if names_a else f'wording: "{words.group(0)}"')  # type: ignore[union-attr]
    if a.suppliers and b.suppliers and a.suppliers & b.suppliers:
        # a buyer's big suppliers hold many of its services: the same supplier says as much as the subjects match
        features["supplier"] = max(text_similarity, title)
        if explain:
            evidence.append("the same supplier continues: " + ", ".join(sorted(a.suppliers & b.suppliers)))
    if a.value and b.value and a.value > 0 and b.value > 0:
        ratio = min(a.value, b.value) / max(a.value, b.value)
        features["value"] = ratio if ratio >= 0.2 else -0.5
        if explain:
            evidence.append(f"value ratio {ratio:.2f}")
    total = sum(WEIGHTS[k] * v for k, v in features.items())
    possible = sum(WEIGHTS[k] for k in features if k not in _BONUS)
    score = max(0.0, min(1.0, total / possible))
    if "parallel lots" in said:
        score = min(score, 0.3)
    if _nothing_in_common(text_similarity, title, features.get("cpv", 0.0), features.get("towers", 0.0)):
        score = min(score, 0.3)
        if explain:
            evidence.append("nothing about the service in common: at most 0.3")
    return round(score, 3), features, evidence


def _nothing_in_common(text: float, title: float, cpv: float, towers: float) -> bool:
    """Text and title unlike, CPV codes apart, no tower in common: at most 0.3 whatever the timing."""
    return text < 0.1 and title < 0.5 and cpv < 3 / 8 and towers <= 0


def _towers(a: Notice, b: Notice) -> float | None:
    """Overlap of the towers over the smaller set; -1 for a different service; None when it says nothing."""
    if _it_and_not_it(a, b):
        return -1.0
    if a.towers and b.towers:
        # overlap over the smaller set: a consolidation covering four towers fully takes over a one-tower contract
        overlap = len(set(a.towers) & set(b.towers)) / min(len(set(a.towers)), len(set(b.towers)))
        return overlap if overlap > 0 else -1.0
    return None


def _towers_said(a: Notice, b: Notice, towers: float) -> str:
    if _it_and_not_it(a, b):
        return "one is IT and the other is not: a different service (counts against)"
    if towers > 0:
        return f"towers overlap {towers:.2f}"
    return "no tower in common: a different service (counts against)"


def _it_and_not_it(a: Notice, b: Notice) -> bool:
    return {a.service_class, b.service_class} >= {"none"} and len({a.service_class, b.service_class} - {None}) == 2


def explained(candidates: Iterable[Candidate], notices: Sequence[Notice]) -> list[Candidate]:
    """``candidates`` (from :func:`rank` without ``explain``) with their evidence."""
    by_id = {n.id: n for n in notices}
    return [score_pair(by_id[c.earlier], by_id[c.later], c.features["text"]) for c in candidates]


def select(candidates: Iterable[Candidate], notices: Sequence[Notice]) -> list[Candidate]:
    """The pairs to store: those at or above the threshold, less two kinds of pair that a better one explains.

    - Skipping a link: ``c`` succeeds ``b`` which succeeds ``a``; ``c`` then does not directly replace ``a``.
    - Another lot of the same tender: the candidates of one notice that are parallel lots of one tender
      covering the same towers (none, or the same set) compete, and only the best is kept; so do the
      successors of one notice that are such lots. Lots covering different towers do not compete: a
      consolidation replaces each of them.
    """
    by_id = {n.id: n for n in notices}
    above = [c for c in candidates if c.score >= THRESHOLD]
    pairs = {(c.later, c.earlier) for c in above}
    earlier_of: dict[str, set[str]] = {}
    for later, earlier in pairs:
        earlier_of.setdefault(later, set()).add(earlier)
    kept = [c for c in above if not any(c.earlier in earlier_of.get(m, ()) for m in earlier_of[c.later] - {c.earlier})]
    for side in ("earlier", "later"):
        other = "later" if side == "earlier" else "earlier"
        best: dict[tuple[str, str, tuple[str, ...]], Candidate] = {}
        for c in kept:
            n = by_id[getattr(c, side)]
            key = (getattr(c, other), f"{n.published}/{n.begins}", n.towers)
            if key not in best or (c.score, getattr(best[key], side)) > (best[key].score, getattr(c, side)):
                best[key] = c
        kept = [c for c in kept if _lot_winner(c, side, other, best, by_id)]
    return sorted(kept, key=lambda c: (c.later, -c.score, c.earlier))


def _lot_winner(
    c: Candidate,
    side: str,
    other: str,
    best: dict[tuple[str, str, tuple[str, ...]], Candidate],
    by_id: dict[str, Notice],
) -> bool:
    """Whether ``c`` is the best of the pairs whose ``side`` is one lot of a tender and whose ``other`` is the same."""
    n = by_id[getattr(c, side)]
    winner = best[getattr(c, other), f"{n.published}/{n.begins}", n.towers]
    return winner is c or not _lots(n, by_id[getattr(winner, side)])


def _lots(x: Notice, y: Notice) -> bool:
    """Two lots of one tender: published and starting together (within 30 days)."""
    return x.id == y.id or (_near(x.published, y.published, 30) and _near(x.begins, y.begins, 30))


def _may_precede(a: Notice, b: Notice) -> bool:
    if a.begins is None or b.begins is None or a.id == b.id:
        return False
    if a.ocid is not None and a.ocid == b.ocid:
        return False  # one process: a tender and its own award, or two releases of it
    if (a.title, a.start, a.end, a.suppliers) == (b.title, b.start, b.end, b.suppliers):
        return False  # one notice published twice
    if not a.suppliers and b.suppliers and _near(a.published, b.published, 365) and _alike(a.title, b.title):
        return False  # a tender (no supplier yet) and the award of it under another reference
    if _near(a.published, b.published, 90) and _alike(a.title, b.title) and a.suppliers == b.suppliers:
        return False  # one notice published twice (re-published, corrected)
    if b.begins < a.begins or (b.begins == a.begins and b.id < a.id):
        return False
    assert b.announced is not None  # b.begins is not None
    return a.end is None or (b.announced - a.end).days <= MAX_GAP_DAYS  # b starts or is published by then


_GENERIC = frozenset(
    "a an and the of for to in on by with from at as its it our new existing current further term "
    "service contract provision supply lot renewal renew renewed extension extend extended procurement reprocurement "
    "tender retender replacement delivered provided by brought back house".split()
)


def _title_similarity(a: Notice, b: Notice) -> float | None:
    """The words two titles share over the shorter title's words, without the words any title has ("services",
    "contract", "lot 2", "renewal") and the suppliers' names, plurals folded; 1 when one title holds the other's
    every word; None when a title has no other word."""
    names = _name_words(a.suppliers) | _name_words(b.suppliers)
    wx, wy = _title_words(a.title) - names, _title_words(b.title) - names
    if not wx or not wy:
        return None
    return len(wx & wy) / min(len(wx), len(wy))


@lru_cache(maxsize=1 << 14)
def _name_words(suppliers: frozenset[str]) -> frozenset[str]:
    return frozenset(w for s in suppliers for w in _title_words(s.replace("-", " ")))


@lru_cache(maxsize=1 << 16)  # every pair asks again for the same titles' words: work them out once
def _title_words(title: str) -> frozenset[str]:
    words = (w.removesuffix("s") if len(w) > 3 else w for w in re.findall(r"[a-z]+", title.lower()))
    return frozenset(w for w in words if w not in _GENERIC and w.removesuffix("s") not in _GENERIC and len(w) > 1)


@lru_cache(maxsize=1 << 14)  # one later notice's text, asked once per candidate predecessor
def _renewal_words(text: str) -> re.Match[str] | None:
    return _RENEWAL.search(text)


def _switches_in_house(a: Notice, b: Notice) -> bool:
    """One is held in-house and the other by a supplier."""
    return bool(a.suppliers and b.suppliers) and (IN_HOUSE_ID in a.suppliers) != (IN_HOUSE_ID in b.suppliers)


def _near(x: date | None, y: date | None, days: int) -> bool:
    return x is not None and y is not None and abs((y - x).days) <= days


@lru_cache(maxsize=1 << 16)
def _alike(x: str, y: str) -> bool:
    return fuzz.token_set_ratio(x.lower(), y.lower()) >= 90


def _timing(a: Notice, b: Notice) -> tuple[float, str]:
    if a.end is None:
        return 0.5, "the earlier contract is still running (no end)"
    if b.published is not None and _near(a.begins, b.begins, 30) and _near(a.published, b.published, 30):
        return 0.0, "published and starting with the earlier one: parallel lots, not a successor"
    notice_first = b.published is not None and (
        b.start is None or (b.start - a.end).days > 180 >= (b.published - a.end).days
    )
    if notice_first:  # an open process, or a notice published near the end for a start long after: by publication
        assert b.published is not None
        lead = (a.end - b.published).days
        if 0 <= lead <= 548:
            return 1.0, f"published {lead} days before the earlier contract ends"
        if lead < 0:
            return _decay(-lead, 90, MAX_GAP_DAYS), f"published {-lead} days after the earlier contract ended"
        return _decay(lead, 548, 1095), f"published {lead} days before the earlier contract ends (early)"
    assert a.begins is not None and b.start is not None
    if (b.start - a.begins).days <= 30 and (a.end - b.start).days > 365:
        return 0.0, "starts with the earlier one while it runs on: parallel lots, not a successor"
    # partial dates: the gap could be anything from the earliest start minus the latest end to the
    # latest start minus the earliest end; take the value nearest to a handover
    low = (b.start - a.end).days
    high = ((b.start_latest or b.start) - (a.end_earliest or a.end)).days
    gap = low if low > 180 else (high if high < -90 else max(low, min(high, 0)))
    if -90 <= gap <= 180:
        return 1.0, f"starts {gap} days after the earlier contract ends"
    if gap < -90:
        return _decay(-gap, 90, 365), f"starts {-gap} days before the earlier contract ends (overlap)"
    return _decay(gap, 180, MAX_GAP_DAYS), f"starts {gap} days after the earlier contract ends"


def _decay(days: int, full: int, zero: int) -> float:
    if days <= full:
        return 1.0
    if days >= zero:
        return 0.0
    return round(1.0 - (days - full) / (zero - full), 3)


@lru_cache(maxsize=1 << 14)
def _cpv_shared_digits(a: tuple[str, ...], b: tuple[str, ...]) -> int | None:
    if not a or not b:
        return None
    best = 0
    for x in a:
        for y in b:
            x8, y8 = x[:8].rstrip("0"), y[:8].rstrip("0")
            n = 0
            while n < min(len(x8), len(y8)) and x8[n] == y8[n]:
                n += 1
            if x8 == y8:
                n = 8
            best = max(best, n)
    return best


def _vectors(notices: Sequence[Notice]) -> Any:
    """L2-normalised TF-IDF rows (a sparse matrix): a row times another's transpose is their cosine."""
    texts = [f"{n.title} {n.title} {n.description} {_tower_words(n.towers)}" for n in notices]
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no words at all (only stop words or empty): fall back to character n-grams
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4)).fit_transform([t or "-" for t in texts])
    vectors.sort_indices()  # a dot product then adds its terms in column order, in scipy and in pair_scores alike
    return vectors


def _tower_words(towers: Sequence[str]) -> str:
    """The towers as words ("end-user-services": "end user services"), part of what a notice says it covers."""
    return " ".join(t.replace("-", " ") for t in towers)
