"""What a clearance is bound to: the reviewed content of a dataset and its
fingerprint.

The content is the dataset dict without bookkeeping fields and without the
fields declared as unreviewed (title/description typo fixes), plus, per
resource, its fields, the SHA-256 of an uploaded file and the DataStore content
version. Resources are keyed by id, so reordering them is not a change of
content; adding, removing or changing one always is.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from . import config, storage
from .model import datastore_version_table


def _clean(data: dict[str, Any], drop: frozenset[str]) -> dict[str, Any]:
    cleaned = {
        key: value
        for key, value in data.items()
        if key not in drop and value not in (None, "", [], {})
    }
    if isinstance(cleaned.get("extras"), list):
        # ckanext-harvest adds its bookkeeping as extras on every show
        extras = [e for e in cleaned["extras"] if e.get("key") not in drop]
        cleaned["extras"] = sorted(extras, key=lambda e: str(e.get("key")))
        if not extras:
            del cleaned["extras"]
    return cleaned


def _datastore_versions(resource_ids: list[str]) -> dict[str, int]:
    if not resource_ids:
        return {}
    rows = model.Session.execute(
        sa.select(
            datastore_version_table.c.resource_id, datastore_version_table.c.version
        ).where(datastore_version_table.c.resource_id.in_(resource_ids))
    )
    return {row.resource_id: row.version for row in rows}


def reviewed_content(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The part of a dataset a clearance covers, as plain JSON data.

    :param pkg_dict: a dataset dict as ``package_show`` returns it
    """
    volatile = config.volatile_fields()
    content = _clean(pkg_dict, volatile | config.unreviewed_fields() | {"resources"})
    resources = pkg_dict.get("resources") or []
    versions = _datastore_versions([r["id"] for r in resources if r.get("id")])
    content["resources"] = {}
    for resource in resources:
        entry = _clean(resource, volatile)
        entry["file_sha256"] = storage.sha256(resource)
        entry["datastore_version"] = versions.get(resource.get("id", ""))
        content["resources"][resource.get("id") or resource.get("url", "")] = {
            key: value for key, value in entry.items() if value is not None
        }
    return content


def fingerprint(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON form of ``content``.

    :param content: as returned by :func:`reviewed_content`
    """
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def shape(content: dict[str, Any]) -> str:
    """The shape of the content: which dataset fields are filled and which
    formats the resources have, without their values. Harvested datasets of
    an unchanged shape are covered by a standing clearance of their source.
    (Resource fields CKAN fills by itself, such as a guessed mimetype, are
    no change of shape.)

    :param content: as returned by :func:`reviewed_content`
    """
    skip = {"name", "title", "notes", "url", "id", "resources"}
    fields = sorted(key for key in content if key not in skip)
    formats = sorted(
        {
            str(resource.get("format", "")).lower()
            for resource in content.get("resources", {}).values()
        }
    )
    return fingerprint({"fields": fields, "formats": formats})


def current_content(package_id: str) -> dict[str, Any]:
    """The reviewed content of a dataset as it is now in this transaction.

    :param package_id: id of the dataset
    """
    pkg_dict = tk.get_action("package_show")(
        {"ignore_auth": True, "for_view": False, "use_cache": False},
        {"id": package_id},
    )
    return reviewed_content(pkg_dict)


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    """Field-level differences between two contents, for the reviewer.

    :param old: the content at the last clearance (``None``: nothing cleared)
    :param new: the content now
    :returns: ``[{"field": …, "old": …, "new": …}]``; resources are reported
        as ``resources/<id>/<field>``
    """
    old = old or {}
    changes = _diff_flat(old, new, exclude={"resources"}, prefix="")
    old_res, new_res = old.get("resources", {}), new.get("resources", {})
    for rid in sorted(set(old_res) | set(new_res)):
        if rid not in old_res or rid not in new_res:
            changes.append(
                {
                    "field": f"resources/{rid}",
                    "old": old_res.get(rid),
                    "new": new_res.get(rid),
                }
            )
        else:
            changes += _diff_flat(
                old_res[rid], new_res[rid], set(), f"resources/{rid}/"
            )
    return changes


def _diff_flat(
    old: dict[str, Any], new: dict[str, Any], exclude: set[str], prefix: str
) -> list[dict[str, Any]]:
    return [
        {"field": prefix + key, "old": old.get(key), "new": new.get(key)}
        for key in sorted((set(old) | set(new)) - exclude)
        if old.get(key) != new.get(key)
    ]
