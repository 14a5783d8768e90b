"""JSON and URL helpers of the OParl client: what goes over the wire.

Tolerant parsing of server answers (charset guessing, control characters,
HTML error pages), recognising error objects sent with HTTP 200, editing
query parameters without disturbing the others, parsing timestamps, and
reading the external lists and embedded objects of OParl objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import OParlJSONError

MODIFIED_SINCE = "modified_since"


# -- JSON -------------------------------------------------------------------

_CONTROL_CHARS = {c: None for c in range(0x20) if chr(c) not in "\t\n\r"}


def _strip_controls(node: Any) -> Any:
    if isinstance(node, str):
        return node.translate(_CONTROL_CHARS)
    if isinstance(node, list):
        return [_strip_controls(item) for item in node]
    if isinstance(node, dict):
        return {key: _strip_controls(value) for key, value in node.items()}
    return node


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    for encoding in (charset, "utf-8-sig", "cp1252"):
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace")


def parse_json(body: bytes, *, url: str, content_type: str = "") -> Any:
    """Parse a server answer tolerantly.

    Raw control characters inside strings (servers do send them) are
    accepted and removed; HTML pages and truncated JSON are errors.

    :param body: the raw response body
    :param url: the URL it came from (for messages)
    :param content_type: the ``Content-Type`` header
    :raises OParlJSONError: if the body is no JSON
    """
    text = _decode(body, content_type)
    head = text.lstrip()[:200].lower()
    if not head:
        raise OParlJSONError(f"Leere Antwort statt JSON von {url}", url=url)
    if head.startswith("<") or (
        "text/html" in content_type.lower() and head[0] not in "[{"
    ):
        raise OParlJSONError(f"Server lieferte HTML statt JSON für {url}", url=url)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        # strict=False accepts raw control characters inside strings.
        return _strip_controls(json.loads(text, strict=False))
    except json.JSONDecodeError as exc:
        raise OParlJSONError(
            f"Ungültiges JSON von {url} (Zeile {exc.lineno}, Spalte {exc.colno}: "
            f"{exc.msg}); Antwort abgeschnitten oder fehlerhaft",
            url=url,
        ) from exc


def is_error_object(data: Any) -> bool:
    """Return whether *data* is an error object rather than OParl content.

    Two shapes occur with HTTP 200: ``{"type": ".../Error", "message": …}``
    and vendor objects like ``{"error": "…", "code": 802, "type": "…"}``.

    :param data: parsed JSON
    """
    if not isinstance(data, dict):
        return False
    if str(data.get("type") or "").rstrip("/").endswith("/Error"):
        return True
    return "error" in data and "id" not in data and "data" not in data


def error_message(data: Mapping[str, Any]) -> str:
    """Return the message of an error object (see :func:`is_error_object`).

    :param data: the error object
    :returns: its ``message``, ``error`` or ``debug`` text, or a German
        placeholder if it has none
    """
    for key in ("message", "error", "debug"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "unbekannter Fehler"


# -- URLs -------------------------------------------------------------------


def has_param(url: str, name: str) -> bool:
    """Return whether the query of *url* contains parameter *name*.

    :param url: a URL
    :param name: parameter name
    """
    query = urlsplit(url).query
    return any(p.split("=", 1)[0] == name for p in query.split("&") if p)


def with_param(url: str, name: str, value: str, *, raw: bool = False) -> str:
    """Set one query parameter, leaving the others exactly as they are.

    :param url: the URL
    :param name: parameter name
    :param value: the value
    :param raw: append the value unencoded (``:`` and ``+`` kept), as some
        servers (SessionNet) require; otherwise percent-encoded
    """
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] != name]
    encoded = value if raw else quote(value, safe="")
    kept.append(f"{name}={encoded}")
    return urlunsplit(parts._replace(query="&".join(kept)))


def parse_time(value: Any) -> datetime | None:
    """Parse an OParl timestamp; naive values are taken as UTC.

    :param value: an ISO 8601 string (anything else gives ``None``)
    :returns: an aware datetime, or ``None`` if *value* is no timestamp
    """
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -- body helpers -----------------------------------------------------------

_BODY_LISTS = {
    "Organization": ("organization",),
    "Person": ("person",),
    "Meeting": ("meeting",),
    "Paper": ("paper",),
    "AgendaItem": ("agendaItem",),
    "Consultation": ("consultation",),
    "File": ("file",),
    "Membership": ("membership",),
    "LegislativeTerm": ("legislativeTermList",),
    "Location": ("locationList",),
}


def body_lists(body: Mapping[str, Any]) -> dict[str, str]:
    """Return the external list URLs of a Body by object type.

    OParl 1.0 has lists for Organization, Person, Meeting and Paper only;
    1.1 adds AgendaItem, Consultation, File, Membership, LegislativeTerm
    (``legislativeTermList``) and Location (``locationList``).

    :param body: a Body object
    """
    lists = {}
    for type_name, keys in _BODY_LISTS.items():
        for key in keys:
            value = body.get(key)
            if isinstance(value, str) and value.startswith("http"):
                lists[type_name] = value
    return lists


def iter_embedded(obj: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield every object embedded in *obj* (depth first), not *obj* itself.

    In OParl 1.0, AgendaItems, Consultations, Files, Memberships,
    LegislativeTerms and Locations exist only embedded in other objects.

    :param obj: an OParl object
    """
    for value in obj.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                if "id" in item:
                    yield item
                yield from iter_embedded(item)
