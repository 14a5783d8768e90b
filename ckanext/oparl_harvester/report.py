"""The German report of one harvest run.

ckanext-harvest knows only errors; what a run did besides (lists read,
objects new/changed/removed, what the privacy rules left out, vendor
fix-ups) is collected here, kept per job in the store and shown on the
job page. Errors also go to ckanext-harvest as gather errors.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .messages import _
from .privacy import DropLog
from .records import LOCAL_TIME

__all__ = ["RunReport", "when"]


def when(value: dt.datetime) -> str:
    """A moment as the report states it (German local time).

    :param value: an aware datetime
    """
    return f"{value.astimezone(LOCAL_TIME):%d.%m.%Y, %H:%M} Uhr"


@dataclass
class RunReport:
    """What one run did, in German sentences.

    :param full: a full run (everything fetched) or an incremental one
    :param since: the ``modified_since`` of an incremental run (ISO text)
    """

    full: bool
    since: str | None = None
    lists: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    privacy: DropLog = field(default_factory=DropLog)
    fixups: Counter[str] = field(default_factory=Counter)
    datasets: list[str] = field(default_factory=list)

    def headline(self) -> str:
        """One sentence: which kind of run, since when."""
        if self.full:
            return _("Full resync (all objects fetched).")
        return _("Fetch of the changes since {since} (with overlap).").format(
            since=self.since
        )

    def as_json(self, privacy_profile: str) -> dict[str, Any]:
        """The report as stored and shown.

        :param privacy_profile: the source's privacy profile (rule texts)
        """
        return {
            "headline": self.headline(),
            "lists": self.lists,
            "warnings": self.warnings,
            "errors": self.errors,
            "privacy": self.privacy.lines(privacy_profile),
            "fixups": [
                f"{name}: {count}" for name, count in sorted(self.fixups.items())
            ],
            "datasets": self.datasets,
        }
