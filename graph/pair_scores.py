"""Many candidate pairs scored at once with numpy: the bound :func:`graph.predecessors.rank` prunes with.

:class:`Columns` holds one buyer group's notices as arrays. :meth:`Columns.candidates` finds the
notices that may precede one notice (the rule of ``predecessors._may_precede``) and
:meth:`Columns.scores` scores them all with the formula of ``predecessors._judge``, feature for
feature, in floating point. Rounding aside (``_judge`` rounds the timing's decay and the score to
3 places) the two agree, so a pair whose bulk score is below the threshold by more than
:data:`SLACK` cannot reach it; the pairs that can are scored again one by one for the exact score
and its evidence. A title pair that a supplier's name could change is worked out by
``_title_similarity`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np

SLACK = 0.005
"""How far a bulk score may be from the exact one (rounding to 3 places twice, and float sums)."""
_NAN = float("nan")
_MAX_TOWERS = 16  # towers as bits of a mask, popcounts from a table
_POPCOUNT = np.array([bin(i).count("1") for i in range(1 << _MAX_TOWERS)], dtype=np.int64)


class Columns:
    """The notices of one ``rank`` call (dated, in order) as arrays."""

    def __init__(
        self,
        notices: Sequence[Any],
        vectors: Any,
        title_words: Callable[[str], frozenset[str]],
        name_words: Callable[[frozenset[str]], frozenset[str]],
        in_house: str,
    ) -> None:
        self.notices = notices
        n = self.n = len(notices)
        self.begins = _days([x.begins for x in notices])
        self.announced = _days([x.announced for x in notices])
        self.start = _days([x.start for x in notices])
        self.end = _days([x.end for x in notices])
        self.published = _days([x.published for x in notices])
        self.start_latest = _days([x.start_latest or x.start for x in notices])
        self.end_earliest = _days([x.end_earliest or x.end for x in notices])
        self.value = np.array([x.value if x.value and x.value > 0 else _NAN for x in notices], dtype=float)
        towers = sorted({t for x in notices for t in x.towers})
        self.vectorised = len(towers) <= _MAX_TOWERS
        bit = {t: 1 << k for k, t in enumerate(towers)} if self.vectorised else {}
        self.tower_mask = np.array([sum(bit.get(t, 0) for t in set(x.towers)) for x in notices], dtype=np.int64)
        self.tower_count = np.array([len(set(x.towers)) for x in notices], dtype=np.int64)
        self.class_none = np.array([x.service_class == "none" for x in notices])
        self.class_it = np.array([x.service_class not in (None, "none") for x in notices])
        self.has_suppliers = np.array([bool(x.suppliers) for x in notices])
        self.in_house = np.array([in_house in x.suppliers for x in notices])
        self.supplier_rows = _rows([x.suppliers for x in notices])
        cpv_ids: dict[tuple[str, ...], int] = {}
        self.cpv = np.array([cpv_ids.setdefault(x.cpv, len(cpv_ids)) for x in notices], dtype=np.int64)
        self.cpv_tuples = list(cpv_ids)
        self.has_cpv = np.array([bool(x.cpv) for x in notices])
        self.ocid = _codes([x.ocid for x in notices])
        self.same_notice = _codes([(x.title, x.start, x.end, x.suppliers) for x in notices])
        self.words = [title_words(x.title) for x in notices]
        self.word_rows = _rows(self.words)
        self.names = [frozenset(w for w in name_words(x.suppliers) if w in self.word_rows) for x in notices]
        self.name_rows = _rows(self.names)
        self.word_count = np.array([len(w) for w in self.words], dtype=np.int64)
        self.own_names = np.array([bool(w & x) for w, x in zip(self.words, self.names)])
        self.vectors = vectors.tocsr()
        if not self.vectors.has_sorted_indices:
            raise ValueError("the TF-IDF rows must have sorted indices (predecessors._vectors sorts them)")
        self.columns = self.vectors.tocsc()
        self.columns.sort_indices()
        self.refs = [(i, x.source_ref.lower()) for i, x in enumerate(notices) if x.source_ref]
        self.ref_of = np.full(n, -1, dtype=np.int64)
        for k, (i, _) in enumerate(self.refs):
            self.ref_of[i] = k

    def window(self, j: int, max_gap_days: int) -> np.ndarray:
        """The notices before ``j`` (in order) still running, or ended no more than ``max_gap_days`` before it
        is announced (starts or is published, whichever comes first): the sweep of ``rank``."""
        end = self.end[:j]
        return np.flatnonzero(np.isnan(end) | (self.announced[j] - end <= max_gap_days))

    def similarity(self, earlier: np.ndarray, j: int) -> np.ndarray:
        """Cosine similarity of each of ``earlier`` with ``j``: the dot products of their TF-IDF rows, each a sum
        over ``j``'s words in column order (with sorted indices, bit for bit what ``vectors[earlier] @ vectors[j].T``
        gives)."""
        dots = np.zeros(self.n)
        row = slice(self.vectors.indptr[j], self.vectors.indptr[j + 1])
        for column, weight in zip(self.vectors.indices[row], self.vectors.data[row]):
            at = slice(self.columns.indptr[column], self.columns.indptr[column + 1])
            dots[self.columns.indices[at]] += self.columns.data[at] * weight
        return dots[earlier]

    def candidates(
        self, earlier: np.ndarray, j: int, max_gap_days: int, alike: Callable[[str, str], bool]
    ) -> np.ndarray:
        """Those of ``earlier`` that may precede ``j``: ``predecessors._may_precede`` for each."""
        b = self.notices[j]
        keep = np.ones(len(earlier), dtype=bool)
        if self.ocid[j] >= 0:
            keep &= self.ocid[earlier] != self.ocid[j]
        keep &= self.same_notice[earlier] != self.same_notice[j]
        keep &= np.isnan(self.end[earlier]) | (self.announced[j] - self.end[earlier] <= max_gap_days)
        keep &= (self.begins[earlier] < self.begins[j]) | (
            (self.begins[earlier] == self.begins[j]) & (earlier < j)  # notices are in (begins, id) order
        )
        if not np.isnan(self.published[j]):  # a tender and its award, or one notice published twice: like titles
            gap = np.abs(self.published[earlier] - self.published[j])
            tender = ~self.has_suppliers[earlier] & (gap <= 365) if b.suppliers else np.zeros(len(earlier), bool)
            twice = gap <= 90
            for k in np.flatnonzero(keep & (tender | twice)):
                a = self.notices[earlier[k]]
                if alike(a.title, b.title) and (tender[k] or a.suppliers == b.suppliers):
                    keep[k] = False
        return earlier[keep]

    def scores(
        self,
        earlier: np.ndarray,
        j: int,
        similarity: np.ndarray,
        renewal: bool,
        renewal_in_house: bool,
        title_similarity: Callable[[int, int], float | None],
        cpv_shared: Callable[[tuple[str, ...], tuple[str, ...]], int | None],
        text_of_j: str,
    ) -> np.ndarray:
        """The score of each pair (``earlier[k]``, ``j``) as ``_judge`` gives it, to within :data:`SLACK`."""
        m = len(earlier)
        total = 3.0 * similarity
        possible = np.full(m, 3.0)
        title, has_title = self._titles(earlier, j, title_similarity)
        total += np.where(has_title, title, 0.0)
        possible += has_title
        title0 = np.where(has_title, title, 0.0)
        cpv = np.zeros(m)
        if self.has_cpv[j]:
            shared_of = {
                int(c): cpv_shared(self.cpv_tuples[int(c)], self.cpv_tuples[int(self.cpv[j])])
                for c in np.unique(self.cpv[earlier])
            }
            has_cpv = self.has_cpv[earlier]
            cpv = np.array([(shared_of[int(c)] or 0) / 8.0 for c in self.cpv[earlier]]) if m else cpv
            total += 1.5 * np.where(has_cpv, cpv, 0.0)
            possible += 1.5 * has_cpv
            cpv = np.where(has_cpv, cpv, 0.0)
        towers = self._towers(earlier, j)
        has_towers = ~np.isnan(towers)
        towers0 = np.where(has_towers, towers, 0.0)
        total += towers0
        possible += has_towers
        timing, parallel = self._timing(earlier, j)
        total += 2.0 * timing
        possible += 2.0
        names_a = np.zeros(m, dtype=bool)
        if self.refs:
            for k in np.flatnonzero(self.ref_of[earlier] >= 0):
                names_a[k] = self.refs[self.ref_of[earlier[k]]][1] in text_of_j
        switch = (
            renewal_in_house
            & self.has_suppliers[earlier]
            & self.has_suppliers[j]
            & (self.in_house[earlier] != self.in_house[j])
        )
        wording = np.where(names_a, 1.0, np.maximum(np.maximum(similarity, title0), np.where(switch, 0.5, 0.0)))
        total += np.where(names_a | renewal, wording, 0.0)
        if self.has_suppliers[j]:
            shared = self._count(self.supplier_rows, self.notices[j].suppliers, earlier) > 0
            total += 0.5 * np.where(shared, np.maximum(similarity, title0), 0.0)
        value = self.value[earlier]
        both = ~np.isnan(value) & ~np.isnan(self.value[j])
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.fmin(value, self.value[j]) / np.fmax(value, self.value[j])
        total += 0.5 * np.where(both, np.where(ratio >= 0.2, ratio, -0.5), 0.0)
        possible += 0.5 * both
        score = np.clip(total / possible, 0.0, 1.0)
        nothing = (similarity < 0.1) & (title0 < 0.5) & (cpv < 3 / 8) & (towers0 <= 0)
        return np.where(parallel | nothing, np.minimum(score, 0.3), score)

    def _titles(
        self, earlier: np.ndarray, j: int, title_similarity: Callable[[int, int], float | None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Title similarity and whether there is one; pairs whose titles hold a supplier's name word one by one."""
        shared = self._count(self.word_rows, self.words[j], earlier).astype(float)
        wa, wb = self.word_count[earlier], self.word_count[j]
        has = (wa > 0) & (wb > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            title = np.where(has, shared / np.minimum(wa, wb), 0.0)
        if self.name_rows:
            named = self.own_names[earlier] | self.own_names[j]
            named |= self._count(self.word_rows, self.names[j], earlier) > 0
            named |= self._count(self.name_rows, self.words[j], earlier) > 0
            for k in np.flatnonzero(named):
                said = title_similarity(int(earlier[k]), j)
                has[k], title[k] = said is not None, said or 0.0
        return title, has

    def _count(self, rows: dict[str, np.ndarray], keys: Iterable[str], earlier: np.ndarray) -> np.ndarray:
        """For each of ``earlier``, how many of ``keys`` its entry in ``rows`` (key: the notices that have it) has."""
        counts = np.zeros(self.n, dtype=np.int64)
        for key in keys:
            at = rows.get(key)
            if at is not None:
                counts[at] += 1
        return counts[earlier]

    def _towers(self, earlier: np.ndarray, j: int) -> np.ndarray:
        """``predecessors._towers`` for each pair; NaN where it says nothing."""
        ca, cb = self.tower_count[earlier], self.tower_count[j]
        inter = _POPCOUNT[self.tower_mask[earlier] & self.tower_mask[j]]
        with np.errstate(invalid="ignore", divide="ignore"):
            overlap = inter / np.minimum(ca, cb)
        towers = np.where((ca > 0) & (cb > 0), np.where(inter > 0, overlap, -1.0), _NAN)
        contradiction = (self.class_none[earlier] & self.class_it[j]) | (self.class_it[earlier] & self.class_none[j])
        return np.where(contradiction, -1.0, towers)

    def _timing(self, earlier: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """``predecessors._timing`` for each pair, and whether it calls the two parallel lots."""
        a_end, a_begins, a_pub = self.end[earlier], self.begins[earlier], self.published[earlier]
        b_start, b_begins, b_pub = self.start[j], self.begins[j], self.published[j]
        no_end = np.isnan(a_end)
        with np.errstate(invalid="ignore"):
            lots = (~np.isnan(b_pub)) & (np.abs(b_begins - a_begins) <= 30) & (np.abs(b_pub - a_pub) <= 30)
            by_publication = (~np.isnan(b_pub)) & (
                np.isnan(b_start) | ((b_start - a_end > 180) & (b_pub - a_end <= 180))
            )
            lead = a_end - b_pub
            published = np.where(
                (lead >= 0) & (lead <= 548),
                1.0,
                np.where(lead < 0, _decay(-lead, 90, 730), _decay(lead, 548, 1095)),
            )
            started_together = (b_start - a_begins <= 30) & (a_end - b_start > 365)
            low = b_start - a_end
            high = self.start_latest[j] - self.end_earliest[earlier]
            gap = np.where(low > 180, low, np.where(high < -90, high, np.maximum(low, np.minimum(high, 0))))
            handover = np.where(
                (gap >= -90) & (gap <= 180), 1.0, np.where(gap < -90, _decay(-gap, 90, 365), _decay(gap, 180, 730))
            )
        started = np.where(started_together, 0.0, handover)
        timing = np.where(no_end, 0.5, np.where(lots, 0.0, np.where(by_publication, published, started)))
        parallel = ~no_end & (lots | (~by_publication & started_together))
        return timing, parallel


def _decay(days: np.ndarray, full: int, zero: int) -> np.ndarray:
    return np.clip(1.0 - (days - full) / (zero - full), 0.0, 1.0)


def _days(values: Sequence[date | None]) -> np.ndarray:
    return np.array([_NAN if v is None else float(v.toordinal()) for v in values], dtype=float)


def _codes(values: Sequence[Any]) -> np.ndarray:
    """The same code for equal values; -1 for None."""
    seen: dict[Any, int] = {}
    return np.array([-1 if v is None else seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def _rows(sets: Sequence[frozenset[str]]) -> dict[str, np.ndarray]:
    """For each member of any of ``sets``, the (ascending) indices of the sets that hold it."""
    rows: dict[str, list[int]] = {}
    for i, members in enumerate(sets):
        for x in members:
            rows.setdefault(x, []).append(i)
    return {x: np.array(at, dtype=np.int64) for x, at in rows.items()}
