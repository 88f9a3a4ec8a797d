"""An Atom feed (RFC 4287) of a pipeline watch, so a bid team follows it in a feed reader instead of polling.

One entry per contract in the window; its id is stable for a contract and its expiry, and its
``updated`` is when the graph last learned the contract's facts, so a reader shows a changed
contract (a new end, a likely successor) as updated.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

from supplygraph.graph.pipeline import Pipeline

ATOM = "http://www.w3.org/2005/Atom"


def pipeline_feed(answer: Pipeline, self_url: str, base_url: str, updated: dict[str, datetime]) -> bytes:
    """The Atom document for a pipeline answer; ``updated`` maps contract ids to when their facts were recorded."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    watch = _watch(answer)
    _text(feed, "id", f"urn:supplygraph:pipeline:{urlencode(watch)}")
    _text(feed, "title", "supplygraph pipeline: " + (", ".join(f"{k} {v}" for k, v in watch.items()) or "all"))
    _text(feed, "subtitle", f"Contracts ending from {answer.start.isoformat()} within {answer.months} months")
    stamps = [updated[c["contract_id"]] for c in answer.contracts if c["contract_id"] in updated]
    _text(feed, "updated", _iso(max(stamps, default=datetime(1970, 1, 1, tzinfo=UTC))))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "supplygraph")
    for c in answer.contracts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:supplygraph:contract:{quote(c['contract_id'], safe='')}:{c['expiry']}")
        holders = ", ".join(c["supplier_names"]) or "no supplier"
        _text(entry, "title", f"{c['expiry']}: {c['title'] or c['contract_id']} ({c['buyer_name']}, {holders})")
        _text(entry, "updated", _iso(updated.get(c["contract_id"], datetime(1970, 1, 1, tzinfo=UTC))))
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            rel="alternate",
            href=f"{base_url}/api/contracts/{quote(c['contract_id'], safe='')}",
        )
        _text(entry, "summary", _summary(c))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _summary(c: dict[str, Any]) -> str:
    lines = [
        f"Expires {c['expiry']} ({'maximum extension' if c['expiry_basis'] == 'max-extension' else 'contract end'}).",
        f"Buyer: {c['buyer_name']}. Held by: {', '.join(c['supplier_names']) or 'nobody named'}.",
        f"Service: {', '.join(c['towers']) or c.get('service_class') or 'not classified'}.",
    ]
    if c.get("value") is not None:
        lines.append(f"Value: {c['value']:,.0f} {c.get('currency') or ''}".rstrip() + ".")
    for step in c.get("incumbent_chain", []):
        lines.append(
            f"Replaced {step['contract_id']} ({', '.join(step['suppliers']) or 'no supplier'}, score {step['score']})."
        )
    return " ".join(lines)


def _watch(answer: Pipeline) -> dict[str, str]:
    found = {"buyer": answer.buyer, "supplier": answer.supplier, "tower": answer.tower}
    return {k: v.name for k, v in found.items() if v is not None}


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
