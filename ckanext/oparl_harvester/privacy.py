"""Privacy filter: what of an OParl object may reach the portal.

The rules and profiles are data (``privacy.yaml``); this module loads them,
checks them against the records' fields (a typo in a field name must not
silently let personal data through) and applies them. :func:`apply` works on
the client's dicts, before parsing and mapping, recursively into embedded
objects, and reports every removal as :class:`Dropped` so the harvest report
can say what was left out by which rule.
"""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ckanext.kommunal.text import fold

from . import records

__all__ = [
    "DEFAULT_PROFILE",
    "DropLog",
    "Dropped",
    "Profile",
    "Rule",
    "apply",
    "get_profile",
    "profiles",
]

RULES_FILE = Path(__file__).resolve().parent / "privacy.yaml"
DEFAULT_PROFILE = "standard"
_SEPARATORS = re.compile(r"[\s\-_.]+")


@dataclass(frozen=True)
class Dropped:
    """One removal.

    :param rule: key of the rule (``person_contact``)
    :param object_id: id of the object the rule applied to (an embedded
        object's own id where it has one)
    :param path: where, from the top object: ``agendaItem[2]`` (an embedded
        object), ``participant`` (a field), ``""`` (the top object itself)
    """

    rule: str
    object_id: str | None
    path: str


@dataclass(frozen=True)
class Condition:
    """When a rule drops a whole object (see ``privacy.yaml``)."""

    fields: tuple[str, ...]
    equals: Any = None
    not_equals: Any = None
    matches: re.Pattern[str] | None = None

    def holds(self, obj: Mapping[str, Any]) -> bool:
        """Whether ``obj`` meets the condition.

        :param obj: the OParl object
        """
        if self.matches is not None:
            return any(
                isinstance(obj.get(f), str) and self.matches.search(_fold(obj[f]))
                for f in self.fields
            )
        value = obj.get(self.fields[0])
        if self.not_equals is not None:
            return value != self.not_equals
        return value == self.equals


@dataclass(frozen=True)
class Rule:
    """One privacy rule.

    :param key: the rule's name in ``privacy.yaml``
    :param description: what it removes, in German
    :param types: OParl types it applies to
    :param drop_fields: OParl keys it removes
    :param drop_object: the condition for removing the whole object
    """

    key: str
    description: str
    types: frozenset[str]
    drop_fields: tuple[str, ...] = ()
    drop_object: Condition | None = None


@dataclass(frozen=True)
class Profile:
    """A named set of rules (``standard``, ``strict``)."""

    name: str
    label: str
    description: str
    rules: tuple[Rule, ...]

    def rules_for(self, type_name: str) -> tuple[Rule, ...]:
        """The rules applying to objects of one type.

        :param type_name: OParl type without namespace
        """
        return tuple(r for r in self.rules if type_name in r.types)


def _fold(text: str) -> str:
    # "Nicht-öffentlich", "nicht öffentlich" and "NICHTOEFFENTLICH" alike
    return _SEPARATORS.sub("", fold(text))


def _condition(raw: Mapping[str, Any], where: str) -> Condition:
    names = raw.get("fields") or [raw.get("field")]
    if not all(isinstance(n, str) for n in names):
        raise ValueError(f"{where}: drop_object needs field or fields")
    if "matches" in raw:
        return Condition(tuple(names), matches=re.compile(str(raw["matches"]).strip()))
    if "not_equals" in raw:
        return Condition(tuple(names), not_equals=raw["not_equals"])
    if "equals" in raw:
        return Condition(tuple(names), equals=raw["equals"])
    raise ValueError(f"{where}: drop_object needs equals, not_equals or matches")


def _rule(key: str, raw: Mapping[str, Any]) -> Rule:
    types = frozenset(raw["types"])
    drop_fields = tuple(raw.get("drop_fields") or ())
    condition = _condition(raw["drop_object"], key) if "drop_object" in raw else None
    named = set(drop_fields) | set(condition.fields if condition else ())
    for type_name in types:
        unknown = named - records.oparl_keys(type_name)
        if unknown:  # a misspelt field would let personal data through
            raise ValueError(f"{key}: {type_name} has no field {sorted(unknown)}")
    if not drop_fields and condition is None:
        raise ValueError(f"{key}: a rule needs drop_fields or drop_object")
    description = " ".join(str(raw["description"]).split())
    return Rule(key, description, types, drop_fields, condition)


@functools.cache
def _load() -> dict[str, Profile]:
    with RULES_FILE.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    rules = {key: _rule(key, raw) for key, raw in data["rules"].items()}
    raw_profiles: dict[str, Any] = data["profiles"]

    def keys(name: str) -> list[str]:
        raw = raw_profiles[name]
        inherited = keys(raw["extends"]) if raw.get("extends") else []
        return inherited + [k for k in raw["rules"] if k not in inherited]

    return {
        name: Profile(
            name=name,
            label=str(raw["label"]),
            description=" ".join(str(raw["description"]).split()),
            rules=tuple(rules[key] for key in keys(name)),
        )
        for name, raw in raw_profiles.items()
    }


def profiles() -> list[str]:
    """Names of the privacy profiles, in the order of ``privacy.yaml``."""
    return list(_load())


def get_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """The profile ``name``.

    :param name: ``standard`` or ``strict``
    :raises KeyError: if there is no such profile
    """
    return _load()[name]


def apply(
    obj: Mapping[str, Any], profile: str | Profile = DEFAULT_PROFILE
) -> tuple[dict[str, Any] | None, list[Dropped]]:
    """Filter one OParl object (and the objects embedded in it).

    The input is not changed.

    :param obj: an OParl object as the client yields it
    :param profile: a profile or its name
    :returns: the filtered copy (``None`` if the object itself is dropped)
        and the list of removals
    """
    chosen = get_profile(profile) if isinstance(profile, str) else profile
    work = copy.deepcopy(dict(obj))
    found = records.record_type(work)
    dropped: list[Dropped] = []
    if found is None:  # no known type, no rule to check
        return work, dropped
    return _filter(work, found[0], chosen, "", dropped), dropped


def _filter(
    obj: dict[str, Any],
    type_name: str,
    chosen: Profile,
    path: str,
    dropped: list[Dropped],
) -> dict[str, Any] | None:
    """Apply the rules to ``obj`` (a private copy, changed in place)."""
    object_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    rules = chosen.rules_for(type_name)
    for rule in rules:
        if rule.drop_object is not None and rule.drop_object.holds(obj):
            dropped.append(Dropped(rule.key, object_id, path))
            return None
    for rule in rules:
        for name in rule.drop_fields:
            if name in obj:
                del obj[name]
                dropped.append(Dropped(rule.key, object_id, _join(path, name)))
    for key, inner_type in records.embedded_fields(type_name).items():
        if key in obj:
            _filter_embedded(obj, key, inner_type, chosen, path, dropped)
    return obj


def _filter_embedded(
    result: dict[str, Any],
    key: str,
    inner_type: str,
    chosen: Profile,
    path: str,
    dropped: list[Dropped],
) -> None:
    value = result[key]
    where = _join(path, key)
    if isinstance(value, dict):
        kept = _filter(value, _type_of(value, inner_type), chosen, where, dropped)
        if kept is None:
            del result[key]
    elif isinstance(value, list):
        items: list[Any] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                inner = _type_of(item, inner_type)
                item = _filter(item, inner, chosen, f"{where}[{index}]", dropped)
            if item is not None:
                items.append(item)
        result[key] = items


def _type_of(obj: Mapping[str, Any], expected: str) -> str:
    """The embedded object's own type, else the one its field implies."""
    found = records.record_type(obj)
    return found[0] if found else expected


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@dataclass
class DropLog:
    """Removals over a harvest run, counted by rule, for the harvest report."""

    counts: Counter[str] = field(default_factory=Counter)
    objects: Counter[str] = field(default_factory=Counter)

    def add(self, dropped: Iterable[Dropped]) -> None:
        """Count the removals of one object.

        :param dropped: what :func:`apply` returned for it
        """
        seen: set[tuple[str, str | None]] = set()
        for item in dropped:
            self.counts[item.rule] += 1
            if (item.rule, item.object_id) not in seen:
                seen.add((item.rule, item.object_id))
                self.objects[item.rule] += 1

    def lines(self, profile: str | Profile = DEFAULT_PROFILE) -> list[str]:
        """One German line per rule that removed something, in profile order.

        :param profile: the profile used (for the rules' descriptions)
        """
        chosen = get_profile(profile) if isinstance(profile, str) else profile
        described = {r.key: r for r in chosen.rules}
        result = []
        for key in sorted(self.counts, key=_order(chosen)):
            rule = described.get(key)
            what = rule.description if rule else key
            count, objects = self.counts[key], self.objects[key]
            if rule is not None and rule.drop_object is not None:
                unit = "Objekt" if count == 1 else "Objekte"
            else:
                unit = "Angabe" if count == 1 else "Angaben"
                unit += f" in {objects} " + ("Objekt" if objects == 1 else "Objekten")
            result.append(f"{what} ({key}): {count} {unit} entfernt")
        return result


def _order(chosen: Profile) -> Any:
    positions = {rule.key: i for i, rule in enumerate(chosen.rules)}
    return lambda key: (positions.get(key, len(positions)), key)
