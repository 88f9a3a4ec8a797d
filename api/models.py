"""Pydantic models: the shapes of the API's answers, as OpenAPI documents them."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Ref(BaseModel):
    id: str = Field(examples=["metropolitan-police-service"])
    name: str = Field(examples=["Metropolitan Police Service"])


class Holder(BaseModel):
    supplier: Ref
    contract_id: str
    start: str = Field(description="first day of the start's period, YYYY-MM-DD")
    start_precision: str = Field(description="day, month, year or decade")
    end: str | None = Field(description="last day of the end's period, inclusive; null while ongoing")
    end_precision: str | None


class HoldersAnswer(BaseModel):
    buyer: Ref
    tower: Ref
    as_of: str
    holders: list[Holder]


class Health(BaseModel):
    status: str
    neo4j: str
    uri: str | None = None
    detail: str | None = None


class ErrorAnswer(BaseModel):
    detail: str
