"""Reading OCDS files into units: one per release or record, mapped or rejected with its reason.

Reads release packages, record packages (their ``compiledRelease``, or the
releases compiled by :mod:`supplygraph.loaders.ocds_compile` when it is absent), bare releases,
and JSON Lines of any of these, plain or gzipped. Single JSON documents are
streamed with ijson, one release (or one record) at a time, so a
multi-gigabyte package loads in constant memory; JSON Lines are read a line at
a time. Each release is mapped to rows by :mod:`supplygraph.loaders.ocds_map`.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import IO, Any

import ijson

from supplygraph.graph.errors import InputError
from supplygraph.loaders.coverage import year_of
from supplygraph.loaders.ocds_compile import compiled_release
from supplygraph.loaders.ocds_map import Item, map_release, publisher_name

FORMATS = ("auto", "csv", "ocds-release-package", "ocds-record-package", "ocds-release", "jsonl")
SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz")
SNIFF_BYTES = 1 << 16


@dataclass(frozen=True)
class Release:
    """One release (or record) that mapped cleanly, with its items.

    ``obj`` is the JSON object itself, to write out if the plan rejects it later.
    """

    file: str
    row: str
    obj: Any
    items: list[Item]
    publisher: str | None = None  # the publisher named by its package, for coverage (loaders/coverage.py)
    year: int | None = None  # the year it was published, for coverage


@dataclass(frozen=True)
class Rejected:
    """One release, record or JSON line that is bad, and why."""

    file: str
    row: str
    raw: str
    error: InputError
    publisher: str | None = None
    year: int | None = None


Unit = Release | Rejected


def raw_text(obj: Any) -> str:
    """A JSON object as one line of text, for a rejects file."""
    return obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False, default=str)


def is_ocds_path(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def read_ocds_units(path: Path, fmt: str = "auto") -> Iterator[Unit]:
    """Each release (or record) of an OCDS file as a :class:`Release` or a :class:`Rejected`.

    Problems with the file as a whole (empty, not JSON, not UTF-8, a damaged
    gzip, truncated) still raise InputError: the file cannot be split into
    releases, so it is rejected whole.
    """
    return _read(path, fmt)


def _unit(items: Callable[[], Iterator[Item]], obj: Any, file: str, where: str, meta: dict[str, Any]) -> Unit:
    """The release as one Release (its items) or one Rejected (why it cannot be mapped)."""
    ocid = obj.get("ocid") if isinstance(obj, dict) else None
    publisher, year = publisher_name(meta, ocid), _year(obj)
    try:
        built = list(items())
    except InputError as exc:
        return Rejected(file, where, raw_text(obj), exc, publisher, year)
    return Release(file, where, obj, built, publisher, year)


def _year(obj: Any) -> int | None:
    """The year of a release's ``date`` (a record's compiled release, else its latest linked release)."""
    if not isinstance(obj, dict):
        return None
    if "releases" in obj or "compiledRelease" in obj:
        compiled = obj.get("compiledRelease")
        if isinstance(compiled, dict) and year_of(compiled.get("date")):
            return year_of(compiled.get("date"))
        releases = obj.get("releases")
        dates = [r.get("date") for r in releases if isinstance(r, dict)] if isinstance(releases, list) else []
        years = [y for y in map(year_of, dates) if y is not None]
        return max(years) if years else None
    return year_of(obj.get("date"))


def _read(path: Path, fmt: str) -> Iterator[Unit]:
    file = str(path)
    if fmt not in FORMATS or fmt == "csv":
        raise InputError(f"format {fmt!r} is not an OCDS format ({', '.join(FORMATS[2:])})", file=file)
    lines = fmt == "jsonl" or (fmt == "auto" and _looks_like_jsonl(path))
    if lines:
        yield from _read_lines(path)
    else:
        expected = None if fmt == "auto" else fmt
        yield from _read_document(path, expected)


# --- opening and detecting --------------------------------------------------------


def _open(path: Path) -> IO[bytes]:
    """The file's bytes, gunzipped when it starts with the gzip magic number."""
    try:
        with path.open("rb") as probe:
            magic = probe.read(2)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    fh: IO[bytes] = gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")  # type: ignore[assignment]
    try:
        if fh.read(3) != b"\xef\xbb\xbf":  # a UTF-8 BOM is allowed (RFC 8259 lets parsers ignore it)
            fh.seek(0)
    except (OSError, EOFError):
        fh.seek(0)  # a damaged gzip: reported where it is read
    return fh


def _head(path: Path) -> bytes:
    try:
        with _open(path) as fh:
            return fh.read(SNIFF_BYTES)
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read (damaged gzip?): {exc}", file=str(path)) from None


def _looks_like_jsonl(path: Path) -> bool:
    """JSON Lines when the first line is a whole JSON object and more follows."""
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise InputError("the file is empty", file=str(path))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is UTF-16 text, not UTF-8: OCDS JSON must be UTF-8", file=str(path))
    if not head.startswith(b"{"):
        raise InputError(
            "not OCDS JSON: it must start with an object '{' (a package, a release or JSON Lines of them)",
            file=str(path),
        )
    first, newline, rest = head.partition(b"\n")
    if not newline or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _kind(obj: dict[str, Any]) -> str:
    if "ocid" in obj and ("compiledRelease" in obj or "releases" in obj):
        return "ocds-record"
    if "ocid" in obj:
        return "ocds-release"
    if isinstance(obj.get("records"), list):
        return "ocds-record-package"
    if isinstance(obj.get("releases"), list):
        return "ocds-release-package"
    return "unknown"


# --- JSON Lines ---------------------------------------------------------------------


def _read_lines(path: Path) -> Iterator[Unit]:
    file = str(path)
    with _json_errors(file), _open(path) as raw:
        for number, line in enumerate(raw, start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                obj = json.loads(line)
            except UnicodeDecodeError as exc:
                error = InputError(f"not UTF-8 text ({exc.reason})", file=file, row=where)
            except ValueError as exc:
                error = InputError(f"not JSON: {exc}", file=file, row=where)
            else:
                try:
                    if not isinstance(obj, dict):
                        raise InputError("is not a JSON object", file=file, row=where)
                    units = list(_dispatch(obj, file, where + ": ", _kind(obj), _meta(obj)))
                except InputError as exc:
                    error = exc
                else:
                    yield from units
                    continue
            yield Rejected(file, where, line.decode("utf-8", "replace").rstrip("\r\n"), error)


def _dispatch(obj: dict[str, Any], file: str, prefix: str, kind: str, meta: dict[str, Any]) -> Iterator[Unit]:
    if kind == "ocds-release-package":
        for i, release in enumerate(obj["releases"]):
            where = f"{prefix}releases[{i}]"
            yield _unit(lambda: map_release(release, file, where, meta), release, file, where, meta)
    elif kind == "ocds-record-package":
        for i, record in enumerate(obj["records"]):
            where = f"{prefix}records[{i}]"
            yield _unit(lambda: _map_record(record, file, where, meta), record, file, where, meta)
    elif kind == "ocds-record":
        where = f"{prefix}record"
        yield _unit(lambda: _map_record(obj, file, where, meta), obj, file, where, meta)
    elif kind == "ocds-release":
        where = f"{prefix}release"
        yield _unit(lambda: map_release(obj, file, where, meta), obj, file, where, meta)
    else:
        raise InputError(
            "not an OCDS release, record, release package or record package "
            "(it has none of 'ocid', 'releases', 'records')",
            file=file,
            row=prefix.rstrip(": ") or None,
        )


def _meta(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: obj.get(k) for k in ("uri", "publisher", "publishedDate")}


# --- single documents, streamed -------------------------------------------------------


@contextmanager
def _json_errors(file: str, where: str | None = None) -> Iterator[None]:
    """Parsing errors as InputError naming the file (and the item being read, when known)."""
    try:
        yield
    except ijson.JSONError as exc:
        detail = (str(exc).strip().splitlines() or [""])[0]  # yajl adds lines pointing at the spot
        if "utf8" in detail.lower().replace("-", ""):
            raise InputError(f"not UTF-8 text ({detail})", file=file, row=where) from None
        raise InputError(f"not valid JSON (truncated or damaged?): {detail}", file=file, row=where) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=file, row=where) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read (damaged gzip?): {exc}", file=file, row=where) from None


def _read_document(path: Path, expected: str | None) -> Iterator[Unit]:
    """One JSON document: a package's ``releases``/``records`` streamed item by item."""
    file = str(path)
    with _json_errors(file):
        top, key = _top_level(path, file)
    if key is None:  # no array to stream: a bare release (or record), built whole
        kind = _kind(top)
        if expected and kind != expected:
            raise InputError(f"is a {kind}, not the forced format {expected}", file=file)
        yield from _dispatch(top, file, "", kind, _meta(top))
        return
    if expected and expected != f"ocds-{key[:-1]}-package":
        raise InputError(f"is a {key[:-1]} package, not the forced format {expected}", file=file)
    if "uri" in top and "publisher" in top:
        meta = _meta(top)
    else:
        with _json_errors(file):
            meta = _scan_meta(path)
    with _open(path) as fh:
        items = ijson.items(fh, f"{key}.item", use_float=True)  # built by the C backend, one at a time
        for i in count():
            where = f"{key}[{i}]"
            with _json_errors(file, where):
                item = next(items, _END)
            if item is _END:
                return
            mapper = map_release if key == "releases" else _map_record
            yield _unit(lambda: mapper(item, file, where, meta), item, file, where, meta)  # type: ignore[arg-type]


_END = object()


def _top_level(path: Path, file: str) -> tuple[dict[str, Any], str | None]:
    """The top-level keys before the ``releases``/``records`` array (and that array's key).

    When there is no such array, the whole (small) document.
    """
    top: dict[str, Any] = {}
    with _open(path) as fh:
        events = ijson.parse(fh, use_float=True)
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise InputError("not OCDS JSON: the document is not an object", file=file)
        for prefix, event, value in events:
            if prefix == "" and event == "end_map":
                break
            key = value
            _, ev, val = next(events)
            if key in ("releases", "records") and ev == "start_array" and "ocid" not in top:
                return top, key
            top[key] = _build(ev, val, events)
    return top, None


def _build(event: str, value: Any, events: Iterator[tuple[str, str, Any]]) -> Any:
    """One whole JSON value whose first event has been read."""
    builder = ijson.ObjectBuilder()
    depth = 0
    while True:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
        if depth == 0:
            return builder.value
        _, event, value = next(events)


def _scan_meta(path: Path) -> dict[str, Any]:
    """Package uri/publisher/publishedDate that come after the releases: a second streamed pass."""
    meta: dict[str, Any] = {"uri": None, "publisher": None, "publishedDate": None}
    with _open(path) as fh:
        for prefix, event, value in ijson.parse(fh, use_float=True):
            if prefix in ("uri", "publishedDate") and event == "string":
                meta[prefix] = value
            elif prefix.startswith("publisher.") and event == "string":
                meta["publisher"] = {**(meta["publisher"] or {}), prefix.split(".", 1)[1]: value}
    return meta


def _map_record(record: Any, file: str, where: str, meta: dict[str, Any]) -> Iterator[Item]:
    release, release_where, release_id = compiled_release(record, file, where)
    yield from map_release(release, file, release_where, meta, release_id=release_id)


__all__ = ["FORMATS", "SUFFIXES", "Release", "Rejected", "Unit", "read_ocds_units", "raw_text", "is_ocds_path"]
