"""The optional API key that guards write and admin endpoints.

Read endpoints are open (the API is read-only by construction). Endpoints that
change the graph need ``SUPPLYGRAPH_API_KEY`` to be set on the server and the
same key in the request (``X-API-Key: ...`` or ``Authorization: Bearer ...``);
with no key configured they are switched off, so a fresh install never exposes
a write endpoint by accident.
"""

from __future__ import annotations

import hmac

from fastapi import Header, HTTPException

from supplygraph.graph.config import settings


def require_api_key(
    x_api_key: str | None = Header(default=None),
    authorization: str | None = Header(default=None),
) -> None:
    key = settings().api_key
    if key is None:
        raise HTTPException(403, "write endpoints are off: set SUPPLYGRAPH_API_KEY on the server to enable them")
    given = x_api_key
    if given is None and authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if given is None:
        raise HTTPException(401, "this endpoint needs the API key (X-API-Key header or Authorization: Bearer)")
    if not hmac.compare_digest(given.encode(), key.get_secret_value().encode()):
        raise HTTPException(401, "wrong API key")
