"""The canonical service-tower taxonomy and its aliases.

Sources name the same tower many ways ("data centre", "desktop", "SIAM"). Loaders
map every alias to one of five canonical towers by its key (:func:`graph.names.text_key`,
the key the tower's ``Alias`` nodes are stored under), and refuse
anything else: an unrecognised tower is far more often a typo than a new tower.
"""

from __future__ import annotations

from dataclasses import dataclass

from supplygraph.graph.errors import UnknownTowerError
from supplygraph.graph.names import text_key


@dataclass(frozen=True)
class Tower:
    id: str
    name: str
    aliases: tuple[str, ...]


TOWERS: tuple[Tower, ...] = (
    Tower(
        "hosting",
        "Hosting",
        ("data centre", "data center", "datacentre", "datacenter", "hosting services", "dc"),
    ),
    Tower(
        "end-user-services",
        "End User Services",
        (
            "desktop",
            "end user computing",
            "euc",
            "end-user services",
            "end user",
            "workplace services",
            "eus",
        ),
    ),
    Tower("networks", "Networks", ("network", "network services", "wan", "lan", "telecoms")),
    Tower(
        "service-integration",
        "Service Integration",
        (
            "siam",
            "service integration and management",
            "service management",
            "service integrator",
            "smi",
        ),
    ),
    Tower(
        "application-services",
        "Application Services",
        (
            "applications",
            "application services",
            "applications services",
            "application management",
            "ams",
            "apps",
        ),
    ),
)


_BY_KEY: dict[str, Tower] = {}
for _tower in TOWERS:
    for _name in (_tower.id, _tower.name, *_tower.aliases):
        _BY_KEY[text_key(_name)] = _tower


def canonical_tower(text: str) -> Tower:
    """Return the canonical tower for a name or alias, case-insensitively."""
    tower = _BY_KEY.get(text_key(text))
    if tower is None:
        known = ", ".join(t.name for t in TOWERS)
        raise UnknownTowerError(f"unknown tower {text!r} (known towers: {known}, or an alias)")
    return tower
