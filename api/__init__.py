"""The interfaces: the HTTP API (FastAPI) and the ``supplygraph`` command line."""
