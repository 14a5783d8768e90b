"""Pure parsing rules: date math, minimum-should-match, local parameters."""

import datetime as dt

import pysolr
import pytest

from ckanext.pg_search import datemath
from ckanext.pg_search.lucene import min_should_match
from ckanext.pg_search.query import split_local_params

NOW = dt.datetime(2026, 11, 22, 15, 30, 45, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NOW", NOW),
        ("NOW/DAY", dt.datetime(2026, 11, 22, tzinfo=dt.UTC)),
        ("NOW-1DAY", NOW - dt.timedelta(days=1)),
        ("NOW-7DAYS/DAY+1HOUR", dt.datetime(2026, 11, 15, 1, tzinfo=dt.UTC)),
        ("NOW/YEAR", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
        ("2024-02-29T12:00:00Z", dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC)),
        ("2024-02-29T12:00:00Z+1YEAR", dt.datetime(2025, 2, 28, 12, tzinfo=dt.UTC)),
        (
            "2024-01-31T00:00:00.123Z",
            dt.datetime(2024, 1, 31, 0, 0, 0, 123000, tzinfo=dt.UTC),
        ),
    ],
)
def test_date_math(text, expected):
    assert datemath.parse_date(text, now=NOW) == expected


@pytest.mark.parametrize(
    "text", ["Q3/2024", "NOW-1FORTNIGHT", "yesterday", "2024-13-01Z"]
)
def test_bad_dates_fail_like_solr(text):
    with pytest.raises(pysolr.SolrError, match="Invalid Date"):
        datemath.parse_date(text, now=NOW)


def test_dates_are_returned_in_solr_format():
    value = dt.datetime(2024, 5, 1, 8, 9, 10, 120000)
    assert datemath.format_date(value) == "2024-05-01T08:09:10.12Z"
    assert datemath.format_date(value.replace(microsecond=0)) == "2024-05-01T08:09:10Z"


@pytest.mark.parametrize(
    ("spec", "optional", "needed"),
    [
        # CKAN's default: all of up to 2 words, all but one of 3-5, 80% above
        ("2<-1 5<80%", 1, 1),
        ("2<-1 5<80%", 2, 2),
        ("2<-1 5<80%", 3, 2),
        ("2<-1 5<80%", 5, 4),
        ("2<-1 5<80%", 10, 8),
        ("100%", 4, 4),
        ("1", 4, 1),
        ("-1", 4, 3),
        ("-25%", 4, 3),
        (None, 3, 3),
    ],
)
def test_minimum_should_match(spec, optional, needed):
    assert min_should_match(spec, optional) == needed


def test_local_params_are_split_from_the_query():
    params, body = split_local_params("{!frange incl=false l=0 u='1'}div(a,b)")
    assert params == {"type": ["frange"], "incl": ["false"], "l": ["0"], "u": ["1"]}
    assert body == "div(a,b)"


def test_unclosed_local_params_are_a_syntax_error():
    with pytest.raises(pysolr.SolrError, match="SyntaxError"):
        split_local_params("{!lucene q.op=AND bees")
