"""Actions of the clearance workflow, and the chained core actions that keep
every write path under the guard."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.types import Action, ChainedAction, Context, DataDict

from .. import clearance, config, eventlog, fingerprint, jobs, roles, workflow
from ..guard import guard, submission_values
from ..language import _, current_lang
from ..model import (
    clearance_table,
    datastore_version_table,
    reviewer_table,
    scan_table,
    standing_table,
)
from . import schema as schemas


def _validate(data_dict: DataDict, schema: dict[str, Any], context: Context) -> dict:
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _start(
    context: Context, data_dict: DataDict, action: str, schema: dict[str, Any]
) -> tuple[dict, model.Package, dict[str, Any], model.User | None]:
    """Check access, validate, lock the dataset and its clearance."""
    tk.check_access(action, context, data_dict)
    data = _validate(data_dict, schema, context)
    pkg = clearance.lock_package(data["id"])
    if pkg.type in config.exempt_types():
        raise tk.ValidationError({"id": [_("This entry needs no clearance.")]})
    return data, pkg, clearance.ensure(pkg), roles.user_of(context)


def _finish(context: Context, pkg: model.Package, private: bool | None) -> dict:
    """Set the private flag through package_patch (which indexes, records the
    activity and commits) while the dataset is still locked, so that a
    concurrent edit cannot slip in between and be overwritten; otherwise just
    commit. Returns the clearance."""
    if private is not None and pkg.private != private:
        tk.get_action("package_patch")(
            _trusted(context), {"id": pkg.id, "private": private}
        )
    model.Session.commit()
    return privacy_clearance_show(_trusted(context), {"id": pkg.id})


def _trusted(context: Context) -> Context:
    """A context without auth checks (the action has checked already) that
    keeps the acting user for the activity stream."""
    return {"ignore_auth": True, "user": context.get("user") or ""}


def privacy_clearance_submit(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Submit a dataset for the data-protection clearance of its organisation.

    :param id: id or name of the dataset
    :param reason: a note for the reviewers (optional)
    :returns: the clearance (see ``privacy_clearance_show``)
    """
    data, pkg, row, actor = _start(
        context,
        data_dict,
        "privacy_clearance_submit",
        schemas.privacy_clearance_transition(),
    )
    if pkg.state != "active":
        raise tk.ValidationError(
            {"id": [_("Please finish entering the dataset first.")]}
        )
    current = fingerprint.fingerprint(fingerprint.current_content(pkg.id))
    clearance.record(
        row,
        "submit",
        actor,
        reason=data.get("reason"),
        values=dict(submission_values(actor), current_fingerprint=current),
    )
    result = _finish(context, pkg, None)
    jobs.enqueue_scan(pkg.id)
    return result


def privacy_clearance_start_review(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Take over the review of a submission (state ``in_review``).

    :param id: id or name of the dataset
    :returns: the clearance
    """
    data, pkg, row, actor = _start(
        context,
        data_dict,
        "privacy_clearance_start_review",
        schemas.privacy_clearance_transition(),
    )
    reviewer = _must_review(actor, pkg)
    clearance.record(
        row,
        "start_review",
        reviewer,
        reason=data.get("reason"),
        values={"reviewer_id": reviewer.id},
    )
    return _finish(context, pkg, None)


def _must_review(actor: model.User | None, pkg: model.Package) -> model.User:
    """The actor, if a designated reviewer of the dataset's organisation.

    :raises NotAuthorized: for anyone else
    """
    # checked here as well as in the auth function: ignore_auth must not help
    if actor is None or not roles.is_reviewer(actor, pkg.owner_org):
        raise tk.NotAuthorized(
            _("Only the designated reviewers of the department decide.")
        )
    return actor


def _four_eyes(
    actor: model.User | None, pkg: model.Package, row: dict[str, Any]
) -> model.User:
    """The actor, if a reviewer who neither submitted nor last changed the
    dataset.

    :raises NotAuthorized: for anyone else
    """
    reviewer = _must_review(actor, pkg)
    if reviewer.id == row.get("submitted_by"):
        raise tk.NotAuthorized(
            _("Four-eyes principle: you submitted the dataset yourself.")
        )
    if reviewer.id == row.get("last_editor"):
        raise tk.NotAuthorized(_("Four-eyes principle: you changed the dataset last."))
    return reviewer


def privacy_clearance_approve(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Grant the clearance (four-eyes: a designated reviewer of the dataset's
    organisation who neither submitted nor last changed it).

    :param id: id or name of the dataset
    :param fingerprint: the fingerprint of the version the reviewer checked
        (from ``privacy_clearance_show``); a different current version is refused
    :param checklist: the answers of the approval checklist (object or JSON)
    :param expires: re-review date (ISO date; default: configured validity)
    :param reason: a note (optional)
    :param publish: make the dataset public now (default ``true``)
    :param standing: also grant a standing clearance to the dataset's harvest
        source for datasets of this shape (default ``false``)
    :returns: the clearance
    """
    data, pkg, row, actor = _start(
        context,
        data_dict,
        "privacy_clearance_approve",
        schemas.privacy_clearance_approve(),
    )
    reviewer = _four_eyes(actor, pkg, row)
    content = fingerprint.current_content(pkg.id)
    current = fingerprint.fingerprint(content)
    if data["fingerprint"] != current:
        raise tk.ValidationError(
            {
                "fingerprint": [
                    _(
                        "The dataset has changed since your review. Please review "
                        "the current version."
                    )
                ]
            }
        )
    values = {
        "fingerprint": current,
        "current_fingerprint": current,
        "reviewed": content,
        "decided_by": reviewer.id,
        "decided_at": clearance.now(),
        "expires": data["expires"],
        "checklist": data["checklist"],
    }
    if data["standing"]:
        values["standing_id"] = _grant_standing(pkg, reviewer, content, data)
    clearance.record(
        row,
        "approve",
        reviewer,
        reason=data.get("reason"),
        checklist=data["checklist"],
        values=values,
    )
    return _finish(context, pkg, False if data["publish"] else None)


def _grant_standing(
    pkg: model.Package, actor: model.User, content: dict[str, Any], data: dict
) -> int:
    source = clearance.harvest_source_of(pkg.id)
    if not source:
        raise tk.ValidationError(
            {
                "standing": [
                    _("A standing clearance exists only for harvested datasets.")
                ]
            }
        )
    return model.Session.execute(
        sa.insert(standing_table)
        .values(
            harvest_source_id=source,
            owner_org=pkg.owner_org,
            shape=fingerprint.shape(content),
            approved_by=actor.id,
            approved_at=clearance.now(),
            expires=data["expires"],
            checklist=data["checklist"],
            active=True,
        )
        .returning(standing_table.c.id)
    ).scalar_one()


def _decline(context: Context, data_dict: DataDict, key: str) -> dict[str, Any]:
    data, pkg, row, actor = _start(
        context,
        data_dict,
        f"privacy_clearance_{key}",
        schemas.privacy_clearance_transition(),
    )
    if key == "revoke":
        values: dict[str, Any] = {"decided_by": actor.id if actor else None}
        if row.get("standing_id"):
            model.Session.execute(
                sa.update(standing_table)
                .where(standing_table.c.id == row["standing_id"])
                .values(active=False)
            )
    else:
        _must_review(actor, pkg)
        values = {
            "decided_by": actor.id if actor else None,
            "decided_at": clearance.now(),
        }
    clearance.record(row, key, actor, reason=data.get("reason"), values=values)
    return _finish(context, pkg, True)


def privacy_clearance_return(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return a submission with questions (the reason is mandatory).

    :param id: id or name of the dataset
    :param reason: the questions
    :returns: the clearance
    """
    return _decline(context, data_dict, "return")


def privacy_clearance_reject(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Reject a submission (the reason is mandatory); the dataset stays private.

    :param id: id or name of the dataset
    :param reason: why
    :returns: the clearance
    """
    return _decline(context, data_dict, "reject")


def privacy_clearance_revoke(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Revoke a clearance (the reason is mandatory); the dataset becomes
    private at once, and a standing clearance it came from ends.

    :param id: id or name of the dataset
    :param reason: why
    :returns: the clearance
    """
    return _decline(context, data_dict, "revoke")


def _name(user_id: str | None) -> str | None:
    user = model.User.get(user_id) if user_id else None
    return user.name if user else None


def _allowed(context: Context, pkg_id: str) -> dict[str, bool]:
    allowed = {}
    for key in ("submit", "start_review", "approve", "return", "reject", "revoke"):
        try:
            tk.check_access(
                f"privacy_clearance_{key}", tk.fresh_context(context), {"id": pkg_id}
            )
            allowed[key] = True
        except tk.NotAuthorized:
            allowed[key] = False
    return allowed


@tk.side_effect_free
def privacy_clearance_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The clearance of a dataset: state, dates, the fingerprint of the
    current version (pass it to ``privacy_clearance_approve``), the changes
    since the last clearance, the scan hints and the history.

    :param id: id or name of the dataset
    :returns: the clearance
    """
    tk.check_access("privacy_clearance_show", context, data_dict)
    pkg = model.Package.get(data_dict.get("id") or "")
    if pkg is None:
        raise tk.ObjectNotFound(_("Dataset not found."))
    row = clearance.load(pkg.id) or {"state": "draft", "owner_org": pkg.owner_org}
    content = fingerprint.current_content(pkg.id)
    current = fingerprint.fingerprint(content)
    deadline = row.get("deadline")
    return {
        "package_id": pkg.id,
        "package_name": pkg.name,
        "state": row["state"],
        "state_label": workflow.state_label(row["state"], current_lang()),
        "fingerprint": current,
        "cleared_fingerprint": row.get("fingerprint"),
        "changed_since_clearance": bool(row.get("fingerprint"))
        and row.get("fingerprint") != current,
        "changes": fingerprint.diff(row.get("reviewed"), content),
        "submitted_by": _name(row.get("submitted_by")),
        "submitted_at": _iso(row.get("submitted_at")),
        "deadline": _iso(deadline),
        "overdue": bool(
            deadline
            and row["state"] in {"submitted", "in_review"}
            and deadline < clearance.now()
        ),
        "reviewer": _name(row.get("reviewer_id")),
        "decided_by": _name(row.get("decided_by")),
        "decided_at": _iso(row.get("decided_at")),
        "reason": row.get("reason"),
        "checklist": row.get("checklist"),
        "expires": _iso(row.get("expires")),
        "last_editor": _name(row.get("last_editor")),
        "harvest_source_id": row.get("harvest_source_id"),
        "standing_id": row.get("standing_id"),
        "scan": _scan_hints(pkg.id),
        "history": [
            _event_out(e) for e in eventlog.events(package_id=pkg.id, limit=100)
        ],
        "allowed": _allowed(context, pkg.id),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _event_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {
        k: _iso(v) if isinstance(v, (dt.date, dt.datetime)) else v
        for k, v in row.items()
    }
    out["to_state_label"] = workflow.state_label(row["to_state"], current_lang())
    out["action_label"] = workflow.label(
        workflow.transitions()[row["action"]].label, current_lang()
    )
    return out


def _scan_hints(package_id: str) -> list[dict[str, Any]]:
    rows = model.Session.execute(
        sa.select(scan_table)
        .where(scan_table.c.package_id == package_id)
        .order_by(scan_table.c.resource_name)
    ).mappings()
    return [{**dict(row), "scanned_at": _iso(row["scanned_at"])} for row in rows]


@tk.side_effect_free
def privacy_clearance_queue(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """Open submissions (submitted or in review), oldest first, with their age
    and deadline: of one organisation, or of all the caller reviews (all for
    the DPO and sysadmins).

    :param owner_org: id or name of an organisation (optional)
    :param state: ``submitted``, ``in_review`` or ``open`` (both; default)
    :returns: list of entries
    """
    tk.check_access("privacy_clearance_queue", context, data_dict)
    data = _validate(data_dict, schemas.privacy_clearance_queue(), context)
    user = roles.user_of(context)
    states = ["submitted", "in_review"]
    if data.get("state") in states:
        states = [data["state"]]
    query = (
        sa.select(
            clearance_table, model.package_table.c.name, model.package_table.c.title
        )
        .join(
            model.package_table,
            model.package_table.c.id == clearance_table.c.package_id,
        )
        .where(clearance_table.c.state.in_(states))
        .where(model.package_table.c.state == "active")
        .order_by(clearance_table.c.submitted_at)
    )
    if data.get("owner_org"):
        org = model.Group.get(data["owner_org"])
        query = query.where(clearance_table.c.owner_org == (org.id if org else ""))
    elif not (roles.is_dpo(user) or roles.is_sysadmin(user)):
        query = query.where(clearance_table.c.owner_org.in_(_visible_orgs(user)))
    now = clearance.now()
    return [
        _queue_entry(dict(row), now) for row in model.Session.execute(query).mappings()
    ]


def _visible_orgs(user: model.User | None) -> list[str]:
    return sorted(set(roles.reviewer_orgs(user)) | set(roles.admin_orgs(user)))


def _queue_entry(row: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    submitted, deadline = row.get("submitted_at"), row.get("deadline")
    org = model.Group.get(row.get("owner_org") or "")
    return {
        "package_id": row["package_id"],
        "name": row["name"],
        "title": row["title"],
        "owner_org": row["owner_org"],
        "organization": org.title if org else None,
        "state": row["state"],
        "state_label": workflow.state_label(row["state"], current_lang()),
        "submitted_by": _name(row.get("submitted_by")),
        "submitted_at": _iso(submitted),
        "age_days": (now - submitted).days if submitted else None,
        "deadline": _iso(deadline),
        "overdue": bool(deadline and deadline < now),
        "reviewer": _name(row.get("reviewer_id")),
        "harvested": bool(row.get("harvest_source_id")),
    }


@tk.side_effect_free
def privacy_clearance_log(context: Context, data_dict: DataDict) -> Any:
    """The event log: of one dataset, one organisation or everything (DPO),
    as JSON list or as CSV text (``format=csv``) for the data-protection
    officer. Each event carries its hash and its predecessor's.

    :param id: id or name of a dataset (optional)
    :param owner_org: id or name of an organisation (optional)
    :param since: only events from this time on (ISO date/time, optional)
    :param format: ``json`` (default) or ``csv``
    :param limit: the newest N events only (optional)
    """
    tk.check_access("privacy_clearance_log", context, data_dict)
    data = _validate(data_dict, schemas.privacy_clearance_log(), context)
    user = roles.user_of(context)
    pkg = model.Package.get(data["id"]) if data.get("id") else None
    org = model.Group.get(data["owner_org"]) if data.get("owner_org") else None
    orgs = [org.id] if org else None
    if orgs is None and not pkg and not (roles.is_dpo(user) or roles.is_sysadmin(user)):
        orgs = _visible_orgs(user)
    rows = eventlog.events(
        package_id=pkg.id if pkg else None,
        owner_orgs=orgs,
        since=data.get("since"),
        limit=data.get("limit"),
    )
    if data["format"] == "csv":
        out = io.StringIO()
        eventlog.write_csv(rows, out)
        return out.getvalue()
    return [_event_out(row) for row in rows]


def _reviewer_args(context: Context, data_dict: DataDict, action: str):
    tk.check_access(action, context, data_dict)
    data = _validate(data_dict, schemas.privacy_reviewer(), context)
    org, user = model.Group.get(data["owner_org"]), model.User.get(data["user"])
    if org is None or not org.is_organization:
        raise tk.ObjectNotFound(_("Organisation not found."))
    if user is None:
        raise tk.ObjectNotFound(_("User not found."))
    return org, user


def privacy_reviewer_add(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Designate a reviewer of an organisation (org admins, sysadmins).

    :param owner_org: id or name of the organisation
    :param user: id or name of the user
    :returns: the organisation's reviewers
    """
    org, user = _reviewer_args(context, data_dict, "privacy_reviewer_add")
    if roles.is_dpo(user):
        raise tk.ValidationError(
            {"user": [_("The data-protection officer does not grant clearances.")]}
        )
    actor = roles.user_of(context)
    added = model.Session.execute(
        sa.dialects.postgresql.insert(reviewer_table)
        .values(
            owner_org=org.id,
            user_id=user.id,
            added_by=actor.id if actor else None,
            added_at=clearance.now(),
        )
        .on_conflict_do_nothing()
        .returning(reviewer_table.c.user_id)
    ).first()
    if added:  # in the same transaction: no role without its log entry
        eventlog.record_role_change("reviewer_add", org, user, actor)
    model.Session.commit()
    return privacy_reviewer_list({"ignore_auth": True}, {"owner_org": org.id})


def privacy_reviewer_remove(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """Remove a reviewer from an organisation.

    :param owner_org: id or name of the organisation
    :param user: id or name of the user
    :returns: the organisation's remaining reviewers
    """
    org, user = _reviewer_args(context, data_dict, "privacy_reviewer_remove")
    removed = model.Session.execute(
        sa.delete(reviewer_table)
        .where(
            reviewer_table.c.owner_org == org.id, reviewer_table.c.user_id == user.id
        )
        .returning(reviewer_table.c.user_id)
    ).first()
    if removed:
        eventlog.record_role_change(
            "reviewer_remove", org, user, roles.user_of(context)
        )
    model.Session.commit()
    return privacy_reviewer_list({"ignore_auth": True}, {"owner_org": org.id})


@tk.side_effect_free
def privacy_reviewer_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The designated reviewers of an organisation.

    :param owner_org: id or name of the organisation
    :returns: ``[{"id", "name", "display_name", "added_at"}]``
    """
    tk.check_access("privacy_reviewer_list", context, data_dict)
    org = model.Group.get(data_dict.get("owner_org") or "")
    if org is None:
        raise tk.ObjectNotFound(_("Organisation not found."))
    rows = model.Session.execute(
        sa.select(reviewer_table)
        .where(reviewer_table.c.owner_org == org.id)
        .order_by(reviewer_table.c.added_at)
    ).mappings()
    out = []
    for row in rows:
        user = model.User.get(row["user_id"])
        if user:
            out.append(
                {
                    "id": user.id,
                    "name": user.name,
                    "display_name": user.display_name,
                    "added_at": _iso(row["added_at"]),
                }
            )
    return out


# Chained core actions: every dataset write runs under the guard.


@tk.chained_action
def package_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Core package_create, remembering the acting user for the guard."""
    with clearance.acting(context):
        return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Core package_update (and with it patch, revise, resource actions and
    bulk public), remembering the acting user for the guard."""
    with clearance.acting(context):
        return up_func(context, data_dict)


def _guard_outside_update(context: Context, package_id: str | None) -> None:
    pkg = model.Package.get(package_id or "")
    if pkg is None:
        return
    was = (pkg.private, (clearance.load(pkg.id) or {}).get("state"))
    with clearance.acting(context):
        guard(pkg)
    changed = was != (pkg.private, (clearance.load(pkg.id) or {}).get("state"))
    model.Session.commit()
    if changed:
        # the index must show the forced private flag at once; no toolkit
        # function reindexes one dataset without a package_update
        from ckan.lib.search import rebuild

        rebuild(pkg.id)


@tk.chained_action
def package_owner_org_update(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Core package_owner_org_update; called on its own (not from within a
    package write) it is guarded like an edit."""
    if clearance.in_package_write() or context.get("defer_commit"):
        return up_func(context, data_dict)
    deferred = context.copy()
    deferred["defer_commit"] = True
    result = up_func(deferred, data_dict)
    _guard_outside_update(context, data_dict.get("id"))
    return result


def _datastore_written(context: Context, resource_id: str | None) -> None:
    resource = model.Resource.get(resource_id or "")
    if resource is None:
        return
    model.Session.execute(
        sa.dialects.postgresql.insert(datastore_version_table)
        .values(resource_id=resource.id, version=1)
        .on_conflict_do_update(
            index_elements=[datastore_version_table.c.resource_id],
            set_={"version": datastore_version_table.c.version + 1},
        )
    )
    _guard_outside_update(context, resource.package_id)


def _chain_datastore(name: str) -> ChainedAction:
    def chained(up_func: Action, context: Context, data_dict: DataDict) -> Any:
        result = up_func(context, data_dict)
        resource_id = data_dict.get("resource_id") or (
            result.get("resource_id") if isinstance(result, dict) else None
        )
        _datastore_written(context, resource_id)
        return result

    chained.__name__ = name
    chained.__doc__ = f"Core {name}; a DataStore write is a change of content."
    return tk.chained_action(chained)


DATASTORE_WRITES = (
    "datastore_create",
    "datastore_upsert",
    "datastore_delete",
    "datastore_records_delete",
)

PUBLIC = (
    privacy_clearance_submit,
    privacy_clearance_start_review,
    privacy_clearance_approve,
    privacy_clearance_return,
    privacy_clearance_reject,
    privacy_clearance_revoke,
    privacy_clearance_show,
    privacy_clearance_queue,
    privacy_clearance_log,
    privacy_reviewer_add,
    privacy_reviewer_remove,
    privacy_reviewer_list,
    package_create,
    package_update,
    package_owner_org_update,
)


def get_actions() -> dict[str, Action]:
    """The plugin's actions; the DataStore writes are chained only when the
    datastore plugin is loaded (chaining a missing action is an error)."""
    actions: dict[str, Any] = {func.__name__: func for func in PUBLIC}
    if p.plugin_loaded("datastore"):
        actions.update({name: _chain_datastore(name) for name in DATASTORE_WRITES})
    return actions
