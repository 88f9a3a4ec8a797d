"""The explorer in a real headless Chromium (Debian's, driven by Playwright), over the sample.

What must be drawn, worked out by hand from data/sample/contracts.csv, for the
Met at depth 1 (nodes: the Met, its holders that day, the towers they hold;
edges: one supplier -> Met per holder, one Met -> tower per tower held):

* 2012-07-01: Capgemini as primary partner (1990s-2015, no tower given):
  2 nodes, 1 edge.
* 2019-07-01: Atos (SIAM), BT (networks), DXC (hosting, EUS), all 2015-2021,
  and Accenture (apps, 2015-ongoing): 5 + 5 towers = 10 nodes, 4 + 5 = 9 edges.
* 2023-07-01: Capgemini back on hosting, EUS, networks and SIAM (2021-2026)
  and Accenture on apps: 3 + 5 towers = 8 nodes, 2 + 5 = 7 edges.

One contract is added to the sample for the click test: BT also ran Cleveland's
network 2018-2020, so clicking BT in 2019 brings Cleveland into view.

`make test` installs Chromium (`make browser-deps`); without it this test fails.
"""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

from supplygraph.api.app import create_app
from supplygraph.cli.main import main
from tests.helpers import load_contracts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The README picture: written there only when asked (SUPPLYGRAPH_SCREENSHOT=docs/explorer.png),
# so a test run does not change a tracked file.
SCREENSHOT_ENV = "SUPPLYGRAPH_SCREENSHOT"
SLIDER_START = date(1990, 1, 1)
SOURCE = "Met Police awards £600m deal to Capgemini"  # cited by its title: no confirmed address, so no link
MET = "Metropolitan Police Service"
TOWERS = {"Hosting", "End User Services", "Networks", "Service Integration", "Application Services"}


FILL = {"buyer": (0x25, 0x63, 0xEB), "supplier": (0xF5, 0x9E, 0x0B), "tower": (0x10, 0xB9, 0x81)}  # explore.js


def png_pixels(path: Path) -> list[list[tuple[int, int, int]]]:
    """The RGB rows of an 8-bit, non-interlaced PNG (what Chromium's screenshots are), read with zlib alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks[kind] = chunks.get(kind, b"") + data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, interlace) == (8, 0) and colour in (2, 6), (depth, colour, interlace)
    step = 3 if colour == 2 else 4
    stride = width * step
    raw = zlib.decompress(chunks[b"IDAT"])
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - step] if i >= step else 0
            b = previous[i]
            c = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append([(line[i], line[i + 1], line[i + 2]) for i in range(0, stride, step)])
        previous = line
    return rows


def fill_around(pixels: list[list[tuple[int, int, int]]], x: int, y: int, colour: tuple[int, int, int]) -> int:
    """How many pixels within 10 px of (x, y) have this colour (give or take a little anti-aliasing)."""
    return sum(
        all(abs(got - want) <= 12 for got, want in zip(pixels[j][i], colour))
        for j in range(max(0, y - 10), min(len(pixels), y + 11))
        for i in range(max(0, x - 10), min(len(pixels[0]), x + 11))
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sample_graph) -> Iterator[str]:
    """The API on a free loopback port, over the test Neo4j with the sample loaded."""
    app = create_app()
    app.state.graph = sample_graph
    # lifespan off: the app must not close the session's shared driver when it stops
    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def drawn(page) -> dict:
    return page.evaluate("window.explorer.drawn")


def settled(page, as_of: str, loads_before: int | None = None) -> dict:
    """Wait until the graph for ``as_of`` is drawn, nothing is loading, and the layout has stopped."""
    condition = (
        "([day, before]) => { const d = window.explorer.drawn; return d && d.asOf === day"
        " && d.pending === 0 && d.stable && (before === null || d.loads > before); }"
    )
    page.wait_for_function(condition, arg=[as_of, loads_before], timeout=60000)
    return drawn(page)


def slide_to(page, day: date) -> dict:
    """Move the as-of slider to a day, as dragging it would, and wait for the redraw."""
    days = (day - SLIDER_START).days
    page.eval_on_selector(
        "#as-of-slider",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
        days,
    )
    assert page.input_value("#as-of-input") == day.isoformat()
    assert day.isoformat() in page.text_content("#as-of-text")
    return settled(page, day.isoformat())


def labels(d: dict) -> set[str]:
    return {n["label"] for n in d["nodes"]}


def click_node(page, node_id: str) -> None:
    pos = page.evaluate("(id) => window.explorer.positionOf(id)", node_id)
    page.mouse.click(pos["x"], pos["y"])


def click_edge(page, edge_id: str) -> None:
    pos = page.evaluate("(id) => window.explorer.edgeMiddle(id)", edge_id)
    page.mouse.click(pos["x"], pos["y"])


def test_find_the_met_slide_through_the_years_and_click(server, page, sample_graph, tmp_path):
    load_contracts(
        sample_graph, tmp_path, "x-bt-cleveland,Cleveland Police,BT,WAN,2018,2020,,,Network,https://example.org/x\n"
    )

    page.goto(server + "/")
    assert page.url == server + "/explore"

    page.fill("#search", "Met")
    option = page.wait_for_selector("#suggestions li[data-id='metropolitan-police-service']")
    assert MET in option.text_content() and "buyer" in option.text_content()
    option.click()

    d = slide_to(page, date(2012, 7, 1))
    assert labels(d) == {MET, "Capgemini"}
    assert [(e["from"], e["to"], e["label"]) for e in d["edges"]] == [
        ("capgemini", "metropolitan-police-service", "no tower given\n1990s–2015")
    ]

    d = slide_to(page, date(2019, 7, 1))
    assert labels(d) == {MET, "Atos", "BT", "DXC Technology", "Accenture"} | TOWERS
    assert len(d["edges"]) == 9
    assert sorted(e["label"] for e in d["edges"] if e["kind"] == "holding") == [
        "Apps\n2015–now",
        "Hosting, EUS\n2015–2021",
        "Networks\n2015–2021",
        "SIAM\n2015–2021",
    ]

    # 2023: Capgemini's 2021 contract holds four towers, Accenture applications; the contracts Capgemini's
    # replaced (stored contract succession, refreshed by the load) bring their suppliers in, with a red
    # dashed succession edge each
    d = slide_to(page, date(2023, 7, 1))
    assert labels(d) == {MET, "Capgemini", "Accenture", "Atos", "BT", "DXC Technology"} | TOWERS
    assert len(d["edges"]) == 10
    assert sorted(e["id"] for e in d["edges"] if e["kind"] == "succession") == [
        "succession:atos->capgemini",
        "succession:bt->capgemini",
        "succession:dxc-technology->capgemini",
    ]
    assert page.text_content("#status").startswith("11 nodes, 10 edges as of 2023-07-01")

    # an edge: its contract, value, dates with their precision, and source
    click_edge(page, "holding:capgemini->metropolitan-police-service")
    contract = page.wait_for_selector("#details-body [data-contract='met-capgemini-infrastructure']")
    assert "Capgemini → Metropolitan Police Service" in page.text_content("#details-body .edge-title")
    assert contract.query_selector(".value").text_content() == "GBP 600,000,000"
    assert contract.query_selector(".start").text_content() == "2021 (year precision; first day 2021-01-01)"
    assert contract.query_selector(".end").text_content() == "2026 (year precision; last day 2026-12-31)"
    assert [s.text_content() for s in contract.query_selector_all(".source")] == [SOURCE]
    assert contract.query_selector(".source a") is None

    # the timeline: back in 2019, clicking the Met -> Networks edge shows who held networks, in order
    slide_to(page, date(2019, 7, 1))
    click_edge(page, "tower:metropolitan-police-service->tower:networks")
    page.wait_for_function(
        "() => window.explorer.timeline && window.explorer.timeline.tower === 'networks'"
        " && document.querySelectorAll('#timeline-body .tl-row').length > 0"
    )
    assert page.evaluate("window.explorer.timeline.spells") == [
        {"supplier": "BT", "start": "2015-01-01", "end": "2021-12-31"},
        {"supplier": "Capgemini", "start": "2021-01-01", "end": "2026-12-31"},
    ]
    rows = page.query_selector_all("#timeline-body .tl-row")
    assert [r.query_selector(".tl-name").text_content() for r in rows] == ["BT", "Capgemini"]
    assert [r.query_selector(".tl-bar").text_content() for r in rows] == ["2015–2021", "2021–2026"]

    box = page.locator("#graph").bounding_box()  # rest the mouse on empty canvas: no tooltip in the picture
    page.mouse.move(box["x"] + box["width"] - 5, box["y"] + 5)
    page.wait_for_selector(".vis-tooltip", state="hidden")
    screenshot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "explorer.png")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot))
    # what vis-network itself holds and places: the ten nodes and nine edges, every node inside the canvas
    shown = page.evaluate(
        "() => { const net = window.explorer.network, box = document.getElementById('graph').getBoundingClientRect();"
        " return { nodes: net.body.data.nodes.getIds().sort(), edges: net.body.data.edges.length,"
        " box: [box.left, box.top, box.right, box.bottom],"
        " at: Object.fromEntries(net.body.data.nodes.getIds().map((id) => [id, window.explorer.positionOf(id)])) }; }"
    )
    drawn_now = drawn(page)
    assert shown["nodes"] == sorted(n["id"] for n in drawn_now["nodes"]) and len(shown["nodes"]) == 10
    assert shown["edges"] == 9
    left, top, right, bottom = shown["box"]
    assert all(left < p["x"] < right and top < p["y"] < bottom for p in shown["at"].values()), shown
    # and the picture shows them: around each node's centre, its kind's fill colour (buyer blue, supplier
    # amber, tower green), so the screenshot is the drawn graph, not a blank or half-drawn page
    pixels = png_pixels(screenshot)
    for node in drawn_now["nodes"]:
        at = shown["at"][node["id"]]
        assert fill_around(pixels, round(at["x"]), round(at["y"]), FILL[node["kind"]]) >= 40, node

    # a node: clicking BT in 2019 expands it, and Cleveland (BT's other buyer then) appears
    before = drawn(page)["loads"]
    click_node(page, "bt")
    d = settled(page, "2019-07-01", before)
    assert d["expanded"] == ["bt"]
    assert page.text_content("#details-body h3") == "BT"
    assert labels(d) == {MET, "Atos", "BT", "DXC Technology", "Accenture", "Cleveland Police"} | TOWERS
    assert len(d["edges"]) == 10
    assert "holding:bt->cleveland-police" in {e["id"] for e in d["edges"]}


def test_graph_url_parameters_and_bad_centre(server, page):
    page.goto(server + "/explore?center=Met%20Police&as_of=2023-07-01")
    d = settled(page, "2023-07-01")
    assert d["center"] == "metropolitan-police-service" and len(d["edges"]) == 10  # 7 and 3 successions
    page.goto(server + "/explore?center=Atlantis&as_of=2023-07-01")
    page.wait_for_function("() => window.explorer.drawn && window.explorer.drawn.error")
    assert "unknown buyer, supplier or tower 'Atlantis'" in page.text_content("#status")


_REMOTE = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)
_NODES = re.compile(r"nodes = new vis\.DataSet\((\[.*?\])\);")


def test_export_html_is_offline_and_draws_the_same_nodes(server, browser, tmp_path):
    import httpx

    out = tmp_path / "met-2019.html"
    result = CliRunner().invoke(
        main, ["export-html", "--center", "Met Police", "--as-of", "2019-07-01", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "10 nodes and 9 edges" in result.output
    text = out.read_text(encoding="utf-8")
    assert "<script" in text and _REMOTE.search(text) is None

    api = httpx.get(server + "/api/graph", params={"center": "Met Police", "as_of": "2019-07-01"}).json()
    api_labels = sorted(n["label"] for n in api["nodes"])
    file_nodes = json.loads(_NODES.search(text).group(1))
    assert sorted(n["label"] for n in file_nodes) == api_labels
    served = httpx.get(server + "/api/graph.html", params={"center": "Met Police", "as_of": "2019-07-01"})
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/html")
    assert served.text == text

    # opened with every network request refused, it still draws all the nodes
    context = browser.new_context()
    attempted: list[str] = []

    def refuse_network(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", refuse_network)
    pg = context.new_page()
    pg.goto(out.as_uri())
    pg.wait_for_function("() => typeof nodes !== 'undefined' && nodes.length > 0")
    assert sorted(pg.evaluate("nodes.get().map(n => n.label)")) == api_labels
    assert pg.evaluate("edges.length") == 9
    context.close()
    assert attempted == []
