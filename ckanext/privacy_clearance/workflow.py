"""The clearance workflow as declared in ``workflow.yaml`` and
``checklist.yaml``: states, transitions and the approval checklist."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Transition:
    """One declared transition of the workflow."""

    key: str
    sources: frozenset[str]
    target: str
    by: str
    reason_required: bool
    label: dict[str, str]


@dataclass(frozen=True)
class ChecklistItem:
    """One question of the approval checklist."""

    key: str
    type: str
    label: dict[str, str]
    when: str | None = None
    required_unless: str | None = None


@functools.cache
def _workflow() -> dict[str, Any]:
    return yaml.safe_load((HERE / "workflow.yaml").read_text(encoding="utf-8"))


@functools.cache
def states() -> dict[str, dict[str, str]]:
    """State key → labels (``{"de": …, "en": …}``)."""
    return dict(_workflow()["states"])


@functools.cache
def transitions() -> dict[str, Transition]:
    """Transition key → :class:`Transition`."""
    return {
        key: Transition(
            key=key,
            sources=frozenset(spec["from"]),
            target=spec["to"],
            by=spec["by"],
            reason_required=spec.get("reason") == "required",
            label=dict(spec["label"]),
        )
        for key, spec in _workflow()["transitions"].items()
    }


@functools.cache
def checklist() -> tuple[ChecklistItem, ...]:
    """The approval checklist, in display order."""
    raw = yaml.safe_load((HERE / "checklist.yaml").read_text(encoding="utf-8"))
    return tuple(ChecklistItem(**item) for item in raw["items"])


def label(labels: dict[str, str], lang: str) -> str:
    """The label in ``lang``, falling back to German.

    :param labels: ``{"de": …, "en": …}``
    :param lang: a language code such as ``de`` or ``en``
    """
    return labels.get(lang) or labels["de"]


def state_label(state: str, lang: str = "de") -> str:
    """The label of a state (the key itself for an unknown state).

    :param state: a state key such as ``cleared``
    :param lang: a language code
    """
    labels = states().get(state)
    return label(labels, lang) if labels else state
