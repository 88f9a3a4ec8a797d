from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from supplygraph.api.deps import get_graph
from supplygraph.api.models import ErrorAnswer
from supplygraph.api.security import require_api_key
from supplygraph.graph.db import Graph
from supplygraph.graph.errors import InputError
from supplygraph.loaders import load_paths

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_api_key)])
MAX_UPLOAD = 50 * 1024 * 1024
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}\.csv$")


class LoadAnswer(BaseModel):
    file: str
    contracts: int
    organisations: int


@router.post(
    "/load",
    response_model=LoadAnswer,
    responses={
        400: {"model": ErrorAnswer},
        401: {"model": ErrorAnswer},
        403: {"model": ErrorAnswer},
        413: {"model": ErrorAnswer},
    },
)
async def load_csv(
    request: Request,
    filename: Annotated[str, Query(description="name of the uploaded file, e.g. contracts.csv")] = "contracts.csv",
    graph: Graph = Depends(get_graph),
) -> LoadAnswer:
    """Load one deal-history CSV sent as the request body (API key required). Checked whole before anything is written."""
    if not _SAFE_NAME.match(filename):
        raise HTTPException(400, "filename must be a plain name ending in .csv")
    body = await request.body()
    if len(body) > MAX_UPLOAD:
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB: use `supplygraph load`")
    with tempfile.TemporaryDirectory(prefix="supplygraph-upload-") as tmp:
        path = Path(tmp) / filename
        path.write_bytes(body)
        try:
            report = load_paths(graph, [path])
        except InputError as exc:  # name the upload, not the temporary path
            raise InputError(exc.reason, file=filename, row=exc.row, field=exc.field, value=exc.value) from exc
    return LoadAnswer(file=filename, contracts=report.contracts, organisations=report.organisations)
