"""``supplygraph fetch`` against a replay of the APIs: real HTTP on loopback, recorded pages.

The pages in tests/data/fetch/ are real releases from Contracts Finder and Find a Tender
(Open Government Licence v3.0, source: Contracts Finder / Find a Tender, Crown Copyright;
contact details blanked), split into pages chained by ``links.next`` as the APIs chain
them (make_pages.py there says which releases and how).
"""

from __future__ import annotations

import email.utils
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from supplygraph.graph.errors import FetchError, ParameterError
from supplygraph.loaders.fetch import Fetcher, parse_when
from tests.helpers import DATA, contract, contract_ids, run_cli

PAGES = DATA / "fetch"
CF_DAY = ["--since", "2025-01-23", "--until", "2025-01-23"]


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang_up: bool = False  # close the connection without answering


Answer = Callable[[dict[str, str]], Reply]


class Replay:
    """An HTTP server on loopback that answers each GET from ``answer(query)`` and logs the queries."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.queries: list[dict[str, str]] = []
        self.paths: list[str] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                split = urlsplit(self.path)
                query = dict(parse_qsl(split.query))
                replay.paths.append(split.path)
                replay.queries.append(query)
                reply = replay.answer(query)
                if reply.hang_up:
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def replay() -> Iterator[Callable[[Answer], Replay]]:
    servers: list[Replay] = []

    def start(answer: Answer) -> Replay:
        servers.append(Replay(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def recorded(source: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(PAGES.glob(f"{source}-page-*.json"))]


def cursors(source: str) -> list[str | None]:
    """The cursor that asks for each recorded page: none for the first, then each page's next link's."""
    links = [json.loads(page).get("links", {}).get("next") for page in recorded(source)]
    return [None] + [dict(parse_qsl(urlsplit(link).query))["cursor"] for link in links if link]


def chain(source: str, trouble: dict[int, list[Reply]] | None = None) -> Answer:
    """Answer the recorded pages by cursor; page n (1-based) first gives the replies in trouble[n], in turn."""
    pages, keys = recorded(source), cursors(source)
    pending = {n: list(replies) for n, replies in (trouble or {}).items()}

    def answer(query: dict[str, str]) -> Reply:
        n = keys.index(query.get("cursor")) + 1
        if pending.get(n):
            return pending[n].pop(0)
        return Reply(body=pages[n - 1])

    return answer


def fetch_cli(server: Replay, out: Path, *more: str) -> tuple[int, str, str]:
    done = run_cli(
        "fetch", "contracts-finder", *CF_DAY, "-o", str(out), "--base-url", server.url, "--delay", "0", *more
    )
    return done.returncode, done.stdout, done.stderr


class Sleeps(list[float]):
    """Records waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 1))


def cf_fetcher(server: Replay, out: Path, sleeps: Sleeps, **options: object) -> Fetcher:
    return Fetcher(
        "contracts-finder",
        out,
        parse_when("2025-01-23"),
        parse_when("2025-01-23", end_of_day=True),
        base_url=server.url,
        delay=0,
        sleep=sleeps,
        **options,  # type: ignore[arg-type]
    )


# --- paging ----------------------------------------------------------------------------------


def test_a_full_fetch_follows_the_next_links_through_three_pages(replay, tmp_path):
    server = replay(chain("contracts-finder"))
    with cf_fetcher(server, tmp_path, Sleeps()) as fetcher:
        state = fetcher.run()
    assert (state.done, state.pages, state.releases) == (True, 3, 6)  # 3 + 2 + 1 releases
    written = sorted(p.name for p in tmp_path.glob("*.json"))
    assert written == ["contracts-finder-00001.json", "contracts-finder-00002.json", "contracts-finder-00003.json"]
    for path, page in zip(sorted(tmp_path.glob("*.json")), recorded("contracts-finder")):
        assert path.read_bytes() == page
    # the day asked as the API documents it, then each next link as published, moved onto the replay
    assert server.paths == ["/Published/Notices/OCDS/Search"] * 3
    first = {"publishedFrom": "2025-01-23T00:00:00", "publishedTo": "2025-01-23T23:59:59", "limit": "100"}
    assert server.queries == [
        first,
        {**first, "cursor": cursors("contracts-finder")[1]},
        {**first, "cursor": cursors("contracts-finder")[2]},
    ]
    assert not list(tmp_path.glob("*.tmp"))


def test_the_fetched_pages_load_with_supplygraph_load(replay, graph, tmp_path):
    server = replay(chain("contracts-finder"))
    code, out, err = fetch_cli(server, tmp_path / "cf")
    assert code == 0, err
    assert out.strip().endswith("3 page file(s), 6 releases")
    fts = replay(chain("find-a-tender"))
    six_hours = parse_when("2026-10-06T12:00:00"), parse_when("2026-10-06T17:59:59")
    with Fetcher("find-a-tender", tmp_path / "fts", *six_hours, base_url=fts.url, delay=0) as fetcher:
        assert fetcher.run().pages == 2
    loaded = run_cli("load", str(tmp_path / "cf"), str(tmp_path / "fts"))  # state files beside the pages are not read
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("loaded 8 contracts")
    # Find a Tender, by hand: three awards (one contract each) and one open tender
    assert [i for i in contract_ids(graph) if i.startswith("ocds-h6vhtk")] == [
        "ocds-h6vhtk-06d285/1",
        "ocds-h6vhtk-06e832/1",
        "ocds-h6vhtk-078217/1",
        "ocds-h6vhtk-078219/tender",
    ]
    bip = contract(graph, "ocds-h6vhtk-078217/1")
    assert (bip["buyer_name"], bip["supplier_names"]) == (
        "Durham Aged Mineworkers' Homes Association",
        ["BiP Solutions Ltd"],
    )
    assert bip["c"]["value"] == 31715.0  # value.amount (amountGross 38058 is the extension's)
    # by hand from the six releases: the Ofcom award and its later update are one contract; the
    # Department for Education tender and its amendment one open process; two other awards
    ofcom = "ocds-b5fd17-56c3a2a3-e39f-494a-9c11-2eb477826ef3"
    dfe = "ocds-b5fd17-8f3244de-9267-4db2-95fe-089010d5aa5f"
    asprey = "ocds-b5fd17-f20e2ab3-ac80-491c-9a7f-b693cb8f7d0a"
    aker = "ocds-b5fd17-f80f9edd-ca2a-443a-a237-22e7b8b92a65"
    assert [i for i in contract_ids(graph) if i.startswith("ocds-b5fd17")] == sorted(
        [f"{asprey}/{asprey}-1", f"{ofcom}/{ofcom}-1", f"{dfe}/tender", f"{aker}/{aker}-1"]
    )
    rosa = contract(graph, f"{ofcom}/{ofcom}-1")
    # the awardUpdate (page 1, 16:17:21) wins over the award (page 2, 16:14:08) it updates
    assert rosa["c"]["title"] == "ROSA devices for Telecoms Security Act"
    assert (rosa["buyer_name"], rosa["supplier_names"]) == ("Ofcom", ["Cabinet Office"])
    assert (rosa["c"]["value"], rosa["c"]["currency"]) == (34737.0, "GBP")
    school_run = contract(graph, f"{dfe}/tender")
    assert (school_run["c"]["status"], school_run["c"]["holds"], school_run["suppliers"]) == ("open", False, [])
    assert school_run["buyer_name"] == "Department for Education"
    assert contract(graph, f"{asprey}/{asprey}-1")["supplier_names"] == ["Asprey Management Solutions Ltd"]
    assert contract(graph, f"{asprey}/{asprey}-1")["c"]["value"] == 232600.0
    aker_saas = contract(graph, f"{aker}/{aker}-1")
    assert (aker_saas["supplier_names"], aker_saas["c"]["value"]) == (["Aker Systems Limited"], 29500.0)


# --- interruption and resuming ---------------------------------------------------------------


def test_an_interrupted_fetch_fails_clearly_and_resumes_from_the_page_it_stopped_at(replay, tmp_path):
    broken = True

    def answer(query: dict[str, str]) -> Reply:
        if broken and query.get("cursor") == cursors("contracts-finder")[1]:
            return Reply(hang_up=True)  # page 2: the connection drops, every time
        return healthy(query)

    healthy = chain("contracts-finder")
    server = replay(answer)
    out = tmp_path / "cf"
    code, _, err = fetch_cli(server, out, "--attempts", "2", "--backoff", "0")
    assert code == 7  # a feed's API kept failing
    message = err.strip().splitlines()[-1]
    page_2 = f"{server.url}/Published/Notices/OCDS/Search?publishedFrom=2025-01-23T00:00:00&publishedTo=2025-01-23T23:59:59&limit=100&cursor={cursors('contracts-finder')[1]}"
    assert message.startswith(f"supplygraph: error: GET {page_2} failed 2 times, the last with RemoteProtocolError")
    assert message.endswith("run the same fetch again to resume from this page")
    assert sorted(p.name for p in out.glob("*.json")) == ["contracts-finder-00001.json"]
    assert len(server.queries) == 3  # page 1, then page 2 twice
    page_1 = (out / "contracts-finder-00001.json").stat().st_mtime_ns

    broken = False
    del server.queries[:]
    code, stdout, err = fetch_cli(server, out)
    assert code == 0, err
    assert "resuming contracts-finder 2025-01-23T00:00:00 to 2025-01-23T23:59:59: 1 page file(s), 3 releases" in err
    assert [q.get("cursor") for q in server.queries] == cursors("contracts-finder")[1:]  # page 1 is not asked again
    assert (out / "contracts-finder-00001.json").stat().st_mtime_ns == page_1
    assert sorted(p.name for p in out.glob("*.json"))[-1] == "contracts-finder-00003.json"
    assert stdout.strip().endswith("3 page file(s), 6 releases")

    del server.queries[:]
    code, stdout, _ = fetch_cli(server, out)  # complete: nothing is asked
    assert (code, server.queries) == (0, [])
    assert "already complete" in stdout


def test_a_folder_holding_another_range_of_the_same_source_is_refused(replay, tmp_path):
    server = replay(chain("contracts-finder"))
    with cf_fetcher(server, tmp_path, Sleeps()) as fetcher:
        fetcher.run()
    with pytest.raises(
        ParameterError, match=r"holds a contracts-finder fetch of 2025-01-23T00:00:00 to 2025-01-23T23:59:59"
    ):
        Fetcher("contracts-finder", tmp_path, parse_when("2025-01-01"), base_url=server.url)


# --- rate limits and server errors -------------------------------------------------------------


def test_a_429_is_waited_out_as_retry_after_says_then_the_fetch_goes_on(replay, tmp_path):
    server = replay(chain("contracts-finder", {2: [Reply(429, b"", {"Retry-After": "7"})]}))
    sleeps = Sleeps()
    with cf_fetcher(server, tmp_path, sleeps) as fetcher:
        state = fetcher.run()
    assert sleeps == [7.0]
    assert (state.done, state.pages) == (True, 3)
    assert [q.get("cursor") for q in server.queries] == [
        None,
        *cursors("contracts-finder")[1:2] * 2,
        cursors("contracts-finder")[2],
    ]


def test_retry_after_may_be_an_http_date(replay, tmp_path):
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    server = replay(chain("contracts-finder", {1: [Reply(503, b"", {"Retry-After": later})]}))
    sleeps = Sleeps()
    with cf_fetcher(server, tmp_path, sleeps) as fetcher:
        assert fetcher.run().pages == 3
    assert len(sleeps) == 1 and 17.0 <= sleeps[0] <= 20.0


def test_server_errors_are_retried_with_exponential_backoff(replay, tmp_path):
    flaky = [Reply(503), Reply(502), Reply(500, b"oops"), Reply(hang_up=True)]
    server = replay(chain("contracts-finder", {3: flaky}))
    sleeps = Sleeps()
    with cf_fetcher(server, tmp_path, sleeps, backoff=2.0) as fetcher:
        state = fetcher.run()
    assert sleeps == [2.0, 4.0, 8.0, 16.0]
    assert (state.done, state.pages, state.releases) == (True, 3, 6)


def test_after_the_last_attempt_the_error_names_the_url_and_the_status(replay, tmp_path):
    server = replay(chain("contracts-finder", {2: [Reply(503)] * 9}))
    sleeps = Sleeps()
    with cf_fetcher(server, tmp_path, sleeps, attempts=3) as fetcher:
        with pytest.raises(FetchError) as failed:
            fetcher.run()
    assert str(failed.value).startswith(f"GET {server.url}/Published/Notices/OCDS/Search?")
    assert "cursor=" in str(failed.value)
    assert "failed 3 times, the last with HTTP 503 Service Unavailable" in str(failed.value)
    assert sleeps == [2.0, 4.0]
    assert fetcher.state.pages == 1 and fetcher.state.next_url is not None  # saved for the next run


def test_contracts_finder_403_is_its_rate_limit_and_other_client_errors_are_not_retried(replay, tmp_path):
    server = replay(chain("contracts-finder", {1: [Reply(403, b"<html>Request forbidden</html>")]}))
    sleeps = Sleeps()
    with cf_fetcher(server, tmp_path / "a", sleeps) as fetcher:
        assert fetcher.run().pages == 3
    assert sleeps == [300.0]  # "no further requests should be made until after 5 minutes"

    server = replay(chain("contracts-finder", {1: [Reply(400, b"Incorrect request [limit]")]}))
    with cf_fetcher(server, tmp_path / "b", sleeps) as fetcher:
        with pytest.raises(FetchError, match=r"HTTP 400 Bad Request: Incorrect request \[limit\]$"):
            fetcher.run()
    assert len(server.queries) == 1


def test_a_page_that_is_not_a_release_package_is_retried_then_refused(replay, tmp_path):
    server = replay(chain("contracts-finder", {1: [Reply(200, b"<html>maintenance</html>")] * 2}))
    with cf_fetcher(server, tmp_path, Sleeps(), attempts=2) as fetcher:
        with pytest.raises(FetchError, match="the last with HTTP 200 but the body is not JSON"):
            fetcher.run()
    assert not list(tmp_path.glob("*.json"))


def test_the_api_address_and_delay_are_settings(replay, tmp_path, monkeypatch):
    server = replay(chain("contracts-finder"))
    monkeypatch.setenv("SUPPLYGRAPH_CONTRACTS_FINDER_URL", server.url + "/")
    monkeypatch.setenv("SUPPLYGRAPH_CONTRACTS_FINDER_DELAY", "0.5")
    sleeps = Sleeps()
    day = parse_when("2025-01-23"), parse_when("2025-01-23", end_of_day=True)
    with Fetcher("contracts-finder", tmp_path, *day, sleep=sleeps) as fetcher:
        assert (fetcher.base_url, fetcher.delay) == (server.url, 0.5)
        assert fetcher.run().pages == 3
    assert len(server.queries) == 3 and len(sleeps) == 2 and all(0.4 <= s <= 0.5 for s in sleeps)
    with Fetcher("contracts-finder", tmp_path / "x", *day, base_url="http://mirror.example", delay=0) as fetcher:
        assert (fetcher.base_url, fetcher.delay) == ("http://mirror.example", 0)  # options win


# --- Find a Tender: windows, parameters, delay -------------------------------------------------


def test_find_a_tender_is_asked_day_by_six_hours_with_updated_from_and_to_and_a_polite_delay(replay, tmp_path):
    pages = chain("find-a-tender")
    empty = json.dumps({"uri": "replay", "releases": []}).encode()

    def answer(query: dict[str, str]) -> Reply:
        if query.get("cursor") or query["updatedFrom"] == "2026-10-06T12:00:00":
            return pages(query)
        return Reply(body=empty)

    server = replay(answer)
    sleeps = Sleeps()
    with Fetcher(
        "find-a-tender",
        tmp_path,
        parse_when("2026-10-06"),
        parse_when("2026-10-06", end_of_day=True),
        base_url=server.url,
        sleep=sleeps,
    ) as fetcher:
        state = fetcher.run()
    assert server.paths == ["/api/1.0/ocdsReleasePackages"] * 5
    windows = [(q["updatedFrom"], q["updatedTo"], q["limit"], q.get("cursor")) for q in server.queries]
    assert windows == [
        ("2026-10-06T00:00:00", "2026-10-06T05:59:59", "100", None),
        ("2026-10-06T06:00:00", "2026-10-06T11:59:59", "100", None),
        ("2026-10-06T12:00:00", "2026-10-06T17:59:59", "100", None),
        ("2026-10-06T12:00:00", "2026-10-06T17:59:59", "100", cursors("find-a-tender")[1]),
        ("2026-10-06T18:00:00", "2026-10-06T23:59:59", "100", None),
    ]
    # empty windows leave no file; the two pages are numbered on
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["find-a-tender-00001.json", "find-a-tender-00002.json"]
    assert (state.pages, state.releases) == (2, 4)
    # 10 s between requests (12 requests in 2 minutes), less the time each took
    assert len(sleeps) == 4 and all(9.0 <= s <= 10.0 for s in sleeps)


def test_the_range_is_read_as_dates_or_date_times_and_until_defaults_to_now(tmp_path):
    assert parse_when("2025-01-20") == datetime(2025, 1, 20)
    assert parse_when("2025-01-20", end_of_day=True) == datetime(2025, 1, 20, 23, 59, 59)
    assert parse_when("2025-01-20T23:00") == datetime(2025, 1, 20, 23, 0)
    assert parse_when("2025-07-01T09:30:00+01:00") == datetime(2025, 7, 1, 8, 30)
    with pytest.raises(ParameterError, match="not a date"):
        parse_when("20/01/2025")
    with Fetcher("find-a-tender", tmp_path, parse_when("2026-10-06")) as fetcher:
        until = datetime.strptime(fetcher.state.until, "%Y-%m-%dT%H:%M:%S")
    assert abs(until - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=1)
    with pytest.raises(ParameterError, match="is before --since"):
        Fetcher("find-a-tender", tmp_path / "x", parse_when("2026-10-06"), parse_when("2026-10-05"))
