"""Reading uploaded resource files through CKAN 2.12's file storage (local
folder, memory or cloud alike), for the fingerprint and the scan."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

_SHA256: dict[tuple[str, int, str], str] = {}


def _located(resource: dict[str, Any]) -> tuple[Any, Any] | None:
    """The storage and the stored file's data of an uploaded resource."""
    if resource.get("url_type") != "upload" or not resource.get("id"):
        return None
    # no toolkit equivalent: the uploader knows where CKAN stored the file
    from ckan.lib.uploader import get_resource_uploader

    uploader = get_resource_uploader(resource)
    storage = getattr(uploader, "storage", None)
    if storage is None:
        return None
    try:
        return storage, storage.analyze(uploader.get_path(resource["id"]))
    except Exception:  # missing file or storage error: nothing to read
        return None


def chunks(resource: dict[str, Any]) -> Iterable[bytes] | None:
    """The content of an uploaded resource file, streamed; ``None`` when the
    resource is a link or its file is missing.

    :param resource: a resource dict
    """
    found = _located(resource)
    return found[0].stream(found[1]) if found else None


def sha256(resource: dict[str, Any]) -> str | None:
    """SHA-256 of an uploaded resource file (cached by location, size and the
    storage's own checksum, so an unchanged file is read once).

    :param resource: a resource dict
    """
    found = _located(resource)
    if not found:
        return None
    storage, data = found
    key = (str(data.location), int(data.size or 0), str(data.hash or ""))
    if key not in _SHA256:
        digest = hashlib.sha256()
        for chunk in storage.stream(data):
            digest.update(chunk)
        _SHA256[key] = digest.hexdigest()
    return _SHA256[key]
