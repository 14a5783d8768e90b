"""Validators of the clearance actions (messages in German via ``tk._``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.plugins.toolkit as tk

from .. import config, workflow


def _months_later(start: dt.date, months: int) -> dt.date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, 28)
    return dt.date(year, month, day)


def privacy_clearance_expiry(value: Any, context: Any) -> dt.date:
    """The re-review date of a clearance: default today + validity, never in
    the past and not later than the configured maximum."""
    today = dt.date.today()
    if value in (None, "", tk.missing):
        return _months_later(today, config.validity_months())
    try:
        date = (
            value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        )
    except ValueError:
        raise tk.Invalid(
            tk._("Bitte ein Datum im Format JJJJ-MM-TT angeben.")
        ) from None
    if date <= today:
        raise tk.Invalid(tk._("Das Ablaufdatum muss in der Zukunft liegen."))
    if date > _months_later(today, config.validity_max_months()):
        raise tk.Invalid(
            tk._("Eine Freigabe gilt höchstens {months} Monate.").format(
                months=config.validity_max_months()
            )
        )
    return date


def _parse(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise tk.Invalid(
                tk._("Die Checkliste ist kein gültiges JSON-Objekt.")
            ) from None
    if not isinstance(value, dict):
        raise tk.Invalid(tk._("Die Checkliste fehlt."))
    return value


def _answer(item: workflow.ChecklistItem, value: Any) -> Any:
    if item.type in {"bool", "confirm"}:
        return tk.asbool(value) if value not in (None, "") else None
    if item.type == "int":
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            raise tk.Invalid(
                tk._("„{label}“: bitte eine ganze Zahl ab 1 angeben.").format(
                    label=item.label["de"]
                )
            )
        return number
    return str(value).strip() or None if value is not None else None


def _problem(item: workflow.ChecklistItem, answers: dict[str, Any]) -> str | None:
    answer = answers[item.key]
    if item.type == "bool" and answer is None:
        message = tk._("„{label}“ ist nicht beantwortet.")
    elif item.type == "confirm" and answer is not True:
        message = tk._("„{label}“ muss bestätigt sein.")
    elif item.required_unless and not (answer or answers.get(item.required_unless)):
        message = tk._("„{label}“ oder das Verfahren der Anonymisierung fehlt.")
    else:
        return None
    return message.format(label=item.label["de"])


def privacy_clearance_checklist(value: Any, context: Any) -> dict[str, Any]:
    """The approval checklist of ``checklist.yaml``: every question answered,
    every confirmation given, the details of personal data filled in."""
    raw = _parse(value)
    items = workflow.checklist()
    answers = {item.key: _answer(item, raw.get(item.key)) for item in items}
    problems = []
    for item in items:
        if item.when is not None and not answers.get(item.when):
            answers[item.key] = None  # a question that does not apply
        elif problem := _problem(item, answers):
            problems.append(problem)
    if answers.get("anonymisation_method") and not answers.get("min_cell_size"):
        problems.append(tk._("Bitte die Mindestfallzahl je Tabellenzelle angeben."))
    if problems:
        raise tk.Invalid(" ".join(problems))
    return answers


def privacy_clearance_reason(value: Any, context: Any) -> Any:
    """A reason of reasonable length (it is mailed and logged)."""
    if isinstance(value, str) and len(value) > 4000:
        raise tk.Invalid(tk._("Die Begründung ist zu lang (höchstens 4000 Zeichen)."))
    return value
