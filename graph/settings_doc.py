"""The README's tables of environment variables and exit codes, generated from Settings and the errors module.

Each table sits between markers in README.md (``<!-- settings:GROUP:start -->`` ...
``<!-- settings:GROUP:end -->``, ``<!-- exit-codes:start -->`` ... ``<!-- exit-codes:end -->``);
a test fails when the README and the code drift apart. To rewrite them::

    python -m supplygraph.graph.settings_doc README.md          # or --check: exit 1 when they differ
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from supplygraph.graph.config import GROUPS, Group, Settings
from supplygraph.graph.errors import EXIT_CODES

logger = logging.getLogger(__name__)


def settings_table(group: Group) -> str:
    """The Markdown table of one group's variables: variable, meaning, default."""
    lines = ["| variable | meaning | default |", "| --- | --- | --- |"]
    for info in Settings.model_fields.values():
        if _extra(info).get("group") == group:
            meaning = (info.description or "").replace("|", "\\|")
            lines.append(f"| `{info.validation_alias}` | {meaning} | {shown_default(info)} |")
    return "\n".join(lines)


def exit_codes_table() -> str:
    """The Markdown table of the command line's exit codes."""
    lines = ["| exit code | meaning |", "| --- | --- |"]
    lines += [f"| {code} | {meaning} |" for code, meaning in EXIT_CODES.items()]
    return "\n".join(lines)


def shown_default(info: FieldInfo) -> str:
    """What an unset variable means, in words where a value would mislead (a path, a secret)."""
    unset = _extra(info).get("unset")
    if unset:
        return str(unset)
    value = info.default
    if value is PydanticUndefined or value is None:
        return "unset"
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, bool):
        value = "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def tables() -> dict[str, str]:
    """Every generated table by its marker name."""
    found: dict[str, str] = {f"settings:{group}": settings_table(group) for group in GROUPS}
    found["exit-codes"] = exit_codes_table()
    return found


def update(text: str) -> str:
    """``text`` with every table between its markers regenerated; a missing marker is an error."""
    for name, table in tables().items():
        block = re.compile(rf"(<!-- {re.escape(name)}:start -->\n).*?(<!-- {re.escape(name)}:end -->)", re.DOTALL)
        if not block.search(text):
            raise ValueError(f"no <!-- {name}:start --> ... <!-- {name}:end --> markers")
        text = block.sub(_replacement(table), text)
    return text


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or [Path("README.md")]
    stale = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fresh = update(text)
        if fresh != text:
            stale.append(path)
            if not check:
                path.write_text(fresh, encoding="utf-8")
    for path in stale:
        logger.warning("%s: tables %s", path, "out of date" if check else "rewritten")
    return 1 if check and stale else 0


def _replacement(table: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{match.group(1)}{table}\n{match.group(2)}"


def _extra(info: FieldInfo) -> dict[str, object]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}  # type: ignore[return-value]


if __name__ == "__main__":
    logging.basicConfig(format="%(message)s")
    sys.exit(main(sys.argv[1:]))
