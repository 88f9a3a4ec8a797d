#!/usr/bin/env python3
"""Deterministic sampling of a second held-out set ("set 3") for the tower classifier (hand-run).

Usage:  python3 sample_heldout3.py [DATA_DIR]      (default: /work/shared/data)
Writes, next to this script:
  heldout3-sample.csv  the sampled notices (strata a3, b3), with the columns, full descriptions and
                       redaction of heldout-sample.csv (sample_heldout.write_sample), plus the person
                       names found while reading this set (NAMES below)
The labels are NOT produced by this script: they were decided by reading each notice, without the
classifier being run on any of them (heldout3-labels.tsv, joined by build_heldout3.py; LABELLING.md 1c).

Procedure (population, de-duplication, IT-candidate rule, drawing and redaction are imported from
sample.py and sample_heldout.py, not copied):
1. Population: sample.load_population() then sample.dedupe() (2,887 notices), minus every notice
   of labelled-notices.csv and of heldout-notices.csv (same source_file and notice_id).
2. Stratum a3 (random): random.Random(2028).sample(remaining notices, 60), by population index.
3. Stratum b3 (IT candidates): remaining notices not in a3 for which sample.is_it_candidate() holds,
   in population order; the same Random(2028) instance (continuing after step 2) samples 120 of them,
   or takes them all if there are not more than 120.
"""

from __future__ import annotations

import sample_heldout

SEED = 2028
N_RANDOM = 60
N_IT = 120
EXCLUDE_FROM = ("labelled-notices.csv", "heldout-notices.csv")

# Person names found by reading the set-3 descriptions (redacted in addition to sample_heldout's).
NAMES = ["Zainab Sanyare"]


redact = sample_heldout.redactor(*sample_heldout.NAMES, *NAMES)  # sample_heldout's names, then set 3's


def main() -> None:
    """Draw strata a3 and b3 and write heldout3-sample.csv."""
    sample_heldout.draw_and_write("heldout3-sample.csv", ("a3", "b3"), EXCLUDE_FROM, SEED, N_RANDOM, N_IT, redact)


if __name__ == "__main__":
    main()
