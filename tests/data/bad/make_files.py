"""Writes the bad-input corpus in this folder (run once; the files are committed).

Kept so that odd bytes (Latin-1, UTF-16, BOMs, a cut gzip) can be reviewed as
code. EXPECTED.csv is written by hand, not by this script.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
H = "contract_id,buyer,supplier,towers,start,end,value,currency,title,source_url"
FULL = H + ",source_title,source_published,programme,status,notes"
URL = "https://example.org/notice"


def row(
    cid: str,
    supplier: str = "Acme IT",
    *,
    buyer: str = "Metropolitan Police Service",
    towers: str = "Hosting",
    start: str = "2022-01",
    end: str = "2024-12",
    value: str = "1000000",
    currency: str = "GBP",
    title: str = "Hosting refresh",
) -> str:
    return ",".join([cid, buyer, supplier, towers, start, end, value, currency, title, URL])


def text(name: str, *lines: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
    (HERE / name).write_bytes(bom + ("\n".join(lines) + "\n").encode(encoding))


def release(
    ocid: str,
    *,
    date: str = "2023-05-01T10:00:00Z",
    supplier: str = "Fabrikam Cloud Ltd",
    start: str = "2023-06-01T00:00:00Z",
    end: str = "2026-05-31T00:00:00Z",
    amount: object = 250000,
    **extra: object,
) -> dict:
    r = {
        "ocid": ocid,
        "id": f"{ocid}-1",
        "date": date,
        "tag": ["award"],
        "parties": [
            {"id": "b", "name": "Northshire County Council", "roles": ["buyer"]},
            {"id": "s", "name": supplier, "roles": ["supplier"]},
        ],
        "buyer": {"id": "b"},
        "awards": [
            {
                "id": "a1",
                "title": "Cloud hosting",
                "status": "active",
                "suppliers": [{"id": "s"}],
                "contractPeriod": {"startDate": start, "endDate": end},
                "value": {"amount": amount, "currency": "GBP"},
                "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "72415000-2"}}],
            }
        ],
    }
    r.update(extra)
    return r


def package(*releases: dict) -> dict:
    return {
        "uri": "https://example.org/ocds",
        "publishedDate": "2023-06-01T00:00:00Z",
        "publisher": {"name": "Example"},
        "releases": list(releases),
    }


def dump(name: str, obj: object, bom: bytes = b"", encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(bom + json.dumps(obj, indent=1, ensure_ascii=False).encode(encoding))


def lines(name: str, *objs: object) -> None:
    (HERE / name).write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")


def main() -> None:
    # --- contracts.csv -------------------------------------------------------------
    text("c-date-month13.csv", H, row("bad-date-1"), row("bad-date-2", start="2021-13-40"), row("bad-date-3"))
    text("c-end-before-start.csv", H, row("bad-end-1", start="2021-04", end="2019"), row("bad-end-2"))
    text("c-negative-value.csv", H, row("bad-neg-1"), row("bad-neg-2", value="-5"))
    text(
        "c-non-numeric-value.csv", H, row("bad-num-1", value="£600m"), row("bad-num-2", value="lots"), row("bad-num-3")
    )
    text("c-unknown-tower.csv", H, row("bad-tower-1", towers="Quantum Computing"), row("bad-tower-2"))
    text("c-long-supplier.csv", H, row("bad-long-1"), row("bad-long-2", supplier="A" * 10000))
    text("c-duplicate-id.csv", H, row("dup-1"), row("dup-other"), row("dup-1", end="2025-12"), row("dup-1"))
    text("c-injection-title.csv", H, row("inj-title-1", title="=cmd|' /C calc'!A0"), row("inj-title-2"))
    text("c-injection-supplier.csv", H, row("inj-sup-1"), row("inj-sup-2", supplier="Acme IT;@SUM(A1:A9)"))
    text("c-injection-plus.csv", H, row("inj-plus-1", buyer="+Metropolitan Police Service"), row("inj-plus-2"))
    text(
        "c-injection-tab.csv",
        FULL,
        row("inj-tab-1") + ",,,,active,\tcall +44 20 7946 0000",
        row("inj-tab-2") + ",,,,active,",
    )
    text("c-injection-cr.csv", H, row("inj-cr-1"), row("inj-cr-2", title='"\r=1+1"'))
    text("c-missing-column.csv", H.replace(",source_url", ""), row("miss-1").rsplit(",", 1)[0])
    text("c-extra-column.csv", H + ",colour", row("extra-1") + ",blue")
    text(
        "c-ragged.csv",
        H,
        row("rag-1"),
        "rag-2,Metropolitan Police Service,Acme IT,Hosting,2022,2023,1,GBP",
        row("rag-3") + ",x,y",
        row("rag-4"),
    )
    text("c-header-only.csv", H)
    (HERE / "c-empty.csv").write_bytes(b"")
    text("c-latin1.csv", H, row("latin-1"), row("latin-2", supplier="Société Générale"), encoding="latin-1")
    text("c-utf16.csv", H, row("utf16-1"), encoding="utf-16")
    text("c-bad-status.csv", FULL, row("status-1") + ",,,,awarded,", row("status-2") + ",,,,complete,")
    text("c-bad-currency.csv", H, row("cur-1", currency="pounds"), row("cur-2"))
    text("c-no-start.csv", H, row("nostart-1"), row("nostart-2", start=""))
    text("c-not-deal-history.csv", "foo,bar", "1,2")
    text(
        "c-mixed.csv",
        H,
        row("mix-1"),
        row("mix-2", supplier="Globex Services"),
        row("mix-3", start="2021-02-30"),
        row("mix-4", towers="Networks"),
        row("mix-5", title="@echo off"),
        row("mix-6", value="1,000"),
        "mix-7,Metropolitan Police Service",
        row("mix-8", supplier="Acme IT;Globex Services"),
    )
    text("ok-bom.csv", H, row("bom-1"), row("bom-2", supplier="Globex Services"), bom=b"\xef\xbb\xbf")

    # --- organisations.csv -----------------------------------------------------------
    text("o-empty-name.csv", "name,aliases,role", "Acme Org Ltd,Acme Org,supplier", ",Nobody,supplier")
    text(
        "o-injection-alias.csv", "name,aliases,role", "Evil Org Ltd,Evil;@SUM(1),supplier", "Good Org Ltd,Good,supplier"
    )
    text("o-bad-role.csv", "name,aliases,role", "Vendor Org Ltd,,vendor", "Buyer Org,,buyer")
    text("o-long-name.csv", "name,aliases,role", "Short Org Ltd,,supplier", "L" * 400 + ",,supplier")

    # --- OCDS ------------------------------------------------------------------------
    whole = json.dumps(
        package(release("ocds-bad-trunc-1"), release("ocds-bad-trunc-2"), release("ocds-bad-trunc-3")), indent=1
    )
    cut = whole.index('"ocds-bad-trunc-2"') + 40
    (HERE / "j-truncated.json").write_text(whole[:cut], encoding="utf-8")
    no_ocid = release("ocds-bad-noocid-2")
    del no_ocid["ocid"]
    dump("j-no-ocid.json", package(release("ocds-bad-noocid-1"), no_ocid))
    dump("j-latin1.json", package(release("ocds-bad-latin", supplier="Société Générale")), encoding="latin-1")
    dump("j-utf16.json", package(release("ocds-bad-utf16")), encoding="utf-16")
    (HERE / "j-empty.json").write_bytes(b"")
    dump(
        "j-bad-date.json", package(release("ocds-bad-date-1", start="2021-13-40T00:00:00Z"), release("ocds-bad-date-2"))
    )
    dump("j-negative-amount.json", package(release("ocds-bad-neg-1"), release("ocds-bad-neg-2", amount=-5)))
    dump("j-nonnumeric-amount.json", package(release("ocds-bad-nan-1", amount="lots")))
    lines(
        "j-injection-name.jsonl",
        release("ocds-bad-inj-1"),
        release("ocds-bad-inj-2", supplier="=cmd|' /C calc'!A0"),
        release("ocds-bad-inj-3"),
    )
    data = gzip.compress("".join(json.dumps(release(f"ocds-bad-gz-{i}")) + "\n" for i in range(1, 4)).encode(), mtime=0)
    (HERE / "j-truncated.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    dump(
        "j-end-before-start.json",
        package(release("ocds-bad-order-1", start="2022-01-01T00:00:00Z", end="2020-01-01T00:00:00Z")),
    )
    lines("j-same-date-conflict.jsonl", release("ocds-bad-conflict"), release("ocds-bad-conflict", amount=999))
    (HERE / "j-not-json-line.jsonl").write_text(
        json.dumps(release("ocds-bad-line-1")) + "\nthis is not json\n" + json.dumps(release("ocds-bad-line-3")) + "\n",
        encoding="utf-8",
    )
    no_date = release("ocds-bad-nodate-1")
    del no_date["date"]
    dump("j-no-date.json", package(no_date, release("ocds-bad-nodate-2")))
    dump("j-not-ocds.json", {"foo": 1, "bar": [1, 2]})
    dump(
        "j-record-links-only.json",
        {
            "uri": "https://example.org/records",
            "records": [
                {
                    "ocid": "ocds-bad-rec-1",
                    "releases": [{"url": "https://example.org/r1#r1", "date": "2023-01-01T00:00:00Z"}],
                },
            ],
        },
    )
    dump("ok-bom.json", package(release("ocds-ok-bom-1")), bom=b"\xef\xbb\xbf")


if __name__ == "__main__":
    main()
