"""The pages of the Datenschutzfreigabe: a dataset's clearance page with the
decision forms, the review queue ("Freigaben") overall and per organisation
with the reviewer management, and the CSV export of the event log.

Every page calls the plugin's actions as the current user, so the auth
functions decide; the pages only choose which forms to offer.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, Response
from flask import Blueprint, make_response, request

from . import config, workflow
from .language import _
from .scan.results import HINT_THRESHOLD

__all__ = ["privacy_clearance"]

privacy_clearance = Blueprint("privacy_clearance", __name__)

#: the transitions a person triggers through the page, in display order
ACTIONS = ("submit", "start_review", "approve", "return", "reject", "revoke")


def _context() -> Context:
    return {"user": tk.current_user.name, "auth_user_obj": tk.current_user}


def _logged_in() -> bool:
    return bool(tk.current_user and tk.current_user.is_authenticated)


def _to_login() -> Response:
    """Send an anonymous visitor to the login page and back here afterwards."""
    target = request.full_path.rstrip("?")
    return tk.redirect_to(tk.h.url_for("user.login", next=target))


def _messages(errors: Any) -> list[str]:
    """The messages of a ValidationError's ``error_dict``, flattened."""
    if isinstance(errors, dict):
        return [msg for value in errors.values() for msg in _messages(value)]
    if isinstance(errors, (list, tuple)):
        return [msg for value in errors for msg in _messages(value)]
    return [str(errors)] if errors else []


def _field_errors(errors: dict[str, Any]) -> dict[str, list[str]]:
    return {key: _messages(value) for key, value in errors.items()}


# The clearance page of a dataset


def _forms(shown: dict[str, Any]) -> list[str]:
    """The transitions the user may trigger in the dataset's current state."""
    steps = workflow.transitions()
    return [
        key
        for key in ACTIONS
        if shown["allowed"].get(key) and shown["state"] in steps[key].sources
    ]


def _four_eyes(shown: dict[str, Any]) -> bool:
    """Whether the four-eyes rule keeps the current user from approving."""
    name = tk.current_user.name
    return name in (shown.get("submitted_by"), shown.get("last_editor"))


def _resource_name(rid: str, pkg: dict[str, Any]) -> str:
    for resource in pkg.get("resources") or []:
        if resource.get("id") == rid:
            return resource.get("name") or resource.get("url") or rid[:8]
    return rid[:8]


def _words() -> dict[str, str]:
    """Plain words for the common CKAN fields (others keep their key)."""
    return {
        "title": _("Title"),
        "notes": _("Description"),
        "name": _("Name in the web address"),
        "url": _("Web address"),
        "license_id": _("Licence"),
        "license_title": _("Licence"),
        "isopen": _("Open licence"),
        "tags": _("Tags"),
        "extras": _("Further details"),
        "author": _("Author"),
        "author_email": _("E-mail of the author"),
        "maintainer": _("Contact person"),
        "maintainer_email": _("E-mail of the contact person"),
        "version": _("Version"),
        "owner_org": _("Organisation"),
        "type": _("Type of entry"),
        "description": _("Description"),
        "format": _("Format"),
        "file_sha256": _("Uploaded file"),
        "datastore_version": _("Table in the DataStore"),
        "mimetype": _("File type"),
        "size": _("Size"),
    }


def _field_label(field: str, pkg: dict[str, Any], words: dict[str, str]) -> str:
    """A diff field in words: ``resources/<id>/url`` → Ressource „a.csv“:
    Webadresse."""
    if not field.startswith("resources/"):
        return words.get(field, field)
    _prefix, rid, *rest = field.split("/", 2)
    name = _resource_name(rid, pkg)
    if rest:
        return _("Resource “{name}”: {field}").format(
            name=name, field=words.get(rest[0], rest[0])
        )
    return _("Resource “{name}”").format(name=name)


def _changes(shown: dict[str, Any], pkg: dict[str, Any]) -> list[dict[str, str]]:
    """The diff since the last clearance, with values shortened."""
    words = _words()
    return [
        {
            "field": _field_label(change["field"], pkg, words),
            "old": _shown_value(change["field"], change["old"]),
            "new": _shown_value(change["field"], change["new"]),
        }
        for change in shown["changes"]
    ]


def _shown_value(field: str, value: Any) -> str:
    if field == "owner_org" and value:
        org = model.Group.get(value)
        value = org.title if org else value
    return tk.h.privacy_clearance_value(value)


def _scan(shown: dict[str, Any]) -> list[dict[str, Any]]:
    """The scan hints per resource, each finding with its kind in words."""
    kind = tk.h.privacy_clearance_finding_kind
    return [
        {
            **row,
            "findings": [
                {
                    **finding,
                    "kind_label": kind(str(finding.get("kind", ""))),
                    "weak": _weak(finding.get("confidence")),
                }
                for finding in row.get("findings") or []
            ],
        }
        for row in shown["scan"]
    ]


def _weak(confidence: float | None) -> bool:
    """Whether a finding is only a weak hint (the scanner does not count it)."""
    return confidence is not None and confidence < HINT_THRESHOLD


def _load(id: str) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: A002
    """The clearance and the dataset, for a user allowed to see the page."""
    try:
        shown = tk.get_action("privacy_clearance_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, _("Dataset not found."))
    except tk.NotAuthorized:
        return tk.abort(403, _("You may not see this clearance."))
    # reviewers from outside the organisation may see the clearance of a
    # private dataset: privacy_clearance_show has just allowed it
    pkg = tk.get_action("package_show")(
        {"ignore_auth": True, "user": tk.current_user.name, "for_view": True},
        {"id": shown["package_id"]},
    )
    if not tk.h.privacy_clearance_can_view(pkg):
        return tk.abort(403, _("You may not see this clearance."))
    return shown, pkg


def _render_dataset(
    id: str,  # noqa: A002 - CKAN's route parameter name
    failed: str | None = None,
    form: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> str:
    shown, pkg = _load(id)
    forms = _forms(shown)
    blocked = "approve" in forms and _four_eyes(shown)
    if blocked:
        forms.remove("approve")
    return tk.render(
        "privacy_clearance/dataset.html",
        {
            "pkg_dict": pkg,
            "dataset_type": pkg["type"],
            "clearance": shown,
            "forms": forms,
            "four_eyes": blocked,
            "changes": _changes(shown, pkg),
            "scan": _scan(shown),
            "failed": failed,
            "form": form or {},
            "errors": errors or {},
            "validity_months": config.validity_months(),
            "tomorrow": (dt.date.today() + dt.timedelta(days=1)).isoformat(),
        },
    )


def dataset_page(id: str) -> str | Response:  # noqa: A002
    """The Datenschutzfreigabe page of a dataset (logged-in staff only)."""
    if not _logged_in():
        return _to_login()
    return _render_dataset(id)


def _checklist_answers(form: Any) -> dict[str, Any]:
    return {
        item.key: form.get(f"checklist-{item.key}") or None
        for item in workflow.checklist()
    }


def _transition_data(
    id: str,  # noqa: A002
    action: str,
    form: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": id}
    reason = (form.get("reason") or "").strip()
    if reason:
        data["reason"] = reason
    if action == "approve":
        data.update(
            fingerprint=form.get("fingerprint") or "",
            checklist=_checklist_answers(form),
            publish="publish" in form,
            standing="standing" in form,
        )
        if form.get("expires"):
            data["expires"] = _iso_date(form["expires"].strip())
    return data


def _iso_date(value: str) -> str:
    """A German date (``31.12.2027``, typed where the browser has no date
    picker) as ISO; anything else unchanged for the validator to judge."""
    found = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    if not found:
        return value
    day, month, year = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _success(action: str, data: dict[str, Any]) -> str:
    if action == "approve" and data.get("publish"):
        return _("The dataset is cleared and now public.")
    return {
        "submit": _("The dataset was submitted for clearance."),
        "start_review": _("You have taken over the review."),
        "approve": _("The dataset is cleared. It stays private for now."),
        "return": _("The dataset was returned with questions."),
        "reject": _("The clearance was refused. The dataset stays private."),
        "revoke": _("The clearance was revoked. The dataset is now private."),
    }[action]


def transition(id: str, action: str) -> str | Response:  # noqa: A002
    """Carry out a decision posted from the dataset page; on an error show the
    page again with the messages and everything the user typed."""
    if action not in ACTIONS:
        return tk.abort(404, _("There is no such action."))
    if not _logged_in():
        return tk.abort(403, _("Please log in."))
    form = request.form
    data = _transition_data(id, action, form)
    try:
        shown = tk.get_action(f"privacy_clearance_{action}")(_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, _("Dataset not found."))
    except tk.ValidationError as exc:
        errors = _field_errors(exc.error_dict)
    except tk.NotAuthorized as exc:
        errors = {"auth": [str(exc) or _("You are not allowed to do that.")]}
    else:
        tk.h.flash_success(_success(action, data))
        return tk.redirect_to("privacy_clearance.dataset", id=shown["package_name"])
    model.Session.rollback()  # release the locks the action took
    return _render_dataset(id, failed=action, form=form.to_dict(), errors=errors)


# The review queue and the reviewers of an organisation


def _queue(owner_org: str | None) -> list[dict[str, Any]]:
    data = {"owner_org": owner_org} if owner_org else {}
    try:
        return tk.get_action("privacy_clearance_queue")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, _("You have no clearances to review."))


def _may(action: str, data: dict[str, Any]) -> bool:
    return bool(tk.h.check_access(action, data))


def queue_page() -> str | Response:
    """Everything the user reviews or administers (the DPO: everything)."""
    if not _logged_in():
        return _to_login()
    entries = _queue(None)
    return tk.render(
        "privacy_clearance/queue.html",
        {"entries": entries, "may_export": _may("privacy_clearance_log", {})},
    )


def _organization(id: str, users: bool = False) -> dict[str, Any]:  # noqa: A002
    try:
        group = tk.get_action("organization_show")(
            _context(), {"id": id, "include_datasets": False, "include_users": users}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, _("Organisation not found."))
    if not group.get("is_organization", True):
        return tk.abort(404, _("Organisation not found."))
    return group


def _reviewers(org_id: str) -> list[dict[str, Any]]:
    try:
        return tk.get_action("privacy_reviewer_list")(_context(), {"owner_org": org_id})
    except tk.NotAuthorized:
        return []


def _render_organization(
    id: str,  # noqa: A002
    form: dict[str, Any] | None = None,
    errors: list[str] | None = None,
) -> str:
    group = _organization(id)
    entries = _queue(group["id"])
    reviewers = _reviewers(group["id"])
    manage = _may("privacy_reviewer_add", {"owner_org": group["id"]})
    members = _organization(group["id"], users=True)["users"] if manage else []
    site_user = tk.config.get("ckan.site_id")
    taken = {r["name"] for r in reviewers}
    return tk.render(
        "privacy_clearance/organization.html",
        {
            "group_dict": group,
            "group_type": group["type"],
            "entries": entries,
            "reviewers": reviewers,
            "manage": manage,
            "candidates": [u for u in members if u["name"] not in taken | {site_user}],
            "may_export": _may("privacy_clearance_log", {"owner_org": group["id"]}),
            "form": form or {},
            "errors": errors or [],
        },
    )


def organization_page(id: str) -> str | Response:  # noqa: A002
    """The review queue of one organisation, and its reviewers."""
    if not _logged_in():
        return _to_login()
    return _render_organization(id)


def _change_reviewer(id: str, action: str) -> str | Response:  # noqa: A002
    if not _logged_in():
        return tk.abort(403, _("Please log in."))
    group = _organization(id)
    name = (request.form.get("user") or "").strip()
    if not name:
        return _render_organization(
            id, {"user": name}, [_("Please enter a user name.")]
        )
    try:
        tk.get_action(action)(_context(), {"owner_org": group["id"], "user": name})
    except tk.NotAuthorized as exc:
        return tk.abort(403, str(exc))
    except tk.ValidationError as exc:
        errors = _messages(exc.error_dict)
    except tk.ObjectNotFound as exc:
        errors = [str(exc) or _("User not found.")]
    else:
        message = (
            _("{user} now reviews the clearances of this organisation.")
            if action == "privacy_reviewer_add"
            else _("{user} no longer reviews the clearances of this organisation.")
        )
        tk.h.flash_success(message.format(user=name))
        return tk.redirect_to("privacy_clearance.organization", id=group["name"])
    model.Session.rollback()
    return _render_organization(id, {"user": name}, errors)


def reviewer_add(id: str) -> str | Response:  # noqa: A002
    """Designate a reviewer (organisation admins)."""
    return _change_reviewer(id, "privacy_reviewer_add")


def reviewer_remove(id: str) -> str | Response:  # noqa: A002
    """Remove a reviewer (organisation admins)."""
    return _change_reviewer(id, "privacy_reviewer_remove")


# The event log for the data-protection officer


def log_csv() -> Response:
    """The event log as a CSV download: everything (DPO, sysadmins) or one
    organisation (``?org=``; also its admins and reviewers)."""
    if not _logged_in():
        return _to_login()
    data: dict[str, Any] = {"format": "csv"}
    suffix = "alle"
    if request.args.get("org"):
        org = model.Group.get(request.args["org"])
        if org is None or not org.is_organization:
            return tk.abort(404, _("Organisation not found."))
        data["owner_org"] = org.id
        suffix = re.sub(r"[^A-Za-z0-9_-]", "", org.name)
    try:
        text = tk.get_action("privacy_clearance_log")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, _("You may not see the clearance log."))
    filename = f"freigabeprotokoll-{suffix}-{dt.date.today().isoformat()}.csv"
    response = make_response(text)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


privacy_clearance.add_url_rule(
    "/dataset/<id>/freigabe", view_func=dataset_page, endpoint="dataset"
)
privacy_clearance.add_url_rule(
    "/dataset/<id>/freigabe/<action>",
    view_func=transition,
    endpoint="transition",
    methods=["POST"],
)
privacy_clearance.add_url_rule("/freigaben", view_func=queue_page, endpoint="queue")
privacy_clearance.add_url_rule(
    "/freigaben/protokoll.csv", view_func=log_csv, endpoint="log"
)
privacy_clearance.add_url_rule(
    "/organization/<id>/freigaben",
    view_func=organization_page,
    endpoint="organization",
)
privacy_clearance.add_url_rule(
    "/organization/<id>/freigaben/pruefer-hinzufuegen",
    view_func=reviewer_add,
    endpoint="reviewer_add",
    methods=["POST"],
)
privacy_clearance.add_url_rule(
    "/organization/<id>/freigaben/pruefer-entfernen",
    view_func=reviewer_remove,
    endpoint="reviewer_remove",
    methods=["POST"],
)
