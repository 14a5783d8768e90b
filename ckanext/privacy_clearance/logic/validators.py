"""Validators of the clearance actions (messages in German via ``tk._``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.plugins.toolkit as tk

from .. import config, workflow
from ..language import _, current_lang


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
        raise tk.Invalid(_("Please enter a date in the format YYYY-MM-DD.")) from None
    if date <= today:
        raise tk.Invalid(_("The expiry date must be in the future."))
    if date > _months_later(today, config.validity_max_months()):
        raise tk.Invalid(
            _("A clearance is valid for at most {months} months.").format(
                months=config.validity_max_months()
            )
        )
    return date


def _parse(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise tk.Invalid(_("The checklist is not a valid JSON object.")) from None
    if not isinstance(value, dict):
        raise tk.Invalid(_("The checklist is missing."))
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
                _("“{label}”: please enter a whole number of at least 1.").format(
                    label=workflow.label(item.label, current_lang())
                )
            )
        return number
    return str(value).strip() or None if value is not None else None


def _problem(item: workflow.ChecklistItem, answers: dict[str, Any]) -> str | None:
    answer = answers[item.key]
    if item.type == "bool" and answer is None:
        message = _("“{label}” is not answered.")
    elif item.type == "confirm" and answer is not True:
        message = _("“{label}” must be confirmed.")
    elif item.required_unless and not (answer or answers.get(item.required_unless)):
        message = _("“{label}” or the anonymisation method is missing.")
    else:
        return None
    return message.format(label=workflow.label(item.label, current_lang()))


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
        problems.append(_("Please enter the minimum cell size."))
    if problems:
        raise tk.Invalid(" ".join(problems))
    return answers


def privacy_clearance_reason(value: Any, context: Any) -> Any:
    """A reason of reasonable length (it is mailed and logged)."""
    if isinstance(value, str) and len(value) > 4000:
        raise tk.Invalid(_("The reason is too long (at most 4000 characters)."))
    return value
