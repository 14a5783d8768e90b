"""Vendor fix-up profiles for OParl servers.

Real council information systems bend the OParl specification in small,
vendor-typical ways. Instead of special cases spread through the client, a
:class:`VendorProfile` is chosen once from the System object (:func:`detect`)
and :func:`normalise` applies its fix-ups to every object the client yields.

What is vendor-specific is data (``vendors.yaml``: detection patterns,
switches, the list of fix-ups); the fix-ups themselves are small functions
registered in :data:`FIXUPS` under the names the YAML file uses.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import yaml

PROFILES_FILE = Path(__file__).with_name("vendors.yaml")
GENERIC = "generic"
SCHEMA_BASE = "https://schema.oparl.org/"
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class VendorProfile:
    """Fix-ups and switches for one server software.

    :param name: profile key in ``vendors.yaml`` (``generic`` if none matched)
    :param label: human-readable product name for reports
    :param fixups: names of the fix-up functions to apply, in order
    :param switches: settings read by the client (see ``vendors.yaml``)
    :param oparl_version: ``"1.0"`` or ``"1.1"`` as announced by the System
    """

    name: str
    label: str
    fixups: tuple[str, ...]
    switches: Mapping[str, Any]
    oparl_version: str = "1.1"

    def switch(self, key: str) -> Any:
        """Return a switch value; unknown keys are a programming error.

        :param key: switch name as written in ``vendors.yaml``
        """
        return self.switches[key]

    def for_version(self, oparl_version: str) -> VendorProfile:
        """Return a copy of the profile for another OParl version.

        :param oparl_version: ``"1.0"`` or ``"1.1"``
        """
        return VendorProfile(
            self.name, self.label, self.fixups, self.switches, oparl_version
        )


@dataclass
class FixContext:
    """What a fix-up may need besides the object itself."""

    profile: VendorProfile
    base_url: str
    stats: Counter[str] = field(default_factory=Counter)


Fixup = Callable[[dict[str, Any], FixContext], bool]
FIXUPS: dict[str, Fixup] = {}


def fixup(name: str) -> Callable[[Fixup], Fixup]:
    """Register a fix-up under the name ``vendors.yaml`` uses.

    A fix-up changes the (already copied) object in place and returns
    whether it changed anything, which is counted for the harvest report.

    :param name: key used in the ``fixups`` lists of ``vendors.yaml``
    """

    def register(func: Fixup) -> Fixup:
        FIXUPS[name] = func
        return func

    return register


# -- profiles ---------------------------------------------------------------


@functools.cache
def _load(path: Path = PROFILES_FILE) -> tuple[dict[str, Any], dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults = data["defaults"]
    profiles = data.get("profiles") or {}
    known_switches = set(defaults["switches"])
    for name, spec in {GENERIC: defaults, **profiles}.items():
        names = [*spec.get("fixups", []), *spec.get("drop_fixups", [])]
        unknown = [n for n in names if n not in FIXUPS]
        unknown += [k for k in spec.get("switches", {}) if k not in known_switches]
        if unknown:
            raise ValueError(f"vendors.yaml, profile {name}: unknown names {unknown}")
    return defaults, profiles


def _build(
    name: str, spec: Mapping[str, Any], defaults: Mapping[str, Any]
) -> VendorProfile:
    dropped = set(spec.get("drop_fixups", []))
    fixups = [f for f in defaults["fixups"] if f not in dropped]
    fixups += [f for f in spec.get("fixups", []) if f not in fixups]
    switches = {**defaults["switches"], **spec.get("switches", {})}
    return VendorProfile(
        name=name,
        label=spec.get("label", name),
        fixups=tuple(fixups),
        switches=MappingProxyType(switches),
    )


def profile_names() -> list[str]:
    """Return the names of all profiles, ``generic`` first."""
    return [GENERIC, *_load()[1]]


def get_profile(name: str = GENERIC, oparl_version: str = "1.1") -> VendorProfile:
    """Return a profile by name.

    :param name: a key of ``vendors.yaml`` or ``generic``
    :param oparl_version: ``"1.0"`` or ``"1.1"``
    :raises KeyError: for an unknown profile name
    """
    defaults, profiles = _load()
    spec = {"label": "OParl (allgemein)"} if name == GENERIC else profiles[name]
    return _build(name, spec, defaults).for_version(oparl_version)


def oparl_version_of(obj: Mapping[str, Any]) -> str | None:
    """Return ``"1.0"``/``"1.1"`` from ``oparlVersion`` or the ``type`` URL.

    :param obj: any OParl object (usually the System)
    """
    for key in ("oparlVersion", "type"):
        match = re.search(r"schema\.oparl\.org/(1\.[01])", str(obj.get(key) or ""))
        if match:
            return match.group(1)
    return None


def detect(system: Mapping[str, Any]) -> VendorProfile:
    """Choose the vendor profile for a server from its System object.

    :param system: the System object as delivered by the server
    :returns: the first profile whose ``match`` rules hit, else ``generic``
    """
    version = oparl_version_of(system) or "1.1"
    for name, spec in _load()[1].items():
        for key, pattern in (spec.get("match") or {}).items():
            if re.search(pattern, str(system.get(key) or ""), re.IGNORECASE):
                return get_profile(name, version)
    return get_profile(GENERIC, version)


def format_modified_since(when: datetime, profile: VendorProfile) -> str:
    """Write a ``modified_since`` value the way the vendor accepts it.

    Always whole seconds: servers such as SessionNet reject microseconds.

    :param when: the instant (naive values are taken as UTC)
    :param profile: decides ``utc_offset``, ``utc_z`` or ``local_offset``
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.replace(microsecond=0)
    style = profile.switch("modified_since_format")
    if style == "local_offset":
        return when.astimezone(BERLIN).isoformat()
    text = when.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z") if style == "utc_z" else text


# -- normalisation ----------------------------------------------------------


def normalise(
    obj: Mapping[str, Any],
    profile: VendorProfile,
    *,
    base_url: str,
    stats: Counter[str] | None = None,
) -> dict[str, Any]:
    """Return a fixed copy of an OParl object and its embedded objects.

    :param obj: the object as parsed from the server's JSON
    :param profile: the server's vendor profile (see :func:`detect`)
    :param base_url: URL the object was fetched from (or the list URL); ids
        are made canonical relative to it
    :param stats: optional counter of applied fix-ups (by name)
    """
    ctx = FixContext(profile, base_url, stats if stats is not None else Counter())
    funcs = [(name, FIXUPS[name]) for name in profile.fixups]
    synthetic = bool(profile.switch("synthetic_modified"))
    return _walk(obj, ctx, funcs, synthetic)


def _walk(
    node: Any, ctx: FixContext, funcs: list[tuple[str, Fixup]], synthetic: bool
) -> Any:
    if isinstance(node, list):
        return [_walk(item, ctx, funcs, synthetic) for item in node]
    if not isinstance(node, Mapping):
        return node
    copy = {key: _walk(value, ctx, funcs, synthetic) for key, value in node.items()}
    for name, func in funcs:
        if func(copy, ctx):
            ctx.stats[name] += 1
    if synthetic and "id" in copy:
        # The harvester must compare content hashes instead of `modified`.
        copy["_synthetic_modified"] = True
    return copy


_PLACEHOLDERS = frozenset({"", "n/a", "n.a.", "na"})


def _is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in _PLACEHOLDERS


@fixup("drop_placeholders")
def _drop_placeholders(obj: dict[str, Any], ctx: FixContext) -> bool:
    changed = False
    for key in list(obj):
        value = obj[key]
        if _is_placeholder(value):
            del obj[key]
            changed = True
        elif isinstance(value, list) and any(_is_placeholder(v) for v in value):
            obj[key] = [v for v in value if not _is_placeholder(v)]
            changed = True
    return changed


_DOUBLE_COLON_TZ = re.compile(r"^(\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d)::(\d\d)$")


@fixup("fix_timezone_colons")
def _fix_timezone_colons(obj: dict[str, Any], ctx: FixContext) -> bool:
    changed = False
    for key, value in obj.items():
        if isinstance(value, str) and "::" in value:
            fixed = _DOUBLE_COLON_TZ.sub(r"\1:\2", value)
            if fixed != value:
                obj[key] = fixed
                changed = True
    return changed


# Spec: these attributes are arrays of objects, some servers send one object.
_OBJECT_ARRAYS = frozenset(
    {"auxiliaryFile", "agendaItem", "consultation", "membership", "derivativeFile"}
)


@fixup("wrap_single_objects")
def _wrap_single_objects(obj: dict[str, Any], ctx: FixContext) -> bool:
    changed = False
    for key in _OBJECT_ARRAYS & obj.keys():
        if isinstance(obj[key], dict):
            obj[key] = [obj[key]]
            changed = True
    return changed


SHORT_MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "csv": "text/csv",
    "htm": "text/html",
    "html": "text/html",
    "xml": "application/xml",
    "zip": "application/zip",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "msg": "application/vnd.ms-outlook",
    "eml": "message/rfc822",
    "application/octetstream": "application/octet-stream",
}


def full_mime_type(value: str) -> str | None:
    """Return the full media type for a short one (``pdf``), else ``None``.

    :param value: the ``mimeType`` as delivered
    """
    short = value.strip().lower().lstrip(".")
    if short in SHORT_MIME_TYPES:
        return SHORT_MIME_TYPES[short]
    if "/" in short:
        return short if short != value else None
    guessed, _ = mimetypes.guess_type(f"x.{short}")
    return guessed


@fixup("short_mime_types")
def _short_mime_types(obj: dict[str, Any], ctx: FixContext) -> bool:
    value = obj.get("mimeType")
    if not isinstance(value, str):
        return False
    full = full_mime_type(value)
    if full and full != value:
        obj["mimeType"] = full
        return True
    return False


# Attributes whose URLs point elsewhere by design; never rewritten.
_FOREIGN_URL_KEYS = frozenset(
    {
        "type",
        "oparlVersion",
        "otherOparlVersions",
        "license",
        "equivalent",
        "equivalentBody",
        "vendor",
        "product",
        "website",
    }
)


def _api_root(path: str) -> str | None:
    # The API lives under the first path segment naming OParl (/oparl/,
    # /bi/oparl/, /webservice/oparl/); without one, the first segment.
    segments = [s for s in path.split("/") if s]
    for i, segment in enumerate(segments):
        if "oparl" in segment.lower():
            return "/" + "/".join(segments[: i + 1]) + "/"
    return f"/{segments[0]}/" if len(segments) > 1 else None


def _netloc(scheme: str, host: str, port: int | None) -> str:
    default = {"http": 80, "https": 443}.get(scheme)
    return host if port in (None, default) else f"{host}:{port}"


@dataclass(frozen=True)
class _Base:
    scheme: str
    host: str
    port: int | None
    prefix: str  # "scheme://netloc/" exactly as the base URL writes it
    api_root: str | None


@functools.lru_cache(maxsize=256)
def _base(base_url: str) -> _Base | None:
    try:
        b = urlsplit(base_url)
        port = b.port
    except ValueError:
        return None
    if not b.hostname:
        return None
    prefix = f"{b.scheme}://{b.netloc}/"
    return _Base(b.scheme, b.hostname.lower(), port, prefix, _api_root(b.path))


def canonical_url(url: str, base_url: str) -> str:
    """Make a server URL canonical relative to the URL the server answers at.

    Two real-world cases: ``http://`` ids on a server reached by ``https://``
    (same host), and ids naming an internal host or port for the API path
    the server is reached under. Default ports and host case are dropped.

    :param url: an id, reference or link as delivered
    :param base_url: a URL the server was actually reached at
    """
    base = _base(base_url)
    if base is None or url.startswith(base.prefix):
        return url  # the common case, and cheap: already on the base origin
    try:
        u = urlsplit(url)
        u_port = u.port
    except ValueError:
        return url
    if u.scheme not in ("http", "https") or not u.hostname:
        return url
    if u.username or u.password:
        return url
    host, scheme, port = u.hostname.lower(), u.scheme, u_port
    same_host = host == base.host
    if same_host and scheme == "http" and base.scheme == "https":
        scheme, port = "https", base.port
    elif (
        _netloc(scheme, host, port) != _netloc(base.scheme, base.host, base.port)
        and base.api_root
        and u.path.startswith(base.api_root)
    ):
        scheme, host, port = base.scheme, base.host, base.port
    netloc = _netloc(scheme, host, port)
    return urlunsplit((scheme, netloc, u.path, u.query, u.fragment))


def _canonical_value(value: Any, base_url: str) -> Any:
    if isinstance(value, str) and value.startswith("http"):
        return canonical_url(value, base_url)
    if isinstance(value, list):
        return [_canonical_value(item, base_url) for item in value]
    return value


@fixup("canonical_ids")
def _canonical_ids(obj: dict[str, Any], ctx: FixContext) -> bool:
    changed = False
    original = obj.get("id")
    for key, value in obj.items():
        if key in _FOREIGN_URL_KEYS or key.startswith("_"):
            continue
        fixed = _canonical_value(value, ctx.base_url)
        if fixed != value:
            obj[key] = fixed
            changed = True
    if changed and isinstance(original, str) and obj["id"] != original:
        obj["_original_id"] = original
    return changed


def _in_germany(lon: float, lat: float) -> bool:
    return 5.0 <= lon <= 16.0 and 47.0 <= lat <= 56.0


def _point(geojson: Mapping[str, Any]) -> Mapping[str, Any] | None:
    geometry = geojson.get("geometry", geojson)
    if isinstance(geometry, Mapping) and geometry.get("type") == "Point":
        return geometry
    return None


@fixup("swap_latlon")
def _swap_latlon(obj: dict[str, Any], ctx: FixContext) -> bool:
    geojson = obj.get("geojson")
    point = _point(geojson) if isinstance(geojson, dict) else None
    coords = point.get("coordinates") if point else None
    if not (isinstance(coords, list) and len(coords) >= 2):
        return False
    try:
        first, second = float(coords[0]), float(coords[1])
    except (TypeError, ValueError):
        return False
    # Only swap when the given order is outside Germany and the swapped one
    # inside: a portal in Sachsen-Anhalt never has points elsewhere.
    if _in_germany(first, second) or not _in_germany(second, first):
        return False
    assert isinstance(point, dict)
    point["coordinates"] = [coords[1], coords[0], *coords[2:]]
    return True


_TYPE_SEGMENTS = {
    "system": "System",
    "body": "Body",
    "bodies": "Body",
    "organization": "Organization",
    "organizations": "Organization",
    "person": "Person",
    "persons": "Person",
    "people": "Person",
    "meeting": "Meeting",
    "meetings": "Meeting",
    "paper": "Paper",
    "papers": "Paper",
    "file": "File",
    "files": "File",
    "agendaitem": "AgendaItem",
    "agendaitems": "AgendaItem",
    "consultation": "Consultation",
    "consultations": "Consultation",
    "membership": "Membership",
    "memberships": "Membership",
    "location": "Location",
    "locations": "Location",
    "legislativeterm": "LegislativeTerm",
    "legislativeterms": "LegislativeTerm",
}


def type_from_url(url: str) -> str | None:
    """Guess the OParl type name (``Paper``) from an object URL.

    :param url: an object id such as ``https://x/oparl/v1/body/1/paper/17``
    """
    parts = urlsplit(url)
    words = [s.lower().removesuffix(".asp") for s in parts.path.split("/") if s]
    words += [p.split("=")[0].lower() for p in parts.query.split("&")]
    for word in reversed(words):
        if word in _TYPE_SEGMENTS:
            return _TYPE_SEGMENTS[word]
    return None


@fixup("infer_missing_type")
def _infer_missing_type(obj: dict[str, Any], ctx: FixContext) -> bool:
    if "type" in obj or not isinstance(obj.get("id"), str):
        return False
    name = type_from_url(obj["id"])
    if not name:
        return False
    obj["type"] = f"{SCHEMA_BASE}{ctx.profile.oparl_version}/{name}"
    return True


_DOUBLE_SLASH = re.compile(r"(?<!:)//+")


@fixup("fix_double_slash_urls")
def _fix_double_slash_urls(obj: dict[str, Any], ctx: FixContext) -> bool:
    changed = False
    for key in ("accessUrl", "downloadUrl"):
        value = obj.get(key)
        if isinstance(value, str) and "//" in value.partition("://")[2]:
            scheme, _, rest = value.partition("://")
            obj[key] = f"{scheme}://{_DOUBLE_SLASH.sub('/', rest)}"
            changed = True
    return changed


def object_type(obj: Mapping[str, Any]) -> str | None:
    """Return the short type name (``Paper``) of an OParl object.

    :param obj: an OParl object with a ``type`` URL
    """
    value = obj.get("type")
    if not isinstance(value, str) or "/" not in value:
        return None
    return value.rstrip("/").rsplit("/", 1)[1] or None
