"""The guard: runs on every dataset write (``IPackageController.create`` and
``edit``, the owner-organisation action and DataStore writes) and keeps the
invariant *a dataset is public only while it holds a valid clearance of exactly
its current content*. It never refuses an edit: a change of cleared content
voids the clearance and makes the dataset private in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import request

from . import clearance, config, fingerprint
from .language import _


def guard(pkg: model.Package) -> None:
    """Check (and repair) one dataset inside the running transaction.

    :param pkg: the dataset's model object, already changed but not committed
    """
    if pkg.type in config.exempt_types():
        return
    if not pkg.owner_org:
        raise tk.ValidationError(
            {
                "owner_org": [
                    _(
                        "Please choose an organisation (department): without one "
                        "there is no data-protection clearance."
                    )
                ]
            }
        )
    row = clearance.ensure(pkg)
    content = fingerprint.current_content(pkg.id)
    row = _track_change(row, pkg, content)
    if row["state"] in {"cleared", "submitted", "in_review"}:
        row = _void_if_invalid(row, pkg, content)
    source = clearance.harvest_source_of(pkg.id)
    if source and row["state"] != "cleared":
        row = _harvested(row, source, content)
    if row["state"] != "cleared" and not pkg.private:
        pkg.private = True
        _tell_editor()


def _track_change(
    row: dict[str, Any], pkg: model.Package, content: dict[str, Any]
) -> dict[str, Any]:
    current = fingerprint.fingerprint(content)
    values: dict[str, Any] = {"owner_org": pkg.owner_org}
    if current != row["current_fingerprint"]:
        actor = clearance.current_actor()
        values.update(current_fingerprint=current, changed_at=clearance.now())
        if actor is not None:
            values["last_editor"] = actor.id
    clearance.update(pkg.id, values)
    # a move to another organisation is judged against the old one
    return {**row, **values, "previous_org": row["owner_org"]}


def _void_if_invalid(
    row: dict[str, Any], pkg: model.Package, content: dict[str, Any]
) -> dict[str, Any]:
    reason = None
    if row["previous_org"] and row["previous_org"] != pkg.owner_org:
        reason = _("The dataset was moved to another organisation.")
    elif row["state"] == "cleared" and row["current_fingerprint"] != row["fingerprint"]:
        changed = fingerprint.diff(row["reviewed"], content)
        fields = ", ".join(sorted({c["field"].split("/")[0] for c in changed})) or "?"
        reason = _("Content changed after the clearance: {fields}").format(
            fields=fields
        )
    elif (
        row["state"] == "cleared"
        and row["expires"]
        and row["expires"] < dt.date.today()
    ):
        return clearance.record(
            row, "expire", None, reason=_("The clearance has expired.")
        )
    if reason is None:
        return row
    return clearance.record(row, "void", clearance.current_actor(), reason=reason)


def _harvested(
    row: dict[str, Any], source_id: str, content: dict[str, Any]
) -> dict[str, Any]:
    """Harvested datasets are submitted by the harvest itself, and cleared by
    a standing clearance of their source when their shape is the approved one."""
    values = {"harvest_source_id": source_id}
    standing = clearance.active_standing(source_id, fingerprint.shape(content))
    if standing and row["state"] in {"draft", "submitted", "in_review", "returned"}:
        return clearance.record(
            row,
            "standing_approve",
            clearance.user_obj(standing["approved_by"]),
            reason=_("Standing clearance no. {id} of the harvest source").format(
                id=standing["id"]
            ),
            checklist=standing["checklist"],
            values=dict(
                values,
                fingerprint=row["current_fingerprint"],
                reviewed=content,
                decided_by=standing["approved_by"],
                decided_at=clearance.now(),
                expires=standing["expires"],
                standing_id=standing["id"],
            ),
        )
    if row["state"] == "draft":
        return clearance.record(
            row,
            "submit",
            clearance.current_actor(),
            reason=_("Submitted by harvesting"),
            values=dict(values, **submission_values(clearance.current_actor())),
        )
    return row


def submission_values(actor: model.User | None) -> dict[str, Any]:
    """Columns set by a submission: who, when and the review deadline.

    :param actor: the submitter (``None``: a harvest or job)
    """
    at = clearance.now()
    return {
        "submitted_by": actor.id if actor else None,
        "submitted_at": at,
        "deadline": at + dt.timedelta(days=config.review_days()),
        "reviewer_id": None,
    }


def _tell_editor() -> None:
    try:
        if request.path.startswith("/api/"):
            return  # API clients read the dataset's private flag instead
        tk.h.flash_notice(
            _(
                "The dataset stays private until the department has granted the "
                "data-protection clearance."
            )
        )
    except (RuntimeError, AttributeError, TypeError):
        pass  # no web request (API, job, CLI): nothing to flash
