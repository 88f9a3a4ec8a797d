from datetime import date

import pytest

from supplygraph.graph.errors import DateFormatError
from supplygraph.graph.temporal import PartialDate, parse_iso_day


@pytest.mark.parametrize(
    "text, first, last, precision",
    [
        ("2019-06-01", date(2019, 6, 1), date(2019, 6, 1), "day"),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ("1990s", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ],
)
def test_partial_date_spans_first_to_last_day_of_its_period(text, first, last, precision):
    parsed = PartialDate.parse(text)
    assert (parsed.first, parsed.last, parsed.precision, parsed.text) == (first, last, precision, text)


@pytest.mark.parametrize("text", ["2021-13-40", "2021-02-30", "mid-2010s", "1995s", "21", "", "2021/01/01"])
def test_bad_dates_are_refused_with_the_value_named(text):
    with pytest.raises(DateFormatError, match="is not"):
        PartialDate.parse(text)


def test_parameters_must_be_full_days():
    assert parse_iso_day("2019-06-01") == date(2019, 6, 1)
    with pytest.raises(DateFormatError):
        parse_iso_day("2019")
