"""Extract the notices the labelled succession pairs name from the real exports (run by hand, once).

Reads ``../shared/data`` (the developers' copy of the real Contracts Finder and OCDS files; not in
the repository) and writes ``tests/data/incumbents/notices.csv``: for each notice named in
``labelled-pairs.csv``, what the matcher sees (buyer, reference, title, description, CPV codes,
dates, value, suppliers), with no contact details. The evaluation (evaluation/incumbents.py) reads
only that file, so it runs from a clone of the repository.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
PAIRS = ROOT / "tests" / "data" / "incumbents" / "labelled-pairs.csv"
OUT = ROOT / "tests" / "data" / "incumbents" / "notices.csv"
COLUMNS = (
    "source_file",
    "notice_id",
    "buyer",
    "reference",
    "title",
    "description",
    "cpv_codes",
    "published",
    "start",
    "end",
    "value",
    "suppliers",
)


def main() -> None:
    csv.field_size_limit(sys.maxsize)
    wanted: set[tuple[str, str]] = set()
    for row in csv.DictReader(PAIRS.open(encoding="utf-8")):
        wanted.add((row["source_file_a"], row["notice_id_a"]))
        wanted.add((row["source_file_b"], row["notice_id_b"]))
    found: dict[tuple[str, str], dict[str, str]] = {}
    for source_file in sorted({f for f, _ in wanted}):
        path = SHARED / source_file
        rows = _csv_notices(path) if path.suffix == ".csv" else _ocds_notices(path)
        for notice in rows:
            key = (source_file, notice["notice_id"])
            if key in wanted and key not in found:
                found[key] = {"source_file": source_file, **notice}
    missing = sorted(wanted - set(found))
    if missing:
        raise SystemExit(f"not found: {missing}")
    for notice in found.values():
        notice["description"] = _redact(notice["description"])
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for key in sorted(found):
            writer.writerow(found[key])
    print(f"wrote {len(found)} notices to {OUT}")


def _csv_notices(path: Path):  # type: ignore[no-untyped-def]
    with path.open(encoding="utf-8-sig", newline="") as f:
        for cells in csv.DictReader(f):
            suppliers = []
            for block in (cells.get("Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]") or "").split("]"):
                name = block.strip().lstrip(",").strip().lstrip("[").split("|")[0].strip()
                if name:
                    suppliers.append(name)
            yield {
                "notice_id": (cells.get("Notice Identifier") or "").strip(),
                "buyer": cells.get("Organisation Name", ""),
                "reference": (cells.get("Notice Identifier") or "").strip(),
                "title": cells.get("Title", ""),
                "description": cells.get("Description", ""),
                "cpv_codes": ";".join((cells.get("Cpv Codes") or "").split()),
                "published": _day(cells.get("Published Date")),
                "start": _day(cells.get("Contract start date")) or _day(cells.get("Start Date")),
                "end": _day(cells.get("Contract end date")) or _day(cells.get("End Date")),
                "value": cells.get("Awarded Value") or cells.get("Value High") or "",
                "suppliers": ";".join(suppliers),
            }


def _ocds_notices(path: Path):  # type: ignore[no-untyped-def]
    data = json.loads(path.read_text(encoding="utf-8"))
    releases = data.get("releases", [data])
    for release in sorted(releases, key=lambda r: r.get("date", ""), reverse=True):  # latest release of an ocid first
        tender = release.get("tender") or {}
        awards = release.get("awards") or []
        codes = [tender.get("classification", {}).get("id", "")] + [
            i.get("classification", {}).get("id", "") for i in tender.get("items", [])
        ]
        period = (awards[0].get("contractPeriod") if awards else None) or tender.get("contractPeriod") or {}
        buyer = (release.get("buyer") or {}).get("name", "")
        yield {
            "notice_id": release.get("ocid", ""),
            "buyer": buyer,
            "reference": tender.get("id", "") or release.get("ocid", ""),
            "title": tender.get("title", ""),
            "description": tender.get("description", ""),
            "cpv_codes": ";".join(dict.fromkeys(c for c in codes if c)),
            "published": _day(release.get("date")),
            "start": _day(period.get("startDate")),
            "end": _day(period.get("endDate")),
            "value": str((awards[0].get("value") or {}).get("amount", "")) if awards else "",
            "suppliers": ";".join(s.get("name", "") for a in awards for s in a.get("suppliers", [])),
        }


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b")


def _redact(text: str) -> str:
    """E-mail addresses and telephone numbers out: they are contact details, not what the notice buys."""
    return _PHONE.sub("[contact removed]", _EMAIL.sub("[contact removed]", text))


def _day(text: str | None) -> str:
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"):
        try:
            return (
                datetime.strptime(text[: len(datetime.now().strftime(fmt))] if fmt == "%Y-%m-%d" else text, fmt)
                .date()
                .isoformat()
            )
        except ValueError:
            continue
    return text[:10] if len(text) >= 10 and text[4] == "-" else ""


if __name__ == "__main__":
    main()
