#!/usr/bin/env python3
"""Deterministic sampling of a held-out set of notices for the tower classifier (hand-run, like sample.py).

Usage:  python3 sample_heldout.py [DATA_DIR]      (default: /work/shared/data)
Writes, next to this script:
  heldout-sample.csv  the sampled notices (strata a2, b2): stratum, pop_index and the columns of
                      labelled-notices.csv minus towers/note; descriptions in full, with the redaction
                      of the first set (e-mail addresses, telephone numbers and known names replaced by
                      [contact removed]; sampling itself uses the unredacted text)
The labels are NOT produced by this script: they were decided by reading each notice before the
classifier was run on any of them (heldout-labels.tsv, joined by build_heldout.py; see LABELLING.md 1b).

Procedure (population, de-duplication and IT-candidate rule are sample.py's own functions, imported):
1. Population: sample.load_population() then sample.dedupe() (2,887 notices), minus every notice
   of labelled-notices.csv (same source_file and notice_id): 2,607 notices.
2. Stratum a2 (random): random.Random(2027).sample(remaining notices, 80), by population index.
3. Stratum b2 (IT candidates): remaining notices not in a2 for which sample.is_it_candidate() holds
   (CPV 72, 48, 30, 32, 642, 503 or an IT word), in population order; the same Random(2027)
   instance (continuing after step 2) samples 120 of them, or takes them all if there are not more
   than 120.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from collections.abc import Callable

import sample  # sample.py beside this script (the script's folder is first on sys.path)

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 2027
N_RANDOM = 80
N_IT = 120
COLS = ["source_file", "notice_id", "buyer", "title", "description", "cpv_codes"]

# Person names found by reading the held-out descriptions (redacted in addition to sample.NAMES).
NAMES = ["Linda Roberts"]


def redactor(*names: str) -> Callable[[str], str]:
    """sample.py's redaction, then these person names."""

    def redact(text: str) -> str:
        text = sample.redact(text)
        for name in names:
            text = text.replace(name, "[contact removed]")
        return text

    return redact


redact = redactor(*NAMES)  # the names found in the held-out notices


def labelled_keys(name: str = "labelled-notices.csv") -> set[tuple[str, str]]:
    """(source_file, notice_id) of every notice in the labelled file `name` (in this folder)."""
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as fh:
        return {(r["source_file"], r["notice_id"]) for r in csv.DictReader(fh)}


def draw(
    pop: list[dict],
    exclude: set[tuple[str, str]],
    seed: int = SEED,
    n_random: int = N_RANDOM,
    n_it: int = N_IT,
) -> tuple[list[int], list[int], int, int]:
    """The random and IT-candidate strata as population indexes, the number of remaining notices and of
    IT candidates (defaults: strata a2 and b2 of this set; sample_heldout3.py passes its own)."""
    remaining = [i for i, r in enumerate(pop) if (r["source_file"], r["notice_id"]) not in exclude]
    rng = random.Random(seed)
    a2 = rng.sample(remaining, n_random) if len(remaining) > n_random else remaining
    a2_set = set(a2)
    cand = [i for i in remaining if i not in a2_set and sample.is_it_candidate(pop[i])]
    b2 = rng.sample(cand, n_it) if len(cand) > n_it else cand
    return a2, b2, len(remaining), len(cand)


def write_sample(
    name: str,
    pop: list[dict],
    strata: list[tuple[str, list[int]]],
    redact_text: Callable[[str], str] = redact,
) -> None:
    """Write the sampled notices (stratum, pop_index, COLS; descriptions through `redact_text`) to `name`
    in this folder."""
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["stratum", "pop_index", *COLS])
        for stratum, idxs in strata:
            for i in idxs:
                w.writerow([stratum, i] + [redact_text(pop[i][k]) if k == "description" else pop[i][k] for k in COLS])


def main() -> None:
    """Draw the held-out strata and write heldout-sample.csv."""
    draw_and_write("heldout-sample.csv", ("a2", "b2"), ("labelled-notices.csv",), SEED, N_RANDOM, N_IT, redact)


def draw_and_write(
    out: str,
    strata: tuple[str, str],
    exclude_from: tuple[str, ...],
    seed: int,
    n_random: int,
    n_it: int,
    redact_text: Callable[[str], str],
) -> None:
    """Draw a random and an IT-candidate stratum from the population minus the notices of ``exclude_from``,
    write them to ``out`` and say how many there were (a data folder may be given as the first argument)."""
    if len(sys.argv) > 1:
        sample.DATA = sys.argv[1]
    pop = sample.dedupe(sample.load_population())
    exclude: set[tuple[str, str]] = set()
    for name in exclude_from:
        exclude |= labelled_keys(name)
    random_part, it_part, n_remaining, n_cand = draw(pop, exclude, seed=seed, n_random=n_random, n_it=n_it)
    write_sample(out, pop, [(strata[0], random_part), (strata[1], it_part)], redact_text)
    asked = ((strata[0], len(random_part), n_random), (strata[1], len(it_part), n_it))
    short = [f"{s} has only {n} (asked {k})" for s, n, k in asked if n < k]
    print(
        f"population {len(pop)}; already labelled {len(exclude)}; remaining {n_remaining}; "
        f"{strata[0]}={len(random_part)} {strata[1]}={len(it_part)} (from {n_cand} IT candidates)"
        + ("; " + "; ".join(short) if short else "")
    )


if __name__ == "__main__":
    main()
