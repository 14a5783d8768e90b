"""Template helpers: the clearance badge for staff, and what the clearance
pages need (checklist, labels, scan finding kinds, shortened values)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import babel.dates
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from . import config, workflow
from .language import _, current_lang
from .model import clearance_table


def privacy_clearance_states(package_ids: list[str]) -> dict[str, str]:
    """States of several datasets at once (search result pages).

    :param package_ids: dataset ids
    :returns: id → state key (datasets without a row are ``draft``)
    """
    rows = model.Session.execute(
        sa.select(clearance_table.c.package_id, clearance_table.c.state).where(
            clearance_table.c.package_id.in_(package_ids)
        )
    )
    found = {row.package_id: row.state for row in rows}
    return {pid: found.get(pid, "draft") for pid in package_ids}


def privacy_clearance_badge(package: dict[str, Any]) -> dict[str, str] | None:
    """The badge of a dataset for logged-in staff (``None`` for everyone else).

    :param package: a dataset dict
    :returns: ``{"state": key, "label": German label}``
    """
    if not tk.current_user or not tk.current_user.is_authenticated:
        return None
    try:
        # staff only: the auth function of the clearance itself decides
        tk.check_access("privacy_clearance_show", {}, {"id": package["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    state = privacy_clearance_states([package["id"]])[package["id"]]
    return {"state": state, "label": workflow.state_label(state, current_lang())}


def privacy_clearance_state_label(state: str) -> str:
    """The label of a state in the current language.

    :param state: a state key
    """
    return workflow.state_label(state, current_lang())


# Added for the pages of views.py (the functions above keep their behaviour).


def _kinds() -> dict[str, str]:
    """The scanner's kinds (``scan.results.KINDS``) in plain words; built per
    call so that they are translated per request."""
    return {
        "email": _("E-mail address"),
        "phone": _("Phone number"),
        "iban": _("Bank account (IBAN)"),
        "tax_id": _("Tax identification number"),
        "social_security_id": _("Social security number"),
        "birth_date": _("Date of birth"),
        "postal_address": _("Postal address"),
        "person_name": _("Name of a person"),
        "header": _("Column heading referring to persons"),
        "small_cell": _("Small case number in a table"),
    }


def _logged_in() -> bool:
    return bool(tk.current_user and tk.current_user.is_authenticated)


def _may(action: str, data: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, {}, data)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def privacy_clearance_can_view(package: dict[str, Any]) -> bool:
    """Whether the current user sees the clearance page of a dataset: logged-in
    staff who may edit it, members and reviewers of its organisation, the DPO.

    :param package: a dataset dict
    """
    if not _logged_in() or package.get("type") in config.exempt_types():
        return False
    # the auth function is exactly this staff rule (edit right, membership,
    # reviewer, DPO)
    return _may("privacy_clearance_show", {"id": package["id"]})


def privacy_clearance_checklist() -> list[dict[str, Any]]:
    """The approval checklist of ``checklist.yaml`` in the current language.

    :returns: ``[{"key", "type", "label", "when", "required_unless"}]``
    """
    lang = current_lang()
    return [
        {
            "key": item.key,
            "type": item.type,
            "label": workflow.label(item.label, lang),
            "when": item.when,
            "required_unless": item.required_unless,
        }
        for item in workflow.checklist()
    ]


def privacy_clearance_action_label(action: str) -> str:
    """The label of a workflow action (``approve``, ``void`` …) in the current
    language.

    :param action: a transition key of ``workflow.yaml``
    """
    step = workflow.transitions().get(action)
    return workflow.label(step.label, current_lang()) if step else action


def privacy_clearance_finding_kind(kind: str) -> str:
    """A scan finding's kind in plain words.

    :param kind: the scanner's key, e.g. ``email``
    """
    word = _kinds().get(kind)
    return word or _("Other hint ({kind})").format(kind=kind)


def privacy_clearance_value(value: Any, length: int = 120) -> str:
    """A value of the dataset diff, shortened for display.

    :param value: any JSON value (``None``: empty)
    :param length: the longest text shown
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    else:
        text = str(value)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def privacy_clearance_datetime(value: Any, with_time: bool = True) -> str:
    """A time of the workflow in the portal's time zone and the current
    language, e.g. ``22.11.2026, 08:44`` (CKAN's ``render_datetime`` shows
    timezone-aware values in UTC and with an English word order).

    :param value: an ISO date or date/time (string, ``date`` or ``datetime``)
    :param with_time: show the time of day as well
    """
    if not value:
        return ""
    if isinstance(value, str):
        try:
            parse = dt.date if len(value) == 10 else dt.datetime
            value = parse.fromisoformat(value)
        except ValueError:
            return value
    locale = current_lang()
    if not isinstance(value, dt.datetime):
        return babel.dates.format_date(value, "medium", locale=locale)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    value = value.astimezone(tk.h.get_display_timezone())
    day = babel.dates.format_date(value, "medium", locale=locale)
    if not with_time:
        return day
    return f"{day}, {babel.dates.format_time(value, 'short', locale=locale)}"
