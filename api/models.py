"""Pydantic models: the shapes of the API's answers, as OpenAPI documents them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field


class Ref(BaseModel):
    id: str = Field(examples=["metropolitan-police-service"])
    name: str = Field(examples=["Metropolitan Police Service"])

    @classmethod
    def of(cls, row: Mapping[str, Any], prefix: str) -> Ref:
        """The organisation (or tower) a query row names in its ``{prefix}_id`` and ``{prefix}_name`` columns."""
        return cls(id=row[f"{prefix}_id"], name=row[f"{prefix}_name"])

    @classmethod
    def each(cls, row: Mapping[str, Any], prefix: str) -> list[Ref]:
        """Those a query row lists in its ``{prefix}_ids`` and ``{prefix}_names`` columns, pair by pair."""
        return [cls(id=i, name=n) for i, n in zip(row[f"{prefix}_ids"], row[f"{prefix}_names"])]


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


ERRORS: dict[int | str, dict[str, object]] = {400: {"model": ErrorAnswer}, 404: {"model": ErrorAnswer}}
"""The error answers most routes document: a bad parameter (400) or an unknown name (404)."""

# For a route whose own answer is not JSON (an HTML page): its errors are JSON all the same, and say so
_JSON_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorAnswer"}}}
HTML_ROUTE_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"description": "Bad Request", "content": _JSON_ERROR},
    404: {"description": "Not Found", "content": _JSON_ERROR},
}


class Spell(BaseModel):
    seq: int
    supplier: Ref
    held_as: list[str] = Field(
        description="every name the spell's contracts were signed under, in order (several only through lineage)"
    )
    start: str
    start_precision: str
    end: str | None
    end_precision: str | None
    contracts: list[str]


class SuccessionAnswer(BaseModel):
    buyer: Ref
    tower: Ref
    spells: list[Spell]


class HolderSpell(BaseModel):
    supplier: Ref
    start: str
    end: str | None


class PredecessorSpell(BaseModel):
    supplier: Ref
    start: str
    start_precision: str
    end: str | None
    end_precision: str | None
    contracts: list[str]


class PredecessorAnswer(BaseModel):
    buyer: Ref
    tower: Ref
    holder: HolderSpell | None = Field(description="the supplier asked about, or the holder on as_of")
    predecessor: PredecessorSpell | None


class Return(BaseModel):
    supplier: Ref = Field(description="the supplier that came back, under the name it came back with")
    left_as: str = Field(description="the name it held under before the gap (differs only through lineage)")
    buyer: Ref
    left: str = Field(description="last day it held something before the gap")
    left_precision: str = Field(description="day, month, year or decade")
    returned: str = Field(description="first day it held something again")
    returned_precision: str
    gap_days: int
    towers_before: list[str]
    towers_after: list[str]
    contracts_before: list[str]
    contracts_after: list[str]


class ReturnsAnswer(BaseModel):
    min_gap_days: int
    returns: list[Return]


class SourcingEvent(BaseModel):
    kind: str = Field(description="insourcing or outsourcing")
    buyer: Ref
    tower: Ref | None = Field(description="null when the source named no tower")
    from_: Ref = Field(alias="from")
    from_end: str | None
    to: Ref
    to_start: str | None
    basis: str = Field(description="tenure (tower succession) or contract succession (contracts naming no tower)")
    score: float | None = Field(description="for contract succession, the stored pair's score; null for tenures")

    model_config = {"populate_by_name": True}


class InsourcingAnswer(BaseModel):
    events: list[SourcingEvent]


class ConsolidationEvent(BaseModel):
    kind: str = Field(description="consolidation or fragmentation")
    buyer: Ref
    contract_id: str
    suppliers: list[Ref]
    day: str = Field(description="day before the contract starts, or after it ends")
    towers: list[str]
    other_holders: list[str] = Field(
        description='per tower, who held it that day: "tower: supplier, supplier" (ten named)'
    )
    other_count: int = Field(description="how many distinct suppliers held those towers that day")
    other_suppliers: list[str] = Field(description="their names, sorted (at most `names` of them)")


class ConsolidationsAnswer(BaseModel):
    events: list[ConsolidationEvent]


class Switch(BaseModel):
    from_: Ref = Field(alias="from")
    to: Ref
    switches: int
    examples: list[str]

    model_config = {"populate_by_name": True}


class SwitchingAnswer(BaseModel):
    switches: list[Switch]


class Likely(BaseModel):
    contract_id: str = Field(description="the other contract of a stored SUCCEEDS pair")
    score: float = Field(description="the pair's score, 0 to 1 (docs/incumbents.md)")


class ExpiringContract(BaseModel):
    contract_id: str
    title: str | None
    buyer: Ref
    suppliers: list[Ref]
    towers: list[str]
    value: float | None
    currency: str | None
    end: str = Field(description="the latest possible end: the maximum extension when published, else the end")
    end_precision: str | None
    expiry_basis: str = Field(description="max-extension or end: which of the two `end` is")
    status: str
    incumbent: Likely | None = Field(description="the contract this one most likely replaced")
    successor_process: Likely | None = Field(description="an open or planned process that most likely replaces it")


class ExpiringAnswer(BaseModel):
    from_: str = Field(alias="from")
    months: int
    contracts: list[ExpiringContract]

    model_config = {"populate_by_name": True}


class ChainStep(BaseModel):
    contract_id: str
    title: str | None
    end: str | None
    suppliers: list[str]
    score: float


class PipelineContract(BaseModel):
    expiry: str = Field(description="the latest possible end: the maximum extension when published, else the end")
    expiry_basis: str = Field(description="max-extension or end")
    end: str | None = Field(description="the end as published")
    contract_id: str
    title: str | None
    buyer: Ref
    suppliers: list[Ref] = Field(description="the holders: the incumbents of the re-procurement")
    towers: list[str]
    service_class: str | None = Field(description="tower, it-other or none")
    value: float | None
    currency: str | None
    incumbent_chain: list[ChainStep] = Field(description="the contract it most likely replaced, and that one's...")
    successor_process: Likely | None


class LeadTime(BaseModel):
    median_months: float = Field(description="median months from publishing a re-procurement to the old end")
    processes: int = Field(description="how many of the buyer's open processes this rests on")


class PipelineAnswer(BaseModel):
    from_: str = Field(alias="from")
    months: int
    buyer: Ref | None
    supplier: Ref | None
    tower: Ref | None
    lead_time: LeadTime | None = Field(description="the buyer's usual lead time, when its history allows")
    contracts: list[PipelineContract]

    model_config = {"populate_by_name": True}


class SuccessionPair(BaseModel):
    contract_id: str
    title: str | None
    score: float
    above_threshold: bool = Field(description="false only with ?all=true: a candidate below the threshold")
    evidence: list[str]


class ContractSuccessionAnswer(BaseModel):
    contract_id: str
    threshold: float
    contracts: list[SuccessionPair]


class FootprintItem(BaseModel):
    buyer: Ref
    tower: Ref | None
    contract_id: str
    start: str
    start_precision: str
    end: str | None
    end_precision: str | None


class FootprintAnswer(BaseModel):
    supplier: Ref
    as_of: str
    held: list[FootprintItem]


class PortfolioItem(BaseModel):
    contract_id: str
    title: str | None
    status: str
    programme: str | None
    suppliers: list[Ref]
    towers: list[str]
    start: str | None
    start_precision: str | None
    end: str | None
    end_precision: str | None
    value: float | None
    currency: str | None


class PortfolioAnswer(BaseModel):
    buyer: Ref
    contracts: list[PortfolioItem]


class Organisation(BaseModel):
    id: str
    name: str
    aliases: list[str]
    identifiers: list[str]
    buyer: bool
    supplier: bool
    contracts: int


class OrganisationsAnswer(BaseModel):
    organisations: list[Organisation]


class TowerInfo(BaseModel):
    id: str
    name: str
    aliases: list[str]


class TowersAnswer(BaseModel):
    towers: list[TowerInfo]


class QueryParam(BaseModel):
    name: str
    type: str
    required: bool
    default: str | None
    example: str | None
    description: str


class QueryColumn(BaseModel):
    name: str
    description: str


class SavedQueryInfo(BaseModel):
    name: str
    description: str
    parameters: list[QueryParam]
    columns: list[QueryColumn]
    cypher: str


class QueriesAnswer(BaseModel):
    queries: list[SavedQueryInfo]


class QueryRunAnswer(BaseModel):
    query: str
    columns: list[str]
    rows: list[dict[str, object]]
    count: int


class SourceCoverage(BaseModel):
    publisher: str = Field(description="who published the notices (an OCDS publisher, Contracts Finder, deal history)")
    year: int | None = Field(description="the year they were published; null when unknown")
    files: int = Field(description="files loaded that held them (each counted once, however often loaded)")
    notices_read: int
    notices_loaded: int
    notices_rejected: int
    contracts: int = Field(description="contracts in the graph now from this publisher and year")
    with_tower: int = Field(description="of those, contracts covering at least one service tower")
    it_other: int = Field(description="of those, IT that is not a tower (service class it-other)")
    suppliers: int = Field(description="distinct suppliers of those contracts")
    suppliers_with_identifier: int = Field(description="of those, suppliers with a register identifier")


class SourcesAnswer(BaseModel):
    publisher: str | None
    sources: list[SourceCoverage]
