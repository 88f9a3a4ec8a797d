"""The offline HTML export, rendered from a neighbourhood built by hand: no Neo4j needed."""

from __future__ import annotations

import json
import re
from datetime import date

from supplygraph.graph.explore_html import export_html
from supplygraph.graph.neighbourhood import Contract, Edge, Neighbourhood, Node, Party, Source

MET = Node("metropolitan-police-service", "Metropolitan Police Service", "buyer", "metropolitan-police-service")
CAPGEMINI = Node("capgemini", "Capgemini", "supplier", "capgemini")
ARTICLE = "Met Police awards £600m deal to Capgemini"
NOTICE = "https://example.org/notices/met-infrastructure-award"
_EDGES = re.compile(r"edges = new vis\.DataSet\((\[.*?\])\);")


def _met_2023(sources: list[Source]) -> Neighbourhood:
    deal = Contract(
        id="met-capgemini-infrastructure",
        title="Infrastructure services",
        status="active",
        programme=None,
        buyer=MET.id,
        suppliers=[Party("capgemini", "Capgemini")],
        towers=["hosting", "networks"],
        start="2021-01-01",
        start_precision="year",
        start_text="2021",
        end="2026-12-31",
        end_precision="year",
        end_text="2026",
        value=600_000_000.0,
        currency="GBP",
        sources=sources,
    )
    edge = Edge(
        id=f"holding:capgemini->{MET.id}",
        source="capgemini",
        target=MET.id,
        kind="holding",
        label="Hosting, Networks\n2021–2026",
        towers=["hosting", "networks"],
        start="2021-01-01",
        start_precision="year",
        end="2026-12-31",
        end_precision="year",
        contracts=[deal],
    )
    return Neighbourhood(MET, date(2023, 7, 1), 1, 200, [MET, CAPGEMINI], [edge], truncated=False)


def test_a_source_known_by_its_title_is_named_beside_one_with_an_address():
    page = export_html(_met_2023([Source(None, ARTICLE), Source(NOTICE, "Contract award notice")]))
    (edge,) = json.loads(_EDGES.search(page).group(1))
    assert edge["title"] == (
        "met-capgemini-infrastructure: Infrastructure services (2021–2026, GBP 600,000,000)\n"
        f"  source: {ARTICLE}\n"
        f"  source: {NOTICE}"
    )


def test_the_heading_names_the_centre_and_the_day_and_nothing_is_fetched_from_the_network():
    page = export_html(_met_2023([Source(None, ARTICLE)]))
    assert "Metropolitan Police Service on 2023-07-01 (depth 1)" in page
    assert re.search(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page) is None
