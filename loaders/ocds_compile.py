"""An OCDS record's compiled release: its own ``compiledRelease``, else its releases merged here.

The merge follows the OCDS merging rules that matter for what we map: releases
in date order, later fields override, ``null`` removes a field, arrays of
objects that all have an ``id`` merge by id, any other array is replaced
whole. Releases are ordered by their date as a UTC instant (so ``+01:00`` and
``Z`` dates compare correctly), ties kept in file order.

Why not the Open Contracting Partnership's ``ocdsmerge``: it takes its merge
rules from the OCDS release schema, which by default it downloads at run time
(it first reads the standard's website for the latest version); working
offline would mean shipping a copy of the schema (and its licence) and adding
``ocdsmerge``, ``jsonref`` and ``requests`` as dependencies, for rules
(``wholeListMerge``, ``omitWhenMerged``) that touch no field we map. It also
orders releases by their ``date`` text, not by instant. So this module keeps
its own merge of a few lines.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from supplygraph.graph.errors import InputError


def compiled_release(record: Any, file: str, where: str) -> tuple[dict[str, Any], str, str | None]:
    """(compiled release, where it is, the id of the latest release) of one OCDS record.

    Raises InputError when the record is not an object or has neither a
    ``compiledRelease`` nor full releases to compile.
    """
    if not isinstance(record, dict):
        raise InputError("is not a JSON object", file=file, row=where)
    compiled = record.get("compiledRelease")
    listed = record.get("releases") or []
    if not isinstance(listed, list):
        raise InputError("is not a list", file=file, row=where, field="releases")
    if isinstance(compiled, dict) and compiled:
        latest = _latest_release_id(listed, file, where) or compiled.get("id")
        return compiled, f"{where}.compiledRelease", latest
    full = [r for r in listed if isinstance(r, dict) and "ocid" in r]
    if not full:
        raise InputError(
            "has no compiledRelease and its releases are links, not releases: nothing to compile",
            file=file,
            row=where,
            field="releases",
        )
    ordered = sorted(
        enumerate(full), key=lambda ir: (utc_timestamp(ir[1].get("date"), file, f"{where}.releases[{ir[0]}]"), ir[0])
    )
    return compile_releases([r for _, r in ordered]), f"{where}.releases", str(ordered[-1][1].get("id"))


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge releases in date order: later fields override, arrays of objects merge by id."""
    compiled: dict[str, Any] = {}
    for release in releases:
        compiled = _merge(compiled, release)
    if releases:
        compiled["id"] = f"{compiled.get('ocid')}-{releases[-1].get('date')}"
        compiled["tag"] = ["compiled"]
    return compiled


def utc_timestamp(value: Any, file: str, where: str) -> str:
    """A release date as a comparable UTC timestamp; OCDS requires one."""
    if not isinstance(value, str) or not value.strip():
        raise InputError("is missing (every release has a date)", file=file, row=where, field="date")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{value!r} is not an ISO date-time", file=file, row=where, field="date") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _merge(base: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    for key, value in new.items():
        old = base.get(key)
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict):
            base[key] = _merge(old if isinstance(old, dict) else {}, value)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
            merged = {
                str(item["id"]): item
                for item in (old if isinstance(old, list) else [])
                if isinstance(item, dict) and "id" in item
            }
            for item in value:
                item_id = str(item["id"])
                merged[item_id] = _merge(merged[item_id], item) if item_id in merged else item
            base[key] = list(merged.values())
        else:
            base[key] = value
    return base


def _latest_release_id(listed: list[Any], file: str, where: str) -> str | None:
    best: tuple[str, str] | None = None
    for i, entry in enumerate(listed):
        if not isinstance(entry, dict) or not entry.get("date"):
            continue
        rid = entry.get("id") or str(entry.get("url") or "").rpartition("#")[2] or None
        when = utc_timestamp(entry["date"], file, f"{where}.releases[{i}]")
        if rid and (best is None or when >= best[0]):
            best = (when, str(rid))
    return best[1] if best else None


__all__ = ["compiled_release", "compile_releases", "utc_timestamp"]
