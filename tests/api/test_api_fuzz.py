"""Schema-shaped and malformed requests at every operation, then hand-picked hostile ones.

Schemathesis generates the requests from the OpenAPI document; each answer must
not be a server error, must be one the document lists with the body it
describes, and an error must say what was wrong (a non-empty ``detail``).
"""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from supplygraph.api.app import create_app

app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True)
def _graph_with_sample(sample_graph):
    app.state.graph = sample_graph


@schemathesis.check
def errors_say_what_is_wrong(ctx: Any, response: Any, case: Any) -> bool:
    """A 4xx answer is JSON with a non-empty ``detail`` (text, or FastAPI's list of invalid fields)."""
    if 400 <= response.status_code < 500:
        detail = response.json().get("detail")
        assert isinstance(detail, str | list) and detail, f"{response.status_code} without a detail: {response.text}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    errors_say_what_is_wrong,
]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_generated_request_gets_a_documented_answer_and_never_a_server_error(case):
    case.call_and_validate(checks=CHECKS, timeout=120)  # a busy test machine, not a slow API


HOLDERS = "/api/buyers/Met Police/towers/networks/holders"
TOO_LONG = "9" * 41

# (method, path, JSON body, status, detail): a text detail exactly, or the field FastAPI names as invalid
HOSTILE = [
    ("get", HOLDERS + "?as_of=2019-02-30", None, 422, ("query", "as_of")),
    ("get", HOLDERS, None, 422, ("query", "as_of")),
    ("get", HOLDERS + f"?as_of=2019-06-01&as_known_on={TOO_LONG}", None, 422, ("query", "as_known_on")),
    (
        "get",
        HOLDERS + "?as_of=2019-06-01&as_known_on=yesterday",
        None,
        400,
        "parameter 'as_known_on' must be datetime (YYYY-MM-DD or an ISO date-time), got 'yesterday'",
    ),
    ("get", "/api/buyers/Atlantis/towers/networks/holders?as_of=2019-06-01", None, 404, "unknown buyer 'Atlantis'"),
    ("get", "/api/buyers/Met Police/towers/quantum/holders?as_of=2019-06-01", None, 404, "unknown tower 'quantum'"),
    ("get", "/api/graph?center=Met%20Police&depth=9", None, 422, ("query", "depth")),
    ("get", "/api/graph?center=Met%20Police&as_of=0000-01-01", None, 422, ("query", "as_of")),
    ("get", "/api/returns?limit=-1", None, 422, ("query", "limit")),
    ("get", "/api/returns?min_gap_days=-5", None, 422, ("query", "min_gap_days")),
    ("get", "/api/suppliers/Capgemini/footprint?as_of=99999-01-01", None, 422, ("query", "as_of")),
    (
        "get",
        "/api/analytics/concentration?from_year=2020&to_year=2010",
        None,
        400,
        "from_year 2020 is after to_year 2010",
    ),
    ("get", "/api/contracts/../../etc/passwd", None, 404, "Not Found"),
    ("get", "/static/explore/..%2F..%2Fapp.py", None, 404, "Not Found"),
    ("post", "/api/queries/holders", [1, 2], 422, ("body",)),
    (
        "post",
        "/api/queries/holders",
        {"buyer": "Met", "tower": "networks", "as_of": "2019-99-01"},
        400,
        "parameter 'as_of' must be date (YYYY-MM-DD), got '2019-99-01'",
    ),
    (
        "post",
        "/api/queries/holders",
        {"buyer": ["Met"], "tower": "networks", "as_of": "2019-06-01"},
        400,
        "parameter 'buyer' must be buyer (an id, name or alias), got ['Met']",
    ),
    (
        "post",
        "/api/admin/load",
        None,
        403,
        "write endpoints are off: set SUPPLYGRAPH_API_KEY on the server to enable them",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "detail"), HOSTILE, ids=[h[1][:60] for h in HOSTILE])
def test_hand_picked_hostile_requests_get_exactly_the_expected_answer(
    client, method: str, path: str, body: Any, status: int, detail: str | tuple[str, ...]
):
    answer = client.post(path, json=body) if method == "post" else client.get(path)
    assert answer.status_code == status, answer.text
    if isinstance(detail, str):
        assert answer.json() == {"detail": detail}
    else:
        assert [tuple(e["loc"][: len(detail)]) for e in answer.json()["detail"]] == [detail]
