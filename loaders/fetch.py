"""Download OCDS release packages from Contracts Finder and Find a Tender, page by page, resumably.

The endpoints, as their official documentation describes them (read through the
``search`` tool on 2026-12-01; docs/fetch.md says what is and is not confirmed):

- Contracts Finder: ``GET https://www.contractsfinder.service.gov.uk/Published/Notices/OCDS/Search``
  with ``publishedFrom``/``publishedTo`` (ISO 8601), ``stages``, ``limit`` (1 to 100, default
  100) and ``cursor`` (https://www.contractsfinder.service.gov.uk/apidocumentation/Notices/1/GET-Published-Notice-OCDS-Search).
  Its rate limit answers HTTP 403, after which "no further requests should be made until after
  5 minutes" (the same site's pages for the Release and CSV endpoints).
- Find a Tender: ``GET https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages`` with
  ``updatedFrom``/``updatedTo`` (``YYYY-MM-DDTHH:MM:SS``), ``stages``, ``limit`` (1 to 100, default
  100) and ``cursor`` (https://www.find-tender.service.gov.uk/apidocumentation/1.0/GET-ocdsReleasePackages).
  Its rate limit (HTTP 429, "12 request limit in 2 minute exceeded") is known from the Open
  Contracting Partnership's Kingfisher Collect, not from the documentation.

Both answer an OCDS release package whose ``links.next`` is the next page's URL (with a
``cursor``); the last page has none. The recorded packages in ``../shared/data/ocds/uk/`` show
the request URIs and the next links as described.

A :class:`Fetcher` asks for the date range in windows (Kingfisher Collect found that Find a
Tender leaves releases out of long ranges, and uses 6 hours; 15 days for Contracts Finder),
follows each window's next links, and writes each non-empty page to ``<source>-<n>.json`` in the
output folder (a temporary file, then a rename). After each page a state file,
``<source>.fetch-state``, records the window and the next URL, so running the same fetch again
continues where an interrupted one stopped. Requests are spaced by a polite delay; HTTP 429, the
source's own rate-limit answer and 5xx (and dropped connections) are retried, waiting as
``Retry-After`` says or else with exponential backoff, and after ``attempts`` failures a
:class:`FetchError` names the URL and the last status.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

import httpx

from supplygraph.graph.config import settings
from supplygraph.graph.errors import FetchError, ParameterError

logger = logging.getLogger(__name__)

PAGE_LIMIT = 100  # the most either API gives in one page (documented: 1 to 100)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"  # what Find a Tender documents; Contracts Finder takes ISO 8601


@dataclass(frozen=True)
class Source:
    """One publisher's OCDS search endpoint and how politely to use it."""

    name: str
    base_url: str  # the official origin; next links under it are re-rooted onto the configured one
    path: str
    from_param: str
    to_param: str
    window: timedelta  # the date range is asked for in windows this long
    rate_limit_statuses: frozenset[int]  # answers that mean "too many requests"
    cooldown: float  # seconds to wait after such an answer when it has no Retry-After


SOURCES: dict[str, Source] = {
    "contracts-finder": Source(
        name="contracts-finder",
        base_url="https://www.contractsfinder.service.gov.uk",
        path="/Published/Notices/OCDS/Search",
        from_param="publishedFrom",
        to_param="publishedTo",
        window=timedelta(days=15),
        rate_limit_statuses=frozenset({403, 429}),
        cooldown=300.0,
    ),
    "find-a-tender": Source(
        name="find-a-tender",
        base_url="https://www.find-tender.service.gov.uk",
        path="/api/1.0/ocdsReleasePackages",
        from_param="updatedFrom",
        to_param="updatedTo",
        window=timedelta(hours=6),
        rate_limit_statuses=frozenset({429}),
        cooldown=120.0,
    ),
}


@dataclass
class FetchState:
    """Where a fetch is: saved after every page, so a re-run continues from here."""

    source: str
    since: str
    until: str
    window_start: str
    window_end: str
    next_url: str | None = None  # as published; None: the window's first page
    pages: int = 0  # page files written
    releases: int = 0
    done: bool = False


@dataclass(frozen=True)
class Page:
    """A page written (or an empty one passed over), for progress reports."""

    number: int  # page files written so far
    releases: int  # releases in this page
    total_releases: int
    path: Path | None  # None for an empty page, which is not written
    window_start: datetime
    window_end: datetime
    covered: float  # share of the date range done, 0 to 1


OnPage = Callable[[Page], None]
OnWait = Callable[[str, str, float], None]
"""on_wait(url, problem, seconds): called before waiting to retry."""


def parse_when(text: str, *, end_of_day: bool = False) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``; a bare date ends at 23:59:59 when ``end_of_day``.

    A time with an offset is turned into UTC; the APIs' parameters carry no zone.
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = datetime.strptime(text, "%Y-%m-%d")
            return day + timedelta(hours=23, minutes=59, seconds=59) if end_of_day else day
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise ParameterError(f"{text!r} is not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM:SS)") from None


def parse_window(text: str) -> timedelta:
    """A window length: a number with ``h`` (hours) or ``d`` (days), e.g. ``6h``, ``15d``."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([hd])\s*", text.lower())
    if not match or float(match.group(1)) <= 0:
        raise ParameterError(f"{text!r} is not a window length such as 6h or 15d")
    amount = float(match.group(1))
    window = timedelta(hours=amount) if match.group(2) == "h" else timedelta(days=amount)
    if window < timedelta(seconds=1):
        raise ParameterError(f"window {text!r} is shorter than a second")
    return window


def state_path(out_dir: Path, source: str) -> Path:
    return out_dir / f"{source}.fetch-state"


class Fetcher:
    """Fetches one source's release packages for ``since`` to ``until`` into ``out_dir``.

    ``until`` defaults to the saved state's (when resuming) or now (UTC). Opening a folder that
    holds an unfinished fetch of the same source and range resumes it; one that holds a
    different range of the same source is a ParameterError (page numbers would collide).
    ``base_url`` and ``delay`` default to the settings (SUPPLYGRAPH_CONTRACTS_FINDER_URL, ...).
    """

    def __init__(
        self,
        source: str,
        out_dir: Path,
        since: datetime,
        until: datetime | None = None,
        *,
        base_url: str | None = None,
        delay: float | None = None,
        window: timedelta | None = None,
        attempts: int = 5,
        backoff: float = 2.0,
        max_wait: float = 900.0,
        cooldown: float | None = None,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        client: httpx.Client | None = None,
    ) -> None:
        self.source = _source(source)
        self.out_dir = out_dir
        configured_url, configured_delay = _configured(self.source)
        self.base_url = (base_url or configured_url).rstrip("/")
        self.delay = configured_delay if delay is None else delay
        self.window = window or self.source.window
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self.cooldown = self.source.cooldown if cooldown is None else cooldown
        self._sleep = sleep
        self._last_request: float | None = None
        self.state_file = state_path(out_dir, self.source.name)
        self.state, self.resumed = self._open_state(since, until)
        self._client = client or httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"Accept": "application/json", "User-Agent": "supplygraph-fetch/0.1"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, on_page: OnPage | None = None, on_wait: OnWait | None = None) -> FetchState:
        """Fetch every remaining page; return the final state. Raises FetchError, state saved."""
        state = self.state
        since, until = _when(state.since), _when(state.until)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        while not state.done:
            start, end = _when(state.window_start), _when(state.window_end)
            url = state.next_url or self._first_url(start, end)
            text, package = self._get(url, on_wait)
            releases = package["releases"]
            path = None
            if releases:
                path = self.out_dir / f"{self.source.name}-{state.pages + 1:05d}.json"
                _write_atomic(path, text)
                state.pages += 1
                state.releases += len(releases)
            next_url = _next_link(package, url)
            if next_url and next_url != url:
                state.next_url = next_url
            elif end >= until:
                state.next_url, state.done = None, True
            else:
                following = end + timedelta(seconds=1)
                state.window_start = _text(following)
                state.window_end = _text(min(following + self.window - timedelta(seconds=1), until))
                state.next_url = None
            self._save(state)
            if on_page:
                reached = until if state.done else _when(state.window_start)
                covered = (reached - since).total_seconds() / max(1.0, (until - since).total_seconds())
                on_page(Page(state.pages, len(releases), state.releases, path, start, end, min(1.0, covered)))
        return state

    # --- requests -----------------------------------------------------------------------

    def _first_url(self, start: datetime, end: datetime) -> str:
        query = {self.source.from_param: _text(start), self.source.to_param: _text(end), "limit": PAGE_LIMIT}
        return f"{self.source.base_url}{self.source.path}?{urlencode(query, safe=':')}"

    def _reroot(self, url: str) -> str:
        """A URL as published, moved onto the configured base URL (a mirror's, or a replay's)."""
        if url.startswith(self.source.base_url):
            return self.base_url + url[len(self.source.base_url) :]
        return url

    def _get(self, published: str, on_wait: OnWait | None) -> tuple[str, dict[str, Any]]:
        url = self._reroot(published)
        failures = 0
        while True:
            self._pace()
            wait: float | None = None
            try:
                response = self._client.get(url)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            else:
                status = response.status_code
                problem = f"HTTP {status} {response.reason_phrase}".rstrip()
                if status == 200:
                    try:
                        return _package(response)
                    except ValueError as exc:
                        problem = f"HTTP 200 but {exc}"
                elif status in self.source.rate_limit_statuses or status >= 500:
                    wait = _retry_after(response)
                    if wait is None and status in self.source.rate_limit_statuses:
                        wait = self.cooldown
                else:
                    raise FetchError(f"GET {url}: {problem}{_snippet(response)}")
            failures += 1
            if failures >= self.attempts:
                raise FetchError(
                    f"GET {url} failed {failures} times, the last with {problem}; "
                    f"run the same fetch again to resume from this page"
                )
            if wait is None:
                wait = self.backoff * 2 ** (failures - 1)
            wait = max(0.0, min(wait, self.max_wait))
            if on_wait:
                on_wait(url, problem, wait)
            else:
                logger.warning(
                    "GET %s: %s; waiting %.1f s (%d of %d attempts)", url, problem, wait, failures, self.attempts
                )
            self._sleep(wait)
            self._last_request = None  # the wait was the pause

    def _pace(self) -> None:
        if self._last_request is not None and self.delay > 0:
            left = self.delay - (time.monotonic() - self._last_request)
            if left > 0:
                self._sleep(left)
        self._last_request = time.monotonic()

    # --- state --------------------------------------------------------------------------

    def _open_state(self, since: datetime, until: datetime | None) -> tuple[FetchState, bool]:
        saved = self._read_state()
        if saved is not None:
            same = saved.source == self.source.name and saved.since == _text(since)
            if same and (until is None or saved.until == _text(until)):
                return saved, True
            raise ParameterError(
                f"{self.out_dir} holds a {saved.source} fetch of {saved.since} to {saved.until} "
                f"({saved.pages} pages, {'complete' if saved.done else 'unfinished'}); fetch into another "
                f"folder, or delete {self.state_file} and its pages to start again"
            )
        until = until or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        if until < since:
            raise ParameterError(f"--until {_text(until)} is before --since {_text(since)}")
        end = min(since + self.window - timedelta(seconds=1), until)
        return FetchState(self.source.name, _text(since), _text(until), _text(since), _text(end)), False

    def _read_state(self) -> FetchState | None:
        if not self.state_file.exists():
            return None
        try:
            return FetchState(**json.loads(self.state_file.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise ParameterError(
                f"{self.state_file} is not a fetch state file ({exc}); delete it to start again"
            ) from None

    def _save(self, state: FetchState) -> None:
        _write_atomic(self.state_file, json.dumps(asdict(state), indent=2) + "\n")


def _source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise ParameterError(f"unknown source {name!r} (use one of {', '.join(SOURCES)})") from None


def _configured(source: Source) -> tuple[str, float]:
    """The base URL and delay the settings give a source."""
    cfg = settings()
    if source.name == "contracts-finder":
        return cfg.contracts_finder_url, cfg.contracts_finder_delay
    return cfg.find_a_tender_url, cfg.find_a_tender_delay


def _text(moment: datetime) -> str:
    return moment.strftime(DATETIME_FORMAT)


def _when(text: str) -> datetime:
    return datetime.strptime(text, DATETIME_FORMAT)


def _package(response: httpx.Response) -> tuple[str, dict[str, Any]]:
    """The body as text and as a release package; ValueError when it is not one."""
    try:
        text = response.content.decode("utf-8")
    except UnicodeDecodeError:
        encoding = response.charset_encoding or "cp1252"
        logger.warning("%s is not UTF-8; read as %s and written as UTF-8", response.url, encoding)
        text = response.content.decode(encoding, errors="replace")
    try:
        package = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"the body is not JSON ({exc})") from None
    if not isinstance(package, dict) or not isinstance(package.get("releases"), list):
        raise ValueError("the body is not an OCDS release package (no 'releases' list)")
    return text, package


def _next_link(package: dict[str, Any], current: str) -> str | None:
    links = package.get("links")
    link = links.get("next") if isinstance(links, dict) else None
    return urljoin(current, link) if isinstance(link, str) and link.strip() else None


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None without one."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, as HTTP dates are
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _snippet(response: httpx.Response) -> str:
    text = " ".join(response.text.split())[:200]
    return f": {text}" if text else ""


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
