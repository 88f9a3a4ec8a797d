"""Partial dates and inclusive intervals.

Sources rarely give exact days: "between the 1990s and mid-2010s", "in 2015",
"from March 2021". A :class:`PartialDate` keeps what the source said (its text
and precision) and knows the first and last day of the period it names, so that
"as of" questions can treat a partial start as the first day of its period and a
partial end as the last day. Intervals are inclusive of their end day; an
interval with no end is ongoing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from supplygraph.graph.errors import DateFormatError

Precision = Literal["day", "month", "year", "decade"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})0s$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to day, month, year or decade precision."""

    first: date
    last: date
    precision: Precision
    text: str

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or a decade ``YYY0s``."""
        raw = text.strip()
        try:
            if m := _DAY.match(raw):
                d = date(int(m[1]), int(m[2]), int(m[3]))
                return cls(d, d, "day", raw)
            if m := _MONTH.match(raw):
                year, month = int(m[1]), int(m[2])
                last_day = calendar.monthrange(year, month)[1]
                return cls(date(year, month, 1), date(year, month, last_day), "month", raw)
            if m := _YEAR.match(raw):
                year = int(m[1])
                return cls(date(year, 1, 1), date(year, 12, 31), "year", raw)
            if m := _DECADE.match(raw):
                start = int(m[1]) * 10
                return cls(date(start, 1, 1), date(start + 9, 12, 31), "decade", raw)
        except ValueError as exc:  # month 13, day 40, year 0 ...
            raise DateFormatError(f"{raw!r} is not a real date ({exc})") from None
        raise DateFormatError(f"{raw!r} is not a date: use YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1990s")

    @classmethod
    def exact(cls, d: date) -> PartialDate:
        return cls(d, d, "day", d.isoformat())


def parse_iso_day(text: str) -> date:
    """Parse a full ``YYYY-MM-DD`` day, as API and query parameters require."""
    try:
        parsed = PartialDate.parse(text)
    except DateFormatError:
        raise DateFormatError(f"{text!r} is not a day: use YYYY-MM-DD") from None
    if parsed.precision != "day":
        raise DateFormatError(f"{text!r} is not a day: use YYYY-MM-DD")
    return parsed.first
