#!/usr/bin/env python3
"""Join heldout3-sample.csv and heldout3-labels.tsv into heldout3-notices.csv (hand-run, no classifier involved).

Usage:  python3 build_heldout3.py
The same join, checks, cutting and note flags as build_heldout.py (its build(), imported, not copied):
heldout3-labels.tsv holds the labels as written while reading (`row <TAB> towers <TAB> note`, row being
the 0-based data row of heldout3-sample.csv); the output has the columns and format of
labelled-notices.csv and heldout-notices.csv. See LABELLING.md 1c.
"""

from __future__ import annotations

import build_heldout  # build_heldout.py beside this script (the script's folder is first on sys.path)


def main() -> None:
    """Build heldout3-notices.csv."""
    build_heldout.build("heldout3-sample.csv", "heldout3-labels.tsv", "heldout3-notices.csv")


if __name__ == "__main__":
    main()
