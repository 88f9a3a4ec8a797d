"""Which HTTP stack `supplygraph serve` hands uvicorn (SUPPLYGRAPH_API_SERVER)."""

import uvicorn

from supplygraph.cli import serve


def _engine_for(monkeypatch, value: str | None, workers: int) -> dict:
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    if value is None:
        monkeypatch.delenv("SUPPLYGRAPH_API_SERVER", raising=False)
    else:
        monkeypatch.setenv("SUPPLYGRAPH_API_SERVER", value)
    serve._serve("127.0.0.1", 0, workers=workers)  # settings are re-read when a variable changes
    return {k: seen[k] for k in ("loop", "http")}


def test_serve_runs_on_uvloop_and_httptools_unless_told_plain(monkeypatch):
    import httptools  # noqa: F401  (installed with supplygraph: auto picks them)
    import uvloop  # noqa: F401

    assert _engine_for(monkeypatch, None, workers=2) == {"loop": "auto", "http": "auto"}
    assert _engine_for(monkeypatch, "plain", workers=2) == {"loop": "asyncio", "http": "h11"}
    assert _engine_for(monkeypatch, "plain", workers=1) == {"loop": "asyncio", "http": "h11"}
