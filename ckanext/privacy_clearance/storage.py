"""Reading uploaded resource files through CKAN 2.12's file storage (local
folder, memory or cloud alike), for the fingerprint and the scan."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

_BLOCK = 1 << 20


def _blocks(stream: Any) -> Iterator[bytes]:
    # a file object iterates by lines: read fixed blocks, memory stays flat
    if hasattr(stream, "read"):
        with stream:
            yield from iter(lambda: stream.read(_BLOCK), b"")
    else:
        yield from stream


def chunks(resource: dict[str, Any]) -> Iterable[bytes] | None:
    """The content of an uploaded resource file, streamed; ``None`` when the
    resource is a link or its file is missing.

    :param resource: a resource dict
    """
    if resource.get("url_type") != "upload" or not resource.get("id"):
        return None
    # no toolkit equivalent: the uploader knows where CKAN stored the file
    from ckan.lib import files
    from ckan.lib.uploader import get_resource_uploader

    uploader = get_resource_uploader(resource)
    storage = getattr(uploader, "storage", None)
    if storage is None:
        return None
    try:
        data = files.FileData(uploader.get_path(resource["id"]))
        return _blocks(storage.stream(data)) if storage.exists(data) else None
    except Exception:  # storage error: nothing to read
        return None


def sha256(resource: dict[str, Any]) -> str | None:
    """SHA-256 of an uploaded resource file (read in one pass).

    :param resource: a resource dict
    """
    content = chunks(resource)
    if content is None:
        return None
    digest = hashlib.sha256()
    for block in content:
        digest.update(block)
    return digest.hexdigest()
