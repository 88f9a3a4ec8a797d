"""How commands print: tables, JSON and spreadsheet-safe CSV on stdout; messages on stderr."""

from __future__ import annotations

import csv
import io
import json
from typing import Any


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def render(columns: tuple[str, ...], rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, default=str, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        return out.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text, never runs: formula-like text gets a leading quote.

    Numbers stay numbers (so -5 is not quoted), but text such as ``-2+3`` is.
    """
    text = _cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    if text.startswith(_FORMULA_START) or (text.startswith("-") and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value)
