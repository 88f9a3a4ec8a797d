"""How a stored derived layer differs from a fresh derivation, one line per difference (``supplygraph check``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def differences(derived: Mapping[Any, Any], stored: Mapping[Any, Any], name: Callable[[Any], str] = str) -> list[str]:
    """Each key derived but not stored ("missing"), stored but not derivable, or stored with other values."""
    out: list[str] = []
    for key in sorted(set(derived) | set(stored)):
        what = name(key)
        if key not in stored:
            out.append(f"missing {what}: {derived[key]}")
        elif key not in derived:
            out.append(f"not derivable {what}: {stored[key]}")
        elif derived[key] != stored[key]:
            out.append(f"differs {what}: stored {stored[key]}, derived {derived[key]}")
    return out


__all__ = ["differences"]
