"""Background jobs: the personal-data scan of a submitted dataset's resources.

The job reads uploaded files from CKAN's storage and, if allowed, downloads
linked files through the outbound policy (:mod:`ckanext.outbound`: no
internal addresses, bounded in size and time). Only masked findings are
stored; a file that could not be read is noted in a sentence in the
portal's language (the job has no request, see :mod:`.language`).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.outbound import (
    OutboundError,
    outbound_chunks,
    outbound_open,
    outbound_policy,
)

from . import config, storage
from .language import _
from .model import scan_table

log = logging.getLogger(__name__)


def enqueue_scan(package_id: str) -> None:
    """Queue the scan of a dataset's resources (when enabled).

    :param package_id: dataset id
    """
    if config.scan_enabled():
        tk.enqueue_job(
            scan_dataset,
            [package_id],
            title=_("Personal-data scan {package_id}").format(package_id=package_id),
            rq_kwargs={"timeout": 1800},
        )


def _write(chunks: Any, target: Path) -> bool:
    """Write at most scan_max_bytes (+1) bytes; returns whether it was cut."""
    limit, size = config.scan_max_bytes(), 0
    with target.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            size += len(chunk)
            if size > limit:
                return True
    return False


def _fetch(resource: dict[str, Any], target: Path) -> bool | None:
    """Put the resource's file (uploaded, or downloaded if allowed) at
    ``target``; ``None`` when there is nothing to read, else whether it was cut
    at the size limit."""
    content = storage.chunks(resource)
    if content is not None:
        return _write(content, target)
    url = str(resource.get("url") or "")
    if not config.scan_download() or not url.startswith(("http://", "https://")):
        return None
    policy = outbound_policy()  # read once for the request and its body
    with outbound_open(url, policy=policy) as response:
        return _write(outbound_chunks(response, policy=policy), target)


def scan_resource(resource: dict[str, Any]) -> dict[str, Any]:
    """Scan one resource; returns the row stored for it.

    :param resource: a resource dict
    """
    from .scan import scan_file

    try:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "resource"
            cut = _fetch(resource, target)
            if cut is None:
                return _row(resource, [], _("Not checked: no file to read."))
            result = scan_file(
                target,
                filename=Path(str(resource.get("url") or "")).name,
                fmt=str(resource.get("format") or ""),
                small_cell_k=config.scan_small_cell_k(),
                max_bytes=config.scan_max_bytes(),
            )
    except OutboundError as error:
        reason = error.message()
        return _row(resource, [], _("Not checked ({reason}).").format(reason=reason))
    except OSError:
        log.exception("privacy_clearance: cannot read resource %s", resource["id"])
        return _row(resource, [], _("Not checked: the file could not be read."))
    findings = [asdict(finding) for finding in result.findings]
    message = result.error.render(_) if result.error else None
    if not result.scanned:
        notes = "; ".join(note.render(_) for note in result.notes)
        notes = notes or _("Unknown format")
        message = _("Not checked: {notes}").format(notes=notes)
    if cut and (result.error or not result.scanned):
        # a cut XLSX or PDF is no valid file: say why instead
        mb = config.scan_max_bytes() // 1_000_000
        message = _("Not fully checked: file larger than {mb} MB.").format(mb=mb)
    return _row(resource, findings, message, bool(cut or result.truncated))


def _row(
    resource: dict[str, Any],
    findings: list[dict[str, Any]],
    error: str | None,
    truncated: bool = False,
) -> dict[str, Any]:
    return {
        "resource_id": resource["id"],
        "resource_name": resource.get("name") or resource.get("url"),
        "findings": findings,
        "error": error,
        "truncated": truncated,
    }


def scan_dataset(package_id: str) -> int:
    """The job: scan every resource of a dataset and store the masked hints.

    :param package_id: dataset id
    :returns: number of findings
    """
    pkg_dict = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    from .clearance import now

    total = 0
    for resource in pkg_dict.get("resources", []):
        row = scan_resource(resource)
        total += len(row["findings"])
        stmt = sa.dialects.postgresql.insert(scan_table).values(
            package_id=package_id, scanned_at=now(), **row
        )
        model.Session.execute(
            stmt.on_conflict_do_update(
                index_elements=[scan_table.c.package_id, scan_table.c.resource_id],
                set_={
                    k: stmt.excluded[k]
                    for k in (
                        "resource_name",
                        "scanned_at",
                        "findings",
                        "error",
                        "truncated",
                    )
                },
            )
        )
    model.Session.commit()
    log.info("privacy_clearance: scanned %s, %d findings", package_id, total)
    return total
