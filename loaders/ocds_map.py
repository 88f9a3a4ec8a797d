"""One OCDS release (compiled, or a bare release) in: organisation rows, contract rows and retired ids out.

It yields the same rows as the deal-history CSV loader (``ContractRow``,
``OrganisationRow``) so that one planner and one writer serve both, plus
``Retired`` ids: contracts an earlier release implied that this one
supersedes (an open tender once it is awarded, an award once its contracts are
published). The mapping, per release:

- buyer: the ``buyer`` reference (or the party with role ``buyer``);
  suppliers: ``awards[].suppliers`` and parties with role ``supplier``. A
  party is named by its ``identifier`` (``scheme-id``, e.g. GB-COH-01234567)
  when it has one, so a contract row's buyer and suppliers resolve to the same
  organisation as the party row whatever name the reference carries.
- each award with no ``contracts[]`` entry is a contract ``<ocid>/<award id>``;
  each ``contracts[]`` entry linked by ``awardID`` is ``<ocid>/<contract id>``
  (and retires ``<ocid>/<award id>``).
- dates from the contract's ``period``, falling back field by field to the
  award's and then the tender's ``contractPeriod``; an end from
  ``durationInDays`` when no endDate; a start from ``dateSigned`` or the award
  date as the last resort, so an active award always has a start.
  ``maxExtentDate`` is kept as the possible extension end.
- a tender (or plan) with no award is an open (or planned) process
  ``<ocid>/tender`` on the buyer, with no supplier; it is retired once awards
  appear.
- towers from CPV codes (:mod:`supplygraph.loaders.cpv`): the award's and contract's item
  classifications, or the tender's when they have none (the tender's codes
  cover every lot, the award's only what was awarded).
- the Source is the notice document (award notice, contract notice, tender
  notice, else any document with a URL), else the package ``uri`` and
  ``publisher``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from supplygraph.graph.errors import CpvCodeError, DateFormatError, InputError
from supplygraph.graph.identifiers import org_id
from supplygraph.graph.temporal import PartialDate
from supplygraph.loaders.classify import row_facts
from supplygraph.loaders.coverage import NOT_STATED
from supplygraph.loaders.cpv import normalise as normalise_cpv
from supplygraph.loaders.deal_csv import FORMULA_START, MAX_NAME, ContractRow, OrganisationRow
from supplygraph.loaders.ocds_compile import utc_timestamp
from supplygraph.loaders.postcodes import normalise as normalise_postcode

# OCDS status -> our status. Award: pending is decided but not yet in force.
AWARD_STATUS = {
    None: "active",
    "active": "active",
    "complete": "complete",
    "pending": "open",
    "cancelled": "cancelled",
    "unsuccessful": "unsuccessful",
}
# Contract: terminated contracts held until they ended.
CONTRACT_STATUS = {
    "active": "active",
    "terminated": "complete",
    "complete": "complete",
    "pending": "open",
    "cancelled": "cancelled",
}
# Tender with no award; None = the process is over (retire it, write nothing).
TENDER_STATUS = {
    "planning": "planned",
    "planned": "planned",
    "active": "open",
    "cancelled": "cancelled",
    "unsuccessful": "unsuccessful",
    "withdrawn": "cancelled",
    "complete": None,
}
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
MAX_URL = 4000  # a notice URL is a Source's id, and Neo4j's index keys stop at about 8 kB
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")


@dataclass(frozen=True)
class Retired:
    """A contract id that this release shows no longer exists as such."""

    id: str
    file: str
    row: str


Item = ContractRow | OrganisationRow | Retired


@dataclass
class _Party:
    ref: str  # how contract rows name it: the identifier, else the name
    name: str
    identifier: str | None
    roles: set[str]
    where: str
    postcodes: set[str]


def map_release(
    release: dict[str, Any], file: str, where: str, meta: dict[str, Any], release_id: str | None = None
) -> Iterator[Item]:
    """The organisation rows, contract rows and retired ids of one (compiled) release."""
    if not isinstance(release, dict):
        raise InputError("is not a JSON object", file=file, row=where)
    m = _Mapper(release, file, where, meta, release_id)
    yield from m.rows()


class _Mapper:
    def __init__(
        self, release: dict[str, Any], file: str, where: str, meta: dict[str, Any], release_id: str | None
    ) -> None:
        self.r = release
        self.file = file
        self.where = where
        self.meta = meta
        self.ocid = self._text(release, "ocid", where, required=True)
        self.release_id = release_id or self._text(release, "id", where) or None
        self.release_date = utc_timestamp(release.get("date"), file, where)
        self.parties: dict[str, _Party] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        for party in self._list(release, "parties", where):
            if isinstance(party, dict) and party.get("id") is not None:
                self._by_id[str(party["id"])] = party
        self.tender = self._obj(release, "tender", where)

    # -- helpers that name the place of bad input

    def _err(self, message: str, where: str, field: str | None = None) -> InputError:
        return InputError(message, file=self.file, row=where, field=field)

    def _obj(self, parent: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = parent.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._err("is not a JSON object", where, key)
        return value

    def _list(self, parent: dict[str, Any], key: str, where: str) -> list[Any]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._err("is not a list", where, key)
        return value

    def _text(
        self, parent: dict[str, Any], key: str, where: str, required: bool = False, limit: int | None = None
    ) -> str:
        """A text field, kept whole; ``limit`` is for names and ids, which are lookup keys."""
        value = parent.get(key)
        if value is None or value == "":
            if required:
                raise self._err("is missing", where, key)
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self._err(f"is not text: {json.dumps(value)[:60]}", where, key)
        if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
            raise self._err(
                f"looks like a spreadsheet formula ({value[:40]!r} starts with {value.lstrip(' ')[0]!r}); "
                "text may not start with =, +, @, a tab or a carriage return",
                where,
                key,
            )
        text = str(value).strip()
        if limit is not None and len(text) > limit:
            raise self._err(f"is {len(text)} characters long (at most {limit})", where, key)
        return text

    def _day(self, parent: dict[str, Any], key: str, where: str) -> PartialDate | None:
        text = self._text(parent, key, where)
        if not text:
            return None
        match = _DAY.match(text)
        if not match:
            raise self._err(f"{text!r} is not an ISO date-time (YYYY-MM-DDThh:mm:ssZ)", where, key)
        try:
            return PartialDate.parse(match[1])
        except DateFormatError as exc:
            raise self._err(str(exc), where, key) from None

    # -- organisations

    def _party(self, ref: Any, where: str, role: str) -> _Party:
        if not isinstance(ref, dict):
            raise self._err("is not an organisation reference (an object with id and name)", where)
        ref_id = ref.get("id")
        full = self._by_id.get(str(ref_id)) if ref_id is not None else None
        source = full if full is not None else ref  # OCDS 1.0 embeds the organisation itself
        ident = self._obj(source, "identifier", where)
        identifier = None
        scheme = self._text(ident, "scheme", f"{where}.identifier", limit=MAX_NAME)
        local = self._text(ident, "id", f"{where}.identifier", limit=MAX_NAME)
        if scheme and local:
            identifier = org_id(scheme, local)  # as the register issues it; None if it cannot be one
        name = (
            self._text(source, "name", where, limit=MAX_NAME)
            or self._text(ref, "name", where, limit=MAX_NAME)
            or self._text(ident, "legalName", f"{where}.identifier", limit=MAX_NAME)
            or (identifier or "")
        )
        if not name:
            raise self._err("has no name and no identifier", where, "name")
        key = identifier or name
        party = self.parties.get(key)
        if party is None:
            party = self.parties[key] = _Party(key, name, identifier, set(), where, set())
        party.roles.add(role)
        address = self._obj(source, "address", where)
        postcode = normalise_postcode(self._text(address, "postalCode", f"{where}.address", limit=MAX_NAME))
        if postcode:
            party.postcodes.add(postcode)
        return party

    def _buyer(self) -> _Party:
        buyer = self.r.get("buyer")
        if buyer is not None:
            return self._party(buyer, f"{self.where}.buyer", "buyer")
        for i, party in enumerate(self._list(self.r, "parties", self.where)):
            if isinstance(party, dict) and "buyer" in (party.get("roles") or []):
                return self._party(party, f"{self.where}.parties[{i}]", "buyer")
        raise self._err("names no buyer (no 'buyer' and no party with role buyer)", self.where, "buyer")

    # -- the rows

    def rows(self) -> Iterator[Item]:
        buyer = self._buyer()
        for i, party in enumerate(self._list(self.r, "parties", self.where)):
            if isinstance(party, dict) and "supplier" in (party.get("roles") or []):
                self._party(party, f"{self.where}.parties[{i}]", "supplier")
        awards = self._list(self.r, "awards", self.where)
        contracts = self._list(self.r, "contracts", self.where)
        linked: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        award_ids = set()
        for i, award in enumerate(awards):
            a_where = f"{self.where}.awards[{i}]"
            if not isinstance(award, dict):
                raise self._err("is not a JSON object", a_where)
            award_ids.add(self._text(award, "id", a_where, required=True, limit=MAX_NAME))
        for j, contract in enumerate(contracts):
            c_where = f"{self.where}.contracts[{j}]"
            if not isinstance(contract, dict):
                raise self._err("is not a JSON object", c_where)
            award_id = self._text(contract, "awardID", c_where, required=True, limit=MAX_NAME)
            if award_id not in award_ids:
                raise self._err(
                    f"{award_id!r} matches no award in this release, so its suppliers are unknown: "
                    "publish the award with it, or load the record package (compiledRelease)",
                    c_where,
                    "awardID",
                )
            linked.setdefault(award_id, []).append((j, contract))

        built: list[Item] = []
        for i, award in enumerate(awards):
            a_where = f"{self.where}.awards[{i}]"
            award_id = self._text(award, "id", a_where)
            suppliers = tuple(
                self._party(s, f"{a_where}.suppliers[{k}]", "supplier").ref
                for k, s in enumerate(self._list(award, "suppliers", a_where))
            )
            if award_id in linked:
                built.append(Retired(f"{self.ocid}/{award_id}", self.file, a_where))
                for j, contract in linked[award_id]:
                    built.append(
                        self._contract_row(buyer, suppliers, award, a_where, contract, f"{self.where}.contracts[{j}]")
                    )
            else:
                built.append(self._contract_row(buyer, suppliers, award, a_where, None, None))

        process_id = f"{self.ocid}/tender"
        if awards:
            built.append(Retired(process_id, self.file, f"{self.where}.awards"))
        elif self.tender or self.r.get("planning"):
            row = self._process_row(buyer, process_id)
            built.append(row if row is not None else Retired(process_id, self.file, f"{self.where}.tender"))

        for party in self.parties.values():
            role = "both" if len(party.roles) > 1 else next(iter(party.roles))
            yield OrganisationRow(
                party.name,
                (),
                role,
                party.identifier,
                self.file,
                party.where,  # type: ignore[arg-type]
                tuple(sorted(party.postcodes)),
            )
        yield from built

    def _codes(self, holders: list[tuple[dict[str, Any], str]]) -> tuple[str, ...]:
        """CPV codes of these objects' classification, additionalClassifications and items."""
        codes: list[str] = []

        def take(classification: Any, where: str) -> None:
            if not isinstance(classification, dict):
                raise self._err("is not a classification object", where)
            if str(classification.get("scheme") or "").strip().upper() != "CPV":
                return
            raw = self._text(classification, "id", where, required=True)
            try:
                code = normalise_cpv(raw)
            except CpvCodeError as exc:
                raise self._err(str(exc), where, "id") from None
            if code not in codes:
                codes.append(code)

        for obj, where in holders:
            targets = [(obj, where)] + [
                (item, f"{where}.items[{k}]") for k, item in enumerate(self._list(obj, "items", where))
            ]
            for target, t_where in targets:
                if not isinstance(target, dict):
                    raise self._err("is not a JSON object", t_where)
                if target.get("classification") is not None:
                    take(target["classification"], f"{t_where}.classification")
                for k, extra in enumerate(self._list(target, "additionalClassifications", t_where)):
                    take(extra, f"{t_where}.additionalClassifications[{k}]")
        return tuple(codes)

    def _money(self, holder: dict[str, Any], key: str, where: str) -> tuple[float | None, str | None]:
        value = self._obj(holder, key, where)
        amount = value.get("amount")
        if amount is not None:
            if isinstance(amount, bool) or not isinstance(amount, (int, float)):
                raise self._err(f"{amount!r} is not a number", f"{where}.{key}", "amount")
            amount = float(amount)
            if amount != amount or amount in (float("inf"), float("-inf")) or amount < 0:
                raise self._err(f"{amount!r} is not a finite, non-negative amount", f"{where}.{key}", "amount")
        currency = self._text(value, "currency", f"{where}.{key}") or None
        if currency is not None and not _CURRENCY.match(currency):
            raise self._err(f"{currency!r} is not a three-letter currency code", f"{where}.{key}", "currency")
        return amount, currency.upper() if currency else None

    def _period(
        self, periods: list[tuple[dict[str, Any], str]]
    ) -> tuple[PartialDate | None, PartialDate | None, PartialDate | None]:
        """Start, end and maximum extent, each from the first period that has it.

        A period with a start and ``durationInDays`` but no endDate ends on its
        last day (the interval is inclusive).
        """
        start = end = extent = None
        for period, where in periods:
            own_start = self._day(period, "startDate", where)
            own_end = self._day(period, "endDate", where)
            days = period.get("durationInDays")
            if days is not None and (isinstance(days, bool) or not isinstance(days, (int, float)) or days < 1):
                raise self._err(f"{days!r} is not a positive number of days", where, "durationInDays")
            if own_end is None and own_start is not None and days:
                own_end = PartialDate.exact(own_start.first + timedelta(days=int(days) - 1))
            start = start or own_start
            end = end or own_end
            extent = extent or self._day(period, "maxExtentDate", where)
        return start, end, extent

    def _source(
        self, docs: list[tuple[dict[str, Any], str]], notices: tuple[str, ...]
    ) -> tuple[str | None, str | None, PartialDate | None]:
        """(url, title, published): the first notice of the preferred types, else any document with a URL."""
        candidates = []
        for holder, where in docs:
            for k, doc in enumerate(self._list(holder, "documents", where)):
                d_where = f"{where}.documents[{k}]"
                if not isinstance(doc, dict):
                    raise self._err("is not a JSON object", d_where)
                url = self._text(doc, "url", d_where, limit=MAX_URL)
                if url:
                    candidates.append((doc, url, d_where))
        for wanted in (*notices, None):
            for doc, url, d_where in candidates:
                if wanted is None or doc.get("documentType") == wanted:
                    title = self._text(doc, "title", d_where) or None
                    return url, title, self._day(doc, "datePublished", d_where)
        raw = self.meta.get("publisher")
        publisher: dict[str, Any] = raw if isinstance(raw, dict) else {}
        name = str(publisher.get("name") or "") or None
        uri = str(self.meta.get("uri") or "") or None
        if uri or name:
            published = self._day(self.meta, "publishedDate", "package") if self.meta.get("publishedDate") else None
            return uri, f"OCDS data published by {name}" if name else None, published
        return None, f"OCDS process {self.ocid}", None

    def _row(self, **facts: Any) -> ContractRow:
        start, end = facts["start"], facts["end"]
        if start is not None and end is not None and end.last < start.first:
            raise self._err(f"end {end.text} is before start {start.text}", facts["row"], "endDate")
        return ContractRow(
            programme=None,
            notes=None,
            file=self.file,
            ocid=self.ocid,
            release_id=self.release_id,
            release_date=self.release_date,
            source_ref=self.ocid,
            publisher=publisher_name(self.meta, self.ocid),
            **row_facts(facts["cpv_codes"], facts["title"], facts["description"]),
            **facts,
        )

    def _contract_row(
        self,
        buyer: _Party,
        suppliers: tuple[str, ...],
        award: dict[str, Any],
        a_where: str,
        contract: dict[str, Any] | None,
        c_where: str | None,
    ) -> ContractRow:
        tender_where = f"{self.where}.tender"
        c = contract or {}
        cw = c_where or a_where
        status_raw = self._text(c, "status", cw) if contract is not None else ""
        if status_raw:
            status = CONTRACT_STATUS.get(status_raw)
            if status is None:
                raise self._err(f"unknown contract status {status_raw!r}", cw, "status")
        else:
            award_status = self._text(award, "status", a_where) or None
            if award_status not in AWARD_STATUS:
                raise self._err(f"unknown award status {award_status!r}", a_where, "status")
            status = AWARD_STATUS[award_status]
        periods = []
        if contract is not None:
            periods.append((self._obj(c, "period", cw) or self._obj(c, "contractPeriod", cw), f"{cw}.period"))
        periods.append((self._obj(award, "contractPeriod", a_where), f"{a_where}.contractPeriod"))
        periods.append((self._obj(self.tender, "contractPeriod", tender_where), f"{tender_where}.contractPeriod"))
        start, end, extent = self._period(periods)
        if start is None:
            start = (self._day(c, "dateSigned", cw) if contract is not None else None) or self._day(
                award, "date", a_where
            )
        value, currency = self._money(c, "value", cw) if c.get("value") else (None, None)
        if value is None and currency is None:
            value, currency = self._money(award, "value", a_where)
        own = [(award, a_where)] + ([(c, cw)] if contract is not None else [])
        codes = self._codes(own)
        if not codes:
            codes = self._codes([(self.tender, tender_where)])
        url, title, published = self._source(
            own + [(self.tender, tender_where)], ("awardNotice", "contractNotice", "tenderNotice")
        )
        ident = (
            self._text(c, "id", cw, required=True, limit=MAX_NAME)
            if contract is not None
            else self._text(award, "id", a_where, limit=MAX_NAME)
        )
        return self._row(
            id=f"{self.ocid}/{ident}",
            buyer=buyer.ref,
            suppliers=tuple(dict.fromkeys(suppliers)),
            start=start,
            end=end,
            value=value,
            currency=currency,
            title=self._text(c, "title", cw)
            or self._text(award, "title", a_where)
            or self._text(self.tender, "title", tender_where),
            status=status,
            description=self._text(c, "description", cw)
            or self._text(award, "description", a_where)
            or self._text(self.tender, "description", tender_where)
            or None,
            source_url=url,
            source_title=title,
            source_published=published,
            row=cw,
            max_extent=extent,
            cpv_codes=codes,
        )

    def _process_row(self, buyer: _Party, process_id: str) -> ContractRow | None:
        where = f"{self.where}.tender"
        raw = self._text(self.tender, "status", where) or None
        if raw is None:
            tags = self.r.get("tag") or []
            status: str | None = "planned" if (not self.tender or "planning" in tags) else "open"
        elif raw in TENDER_STATUS:
            status = TENDER_STATUS[raw]
        else:
            raise self._err(f"unknown tender status {raw!r}", where, "status")
        if status is None:
            return None
        planning = self._obj(self.r, "planning", self.where)
        start, end, extent = self._period(
            [(self._obj(self.tender, "contractPeriod", where), f"{where}.contractPeriod")]
        )
        value, currency = self._money(self.tender, "value", where)
        if value is None and currency is None:
            value, currency = self._money(
                self._obj(planning, "budget", f"{self.where}.planning"), "amount", f"{self.where}.planning.budget"
            )
        codes = self._codes([(self.tender, where)])
        url, title, published = self._source(
            [(self.tender, where), (planning, f"{self.where}.planning")], ("tenderNotice", "plannedProcurementNotice")
        )
        return self._row(
            id=process_id,
            buyer=buyer.ref,
            suppliers=(),
            start=start,
            end=end,
            value=value,
            currency=currency,
            title=self._text(self.tender, "title", where),
            status=status,
            description=self._text(self.tender, "description", where) or None,
            source_url=url,
            source_title=title,
            source_published=published,
            row=where,
            max_extent=extent,
            cpv_codes=codes,
        )


def publisher_name(meta: dict[str, Any], ocid: object = None) -> str:
    """Who published a release: its package's ``publisher.name``; for a bare release, the ocid prefix.

    Every OCDS publisher registers an ocid prefix (``ocds-`` and six characters), so a release with no
    package still says whose it is: ``ocid prefix ocds-r6ebe6 (publisher not stated)``.
    """
    raw = meta.get("publisher")
    name = raw.get("name") if isinstance(raw, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    prefix = _OCID_PREFIX.match(ocid) if isinstance(ocid, str) else None
    return f"ocid prefix {prefix.group()} (publisher not stated)" if prefix else NOT_STATED


_OCID_PREFIX = re.compile(r"ocds-[a-z0-9]{6}(?=-)")


__all__ = ["Item", "Retired", "map_release", "publisher_name", "AWARD_STATUS", "CONTRACT_STATUS", "TENDER_STATUS"]
