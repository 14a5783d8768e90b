"""Solr date values and date math (``NOW-7DAYS/DAY``) as Python datetimes."""

from __future__ import annotations

import datetime as dt
import re

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from .errors import solr_error

_UNITS = {
    "YEAR": "years",
    "MONTH": "months",
    "DAY": "days",
    "DATE": "days",
    "HOUR": "hours",
    "MINUTE": "minutes",
    "SECOND": "seconds",
    "MILLI": "microseconds",
    "MILLISECOND": "microseconds",
}
_OP = re.compile(r"([+\-/])(\d*)([A-Z]+?)S?(?=$|[+\-/])")


def _unit(name: str) -> str:
    unit = _UNITS.get(name) or _UNITS.get(name.rstrip("S"))
    if unit is None:
        raise solr_error(f"Invalid Date Math String: unknown unit '{name}'")
    return unit


def _round(value: dt.datetime, unit: str) -> dt.datetime:
    order = ["years", "months", "days", "hours", "minutes", "seconds"]
    if unit == "microseconds":
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    # the parts down to the unit stay, the smaller ones start again
    keep = order.index(unit) + 1
    now = (value.year, value.month, value.day, value.hour, value.minute, value.second)
    start = (value.year, 1, 1, 0, 0, 0)
    year, month, day, hour, minute, second = now[:keep] + start[keep:]
    return value.replace(
        year=year,
        month=month,
        day=day,
        hour=hour,
        minute=minute,
        second=second,
        microsecond=0,
    )


def parse_date(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """Parse a Solr date literal, with optional date math, to an aware datetime
    at millisecond precision, as Solr does.

    :param text: e.g. ``2024-01-31T00:00:00Z``, ``NOW``, ``NOW-1YEAR/DAY``
    :param now: the instant ``NOW`` stands for (default: the current time)
    :raises pysolr.SolrError: if the value is not a date
    """
    text = text.strip().upper()
    if text.startswith("NOW"):
        base = now or dt.datetime.now(dt.UTC)
        rest = text[3:]
    else:
        # The ISO part ends at 'Z' (Solr requires it); math may follow.
        end = text.find("Z")
        iso, rest = (text, "") if end < 0 else (text[: end + 1], text[end + 1 :])
        try:
            base = isoparse(iso)
        except ValueError as e:
            raise solr_error(f"Invalid Date String:'{text}'") from e
        if base.tzinfo is None:
            base = base.replace(tzinfo=dt.UTC)
    # Solr's dates are milliseconds: a value with microseconds (CKAN's
    # metadata_modified) is read at its millisecond, NOW too, before any math;
    # the index holds milliseconds as well, so bounds compare as in Solr.
    base = base.replace(microsecond=base.microsecond // 1000 * 1000)
    pos = 0
    while pos < len(rest):
        match = _OP.match(rest, pos)
        if not match:
            raise solr_error(f"Invalid Date Math String:'{text}'")
        op, amount, unit_name = match.groups()
        unit = _unit(unit_name)
        if op == "/":
            base = _round(base, unit)
        else:
            n = int(amount or 1) * (1 if op == "+" else -1)
            if unit == "microseconds":
                n *= 1000
            base = base + relativedelta(**{unit: n})
        pos = match.end()
    return base.astimezone(dt.UTC)


def format_date(value: dt.datetime) -> str:
    """Format a datetime the way Solr returns dates (UTC, milliseconds, 'Z').

    :param value: naive values are taken as UTC
    """
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    millis = value.microsecond // 1000
    if millis:
        text += f".{millis:03d}".rstrip("0")
    return text + "Z"
