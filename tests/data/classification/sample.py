#!/usr/bin/env python3
"""Deterministic extraction and sampling of notices for the tower-labelling reference set.

Usage:  python3 sample.py [DATA_DIR]      (default: /work/shared/data)
Writes, next to this script:
  (descriptions in both have e-mail addresses, phone numbers and known names replaced by
  [contact removed]; sampling itself uses the unredacted text)
  universe.csv  every de-duplicated notice (the population), with an is_it_candidate flag
  sample.csv    the sampled notices (strata a, b, c) with the columns of labelled-notices.csv
                minus `towers`/`note`, plus `stratum`
The labels themselves are NOT produced by this script: they were decided by a person reading
title and description (see LABELLING.md).

Procedure
1. Population: every row of contracts-finder/*.csv (files in sorted order, rows in file order),
   then one record per ocid of ocds/uk/contracts-finder-search-2025-01-20.json (the latest release
   of that ocid by date, then id), ocds/uk/find-a-tender-2026-10-06.json (one per release) and
   ocds/uk/scotland-wales/*.json (one release per file). The OCP fictional example is excluded
   (not UK data).
2. De-duplication: a notice is the same notice if it has the same identifier (Notice Identifier,
   whitespace stripped; for OCDS releases from Contracts Finder, tender.id) AND the same published
   day (first 10 characters of Published Date / release date). The first occurrence in the order
   of step 1 is kept. Then exact repeats of (buyer, title, description) are dropped too (same text
   re-published under a new identifier), first occurrence kept.
   NB: a tender notice and its later award notice share an identifier but have different dates;
   they are different notices and both stay in the population.
3. Stratum a: random.Random(2026).sample(population, 120).
4. Stratum b: IT candidates not in a; candidate = any CPV code starting 72, 48, 30, 32, 642
   (CPV 64.2) or 503 (CPV 50.3), or title/description matching IT_WORDS below. If more than 150,
   the same Random(2026) instance (continuing after step 3) samples 150 of them
   (candidates in population order).
5. Stratum c: a fixed, hand-picked list (TOP_UP below) of notices found by searching the
   population for rare towers (service-integration, end-user-services, hosting) so that every tower
   has at least 8 positive examples where the data has them. Stratum c is NOT random: exclude it
   when estimating precision/recall on the natural distribution.
"""

import csv
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
SEED = 2026
N_RANDOM = 120
N_IT = 150

CPV_PREFIXES = ("72", "48", "30", "32", "642", "503")
IT_WORDS = re.compile(
    r"(?i:\bnetwork|\bhosting\b|\bdata cent(?:re|er)|\bcloud\b|\bdesktop|\bservice desk"
    r"|\bsoftware|\bapplication|\blicen[cs]e|\bSIAM\b|\btelecom|\bwi-?fi\b|\bserver)"
    r"|\bIT\b"  # upper-case IT only
)

# Stratum c: (source_file, notice_id) picked by hand after reading; see LABELLING.md.
TOP_UP = [
    # service-integration (only 3 notices in the whole population mention SIAM / service management towers)
    ("contracts-finder/open-2020-04-16.csv", "RM6100"),  # Technology Services 3
    (
        "contracts-finder/awarded-2020-07-to-10.csv",
        "tender_185328/815516",
    ),  # ICT Service for Cambridgeshire Community Services
    (
        "contracts-finder/open-2020-04-16.csv",
        "tender_236452/844448",
    ),  # Sussex Partnership ITSM Managed Service Replacement
    # end-user-services
    (
        "contracts-finder/pipeline-and-open-2025-11.csv",
        "CF-0248700D4L000000iAvzUAE",
    ),  # PICTS C1 - Service Desk and End User Support
    (
        "contracts-finder/awarded-2020-07-to-10.csv",
        "MT220083",
    ),  # Fully Managed Remote IT Support and Productivity Suite
    # hosting
    ("contracts-finder/awarded-2020-07-to-10.csv", "CPD4120012"),  # MHCLG Amazon Web Hosting and Support
    ("contracts-finder/awarded-2020-07-to-10.csv", "tender_246546/886726"),  # MVS PACS Application Re-Hosting
    ("contracts-finder/open-2020-04-16.csv", "CCDT/668"),  # DE&S P3M Support (IaaS/PaaS + application support)
    (
        "contracts-finder/open-2020-04-16.csv",
        "BIP486051233",
    ),  # British Library Research Repository (host, support, develop)
    ("contracts-finder/awarded-2020-07-to-10.csv", "tender_237759/888449"),  # DfE Microsoft Azure
]


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
NAMES = ["Peter Sulston"]  # person names found by reading the sampled descriptions


def redact(text):
    """Replace e-mail addresses, telephone numbers and known person names by [contact removed]."""
    text = PHONE.sub("[contact removed]", EMAIL.sub("[contact removed]", text))
    for name in NAMES:
        text = text.replace(name, "[contact removed]")
    return text


def cpv_list(raw):
    return [c for c in re.split(r"[\s;,]+", raw or "") if c]


def load_population():
    recs = []
    for path in sorted(glob.glob(os.path.join(DATA, "contracts-finder", "*.csv"))):
        rel = os.path.relpath(path, DATA)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                recs.append(
                    dict(
                        source_file=rel,
                        notice_id=r["Notice Identifier"].strip(),
                        day=r["Published Date"][:10],
                        buyer=r["Organisation Name"].strip(),
                        title=r["Title"],
                        description=r["Description"],
                        cpv_codes=";".join(cpv_list(r["Cpv Codes"])),
                        keys=[(r["Notice Identifier"].strip(), r["Published Date"][:10])],
                    )
                )
    # Contracts Finder OCDS search package: one record per ocid (latest release)
    path = os.path.join(DATA, "ocds", "uk", "contracts-finder-search-2025-01-20.json")
    pkg = json.load(open(path, encoding="utf-8"))
    by_ocid = {}
    for rel_ in pkg["releases"]:
        by_ocid.setdefault(rel_["ocid"], []).append(rel_)
    for ocid in sorted(by_ocid, key=lambda o: min(r["date"] for r in by_ocid[o])):
        rels = sorted(by_ocid[ocid], key=lambda r: (r["date"], r["id"]))
        recs.append(
            ocds_record(
                "ocds/uk/contracts-finder-search-2025-01-20.json",
                rels[-1],
                keys=[(r["tender"].get("id", ""), r["date"][:10]) for r in rels],
            )
        )
    path = os.path.join(DATA, "ocds", "uk", "find-a-tender-2026-10-06.json")
    for rel_ in json.load(open(path, encoding="utf-8"))["releases"]:
        recs.append(ocds_record("ocds/uk/find-a-tender-2026-10-06.json", rel_, keys=[]))
    for path in sorted(glob.glob(os.path.join(DATA, "ocds", "uk", "scotland-wales", "*.json"))):
        rel_ = json.load(open(path, encoding="utf-8"))
        recs.append(ocds_record(os.path.relpath(path, DATA), rel_, keys=[]))
    return recs


def ocds_record(source_file, rel_, keys):
    t = rel_.get("tender", {})
    codes = []

    def add(cl):
        if cl and cl.get("id") and cl["id"] not in codes:
            codes.append(cl["id"])

    add(t.get("classification"))
    for it in t.get("items", []) or []:
        add(it.get("classification"))
        for ac in it.get("additionalClassifications", []) or []:
            add(ac)
    for aw in rel_.get("awards", []) or []:
        for it in aw.get("items", []) or []:
            add(it.get("classification"))
    title = t.get("title") or next((a.get("title") for a in rel_.get("awards", []) if a.get("title")), "")
    return dict(
        source_file=source_file,
        notice_id=rel_["ocid"],
        day=rel_.get("date", "")[:10],
        buyer=(rel_.get("buyer") or {}).get("name", ""),
        title=title,
        description=t.get("description") or "",
        cpv_codes=";".join(codes),
        keys=keys,
        release_id=rel_.get("id", ""),
    )


def dedupe(recs):
    seen_keys, seen_text, out = set(), set(), []
    for r in recs:
        if any(k in seen_keys for k in r["keys"] if k[0]):
            continue
        text = (r["buyer"].lower(), r["title"].strip().lower(), r["description"].strip().lower())
        if text in seen_text:
            continue
        seen_keys.update(k for k in r["keys"] if k[0])
        seen_text.add(text)
        out.append(r)
    return out


def is_it_candidate(r):
    if any(c.startswith(CPV_PREFIXES) for c in r["cpv_codes"].split(";") if c):
        return True
    return bool(IT_WORDS.search(r["title"] + "\n" + r["description"]))


def main():
    pop = dedupe(load_population())
    rng = random.Random(SEED)
    a = rng.sample(range(len(pop)), N_RANDOM)
    a_set = set(a)
    cand = [i for i, r in enumerate(pop) if is_it_candidate(r) and i not in a_set]
    b = rng.sample(cand, N_IT) if len(cand) > N_IT else cand
    index = {(r["source_file"], r["notice_id"]): i for i, r in enumerate(pop)}
    chosen = set(a) | set(b)
    c = []
    for key in TOP_UP:
        i = index[key]  # KeyError = the pick is not in the de-duplicated population
        if i not in chosen:
            c.append(i)
            chosen.add(i)

    cols = ["source_file", "notice_id", "buyer", "title", "description", "cpv_codes"]
    with open(os.path.join(HERE, "universe.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["pop_index"] + cols + ["is_it_candidate"])
        for i, r in enumerate(pop):
            w.writerow([i] + [redact(r[k]) if k == "description" else r[k] for k in cols] + [int(is_it_candidate(r))])
    with open(os.path.join(HERE, "sample.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["stratum", "pop_index"] + cols)
        for stratum, idxs in (("a", a), ("b", b), ("c", c)):
            for i in idxs:
                w.writerow([stratum, i] + [redact(pop[i][k]) if k == "description" else pop[i][k] for k in cols])
    print(
        f"population {len(pop)}; IT candidates {sum(map(is_it_candidate, pop))}; "
        f"a={len(a)} b={len(b)} (from {len(cand)}) c={len(c)}"
    )


if __name__ == "__main__":
    main()
