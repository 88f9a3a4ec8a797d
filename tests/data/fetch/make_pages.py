"""Rebuild the replayed API pages in this folder from the real packages in ../shared/data/ocds/uk/.

Run from the repository root: python tests/data/fetch/make_pages.py. The tests only read the
pages it writes; this script says where each release comes from and what was changed (the
contact details blanked, the releases split into pages chained by ``links.next``).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2].parent / "shared" / "data" / "ocds" / "uk"

CF = "https://www.contractsfinder.service.gov.uk/Published/Notices/OCDS/Search"
CF_QUERY = "publishedFrom=2025-01-23T00:00:00&publishedTo=2025-01-23T23:59:59&limit=100"
# positions in contracts-finder-search-2025-01-20.json (newest first, as the API pages them)
CF_PAGES = [[51, 52, 55], [57, 59], [70]]

FTS = "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages"
FTS_QUERY = "updatedFrom=2026-10-06T12:00:00&updatedTo=2026-10-06T17:59:59&limit=100"
FTS_PAGES = [[0, 1], [2, 3]]


def main() -> None:
    build("contracts-finder", SHARED / "contracts-finder-search-2025-01-20.json", CF, CF_QUERY, CF_PAGES)
    build("find-a-tender", SHARED / "find-a-tender-2026-10-06.json", FTS, FTS_QUERY, FTS_PAGES)


def build(name: str, source: Path, endpoint: str, query: str, pages: list[list[int]]) -> None:
    package = json.loads(source.read_text(encoding="utf-8"))
    releases = package.pop("releases")
    package.pop("links", None)
    cursors = [cursor(query, n) for n in range(1, len(pages))]
    for n, positions in enumerate(pages, start=1):
        page = dict(package)
        page["uri"] = f"{endpoint}?{query}" + (f"&cursor={cursors[n - 2]}" if n > 1 else "")
        page["releases"] = [blank_contacts(releases[i]) for i in positions]
        if n < len(pages):
            page["links"] = {"next": f"{endpoint}?{query}&cursor={cursors[n - 1]}"}
        path = HERE / f"{name}-page-{n}.json"
        path.write_text(json.dumps(page, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(path.name, [r["id"] for r in page["releases"]], "next:", page.get("links", {}).get("next", "-"))


def cursor(query: str, n: int) -> str:
    """A cursor shaped like the real ones: base64 of the query and a position."""
    return base64.b64encode(f"{query.replace('&', '|')}|nextCursor={n}".encode()).decode()


def blank_contacts(release: dict) -> dict:
    for party in release.get("parties", []):
        contact = party.get("contactPoint")
        if isinstance(contact, dict):
            for key in ("name", "email", "telephone", "faxNumber"):
                if key in contact:
                    contact[key] = ""
    return release


if __name__ == "__main__":
    main()
