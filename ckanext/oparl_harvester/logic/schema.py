"""The settings of an OParl harvest source: schema, typed form, parsing.

A harvest source keeps its settings as JSON text (ckanext-harvest's
``config``). :func:`parse_source_config` checks it with the navl schema of
:func:`source_config_schema` and returns a :class:`SourceConfig`; every
problem is reported per setting, in the portal's language, as
:class:`ConfigError` (a
``ValueError``, which ckanext-harvest's ``validate_config`` passes on to the
form). Defaults live in :class:`SourceConfig` only.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.validators import default
from ckan.types import Schema

from .. import mapping, privacy
from ..messages import _
from . import validators as v

__all__ = [
    "ConfigError",
    "SourceConfig",
    "parse_source_config",
    "source_config_schema",
    "validate_source_config",
]


@dataclass(frozen=True)
class SourceConfig:
    """The checked settings of one harvest source.

    :param contact_email: functional mailbox, the datasets' contact point
    :param bodies: Body ids to harvest; empty: all
    :param kinds: kinds of datasets (keys of ``mapping.yaml``)
    :param partition: ``year`` or ``term``: one snapshot per year or per
        Wahlperiode
    :param license_default: dcat-ap.de licence id for data without a known
        licence
    :param contact_name: name of the contact point (empty: from the Body)
    :param contributor_id: GovData contributor IRI (empty: portal default)
    :param political_geocoding_level: level IRI (empty: portal default)
    :param political_geocoding: area IRIs (empty: portal default)
    :param privacy_profile: a profile of ``privacy.yaml``
    :param full_resync_days: fetch everything, not only changes, after
        this many days
    :param max_delete_share: a list whose run would remove a larger share
        of its objects is not taken over (mass-deletion brake)
    :param delete_brake_min: the brake lets up to this many removals from a
        list pass, unless they empty it
    :param modified_since_overlap_minutes: ask for changes since the last
        run minus this
    :param timeout: seconds to wait for one HTTP answer
    :param max_pages: pages fetched per list at most (``None``: all)
    """

    contact_email: str
    bodies: tuple[str, ...] = ()
    kinds: tuple[str, ...] = field(default_factory=mapping.default_kinds)
    partition: str = "year"
    license_default: str = "dl-by-de/2.0"
    contact_name: str = ""
    contributor_id: str = ""
    political_geocoding_level: str = ""
    political_geocoding: tuple[str, ...] = ()
    privacy_profile: str = privacy.DEFAULT_PROFILE
    full_resync_days: int = 7
    max_delete_share: float = 0.2
    delete_brake_min: int = 5
    modified_since_overlap_minutes: int = 10
    timeout: float = 30.0
    max_pages: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready dict (what :func:`parse_source_config`
        reads back)."""
        data = dataclasses.asdict(self)
        return {k: list(x) if isinstance(x, tuple) else x for k, x in data.items()}


class ConfigError(ValueError):
    """Invalid settings; ``errors`` maps each setting to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        labels = mapping.source_config_fields()
        text = "; ".join(
            f"{labels.get(key, {}).get('label', key)} ({key}): {' '.join(msgs)}"
            for key, msgs in errors.items()
        )
        super().__init__(text)


def _defaults() -> dict[str, Any]:
    found = {}
    for item in dataclasses.fields(SourceConfig):
        if item.default is not dataclasses.MISSING:
            found[item.name] = item.default
        elif item.default_factory is not dataclasses.MISSING:
            found[item.name] = item.default_factory()
    return found


def source_config_schema() -> Schema:
    """The navl schema of the settings (defaults from :class:`SourceConfig`)."""
    d = _defaults()
    return {
        "contact_email": [v.oparl_harvester_required, v.oparl_harvester_email],
        "bodies": [v.oparl_harvester_optional, v.oparl_harvester_body_list],
        "kinds": [default(d["kinds"]), v.oparl_harvester_kinds],
        "partition": [default(d["partition"]), v.oparl_harvester_partition],
        "license_default": [default(d["license_default"]), v.oparl_harvester_license],
        "contact_name": [v.oparl_harvester_optional, v.oparl_harvester_text(200)],
        "contributor_id": [v.oparl_harvester_optional, v.oparl_harvester_contributor],
        "political_geocoding_level": [
            v.oparl_harvester_optional,
            v.oparl_harvester_geocoding_level,
        ],
        "political_geocoding": [
            v.oparl_harvester_optional,
            v.oparl_harvester_geocoding,
        ],
        "privacy_profile": [
            default(d["privacy_profile"]),
            v.oparl_harvester_privacy_profile,
        ],
        "full_resync_days": [
            default(d["full_resync_days"]),
            v.oparl_harvester_int(0, 365),
        ],
        "max_delete_share": [default(d["max_delete_share"]), v.oparl_harvester_share],
        "delete_brake_min": [
            default(d["delete_brake_min"]),
            v.oparl_harvester_int(0, 100_000),
        ],
        "modified_since_overlap_minutes": [
            default(d["modified_since_overlap_minutes"]),
            v.oparl_harvester_int(0, 24 * 60),
        ],
        "timeout": [default(d["timeout"]), v.oparl_harvester_number(1, 600)],
        "max_pages": [v.oparl_harvester_optional, v.oparl_harvester_int(1)],
    }


def _geocoding_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """Level and area must fit each other (a district key needs the level
    "Kreis", …) and come together where the level has keys."""
    level_iri = data.get("political_geocoding_level") or ""
    areas = data.get("political_geocoding") or ()
    if not level_iri:
        if areas:
            return {
                "political_geocoding_level": [
                    _("Please give the administrative level too.")
                ]
            }
        return {}
    level = level_iri.rstrip("/").rsplit("/", 1)[-1]
    allowed = mapping.geocoding_levels().get(level, ())
    if allowed and not areas:
        return {"political_geocoding": [_("Please give the area too.")]}
    wrong = [a for a in areas if a.rstrip("/").rsplit("/", 2)[-2] not in allowed]
    if wrong:
        message = _('Does not fit the administrative level "{level}": {areas}.')
        return {
            "political_geocoding": [message.format(level=level, areas=", ".join(wrong))]
        }
    return {}


def validate_source_config(raw: dict[str, Any]) -> SourceConfig:
    """Check settings given as a dict and return them typed.

    :param raw: the settings (JSON-decoded)
    :raises ConfigError: listing every wrong or unknown setting
    """
    schema = source_config_schema()
    errors: dict[str, list[str]] = {}
    unknown = sorted(k for k in raw if k not in schema)
    for key in unknown:
        errors[key] = [
            _("Unknown setting. Possible settings: {known}.").format(
                known=", ".join(schema)
            )
        ]
    known = {k: x for k, x in raw.items() if k in schema}
    data, field_errors = tk.navl_validate(known, schema, {})
    errors.update({k: list(m) for k, m in field_errors.items() if m})
    if not errors:
        errors.update(_geocoding_errors(data))
    if errors:
        raise ConfigError(errors)
    # navl's output is untyped; the schema's validators made each value
    # the type SourceConfig declares (lists only still need freezing)
    values: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in data.items()
        if key in schema and not v.is_blank(value)
    }
    return SourceConfig(**values)


def parse_source_config(json_text: str | None) -> SourceConfig:
    """Read the settings of a harvest source from its JSON text.

    :param json_text: the source's ``config`` (empty is ``{}``)
    :raises ConfigError: if the text is no JSON object or a setting is wrong
    """
    text = (json_text or "").strip() or "{}"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        message = _("The settings are no valid JSON (line {line}, column {column}).")
        raise ConfigError(
            {"config": [message.format(line=error.lineno, column=error.colno)]}
        ) from None
    if not isinstance(raw, dict):
        message = _("The settings must be a JSON object: {…}.")
        raise ConfigError({"config": [message]})
    return validate_source_config(raw)
