"""Template helpers: the clearance badge for staff."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from . import workflow
from .model import clearance


def privacy_clearance_states(package_ids: list[str]) -> dict[str, str]:
    """States of several datasets at once (search result pages).

    :param package_ids: dataset ids
    :returns: id → state key (datasets without a row are ``draft``)
    """
    rows = model.Session.execute(
        sa.select(clearance.c.package_id, clearance.c.state).where(
            clearance.c.package_id.in_(package_ids)
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
        tk.check_access("package_update", {}, {"id": package["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        try:
            tk.check_access("privacy_clearance_show", {}, {"id": package["id"]})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            return None
    state = privacy_clearance_states([package["id"]])[package["id"]]
    return {"state": state, "label": workflow.state_label(state, tk.h.lang() or "de")}


def privacy_clearance_state_label(state: str) -> str:
    """The label of a state in the current language.

    :param state: a state key
    """
    return workflow.state_label(state, tk.h.lang() or "de")
