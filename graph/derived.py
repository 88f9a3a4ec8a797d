"""The derived layers, kept current together: the tenure layer and the contract succession (``SUCCEEDS``).

Every write command ends with :func:`refresh` on what it touched (a load in
:meth:`loaders.touched.LoadTouches.finish`, ``orgs merge``/``split``, ``contracts
set-towers``): the tenures, engagements and consolidations first, then the
``SUCCEEDS`` pairs of the touched buyers, whose evidence reads the fresh tenures.
``supplygraph check`` runs :func:`check`.
"""

from __future__ import annotations

import logging

from supplygraph.graph import incumbents, succession_agreement, tenure_store
from supplygraph.graph.db import Graph
from supplygraph.graph.tenure_store import Touched

log = logging.getLogger(__name__)


def refresh(graph: Graph, touched: Touched) -> int:
    """Re-derive the tenure layer where ``touched`` says, then the SUCCEEDS pairs of its buyers."""
    written = tenure_store.refresh(graph, touched)
    if touched.buyers:
        incumbents.refresh(graph, touched.buyers)
    return written


def refresh_all(graph: Graph) -> int:
    """Derive both layers again from every buyer's contracts; returns the tenures and engagements written."""
    written = tenure_store.refresh_all(graph)
    incumbents.refresh(graph)
    return written


def check(graph: Graph) -> list[str]:
    """Every difference between the stored layers and a fresh derivation, and every unexplained contradiction."""
    return tenure_store.check(graph) + incumbents.check(graph) + succession_agreement.check(graph)
