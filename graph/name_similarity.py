"""How alike two organisation names are: cleanco's legal forms removed, rapidfuzz compares what is left.

Lookup keys (:mod:`graph.names`) decide whether two spellings are the *same*
name; this module scores names that are only *alike*, for the analyst's list of
likely duplicates (:mod:`graph.candidates`). ``docs/entity-resolution.md`` has
the measurement behind the choices: cleanco's legal forms removed, then our own
key, and the mean of rapidfuzz's token-sort and token-set ratios, taken on the
whole names and on their distinctive words (the words few organisations share:
``derby`` in Derby City Council), the lower of the two.
"""

from __future__ import annotations

from functools import lru_cache

from cleanco.clean import normalized, prepare_default_terms, strip_punct, strip_tail
from rapidfuzz import fuzz

from supplygraph.graph.names import name_key, text_key

STOPWORDS = frozenset({"and", "the", "of", "for", "in", "on", "at", "to", "a", "t", "ta", "trading", "as"})
QUALIFIERS = frozenset(
    {"north", "south", "east", "west", "central", "mid", "upper", "lower", "greater", "inner", "outer"}
)
"""Words that tell one place's body from its neighbour's: North Somerset Council is not Somerset Council."""


def comparison_key(name: str) -> str:
    """The name without case, punctuation or legal form: ``Jacobs U.K. Limited`` -> ``jacobs``."""
    return _comparison_key(name)


def strip_legal_form(name: str) -> str:
    """``name`` without its trailing legal forms, as cleanco's ``basename`` finds them (``Ltd``, ``U.K.``,
    ``S.A.``, ``GmbH`` and some 300 more, from cleanco's term list); the words it keeps are as written.

    cleanco's own ``basename`` tries each of its terms on every name (a millisecond a name); this looks the
    name's last words up in sets of the same terms, so tens of thousands of names take a second. The
    benchmark (benchmarks/candidates_real.py) checks the two agree on the real names.
    """
    tail = strip_tail(name)
    words = tail.split()
    folded = [strip_punct(w) for w in normalized(tail).split()]
    if len(folded) != len(words):  # normalisation changed the word count: keep cleanco's own, slower path
        from cleanco import basename

        return str(basename(name))
    for size in _TERM_SIZES:  # cleanco's order: longer terms first, then alphabetical, one pass
        last: tuple[str, ...] = ()
        while len(folded) >= size:
            tail = tuple(folded[-size:])
            if tail not in _TERMS[size] or tail <= last:
                break
            del folded[-size:]
            del words[-size:]
            last = tail
    return strip_tail(" ".join(words))


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """0-100: the mean of rapidfuzz's token-sort ratio (whole names, any word order) and token-set ratio
    (one name's words within the other's).

    With ``cutoff``, a result under it is only known to be under it: rapidfuzz gives up early.
    """
    if not a or not b:
        return 0.0
    floor = min(100.0, max(0.0, 2 * cutoff - 100))  # below this, either ratio puts the mean under the cutoff
    ordered = fuzz.token_sort_ratio(a, b, score_cutoff=floor)
    if floor and not ordered:
        return 0.0
    return (ordered + fuzz.token_set_ratio(a, b, score_cutoff=floor)) / 2


def conflicting_words(a: str, b: str) -> tuple[str, ...]:
    """Words that tell two alike keys apart: a word each has that the other lacks (``north tyneside`` and
    ``south tyneside``), or a place qualifier only one has (``somerset``, ``north somerset``).

    Words that are near spellings of each other (``churchill``, ``churchil``), stop words, and initials
    written apart (``c p davidson``, ``cp davidson``) tell nothing apart. A word only one key adds
    (``london borough of barnet council``) is no conflict either.
    """
    only_a = [w for w in a.split() if w not in STOPWORDS and w not in b.split()]
    only_b = [w for w in b.split() if w not in STOPWORDS and w not in a.split()]
    for w in list(only_a):
        match = next((v for v in only_b if fuzz.ratio(w, v) >= 80), None)
        if match is not None:
            only_a.remove(w)
            only_b.remove(match)
    if only_a and only_b and fuzz.ratio("".join(only_a), "".join(only_b)) >= 80:
        return ()
    qualifiers = tuple(sorted(QUALIFIERS & (set(only_a) ^ set(only_b))))
    if only_a and only_b:
        return tuple(sorted({*only_a, *only_b}))
    return qualifiers


def distinctive(key: str, common: frozenset[str] | set[str]) -> str:
    """The key without its common words; the whole key when nothing else is left."""
    kept = [w for w in key.split() if w not in common]
    return " ".join(kept) if kept else key


def block_keys(key: str) -> set[str]:
    """What a key is filed under for blocking: its words (not stop words, 3+ letters) and the first six
    letters of the key without spaces (so ``e on`` and ``eon`` meet)."""
    words = {w for w in key.split() if len(w) >= 3 and w not in STOPWORDS}
    squashed = key.replace(" ", "")
    if len(squashed) >= 3:
        words.add("^" + squashed[:6])
    return words


def _terms() -> dict[int, set[tuple[str, ...]]]:
    by_size: dict[int, set[tuple[str, ...]]] = {}
    for size, parts in prepare_default_terms():
        by_size.setdefault(size, set()).add(tuple(parts))
    return by_size


_TERMS = _terms()
_TERM_SIZES = sorted(_TERMS, reverse=True)


@lru_cache(maxsize=200_000)
def _comparison_key(name: str) -> str:
    return name_key(strip_legal_form(name)) or text_key(name)
