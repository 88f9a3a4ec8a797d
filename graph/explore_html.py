"""A neighbourhood as one standalone, offline HTML file, drawn by pyvis.

pyvis inlines vis-network (``cdn_resources="in_line"``) but its template also
links Bootstrap from a CDN, which the page does not need: those tags are
removed, and the file is checked to load nothing from the network, so it opens
on a machine with no connection.
"""

from __future__ import annotations

import html
import re
from typing import Any

from supplygraph.graph.errors import OfflineExportError
from supplygraph.graph.neighbourhood import Neighbourhood, period_text, to_networkx

#: shape and colour per node kind; the explorer page (api/static/explore.js) uses the same
STYLE: dict[str, dict[str, Any]] = {
    "buyer": {"shape": "box", "color": "#2563eb", "font": {"color": "#ffffff"}},
    "supplier": {"shape": "ellipse", "color": "#f59e0b", "font": {"color": "#1f2937"}},
    "tower": {"shape": "diamond", "color": "#10b981", "size": 18, "font": {"color": "#1f2937"}},
    "in-house": {"shape": "hexagon", "color": "#9333ea", "size": 18, "font": {"color": "#1f2937"}},
}
EDGE_COLOUR = {"holding": "#374151", "tower": "#9ca3af", "succession": "#dc2626"}

_REMOTE_TAG = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
    re.IGNORECASE,
)


#: pyvis's template (0.3.2) prints the heading twice: the first copy goes
_HEADING = re.compile(r"<center>\s*<h1>.*?</h1>\s*</center>", re.DOTALL)
#: pyvis's template keeps a commented-out link to a node_modules copy of vis: drop it too
_DEAD_COMMENT = re.compile(r"<!--(?:(?!-->).)*?node_modules(?:(?!-->).)*?-->", re.DOTALL)


def export_html(result: Neighbourhood) -> str:
    """The neighbourhood as a standalone HTML page with vis-network inlined."""
    from pyvis.network import Network

    g = to_networkx(result)
    heading = f"{result.center.label} on {result.as_of.isoformat()} (depth {result.depth})" + (
        f": cut, {result.cut}" if result.truncated else ""
    )
    net = Network(height="85vh", width="100%", directed=True, cdn_resources="in_line", heading=html.escape(heading))
    for node_id, attrs in g.nodes(data=True):
        style = STYLE[attrs["kind"]]
        extra = {"borderWidth": 4} if node_id == result.center.id else {}
        net.add_node(
            node_id,
            label=attrs["label"],
            title=f"{attrs['label']} ({attrs['kind']})",
            kind=attrs["kind"],
            **style,
            **extra,
        )
    for source, target, attrs in g.edges(data=True):
        net.add_edge(
            source,
            target,
            label=attrs["label"],
            title=_edge_title(attrs),
            color=EDGE_COLOUR[attrs["kind"]],
            dashes=attrs["kind"] in ("tower", "succession"),
            arrows="to",
            font={"size": 11, "align": "middle"},
        )
    net.set_options('{"physics": {"barnesHut": {"springLength": 180}}, "edges": {"smooth": {"type": "continuous"}}}')
    page = _DEAD_COMMENT.sub("", _REMOTE_TAG.sub("", net.generate_html()))
    if len(_HEADING.findall(page)) > 1:
        page = _HEADING.sub("", page, count=1)
    remote = _REMOTE_TAG.search(page)
    if remote:
        raise OfflineExportError(f"the export would load {remote.group(0)!r} from the network")
    return page


def _edge_title(attrs: dict[str, Any]) -> str:
    """The tooltip: each contract with its value, dates as precise as known, and sources."""
    if attrs["kind"] == "succession":
        return "\n".join(
            f"{p['later']} replaced {p['earlier']} (score {p['score']:.2f}): " + "; ".join(p["evidence"])
            for p in attrs["pairs"]
        )
    lines = []
    for c in attrs["contracts"]:
        value = "" if c["value"] is None else ", " + " ".join(x for x in (c["currency"], f"{c['value']:,.0f}") if x)
        period = f"{period_text(c['start'], c['start_precision'])}–{period_text(c['end'], c['end_precision'])}"
        lines.append(f"{c['id']}: {c['title'] or ''} ({period}{value})")
        lines += [f"  source: {s['url'] or s['title']}" for s in c["sources"] if s["url"] or s["title"]]
    return "\n".join(lines)
