"""Pure rules of the gather run: the mass-deletion brake and the choice
between a full and an incremental read of each list."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.oparl_harvester.crawl import Plan, deletion_brake
from ckanext.oparl_harvester.store import UnitCounts

T0 = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("before", "new", "deleted", "brakes"),
    [
        (1000, 0, 200, False),  # exactly the share (20 %) passes
        (1000, 0, 201, True),  # more than the share, and many
        (10, 0, 3, False),  # 30 % of a small list, but only 3 objects
        (10, 0, 6, True),  # over the share and over the minimum (5)
        (3, 0, 3, True),  # an emptied list always stops
        (1, 0, 1, True),  # ... however small
        (1, 1, 1, False),  # replaced, not emptied (a new Wahlperiode)
        (0, 5, 0, False),  # a new list
    ],
)
def test_deletion_brake(before: int, new: int, deleted: int, brakes: bool) -> None:
    counts = UnitCounts(before=before, new=new, changed=0, deleted=deleted)
    assert deletion_brake(counts, 0.2, 5) is brakes


def test_share_one_lets_a_wanted_mass_deletion_pass() -> None:
    counts = UnitCounts(before=50, new=0, changed=0, deleted=50)
    assert deletion_brake(counts, 1.0, 5) is False


def _plan(full: bool = False) -> Plan:
    since = None if full else T0 - DAY
    return Plan(T0, full, since, dt.timedelta(minutes=10), 7 * DAY)


def test_each_list_is_asked_from_its_own_watermark() -> None:
    watermark = {"last_modified_since": T0 - 3 * DAY, "last_full_resync": T0 - DAY}
    assert _plan().list_since(watermark) == T0 - 3 * DAY


@pytest.mark.parametrize(
    "watermark",
    [
        {},  # never read completely: a new Body or kind, or it always failed
        {"last_modified_since": T0 - DAY, "last_full_resync": None},
        {"last_modified_since": T0 - DAY, "last_full_resync": T0 - 7 * DAY},  # due
    ],
)
def test_lists_without_a_usable_watermark_are_read_in_full(watermark) -> None:
    assert _plan().list_since(watermark) is None


def test_a_full_run_reads_every_list_in_full() -> None:
    watermark = {"last_modified_since": T0 - DAY, "last_full_resync": T0 - DAY}
    assert _plan(full=True).list_since(watermark) is None


@pytest.mark.ckan_config("ckan.locale_default", "en")
@pytest.mark.usefixtures("ckan_config")
def test_report_in_the_portal_language_outside_a_request() -> None:
    # a harvest run has no request: the stored report follows the portal's language
    from ckanext.oparl_harvester.report import RunReport

    assert RunReport(full=True).headline() == "Full resync (all objects fetched)."
    assert RunReport(full=False, since="1.2.2026").headline() == (
        "Fetch of the changes since 1.2.2026 (with overlap)."
    )
