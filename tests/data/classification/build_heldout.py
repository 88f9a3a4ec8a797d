#!/usr/bin/env python3
"""Join heldout-sample.csv and heldout-labels.tsv into heldout-notices.csv (hand-run, no classifier involved).

Usage:  python3 build_heldout.py      (build_heldout3.py does the same for set 3 through build())
heldout-labels.tsv holds the labels as written while reading: `row <TAB> towers <TAB> note`, row being
the 0-based data row of heldout-sample.csv. The output has the columns and format of
labelled-notices.csv: title verbatim; description with line ends read as text (\r\n and \r become \n,
as in the first set) and cut to its first 1500 characters; `(cut)` and `(contact removed)` are added
to the note when the description was cut or its kept text shows a redaction.
"""

from __future__ import annotations

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TOWERS = ("hosting", "networks", "end-user-services", "service-integration", "application-services")
COLS = ["source_file", "notice_id", "buyer", "title", "description", "cpv_codes", "towers", "note"]
CUT = 1500


def check_towers(towers: str) -> None:
    """Raise ValueError unless `towers` is `none`, `it-other` or towers in taxonomy order."""
    if towers in ("none", "it-other"):
        return
    parts = towers.split(";")
    if not parts or any(p not in TOWERS for p in parts) or parts != sorted(set(parts), key=TOWERS.index):
        raise ValueError(f"bad towers {towers!r}")


def text(value: str) -> str:
    """Line ends as a text-mode read gives them (how the first set's fields were read)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def build(
    sample_csv: str = "heldout-sample.csv",
    labels_tsv: str = "heldout-labels.tsv",
    out_csv: str = "heldout-notices.csv",
) -> None:
    """Check the labels cover every sampled row once and write `out_csv` (files in this folder; the
    defaults are the held-out set of LABELLING.md 1b, build_heldout3.py passes set 3's)."""
    with open(os.path.join(HERE, sample_csv), encoding="utf-8", newline="") as fh:
        sample = list(csv.DictReader(fh))
    labels: dict[int, tuple[str, str]] = {}
    with open(os.path.join(HERE, labels_tsv), encoding="utf-8") as fh:
        for line in fh:
            row, towers, note = line.rstrip("\n").split("\t")
            check_towers(towers)
            if int(row) in labels:
                raise ValueError(f"row {row} labelled twice")
            labels[int(row)] = (towers, note)
    if sorted(labels) != list(range(len(sample))):
        raise ValueError("labels do not cover the sample rows exactly")
    with open(os.path.join(HERE, out_csv), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLS)
        for i, r in enumerate(sample):
            towers, note = labels[i]
            full = text(r["description"])
            description = full[:CUT]
            if len(full) > CUT:
                note += " (cut)"
            if "[contact removed]" in description:
                note += " (contact removed)"
            w.writerow(
                [
                    r["source_file"],
                    r["notice_id"],
                    r["buyer"],
                    text(r["title"]),
                    description,
                    r["cpv_codes"],
                    towers,
                    note,
                ]
            )
    print(f"{len(sample)} notices written to {out_csv}")


def main() -> None:
    """Build heldout-notices.csv from heldout-sample.csv and heldout-labels.tsv."""
    build()


if __name__ == "__main__":
    main()
